/*
 * httpd_backend.c -- where a reverse proxy sends requests: the backend
 * address given as "http://HOST:PORT[/PREFIX]" or "unix:/PATH", resolved
 * once at start, and non-blocking connections to it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "mtls_internal.h"

static int
bad(const char *spec, struct mtls_err *e)
{
	return mtls_err_set(e,
			    "invalid backend '%s': expected "
			    "http://HOST:PORT[/PREFIX], unix:/PATH or "
			    "tcp://HOST:PORT",
			    spec);
}

static int
parse_unix(const char *spec, struct mtls_backend *b, struct mtls_err *e)
{
	const char *path = spec + 5;
	struct sockaddr_un *un = (struct sockaddr_un *)(void *)&b->addr;

	if (*path == '\0')
		return bad(spec, e);
	if (strlen(path) >= sizeof(un->sun_path))
		return mtls_err_set(e,
				    "invalid backend '%s': the socket path "
				    "is longer than %zu bytes",
				    spec, sizeof(un->sun_path) - 1);
	un->sun_family = AF_UNIX;
	memcpy(un->sun_path, path, strlen(path) + 1);
	b->addr_len = sizeof(*un);
	snprintf(b->name, sizeof(b->name), "unix:%s", path);
	snprintf(b->host, sizeof(b->host), "localhost");
	return 0;
}

int
mtls_backend_parse(const char *spec, struct mtls_backend *b, struct mtls_err *e)
{
	const char *p, *host, *host_end, *port = "80", *slash;
	char hostbuf[256], portbuf[6];
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res;
	size_t plen;
	int r;

	memset(b, 0, sizeof(*b));
	if (strncmp(spec, "unix:", 5) == 0)
		return parse_unix(spec, b, e);
	if (strncmp(spec, "tcp://", 6) == 0) {
		b->tcp = true;
		p = spec + 6;
	} else if (strncmp(spec, "http://", 7) == 0) {
		p = spec + 7;
	} else {
		return bad(spec, e);
	}
	slash = p + strcspn(p, "/");
	if (*p == '[') {
		host = p + 1;
		host_end = memchr(host, ']', (size_t)(slash - host));
		if (host_end == NULL)
			return bad(spec, e);
		p = host_end + 1;
	} else {
		host = p;
		host_end = p + strcspn(p, ":/");
		p = host_end;
	}
	if (host_end == host || (size_t)(host_end - host) >= sizeof(hostbuf))
		return bad(spec, e);
	if (*p == ':') {
		plen = (size_t)(slash - p - 1);
		if (plen == 0 || plen >= sizeof(portbuf) ||
		    strspn(p + 1, "0123456789") != plen)
			return bad(spec, e);
		memcpy(portbuf, p + 1, plen);
		portbuf[plen] = '\0';
		if (atoi(portbuf) < 1 || atoi(portbuf) > 65535)
			return bad(spec, e);
		port = portbuf;
	} else if (p != slash || b->tcp) {
		return bad(spec, e);
	}
	if (b->tcp && *slash != '\0')
		return bad(spec, e);
	memcpy(hostbuf, host, (size_t)(host_end - host));
	hostbuf[host_end - host] = '\0';
	/* The prefix goes before every request's path: no query, no
	 * fragment, nothing a request line cannot hold; a trailing '/'
	 * would double the target's own. */
	plen = strlen(slash);
	while (plen > 0 && slash[plen - 1] == '/')
		plen--;
	if (plen >= sizeof(b->prefix))
		return bad(spec, e);
	for (size_t i = 0; i < plen; i++)
		if ((unsigned char)slash[i] <= 0x20 ||
		    (unsigned char)slash[i] >= 0x7f || slash[i] == '?' ||
		    slash[i] == '#')
			return bad(spec, e);
	memcpy(b->prefix, slash, plen);
	b->prefix[plen] = '\0';
	r = getaddrinfo(hostbuf, port, &hints, &res);
	if (r != 0)
		return mtls_err_set(e,
				    "cannot resolve the backend host '%s': %s",
				    hostbuf, gai_strerror(r));
	memcpy(&b->addr, res->ai_addr, res->ai_addrlen);
	b->addr_len = res->ai_addrlen;
	freeaddrinfo(res);
	if (strchr(hostbuf, ':') != NULL)
		snprintf(b->host, sizeof(b->host), "[%s]:%s", hostbuf, port);
	else
		snprintf(b->host, sizeof(b->host), "%s:%s", hostbuf, port);
	snprintf(b->name, sizeof(b->name), "%s", b->host);
	return 0;
}

int
mtls_backend_connect(const struct mtls_backend *b, struct mtls_err *e)
{
	int fd, one = 1;

	fd = socket(b->addr.ss_family,
		    SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1)
		return mtls_err_set(e, "cannot make a socket: %s",
				    strerror(errno));
	if (b->addr.ss_family != AF_UNIX)
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(fd, (const struct sockaddr *)&b->addr, b->addr_len) != 0 &&
	    errno != EINPROGRESS) {
		int err = errno;

		close(fd);
		/* A Unix socket whose queue is full says EAGAIN: for the
		 * client that is a backend that does not answer. */
		return mtls_err_set(e, "cannot connect: %s",
				    strerror(err == EAGAIN ? ECONNREFUSED
							   : err));
	}
	return fd;
}
