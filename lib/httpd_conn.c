/*
 * httpd_conn.c -- one worker of the mutual-TLS HTTPS server: an event loop
 * over non-blocking sockets, each connection a small state machine
 * (handshake, read a request, write its response, lingering close).
 *
 * Memory per connection is kept small: input is read into the worker's
 * scratch buffer and only an unfinished request is copied to the
 * connection (and freed once used); output is allocated per response and
 * freed as soon as it is sent.  A fixed --body is never copied beyond its
 * first record.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "mtls_internal.h"

#define RECORD_MAX 16384    /* bytes of plaintext per TLS record */
#define LINGER_MS 2000	    /* how long a closing socket is drained */
#define STOP_GRACE_MS 10000 /* in-flight requests at shutdown */
#define ACCEPT_BATCH 32
#define ACCEPT_PAUSE_MS 250   /* after accept fails for want of descriptors */
#define HELLO_TIMEOUT_MS 3000 /* a connection's first ClientHello */
#define HANDSHAKE_TIMEOUT_MS 10000 /* defaults when the caller says 0 */
#define IDLE_TIMEOUT_MS 60000
#define HANDSHAKES_PER_ADDRESS 64 /* default cap, in handshake at once */
#define WARNED_MAX 256		  /* distinct warnings remembered */
#define BACKEND_TIMEOUT_MS 60000

enum cstate {
	C_HANDSHAKE,
	C_READ,
	C_WRITE,
	C_PROXY,  /* an exchange with the backend has the connection */
	C_TUNNEL, /* bytes relayed to a tcp backend */
	C_CLOSE_NOTIFY,
	C_LINGER
};

struct conn {
	struct mtls_ev_watch w;
	struct mtls_timer t;
	struct mtls_httpd *srv;
	struct conn *prev, *next;
	struct mtls_tls_conn *tls;
	union {
		struct sockaddr sa;
		struct sockaddr_in in;
		struct sockaddr_in6 in6;
	} peer;
	char *subject;	      /* RFC 4514, after the handshake */
	char *deny;	      /* why no allow rule matched, or NULL */
	char *in;	      /* an unfinished request (malloc'd), or NULL */
	gnutls_datum_t owned; /* the body being sent, when a handler made it */
	size_t in_len;
	char *out; /* response bytes not yet sent (malloc'd) */
	size_t out_len, out_off;
	const char *body; /* rest of a borrowed body */
	size_t body_left;
	int file_fd;
	uint64_t file_left;
	uint64_t discard; /* request body bytes still to skip */
	enum cstate st;
	bool keep_alive; /* after the response being written */
	bool dead;
	/* Connections in handshake, for the per-address cap. */
	struct conn *hs_prev, *hs_next;
	bool in_handshakes;
	bool hello_seen;      /* the ClientHello deadline has been met */
	uint64_t progress_ms; /* when a response last made progress */
	/* Reverse proxy: the exchange in progress, the identity headers
	 * (made once per connection), and the backend's part of the next
	 * access log line. */
	struct mtls_proxy_xfer *px;
	struct mtls_tunnel *tun;
	char *ident;
	bool proxied;
	int backend_status;
	unsigned backend_ms;
};

struct listener {
	struct mtls_ev_watch w;
	struct mtls_httpd *srv;
	bool on;
};

struct mtls_httpd {
	struct mtls_httpd_params p;
	const struct mtls_httpd_handler *handler; /* what answers requests */
	struct mtls_tls_server *tls;
	struct mtls_evloop *loop;
	struct listener *ls;
	size_t nls;
	struct conn *conns, *dead;
	struct conn *handshakes; /* the connections in C_HANDSHAKE */
	unsigned nconns;
	/* Accepting paused after EMFILE and the like, until the timer. */
	struct mtls_timer accept_timer;
	bool accept_paused;
	uint64_t accept_logged_ms;
	unsigned max_handshakes; /* from one address at once */
	unsigned hello_ms;	 /* until the ClientHello */
	char *scratch;
	size_t scratch_size;
	bool stopping;
	struct mtls_timer stop_timer;
	/* Dates change once a second, requests come far more often. */
	time_t date_sec;
	char http_date[40]; /* for the Date header */
	char log_date[40];  /* for the access log */
	/* The head of the --body answer, which only changes with the date:
	 * [0] closing, [1] keep-alive; length 0 until made this second. */
	char body_head[2][512];
	int body_head_len[2];
	struct mtls_buf log_line; /* reused for every access log line */
	/* Hashes of the certificate warnings logged lately: each is logged
	 * once per worker, not once per handshake, so that a fleet of
	 * legacy clients does not fill the log. */
	uint64_t warned[WARNED_MAX];
	unsigned warned_next;
	struct mtls_proxy *proxy; /* with a backend */
};

static void conn_event(void *arg, uint32_t events);
static void conn_timeout(void *arg);
static void conn_input(struct conn *c);
static void conn_output(struct conn *c);
static void begin_close(struct conn *c, bool notify);

/* ---- logging */

static void
refresh_dates(struct mtls_httpd *srv)
{
	time_t now = time(NULL);

	if (now == srv->date_sec)
		return;
	srv->date_sec = now;
	srv->body_head_len[0] = srv->body_head_len[1] = 0;
	mtls_httpd_date(now, srv->http_date, sizeof(srv->http_date));
	mtls_httpd_log_date(now, srv->log_date, sizeof(srv->log_date));
}

static void log_error(struct conn *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
log_error(struct conn *c, const char *fmt, ...)
{
	char line[2048], safe[4096], who[80];
	va_list ap;
	int n;

	if (c->srv->p.log_error == NULL)
		return;
	mtls_httpd_peer_name(&c->peer.sa, who, sizeof(who));
	n = snprintf(line, sizeof(line), "%s: ", who);
	if (n < 0 || (size_t)n >= sizeof(line))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	/* Subjects and issuers come from the client: no line of theirs
	 * may end ours or reach a terminal as an escape sequence. */
	mtls_printable(line, safe, sizeof(safe));
	c->srv->p.log_error(c->srv->p.log_arg, safe);
}

/* FNV-1a: enough to tell warnings apart, and cheap. */
static uint64_t
warning_hash(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037ull;

	while (n-- > 0) {
		h ^= (unsigned char)*s++;
		h *= 1099511628211ull;
	}
	return h | 1; /* never 0, the empty slot */
}

/* Log the warnings judging C's certificate gave (each names the
 * certificate), those not logged lately only. */
static void
log_warnings(struct conn *c)
{
	struct mtls_httpd *srv = c->srv;
	const char *p = mtls_tls_conn_warnings(c->tls), *nl;
	size_t len;
	uint64_t h;
	unsigned i;

	for (; *p != '\0'; p = *nl ? nl + 1 : nl) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		len = (size_t)(nl - p);
		h = warning_hash(p, len);
		for (i = 0; i < WARNED_MAX && srv->warned[i] != h; i++)
			;
		if (i < WARNED_MAX)
			continue;
		srv->warned[srv->warned_next] = h;
		srv->warned_next = (srv->warned_next + 1) % WARNED_MAX;
		log_error(c, "warning: %.*s", (int)len, p);
	}
}

/* The access log line of a response: built in the worker's buffer,
 * which keeps its memory from one line to the next. */
static void
log_access(struct conn *c, const struct mtls_httpd_request *req, int status,
	   uint64_t bytes)
{
	struct mtls_buf *line = &c->srv->log_line;

	if (c->srv->p.log_access == NULL)
		return;
	mtls_httpd_log_access(line, &c->peer.sa, c->subject, c->srv->log_date,
			      req, status, bytes);
	/* With a backend: its status and how long its head took. */
	if (c->srv->p.backend != NULL) {
		if (!c->proxied)
			mtls_buf_adds(line, " - -");
		else if (c->backend_status == 0)
			mtls_buf_addf(line, " - %u.%03u", c->backend_ms / 1000,
				      c->backend_ms % 1000);
		else
			mtls_buf_addf(line, " %d %u.%03u", c->backend_status,
				      c->backend_ms / 1000,
				      c->backend_ms % 1000);
		c->proxied = false;
	}
	if (!line->failed)
		c->srv->p.log_access(c->srv->p.log_arg, mtls_buf_str(line));
}

/* ---- connection lifetime */

static void
set_events(struct conn *c, uint32_t events)
{
	struct mtls_err e;

	if (mtls_evloop_mod(c->srv->loop, &c->w, events, &e) != 0) {
		log_error(c, "%s", e.msg);
		c->st = C_LINGER;
	}
}

static void
arm(struct conn *c, unsigned ms)
{
	struct mtls_err e;

	if (mtls_timer_set(c->srv->loop, &c->t, ms, &e) != 0)
		log_error(c, "%s", e.msg);
}

static void
listeners_set(struct mtls_httpd *srv, bool on)
{
	struct mtls_err e;

	for (size_t i = 0; i < srv->nls; i++) {
		struct listener *l = &srv->ls[i];

		if (l->on == on)
			continue;
		if (on) {
			if (mtls_evloop_add(srv->loop, &l->w,
					    EPOLLIN | EPOLLEXCLUSIVE, &e) != 0)
				continue;
		} else {
			mtls_evloop_del(srv->loop, &l->w);
		}
		l->on = on;
	}
}

/* Take C off the list of connections in handshake (when it is on it). */
static void
handshake_done(struct conn *c)
{
	if (!c->in_handshakes)
		return;
	c->in_handshakes = false;
	if (c->hs_prev)
		c->hs_prev->hs_next = c->hs_next;
	else
		c->srv->handshakes = c->hs_next;
	if (c->hs_next)
		c->hs_next->hs_prev = c->hs_prev;
	c->hs_prev = c->hs_next = NULL;
}

/* Connections from SA's address still in their handshake. */
static unsigned
handshakes_from(const struct mtls_httpd *srv, const struct sockaddr *sa)
{
	unsigned n = 0;

	for (const struct conn *c = srv->handshakes; c != NULL; c = c->hs_next)
		if (c->peer.sa.sa_family == sa->sa_family &&
		    (sa->sa_family == AF_INET6
			     ? memcmp(&c->peer.in6.sin6_addr,
				      &((const struct sockaddr_in6
						 *)(const void *)sa)
					       ->sin6_addr,
				      16) == 0
			     : c->peer.in.sin_addr.s_addr ==
				       ((const struct sockaddr_in
						 *)(const void *)sa)
					       ->sin_addr.s_addr))
			n++;
	return n;
}

/* Accept again, unless stopping, full, or paused. */
static void
accepting_resume(struct mtls_httpd *srv)
{
	if (!srv->stopping && !srv->accept_paused &&
	    (srv->p.max_conns == 0 || srv->nconns < srv->p.max_conns))
		listeners_set(srv, true);
}

static void
conn_close(struct conn *c)
{
	struct mtls_httpd *srv = c->srv;

	if (c->dead)
		return;
	c->dead = true;
	handshake_done(c);
	mtls_evloop_del(srv->loop, &c->w);
	mtls_timer_cancel(srv->loop, &c->t);
	close(c->w.fd);
	if (c->file_fd != -1)
		close(c->file_fd);
	mtls_proxy_abort(c->px);
	c->px = NULL;
	mtls_tunnel_abort(c->tun);
	mtls_tls_conn_free(c->tls);
	c->tls = NULL;
	gnutls_free(c->ident);
	free(c->subject);
	gnutls_free(c->deny);
	free(c->in);
	free(c->out);
	gnutls_free(c->owned.data);
	if (c->prev)
		c->prev->next = c->next;
	else
		srv->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	/* The struct itself may still be named by an event of the current
	 * batch: free it after the batch. */
	c->next = srv->dead;
	srv->dead = c;
	srv->nconns--;
	accepting_resume(srv);
}

static void
accept_one(struct mtls_httpd *srv, int fd, const struct sockaddr *sa,
	   socklen_t salen)
{
	struct conn *c;
	struct mtls_err e;
	int one = 1;

	/* One address may not hold every slot with handshakes it never
	 * finishes. */
	if (handshakes_from(srv, sa) >= srv->max_handshakes) {
		uint64_t now = mtls_evloop_now(srv->loop);
		char who[80], line[160];

		if (srv->p.log_error != NULL &&
		    now - srv->accept_logged_ms >= 1000) {
			srv->accept_logged_ms = now;
			mtls_httpd_peer_name(sa, who, sizeof(who));
			snprintf(line, sizeof(line),
				 "%s: refused: %u connections from this "
				 "address are in their handshake already",
				 who, srv->max_handshakes);
			srv->p.log_error(srv->p.log_arg, line);
		}
		close(fd);
		return;
	}
	c = calloc(1, sizeof(*c));
	if (c == NULL) {
		close(fd);
		return;
	}
	c->srv = srv;
	c->file_fd = -1;
	c->w.fd = fd;
	c->w.cb = conn_event;
	c->w.arg = c;
	c->t.cb = conn_timeout;
	c->t.arg = c;
	memcpy(&c->peer, sa, salen < sizeof(c->peer) ? salen : sizeof(c->peer));
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	c->tls = mtls_tls_conn_accept(srv->tls, fd, &e);
	c->next = srv->conns;
	if (srv->conns)
		srv->conns->prev = c;
	srv->conns = c;
	srv->nconns++;
	if (c->tls == NULL ||
	    mtls_evloop_add(srv->loop, &c->w, EPOLLIN, &e) != 0) {
		log_error(c, "%s", e.msg);
		c->w.events = 0;
		conn_close(c);
		return;
	}
	c->st = C_HANDSHAKE;
	c->in_handshakes = true;
	c->hs_next = srv->handshakes;
	if (srv->handshakes)
		srv->handshakes->hs_prev = c;
	srv->handshakes = c;
	/* First the ClientHello's deadline, then the handshake's. */
	arm(c, srv->hello_ms);
	if (srv->p.max_conns != 0 && srv->nconns >= srv->p.max_conns)
		listeners_set(srv, false);
}

static void
accept_unpause(void *arg)
{
	struct mtls_httpd *srv = arg;

	srv->accept_paused = false;
	accepting_resume(srv);
}

/* accept() failed for want of descriptors or memory: the listener stays
 * readable, so waiting for it again would spin.  Stop watching it for a
 * moment (as nginx does), and say so at most once a second. */
static void
accept_pause(struct mtls_httpd *srv, int err)
{
	uint64_t now = mtls_evloop_now(srv->loop);
	struct mtls_err e;

	if (srv->p.log_error != NULL && now - srv->accept_logged_ms >= 1000) {
		char line[160];

		srv->accept_logged_ms = now;
		snprintf(line, sizeof(line),
			 "cannot accept connections: %s; pausing %d ms",
			 err == EMFILE	 ? "too many open files"
			 : err == ENFILE ? "too many open files in the system"
					 : strerror(err),
			 ACCEPT_PAUSE_MS);
		srv->p.log_error(srv->p.log_arg, line);
	}
	srv->accept_paused = true;
	listeners_set(srv, false);
	if (mtls_timer_set(srv->loop, &srv->accept_timer, ACCEPT_PAUSE_MS,
			   &e) != 0)
		accept_unpause(srv);
}

static void
listener_event(void *arg, uint32_t events)
{
	struct listener *l = arg;
	struct mtls_httpd *srv = l->srv;

	for (int i = 0; i < ACCEPT_BATCH && l->on; i++) {
		struct sockaddr_storage ss;
		socklen_t len = sizeof(ss);
		int fd = accept4(l->w.fd, (struct sockaddr *)&ss, &len,
				 SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd == -1) {
			if (errno != EAGAIN && errno != EINTR &&
			    errno != ECONNABORTED)
				accept_pause(srv, errno);
			return; /* EAGAIN: another worker took it */
		}
		accept_one(srv, fd, (struct sockaddr *)&ss, len);
	}
}

/* ---- handshake */

/* The 403 body's reason, with the names made printable (the client
 * chose them). */
static int
deny_reason(struct conn *c, const char *issuer)
{
	struct mtls_buf b = { 0 };
	gnutls_datum_t d;

	mtls_buf_adds(&b, "certificate '");
	mtls_buf_add_printable(&b, c->subject, strlen(c->subject));
	mtls_buf_adds(&b, "' issued by '");
	mtls_buf_add_printable(&b, issuer, strlen(issuer));
	mtls_buf_adds(&b, "' is trusted, but no allow rule matches it");
	if (mtls_buf_to_datum(&b, &d) != 0)
		return -1;
	c->deny = (char *)d.data;
	return 0;
}

static void
tunnel_want(void *arg, uint32_t events)
{
	set_events(arg, events);
}

static void
tunnel_log(void *arg, const char *line)
{
	log_error(arg, "%s", line);
}

static void
tunnel_done(void *arg, const struct mtls_proxy_result *r)
{
	struct conn *c = arg;

	/* Both directions ended (our close_notify is sent): let the client
	 * read the rest; otherwise close at once. */
	if (r->abort)
		conn_close(c);
	else
		begin_close(c, false);
}

/* A tcp backend: relay bytes, after a PROXY header when asked. */
static void
tunnel_begin(struct conn *c, gnutls_x509_crt_t crt)
{
	struct mtls_proxy_client cl = {
		.tls = c->tls,
		.idle_ms = c->srv->p.idle_timeout_ms,
		.want = tunnel_want,
		.log_error = tunnel_log,
		.done = tunnel_done,
		.arg = c,
	};
	struct mtls_buf pre = { 0 };
	struct sockaddr_storage local;
	socklen_t len = sizeof(local);
	struct mtls_err e;

	if (c->subject == NULL) {
		conn_close(c);
		return;
	}
	if (c->srv->p.proxy_protocol &&
	    (getsockname(c->w.fd, (struct sockaddr *)&local, &len) != 0 ||
	     mtls_proxy_v2_header(mtls_tls_conn_session(c->tls), crt,
				  &c->peer.sa, (struct sockaddr *)&local, &pre,
				  &e) != 0)) {
		log_error(c, "cannot make the PROXY header");
		mtls_buf_free(&pre);
		conn_close(c);
		return;
	}
	c->st = C_TUNNEL;
	mtls_timer_cancel(c->srv->loop, &c->t);
	c->tun = mtls_tunnel_start(c->srv->p.backend, c->srv->loop, &cl,
				   pre.data, pre.len, &e);
	mtls_buf_free(&pre);
	if (c->tun == NULL) {
		log_error(c, "%s; closed", e.msg);
		begin_close(c, true);
	}
}

/* The identity headers every request of this connection will carry to
 * the backend. */
static int
identity(struct conn *c, gnutls_x509_crt_t crt)
{
	struct mtls_buf b = { 0 };
	gnutls_datum_t d;
	struct mtls_err e;

	if (mtls_httpd_identity(crt, &c->peer.sa, c->srv->p.forward_cert, &b,
				&e) != 0) {
		mtls_buf_free(&b);
		log_error(c, "%s", e.msg);
		return -1;
	}
	if (mtls_buf_to_datum(&b, &d) != 0) {
		log_error(c, "out of memory");
		return -1;
	}
	c->ident = (char *)d.data;
	return 0;
}

static void
after_handshake(struct conn *c)
{
	gnutls_x509_crt_t crt = NULL;
	struct mtls_err e;
	char *issuer;
	bool denied,
		tunnel = c->srv->p.backend != NULL && c->srv->p.backend->tcp;

	handshake_done(c);
	/* The subject is for the access log and the allow rules; without
	 * either, the certificate need not be decoded again. */
	if (c->srv->p.log_access == NULL &&
	    mtls_allow_count(c->srv->p.allow) == 0 && c->srv->p.backend == NULL)
		goto ready;
	if (mtls_tls_conn_peer_crt(c->tls, &crt, &e) != 0) {
		log_error(c, "%s", e.msg);
		conn_close(c);
		return;
	}
	c->subject = mtls_crt_subject_dup(crt);
	denied = c->subject != NULL && mtls_allow_count(c->srv->p.allow) > 0 &&
		 mtls_allow_match(c->srv->p.allow, crt) == NULL;
	if (denied) {
		issuer = mtls_crt_issuer_dup(crt);
		if (issuer == NULL || deny_reason(c, issuer) != 0)
			c->deny = NULL;
		else
			log_error(c,
				  "denied: certificate '%s' issued by '%s': "
				  "no allow rule matches; %s",
				  c->subject, issuer,
				  tunnel ? "closed" : "answering 403");
		free(issuer);
	}
	if (tunnel) {
		/* No HTTP to say 403 in: a denied client is closed. */
		if (denied)
			begin_close(c, true);
		else
			tunnel_begin(c, crt);
		gnutls_x509_crt_deinit(crt);
		return;
	}
	if (c->srv->p.backend != NULL && !denied && identity(c, crt) != 0) {
		gnutls_x509_crt_deinit(crt);
		conn_close(c);
		return;
	}
	gnutls_x509_crt_deinit(crt);
	/* Out of memory: close rather than answer without the facts. */
	if (c->subject == NULL || (denied && c->deny == NULL)) {
		conn_close(c);
		return;
	}
ready:
	c->st = C_READ;
	c->keep_alive = true;
	arm(c, c->srv->p.idle_timeout_ms);
	conn_input(c);
}

static void
do_handshake(struct conn *c)
{
	int r = mtls_tls_conn_handshake(c->tls);

	if (r != MTLS_TLS_WANT_READ && r != MTLS_TLS_WANT_WRITE)
		log_warnings(c);
	if (r == 0) {
		after_handshake(c);
	} else if (r == MTLS_TLS_WANT_READ) {
		set_events(c, EPOLLIN);
	} else if (r == MTLS_TLS_WANT_WRITE) {
		set_events(c, EPOLLOUT);
	} else if (mtls_tls_conn_refused(c->tls)) {
		handshake_done(c);
		log_error(c, "refused: %s", mtls_tls_conn_error(c->tls));
		begin_close(c, false);
	} else {
		handshake_done(c);
		/* After an alert, close so that the client reads it: an
		 * unread byte left in our socket would make it a reset. */
		log_error(c, "%s", mtls_tls_conn_error(c->tls));
		begin_close(c, false);
	}
}

/* ---- responses */

/* Start a response: the head (and what fits of the body) goes into one
 * buffer so that a small response is one TLS record. */
static void
respond(struct conn *c, const struct mtls_httpd_request *req, int status,
	const char *ctype, const char *body, size_t body_len, int file_fd,
	uint64_t file_size, const char *extra)
{
	bool head_only = req != NULL && strcmp(req->method, "HEAD") == 0;
	uint64_t length = file_fd != -1 ? file_size : body_len;
	char head[1024];
	size_t first = 0;
	int n;

	/* After an error in the request itself the stream cannot be
	 * trusted to hold the next request where we think it starts. */
	if (c->srv->stopping ||
	    (status >= 400 && status != 403 && status != 404 && status != 405))
		c->keep_alive = false;
	if (c->deny != NULL)
		c->keep_alive = false;
	refresh_dates(c->srv);
	if (body != NULL && body == c->srv->p.body && status == 200 &&
	    extra == NULL) {
		/* The fixed answer: its head is made once a second. */
		struct mtls_httpd *srv = c->srv;
		int ka = c->keep_alive;

		if (srv->body_head_len[ka] == 0)
			srv->body_head_len[ka] = mtls_httpd_response_head(
				srv->body_head[ka], sizeof(srv->body_head[ka]),
				status, ctype, length, c->keep_alive, NULL,
				srv->http_date);
		n = srv->body_head_len[ka];
		if (n > 0)
			memcpy(head, srv->body_head[ka], (size_t)n);
	} else {
		n = mtls_httpd_response_head(head, sizeof(head), status, ctype,
					     length, c->keep_alive, extra,
					     c->srv->http_date);
	}
	if (n < 0)
		n = 0;
	log_access(c, req, status, head_only ? 0 : length);
	if (!head_only && file_fd == -1)
		first = body_len < RECORD_MAX - (size_t)n
				? body_len
				: RECORD_MAX - (size_t)n;
	c->out = malloc((size_t)n +
			(file_fd != -1 && !head_only ? RECORD_MAX : first));
	if (c->out == NULL) {
		if (file_fd != -1)
			close(file_fd);
		begin_close(c, false);
		return;
	}
	memcpy(c->out, head, (size_t)n);
	if (first > 0)
		memcpy(c->out + n, body, first);
	c->out_len = (size_t)n + first;
	c->out_off = 0;
	if (!head_only && body != NULL) {
		c->body = body + first;
		c->body_left = body_len - first;
	}
	if (file_fd != -1 && !head_only) {
		c->file_fd = file_fd;
		c->file_left = file_size;
	} else if (file_fd != -1) {
		close(file_fd);
	}
	c->st = C_WRITE;
	c->progress_ms = mtls_evloop_now(c->srv->loop);
	arm(c, c->srv->p.idle_timeout_ms);
}

static void
respond_text(struct conn *c, const struct mtls_httpd_request *req, int status,
	     const char *extra)
{
	char text[1024];

	snprintf(text, sizeof(text), "%s\n",
		 status == 403 && c->deny ? c->deny
					  : mtls_httpd_reason(status));
	respond(c, req, status, "text/plain; charset=utf-8", text, strlen(text),
		-1, 0, extra);
}

/* JSON string contents: '"', '\' and control characters escaped. */
static void
handle(struct conn *c, const struct mtls_httpd_request *req)
{
	struct mtls_httpd_answer ans = { .file_fd = -1 };
	struct mtls_err e;

	c->keep_alive = req->keep_alive;
	if (c->deny != NULL) {
		respond_text(c, req, 403, NULL);
		return;
	}
	if (strcmp(req->method, "GET") != 0 &&
	    strcmp(req->method, "HEAD") != 0) {
		respond_text(c, req, 405, "Allow: GET, HEAD\r\n");
		return;
	}
	if (c->srv->handler->answer(&c->srv->p, c->tls, req, &ans, &e) != 0) {
		log_error(c, "%s", e.msg);
		respond_text(c, req, 500, NULL);
		return;
	}
	if (ans.status != 200) {
		respond_text(c, req, ans.status, NULL);
		return;
	}
	/* A body the handler made is the connection's until it is sent. */
	c->owned = ans.owned;
	if (ans.owned.data != NULL) {
		ans.body = (const char *)ans.owned.data;
		ans.body_len = ans.owned.size;
	}
	respond(c, req, 200, ans.content_type, ans.body, ans.body_len,
		ans.file_fd, ans.file_size, NULL);
}

/* ---- the reverse proxy */

static void
proxy_want(void *arg, uint32_t events)
{
	set_events(arg, events);
}

static void
proxy_log(void *arg, const char *line)
{
	log_error(arg, "%s", line);
}

/* The exchange is over: answer for it, or go on with the connection. */
static void
proxy_done(void *arg, const struct mtls_proxy_result *r)
{
	struct conn *c = arg;

	c->px = NULL;
	c->proxied = true;
	c->backend_status = r->backend_status;
	c->backend_ms = r->backend_ms;
	if (r->answer != 0) {
		c->st = C_READ;
		c->keep_alive = false;
		respond_text(c, r->req, r->answer, NULL);
		conn_output(c);
		return;
	}
	refresh_dates(c->srv);
	log_access(c, r->req, r->status, r->bytes);
	if (r->abort) {
		conn_close(c);
		return;
	}
	if (!r->keep_alive || c->srv->stopping) {
		begin_close(c, true);
		return;
	}
	/* What the client sent after this request is the next one. */
	if (r->rest_len > 0) {
		c->in = malloc(r->rest_len);
		if (c->in == NULL) {
			conn_close(c);
			return;
		}
		memcpy(c->in, r->rest, r->rest_len);
		c->in_len = r->rest_len;
	}
	c->st = C_READ;
	c->keep_alive = true;
	arm(c, c->srv->p.idle_timeout_ms);
	/* Nothing waiting in the TLS layer: the socket says when the next
	 * request comes (a read now would only say "not yet"). */
	if (r->rest_len == 0 && !mtls_tls_conn_pending(c->tls)) {
		set_events(c, EPOLLIN);
		return;
	}
	conn_input(c);
}

/* Hand the connection to an exchange for REQ (head at HEAD, REST the
 * bytes after it). */
static void
proxy_begin(struct conn *c, const char *head,
	    const struct mtls_httpd_request *req, const char *rest,
	    size_t rest_len)
{
	struct mtls_proxy_client cl = {
		.tls = c->tls,
		.identity = c->ident,
		.idle_ms = c->srv->p.idle_timeout_ms,
		.want = proxy_want,
		.log_error = proxy_log,
		.done = proxy_done,
		.arg = c,
	};
	struct mtls_err e;

	if (strcmp(req->method, "CONNECT") == 0) {
		/* A tunnel we do not make. */
		c->keep_alive = false;
		respond_text(c, req, 405, NULL);
		conn_output(c);
		return;
	}
	/* A body we cannot delimit; a target in absolute form, which would
	 * name another server and escape the backend's prefix. */
	if (req->te_other || (req->target[0] != '/' &&
			      !(req->target_len == 1 && req->target[0] == '*' &&
				strcmp(req->method, "OPTIONS") == 0))) {
		c->keep_alive = false;
		respond_text(c, req, 400, NULL);
		conn_output(c);
		return;
	}
	c->st = C_PROXY;
	mtls_timer_cancel(c->srv->loop, &c->t);
	c->px = mtls_proxy_start(c->srv->proxy, &cl, head, req, rest, rest_len,
				 &e);
	if (c->px == NULL) {
		log_error(c, "%s", e.msg);
		c->st = C_READ;
		c->keep_alive = false;
		respond_text(c, req, 500, NULL);
		conn_output(c);
	}
}

/* ---- reading requests */

/* Handle the requests in BUF; returns the bytes used.  Stops after a
 * response that could not be sent at once. */
static size_t
process(struct conn *c, char *buf, size_t len)
{
	const struct mtls_httpd_params *p = &c->srv->p;
	size_t off = 0;

	while (!c->dead && c->st == C_READ && off < len) {
		struct mtls_httpd_request req;
		int r, status;

		if (c->discard > 0) {
			size_t n = len - off < c->discard ? len - off
							  : (size_t)c->discard;

			off += n;
			c->discard -= n;
			continue;
		}
		r = mtls_httpd_request_parse(buf + off, len - off, p->max_head,
					     &req, &status);
		if (r == 0)
			break;
		if (r < 0) {
			c->keep_alive = false;
			respond_text(c, NULL, status, NULL);
			conn_output(c);
			off = len;
			break;
		}
		off += req.head_len;
		if (p->backend != NULL && c->deny == NULL) {
			proxy_begin(c, buf + off - req.head_len, &req,
				    buf + off, len - off);
			off = len;
			break;
		}
		if (req.chunked || req.te_other) {
			/* A body we would have to decode only to skip (a
			 * denied client learns why it is denied). */
			c->keep_alive = false;
			respond_text(c, &req, c->deny != NULL ? 403 : 411,
				     NULL);
			conn_output(c);
			off = len;
			break;
		}
		if (req.content_length > p->max_body) {
			c->keep_alive = false;
			respond_text(c, &req, 413, NULL);
			conn_output(c);
			off = len;
			break;
		}
		if (req.expect_other) {
			c->keep_alive = false;
			respond_text(c, &req, 417, NULL);
			conn_output(c);
			off = len;
			break;
		}
		if (req.expect_continue && req.content_length > 0 &&
		    off == len) {
			/* The client waits for our word before it sends
			 * the body, which no answer here reads: answer now
			 * and close, rather than wait for a body that may
			 * never come or take one that was not sent. */
			req.keep_alive = false;
			handle(c, &req);
			conn_output(c);
			off = len;
			break;
		}
		c->discard = req.content_length;
		handle(c, &req);
		conn_output(c);
	}
	return off;
}

static void
conn_input(struct conn *c)
{
	struct mtls_httpd *srv = c->srv;
	char *buf = srv->scratch;

	while (!c->dead && c->st == C_READ) {
		size_t len = c->in_len, used;
		bool eof = false, full;
		ssize_t r = 0;

		if (len > 0) /* c->in is NULL when empty */
			memcpy(buf, c->in, len);
		free(c->in);
		c->in = NULL;
		c->in_len = 0;
		while (len < srv->scratch_size) {
			r = mtls_tls_conn_read(c->tls, buf + len,
					       srv->scratch_size - len);
			if (r <= 0)
				break;
			len += (size_t)r;
			/* What the TLS layer holds comes now; whether the
			 * socket holds more, epoll says when we wait again (a
			 * read now would mostly only say "not yet"). */
			if (!mtls_tls_conn_pending(c->tls))
				break;
		}
		if (r == 0) {
			eof = true;
		} else if (r < 0 && r != MTLS_TLS_WANT_READ &&
			   r != MTLS_TLS_WANT_WRITE) {
			conn_close(c);
			return;
		}
		full = len == srv->scratch_size;
		used = process(c, buf, len);
		if (c->dead)
			return;
		if (used < len) {
			c->in = malloc(len - used);
			if (c->in == NULL) {
				conn_close(c);
				return;
			}
			memcpy(c->in, buf + used, len - used);
			c->in_len = len - used;
		}
		if (c->st != C_READ)
			return;
		if (eof) {
			conn_close(c);
			return;
		}
		if (srv->stopping && c->in_len == 0 && c->discard == 0) {
			begin_close(c, true);
			return;
		}
		if (!full) {
			set_events(c, r == MTLS_TLS_WANT_WRITE ? EPOLLOUT
							       : EPOLLIN);
			return;
		}
	}
}

/* ---- writing responses */

static void
conn_output(struct conn *c)
{
	while (!c->dead && c->st == C_WRITE) {
		const char *data;
		size_t n;
		ssize_t r;

		if (c->out_off < c->out_len) {
			data = c->out + c->out_off;
			n = c->out_len - c->out_off;
		} else if (c->body_left > 0) {
			data = c->body;
			n = c->body_left;
		} else if (c->file_left > 0) {
			ssize_t got = read(c->file_fd, c->out,
					   c->file_left < RECORD_MAX
						   ? (size_t)c->file_left
						   : RECORD_MAX);

			if (got <= 0) {
				/* The file shrank under us: the length we
				 * promised cannot be kept. */
				log_error(c, "cannot read the file being "
					     "sent");
				conn_close(c);
				return;
			}
			c->file_left -= (uint64_t)got;
			c->out_len = (size_t)got;
			c->out_off = 0;
			continue;
		} else {
			break;
		}
		if (n > RECORD_MAX)
			n = RECORD_MAX;
		r = mtls_tls_conn_write(c->tls, data, n);
		if (r == MTLS_TLS_WANT_WRITE || r == MTLS_TLS_WANT_READ) {
			set_events(c, r == MTLS_TLS_WANT_WRITE ? EPOLLOUT
							       : EPOLLIN);
			return;
		}
		if (r < 0) {
			conn_close(c);
			return;
		}
		c->progress_ms = mtls_evloop_now(c->srv->loop);
		if (c->out_off < c->out_len) {
			c->out_off += (size_t)r;
		} else {
			c->body += r;
			c->body_left -= (size_t)r;
		}
	}
	if (c->dead || c->st != C_WRITE)
		return;
	/* The response is out. */
	free(c->out);
	c->out = NULL;
	gnutls_free(c->owned.data);
	c->owned.data = NULL;
	c->out_len = c->out_off = 0;
	c->body = NULL;
	if (c->file_fd != -1) {
		close(c->file_fd);
		c->file_fd = -1;
	}
	if (!c->keep_alive || c->srv->stopping) {
		begin_close(c, true);
		return;
	}
	c->st = C_READ;
	arm(c, c->srv->p.idle_timeout_ms);
}

/* ---- closing */

static void
linger(struct conn *c)
{
	char buf[4096];
	ssize_t r;

	do
		r = read(c->w.fd, buf, sizeof(buf));
	while (r > 0);
	if (r == 0 || (errno != EAGAIN && errno != EINTR))
		conn_close(c);
	else
		set_events(c, EPOLLIN);
}

static void
close_notify(struct conn *c)
{
	int r = mtls_tls_conn_close_notify(c->tls);

	if (r == MTLS_TLS_WANT_WRITE || r == MTLS_TLS_WANT_READ) {
		set_events(c, r == MTLS_TLS_WANT_WRITE ? EPOLLOUT : EPOLLIN);
		return;
	}
	/* Our side is done: let the client read what we sent before the
	 * socket goes away. */
	shutdown(c->w.fd, SHUT_WR);
	c->st = C_LINGER;
	linger(c);
}

/* Close gracefully: optionally close_notify, then shut down our side
 * and read and discard what the client still sends, for a bounded time.
 * Closing at once with unread data would make the kernel send a reset,
 * which can destroy our last record (an alert) before the client reads
 * it. */
static void
begin_close(struct conn *c, bool notify)
{
	if (c->dead)
		return;
	arm(c, LINGER_MS);
	if (notify) {
		c->st = C_CLOSE_NOTIFY;
		close_notify(c);
		return;
	}
	shutdown(c->w.fd, SHUT_WR);
	c->st = C_LINGER;
	linger(c);
}

/* ---- events */

static void
conn_event(void *arg, uint32_t events)
{
	struct conn *c = arg;

	if (c->dead)
		return;
	switch (c->st) {
	case C_HANDSHAKE:
		do_handshake(c);
		break;
	case C_READ:
		conn_input(c);
		break;
	case C_WRITE:
		conn_output(c);
		if (!c->dead && c->st == C_READ)
			conn_input(c);
		break;
	case C_PROXY:
	case C_TUNNEL:
		if (c->st == C_PROXY)
			mtls_proxy_client_event(c->px);
		else
			mtls_tunnel_client_event(c->tun);
		/* Gone while nothing was asked of its socket (waiting for
		 * the backend): epoll reports it anyway, and would go on
		 * reporting it. */
		if (!c->dead && (c->st == C_PROXY || c->st == C_TUNNEL) &&
		    (events & (EPOLLHUP | EPOLLERR))) {
			log_error(c, "the client went away; closed");
			conn_close(c);
		}
		break;
	case C_CLOSE_NOTIFY:
		close_notify(c);
		break;
	case C_LINGER:
		linger(c);
		break;
	}
}

static void
conn_timeout(void *arg)
{
	struct conn *c = arg;

	const struct mtls_httpd_params *p = &c->srv->p;
	uint64_t now = mtls_evloop_now(c->srv->loop), quiet;

	switch (c->st) {
	case C_HANDSHAKE:
		if (!c->hello_seen && mtls_tls_conn_hello_received(c->tls) &&
		    p->handshake_timeout_ms > c->srv->hello_ms) {
			/* The rest of the handshake gets the rest of its
			 * time. */
			c->hello_seen = true;
			arm(c, p->handshake_timeout_ms - c->srv->hello_ms);
			break;
		}
		if (!c->hello_seen && !mtls_tls_conn_hello_received(c->tls))
			log_error(c, "no TLS ClientHello within %u ms; closed",
				  c->srv->hello_ms);
		else
			log_error(c, "handshake timed out after %u ms",
				  p->handshake_timeout_ms);
		conn_close(c);
		break;
	case C_READ:
		/* Idle between requests is normal; a request that does
		 * not arrive whole in time is not. */
		if (c->in_len > 0 || c->discard > 0)
			log_error(c,
				  "request not received within %u ms; "
				  "closed",
				  p->idle_timeout_ms);
		begin_close(c, true);
		break;
	case C_WRITE:
		/* Still reading what we send, only slowly: the idle time
		 * counts from the last progress. */
		quiet = now - c->progress_ms;
		if (quiet < p->idle_timeout_ms) {
			arm(c, (unsigned)(p->idle_timeout_ms - quiet));
			break;
		}
		log_error(c,
			  "the client read nothing of the response for "
			  "%u ms; closed",
			  p->idle_timeout_ms);
		conn_close(c);
		break;
	default:
		conn_close(c);
		break;
	}
}

static void
stop_timeout(void *arg)
{
	struct mtls_httpd *srv = arg;

	while (srv->conns != NULL)
		conn_close(srv->conns);
}

/* ---- the server */

struct mtls_httpd *
mtls_httpd_new(const struct mtls_httpd_params *params,
	       struct mtls_tls_server *tls, struct mtls_err *e)
{
	struct mtls_httpd *srv = calloc(1, sizeof(*srv));

	if (srv == NULL) {
		mtls_err_set(e, "out of memory");
		return NULL;
	}
	srv->p = *params;
	if (srv->p.max_head == 0)
		srv->p.max_head = MTLS_HTTPD_HEAD_MAX;
	srv->tls = tls;
	/* Chosen once: every request of this worker goes to it. */
	if (srv->p.root != NULL)
		srv->handler = &mtls_httpd_files_handler;
	else if (srv->p.body != NULL)
		srv->handler = &mtls_httpd_body_handler;
	else
		srv->handler = &mtls_httpd_whoami_handler;
	srv->scratch_size = srv->p.max_head + RECORD_MAX;
	srv->scratch = malloc(srv->scratch_size);
	srv->loop = mtls_evloop_new(e);
	if (srv->scratch == NULL || srv->loop == NULL) {
		if (srv->scratch == NULL)
			mtls_err_set(e, "out of memory");
		mtls_httpd_free(srv);
		return NULL;
	}
	if (srv->p.backend != NULL && !srv->p.backend->tcp &&
	    (srv->proxy = mtls_proxy_new(srv->p.backend,
					 srv->p.backend_timeout_ms
						 ? srv->p.backend_timeout_ms
						 : BACKEND_TIMEOUT_MS,
					 srv->scratch_size, srv->loop, e)) ==
		    NULL) {
		mtls_httpd_free(srv);
		return NULL;
	}
	srv->stop_timer.cb = stop_timeout;
	srv->stop_timer.arg = srv;
	srv->accept_timer.cb = accept_unpause;
	srv->accept_timer.arg = srv;
	srv->max_handshakes = srv->p.max_handshakes_per_address
				      ? srv->p.max_handshakes_per_address
				      : HANDSHAKES_PER_ADDRESS;
	srv->hello_ms = srv->p.hello_timeout_ms ? srv->p.hello_timeout_ms
						: HELLO_TIMEOUT_MS;
	if (srv->p.handshake_timeout_ms == 0)
		srv->p.handshake_timeout_ms = HANDSHAKE_TIMEOUT_MS;
	if (srv->p.idle_timeout_ms == 0)
		srv->p.idle_timeout_ms = IDLE_TIMEOUT_MS;
	if (srv->hello_ms > srv->p.handshake_timeout_ms)
		srv->hello_ms = srv->p.handshake_timeout_ms;
	return srv;
}

void
mtls_httpd_free(struct mtls_httpd *srv)
{
	if (srv == NULL)
		return;
	while (srv->conns != NULL)
		conn_close(srv->conns);
	while (srv->dead != NULL) {
		struct conn *c = srv->dead;

		srv->dead = c->next;
		mtls_tunnel_free(c->tun);
		free(c);
	}
	listeners_set(srv, false);
	mtls_proxy_free(srv->proxy);
	free(srv->ls);
	free(srv->scratch);
	mtls_buf_free(&srv->log_line);
	mtls_evloop_free(srv->loop);
	free(srv);
}

int
mtls_httpd_add_listener(struct mtls_httpd *srv, int fd, struct mtls_err *e)
{
	struct listener *ls;

	/* The array moves when it grows: take the listeners out of the loop
	 * and put them back at their new addresses. */
	listeners_set(srv, false);
	ls = realloc(srv->ls, (srv->nls + 1) * sizeof(*ls));
	if (ls == NULL) {
		listeners_set(srv, true);
		return mtls_err_set(e, "out of memory");
	}
	srv->ls = ls;
	memset(&ls[srv->nls], 0, sizeof(ls[0]));
	ls[srv->nls].w.fd = fd;
	srv->nls++;
	for (size_t i = 0; i < srv->nls; i++) {
		ls[i].w.cb = listener_event;
		ls[i].w.arg = &ls[i];
		ls[i].srv = srv;
	}
	listeners_set(srv, true);
	if (!ls[srv->nls - 1].on)
		return mtls_err_set(e, "cannot watch the listening socket");
	return 0;
}

int
mtls_httpd_watch(struct mtls_httpd *srv, struct mtls_ev_watch *w,
		 struct mtls_err *e)
{
	return mtls_evloop_add(srv->loop, w, EPOLLIN, e);
}

void
mtls_httpd_stop(struct mtls_httpd *srv)
{
	struct conn *c, *next;
	struct mtls_err e;

	if (srv->stopping)
		return;
	srv->stopping = true;
	listeners_set(srv, false);
	mtls_proxy_drop_idle(srv->proxy);
	/* Idle connections and handshakes go now; requests being read or
	 * answered may finish, for a bounded time. */
	for (c = srv->conns; c != NULL; c = next) {
		next = c->next;
		if (c->st == C_HANDSHAKE)
			conn_close(c);
		else if (c->st == C_READ && c->in_len == 0 && c->discard == 0)
			begin_close(c, true);
	}
	if (mtls_timer_set(srv->loop, &srv->stop_timer, STOP_GRACE_MS, &e) != 0)
		stop_timeout(srv);
}

int
mtls_httpd_run(struct mtls_httpd *srv, struct mtls_err *e)
{
	while (!srv->stopping || srv->conns != NULL) {
		if (mtls_evloop_run_once(srv->loop, -1, e) != 0)
			return -1;
		if (srv->p.log_flush != NULL)
			srv->p.log_flush(srv->p.log_arg);
		while (srv->dead != NULL) {
			struct conn *c = srv->dead;

			srv->dead = c->next;
			mtls_tunnel_free(c->tun);
			free(c);
		}
		mtls_proxy_reap(srv->proxy);
	}
	mtls_timer_cancel(srv->loop, &srv->stop_timer);
	mtls_timer_cancel(srv->loop, &srv->accept_timer);
	return 0;
}
