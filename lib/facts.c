/*
 * facts.c -- facts about certificates, requests and CRLs, for messages and
 * output: names, serial, fingerprint, SANs, extended key usages, keys, and
 * whether a certificate may act as a CA.
 *
 * Every program and module that prints or judges one of these asks here,
 * so the same certificate reads the same everywhere.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mtls_internal.h"

/* A datum from GnuTLS's DN printers (RET its return value) into BUF, or
 * "?"; the datum is freed. */
static void
dn_copy(int ret, gnutls_datum_t *dn, char *buf, size_t size)
{
	if (ret < 0) {
		snprintf(buf, size, "?");
		return;
	}
	snprintf(buf, size, "%s", (char *)dn->data);
	gnutls_free(dn->data);
}

void
mtls_crt_subject(gnutls_x509_crt_t crt, char *buf, size_t size)
{
	gnutls_datum_t dn = { NULL, 0 };

	dn_copy(gnutls_x509_crt_get_dn3(crt, &dn, 0), &dn, buf, size);
}

void
mtls_crt_issuer(gnutls_x509_crt_t crt, char *buf, size_t size)
{
	gnutls_datum_t dn = { NULL, 0 };

	dn_copy(gnutls_x509_crt_get_issuer_dn3(crt, &dn, 0), &dn, buf, size);
}

/* A datum from GnuTLS's DN printers as a malloc'd C string. */
static char *
dn_dup(int ret, gnutls_datum_t *dn)
{
	char *s;

	if (ret < 0)
		return strdup("?");
	s = strdup((char *)dn->data);
	gnutls_free(dn->data);
	return s;
}

char *
mtls_crt_subject_dup(gnutls_x509_crt_t crt)
{
	gnutls_datum_t dn = { NULL, 0 };

	return dn_dup(gnutls_x509_crt_get_dn3(crt, &dn, 0), &dn);
}

char *
mtls_crt_issuer_dup(gnutls_x509_crt_t crt)
{
	gnutls_datum_t dn = { NULL, 0 };

	return dn_dup(gnutls_x509_crt_get_issuer_dn3(crt, &dn, 0), &dn);
}

size_t
mtls_serial_trim(unsigned char *raw, size_t n)
{
	size_t skip = 0;

	while (skip + 1 < n && raw[skip] == 0)
		skip++;
	memmove(raw, raw + skip, n - skip);
	return n - skip;
}

void
mtls_serial_hex(const unsigned char *raw, size_t n, char *buf, size_t size)
{
	while (n > 1 && raw[0] == 0)
		raw++, n--;
	mtls_hex_format(raw, n, NULL, true, buf, size);
}

size_t
mtls_crt_serial_raw(gnutls_x509_crt_t crt, unsigned char *buf, size_t size)
{
	size_t sz = size;

	if (gnutls_x509_crt_get_serial(crt, buf, &sz) < 0)
		return 0;
	return mtls_serial_trim(buf, sz);
}

void
mtls_crt_serial(gnutls_x509_crt_t crt, char *buf, size_t size)
{
	unsigned char raw[MTLS_SERIAL_RAW_MAX];
	size_t n = mtls_crt_serial_raw(crt, raw, sizeof(raw));

	if (n == 0)
		snprintf(buf, size, "?");
	else
		mtls_serial_hex(raw, n, buf, size);
}

void
mtls_crt_fingerprint(gnutls_x509_crt_t crt, char *buf, size_t size)
{
	unsigned char raw[32];
	size_t n = sizeof(raw);

	if (gnutls_x509_crt_get_fingerprint(crt, GNUTLS_DIG_SHA256, raw, &n) <
	    0)
		snprintf(buf, size, "?");
	else
		mtls_hex_format(raw, n, ":", true, buf, size);
}

void
mtls_csr_subject(gnutls_x509_crq_t crq, char *buf, size_t size)
{
	gnutls_datum_t dn = { NULL, 0 };

	dn_copy(gnutls_x509_crq_get_dn3(crq, &dn, 0), &dn, buf, size);
}

void
mtls_crl_issuer(gnutls_x509_crl_t crl, char *buf, size_t size)
{
	gnutls_datum_t dn = { NULL, 0 };

	dn_copy(gnutls_x509_crl_get_issuer_dn3(crl, &dn, 0), &dn, buf, size);
}

void
mtls_key_describe(gnutls_x509_crt_t crt, gnutls_x509_crq_t crq, char *buf,
		  size_t size)
{
	gnutls_pubkey_t pub = NULL;
	int ret;

	snprintf(buf, size, "?");
	if (gnutls_pubkey_init(&pub) < 0)
		return;
	ret = crt != NULL ? gnutls_pubkey_import_x509(pub, crt, 0)
			  : gnutls_pubkey_import_x509_crq(pub, crq, 0);
	if (ret >= 0)
		mtls_pubkey_describe(pub, buf, size);
	gnutls_pubkey_deinit(pub);
}

unsigned
mtls_sans_each(gnutls_x509_crt_t crt, gnutls_x509_crq_t crq, mtls_san_fn each,
	       void *arg)
{
	char buf[MTLS_SAN_MAX];
	unsigned i, critical, n = 0;
	size_t sz;
	int type;

	for (i = 0;; i++) {
		sz = sizeof(buf) - 1;
		if (crt != NULL)
			type = gnutls_x509_crt_get_subject_alt_name(crt, i, buf,
								    &sz,
								    &critical);
		else
			type = gnutls_x509_crq_get_subject_alt_name(crq, i, buf,
								    &sz, NULL,
								    &critical);
		if (type == GNUTLS_E_SHORT_MEMORY_BUFFER)
			continue;
		if (type < 0)
			break;
		buf[sz] = '\0';
		n++;
		if (each(arg, type, buf, sz) != 0)
			break;
	}
	return n;
}

unsigned
mtls_ekus_each(gnutls_x509_crt_t crt, gnutls_x509_crq_t crq,
	       void (*each)(void *arg, const char *oid), void *arg)
{
	char oid[128];
	unsigned i, critical;
	size_t sz;
	int ret;

	for (i = 0;; i++) {
		sz = sizeof(oid);
		if (crt != NULL)
			ret = gnutls_x509_crt_get_key_purpose_oid(crt, i, oid,
								  &sz,
								  &critical);
		else
			ret = gnutls_x509_crq_get_key_purpose_oid(crq, i, oid,
								  &sz,
								  &critical);
		if (ret < 0)
			break;
		if (each != NULL)
			each(arg, oid);
	}
	return i;
}

const char *
mtls_purpose_oid_name(const char *oid)
{
	static const struct {
		const char *oid, *name;
	} names[] = {
		{ GNUTLS_KP_TLS_WWW_SERVER, "server auth" },
		{ GNUTLS_KP_TLS_WWW_CLIENT, "client auth" },
		{ GNUTLS_KP_CODE_SIGNING, "code signing" },
		{ GNUTLS_KP_EMAIL_PROTECTION, "email protection" },
		{ GNUTLS_KP_TIME_STAMPING, "time stamping" },
		{ GNUTLS_KP_OCSP_SIGNING, "OCSP signing" },
		{ GNUTLS_KP_IPSEC_IKE, "IPsec IKE" },
		{ GNUTLS_KP_ANY, "any" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(oid, names[i].oid) == 0)
			return names[i].name;
	return NULL;
}

bool
mtls_crt_is_ca(gnutls_x509_crt_t crt, struct mtls_err *e)
{
	unsigned critical = 0, ca = 0, usage = 0;
	int pathlen = -1, ret;
	char subject[MTLS_NAME_MAX];

	mtls_crt_subject(crt, subject, sizeof(subject));
	ret = gnutls_x509_crt_get_basic_constraints(crt, &critical, &ca,
						    &pathlen);
	if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) {
		mtls_err_set(e,
			     "'%s' is not a CA certificate (it has no "
			     "basicConstraints extension)",
			     subject);
		return false;
	}
	if (ret < 0) {
		mtls_err_gnutls(e, ret, "'%s': malformed basicConstraints",
				subject);
		return false;
	}
	if (!ca) {
		mtls_err_set(e,
			     "'%s' is not a CA certificate "
			     "(basicConstraints CA:FALSE)",
			     subject);
		return false;
	}
	ret = gnutls_x509_crt_get_key_usage(crt, &usage, &critical);
	if (ret >= 0 && !(usage & GNUTLS_KEY_KEY_CERT_SIGN)) {
		mtls_err_set(e,
			     "'%s' may not sign certificates (its key usage "
			     "lacks keyCertSign)",
			     subject);
		return false;
	}
	return true;
}

void
mtls_pubkey_describe(gnutls_pubkey_t pub, char *buf, size_t size)
{
	unsigned bits = 0;
	int pk = gnutls_pubkey_get_pk_algorithm(pub, &bits);
	gnutls_ecc_curve_t curve;

	switch (pk) {
	case GNUTLS_PK_RSA:
	case GNUTLS_PK_RSA_PSS:
		snprintf(buf, size, "%s %u",
			 pk == GNUTLS_PK_RSA ? "RSA" : "RSA-PSS", bits);
		break;
	case GNUTLS_PK_ECDSA:
		if (gnutls_pubkey_export_ecc_raw2(pub, &curve, NULL, NULL, 0) <
		    0)
			curve = GNUTLS_ECC_CURVE_INVALID;
		switch (curve) {
		case GNUTLS_ECC_CURVE_SECP256R1:
			snprintf(buf, size, "ECDSA P-256");
			break;
		case GNUTLS_ECC_CURVE_SECP384R1:
			snprintf(buf, size, "ECDSA P-384");
			break;
		case GNUTLS_ECC_CURVE_SECP521R1:
			snprintf(buf, size, "ECDSA P-521");
			break;
		default:
			snprintf(buf, size, "ECDSA %s",
				 gnutls_ecc_curve_get_name(curve)
					 ? gnutls_ecc_curve_get_name(curve)
					 : "?");
		}
		break;
	case GNUTLS_PK_EDDSA_ED25519:
		snprintf(buf, size, "Ed25519");
		break;
	case GNUTLS_PK_EDDSA_ED448:
		snprintf(buf, size, "Ed448");
		break;
	default:
		snprintf(buf, size, "%s %u",
			 gnutls_pk_get_name(pk) ? gnutls_pk_get_name(pk) : "?",
			 bits);
	}
}

bool
mtls_san_describe(int type, const void *raw, size_t len, char *buf, size_t size)
{
	char ip[INET6_ADDRSTRLEN];

	switch (type) {
	case GNUTLS_SAN_DNSNAME:
		snprintf(buf, size, "DNS:%.*s", (int)len, (const char *)raw);
		return true;
	case GNUTLS_SAN_RFC822NAME:
		snprintf(buf, size, "email:%.*s", (int)len, (const char *)raw);
		return true;
	case GNUTLS_SAN_URI:
		snprintf(buf, size, "URI:%.*s", (int)len, (const char *)raw);
		return true;
	case GNUTLS_SAN_IPADDRESS:
		if ((len != 4 && len != 16) ||
		    inet_ntop(len == 4 ? AF_INET : AF_INET6, raw, ip,
			      sizeof(ip)) == NULL)
			snprintf(ip, sizeof(ip), "?");
		snprintf(buf, size, "IP:%s", ip);
		return true;
	default:
		return false;
	}
}

/* Append code point CP to OUT as UTF-8; false for what is no character
 * (a surrogate, past U+10FFFF, or NUL, which no name may hold). */
static bool
put_utf8(struct mtls_buf *out, unsigned long cp)
{
	char u[4];
	size_t n;

	if (cp == 0 || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return false;
	if (cp < 0x80) {
		u[0] = (char)cp, n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6), n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12), n = 3;
	} else {
		u[0] = (char)(0xf0 | cp >> 18), n = 4;
	}
	for (size_t i = 1; i < n; i++)
		u[i] = (char)(0x80 | ((cp >> (6 * (n - 1 - i))) & 0x3f));
	mtls_buf_add(out, u, n);
	return true;
}

int
mtls_asn1_string_text(unsigned long tag, const unsigned char *data, size_t len,
		      struct mtls_buf *out)
{
	size_t width, i;

	switch (tag) {
	case MTLS_ASN1_UTF8_STRING:
	case MTLS_ASN1_PRINTABLE_STRING:
	case MTLS_ASN1_IA5_STRING:
	case MTLS_ASN1_VISIBLE_STRING:
	case MTLS_ASN1_NUMERIC_STRING:
		for (i = 0; i < len;) {
			size_t n = mtls_utf8_seq_len(data + i, len - i);

			if (n == 0 || data[i] == 0 ||
			    (tag != MTLS_ASN1_UTF8_STRING && data[i] >= 0x80))
				return -1;
			i += n;
		}
		mtls_buf_add(out, data, len);
		return out->failed ? -1 : 0;
	case MTLS_ASN1_BMP_STRING:
		width = 2;
		break;
	case MTLS_ASN1_UNIVERSAL_STRING:
		width = 4;
		break;
	default:
		/* TeletexString and the rest: no agreed reading. */
		return -1;
	}
	if (len % width != 0)
		return -1;
	for (i = 0; i < len; i += width) {
		unsigned long cp = 0;

		for (size_t k = 0; k < width; k++)
			cp = cp << 8 | data[i + k];
		if (!put_utf8(out, cp))
			return -1;
	}
	return out->failed ? -1 : 0;
}

unsigned
mtls_crl_urls_each(gnutls_x509_crt_t crt,
		   void (*each)(void *arg, const char *url), void *arg)
{
	char buf[MTLS_SAN_MAX];
	unsigned n = 0, flags, critical;

	for (unsigned i = 0;; i++) {
		size_t size = sizeof(buf) - 1;
		int type = gnutls_x509_crt_get_crl_dist_points(crt, i, buf,
							       &size, &flags,
							       &critical);

		if (type == GNUTLS_E_SHORT_MEMORY_BUFFER)
			continue;
		if (type < 0)
			break;
		if (type != GNUTLS_SAN_URI)
			continue;
		buf[size] = '\0';
		n++;
		if (each != NULL)
			each(arg, buf);
	}
	return n;
}

unsigned
mtls_ca_issuers_each(gnutls_x509_crt_t crt,
		     void (*each)(void *arg, const char *url), void *arg)
{
	char buf[MTLS_SAN_MAX];
	unsigned n = 0, critical;

	for (unsigned i = 0;; i++) {
		gnutls_datum_t method = { NULL, 0 }, uri = { NULL, 0 };
		int ret = gnutls_x509_crt_get_authority_info_access(
			crt, i, GNUTLS_IA_ACCESSMETHOD_OID, &method, &critical);

		if (ret < 0)
			break;
		/* The data are counted; GnuTLS may count an OID's NUL,
		 * and a URI has none. */
		if (method.size >= strlen(GNUTLS_OID_AD_CAISSUERS) &&
		    memcmp(method.data, GNUTLS_OID_AD_CAISSUERS,
			   strlen(GNUTLS_OID_AD_CAISSUERS)) == 0 &&
		    (method.size == strlen(GNUTLS_OID_AD_CAISSUERS) ||
		     method.data[strlen(GNUTLS_OID_AD_CAISSUERS)] == 0) &&
		    gnutls_x509_crt_get_authority_info_access(
			    crt, i, GNUTLS_IA_URI, &uri, &critical) >= 0 &&
		    uri.size < sizeof(buf)) {
			memcpy(buf, uri.data, uri.size);
			buf[uri.size] = '\0';
			n++;
			if (each != NULL)
				each(arg, buf);
		}
		gnutls_free(method.data);
		gnutls_free(uri.data);
	}
	return n;
}

int
mtls_crt_serial_hex(gnutls_x509_crt_t crt, char *buf, size_t size)
{
	unsigned char raw[MTLS_SERIAL_RAW_MAX];
	size_t n = mtls_crt_serial_raw(crt, raw, sizeof(raw));

	if (n == 0 || size < 2 * n + 1)
		return -1;
	mtls_serial_hex(raw, n, buf, size);
	return 0;
}
