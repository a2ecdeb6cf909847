/*
 * check_facts.c -- facts.c: attribute values read as text whatever their
 * string type (mtls_asn1_string_text), so that names are never compared
 * as raw bytes across types.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <string.h>

#include "mtls_internal.h"
#include "suites.h"

struct text_row {
	unsigned long tag;
	const char *bytes; /* the value's contents */
	size_t len;
	int want_rv;
	const char *want; /* the UTF-8 text, when want_rv is 0 */
};

static const struct text_row text_rows[] = {
	{ MTLS_ASN1_PRINTABLE_STRING, "ops1", 4, 0, "ops1" },
	{ MTLS_ASN1_UTF8_STRING, "\xe6\xbd\xb0", 3, 0, "\xe6\xbd\xb0" },
	{ MTLS_ASN1_IA5_STRING, "a@b", 3, 0, "a@b" },
	/* BMPString: two bytes a character, big-endian. */
	{ MTLS_ASN1_BMP_STRING, "\0o\0p\0s\0001", 8, 0, "ops1" },
	/* The bytes of "ops1" as a BMPString are U+6F70 U+7331. */
	{ MTLS_ASN1_BMP_STRING, "ops1", 4, 0, "\xe6\xbd\xb0\xe7\x8c\xb1" },
	{ MTLS_ASN1_BMP_STRING, "ops", 3, -1, NULL }, /* odd length */
	{ MTLS_ASN1_BMP_STRING, "\xd8\x00\xdc\x00", 4, -1,
	  NULL }, /* surrogates */
	{ MTLS_ASN1_UNIVERSAL_STRING, "\0\0\0o\0\x01\xf6\x00", 8, 0,
	  "o\xf0\x9f\x98\x80" },
	{ MTLS_ASN1_UNIVERSAL_STRING, "\0\x11\0\0", 4, -1,
	  NULL }, /* > 10FFFF */
	/* A NUL inside would let "ops1\0x" pass for "ops1" somewhere. */
	{ MTLS_ASN1_UTF8_STRING, "ops1\0", 5, -1, NULL },
	{ MTLS_ASN1_BMP_STRING, "\0\0", 2, -1, NULL },
	{ MTLS_ASN1_UTF8_STRING, "\xff", 1, -1, NULL },	    /* not UTF-8 */
	{ MTLS_ASN1_UTF8_STRING, "\xc0\xaf", 2, -1, NULL }, /* overlong */
	{ MTLS_ASN1_PRINTABLE_STRING, "\xe6\xbd\xb0", 3, -1, NULL },
	{ MTLS_ASN1_TELETEX_STRING, "ops1", 4, -1, NULL },
};

START_TEST(test_string_text)
{
	const struct text_row *r = &text_rows[_i];
	struct mtls_buf out = { 0 };

	ck_assert_int_eq(mtls_asn1_string_text(r->tag,
					       (const unsigned char *)r->bytes,
					       r->len, &out),
			 r->want_rv);
	if (r->want_rv == 0)
		ck_assert_str_eq(mtls_buf_str(&out), r->want);
	mtls_buf_free(&out);
}
END_TEST

#define ROWS(a) (int)(sizeof(a) / sizeof((a)[0]))

Suite *
facts_suite(void)
{
	Suite *s = suite_create("facts");
	TCase *tc;

	tc = tcase_create("string text");
	tcase_add_loop_test(tc, test_string_text, 0, ROWS(text_rows));
	suite_add_tcase(s, tc);
	return s;
}
