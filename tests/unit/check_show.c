/*
 * check_show.c -- show.c: what mtls_items_import finds in PEM, DER and
 * garbage, the --field names, the values mtls_item_field prints
 * (checked against what GnuTLS computes), and mtls_item_json's document,
 * parsed here by a strict JSON reader.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mtls_internal.h"
#include "suites.h"

#define D TEST_DAY

static struct test_objects obj;

static void
make_objects(void)
{
	test_objects_make(&obj);
}

static void
free_objects(void)
{
	test_objects_free(&obj);
}

/* ---- a strict JSON reader (RFC 8259), for what mtls_item_json writes */

/* A value in canonical form: strings decoded (escapes resolved, in
 * quotes but with nothing inside escaped), no white space. */
struct out {
	char buf[8192];
	size_t len;
};

struct reader {
	const char *p, *end;
	const char *err; /* why the input is not JSON */
};

#define NEED(cond, why)                                                        \
	do {                                                                   \
		if (!(cond)) {                                                 \
			r->err = (why);                                        \
			return false;                                          \
		}                                                              \
	} while (0)

static bool
out_add(struct reader *r, struct out *o, const char *s, size_t n)
{
	NEED(o->len + n < sizeof(o->buf), "value too long for the test");
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
	return true;
}

static bool
out_utf8(struct reader *r, struct out *o, unsigned long cp)
{
	char b[4];
	size_t n, i;

	if (cp < 0x80)
		b[0] = (char)cp, n = 1;
	else if (cp < 0x800)
		b[0] = (char)(0xc0 | cp >> 6), n = 2;
	else if (cp < 0x10000)
		b[0] = (char)(0xe0 | cp >> 12), n = 3;
	else
		b[0] = (char)(0xf0 | cp >> 18), n = 4;
	for (i = 1; i < n; i++)
		b[i] = (char)(0x80 | ((cp >> (6 * (n - 1 - i))) & 0x3f));
	return out_add(r, o, b, n);
}

static void
ws(struct reader *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' ||
				 *r->p == '\n' || *r->p == '\r'))
		r->p++;
}

static bool
hex4(struct reader *r, unsigned long *v)
{
	int i, c;

	NEED(r->end - r->p >= 4, "short \\u escape");
	*v = 0;
	for (i = 0; i < 4; i++) {
		c = *r->p++;
		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (unsigned long)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (unsigned long)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (unsigned long)(c - 'A' + 10);
		else
			NEED(false, "bad \\u escape");
	}
	return true;
}

/* Length of the UTF-8 sequence that starts with byte C, 0 if none. */
static size_t
utf8_size(unsigned char c)
{
	return c < 0x80			? 1
	       : c >= 0xc2 && c <= 0xdf ? 2
	       : c >= 0xe0 && c <= 0xef ? 3
	       : c >= 0xf0 && c <= 0xf4 ? 4
					: 0;
}

/* A string at R, decoded into O (with its quotes). */
static bool
read_string(struct reader *r, struct out *o)
{
	static const char esc[] = "\"\"\\\\//b\bf\fn\nr\rt\t";
	unsigned long cp, lo;
	const char *e;
	unsigned char c;
	size_t n, i;

	NEED(r->p < r->end && *r->p == '"', "string expected");
	r->p++;
	if (!out_add(r, o, "\"", 1))
		return false;
	for (;;) {
		NEED(r->p < r->end, "unterminated string");
		c = (unsigned char)*r->p++;
		if (c == '"')
			break;
		NEED(c >= 0x20, "raw control byte in a string");
		if (c == '\\') {
			NEED(r->p < r->end, "cut escape");
			c = (unsigned char)*r->p++;
			if (c != 'u') {
				for (e = esc; *e != '\0' && *e != (char)c;
				     e += 2)
					;
				NEED(*e != '\0', "bad escape");
				if (!out_add(r, o, e + 1, 1))
					return false;
				continue;
			}
			if (!hex4(r, &cp))
				return false;
			if (cp >= 0xd800 && cp <= 0xdbff) {
				NEED(r->end - r->p >= 2 && r->p[0] == '\\' &&
					     r->p[1] == 'u',
				     "lone surrogate");
				r->p += 2;
				if (!hex4(r, &lo))
					return false;
				NEED(lo >= 0xdc00 && lo <= 0xdfff,
				     "bad surrogate pair");
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				     (lo - 0xdc00);
			}
			NEED(cp < 0xd800 || cp > 0xdfff, "lone surrogate");
			if (!out_utf8(r, o, cp))
				return false;
			continue;
		}
		/* Raw bytes must be UTF-8. */
		n = utf8_size(c);
		NEED(n > 0, "a byte that is not UTF-8");
		NEED((size_t)(r->end - r->p) >= n - 1, "cut UTF-8");
		for (i = 1; i < n; i++)
			NEED(((unsigned char)r->p[i - 1] & 0xc0) == 0x80,
			     "bad UTF-8");
		if (!out_add(r, o, r->p - 1, n))
			return false;
		r->p += n - 1;
	}
	return out_add(r, o, "\"", 1);
}

/* Only integers: mtls_item_json writes no others. */
static bool
read_number(struct reader *r, struct out *o)
{
	const char *start = r->p;

	if (r->p < r->end && *r->p == '-')
		r->p++;
	NEED(r->p < r->end && *r->p >= '0' && *r->p <= '9', "bad value");
	if (*r->p == '0')
		r->p++;
	else
		while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
			r->p++;
	NEED(r->p == r->end || (*r->p != '.' && *r->p != 'e' && *r->p != 'E' &&
				!(*r->p >= '0' && *r->p <= '9')),
	     "not an integer");
	return out_add(r, o, start, (size_t)(r->p - start));
}

static bool
read_value(struct reader *r, struct out *o)
{
	static const char *const words[] = { "true", "false", "null" };
	size_t i, n;
	char close;

	ws(r);
	NEED(r->p < r->end, "value expected");
	if (*r->p == '"')
		return read_string(r, o);
	if (*r->p == '-' || (*r->p >= '0' && *r->p <= '9'))
		return read_number(r, o);
	if (*r->p != '[' && *r->p != '{') {
		for (i = 0; i < 3; i++) {
			n = strlen(words[i]);
			if ((size_t)(r->end - r->p) >= n &&
			    memcmp(r->p, words[i], n) == 0) {
				r->p += n;
				return out_add(r, o, words[i], n);
			}
		}
		NEED(false, "bad value");
	}
	close = *r->p == '[' ? ']' : '}';
	if (!out_add(r, o, r->p++, 1))
		return false;
	ws(r);
	if (r->p < r->end && *r->p == close)
		return out_add(r, o, r->p++, 1);
	for (;;) {
		if (close == '}') {
			ws(r);
			if (!read_string(r, o))
				return false;
			ws(r);
			NEED(r->p < r->end && *r->p == ':', "':' expected");
			if (!out_add(r, o, r->p++, 1))
				return false;
		}
		if (!read_value(r, o))
			return false;
		ws(r);
		NEED(r->p < r->end, "cut");
		if (*r->p != ',')
			break;
		if (!out_add(r, o, r->p++, 1))
			return false;
	}
	NEED(*r->p == close, "',' or the end of a list expected");
	return out_add(r, o, r->p++, 1);
}

#define MAX_KEYS 32

/* A document that is one object: its keys, in order, and values. */
struct doc {
	size_t n;
	char keys[MAX_KEYS][64];
	struct out values[MAX_KEYS];
};

/* Parse JSON into D; on failure, return the reason. */
static const char *
doc_read(const gnutls_datum_t *json, struct doc *d)
{
	struct reader rd = { (const char *)json->data,
			     (const char *)json->data + json->size, NULL };
	struct reader *r = &rd;
	struct out key;
	size_t i;

	d->n = 0;
	ws(r);
	if (r->p >= r->end || *r->p != '{')
		return "object expected";
	r->p++;
	for (;;) {
		if (d->n == MAX_KEYS)
			return "too many keys for the test";
		key.len = 0;
		ws(r);
		if (!read_string(r, &key))
			return r->err;
		if (key.len - 2 >= sizeof(d->keys[0]))
			return "key too long for the test";
		memcpy(d->keys[d->n], key.buf + 1, key.len - 2);
		d->keys[d->n][key.len - 2] = '\0';
		for (i = 0; i < d->n; i++)
			if (strcmp(d->keys[i], d->keys[d->n]) == 0)
				return "a key twice";
		ws(r);
		if (r->p >= r->end || *r->p != ':')
			return "':' expected";
		r->p++;
		d->values[d->n].len = 0;
		if (!read_value(r, &d->values[d->n]))
			return r->err;
		d->n++;
		ws(r);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		if (r->p >= r->end || *r->p != '}')
			return "',' or '}' expected";
		r->p++;
		break;
	}
	ws(r);
	return r->p == r->end ? NULL : "bytes after the object";
}

static void
doc_parse(const gnutls_datum_t *json, struct doc *d)
{
	const char *why = doc_read(json, d);

	ck_assert_msg(why == NULL, "not JSON (%s): %s", why,
		      (const char *)json->data);
}

/* The canonical value of KEY, or NULL when D has no such key. */
static const char *
doc_get(const struct doc *d, const char *key)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (strcmp(d->keys[i], key) == 0)
			return d->values[i].buf;
	return NULL;
}

/* The reader must refuse what is not JSON, or the tests below prove
 * nothing; and read what is. */
struct reader_row {
	const char *json;
	const char *want; /* the canonical "a" value; NULL: refused */
};

static const struct reader_row reader_rows[] = {
	{ "{\"a\":\"x\\ny\\u00e9\\ud83d\\ude00\\\"\"}",
	  "\"x\ny\xc3\xa9\xf0\x9f\x98\x80\"\"" },
	{ " { \"a\" : [ 1 , -2 , true , null , { } ] } ",
	  "[1,-2,true,null,{}]" },
	{ "{\"a\":\"x\ny\"}", NULL },
	{ "{\"a\":\"\\x41\"}", NULL },
	{ "{\"a\":1,}", NULL },
	{ "{\"a\":1,\"a\":2}", NULL },
	{ "{\"a\":\"\xff\"}", NULL },
	{ "{\"a\":tru}", NULL },
	{ "{\"a\":[1 2]}", NULL },
	{ "{\"a\":\"\\ud800\"}", NULL },
	{ "{\"a\":1} x", NULL },
	{ "{\"a\":01}", NULL },
	{ "{\"a\":1", NULL },
	{ "{}", NULL },
};

START_TEST(test_reader)
{
	const struct reader_row *r = &reader_rows[_i];
	gnutls_datum_t d = { (unsigned char *)r->json,
			     (unsigned)strlen(r->json) };
	struct doc *doc = malloc(sizeof(*doc));
	const char *why;

	ck_assert_ptr_nonnull(doc);
	why = doc_read(&d, doc);
	if (r->want == NULL) {
		ck_assert_msg(why != NULL, "'%s' read as JSON", r->json);
	} else {
		ck_assert_msg(why == NULL, "%s", why);
		ck_assert_str_eq(doc_get(doc, "a"), r->want);
	}
	free(doc);
}
END_TEST

/* ---- mtls_items_import */

struct import_row {
	const char *pieces; /* see test_input */
	int want_rv;
	const char *want; /* kinds found ('c', 'r', 'l'), or the message */
	bool prefix;	  /* the message goes on with GnuTLS's words */
};

#define WANT3 "'in.pem': expected a certificate, certificate request or CRL, "

static const struct import_row import_rows[] = {
	{ "c", 0, "c", false },
	{ "C", 0, "c", false },
	{ "r", 0, "r", false },
	{ "R", 0, "r", false },
	{ "l", 0, "l", false },
	{ "L", 0, "l", false },
	/* Every block of the three kinds, in order; others skipped. */
	{ "crl", 0, "crl", false },
	{ "lrca", 0, "lrcc", false },
	{ "gkcugr", 0, "cr", false },
	/* Nothing to show. */
	{ "k", -1, WANT3 "found a private key", false },
	{ "uk", -1, WANT3 "found a private key", false },
	{ "u", -1, WANT3 "found no PEM block of those kinds", false },
	{ "g", -1, WANT3 "found neither PEM nor DER of one", false },
	{ "", -1, WANT3 "found neither PEM nor DER of one", false },
	/* Broken PEM, even after good blocks. */
	{ "h", -1, "'in.pem': PEM block 'CERTIFICATE' has no end line", false },
	{ "ch", -1, "'in.pem': PEM block 'CERTIFICATE' has no end line",
	  false },
	{ "m", -1, "'in.pem': malformed certificate (item 1): ", true },
	{ "crm", -1, "'in.pem': malformed certificate (item 3): ", true },
};

START_TEST(test_import)
{
	const struct import_row *r = &import_rows[_i];
	struct mtls_err e = { 0 };
	struct mtls_item stale[1];
	struct mtls_item *items = stale; /* to be replaced */
	size_t n = 99, i;
	gnutls_datum_t in;
	char kinds[16];

	test_input(&obj, r->pieces, &in);
	ck_assert_int_eq(mtls_items_import(&in, "in.pem", &items, &n, &e),
			 r->want_rv);
	if (r->want_rv == 0) {
		ck_assert_uint_lt(n, sizeof(kinds));
		for (i = 0; i < n; i++) {
			switch (items[i].kind) {
			case MTLS_OBJ_CERT:
				kinds[i] = 'c';
				ck_assert_ptr_nonnull(items[i].crt);
				break;
			case MTLS_OBJ_CSR:
				kinds[i] = 'r';
				ck_assert_ptr_nonnull(items[i].crq);
				break;
			case MTLS_OBJ_CRL:
				kinds[i] = 'l';
				ck_assert_ptr_nonnull(items[i].crl);
				break;
			default:
				kinds[i] = '?';
			}
		}
		kinds[n] = '\0';
		ck_assert_str_eq(kinds, r->want);
	} else {
		ck_assert_ptr_null(items);
		ck_assert_uint_eq(n, 0);
		if (r->prefix)
			ck_assert_msg(strncmp(e.msg, r->want,
					      strlen(r->want)) == 0 &&
					      strlen(e.msg) > strlen(r->want),
				      "'%s' does not start with '%s'", e.msg,
				      r->want);
		else
			ck_assert_str_eq(e.msg, r->want);
		test_assert_message(e.msg);
	}
	mtls_items_free(items, n);
	gnutls_free(in.data);
}
END_TEST

/* ---- mtls_field_parse */

struct field_row {
	const char *name;
	int want_rv;
	enum mtls_field want;
};

static const struct field_row field_rows[] = {
	{ "subject", 0, MTLS_FIELD_SUBJECT },
	{ "issuer", 0, MTLS_FIELD_ISSUER },
	{ "serial", 0, MTLS_FIELD_SERIAL },
	{ "not-before", 0, MTLS_FIELD_NOT_BEFORE },
	{ "not-after", 0, MTLS_FIELD_NOT_AFTER },
	{ "days-left", 0, MTLS_FIELD_DAYS_LEFT },
	{ "fingerprint", 0, MTLS_FIELD_FINGERPRINT },
	{ "san", 0, MTLS_FIELD_SAN },
	{ "key-type", 0, MTLS_FIELD_KEY_TYPE },
	{ "is-ca", 0, MTLS_FIELD_IS_CA },
	{ "Subject", -1, 0 },
	{ "not_after", -1, 0 },
	{ "sans", -1, 0 },
	{ "", -1, 0 },
	{ "subject ", -1, 0 },
};

START_TEST(test_field_parse)
{
	const struct field_row *r = &field_rows[_i];
	struct mtls_err e = { 0 };
	enum mtls_field f = (enum mtls_field)77;
	char want[512];

	ck_assert_int_eq(mtls_field_parse(r->name, &f, &e), r->want_rv);
	if (r->want_rv == 0) {
		ck_assert_int_eq(f, r->want);
		return;
	}
	ck_assert_int_eq(f, 77);
	snprintf(want, sizeof(want),
		 "unknown field '%s' (expected subject, issuer, serial, "
		 "not-before, not-after, days-left, fingerprint, san, "
		 "key-type or is-ca)",
		 r->name);
	ck_assert_str_eq(e.msg, want);
}
END_TEST

/* ---- values, as GnuTLS computes them */

/* The serial of CRT, upper-case hex without leading zero bytes. */
static void
gnutls_serial(gnutls_x509_crt_t crt, char *buf, size_t size)
{
	unsigned char raw[64];
	size_t n = sizeof(raw), i = 0, len = 0;

	ck_assert_int_eq(gnutls_x509_crt_get_serial(crt, raw, &n), 0);
	while (i + 1 < n && raw[i] == 0)
		i++;
	for (; i < n; i++)
		len += (size_t)snprintf(buf + len, size - len, "%02X", raw[i]);
}

/* SHA-256 of CRT's DER, "AB:CD:...". */
static void
gnutls_sha256(gnutls_x509_crt_t crt, char *buf, size_t size)
{
	unsigned char raw[32];
	size_t n = sizeof(raw), i, len = 0;
	gnutls_datum_t der;

	ck_assert_int_eq(gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER,
						 &der),
			 0);
	ck_assert_int_eq(gnutls_fingerprint(GNUTLS_DIG_SHA256, &der, raw, &n),
			 0);
	ck_assert_uint_eq(n, 32);
	gnutls_free(der.data);
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%02X",
					i ? ":" : "", raw[i]);
}

/* WANT with "%S" replaced by the leaf's serial, "%F" by its
 * fingerprint, both from GnuTLS. */
static void
expand(char *out, size_t size, const char *want)
{
	char serial[128], fp[128];
	size_t len = 0;
	const char *p;

	gnutls_serial(obj.leaf, serial, sizeof(serial));
	gnutls_sha256(obj.leaf, fp, sizeof(fp));
	out[0] = '\0';
	for (p = want; *p != '\0'; p++) {
		if (p[0] == '%' && (p[1] == 'S' || p[1] == 'F')) {
			len += (size_t)snprintf(out + len, size - len, "%s",
						p[1] == 'S' ? serial : fp);
			p++;
		} else if (len + 1 < size) {
			out[len++] = *p;
			out[len] = '\0';
		}
	}
}

enum which { LEAF, CA, CSR, CRL };

/* Item W of the objects, borrowed. */
static struct mtls_item
item_of(enum which w)
{
	struct mtls_item it = { MTLS_OBJ_UNKNOWN, NULL, NULL, NULL };

	switch (w) {
	case LEAF:
		it.kind = MTLS_OBJ_CERT;
		it.crt = obj.leaf;
		break;
	case CA:
		it.kind = MTLS_OBJ_CERT;
		it.crt = obj.ca;
		break;
	case CSR:
		it.kind = MTLS_OBJ_CSR;
		it.crq = obj.crq;
		break;
	case CRL:
		it.kind = MTLS_OBJ_CRL;
		it.crl = obj.crl;
		break;
	}
	return it;
}

struct value_row {
	enum which w;
	enum mtls_field field;
	time_t now;	  /* from TEST_T0 */
	const char *want; /* without the newline; %S serial, %F fingerprint */
};

static const struct value_row value_rows[] = {
	{ LEAF, MTLS_FIELD_SUBJECT, D, "CN=leaf.example,O=Example" },
	{ LEAF, MTLS_FIELD_ISSUER, D, "O=Test CA" },
	{ LEAF, MTLS_FIELD_SERIAL, D, "%S" },
	{ LEAF, MTLS_FIELD_NOT_BEFORE, D, "2026-11-30T23:55:00Z" },
	{ LEAF, MTLS_FIELD_NOT_AFTER, D, "2026-12-11T00:00:00Z" },
	{ LEAF, MTLS_FIELD_FINGERPRINT, D, "%F" },
	{ LEAF, MTLS_FIELD_SAN, D, "DNS:leaf.example,IP:192.0.2.1" },
	{ LEAF, MTLS_FIELD_KEY_TYPE, D, "ECDSA P-256" },
	{ LEAF, MTLS_FIELD_IS_CA, D, "false" },
	/* Whole days, rounded down: negative once expired. */
	{ LEAF, MTLS_FIELD_DAYS_LEFT, 0, "10" },
	{ LEAF, MTLS_FIELD_DAYS_LEFT, D, "9" },
	{ LEAF, MTLS_FIELD_DAYS_LEFT, 10 * D - 1, "0" },
	{ LEAF, MTLS_FIELD_DAYS_LEFT, 10 * D, "0" },
	{ LEAF, MTLS_FIELD_DAYS_LEFT, 10 * D + 1, "-1" },
	{ LEAF, MTLS_FIELD_DAYS_LEFT, 11 * D, "-1" },
	{ LEAF, MTLS_FIELD_DAYS_LEFT, 11 * D + 1, "-2" },
	{ LEAF, MTLS_FIELD_DAYS_LEFT, -20 * D, "30" },
	{ CA, MTLS_FIELD_SUBJECT, D, "O=Test CA" },
	{ CA, MTLS_FIELD_ISSUER, D, "O=Test CA" },
	{ CA, MTLS_FIELD_IS_CA, D, "true" },
	{ CA, MTLS_FIELD_SAN, D, "" },
	/* A request has no issuer, serial or dates: an empty line. */
	{ CSR, MTLS_FIELD_SUBJECT, D, "CN=request.example" },
	{ CSR, MTLS_FIELD_ISSUER, D, "" },
	{ CSR, MTLS_FIELD_SERIAL, D, "" },
	{ CSR, MTLS_FIELD_NOT_AFTER, D, "" },
	{ CSR, MTLS_FIELD_DAYS_LEFT, D, "" },
	{ CSR, MTLS_FIELD_FINGERPRINT, D, "" },
	{ CSR, MTLS_FIELD_SAN, D, "DNS:request.example" },
	{ CSR, MTLS_FIELD_KEY_TYPE, D, "ECDSA P-256" },
	{ CSR, MTLS_FIELD_IS_CA, D, "false" },
	/* A CRL has only an issuer among these. */
	{ CRL, MTLS_FIELD_ISSUER, D, "O=Test CA" },
	{ CRL, MTLS_FIELD_SUBJECT, D, "" },
	{ CRL, MTLS_FIELD_SAN, D, "" },
	{ CRL, MTLS_FIELD_KEY_TYPE, D, "" },
	{ CRL, MTLS_FIELD_IS_CA, D, "" },
};

START_TEST(test_field_value)
{
	const struct value_row *r = &value_rows[_i];
	struct mtls_item it = item_of(r->w);
	struct mtls_err e = { 0 };
	gnutls_datum_t out = { NULL, 0 };
	char want[512];

	expand(want, sizeof(want) - 1, r->want);
	strcat(want, "\n");
	ck_assert_msg(mtls_item_field(&it, r->field, TEST_T0 + r->now, &out,
				      &e) == 0,
		      "%s", e.msg);
	ck_assert_uint_eq(out.size, strlen((char *)out.data));
	ck_assert_str_eq((char *)out.data, want);
	gnutls_free(out.data);
}
END_TEST

/* Values are appended to what OUT holds. */
START_TEST(test_field_appends)
{
	struct mtls_item it = item_of(LEAF);
	struct mtls_err e = { 0 };
	gnutls_datum_t out = { NULL, 0 };

	ck_assert_int_eq(mtls_item_field(&it, MTLS_FIELD_KEY_TYPE, TEST_T0,
					 &out, &e),
			 0);
	ck_assert_int_eq(mtls_item_field(&it, MTLS_FIELD_IS_CA, TEST_T0, &out,
					 &e),
			 0);
	ck_assert_str_eq((char *)out.data, "ECDSA P-256\nfalse\n");
	gnutls_free(out.data);
}
END_TEST

/* ---- mtls_item_json */

struct json_row {
	enum which w;
	time_t now; /* from TEST_T0 */
	const char *key;
	const char *want; /* canonical value; NULL: no such key */
};

static const struct json_row json_rows[] = {
	/* The keys of each kind, in order. */
	{ LEAF, D, "",
	  "file,index,type,subject,issuer,self_signed,serial,"
	  "not_before,not_after,days_left,validity,san,key_type,"
	  "is_ca,path_len,key_usage,extended_key_usage,"
	  "crl_urls,ca_issuers_urls,fingerprint" },
	{ CSR, D, "",
	  "file,index,type,subject,san,key_type,is_ca,key_usage,"
	  "extended_key_usage,extensions,signature_valid" },
	{ CRL, D, "",
	  "file,index,type,issuer,this_update,next_update,"
	  "revoked" },

	{ LEAF, D, "file", "\"dir/in.pem\"" },
	{ LEAF, D, "index", "2" },
	{ LEAF, D, "type", "\"certificate\"" },
	{ LEAF, D, "subject", "\"CN=leaf.example,O=Example\"" },
	{ LEAF, D, "issuer", "\"O=Test CA\"" },
	{ LEAF, D, "self_signed", "false" },
	{ LEAF, D, "serial", "\"%S\"" },
	{ LEAF, D, "not_before", "\"2026-11-30T23:55:00Z\"" },
	{ LEAF, D, "not_after", "\"2026-12-11T00:00:00Z\"" },
	{ LEAF, D, "days_left", "9" },
	{ LEAF, D, "validity", "\"valid\"" },
	{ LEAF, 10 * D, "validity", "\"expired\"" },
	{ LEAF, 10 * D, "days_left", "0" },
	{ LEAF, 12 * D, "days_left", "-2" },
	{ LEAF, -D, "validity", "\"not yet valid\"" },
	{ LEAF, D, "san", "[\"DNS:leaf.example\",\"IP:192.0.2.1\"]" },
	{ LEAF, D, "key_type", "\"ECDSA P-256\"" },
	{ LEAF, D, "is_ca", "false" },
	{ LEAF, D, "path_len", "null" },
	{ LEAF, D, "key_usage", "[\"digital signature\"]" },
	{ LEAF, D, "extended_key_usage", "[\"server auth\"]" },
	{ LEAF, D, "crl_urls", "[]" },
	{ LEAF, D, "ca_issuers_urls", "[]" },
	{ LEAF, D, "fingerprint", "\"%F\"" },

	{ CA, D, "self_signed", "true" },
	{ CA, D, "is_ca", "true" },
	{ CA, D, "path_len", "null" },
	{ CA, D, "san", "[]" },
	{ CA, D, "key_usage", "[\"certificate signing\",\"CRL signing\"]" },
	{ CA, D, "extended_key_usage", "null" },

	{ CSR, D, "type", "\"csr\"" },
	{ CSR, D, "subject", "\"CN=request.example\"" },
	{ CSR, D, "san", "[\"DNS:request.example\"]" },
	{ CSR, D, "key_usage", "null" },
	{ CSR, D, "extensions", "[\"subjectAltName\"]" },
	{ CSR, D, "signature_valid", "true" },
	{ CSR, D, "issuer", NULL },
	{ CSR, D, "path_len", NULL },

	{ CRL, D, "type", "\"crl\"" },
	{ CRL, D, "issuer", "\"O=Test CA\"" },
	{ CRL, D, "this_update", "\"2026-12-01T00:00:00Z\"" },
	{ CRL, D, "next_update", "\"2026-12-02T00:00:00Z\"" },
	{ CRL, D, "revoked",
	  "[{\"serial\":\"%S\",\"date\":\"2026-12-01T00:00:00Z\"}]" },
	{ CRL, D, "subject", NULL },
};

START_TEST(test_json)
{
	const struct json_row *r = &json_rows[_i];
	struct mtls_item it = item_of(r->w);
	struct mtls_err e = { 0 };
	gnutls_datum_t out = { NULL, 0 };
	struct doc *doc = malloc(sizeof(*doc));
	char want[1024], keys[1024];
	size_t i, len = 0;

	ck_assert_ptr_nonnull(doc);
	ck_assert_msg(mtls_item_json(&it, "dir/in.pem", 2, TEST_T0 + r->now,
				     &out, &e) == 0,
		      "%s", e.msg);
	/* One object, no newline. */
	ck_assert_uint_eq(out.size, strlen((char *)out.data));
	ck_assert_int_eq(out.data[out.size - 1], '}');
	doc_parse(&out, doc);
	if (r->key[0] == '\0') {
		keys[0] = '\0';
		for (i = 0; i < doc->n; i++)
			len += (size_t)snprintf(keys + len, sizeof(keys) - len,
						"%s%s", i ? "," : "",
						doc->keys[i]);
		ck_assert_str_eq(keys, r->want);
	} else if (r->want == NULL) {
		ck_assert_ptr_null(doc_get(doc, r->key));
	} else {
		expand(want, sizeof(want), r->want);
		ck_assert_ptr_nonnull(doc_get(doc, r->key));
		ck_assert_str_eq(doc_get(doc, r->key), want);
	}
	gnutls_free(out.data);
	free(doc);
}
END_TEST

/* Quotes, backslashes, control bytes and bytes that are not UTF-8, in a
 * subject and a file name, come out as JSON that parses back to the same
 * text (with U+FFFD for the bad byte). */
START_TEST(test_json_escaping)
{
	static const struct test_crt spec = {
		"/O=Quote \" Back \\\\ Ctl \x01\x1f\x7f Tab \t NL \n End"
		"/CN=odd.example",
		NULL,
		MTLS_PROFILE_SERVER,
		10,
		-1,
		TEST_T0
	};
	static const char file[] = "a\"b\\c\nd\te\x01 \xff.pem";
	static const char want_file[] =
		"\"a\"b\\c\nd\te\x01 \xef\xbf\xbd.pem\"";
	gnutls_privkey_t key = test_key_new(GNUTLS_PK_ECDSA, 0);
	gnutls_x509_crt_t crt = test_crt_new(&spec, key, NULL, NULL);
	struct mtls_item it = { MTLS_OBJ_CERT, crt, NULL, NULL };
	struct mtls_err e = { 0 };
	gnutls_datum_t out = { NULL, 0 };
	struct doc *doc = malloc(sizeof(*doc));
	char subject[1024], want[1100];
	gnutls_datum_t raw;
	size_t i;

	ck_assert_ptr_nonnull(doc);
	/* The subject really holds those bytes. */
	ck_assert_int_eq(gnutls_x509_crt_get_raw_dn(crt, &raw), 0);
	ck_assert_ptr_nonnull(memmem(raw.data, raw.size,
				     "Quote \" Back \\ Ctl \x01\x1f\x7f Tab "
				     "\t NL \n End",
				     31));
	gnutls_free(raw.data);

	ck_assert_int_eq(mtls_item_json(&it, file, 1, TEST_T0, &out, &e), 0);
	for (i = 0; i < out.size; i++)
		ck_assert_msg(out.data[i] >= 0x20 && out.data[i] != 0x7f,
			      "raw byte 0x%02x at %zu", out.data[i], i);
	doc_parse(&out, doc);
	ck_assert_str_eq(doc_get(doc, "file"), want_file);
	mtls_crt_subject(crt, subject, sizeof(subject));
	snprintf(want, sizeof(want), "\"%s\"", subject);
	ck_assert_str_eq(doc_get(doc, "subject"), want);
	ck_assert_str_eq(doc_get(doc, "issuer"), want);
	ck_assert_str_eq(doc_get(doc, "self_signed"), "true");

	gnutls_free(out.data);
	free(doc);
	gnutls_x509_crt_deinit(crt);
	gnutls_privkey_deinit(key);
}
END_TEST

#define ROWS(a) (int)(sizeof(a) / sizeof((a)[0]))

Suite *
show_suite(void)
{
	Suite *s = suite_create("show");
	TCase *tc;

	tc = tcase_create("mtls_items_import");
	tcase_add_checked_fixture(tc, make_objects, free_objects);
	tcase_add_loop_test(tc, test_import, 0, ROWS(import_rows));
	suite_add_tcase(s, tc);
	tc = tcase_create("fields");
	tcase_add_checked_fixture(tc, make_objects, free_objects);
	tcase_add_loop_test(tc, test_field_parse, 0, ROWS(field_rows));
	tcase_add_loop_test(tc, test_field_value, 0, ROWS(value_rows));
	tcase_add_test(tc, test_field_appends);
	suite_add_tcase(s, tc);
	tc = tcase_create("JSON");
	tcase_add_checked_fixture(tc, make_objects, free_objects);
	tcase_add_loop_test(tc, test_reader, 0, ROWS(reader_rows));
	tcase_add_loop_test(tc, test_json, 0, ROWS(json_rows));
	tcase_add_test(tc, test_json_escaping);
	suite_add_tcase(s, tc);
	return s;
}
