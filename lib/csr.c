/*
 * csr.c -- certificate requests: making them with an exact subject,
 * checking their self-signature, and reading what they ask for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "der.h"
#include "mtls_internal.h"

/* An unsigned request carrying NAME_DER and PUB. */
static int
crq_carrier(const gnutls_datum_t *name_der, gnutls_pubkey_t pub,
	    gnutls_x509_crq_t *out, struct mtls_err *e)
{
	/* GnuTLS has no setter for a whole encoded Name, but imports one in a
	 * request; the placeholder signature is replaced when it is signed. */
	static const unsigned char version0[] = { 0x02, 0x01, 0x00 };
	static const unsigned char no_attributes[] = { 0xa0, 0x00 };
	static const unsigned char empty_bits[] = { 0x00 };
	struct der_buf info = { 0 }, body = { 0 }, alg = { 0 }, req = { 0 };
	gnutls_datum_t spki = { NULL, 0 }, der;
	gnutls_x509_crq_t crq = NULL;
	int ret, rv = -1;

	*out = NULL;
	ret = gnutls_pubkey_export2(pub, GNUTLS_X509_FMT_DER, &spki);
	if (ret < 0)
		return mtls_err_gnutls(e, ret, "cannot encode the public key");
	der_put(&body, version0, sizeof(version0));
	der_put(&body, name_der->data, name_der->size);
	der_put(&body, spki.data, spki.size);
	der_put(&body, no_attributes, sizeof(no_attributes));
	der_put_tlv(&info, DER_SEQUENCE, body.data, body.len);
	der_free(&body);
	der_put(&body, info.data, info.len);
	der_put_oid(&alg, "1.2.840.10045.4.3.2");
	der_put_tlv(&body, DER_SEQUENCE, alg.data, alg.len);
	der_put_tlv(&body, DER_BIT_STRING, empty_bits, sizeof(empty_bits));
	der_put_tlv(&req, DER_SEQUENCE, body.data, body.len);
	if (info.failed || body.failed || alg.failed || req.failed) {
		mtls_err_set(e, "out of memory");
		goto out;
	}
	ret = gnutls_x509_crq_init(&crq);
	if (ret < 0) {
		mtls_err_gnutls(e, ret, "cannot make a request");
		goto out;
	}
	der.data = req.data;
	der.size = (unsigned)req.len;
	ret = gnutls_x509_crq_import(crq, &der, GNUTLS_X509_FMT_DER);
	if (ret < 0) {
		mtls_err_gnutls(e, ret, "cannot encode the subject");
		goto out;
	}
	*out = crq;
	crq = NULL;
	rv = 0;
out:
	gnutls_x509_crq_deinit(crq);
	gnutls_free(spki.data);
	der_free(&info);
	der_free(&body);
	der_free(&alg);
	der_free(&req);
	return rv;
}

static int
crq_sign(gnutls_x509_crq_t crq, gnutls_privkey_t key, struct mtls_err *e)
{
	gnutls_digest_algorithm_t dig;
	int ret;

	if (mtls_key_sign_digest(key, &dig, e) != 0)
		return -1;
	ret = gnutls_x509_crq_privkey_sign(crq, key, dig, 0);
	if (ret < 0)
		return mtls_err_gnutls(e, ret, "cannot sign the request");
	return 0;
}

/* An unsigned request for NAME_DER and the public half of KEY. */
static int
carrier_for_key(const gnutls_datum_t *name_der, gnutls_privkey_t key,
		gnutls_x509_crq_t *out, struct mtls_err *e)
{
	gnutls_pubkey_t pub = NULL;
	int ret;

	*out = NULL;
	ret = gnutls_pubkey_init(&pub);
	if (ret >= 0)
		ret = gnutls_pubkey_import_privkey(pub, key, 0, 0);
	if (ret < 0) {
		gnutls_pubkey_deinit(pub);
		return mtls_err_gnutls(e, ret, "cannot read the public key");
	}
	ret = crq_carrier(name_der, pub, out, e);
	gnutls_pubkey_deinit(pub);
	return ret;
}

/* Put the SAN extension SAN_DER (when not empty) into *CRQ and sign it
 * with KEY; on failure *CRQ is freed and NULL. */
static int
finish(gnutls_x509_crq_t *crq, const gnutls_datum_t *san_der, unsigned critical,
       gnutls_privkey_t key, struct mtls_err *e)
{
	int ret = 0;

	if (san_der->size > 0)
		ret = gnutls_x509_crq_set_extension_by_oid(*crq, "2.5.29.17",
							   san_der->data,
							   san_der->size,
							   critical);
	if (ret < 0)
		mtls_err_gnutls(e, ret, "cannot add the SANs");
	if (ret < 0 || crq_sign(*crq, key, e) != 0) {
		gnutls_x509_crq_deinit(*crq);
		*crq = NULL;
		return -1;
	}
	return 0;
}

int
mtls_csr_from_name(const gnutls_datum_t *name_der, gnutls_privkey_t key,
		   gnutls_x509_crq_t *out, struct mtls_err *e)
{
	const gnutls_datum_t none = { NULL, 0 };

	if (carrier_for_key(name_der, key, out, e) != 0)
		return -1;
	return finish(out, &none, 0, key, e);
}

int
mtls_csr_build(const char *subject, const struct mtls_sans *sans,
	       gnutls_privkey_t key, gnutls_x509_crq_t *out, struct mtls_err *e)
{
	struct mtls_sans all = { NULL, 0 };
	gnutls_datum_t name = { NULL, 0 }, ext = { NULL, 0 };
	gnutls_x509_crq_t crq = NULL;
	int rv = -1;

	*out = NULL;
	if (mtls_name_encode(subject, &name, e) != 0 ||
	    carrier_for_key(&name, key, &crq, e) != 0)
		goto out;
	if ((sans != NULL && mtls_sans_copy(&all, sans, e) != 0) ||
	    mtls_sans_default_from_crq(&all, crq, e) != 0 ||
	    (all.n > 0 && mtls_sans_export(&all, &ext, e) != 0))
		goto out;
	if (finish(&crq, &ext, 0, key, e) != 0)
		goto out;
	*out = crq;
	crq = NULL;
	rv = 0;
out:
	gnutls_x509_crq_deinit(crq);
	gnutls_free(name.data);
	gnutls_free(ext.data);
	mtls_sans_free(&all);
	return rv;
}

int
mtls_csr_check(gnutls_x509_crq_t crq, const char *name, struct mtls_err *e)
{
	unsigned bits = 0;
	int ret = gnutls_x509_crq_verify(crq, 0);

	if (ret < 0)
		return mtls_err_set(e,
				    "'%s': the request's signature does not "
				    "verify (it was altered or is corrupt)",
				    name);
	/* A CA vouches for the key it certifies: not for a weak one. */
	ret = gnutls_x509_crq_get_pk_algorithm(crq, &bits);
	switch (ret) {
	case GNUTLS_PK_RSA:
	case GNUTLS_PK_RSA_PSS:
		if (bits < 2048)
			return mtls_err_set(e,
					    "'%s': the request's RSA key has "
					    "%u bits; at least 2048 are "
					    "required",
					    name, bits);
		return 0;
	case GNUTLS_PK_ECDSA:
		if (bits < 256)
			return mtls_err_set(e,
					    "'%s': the request's ECDSA key "
					    "has %u bits; at least 256 are "
					    "required",
					    name, bits);
		return 0;
	case GNUTLS_PK_EDDSA_ED25519:
	case GNUTLS_PK_EDDSA_ED448:
		return 0;
	default:
		return mtls_err_set(e,
				    "'%s': the request's key type (%s) is "
				    "not supported; use RSA, ECDSA or "
				    "EdDSA",
				    name,
				    ret >= 0 && gnutls_pk_get_name(ret)
					    ? gnutls_pk_get_name(ret)
					    : "unknown");
	}
}

int
mtls_csr_get_sans(gnutls_x509_crq_t crq, struct mtls_sans *out,
		  struct mtls_err *e)
{
	gnutls_datum_t der = { NULL, 0 };
	int ret, rv;

	mtls_sans_free(out);
	ret = gnutls_x509_crq_get_extension_by_oid2(crq, "2.5.29.17", 0, &der,
						    NULL);
	if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
		return 0;
	if (ret < 0)
		return mtls_err_gnutls(e, ret,
				       "cannot read the requested SANs");
	rv = mtls_sans_import(out, &der, e);
	gnutls_free(der.data);
	return rv;
}

void
mtls_csr_brief(gnutls_x509_crq_t crq, char *buf, size_t size)
{
	char subject[MTLS_NAME_MAX], key[64];

	mtls_key_describe(NULL, crq, key, sizeof(key));
	mtls_csr_subject(crq, subject, sizeof(subject));
	snprintf(buf, size, "'%s' (%s)", subject, key);
}

int
mtls_csr_export_pem(gnutls_x509_crq_t crq, gnutls_datum_t *out,
		    struct mtls_err *e)
{
	int ret = gnutls_x509_crq_export2(crq, GNUTLS_X509_FMT_PEM, out);

	if (ret < 0)
		return mtls_err_gnutls(e, ret, "cannot encode the request");
	return 0;
}

int
mtls_csr_renew(gnutls_x509_crt_t crt, const struct mtls_sans *sans,
	       gnutls_privkey_t key, gnutls_x509_crq_t *out, struct mtls_err *e)
{
	unsigned char raw[MTLS_FILE_MAX / 256];
	size_t raw_size = sizeof(raw);
	gnutls_datum_t name = { NULL, 0 }, der = { NULL, 0 }, ext;
	gnutls_x509_crq_t crq = NULL;
	unsigned critical = 0;
	int ret, rv = -1;

	*out = NULL;
	/* The subject as the certificate encodes it, byte for byte. */
	ret = gnutls_x509_crt_get_raw_dn(crt, &name);
	if (ret < 0)
		return mtls_err_gnutls(e, ret,
				       "cannot read the certificate's "
				       "subject");
	if (carrier_for_key(&name, key, &crq, e) != 0)
		goto out;
	if (sans != NULL && sans->n > 0) {
		if (mtls_sans_export(sans, &der, e) != 0)
			goto out;
		ext = der;
	} else {
		/* The certificate's SANs, as it encodes them. */
		ret = gnutls_x509_crt_get_extension_by_oid(crt, "2.5.29.17", 0,
							   raw, &raw_size,
							   &critical);
		if (ret < 0 && ret != GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) {
			mtls_err_gnutls(e, ret, "cannot copy the SANs");
			goto out;
		}
		ext.data = raw;
		ext.size = ret < 0 ? 0 : (unsigned)raw_size;
	}
	if (finish(&crq, &ext, critical, key, e) != 0)
		goto out;
	*out = crq;
	crq = NULL;
	rv = 0;
out:
	gnutls_x509_crq_deinit(crq);
	gnutls_free(name.data);
	gnutls_free(der.data);
	return rv;
}
