/*
 * name.c -- subjects typed by people, encoded as the exact DER Name that
 * `openssl req -subj` makes for the same string.
 *
 * Two spellings are accepted: OpenSSL's slash form ("/CN=a/O=b", "\x"
 * escapes any character, "+" joins attributes into one multi-valued RDN)
 * and RFC 4514 ("CN=a,O=b": RDNs listed last-first, "\," and "\2C"
 * escapes, "+" for multi-valued RDNs, "#hex" for a raw DER value).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "der.h"
#include "mtls_internal.h"

/* How OpenSSL (a_strnid.c, utf8only mask) encodes each attribute. */
struct attr_type {
	const char *names[3]; /* accepted spellings, case-insensitive */
	const char *oid;
	unsigned char tag; /* string type */
	size_t min, max;   /* length limits in characters; 0 = none */
};

static const struct attr_type attr_types[] = {
	{ { "CN", "commonName" }, "2.5.4.3", DER_UTF8_STRING, 1, 64 },
	{ { "C", "countryName" }, "2.5.4.6", DER_PRINTABLE_STRING, 2, 2 },
	{ { "L", "localityName" }, "2.5.4.7", DER_UTF8_STRING, 1, 128 },
	{ { "ST", "stateOrProvinceName", "S" },
	  "2.5.4.8",
	  DER_UTF8_STRING,
	  1,
	  128 },
	{ { "O", "organizationName" }, "2.5.4.10", DER_UTF8_STRING, 1, 64 },
	{ { "OU", "organizationalUnitName" },
	  "2.5.4.11",
	  DER_UTF8_STRING,
	  1,
	  64 },
	{ { "street", "streetAddress" }, "2.5.4.9", DER_UTF8_STRING, 0, 0 },
	{ { "serialNumber" }, "2.5.4.5", DER_PRINTABLE_STRING, 1, 64 },
	{ { "SN", "surname" }, "2.5.4.4", DER_UTF8_STRING, 1, 32768 },
	{ { "title" }, "2.5.4.12", DER_UTF8_STRING, 0, 0 },
	{ { "description" }, "2.5.4.13", DER_UTF8_STRING, 0, 0 },
	{ { "businessCategory" }, "2.5.4.15", DER_UTF8_STRING, 0, 0 },
	{ { "postalCode" }, "2.5.4.17", DER_UTF8_STRING, 0, 0 },
	{ { "name" }, "2.5.4.41", DER_UTF8_STRING, 1, 32768 },
	{ { "GN", "givenName" }, "2.5.4.42", DER_UTF8_STRING, 1, 32768 },
	{ { "initials" }, "2.5.4.43", DER_UTF8_STRING, 1, 32768 },
	{ { "generationQualifier" }, "2.5.4.44", DER_UTF8_STRING, 0, 0 },
	{ { "dnQualifier" }, "2.5.4.46", DER_PRINTABLE_STRING, 0, 0 },
	{ { "pseudonym" }, "2.5.4.65", DER_UTF8_STRING, 0, 0 },
	{ { "organizationIdentifier" }, "2.5.4.97", DER_UTF8_STRING, 0, 0 },
	{ { "DC", "domainComponent" },
	  "0.9.2342.19200300.100.1.25",
	  DER_IA5_STRING,
	  1,
	  0 },
	{ { "UID", "userId" },
	  "0.9.2342.19200300.100.1.1",
	  DER_UTF8_STRING,
	  0,
	  0 },
	{ { "emailAddress", "EMAIL", "E" },
	  "1.2.840.113549.1.9.1",
	  DER_IA5_STRING,
	  1,
	  128 },
};

/* An unknown attribute given by its dotted OID gets a UTF8String, as
 * OpenSSL does with its default mask. */
static const struct attr_type dotted_attr = {
	{ NULL }, NULL, DER_UTF8_STRING, 1, 0
};

/* One attribute = value, parsed. */
struct ava {
	char *type;  /* as typed, unescaped */
	char *value; /* unescaped bytes (or raw DER if is_raw) */
	size_t value_len;
	bool is_raw;	 /* RFC 4514 "#hex": value is a DER TLV */
	bool starts_rdn; /* false when joined to the previous by '+' */
};

struct ava_list {
	struct ava *items;
	size_t n, cap;
};

static void
ava_list_free(struct ava_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->items[i].type);
		free(l->items[i].value);
	}
	free(l->items);
	l->items = NULL;
	l->n = l->cap = 0;
}

static struct ava *
ava_list_push(struct ava_list *l)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		struct ava *grown = realloc(l->items, cap * sizeof(*grown));

		if (grown == NULL)
			return NULL;
		l->items = grown;
		l->cap = cap;
	}
	memset(&l->items[l->n], 0, sizeof(l->items[0]));
	return &l->items[l->n++];
}

static const struct attr_type *
attr_lookup(const char *type)
{
	size_t i, j;

	for (i = 0; i < sizeof(attr_types) / sizeof(attr_types[0]); i++)
		for (j = 0; j < 3 && attr_types[i].names[j] != NULL; j++)
			if (strcasecmp(type, attr_types[i].names[j]) == 0)
				return &attr_types[i];
	for (i = 0; i < sizeof(attr_types) / sizeof(attr_types[0]); i++)
		if (strcmp(type, attr_types[i].oid) == 0)
			return &attr_types[i];
	if (type[0] >= '0' && type[0] <= '9')
		return &dotted_attr;
	return NULL;
}

/* Number of characters in valid UTF-8 S, or -1 if S is not valid UTF-8
 * or holds a NUL. */
static long
utf8_length(const unsigned char *s, size_t len)
{
	long chars = 0;

	for (size_t i = 0, n; i < len; i += n, chars++) {
		n = mtls_utf8_seq_len(s + i, len - i);
		if (n == 0 || s[i] == 0)
			return -1;
	}
	return chars;
}

static bool
is_printable_string(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || strchr(" '()+,-./:=?", c)))
			return false;
	}
	return true;
}

/* GnuTLS (and libtasn1) keep an OID's text in 128 bytes and each arc in
 * a signed 64-bit number: an attribute OID past that would come back as
 * another one from showcert, certtool and every GnuTLS-based verifier. */
#define OID_TEXT_MAX 128

static bool
oid_is_portable(const char *dotted)
{
	if (strlen(dotted) >= OID_TEXT_MAX)
		return false;
	for (const char *p = dotted; *p;) {
		size_t n = strspn(p, "0123456789");

		/* INT64_MAX has 19 digits: 9223372036854775807. */
		if (n > 19 ||
		    (n == 19 && strncmp(p, "9223372036854775807", 19) > 0))
			return false;
		p += n;
		if (*p == '.')
			p++;
		else if (*p != '\0')
			return true; /* malformed: der_put_oid says so */
	}
	return true;
}

/* Append the DER AttributeTypeAndValue for A to B. */
static int
encode_ava(struct der_buf *b, const struct ava *a, struct mtls_err *e)
{
	const struct attr_type *t = attr_lookup(a->type);
	struct der_buf body = { 0 };
	const char *oid;
	long chars;

	if (t == NULL)
		return mtls_err_set(e, "unknown subject attribute '%s'",
				    a->type);
	oid = t->oid ? t->oid : a->type;
	if (!der_put_oid(&body, oid)) {
		der_free(&body);
		return mtls_err_set(e, "malformed attribute OID '%s'", a->type);
	}
	if (t->oid == NULL && !oid_is_portable(oid)) {
		der_free(&body);
		return mtls_err_set(e,
				    "attribute OID '%.60s' cannot be read back "
				    "by X.509 tools (more than %d characters, "
				    "or an arc of 2^63 or more)",
				    a->type, OID_TEXT_MAX - 1);
	}
	if (a->is_raw) {
		der_put(&body, a->value, a->value_len);
		goto done;
	}
	if (a->value_len == 0) {
		der_free(&body);
		return mtls_err_set(e,
				    "empty value for subject attribute "
				    "'%s'",
				    a->type);
	}
	chars = utf8_length((const unsigned char *)a->value, a->value_len);
	if (chars < 0) {
		der_free(&body);
		return mtls_err_set(e,
				    "value of subject attribute '%s' is not "
				    "valid UTF-8",
				    a->type);
	}
	if ((t->min && (size_t)chars < t->min) ||
	    (t->max && (size_t)chars > t->max)) {
		der_free(&body);
		if (t->min == t->max)
			return mtls_err_set(e,
					    "value of subject attribute '%s' "
					    "must be %zu characters long",
					    a->type, t->min);
		return mtls_err_set(e,
				    "value of subject attribute '%s' is "
				    "longer than %zu characters",
				    a->type, t->max);
	}
	if (t->tag == DER_PRINTABLE_STRING &&
	    !is_printable_string(a->value, a->value_len)) {
		der_free(&body);
		return mtls_err_set(e,
				    "value of subject attribute '%s' may "
				    "only hold letters, digits, spaces and "
				    "'()+,-./:=?",
				    a->type);
	}
	if (t->tag == DER_IA5_STRING && (size_t)chars != a->value_len) {
		der_free(&body);
		return mtls_err_set(e,
				    "value of subject attribute '%s' must "
				    "be ASCII",
				    a->type);
	}
	der_put_tlv(&body, t->tag, a->value, a->value_len);
done:
	der_put_tlv(b, DER_SEQUENCE, body.data, body.len);
	der_free(&body);
	return 0;
}

/* DER orders the members of a SET OF by their encodings. */
struct enc {
	unsigned char *data;
	size_t len;
};

static int
enc_cmp(const void *pa, const void *pb)
{
	const struct enc *a = pa, *b = pb;
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->data, b->data, n);

	if (c != 0)
		return c;
	return (a->len > b->len) - (a->len < b->len);
}

/* Encode the parsed AVAs (in Name order) as a DER Name. */
static int
encode_name(const struct ava_list *l, gnutls_datum_t *out, struct mtls_err *e)
{
	struct der_buf name = { 0 };
	struct enc *encs = NULL;
	size_t i = 0, j, k;
	int rv = -1;

	encs = calloc(l->n ? l->n : 1, sizeof(*encs));
	if (encs == NULL)
		return mtls_err_set(e, "out of memory");
	while (i < l->n) {
		struct der_buf set = { 0 };

		/* This RDN is items[i .. j). */
		for (j = i + 1; j < l->n && !l->items[j].starts_rdn; j++)
			;
		for (k = i; k < j; k++) {
			struct der_buf one = { 0 };

			if (encode_ava(&one, &l->items[k], e) != 0) {
				der_free(&one);
				goto out;
			}
			encs[k].data = one.data;
			encs[k].len = one.len;
			if (one.failed)
				goto oom;
		}
		qsort(encs + i, j - i, sizeof(*encs), enc_cmp);
		for (k = i; k < j; k++)
			der_put(&set, encs[k].data, encs[k].len);
		der_put_tlv(&name, DER_SET, set.data, set.len);
		der_free(&set);
		i = j;
	}
	{
		struct der_buf seq = { 0 };

		der_put_tlv(&seq, DER_SEQUENCE, name.data, name.len);
		if (seq.failed || name.failed) {
			der_free(&seq);
			goto oom;
		}
		out->data = seq.data;
		out->size = (unsigned)seq.len;
	}
	rv = 0;
	goto out;
oom:
	mtls_err_set(e, "out of memory");
out:
	for (k = 0; k < l->n; k++)
		gnutls_free(encs[k].data);
	free(encs);
	der_free(&name);
	return rv;
}

/* OpenSSL's slash form, as apps/lib/apps.c parse_name() reads it. */
static int
parse_slash(const char *s, struct ava_list *l, struct mtls_err *e)
{
	const char *p = s + 1;
	bool next_joins = false;
	size_t cap = strlen(s) + 1;

	while (*p != '\0') {
		struct ava *a = ava_list_push(l);
		char *t, *v;

		if (a == NULL)
			return mtls_err_set(e, "out of memory");
		a->starts_rdn = !next_joins;
		next_joins = false;
		a->type = t = malloc(cap);
		a->value = v = malloc(cap);
		if (t == NULL || v == NULL)
			return mtls_err_set(e, "out of memory");
		for (; *p != '\0' && *p != '='; p++) {
			if (*p == '\\' && *++p == '\0')
				return mtls_err_set(e,
						    "subject '%s' ends with "
						    "an escape character",
						    s);
			*t++ = *p;
		}
		*t = '\0';
		if (*p == '\0')
			return mtls_err_set(e,
					    "missing '=' after '%s' in "
					    "subject '%s'",
					    a->type, s);
		p++;
		for (; *p != '\0' && *p != '/'; p++) {
			if (*p == '+') {
				next_joins = true;
				break;
			}
			if (*p == '\\' && *++p == '\0')
				return mtls_err_set(e,
						    "subject '%s' ends with "
						    "an escape character",
						    s);
			*v++ = *p;
		}
		a->value_len = (size_t)(v - a->value);
		*v = '\0';
		if (a->type[0] == '\0')
			return mtls_err_set(e,
					    "missing attribute name in "
					    "subject '%s'",
					    s);
		if (*p != '\0')
			p++;
	}
	if (next_joins)
		return mtls_err_set(e, "subject '%s' ends with '+'", s);
	return 0;
}

/* RFC 4514.  Attributes are collected in string order; the caller reverses
 * the RDNs. */
static int
parse_rfc4514(const char *s, struct ava_list *l, struct mtls_err *e)
{
	const char *p = s;
	bool joins = false;
	size_t cap = strlen(s) + 1;

	for (;;) {
		struct ava *a = ava_list_push(l);
		char *t, *v, *last_kept;

		if (a == NULL)
			return mtls_err_set(e, "out of memory");
		a->starts_rdn = !joins;
		a->type = t = malloc(cap);
		a->value = v = malloc(cap);
		if (t == NULL || v == NULL)
			return mtls_err_set(e, "out of memory");
		while (*p == ' ')
			p++;
		for (; *p != '\0' && *p != '=' && *p != ' '; p++)
			*t++ = *p;
		*t = '\0';
		while (*p == ' ')
			p++;
		if (*p != '=')
			return mtls_err_set(e,
					    "missing '=' after '%s' in "
					    "subject '%s'",
					    a->type, s);
		if (a->type[0] == '\0')
			return mtls_err_set(e,
					    "missing attribute name in "
					    "subject '%s'",
					    s);
		p++;
		while (*p == ' ')
			p++;
		last_kept = v;
		if (*p == '#') {
			/* A hex-encoded DER value. */
			p++;
			while (mtls_hex_value(p[0]) >= 0 &&
			       mtls_hex_value(p[1]) >= 0) {
				*v++ = (char)(mtls_hex_value(p[0]) << 4 |
					      mtls_hex_value(p[1]));
				p += 2;
			}
			a->is_raw = true;
			a->value_len = (size_t)(v - a->value);
			if (a->value_len == 0 ||
			    der_tlv_size((unsigned char *)a->value,
					 a->value_len) != a->value_len)
				return mtls_err_set(e,
						    "malformed '#' value for "
						    "'%s' in subject '%s'",
						    a->type, s);
			while (*p == ' ')
				p++;
		} else if (*p == '"') {
			/* RFC 2253 quoted value. */
			for (p++; *p != '"'; p++) {
				if (*p == '\0')
					return mtls_err_set(e,
							    "unterminated "
							    "quote in subject "
							    "'%s'",
							    s);
				if (*p == '\\' && p[1] != '\0')
					p++;
				*v++ = *p;
			}
			p++;
			last_kept = v;
			while (*p == ' ')
				p++;
		} else {
			for (;
			     *p != '\0' && *p != ',' && *p != '+' && *p != ';';
			     p++) {
				if (*p == '\\') {
					int hi = mtls_hex_value(p[1]), lo;

					if (p[1] == '\0')
						return mtls_err_set(
							e,
							"subject '%s' ends with "
							"an escape character",
							s);
					lo = hi >= 0 ? mtls_hex_value(p[2])
						     : -1;
					if (hi >= 0 && lo >= 0) {
						*v++ = (char)(hi << 4 | lo);
						p += 2;
					} else {
						*v++ = *++p;
					}
					last_kept = v;
					continue;
				}
				*v++ = *p;
				if (*p != ' ')
					last_kept = v;
			}
			/* Unescaped trailing spaces are not part of it. */
			v = last_kept;
		}
		a->value_len = (size_t)(v - a->value);
		*v = '\0';
		if (*p == '\0')
			break;
		if (*p != ',' && *p != '+' && *p != ';')
			return mtls_err_set(e,
					    "unexpected '%c' in subject '%s'",
					    *p, s);
		joins = *p == '+';
		p++;
		if (*p == '\0')
			return mtls_err_set(e, "subject '%s' ends with '%c'", s,
					    p[-1]);
	}
	return 0;
}

/* RFC 4514 lists RDNs last-first: reverse the RDN order, keeping each
 * RDN's members together. */
static int
reverse_rdns(struct ava_list *l, struct mtls_err *e)
{
	struct ava *out;
	size_t end = l->n, start, k = 0;

	out = malloc((l->n ? l->n : 1) * sizeof(*out));
	if (out == NULL)
		return mtls_err_set(e, "out of memory");
	while (end > 0) {
		start = end - 1;
		while (start > 0 && !l->items[start].starts_rdn)
			start--;
		memcpy(out + k, l->items + start, (end - start) * sizeof(*out));
		k += end - start;
		end = start;
	}
	free(l->items);
	l->items = out;
	l->cap = l->n;
	return 0;
}

int
mtls_name_encode(const char *subject, gnutls_datum_t *out, struct mtls_err *e)
{
	struct ava_list l = { 0 };
	int rv = -1;

	out->data = NULL;
	out->size = 0;
	if (subject[0] == '\0' || strcmp(subject, "/") == 0)
		return mtls_err_set(e, "the subject is empty");
	if (subject[0] == '/') {
		if (parse_slash(subject, &l, e) != 0)
			goto out;
	} else {
		if (parse_rfc4514(subject, &l, e) != 0 ||
		    reverse_rdns(&l, e) != 0)
			goto out;
	}
	if (encode_name(&l, out, e) != 0) {
		mtls_err_prefix(e, "invalid subject '%s'", subject);
		goto out;
	}
	rv = 0;
out:
	ava_list_free(&l);
	return rv;
}
