/*
 * key.c -- private keys: what kind to make, making them, loading them from
 * files or PKCS#11 tokens, and telling whether one belongs to a certificate.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gnutls/pkcs11.h>

#include "mtls_internal.h"

int
mtls_keyspec_set_type(struct mtls_keyspec *spec, const char *text,
		      struct mtls_err *e)
{
	if (strcasecmp(text, "ecdsa") == 0 || strcasecmp(text, "ec") == 0)
		spec->pk = GNUTLS_PK_ECDSA;
	else if (strcasecmp(text, "rsa") == 0)
		spec->pk = GNUTLS_PK_RSA;
	else if (strcasecmp(text, "ed25519") == 0)
		spec->pk = GNUTLS_PK_EDDSA_ED25519;
	else
		return mtls_err_set(e,
				    "unknown key type '%s' (use rsa, ecdsa "
				    "or ed25519)",
				    text);
	return 0;
}

int
mtls_keyspec_set_bits(struct mtls_keyspec *spec, const char *text,
		      struct mtls_err *e)
{
	char *end;
	long bits;

	errno = 0;
	bits = strtol(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0')
		return mtls_err_set(e, "invalid number of bits '%s'", text);
	if (bits < 2048)
		return mtls_err_set(e,
				    "RSA keys of %ld bits are too weak; use "
				    "at least 2048",
				    bits);
	if (bits > 8192)
		return mtls_err_set(e,
				    "RSA keys of %ld bits are not supported; "
				    "use at most 8192",
				    bits);
	spec->bits = (unsigned)bits;
	return 0;
}

int
mtls_keyspec_set_curve(struct mtls_keyspec *spec, const char *text,
		       struct mtls_err *e)
{
	if (strcasecmp(text, "P-256") == 0 ||
	    strcasecmp(text, "prime256v1") == 0 ||
	    strcasecmp(text, "secp256r1") == 0)
		spec->curve = GNUTLS_ECC_CURVE_SECP256R1;
	else if (strcasecmp(text, "P-384") == 0 ||
		 strcasecmp(text, "secp384r1") == 0)
		spec->curve = GNUTLS_ECC_CURVE_SECP384R1;
	else if (strcasecmp(text, "P-521") == 0 ||
		 strcasecmp(text, "secp521r1") == 0)
		spec->curve = GNUTLS_ECC_CURVE_SECP521R1;
	else
		return mtls_err_set(e,
				    "unknown curve '%s' (use P-256, P-384 "
				    "or P-521)",
				    text);
	return 0;
}

int
mtls_key_generate(const struct mtls_keyspec *spec, gnutls_x509_privkey_t *out,
		  struct mtls_err *e)
{
	gnutls_x509_privkey_t key;
	unsigned bits;
	int ret;

	*out = NULL;
	switch (spec->pk) {
	case GNUTLS_PK_RSA:
		bits = spec->bits;
		break;
	case GNUTLS_PK_ECDSA:
		bits = GNUTLS_CURVE_TO_BITS(spec->curve);
		break;
	case GNUTLS_PK_EDDSA_ED25519:
		bits = GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_ED25519);
		break;
	default:
		return mtls_err_set(e, "unsupported key type");
	}
	ret = gnutls_x509_privkey_init(&key);
	if (ret < 0)
		return mtls_err_gnutls(e, ret, "cannot make a key");
	ret = gnutls_x509_privkey_generate2(key, spec->pk, bits, 0, NULL, 0);
	if (ret < 0) {
		gnutls_x509_privkey_deinit(key);
		return mtls_err_gnutls(e, ret, "cannot make a key");
	}
	*out = key;
	return 0;
}

int
mtls_key_export_pem(gnutls_x509_privkey_t key, gnutls_datum_t *out,
		    struct mtls_err *e)
{
	int ret;

	ret = gnutls_x509_privkey_export2_pkcs8(key, GNUTLS_X509_FMT_PEM, NULL,
						GNUTLS_PKCS_PLAIN, out);
	if (ret < 0)
		return mtls_err_gnutls(e, ret, "cannot encode the key");
	return 0;
}

int
mtls_key_check_strength(gnutls_privkey_t key, const char *name,
			struct mtls_err *e)
{
	unsigned bits = 0;
	int pk = gnutls_privkey_get_pk_algorithm(key, &bits);

	switch (pk) {
	case GNUTLS_PK_RSA:
	case GNUTLS_PK_RSA_PSS:
		if (bits != 0 && bits < 2048)
			return mtls_err_set(e,
					    "'%s': an RSA key of %u bits is "
					    "too weak; use at least 2048",
					    name, bits);
		return 0;
	case GNUTLS_PK_ECDSA:
	case GNUTLS_PK_EDDSA_ED25519:
	case GNUTLS_PK_EDDSA_ED448:
		return 0;
	default:
		return mtls_err_set(e,
				    "'%s': unsupported key type (%s); use "
				    "RSA, ECDSA or Ed25519",
				    name,
				    pk >= 0 && gnutls_pk_get_name(pk)
					    ? gnutls_pk_get_name(pk)
					    : "unknown");
	}
}

int
mtls_key_obtain(const char *key_path, const char *pass,
		const struct mtls_keyspec *spec, gnutls_privkey_t *key,
		gnutls_datum_t *new_pem, struct mtls_err *e)
{
	gnutls_x509_privkey_t xkey = NULL;
	int rv = -1;

	new_pem->data = NULL;
	new_pem->size = 0;
	if (key_path != NULL) {
		if (mtls_key_load(key_path, pass, key, e) != 0)
			return -1;
		if (mtls_key_check_strength(*key,
					    mtls_file_name(key_path, false),
					    e) != 0) {
			gnutls_privkey_deinit(*key);
			*key = NULL;
			return -1;
		}
		return 0;
	}
	if (mtls_key_generate(spec, &xkey, e) != 0)
		return -1;
	if (mtls_key_export_pem(xkey, new_pem, e) != 0 ||
	    mtls_key_from_x509(xkey, key, e) != 0) {
		mtls_datum_wipe(new_pem);
		goto out;
	}
	rv = 0;
out:
	gnutls_x509_privkey_deinit(xkey);
	return rv;
}

int
mtls_key_pem_encrypt(gnutls_datum_t *pem, const char *pass, struct mtls_err *e)
{
	gnutls_x509_privkey_t xkey = NULL;
	gnutls_datum_t enc = { NULL, 0 };
	int ret;

	if (pass == NULL || pass[0] == '\0')
		return mtls_err_set(e, "an empty passphrase protects nothing");
	ret = gnutls_x509_privkey_init(&xkey);
	if (ret >= 0)
		ret = gnutls_x509_privkey_import2(xkey, pem,
						  GNUTLS_X509_FMT_PEM, NULL,
						  GNUTLS_PKCS_PLAIN);
	/* PKCS#8 with PBES2: AES-256-CBC, the key from PBKDF2. */
	if (ret >= 0)
		ret = gnutls_x509_privkey_export2_pkcs8(
			xkey, GNUTLS_X509_FMT_PEM, pass,
			GNUTLS_PKCS_PBES2_AES_256, &enc);
	gnutls_x509_privkey_deinit(xkey);
	if (ret < 0)
		return mtls_err_gnutls(e, ret, "cannot encrypt the key");
	mtls_datum_wipe(pem);
	*pem = enc;
	return 0;
}

void
mtls_datum_wipe(gnutls_datum_t *d)
{
	if (d->data != NULL) {
		gnutls_memset(d->data, 0, d->size);
		gnutls_free(d->data);
	}
	d->data = NULL;
	d->size = 0;
}

int
mtls_key_from_x509(gnutls_x509_privkey_t key, gnutls_privkey_t *out,
		   struct mtls_err *e)
{
	gnutls_privkey_t pk;
	int ret;

	*out = NULL;
	ret = gnutls_privkey_init(&pk);
	if (ret < 0)
		return mtls_err_gnutls(e, ret, "cannot use the key");
	ret = gnutls_privkey_import_x509(pk, key, GNUTLS_PRIVKEY_IMPORT_COPY);
	if (ret < 0) {
		gnutls_privkey_deinit(pk);
		return mtls_err_gnutls(e, ret, "cannot use the key");
	}
	*out = pk;
	return 0;
}

static int
load_pkcs11(const char *url, gnutls_privkey_t *out, struct mtls_err *e)
{
	gnutls_privkey_t pk;
	int ret;

	ret = gnutls_privkey_init(&pk);
	if (ret < 0)
		return mtls_err_gnutls(e, ret, "cannot load key '%s'", url);
	ret = gnutls_privkey_import_url(pk, url, 0);
	if (ret < 0) {
		gnutls_privkey_deinit(pk);
		if (ret == GNUTLS_E_PKCS11_PIN_ERROR ||
		    ret == GNUTLS_E_PKCS11_USER_ERROR) {
			mtls_err_gnutls(e, ret,
					"cannot log in to the token "
					"of '%s'",
					url);
			e->hint = MTLS_HINT_PIN;
			return -1;
		}
		return mtls_err_gnutls(e, ret, "cannot load key '%s'", url);
	}
	*out = pk;
	return 0;
}

int
mtls_key_load_x509(const char *path, const char *pass,
		   gnutls_x509_privkey_t *out, struct mtls_err *e)
{
	const char *name = mtls_file_name(path, false);
	gnutls_datum_t data = { NULL, 0 };
	enum mtls_object_kind kind;
	bool encrypted;
	int ret;

	*out = NULL;
	if (strncmp(path, "pkcs11:", 7) == 0)
		return mtls_err_set(e, "'%s': a key in a token cannot leave it",
				    path);
	if (mtls_file_read(path, &data, e) != 0)
		return -1;
	encrypted = strstr((char *)data.data, "ENCRYPTED") != NULL;
	ret = gnutls_x509_privkey_init(out);
	if (ret >= 0) {
		ret = gnutls_x509_privkey_import2(*out, &data,
						  GNUTLS_X509_FMT_PEM, pass,
						  pass ? 0 : GNUTLS_PKCS_PLAIN);
		if (ret < 0 && !encrypted)
			ret = gnutls_x509_privkey_import2(
				*out, &data, GNUTLS_X509_FMT_DER, pass,
				pass ? 0 : GNUTLS_PKCS_PLAIN);
	}
	kind = mtls_pem_kind(&data);
	mtls_datum_wipe(&data);
	if (ret >= 0)
		return 0;
	gnutls_x509_privkey_deinit(*out);
	*out = NULL;
	if (encrypted && pass == NULL) {
		mtls_err_set(e,
			     "'%s': the private key is encrypted and no "
			     "passphrase was given",
			     name);
		e->hint = MTLS_HINT_PASSPHRASE;
		return -1;
	}
	if (encrypted)
		return mtls_err_set(e,
				    "'%s': wrong passphrase for the private "
				    "key (or it is damaged)",
				    name);
	if (kind != MTLS_OBJ_UNKNOWN && kind != MTLS_OBJ_KEY)
		return mtls_err_set(e,
				    "'%s': expected a private key, found a %s",
				    name, mtls_object_kind_name(kind));
	return mtls_err_set(e,
			    "'%s': not a private key (PEM or DER PKCS#1, "
			    "PKCS#8 or SEC1)",
			    name);
}

int
mtls_key_load(const char *path_or_url, const char *pass, gnutls_privkey_t *out,
	      struct mtls_err *e)
{
	gnutls_x509_privkey_t xkey = NULL;
	int rv;

	*out = NULL;
	if (strncmp(path_or_url, "pkcs11:", 7) == 0)
		return load_pkcs11(path_or_url, out, e);
	if (mtls_key_load_x509(path_or_url, pass, &xkey, e) != 0)
		return -1;
	rv = mtls_key_from_x509(xkey, out, e);
	if (rv != 0)
		mtls_err_prefix(e, "'%s'", mtls_file_name(path_or_url, false));
	gnutls_x509_privkey_deinit(xkey);
	return rv;
}

/* The hash GnuTLS prefers for signing with KEY (SHA-384 for P-384, ...). */
int
mtls_key_sign_digest(gnutls_privkey_t key, gnutls_digest_algorithm_t *dig,
		     struct mtls_err *e)
{
	gnutls_pubkey_t pub;
	int ret;

	ret = gnutls_pubkey_init(&pub);
	if (ret < 0)
		return mtls_err_gnutls(e, ret, "cannot read the key");
	ret = gnutls_pubkey_import_privkey(pub, key, 0, 0);
	if (ret >= 0)
		ret = gnutls_pubkey_get_preferred_hash_algorithm(pub, dig,
								 NULL);
	gnutls_pubkey_deinit(pub);
	if (ret < 0)
		return mtls_err_gnutls(e, ret,
				       "cannot choose a signature hash");
	return 0;
}

int
mtls_key_matches_crt(gnutls_privkey_t key, gnutls_x509_crt_t crt,
		     struct mtls_err *e)
{
	gnutls_pubkey_t pub = NULL;
	unsigned char a[64], b[64];
	size_t alen = sizeof(a), blen = sizeof(b);
	int ret, rv = -1;

	ret = gnutls_pubkey_init(&pub);
	if (ret < 0)
		return mtls_err_gnutls(e, ret, "cannot read the key");
	ret = gnutls_pubkey_import_privkey(pub, key, 0, 0);
	if (ret < 0) {
		mtls_err_gnutls(e, ret, "cannot read the key's public half");
		goto out;
	}
	ret = gnutls_pubkey_get_key_id(pub, GNUTLS_KEYID_USE_SHA256, a, &alen);
	if (ret >= 0)
		ret = gnutls_x509_crt_get_key_id(crt, GNUTLS_KEYID_USE_SHA256,
						 b, &blen);
	if (ret < 0) {
		mtls_err_gnutls(e, ret, "cannot compare key and certificate");
		goto out;
	}
	rv = alen == blen && memcmp(a, b, alen) == 0;
out:
	gnutls_pubkey_deinit(pub);
	return rv;
}
