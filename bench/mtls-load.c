/*
 * mtls-load -- a load generator for HTTPS servers that require client
 * certificates: one process, one epoll loop, non-blocking sockets, one
 * GnuTLS client session per connection.
 *
 * Modes:
 *   keepalive  many requests per connection
 *   handshake  a new connection and a full handshake per request
 *   resume     a new connection per request, resuming with the last ticket
 *   idle       open N connections (handshake and one request each), hold
 *              them, and measure the server's memory per connection
 *
 * Every response is checked (status 200, exact body length when given) and
 * errors are counted by kind.  With --server-pid the server's CPU time and
 * memory are read from /proc over exactly the measured interval.  The last
 * line of output is a machine-readable "RESULT key=value ..." line.
 *
 * Only loopback addresses are accepted, and the run always ends by itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/gnutls.h>

#include "cli.h"

enum mode { M_KEEPALIVE, M_HANDSHAKE, M_RESUME, M_IDLE };
static const char *const mode_names[] = { "keepalive", "handshake", "resume",
					  "idle" };

/* Error kinds, counted separately and printed in the result line. */
enum errkind {
	E_CONNECT,     /* connect() failed */
	E_HANDSHAKE,   /* TLS handshake failed */
	E_SEND,	       /* sending the request failed */
	E_RECV,	       /* TLS/socket error while reading */
	E_CLOSED,      /* the server closed before a complete response */
	E_STATUS,      /* status other than 200 */
	E_LENGTH,      /* body length differs from --body-length */
	E_PROTO,       /* unparsable or unsupported response framing */
	E_TIMEOUT,     /* an operation took longer than --timeout */
	E_NOT_RESUMED, /* resume: a ticket was offered, full handshake done */
	E_NO_TICKET,   /* resume: the server sent no session ticket */
	E_IDLE_CLOSED, /* idle: the server dropped a held connection */
	E_KINDS,
};
static const char *const err_names[E_KINDS] = {
	"connect", "handshake",	  "send",      "recv",
	"closed",  "status",	  "length",    "proto",
	"timeout", "not_resumed", "no_ticket", "idle_closed",
};

#define MAX_PIDS 16
#define HDR_MAX 8192
#define RECV_CHUNK 16384
#define RBUF_SIZE 8192

struct opts {
	const char *connect;
	const char *ca, *cert, *key;
	const char *servername;
	const char *path;
	const char *priority;
	const char *label;
	enum mode mode;
	unsigned conns;	  /* 0: the mode's default */
	unsigned ramp;	  /* idle: connections being set up at once */
	double duration;  /* seconds measured (idle: seconds held) */
	double warmup;	  /* seconds run before measuring */
	double timeout;	  /* seconds one operation may take */
	long body_length; /* -1: any */
	bool no_tickets;
	bool idle_request;
	bool quiet;
	pid_t pids[MAX_PIDS];
	unsigned npids;
};

enum cstate {
	C_CLOSED, /* no socket; maybe waiting to retry */
	C_CONNECTING,
	C_HANDSHAKE,
	C_SEND,
	C_RECV,
	C_TICKET, /* resume mode: response done, waiting for a ticket */
	C_HELD,	  /* idle mode: established and held */
};

struct conn {
	int fd;
	gnutls_session_t s;
	/* What recv() brought that GnuTLS has not asked for yet: GnuTLS
	 * reads a record's header and body separately, this makes it one
	 * system call per flight. */
	unsigned char *rbuf;
	size_t roff, rlen;
	enum cstate st;
	uint32_t events;
	uint64_t t_start;  /* start of the operation being timed (ns) */
	uint64_t deadline; /* the operation fails with E_TIMEOUT after this */
	uint64_t retry_at; /* C_CLOSED: reconnect at this time (0: never) */
	size_t sent;
	bool offered_ticket;
	gnutls_datum_t ticket; /* resume mode: the next connection's ticket */
	/* response parsing */
	char hdr[HDR_MAX];
	size_t hlen;
	bool in_body;
	int status;
	long clen; /* -1: close-delimited */
	long body;
	bool close_after;
};

/* A log-linear latency histogram in nanoseconds: exact below 128, then 64
 * buckets per power of two (about 1.5% resolution). */
#define H_BUCKETS (128 + 64 * 58)
struct hist {
	uint64_t n;
	uint64_t max;
	uint64_t b[H_BUCKETS];
};

struct srv_sample {
	double cpu_s;
	long rss_kib;
	long hwm_kib;
	unsigned nproc;
};

struct stats {
	uint64_t requests;
	uint64_t handshakes;
	uint64_t resumed;
	uint64_t reconnects;
	struct hist lat;
};

struct loader {
	const struct opts *o;
	gnutls_certificate_credentials_t cred;
	gnutls_priority_t prio;
	struct sockaddr_storage addr;
	socklen_t addrlen;
	int ep;
	struct conn *c;
	unsigned nconns;
	char req[512];
	size_t reqlen;
	bool measuring;
	bool stopping;
	struct stats st;
	uint64_t errors[E_KINDS];
	bool err_shown[E_KINDS];
	/* idle mode: connections started, held now, failed while being set
	 * up, and dropped by the server while held */
	unsigned started, established, failed_setup, dropped;
};

static volatile sig_atomic_t got_signal;

static void
on_signal(int sig)
{
	got_signal = sig;
}

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---------------------------------------------------------------- histogram */

static unsigned
hist_index(uint64_t v)
{
	unsigned msb, e;

	if (v < 128)
		return (unsigned)v;
	msb = 63 - (unsigned)__builtin_clzll(v);
	e = msb - 6;
	return 128 + (e - 1) * 64 + (unsigned)((v >> e) - 64);
}

static uint64_t
hist_value(unsigned i)
{
	unsigned e;
	uint64_t m;

	if (i < 128)
		return i;
	e = (i - 128) / 64 + 1;
	m = (i - 128) % 64 + 64;
	return (m << e) + ((1ull << e) >> 1);
}

static void
hist_add(struct hist *h, uint64_t v)
{
	h->b[hist_index(v)]++;
	h->n++;
	if (v > h->max)
		h->max = v;
}

/* The value at quantile Q (0..1), in nanoseconds; 0 when empty. */
static uint64_t
hist_quantile(const struct hist *h, double q)
{
	uint64_t want, seen = 0;
	unsigned i;

	if (h->n == 0)
		return 0;
	want = (uint64_t)ceil(q * (double)h->n);
	if (want == 0)
		want = 1;
	for (i = 0; i < H_BUCKETS; i++) {
		seen += h->b[i];
		if (seen >= want)
			return hist_value(i) < h->max ? hist_value(i) : h->max;
	}
	return h->max;
}

/* ---------------------------------------------------------------- /proc */

/* Parent of PID from /proc/PID/stat, or -1. */
static pid_t
proc_ppid(pid_t pid)
{
	char path[64], buf[1024], *p;
	FILE *f;
	int ppid;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* The command name may hold spaces and parentheses: skip to the
	 * last ')'. */
	if ((p = strrchr(buf, ')')) == NULL)
		return -1;
	if (sscanf(p + 1, " %*c %d", &ppid) != 1)
		return -1;
	return ppid;
}

/* Add the CPU time (utime+stime) and memory of one process to S. */
static void
proc_add(pid_t pid, struct srv_sample *s)
{
	char path[64], buf[4096], *p;
	unsigned long ut, st;
	long v;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	if ((p = strrchr(buf, ')')) == NULL)
		return;
	/* After the name: state ppid pgrp session tty tpgid flags minflt
	 * cminflt majflt cmajflt utime stime. */
	if (sscanf(p + 1,
		   " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut,
		   &st) != 2)
		return;
	s->cpu_s += (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
	s->nproc++;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return;
	while (fgets(buf, sizeof(buf), f) != NULL) {
		if (sscanf(buf, "VmRSS: %ld kB", &v) == 1)
			s->rss_kib += v;
		else if (sscanf(buf, "VmHWM: %ld kB", &v) == 1)
			s->hwm_kib += v;
	}
	fclose(f);
}

/* Sample the server: every --server-pid and all their descendants (the
 * workers of a pre-forking server). */
static void
server_sample(const struct opts *o, struct srv_sample *s)
{
	pid_t set[1024];
	unsigned n = 0, i, k;
	DIR *d;
	struct dirent *de;
	bool grew = true;
	pid_t all[8192], parent[8192];
	unsigned nall = 0;

	memset(s, 0, sizeof(*s));
	if (o->npids == 0)
		return;
	for (i = 0; i < o->npids; i++)
		set[n++] = o->pids[i];
	if ((d = opendir("/proc")) != NULL) {
		while ((de = readdir(d)) != NULL && nall < 8192) {
			char *end;
			long pid = strtol(de->d_name, &end, 10);

			if (*end != '\0' || pid <= 0)
				continue;
			all[nall] = (pid_t)pid;
			parent[nall] = proc_ppid((pid_t)pid);
			nall++;
		}
		closedir(d);
	}
	/* Grow the set until no process has its parent in it. */
	while (grew) {
		grew = false;
		for (k = 0; k < nall; k++) {
			bool in = false, pin = false;

			for (i = 0; i < n; i++) {
				if (set[i] == all[k])
					in = true;
				if (set[i] == parent[k])
					pin = true;
			}
			if (!in && pin && n < 1024) {
				set[n++] = all[k];
				grew = true;
			}
		}
	}
	for (i = 0; i < n; i++)
		proc_add(set[i], s);
}

/* ---------------------------------------------------------------- errors */

static void
count_error(struct loader *L, enum errkind k, const char *detail)
{
	L->errors[k]++;
	/* The first error of each kind is shown in words; later ones are
	 * only counted. */
	if (!L->err_shown[k]) {
		L->err_shown[k] = true;
		cli_error("first %s error: %s", err_names[k], detail);
	}
}

/* -------------------------------------------------------- connections */

static int
set_events(struct loader *L, struct conn *c, uint32_t ev)
{
	struct epoll_event e = { .events = ev, .data.ptr = c };

	if (c->events == ev)
		return 0;
	if (epoll_ctl(L->ep, c->events == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD,
		      c->fd, &e) == -1)
		return -1;
	c->events = ev;
	return 0;
}

static void
conn_close(struct loader *L, struct conn *c)
{
	if (c->s != NULL) {
		gnutls_deinit(c->s);
		c->s = NULL;
	}
	if (c->fd != -1) {
		/* Closing the socket removes it from the epoll set. */
		close(c->fd);
		c->fd = -1;
	}
	c->events = 0;
	c->st = C_CLOSED;
}

static uint64_t
op_deadline(const struct loader *L, uint64_t now)
{
	return now + (uint64_t)(L->o->timeout * 1e9);
}

/* Close C after an error and schedule a new connection (not in idle mode,
 * where a failed connection stays failed). */
static void
conn_fail(struct loader *L, struct conn *c, enum errkind k, const char *detail)
{
	bool was_held = c->st == C_HELD;

	count_error(L, k, detail);
	conn_close(L, c);
	if (L->o->mode == M_IDLE) {
		if (was_held) {
			L->established--;
			L->dropped++;
		} else {
			L->failed_setup++;
		}
		c->retry_at = 0;
	} else {
		/* A short pause so a refusing server is not hammered. */
		c->retry_at = now_ns() + 10 * 1000000u;
	}
}

static void
start_request(struct loader *L, struct conn *c, uint64_t now)
{
	c->st = C_SEND;
	c->sent = 0;
	c->hlen = 0;
	c->in_body = false;
	c->status = 0;
	c->clen = -1;
	c->body = 0;
	c->close_after = false;
	if (L->o->mode == M_KEEPALIVE) {
		c->t_start = now;
		c->deadline = op_deadline(L, now);
	}
}

static ssize_t
conn_pull(gnutls_transport_ptr_t p, void *data, size_t len)
{
	struct conn *c = p;
	ssize_t r;

	if (c->roff == c->rlen) {
		c->roff = c->rlen = 0;
		if (len >= RBUF_SIZE)
			return recv(c->fd, data, len, 0);
		r = recv(c->fd, c->rbuf, RBUF_SIZE, 0);
		if (r <= 0)
			return r; /* GnuTLS reads errno */
		c->rlen = (size_t)r;
	}
	if (len > c->rlen - c->roff)
		len = c->rlen - c->roff;
	memcpy(data, c->rbuf + c->roff, len);
	c->roff += len;
	return (ssize_t)len;
}

/* GnuTLS asks this only to know whether data is there; never wait. */
static int
conn_pull_timeout(gnutls_transport_ptr_t p, unsigned ms)
{
	struct conn *c = p;
	struct pollfd pfd = { .fd = c->fd, .events = POLLIN };

	if (c->roff < c->rlen)
		return 1;
	return poll(&pfd, 1, 0);
}

/* A whole flight in one system call. */
static ssize_t
conn_vec_push(gnutls_transport_ptr_t p, const giovec_t *iov, int iovcnt)
{
	struct conn *c = p;
	struct msghdr msg = { .msg_iov = (struct iovec *)iov,
			      .msg_iovlen = (size_t)iovcnt };

	return sendmsg(c->fd, &msg, MSG_NOSIGNAL);
}

/* Are received bytes waiting in C's buffer?  GnuTLS says "again" after a
 * post-handshake message (a session ticket) even when more bytes are at
 * hand, and epoll will not wake us for bytes already read: go on reading
 * then.  SPINS bounds it (GnuTLS consumes a record per call). */
static bool
conn_buffered(const struct conn *c, int *spins)
{
	return c->roff < c->rlen && ++*spins < 10000;
}

/* Open a new connection: a non-blocking connect() and a client session. */
static void
conn_open(struct loader *L, struct conn *c)
{
	static const int one = 1;
	uint64_t now = now_ns();
	unsigned flags = GNUTLS_CLIENT | GNUTLS_NONBLOCK | GNUTLS_NO_SIGNAL;
	int ret;
	char msg[256];

	c->retry_at = 0;
	c->offered_ticket = false;
	c->roff = c->rlen = 0;
	c->t_start = now;
	c->deadline = op_deadline(L, now);
	c->fd = socket(L->addr.ss_family,
		       SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd == -1) {
		snprintf(msg, sizeof(msg), "socket: %s", strerror(errno));
		conn_fail(L, c, E_CONNECT, msg);
		return;
	}
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));

	if (L->o->mode == M_HANDSHAKE && L->o->no_tickets)
		flags |= GNUTLS_NO_TICKETS;
	if ((ret = gnutls_init(&c->s, flags)) < 0 ||
	    (ret = gnutls_priority_set(c->s, L->prio)) < 0 ||
	    (ret = gnutls_credentials_set(c->s, GNUTLS_CRD_CERTIFICATE,
					  L->cred)) < 0 ||
	    (ret = gnutls_server_name_set(c->s, GNUTLS_NAME_DNS,
					  L->o->servername,
					  strlen(L->o->servername))) < 0) {
		snprintf(msg, sizeof(msg), "cannot set up a TLS session: %s",
			 gnutls_strerror(ret));
		conn_fail(L, c, E_HANDSHAKE, msg);
		return;
	}
	/* The server is verified like any real client would (chain to --ca
	 * and the host name): the cost is the same for every server. */
	gnutls_session_set_verify_cert(c->s, L->o->servername, 0);
	gnutls_transport_set_ptr(c->s, c);
	gnutls_transport_set_pull_function(c->s, conn_pull);
	gnutls_transport_set_pull_timeout_function(c->s, conn_pull_timeout);
	gnutls_transport_set_vec_push_function(c->s, conn_vec_push);
	if (L->o->mode == M_RESUME && c->ticket.data != NULL) {
		/* The ticket is kept until the server sends a new one, as
		 * some servers do not on a resumed connection. */
		ret = gnutls_session_set_data(c->s, c->ticket.data,
					      c->ticket.size);
		if (ret < 0) {
			snprintf(msg, sizeof(msg), "cannot use ticket: %s",
				 gnutls_strerror(ret));
			conn_fail(L, c, E_HANDSHAKE, msg);
			return;
		}
		c->offered_ticket = true;
	}

	if (connect(c->fd, (struct sockaddr *)&L->addr, L->addrlen) == 0) {
		c->st = C_HANDSHAKE;
	} else if (errno == EINPROGRESS) {
		c->st = C_CONNECTING;
	} else {
		snprintf(msg, sizeof(msg), "connect: %s", strerror(errno));
		conn_fail(L, c, E_CONNECT, msg);
		return;
	}
	if (set_events(L, c, EPOLLOUT) == -1) {
		snprintf(msg, sizeof(msg), "epoll_ctl: %s", strerror(errno));
		conn_fail(L, c, E_CONNECT, msg);
	}
}

/* Parse the header block in c->hdr (which ends with an empty line).
 * Returns 0, or -1 with MSG set. */
static int
parse_head(struct conn *c, char *msg, size_t msgsize)
{
	char *line = c->hdr, *eol;
	bool http10, chunked = false, keepalive = false;

	if (strncmp(line, "HTTP/1.", 7) != 0 ||
	    !isdigit((unsigned char)line[7]) || line[8] != ' ' ||
	    !isdigit((unsigned char)line[9]) ||
	    !isdigit((unsigned char)line[10]) ||
	    !isdigit((unsigned char)line[11])) {
		snprintf(msg, msgsize, "bad status line");
		return -1;
	}
	http10 = line[7] == '0';
	c->status = atoi(line + 9);
	c->clen = -1;
	while ((eol = strstr(line, "\r\n")) != NULL && eol != line) {
		char *colon, *v;

		*eol = '\0';
		if (line != c->hdr && (colon = strchr(line, ':')) != NULL) {
			*colon = '\0';
			v = colon + 1;
			while (*v == ' ' || *v == '\t')
				v++;
			if (strcasecmp(line, "Content-Length") == 0) {
				char *end;

				errno = 0;
				c->clen = strtol(v, &end, 10);
				if (errno != 0 || end == v || c->clen < 0) {
					snprintf(msg, msgsize,
						 "bad Content-Length");
					return -1;
				}
			} else if (strcasecmp(line, "Transfer-Encoding") == 0) {
				chunked = strcasecmp(v, "identity") != 0;
			} else if (strcasecmp(line, "Connection") == 0) {
				if (strcasestr(v, "close") != NULL)
					c->close_after = true;
				if (strcasestr(v, "keep-alive") != NULL)
					keepalive = true;
			}
		}
		line = eol + 2;
	}
	if (chunked) {
		snprintf(msg, msgsize, "chunked responses are not supported");
		return -1;
	}
	if (http10 && !keepalive)
		c->close_after = true;
	if (c->clen == -1)
		c->close_after = true; /* the body ends at EOF */
	return 0;
}

/* Idle mode: C is set up; keep it open, watching only for the server
 * closing it. */
static void
hold(struct loader *L, struct conn *c)
{
	c->st = C_HELD;
	L->established++;
	if (set_events(L, c, EPOLLIN) == -1)
		conn_fail(L, c, E_RECV, "epoll_ctl failed");
}

/* Resume mode: replace C's ticket with the one just received.  Returns 0,
 * or -1 when it failed (counted, connection closed). */
static int
keep_ticket(struct loader *L, struct conn *c)
{
	char msg[128];
	int ret;

	gnutls_free(c->ticket.data);
	c->ticket.data = NULL;
	c->ticket.size = 0;
	if ((ret = gnutls_session_get_data2(c->s, &c->ticket)) < 0) {
		snprintf(msg, sizeof(msg), "cannot keep ticket: %s",
			 gnutls_strerror(ret));
		conn_fail(L, c, E_NO_TICKET, msg);
		return -1;
	}
	return 0;
}

/* Handshake and resume modes: one request per connection.  Tell the
 * server we are done (close_notify; best effort, an error changes nothing
 * as the socket is closed next) and start the next connection. */
static void
next_connection(struct loader *L, struct conn *c)
{
	(void)gnutls_bye(c->s, GNUTLS_SHUT_WR);
	conn_close(L, c);
	if (!L->stopping)
		conn_open(L, c);
}

/* A complete response has arrived: check it, count it, go on. */
static void
on_response(struct loader *L, struct conn *c, uint64_t now)
{
	const struct opts *o = L->o;
	char msg[128];

	if (c->status != 200) {
		snprintf(msg, sizeof(msg), "HTTP status %d", c->status);
		conn_fail(L, c, E_STATUS, msg);
		return;
	}
	if (o->body_length >= 0 && c->body != o->body_length) {
		snprintf(msg, sizeof(msg), "body of %ld bytes, expected %ld",
			 c->body, o->body_length);
		conn_fail(L, c, E_LENGTH, msg);
		return;
	}
	if (L->measuring) {
		L->st.requests++;
		hist_add(&L->st.lat, now - c->t_start);
	}

	switch (o->mode) {
	case M_KEEPALIVE:
		if (L->stopping) {
			/* Done: drain() closes it. */
			if (c->close_after)
				conn_close(L, c);
			else
				c->st = C_HELD;
		} else if (c->close_after) {
			/* The server ends the connection (a keep-alive
			 * limit, or HTTP/1.0): open a new one. */
			if (L->measuring)
				L->st.reconnects++;
			conn_close(L, c);
			conn_open(L, c);
		} else {
			start_request(L, c, now);
		}
		return;
	case M_RESUME:
		if (gnutls_session_get_flags(c->s) &
		    GNUTLS_SFLAGS_SESSION_TICKET) {
			if (keep_ticket(L, c) == 0)
				next_connection(L, c);
		} else if (gnutls_session_is_resumed(c->s)) {
			next_connection(L, c); /* the old ticket again */
		} else {
			/* Some servers send the ticket after the response:
			 * read on until it comes or the server closes. */
			c->st = C_TICKET;
		}
		return;
	case M_HANDSHAKE:
		next_connection(L, c);
		return;
	case M_IDLE:
		hold(L, c);
		return;
	}
}

/* Feed received bytes into the response parser.  Returns 1 when the
 * response is complete, 0 when more is needed, -1 on a protocol error
 * (already counted, connection closed). */
static int
feed(struct loader *L, struct conn *c, const char *p, size_t n)
{
	char msg[128];

	if (!c->in_body) {
		size_t take = n;
		char *end;

		if (c->hlen + take > HDR_MAX - 1)
			take = HDR_MAX - 1 - c->hlen;
		memcpy(c->hdr + c->hlen, p, take);
		c->hlen += take;
		c->hdr[c->hlen] = '\0';
		if ((end = strstr(c->hdr, "\r\n\r\n")) == NULL) {
			if (c->hlen == HDR_MAX - 1) {
				conn_fail(L, c, E_PROTO,
					  "response header too large");
				return -1;
			}
			return 0;
		}
		/* Bytes after the header block are body bytes. */
		size_t hdr_end = (size_t)(end - c->hdr) + 4;
		size_t extra = c->hlen - hdr_end + (n - take);

		end[2] = '\0';
		if (parse_head(c, msg, sizeof(msg)) == -1) {
			conn_fail(L, c, E_PROTO, msg);
			return -1;
		}
		c->in_body = true;
		c->body = (long)extra;
	} else {
		c->body += (long)n;
	}
	if (c->clen >= 0) {
		if (c->body > c->clen) {
			conn_fail(L, c, E_PROTO,
				  "more bytes than Content-Length");
			return -1;
		}
		return c->body == c->clen;
	}
	return 0;
}

/* Advance C as far as it goes without blocking.  EV are the epoll events
 * that woke it (0 when called directly); they only apply to the first
 * step, since a step may replace the socket. */
static void
drive(struct loader *L, struct conn *c, uint32_t ev)
{
	char buf[RECV_CHUNK], msg[256];
	ssize_t r;
	int ret, err, spins = 0;
	socklen_t len;

	for (;;) {
		uint64_t now;

		switch (c->st) {
		case C_CLOSED:
			return;
		case C_CONNECTING:
			/* SO_ERROR is 0 while connect() is still in
			 * progress: wait for epoll to say it is done. */
			if (!(ev & (EPOLLOUT | EPOLLERR | EPOLLHUP)))
				return;
			err = 0;
			len = sizeof(err);
			if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err,
				       &len) == -1)
				err = errno;
			if (err == EINPROGRESS)
				return;
			if (err != 0) {
				snprintf(msg, sizeof(msg), "connect: %s",
					 strerror(err));
				conn_fail(L, c, E_CONNECT, msg);
				return;
			}
			c->st = C_HANDSHAKE;
			break;
		case C_HANDSHAKE:
			ret = gnutls_handshake(c->s);
			if (ret == GNUTLS_E_AGAIN ||
			    ret == GNUTLS_E_INTERRUPTED) {
				bool out = gnutls_record_get_direction(c->s);

				if (!out && conn_buffered(c, &spins))
					break;
				if (set_events(L, c,
					       out ? EPOLLOUT : EPOLLIN) ==
				    -1) {
					conn_fail(L, c, E_HANDSHAKE,
						  "epoll_ctl failed");
				}
				return;
			}
			if (ret < 0) {
				if (!gnutls_error_is_fatal(ret))
					break;
				snprintf(msg, sizeof(msg), "%s",
					 gnutls_strerror(ret));
				conn_fail(L, c, E_HANDSHAKE, msg);
				return;
			}
			if (L->measuring) {
				L->st.handshakes++;
				if (gnutls_session_is_resumed(c->s))
					L->st.resumed++;
			}
			if (c->offered_ticket &&
			    !gnutls_session_is_resumed(c->s))
				count_error(L, E_NOT_RESUMED,
					    "the server did not resume "
					    "the session");
			if (L->o->mode == M_IDLE && !L->o->idle_request) {
				if (L->measuring)
					hist_add(&L->st.lat,
						 now_ns() - c->t_start);
				hold(L, c);
				return;
			}
			start_request(L, c, now_ns());
			break;
		case C_SEND:
			r = gnutls_record_send(c->s, L->req + c->sent,
					       L->reqlen - c->sent);
			if (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED) {
				if (set_events(L, c, EPOLLOUT) == -1)
					conn_fail(L, c, E_SEND,
						  "epoll_ctl failed");
				return;
			}
			if (r < 0) {
				snprintf(msg, sizeof(msg), "%s",
					 gnutls_strerror((int)r));
				conn_fail(L, c, E_SEND, msg);
				return;
			}
			c->sent += (size_t)r;
			if (c->sent < L->reqlen)
				break;
			/* Unless bytes are buffered already (say, a ticket
			 * behind the last response), wait for the response
			 * without a read that would say EAGAIN. */
			c->st = C_RECV;
			if (conn_buffered(c, &spins))
				break;
			if (set_events(L, c, EPOLLIN) == -1)
				conn_fail(L, c, E_RECV, "epoll_ctl failed");
			return;
		case C_TICKET:
			r = gnutls_record_recv(c->s, buf, sizeof(buf));
			if (gnutls_session_get_flags(c->s) &
			    GNUTLS_SFLAGS_SESSION_TICKET) {
				if (keep_ticket(L, c) == 0)
					next_connection(L, c);
				break;
			}
			if (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED) {
				if (conn_buffered(c, &spins))
					break;
				if (set_events(L, c, EPOLLIN) == -1)
					conn_fail(L, c, E_RECV,
						  "epoll_ctl failed");
				return;
			}
			if (r > 0) {
				conn_fail(L, c, E_PROTO,
					  "data after the response");
				return;
			}
			if (r < 0 && !gnutls_error_is_fatal((int)r))
				break;
			/* The server closed without a ticket: the next
			 * connection makes a full handshake. */
			conn_fail(L, c, E_NO_TICKET,
				  "the server sent no session ticket");
			return;
		case C_RECV:
		case C_HELD:
			r = gnutls_record_recv(c->s, buf, sizeof(buf));
			if (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED) {
				if (conn_buffered(c, &spins))
					break;
				if (set_events(L, c, EPOLLIN) == -1)
					conn_fail(L, c, E_RECV,
						  "epoll_ctl failed");
				return;
			}
			if (c->st == C_HELD) {
				if (r > 0) {
					conn_fail(L, c, E_PROTO,
						  "unexpected data on an idle "
						  "connection");
				} else {
					snprintf(msg, sizeof(msg), "%s",
						 r == 0 ? "closed by the server"
							: gnutls_strerror(
								  (int)r));
					conn_fail(L, c, E_IDLE_CLOSED, msg);
				}
				return;
			}
			now = now_ns();
			if (r == 0 || r == GNUTLS_E_PREMATURE_TERMINATION) {
				/* EOF: the end of a close-delimited body, or
				 * a response cut short. */
				if (c->in_body && c->clen == -1) {
					on_response(L, c, now);
					if (c->st == C_RECV)
						conn_close(L, c);
					return;
				}
				conn_fail(L, c, E_CLOSED,
					  c->hlen == 0
						  ? "connection closed before "
						    "a response"
						  : "connection closed in the "
						    "middle of a response");
				return;
			}
			if (r < 0) {
				if (r == GNUTLS_E_REHANDSHAKE ||
				    !gnutls_error_is_fatal((int)r))
					break;
				snprintf(msg, sizeof(msg), "%s",
					 gnutls_strerror((int)r));
				conn_fail(L, c, E_RECV, msg);
				return;
			}
			ret = feed(L, c, buf, (size_t)r);
			if (ret == -1)
				return;
			if (ret == 1) {
				if (gnutls_record_check_pending(c->s) > 0) {
					conn_fail(L, c, E_PROTO,
						  "data after the response");
					return;
				}
				on_response(L, c, now);
			}
			break;
		}
		ev = 0;
	}
}

/* Fail every operation that has run past its deadline; reopen closed
 * connections whose retry time has come. */
static void
check_timers(struct loader *L, uint64_t now)
{
	unsigned i;

	for (i = 0; i < L->nconns; i++) {
		struct conn *c = &L->c[i];

		if (c->st == C_CLOSED) {
			if (c->retry_at != 0 && now >= c->retry_at &&
			    !L->stopping)
				conn_open(L, c);
			if (c->st != C_CLOSED)
				drive(L, c, 0);
		} else if (c->st != C_HELD && now > c->deadline) {
			conn_fail(L, c, E_TIMEOUT,
				  "no progress within the timeout");
		}
	}
}

/* ---------------------------------------------------------------- setup */

static int
is_loopback(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)sa;

		return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)sa;

		return IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr);
	}
	return 0;
}

/* Parse "ADDR:PORT" or "[ADDR]:PORT" (numeric, loopback only). */
static int
parse_target(const char *text, struct loader *L)
{
	char host[128];
	const char *port;
	struct addrinfo hints = { 0 }, *res = NULL;
	size_t hl;
	int ret;

	if (text[0] == '[') {
		const char *end = strchr(text, ']');

		if (end == NULL || end[1] != ':')
			return -1;
		hl = (size_t)(end - text - 1);
		port = end + 2;
		text++;
	} else {
		const char *colon = strrchr(text, ':');

		if (colon == NULL)
			return -1;
		hl = (size_t)(colon - text);
		port = colon + 1;
	}
	if (hl == 0 || hl >= sizeof(host) || *port == '\0')
		return -1;
	memcpy(host, text, hl);
	host[hl] = '\0';
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	if ((ret = getaddrinfo(host, port, &hints, &res)) != 0)
		return -1;
	if (!is_loopback(res->ai_addr) || res->ai_addrlen > sizeof(L->addr)) {
		freeaddrinfo(res);
		return -2;
	}
	memcpy(&L->addr, res->ai_addr, res->ai_addrlen);
	L->addrlen = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
}

static double
parse_seconds(const char *text, const char *what, double min, double max)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(text, &end);
	if (errno != 0 || end == text || *end != '\0' || !(v >= min) ||
	    !(v <= max))
		cli_usage_error("invalid %s: '%s' (%g to %g seconds)", what,
				text, min, max);
	return v;
}

static unsigned long
parse_count(const char *text, const char *what, unsigned long min,
	    unsigned long max)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || text[0] == '-' ||
	    v < min || v > max)
		cli_usage_error("invalid %s: '%s' (%lu to %lu)", what, text,
				min, max);
	return v;
}

/* Room for the connections and the epoll descriptors. */
static void
raise_fd_limit(unsigned need)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1)
		return;
	if (rl.rlim_cur >= need + 64)
		return;
	rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > need + 64
			      ? need + 64
			      : rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);
}

/* ---------------------------------------------------------------- report */

struct result {
	double secs;
	struct srv_sample s0, s1;
	double setup_secs;	/* idle: time to establish all connections */
	struct srv_sample held; /* idle: while holding */
};

static void
report(const struct loader *L, const struct result *res)
{
	const struct opts *o = L->o;
	const struct stats *st = &L->st;
	uint64_t errs = 0;
	double secs = res->secs > 0 ? res->secs : 1e-9;
	double rps, hps, cpu = res->s1.cpu_s - res->s0.cpu_s;
	double ops, cpu_per_op = 0, kib1000 = 0;
	unsigned k;

	for (k = 0; k < E_KINDS; k++)
		errs += L->errors[k];
	rps = (double)st->requests / secs;
	hps = (double)st->handshakes / secs;
	ops = o->mode == M_IDLE ? (double)L->established : (double)st->requests;
	if (o->npids > 0 && ops > 0)
		cpu_per_op = cpu * 1e6 / ops;
	if (o->mode == M_IDLE && L->established > 0 && o->npids > 0)
		kib1000 = (double)(res->held.rss_kib - res->s0.rss_kib) *
			  1000.0 / (double)L->established;

	if (!o->quiet) {
		if (o->mode == M_IDLE)
			printf("mtls-load: idle, %u connections, %s, set up "
			       "in %.2f s, held %.2f s\n",
			       L->nconns, o->connect, secs, o->duration);
		else
			printf("mtls-load: %s, %u connections, %s, %.2f s "
			       "measured\n",
			       mode_names[o->mode], L->nconns, o->connect,
			       secs);
		printf("  requests     %12" PRIu64 "  %10.1f/s\n", st->requests,
		       rps);
		printf("  handshakes   %12" PRIu64 "  %10.1f/s  (%" PRIu64
		       " resumed)\n",
		       st->handshakes, hps, st->resumed);
		if (st->reconnects > 0)
			printf("  reconnects   %12" PRIu64
			       "  (the server closed keep-alive connections)\n",
			       st->reconnects);
		printf("  latency      p50 %.1f us  p99 %.1f us  max %.1f us\n",
		       (double)hist_quantile(&st->lat, 0.50) / 1e3,
		       (double)hist_quantile(&st->lat, 0.99) / 1e3,
		       (double)st->lat.max / 1e3);
		printf("  errors       %12" PRIu64, errs);
		for (k = 0; k < E_KINDS; k++)
			if (L->errors[k] > 0)
				printf("  %s=%" PRIu64, err_names[k],
				       L->errors[k]);
		printf("\n");
		if (o->npids > 0) {
			printf("  server CPU   %.2f s over %u process(es) = "
			       "%.1f us per %s\n",
			       cpu, res->s1.nproc, cpu_per_op,
			       o->mode == M_KEEPALIVE ? "request"
			       : o->mode == M_IDLE    ? "connection set up"
						      : "connection");
			printf("  server RSS   %ld KiB (peak %ld KiB)\n",
			       res->s1.rss_kib, res->s1.hwm_kib);
			if (o->mode == M_IDLE)
				printf("  idle         %u connections held: "
				       "RSS %ld -> %ld KiB = %.0f KiB per "
				       "1000 connections\n",
				       L->established, res->s0.rss_kib,
				       res->held.rss_kib, kib1000);
		}
	}
	printf("RESULT label=%s mode=%s conns=%u secs=%.3f requests=%" PRIu64
	       " rps=%.1f handshakes=%" PRIu64 " hps=%.1f resumed=%" PRIu64
	       " reconnects=%" PRIu64 " p50_us=%.1f p99_us=%.1f max_us=%.1f"
	       " errors=%" PRIu64,
	       o->label, mode_names[o->mode], L->nconns, secs, st->requests,
	       rps, st->handshakes, hps, st->resumed, st->reconnects,
	       (double)hist_quantile(&st->lat, 0.50) / 1e3,
	       (double)hist_quantile(&st->lat, 0.99) / 1e3,
	       (double)st->lat.max / 1e3, errs);
	for (k = 0; k < E_KINDS; k++)
		printf(" err_%s=%" PRIu64, err_names[k], L->errors[k]);
	if (o->npids > 0) {
		printf(" server_cpu_s=%.3f server_cpu_us_per_op=%.2f"
		       " server_procs=%u server_rss_start_kib=%ld"
		       " server_rss_kib=%ld server_hwm_kib=%ld",
		       cpu, cpu_per_op, res->s1.nproc, res->s0.rss_kib,
		       res->s1.rss_kib, res->s1.hwm_kib);
		if (o->mode == M_IDLE)
			printf(" idle_conns=%u idle_rss_kib=%ld"
			       " idle_kib_per_1000=%.1f setup_secs=%.3f",
			       L->established, res->held.rss_kib, kib1000,
			       res->setup_secs);
	}
	printf("\n");
	fflush(stdout);
}

/* ---------------------------------------------------------------- main loop */

/* Is C in the middle of something (not closed, not held)? */
static bool
conn_is_busy(const struct conn *c)
{
	return c->st != C_CLOSED && c->st != C_HELD;
}

/* The measurement is over: start nothing new, let what is in flight
 * finish (so servers see no aborted handshakes; what does not finish
 * within --timeout is a timeout error), then close everything with a
 * close_notify. */
static void
drain(struct loader *L)
{
	struct epoll_event evs[256];
	uint64_t until = op_deadline(L, now_ns());
	unsigned i, busy = 1;
	int n;

	L->stopping = true;
	L->measuring = false;
	while (busy > 0 && now_ns() < until && !got_signal) {
		n = epoll_wait(L->ep, evs, 256, 5);
		for (i = 0; i < (unsigned)(n > 0 ? n : 0); i++)
			drive(L, evs[i].data.ptr, evs[i].events);
		for (busy = 0, i = 0; i < L->nconns; i++)
			busy += conn_is_busy(&L->c[i]);
	}
	for (i = 0; i < L->nconns; i++) {
		struct conn *c = &L->c[i];

		if (conn_is_busy(c) && !got_signal)
			count_error(L, E_TIMEOUT,
				    "still unanswered at the end "
				    "of the run");
		/* Errors here change nothing: the socket is closed next. */
		if (c->st == C_HELD)
			(void)gnutls_bye(c->s, GNUTLS_SHUT_WR);
		conn_close(L, c);
	}
}

static void
run_loop(struct loader *L, struct result *res)
{
	const struct opts *o = L->o;
	struct epoll_event evs[256];
	uint64_t t0 = now_ns(), t_measure, t_end, t_hard, t_timers = 0, now;
	uint64_t t_setup_done = 0;
	unsigned i;
	int n;

	t_measure = t0 + (uint64_t)(o->warmup * 1e9);
	t_end = t_measure + (uint64_t)(o->duration * 1e9);
	/* Whatever happens, the run ends: idle set-up may take at most
	 * --timeout beyond the last connection's start, plus the hold. */
	t_hard = t_end + (uint64_t)(o->timeout * 1e9) +
		 (o->mode == M_IDLE ? (uint64_t)(120 * 1e9) : 0);

	if (o->mode == M_IDLE) {
		/* Memory before: the baseline of the per-connection cost. */
		server_sample(o, &res->s0);
		L->measuring = true;
		t_measure = t0;
		t_end = UINT64_MAX;
	} else if (o->warmup <= 0) {
		server_sample(o, &res->s0);
		L->measuring = true;
	}
	for (i = 0; i < L->nconns; i++) {
		if (o->mode == M_IDLE && L->started >= o->ramp)
			break;
		L->started++;
		conn_open(L, &L->c[i]);
		drive(L, &L->c[i], 0);
	}

	for (;;) {
		n = epoll_wait(L->ep, evs, 256, 5);
		if (n == -1 && errno != EINTR) {
			cli_error("epoll_wait: %s", strerror(errno));
			break;
		}
		for (i = 0; i < (unsigned)(n > 0 ? n : 0); i++)
			drive(L, evs[i].data.ptr, evs[i].events);
		now = now_ns();

		if (got_signal || now >= t_hard) {
			if (!got_signal)
				cli_error("run did not finish in time; "
					  "stopping");
			break;
		}
		if (!L->measuring && now >= t_measure) {
			/* Warm-up over: count from here. */
			memset(&L->st, 0, sizeof(L->st));
			server_sample(o, &res->s0);
			L->measuring = true;
			t_measure = now;
		}
		if (o->mode == M_IDLE) {
			/* Keep o->ramp connections in set-up until all
			 * are started. */
			unsigned busy = L->started - L->established -
					L->failed_setup - L->dropped;

			while (busy < o->ramp && L->started < L->nconns) {
				struct conn *c = &L->c[L->started++];

				conn_open(L, c);
				drive(L, c, 0);
				busy++;
			}
			if (t_setup_done == 0 &&
			    L->established + L->failed_setup + L->dropped ==
				    L->nconns) {
				t_setup_done = now;
				res->setup_secs = (double)(now - t0) / 1e9;
				server_sample(o, &res->s1);
				t_end = now + (uint64_t)(o->duration * 1e9);
			}
		}
		if (now >= t_end) {
			if (o->mode == M_IDLE) {
				server_sample(o, &res->held);
			} else {
				server_sample(o, &res->s1);
				res->secs = (double)(now - t_measure) / 1e9;
			}
			break;
		}
		if (now - t_timers >= 20 * 1000000u) {
			t_timers = now;
			check_timers(L, now);
		}
	}
	if (o->mode == M_IDLE) {
		/* For idle, rates are over the set-up phase. */
		res->secs = (double)((t_setup_done ? t_setup_done : now_ns()) -
				     t0) /
			    1e9;
		if (t_setup_done == 0) {
			server_sample(o, &res->s1);
			res->held = res->s1;
		}
	} else if (res->secs == 0) {
		res->secs = (double)(now_ns() - t_measure) / 1e9;
		server_sample(o, &res->s1);
	}
	drain(L);
}

static int
setup(struct loader *L)
{
	const struct opts *o = L->o;
	const char *errpos = NULL;
	int ret;

	if ((ret = gnutls_certificate_allocate_credentials(&L->cred)) < 0) {
		cli_error("cannot set up TLS: %s", gnutls_strerror(ret));
		return -1;
	}
	if ((ret = gnutls_certificate_set_x509_trust_file(
		     L->cred, o->ca, GNUTLS_X509_FMT_PEM)) <= 0) {
		cli_error("cannot load CA certificates '%s': %s", o->ca,
			  ret == 0 ? "no certificate found"
				   : gnutls_strerror(ret));
		return -1;
	}
	if ((ret = gnutls_certificate_set_x509_key_file2(L->cred, o->cert,
							 o->key,
							 GNUTLS_X509_FMT_PEM,
							 NULL, 0)) < 0) {
		cli_error("cannot load certificate '%s' and key '%s': %s",
			  o->cert, o->key, gnutls_strerror(ret));
		return -1;
	}
	if ((ret = gnutls_priority_init(&L->prio, o->priority, &errpos)) < 0) {
		cli_error("invalid priority string '%s': %s", o->priority,
			  gnutls_strerror(ret));
		return -1;
	}
	L->reqlen = (size_t)snprintf(
		L->req, sizeof(L->req),
		"GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: mtls-load\r\n%s\r\n",
		o->path, o->servername,
		o->mode == M_HANDSHAKE || o->mode == M_RESUME
			? "Connection: close\r\n"
			: "");
	if (L->reqlen >= sizeof(L->req)) {
		cli_error("request path too long");
		return -1;
	}
	if ((L->ep = epoll_create1(EPOLL_CLOEXEC)) == -1) {
		cli_error("epoll_create1: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static void
usage(int status)
{
	if (status != EXIT_SUCCESS)
		cli_try_help();
	printf("Usage: %s --connect ADDR:PORT --ca FILE --cert FILE --key FILE "
	       "[OPTION]...\n",
	       cli_program_name);
	fputs("\
Load an HTTPS server that requires client certificates, check every\n\
response, and report rates, latency and errors (and, with --server-pid,\n\
the server's CPU time and memory).  Loopback addresses only.\n\
\n\
  -c, --connect ADDR:PORT  the server (127.0.0.1:PORT, [::1]:PORT)\n\
      --ca FILE            CA certificate(s) that signed the server's\n\
      --cert FILE          client certificate (PEM)\n\
      --key FILE           client key (PEM)\n\
  -m, --mode MODE          keepalive (default), handshake, resume or idle\n\
  -n, --connections N      concurrent connections (default 32;\n\
                             idle: connections to hold, default 1000)\n\
  -d, --duration SECS      seconds to measure (idle: seconds to hold)\n\
                             (default 5)\n\
  -w, --warmup SECS        seconds to run before measuring (default 0)\n\
  -b, --body-length N      expected body length in bytes (default: any)\n\
      --path PATH          request path (default /)\n\
      --servername NAME    SNI, Host header and the name the server's\n\
                             certificate must match (default localhost)\n\
      --priority STRING    GnuTLS priority string (default NORMAL)\n\
      --no-tickets         handshake mode: do not ask for session tickets\n\
      --ramp N             idle: connections set up at once (default 32)\n\
      --idle-request       idle: make one request on each connection\n\
                             before holding it (default: handshake only)\n\
      --timeout SECS       one connect+handshake or request may take this\n\
                             long (default 10)\n\
  -p, --server-pid PID     server process to measure (with its\n\
                             descendants); repeatable\n\
      --label TEXT         a name for the result line\n\
  -q, --quiet              print only the RESULT line\n\
      --help               display this help and exit\n\
      --version            output version information and exit\n\
\n\
Exit status: 0 no errors, 1 some requests failed, 2 usage or set-up error.\n\
",
	      stdout);
	exit(status);
}

enum {
	OPT_CA = CLI_OPT_FIRST_PROGRAM_OPTION,
	OPT_CERT,
	OPT_KEY,
	OPT_PATH,
	OPT_SERVERNAME,
	OPT_PRIORITY,
	OPT_NO_TICKETS,
	OPT_RAMP,
	OPT_IDLE_REQUEST,
	OPT_TIMEOUT,
	OPT_LABEL,
};

static const char short_opts[] = "c:m:n:d:w:b:p:q";
static const struct option long_opts[] = {
	{ "connect", required_argument, NULL, 'c' },
	{ "ca", required_argument, NULL, OPT_CA },
	{ "cert", required_argument, NULL, OPT_CERT },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "mode", required_argument, NULL, 'm' },
	{ "connections", required_argument, NULL, 'n' },
	{ "duration", required_argument, NULL, 'd' },
	{ "warmup", required_argument, NULL, 'w' },
	{ "body-length", required_argument, NULL, 'b' },
	{ "path", required_argument, NULL, OPT_PATH },
	{ "servername", required_argument, NULL, OPT_SERVERNAME },
	{ "priority", required_argument, NULL, OPT_PRIORITY },
	{ "no-tickets", no_argument, NULL, OPT_NO_TICKETS },
	{ "ramp", required_argument, NULL, OPT_RAMP },
	{ "idle-request", no_argument, NULL, OPT_IDLE_REQUEST },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "server-pid", required_argument, NULL, 'p' },
	{ "label", required_argument, NULL, OPT_LABEL },
	{ "quiet", no_argument, NULL, 'q' },
	CLI_LONG_HELP_VERSION,
	{ NULL, 0, NULL, 0 },
};

int
main(int argc, char *argv[])
{
	struct opts o = {
		.servername = "localhost",
		.path = "/",
		.priority = "NORMAL",
		.label = "-",
		.mode = M_KEEPALIVE,
		.ramp = 32,
		.duration = 5,
		.timeout = 10,
		.body_length = -1,
	};
	static struct loader L; /* large: the histogram */
	struct result res;
	struct sigaction sa;
	uint64_t errs = 0;
	unsigned i, k;
	int ch, ret, status = EXIT_TROUBLE;

	cli_init(argv[0]);
	while ((ch = getopt_long(argc, argv, short_opts, long_opts, NULL)) !=
	       -1) {
		switch (ch) {
		case 'c':
			o.connect = optarg;
			break;
		case OPT_CA:
			o.ca = optarg;
			break;
		case OPT_CERT:
			o.cert = optarg;
			break;
		case OPT_KEY:
			o.key = optarg;
			break;
		case 'm':
			for (k = 0; k < 4; k++)
				if (strcmp(optarg, mode_names[k]) == 0)
					break;
			if (k == 4)
				cli_usage_error("invalid mode: '%s'", optarg);
			o.mode = (enum mode)k;
			break;
		case 'n':
			o.conns = (unsigned)parse_count(optarg,
							"number of connections",
							1, 100000);
			break;
		case 'd':
			o.duration =
				parse_seconds(optarg, "duration", 0.1, 3600);
			break;
		case 'w':
			o.warmup = parse_seconds(optarg, "warm-up", 0, 600);
			break;
		case 'b':
			o.body_length = (long)parse_count(optarg, "body length",
							  0, LONG_MAX);
			break;
		case OPT_PATH:
			if (optarg[0] != '/' || strpbrk(optarg, " \r\n"))
				cli_usage_error("invalid path: '%s'", optarg);
			o.path = optarg;
			break;
		case OPT_SERVERNAME:
			if (optarg[0] == '\0' || strpbrk(optarg, " \r\n"))
				cli_usage_error("invalid server name: '%s'",
						optarg);
			o.servername = optarg;
			break;
		case OPT_PRIORITY:
			o.priority = optarg;
			break;
		case OPT_NO_TICKETS:
			o.no_tickets = true;
			break;
		case OPT_RAMP:
			o.ramp =
				(unsigned)parse_count(optarg, "ramp", 1, 10000);
			break;
		case OPT_IDLE_REQUEST:
			o.idle_request = true;
			break;
		case OPT_TIMEOUT:
			o.timeout = parse_seconds(optarg, "timeout", 0.1, 600);
			break;
		case 'p':
			if (o.npids == MAX_PIDS)
				cli_usage_error("at most %d --server-pid",
						MAX_PIDS);
			o.pids[o.npids++] = (pid_t)parse_count(optarg,
							       "process id", 1,
							       INT_MAX);
			break;
		case OPT_LABEL:
			if (optarg[0] == '\0' || strpbrk(optarg, " \t\r\n="))
				cli_usage_error("invalid label: '%s' (no "
						"spaces or '=')",
						optarg);
			o.label = optarg;
			break;
		case 'q':
			o.quiet = true;
			break;
			CLI_CASE_HELP_VERSION;
		default:
			cli_try_help();
		}
	}
	if (optind < argc)
		cli_usage_error("extra operand '%s'", argv[optind]);
	if (o.connect == NULL || o.ca == NULL || o.cert == NULL ||
	    o.key == NULL)
		cli_usage_error("--connect, --ca, --cert and --key are "
				"required");
	if (o.conns == 0)
		o.conns = o.mode == M_IDLE ? 1000 : 32;
	L.o = &o;
	L.ep = -1;
	switch (parse_target(o.connect, &L)) {
	case -1:
		cli_usage_error("invalid address: '%s' (ADDR:PORT, numeric)",
				o.connect);
	case -2:
		cli_usage_error("refusing '%s': only loopback addresses",
				o.connect);
	}
	for (i = 0; i < o.npids; i++)
		if (kill(o.pids[i], 0) == -1 && errno == ESRCH)
			cli_usage_error("no process %d", (int)o.pids[i]);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	raise_fd_limit(o.conns);

	if ((ret = gnutls_global_init()) < 0) {
		cli_error("cannot initialize GnuTLS: %s", gnutls_strerror(ret));
		return EXIT_TROUBLE;
	}
	L.nconns = o.conns;
	if ((L.c = calloc(L.nconns, sizeof(*L.c))) == NULL) {
		cli_error("out of memory");
		goto out;
	}
	for (i = 0; i < L.nconns; i++) {
		L.c[i].fd = -1;
		if ((L.c[i].rbuf = malloc(RBUF_SIZE)) == NULL) {
			cli_error("out of memory");
			goto out;
		}
	}
	if (setup(&L) == -1)
		goto out;

	memset(&res, 0, sizeof(res));
	run_loop(&L, &res);
	report(&L, &res);
	for (k = 0; k < E_KINDS; k++)
		errs += L.errors[k];
	if (o.mode == M_IDLE && L.established < L.nconns && errs == 0)
		errs = 1; /* interrupted before all were set up */
	status = errs == 0 && !got_signal ? EXIT_SUCCESS : EXIT_CHECK_FAILED;
out:
	if (L.c != NULL) {
		for (i = 0; i < L.nconns; i++) {
			conn_close(&L, &L.c[i]);
			gnutls_free(L.c[i].ticket.data);
			free(L.c[i].rbuf);
		}
		free(L.c);
	}
	if (L.ep != -1)
		close(L.ep);
	gnutls_priority_deinit(L.prio);
	gnutls_certificate_free_credentials(L.cred);
	gnutls_global_deinit();
	return status;
}
