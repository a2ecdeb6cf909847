/*
 * listen.c -- listening sockets for "ADDR:PORT" (IPv4), "[ADDR]:PORT"
 * (IPv6) or "HOST:PORT", non-blocking, with the address actually bound
 * (port 0 picks a free one) given back as text; more sockets on the same
 * address for more workers; and sockets a service manager passed us.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "mtls_internal.h"

static int
split(const char *spec, char *host, size_t hsize, char *port, size_t psize,
      struct mtls_err *e)
{
	const char *colon;
	size_t hlen;

	if (spec[0] == '[') {
		const char *close = strchr(spec, ']');

		if (close == NULL || close[1] != ':')
			goto bad;
		hlen = (size_t)(close - spec - 1);
		if (hlen == 0 || hlen >= hsize)
			goto bad;
		memcpy(host, spec + 1, hlen);
		colon = close + 1;
	} else {
		colon = strrchr(spec, ':');
		if (colon == NULL || memchr(spec, ':', (size_t)(colon - spec)))
			goto bad;
		hlen = (size_t)(colon - spec);
		if (hlen == 0 || hlen >= hsize)
			goto bad;
		memcpy(host, spec, hlen);
	}
	host[hlen] = '\0';
	if (colon[1] == '\0' || strlen(colon + 1) >= psize ||
	    strspn(colon + 1, "0123456789") != strlen(colon + 1) ||
	    atol(colon + 1) > 65535)
		goto bad;
	strcpy(port, colon + 1);
	return 0;
bad:
	return mtls_err_set(e,
			    "invalid listen address '%s': expected "
			    "ADDR:PORT or [IPV6]:PORT",
			    spec);
}

/* The address FD is bound to, as "127.0.0.1:3100" or "[::1]:3100". */
static int
bound_name(int fd, char *bound, size_t size)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char addr[INET6_ADDRSTRLEN];

	if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1)
		return -1;
	if (ss.ss_family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		inet_ntop(AF_INET6, &s6->sin6_addr, addr, sizeof(addr));
		snprintf(bound, size, "[%s]:%u", addr, ntohs(s6->sin6_port));
	} else if (ss.ss_family == AF_INET) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		inet_ntop(AF_INET, &s4->sin_addr, addr, sizeof(addr));
		snprintf(bound, size, "%s:%u", addr, ntohs(s4->sin_port));
	} else {
		errno = EAFNOSUPPORT;
		return -1;
	}
	return 0;
}

int
mtls_listen(const char *spec, int backlog, char *bound, size_t size,
	    struct mtls_err *e)
{
	struct addrinfo hints = { 0 }, *res = NULL;
	char host[256], port[8];
	int fd = -1, one = 1, ret;

	if (split(spec, host, sizeof(host), port, sizeof(port), e) != 0)
		return -1;
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	ret = getaddrinfo(host, port, &hints, &res);
	if (ret != 0)
		return mtls_err_set(e, "cannot listen on '%s': %s", spec,
				    gai_strerror(ret));
	fd = socket(res->ai_family,
		    res->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    res->ai_protocol);
	if (fd == -1)
		goto fail;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (res->ai_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	/* Bound without SO_REUSEPORT, the address is ours alone: another
	 * server already there makes bind fail, instead of letting us join
	 * its group and take a share of its clients. */
	if (bind(fd, res->ai_addr, res->ai_addrlen) == -1)
		goto fail;
	/* Then open the group to our own workers' sockets (see
	 * mtls_listen_again): the kernel spreads connections evenly over
	 * them instead of handing them all to whichever worker wakes
	 * first.  A later bind, ours or another server's, without
	 * SO_REUSEPORT still fails. */
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) == -1 ||
	    listen(fd, backlog) == -1 || bound_name(fd, bound, size) == -1)
		goto fail;
	freeaddrinfo(res);
	return fd;
fail:
	ret = errno;
	if (fd != -1)
		close(fd);
	freeaddrinfo(res);
	if (ret == EADDRINUSE)
		mtls_err_set(e, "cannot listen on '%s': address already in use",
			     spec);
	else
		mtls_err_set(e, "cannot listen on '%s': %s", spec,
			     strerror(ret));
	return -1;
}

int
mtls_listen_inherited(int fd, char *bound, size_t size, struct mtls_err *e)
{
	int type = 0, listening = 0, flags;
	socklen_t len = sizeof(type);

	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) == -1)
		return mtls_err_set(e,
				    "passed descriptor %d: not a socket (%s)",
				    fd, strerror(errno));
	len = sizeof(listening);
	if (type != SOCK_STREAM ||
	    getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) == -1 ||
	    !listening)
		return mtls_err_set(e,
				    "passed descriptor %d: not a listening "
				    "stream socket",
				    fd);
	if (bound_name(fd, bound, size) == -1)
		return mtls_err_set(e,
				    "passed descriptor %d: not an IPv4 or "
				    "IPv6 socket",
				    fd);
	/* The event loop never blocks, and workers' descendants need not
	 * see it. */
	flags = fcntl(fd, F_GETFL);
	if (flags == -1 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) == -1 ||
	    fcntl(fd, F_SETFD, FD_CLOEXEC) == -1)
		return mtls_err_set(e, "passed descriptor %d: %s", fd,
				    strerror(errno));
	return 0;
}

int
mtls_listen_again(int fd, int backlog, struct mtls_err *e)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	int again = -1, one = 1, err;

	if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1)
		goto fail;
	again = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		       0);
	if (again == -1)
		goto fail;
	setsockopt(again, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (setsockopt(again, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) ==
		    -1 ||
	    (ss.ss_family == AF_INET6 &&
	     setsockopt(again, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)) ==
		     -1) ||
	    bind(again, (struct sockaddr *)&ss, len) == -1 ||
	    listen(again, backlog) == -1)
		goto fail;
	return again;
fail:
	err = errno;
	if (again != -1)
		close(again);
	return mtls_err_set(e, "cannot listen again on the same address: %s",
			    strerror(err));
}
