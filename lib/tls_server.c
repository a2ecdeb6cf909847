/*
 * tls_server.c -- the TLS side of a server: sessions on non-blocking
 * sockets, client certificates required and judged in our own verify
 * callback by the policy verifycert uses (mtls_verify_crt), which names
 * the cause of a refusal with the TLS alert it sends (GnuTLS would
 * otherwise leave the choice of alert to the application), and session
 * tickets whose key is replaced whenever the configuration is, unless
 * the configuration brings its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mtls_internal.h"

/* A configuration and the number of users (the server and the
 * connections that were accepted with it). */
struct cfg_ref {
	struct mtls_tls_config *tls;
	unsigned refs;
};

/* How long a --ticket-key file's previous key still resumes sessions
 * after the file changed: the lifetime of the tickets made under it
 * (GnuTLS's default, 6 hours). */
#define PREVIOUS_KEY_KEPT_S 21600

struct mtls_tls_server {
	struct cfg_ref *cur;
	gnutls_datum_t ticket_key;
	/* The file's key before it last changed, until PREV_UNTIL (0: no
	 * such key). */
	unsigned char prev_key[MTLS_TICKET_KEY_SIZE];
	time_t prev_until;
};

/* One recv takes what the client sent, up to a whole TLS record with
 * its header; GnuTLS alone would ask for the 5-byte header and the rest
 * in two system calls. */
#define READ_AHEAD (5 + 16384 + 2048)

struct mtls_tls_conn {
	gnutls_session_t ses;
	int fd;
	/* Read from the socket but not yet asked for by GnuTLS when a TLS
	 * call returned (malloc'd only while it holds something: an idle
	 * connection keeps no buffer). */
	unsigned char *ahead;
	size_t ahead_off, ahead_len;
	bool ahead_lost; /* out of memory keeping it */
	/* The file's previous ticket key, while the ClientHello has yet to
	 * say which of it and the current one its ticket was made under
	 * (malloc'd; NULL once chosen, and when there is no choice). */
	unsigned char *prev_key;
	uint64_t pulled; /* bytes handed to GnuTLS so far */
	struct cfg_ref *cfg;
	char *error;  /* why the last call failed (malloc'd) */
	int alert;    /* the alert we refused the peer with, or -1 */
	bool refused; /* the peer's certificate was refused */
	struct mtls_buf warnings; /* from judging it, one per line */
};

static void
cfg_unref(struct cfg_ref *c)
{
	if (c != NULL && --c->refs == 0) {
		mtls_tls_config_free(c->tls);
		free(c);
	}
}

static int
new_ticket_key(struct mtls_tls_server *srv, struct mtls_err *e)
{
	gnutls_datum_t key;
	int ret = gnutls_session_ticket_key_generate(&key);

	if (ret < 0)
		return mtls_err_gnutls(e, ret,
				       "cannot make a session ticket "
				       "key");
	mtls_datum_wipe(&srv->ticket_key);
	srv->ticket_key = key;
	return 0;
}

struct mtls_tls_server *
mtls_tls_server_new(struct mtls_tls_config *cfg, struct mtls_err *e)
{
	struct mtls_tls_server *srv = calloc(1, sizeof(*srv));

	if (srv == NULL || (srv->cur = calloc(1, sizeof(*srv->cur))) == NULL) {
		free(srv);
		mtls_err_set(e, "out of memory");
		return NULL;
	}
	if (new_ticket_key(srv, e) != 0) {
		free(srv->cur);
		free(srv);
		return NULL;
	}
	srv->cur->tls = cfg;
	srv->cur->refs = 1;
	return srv;
}

void
mtls_tls_server_free(struct mtls_tls_server *srv)
{
	if (srv == NULL)
		return;
	cfg_unref(srv->cur);
	mtls_datum_wipe(&srv->ticket_key);
	gnutls_memset(srv->prev_key, 0, sizeof(srv->prev_key));
	free(srv);
}

/* A --ticket-key file read again: when its key changed, the old one
 * still resumes the sessions of the tickets made under it, which are
 * judged again in full like every ticket from a file. */
static void
keep_previous_key(struct mtls_tls_server *srv, const gnutls_datum_t *old,
		  const gnutls_datum_t *new)
{
	if (new == NULL) {
		gnutls_memset(srv->prev_key, 0, sizeof(srv->prev_key));
		srv->prev_until = 0;
		return;
	}
	if (old == NULL || memcmp(old->data, new->data, new->size) == 0)
		return;
	memcpy(srv->prev_key, old->data, sizeof(srv->prev_key));
	srv->prev_until = time(NULL) + PREVIOUS_KEY_KEPT_S;
}

int
mtls_tls_server_reload(struct mtls_tls_server *srv, struct mtls_tls_config *cfg,
		       struct mtls_err *e)
{
	struct cfg_ref *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return mtls_err_set(e, "out of memory");
	/* Tickets issued under the old configuration must not resume
	 * sessions under the new one (its CA or rules may have changed). */
	if (new_ticket_key(srv, e) != 0) {
		free(c);
		return -1;
	}
	keep_previous_key(srv, mtls_tls_config_ticket_key(srv->cur->tls),
			  mtls_tls_config_ticket_key(cfg));
	c->tls = cfg;
	c->refs = 1;
	cfg_unref(srv->cur);
	srv->cur = c;
	return 0;
}

/* ---- refusing a peer */

static void conn_fail(struct mtls_tls_conn *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
conn_fail(struct mtls_tls_conn *c, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1)
		msg = NULL;
	va_end(ap);
	free(c->error);
	c->error = msg;
}

/* The policy's warnings, one line each, made printable here so that a
 * line break a certificate chose cannot split one. */
static void
conn_warn(void *arg, const char *text)
{
	struct mtls_tls_conn *c = arg;

	if (c->warnings.len > 0)
		mtls_buf_addc(&c->warnings, '\n');
	mtls_buf_add_printable(&c->warnings, text, strlen(text));
}

/*
 * Judge the peer's certificate chain by the policy verifycert uses (see
 * mtls_verify_crt): chain to the config's CAs through what the client
 * sent and the config's untrusted certificates, validity periods,
 * revocation, the clientAuth purpose and the rules.  On refusal, send
 * the alert that names the cause, record why, and return -1.  Used by
 * the verify callback during a full handshake and again after a resumed
 * one (RESUMED), where GnuTLS does not call the callback: time has passed
 * since the ticket was issued, and the verdict must not depend on how the
 * client connected.
 */
static int
judge_peer(struct mtls_tls_conn *c, bool resumed)
{
	struct mtls_verify_policy pol;
	const gnutls_datum_t *raw;
	const gnutls_x509_crt_t *untrusted;
	gnutls_x509_crt_t *chain = NULL;
	unsigned n = 0, n_untrusted, status = 0;
	char subject[MTLS_NAME_MAX], issuer[MTLS_NAME_MAX], why[MTLS_ERR_MAX];
	struct mtls_err e;
	int ret, alert;

	mtls_buf_reset(&c->warnings);
	raw = gnutls_certificate_get_peers(c->ses, &n);
	if (raw == NULL || n == 0) {
		alert = gnutls_protocol_get_version(c->ses) == GNUTLS_TLS1_3
				? GNUTLS_A_CERTIFICATE_REQUIRED
				: GNUTLS_A_HANDSHAKE_FAILURE;
		conn_fail(c, "no client certificate; sent alert %s",
			  mtls_tls_alert_name(alert));
		goto refuse;
	}
	/* The chain the client sent, then the untrusted certificates (not
	 * ours to free) that may complete it. */
	untrusted = mtls_tls_config_untrusted(c->cfg->tls, &n_untrusted);
	chain = gnutls_calloc(n + n_untrusted, sizeof(*chain));
	if (chain == NULL) {
		n = 0;
		alert = GNUTLS_A_INTERNAL_ERROR;
		conn_fail(c, "out of memory; sent alert internal_error");
		goto refuse;
	}
	for (unsigned i = 0; i < n; i++) {
		if ((ret = gnutls_x509_crt_init(&chain[i])) < 0 ||
		    (ret = gnutls_x509_crt_import(chain[i], &raw[i],
						  GNUTLS_X509_FMT_DER)) < 0) {
			alert = GNUTLS_A_BAD_CERTIFICATE;
			conn_fail(c,
				  "%s (certificate %u of the chain); "
				  "sent alert %s",
				  mtls_tls_handshake_error_words(ret), i + 1,
				  mtls_tls_alert_name(alert));
			goto refuse;
		}
	}
	if (n_untrusted > 0)
		memcpy(chain + n, untrusted, n_untrusted * sizeof(*chain));
	mtls_tls_config_policy(c->cfg->tls, &pol);
	pol.purpose = MTLS_PURPOSE_CLIENT;
	/* A ticket is only issued after the chain verified under the
	 * connection's configuration (a reload replaces the ticket key):
	 * GnuTLS's part of the check, the signatures, holds still. */
	pol.chain_checked = resumed;
	pol.warn = conn_warn;
	pol.warn_arg = c;
	if (mtls_verify_crt(&pol, chain[0], chain + 1, n - 1 + n_untrusted,
			    &status, why, sizeof(why), &e) != 0) {
		alert = GNUTLS_A_BAD_CERTIFICATE;
		snprintf(why, sizeof(why), "%s", e.msg);
	} else if (status != 0) {
		alert = mtls_tls_alert_of_status(status);
	} else {
		mtls_crt_list_free(chain, n);
		return 0;
	}
	/* Names only for the words of a refusal. */
	mtls_crt_subject(chain[0], subject, sizeof(subject));
	mtls_crt_issuer(chain[0], issuer, sizeof(issuer));
	conn_fail(c, "certificate '%s' issued by '%s': %s; sent alert %s",
		  subject, issuer, why, mtls_tls_alert_name(alert));
refuse:
	mtls_crt_list_free(chain, n);
	c->refused = true;
	c->alert = alert;
	/* The alert is small and the socket fresh, so it fits in the send
	 * buffer; if not, the refusal still stands. */
	gnutls_alert_send(c->ses, GNUTLS_AL_FATAL, alert);
	return -1;
}

static int
verify_cb(gnutls_session_t ses)
{
	struct mtls_tls_conn *c = gnutls_session_get_ptr(ses);

	return judge_peer(c, false) == 0 ? 0 : GNUTLS_E_CERTIFICATE_ERROR;
}

/* ---- connections */

static void
forget_previous_key(struct mtls_tls_conn *c)
{
	if (c->prev_key == NULL)
		return;
	gnutls_memset(c->prev_key, 0, MTLS_TICKET_KEY_SIZE);
	free(c->prev_key);
	c->prev_key = NULL;
}

/* Before GnuTLS reads the (first) ClientHello: enable tickets with the
 * key its ticket was made under, the file's previous one or the current
 * one. */
static int
hello_hook(gnutls_session_t ses, unsigned int htype, unsigned when,
	   unsigned int incoming, const gnutls_datum_t *msg)
{
	struct mtls_tls_conn *c = gnutls_session_get_ptr(ses);
	gnutls_datum_t prev = { c->prev_key, MTLS_TICKET_KEY_SIZE };
	int ret;

	(void)htype;
	(void)when;
	(void)incoming;
	if (c->prev_key == NULL)
		return 0;
	if (mtls_ticket_hello_under(msg, c->prev_key, time(NULL)))
		ret = gnutls_session_ticket_enable_server(ses, &prev);
	else
		ret = gnutls_session_ticket_enable_server(
			ses, mtls_tls_config_ticket_key(c->cfg->tls));
	forget_previous_key(c);
	return ret < 0 ? ret : 0;
}

/* What the last recv brought that GnuTLS has not asked for yet, for the
 * connection that read it.  Shared by the connections (a worker makes one
 * TLS call at a time): when a TLS call returns, what is left moves to the
 * connection's own buffer, so that one is needed only when a client sends
 * more than GnuTLS takes in one call, and a request costs no malloc. */
static _Thread_local struct {
	unsigned char buf[READ_AHEAD];
	size_t off, len;
	struct mtls_tls_conn *owner;
} ra;

static bool
has_ahead(const struct mtls_tls_conn *c)
{
	return c->ahead_len > 0 || (ra.owner == c && ra.off < ra.len);
}

/* Move what is left in RA to its owner's buffer; -1 if out of memory
 * (the bytes are lost: the owner's connection cannot go on). */
static int
keep_ahead(void)
{
	struct mtls_tls_conn *c = ra.owner;
	size_t n = ra.len - ra.off;

	ra.owner = NULL;
	if (c == NULL || n == 0)
		return 0;
	/* RA is filled only when the owner's buffer is empty. */
	c->ahead = malloc(n);
	if (c->ahead == NULL) {
		c->ahead_lost = true;
		return -1;
	}
	memcpy(c->ahead, ra.buf + ra.off, n);
	c->ahead_off = 0;
	c->ahead_len = n;
	return 0;
}

static size_t
take(void *data, size_t size, const unsigned char *from, size_t *off,
     size_t len)
{
	size_t n = len - *off;

	if (n > size)
		n = size;
	memcpy(data, from + *off, n);
	*off += n;
	return n;
}

/* GnuTLS reads through here: one recv takes what the socket holds, up to
 * a whole record, which GnuTLS then takes as it asks. */
static ssize_t
pull(gnutls_transport_ptr_t ptr, void *data, size_t size)
{
	struct mtls_tls_conn *c = ptr;
	size_t n;
	ssize_t r;

	if (c->ahead_lost) {
		errno = ENOMEM;
		return -1;
	}
	if (c->ahead_len > 0) {
		n = take(data, size, c->ahead, &c->ahead_off, c->ahead_len);
		if (c->ahead_off == c->ahead_len) {
			free(c->ahead);
			c->ahead = NULL;
			c->ahead_off = c->ahead_len = 0;
		}
		c->pulled += n;
		return (ssize_t)n;
	}
	if (ra.owner != c) {
		/* Not left by a TLS call of ours (they move it): keep it. */
		(void)keep_ahead();
		if (size >= sizeof(ra.buf)) {
			r = recv(c->fd, data, size, 0);
			if (r > 0)
				c->pulled += (uint64_t)r;
			return r;
		}
		r = recv(c->fd, ra.buf, sizeof(ra.buf), 0);
		if (r <= 0)
			return r;
		ra.owner = c;
		ra.off = 0;
		ra.len = (size_t)r;
	}
	n = take(data, size, ra.buf, &ra.off, ra.len);
	if (ra.off == ra.len)
		ra.owner = NULL;
	c->pulled += n;
	return (ssize_t)n;
}

/* After a TLS call: what it did not take goes with the connection. */
static int
end_call(struct mtls_tls_conn *c)
{
	if (ra.owner == c && keep_ahead() != 0) {
		conn_fail(c, "read failed: out of memory");
		return -1;
	}
	return 0;
}

/* GnuTLS may say "again" after a record that did not complete what it
 * was reading (a handshake message in fragments, say) without asking the
 * socket for more.  When more was read ahead, waiting for the socket
 * would wait forever: go on while GnuTLS takes some of it. */
static bool
again_with_ahead(const struct mtls_tls_conn *c, ssize_t ret,
		 uint64_t pulled_before)
{
	return ret == GNUTLS_E_AGAIN && has_ahead(c) &&
	       c->pulled != pulled_before;
}

static int
pull_timeout(gnutls_transport_ptr_t ptr, unsigned int ms)
{
	struct mtls_tls_conn *c = ptr;
	struct pollfd pfd = { .fd = c->fd, .events = POLLIN };

	if (has_ahead(c))
		return 1;
	return poll(&pfd, 1, ms == GNUTLS_INDEFINITE_TIMEOUT ? -1 : (int)ms);
}

struct mtls_tls_conn *
mtls_tls_conn_accept(struct mtls_tls_server *srv, int fd, struct mtls_err *e)
{
	struct mtls_tls_conn *c = calloc(1, sizeof(*c));
	struct mtls_tls_config *cfg = srv->cur->tls;
	const gnutls_datum_t *ticket_key = mtls_tls_config_ticket_key(cfg);
	int ret;

	if (c == NULL) {
		mtls_err_set(e, "out of memory");
		return NULL;
	}
	c->alert = -1;
	ret = gnutls_init(&c->ses,
			  GNUTLS_SERVER | GNUTLS_NONBLOCK | GNUTLS_NO_SIGNAL);
	if (ret < 0) {
		free(c);
		mtls_err_gnutls(e, ret, "cannot start a TLS session");
		return NULL;
	}
	/* GnuTLS takes one ticket key per session, once: while the file's
	 * previous key is kept, the ClientHello chooses (hello_hook). */
	if (ticket_key != NULL && srv->prev_until != 0 &&
	    time(NULL) < srv->prev_until) {
		c->prev_key = malloc(MTLS_TICKET_KEY_SIZE);
		if (c->prev_key != NULL)
			memcpy(c->prev_key, srv->prev_key,
			       MTLS_TICKET_KEY_SIZE);
	}
	if ((ret = gnutls_priority_set(c->ses, mtls_tls_config_priority(cfg))) <
		    0 ||
	    (ret = gnutls_credentials_set(c->ses, GNUTLS_CRD_CERTIFICATE,
					  mtls_tls_config_credentials(cfg))) <
		    0 ||
	    (c->prev_key == NULL &&
	     (ret = gnutls_session_ticket_enable_server(
		      c->ses, ticket_key != NULL ? ticket_key
						 : &srv->ticket_key)) < 0)) {
		forget_previous_key(c);
		gnutls_deinit(c->ses);
		free(c);
		mtls_err_gnutls(e, ret, "cannot set up a TLS session");
		return NULL;
	}
	if (c->prev_key != NULL)
		gnutls_handshake_set_hook_function(
			c->ses, GNUTLS_HANDSHAKE_CLIENT_HELLO, GNUTLS_HOOK_PRE,
			hello_hook);
	/* REQUEST, not REQUIRE: with REQUIRE GnuTLS refuses a missing
	 * certificate itself, before our callback could name the cause. */
	gnutls_certificate_server_set_request(c->ses, GNUTLS_CERT_REQUEST);
	gnutls_session_set_verify_function(c->ses, verify_cb);
	gnutls_session_set_ptr(c->ses, c);
	/* GnuTLS writes to the socket itself; it reads through pull. */
	c->fd = fd;
	gnutls_transport_set_int(c->ses, fd);
	gnutls_transport_set_ptr2(c->ses, c, (gnutls_transport_ptr_t)(long)fd);
	gnutls_transport_set_pull_function(c->ses, pull);
	gnutls_transport_set_pull_timeout_function(c->ses, pull_timeout);
	gnutls_handshake_set_timeout(c->ses, 0);
	c->cfg = srv->cur;
	c->cfg->refs++;
	return c;
}

void
mtls_tls_conn_free(struct mtls_tls_conn *c)
{
	if (c == NULL)
		return;
	if (ra.owner == c)
		ra.owner = NULL;
	forget_previous_key(c);
	gnutls_deinit(c->ses);
	cfg_unref(c->cfg);
	free(c->ahead);
	free(c->error);
	mtls_buf_free(&c->warnings);
	free(c);
}

static int
io_result(struct mtls_tls_conn *c, ssize_t ret, const char *what)
{
	if (ret == GNUTLS_E_AGAIN || ret == GNUTLS_E_INTERRUPTED)
		return gnutls_record_get_direction(c->ses) ? MTLS_TLS_WANT_WRITE
							   : MTLS_TLS_WANT_READ;
	if (c->error == NULL || !c->refused)
		conn_fail(c, "%s: %s", what, gnutls_strerror((int)ret));
	return MTLS_TLS_ERROR;
}

/* A handshake that failed for another reason than our verdict on the
 * client's certificate.  Unless the client is gone or told us why itself,
 * it gets the alert that names the cause (as GnuTLS maps the error), so
 * it can say more than "connection reset"; the connection then closes as
 * after a refusal. */
static int
handshake_failed(struct mtls_tls_conn *c, int ret)
{
	gnutls_alert_description_t alert;
	int level;

	if (ret == GNUTLS_E_WARNING_ALERT_RECEIVED ||
	    ret == GNUTLS_E_FATAL_ALERT_RECEIVED) {
		alert = gnutls_alert_get(c->ses);
		conn_fail(c, "handshake failed: the client sent alert %s (%s)",
			  mtls_tls_alert_name(alert),
			  mtls_tls_alert_words(alert));
		return MTLS_TLS_ERROR;
	}
	if (mtls_tls_error_is_peer_gone(ret)) {
		conn_fail(c, "handshake failed: %s",
			  mtls_tls_handshake_error_words(ret));
		return MTLS_TLS_ERROR;
	}
	alert = (gnutls_alert_description_t)gnutls_error_to_alert(ret, &level);
	c->alert = alert;
	/* As for a refusal: small, and it fits in a fresh send buffer. */
	gnutls_alert_send(c->ses, GNUTLS_AL_FATAL, alert);
	conn_fail(c, "handshake failed: %s; sent alert %s",
		  mtls_tls_handshake_error_words(ret),
		  mtls_tls_alert_name(alert));
	return MTLS_TLS_ERROR;
}

int
mtls_tls_conn_handshake(struct mtls_tls_conn *c)
{
	uint64_t before;
	int ret;

	do {
		before = c->pulled;
		ret = gnutls_handshake(c->ses);
	} while (again_with_ahead(c, ret, before));
	if (end_call(c) != 0)
		return MTLS_TLS_ERROR;
	if (ret < 0) {
		if (c->refused)
			return MTLS_TLS_ERROR;
		if (ret == GNUTLS_E_AGAIN || ret == GNUTLS_E_INTERRUPTED)
			return io_result(c, ret, "handshake failed");
		return handshake_failed(c, ret);
	}
	/* On a resumed session GnuTLS does not call the verify callback:
	 * judge the certificate again (its validity period, or its CRL's,
	 * may have ended since the ticket was issued).  With a ticket key
	 * from a file the ticket may come from another server or from before
	 * a reload, so the signatures are checked again too. */
	if (gnutls_session_is_resumed(c->ses) &&
	    judge_peer(c, mtls_tls_config_ticket_key(c->cfg->tls) == NULL) != 0)
		return MTLS_TLS_ERROR;
	return 0;
}

ssize_t
mtls_tls_conn_read(struct mtls_tls_conn *c, void *buf, size_t size)
{
	uint64_t before;
	ssize_t ret;

	do {
		before = c->pulled;
		ret = gnutls_record_recv(c->ses, buf, size);
	} while (again_with_ahead(c, ret, before));
	if (end_call(c) != 0)
		return MTLS_TLS_ERROR;
	if (ret >= 0)
		return ret;
	/* A client that closes without close_notify has still finished
	 * its requests. */
	if (ret == GNUTLS_E_PREMATURE_TERMINATION)
		return 0;
	return io_result(c, ret, "read failed");
}

ssize_t
mtls_tls_conn_write(struct mtls_tls_conn *c, const void *buf, size_t size)
{
	ssize_t ret = gnutls_record_send(c->ses, buf, size);

	if (ret >= 0)
		return ret;
	return io_result(c, ret, "write failed");
}

int
mtls_tls_conn_close_notify(struct mtls_tls_conn *c)
{
	int ret = gnutls_bye(c->ses, GNUTLS_SHUT_WR);

	if (ret >= 0)
		return 0;
	return io_result(c, ret, "close failed");
}

const char *
mtls_tls_conn_error(const struct mtls_tls_conn *c)
{
	return c->error ? c->error : "no error";
}

bool
mtls_tls_conn_pending(struct mtls_tls_conn *c)
{
	return has_ahead(c) || gnutls_record_check_pending(c->ses) > 0;
}

bool
mtls_tls_conn_hello_received(const struct mtls_tls_conn *c)
{
	/* GnuTLS's "last message in" is -1 until the first one. */
	return (int)gnutls_handshake_get_last_in(c->ses) != -1;
}

bool
mtls_tls_conn_refused(const struct mtls_tls_conn *c)
{
	return c->refused;
}

const char *
mtls_tls_conn_warnings(const struct mtls_tls_conn *c)
{
	return mtls_buf_str(&c->warnings);
}

gnutls_session_t
mtls_tls_conn_session(struct mtls_tls_conn *c)
{
	return c->ses;
}

int
mtls_tls_conn_peer_crt(struct mtls_tls_conn *c, gnutls_x509_crt_t *out,
		       struct mtls_err *e)
{
	const gnutls_datum_t *raw;
	unsigned n = 0;
	int ret;

	*out = NULL;
	raw = gnutls_certificate_get_peers(c->ses, &n);
	if (raw == NULL || n == 0)
		return mtls_err_set(e, "no client certificate");
	if ((ret = gnutls_x509_crt_init(out)) < 0 ||
	    (ret = gnutls_x509_crt_import(*out, &raw[0], GNUTLS_X509_FMT_DER)) <
		    0) {
		gnutls_x509_crt_deinit(*out);
		*out = NULL;
		return mtls_err_gnutls(e, ret,
				       "unreadable client "
				       "certificate");
	}
	return 0;
}
