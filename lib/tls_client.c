/*
 * tls_client.c -- one TLS client connection: resolve, connect with a time
 * limit, handshake with the server's host name always verified, read and
 * write; and when anything fails, say why in words a person understands,
 * with the class of failure the exit status is chosen by.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "mtls_internal.h"

struct mtls_tls_client {
	struct mtls_tls_config *cfg;
	gnutls_session_t session;
	int fd;
	unsigned timeout_ms;
	char *servername; /* --servername, or NULL for the URL's host */
	char peer[300];	  /* "host:port" for messages */
	bool handshake_done;
	bool cert_requested; /* the server asked for our certificate */
	bool cert_sent;	     /* and we sent one */
	int push_errno;	     /* a write the peer did not take */
	bool push_timed_out;
	unsigned long long bytes_in;
	enum mtls_tls_client_failure failure;
	char error[MTLS_ERR_MAX];
	enum mtls_hint hint;
	/* Our verdict on the server's certificate in this handshake. */
	const char *verify_name; /* the name it must be valid for */
	unsigned verify_status;
	char verify_why[MTLS_ERR_MAX];
	char anchor[MTLS_NAME_MAX]; /* the trust anchor it chains to */
	void (*warn)(void *arg, const char *text);
	void *warn_arg;
};

/* Record a failure of class CLASS; the message gets the peer in front. */
__attribute__((format(printf, 3, 4))) static int
fail(struct mtls_tls_client *c, enum mtls_tls_client_failure class,
     const char *fmt, ...)
{
	va_list ap;
	int len;

	c->failure = class;
	c->hint = MTLS_HINT_NONE;
	len = snprintf(c->error, sizeof(c->error), "%s: ", c->peer);
	if (len < 0 || (size_t)len >= sizeof(c->error))
		len = 0;
	va_start(ap, fmt);
	vsnprintf(c->error + len, sizeof(c->error) - (size_t)len, fmt, ap);
	va_end(ap);
	return -1;
}

/* TEXT (from strerror, gai_strerror) in lower case, as messages are. */
static const char *
lower_words(const char *text, char *buf, size_t size)
{
	snprintf(buf, size, "%s", text);
	if (buf[0] >= 'A' && buf[0] <= 'Z' && !(buf[1] >= 'A' && buf[1] <= 'Z'))
		buf[0] = (char)(buf[0] - 'A' + 'a');
	return buf;
}

static const char *
errno_words(int err, char *buf, size_t size)
{
	return lower_words(strerror(err), buf, size);
}

struct mtls_tls_client *
mtls_tls_client_new(struct mtls_tls_config *cfg)
{
	struct mtls_tls_client *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return NULL;
	c->cfg = cfg;
	c->fd = -1;
	c->timeout_ms = MTLS_TLS_CLIENT_TIMEOUT_DEFAULT * 1000u;
	return c;
}

static void
disconnect(struct mtls_tls_client *c)
{
	gnutls_deinit(c->session);
	c->session = NULL;
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	c->handshake_done = c->cert_requested = c->cert_sent = false;
	c->verify_status = 0;
	c->verify_why[0] = c->anchor[0] = '\0';
	c->push_errno = 0;
	c->push_timed_out = false;
	c->bytes_in = 0;
}

void
mtls_tls_client_free(struct mtls_tls_client *c)
{
	if (c == NULL)
		return;
	disconnect(c);
	free(c->servername);
	free(c);
}

void
mtls_tls_client_set_timeout(struct mtls_tls_client *c, unsigned seconds)
{
	c->timeout_ms = seconds * 1000u;
}

void
mtls_tls_client_set_warn(struct mtls_tls_client *c,
			 void (*warn)(void *arg, const char *text), void *arg)
{
	c->warn = warn;
	c->warn_arg = arg;
}

int
mtls_tls_client_set_servername(struct mtls_tls_client *c, const char *name)
{
	char *copy = NULL;

	if (name != NULL && (copy = strdup(name)) == NULL) {
		c->failure = MTLS_TLS_CLIENT_TROUBLE;
		snprintf(c->error, sizeof(c->error), "out of memory");
		return -1;
	}
	free(c->servername);
	c->servername = copy;
	return 0;
}

const char *
mtls_tls_client_error(const struct mtls_tls_client *c)
{
	return c->error;
}

enum mtls_hint
mtls_tls_client_hint(const struct mtls_tls_client *c)
{
	return c->hint;
}

enum mtls_tls_client_failure
mtls_tls_client_failure(const struct mtls_tls_client *c)
{
	return c->failure;
}

const char *
mtls_tls_client_peer(const struct mtls_tls_client *c)
{
	return c->peer;
}

bool
mtls_tls_client_is_connected(const struct mtls_tls_client *c)
{
	return c->handshake_done;
}

/* ------------------------------------------------------------ connecting */

/* Connect FD to AI within the time limit.  0, or -1 with errno set. */
static int
connect_timed(int fd, const struct addrinfo *ai, unsigned timeout_ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLOUT };
	socklen_t len = sizeof(int);
	int err = 0, n;

	if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
		return 0;
	if (errno != EINPROGRESS)
		return -1;
	do
		n = poll(&pfd, 1, (int)timeout_ms);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	if (n == 0) {
		errno = ETIMEDOUT;
		return -1;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
		return -1;
	if (err != 0) {
		errno = err;
		return -1;
	}
	return 0;
}

/* Resolve HOST and connect to the first address that answers. */
static int
open_socket(struct mtls_tls_client *c, const char *host, const char *port,
	    bool numeric)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC,
				  .ai_socktype = SOCK_STREAM,
				  .ai_flags = numeric ? AI_NUMERICHOST : 0 };
	struct addrinfo *res = NULL, *ai;
	char words[128];
	int fd = -1, err = 0, flags, one = 1, rv;

	rv = getaddrinfo(host, port, &hints, &res);
	if (rv != 0) {
		c->failure = MTLS_TLS_CLIENT_NETWORK;
		snprintf(c->error, sizeof(c->error), "cannot resolve '%s': %s",
			 host,
			 rv == EAI_SYSTEM
				 ? errno_words(errno, words, sizeof(words))
				 : lower_words(gai_strerror(rv), words,
					       sizeof(words)));
		return -1;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family,
			    ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK,
			    ai->ai_protocol);
		if (fd < 0) {
			err = errno;
			continue;
		}
		if (connect_timed(fd, ai, c->timeout_ms) == 0)
			break;
		err = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd < 0) {
		if (err == ETIMEDOUT)
			return fail(c, MTLS_TLS_CLIENT_NETWORK,
				    "cannot connect: "
				    "timed out after %u s",
				    c->timeout_ms / 1000);
		return fail(c, MTLS_TLS_CLIENT_NETWORK, "cannot connect: %s",
			    errno_words(err, words, sizeof(words)));
	}
	/* Blocking from here on; GnuTLS's own waits carry the time limit. */
	flags = fcntl(fd, F_GETFL);
	if (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
		err = errno;
		close(fd);
		return fail(c, MTLS_TLS_CLIENT_NETWORK, "cannot connect: %s",
			    errno_words(err, words, sizeof(words)));
	}
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	c->fd = fd;
	return 0;
}

/* GnuTLS writes through here.  When the server has already gone (it
 * refused us and closed), the data is dropped and the failure noted, so
 * the session stays usable and the alert the server sent can still be
 * read. */
static ssize_t
push(gnutls_transport_ptr_t ptr, const void *data, size_t len)
{
	struct mtls_tls_client *c = ptr;
	struct pollfd pfd = { .fd = c->fd, .events = POLLOUT };
	ssize_t n;
	int ready;

	if (c->push_errno != 0)
		return (ssize_t)len;
	for (;;) {
		do
			ready = poll(&pfd, 1, (int)c->timeout_ms);
		while (ready < 0 && errno == EINTR);
		if (ready == 0) {
			c->push_timed_out = true;
			gnutls_transport_set_errno(c->session, EIO);
			return -1;
		}
		n = send(c->fd, data, len, MSG_NOSIGNAL);
		if (n >= 0)
			return n;
		if (errno == EINTR || errno == EAGAIN)
			continue;
		if (errno == EPIPE || errno == ECONNRESET) {
			c->push_errno = errno;
			return (ssize_t)len;
		}
		gnutls_transport_set_errno(c->session, errno);
		return -1;
	}
}

/* ------------------------------------------------------------ explaining */

/* The server's certificate chain, or *N = 0. */
static gnutls_x509_crt_t *
peer_chain(struct mtls_tls_client *c, unsigned *n)
{
	const gnutls_datum_t *der;
	gnutls_x509_crt_t *list;
	unsigned count = 0, i;

	*n = 0;
	der = gnutls_certificate_get_peers(c->session, &count);
	if (der == NULL || count == 0)
		return NULL;
	list = calloc(count, sizeof(*list));
	if (list == NULL)
		return NULL;
	for (i = 0; i < count; i++) {
		if (gnutls_x509_crt_init(&list[i]) < 0 ||
		    gnutls_x509_crt_import(list[i], &der[i],
					   GNUTLS_X509_FMT_DER) < 0) {
			gnutls_x509_crt_deinit(list[i]);
			break;
		}
	}
	*n = i;
	return list;
}

static void
free_chain(gnutls_x509_crt_t *list, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++)
		gnutls_x509_crt_deinit(list[i]);
	free(list);
}

/* Judge the server's certificate by the policy verifycert uses
 * (mtls_verify_crt: trust anchors, CRLs, the serverAuth purpose, the host
 * name, the rules), in place of GnuTLS's own judgement, so that the
 * verdict and its words are the same as everywhere else.  A refusal is
 * told to the server with the alert that names the cause. */
static int
verify_server(gnutls_session_t session)
{
	struct mtls_tls_client *c = gnutls_session_get_ptr(session);
	struct mtls_verify_policy pol;
	const gnutls_x509_crt_t *untrusted;
	gnutls_x509_crt_t *chain, *pool = NULL, anchor;
	unsigned n, n_untrusted;
	struct mtls_err e;
	int rv = GNUTLS_E_CERTIFICATE_ERROR;

	c->verify_status = GNUTLS_CERT_INVALID;
	chain = peer_chain(c, &n);
	if (n == 0) {
		snprintf(c->verify_why, sizeof(c->verify_why),
			 "it cannot be read");
		goto out;
	}
	untrusted = mtls_tls_config_untrusted(c->cfg, &n_untrusted);
	pool = calloc(n - 1 + n_untrusted + 1, sizeof(*pool));
	if (pool == NULL) {
		snprintf(c->verify_why, sizeof(c->verify_why), "out of memory");
		goto out;
	}
	memcpy(pool, chain + 1, (n - 1) * sizeof(*pool));
	if (n_untrusted > 0)
		memcpy(pool + n - 1, untrusted, n_untrusted * sizeof(*pool));
	mtls_tls_config_policy(c->cfg, &pol);
	pol.purpose = MTLS_PURPOSE_SERVER;
	pol.host = c->verify_name;
	pol.warn = c->warn;
	pol.warn_arg = c->warn_arg;
	if (mtls_verify_crt(&pol, chain[0], pool, n - 1 + n_untrusted,
			    &c->verify_status, c->verify_why,
			    sizeof(c->verify_why), &e) != 0) {
		c->verify_status = GNUTLS_CERT_INVALID;
		snprintf(c->verify_why, sizeof(c->verify_why), "%s", e.msg);
		goto out;
	}
	if (c->verify_status != 0)
		goto out;
	anchor = mtls_verify_anchor(&pol, chain[0], pool, n - 1 + n_untrusted);
	if (anchor != NULL)
		mtls_crt_subject(anchor, c->anchor, sizeof(c->anchor));
	gnutls_x509_crt_deinit(anchor);
	rv = 0;
out:
	if (rv != 0)
		(void)gnutls_alert_send(
			session, GNUTLS_AL_FATAL,
			(gnutls_alert_description_t)
				mtls_tls_alert_of_status(c->verify_status));
	free(pool);
	free_chain(chain, n);
	return rv;
}

/* Our verification of the server's certificate said no: why. */
static int
explain_server_cert(struct mtls_tls_client *c)
{
	unsigned status = c->verify_status;
	gnutls_x509_crt_t *chain;
	char subject[MTLS_NAME_MAX] = "?";
	unsigned n;

	chain = peer_chain(c, &n);
	if (n == 0) {
		free(chain);
		return fail(c, MTLS_TLS_CLIENT_REFUSED,
			    "the server's certificate "
			    "is not trusted: it cannot be read");
	}
	mtls_crt_subject(chain[0], subject, sizeof(subject));
	free_chain(chain, n);
	if ((status & ~(unsigned)(GNUTLS_CERT_INVALID |
				  GNUTLS_CERT_UNEXPECTED_OWNER)) == 0 &&
	    (status & GNUTLS_CERT_UNEXPECTED_OWNER))
		return fail(c, MTLS_TLS_CLIENT_REFUSED,
			    "the server's certificate "
			    "'%s' does not match the host name: %s",
			    subject, c->verify_why);
	return fail(c, MTLS_TLS_CLIENT_REFUSED,
		    "the server's certificate '%s' is "
		    "not trusted: %s",
		    subject, c->verify_why);
}

/* The server sent ALERT (during the handshake, or as the answer to our
 * first request, which is where TLS 1.3 puts a refusal). */
static int
explain_alert(struct mtls_tls_client *c, gnutls_alert_description_t alert,
	      bool in_handshake)
{
	bool have_cert = mtls_tls_config_leaf(c->cfg) != NULL;
	const char *words = mtls_tls_alert_words(alert);

	/* A server that asked for a certificate, got none, and failed the
	 * handshake wanted one, whatever alert it chose to say so. */
	if (!have_cert &&
	    (alert == GNUTLS_A_CERTIFICATE_REQUIRED ||
	     (c->cert_requested &&
	      (in_handshake || mtls_tls_alert_is_cert_rejection(alert))))) {
		fail(c, MTLS_TLS_CLIENT_REFUSED,
		     "the server requires a client "
		     "certificate and none was given");
		c->hint = MTLS_HINT_CLIENT_CERT;
		return -1;
	}
	if (have_cert && c->cert_requested &&
	    mtls_tls_alert_is_cert_rejection(alert))
		return fail(c, MTLS_TLS_CLIENT_REFUSED,
			    "the server rejected our "
			    "certificate: %s",
			    words);
	if (in_handshake)
		return fail(c, MTLS_TLS_CLIENT_REFUSED,
			    "the server refused the "
			    "TLS handshake: %s",
			    words);
	return fail(c, MTLS_TLS_CLIENT_REFUSED,
		    "the server ended the connection "
		    "with an alert: %s",
		    words);
}

/* The connection ended before the server sent a single byte after the
 * handshake.  Servers that check certificates after the handshake
 * (Node.js) just close; say what that most likely means. */
static int
explain_silence(struct mtls_tls_client *c)
{
	if (c->cert_requested && c->cert_sent)
		return fail(c, MTLS_TLS_CLIENT_REFUSED,
			    "the server closed the "
			    "connection after the handshake without saying "
			    "why; it probably rejected our certificate");
	if (c->cert_requested) {
		fail(c, MTLS_TLS_CLIENT_REFUSED,
		     "the server closed the "
		     "connection after the handshake without saying why; it "
		     "probably requires a client certificate");
		c->hint = MTLS_HINT_CLIENT_CERT;
		return -1;
	}
	return fail(c, MTLS_TLS_CLIENT_NETWORK,
		    "the server closed the connection "
		    "without answering");
}

static int
explain_handshake(struct mtls_tls_client *c, int ret)
{
	char words[128];
	int err;

	c->cert_requested =
		gnutls_certificate_client_get_request_status(c->session) != 0;
	switch (ret) {
	case GNUTLS_E_CERTIFICATE_ERROR:
	case GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR:
		/* Ours, unless GnuTLS refused the certificate itself. */
		if (c->verify_why[0] != '\0')
			return explain_server_cert(c);
		return fail(c, MTLS_TLS_CLIENT_REFUSED,
			    "TLS handshake failed: %s", gnutls_strerror(ret));
	case GNUTLS_E_FATAL_ALERT_RECEIVED:
		return explain_alert(c, gnutls_alert_get(c->session), true);
	case GNUTLS_E_TIMEDOUT:
		return fail(c, MTLS_TLS_CLIENT_NETWORK,
			    "timed out after %u s "
			    "waiting for the TLS handshake",
			    c->timeout_ms / 1000);
	case GNUTLS_E_PUSH_ERROR:
		if (c->push_timed_out)
			return fail(c, MTLS_TLS_CLIENT_NETWORK,
				    "timed out after "
				    "%u s sending to the server",
				    c->timeout_ms / 1000);
		/* fall through */
	case GNUTLS_E_PULL_ERROR:
	case GNUTLS_E_PREMATURE_TERMINATION:
		err = c->push_errno ? c->push_errno : errno;
		if (ret != GNUTLS_E_PREMATURE_TERMINATION &&
		    err != ECONNRESET && err != EPIPE)
			return fail(c, MTLS_TLS_CLIENT_NETWORK,
				    "TLS handshake "
				    "failed: %s",
				    errno_words(err, words, sizeof(words)));
		if (c->cert_requested) {
			fail(c, MTLS_TLS_CLIENT_REFUSED,
			     "the server closed "
			     "the connection during the TLS handshake without "
			     "saying why; it probably %s",
			     mtls_tls_config_leaf(c->cfg) != NULL
				     ? "rejected our certificate"
				     : "requires a client certificate");
			if (mtls_tls_config_leaf(c->cfg) == NULL)
				c->hint = MTLS_HINT_CLIENT_CERT;
			return -1;
		}
		return fail(c, MTLS_TLS_CLIENT_REFUSED,
			    "the server closed the "
			    "connection during the TLS handshake without "
			    "saying why");
	case GNUTLS_E_UNEXPECTED_PACKET_LENGTH:
	case GNUTLS_E_UNSUPPORTED_VERSION_PACKET:
	case GNUTLS_E_UNEXPECTED_PACKET:
		return fail(c, MTLS_TLS_CLIENT_REFUSED,
			    "the server does not answer "
			    "in TLS 1.2 or 1.3 (is it an HTTPS server?)");
	case GNUTLS_E_NO_CIPHER_SUITES:
	case GNUTLS_E_UNKNOWN_CIPHER_SUITE:
	case GNUTLS_E_NO_COMMON_KEY_SHARE:
	case GNUTLS_E_INSUFFICIENT_CREDENTIALS:
	case GNUTLS_E_UNSUPPORTED_SIGNATURE_ALGORITHM:
	case GNUTLS_E_NO_PRIORITIES_WERE_SET:
		return fail(c, MTLS_TLS_CLIENT_REFUSED,
			    "no TLS version or cipher in "
			    "common with the server: %s",
			    gnutls_strerror(ret));
	default:
		return fail(c, MTLS_TLS_CLIENT_REFUSED,
			    "TLS handshake failed: %s", gnutls_strerror(ret));
	}
}

/* After a write the server did not take, or a read that found the
 * connection gone: read what the server left us, which is usually the
 * alert that says why. */
static int
explain_lost(struct mtls_tls_client *c, int ret, const char *doing)
{
	char words[128];

	switch (ret) {
	case GNUTLS_E_FATAL_ALERT_RECEIVED:
		return explain_alert(c, gnutls_alert_get(c->session), false);
	case GNUTLS_E_TIMEDOUT:
		return fail(c, MTLS_TLS_CLIENT_NETWORK,
			    "timed out after %u s "
			    "waiting for the server",
			    c->timeout_ms / 1000);
	case 0:
	case GNUTLS_E_PREMATURE_TERMINATION:
		if (c->bytes_in == 0)
			return explain_silence(c);
		return fail(c, MTLS_TLS_CLIENT_NETWORK,
			    "the server closed the "
			    "connection while %s",
			    doing);
	case GNUTLS_E_PULL_ERROR:
		if (c->bytes_in == 0 && errno == ECONNRESET)
			return explain_silence(c);
		return fail(c, MTLS_TLS_CLIENT_NETWORK,
			    "connection lost while "
			    "%s: %s",
			    doing, errno_words(errno, words, sizeof(words)));
	default:
		return fail(c, MTLS_TLS_CLIENT_NETWORK,
			    "connection failed while "
			    "%s: %s",
			    doing, gnutls_strerror(ret));
	}
}

/* Connect and handshake; VERIFY false leaves the server's certificate
 * unjudged, for mtls_tls_client_fetch_chain only. */
static int
start(struct mtls_tls_client *c, const char *host, const char *port,
      bool verify)
{
	unsigned char addr[16];
	bool v6 = inet_pton(AF_INET6, host, addr) == 1;
	bool ip = v6 || inet_pton(AF_INET, host, addr) == 1;
	const char *name = c->servername ? c->servername : host;
	int ret;

	disconnect(c);
	c->failure = MTLS_TLS_CLIENT_OK;
	c->error[0] = '\0';
	snprintf(c->peer, sizeof(c->peer), v6 ? "[%s]:%s" : "%s:%s", host,
		 port);
	if (open_socket(c, host, port, ip) != 0)
		return -1;

	/* Always send our certificate when we have one, even when its CA is
	 * not among those the server lists: then the server can say
	 * "unknown CA" rather than "certificate required". */
	ret = gnutls_init(&c->session,
			  GNUTLS_CLIENT | GNUTLS_FORCE_CLIENT_CERT);
	if (ret < 0) {
		c->session = NULL;
		return fail(c, MTLS_TLS_CLIENT_TROUBLE, "cannot start TLS: %s",
			    gnutls_strerror(ret));
	}
	ret = gnutls_priority_set(c->session, mtls_tls_config_priority(c->cfg));
	if (ret >= 0)
		ret = gnutls_credentials_set(
			c->session, GNUTLS_CRD_CERTIFICATE,
			mtls_tls_config_credentials(c->cfg));
	/* SNI carries host names only, never addresses (RFC 6066). */
	if (ret >= 0 && (c->servername != NULL || !ip) &&
	    inet_pton(AF_INET6, name, addr) != 1 &&
	    inet_pton(AF_INET, name, addr) != 1)
		ret = gnutls_server_name_set(c->session, GNUTLS_NAME_DNS, name,
					     strlen(name));
	if (ret < 0)
		return fail(c, MTLS_TLS_CLIENT_TROUBLE, "cannot start TLS: %s",
			    gnutls_strerror(ret));
	/* A connection that talks always verifies the host name: there is
	 * no switch to skip it.  Only fetching a chain to show does not. */
	if (verify) {
		c->verify_name = name;
		gnutls_session_set_ptr(c->session, c);
		gnutls_session_set_verify_function(c->session, verify_server);
	}
	gnutls_transport_set_ptr2(c->session,
				  (gnutls_transport_ptr_t)(long)c->fd, c);
	gnutls_transport_set_push_function(c->session, push);
	gnutls_handshake_set_timeout(c->session, c->timeout_ms);
	gnutls_record_set_timeout(c->session, c->timeout_ms);

	do
		ret = gnutls_handshake(c->session);
	while (ret < 0 && gnutls_error_is_fatal(ret) == 0);
	if (ret < 0)
		return explain_handshake(c, ret);
	c->handshake_done = true;
	c->cert_requested =
		gnutls_certificate_client_get_request_status(c->session) != 0;
	c->cert_sent = gnutls_certificate_get_ours(c->session) != NULL;
	return 0;
}

int
mtls_tls_client_connect(struct mtls_tls_client *c, const char *host,
			const char *port)
{
	return start(c, host, port, true);
}

int
mtls_tls_client_fetch_chain(struct mtls_tls_client *c, const char *host,
			    const char *port, gnutls_x509_crt_t **list,
			    unsigned *n)
{
	gnutls_x509_crt_t *chain = NULL;
	unsigned count = 0;
	int rv;

	*list = NULL;
	*n = 0;
	rv = start(c, host, port, false);
	/* GnuTLS keeps the server's certificates once its Certificate
	 * message is in, even when the handshake fails after it: a server
	 * that wants a client certificate refuses us only later. */
	if (c->session != NULL)
		chain = peer_chain(c, &count);
	if (count > 0) {
		*list = gnutls_malloc(count * sizeof(**list));
		if (*list == NULL) {
			free_chain(chain, count);
			rv = fail(c, MTLS_TLS_CLIENT_TROUBLE, "out of memory");
		} else {
			memcpy(*list, chain, count * sizeof(**list));
			free(chain);
			*n = count;
			c->failure = MTLS_TLS_CLIENT_OK;
			c->error[0] = '\0';
			rv = 0;
		}
	} else {
		free(chain);
		if (rv == 0)
			rv = fail(c, MTLS_TLS_CLIENT_REFUSED,
				  "the server sent no certificate");
	}
	mtls_tls_client_close(c);
	return rv;
}

ssize_t
mtls_tls_client_read(struct mtls_tls_client *c, void *buf, size_t size)
{
	ssize_t ret;

	if (!c->handshake_done)
		return fail(c, MTLS_TLS_CLIENT_TROUBLE, "not connected");
	for (;;) {
		ret = gnutls_record_recv(c->session, buf, size);
		if (ret > 0) {
			c->bytes_in += (unsigned long long)ret;
			return ret;
		}
		if (ret == GNUTLS_E_AGAIN || ret == GNUTLS_E_INTERRUPTED ||
		    ret == GNUTLS_E_WARNING_ALERT_RECEIVED ||
		    ret == GNUTLS_E_REHANDSHAKE)
			continue;
		/* An end without close_notify is common; the HTTP layer
		 * knows whether the response was complete. */
		if ((ret == 0 || ret == GNUTLS_E_PREMATURE_TERMINATION) &&
		    c->bytes_in > 0)
			return 0;
		return explain_lost(c, (int)ret, "reading the response");
	}
}

int
mtls_tls_client_write(struct mtls_tls_client *c, const void *buf, size_t size)
{
	const unsigned char *p = buf;
	unsigned char scratch[4096];
	ssize_t ret;

	if (!c->handshake_done)
		return fail(c, MTLS_TLS_CLIENT_TROUBLE, "not connected");
	while (size > 0 && c->push_errno == 0) {
		ret = gnutls_record_send(c->session, p, size);
		if (ret == GNUTLS_E_AGAIN || ret == GNUTLS_E_INTERRUPTED)
			continue;
		if (ret < 0) {
			if (c->push_timed_out)
				return fail(c, MTLS_TLS_CLIENT_NETWORK,
					    "timed out "
					    "after %u s sending the request",
					    c->timeout_ms / 1000);
			return fail(c, MTLS_TLS_CLIENT_NETWORK,
				    "cannot send the "
				    "request: %s",
				    gnutls_strerror((int)ret));
		}
		p += ret;
		size -= (size_t)ret;
	}
	if (c->push_errno == 0)
		return 0;
	/* The server is gone; what it said before going is still there to
	 * be read, and it is the reason. */
	do
		ret = gnutls_record_recv(c->session, scratch, sizeof(scratch));
	while (ret == GNUTLS_E_AGAIN || ret == GNUTLS_E_INTERRUPTED ||
	       ret == GNUTLS_E_WARNING_ALERT_RECEIVED || ret > 0);
	return explain_lost(c, (int)ret, "sending the request");
}

void
mtls_tls_client_close(struct mtls_tls_client *c)
{
	if (c->handshake_done && c->push_errno == 0) {
		/* A polite close_notify; the server's reply is not awaited. */
		(void)gnutls_bye(c->session, GNUTLS_SHUT_WR);
	}
	disconnect(c);
}

int
mtls_tls_client_info(const struct mtls_tls_client *c,
		     struct mtls_tls_client_info *info)
{
	gnutls_x509_crt_t *chain;
	struct mtls_tls_client *mc = (struct mtls_tls_client *)c;
	const char *name;
	char *desc;
	unsigned n;

	memset(info, 0, sizeof(*info));
	if (!c->handshake_done)
		return -1;
	name = gnutls_protocol_get_name(
		gnutls_protocol_get_version(c->session));
	snprintf(info->protocol, sizeof(info->protocol), "%s",
		 name ? name : "?");
	desc = gnutls_session_get_desc(c->session);
	snprintf(info->description, sizeof(info->description), "%s",
		 desc ? desc : "?");
	gnutls_free(desc);
	chain = peer_chain(mc, &n);
	if (n > 0) {
		mtls_crt_subject(chain[0], info->subject,
				 sizeof(info->subject));
		mtls_crt_issuer(chain[0], info->issuer, sizeof(info->issuer));
		info->not_after = gnutls_x509_crt_get_expiration_time(chain[0]);
	}
	snprintf(info->anchor, sizeof(info->anchor), "%s", c->anchor);
	free_chain(chain, n);
	info->cert_requested = c->cert_requested;
	info->cert_sent = c->cert_sent;
	return 0;
}
