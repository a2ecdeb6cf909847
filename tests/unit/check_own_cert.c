/*
 * check_own_cert.c -- own_cert.c and expiry.c: can a certificate be a TLS
 * server's own, what a server warns about its time, the --expires-within
 * days parser, and which certificates of a verified path expire within a
 * number of days, in exact words.
 *
 * Every certificate is made at TEST_T0 (2026-12-01 00:00:00 UTC).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "mtls_internal.h"
#include "suites.h"

#define D TEST_DAY
#define ROWS(a) (int)(sizeof(a) / sizeof((a)[0]))

/* ---- mtls_crt_check_server_use */

struct use_row {
	enum mtls_profile profile;
	int want_rv;
	const char *want_msg;
};

static const struct use_row use_rows[] = {
	{ MTLS_PROFILE_PEER, 0, NULL },
	{ MTLS_PROFILE_SERVER, 0, NULL },
	{ MTLS_PROFILE_CLIENT, -1,
	  "the certificate 'x.pem' ('CN=x') is not valid for server "
	  "authentication (extended key usage: client auth only)" },
	/* keyCertSign and cRLSign only, and no extKeyUsage. */
	{ MTLS_PROFILE_CA, -1,
	  "the certificate 'x.pem' ('CN=x') cannot sign TLS handshakes: its "
	  "key usage does not allow digital signatures" },
};

START_TEST(test_server_use)
{
	const struct use_row *r = &use_rows[_i];
	struct test_crt spec = { "/CN=x", NULL, r->profile, 10, -1, TEST_T0 };
	gnutls_privkey_t key = test_key_new(GNUTLS_PK_ECDSA, 0);
	gnutls_x509_crt_t crt = test_crt_new(&spec, key, NULL, NULL);
	struct mtls_err e = { 0 };

	ck_assert_int_eq(mtls_crt_check_server_use(crt, "x.pem", &e),
			 r->want_rv);
	if (r->want_msg != NULL)
		ck_assert_str_eq(e.msg, r->want_msg);
	gnutls_x509_crt_deinit(crt);
	gnutls_privkey_deinit(key);
}
END_TEST

/* ---- mtls_crt_time_note: a certificate valid T0 - 5 min .. T0 + 10 d */

struct note_row {
	time_t now;
	unsigned days;
	const char *want; /* after "the certificate 'x.pem' ('CN=x') " */
};

static const struct note_row note_rows[] = {
	{ TEST_T0, 14, "expires on 2026-12-11 00:00:00 UTC (in 10 days)" },
	{ TEST_T0, 10, "expires on 2026-12-11 00:00:00 UTC (in 10 days)" },
	{ TEST_T0 + 1, 10, "expires on 2026-12-11 00:00:00 UTC (in 9 days)" },
	{ TEST_T0, 9, NULL },
	{ TEST_T0 + 9 * D + D / 2, 0, NULL },
	{ TEST_T0 + 9 * D + D / 2, 1,
	  "expires on 2026-12-11 00:00:00 UTC (in less than a day)" },
	{ TEST_T0 + 10 * D - 1, 1,
	  "expires on 2026-12-11 00:00:00 UTC (in less than a day)" },
	/* Expired from the notAfter second on, whatever DAYS says. */
	{ TEST_T0 + 10 * D, 0,
	  "expired on 2026-12-11 00:00:00 UTC (less than a day ago); "
	  "clients will refuse it" },
	{ TEST_T0 + 13 * D + 5, 14,
	  "expired on 2026-12-11 00:00:00 UTC (3 days ago); clients will "
	  "refuse it" },
	{ TEST_T0 - 2 * D, 14,
	  "is not valid before 2026-11-30 23:55:00 UTC (in 1 day); clients "
	  "will refuse it until then" },
};

START_TEST(test_time_note)
{
	const struct note_row *r = &note_rows[_i];
	struct test_crt spec = { "/CN=x", NULL, MTLS_PROFILE_SERVER,
				 10,	  -1,	TEST_T0 };
	gnutls_privkey_t key = test_key_new(GNUTLS_PK_ECDSA, 0);
	gnutls_x509_crt_t crt = test_crt_new(&spec, key, NULL, NULL);
	char buf[512], want[512];
	bool noted;

	noted = mtls_crt_time_note(crt, "x.pem", r->now, r->days, buf,
				   sizeof(buf));
	if (r->want == NULL) {
		ck_assert_msg(!noted, "unexpected note: %s", buf);
		ck_assert_str_eq(buf, "");
	} else {
		snprintf(want, sizeof(want),
			 "the certificate 'x.pem' ('CN=x') %s", r->want);
		ck_assert(noted);
		ck_assert_str_eq(buf, want);
	}
	gnutls_x509_crt_deinit(crt);
	gnutls_privkey_deinit(key);
}
END_TEST

/* ---- mtls_expiry_days_parse */

struct days_row {
	const char *text;
	int want_rv;
	unsigned want;
};

static const struct days_row days_rows[] = {
	{ "0", 0, 0 },	       { "14", 0, 14 },
	{ "36500", 0, 36500 }, { "036", 0, 36 },
	{ "36501", -1, 0 },    { "-1", -1, 0 },
	{ "+1", -1, 0 },       { " 1", -1, 0 },
	{ "1 ", -1, 0 },       { "", -1, 0 },
	{ "1.5", -1, 0 },      { "14d", -1, 0 },
	{ "0x10", -1, 0 },     { "18446744073709551617", -1, 0 },
};

START_TEST(test_days_parse)
{
	const struct days_row *r = &days_rows[_i];
	struct mtls_err e = { 0 };
	unsigned days = 4242;
	char want[256];

	ck_assert_int_eq(mtls_expiry_days_parse(r->text, &days, &e),
			 r->want_rv);
	if (r->want_rv == 0) {
		ck_assert_uint_eq(days, r->want);
		return;
	}
	ck_assert_uint_eq(days, 4242);
	snprintf(want, sizeof(want),
		 "invalid number of days '%s' (use 0 to 36500)", r->text);
	ck_assert_str_eq(e.msg, want);
	test_assert_message(e.msg);
}
END_TEST

/* ---- mtls_verify_expiring: CA to T0 + 30 d, leaf to T0 + 10 d */

struct expiring_row {
	time_t at;
	unsigned days;
	const char *want; /* the words, joined by "|" */
};

static const struct expiring_row expiring_rows[] = {
	{ TEST_T0, 9, "" },
	{ TEST_T0, 10,
	  "'CN=leaf.example,O=Example' expires on 2026-12-11 00:00:00 UTC "
	  "(in 10 days)" },
	{ TEST_T0 + 5 * D, 24,
	  "'CN=leaf.example,O=Example' expires on 2026-12-11 00:00:00 UTC "
	  "(in 5 days)" },
	{ TEST_T0 + 5 * D, 25,
	  "'CN=leaf.example,O=Example' expires on 2026-12-11 00:00:00 UTC "
	  "(in 5 days)|issuer 'O=Test CA' expires on 2026-12-31 00:00:00 "
	  "UTC (in 25 days)" },
};

static void
collect(void *arg, const char *words)
{
	char *buf = arg;

	if (buf[0] != '\0')
		strcat(buf, "|");
	strcat(buf, words);
}

START_TEST(test_expiring)
{
	const struct expiring_row *r = &expiring_rows[_i];
	struct test_objects o;
	struct mtls_verify_policy pol = { .at = r->at, .at_set = true };
	gnutls_x509_trust_list_t trust;
	gnutls_x509_crt_t ca_copy;
	gnutls_datum_t der;
	char got[2048] = "";
	unsigned n, want_n = 0;
	const char *p;

	test_objects_make(&o);
	/* The trust list takes its anchors over: give it its own copy. */
	ck_assert_int_eq(gnutls_x509_crt_export2(o.ca, GNUTLS_X509_FMT_DER,
						 &der),
			 0);
	ck_assert_int_eq(gnutls_x509_crt_init(&ca_copy), 0);
	ck_assert_int_eq(gnutls_x509_crt_import(ca_copy, &der,
						GNUTLS_X509_FMT_DER),
			 0);
	gnutls_free(der.data);
	ck_assert_int_eq(gnutls_x509_trust_list_init(&trust, 0), 0);
	ck_assert_int_eq(gnutls_x509_trust_list_add_cas(trust, &ca_copy, 1, 0),
			 1);
	pol.trust = trust;
	n = mtls_verify_expiring(&pol, o.leaf, NULL, 0, r->days, collect, got);
	ck_assert_str_eq(got, r->want);
	if (r->want[0] != '\0')
		for (want_n = 1, p = r->want; (p = strchr(p, '|')) != NULL; p++)
			want_n++;
	ck_assert_uint_eq(n, want_n);
	gnutls_x509_trust_list_deinit(trust, 1);
	test_objects_free(&o);
}
END_TEST

Suite *
own_cert_suite(void)
{
	Suite *s = suite_create("own_cert");
	TCase *tc;

	tc = tcase_create("server use");
	tcase_add_loop_test(tc, test_server_use, 0, ROWS(use_rows));
	tcase_add_loop_test(tc, test_time_note, 0, ROWS(note_rows));
	suite_add_tcase(s, tc);
	tc = tcase_create("expiry");
	tcase_add_loop_test(tc, test_days_parse, 0, ROWS(days_rows));
	tcase_add_loop_test(tc, test_expiring, 0, ROWS(expiring_rows));
	suite_add_tcase(s, tc);
	return s;
}
