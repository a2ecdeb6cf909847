/*
 * httpd_request.c -- a strict HTTP/1.1 request parser with limits, and the
 * head of the responses a server writes.
 *
 * The parser is given the bytes received so far and either finds one
 * complete request head (request line and header fields, up to the empty
 * line), asks for more, or names the status to refuse it with.  It never
 * allocates: the request points into the caller's buffer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "mtls_internal.h"

/* Visible ASCII and obs-text: what a request-target or a field value may
 * hold (field values may also hold SP and HTAB). */
static bool
is_vchar(unsigned char c)
{
	return (c > 0x20 && c < 0x7f) || c >= 0x80;
}

static bool
name_is(const char *name, size_t len, const char *want)
{
	return strlen(want) == len && strncasecmp(name, want, len) == 0;
}

/* Does the comma-separated list VALUE hold TOKEN (case-insensitive)? */
static bool
list_has(const char *v, size_t len, const char *token)
{
	size_t tl = strlen(token), i = 0;

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

static int
refuse(int *status, int code)
{
	*status = code;
	return -1;
}

int
mtls_httpd_request_parse(const char *buf, size_t len, size_t max_head,
			 struct mtls_httpd_request *req, int *status)
{
	const char *p = buf, *end, *eol, *sp1, *sp2;
	bool have_cl = false, have_host = false, conn_close = false,
	     conn_keep = false;
	size_t limit = len < max_head ? len : max_head;

	memset(req, 0, sizeof(*req));
	*status = 0;

	/* The request line.  RFC 9112 2.2 lets a server ignore empty lines
	 * before it; a client sending them after a body is common. */
	while (limit - (size_t)(p - buf) >= 2 && p[0] == '\r' && p[1] == '\n')
		p += 2;
	end = buf + limit;
	eol = memchr(p, '\n', (size_t)(end - p));
	if (eol == NULL) {
		if (len >= max_head)
			return refuse(status, 414);
		return 0;
	}
	if (eol == p || eol[-1] != '\r')
		return refuse(status, 400);
	sp1 = memchr(p, ' ', (size_t)(eol - p));
	if (sp1 == NULL || sp1 == p || sp1 - p > MTLS_HTTPD_METHOD_MAX)
		return refuse(status, sp1 != NULL && sp1 - p > 0 ? 501 : 400);
	for (const char *q = p; q < sp1; q++)
		if (!mtls_is_tchar((unsigned char)*q))
			return refuse(status, 400);
	sp2 = memchr(sp1 + 1, ' ', (size_t)(eol - sp1 - 1));
	if (sp2 == NULL || sp2 == sp1 + 1)
		return refuse(status, 400);
	for (const char *q = sp1 + 1; q < sp2; q++)
		if (!is_vchar((unsigned char)*q))
			return refuse(status, 400);
	if (eol - 1 - (sp2 + 1) != 8 || memcmp(sp2 + 1, "HTTP/", 5) != 0 ||
	    sp2[6] < '0' || sp2[6] > '9' || sp2[7] != '.' || sp2[8] < '0' ||
	    sp2[8] > '9')
		return refuse(status, 400);
	if (sp2[6] != '1')
		return refuse(status, 505);
	memcpy(req->method, p, (size_t)(sp1 - p));
	req->method[sp1 - p] = '\0';
	req->target = sp1 + 1;
	req->target_len = (size_t)(sp2 - sp1 - 1);
	req->minor = sp2[8] - '0';

	/* Header fields up to the empty line. */
	p = eol + 1;
	for (;;) {
		const char *colon, *v, *ve;

		eol = memchr(p, '\n', (size_t)(end - p));
		if (eol == NULL) {
			if (len >= max_head)
				return refuse(status, 431);
			return 0;
		}
		if (eol == p || eol[-1] != '\r')
			return refuse(status, 400);
		if (eol - 1 == p)
			break;
		/* No obsolete line folding, no space before the colon. */
		if (*p == ' ' || *p == '\t')
			return refuse(status, 400);
		colon = memchr(p, ':', (size_t)(eol - 1 - p));
		if (colon == NULL || colon == p)
			return refuse(status, 400);
		for (const char *q = p; q < colon; q++)
			if (!mtls_is_tchar((unsigned char)*q))
				return refuse(status, 400);
		v = colon + 1;
		ve = eol - 1;
		while (v < ve && (*v == ' ' || *v == '\t'))
			v++;
		while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
			ve--;
		for (const char *q = v; q < ve; q++)
			if (!is_vchar((unsigned char)*q) && *q != ' ' &&
			    *q != '\t')
				return refuse(status, 400);
		if (name_is(p, (size_t)(colon - p), "content-length")) {
			unsigned long long n = 0;

			if (v == ve)
				return refuse(status, 400);
			for (const char *q = v; q < ve; q++) {
				if (*q < '0' || *q > '9' || n > (1ull << 50))
					return refuse(status, 400);
				n = n * 10 + (unsigned)(*q - '0');
			}
			if (have_cl && n != req->content_length)
				return refuse(status, 400);
			have_cl = true;
			req->content_length = n;
		} else if (name_is(p, (size_t)(colon - p),
				   "transfer-encoding")) {
			/* RFC 9112 6.3: only a final "chunked" delimits a
			 * request body. */
			const char *last = ve;

			while (last > v && last[-1] != ',')
				last--;
			while (last < ve && (*last == ' ' || *last == '\t'))
				last++;
			req->chunked = ve - last == 7 &&
				       strncasecmp(last, "chunked", 7) == 0;
			req->te_other = !req->chunked;
		} else if (name_is(p, (size_t)(colon - p), "host")) {
			if (have_host)
				return refuse(status, 400);
			have_host = true;
		} else if (name_is(p, (size_t)(colon - p), "expect")) {
			/* RFC 9110 10.1.1: only 100-continue is defined. */
			if ((size_t)(ve - v) == 12 &&
			    strncasecmp(v, "100-continue", 12) == 0)
				req->expect_continue = true;
			else
				req->expect_other = true;
		} else if (name_is(p, (size_t)(colon - p), "connection")) {
			if (list_has(v, (size_t)(ve - v), "close"))
				conn_close = true;
			if (list_has(v, (size_t)(ve - v), "keep-alive"))
				conn_keep = true;
		}
		p = eol + 1;
	}
	req->head_len = (size_t)(eol + 1 - buf);
	/* RFC 9112 3.2: a 1.1 request without Host is a 400.  A body we
	 * cannot delimit without decoding chunks is refused. */
	if (req->minor >= 1 && !have_host)
		return refuse(status, 400);
	if ((req->chunked || req->te_other) && have_cl)
		return refuse(status, 400);
	req->keep_alive = !conn_close && (req->minor >= 1 || conn_keep);
	/* An HTTP/1.0 client cannot be waiting for a 100 (RFC 9110). */
	if (req->minor == 0)
		req->expect_continue = req->expect_other = false;
	return 1;
}

const char *
mtls_httpd_reason(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 400:
		return "Bad Request";
	case 403:
		return "Forbidden";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 408:
		return "Request Timeout";
	case 411:
		return "Length Required";
	case 417:
		return "Expectation Failed";
	case 413:
		return "Content Too Large";
	case 414:
		return "URI Too Long";
	case 431:
		return "Request Header Fields Too Large";
	case 500:
		return "Internal Server Error";
	case 501:
		return "Not Implemented";
	case 502:
		return "Bad Gateway";
	case 503:
		return "Service Unavailable";
	case 504:
		return "Gateway Timeout";
	case 505:
		return "HTTP Version Not Supported";
	default:
		return "Unknown";
	}
}

void
mtls_httpd_date(time_t now, char *buf, size_t size)
{
	struct tm tm;

	if (gmtime_r(&now, &tm) == NULL ||
	    strftime(buf, size, "%a, %d %b %Y %H:%M:%S GMT", &tm) == 0)
		snprintf(buf, size, "Thu, 01 Jan 1970 00:00:00 GMT");
}

int
mtls_httpd_response_head(char *buf, size_t size, int status,
			 const char *content_type, uint64_t content_length,
			 bool keep_alive, const char *extra, const char *date)
{
	int n;

	n = snprintf(buf, size,
		     "HTTP/1.1 %d %s\r\n"
		     "Server: mtls-serve\r\n"
		     "Date: %s\r\n"
		     "Content-Type: %s\r\n"
		     "Content-Length: %llu\r\n"
		     "%s"
		     "%s"
		     "\r\n",
		     status, mtls_httpd_reason(status), date, content_type,
		     (unsigned long long)content_length,
		     keep_alive ? "" : "Connection: close\r\n",
		     extra ? extra : "");
	if (n < 0 || (size_t)n >= size)
		return -1;
	return n;
}
