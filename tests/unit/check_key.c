/*
 * check_key.c -- key.c: the --key-type, --bits and --curve parsers, and
 * the keys they make.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <string.h>

#include "mtls_internal.h"
#include "suites.h"

/* Which parser a row is for. */
enum key_field { TYPE, BITS, CURVE };

struct keyspec_row {
	enum key_field field;
	const char *text;
	int want_rv;
	unsigned want; /* the pk, bits or curve set; on failure, the message */
	const char *want_msg;
};

static const struct keyspec_row keyspec_rows[] = {
	{ TYPE, "rsa", 0, GNUTLS_PK_RSA, NULL },
	{ TYPE, "RSA", 0, GNUTLS_PK_RSA, NULL },
	{ TYPE, "ecdsa", 0, GNUTLS_PK_ECDSA, NULL },
	{ TYPE, "ec", 0, GNUTLS_PK_ECDSA, NULL },
	{ TYPE, "ed25519", 0, GNUTLS_PK_EDDSA_ED25519, NULL },
	{ TYPE, "Ed25519", 0, GNUTLS_PK_EDDSA_ED25519, NULL },
	{ TYPE, "dsa", -1, 0,
	  "unknown key type 'dsa' (use rsa, ecdsa or ed25519)" },
	{ TYPE, "ed448", -1, 0,
	  "unknown key type 'ed448' (use rsa, ecdsa or ed25519)" },
	{ TYPE, "", -1, 0, "unknown key type '' (use rsa, ecdsa or ed25519)" },

	{ BITS, "2048", 0, 2048, NULL },
	{ BITS, "3072", 0, 3072, NULL },
	{ BITS, "4096", 0, 4096, NULL },
	{ BITS, "8192", 0, 8192, NULL },
	{ BITS, "2047", -1, 0,
	  "RSA keys of 2047 bits are too weak; use at least 2048" },
	{ BITS, "1024", -1, 0,
	  "RSA keys of 1024 bits are too weak; use at least 2048" },
	{ BITS, "0", -1, 0,
	  "RSA keys of 0 bits are too weak; use at least 2048" },
	{ BITS, "-4096", -1, 0,
	  "RSA keys of -4096 bits are too weak; use at least 2048" },
	{ BITS, "8193", -1, 0,
	  "RSA keys of 8193 bits are not supported; use at most 8192" },
	{ BITS, "16384", -1, 0,
	  "RSA keys of 16384 bits are not supported; use at most 8192" },
	{ BITS, "", -1, 0, "invalid number of bits ''" },
	{ BITS, "lots", -1, 0, "invalid number of bits 'lots'" },
	{ BITS, "2048b", -1, 0, "invalid number of bits '2048b'" },
	{ BITS, "99999999999999999999", -1, 0,
	  "invalid number of bits '99999999999999999999'" },

	{ CURVE, "P-256", 0, GNUTLS_ECC_CURVE_SECP256R1, NULL },
	{ CURVE, "p-256", 0, GNUTLS_ECC_CURVE_SECP256R1, NULL },
	{ CURVE, "prime256v1", 0, GNUTLS_ECC_CURVE_SECP256R1, NULL },
	{ CURVE, "secp256r1", 0, GNUTLS_ECC_CURVE_SECP256R1, NULL },
	{ CURVE, "P-384", 0, GNUTLS_ECC_CURVE_SECP384R1, NULL },
	{ CURVE, "secp384r1", 0, GNUTLS_ECC_CURVE_SECP384R1, NULL },
	{ CURVE, "P-521", 0, GNUTLS_ECC_CURVE_SECP521R1, NULL },
	{ CURVE, "secp521r1", 0, GNUTLS_ECC_CURVE_SECP521R1, NULL },
	{ CURVE, "P-224", -1, 0,
	  "unknown curve 'P-224' (use P-256, P-384 or P-521)" },
	{ CURVE, "secp256k1", -1, 0,
	  "unknown curve 'secp256k1' (use P-256, P-384 or P-521)" },
	{ CURVE, "P256", -1, 0,
	  "unknown curve 'P256' (use P-256, P-384 or P-521)" },
	{ CURVE, "", -1, 0, "unknown curve '' (use P-256, P-384 or P-521)" },
};

/* A parser sets its one field, and on failure changes nothing. */
START_TEST(test_keyspec)
{
	const struct keyspec_row *r = &keyspec_rows[_i];
	const struct mtls_keyspec def = MTLS_KEYSPEC_DEFAULT;
	struct mtls_keyspec spec = MTLS_KEYSPEC_DEFAULT, want = def;
	struct mtls_err e = { 0 };
	int rv = 0;

	switch (r->field) {
	case TYPE:
		rv = mtls_keyspec_set_type(&spec, r->text, &e);
		want.pk = r->want;
		break;
	case BITS:
		rv = mtls_keyspec_set_bits(&spec, r->text, &e);
		want.bits = r->want;
		break;
	case CURVE:
		rv = mtls_keyspec_set_curve(&spec, r->text, &e);
		want.curve = r->want;
		break;
	}
	ck_assert_msg(rv == r->want_rv, "'%s': returned %d, want %d (%s)",
		      r->text, rv, r->want_rv, e.msg);
	if (rv != 0) {
		want = def;
		ck_assert_str_eq(e.msg, r->want_msg);
	}
	ck_assert_int_eq(spec.pk, want.pk);
	ck_assert_uint_eq(spec.bits, want.bits);
	ck_assert_int_eq(spec.curve, want.curve);
}
END_TEST

/* The default is what doc/DESIGN.md promises: ECDSA P-256, RSA at 3072. */
START_TEST(test_keyspec_default)
{
	const struct mtls_keyspec spec = MTLS_KEYSPEC_DEFAULT;

	ck_assert_int_eq(spec.pk, GNUTLS_PK_ECDSA);
	ck_assert_int_eq(spec.curve, GNUTLS_ECC_CURVE_SECP256R1);
	ck_assert_uint_eq(spec.bits, 3072);
}
END_TEST

struct generate_row {
	const char *type, *bits_or_curve;
	const char *want_describe;
};

static const struct generate_row generate_rows[] = {
	{ "ecdsa", "P-256", "ECDSA P-256" },
	{ "ecdsa", "P-384", "ECDSA P-384" },
	{ "ecdsa", "P-521", "ECDSA P-521" },
	{ "ed25519", NULL, "Ed25519" },
	{ "rsa", "2048", "RSA 2048" },
};

/* A spec makes the key it names, and the key signs for itself. */
START_TEST(test_generate)
{
	const struct generate_row *r = &generate_rows[_i];
	struct mtls_keyspec spec = MTLS_KEYSPEC_DEFAULT;
	struct mtls_err e = { 0 };
	gnutls_x509_privkey_t x509key;
	gnutls_privkey_t key;
	gnutls_pubkey_t pub;
	gnutls_datum_t pem = { NULL, 0 };
	char desc[64];

	ck_assert_int_eq(mtls_keyspec_set_type(&spec, r->type, &e), 0);
	if (r->bits_or_curve != NULL && spec.pk == GNUTLS_PK_RSA)
		ck_assert_int_eq(mtls_keyspec_set_bits(&spec, r->bits_or_curve,
						       &e),
				 0);
	else if (r->bits_or_curve != NULL)
		ck_assert_int_eq(mtls_keyspec_set_curve(&spec, r->bits_or_curve,
							&e),
				 0);
	ck_assert_msg(mtls_key_generate(&spec, &x509key, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(gnutls_x509_privkey_get_pk_algorithm(x509key),
			 (int)spec.pk);
	ck_assert_int_eq(mtls_key_export_pem(x509key, &pem, &e), 0);
	ck_assert_ptr_nonnull(strstr((char *)pem.data,
				     "-----BEGIN PRIVATE KEY-----"));
	mtls_datum_wipe(&pem);
	ck_assert_ptr_null(pem.data);

	ck_assert_int_eq(mtls_key_from_x509(x509key, &key, &e), 0);
	gnutls_x509_privkey_deinit(x509key);
	ck_assert_int_eq(gnutls_pubkey_init(&pub), 0);
	ck_assert_int_eq(gnutls_pubkey_import_privkey(pub, key, 0, 0), 0);
	mtls_pubkey_describe(pub, desc, sizeof(desc));
	ck_assert_str_eq(desc, r->want_describe);
	gnutls_pubkey_deinit(pub);
	gnutls_privkey_deinit(key);
}
END_TEST

#define ROWS(a) (int)(sizeof(a) / sizeof((a)[0]))

Suite *
key_suite(void)
{
	Suite *s = suite_create("key");
	TCase *tc;

	tc = tcase_create("keyspec");
	tcase_add_loop_test(tc, test_keyspec, 0, ROWS(keyspec_rows));
	tcase_add_test(tc, test_keyspec_default);
	suite_add_tcase(s, tc);
	tc = tcase_create("generate");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_generate, 0, ROWS(generate_rows));
	suite_add_tcase(s, tc);
	return s;
}
