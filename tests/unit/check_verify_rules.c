/*
 * check_verify_rules.c -- verify_rules.c's pure parts: which keys are
 * strong enough, with the words for those that are not, and the path
 * length count of RFC 5280 6.1.4 (self-issued intermediates do not
 * count against a pathLenConstraint).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <string.h>

#include "mtls_internal.h"
#include "suites.h"

/* ---- mtls_key_is_strong */

struct key_row {
	gnutls_pk_algorithm_t pk;
	unsigned bits;
	gnutls_ecc_curve_t curve;
	const char *want; /* NULL: strong enough */
};

#define ONLY_CURVES "; only P-256, P-384 and P-521 are accepted"
#define ONLY_KEYS                                                              \
	"; only RSA, ECDSA (P-256, P-384, P-521) and Ed25519 keys are "        \
	"accepted"

static const struct key_row key_rows[] = {
	{ GNUTLS_PK_RSA, 2048, 0, NULL },
	{ GNUTLS_PK_RSA, 3072, 0, NULL },
	{ GNUTLS_PK_RSA, 4096, 0, NULL },
	{ GNUTLS_PK_RSA, 2056, 0, NULL },
	{ GNUTLS_PK_RSA_PSS, 2048, 0, NULL },
	{ GNUTLS_PK_RSA, 2047, 0,
	  "an RSA key of 2047 bits; at least 2048 are required" },
	{ GNUTLS_PK_RSA, 1024, 0,
	  "an RSA key of 1024 bits; at least 2048 are required" },
	{ GNUTLS_PK_RSA, 512, 0,
	  "an RSA key of 512 bits; at least 2048 are required" },
	{ GNUTLS_PK_RSA_PSS, 1024, 0,
	  "an RSA key of 1024 bits; at least 2048 are required" },
	{ GNUTLS_PK_RSA, 2049, 0,
	  "an RSA key of 2049 bits, which is not a multiple of 8" },
	{ GNUTLS_PK_RSA, 2052, 0,
	  "an RSA key of 2052 bits, which is not a multiple of 8" },
	{ GNUTLS_PK_RSA, 4095, 0,
	  "an RSA key of 4095 bits, which is not a multiple of 8" },
	{ GNUTLS_PK_ECDSA, 256, GNUTLS_ECC_CURVE_SECP256R1, NULL },
	{ GNUTLS_PK_ECDSA, 384, GNUTLS_ECC_CURVE_SECP384R1, NULL },
	{ GNUTLS_PK_ECDSA, 521, GNUTLS_ECC_CURVE_SECP521R1, NULL },
	{ GNUTLS_PK_ECDSA, 224, GNUTLS_ECC_CURVE_SECP224R1,
	  "an ECDSA key on the curve SECP224R1" ONLY_CURVES },
	{ GNUTLS_PK_ECDSA, 192, GNUTLS_ECC_CURVE_SECP192R1,
	  "an ECDSA key on the curve SECP192R1" ONLY_CURVES },
	{ GNUTLS_PK_ECDSA, 0, GNUTLS_ECC_CURVE_INVALID,
	  "an ECDSA key on the curve (unknown)" ONLY_CURVES },
	{ GNUTLS_PK_EDDSA_ED25519, 256, 0, NULL },
	{ GNUTLS_PK_EDDSA_ED448, 456, 0,
	  "a key of type EdDSA (Ed448)" ONLY_KEYS },
	{ GNUTLS_PK_DSA, 2048, 0, "a DSA key" ONLY_KEYS },
	{ GNUTLS_PK_DSA, 3072, 0, "a DSA key" ONLY_KEYS },
	{ GNUTLS_PK_UNKNOWN, 0, 0, "a key of an unknown type" ONLY_KEYS },
};

START_TEST(test_key_is_strong)
{
	const struct key_row *r = &key_rows[_i];
	char why[256] = "untouched";
	bool ok =
		mtls_key_is_strong(r->pk, r->bits, r->curve, why, sizeof(why));

	ck_assert_int_eq(ok, r->want == NULL);
	if (r->want != NULL)
		ck_assert_str_eq(why, r->want);
	else
		ck_assert_str_eq(why, "untouched");
}
END_TEST

/* ---- mtls_pathlen_exceeded */

struct pathlen_row {
	const char *what;
	unsigned n;
	int pathlen[8]; /* leaf first; -1: no constraint */
	bool self[8];	/* self-issued */
	int want_at;	/* index of the CA whose limit is broken, or -1 */
	unsigned want_below;
};

#define F false
#define T true

static const struct pathlen_row pathlen_rows[] = {
	{ "leaf only", 1, { -1 }, { F }, -1, 0 },
	{ "leaf under a root with 0", 2, { -1, 0 }, { F, T }, -1, 0 },
	{ "one intermediate, root 0", 3, { -1, -1, 0 }, { F, F, T }, 2, 1 },
	{ "one intermediate, root 1", 3, { -1, -1, 1 }, { F, F, T }, -1, 0 },
	{ "intermediate 0, leaf below", 3, { -1, 0, -1 }, { F, F, T }, -1, 0 },
	{ "two intermediates, root 1",
	  4,
	  { -1, -1, -1, 1 },
	  { F, F, F, T },
	  3,
	  2 },
	{ "two intermediates, the upper 0",
	  4,
	  { -1, -1, 0, -1 },
	  { F, F, F, T },
	  2,
	  1 },
	/* RFC 5280 6.1.4 (l): a self-issued intermediate does not count. */
	{ "self-issued under the root 1",
	  4,
	  { -1, -1, -1, 1 },
	  { F, T, F, T },
	  -1,
	  0 },
	{ "self-issued under an intermediate 0",
	  4,
	  { -1, -1, 0, -1 },
	  { F, T, F, T },
	  -1,
	  0 },
	{ "two self-issued, root 0",
	  4,
	  { -1, -1, -1, 0 },
	  { F, T, T, T },
	  -1,
	  0 },
	{ "self-issued and one more, root 0",
	  4,
	  { -1, -1, -1, 0 },
	  { F, T, F, T },
	  3,
	  1 },
	/* A self-issued leaf counts for nothing either way. */
	{ "self-issued leaf", 3, { -1, -1, 0 }, { T, F, T }, 2, 1 },
	/* The lowest CA whose limit is broken is named. */
	{ "both broken", 5, { -1, -1, -1, 0, 0 }, { F, F, F, F, T }, 3, 2 },
	{ "seven deep, root 5",
	  8,
	  { -1, -1, -1, -1, -1, -1, -1, 5 },
	  { F, F, F, F, F, F, F, T },
	  7,
	  6 },
	{ "seven deep, root 6",
	  8,
	  { -1, -1, -1, -1, -1, -1, -1, 6 },
	  { F, F, F, F, F, F, F, T },
	  -1,
	  0 },
};

START_TEST(test_pathlen_exceeded)
{
	const struct pathlen_row *r = &pathlen_rows[_i];
	unsigned below = 12345;
	int at = mtls_pathlen_exceeded(r->pathlen, r->self, r->n, &below);

	ck_assert_msg(at == r->want_at, "%s: at %d, want %d", r->what, at,
		      r->want_at);
	if (r->want_at >= 0)
		ck_assert_msg(below == r->want_below, "%s: below %u, want %u",
			      r->what, below, r->want_below);
}
END_TEST

#define ROWS(a) (int)(sizeof(a) / sizeof((a)[0]))

Suite *
verify_rules_suite(void)
{
	Suite *s = suite_create("verify_rules");
	TCase *tc;

	tc = tcase_create("pure");
	tcase_add_loop_test(tc, test_key_is_strong, 0, ROWS(key_rows));
	tcase_add_loop_test(tc, test_pathlen_exceeded, 0, ROWS(pathlen_rows));
	suite_add_tcase(s, tc);
	return s;
}
