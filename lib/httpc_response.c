/*
 * httpc_response.c -- an HTTP/1.1 response read as it arrives: status
 * line and headers, then a body delimited by Content-Length, by chunked
 * transfer coding (with trailers), or by the end of the connection.  The
 * body is handed on piece by piece and never held whole.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mtls_internal.h"

/* Limits on what a server may send us besides the body. */
#define HEAD_MAX (64u * 1024)
#define LINE_MAX_LEN 1024

enum state {
	ST_HEAD,	/* status line and headers */
	ST_BODY_LENGTH, /* Content-Length bytes to go */
	ST_BODY_CLOSE,	/* everything until the connection closes */
	ST_CHUNK_SIZE,	/* "1a3f;ext\r\n" */
	ST_CHUNK_DATA,
	ST_CHUNK_END, /* the CRLF after a chunk's data */
	ST_TRAILER,   /* header lines after the last chunk */
	ST_DONE,
};

struct mtls_httpc_response {
	enum state st;
	bool head_request;
	struct mtls_httpc_handler h;
	char *head;
	char *scratch;
	size_t head_len;
	char line[LINE_MAX_LEN];
	size_t line_len;
	size_t trailer_len;
	uint64_t remaining;
	int status;
	int minor;
	char reason[128];
	bool keep_alive;
	bool chunked;
	bool other_coding;
	bool has_length;
	bool received_any;
};

struct mtls_httpc_response *
mtls_httpc_response_new(bool head_request, const struct mtls_httpc_handler *h)
{
	struct mtls_httpc_response *r = calloc(1, sizeof(*r));

	if (r == NULL)
		return NULL;
	r->head = malloc(HEAD_MAX);
	r->scratch = malloc(HEAD_MAX);
	if (r->head == NULL || r->scratch == NULL) {
		free(r->head);
		free(r->scratch);
		free(r);
		return NULL;
	}
	r->head_request = head_request;
	r->h = *h;
	return r;
}

void
mtls_httpc_response_free(struct mtls_httpc_response *r)
{
	if (r == NULL)
		return;
	free(r->head);
	free(r->scratch);
	free(r);
}

int
mtls_httpc_response_status(const struct mtls_httpc_response *r)
{
	return r->status;
}

const char *
mtls_httpc_response_reason(const struct mtls_httpc_response *r)
{
	return r->reason;
}

bool
mtls_httpc_response_is_done(const struct mtls_httpc_response *r)
{
	return r->st == ST_DONE;
}

bool
mtls_httpc_response_keep_alive(const struct mtls_httpc_response *r)
{
	return r->st == ST_DONE && r->keep_alive;
}

bool
mtls_httpc_response_received_any(const struct mtls_httpc_response *r)
{
	return r->received_any;
}

/* Is the comma-separated token list VALUE holding TOKEN (any case)?  With
 * LAST, only its last element counts. */
static bool
has_token(const char *value, const char *token, bool last)
{
	size_t tlen = strlen(token);
	bool found = false;
	const char *p = value;

	while (*p != '\0') {
		const char *start, *end;

		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		start = p;
		p += strcspn(p, ",");
		end = p;
		while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		found = (size_t)(end - start) == tlen &&
			strncasecmp(start, token, tlen) == 0;
		if (found && !last)
			return true;
	}
	return found;
}

static int
parse_length(const char *value, uint64_t *out)
{
	uint64_t v = 0;

	if (!isdigit((unsigned char)*value))
		return -1;
	for (; isdigit((unsigned char)*value); value++) {
		if (v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*value - '0');
	}
	if (*value != '\0')
		return -1;
	*out = v;
	return 0;
}

/* Split the header block in r->scratch (NUL-terminated, lines end in LF or
 * CRLF) and note what decides the body's length. */
static int
parse_head(struct mtls_httpc_response *r, struct mtls_err *e)
{
	char *p = r->scratch, *line, *colon, *value, *end;
	uint64_t len;
	bool first = true;
	int code;

	r->has_length = r->chunked = r->other_coding = false;
	while ((line = strsep(&p, "\n")) != NULL) {
		end = line + strlen(line);
		if (end > line && end[-1] == '\r')
			*--end = '\0';
		if (first) {
			first = false;
			if (strncmp(line, "HTTP/1.", 7) != 0 ||
			    !isdigit((unsigned char)line[7]) ||
			    line[8] != ' ' ||
			    !isdigit((unsigned char)line[9]) ||
			    !isdigit((unsigned char)line[10]) ||
			    !isdigit((unsigned char)line[11]) ||
			    (line[12] != ' ' && line[12] != '\0'))
				return mtls_err_set(e, "the server's answer is "
						       "not an HTTP/1.x "
						       "response");
			r->minor = line[7] - '0';
			code = atoi(line + 9);
			if (code < 100)
				return mtls_err_set(e,
						    "the server answered "
						    "with invalid status "
						    "%d",
						    code);
			r->status = code;
			snprintf(r->reason, sizeof(r->reason), "%s",
				 line[12] ? line + 13 : "");
			r->keep_alive = r->minor >= 1;
			continue;
		}
		if (*line == '\0')
			break;
		colon = strchr(line, ':');
		if (colon == NULL || colon == line || *line == ' ' ||
		    *line == '\t')
			return mtls_err_set(e, "the server sent a malformed "
					       "header line");
		*colon = '\0';
		value = colon + 1;
		while (*value == ' ' || *value == '\t')
			value++;
		while (end > value && (end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';
		if (strcasecmp(line, "Content-Length") == 0) {
			if (parse_length(value, &len) != 0 ||
			    (r->has_length && len != r->remaining))
				return mtls_err_set(e,
						    "the server sent an "
						    "invalid Content-Length");
			r->has_length = true;
			r->remaining = len;
		} else if (strcasecmp(line, "Transfer-Encoding") == 0) {
			/* Only a final "chunked" delimits the body. */
			r->chunked = has_token(value, "chunked", true);
			r->other_coding = !r->chunked;
		} else if (strcasecmp(line, "Connection") == 0) {
			if (has_token(value, "close", false))
				r->keep_alive = false;
			else if (has_token(value, "keep-alive", false))
				r->keep_alive = true;
		}
	}
	return 0;
}

/* The head is complete: learn what it says, from a copy, since parsing
 * cuts it up and the handler sees it as received. */
static int
head_done(struct mtls_httpc_response *r, size_t len, struct mtls_err *e)
{
	memcpy(r->scratch, r->head, len);
	r->scratch[len] = '\0';
	if (parse_head(r, e) != 0)
		return -1;
	if (r->status == 101)
		return mtls_err_set(e, "the server switched protocols, which "
				       "is not supported");
	return 0;
}

static int
call_head(struct mtls_httpc_response *r, size_t raw_len, struct mtls_err *e)
{
	if (r->h.head == NULL)
		return 0;
	return r->h.head(r->h.arg, r, r->head, raw_len, e);
}

static int
call_body(struct mtls_httpc_response *r, const void *data, size_t len,
	  struct mtls_err *e)
{
	if (r->h.body == NULL || len == 0)
		return 0;
	return r->h.body(r->h.arg, data, len, e);
}

/* After the head: where the body's end is. */
static void
start_body(struct mtls_httpc_response *r)
{
	if (r->head_request || r->status == 204 || r->status == 304) {
		r->st = ST_DONE;
	} else if (r->chunked) {
		r->st = ST_CHUNK_SIZE;
		r->line_len = 0;
	} else if (r->other_coding || !r->has_length) {
		r->st = ST_BODY_CLOSE;
		r->keep_alive = false;
	} else {
		r->st = r->remaining == 0 ? ST_DONE : ST_BODY_LENGTH;
	}
}

/* Add byte C to r->line; returns 1 when a whole line is there (without
 * its CR LF, NUL-terminated), 0 when more is needed, -1 when too long. */
static int
line_byte(struct mtls_httpc_response *r, char c)
{
	if (c == '\n') {
		if (r->line_len > 0 && r->line[r->line_len - 1] == '\r')
			r->line_len--;
		r->line[r->line_len] = '\0';
		return 1;
	}
	if (r->line_len + 1 >= sizeof(r->line))
		return -1;
	r->line[r->line_len++] = c;
	return 0;
}

static int
parse_chunk_size(const char *line, uint64_t *out)
{
	uint64_t v = 0;
	int digits = 0;

	for (; isxdigit((unsigned char)*line); line++, digits++) {
		int d = isdigit((unsigned char)*line)
				? *line - '0'
				: tolower((unsigned char)*line) - 'a' + 10;

		if (digits >= 15)
			return -1;
		v = v * 16 + (uint64_t)d;
	}
	if (digits == 0)
		return -1;
	while (*line == ' ' || *line == '\t')
		line++;
	if (*line != '\0' && *line != ';')
		return -1;
	*out = v;
	return 0;
}

int
mtls_httpc_response_feed(struct mtls_httpc_response *r, const void *data,
			 size_t len, size_t *used, struct mtls_err *e)
{
	const char *p = data, *end = p + len;
	size_t n;
	int got;

	if (len > 0)
		r->received_any = true;
	while (p < end && r->st != ST_DONE) {
		switch (r->st) {
		case ST_HEAD:
			/* Empty lines before the status line are ignored. */
			if (r->head_len == 0 && (*p == '\r' || *p == '\n')) {
				p++;
				break;
			}
			if (r->head_len + 1 >= HEAD_MAX)
				return mtls_err_set(e,
						    "the server's response "
						    "headers are larger "
						    "than %u KiB",
						    HEAD_MAX / 1024);
			r->head[r->head_len++] = *p++;
			if (r->head[r->head_len - 1] != '\n')
				break;
			if (!(r->head_len >= 2 &&
			      r->head[r->head_len - 2] == '\n') &&
			    !(r->head_len >= 3 &&
			      r->head[r->head_len - 2] == '\r' &&
			      r->head[r->head_len - 3] == '\n'))
				break;
			n = r->head_len;
			r->head_len = 0;
			if (head_done(r, n, e) != 0 || call_head(r, n, e) != 0)
				return -1;
			/* An interim 1xx answer is followed by the real one. */
			if (r->status >= 200)
				start_body(r);
			break;
		case ST_BODY_LENGTH:
		case ST_CHUNK_DATA:
			n = (size_t)(end - p);
			if (n > r->remaining)
				n = (size_t)r->remaining;
			if (call_body(r, p, n, e) != 0)
				return -1;
			p += n;
			r->remaining -= n;
			if (r->remaining == 0) {
				r->st = r->st == ST_BODY_LENGTH ? ST_DONE
								: ST_CHUNK_END;
				r->line_len = 0;
			}
			break;
		case ST_BODY_CLOSE:
			if (call_body(r, p, (size_t)(end - p), e) != 0)
				return -1;
			p = end;
			break;
		case ST_CHUNK_SIZE:
			got = line_byte(r, *p++);
			if (got == 0)
				break;
			if (got < 0 ||
			    parse_chunk_size(r->line, &r->remaining) != 0)
				return mtls_err_set(e, "the server sent a "
						       "malformed chunk size");
			r->line_len = 0;
			r->st = r->remaining == 0 ? ST_TRAILER : ST_CHUNK_DATA;
			r->trailer_len = 0;
			break;
		case ST_CHUNK_END:
			got = line_byte(r, *p++);
			if (got == 0)
				break;
			if (got < 0 || r->line[0] != '\0')
				return mtls_err_set(e, "the server sent a "
						       "chunk longer than "
						       "its size");
			r->line_len = 0;
			r->st = ST_CHUNK_SIZE;
			break;
		case ST_TRAILER:
			/* Trailer fields are read and let go: nothing we do
			 * depends on them. */
			got = line_byte(r, *p++);
			if (++r->trailer_len > HEAD_MAX)
				got = -1;
			if (got == 0)
				break;
			if (got < 0)
				return mtls_err_set(e, "the server's trailer "
						       "fields are too long");
			if (r->line[0] == '\0')
				r->st = ST_DONE;
			r->line_len = 0;
			break;
		case ST_DONE:
			break;
		}
	}
	*used = (size_t)(p - (const char *)data);
	return 0;
}

int
mtls_httpc_response_eof(struct mtls_httpc_response *r, struct mtls_err *e)
{
	switch (r->st) {
	case ST_DONE:
		return 0;
	case ST_BODY_CLOSE:
		r->st = ST_DONE;
		return 0;
	case ST_HEAD:
		if (!r->received_any)
			return mtls_err_set(e, "the server closed the "
					       "connection without answering");
		return mtls_err_set(e, "the server closed the connection in "
				       "the middle of the response headers");
	default:
		return mtls_err_set(e, "the server closed the connection "
				       "before the end of the response body");
	}
}
