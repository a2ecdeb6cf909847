/*
 * check_httpd_request.c -- mtls_httpd_request_parse: one request head
 * found in the bytes received so far, more asked for, or the status to
 * refuse it with.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mtls_internal.h"
#include "suites.h"

#define HOST "Host: h\r\n"

/* Requests parsed whole. */
struct req_row {
	const char *text;
	const char *method;
	const char *target;
	int minor;
	uint64_t content_length;
	bool keep_alive;
	size_t extra; /* bytes of TEXT after the head (body, next request) */
};

static const struct req_row good_rows[] = {
	{ "GET / HTTP/1.1\r\n" HOST "\r\n", "GET", "/", 1, 0, true, 0 },
	{ "HEAD /a/b.txt?x=1&y=%20 HTTP/1.1\r\n" HOST "\r\n", "HEAD",
	  "/a/b.txt?x=1&y=%20", 1, 0, true, 0 },
	/* The target is handed on as sent, not decoded or judged. */
	{ "GET /%2e%2e/x HTTP/1.1\r\n" HOST "\r\n", "GET", "/%2e%2e/x", 1, 0,
	  true, 0 },
	{ "GET http://h/x HTTP/1.1\r\n" HOST "\r\n", "GET", "http://h/x", 1, 0,
	  true, 0 },
	{ "OPTIONS * HTTP/1.1\r\n" HOST "\r\n", "OPTIONS", "*", 1, 0, true, 0 },
	/* Any token is a method; the server decides what it serves. */
	{ "PROPFIND / HTTP/1.1\r\n" HOST "\r\n", "PROPFIND", "/", 1, 0, true,
	  0 },
	{ "ABCDEFGHIJKLMNO / HTTP/1.1\r\n" HOST "\r\n", "ABCDEFGHIJKLMNO", "/",
	  1, 0, true, 0 },
	{ "get / HTTP/1.1\r\n" HOST "\r\n", "get", "/", 1, 0, true, 0 },
	/* A body's length; the body itself is not part of the head. */
	{ "POST /submit HTTP/1.1\r\n" HOST "Content-Length: 11\r\n\r\n"
	  "hello world",
	  "POST", "/submit", 1, 11, true, 11 },
	{ "POST / HTTP/1.1\r\n" HOST "content-length:  0 \r\n\r\n", "POST", "/",
	  1, 0, true, 0 },
	{ "POST / HTTP/1.1\r\n" HOST "Content-Length: 007\r\n\r\n1234567",
	  "POST", "/", 1, 7, true, 7 },
	{ "POST / HTTP/1.1\r\n" HOST "Content-Length: 5\r\nContent-Length: 5"
	  "\r\n\r\nabcde",
	  "POST", "/", 1, 5, true, 5 },
	{ "PUT / HTTP/1.1\r\n" HOST "Content-Length: 1099511627776\r\n\r\n",
	  "PUT", "/", 1, 1099511627776ull, true, 0 },
	/* HTTP/1.0 needs no Host, and closes unless asked not to. */
	{ "GET / HTTP/1.0\r\n\r\n", "GET", "/", 0, 0, false, 0 },
	{ "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", "GET", "/", 0, 0,
	  true, 0 },
	{ "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", "GET", "/", 0, 0,
	  true, 0 },
	{ "GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n", "GET", "/",
	  0, 0, false, 0 },
	/* HTTP/1.1 stays open unless the client says "close". */
	{ "GET / HTTP/1.1\r\n" HOST "Connection: close\r\n\r\n", "GET", "/", 1,
	  0, false, 0 },
	{ "GET / HTTP/1.1\r\n" HOST "connection: Upgrade, CLOSE\r\n\r\n", "GET",
	  "/", 1, 0, false, 0 },
	{ "GET / HTTP/1.1\r\n" HOST "Connection: closed\r\n\r\n", "GET", "/", 1,
	  0, true, 0 },
	{ "GET / HTTP/1.1\r\n" HOST "Connection: keep-alive\r\n\r\n", "GET",
	  "/", 1, 0, true, 0 },
	/* A later HTTP/1.x minor version is spoken as 1.1. */
	{ "GET / HTTP/1.9\r\n" HOST "\r\n", "GET", "/", 9, 0, true, 0 },
	/* Other fields are let through, whatever their case or value. */
	{ "GET / HTTP/1.1\r\nhOsT: h\r\nX-Empty:\r\nX-Sp: a b\t c \r\n"
	  "Accept: */*\r\nX-Obs: \xff\xfe\r\n\r\n",
	  "GET", "/", 1, 0, true, 0 },
	/* Empty lines before the request line are skipped. */
	{ "\r\n\r\nGET / HTTP/1.1\r\n" HOST "\r\n", "GET", "/", 1, 0, true, 0 },
	/* Pipelined: one request at a time. */
	{ "GET /a HTTP/1.1\r\n" HOST "\r\nGET /b HTTP/1.1\r\n" HOST "\r\n",
	  "GET", "/a", 1, 0, true,
	  sizeof("GET /b HTTP/1.1\r\n" HOST "\r\n") - 1 },
	{ "GET /a HTTP/1.1\r\n" HOST "\r\nGARBAGE", "GET", "/a", 1, 0, true,
	  7 },
};

/* Requests not complete yet. */
static const char *const more_rows[] = {
	"",
	"\r",
	"\r\n",
	"\r\n\r\n",
	"G",
	"GET / HTTP/1.1",
	"GET / HTTP/1.1\r",
	"GET / HTTP/1.1\r\n",
	"GET / HTTP/1.1\r\nHost: h",
	"GET / HTTP/1.1\r\nHost: h\r\n",
	"GET / HTTP/1.1\r\nHost: h\r\n\r",
	"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n",
};

/* Requests refused. */
struct refuse_row {
	const char *text;
	int status;
};

static const struct refuse_row refuse_rows[] = {
	/* Request lines */
	{ "GET /\r\n\r\n", 400 },
	{ "GET\r\n\r\n", 400 },
	{ "\n", 400 }, /* a bare LF, also before the request line */
	{ "\nGET / HTTP/1.1\r\n" HOST "\r\n", 400 },
	{ " GET / HTTP/1.1\r\n" HOST "\r\n", 400 },
	{ "GET  / HTTP/1.1\r\n" HOST "\r\n", 400 },
	{ "GET /  HTTP/1.1\r\n" HOST "\r\n", 400 },
	{ "GET / HTTP/1.1 \r\n" HOST "\r\n", 400 },
	{ "GET /a b HTTP/1.1\r\n" HOST "\r\n", 400 },
	{ "GET\t/ HTTP/1.1\r\n" HOST "\r\n", 400 },
	{ "G(T / HTTP/1.1\r\n" HOST "\r\n", 400 },
	{ "GET /\x01 HTTP/1.1\r\n" HOST "\r\n", 400 },
	{ "GET /\x7f HTTP/1.1\r\n" HOST "\r\n", 400 },
	{ "GET / http/1.1\r\n" HOST "\r\n", 400 },
	{ "GET / HTTP/1.10\r\n" HOST "\r\n", 400 },
	{ "GET / HTTP/1\r\n" HOST "\r\n", 400 },
	{ "GET / HTTP/1.x\r\n" HOST "\r\n", 400 },
	{ "GET / HTTP/11.1\r\n" HOST "\r\n", 400 },
	{ "GET / HTTP/1.1\n" HOST "\r\n", 400 },
	{ "GET / HTTP/1.1\nHost: h\n\n", 400 },
	/* Header lines */
	{ "GET / HTTP/1.1\r\nHost: h\n\r\n", 400 },
	{ "GET / HTTP/1.1\r\n" HOST "\n", 400 },
	{ "GET / HTTP/1.1\r\nHost : h\r\n\r\n", 400 },
	{ "GET / HTTP/1.1\r\n" HOST "NoColon\r\n\r\n", 400 },
	{ "GET / HTTP/1.1\r\n" HOST ": x\r\n\r\n", 400 },
	{ "GET / HTTP/1.1\r\n" HOST "X-A: a\r\n folded\r\n\r\n", 400 },
	{ "GET / HTTP/1.1\r\n" HOST "\tX-A: a\r\n\r\n", 400 },
	{ "GET / HTTP/1.1\r\n" HOST "X(A): a\r\n\r\n", 400 },
	{ "GET / HTTP/1.1\r\n" HOST "X-A: a\x01"
	  "b\r\n\r\n",
	  400 },
	{ "GET / HTTP/1.1\r\n" HOST "X-A: a\rb\r\n\r\n", 400 },
	/* Host: required in 1.1, once */
	{ "GET / HTTP/1.1\r\n\r\n", 400 },
	{ "GET / HTTP/1.1\r\nX-Host: h\r\n\r\n", 400 },
	{ "GET / HTTP/1.1\r\n" HOST HOST "\r\n", 400 },
	{ "GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n", 400 },
	/* Content-Length: one number, the same every time */
	{ "POST / HTTP/1.1\r\n" HOST "Content-Length: -1\r\n\r\n", 400 },
	{ "POST / HTTP/1.1\r\n" HOST "Content-Length: +1\r\n\r\n", 400 },
	{ "POST / HTTP/1.1\r\n" HOST "Content-Length:\r\n\r\n", 400 },
	{ "POST / HTTP/1.1\r\n" HOST "Content-Length: 1 2\r\n\r\n", 400 },
	{ "POST / HTTP/1.1\r\n" HOST "Content-Length: 5, 5\r\n\r\n", 400 },
	{ "POST / HTTP/1.1\r\n" HOST "Content-Length: 0x10\r\n\r\n", 400 },
	{ "POST / HTTP/1.1\r\n" HOST "Content-Length: 5\r\n"
	  "Content-Length: 6\r\n\r\n",
	  400 },
	{ "POST / HTTP/1.1\r\n" HOST
	  "Content-Length: 99999999999999999999999\r\n\r\n",
	  400 },
	/* Transfer-Encoding with a Content-Length too: a smuggling
	 * attempt, 400. */
	{ "POST / HTTP/1.1\r\n" HOST "Transfer-Encoding: gzip\r\n"
	  "Content-Length: 5\r\n\r\nabcde",
	  400 },
	{ "POST / HTTP/1.1\r\n" HOST "Transfer-Encoding: chunked\r\n"
	  "Content-Length: 5\r\n\r\nabcde",
	  400 },
	{ "POST / HTTP/1.1\r\n" HOST "Content-Length: 5\r\n"
	  "Transfer-Encoding: chunked\r\n\r\nabcde",
	  400 },
	/* Methods longer than any we know */
	{ "ABCDEFGHIJKLMNOP / HTTP/1.1\r\n" HOST "\r\n", 501 },
	/* Not HTTP/1.x */
	{ "GET / HTTP/2.0\r\n" HOST "\r\n", 505 },
	{ "GET / HTTP/0.9\r\n" HOST "\r\n", 505 },
	{ "GET / HTTP/3.0\r\n\r\n", 505 },
};

START_TEST(test_good)
{
	const struct req_row *r = &good_rows[_i];
	struct mtls_httpd_request req;
	size_t len = strlen(r->text);
	int status = -1, rv;

	rv = mtls_httpd_request_parse(r->text, len, MTLS_HTTPD_HEAD_MAX, &req,
				      &status);
	ck_assert_msg(rv == 1, "'%s': returned %d, status %d", r->text, rv,
		      status);
	ck_assert_int_eq(status, 0);
	ck_assert_str_eq(req.method, r->method);
	ck_assert_uint_eq(req.target_len, strlen(r->target));
	ck_assert(memcmp(req.target, r->target, req.target_len) == 0);
	/* The target points into the buffer. */
	ck_assert(req.target > r->text && req.target < r->text + len);
	ck_assert_int_eq(req.minor, r->minor);
	ck_assert_uint_eq(req.content_length, r->content_length);
	ck_assert(!req.chunked);
	ck_assert_int_eq(req.keep_alive, r->keep_alive);
	ck_assert_uint_eq(req.head_len, len - r->extra);
}
END_TEST

/* Transfer-Encoding is told apart (the caller decides what to refuse):
 * chunked only when it is the last coding. */
static const struct {
	const char *te;
	bool chunked, other;
} te_rows[] = {
	{ "chunked", true, false },	  { "gzip, chunked", true, false },
	{ "Chunked", true, false },	  { "gzip", false, true },
	{ "chunked, gzip", false, true }, { "xchunked", false, true },
};

START_TEST(test_transfer_encoding)
{
	char text[256];
	struct mtls_httpd_request req;
	int status = -1;

	snprintf(text, sizeof(text),
		 "POST / HTTP/1.1\r\n" HOST "Transfer-Encoding: %s\r\n\r\n",
		 te_rows[_i].te);
	ck_assert_int_eq(mtls_httpd_request_parse(text, strlen(text),
						  MTLS_HTTPD_HEAD_MAX, &req,
						  &status),
			 1);
	ck_assert_int_eq(req.chunked, te_rows[_i].chunked);
	ck_assert_int_eq(req.te_other, te_rows[_i].other);
	ck_assert_uint_eq(req.head_len, strlen(text));
}
END_TEST

START_TEST(test_more)
{
	const char *text = more_rows[_i];
	struct mtls_httpd_request req;
	int status = -1;

	ck_assert_int_eq(mtls_httpd_request_parse(text, strlen(text),
						  MTLS_HTTPD_HEAD_MAX, &req,
						  &status),
			 0);
	ck_assert_int_eq(status, 0);
}
END_TEST

START_TEST(test_refuse)
{
	const struct refuse_row *r = &refuse_rows[_i];
	struct mtls_httpd_request req;
	int status = -1, rv;

	rv = mtls_httpd_request_parse(r->text, strlen(r->text),
				      MTLS_HTTPD_HEAD_MAX, &req, &status);
	ck_assert_msg(rv == -1 && status == r->status,
		      "'%s': returned %d, status %d, want -1, status %d",
		      r->text, rv, status, r->status);
}
END_TEST

/* Every prefix of a good request asks for more, and the whole is found
 * however it arrived. */
START_TEST(test_prefixes)
{
	static const char text[] = "\r\nPOST /p?q HTTP/1.1\r\n" HOST
				   "Content-Length: 3\r\nX-A: b\r\n\r\nabc";
	const size_t head = sizeof(text) - 1 - 3;
	struct mtls_httpd_request req;
	int status;

	for (size_t n = 0; n < head; n++)
		ck_assert_msg(mtls_httpd_request_parse(text, n,
						       MTLS_HTTPD_HEAD_MAX,
						       &req, &status) == 0,
			      "prefix of %zu bytes", n);
	for (size_t n = head; n <= sizeof(text) - 1; n++) {
		ck_assert_int_eq(mtls_httpd_request_parse(text, n,
							  MTLS_HTTPD_HEAD_MAX,
							  &req, &status),
				 1);
		ck_assert_uint_eq(req.head_len, head);
		ck_assert_uint_eq(req.content_length, 3);
	}
}
END_TEST

/* Only LEN bytes are read: what lies beyond is not looked at. */
START_TEST(test_len_bounds)
{
	static const char text[] = "GET / HTTP/1.1\r\n" HOST "\r\n";
	struct mtls_httpd_request req;
	int status;
	char *copy;

	/* The exact size, in a heap block of that size (the sanitizers
	 * catch a read past it). */
	copy = malloc(sizeof(text) - 1);
	ck_assert_ptr_nonnull(copy);
	memcpy(copy, text, sizeof(text) - 1);
	ck_assert_int_eq(mtls_httpd_request_parse(copy, sizeof(text) - 1,
						  MTLS_HTTPD_HEAD_MAX, &req,
						  &status),
			 1);
	ck_assert_int_eq(mtls_httpd_request_parse(copy, sizeof(text) - 2,
						  MTLS_HTTPD_HEAD_MAX, &req,
						  &status),
			 0);
	free(copy);
}
END_TEST

/* MAX_HEAD bounds the request line (414) and the whole head (431); a
 * head of exactly MAX_HEAD bytes is fine. */
START_TEST(test_limits)
{
	static const char text[] = "GET /abc HTTP/1.1\r\n" HOST "\r\n";
	const size_t len = sizeof(text) - 1;
	const size_t line = sizeof("GET /abc HTTP/1.1\r\n") - 1;
	struct mtls_httpd_request req;
	int status;

	ck_assert_int_eq(mtls_httpd_request_parse(text, len, len, &req,
						  &status),
			 1);
	/* One byte short, with all of it there: the head does not end. */
	ck_assert_int_eq(mtls_httpd_request_parse(text, len, len - 1, &req,
						  &status),
			 -1);
	ck_assert_int_eq(status, 431);
	/* MAX_HEAD bytes there and no end: refused, not waited for. */
	ck_assert_int_eq(mtls_httpd_request_parse(text, len - 1, len - 1, &req,
						  &status),
			 -1);
	ck_assert_int_eq(status, 431);
	/* Not all there yet, but under the limit: wait. */
	ck_assert_int_eq(mtls_httpd_request_parse(text, len - 2, len - 1, &req,
						  &status),
			 0);
	/* The request line itself does not end in time. */
	ck_assert_int_eq(mtls_httpd_request_parse(text, len, line - 1, &req,
						  &status),
			 -1);
	ck_assert_int_eq(status, 414);
	ck_assert_int_eq(mtls_httpd_request_parse(text, line - 1, line, &req,
						  &status),
			 0);
	ck_assert_int_eq(mtls_httpd_request_parse(text, len, line, &req,
						  &status),
			 -1);
	ck_assert_int_eq(status, 431);
}
END_TEST

/* A head far larger than the default limit. */
START_TEST(test_large_head)
{
	static const char start[] = "GET / HTTP/1.1\r\n" HOST "X-Big: ";
	const size_t size = 2 * MTLS_HTTPD_HEAD_MAX;
	struct mtls_httpd_request req;
	int status;
	char *text = malloc(size);

	ck_assert_ptr_nonnull(text);
	memset(text, 'a', size);
	memcpy(text, start, sizeof(start) - 1);
	ck_assert_int_eq(mtls_httpd_request_parse(text, size,
						  MTLS_HTTPD_HEAD_MAX, &req,
						  &status),
			 -1);
	ck_assert_int_eq(status, 431);
	/* A long target alone */
	memset(text, 'a', size);
	memcpy(text, "GET /", 5);
	ck_assert_int_eq(mtls_httpd_request_parse(text, size,
						  MTLS_HTTPD_HEAD_MAX, &req,
						  &status),
			 -1);
	ck_assert_int_eq(status, 414);
	free(text);
}
END_TEST

START_TEST(test_reason)
{
	ck_assert_str_eq(mtls_httpd_reason(200), "OK");
	ck_assert_str_eq(mtls_httpd_reason(400), "Bad Request");
	ck_assert_str_eq(mtls_httpd_reason(404), "Not Found");
	ck_assert_str_eq(mtls_httpd_reason(411), "Length Required");
	ck_assert_str_eq(mtls_httpd_reason(414), "URI Too Long");
	ck_assert_str_eq(mtls_httpd_reason(431),
			 "Request Header Fields Too Large");
	ck_assert_str_eq(mtls_httpd_reason(501), "Not Implemented");
	ck_assert_str_eq(mtls_httpd_reason(505), "HTTP Version Not Supported");
}
END_TEST

#define ROWS(a) (int)(sizeof(a) / sizeof((a)[0]))

Suite *
http_request_suite(void)
{
	Suite *s = suite_create("http_request");
	TCase *tc;

	tc = tcase_create("parsed");
	tcase_add_loop_test(tc, test_good, 0, ROWS(good_rows));
	tcase_add_loop_test(tc, test_more, 0, ROWS(more_rows));
	tcase_add_loop_test(tc, test_transfer_encoding, 0, ROWS(te_rows));
	tcase_add_test(tc, test_prefixes);
	tcase_add_test(tc, test_len_bounds);
	tcase_add_test(tc, test_reason);
	suite_add_tcase(s, tc);
	tc = tcase_create("refused");
	tcase_add_loop_test(tc, test_refuse, 0, ROWS(refuse_rows));
	tcase_add_test(tc, test_limits);
	tcase_add_test(tc, test_large_head);
	suite_add_tcase(s, tc);
	return s;
}
