/*
 * httpd_tunnel.c -- the TCP tunnel: after the handshake, bytes relayed
 * between the client's TLS connection and a plain TCP connection to the
 * backend, each way through a bounded buffer, with half-closes passed
 * on (the client's close_notify or end of stream becomes a shutdown of
 * the backend socket for writing; the backend's end of stream, our
 * close_notify), optionally after a PROXY protocol v2 header.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "mtls_internal.h"

#define RECORD_MAX 16384
#define TUNNEL_BUF (64 * 1024) /* each way */

struct mtls_tunnel {
	struct mtls_proxy_client cl;
	const struct mtls_backend *b;
	struct mtls_evloop *loop;
	struct mtls_ev_watch w; /* the backend socket */
	struct mtls_timer t;
	bool connecting;
	/* Client to backend. */
	char *up;
	size_t up_off, up_len;
	bool client_eof, backend_shut, read_wants_write;
	/* Backend to client. */
	char *down;
	size_t down_off, down_len, wpending;
	bool backend_eof, client_shut;
	bool write_blocked, write_wants_read, notify_blocked;
	bool backend_write_blocked;
	uint64_t up_bytes, down_bytes, last_ms;
	bool dead;
};

static void tunnel_pump(struct mtls_tunnel *t);

static void tlog(struct mtls_tunnel *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
tlog(struct mtls_tunnel *t, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	t->cl.log_error(t->cl.arg, line);
}

static void
tunnel_free(struct mtls_tunnel *t)
{
	mtls_timer_cancel(t->loop, &t->t);
	mtls_evloop_del(t->loop, &t->w);
	if (t->w.fd != -1)
		close(t->w.fd);
	free(t->up);
	free(t->down);
	/* The watch may still be named by an event of this round: the
	 * connection frees the struct with its own (mtls_tunnel_reap). */
	t->dead = true;
}

void
mtls_tunnel_abort(struct mtls_tunnel *t)
{
	if (t != NULL && !t->dead)
		tunnel_free(t);
}

void
mtls_tunnel_free(struct mtls_tunnel *t)
{
	if (t == NULL)
		return;
	mtls_tunnel_abort(t);
	free(t);
}

/* Both directions are over (CLEAN) or cut off. */
static void
finish(struct mtls_tunnel *t, bool clean)
{
	struct mtls_proxy_result r = { 0 };

	r.abort = !clean;
	r.bytes = t->down_bytes;
	tunnel_free(t);
	t->cl.done(t->cl.arg, &r);
}

static void
backend_event(void *arg, uint32_t events)
{
	struct mtls_tunnel *t = arg;

	(void)events;
	if (!t->dead)
		tunnel_pump(t);
}

static void
idle_check(void *arg)
{
	struct mtls_tunnel *t = arg;
	uint64_t now = mtls_evloop_now(t->loop);
	struct mtls_err e;

	if (now - t->last_ms >= t->cl.idle_ms) {
		tlog(t, "tunnel idle for %u ms; closed", t->cl.idle_ms);
		finish(t, false);
		return;
	}
	if (mtls_timer_set(t->loop, &t->t,
			   (unsigned)(t->cl.idle_ms - (now - t->last_ms)),
			   &e) != 0)
		tlog(t, "%s", e.msg);
}

struct mtls_tunnel *
mtls_tunnel_start(const struct mtls_backend *b, struct mtls_evloop *loop,
		  const struct mtls_proxy_client *cl, const void *preamble,
		  size_t preamble_len, struct mtls_err *e)
{
	struct mtls_tunnel *t = calloc(1, sizeof(*t));

	if (t == NULL || preamble_len > TUNNEL_BUF) {
		free(t);
		mtls_err_set(e, "out of memory");
		return NULL;
	}
	t->cl = *cl;
	t->b = b;
	t->loop = loop;
	t->w.fd = -1;
	t->w.cb = backend_event;
	t->w.arg = t;
	t->t.cb = idle_check;
	t->t.arg = t;
	t->up = malloc(TUNNEL_BUF);
	t->down = malloc(TUNNEL_BUF);
	if (t->up == NULL || t->down == NULL) {
		mtls_err_set(e, "out of memory");
		goto fail;
	}
	/* The PROXY header goes first, before any byte of the client;
	 * without --proxy-protocol there is none (and PREAMBLE is NULL). */
	if (preamble_len > 0)
		memcpy(t->up, preamble, preamble_len);
	t->up_len = preamble_len;
	t->w.fd = mtls_backend_connect(b, e);
	if (t->w.fd == -1) {
		mtls_err_prefix(e, "backend %s", b->name);
		goto fail;
	}
	t->connecting = true;
	if (mtls_evloop_add(loop, &t->w, EPOLLOUT, e) != 0)
		goto fail;
	t->last_ms = mtls_evloop_now(loop);
	if (mtls_timer_set(loop, &t->t, cl->idle_ms, e) != 0)
		goto fail;
	tunnel_pump(t);
	return t;
fail:
	tunnel_free(t);
	free(t);
	return NULL;
}

void
mtls_tunnel_client_event(struct mtls_tunnel *t)
{
	if (!t->dead)
		tunnel_pump(t);
}

/* One round of every move that can be made: true when something moved,
 * false when nothing could or T is finished (T->dead). */
static bool
step(struct mtls_tunnel *t)
{
	bool moved = false;
	ssize_t r;

	if (t->connecting) {
		int err = 0;
		socklen_t len = sizeof(err);
		struct sockaddr_storage ss;

		if (getsockopt(t->w.fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
			err = errno;
		if (err != 0) {
			tlog(t, "backend %s: cannot connect: %s; closed",
			     t->b->name, strerror(err));
			finish(t, false);
			return false;
		}
		len = sizeof(ss);
		if (getpeername(t->w.fd, (struct sockaddr *)&ss, &len) == 0) {
			t->connecting = false;
			moved = true;
		}
	}

	/* The client to the backend. */
	if (!t->client_eof && t->up_len < TUNNEL_BUF) {
		r = mtls_tls_conn_read(t->cl.tls, t->up + t->up_len,
				       TUNNEL_BUF - t->up_len);
		t->read_wants_write = r == MTLS_TLS_WANT_WRITE;
		if (r > 0) {
			t->up_len += (size_t)r;
			t->up_bytes += (uint64_t)r;
			moved = true;
		} else if (r == 0) {
			t->client_eof = true;
			moved = true;
		} else if (r == MTLS_TLS_ERROR) {
			finish(t, false);
			return false;
		}
	}
	t->backend_write_blocked = false;
	if (!t->connecting && t->up_off < t->up_len) {
		r = send(t->w.fd, t->up + t->up_off, t->up_len - t->up_off,
			 MSG_NOSIGNAL);
		if (r > 0) {
			t->up_off += (size_t)r;
			moved = true;
		} else if (errno == EAGAIN || errno == EWOULDBLOCK) {
			t->backend_write_blocked = true;
		} else {
			tlog(t, "backend %s: %s; closed", t->b->name,
			     strerror(errno));
			finish(t, false);
			return false;
		}
	}
	if (t->up_off == t->up_len)
		t->up_off = t->up_len = 0;
	if (!t->connecting && t->client_eof && t->up_len == 0 &&
	    !t->backend_shut) {
		shutdown(t->w.fd, SHUT_WR);
		t->backend_shut = true;
		moved = true;
	}

	/* The backend to the client. */
	if (!t->connecting && !t->backend_eof && t->down_len < TUNNEL_BUF) {
		r = recv(t->w.fd, t->down + t->down_len,
			 TUNNEL_BUF - t->down_len, 0);
		if (r > 0) {
			t->down_len += (size_t)r;
			moved = true;
		} else if (r == 0) {
			t->backend_eof = true;
			moved = true;
		} else if (errno != EAGAIN && errno != EWOULDBLOCK) {
			tlog(t, "backend %s: %s; closed", t->b->name,
			     strerror(errno));
			finish(t, false);
			return false;
		}
	}
	t->write_blocked = false;
	if (t->down_off < t->down_len) {
		size_t n = t->wpending;

		if (n == 0) {
			n = t->down_len - t->down_off;
			if (n > RECORD_MAX)
				n = RECORD_MAX;
		}
		r = mtls_tls_conn_write(t->cl.tls, t->down + t->down_off, n);
		if (r > 0) {
			t->wpending = 0;
			t->down_off += (size_t)r;
			t->down_bytes += (uint64_t)r;
			moved = true;
		} else if (r == MTLS_TLS_WANT_WRITE ||
			   r == MTLS_TLS_WANT_READ) {
			t->wpending = n;
			t->write_blocked = true;
			t->write_wants_read = r == MTLS_TLS_WANT_READ;
		} else {
			finish(t, false);
			return false;
		}
	}
	if (t->down_off == t->down_len)
		t->down_off = t->down_len = 0;
	t->notify_blocked = false;
	if (t->backend_eof && t->down_len == 0 && !t->client_shut) {
		r = mtls_tls_conn_close_notify(t->cl.tls);
		if (r == 0) {
			t->client_shut = true;
			moved = true;
		} else if (r == MTLS_TLS_WANT_WRITE ||
			   r == MTLS_TLS_WANT_READ) {
			t->notify_blocked = true;
			t->write_wants_read = r == MTLS_TLS_WANT_READ;
		} else {
			finish(t, false);
			return false;
		}
	}
	if (t->client_shut && t->backend_shut) {
		finish(t, true);
		return false;
	}
	if (moved)
		t->last_ms = mtls_evloop_now(t->loop);
	return moved;
}

static void
tunnel_pump(struct mtls_tunnel *t)
{
	uint32_t cev = 0, bev = 0;
	struct mtls_err e;

	while (step(t))
		;
	if (t->dead)
		return;
	if (t->write_blocked || t->notify_blocked)
		cev |= t->write_wants_read ? EPOLLIN : EPOLLOUT;
	if (!t->client_eof && t->up_len < TUNNEL_BUF)
		cev |= t->read_wants_write ? EPOLLOUT : EPOLLIN;
	t->cl.want(t->cl.arg, cev);
	if (t->connecting || t->backend_write_blocked)
		bev |= EPOLLOUT;
	if (!t->connecting && !t->backend_eof && t->down_len < TUNNEL_BUF)
		bev |= EPOLLIN;
	if (mtls_evloop_mod(t->loop, &t->w, bev, &e) != 0) {
		tlog(t, "%s", e.msg);
		finish(t, false);
	}
}
