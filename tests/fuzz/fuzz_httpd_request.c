/*
 * fuzz_httpd_request.c -- pipelined requests through mtls_httpd_request_parse.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <string.h>

#include "mtls_internal.h"
#include "fuzz.h"

static bool
is_refusal(int status)
{
	return status == 400 || status == 411 || status == 414 ||
	       status == 431 || status == 501 || status == 505;
}

static void
check_head(const char *buf, size_t len, size_t max_head,
	   const struct mtls_httpd_request *req)
{
	struct mtls_httpd_request again;
	size_t mlen = strlen(req->method);
	int status;

	FUZZ_CHECK(req->head_len >= 4 && req->head_len <= len);
	FUZZ_CHECK(req->head_len <= max_head);
	FUZZ_CHECK(memcmp(buf + req->head_len - 4, "\r\n\r\n", 4) == 0);
	FUZZ_CHECK(mlen > 0 && mlen <= MTLS_HTTPD_METHOD_MAX);
	for (size_t i = 0; i < mlen; i++)
		FUZZ_CHECK(mtls_is_tchar((unsigned char)req->method[i]));
	FUZZ_CHECK(req->target > buf && req->target_len > 0 &&
		   req->target + req->target_len < buf + req->head_len);
	FUZZ_CHECK(memchr(req->target, ' ', req->target_len) == NULL);
	FUZZ_CHECK(req->minor >= 0 && req->minor <= 9);
	/* A body is delimited one way only: a final chunked coding, another
	 * coding (refused by the server), or a length; never two. */
	FUZZ_CHECK(!(req->chunked && req->te_other));
	FUZZ_CHECK(!(req->chunked || req->te_other) ||
		   req->content_length == 0);
	/* The head's last byte missing: never a whole request yet. */
	FUZZ_CHECK(mtls_httpd_request_parse(buf, req->head_len - 1, max_head,
					    &again, &status) != 1);
}

static void
pipeline(const char *buf, size_t len, size_t max_head)
{
	size_t off = 0;

	while (off < len) {
		struct mtls_httpd_request req;
		int r, status = -1;

		r = mtls_httpd_request_parse(buf + off, len - off, max_head,
					     &req, &status);
		FUZZ_CHECK(r >= -1 && r <= 1);
		if (r == 0) {
			FUZZ_CHECK(status == 0);
			break;
		}
		if (r < 0) {
			FUZZ_CHECK(is_refusal(status));
			break;
		}
		FUZZ_CHECK(status == 0);
		check_head(buf + off, len - off, max_head, &req);
		off += req.head_len;
		/* A coded body ends the connection's parsing here: the
		 * server answers 411 and closes, or hands the rest to the
		 * backend's decoder. */
		if (req.chunked || req.te_other)
			break;
		/* The server reads the body and lets it go. */
		if (req.content_length >= len - off)
			break;
		off += (size_t)req.content_length;
	}
}

/* The input is what a client sent on one connection.  Like the server,
 * parse a head, step past it and the body it announces, and parse the
 * next, until more bytes would be needed or a request is refused; once
 * with the default head limit and once with a small one.  Checked: a
 * parsed head lies inside the bytes given and ends in an empty line, its
 * fields hold what the parser promises, the head without its last byte is
 * never taken for a whole one, a body is delimited one way only, and a
 * refusal carries one of the documented statuses. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* libFuzzer's copy of the input is exactly SIZE bytes long, so
	 * ASan sees any read past it. */
	pipeline((const char *)data, size, MTLS_HTTPD_HEAD_MAX);
	pipeline((const char *)data, size, 64);
	return 0;
}
