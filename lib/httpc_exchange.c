/*
 * httpc_exchange.c -- one HTTP/1.1 exchange over a TLS client connection:
 * the request head and body out, the response in, streamed to a handler.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mtls_internal.h"

int
mtls_httpc_header_check(const char *line, struct mtls_err *e)
{
	const char *p = line;

	while (mtls_is_tchar((unsigned char)*p))
		p++;
	if (p == line || *p != ':')
		return mtls_err_set(e,
				    "invalid header '%s': expected "
				    "'Name: value'",
				    line);
	if (strcspn(p, "\r\n") != strlen(p))
		return mtls_err_set(e,
				    "invalid header '%s': line breaks are "
				    "not allowed",
				    line);
	if (((size_t)(p - line) == 14 &&
	     strncasecmp(line, "Content-Length", 14) == 0) ||
	    ((size_t)(p - line) == 17 &&
	     strncasecmp(line, "Transfer-Encoding", 17) == 0))
		return mtls_err_set(e,
				    "invalid header '%s': the body's length "
				    "comes from the data sent",
				    line);
	return 0;
}

/* Does one of REQ's headers have the name NAME? */
static bool
user_has(const struct mtls_httpc_request *req, const char *name)
{
	size_t i, len = strlen(name);

	for (i = 0; i < req->n_headers; i++)
		if (strncasecmp(req->headers[i], name, len) == 0 &&
		    req->headers[i][len] == ':')
			return true;
	return false;
}

int
mtls_httpc_request_head(const struct mtls_httpc_request *req,
			gnutls_datum_t *out, struct mtls_err *e)
{
	struct mtls_buf b = { 0 };
	size_t i;

	out->data = NULL;
	out->size = 0;
	mtls_buf_addf(&b, "%s %s HTTP/1.1\r\n", req->method, req->url->path);
	if (!user_has(req, "Host"))
		mtls_buf_addf(&b, "Host: %s\r\n", req->url->authority);
	if (req->user_agent != NULL && !user_has(req, "User-Agent"))
		mtls_buf_addf(&b, "User-Agent: %s\r\n", req->user_agent);
	if (!user_has(req, "Accept"))
		mtls_buf_addf(&b, "Accept: */*\r\n");
	if (req->body != NULL) {
		mtls_buf_addf(&b, "Content-Length: %zu\r\n", req->body_len);
		if (!user_has(req, "Content-Type"))
			mtls_buf_addf(&b,
				      "Content-Type: "
				      "application/x-www-form-urlencoded\r\n");
	}
	for (i = 0; i < req->n_headers; i++) {
		const char *v = strchr(req->headers[i], ':') + 1;

		/* "Name:" with no value only takes a default away. */
		if (v[strspn(v, " \t")] == '\0')
			continue;
		mtls_buf_addf(&b, "%s\r\n", req->headers[i]);
	}
	mtls_buf_addf(&b, "\r\n");
	if (mtls_buf_to_datum(&b, out) != 0)
		return mtls_err_set(e, "out of memory");
	return 0;
}

/* The caller's handler, and whether it was the one that failed (then its
 * message names the output, and the failure is ours, not the server's). */
struct wrap {
	const struct mtls_httpc_handler *h;
	bool failed;
};

static int
wrap_head(void *arg, const struct mtls_httpc_response *r, const char *raw,
	  size_t len, struct mtls_err *e)
{
	struct wrap *w = arg;

	if (w->h->head != NULL && w->h->head(w->h->arg, r, raw, len, e) != 0) {
		w->failed = true;
		return -1;
	}
	return 0;
}

static int
wrap_body(void *arg, const void *data, size_t len, struct mtls_err *e)
{
	struct wrap *w = arg;

	if (w->h->body != NULL && w->h->body(w->h->arg, data, len, e) != 0) {
		w->failed = true;
		return -1;
	}
	return 0;
}

/* The connection's message and class. */
static int
client_failed(struct mtls_tls_client *c, struct mtls_httpc_result *res,
	      struct mtls_err *e)
{
	res->failure = mtls_tls_client_failure(c);
	mtls_err_set(e, "%s", mtls_tls_client_error(c));
	e->hint = mtls_tls_client_hint(c);
	return -1;
}

int
mtls_httpc_exchange(struct mtls_tls_client *c,
		    const struct mtls_httpc_request *req,
		    const struct mtls_httpc_handler *h,
		    struct mtls_httpc_result *res, struct mtls_err *e)
{
	struct wrap w = { h, false };
	const struct mtls_httpc_handler wrapped = { wrap_head, wrap_body, &w };
	struct mtls_httpc_response *r = NULL;
	gnutls_datum_t head = { NULL, 0 };
	static const size_t bufsize = 16384;
	unsigned char *buf = NULL;
	size_t used;
	ssize_t n;
	int rv = -1;

	memset(res, 0, sizeof(*res));
	res->failure = MTLS_TLS_CLIENT_TROUBLE;
	if (mtls_httpc_request_head(req, &head, e) != 0)
		return -1;
	r = mtls_httpc_response_new(strcasecmp(req->method, "HEAD") == 0,
				    &wrapped);
	buf = malloc(bufsize);
	if (r == NULL || buf == NULL) {
		mtls_err_set(e, "out of memory");
		goto out;
	}
	if (mtls_tls_client_write(c, head.data, head.size) != 0 ||
	    (req->body != NULL && req->body_len > 0 &&
	     mtls_tls_client_write(c, req->body, req->body_len) != 0)) {
		client_failed(c, res, e);
		goto out;
	}
	while (!mtls_httpc_response_is_done(r)) {
		n = mtls_tls_client_read(c, buf, bufsize);
		if (n < 0) {
			client_failed(c, res, e);
			goto out;
		}
		if (n == 0) {
			if (mtls_httpc_response_eof(r, e) != 0) {
				res->failure = MTLS_TLS_CLIENT_NETWORK;
				mtls_err_prefix(e, "%s",
						mtls_tls_client_peer(c));
				goto out;
			}
			break;
		}
		if (mtls_httpc_response_feed(r, buf, (size_t)n, &used, e) !=
		    0) {
			if (w.failed) {
				res->failure = MTLS_TLS_CLIENT_TROUBLE;
			} else {
				res->failure = MTLS_TLS_CLIENT_REFUSED;
				mtls_err_prefix(e, "%s",
						mtls_tls_client_peer(c));
			}
			goto out;
		}
	}
	res->failure = MTLS_TLS_CLIENT_OK;
	rv = 0;
out:
	if (r != NULL) {
		res->status = mtls_httpc_response_status(r);
		snprintf(res->reason, sizeof(res->reason), "%s",
			 mtls_httpc_response_reason(r));
		res->received_any = mtls_httpc_response_received_any(r);
		res->keep_alive = rv == 0 && mtls_httpc_response_keep_alive(r);
	}
	mtls_httpc_response_free(r);
	free(buf);
	gnutls_free(head.data);
	return rv;
}
