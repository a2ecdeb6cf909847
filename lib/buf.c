/*
 * buf.c -- one growable text buffer, and the text helpers: hex, JSON and
 * log escaping, UTF-8 checks, percent-decoding.
 *
 * Text whose length a peer controls (certificate subjects, request lines)
 * is built here rather than in a fixed array, so no length arithmetic can
 * run past an end.  A failed allocation is remembered, not reported at
 * each call: the caller checks b->failed once, when the text is done.
 * The memory is GnuTLS's (gnutls_realloc), so a finished text can become
 * a gnutls_datum_t without a copy.
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
	p = gnutls_realloc(b->data, cap);
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
static const char hexdigits_upper[] = "0123456789ABCDEF";

void
mtls_buf_add_hex(struct mtls_buf *b, const unsigned char *p, size_t n,
		 const char *sep, bool upper)
{
	const char *digits = upper ? hexdigits_upper : hexdigits;

	for (size_t i = 0; i < n; i++) {
		char two[2] = { digits[p[i] >> 4], digits[p[i] & 15] };

		if (i > 0 && sep != NULL)
			mtls_buf_adds(b, sep);
		mtls_buf_add(b, two, 2);
	}
}

void
mtls_hex_format(const unsigned char *p, size_t n, const char *sep, bool upper,
		char *buf, size_t size)
{
	const char *digits = upper ? hexdigits_upper : hexdigits;
	size_t seplen = sep != NULL ? strlen(sep) : 0, len = 0;

	if (size == 0)
		return;
	for (size_t i = 0; i < n; i++) {
		size_t need = (i > 0 ? seplen : 0) + 2;

		if (len + need >= size)
			break;
		if (i > 0 && seplen > 0) {
			memcpy(buf + len, sep, seplen);
			len += seplen;
		}
		buf[len++] = digits[p[i] >> 4];
		buf[len++] = digits[p[i] & 15];
	}
	buf[len] = '\0';
}

int
mtls_hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

size_t
mtls_utf8_seq_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	unsigned long cp;

	if (n == 0)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* No overlong forms, surrogates or code points past U+10FFFF. */
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

void
mtls_buf_add_printable(struct mtls_buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	while (n > 0) {
		size_t len = mtls_utf8_seq_len(p, n);
		/* C0 controls, DEL, C1 controls (U+0080-U+009F) and bytes
		 * that are not UTF-8: a terminal may act on any of them. */
		bool control = len == 0 ||
			       (len == 1 && (*p < 0x20 || *p == 0x7f)) ||
			       (len == 2 && p[0] == 0xc2 && p[1] < 0xa0);

		if (!control) {
			mtls_buf_add(b, p, len);
		} else {
			if (len == 0)
				len = 1;
			for (size_t k = 0; k < len; k++) {
				char esc[4] = { '\\', 'x', hexdigits[p[k] >> 4],
						hexdigits[p[k] & 15] };

				mtls_buf_add(b, esc, 4);
			}
		}
		p += len;
		n -= len;
	}
}

void
mtls_printable(const char *s, char *out, size_t size)
{
	struct mtls_buf b = { 0 };
	size_t n;

	if (size == 0)
		return;
	mtls_buf_add_printable(&b, s, strlen(s));
	n = b.failed ? 0 : b.len;
	if (n >= size) {
		/* Cut at a whole character or escape. */
		n = size - 1;
		while (n > 0 && ((unsigned char)b.data[n] & 0xc0) == 0x80)
			n--;
		for (size_t k = n > 3 ? n - 3 : 0; k < n; k++)
			if (b.data[k] == '\\' && k + 4 > n)
				n = k;
	}
	if (n > 0)
		memcpy(out, b.data, n);
	out[n] = '\0';
	mtls_buf_free(&b);
}

void
mtls_buf_add_json_string(struct mtls_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), len;

	mtls_buf_addc(b, '"');
	while (n > 0) {
		len = 1;
		if (*p == '"' || *p == '\\') {
			char esc[2] = { '\\', (char)*p };

			mtls_buf_add(b, esc, 2);
		} else if (*p == '\n') {
			mtls_buf_adds(b, "\\n");
		} else if (*p == '\t') {
			mtls_buf_adds(b, "\\t");
		} else if (*p == '\r') {
			mtls_buf_adds(b, "\\r");
		} else if (*p < 0x20 || *p == 0x7f) {
			mtls_buf_addf(b, "\\u%04x", *p);
		} else if ((len = mtls_utf8_seq_len(p, n)) == 0) {
			mtls_buf_adds(b, "\\ufffd");
			len = 1;
		} else {
			mtls_buf_add(b, p, len);
		}
		p += len;
		n -= len;
	}
	mtls_buf_addc(b, '"');
}

int
mtls_pct_next(const char *s, size_t len, size_t *i)
{
	int hi, lo;

	if (s[*i] != '%')
		return (unsigned char)s[(*i)++];
	hi = *i + 2 < len ? mtls_hex_value(s[*i + 1]) : -1;
	lo = hi < 0 ? -1 : mtls_hex_value(s[*i + 2]);
	if (lo < 0)
		return -1;
	*i += 3;
	return hi << 4 | lo;
}

bool
mtls_is_tchar(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return true;
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

bool
mtls_is_dot_segment(size_t n, size_t dots)
{
	return n > 0 && n <= 2 && dots == n;
}

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

int
mtls_buf_to_datum(struct mtls_buf *b, gnutls_datum_t *out)
{
	if (b->data == NULL && grow(b, 0))
		b->data[0] = '\0';
	if (b->failed) {
		mtls_buf_free(b);
		return -1;
	}
	out->data = (unsigned char *)b->data;
	out->size = (unsigned)b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	return 0;
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
	gnutls_free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->failed = false;
}
