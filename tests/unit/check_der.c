/*
 * check_der.c -- der.c, the small DER writer under mtls_name_encode:
 * lengths, OIDs, and the TLV check behind RFC 4514 "#hex" values.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/gnutls.h>

#include "der.h"
#include "suites.h"

struct tlv_row {
	size_t len;
	const char *want_header; /* hex of tag and length */
};

static const struct tlv_row tlv_rows[] = {
	{ 0, "0400" },		{ 1, "0401" },
	{ 0x7f, "047f" },	{ 0x80, "048180" },
	{ 0xff, "0481ff" },	{ 0x100, "04820100" },
	{ 0xffff, "0482ffff" }, { 0x10000, "0483010000" },
};

START_TEST(test_put_tlv)
{
	const struct tlv_row *r = &tlv_rows[_i];
	struct der_buf b = { 0 };
	unsigned char *body;
	size_t hlen = strlen(r->want_header) / 2;
	char hex[16];

	body = malloc(r->len ? r->len : 1);
	ck_assert_ptr_nonnull(body);
	memset(body, 0xa5, r->len);
	der_put_tlv(&b, 0x04, body, r->len);
	ck_assert(!b.failed);
	ck_assert_uint_eq(b.len, hlen + r->len);
	test_hex(b.data, hlen, hex);
	ck_assert_str_eq(hex, r->want_header);
	if (r->len > 0)
		ck_assert_mem_eq(b.data + hlen, body, r->len);
	/* And der_tlv_size reads back what was written. */
	ck_assert_uint_eq(der_tlv_size(b.data, b.len), b.len);
	ck_assert_uint_eq(der_tlv_size(b.data, b.len - 1), 0);
	der_free(&b);
	ck_assert_ptr_null(b.data);
	free(body);
}
END_TEST

struct oid_row {
	const char *dotted;
	const char *want; /* hex of the OBJECT IDENTIFIER TLV; NULL = refused */
};

static const struct oid_row oid_rows[] = {
	{ "2.5.4.3", "0603550403" },
	{ "1.2.840.113549.1.9.1", "06092a864886f70d010901" },
	{ "0.9.2342.19200300.100.1.25", "060a0992268993f22c640119" },
	{ "1.3.6.1.4.1.311.60.2.1.3", "060b2b0601040182373c020103" },
	{ "0.0", "060100" },
	{ "1.39", "06014f" },
	{ "2.999.3", "0603883703" },
	/* Made with: openssl asn1parse -genstr OID:2.5.4.4294967295 -out o.der */
	{ "2.5.4.4294967295", "060755048fffffff7f" },
	{ "", NULL },
	{ "1", NULL },
	{ "1.", NULL },
	{ ".1.2", NULL },
	{ "1..2", NULL },
	{ "1.2.", NULL },
	{ "3.1", NULL },
	{ "1.40", NULL },
	{ "0.40", NULL },
	{ "1.02", NULL },
	{ "1.2.a", NULL },
	{ "1.2.-3", NULL },
	{ "1.2.+3", NULL },
	{ "1.2 .3", NULL },
	{ "2.5.4.99999999999999999999999", NULL },
	{ "2.99999999999999999999", NULL },
	{ "99999999999999999999.1", NULL },
};

START_TEST(test_put_oid)
{
	const struct oid_row *r = &oid_rows[_i];
	struct der_buf b = { 0 };
	char hex[128];
	bool ok;

	ok = der_put_oid(&b, r->dotted);
	ck_assert_msg(ok == (r->want != NULL), "der_put_oid(\"%s\") is %s",
		      r->dotted, ok ? "true" : "false");
	if (ok) {
		ck_assert_uint_lt(b.len, sizeof(hex) / 2);
		test_hex(b.data, b.len, hex);
		ck_assert_str_eq(hex, r->want);
	} else {
		ck_assert_uint_eq(b.len, 0);
	}
	der_free(&b);
}
END_TEST

struct size_row {
	const char *hex;
	size_t want;
};

static const struct size_row size_rows[] = {
	{ "0c0161", 3 },
	{ "0c016161", 3 }, /* one TLV, then more */
	{ "0c00", 2 },
	{ "308103020100", 6 },
	{ "0c", 0 },
	{ "", 0 },
	{ "0c02", 0 },
	{ "0c0261", 0 },
	{ "0c80", 0 },		   /* indefinite length */
	{ "0c84000000010061", 0 }, /* a 4-byte length */
	{ "1f0100", 0 },	   /* high tag number */
};

START_TEST(test_tlv_size)
{
	const struct size_row *r = &size_rows[_i];
	unsigned char buf[32];
	size_t i, n = strlen(r->hex) / 2;

	for (i = 0; i < n; i++) {
		unsigned v;

		ck_assert_int_eq(sscanf(r->hex + 2 * i, "%2x", &v), 1);
		buf[i] = (unsigned char)v;
	}
	ck_assert_uint_eq(der_tlv_size(buf, n), r->want);
}
END_TEST

#define ROWS(a) (int)(sizeof(a) / sizeof((a)[0]))

Suite *
der_suite(void)
{
	Suite *s = suite_create("der");
	TCase *tc;

	tc = tcase_create("der");
	tcase_add_loop_test(tc, test_put_tlv, 0, ROWS(tlv_rows));
	tcase_add_loop_test(tc, test_put_oid, 0, ROWS(oid_rows));
	tcase_add_loop_test(tc, test_tlv_size, 0, ROWS(size_rows));
	suite_add_tcase(s, tc);
	return s;
}
