/*
 * fuzz_decode.c -- PEM/DER through mtls_items_import and every showcert output.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <string.h>

#include "mtls_internal.h"
#include "fuzz.h"

/* 2026-12-01T00:00:00Z: "now" for the days left. */
#define NOW ((time_t)1796083200)

/* A JSON reader of its own (RFC 8259, UTF-8 checked byte by byte), so
 * that it shares no code with the writer it checks.  Each returns the
 * position after what it read, or NULL. */
static const char *json_value(const char *p, const char *end, int depth);

static const char *
json_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* One UTF-8 sequence at P: no overlong forms, surrogates or code points
 * past U+10FFFF. */
static const char *
json_utf8(const char *p, const char *end)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t n = (size_t)(end - p), len;
	unsigned long cp;

	if (s[0] < 0x80)
		return p + 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return NULL;
	if (n < len)
		return NULL;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return NULL;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return NULL;
	return p + len;
}

static const char *
json_string(const char *p, const char *end)
{
	if (p >= end || *p != '"')
		return NULL;
	p++;
	while (p < end && *p != '"') {
		if ((unsigned char)*p < 0x20)
			return NULL;
		if (*p == '\\') {
			if (++p >= end)
				return NULL;
			if (*p == 'u') {
				for (int i = 1; i <= 4; i++)
					if (p + i >= end ||
					    mtls_hex_value(p[i]) < 0)
						return NULL;
				p += 5;
			} else if (strchr("\"\\/bfnrt", *p) != NULL && *p) {
				p++;
			} else {
				return NULL;
			}
			continue;
		}
		if ((p = json_utf8(p, end)) == NULL)
			return NULL;
	}
	return p < end ? p + 1 : NULL;
}

static const char *
json_number(const char *p, const char *end)
{
	const char *start;

	if (p < end && *p == '-')
		p++;
	if (p < end && *p == '0') {
		p++;
	} else {
		start = p;
		while (p < end && *p >= '0' && *p <= '9')
			p++;
		if (p == start)
			return NULL;
	}
	if (p < end && *p == '.') {
		start = ++p;
		while (p < end && *p >= '0' && *p <= '9')
			p++;
		if (p == start)
			return NULL;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		start = p;
		while (p < end && *p >= '0' && *p <= '9')
			p++;
		if (p == start)
			return NULL;
	}
	return p;
}

/* The members of an object (OBJECT) or the elements of an array, after
 * the opening bracket. */
static const char *
json_members(const char *p, const char *end, bool object, int depth)
{
	char close = object ? '}' : ']';

	p = json_ws(p, end);
	if (p < end && *p == close)
		return p + 1;
	for (;;) {
		if (object) {
			if ((p = json_string(json_ws(p, end), end)) == NULL)
				return NULL;
			p = json_ws(p, end);
			if (p >= end || *p++ != ':')
				return NULL;
		}
		if ((p = json_value(p, end, depth + 1)) == NULL)
			return NULL;
		p = json_ws(p, end);
		if (p < end && *p == ',') {
			p++;
			continue;
		}
		return p < end && *p == close ? p + 1 : NULL;
	}
}

static const char *
json_value(const char *p, const char *end, int depth)
{
	p = json_ws(p, end);
	if (p >= end || depth > 64)
		return NULL;
	switch (*p) {
	case '{':
		return json_members(p + 1, end, true, depth);
	case '[':
		return json_members(p + 1, end, false, depth);
	case '"':
		return json_string(p, end);
	case 't':
		return end - p >= 4 && memcmp(p, "true", 4) == 0 ? p + 4 : NULL;
	case 'f':
		return end - p >= 5 && memcmp(p, "false", 5) == 0 ? p + 5
								     : NULL;
	case 'n':
		return end - p >= 4 && memcmp(p, "null", 4) == 0 ? p + 4 : NULL;
	default:
		return json_number(p, end);
	}
}

/* Is D exactly one JSON object? */
static bool
json_is_object(const gnutls_datum_t *d)
{
	const char *p = (const char *)d->data, *end = p + d->size;

	if (json_ws(p, end) >= end || *json_ws(p, end) != '{')
		return false;
	p = json_value(p, end, 0);
	return p != NULL && json_ws(p, end) == end;
}

/* Every output of one item, each checked and freed. */
static void
show(const struct mtls_item *it, unsigned index)
{
	struct mtls_err e = { "", MTLS_HINT_NONE };
	gnutls_datum_t out = { NULL, 0 };
	enum mtls_field f;

	FUZZ_CHECK(mtls_item_summary(it, "in.pem[1]", NOW, &out, &e) == 0);
	FUZZ_CHECK(out.size > 0 && out.data[out.size] == '\0');
	FUZZ_CHECK(out.data[out.size - 1] == '\n');
	gnutls_free(out.data);
	out.data = NULL;
	out.size = 0;

	if (mtls_item_text(it, "in.pem[1]", &out, &e) == 0) {
		FUZZ_CHECK(out.size > 0 && out.data[out.size] == '\0');
		FUZZ_CHECK(out.data[out.size - 1] == '\n');
	} else {
		FUZZ_CHECK(e.msg[0] != '\0' && out.data == NULL);
	}
	gnutls_free(out.data);
	out.data = NULL;
	out.size = 0;

	for (f = MTLS_FIELD_SUBJECT; f <= MTLS_FIELD_IS_CA; f++) {
		FUZZ_CHECK(mtls_item_field(it, f, NOW, &out, &e) == 0);
		FUZZ_CHECK(out.size > 0 && out.data[out.size] == '\0');
		FUZZ_CHECK(out.data[out.size - 1] == '\n');
		gnutls_free(out.data);
		out.data = NULL;
		out.size = 0;
	}

	FUZZ_CHECK(mtls_item_json(it, "in\"\\.pem", index, NOW, &out, &e) == 0);
	FUZZ_CHECK(out.size > 0 && out.data[out.size] == '\0');
	FUZZ_CHECK(strlen((const char *)out.data) == out.size);
	FUZZ_CHECK(json_is_object(&out));
	gnutls_free(out.data);
}

/* The input is a file given to showcert.  Whatever it holds, decoding
 * either finds items or says why not; each item found then gets the
 * summary, the full text, every --field and the JSON object, and the
 * JSON must parse as one object of valid UTF-8. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const gnutls_datum_t in = { (unsigned char *)data, (unsigned)size };
	struct mtls_err e = { "", MTLS_HINT_NONE };
	struct mtls_item *items;
	size_t n;

	if (mtls_items_import(&in, "in.pem", &items, &n, &e) != 0) {
		FUZZ_CHECK(e.msg[0] != '\0');
		FUZZ_CHECK(items == NULL && n == 0);
		return 0;
	}
	FUZZ_CHECK(n > 0 && items != NULL);
	for (size_t i = 0; i < n; i++) {
		FUZZ_CHECK(items[i].kind == MTLS_OBJ_CERT ||
			   items[i].kind == MTLS_OBJ_CSR ||
			   items[i].kind == MTLS_OBJ_CRL);
		show(&items[i], (unsigned)i + 1);
	}
	mtls_items_free(items, n);
	return 0;
}
