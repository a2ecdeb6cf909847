/*
 * check_crl.c -- crl.c: revocation reasons and serial numbers as people
 * type them (mtls_crl_reason_parse, mtls_serial_parse).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <string.h>
#include <strings.h>

#include "mtls_internal.h"
#include "suites.h"

struct reason_row {
	const char *text;
	int want_rv;
	int want_code;
};

static const struct reason_row reason_rows[] = {
	{ "unspecified", 0, MTLS_REASON_UNSPECIFIED },
	{ "keyCompromise", 0, 1 },
	{ "KEYCOMPROMISE", 0, 1 },
	{ "CACompromise", 0, 2 },
	{ "affiliationChanged", 0, 3 },
	{ "superseded", 0, 4 },
	{ "cessationOfOperation", 0, 5 },
	{ "certificateHold", 0, 6 },
	{ "privilegeWithdrawn", 0, 9 },
	{ "removeFromCRL", -1, 0 }, /* only for delta CRLs */
	{ "lost", -1, 0 },
	{ "", -1, 0 },
};

START_TEST(test_reason)
{
	const struct reason_row *r = &reason_rows[_i];
	struct mtls_err e = { 0 };
	int code = -7;

	ck_assert_int_eq(mtls_crl_reason_parse(r->text, &code, &e), r->want_rv);
	if (r->want_rv == 0) {
		ck_assert_int_eq(code, r->want_code);
		ck_assert_int_eq(strcasecmp(mtls_crl_reason_name(code),
					    r->text),
				 0);
	} else {
		ck_assert_ptr_nonnull(strstr(e.msg,
					     "unknown revocation reason"));
	}
}
END_TEST

struct serial_row {
	const char *text;
	int want_rv;
	const char *want; /* the DER INTEGER content, hex */
};

static const struct serial_row serial_rows[] = {
	{ "0A0B", 0, "0a0b" },
	{ "0a:0b", 0, "0a0b" },
	{ "0x1", 0, "01" },
	{ "abc", 0, "0abc" },
	/* Leading zero bytes go; a high bit gets the zero a positive
	 * INTEGER needs. */
	{ "00:00:7F", 0, "7f" },
	{ "80", 0, "0080" },
	{ "FF:01", 0, "00ff01" },
	{ "0", 0, "00" },
	{ "", -1, NULL },
	{ ":", -1, NULL },
	{ "12G4", -1, NULL },
	{ "-12", -1, NULL },
};

START_TEST(test_serial)
{
	const struct serial_row *r = &serial_rows[_i];
	struct mtls_err e = { 0 };
	unsigned char out[MTLS_SERIAL_RAW_MAX + 1];
	char hex[2 * sizeof(out) + 1];
	size_t len = 0;

	ck_assert_int_eq(mtls_serial_parse(r->text, out, &len, &e), r->want_rv);
	if (r->want_rv != 0)
		return;
	mtls_hex_format(out, len, NULL, false, hex, sizeof(hex));
	ck_assert_str_eq(hex, r->want);
}
END_TEST

#define ROWS(a) (int)(sizeof(a) / sizeof((a)[0]))

Suite *
crl_suite(void)
{
	Suite *s = suite_create("crl");
	TCase *tc;

	tc = tcase_create("reasons and serials");
	tcase_add_loop_test(tc, test_reason, 0, ROWS(reason_rows));
	tcase_add_loop_test(tc, test_serial, 0, ROWS(serial_rows));
	suite_add_tcase(s, tc);
	return s;
}
