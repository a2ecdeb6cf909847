/*
 * show.c -- certificates, requests and CRLs described for people (a
 * summary, GnuTLS's full text) and for scripts (one field, JSON).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mtls_internal.h"

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
	return mtls_err_set(e,
			    "unknown field '%s' (expected subject, issuer, "
			    "serial, not-before, not-after, days-left, "
			    "fingerprint, san, key-type or is-ca)",
			    name);
}

/* ------------------------------------------------------------ text */

/* Move T's text to the end of OUT. */
static int
text_flush(struct mtls_buf *t, gnutls_datum_t *out, struct mtls_err *e)
{
	unsigned char *grown;

	if (t->failed) {
		mtls_buf_free(t);
		return mtls_err_set(e, "out of memory");
	}
	grown = gnutls_realloc(out->data, out->size + t->len + 1);
	if (grown == NULL) {
		mtls_buf_free(t);
		return mtls_err_set(e, "out of memory");
	}
	if (t->len > 0)
		memcpy(grown + out->size, t->data, t->len);
	out->data = grown;
	out->size += (unsigned)t->len;
	out->data[out->size] = '\0';
	mtls_buf_free(t);
	return 0;
}

/* ------------------------------------------------------------ facts */

struct san_words {
	void (*each)(void *, const char *);
	void *arg;
};

static int
san_word(void *arg, int type, const char *value, size_t len)
{
	struct san_words *w = arg;
	char name[MTLS_SAN_MAX + 16];

	if (!mtls_san_describe(type, value, len, name, sizeof(name)))
		snprintf(name, sizeof(name), "%s",
			 type == GNUTLS_SAN_DN ? "dirName:?" : "othername");
	w->each(w->arg, name);
	return 0;
}

/* The SANs of a certificate or request, in --san syntax, one per call of
 * EACH: "DNS:localhost", "IP:127.0.0.1", ... */
static void
for_each_san(const struct mtls_item *it, void (*each)(void *, const char *),
	     void *arg)
{
	struct san_words w = { each, arg };

	mtls_sans_each(it->crt, it->crq, san_word, &w);
}

static void
eku_word(void *arg, const char *oid)
{
	struct san_words *w = arg;
	const char *name = mtls_purpose_oid_name(oid);

	w->each(w->arg, name ? name : oid);
}

/* Calls EACH for each extended key usage in words; false when there is no
 * such extension. */
static bool
for_each_eku(const struct mtls_item *it, void (*each)(void *, const char *),
	     void *arg)
{
	struct san_words w = { each, arg };

	return mtls_ekus_each(it->crt, it->crq, each ? eku_word : NULL, &w) > 0;
}

struct joiner {
	struct mtls_buf *t;
	const char *sep;
	unsigned n;
	bool json;
};

/* Text from a certificate, for people and line-based scripts: control
 * characters as \xHH, so a name can neither break a line nor reach a
 * terminal as an escape sequence. */
static void
put_text(struct mtls_buf *t, const char *s)
{
	mtls_buf_add_printable(t, s, strlen(s));
}

static void
join_one(void *arg, const char *s)
{
	struct joiner *j = arg;

	if (j->n++ > 0)
		mtls_buf_addf(j->t, "%s", j->sep);
	if (j->json)
		mtls_buf_add_json_string(j->t, s);
	else
		put_text(j->t, s);
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

	return d >= 0 ? d / MTLS_SECONDS_PER_DAY
		      : -((-d + MTLS_SECONDS_PER_DAY - 1) /
			  MTLS_SECONDS_PER_DAY);
}

static const char *
plural(long long n)
{
	return n == 1 ? "" : "s";
}

/* ------------------------------------------------------------ summary */

#define ROW "  %-16s "

static void
put_list_row(struct mtls_buf *t, const char *label, const struct mtls_item *it,
	     int which)
{
	struct joiner j = { t, ", ", 0, false };
	unsigned usage;
	bool present;

	mtls_buf_addf(t, ROW, label);
	if (which == 0) {
		for_each_san(it, join_one, &j);
		present = j.n > 0;
		if (!present)
			mtls_buf_addf(t, "(none)");
	} else if (which == 1) {
		present = key_usage(it, &usage);
		if (present)
			for_each_key_usage(usage, join_one, &j);
		if (!present)
			mtls_buf_addf(t, "(not restricted)");
	} else {
		present = for_each_eku(it, join_one, &j);
		if (!present)
			mtls_buf_addf(t, "(not restricted)");
	}
	mtls_buf_addf(t, "\n");
}

/* Where the CRL and the issuer's certificate are published: rows only
 * when the certificate says. */
static void
put_locations(struct mtls_buf *t, gnutls_x509_crt_t crt)
{
	struct joiner j = { t, ", ", 0, false };

	if (mtls_crl_urls_each(crt, NULL, NULL) > 0) {
		mtls_buf_addf(t, ROW, "CRL:");
		mtls_crl_urls_each(crt, join_one, &j);
		mtls_buf_addc(t, '\n');
	}
	if (mtls_ca_issuers_each(crt, NULL, NULL) > 0) {
		j.n = 0;
		mtls_buf_addf(t, ROW, "CA issuers:");
		mtls_ca_issuers_each(crt, join_one, &j);
		mtls_buf_addc(t, '\n');
	}
}

static void
summary_crt(struct mtls_buf *t, gnutls_x509_crt_t crt,
	    const struct mtls_item *it, time_t now)
{
	char name[MTLS_NAME_MAX], buf[256], when[64];
	time_t nb = gnutls_x509_crt_get_activation_time(crt);
	time_t na = gnutls_x509_crt_get_expiration_time(crt);
	long long d;
	int ca, pathlen;

	mtls_crt_subject(crt, name, sizeof(name));
	mtls_buf_addf(t, ROW, "subject:");
	put_text(t, name);
	mtls_buf_addc(t, '\n');
	mtls_crt_issuer(crt, name, sizeof(name));
	mtls_buf_addf(t, ROW, "issuer:");
	put_text(t, name);
	mtls_buf_addf(t, "%s\n",
		      gnutls_x509_crt_check_issuer(crt, crt) ? " (self-signed)"
							     : "");
	mtls_crt_serial(crt, buf, sizeof(buf));
	mtls_buf_addf(t, ROW "%s\n", "serial:", buf);
	mtls_time_format(nb, when, sizeof(when));
	mtls_buf_addf(t, ROW "%s\n", "not before:", when);
	mtls_time_format(na, when, sizeof(when));
	mtls_buf_addf(t, ROW "%s", "not after:", when);
	if (now < nb) {
		mtls_time_format(nb, buf, sizeof(buf));
		mtls_buf_addf(t, " (not valid until %s)\n", buf);
	} else if (now >= na) {
		d = ((long long)now - (long long)na) / MTLS_SECONDS_PER_DAY;
		if (d <= 0)
			mtls_buf_addf(t, " (EXPIRED less than a day ago)\n");
		else
			mtls_buf_addf(t, " (EXPIRED %lld day%s ago)\n", d,
				      plural(d));
	} else {
		d = days_until(na, now);
		if (d == 0)
			mtls_buf_addf(t, " (expires in less than a day)\n");
		else
			mtls_buf_addf(t, " (expires in %lld day%s)\n", d,
				      plural(d));
	}
	put_list_row(t, "SANs:", it, 0);
	mtls_key_describe(it->crt, it->crq, buf, sizeof(buf));
	mtls_buf_addf(t, ROW "%s\n", "public key:", buf);
	ca = ca_flag(it, &pathlen);
	if (ca == 1 && pathlen >= 0)
		mtls_buf_addf(t, ROW "yes (path length %d)\n", "CA:", pathlen);
	else if (ca == 1)
		mtls_buf_addf(t, ROW "yes (path length unlimited)\n", "CA:");
	else
		mtls_buf_addf(t, ROW "no\n", "CA:");
	put_list_row(t, "key usage:", it, 1);
	put_list_row(t, "ext. key usage:", it, 2);
	put_locations(t, crt);
	mtls_crt_fingerprint(crt, buf, sizeof(buf));
	mtls_buf_addf(t, ROW "%s\n", "SHA-256:", buf);
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
summary_crq(struct mtls_buf *t, gnutls_x509_crq_t crq,
	    const struct mtls_item *it)
{
	struct joiner j = { t, ", ", 0, false };
	char name[MTLS_NAME_MAX], buf[256];
	int ca, pathlen;

	mtls_csr_subject(crq, name, sizeof(name));
	mtls_buf_addf(t, ROW, "subject:");
	put_text(t, name);
	mtls_buf_addc(t, '\n');
	put_list_row(t, "SANs:", it, 0);
	mtls_key_describe(it->crt, it->crq, buf, sizeof(buf));
	mtls_buf_addf(t, ROW "%s\n", "public key:", buf);
	ca = ca_flag(it, &pathlen);
	mtls_buf_addf(t, ROW "%s\n", "CA:",
		      ca == 1	? "requested"
		      : ca == 0 ? "no"
				: "not requested");
	put_list_row(t, "key usage:", it, 1);
	put_list_row(t, "ext. key usage:", it, 2);
	mtls_buf_addf(t, ROW, "extensions:");
	for_each_crq_extension(crq, join_one, &j);
	mtls_buf_addf(t, "%s\n", j.n == 0 ? "(none)" : "");
	mtls_buf_addf(t, ROW "%s\n", "signature:",
		      crq_signature_ok(crq) ? "valid" : "DOES NOT VERIFY");
}

static void
summary_crl(struct mtls_buf *t, gnutls_x509_crl_t crl)
{
	char name[MTLS_NAME_MAX], serial[MTLS_SERIAL_HEX_MAX], when[64];
	unsigned char raw[64];
	time_t tu = gnutls_x509_crl_get_this_update(crl);
	time_t nu = gnutls_x509_crl_get_next_update(crl);
	int count, i;
	size_t sz;
	time_t when_revoked;

	mtls_crl_issuer(crl, name, sizeof(name));
	mtls_buf_addf(t, ROW, "issuer:");
	put_text(t, name);
	mtls_buf_addc(t, '\n');
	mtls_time_format(tu, when, sizeof(when));
	mtls_buf_addf(t, ROW "%s\n", "this update:", when);
	if (nu == (time_t)-1)
		snprintf(when, sizeof(when), "(none)");
	else
		mtls_time_format(nu, when, sizeof(when));
	mtls_buf_addf(t, ROW "%s\n", "next update:", when);
	count = gnutls_x509_crl_get_crt_count(crl);
	if (count < 0)
		count = 0;
	mtls_buf_addf(t, ROW "%d certificate%s\n", "revoked:", count,
		      plural(count));
	for (i = 0; i < count; i++) {
		sz = sizeof(raw);
		if (gnutls_x509_crl_get_crt_serial(crl, (unsigned)i, raw, &sz,
						   &when_revoked) < 0)
			continue;
		mtls_serial_hex(raw, sz, serial, sizeof(serial));
		mtls_time_format(when_revoked, when, sizeof(when));
		mtls_buf_addf(t, "    %s  revoked %s\n", serial, when);
	}
}

int
mtls_item_summary(const struct mtls_item *it, const char *label, time_t now,
		  gnutls_datum_t *out, struct mtls_err *e)
{
	struct mtls_buf t = { NULL, 0, 0, false };

	mtls_buf_addf(&t, "%s: %s\n", label, mtls_object_kind_name(it->kind));
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
	struct mtls_buf t = { NULL, 0, 0, false };
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
	mtls_buf_addf(&t, "%s: %s\n", label, mtls_object_kind_name(it->kind));
	mtls_buf_add(&t, (const char *)d.data, d.size);
	if (d.size == 0 || d.data[d.size - 1] != '\n')
		mtls_buf_addf(&t, "\n");
	gnutls_free(d.data);
	return text_flush(&t, out, e);
}

int
mtls_item_field(const struct mtls_item *it, enum mtls_field field, time_t now,
		gnutls_datum_t *out, struct mtls_err *e)
{
	struct mtls_buf t = { NULL, 0, 0, false };
	struct joiner j = { &t, ",", 0, false };
	gnutls_x509_crt_t crt = it->crt;
	char buf[MTLS_NAME_MAX];
	int pathlen;

	switch (field) {
	case MTLS_FIELD_SUBJECT:
		if (crt) {
			mtls_crt_subject(crt, buf, sizeof(buf));
			mtls_buf_adds(&t, buf);
		} else if (it->crq) {
			mtls_csr_subject(it->crq, buf, sizeof(buf));
			mtls_buf_adds(&t, buf);
		}
		break;
	case MTLS_FIELD_ISSUER:
		if (crt) {
			mtls_crt_issuer(crt, buf, sizeof(buf));
			mtls_buf_adds(&t, buf);
		} else if (it->crl) {
			mtls_crl_issuer(it->crl, buf, sizeof(buf));
			mtls_buf_adds(&t, buf);
		}
		break;
	case MTLS_FIELD_SERIAL:
		if (crt) {
			mtls_crt_serial(crt, buf, sizeof(buf));
			mtls_buf_addf(&t, "%s", buf);
		}
		break;
	case MTLS_FIELD_NOT_BEFORE:
	case MTLS_FIELD_NOT_AFTER:
		if (crt) {
			mtls_time_format_iso(
				field == MTLS_FIELD_NOT_BEFORE
					? gnutls_x509_crt_get_activation_time(
						  crt)
					: gnutls_x509_crt_get_expiration_time(
						  crt),
				buf, sizeof(buf));
			mtls_buf_addf(&t, "%s", buf);
		}
		break;
	case MTLS_FIELD_DAYS_LEFT:
		if (crt)
			mtls_buf_addf(
				&t, "%lld",
				days_until(gnutls_x509_crt_get_expiration_time(
						   crt),
					   now));
		break;
	case MTLS_FIELD_FINGERPRINT:
		if (crt) {
			mtls_crt_fingerprint(crt, buf, sizeof(buf));
			mtls_buf_addf(&t, "%s", buf);
		}
		break;
	case MTLS_FIELD_SAN:
		if (crt || it->crq)
			for_each_san(it, join_one, &j);
		break;
	case MTLS_FIELD_KEY_TYPE:
		if (crt || it->crq) {
			mtls_key_describe(it->crt, it->crq, buf, sizeof(buf));
			mtls_buf_addf(&t, "%s", buf);
		}
		break;
	case MTLS_FIELD_IS_CA:
		if (crt || it->crq)
			mtls_buf_addf(&t, "%s",
				      ca_flag(it, &pathlen) == 1 ? "true"
								 : "false");
		break;
	}
	mtls_buf_addf(&t, "\n");
	return text_flush(&t, out, e);
}

/* ------------------------------------------------------------ JSON */

static void
json_key(struct mtls_buf *t, const char *key)
{
	mtls_buf_addf(t, ",\"%s\":", key);
}

static void
json_str(struct mtls_buf *t, const char *key, const char *value)
{
	json_key(t, key);
	mtls_buf_add_json_string(t, value);
}

static void
json_time(struct mtls_buf *t, const char *key, time_t value)
{
	char buf[64];

	json_key(t, key);
	if (value == (time_t)-1) {
		mtls_buf_addf(t, "null");
		return;
	}
	mtls_time_format_iso(value, buf, sizeof(buf));
	mtls_buf_add_json_string(t, buf);
}

static void
json_common(struct mtls_buf *t, const struct mtls_item *it)
{
	struct joiner j = { t, ",", 0, true };
	char buf[256];
	unsigned usage;
	int pathlen, ca;

	json_key(t, "san");
	mtls_buf_addf(t, "[");
	for_each_san(it, join_one, &j);
	mtls_buf_addf(t, "]");
	mtls_key_describe(it->crt, it->crq, buf, sizeof(buf));
	json_str(t, "key_type", buf);
	ca = ca_flag(it, &pathlen);
	json_key(t, "is_ca");
	mtls_buf_addf(t, "%s", ca == 1 ? "true" : "false");
	if (it->crt) {
		json_key(t, "path_len");
		if (ca == 1 && pathlen >= 0)
			mtls_buf_addf(t, "%d", pathlen);
		else
			mtls_buf_addf(t, "null");
	}
	json_key(t, "key_usage");
	if (key_usage(it, &usage)) {
		j.n = 0;
		mtls_buf_addf(t, "[");
		for_each_key_usage(usage, join_one, &j);
		mtls_buf_addf(t, "]");
	} else {
		mtls_buf_addf(t, "null");
	}
	json_key(t, "extended_key_usage");
	if (for_each_eku(it, NULL, NULL)) {
		j.n = 0;
		mtls_buf_addf(t, "[");
		for_each_eku(it, join_one, &j);
		mtls_buf_addf(t, "]");
	} else {
		mtls_buf_addf(t, "null");
	}
}

static void
json_locations(struct mtls_buf *t, gnutls_x509_crt_t crt)
{
	struct joiner j = { t, ",", 0, true };

	json_key(t, "crl_urls");
	mtls_buf_addc(t, '[');
	mtls_crl_urls_each(crt, join_one, &j);
	mtls_buf_addc(t, ']');
	j.n = 0;
	json_key(t, "ca_issuers_urls");
	mtls_buf_addc(t, '[');
	mtls_ca_issuers_each(crt, join_one, &j);
	mtls_buf_addc(t, ']');
}

static void
json_crt(struct mtls_buf *t, const struct mtls_item *it, time_t now)
{
	gnutls_x509_crt_t crt = it->crt;
	time_t nb = gnutls_x509_crt_get_activation_time(crt);
	time_t na = gnutls_x509_crt_get_expiration_time(crt);
	char buf[MTLS_NAME_MAX];

	mtls_crt_subject(crt, buf, sizeof(buf));
	json_str(t, "subject", buf);
	mtls_crt_issuer(crt, buf, sizeof(buf));
	json_str(t, "issuer", buf);
	json_key(t, "self_signed");
	mtls_buf_addf(t, "%s",
		      gnutls_x509_crt_check_issuer(crt, crt) ? "true"
							     : "false");
	mtls_crt_serial(crt, buf, sizeof(buf));
	json_str(t, "serial", buf);
	json_time(t, "not_before", nb);
	json_time(t, "not_after", na);
	json_key(t, "days_left");
	mtls_buf_addf(t, "%lld", days_until(na, now));
	json_str(t, "validity",
		 now < nb    ? "not yet valid"
		 : now >= na ? "expired"
			     : "valid");
	json_common(t, it);
	json_locations(t, crt);
	mtls_crt_fingerprint(crt, buf, sizeof(buf));
	json_str(t, "fingerprint", buf);
}

static void
json_crq(struct mtls_buf *t, const struct mtls_item *it)
{
	struct joiner j = { t, ",", 0, true };
	char buf[MTLS_NAME_MAX];

	mtls_csr_subject(it->crq, buf, sizeof(buf));
	json_str(t, "subject", buf);
	json_common(t, it);
	json_key(t, "extensions");
	mtls_buf_addf(t, "[");
	for_each_crq_extension(it->crq, join_one, &j);
	mtls_buf_addf(t, "]");
	json_key(t, "signature_valid");
	mtls_buf_addf(t, "%s", crq_signature_ok(it->crq) ? "true" : "false");
}

static void
json_crl(struct mtls_buf *t, gnutls_x509_crl_t crl)
{
	char buf[MTLS_NAME_MAX];
	unsigned char raw[64];
	int count, i, k = 0;
	size_t sz;
	time_t when;

	mtls_crl_issuer(crl, buf, sizeof(buf));
	json_str(t, "issuer", buf);
	json_time(t, "this_update", gnutls_x509_crl_get_this_update(crl));
	json_time(t, "next_update", gnutls_x509_crl_get_next_update(crl));
	json_key(t, "revoked");
	mtls_buf_addf(t, "[");
	count = gnutls_x509_crl_get_crt_count(crl);
	for (i = 0; i < count; i++) {
		sz = sizeof(raw);
		if (gnutls_x509_crl_get_crt_serial(crl, (unsigned)i, raw, &sz,
						   &when) < 0)
			continue;
		mtls_serial_hex(raw, sz, buf, sizeof(buf));
		mtls_buf_addf(t, "%s{\"serial\":", k++ ? "," : "");
		mtls_buf_add_json_string(t, buf);
		json_time(t, "date", when);
		mtls_buf_addf(t, "}");
	}
	mtls_buf_addf(t, "]");
}

int
mtls_item_json(const struct mtls_item *it, const char *file, unsigned index,
	       time_t now, gnutls_datum_t *out, struct mtls_err *e)
{
	struct mtls_buf t = { NULL, 0, 0, false };

	mtls_buf_addf(&t, "{\"file\":");
	mtls_buf_add_json_string(&t, file);
	mtls_buf_addf(&t, ",\"index\":%u", index);
	json_str(&t, "type",
		 it->kind == MTLS_OBJ_CERT  ? "certificate"
		 : it->kind == MTLS_OBJ_CSR ? "csr"
					    : "crl");
	if (it->kind == MTLS_OBJ_CERT)
		json_crt(&t, it, now);
	else if (it->kind == MTLS_OBJ_CSR)
		json_crq(&t, it);
	else
		json_crl(&t, it->crl);
	mtls_buf_addf(&t, "}");
	return text_flush(&t, out, e);
}
