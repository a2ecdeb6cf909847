/*
 * p12.c -- PKCS#12 files: a certificate, its key and its chain in one
 * passphrase-protected file for browsers, Java and Windows, made and read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <string.h>

#include <gnutls/pkcs12.h>

#include "mtls_internal.h"

bool
mtls_is_pkcs12(const gnutls_datum_t *data)
{
	gnutls_pkcs12_t p12;
	bool is;

	if (gnutls_pkcs12_init(&p12) < 0)
		return false;
	is = gnutls_pkcs12_import(p12, data, GNUTLS_X509_FMT_DER, 0) >= 0 ||
	     gnutls_pkcs12_import(p12, data, GNUTLS_X509_FMT_PEM, 0) >= 0;
	gnutls_pkcs12_deinit(p12);
	return is;
}

/* A bag holding CRT, named and linked to the key by KEY_ID when given. */
static int
crt_bag(gnutls_pkcs12_t p12, gnutls_x509_crt_t crt, const char *name,
	const gnutls_datum_t *key_id, const char *pass, unsigned enc,
	struct mtls_err *e)
{
	gnutls_pkcs12_bag_t bag = NULL;
	int ret, idx;

	ret = gnutls_pkcs12_bag_init(&bag);
	if (ret >= 0)
		ret = idx = gnutls_pkcs12_bag_set_crt(bag, crt);
	if (ret >= 0 && name != NULL)
		ret = gnutls_pkcs12_bag_set_friendly_name(bag, (unsigned)idx,
							  name);
	if (ret >= 0 && key_id != NULL)
		ret = gnutls_pkcs12_bag_set_key_id(bag, (unsigned)idx, key_id);
	if (ret >= 0)
		ret = gnutls_pkcs12_bag_encrypt(bag, pass, enc);
	if (ret >= 0)
		ret = gnutls_pkcs12_set_bag(p12, bag);
	gnutls_pkcs12_bag_deinit(bag);
	if (ret < 0)
		return mtls_err_gnutls(e, ret,
				       "cannot add a certificate to "
				       "the PKCS#12 file");
	return 0;
}

int
mtls_p12_build(const gnutls_x509_crt_t *chain, size_t n,
	       gnutls_x509_privkey_t key, const char *name, const char *pass,
	       bool legacy, gnutls_datum_t *out, struct mtls_err *e)
{
	/* Modern: AES-256 with PBKDF2 and an HMAC-SHA-256 MAC.  Legacy, for
	 * old Windows, macOS and Java keystores: certificates under
	 * RC2-40, the key under 3DES, an HMAC-SHA-1 MAC. */
	unsigned crt_enc = legacy ? GNUTLS_PKCS_PKCS12_RC2_40
				  : GNUTLS_PKCS_PBES2_AES_256;
	unsigned key_enc = legacy ? GNUTLS_PKCS_PKCS12_3DES
				  : GNUTLS_PKCS_PBES2_AES_256;
	unsigned char id[64];
	size_t idlen = sizeof(id);
	gnutls_datum_t key_id;
	gnutls_pkcs12_t p12 = NULL;
	gnutls_pkcs12_bag_t bag = NULL;
	int ret, idx, rv = -1;

	out->data = NULL;
	out->size = 0;
	if (pass == NULL || pass[0] == '\0')
		return mtls_err_set(e, "a PKCS#12 file needs a passphrase");
	/* The local key ID ties the key to its certificate for importers. */
	ret = gnutls_x509_privkey_get_key_id(key, GNUTLS_KEYID_USE_SHA1, id,
					     &idlen);
	if (ret < 0)
		return mtls_err_gnutls(e, ret,
				       "cannot read the key's "
				       "identifier");
	key_id.data = id;
	key_id.size = (unsigned)idlen;
	ret = gnutls_pkcs12_init(&p12);
	if (ret < 0)
		return mtls_err_gnutls(e, ret, "cannot make a PKCS#12 file");
	if (crt_bag(p12, chain[0], name, &key_id, pass, crt_enc, e) != 0)
		goto out;
	for (size_t i = 1; i < n; i++)
		if (crt_bag(p12, chain[i], NULL, NULL, pass, crt_enc, e) != 0)
			goto out;
	ret = gnutls_pkcs12_bag_init(&bag);
	if (ret >= 0)
		ret = idx =
			gnutls_pkcs12_bag_set_privkey(bag, key, pass, key_enc);
	if (ret >= 0 && name != NULL)
		ret = gnutls_pkcs12_bag_set_friendly_name(bag, (unsigned)idx,
							  name);
	if (ret >= 0)
		ret = gnutls_pkcs12_bag_set_key_id(bag, (unsigned)idx, &key_id);
	if (ret >= 0)
		ret = gnutls_pkcs12_set_bag(p12, bag);
	if (ret >= 0)
		ret = gnutls_pkcs12_generate_mac2(p12,
						  legacy ? GNUTLS_MAC_SHA1
							 : GNUTLS_MAC_SHA256,
						  pass);
	if (ret >= 0)
		ret = gnutls_pkcs12_export2(p12, GNUTLS_X509_FMT_DER, out);
	if (ret < 0) {
		mtls_err_gnutls(e, ret, "cannot make the PKCS#12 file");
		goto out;
	}
	rv = 0;
out:
	gnutls_pkcs12_bag_deinit(bag);
	gnutls_pkcs12_deinit(p12);
	return rv;
}

int
mtls_p12_load(const char *path, const char *pass, gnutls_privkey_t *key,
	      gnutls_x509_crt_t **chain, unsigned *n, struct mtls_err *e)
{
	const char *name = mtls_file_name(path, false);
	gnutls_datum_t data = { NULL, 0 };
	gnutls_x509_privkey_t xkey = NULL;
	gnutls_pkcs12_t p12 = NULL;
	int ret, rv = -1;

	*key = NULL;
	*chain = NULL;
	*n = 0;
	if (mtls_file_read(path, &data, e) != 0)
		return -1;
	ret = gnutls_pkcs12_init(&p12);
	if (ret >= 0) {
		ret = gnutls_pkcs12_import(p12, &data, GNUTLS_X509_FMT_DER, 0);
		if (ret < 0)
			ret = gnutls_pkcs12_import(p12, &data,
						   GNUTLS_X509_FMT_PEM, 0);
	}
	if (ret < 0) {
		mtls_err_gnutls(e, ret, "'%s': not a PKCS#12 file", name);
		goto out;
	}
	if (pass == NULL) {
		mtls_err_set(e,
			     "'%s': a PKCS#12 file and no passphrase was "
			     "given",
			     name);
		e->hint = MTLS_HINT_PASSPHRASE;
		goto out;
	}
	if (gnutls_pkcs12_verify_mac(p12, pass) < 0) {
		mtls_err_set(e,
			     "'%s': wrong passphrase for the PKCS#12 file "
			     "(or it is damaged)",
			     name);
		goto out;
	}
	ret = gnutls_pkcs12_simple_parse(p12, pass, &xkey, chain, n, NULL, NULL,
					 NULL, 0);
	if (ret < 0) {
		mtls_err_gnutls(e, ret,
				"'%s': cannot read the key and "
				"certificate of the PKCS#12 file",
				name);
		goto out;
	}
	if (mtls_key_from_x509(xkey, key, e) != 0) {
		mtls_err_prefix(e, "'%s'", name);
		mtls_crt_list_free(*chain, *n);
		*chain = NULL;
		*n = 0;
		goto out;
	}
	rv = 0;
out:
	gnutls_x509_privkey_deinit(xkey);
	gnutls_pkcs12_deinit(p12);
	mtls_datum_wipe(&data);
	return rv;
}
