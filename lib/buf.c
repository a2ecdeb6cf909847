/*
 * buf.c -- one growable text buffer, and the escapers that write into it.
 *
 * Text whose length a peer controls (certificate subjects, request lines)
 * is built here rather than in a fixed array, so no length arithmetic can
 * run past an end.  A failed allocation is remembered, not reported at
 * each call: the caller checks mtls_buf_failed once, when the text is done.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mtls_internal.h"

static bool
grow(struct mtls_buf *b, size_t more)
{
	size_t cap;
	char *p;

	if (b->failed)
		return false;
	if (more < b->cap - b->len)
		return true;
	if (more > SIZE_MAX / 2 - b->len) {
		b->failed = true;
		return false;
	}
	cap = b->cap ? b->cap : 256;
	while (cap - b->len <= more)
		cap *= 2;
	p = realloc(b->data, cap);
	if (p == NULL) {
		b->failed = true;
		return false;
	}
	b->data = p;
	b->cap = cap;
	return true;
}

void
mtls_buf_add(struct mtls_buf *b, const void *p, size_t n)
{
	if (!grow(b, n))
		return;
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
mtls_buf_addc(struct mtls_buf *b, char ch)
{
	mtls_buf_add(b, &ch, 1);
}

void
mtls_buf_adds(struct mtls_buf *b, const char *s)
{
	mtls_buf_add(b, s, strlen(s));
}

void
mtls_buf_addf(struct mtls_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = true;
		return;
	}
	if (!grow(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

static const char hexdigits[] = "0123456789abcdef";

void
mtls_buf_add_logquoted(struct mtls_buf *b, const char *text, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)text[i];

		if (ch == '"' || ch == '\\') {
			char esc[2] = { '\\', (char)ch };

			mtls_buf_add(b, esc, 2);
		} else if (ch < 0x20 || ch >= 0x7f) {
			char esc[4] = { '\\', 'x', hexdigits[ch >> 4],
					hexdigits[ch & 15] };

			mtls_buf_add(b, esc, 4);
		} else {
			mtls_buf_addc(b, (char)ch);
		}
	}
}

const char *
mtls_buf_str(const struct mtls_buf *b)
{
	return b->data != NULL && !b->failed ? b->data : "";
}

void
mtls_buf_reset(struct mtls_buf *b)
{
	b->len = 0;
	b->failed = false;
	if (b->data != NULL)
		b->data[0] = '\0';
}

void
mtls_buf_free(struct mtls_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->failed = false;
}
