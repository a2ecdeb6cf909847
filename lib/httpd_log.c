/*
 * httpd_log.c -- the server's log lines: the access log in Common Log
 * Format with the client's subject as the user, and the peer name that
 * starts every error line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "mtls_internal.h"

/* Request-target bytes kept in an access log line. */
#define LOG_TARGET_MAX 2048

void
mtls_httpd_log_date(time_t now, char *buf, size_t size)
{
	struct tm tm;

	if (localtime_r(&now, &tm) == NULL ||
	    strftime(buf, size, "%d/%b/%Y:%H:%M:%S %z", &tm) == 0)
		snprintf(buf, size, "-");
}

void
mtls_httpd_peer_name(const struct sockaddr *sa, char *buf, size_t size)
{
	char addr[INET6_ADDRSTRLEN];

	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)sa;

		inet_ntop(AF_INET6, &in6->sin6_addr, addr, sizeof(addr));
		snprintf(buf, size, "[%s]:%u", addr, ntohs(in6->sin6_port));
	} else if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)sa;

		inet_ntop(AF_INET, &in->sin_addr, addr, sizeof(addr));
		snprintf(buf, size, "%s:%u", addr, ntohs(in->sin_port));
	} else {
		snprintf(buf, size, "?");
	}
}

void
mtls_httpd_log_access(struct mtls_buf *line, const struct sockaddr *peer,
		      const char *subject, const char *date,
		      const struct mtls_httpd_request *req, int status,
		      uint64_t bytes)
{
	char host[INET6_ADDRSTRLEN] = "?";

	if (peer->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
			  &((const struct sockaddr_in6 *)(const void *)peer)
				   ->sin6_addr,
			  host, sizeof(host));
	else if (peer->sa_family == AF_INET)
		inet_ntop(AF_INET,
			  &((const struct sockaddr_in *)(const void *)peer)
				   ->sin_addr,
			  host, sizeof(host));
	mtls_buf_reset(line);
	mtls_buf_adds(line, host);
	mtls_buf_adds(line, " - \"");
	if (subject != NULL)
		mtls_buf_add_logquoted(line, subject, strlen(subject));
	mtls_buf_addf(line, "\" [%s] ", date);
	if (req != NULL && req->target != NULL) {
		size_t tlen = req->target_len < LOG_TARGET_MAX ? req->target_len
							       : LOG_TARGET_MAX;

		mtls_buf_addc(line, '"');
		mtls_buf_add_logquoted(line, req->method, strlen(req->method));
		mtls_buf_addc(line, ' ');
		mtls_buf_add_logquoted(line, req->target, tlen);
		mtls_buf_addf(line, " HTTP/1.%d\"", req->minor);
	} else {
		mtls_buf_adds(line, "\"-\"");
	}
	mtls_buf_addf(line, " %d %llu", status, (unsigned long long)bytes);
}
