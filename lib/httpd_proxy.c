/*
 * httpd_proxy.c -- the reverse proxy: one client request forwarded to the
 * backend and its answer streamed back, over a per-worker pool of
 * keep-alive backend connections.
 *
 * An exchange moves bytes through four bounded buffers: raw bytes from
 * the client (CIN), the request body framed for the backend (UP), the
 * backend's response head while it arrives (RHEAD), and the response
 * framed for the client (DOWN).  A buffer that is full stops the read
 * that fills it, so a slow reader slows the writer on the other side
 * and memory stays the same whatever the size of a body.  Bodies are
 * decoded (Content-Length, chunked, or until the backend closes) and
 * framed again for the other side; hop-by-hop headers and every header
 * of the identity set are removed, ours are added.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "mtls_internal.h"

#define RECORD_MAX 16384	/* plaintext of one TLS record */
#define UP_SIZE (32 * 1024)	/* request body framed for the backend */
#define DOWN_SIZE (64 * 1024)	/* response framed for the client */
#define RHEAD_SIZE (16 * 1024)	/* the backend's response head */
#define FRAME_RESERVE 64	/* chunk framing added by one feed */
#define HEAD_RESERVE 256	/* what a rewritten head may grow by */
#define POOL_IDLE_MS 60000	/* an unused backend connection */
#define POOL_MAX 64		/* idle backend connections kept */
#define SPARE_MAX 64		/* finished exchanges kept with their buffers */
#define SPARE_TRIM_MS 10000	/* how often unneeded spares are let go */
#define CHUNK_LINE_MAX 1024	/* chunk size line with extensions */
#define TRAILER_MAX (16 * 1024) /* trailer fields, read and let go */
#define CONNECTION_TOKENS_MAX 16 /* headers a Connection field names */

/* ---- body framing */

enum dstate {
	D_LENGTH, /* LEFT bytes to go */
	D_SIZE,	  /* a chunk size line */
	D_DATA,	  /* LEFT bytes of a chunk */
	D_DATA_END,
	D_TRAILER,
	D_CLOSE, /* until the end of the connection */
	D_DONE,
};

struct dec {
	enum dstate st;
	uint64_t left;
	char line[CHUNK_LINE_MAX];
	size_t line_len;
	size_t trailer_len;
	bool chunked_out; /* frame the decoded bytes as chunks */
	uint64_t bytes;	  /* body bytes decoded */
};

struct sink {
	char *buf;
	size_t len;
};

static void
emit(struct dec *d, struct sink *s, const char *p, size_t n)
{
	if (n == 0)
		return;
	d->bytes += n;
	if (d->chunked_out)
		s->len += (size_t)sprintf(s->buf + s->len, "%zx\r\n", n);
	memcpy(s->buf + s->len, p, n);
	s->len += n;
	if (d->chunked_out) {
		memcpy(s->buf + s->len, "\r\n", 2);
		s->len += 2;
	}
}

static void
emit_end(struct dec *d, struct sink *s)
{
	d->st = D_DONE;
	if (d->chunked_out) {
		memcpy(s->buf + s->len, "0\r\n\r\n", 5);
		s->len += 5;
	}
}

/* Add C to the line being read: 1 at its end (without CR LF), 0 for
 * more, -1 when too long or a bare CR. */
static int
line_byte(struct dec *d, char c)
{
	if (c == '\n') {
		if (d->line_len > 0 && d->line[d->line_len - 1] == '\r')
			d->line_len--;
		d->line[d->line_len] = '\0';
		return 1;
	}
	if (d->line_len + 1 >= sizeof(d->line))
		return -1;
	d->line[d->line_len++] = c;
	return 0;
}

static int
chunk_size(const char *line, uint64_t *out)
{
	uint64_t v = 0;
	int digits = 0;

	for (; mtls_hex_value(*line) >= 0; line++, digits++) {
		if (digits >= 15)
			return -1;
		v = v * 16 + (uint64_t)mtls_hex_value(*line);
	}
	if (digits == 0)
		return -1;
	while (*line == ' ' || *line == '\t')
		line++;
	if (*line != '\0' && *line != ';')
		return -1;
	*out = v;
	return 0;
}

/* Decode N bytes of IN into S (which has room for N + FRAME_RESERVE);
 * returns the bytes used (fewer only at the end of the body), or -1 when
 * the framing is broken. */
static ssize_t
dec_feed(struct dec *d, const char *in, size_t n, struct sink *s)
{
	const char *p = in, *end = in + n;
	size_t k;
	int got;

	while (p < end && d->st != D_DONE) {
		switch (d->st) {
		case D_LENGTH:
		case D_DATA:
			k = (size_t)(end - p);
			if (k > d->left)
				k = (size_t)d->left;
			emit(d, s, p, k);
			p += k;
			d->left -= k;
			if (d->left == 0) {
				if (d->st == D_LENGTH) {
					emit_end(d, s);
				} else {
					d->st = D_DATA_END;
					d->line_len = 0;
				}
			}
			break;
		case D_CLOSE:
			emit(d, s, p, (size_t)(end - p));
			p = end;
			break;
		case D_SIZE:
			got = line_byte(d, *p++);
			if (got == 0)
				break;
			if (got < 0 || chunk_size(d->line, &d->left) != 0)
				return -1;
			d->line_len = 0;
			d->trailer_len = 0;
			d->st = d->left == 0 ? D_TRAILER : D_DATA;
			break;
		case D_DATA_END:
			got = line_byte(d, *p++);
			if (got == 0)
				break;
			if (got < 0 || d->line[0] != '\0')
				return -1;
			d->line_len = 0;
			d->st = D_SIZE;
			break;
		case D_TRAILER:
			got = line_byte(d, *p++);
			if (++d->trailer_len > TRAILER_MAX || got < 0)
				return -1;
			if (got == 0)
				break;
			if (d->line[0] == '\0')
				emit_end(d, s);
			d->line_len = 0;
			break;
		case D_DONE:
			break;
		}
	}
	return p - in;
}

/* ---- header helpers */

static bool
name_is(const char *name, size_t len, const char *want)
{
	return strlen(want) == len && strncasecmp(name, want, len) == 0;
}

/* Does the comma-separated list V (LEN bytes) hold TOKEN? */
static bool
list_has(const char *v, size_t len, const char *token, size_t tl)
{
	size_t i = 0;

	while (i < len) {
		size_t s, e;

		while (i < len && (v[i] == ' ' || v[i] == '\t' || v[i] == ','))
			i++;
		s = i;
		while (i < len && v[i] != ',')
			i++;
		e = i;
		while (e > s && (v[e - 1] == ' ' || v[e - 1] == '\t'))
			e--;
		if (e - s == tl && strncasecmp(v + s, token, tl) == 0)
			return true;
	}
	return false;
}

/* One header line of a head. */
struct field {
	const char *name, *value;
	size_t name_len, value_len;
	const char *line; /* the whole line with its CRLF */
	size_t line_len;
};

/* The next field of the head at *P (ending at END); false at the empty
 * line or on a malformed line (*BAD set).  With CHECK false, the head is
 * known to be well formed (checked once already): only split. */
static bool
next_field(const char **p, const char *end, struct field *f, bool *bad,
	   bool check)
{
	const char *eol = memchr(*p, '\n', (size_t)(end - *p)), *colon, *v, *ve;

	*bad = false;
	if (eol == NULL) {
		*bad = true;
		return false;
	}
	ve = eol > *p && eol[-1] == '\r' ? eol - 1 : eol;
	if (ve == *p)
		return false;
	colon = memchr(*p, ':', (size_t)(ve - *p));
	if (colon == NULL || colon == *p || **p == ' ' || **p == '\t') {
		*bad = true;
		return false;
	}
	if (check) {
		for (const char *q = *p; q < colon; q++)
			if (!mtls_is_tchar((unsigned char)*q)) {
				*bad = true;
				return false;
			}
		for (const char *q = colon + 1; q < ve; q++)
			if ((unsigned char)*q < 0x20 && *q != '\t') {
				*bad = true;
				return false;
			}
	}
	v = colon + 1;
	while (v < ve && (*v == ' ' || *v == '\t'))
		v++;
	while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
		ve--;
	f->name = *p;
	f->name_len = (size_t)(colon - *p);
	f->value = v;
	f->value_len = (size_t)(ve - v);
	f->line = *p;
	f->line_len = (size_t)(eol + 1 - *p);
	*p = eol + 1;
	return true;
}

/* The values of the Connection fields of a head, which name more
 * hop-by-hop fields. */
struct conn_tokens {
	const char *v[CONNECTION_TOKENS_MAX];
	size_t len[CONNECTION_TOKENS_MAX];
	unsigned n;
	bool close, keep_alive;
};

static void
collect_connection_field(const struct field *f, struct conn_tokens *t)
{
	if (!name_is(f->name, f->name_len, "connection"))
		return;
	if (list_has(f->value, f->value_len, "close", 5))
		t->close = true;
	if (list_has(f->value, f->value_len, "keep-alive", 10))
		t->keep_alive = true;
	if (t->n < CONNECTION_TOKENS_MAX) {
		t->v[t->n] = f->value;
		t->len[t->n++] = f->value_len;
	}
}

/* The Connection fields of a head already checked. */
static void
collect_connection(const char *fields, const char *end, struct conn_tokens *t)
{
	struct field f;
	bool bad;

	memset(t, 0, sizeof(*t));
	while (next_field(&fields, end, &f, &bad, false))
		collect_connection_field(&f, t);
}

/* RFC 9110 7.6.1: fields meant for one connection only, never
 * forwarded. */
static bool
hop_by_hop(const struct field *f, const struct conn_tokens *t)
{
	static const struct {
		const char *s;
		size_t len;
	} names[] = {
		{ "connection", 10 },
		{ "keep-alive", 10 },
		{ "proxy-connection", 16 },
		{ "te", 2 },
		{ "trailer", 7 },
		{ "transfer-encoding", 17 },
		{ "upgrade", 7 },
		{ "content-length", 14 }, /* framed again */
		{ "proxy-authorization", 19 },
		{ "proxy-authenticate", 18 },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].len == f->name_len &&
		    strncasecmp(f->name, names[i].s, f->name_len) == 0)
			return true;
	for (unsigned i = 0; i < t->n; i++)
		if (list_has(t->v[i], t->len[i], f->name, f->name_len))
			return true;
	return false;
}

/* ---- the pool of backend connections */

struct bconn {
	struct mtls_ev_watch w;
	struct mtls_timer t; /* while idle in the pool */
	struct mtls_proxy *px;
	struct bconn *prev, *next; /* in the pool or the dead list */
	struct mtls_proxy_xfer *x; /* the exchange using it, or NULL */
	bool in_pool;
	/* Worth a recv: epoll said so, or no recv has said EAGAIN since
	 * (saves a system call that would fail right after each send). */
	bool readable;
};

struct mtls_proxy {
	struct mtls_backend b;
	unsigned timeout_ms;
	struct mtls_evloop *loop;
	struct bconn *idle, *dead;
	unsigned nidle;
	char *scratch; /* what is read from a backend, before decoding */
	size_t cin_size;
	/* Finished exchanges kept with their buffers for the next ones: no
	 * malloc per request, however many are in flight at once.  Every
	 * SPARE_TRIM_MS, the spares no exchange needed meanwhile (the fewest
	 * there were) are let go, so memory returns to rest after a burst. */
	struct mtls_proxy_xfer *spares;
	unsigned nspare, spare_low;
	struct mtls_timer spare_t;
};

enum xstate {
	X_CONNECT, /* connecting to the backend */
	X_HEAD,	   /* waiting for the response head */
	X_BODY,	   /* streaming the response body */
	X_DONE,
};

struct mtls_proxy_xfer {
	struct mtls_proxy *px;
	struct mtls_proxy_xfer *next_spare;
	struct mtls_proxy_client cl;
	struct mtls_httpd_request req; /* TARGET points into TARGET_COPY */
	struct mtls_buf target_copy;
	struct mtls_timer t;
	struct bconn *bc;
	enum xstate st;
	bool reused, retried, any_response, head_request, idempotent;
	bool starting;	   /* mtls_proxy_start has not returned yet */
	bool finish_due;   /* finish when the timer fires */
	int finish_answer; /* with this status (0: none) */
	bool finish_close;
	/* Request: head, then the body as it comes. */
	struct mtls_buf head;
	size_t head_off;
	bool has_body;
	struct dec reqdec;
	char *cin;
	size_t cin_len;
	char *up;
	size_t up_off, up_len;
	bool client_eof;
	bool client_want_write; /* the TLS read needs the socket writable */
	/* Response. */
	char *rhead;
	size_t rhead_len;
	int bstatus;
	struct dec resdec;
	bool backend_keep, client_close;
	char *down;
	size_t down_off, down_len, wpending;
	bool write_blocked;
	bool write_wants_read;
	bool backend_write_blocked;
	uint32_t cev; /* what the client socket is watched for */
	uint64_t started_ms, client_ms, backend_ms, head_ms;
};

static void bconn_event(void *arg, uint32_t events);
static bool backend_failed(struct mtls_proxy_xfer *x, int code,
			   const char *why);
static void xfer_release(struct mtls_proxy_xfer *x);
static void xfer_timeout(void *arg);
static void pump(struct mtls_proxy_xfer *x, bool client_event);

static void
bconn_free_later(struct bconn *bc)
{
	struct mtls_proxy *px = bc->px;

	if (bc->in_pool) {
		if (bc->prev)
			bc->prev->next = bc->next;
		else
			px->idle = bc->next;
		if (bc->next)
			bc->next->prev = bc->prev;
		px->nidle--;
		bc->in_pool = false;
	}
	mtls_timer_cancel(px->loop, &bc->t);
	mtls_evloop_del(px->loop, &bc->w);
	close(bc->w.fd);
	bc->w.fd = -1;
	bc->x = NULL;
	/* An event of the current round may still name it. */
	bc->next = px->dead;
	px->dead = bc;
}

static void
pool_timeout(void *arg)
{
	bconn_free_later(arg);
}

static void
pool_put(struct mtls_proxy *px, struct bconn *bc)
{
	struct mtls_err e;

	bc->x = NULL;
	if (px->nidle >= POOL_MAX ||
	    mtls_evloop_mod(px->loop, &bc->w, EPOLLIN | EPOLLRDHUP, &e) != 0 ||
	    mtls_timer_set(px->loop, &bc->t, POOL_IDLE_MS, &e) != 0) {
		bconn_free_later(bc);
		return;
	}
	bc->in_pool = true;
	bc->prev = NULL;
	bc->next = px->idle;
	if (px->idle)
		px->idle->prev = bc;
	px->idle = bc;
	px->nidle++;
}

/* The most recently used idle connection (its peer is the least likely
 * to have closed it), or NULL. */
static struct bconn *
pool_take(struct mtls_proxy *px)
{
	struct bconn *bc = px->idle;

	if (bc == NULL)
		return NULL;
	px->idle = bc->next;
	if (px->idle)
		px->idle->prev = NULL;
	px->nidle--;
	bc->in_pool = false;
	mtls_timer_cancel(px->loop, &bc->t);
	return bc;
}

static struct bconn *
bconn_connect(struct mtls_proxy *px, struct mtls_err *e)
{
	struct bconn *bc = calloc(1, sizeof(*bc));

	if (bc == NULL) {
		mtls_err_set(e, "out of memory");
		return NULL;
	}
	bc->px = px;
	bc->w.fd = mtls_backend_connect(&px->b, e);
	if (bc->w.fd == -1) {
		free(bc);
		return NULL;
	}
	bc->w.cb = bconn_event;
	bc->w.arg = bc;
	bc->t.cb = pool_timeout;
	bc->t.arg = bc;
	if (mtls_evloop_add(px->loop, &bc->w, EPOLLOUT, e) != 0) {
		close(bc->w.fd);
		free(bc);
		return NULL;
	}
	return bc;
}

static void
bconn_event(void *arg, uint32_t events)
{
	struct bconn *bc = arg;

	if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))
		bc->readable = true;
	if (bc->x != NULL) {
		struct mtls_proxy_xfer *x = bc->x;

		if (x->st == X_DONE)
			return;
		/* Reset while we wait for the client: epoll reports it even
		 * with no events asked for, and would go on reporting it. */
		if ((events & (EPOLLHUP | EPOLLERR)) &&
		    !(bc->w.events & (EPOLLIN | EPOLLOUT))) {
			if (!backend_failed(x, 502, "the connection was reset"))
				pump(x, false);
			return;
		}
		pump(x, false);
		return;
	}
	/* Idle: the backend closed it, or sent what nobody asked for. */
	if (bc->in_pool)
		bconn_free_later(bc);
}

static void
spare_trim(void *arg)
{
	struct mtls_proxy *px = arg;
	struct mtls_err e;

	for (unsigned n = px->spare_low; n > 0 && px->spares != NULL; n--) {
		struct mtls_proxy_xfer *x = px->spares;

		px->spares = x->next_spare;
		px->nspare--;
		xfer_release(x);
	}
	px->spare_low = px->nspare;
	/* Nothing to let go of if this fails: the spares stay until the
	 * next one is kept, which sets the timer again. */
	if (px->nspare > 0)
		(void)mtls_timer_set(px->loop, &px->spare_t, SPARE_TRIM_MS, &e);
}

struct mtls_proxy *
mtls_proxy_new(const struct mtls_backend *b, unsigned timeout_ms,
	       size_t cin_size, struct mtls_evloop *loop, struct mtls_err *e)
{
	struct mtls_proxy *px = calloc(1, sizeof(*px));

	if (px == NULL || (px->scratch = malloc(DOWN_SIZE)) == NULL) {
		free(px);
		mtls_err_set(e, "out of memory");
		return NULL;
	}
	px->b = *b;
	px->timeout_ms = timeout_ms;
	px->cin_size = cin_size;
	px->loop = loop;
	px->spare_t.cb = spare_trim;
	px->spare_t.arg = px;
	return px;
}

void
mtls_proxy_reap(struct mtls_proxy *px)
{
	if (px == NULL)
		return;
	while (px->dead != NULL) {
		struct bconn *bc = px->dead;

		px->dead = bc->next;
		free(bc);
	}
}

void
mtls_proxy_drop_idle(struct mtls_proxy *px)
{
	if (px == NULL)
		return;
	while (px->idle != NULL)
		bconn_free_later(px->idle);
}

void
mtls_proxy_free(struct mtls_proxy *px)
{
	if (px == NULL)
		return;
	mtls_proxy_drop_idle(px);
	mtls_proxy_reap(px);
	mtls_timer_cancel(px->loop, &px->spare_t);
	while (px->spares != NULL) {
		struct mtls_proxy_xfer *x = px->spares;

		px->spares = x->next_spare;
		xfer_release(x);
	}
	free(px->scratch);
	free(px);
}

/* ---- an exchange */

static void xlog(struct mtls_proxy_xfer *x, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
xlog(struct mtls_proxy_xfer *x, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	x->cl.log_error(x->cl.arg, line);
}

static void
xfer_release(struct mtls_proxy_xfer *x)
{
	mtls_buf_free(&x->head);
	mtls_buf_free(&x->target_copy);
	free(x->cin);
	free(x->up);
	free(x->rhead);
	free(x->down);
	free(x);
}

static void
xfer_free(struct mtls_proxy_xfer *x)
{
	struct mtls_proxy *px;

	if (x == NULL)
		return;
	px = x->px;
	mtls_timer_cancel(px->loop, &x->t);
	if (x->bc != NULL)
		bconn_free_later(x->bc);
	x->bc = NULL;
	if (px->nspare < SPARE_MAX && x->cin != NULL && x->up != NULL &&
	    x->rhead != NULL && x->down != NULL && !x->head.failed) {
		struct mtls_err e;

		mtls_buf_reset(&x->head);
		x->next_spare = px->spares;
		px->spares = x;
		px->nspare++;
		if (px->spare_t.slot == 0 &&
		    mtls_timer_set(px->loop, &px->spare_t, SPARE_TRIM_MS, &e) !=
			    0) {
			/* Without the timer it would never be let go. */
			px->spares = x->next_spare;
			px->nspare--;
			xfer_release(x);
		}
		return;
	}
	xfer_release(x);
}

void
mtls_proxy_abort(struct mtls_proxy_xfer *x)
{
	xfer_free(x);
}

/* The exchange is over: ANSWER is a status for the connection to answer
 * itself (the backend failed before any of its answer was sent), CLOSE
 * that the client connection cannot go on.  X is gone afterwards. */
static void
finish(struct mtls_proxy_xfer *x, int answer, bool close_client)
{
	struct mtls_proxy_result res = { 0 };
	struct mtls_err e;

	if (x->starting) {
		/* The connection is still inside mtls_proxy_start: say it
		 * from the event loop instead. */
		x->finish_due = true;
		x->finish_answer = answer;
		x->finish_close = close_client;
		x->st = X_DONE;
		if (mtls_timer_set(x->px->loop, &x->t, 0, &e) != 0)
			xlog(x, "%s", e.msg);
		return;
	}
	if (x->bc != NULL) {
		/* Reused only when both messages ended where their framing
		 * says: then the next request starts on a clean stream. */
		if (answer == 0 && !close_client && x->backend_keep &&
		    x->reqdec.st == D_DONE && x->head_off == x->head.len &&
		    x->up_off == x->up_len && x->resdec.st == D_DONE)
			pool_put(x->px, x->bc);
		else
			bconn_free_later(x->bc);
		x->bc = NULL;
	}
	res.answer = answer;
	res.keep_alive = answer == 0 && !close_client && x->req.keep_alive &&
			 !x->client_close && x->reqdec.st == D_DONE;
	res.status = answer != 0 ? answer : x->bstatus;
	res.bytes = x->resdec.bytes;
	res.backend_status = x->bstatus;
	res.backend_ms =
		(unsigned)((x->head_ms ? x->head_ms
				       : mtls_evloop_now(x->px->loop)) -
			   x->started_ms);
	if (res.keep_alive) {
		res.rest = x->cin;
		res.rest_len = x->cin_len;
	}
	res.req = &x->req;
	x->cl.done(x->cl.arg, &res);
	xfer_free(x);
}

/* The backend failed (WHY) before the exchange could end: retry, answer
 * CODE, or cut the client off when its answer has begun.  Returns true
 * when X is gone. */
static bool
backend_failed(struct mtls_proxy_xfer *x, int code, const char *why)
{
	struct mtls_err e;

	/* A kept-alive connection the backend closed just as we used it:
	 * nothing was answered, and a request without a body is still
	 * whole in our hands, so it is sent once more on a new
	 * connection (only for methods that may be repeated). */
	if (x->reused && !x->retried && !x->any_response && !x->has_body &&
	    x->idempotent && x->st != X_BODY) {
		bconn_free_later(x->bc);
		x->bc = NULL;
		x->retried = true;
		x->reused = false;
		x->head_off = 0;
		x->bc = bconn_connect(x->px, &e);
		if (x->bc != NULL) {
			x->bc->x = x;
			x->st = X_CONNECT;
			x->backend_ms = mtls_evloop_now(x->px->loop);
			return false;
		}
		why = e.msg;
	}
	if (x->st == X_BODY) {
		xlog(x, "backend %s: %s in the middle of the response; closed",
		     x->px->b.name, why);
		finish(x, 0, true);
	} else {
		xlog(x, "backend %s: %s; answering %d", x->px->b.name, why,
		     code);
		finish(x, code, true);
	}
	return true;
}

static bool
is_idempotent(const char *m)
{
	return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0 ||
	       strcmp(m, "OPTIONS") == 0 || strcmp(m, "TRACE") == 0 ||
	       strcmp(m, "PUT") == 0 || strcmp(m, "DELETE") == 0;
}

/* The request head for the backend, from the client's HEAD. */
static int
build_request_head(struct mtls_proxy_xfer *x, const char *head,
		   const struct mtls_httpd_request *req, const char *identity)
{
	struct mtls_buf *b = &x->head;
	const char *p = head, *end = head + req->head_len;
	struct conn_tokens t;
	struct field f;
	bool bad, host = false, cl = false;

	/* Past the empty lines a client may send first, and the request
	 * line. */
	while (p < end && (*p == '\r' || *p == '\n'))
		p++;
	p = (const char *)memchr(p, '\n', (size_t)(end - p)) + 1;
	mtls_buf_adds(b, req->method);
	mtls_buf_adds(b, " ");
	if (req->target[0] == '/')
		mtls_buf_adds(b, x->px->b.prefix);
	mtls_buf_add(b, req->target, req->target_len);
	mtls_buf_adds(b, " HTTP/1.1\r\n");
	/* mtls_httpd_request_parse checked the head. */
	collect_connection(p, end, &t);
	while (next_field(&p, end, &f, &bad, false)) {
		if (name_is(f.name, f.name_len, "content-length"))
			cl = true;
		if (hop_by_hop(&f, &t) ||
		    mtls_httpd_is_identity_header(f.name, f.name_len))
			continue;
		/* An HTTP/1.0 client cannot be waiting for a 100. */
		if (req->minor == 0 && name_is(f.name, f.name_len, "expect"))
			continue;
		if (name_is(f.name, f.name_len, "host"))
			host = true;
		mtls_buf_add(b, f.line, f.line_len);
	}
	if (!host)
		mtls_buf_addf(b, "Host: %s\r\n", x->px->b.host);
	if (req->chunked)
		mtls_buf_adds(b, "Transfer-Encoding: chunked\r\n");
	else if (cl || req->content_length > 0)
		mtls_buf_addf(b, "Content-Length: %llu\r\n",
			      (unsigned long long)req->content_length);
	mtls_buf_adds(b, identity);
	mtls_buf_adds(b, "\r\n");
	return b->failed ? -1 : 0;
}

struct mtls_proxy_xfer *
mtls_proxy_start(struct mtls_proxy *px, const struct mtls_proxy_client *cl,
		 const char *head, const struct mtls_httpd_request *req,
		 const char *rest, size_t rest_len, struct mtls_err *e)
{
	struct mtls_proxy_xfer *x = px->spares;
	uint64_t now = mtls_evloop_now(px->loop);

	if (x != NULL) {
		struct mtls_proxy_xfer keep = *x;

		px->spares = x->next_spare;
		if (--px->nspare < px->spare_low)
			px->spare_low = px->nspare;
		memset(x, 0, sizeof(*x));
		x->head = keep.head;
		x->target_copy = keep.target_copy;
		x->cin = keep.cin;
		x->up = keep.up;
		x->rhead = keep.rhead;
		x->down = keep.down;
	} else if ((x = calloc(1, sizeof(*x))) == NULL) {
		mtls_err_set(e, "out of memory");
		return NULL;
	}
	x->px = px;
	x->cl = *cl;
	x->req = *req;
	x->t.cb = xfer_timeout;
	x->t.arg = x;
	x->started_ms = x->client_ms = x->backend_ms = now;
	x->head_request = strcmp(req->method, "HEAD") == 0;
	x->idempotent = is_idempotent(req->method);
	x->has_body = req->chunked || req->content_length > 0;
	mtls_buf_reset(&x->target_copy);
	mtls_buf_add(&x->target_copy, req->target, req->target_len);
	/* REST is what the worker's scratch held after the head: less than
	 * CIN_SIZE. */
	if (x->cin == NULL)
		x->cin = malloc(px->cin_size);
	if (x->up == NULL)
		x->up = malloc(UP_SIZE);
	if (x->rhead == NULL)
		x->rhead = malloc(RHEAD_SIZE);
	if (x->down == NULL)
		x->down = malloc(DOWN_SIZE);
	if (x->target_copy.failed || x->cin == NULL || x->rhead == NULL ||
	    x->down == NULL || x->up == NULL || rest_len > px->cin_size ||
	    build_request_head(x, head, req, cl->identity) != 0) {
		xfer_free(x);
		mtls_err_set(e, "out of memory");
		return NULL;
	}
	x->req.target = mtls_buf_str(&x->target_copy);
	memcpy(x->cin, rest, rest_len);
	x->cin_len = rest_len;
	if (req->chunked) {
		x->reqdec.st = D_SIZE;
		x->reqdec.chunked_out = true;
	} else if (req->content_length > 0) {
		x->reqdec.st = D_LENGTH;
		x->reqdec.left = req->content_length;
	} else {
		x->reqdec.st = D_DONE;
	}
	x->bc = pool_take(px);
	if (x->bc != NULL) {
		x->reused = true;
		x->st = X_HEAD;
	} else {
		x->bc = bconn_connect(px, e);
		if (x->bc == NULL) {
			x->starting = true;
			xlog(x, "backend %s: %s; answering 502", px->b.name,
			     e->msg);
			finish(x, 502, true);
			x->starting = false;
			return x;
		}
		x->st = X_CONNECT;
	}
	x->bc->x = x;
	x->starting = true;
	/* The connection was reading requests: it waits for input. */
	x->cev = EPOLLIN;
	pump(x, false);
	x->starting = false;
	return x;
}

/* ---- the response head */

static int
parse_status(const char *line, size_t len, int *status, int *minor)
{
	if (len < 12 || memcmp(line, "HTTP/1.", 7) != 0 || line[7] < '0' ||
	    line[7] > '9' || line[8] != ' ' || line[9] < '1' || line[9] > '9' ||
	    line[10] < '0' || line[10] > '9' || line[11] < '0' ||
	    line[11] > '9' || (len > 12 && line[12] != ' '))
		return -1;
	for (size_t i = 12; i < len; i++)
		if ((unsigned char)line[i] < 0x20 && line[i] != '\t')
			return -1;
	*minor = line[7] - '0';
	*status = (line[9] - '0') * 100 + (line[10] - '0') * 10 +
		  (line[11] - '0');
	return 0;
}

/* A complete head of LEN bytes in RHEAD: written for the client into
 * DOWN.  Returns 0, or -1 with WHY for a head we cannot pass on. */
static int
take_head(struct mtls_proxy_xfer *x, size_t len, const char **why)
{
	const char *h = x->rhead, *end = h + len, *eol, *p;
	struct conn_tokens t;
	struct field f;
	struct sink s = { x->down, x->down_len };
	bool bad, has_date = false, has_cl = false, chunked = false,
		  other_coding = false, interim;
	uint64_t cl = 0;
	int status, minor;
	size_t line_len;

	eol = memchr(h, '\n', len);
	line_len = (size_t)(eol - h);
	if (line_len > 0 && h[line_len - 1] == '\r')
		line_len--;
	if (parse_status(h, line_len, &status, &minor) != 0) {
		*why = "the answer is not an HTTP/1.x response";
		return -1;
	}
	p = eol + 1;
	memset(&t, 0, sizeof(t));
	while (next_field(&p, end, &f, &bad, true)) {
		collect_connection_field(&f, &t);
		if (name_is(f.name, f.name_len, "content-length")) {
			uint64_t v = 0;

			if (f.value_len == 0 || f.value_len > 18) {
				*why = "invalid Content-Length";
				return -1;
			}
			for (size_t i = 0; i < f.value_len; i++) {
				if (f.value[i] < '0' || f.value[i] > '9') {
					*why = "invalid Content-Length";
					return -1;
				}
				v = v * 10 + (uint64_t)(f.value[i] - '0');
			}
			if (has_cl && v != cl) {
				*why = "conflicting Content-Length fields";
				return -1;
			}
			has_cl = true;
			cl = v;
		} else if (name_is(f.name, f.name_len, "transfer-encoding")) {
			/* Only a final "chunked" delimits the body. */
			size_t k = f.value_len;

			while (k > 0 && f.value[k - 1] != ',')
				k--;
			while (k < f.value_len &&
			       (f.value[k] == ' ' || f.value[k] == '\t'))
				k++;
			chunked = f.value_len - k == 7 &&
				  strncasecmp(f.value + k, "chunked", 7) == 0;
			other_coding = !chunked;
		} else if (name_is(f.name, f.name_len, "date")) {
			has_date = true;
		}
	}
	if (bad) {
		*why = "malformed header line";
		return -1;
	}
	if (status == 101) {
		*why = "it switched protocols, which is not supported";
		return -1;
	}
	interim = status < 200;
	x->any_response = true;
	if (interim && x->req.minor == 0)
		return 0; /* an HTTP/1.0 client knows no 1xx */
	memcpy(s.buf + s.len, "HTTP/1.1 ", 9);
	s.len += 9;
	memcpy(s.buf + s.len, h + 9, line_len - 9);
	s.len += line_len - 9;
	if (line_len == 12) { /* a status without a reason phrase */
		memcpy(s.buf + s.len, " ", 1);
		s.len++;
	}
	memcpy(s.buf + s.len, "\r\n", 2);
	s.len += 2;
	p = eol + 1;
	while (next_field(&p, end, &f, &bad, false)) {
		if (hop_by_hop(&f, &t))
			continue;
		/* Written again, so that every line ends in CRLF. */
		memcpy(s.buf + s.len, f.name, f.name_len);
		s.len += f.name_len;
		memcpy(s.buf + s.len, ": ", 2);
		s.len += 2;
		memcpy(s.buf + s.len, f.value, f.value_len);
		s.len += f.value_len;
		memcpy(s.buf + s.len, "\r\n", 2);
		s.len += 2;
	}
	if (interim) {
		memcpy(s.buf + s.len, "\r\n", 2);
		x->down_len = s.len + 2;
		return 0;
	}
	x->bstatus = status;
	x->head_ms = mtls_evloop_now(x->px->loop);
	x->backend_keep = (minor >= 1 && !t.close) ||
			  (minor == 0 && t.keep_alive);
	/* Where the body ends, and how the client will know. */
	if (x->head_request || status == 204 || status == 304) {
		x->resdec.st = D_DONE;
		if (has_cl && status != 204)
			s.len += (size_t)sprintf(s.buf + s.len,
						 "Content-Length: %llu\r\n",
						 (unsigned long long)cl);
	} else if (chunked || other_coding || !has_cl) {
		x->resdec.st = chunked ? D_SIZE : D_CLOSE;
		if (!chunked)
			x->backend_keep = false;
		if (x->req.minor >= 1) {
			x->resdec.chunked_out = true;
			s.len += (size_t)
				sprintf(s.buf + s.len,
					"Transfer-Encoding: chunked\r\n");
		} else {
			x->client_close = true;
		}
	} else {
		char digits[24];
		size_t nd = 0;
		uint64_t v = cl;

		x->resdec.st = cl == 0 ? D_DONE : D_LENGTH;
		x->resdec.left = cl;
		/* The common case, without printf's cost. */
		do
			digits[nd++] = (char)('0' + v % 10);
		while ((v /= 10) > 0);
		memcpy(s.buf + s.len, "Content-Length: ", 16);
		s.len += 16;
		while (nd > 0)
			s.buf[s.len++] = digits[--nd];
		memcpy(s.buf + s.len, "\r\n", 2);
		s.len += 2;
	}
	if (!has_date) {
		char date[40];

		mtls_httpd_date(time(NULL), date, sizeof(date));
		s.len += (size_t)sprintf(s.buf + s.len, "Date: %s\r\n", date);
	}
	if (!x->req.keep_alive || x->client_close)
		s.len +=
			(size_t)sprintf(s.buf + s.len, "Connection: close\r\n");
	else if (x->req.minor == 0)
		s.len += (size_t)sprintf(s.buf + s.len,
					 "Connection: keep-alive\r\n");
	memcpy(s.buf + s.len, "\r\n", 2);
	x->down_len = s.len + 2;
	x->st = X_BODY;
	return 0;
}

/* Where the head in RHEAD ends (just past its empty line), or 0. */
static size_t
head_end(const char *h, size_t len)
{
	for (size_t i = 1; i < len; i++)
		if (h[i] == '\n' &&
		    (h[i - 1] == '\n' ||
		     (i >= 2 && h[i - 1] == '\r' && h[i - 2] == '\n')))
			return i + 1;
	return 0;
}

/* ---- moving bytes */

/* Bytes the backend sent, N of them in the proxy's scratch.  Returns
 * false when X is gone. */
static bool
from_backend(struct mtls_proxy_xfer *x, const char *data, size_t n)
{
	while (n > 0 && x->st == X_HEAD) {
		size_t k = RHEAD_SIZE - x->rhead_len, end;
		const char *why;

		if (k > n)
			k = n;
		memcpy(x->rhead + x->rhead_len, data, k);
		x->rhead_len += k;
		data += k;
		n -= k;
		end = head_end(x->rhead, x->rhead_len);
		if (end == 0) {
			if (x->rhead_len == RHEAD_SIZE)
				return !backend_failed(
					x, 502,
					"its response head is larger than "
					"16 KiB");
			continue;
		}
		if (take_head(x, end, &why) != 0) {
			char msg[160];

			snprintf(msg, sizeof(msg), "malformed response: %s",
				 why);
			/* Never retried: the backend did answer. */
			x->any_response = true;
			return !backend_failed(x, 502, msg);
		}
		/* What followed the head is the body, or the next head
		 * after a 1xx; it was read only when DOWN had room. */
		memmove(x->rhead, x->rhead + end, x->rhead_len - end);
		x->rhead_len -= end;
		if (x->st == X_BODY && x->rhead_len > 0) {
			struct sink s = { x->down, x->down_len };

			if (dec_feed(&x->resdec, x->rhead, x->rhead_len, &s) <
			    0)
				return !backend_failed(x, 502,
						       "malformed chunked "
						       "body");
			x->down_len = s.len;
			x->rhead_len = 0;
		} else if (x->st == X_HEAD && x->rhead_len > 0) {
			/* Another head after a 1xx: parse it from the
			 * start. */
			char tmp[RHEAD_SIZE];
			size_t m = x->rhead_len;

			memcpy(tmp, x->rhead, m);
			x->rhead_len = 0;
			return from_backend(x, tmp, m) &&
			       (n == 0 || from_backend(x, data, n));
		}
	}
	if (n > 0 && x->st == X_BODY) {
		struct sink s = { x->down, x->down_len };

		if (dec_feed(&x->resdec, data, n, &s) < 0)
			return !backend_failed(x, 502,
					       "malformed chunked body");
		x->down_len = s.len;
	}
	return true;
}

static size_t
down_room(const struct mtls_proxy_xfer *x)
{
	size_t used = x->down_len;

	if (x->down_off == x->down_len)
		used = 0;
	return DOWN_SIZE - used;
}

/* One round of every move that can be made; returns true when something
 * moved, false when X is gone (*GONE) or nothing could. */
static bool
step(struct mtls_proxy_xfer *x, bool *gone)
{
	struct mtls_proxy *px = x->px;
	uint64_t now = mtls_evloop_now(px->loop);
	bool moved = false;
	ssize_t r;

	*gone = false;
	if (x->down_off == x->down_len)
		x->down_off = x->down_len = 0;

	/* The connection to the backend is made. */
	if (x->st == X_CONNECT) {
		int err = 0;
		socklen_t len = sizeof(err);

		if (getsockopt(x->bc->w.fd, SOL_SOCKET, SO_ERROR, &err, &len) !=
		    0)
			err = errno;
		if (err == 0) {
			struct sockaddr_storage ss;

			len = sizeof(ss);
			/* Not connected yet: the client side may move. */
			if (getpeername(x->bc->w.fd, (struct sockaddr *)&ss,
					&len) == 0) {
				x->st = X_HEAD;
				x->backend_ms = now;
				moved = true;
			}
		} else {
			char why[160];

			snprintf(why, sizeof(why), "cannot connect: %s",
				 strerror(err));
			x->reused = false;
			*gone = backend_failed(x, 502, why);
			return !*gone;
		}
	}

	/* Client to us. */
	if (x->reqdec.st != D_DONE && x->cin_len < px->cin_size &&
	    !x->client_eof) {
		r = mtls_tls_conn_read(x->cl.tls, x->cin + x->cin_len,
				       px->cin_size - x->cin_len);
		x->client_want_write = r == MTLS_TLS_WANT_WRITE;
		if (r > 0) {
			x->cin_len += (size_t)r;
			x->client_ms = now;
			moved = true;
		} else if (r == 0 || r == MTLS_TLS_ERROR) {
			xlog(x, "the client went away before the end of the "
				"request body; closed");
			finish(x, 0, true);
			*gone = true;
			return false;
		}
	}
	/* Our client bytes framed for the backend. */
	if (x->cin_len > 0 && x->reqdec.st != D_DONE) {
		size_t room = UP_SIZE - x->up_len, n = x->cin_len;
		struct sink s;
		ssize_t used;

		if (x->up_off == x->up_len)
			x->up_off = x->up_len = 0, room = UP_SIZE;
		if (room > FRAME_RESERVE) {
			if (n > room - FRAME_RESERVE)
				n = room - FRAME_RESERVE;
			s.buf = x->up;
			s.len = x->up_len;
			used = dec_feed(&x->reqdec, x->cin, n, &s);
			if (used < 0) {
				xlog(x, "malformed chunked request body; "
					"answering 400");
				finish(x, x->any_response ? 0 : 400, true);
				*gone = true;
				return false;
			}
			x->up_len = s.len;
			memmove(x->cin, x->cin + used,
				x->cin_len - (size_t)used);
			x->cin_len -= (size_t)used;
			if (used > 0)
				moved = true;
		}
	}

	/* Us to the backend. */
	x->backend_write_blocked = false;
	if (x->st != X_CONNECT && x->st != X_DONE &&
	    (x->head_off < x->head.len || x->up_off < x->up_len)) {
		const char *p;
		size_t n;

		if (x->head_off < x->head.len) {
			p = x->head.data + x->head_off;
			n = x->head.len - x->head_off;
		} else {
			p = x->up + x->up_off;
			n = x->up_len - x->up_off;
		}
		r = send(x->bc->w.fd, p, n, MSG_NOSIGNAL);
		if (r > 0) {
			if (x->head_off < x->head.len)
				x->head_off += (size_t)r;
			else
				x->up_off += (size_t)r;
			x->backend_ms = now;
			moved = true;
		} else if (errno == EAGAIN || errno == EWOULDBLOCK) {
			x->backend_write_blocked = true;
		} else if (x->any_response) {
			/* It answered already and stopped reading: the rest
			 * of the request will not be read (the answer goes
			 * on; the connection will not be reused). */
			x->up_off = x->up_len;
			x->head_off = x->head.len;
		} else {
			char why[160];

			snprintf(why, sizeof(why), "cannot send: %s",
				 strerror(errno));
			*gone = backend_failed(x, 502, why);
			return !*gone;
		}
	}

	/* The backend to us: only as much as DOWN can take framed. */
	if (x->bc->readable && ((x->st == X_HEAD && x->down_len == 0) ||
				(x->st == X_BODY && x->resdec.st != D_DONE))) {
		size_t room = down_room(x);

		if (x->st == X_HEAD && room > RHEAD_SIZE)
			room = RHEAD_SIZE;
		if (room > HEAD_RESERVE + FRAME_RESERVE) {
			room -= HEAD_RESERVE + FRAME_RESERVE;
			if (x->down_off == x->down_len)
				x->down_off = x->down_len = 0;
			if (x->st == X_BODY && x->resdec.st == D_LENGTH) {
				/* Nothing to decode: straight into DOWN. */
				if (room > x->resdec.left)
					room = (size_t)x->resdec.left;
				r = recv(x->bc->w.fd, x->down + x->down_len,
					 room, 0);
			} else {
				r = recv(x->bc->w.fd, px->scratch, room, 0);
			}
			if (r > 0 && x->st == X_BODY &&
			    x->resdec.st == D_LENGTH) {
				x->backend_ms = now;
				moved = true;
				x->down_len += (size_t)r;
				x->resdec.bytes += (uint64_t)r;
				x->resdec.left -= (uint64_t)r;
				if (x->resdec.left == 0)
					x->resdec.st = D_DONE;
			} else if (r > 0) {
				x->backend_ms = now;
				moved = true;
				if (!from_backend(x, px->scratch, (size_t)r)) {
					*gone = true;
					return false;
				}
			} else if (r < 0 &&
				   (errno == EAGAIN || errno == EWOULDBLOCK)) {
				x->bc->readable = false;
			} else if (r == 0 ||
				   (errno != EAGAIN && errno != EWOULDBLOCK)) {
				char why[160];

				if (r == 0 && x->st == X_BODY &&
				    x->resdec.st == D_CLOSE) {
					struct sink s = { x->down,
							  x->down_len };

					emit_end(&x->resdec, &s);
					x->down_len = s.len;
					moved = true;
				} else {
					snprintf(why, sizeof(why), "%s",
						 r == 0 ? "closed the "
							  "connection"
							: strerror(errno));
					if (r == 0 && x->st == X_HEAD &&
					    !x->any_response)
						snprintf(why, sizeof(why),
							 "closed the "
							 "connection without "
							 "answering");
					*gone = backend_failed(x, 502, why);
					return !*gone;
				}
			}
		}
	}

	/* Us to the client. */
	x->write_blocked = false;
	if (x->down_off < x->down_len) {
		size_t n = x->wpending;

		if (n == 0) {
			n = x->down_len - x->down_off;
			if (n > RECORD_MAX)
				n = RECORD_MAX;
		}
		r = mtls_tls_conn_write(x->cl.tls, x->down + x->down_off, n);
		if (r > 0) {
			x->wpending = 0;
			x->down_off += (size_t)r;
			x->client_ms = now;
			moved = true;
		} else if (r == MTLS_TLS_WANT_WRITE ||
			   r == MTLS_TLS_WANT_READ) {
			x->wpending = n;
			x->write_blocked = true;
			x->write_wants_read = r == MTLS_TLS_WANT_READ;
		} else {
			xlog(x, "the client went away during the response; "
				"closed");
			finish(x, 0, true);
			*gone = true;
			return false;
		}
	}

	if (x->st == X_BODY && x->resdec.st == D_DONE &&
	    x->down_off == x->down_len) {
		finish(x, 0, false);
		*gone = true;
		return false;
	}
	return moved;
}

static void
set_timer(struct mtls_proxy_xfer *x)
{
	struct mtls_err e;

	if (mtls_timer_set(x->px->loop, &x->t, 1000, &e) != 0)
		xlog(x, "%s", e.msg);
}

static void
pump(struct mtls_proxy_xfer *x, bool client_event)
{
	struct mtls_proxy *px = x->px;
	uint32_t cev = 0, bev = 0;
	struct mtls_err e;
	bool gone;

	if (x->st == X_DONE)
		return;
	while (step(x, &gone))
		;
	if (gone || x->st == X_DONE)
		return;
	/* Wait for what blocks the moves that are left. */
	if (x->write_blocked)
		cev |= x->write_wants_read ? EPOLLIN : EPOLLOUT;
	if (x->reqdec.st != D_DONE && x->cin_len < px->cin_size &&
	    !x->client_eof)
		cev |= x->client_want_write ? EPOLLOUT : EPOLLIN;
	/* Waiting for input nobody asked for is left as it is until the
	 * client does send something (rarely: a request is usually
	 * answered before the next comes), which saves two epoll_ctl per
	 * request; a client event then stops it. */
	if (cev != x->cev && (cev != 0 || x->cev != EPOLLIN || client_event)) {
		x->cl.want(x->cl.arg, cev);
		x->cev = cev;
	}
	if (x->st == X_CONNECT || x->backend_write_blocked)
		bev |= EPOLLOUT;
	/* The same events as in the pool while reading: no epoll_ctl when a
	 * connection goes in and out of it. */
	if ((x->st == X_HEAD && x->down_len == 0) ||
	    (x->st == X_BODY && x->resdec.st != D_DONE &&
	     down_room(x) > HEAD_RESERVE + FRAME_RESERVE))
		bev |= EPOLLIN | EPOLLRDHUP;
	if (mtls_evloop_mod(px->loop, &x->bc->w, bev, &e) != 0) {
		xlog(x, "%s", e.msg);
		finish(x, 0, true);
		return;
	}
	if (x->t.slot == 0)
		set_timer(x);
}

void
mtls_proxy_client_event(struct mtls_proxy_xfer *x)
{
	pump(x, true);
}

/* Once a second: is the side we wait for silent for too long? */
static void
xfer_timeout(void *arg)
{
	struct mtls_proxy_xfer *x = arg;
	uint64_t now = mtls_evloop_now(x->px->loop);
	bool wait_backend, wait_client;

	if (x->finish_due) {
		x->finish_due = false;
		finish(x, x->finish_answer, x->finish_close);
		return;
	}
	/* Before its answer, the backend is waited for only once it has the
	 * whole request (or cannot take more of it): a client slow to send
	 * its body is the client's silence, not the backend's. */
	wait_backend = x->st == X_CONNECT || x->backend_write_blocked ||
		       (x->st == X_HEAD && x->reqdec.st == D_DONE &&
			x->head_off == x->head.len && x->up_off == x->up_len) ||
		       (x->st == X_BODY && x->resdec.st != D_DONE &&
			down_room(x) > HEAD_RESERVE + FRAME_RESERVE);
	wait_client = x->write_blocked ||
		      (x->reqdec.st != D_DONE && x->cin_len < x->px->cin_size);
	if (wait_backend && now - x->backend_ms >= x->px->timeout_ms) {
		if (x->st == X_BODY) {
			xlog(x,
			     "backend %s sent nothing for %u ms in the "
			     "middle of the response; closed",
			     x->px->b.name, x->px->timeout_ms);
			finish(x, 0, true);
		} else {
			xlog(x,
			     "backend %s did not answer within %u ms; "
			     "answering 504",
			     x->px->b.name, x->px->timeout_ms);
			finish(x, 504, true);
		}
		return;
	}
	if (wait_client && now - x->client_ms >= x->cl.idle_ms) {
		xlog(x, "%s for %u ms; closed",
		     x->write_blocked ? "the client read nothing of the "
					"response"
				      : "the client sent nothing of the "
					"request body",
		     x->cl.idle_ms);
		finish(x, 0, true);
		return;
	}
	set_timer(x);
}
