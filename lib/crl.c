/*
 * crl.c -- certificate revocation lists: a new CRL from the previous one
 * (its state) and the certificates to revoke now, with reasons.
 *
 * GnuTLS can set a CRL entry's serial and date but not its reason code,
 * so the list is written as DER here (the previous CRL's entries copied
 * byte for byte, reasons included), imported, and then completed and
 * signed by GnuTLS: CRL number, authority key identifier, signature.
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

static const struct {
	const char *name;
	int code;
} reasons[] = {
	{ "unspecified", MTLS_REASON_UNSPECIFIED },
	{ "keyCompromise", 1 },
	{ "CACompromise", 2 },
	{ "affiliationChanged", 3 },
	{ "superseded", 4 },
	{ "cessationOfOperation", 5 },
	{ "certificateHold", 6 },
	{ "privilegeWithdrawn", 9 },
};

int
mtls_crl_reason_parse(const char *text, int *out, struct mtls_err *e)
{
	for (size_t i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (strcasecmp(text, reasons[i].name) == 0) {
			*out = reasons[i].code;
			return 0;
		}
	return mtls_err_set(e,
			    "unknown revocation reason '%s' (use "
			    "unspecified, keyCompromise, CACompromise, "
			    "affiliationChanged, superseded, "
			    "cessationOfOperation, certificateHold or "
			    "privilegeWithdrawn)",
			    text);
}

const char *
mtls_crl_reason_name(int code)
{
	for (size_t i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (reasons[i].code == code)
			return reasons[i].name;
	return "unknown";
}

int
mtls_serial_parse(const char *text, unsigned char *out, size_t *len,
		  struct mtls_err *e)
{
	size_t n = 0, digits = 0, half;
	unsigned char raw[MTLS_SERIAL_RAW_MAX];
	const char *p = text;
	unsigned byte = 0;

	if (strncasecmp(p, "0x", 2) == 0)
		p += 2;
	for (const char *q = p; *q; q++) {
		if (*q == ':')
			continue;
		if (mtls_hex_value(*q) < 0)
			return mtls_err_set(e,
					    "invalid serial number '%s' "
					    "(hexadecimal digits, as "
					    "showcert prints it)",
					    text);
		digits++;
	}
	if (digits == 0 || digits > 2 * (sizeof(raw) - 1))
		return mtls_err_set(e, "invalid serial number '%s'", text);
	/* An odd count has a leading half byte. */
	half = digits % 2;

	for (const char *q = p; *q; q++) {
		if (*q == ':')
			continue;
		byte = byte << 4 | (unsigned)mtls_hex_value(*q);
		if (++half % 2 == 0) {
			raw[n++] = (unsigned char)byte;
			byte = 0;
		}
	}
	n = mtls_serial_trim(raw, n);
	/* DER INTEGERs are signed: a serial is positive. */
	*len = 0;
	if (raw[0] & 0x80)
		out[(*len)++] = 0;
	memcpy(out + *len, raw, n);
	*len += n;
	return 0;
}

/* UTCTime until 2049, GeneralizedTime from 2050 (RFC 5280 5.1.2.4). */
static void
put_time(struct der_buf *b, time_t t)
{
	struct tm tm;
	char text[20];

	gmtime_r(&t, &tm);
	strftime(text, sizeof(text), "%Y%m%d%H%M%SZ", &tm);
	if (tm.tm_year + 1900 < 2050)
		der_put_tlv(b, DER_UTC_TIME, text + 2, strlen(text + 2));
	else
		der_put_tlv(b, DER_GENERALIZED_TIME, text, strlen(text));
}

/* The raw SEQUENCE of each entry of a DER CRL, in order: N entries,
 * pointing into DER.  -1 if the CRL does not parse as one. */
static int
old_entries(const gnutls_datum_t *der, const unsigned char ***list,
	    size_t **sizes, size_t *n)
{
	const unsigned char *p, *c, *tbs;
	size_t len, clen, tlen, t;
	unsigned char tag;

	*list = NULL;
	*sizes = NULL;
	*n = 0;
	if (der_read(der->data, der->size, &tag, &c, &clen) == 0 ||
	    tag != DER_SEQUENCE || der_read(c, clen, &tag, &tbs, &tlen) == 0 ||
	    tag != DER_SEQUENCE)
		return -1;
	p = tbs;
	len = tlen;
	/* version (optional), signature, issuer, thisUpdate, nextUpdate
	 * (optional), then the entries (optional). */
	for (int field = 0; len > 0; field++) {
		t = der_read(p, len, &tag, &c, &clen);
		if (t == 0)
			return -1;
		if (tag == DER_SEQUENCE && field >= 3) {
			const unsigned char *q = c;
			size_t left = clen;

			while (left > 0) {
				const unsigned char *ec;
				size_t ecl,
					et = der_read(q, left, &tag, &ec, &ecl);
				const unsigned char **l2;
				size_t *s2;

				if (et == 0 || tag != DER_SEQUENCE)
					return -1;
				l2 = realloc(*list, (*n + 1) * sizeof(**list));
				s2 = realloc(*sizes,
					     (*n + 1) * sizeof(**sizes));
				if (l2 != NULL)
					*list = l2;
				if (s2 != NULL)
					*sizes = s2;
				if (l2 == NULL || s2 == NULL)
					return -1;
				(*list)[*n] = q;
				(*sizes)[*n] = et;
				(*n)++;
				q += et;
				left -= et;
			}
			return 0;
		}
		p += t;
		len -= t;
	}
	return 0;
}

/* The serial (INTEGER content) of the entry at ENTRY. */
static bool
entry_serial(const unsigned char *entry, size_t size, const unsigned char **s,
	     size_t *slen)
{
	const unsigned char *c;
	size_t clen;
	unsigned char tag;

	return der_read(entry, size, &tag, &c, &clen) != 0 &&
	       der_read(c, clen, &tag, s, slen) != 0 && tag == DER_INTEGER;
}

static bool
same_serial(const unsigned char *a, size_t alen, const unsigned char *b,
	    size_t blen)
{
	while (alen > 1 && a[0] == 0)
		a++, alen--;
	while (blen > 1 && b[0] == 0)
		b++, blen--;
	return alen == blen && memcmp(a, b, alen) == 0;
}

/* An entry: serial, date, and the reason code unless unspecified. */
static void
put_entry(struct der_buf *entries, const struct mtls_revocation *r, time_t now)
{
	struct der_buf body = { 0 }, ext = { 0 }, exts = { 0 }, tmp = { 0 };

	der_put_tlv(&body, DER_INTEGER, r->serial, r->serial_len);
	put_time(&body, now);
	if (r->reason != MTLS_REASON_UNSPECIFIED) {
		unsigned char code = (unsigned char)r->reason;

		der_put_oid(&ext, "2.5.29.21");
		der_put_tlv(&tmp, DER_ENUMERATED, &code, 1);
		der_put_tlv(&ext, DER_OCTET_STRING, tmp.data, tmp.len);
		der_free(&tmp);
		der_put_tlv(&tmp, DER_SEQUENCE, ext.data, ext.len);
		der_put_tlv(&exts, DER_SEQUENCE, tmp.data, tmp.len);
		der_put(&body, exts.data, exts.len);
	}
	der_put_tlv(entries, DER_SEQUENCE, body.data, body.len);
	if (body.failed || ext.failed || exts.failed || tmp.failed)
		entries->failed = true;
	der_free(&body);
	der_free(&ext);
	der_free(&exts);
	der_free(&tmp);
}

/* crlExtensions: the CRL number NUM and the authority key identifier
 * ID (RFC 5280 5.2.1, 5.2.3), into EXTS as the [0] field of a TBS. */
static void
put_crl_extensions(struct der_buf *exts, const unsigned char *num,
		   size_t num_len, const unsigned char *id, size_t id_len)
{
	struct der_buf list = { 0 }, ext = { 0 }, in = { 0 }, tmp = { 0 };

	der_put_oid(&ext, "2.5.29.35");
	der_put_tlv(&tmp, 0x80, id, id_len); /* [0] keyIdentifier */
	der_put_tlv(&in, DER_SEQUENCE, tmp.data, tmp.len);
	der_put_tlv(&ext, DER_OCTET_STRING, in.data, in.len);
	der_put_tlv(&list, DER_SEQUENCE, ext.data, ext.len);
	der_free(&ext);
	der_free(&in);
	der_free(&tmp);
	der_put_oid(&ext, "2.5.29.20");
	der_put_tlv(&in, DER_INTEGER, num, num_len);
	der_put_tlv(&ext, DER_OCTET_STRING, in.data, in.len);
	der_put_tlv(&list, DER_SEQUENCE, ext.data, ext.len);
	der_put_tlv(&tmp, DER_SEQUENCE, list.data, list.len);
	der_put_tlv(exts, 0xa0, tmp.data, tmp.len);
	if (list.failed || ext.failed || in.failed || tmp.failed)
		exts->failed = true;
	der_free(&list);
	der_free(&ext);
	der_free(&in);
	der_free(&tmp);
}

/* An unsigned CRL of CA with ENTRIES and EXTS, for GnuTLS to import. */
static int
carrier(gnutls_x509_crt_t ca, const struct der_buf *entries,
	const struct der_buf *exts, time_t this_upd, time_t next_upd,
	gnutls_x509_crl_t *out, struct mtls_err *e)
{
	static const unsigned char version2[] = { 0x02, 0x01, 0x01 };
	static const unsigned char empty_bits[] = { 0x00 };
	struct der_buf tbs = { 0 }, body = { 0 }, alg = { 0 }, all = { 0 };
	gnutls_datum_t dn = { NULL, 0 }, der;
	int ret, rv = -1;

	ret = gnutls_x509_crt_get_raw_dn(ca, &dn);
	if (ret < 0)
		return mtls_err_gnutls(e, ret, "cannot read the CA's name");
	/* A placeholder algorithm and signature: signing replaces both. */
	der_put_oid(&alg, "1.2.840.10045.4.3.2");
	der_put(&body, version2, sizeof(version2));
	der_put_tlv(&body, DER_SEQUENCE, alg.data, alg.len);
	der_put(&body, dn.data, dn.size);
	put_time(&body, this_upd);
	put_time(&body, next_upd);
	if (entries->len > 0)
		der_put_tlv(&body, DER_SEQUENCE, entries->data, entries->len);
	der_put(&body, exts->data, exts->len);
	der_put_tlv(&tbs, DER_SEQUENCE, body.data, body.len);
	der_free(&body);
	der_put(&body, tbs.data, tbs.len);
	der_put_tlv(&body, DER_SEQUENCE, alg.data, alg.len);
	der_put_tlv(&body, DER_BIT_STRING, empty_bits, sizeof(empty_bits));
	der_put_tlv(&all, DER_SEQUENCE, body.data, body.len);
	if (tbs.failed || body.failed || alg.failed || all.failed ||
	    entries->failed || exts->failed) {
		mtls_err_set(e, "out of memory");
		goto out;
	}
	der.data = all.data;
	der.size = (unsigned)all.len;
	if ((ret = gnutls_x509_crl_init(out)) < 0 ||
	    (ret = gnutls_x509_crl_import(*out, &der, GNUTLS_X509_FMT_DER)) <
		    0) {
		gnutls_x509_crl_deinit(*out);
		*out = NULL;
		mtls_err_gnutls(e, ret, "cannot make the CRL");
		goto out;
	}
	rv = 0;
out:
	gnutls_free(dn.data);
	der_free(&tbs);
	der_free(&body);
	der_free(&alg);
	der_free(&all);
	return rv;
}

/* The previous CRL's number plus one (1 when there is none). */
static int
next_number(gnutls_x509_crl_t old, unsigned char *num, size_t *len,
	    struct mtls_err *e)
{
	unsigned char raw[MTLS_SERIAL_RAW_MAX];
	size_t n = sizeof(raw) - 1;
	unsigned crit;

	if (old == NULL ||
	    gnutls_x509_crl_get_number(old, raw + 1, &n, &crit) < 0) {
		num[0] = 1;
		*len = 1;
		return 0;
	}
	raw[0] = 0;
	n++;
	for (size_t i = n; i-- > 0;)
		if (++raw[i] != 0)
			break;
	n = mtls_serial_trim(raw, n);
	if (n > 20 + (raw[0] == 0))
		return mtls_err_set(e, "the CRL number cannot grow past 20 "
				       "octets");
	*len = 0;
	if (raw[0] & 0x80)
		num[(*len)++] = 0;
	memcpy(num + *len, raw, n);
	*len += n;
	return 0;
}

int
mtls_crl_build(const struct mtls_crl_params *params, gnutls_x509_crt_t ca,
	       gnutls_privkey_t ca_key, gnutls_x509_crl_t *out,
	       struct mtls_crl_notes *notes, struct mtls_err *e)
{
	struct der_buf entries = { 0 }, exts = { 0 };
	gnutls_datum_t old_der = { NULL, 0 };
	const unsigned char **old = NULL;
	size_t *old_sizes = NULL, n_old = 0, num_len = 0;
	unsigned char num[MTLS_SERIAL_RAW_MAX + 1], id[64];
	size_t idlen = sizeof(id);
	gnutls_digest_algorithm_t dig;
	time_t now = params->now ? params->now : time(NULL);
	time_t this_upd = now - MTLS_BACKDATE_SECONDS;
	gnutls_x509_crl_t crl = NULL, check = NULL;
	gnutls_datum_t signed_der = { NULL, 0 };
	unsigned crit;
	int ret, rv = -1;

	*out = NULL;
	memset(notes, 0, sizeof(*notes));
	if (gnutls_x509_crt_get_key_usage(ca, &crit, &crit) >= 0) {
		unsigned usage = 0, c2;

		gnutls_x509_crt_get_key_usage(ca, &usage, &c2);
		if (!(usage & GNUTLS_KEY_CRL_SIGN)) {
			char subject[MTLS_NAME_MAX];

			mtls_crt_subject(ca, subject, sizeof(subject));
			return mtls_err_set(e,
					    "'%s' may not sign CRLs (its key "
					    "usage lacks cRLSign)",
					    subject);
		}
	}
	if (params->old != NULL) {
		ret = gnutls_x509_crl_export2(params->old, GNUTLS_X509_FMT_DER,
					      &old_der);
		if (ret < 0) {
			mtls_err_gnutls(e, ret, "cannot read the previous CRL");
			goto out;
		}
		if (old_entries(&old_der, &old, &old_sizes, &n_old) != 0) {
			mtls_err_set(e, "cannot read the previous CRL's "
					"entries");
			goto out;
		}
	}
	/* The previous entries as they were, then the new ones not there
	 * already. */
	for (size_t i = 0; i < n_old; i++)
		der_put(&entries, old[i], old_sizes[i]);
	notes->carried = n_old;
	for (size_t i = 0; i < params->n_revoke; i++) {
		const struct mtls_revocation *r = &params->revoke[i];
		bool known = false;

		for (size_t k = 0; k < n_old && !known; k++) {
			const unsigned char *s;
			size_t slen;

			known = entry_serial(old[k], old_sizes[k], &s, &slen) &&
				same_serial(s, slen, r->serial, r->serial_len);
		}
		for (size_t k = 0; k < i && !known; k++)
			known = same_serial(params->revoke[k].serial,
					    params->revoke[k].serial_len,
					    r->serial, r->serial_len);
		if (known) {
			notes->already++;
			continue;
		}
		put_entry(&entries, r, now);
		notes->added++;
	}
	if (next_number(params->old, num, &num_len, e) != 0)
		goto out;
	/* The AKI names the CA's SKI, as in the certificates it issues. */
	ret = gnutls_x509_crt_get_subject_key_id(ca, id, &idlen, &crit);
	if (ret < 0) {
		idlen = sizeof(id);
		ret = gnutls_x509_crt_get_key_id(ca, GNUTLS_KEYID_USE_SHA1, id,
						 &idlen);
	}
	if (ret < 0) {
		mtls_err_gnutls(e, ret, "cannot read the CA's key identifier");
		goto out;
	}
	put_crl_extensions(&exts, num, num_len, id, idlen);
	if (carrier(ca, &entries, &exts, this_upd,
		    now + (time_t)params->days * MTLS_SECONDS_PER_DAY, &crl,
		    e) != 0)
		goto out;
	/* GnuTLS drops the extensions of an imported CRL when it signs it,
	 * unless one was set through its API: set the number again. */
	ret = gnutls_x509_crl_set_number(crl, num, num_len);
	if (ret < 0) {
		mtls_err_gnutls(e, ret, "cannot set the CRL number");
		goto out;
	}
	if (mtls_key_sign_digest(ca_key, &dig, e) != 0)
		goto out;
	ret = gnutls_x509_crl_privkey_sign(crl, ca, ca_key, dig, 0);
	if (ret < 0) {
		mtls_err_gnutls(e, ret, "cannot sign the CRL");
		goto out;
	}
	/* What we make must verify, or nobody gets it; as it will be
	 * read, from its encoding (the signed object keeps the carrier's). */
	if ((ret = gnutls_x509_crl_export2(crl, GNUTLS_X509_FMT_DER,
					   &signed_der)) < 0 ||
	    (ret = gnutls_x509_crl_init(&check)) < 0 ||
	    (ret = gnutls_x509_crl_import(check, &signed_der,
					  GNUTLS_X509_FMT_DER)) < 0) {
		mtls_err_gnutls(e, ret, "cannot encode the CRL");
		goto out;
	}
	ret = gnutls_x509_crl_verify(check, &ca, 1, 0, &crit);
	if (ret < 0 || crit != 0) {
		mtls_err_set(e, "the new CRL does not verify against the CA");
		goto out;
	}
	gnutls_x509_crl_deinit(crl);
	crl = check;
	check = NULL;
	memcpy(notes->number, num, num_len);
	notes->number_len = num_len;
	*out = crl;
	crl = NULL;
	rv = 0;
out:
	gnutls_x509_crl_deinit(crl);
	gnutls_x509_crl_deinit(check);
	gnutls_free(signed_der.data);
	gnutls_free(old_der.data);
	free(old);
	free(old_sizes);
	der_free(&entries);
	der_free(&exts);
	return rv;
}

int
mtls_crl_check_issuer(gnutls_x509_crl_t crl, gnutls_x509_crt_t ca,
		      const char *name, struct mtls_err *e)
{
	char issuer[MTLS_NAME_MAX], subject[MTLS_NAME_MAX];
	unsigned status = 0;

	if (gnutls_x509_crl_verify(crl, &ca, 1, 0, &status) < 0 ||
	    status != 0) {
		mtls_crl_issuer(crl, issuer, sizeof(issuer));
		mtls_crt_subject(ca, subject, sizeof(subject));
		return mtls_err_set(e,
				    "'%s' is a CRL of '%s', not of this CA "
				    "('%s')",
				    name, issuer, subject);
	}
	return 0;
}

int
mtls_crl_revocation_of(gnutls_x509_crt_t crt, gnutls_x509_crt_t ca,
		       const char *name, int reason,
		       struct mtls_revocation *out, struct mtls_err *e)
{
	char subject[MTLS_NAME_MAX], issuer[MTLS_NAME_MAX];
	unsigned char raw[MTLS_SERIAL_RAW_MAX];
	unsigned status = 0;
	size_t n;

	if (gnutls_x509_crt_verify(crt, &ca, 1,
				   GNUTLS_VERIFY_DISABLE_TIME_CHECKS,
				   &status) < 0 ||
	    (status & ~(unsigned)(GNUTLS_CERT_EXPIRED |
				  GNUTLS_CERT_NOT_ACTIVATED)) != 0) {
		mtls_crt_subject(crt, subject, sizeof(subject));
		mtls_crt_issuer(crt, issuer, sizeof(issuer));
		return mtls_err_set(e,
				    "'%s': certificate '%s' was issued by "
				    "'%s', not by this CA",
				    name, subject, issuer);
	}
	n = mtls_crt_serial_raw(crt, raw, sizeof(raw));
	if (n == 0)
		return mtls_err_set(e, "'%s': cannot read the serial number",
				    name);
	out->serial_len = 0;
	if (raw[0] & 0x80)
		out->serial[out->serial_len++] = 0;
	memcpy(out->serial + out->serial_len, raw, n);
	out->serial_len += n;
	out->reason = reason;
	return 0;
}
