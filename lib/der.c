/*
 * der.c -- a small DER writer (see der.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/gnutls.h>

#include "der.h"

void
der_put(struct der_buf *b, const void *data, size_t len)
{
	if (b->failed || len == 0)
		return;
	if (b->cap - b->len < len) {
		size_t cap = b->cap ? b->cap : 64;
		unsigned char *grown;

		while (cap - b->len < len)
			cap *= 2;
		grown = gnutls_realloc(b->data, cap);
		if (grown == NULL) {
			b->failed = true;
			return;
		}
		b->data = grown;
		b->cap = cap;
	}
	memcpy(b->data + b->len, data, len);
	b->len += len;
}

void
der_put_tlv(struct der_buf *b, unsigned char tag, const void *data, size_t len)
{
	unsigned char hdr[6];
	size_t n = 0;

	hdr[n++] = tag;
	if (len < 0x80) {
		hdr[n++] = (unsigned char)len;
	} else if (len < 0x100) {
		hdr[n++] = 0x81;
		hdr[n++] = (unsigned char)len;
	} else if (len < 0x10000) {
		hdr[n++] = 0x82;
		hdr[n++] = (unsigned char)(len >> 8);
		hdr[n++] = (unsigned char)len;
	} else if (len < 0x1000000) {
		hdr[n++] = 0x83;
		hdr[n++] = (unsigned char)(len >> 16);
		hdr[n++] = (unsigned char)(len >> 8);
		hdr[n++] = (unsigned char)len;
	} else {
		b->failed = true;
		return;
	}
	der_put(b, hdr, n);
	der_put(b, data, len);
}

/* Append V in base 128, high groups first, continuation bits set. */
static void
put_base128(struct der_buf *b, unsigned long v)
{
	unsigned char tmp[10];
	size_t n = 0;

	do {
		tmp[sizeof(tmp) - 1 - n] = (unsigned char)(v & 0x7f) |
					   (n ? 0x80 : 0);
		v >>= 7;
		n++;
	} while (v != 0 && n < sizeof(tmp));
	der_put(b, tmp + sizeof(tmp) - n, n);
}

bool
der_put_oid(struct der_buf *b, const char *dotted)
{
	struct der_buf body = { 0 };
	unsigned long arcs[64];
	size_t n = 0, i;
	const char *p = dotted;
	char *end;

	while (*p != '\0') {
		if (*p < '0' || *p > '9' || n == 64)
			return false;
		/* No leading zeros: "01" is not an arc. */
		if (p[0] == '0' && p[1] >= '0' && p[1] <= '9')
			return false;
		errno = 0;
		arcs[n++] = strtoul(p, &end, 10);
		if (errno == ERANGE)
			return false;
		p = end;
		if (*p == '.') {
			p++;
			if (*p == '\0')
				return false;
		} else if (*p != '\0') {
			return false;
		}
	}
	if (n < 2 || arcs[0] > 2 || (arcs[0] < 2 && arcs[1] > 39) ||
	    arcs[1] > ULONG_MAX - 80)
		return false;
	put_base128(&body, arcs[0] * 40 + arcs[1]);
	for (i = 2; i < n; i++)
		put_base128(&body, arcs[i]);
	if (body.failed) {
		der_free(&body);
		return false;
	}
	der_put_tlv(b, DER_OID, body.data, body.len);
	der_free(&body);
	return true;
}

size_t
der_tlv_size(const unsigned char *data, size_t len)
{
	size_t hdr = 2, body, i, nlen;

	if (len < 2 || (data[0] & 0x1f) == 0x1f)
		return 0;
	if (data[1] < 0x80) {
		body = data[1];
	} else {
		nlen = data[1] & 0x7f;
		if (nlen == 0 || nlen > 3 || len < 2 + nlen)
			return 0;
		body = 0;
		for (i = 0; i < nlen; i++)
			body = (body << 8) | data[2 + i];
		hdr += nlen;
	}
	if (len - hdr < body)
		return 0;
	return hdr + body;
}

size_t
der_read(const unsigned char *data, size_t len, unsigned char *tag,
	 const unsigned char **content, size_t *content_len)
{
	size_t total = der_tlv_size(data, len), hdr;

	if (total == 0)
		return 0;
	hdr = data[1] < 0x80 ? 2 : 2 + (size_t)(data[1] & 0x7f);
	*tag = data[0];
	*content = data + hdr;
	*content_len = total - hdr;
	return total;
}

void
der_free(struct der_buf *b)
{
	gnutls_free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->failed = false;
}
