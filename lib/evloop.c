/*
 * evloop.c -- a small epoll event loop with one-shot timers.
 *
 * Descriptors are watched with a caller-owned struct mtls_ev_watch (its
 * address is the epoll cookie, so nothing is allocated per descriptor);
 * timers live in a binary min-heap ordered by deadline, so arming,
 * disarming and finding the next deadline cost O(log n) however many
 * connections are open.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "mtls_internal.h"

#define EV_BATCH 64

struct mtls_evloop {
	int epfd;
	struct mtls_timer **heap;
	size_t n, cap;
	uint64_t now;
};

uint64_t
mtls_clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

struct mtls_evloop *
mtls_evloop_new(struct mtls_err *e)
{
	struct mtls_evloop *loop = calloc(1, sizeof(*loop));

	if (loop == NULL) {
		mtls_err_set(e, "out of memory");
		return NULL;
	}
	loop->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (loop->epfd == -1) {
		mtls_err_set(e, "cannot create an event loop: %s",
			     strerror(errno));
		free(loop);
		return NULL;
	}
	loop->now = mtls_clock_ms();
	return loop;
}

void
mtls_evloop_free(struct mtls_evloop *loop)
{
	if (loop == NULL)
		return;
	close(loop->epfd);
	free(loop->heap);
	free(loop);
}

static int
ctl(struct mtls_evloop *loop, int op, struct mtls_ev_watch *w, uint32_t events,
    struct mtls_err *e)
{
	struct epoll_event ev = { .events = events, .data.ptr = w };

	if (epoll_ctl(loop->epfd, op, w->fd, &ev) == -1)
		return mtls_err_set(e, "cannot watch descriptor %d: %s", w->fd,
				    strerror(errno));
	w->events = events;
	return 0;
}

int
mtls_evloop_add(struct mtls_evloop *loop, struct mtls_ev_watch *w,
		uint32_t events, struct mtls_err *e)
{
	return ctl(loop, EPOLL_CTL_ADD, w, events, e);
}

int
mtls_evloop_mod(struct mtls_evloop *loop, struct mtls_ev_watch *w,
		uint32_t events, struct mtls_err *e)
{
	if (w->events == events)
		return 0;
	/* Waiting for nothing is not being watched: epoll would still
	 * report a hang-up or an error, again and again. */
	if (events == 0) {
		mtls_evloop_del(loop, w);
		return 0;
	}
	if (w->events == 0)
		return ctl(loop, EPOLL_CTL_ADD, w, events, e);
	return ctl(loop, EPOLL_CTL_MOD, w, events, e);
}

void
mtls_evloop_del(struct mtls_evloop *loop, struct mtls_ev_watch *w)
{
	epoll_ctl(loop->epfd, EPOLL_CTL_DEL, w->fd, NULL);
	w->events = 0;
}

/* ---- timer heap */

static void
heap_swap(struct mtls_evloop *loop, size_t a, size_t b)
{
	struct mtls_timer *t = loop->heap[a];

	loop->heap[a] = loop->heap[b];
	loop->heap[b] = t;
	loop->heap[a]->slot = a + 1;
	loop->heap[b]->slot = b + 1;
}

static void
heap_up(struct mtls_evloop *loop, size_t i)
{
	while (i > 0) {
		size_t p = (i - 1) / 2;

		if (loop->heap[p]->when <= loop->heap[i]->when)
			break;
		heap_swap(loop, p, i);
		i = p;
	}
}

static void
heap_down(struct mtls_evloop *loop, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;

		if (l < loop->n && loop->heap[l]->when < loop->heap[m]->when)
			m = l;
		if (r < loop->n && loop->heap[r]->when < loop->heap[m]->when)
			m = r;
		if (m == i)
			break;
		heap_swap(loop, m, i);
		i = m;
	}
}

void
mtls_timer_cancel(struct mtls_evloop *loop, struct mtls_timer *t)
{
	size_t i;

	if (t->slot == 0)
		return;
	i = t->slot - 1;
	t->slot = 0;
	loop->n--;
	if (i == loop->n)
		return;
	loop->heap[i] = loop->heap[loop->n];
	loop->heap[i]->slot = i + 1;
	heap_up(loop, i);
	heap_down(loop, i);
}

int
mtls_timer_set(struct mtls_evloop *loop, struct mtls_timer *t, unsigned ms,
	       struct mtls_err *e)
{
	mtls_timer_cancel(loop, t);
	if (loop->n == loop->cap) {
		size_t cap = loop->cap ? loop->cap * 2 : 64;
		struct mtls_timer **h = realloc(loop->heap, cap * sizeof(*h));

		if (h == NULL)
			return mtls_err_set(e, "out of memory");
		loop->heap = h;
		loop->cap = cap;
	}
	t->when = loop->now + ms;
	loop->heap[loop->n] = t;
	t->slot = ++loop->n;
	heap_up(loop, loop->n - 1);
	return 0;
}

int
mtls_evloop_run_once(struct mtls_evloop *loop, int max_wait_ms,
		     struct mtls_err *e)
{
	struct epoll_event evs[EV_BATCH];
	int n, i, wait = max_wait_ms;

	loop->now = mtls_clock_ms();
	if (loop->n > 0) {
		uint64_t when = loop->heap[0]->when;
		int left = when <= loop->now ? 0 : (int)(when - loop->now);

		if (wait < 0 || left < wait)
			wait = left;
	}
	n = epoll_wait(loop->epfd, evs, EV_BATCH, wait);
	if (n == -1) {
		if (errno == EINTR)
			return 0;
		return mtls_err_set(e, "cannot wait for events: %s",
				    strerror(errno));
	}
	loop->now = mtls_clock_ms();
	for (i = 0; i < n; i++) {
		struct mtls_ev_watch *w = evs[i].data.ptr;

		/* A callback earlier in this batch may have stopped
		 * watching this one (its owner then defers freeing it
		 * until mtls_evloop_run_once returns). */
		if (w->events == 0)
			continue;
		w->cb(w->arg, evs[i].events);
	}
	/* Timers whose deadline passed, earliest first; a callback may
	 * re-arm or cancel any timer. */
	while (loop->n > 0 && loop->heap[0]->when <= loop->now) {
		struct mtls_timer *t = loop->heap[0];

		mtls_timer_cancel(loop, t);
		t->cb(t->arg);
	}
	return 0;
}

uint64_t
mtls_evloop_now(const struct mtls_evloop *loop)
{
	return loop->now;
}
