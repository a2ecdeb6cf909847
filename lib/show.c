/*
 * show.c -- certificates, requests and CRLs described for people (a
 * summary, GnuTLS's full text) and for scripts (one field, JSON).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mtls.h"

#define DAY_SECONDS (24 * 60 * 60)
#define NAME_SIZE 1024

/* ------------------------------------------------------------ reading */

static const char pem_begin[] = "-----BEGIN ";
static const char pem_end[] = "-----END ";

static const char *
find(const char *p, const char *end, const char *what)
{
	size_t n = strlen(what);

	for (; p + n <= end; p++)
		if (memcmp(p, what, n) == 0)
			return p;
	return NULL;
}

static int
items_push(struct mtls_item **items, size_t *n, const struct mtls_item *it)
{
	struct mtls_item *grown;

	grown = gnutls_realloc(*items, (*n + 1) * sizeof(**items));
	if (grown == NULL)
		return -1;
	*items = grown;
	(*items)[(*n)++] = *it;
	return 0;
}

static void
item_clear(struct mtls_item *it)
{
	gnutls_x509_crt_deinit(it->crt);
	gnutls_x509_crq_deinit(it->crq);
	gnutls_x509_crl_deinit(it->crl);
	memset(it, 0, sizeof(*it));
}

/* Decode one object of KIND from DATA in FMT into IT. */
static int
item_decode(enum mtls_object_kind kind, const gnutls_datum_t *data,
	    gnutls_x509_crt_fmt_t fmt, struct mtls_item *it)
{
	int ret = GNUTLS_E_INVALID_REQUEST;

	memset(it, 0, sizeof(*it));
	it->kind = kind;
	switch (kind) {
	case MTLS_OBJ_CERT:
		if ((ret = gnutls_x509_crt_init(&it->crt)) >= 0)
			ret = gnutls_x509_crt_import(it->crt, data, fmt);
		break;
	case MTLS_OBJ_CSR:
		if ((ret = gnutls_x509_crq_init(&it->crq)) >= 0)
			ret = gnutls_x509_crq_import(it->crq, data, fmt);
		break;
	case MTLS_OBJ_CRL:
		if ((ret = gnutls_x509_crl_init(&it->crl)) >= 0)
			ret = gnutls_x509_crl_import(it->crl, data, fmt);
		break;
	default:
		break;
	}
	if (ret < 0)
		item_clear(it);
	return ret;
}

/* Every PEM block of a kind we show, in order. */
static int
import_pem(const gnutls_datum_t *data, const char *name,
	   struct mtls_item **items, size_t *n, struct mtls_err *e)
{
	const char *p = (const char *)data->data;
	const char *end = p + data->size, *label, *eol, *close, *stop;
	enum mtls_object_kind kind;
	bool saw_key = false;
	struct mtls_item it;
	gnutls_datum_t block;
	char endline[128];
	int ret;

	while ((p = find(p, end, pem_begin)) != NULL) {
		label = p + strlen(pem_begin);
		eol = find(label, end, "-----");
		if (eol == NULL || eol - label > 80)
			return mtls_err_set(e, "'%s': malformed PEM header",
					    name);
		snprintf(endline, sizeof(endline), "%s%.*s-----", pem_end,
			 (int)(eol - label), label);
		close = find(eol, end, endline);
		if (close == NULL)
			return mtls_err_set(e, "'%s': PEM block '%.*s' has no "
					       "end line", name,
					    (int)(eol - label), label);
		stop = close + strlen(endline);
		block.data = (unsigned char *)p;
		block.size = (unsigned)(stop - p);
		kind = mtls_pem_kind(&block);
		p = stop;
		if (kind == MTLS_OBJ_KEY)
			saw_key = true;
		if (kind != MTLS_OBJ_CERT && kind != MTLS_OBJ_CSR &&
		    kind != MTLS_OBJ_CRL)
			continue;
		ret = item_decode(kind, &block, GNUTLS_X509_FMT_PEM, &it);
		if (ret < 0)
			return mtls_err_gnutls(e, ret, "'%s': malformed %s "
						       "(item %zu)", name,
					       mtls_object_kind_name(kind),
					       *n + 1);
		if (items_push(items, n, &it) != 0) {
			item_clear(&it);
			return mtls_err_set(e, "'%s': out of memory", name);
		}
	}
	if (*n == 0 && saw_key)
		return mtls_err_set(e, "'%s': expected a certificate, "
				       "certificate request or CRL, found a "
				       "private key", name);
	if (*n == 0)
		return mtls_err_set(e, "'%s': expected a certificate, "
				       "certificate request or CRL, found no "
				       "PEM block of those kinds", name);
	return 0;
}

int
mtls_items_import(const gnutls_datum_t *data, const char *name,
		  struct mtls_item **items, size_t *n, struct mtls_err *e)
{
	static const enum mtls_object_kind der_kinds[] = {
		MTLS_OBJ_CERT, MTLS_OBJ_CSR, MTLS_OBJ_CRL
	};
	struct mtls_item it;
	size_t i;

	*items = NULL;
	*n = 0;
	if (find((const char *)data->data,
		 (const char *)data->data + data->size, pem_begin) != NULL) {
		if (import_pem(data, name, items, n, e) == 0)
			return 0;
		mtls_items_free(*items, *n);
		*items = NULL;
		*n = 0;
		return -1;
	}
	for (i = 0; i < sizeof(der_kinds) / sizeof(der_kinds[0]); i++) {
		if (item_decode(der_kinds[i], data, GNUTLS_X509_FMT_DER, &it) <
		    0)
			continue;
		if (items_push(items, n, &it) != 0) {
			item_clear(&it);
			return mtls_err_set(e, "'%s': out of memory", name);
		}
		return 0;
	}
	return mtls_err_set(e, "'%s': expected a certificate, certificate "
			       "request or CRL, found neither PEM nor DER of "
			       "one", name);
}

void
mtls_items_free(struct mtls_item *items, size_t n)
{
	size_t i;

	if (items == NULL)
		return;
	for (i = 0; i < n; i++)
		item_clear(&items[i]);
	gnutls_free(items);
}

/* ------------------------------------------------------------ fields */

static const char *const field_names[] = {
	[MTLS_FIELD_SUBJECT] = "subject",
	[MTLS_FIELD_ISSUER] = "issuer",
	[MTLS_FIELD_SERIAL] = "serial",
	[MTLS_FIELD_NOT_BEFORE] = "not-before",
	[MTLS_FIELD_NOT_AFTER] = "not-after",
	[MTLS_FIELD_DAYS_LEFT] = "days-left",
	[MTLS_FIELD_FINGERPRINT] = "fingerprint",
	[MTLS_FIELD_SAN] = "san",
	[MTLS_FIELD_KEY_TYPE] = "key-type",
	[MTLS_FIELD_IS_CA] = "is-ca",
};

int
mtls_field_parse(const char *name, enum mtls_field *out, struct mtls_err *e)
{
	size_t i;

	for (i = 0; i < sizeof(field_names) / sizeof(field_names[0]); i++) {
		if (strcmp(name, field_names[i]) == 0) {
			*out = (enum mtls_field)i;
			return 0;
		}
	}
	return mtls_err_set(e, "unknown field '%s' (expected subject, issuer, "
			       "serial, not-before, not-after, days-left, "
			       "fingerprint, san, key-type or is-ca)", name);
}

/* ------------------------------------------------------------ text */

/* A growing string; on allocation failure it stops growing and says so. */
struct text {
	char *p;
	size_t len, cap;
	bool oom;
};

static void
text_add(struct text *t, const char *s, size_t n)
{
	char *grown;
	size_t cap;

	if (t->oom)
		return;
	if (t->len + n + 1 > t->cap) {
		cap = t->cap ? t->cap : 256;
		while (cap < t->len + n + 1)
			cap *= 2;
		grown = gnutls_realloc(t->p, cap);
		if (grown == NULL) {
			t->oom = true;
			return;
		}
		t->p = grown;
		t->cap = cap;
	}
	memcpy(t->p + t->len, s, n);
	t->len += n;
	t->p[t->len] = '\0';
}

__attribute__((format(printf, 2, 3))) static void
put(struct text *t, const char *fmt, ...)
{
	char small[512], *big = NULL;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		text_add(t, small, (size_t)n);
		return;
	}
	va_start(ap, fmt);
	n = vasprintf(&big, fmt, ap);
	va_end(ap);
	if (n < 0) {
		t->oom = true;
		return;
	}
	text_add(t, big, (size_t)n);
	free(big);
}

/* Move T's text to the end of OUT. */
static int
text_flush(struct text *t, gnutls_datum_t *out, struct mtls_err *e)
{
	unsigned char *grown;

	if (t->oom) {
		gnutls_free(t->p);
		return mtls_err_set(e, "out of memory");
	}
	grown = gnutls_realloc(out->data, out->size + t->len + 1);
	if (grown == NULL) {
		gnutls_free(t->p);
		return mtls_err_set(e, "out of memory");
	}
	if (t->len > 0)
		memcpy(grown + out->size, t->p, t->len);
	out->data = grown;
	out->size += (unsigned)t->len;
	out->data[out->size] = '\0';
	gnutls_free(t->p);
	t->p = NULL;
	t->len = t->cap = 0;
	return 0;
}

/* Length of the valid UTF-8 sequence at S (at most N bytes), 0 if none. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	unsigned long cp;

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
	/* no overlong forms, surrogates or code points past U+10FFFF */
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

/* S as a JSON string: quotes, escapes, and U+FFFD for bytes that are not
 * UTF-8, so the document always parses. */
static void
put_json_string(struct text *t, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), len;

	text_add(t, "\"", 1);
	while (n > 0) {
		if (*p == '"' || *p == '\\') {
			put(t, "\\%c", *p);
			len = 1;
		} else if (*p == '\n') {
			put(t, "\\n");
			len = 1;
		} else if (*p == '\t') {
			put(t, "\\t");
			len = 1;
		} else if (*p == '\r') {
			put(t, "\\r");
			len = 1;
		} else if (*p < 0x20 || *p == 0x7f) {
			put(t, "\\u%04x", *p);
			len = 1;
		} else if ((len = utf8_len(p, n)) == 0) {
			put(t, "\\ufffd");
			len = 1;
		} else {
			text_add(t, (const char *)p, len);
		}
		p += len;
		n -= len;
	}
	text_add(t, "\"", 1);
}

/* ------------------------------------------------------------ facts */

void
mtls_time_format_iso(time_t t, char *buf, size_t size)
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, size, "?");
}

static void
hex(const unsigned char *p, size_t n, const char *sep, char *buf,
    size_t size)
{
	size_t i, len = 0;
	int k;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		k = snprintf(buf + len, size - len, "%s%02X",
			     i > 0 ? sep : "", p[i]);
		if (k < 0 || len + (size_t)k >= size)
			break;
		len += (size_t)k;
	}
}

/* Serial bytes as hex, without DER's leading zero bytes. */
static void
serial_hex(const unsigned char *p, size_t n, char *buf, size_t size)
{
	while (n > 1 && p[0] == 0)
		p++, n--;
	hex(p, n, "", buf, size);
}

void
mtls_crt_serial(gnutls_x509_crt_t crt, char *buf, size_t size)
{
	unsigned char raw[64];
	size_t n = sizeof(raw);

	if (gnutls_x509_crt_get_serial(crt, raw, &n) < 0 || n == 0) {
		snprintf(buf, size, "?");
		return;
	}
	serial_hex(raw, n, buf, size);
}

void
mtls_crt_fingerprint(gnutls_x509_crt_t crt, char *buf, size_t size)
{
	unsigned char raw[32];
	size_t n = sizeof(raw);

	if (gnutls_x509_crt_get_fingerprint(crt, GNUTLS_DIG_SHA256, raw, &n) <
	    0) {
		snprintf(buf, size, "?");
		return;
	}
	hex(raw, n, ":", buf, size);
}

static void
crq_subject(gnutls_x509_crq_t crq, char *buf, size_t size)
{
	gnutls_datum_t dn = { NULL, 0 };

	if (gnutls_x509_crq_get_dn3(crq, &dn, 0) < 0) {
		snprintf(buf, size, "?");
		return;
	}
	snprintf(buf, size, "%s", (char *)dn.data);
	gnutls_free(dn.data);
}

static void
crl_issuer(gnutls_x509_crl_t crl, char *buf, size_t size)
{
	gnutls_datum_t dn = { NULL, 0 };

	if (gnutls_x509_crl_get_issuer_dn3(crl, &dn, 0) < 0) {
		snprintf(buf, size, "?");
		return;
	}
	snprintf(buf, size, "%s", (char *)dn.data);
	gnutls_free(dn.data);
}

/* "ECDSA P-256" for the key of a certificate or request. */
static void
key_type(const struct mtls_item *it, char *buf, size_t size)
{
	gnutls_pubkey_t pub = NULL;
	int ret;

	snprintf(buf, size, "?");
	if (gnutls_pubkey_init(&pub) < 0)
		return;
	ret = it->crt ? gnutls_pubkey_import_x509(pub, it->crt, 0)
		      : gnutls_pubkey_import_x509_crq(pub, it->crq, 0);
	if (ret >= 0)
		mtls_pubkey_describe(pub, buf, size);
	gnutls_pubkey_deinit(pub);
}

/* The SANs of a certificate or request, in --san syntax, one per call of
 * EACH: "DNS:localhost", "IP:127.0.0.1", ... */
static void
for_each_san(const struct mtls_item *it, void (*each)(void *, const char *),
	     void *arg)
{
	char buf[1024], name[1100];
	unsigned i, critical;
	size_t sz;
	int type;

	for (i = 0;; i++) {
		sz = sizeof(buf) - 1;
		if (it->crt)
			type = gnutls_x509_crt_get_subject_alt_name(
				it->crt, i, buf, &sz, &critical);
		else
			type = gnutls_x509_crq_get_subject_alt_name(
				it->crq, i, buf, &sz, NULL, &critical);
		if (type == GNUTLS_E_SHORT_MEMORY_BUFFER)
			continue;
		if (type < 0)
			break;
		buf[sz] = '\0';
		if (!mtls_san_describe(type, buf, sz, name, sizeof(name)))
			snprintf(name, sizeof(name), "%s",
				 type == GNUTLS_SAN_DN ? "dirName:?"
						       : "othername");
		each(arg, name);
	}
}

struct joiner {
	struct text *t;
	const char *sep;
	unsigned n;
	bool json;
};

static void
join_one(void *arg, const char *s)
{
	struct joiner *j = arg;

	if (j->n++ > 0)
		put(j->t, "%s", j->sep);
	if (j->json)
		put_json_string(j->t, s);
	else
		put(j->t, "%s", s);
}

static const struct {
	unsigned bit;
	const char *name;
} key_usages[] = {
	{ GNUTLS_KEY_DIGITAL_SIGNATURE, "digital signature" },
	{ GNUTLS_KEY_NON_REPUDIATION, "non-repudiation" },
	{ GNUTLS_KEY_KEY_ENCIPHERMENT, "key encipherment" },
	{ GNUTLS_KEY_DATA_ENCIPHERMENT, "data encipherment" },
	{ GNUTLS_KEY_KEY_AGREEMENT, "key agreement" },
	{ GNUTLS_KEY_KEY_CERT_SIGN, "certificate signing" },
	{ GNUTLS_KEY_CRL_SIGN, "CRL signing" },
	{ GNUTLS_KEY_ENCIPHER_ONLY, "encipher only" },
	{ GNUTLS_KEY_DECIPHER_ONLY, "decipher only" },
};

/* Key usage bits of a certificate or request; false when it has none. */
static bool
key_usage(const struct mtls_item *it, unsigned *usage)
{
	unsigned critical;

	*usage = 0;
	if (it->crt)
		return gnutls_x509_crt_get_key_usage(it->crt, usage,
						     &critical) >= 0;
	return gnutls_x509_crq_get_key_usage(it->crq, usage, &critical) >= 0;
}

static void
for_each_key_usage(unsigned usage, void (*each)(void *, const char *),
		   void *arg)
{
	size_t i;

	for (i = 0; i < sizeof(key_usages) / sizeof(key_usages[0]); i++)
		if (usage & key_usages[i].bit)
			each(arg, key_usages[i].name);
}

/* Calls EACH for each extended key usage in words; false when there is no
 * such extension. */
static bool
for_each_eku(const struct mtls_item *it, void (*each)(void *, const char *),
	     void *arg)
{
	char oid[128];
	const char *name;
	unsigned i, critical;
	size_t sz;
	int ret;

	for (i = 0;; i++) {
		sz = sizeof(oid);
		if (it->crt)
			ret = gnutls_x509_crt_get_key_purpose_oid(
				it->crt, i, oid, &sz, &critical);
		else
			ret = gnutls_x509_crq_get_key_purpose_oid(
				it->crq, i, oid, &sz, &critical);
		if (ret < 0)
			break;
		name = mtls_purpose_oid_name(oid);
		if (each != NULL)
			each(arg, name ? name : oid);
	}
	return i > 0;
}

/* basicConstraints: 1 CA, 0 not a CA, -1 no extension; *PATHLEN -1 =
 * unlimited. */
static int
ca_flag(const struct mtls_item *it, int *pathlen)
{
	unsigned critical, ca;
	int ret;

	*pathlen = -1;
	if (it->crt)
		ret = gnutls_x509_crt_get_basic_constraints(it->crt, &critical,
							    &ca, pathlen);
	else
		ret = gnutls_x509_crq_get_basic_constraints(it->crq, &critical,
							    &ca, pathlen);
	if (ret < 0)
		return -1;
	return ca ? 1 : 0;
}

/* Whole days from NOW to T, rounded down (negative once T is past). */
static long long
days_until(time_t t, time_t now)
{
	long long d = (long long)t - (long long)now;

	return d >= 0 ? d / DAY_SECONDS : -((-d + DAY_SECONDS - 1) / DAY_SECONDS);
}

static const char *
plural(long long n)
{
	return n == 1 ? "" : "s";
}

/* ------------------------------------------------------------ summary */

#define ROW "  %-16s "

static void
put_list_row(struct text *t, const char *label, const struct mtls_item *it,
	     int which)
{
	struct joiner j = { t, ", ", 0, false };
	unsigned usage;
	bool present;

	put(t, ROW, label);
	if (which == 0) {
		for_each_san(it, join_one, &j);
		present = j.n > 0;
		if (!present)
			put(t, "(none)");
	} else if (which == 1) {
		present = key_usage(it, &usage);
		if (present)
			for_each_key_usage(usage, join_one, &j);
		if (!present)
			put(t, "(not restricted)");
	} else {
		present = for_each_eku(it, join_one, &j);
		if (!present)
			put(t, "(not restricted)");
	}
	put(t, "\n");
}

static void
summary_crt(struct text *t, gnutls_x509_crt_t crt, const struct mtls_item *it,
	    time_t now)
{
	char name[NAME_SIZE], buf[256], when[64];
	time_t nb = gnutls_x509_crt_get_activation_time(crt);
	time_t na = gnutls_x509_crt_get_expiration_time(crt);
	long long d;
	int ca, pathlen;

	mtls_crt_subject(crt, name, sizeof(name));
	put(t, ROW "%s\n", "subject:", name);
	mtls_crt_issuer(crt, name, sizeof(name));
	put(t, ROW "%s%s\n", "issuer:", name,
	    gnutls_x509_crt_check_issuer(crt, crt) ? " (self-signed)" : "");
	mtls_crt_serial(crt, buf, sizeof(buf));
	put(t, ROW "%s\n", "serial:", buf);
	mtls_time_format(nb, when, sizeof(when));
	put(t, ROW "%s\n", "not before:", when);
	mtls_time_format(na, when, sizeof(when));
	put(t, ROW "%s", "not after:", when);
	if (now < nb) {
		mtls_time_format(nb, buf, sizeof(buf));
		put(t, " (not valid until %s)\n", buf);
	} else if (now >= na) {
		d = ((long long)now - (long long)na) / DAY_SECONDS;
		if (d <= 0)
			put(t, " (EXPIRED less than a day ago)\n");
		else
			put(t, " (EXPIRED %lld day%s ago)\n", d, plural(d));
	} else {
		d = days_until(na, now);
		if (d == 0)
			put(t, " (expires in less than a day)\n");
		else
			put(t, " (expires in %lld day%s)\n", d, plural(d));
	}
	put_list_row(t, "SANs:", it, 0);
	key_type(it, buf, sizeof(buf));
	put(t, ROW "%s\n", "public key:", buf);
	ca = ca_flag(it, &pathlen);
	if (ca == 1 && pathlen >= 0)
		put(t, ROW "yes (path length %d)\n", "CA:", pathlen);
	else if (ca == 1)
		put(t, ROW "yes (path length unlimited)\n", "CA:");
	else
		put(t, ROW "no\n", "CA:");
	put_list_row(t, "key usage:", it, 1);
	put_list_row(t, "ext. key usage:", it, 2);
	mtls_crt_fingerprint(crt, buf, sizeof(buf));
	put(t, ROW "%s\n", "SHA-256:", buf);
}

/* The names of a request's extensions, in words where we have them. */
static void
for_each_crq_extension(gnutls_x509_crq_t crq,
		       void (*each)(void *, const char *), void *arg)
{
	static const struct {
		const char *oid, *name;
	} names[] = {
		{ "2.5.29.17", "subjectAltName" },
		{ "2.5.29.19", "basicConstraints" },
		{ "2.5.29.15", "keyUsage" },
		{ "2.5.29.37", "extendedKeyUsage" },
		{ "2.5.29.14", "subjectKeyIdentifier" },
		{ "2.5.29.30", "nameConstraints" },
		{ "1.3.6.1.5.5.7.1.24", "tlsFeature" },
	};
	char oid[128];
	const char *name;
	unsigned i, critical;
	size_t sz, k;

	for (i = 0;; i++) {
		sz = sizeof(oid);
		if (gnutls_x509_crq_get_extension_info(crq, i, oid, &sz,
						       &critical) < 0)
			break;
		name = oid;
		for (k = 0; k < sizeof(names) / sizeof(names[0]); k++)
			if (strcmp(oid, names[k].oid) == 0)
				name = names[k].name;
		each(arg, name);
	}
}

static bool
crq_signature_ok(gnutls_x509_crq_t crq)
{
	return gnutls_x509_crq_verify(crq, 0) >= 0;
}

static void
summary_crq(struct text *t, gnutls_x509_crq_t crq, const struct mtls_item *it)
{
	struct joiner j = { t, ", ", 0, false };
	char name[NAME_SIZE], buf[256];
	int ca, pathlen;

	crq_subject(crq, name, sizeof(name));
	put(t, ROW "%s\n", "subject:", name);
	put_list_row(t, "SANs:", it, 0);
	key_type(it, buf, sizeof(buf));
	put(t, ROW "%s\n", "public key:", buf);
	ca = ca_flag(it, &pathlen);
	put(t, ROW "%s\n", "CA:",
	    ca == 1 ? "requested" : ca == 0 ? "no" : "not requested");
	put_list_row(t, "key usage:", it, 1);
	put_list_row(t, "ext. key usage:", it, 2);
	put(t, ROW, "extensions:");
	for_each_crq_extension(crq, join_one, &j);
	put(t, "%s\n", j.n == 0 ? "(none)" : "");
	put(t, ROW "%s\n", "signature:",
	    crq_signature_ok(crq) ? "valid" : "DOES NOT VERIFY");
}

static void
summary_crl(struct text *t, gnutls_x509_crl_t crl)
{
	char name[NAME_SIZE], serial[2 * 64 + 1], when[64];
	unsigned char raw[64];
	time_t tu = gnutls_x509_crl_get_this_update(crl);
	time_t nu = gnutls_x509_crl_get_next_update(crl);
	int count, i;
	size_t sz;
	time_t when_revoked;

	crl_issuer(crl, name, sizeof(name));
	put(t, ROW "%s\n", "issuer:", name);
	mtls_time_format(tu, when, sizeof(when));
	put(t, ROW "%s\n", "this update:", when);
	if (nu == (time_t)-1)
		snprintf(when, sizeof(when), "(none)");
	else
		mtls_time_format(nu, when, sizeof(when));
	put(t, ROW "%s\n", "next update:", when);
	count = gnutls_x509_crl_get_crt_count(crl);
	if (count < 0)
		count = 0;
	put(t, ROW "%d certificate%s\n", "revoked:", count, plural(count));
	for (i = 0; i < count; i++) {
		sz = sizeof(raw);
		if (gnutls_x509_crl_get_crt_serial(crl, (unsigned)i, raw, &sz,
						   &when_revoked) < 0)
			continue;
		serial_hex(raw, sz, serial, sizeof(serial));
		mtls_time_format(when_revoked, when, sizeof(when));
		put(t, "    %s  revoked %s\n", serial, when);
	}
}

int
mtls_item_summary(const struct mtls_item *it, const char *label, time_t now,
		  gnutls_datum_t *out, struct mtls_err *e)
{
	struct text t = { NULL, 0, 0, false };

	put(&t, "%s: %s\n", label, mtls_object_kind_name(it->kind));
	if (it->kind == MTLS_OBJ_CERT)
		summary_crt(&t, it->crt, it, now);
	else if (it->kind == MTLS_OBJ_CSR)
		summary_crq(&t, it->crq, it);
	else
		summary_crl(&t, it->crl);
	return text_flush(&t, out, e);
}

int
mtls_item_text(const struct mtls_item *it, const char *label,
	       gnutls_datum_t *out, struct mtls_err *e)
{
	struct text t = { NULL, 0, 0, false };
	gnutls_datum_t d = { NULL, 0 };
	int ret;

	if (it->kind == MTLS_OBJ_CERT)
		ret = gnutls_x509_crt_print(it->crt, GNUTLS_CRT_PRINT_FULL, &d);
	else if (it->kind == MTLS_OBJ_CSR)
		ret = gnutls_x509_crq_print(it->crq, GNUTLS_CRT_PRINT_FULL, &d);
	else
		ret = gnutls_x509_crl_print(it->crl, GNUTLS_CRT_PRINT_FULL, &d);
	if (ret < 0)
		return mtls_err_gnutls(e, ret, "'%s': cannot print the %s",
				       label, mtls_object_kind_name(it->kind));
	put(&t, "%s: %s\n", label, mtls_object_kind_name(it->kind));
	text_add(&t, (const char *)d.data, d.size);
	if (d.size == 0 || d.data[d.size - 1] != '\n')
		put(&t, "\n");
	gnutls_free(d.data);
	return text_flush(&t, out, e);
}

int
mtls_item_field(const struct mtls_item *it, enum mtls_field field,
		time_t now, gnutls_datum_t *out, struct mtls_err *e)
{
	struct text t = { NULL, 0, 0, false };
	struct joiner j = { &t, ",", 0, false };
	gnutls_x509_crt_t crt = it->crt;
	char buf[NAME_SIZE];
	int pathlen;

	switch (field) {
	case MTLS_FIELD_SUBJECT:
		if (crt) {
			mtls_crt_subject(crt, buf, sizeof(buf));
			put(&t, "%s", buf);
		} else if (it->crq) {
			crq_subject(it->crq, buf, sizeof(buf));
			put(&t, "%s", buf);
		}
		break;
	case MTLS_FIELD_ISSUER:
		if (crt) {
			mtls_crt_issuer(crt, buf, sizeof(buf));
			put(&t, "%s", buf);
		} else if (it->crl) {
			crl_issuer(it->crl, buf, sizeof(buf));
			put(&t, "%s", buf);
		}
		break;
	case MTLS_FIELD_SERIAL:
		if (crt) {
			mtls_crt_serial(crt, buf, sizeof(buf));
			put(&t, "%s", buf);
		}
		break;
	case MTLS_FIELD_NOT_BEFORE:
	case MTLS_FIELD_NOT_AFTER:
		if (crt) {
			mtls_time_format_iso(
				field == MTLS_FIELD_NOT_BEFORE
					? gnutls_x509_crt_get_activation_time(crt)
					: gnutls_x509_crt_get_expiration_time(crt),
				buf, sizeof(buf));
			put(&t, "%s", buf);
		}
		break;
	case MTLS_FIELD_DAYS_LEFT:
		if (crt)
			put(&t, "%lld",
			    days_until(gnutls_x509_crt_get_expiration_time(crt),
				       now));
		break;
	case MTLS_FIELD_FINGERPRINT:
		if (crt) {
			mtls_crt_fingerprint(crt, buf, sizeof(buf));
			put(&t, "%s", buf);
		}
		break;
	case MTLS_FIELD_SAN:
		if (crt || it->crq)
			for_each_san(it, join_one, &j);
		break;
	case MTLS_FIELD_KEY_TYPE:
		if (crt || it->crq) {
			key_type(it, buf, sizeof(buf));
			put(&t, "%s", buf);
		}
		break;
	case MTLS_FIELD_IS_CA:
		if (crt || it->crq)
			put(&t, "%s", ca_flag(it, &pathlen) == 1 ? "true"
								 : "false");
		break;
	}
	put(&t, "\n");
	return text_flush(&t, out, e);
}

/* ------------------------------------------------------------ JSON */

static void
json_key(struct text *t, const char *key)
{
	put(t, ",\"%s\":", key);
}

static void
json_str(struct text *t, const char *key, const char *value)
{
	json_key(t, key);
	put_json_string(t, value);
}

static void
json_time(struct text *t, const char *key, time_t value)
{
	char buf[64];

	json_key(t, key);
	if (value == (time_t)-1) {
		put(t, "null");
		return;
	}
	mtls_time_format_iso(value, buf, sizeof(buf));
	put_json_string(t, buf);
}

static void
json_common(struct text *t, const struct mtls_item *it)
{
	struct joiner j = { t, ",", 0, true };
	char buf[256];
	unsigned usage;
	int pathlen, ca;

	json_key(t, "san");
	put(t, "[");
	for_each_san(it, join_one, &j);
	put(t, "]");
	key_type(it, buf, sizeof(buf));
	json_str(t, "key_type", buf);
	ca = ca_flag(it, &pathlen);
	json_key(t, "is_ca");
	put(t, "%s", ca == 1 ? "true" : "false");
	if (it->crt) {
		json_key(t, "path_len");
		if (ca == 1 && pathlen >= 0)
			put(t, "%d", pathlen);
		else
			put(t, "null");
	}
	json_key(t, "key_usage");
	if (key_usage(it, &usage)) {
		j.n = 0;
		put(t, "[");
		for_each_key_usage(usage, join_one, &j);
		put(t, "]");
	} else {
		put(t, "null");
	}
	json_key(t, "extended_key_usage");
	if (for_each_eku(it, NULL, NULL)) {
		j.n = 0;
		put(t, "[");
		for_each_eku(it, join_one, &j);
		put(t, "]");
	} else {
		put(t, "null");
	}
}

static void
json_crt(struct text *t, const struct mtls_item *it, time_t now)
{
	gnutls_x509_crt_t crt = it->crt;
	time_t nb = gnutls_x509_crt_get_activation_time(crt);
	time_t na = gnutls_x509_crt_get_expiration_time(crt);
	char buf[NAME_SIZE];

	mtls_crt_subject(crt, buf, sizeof(buf));
	json_str(t, "subject", buf);
	mtls_crt_issuer(crt, buf, sizeof(buf));
	json_str(t, "issuer", buf);
	json_key(t, "self_signed");
	put(t, "%s", gnutls_x509_crt_check_issuer(crt, crt) ? "true" : "false");
	mtls_crt_serial(crt, buf, sizeof(buf));
	json_str(t, "serial", buf);
	json_time(t, "not_before", nb);
	json_time(t, "not_after", na);
	json_key(t, "days_left");
	put(t, "%lld", days_until(na, now));
	json_str(t, "validity", now < nb    ? "not yet valid"
				: now >= na ? "expired"
					    : "valid");
	json_common(t, it);
	mtls_crt_fingerprint(crt, buf, sizeof(buf));
	json_str(t, "fingerprint", buf);
}

static void
json_crq(struct text *t, const struct mtls_item *it)
{
	struct joiner j = { t, ",", 0, true };
	char buf[NAME_SIZE];

	crq_subject(it->crq, buf, sizeof(buf));
	json_str(t, "subject", buf);
	json_common(t, it);
	json_key(t, "extensions");
	put(t, "[");
	for_each_crq_extension(it->crq, join_one, &j);
	put(t, "]");
	json_key(t, "signature_valid");
	put(t, "%s", crq_signature_ok(it->crq) ? "true" : "false");
}

static void
json_crl(struct text *t, gnutls_x509_crl_t crl)
{
	char buf[NAME_SIZE];
	unsigned char raw[64];
	int count, i, k = 0;
	size_t sz;
	time_t when;

	crl_issuer(crl, buf, sizeof(buf));
	json_str(t, "issuer", buf);
	json_time(t, "this_update", gnutls_x509_crl_get_this_update(crl));
	json_time(t, "next_update", gnutls_x509_crl_get_next_update(crl));
	json_key(t, "revoked");
	put(t, "[");
	count = gnutls_x509_crl_get_crt_count(crl);
	for (i = 0; i < count; i++) {
		sz = sizeof(raw);
		if (gnutls_x509_crl_get_crt_serial(crl, (unsigned)i, raw, &sz,
						   &when) < 0)
			continue;
		serial_hex(raw, sz, buf, sizeof(buf));
		put(t, "%s{\"serial\":", k++ ? "," : "");
		put_json_string(t, buf);
		json_time(t, "date", when);
		put(t, "}");
	}
	put(t, "]");
}

int
mtls_item_json(const struct mtls_item *it, const char *file, unsigned index,
	       time_t now, gnutls_datum_t *out, struct mtls_err *e)
{
	struct text t = { NULL, 0, 0, false };

	put(&t, "{\"file\":");
	put_json_string(&t, file);
	put(&t, ",\"index\":%u", index);
	json_str(&t, "type", it->kind == MTLS_OBJ_CERT  ? "certificate"
			     : it->kind == MTLS_OBJ_CSR ? "csr"
							: "crl");
	if (it->kind == MTLS_OBJ_CERT)
		json_crt(&t, it, now);
	else if (it->kind == MTLS_OBJ_CSR)
		json_crq(&t, it);
	else
		json_crl(&t, it->crl);
	put(&t, "}");
	return text_flush(&t, out, e);
}
