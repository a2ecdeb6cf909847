/*
 * fuzz_httpc_response.c -- the response parser fed whole and in pieces.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <string.h>

#include "mtls_internal.h"
#include "fuzz.h"

/* Everything a caller can learn from one response. */
struct outcome {
	int failed_at; /* 0 none, 1 feed, 2 eof */
	char msg[MTLS_ERR_MAX];
	size_t used; /* bytes the response took */
	int status;
	char reason[128];
	bool done, keep_alive, received_any;
	unsigned heads;	     /* head callbacks (interim 1xx ones too) */
	struct mtls_buf raw; /* the heads, one after another */
	struct mtls_buf body;
};

static int
on_head(void *arg, const struct mtls_httpc_response *r, const char *raw,
	size_t len, struct mtls_err *e)
{
	struct outcome *o = arg;

	FUZZ_CHECK(len >= 2 && raw[len - 1] == '\n');
	FUZZ_CHECK(mtls_httpc_response_status(r) >= 100);
	o->heads++;
	mtls_buf_add(&o->raw, raw, len);
	return 0;
}

static int
on_body(void *arg, const void *data, size_t len, struct mtls_err *e)
{
	struct outcome *o = arg;

	FUZZ_CHECK(len > 0);
	mtls_buf_add(&o->body, data, len);
	return 0;
}

/* Give DATA to a new parser in pieces of the NP lengths in PIECES (then
 * the rest), stopping once the response is complete; then the end of the
 * connection, unless it is complete. */
static void
run(bool head_request, const uint8_t *data, size_t size, const uint8_t *pieces,
    size_t np, struct outcome *o)
{
	const struct mtls_httpc_handler h = { on_head, on_body, o };
	struct mtls_httpc_response *r;
	struct mtls_err e = { "", MTLS_HINT_NONE };
	size_t off = 0, i = 0;

	memset(o, 0, sizeof(*o));
	r = mtls_httpc_response_new(head_request, &h);
	FUZZ_CHECK(r != NULL);
	for (;;) {
		size_t n = size - off, used = (size_t)-1;

		if (i < np && pieces[i] < n)
			n = pieces[i];
		i++;
		if (mtls_httpc_response_feed(r, data + off, n, &used,
					     &e) != 0) {
			o->failed_at = 1;
			break;
		}
		FUZZ_CHECK(used <= n);
		FUZZ_CHECK(used == n || mtls_httpc_response_is_done(r));
		off += used;
		if (mtls_httpc_response_is_done(r) || off == size)
			break;
	}
	o->used = off;
	if (o->failed_at == 0 && !mtls_httpc_response_is_done(r) &&
	    mtls_httpc_response_eof(r, &e) != 0)
		o->failed_at = 2;
	if (o->failed_at != 0) {
		FUZZ_CHECK(e.msg[0] != '\0' && strchr(e.msg, '\n') == NULL);
		memcpy(o->msg, e.msg, sizeof(o->msg));
	} else {
		FUZZ_CHECK(mtls_httpc_response_is_done(r));
	}
	o->status = mtls_httpc_response_status(r);
	snprintf(o->reason, sizeof(o->reason), "%s",
		 mtls_httpc_response_reason(r));
	o->done = mtls_httpc_response_is_done(r);
	o->keep_alive = mtls_httpc_response_keep_alive(r);
	o->received_any = mtls_httpc_response_received_any(r);
	mtls_httpc_response_free(r);
	FUZZ_CHECK(!o->raw.failed && !o->body.failed);
}

static bool
same_buf(const struct mtls_buf *a, const struct mtls_buf *b)
{
	return a->len == b->len &&
	       (a->len == 0 || memcmp(a->data, b->data, a->len) == 0);
}

/* The input: a first byte whose top bit asks for a response to HEAD and
 * whose low four bits are a count N, then N bytes each giving the length
 * of the next piece (0 feeds nothing), then the bytes the server sent.
 * Fed whole and fed in those pieces, the response must come out the same:
 * where it fails and why, status, reason, keep-alive, the heads the
 * handler saw and the body. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct outcome whole, cut;
	bool head_request;
	size_t np;

	if (size < 1)
		return 0;
	head_request = (data[0] & 0x80) != 0;
	np = data[0] & 0x0f;
	if (size < 1 + np)
		return 0;
	run(head_request, data + 1 + np, size - 1 - np, NULL, 0, &whole);
	run(head_request, data + 1 + np, size - 1 - np, data + 1, np, &cut);

	FUZZ_CHECK(whole.failed_at == cut.failed_at);
	FUZZ_CHECK(strcmp(whole.msg, cut.msg) == 0);
	FUZZ_CHECK(whole.failed_at != 0 || whole.used == cut.used);
	FUZZ_CHECK(whole.status == cut.status);
	FUZZ_CHECK(strcmp(whole.reason, cut.reason) == 0);
	FUZZ_CHECK(whole.done == cut.done);
	FUZZ_CHECK(whole.keep_alive == cut.keep_alive);
	FUZZ_CHECK(whole.received_any == cut.received_any);
	FUZZ_CHECK(whole.heads == cut.heads);
	FUZZ_CHECK(same_buf(&whole.raw, &cut.raw));
	FUZZ_CHECK(same_buf(&whole.body, &cut.body));
	FUZZ_CHECK(whole.body.len <= size);
	if (head_request && whole.failed_at == 0)
		FUZZ_CHECK(whole.body.len == 0);

	mtls_buf_free(&whole.raw);
	mtls_buf_free(&whole.body);
	mtls_buf_free(&cut.raw);
	mtls_buf_free(&cut.body);
	return 0;
}
