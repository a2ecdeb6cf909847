/*
 * check_httpc_response.c -- mtls_httpc_response_*: status line, headers,
 * bodies by Content-Length, chunked coding or connection close, and the
 * malformed responses refused with a message.
 *
 * Every row is fed twice, all at once and one byte at a time, and must
 * give the same heads, body, status, end and message both ways.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mtls_internal.h"
#include "suites.h"

#define BODY_MAX 256

/* What the handler saw. */
struct seen {
	int heads;
	char raw[80 * 1024]; /* every head's RAW, one after the other */
	size_t raw_len;
	char body[BODY_MAX];
	size_t body_len;
	const char *fail_in; /* "head" or "body": that callback fails */
};

static int
on_head(void *arg, const struct mtls_httpc_response *r, const char *raw,
	size_t len, struct mtls_err *e)
{
	struct seen *s = arg;

	(void)r;
	s->heads++;
	ck_assert_uint_le(s->raw_len + len, sizeof(s->raw));
	memcpy(s->raw + s->raw_len, raw, len);
	s->raw_len += len;
	if (s->fail_in != NULL && strcmp(s->fail_in, "head") == 0)
		return mtls_err_set(e, "head callback says no");
	return 0;
}

static int
on_body(void *arg, const void *data, size_t len, struct mtls_err *e)
{
	struct seen *s = arg;

	ck_assert_uint_gt(len, 0);
	ck_assert_uint_le(s->body_len + len, sizeof(s->body));
	memcpy(s->body + s->body_len, data, len);
	s->body_len += len;
	if (s->fail_in != NULL && strcmp(s->fail_in, "body") == 0)
		return mtls_err_set(e, "body callback says no");
	return 0;
}

/* How a fed response came out. */
struct outcome {
	int rv; /* 0, or -1 when feed or eof failed */
	char msg[MTLS_ERR_MAX];
	size_t used; /* bytes the response took */
	bool done, keep_alive, received_any;
	int status;
	char reason[128];
	struct seen seen;
};

/* Feed TEXT (LEN bytes) in pieces of STEP bytes (0: all at once), then
 * report the end of the connection when EOF. */
static void
run(bool head_request, const char *text, size_t len, size_t step, bool eof,
    const char *fail_in, struct outcome *o)
{
	struct mtls_httpc_handler h = { on_head, on_body, &o->seen };
	struct mtls_httpc_response *r;
	struct mtls_err e = { 0 };
	size_t off = 0, n, used;

	memset(o, 0, sizeof(*o));
	o->seen.fail_in = fail_in;
	r = mtls_httpc_response_new(head_request, &h);
	ck_assert_ptr_nonnull(r);
	ck_assert(!mtls_httpc_response_is_done(r));
	ck_assert(!mtls_httpc_response_received_any(r));
	while (off < len) {
		n = step == 0 || len - off < step ? len - off : step;
		used = (size_t)-1;
		o->rv = mtls_httpc_response_feed(r, text + off, n, &used, &e);
		if (o->rv != 0)
			break;
		ck_assert_uint_le(used, n);
		off += used;
		/* Fewer bytes taken than given only once it is complete. */
		if (used < n) {
			ck_assert(mtls_httpc_response_is_done(r));
			break;
		}
		/* Before the end it never says the connection can be used
		 * again. */
		if (!mtls_httpc_response_is_done(r))
			ck_assert(!mtls_httpc_response_keep_alive(r));
	}
	if (o->rv == 0 && eof)
		o->rv = mtls_httpc_response_eof(r, &e);
	if (o->rv != 0) {
		ck_assert_int_eq(o->rv, -1);
		test_assert_message(e.msg);
		snprintf(o->msg, sizeof(o->msg), "%s", e.msg);
	}
	o->used = off;
	o->done = mtls_httpc_response_is_done(r);
	o->keep_alive = mtls_httpc_response_keep_alive(r);
	o->received_any = mtls_httpc_response_received_any(r);
	o->status = mtls_httpc_response_status(r);
	snprintf(o->reason, sizeof(o->reason), "%s",
		 mtls_httpc_response_reason(r));
	mtls_httpc_response_free(r);
}

struct resp_row {
	const char *text;
	bool head_request;
	bool eof; /* the connection closes after TEXT */
	/* On success the body; on failure the whole message. */
	int want_rv;
	const char *want;
	int status;
	const char *reason;
	bool keep_alive;
	size_t extra; /* bytes of TEXT after the response (not taken) */
	int heads;    /* head callbacks (1xx interim responses too) */
};

#define OK200 "HTTP/1.1 200 OK\r\n"
#define CHUNKED "Transfer-Encoding: chunked\r\n"
#define NEXT "HTTP/1.1 200 OK\r\n" /* the start of a pipelined answer */

static const struct resp_row rows[] = {
	/* Content-Length */
	{ OK200 "Content-Length: 5\r\n\r\nhello", false, false, 0, "hello", 200,
	  "OK", true, 0, 1 },
	{ OK200 "Content-Length: 0\r\n\r\n", false, false, 0, "", 200, "OK",
	  true, 0, 1 },
	{ OK200 "Content-Length: 2\r\n\r\nhi" NEXT, false, false, 0, "hi", 200,
	  "OK", true, sizeof(NEXT) - 1, 1 },
	{ OK200 "content-length:3\r\n\r\nabc", false, false, 0, "abc", 200,
	  "OK", true, 0, 1 },
	{ OK200 "CONTENT-LENGTH: \t 3 \t\r\n\r\nabc", false, false, 0, "abc",
	  200, "OK", true, 0, 1 },
	{ OK200 "Content-Length: 003\r\n\r\nabcdef", false, false, 0, "abc",
	  200, "OK", true, 3, 1 },
	/* The same length twice is one length. */
	{ OK200 "Content-Length: 3\r\nContent-Length: 3\r\n\r\nabc", false,
	  false, 0, "abc", 200, "OK", true, 0, 1 },
	/* Reason phrases: none, several words. */
	{ "HTTP/1.1 404\r\nContent-Length: 0\r\n\r\n", false, false, 0, "", 404,
	  "", true, 0, 1 },
	{ "HTTP/1.1 404 \r\nContent-Length: 0\r\n\r\n", false, false, 0, "",
	  404, "", true, 0, 1 },
	{ "HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\nno", false, false,
	  0, "no", 404, "Not Found", true, 0, 1 },
	{ "HTTP/1.1 599 Whatever Else\r\nContent-Length: 0\r\n\r\n", false,
	  false, 0, "", 599, "Whatever Else", true, 0, 1 },
	/* Lines ending in a bare LF are read too. */
	{ "HTTP/1.1 200 OK\nContent-Length: 3\n\nabc", false, false, 0, "abc",
	  200, "OK", true, 0, 1 },
	/* Empty lines before the status line are ignored. */
	{ "\r\n\r\n" OK200 "Content-Length: 1\r\n\r\nx", false, false, 0, "x",
	  200, "OK", true, 0, 1 },
	/* Headers that say nothing about the body are let through. */
	{ OK200 "Server: x\r\nX-A: a:b:c\r\nContent-Length: 1\r\n\r\nx", false,
	  false, 0, "x", 200, "OK", true, 0, 1 },

	/* chunked */
	{ OK200 CHUNKED "\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", false,
	  false, 0, "hello world", 200, "OK", true, 0, 1 },
	{ OK200 CHUNKED "\r\n0\r\n\r\n", false, false, 0, "", 200, "OK", true,
	  0, 1 },
	/* Hex in either case, extensions, blanks before them, trailers. */
	{ OK200 CHUNKED "\r\nA;name=value\r\n0123456789\r\n1 ; x\r\n!\r\n"
			"f\r\nabcdefghijklmno\r\n0;last\r\nX-Checksum: abc\r\n"
			"X-More: 1\r\n\r\n" NEXT,
	  false, false, 0, "0123456789!abcdefghijklmno", 200, "OK", true,
	  sizeof(NEXT) - 1, 1 },
	{ OK200 CHUNKED "\r\n00000b\r\nhello world\r\n0\r\n\r\n", false, false,
	  0, "hello world", 200, "OK", true, 0, 1 },
	{ OK200 "transfer-encoding: Chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n", false,
	  false, 0, "x", 200, "OK", true, 0, 1 },
	/* Bare LF in the chunked framing. */
	{ OK200 CHUNKED "\r\n3\nabc\n0\n\n", false, false, 0, "abc", 200, "OK",
	  true, 0, 1 },
	/* chunked last among the codings delimits the body (the others are
	 * the caller's business) ... */
	{ OK200 "Transfer-Encoding: gzip, chunked\r\n\r\n2\r\nzz\r\n0\r\n\r\n",
	  false, false, 0, "zz", 200, "OK", true, 0, 1 },
	/* ... anything else runs to the close. */
	{ OK200 "Transfer-Encoding: chunked, gzip\r\n\r\n2\r\nzz", false, true,
	  0, "2\r\nzz", 200, "OK", false, 0, 1 },
	{ OK200 "Transfer-Encoding: gzip\r\nContent-Length: 1\r\n\r\nabc",
	  false, true, 0, "abc", 200, "OK", false, 0, 1 },

	/* The body runs to the close: never kept alive. */
	{ OK200 "\r\nall of it", false, true, 0, "all of it", 200, "OK", false,
	  0, 1 },
	{ OK200 "\r\n", false, true, 0, "", 200, "OK", false, 0, 1 },
	{ "HTTP/1.0 200 OK\r\n\r\nold", false, true, 0, "old", 200, "OK", false,
	  0, 1 },
	{ OK200 "Connection: keep-alive\r\n\r\nx", false, true, 0, "x", 200,
	  "OK", false, 0, 1 },

	/* No body after HEAD, 204 and 304, whatever the headers say. */
	{ OK200 "Content-Length: 1000\r\n\r\n", true, false, 0, "", 200, "OK",
	  true, 0, 1 },
	{ OK200 "Content-Length: 1000\r\n\r\n" NEXT, true, false, 0, "", 200,
	  "OK", true, sizeof(NEXT) - 1, 1 },
	{ OK200 CHUNKED "\r\n" NEXT, true, false, 0, "", 200, "OK", true,
	  sizeof(NEXT) - 1, 1 },
	{ OK200 "\r\n", true, false, 0, "", 200, "OK", true, 0, 1 },
	{ "HTTP/1.1 204 No Content\r\n\r\n" NEXT, false, false, 0, "", 204,
	  "No Content", true, sizeof(NEXT) - 1, 1 },
	{ "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n" NEXT, false,
	  false, 0, "", 304, "Not Modified", true, sizeof(NEXT) - 1, 1 },
	{ "HTTP/1.1 304 Not Modified\r\n" CHUNKED "\r\n", false, false, 0, "",
	  304, "Not Modified", true, 0, 1 },

	/* An interim 1xx answer comes before the real one. */
	{ "HTTP/1.1 100 Continue\r\n\r\n" OK200 "Content-Length: 2\r\n\r\nok",
	  false, false, 0, "ok", 200, "OK", true, 0, 2 },
	{ "HTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\n"
	  "HTTP/1.1 100 Continue\r\n\r\n"
	  "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n",
	  false, false, 0, "", 201, "Created", true, 0, 3 },

	/* Keep-alive: HTTP/1.1 unless "close", HTTP/1.0 only when asked. */
	{ OK200 "Connection: close\r\nContent-Length: 1\r\n\r\nx", false, false,
	  0, "x", 200, "OK", false, 0, 1 },
	{ OK200 "Connection: Close\r\nContent-Length: 1\r\n\r\nx", false, false,
	  0, "x", 200, "OK", false, 0, 1 },
	{ OK200 "Connection: keep-alive, close\r\nContent-Length: 1\r\n\r\nx",
	  false, false, 0, "x", 200, "OK", false, 0, 1 },
	{ OK200 "Connection: upgrade ,\tclose \r\nContent-Length: 1\r\n\r\nx",
	  false, false, 0, "x", 200, "OK", false, 0, 1 },
	/* A token is whole: "closed" is not "close". */
	{ OK200 "Connection: closed\r\nContent-Length: 1\r\n\r\nx", false,
	  false, 0, "x", 200, "OK", true, 0, 1 },
	{ "HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nx", false, false, 0, "x",
	  200, "OK", false, 0, 1 },
	{ "HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 1\r\n"
	  "\r\nx",
	  false, false, 0, "x", 200, "OK", true, 0, 1 },
	{ "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n" CHUNKED
	  "\r\n1\r\nx\r\n0\r\n\r\n",
	  false, false, 0, "x", 200, "OK", true, 0, 1 },
	{ "HTTP/1.0 204 No Content\r\n\r\n", false, false, 0, "", 204,
	  "No Content", false, 0, 1 },
	{ "HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nx", true, false, 0, "",
	  200, "OK", false, 1, 1 },
};

#define NOT_HTTP "the server's answer is not an HTTP/1.x response"
#define BAD_LENGTH "the server sent an invalid Content-Length"
#define BAD_HEADER "the server sent a malformed header line"
#define BAD_CHUNK "the server sent a malformed chunk size"
#define LONG_CHUNK "the server sent a chunk longer than its size"
#define CUT_BODY                                                               \
	"the server closed the connection before the end of the response "     \
	"body"

struct bad_row {
	const char *text;
	bool head_request;
	bool eof;
	const char *msg; /* the whole message */
};

static const struct bad_row bad_rows[] = {
	/* Status lines */
	{ "HTTP/2 200 OK\r\n\r\n", false, false, NOT_HTTP },
	{ "SSH-2.0-OpenSSH_9.6\r\n\r\n", false, false, NOT_HTTP },
	{ "<html>\r\n\r\n", false, false, NOT_HTTP },
	{ "http/1.1 200 OK\r\n\r\n", false, false, NOT_HTTP },
	{ "HTTP/1.1 20 OK\r\n\r\n", false, false, NOT_HTTP },
	{ "HTTP/1.1 2000 OK\r\n\r\n", false, false, NOT_HTTP },
	{ "HTTP/1.1 200OK\r\n\r\n", false, false, NOT_HTTP },
	{ "HTTP/1.1  200 OK\r\n\r\n", false, false, NOT_HTTP },
	{ "HTTP/1.x 200 OK\r\n\r\n", false, false, NOT_HTTP },
	{ "HTTP/1.1\r\n\r\n", false, false, NOT_HTTP },
	{ "HTTP/1.1 099 Low\r\n\r\n", false, false,
	  "the server answered with invalid status 99" },
	{ "HTTP/1.1 000\r\n\r\n", false, false,
	  "the server answered with invalid status 0" },
	{ "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n", false,
	  false, "the server switched protocols, which is not supported" },
	/* Content-Length */
	{ OK200 "Content-Length: -1\r\n\r\n", false, false, BAD_LENGTH },
	{ OK200 "Content-Length: +1\r\n\r\n", false, false, BAD_LENGTH },
	{ OK200 "Content-Length: 1x\r\n\r\n", false, false, BAD_LENGTH },
	{ OK200 "Content-Length: 1 2\r\n\r\n", false, false, BAD_LENGTH },
	{ OK200 "Content-Length:\r\n\r\n", false, false, BAD_LENGTH },
	{ OK200 "Content-Length: 0x10\r\n\r\n", false, false, BAD_LENGTH },
	{ OK200 "Content-Length: 3, 3\r\n\r\nabc", false, false, BAD_LENGTH },
	{ OK200 "Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", false,
	  false, BAD_LENGTH },
	{ OK200 "Content-Length: 99999999999999999999999\r\n\r\n", false, false,
	  BAD_LENGTH },
	/* ... also in answer to HEAD: the head itself is malformed. */
	{ OK200 "Content-Length: 3\r\nContent-Length: 4\r\n\r\n", true, false,
	  BAD_LENGTH },
	/* Header lines */
	{ OK200 "NoColon\r\n\r\n", false, false, BAD_HEADER },
	{ OK200 ": no name\r\n\r\n", false, false, BAD_HEADER },
	{ OK200 "X-A: a\r\n folded\r\n\r\n", false, false, BAD_HEADER },
	{ OK200 "\tX-A: a\r\n\r\n", false, false, BAD_HEADER },
	/* Chunks */
	{ OK200 CHUNKED "\r\nzz\r\n", false, false, BAD_CHUNK },
	{ OK200 CHUNKED "\r\n\r\n", false, false, BAD_CHUNK },
	{ OK200 CHUNKED "\r\n-1\r\n", false, false, BAD_CHUNK },
	{ OK200 CHUNKED "\r\n+1\r\n", false, false, BAD_CHUNK },
	{ OK200 CHUNKED "\r\n0x5\r\n", false, false, BAD_CHUNK },
	{ OK200 CHUNKED "\r\n5 x\r\nhello\r\n", false, false, BAD_CHUNK },
	{ OK200 CHUNKED "\r\n;ext\r\n", false, false, BAD_CHUNK },
	/* 2^64 does not fit */
	{ OK200 CHUNKED "\r\n10000000000000000\r\n", false, false, BAD_CHUNK },
	{ OK200 CHUNKED "\r\n3\r\nabcd\r\n0\r\n\r\n", false, false,
	  LONG_CHUNK },
	{ OK200 CHUNKED "\r\n3\r\nabc0\r\n\r\n", false, false, LONG_CHUNK },
	/* The connection closes too early. */
	{ "", false, true,
	  "the server closed the connection without answering" },
	{ "HTTP/1.1 200 OK\r\n", false, true,
	  "the server closed the connection in the middle of the response "
	  "headers" },
	{ "HTTP/1.1 100 Continue\r\n\r\n", false, true,
	  "the server closed the connection in the middle of the response "
	  "headers" },
	{ OK200 "Content-Length: 5\r\n\r\nhel", false, true, CUT_BODY },
	{ OK200 CHUNKED "\r\n5\r\nhel", false, true, CUT_BODY },
	{ OK200 CHUNKED "\r\n5\r\nhello\r\n", false, true, CUT_BODY },
	{ OK200 CHUNKED "\r\n5\r\nhello\r\n0\r\n", false, true, CUT_BODY },
	{ OK200 CHUNKED "\r\n5\r\nhello\r\n0\r\nX-T: 1\r\n", false, true,
	  CUT_BODY },
};

static void
check_outcome(const struct resp_row *r, const struct outcome *o,
	      const char *how)
{
	size_t len = strlen(r->text);

	ck_assert_msg(o->rv == r->want_rv,
		      "row '%s' fed %s: returned %d, "
		      "want %d (%s)",
		      r->text, how, o->rv, r->want_rv, o->msg);
	ck_assert_uint_eq(o->received_any, len > 0);
	if (o->rv != 0) {
		ck_assert_str_eq(o->msg, r->want);
		ck_assert(!o->keep_alive);
		return;
	}
	ck_assert_msg(o->done, "row '%s' fed %s: not done", r->text, how);
	ck_assert_uint_eq(o->used, len - r->extra);
	ck_assert_int_eq(o->status, r->status);
	ck_assert_str_eq(o->reason, r->reason);
	ck_assert_int_eq(o->keep_alive, r->keep_alive);
	ck_assert_int_eq(o->seen.heads, r->heads);
	ck_assert_uint_eq(o->seen.body_len, strlen(r->want));
	ck_assert_msg(memcmp(o->seen.body, r->want, o->seen.body_len) == 0,
		      "row '%s' fed %s: body '%.*s', want '%s'", r->text, how,
		      (int)o->seen.body_len, o->seen.body, r->want);
}

static void
check_row(const struct resp_row *r)
{
	struct outcome whole, bytes;
	size_t len = strlen(r->text);

	run(r->head_request, r->text, len, 0, r->eof, NULL, &whole);
	check_outcome(r, &whole, "at once");
	run(r->head_request, r->text, len, 1, r->eof, NULL, &bytes);
	check_outcome(r, &bytes, "byte by byte");
	/* Both ways saw the same heads, as received. */
	ck_assert_uint_eq(whole.seen.raw_len, bytes.seen.raw_len);
	ck_assert(memcmp(whole.seen.raw, bytes.seen.raw, whole.seen.raw_len) ==
		  0);
}

START_TEST(test_good)
{
	check_row(&rows[_i]);
}
END_TEST

START_TEST(test_bad)
{
	const struct bad_row *b = &bad_rows[_i];
	const struct resp_row r = {
		b->text, b->head_request, b->eof, -1, b->msg, 0, "", false, 0, 0
	};

	check_row(&r);
}
END_TEST

/* The head callback gets each head as received, empty lines before it
 * left out, the blank line kept. */
START_TEST(test_raw_heads)
{
	static const char text[] =
		"\r\nHTTP/1.1 100 Continue\r\n\r\n"
		"HTTP/1.1 200 OK\nX-A:  b \nContent-Length: 1\n\nx";
	static const char want[] =
		"HTTP/1.1 100 Continue\r\n\r\n"
		"HTTP/1.1 200 OK\nX-A:  b \nContent-Length: 1\n\n";
	struct outcome o;

	run(false, text, sizeof(text) - 1, 7, false, NULL, &o);
	ck_assert_int_eq(o.rv, 0);
	ck_assert_int_eq(o.seen.heads, 2);
	ck_assert_uint_eq(o.seen.raw_len, sizeof(want) - 1);
	ck_assert(memcmp(o.seen.raw, want, o.seen.raw_len) == 0);
}
END_TEST

/* A callback's failure stops the parser with the callback's message. */
START_TEST(test_callback_fails)
{
	static const char text[] = OK200 "Content-Length: 2\r\n\r\nhi";
	struct outcome o;

	run(false, text, sizeof(text) - 1, 0, false, "head", &o);
	ck_assert_int_eq(o.rv, -1);
	ck_assert_str_eq(o.msg, "head callback says no");
	ck_assert_uint_eq(o.seen.body_len, 0);
	run(false, text, sizeof(text) - 1, 0, false, "body", &o);
	ck_assert_int_eq(o.rv, -1);
	ck_assert_str_eq(o.msg, "body callback says no");
	ck_assert(!o.keep_alive);
}
END_TEST

/* A handler without callbacks is fine: the response is read and let go. */
START_TEST(test_no_callbacks)
{
	static const char text[] = OK200 CHUNKED "\r\n3\r\nabc\r\n0\r\n\r\n";
	struct mtls_httpc_handler h = { NULL, NULL, NULL };
	struct mtls_httpc_response *r;
	struct mtls_err e = { 0 };
	size_t used;

	r = mtls_httpc_response_new(false, &h);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(mtls_httpc_response_feed(r, text, sizeof(text) - 1,
						  &used, &e),
			 0);
	ck_assert_uint_eq(used, sizeof(text) - 1);
	ck_assert(mtls_httpc_response_keep_alive(r));
	/* Once complete it takes nothing more, and the close is fine. */
	ck_assert_int_eq(mtls_httpc_response_feed(r, "x", 1, &used, &e), 0);
	ck_assert_uint_eq(used, 0);
	ck_assert_int_eq(mtls_httpc_response_eof(r, &e), 0);
	mtls_httpc_response_free(r);
	mtls_httpc_response_free(NULL);
}
END_TEST

/* A Content-Length beyond 4 GiB is counted in full: 2^32 + 1 is not 1. */
START_TEST(test_large_length)
{
	static const char text[] = OK200 "Content-Length: 4294967297\r\n\r\n";
	static char block[1 << 16];
	struct mtls_httpc_handler h = { NULL, NULL, NULL };
	struct mtls_httpc_response *r;
	struct mtls_err e = { 0 };
	size_t used;

	r = mtls_httpc_response_new(false, &h);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(mtls_httpc_response_feed(r, text, sizeof(text) - 1,
						  &used, &e),
			 0);
	ck_assert_uint_eq(used, sizeof(text) - 1);
	ck_assert_int_eq(mtls_httpc_response_feed(r, block, sizeof(block),
						  &used, &e),
			 0);
	ck_assert_uint_eq(used, sizeof(block));
	ck_assert(!mtls_httpc_response_is_done(r));
	ck_assert_int_eq(mtls_httpc_response_eof(r, &e), -1);
	ck_assert_str_eq(e.msg, CUT_BODY);
	mtls_httpc_response_free(r);
}
END_TEST

/* Feed a response whose head is SIZE bytes long (blank line included),
 * then a one-byte body. */
static void
run_head_of(size_t size, struct outcome *o)
{
	static const char start[] = OK200 "X-Big: ";
	static const char end[] = "\r\nContent-Length: 1\r\n\r\n";
	size_t fill = size - (sizeof(start) - 1) - (sizeof(end) - 1);
	char *text = malloc(size + 2);

	ck_assert_ptr_nonnull(text);
	memcpy(text, start, sizeof(start) - 1);
	memset(text + sizeof(start) - 1, 'a', fill);
	memcpy(text + sizeof(start) - 1 + fill, end, sizeof(end) - 1);
	text[size] = 'x';
	run(false, text, size + 1, 0, false, NULL, o);
	free(text);
}

/* The head may take up to 64 KiB, not more. */
START_TEST(test_head_limit)
{
	const size_t max = 64 * 1024;
	struct outcome o;

	run_head_of(max - 1, &o);
	ck_assert_msg(o.rv == 0, "%s", o.msg);
	ck_assert_uint_eq(o.seen.raw_len, max - 1);
	ck_assert_uint_eq(o.seen.body_len, 1);
	run_head_of(max + 1, &o);
	ck_assert_int_eq(o.rv, -1);
	ck_assert_str_eq(o.msg, "the server's response headers are larger "
				"than 64 KiB");
	ck_assert_int_eq(o.seen.heads, 0);
}
END_TEST

/* A chunk-size line (with its extension) or a trailer is bounded too. */
START_TEST(test_line_limits)
{
	char text[4096];
	struct outcome o;
	int n;

	n = snprintf(text, sizeof(text), OK200 CHUNKED "\r\n1;%01100d\r\n", 0);
	ck_assert_int_lt(n, (int)sizeof(text));
	run(false, text, (size_t)n, 0, false, NULL, &o);
	ck_assert_int_eq(o.rv, -1);
	ck_assert_str_eq(o.msg, BAD_CHUNK);

	/* A short extension is fine. */
	n = snprintf(text, sizeof(text),
		     OK200 CHUNKED "\r\n1;%0900d\r\nx\r\n0\r\n\r\n", 0);
	run(false, text, (size_t)n, 0, false, NULL, &o);
	ck_assert_msg(o.rv == 0, "%s", o.msg);
	ck_assert_uint_eq(o.seen.body_len, 1);

	n = snprintf(text, sizeof(text),
		     OK200 CHUNKED "\r\n0\r\nX-T: %01100d\r\n\r\n", 0);
	run(false, text, (size_t)n, 0, false, NULL, &o);
	ck_assert_int_eq(o.rv, -1);
	ck_assert_str_eq(o.msg, "the server's trailer fields are too long");
}
END_TEST

#define ROWS(a) (int)(sizeof(a) / sizeof((a)[0]))

Suite *
http_response_suite(void)
{
	Suite *s = suite_create("http_response");
	TCase *tc;

	tc = tcase_create("responses");
	tcase_add_loop_test(tc, test_good, 0, ROWS(rows));
	tcase_add_test(tc, test_raw_heads);
	tcase_add_test(tc, test_no_callbacks);
	tcase_add_test(tc, test_large_length);
	suite_add_tcase(s, tc);
	tc = tcase_create("refused");
	tcase_add_loop_test(tc, test_bad, 0, ROWS(bad_rows));
	tcase_add_test(tc, test_callback_fails);
	tcase_add_test(tc, test_head_limit);
	tcase_add_test(tc, test_line_limits);
	suite_add_tcase(s, tc);
	return s;
}
