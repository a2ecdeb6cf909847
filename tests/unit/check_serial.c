/*
 * check_serial.c -- cert.c: serial numbers, and the --days and --profile
 * parsers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mtls_internal.h"
#include "suites.h"

#define SERIALS 1000

static int
serial_cmp(const void *a, const void *b)
{
	return memcmp(a, b, MTLS_SERIAL_SIZE);
}

/* Positive, no leading zero byte, and never the same twice. */
START_TEST(test_serial_generate)
{
	unsigned char (*all)[MTLS_SERIAL_SIZE];
	struct mtls_err e = { { 0 } };
	bool high_seen = false;
	size_t i;

	all = calloc(SERIALS, sizeof(*all));
	ck_assert_ptr_nonnull(all);
	for (i = 0; i < SERIALS; i++) {
		ck_assert_int_eq(mtls_serial_generate(all[i], &e), 0);
		ck_assert_uint_ge(all[i][0], 0x01);
		ck_assert_uint_le(all[i][0], 0x7f);
		if (all[i][0] >= 0x40)
			high_seen = true;
	}
	/* The first byte is random too, not a constant. */
	ck_assert(high_seen);
	qsort(all, SERIALS, sizeof(*all), serial_cmp);
	for (i = 1; i < SERIALS; i++)
		ck_assert_msg(memcmp(all[i - 1], all[i], MTLS_SERIAL_SIZE) != 0,
			      "serial number repeated");
	free(all);
}
END_TEST

/* Read the DER header at *P (at most END - *P bytes): its tag, and the
 * length of its contents; *P moves to the contents. */
static void
der_header(const unsigned char **p, const unsigned char *end,
	   unsigned char *tag, size_t *len)
{
	size_t i, n;

	ck_assert_int_ge(end - *p, 2);
	*tag = (*p)[0];
	if ((*p)[1] < 0x80) {
		*len = (*p)[1];
		*p += 2;
	} else {
		n = (*p)[1] & 0x7f;
		ck_assert_uint_ge(n, 1);
		ck_assert_uint_le(n, 3);
		ck_assert_int_ge(end - *p, (long)(2 + n));
		*len = 0;
		for (i = 0; i < n; i++)
			*len = *len << 8 | (*p)[2 + i];
		*p += 2 + n;
	}
	ck_assert_uint_le(*len, (size_t)(end - *p));
}

/* The serial INTEGER of certificate DER (tbsCertificate's second item,
 * after the [0] version): its content bytes in *SERIAL and *LEN. */
static void
crt_serial_der(const gnutls_datum_t *der, const unsigned char **serial,
	       size_t *len)
{
	const unsigned char *p = der->data, *end = der->data + der->size;
	unsigned char tag;
	size_t n;

	der_header(&p, end, &tag, &n); /* Certificate */
	ck_assert_uint_eq(tag, 0x30);
	der_header(&p, end, &tag, &n); /* TBSCertificate */
	ck_assert_uint_eq(tag, 0x30);
	der_header(&p, end, &tag, &n); /* [0] version */
	ck_assert_uint_eq(tag, 0xa0);
	p += n;
	der_header(&p, end, &tag, &n); /* serialNumber */
	ck_assert_uint_eq(tag, 0x02);
	*serial = p;
	*len = n;
}

static void
make_crt(const char *subject, enum mtls_profile profile,
	 gnutls_x509_crt_t issuer, gnutls_privkey_t issuer_key,
	 gnutls_privkey_t *key_out, gnutls_x509_crt_t *crt_out)
{
	struct mtls_keyspec spec = MTLS_KEYSPEC_DEFAULT;
	struct mtls_crt_params params = { profile, 30, -1, NULL, 0 };
	struct mtls_crt_notes notes;
	struct mtls_err e = { { 0 } };
	gnutls_x509_privkey_t x509key;
	gnutls_privkey_t key;
	gnutls_datum_t name;
	gnutls_x509_crq_t crq;

	ck_assert_msg(mtls_key_generate(&spec, &x509key, &e) == 0, "%s", e.msg);
	ck_assert_msg(mtls_key_from_x509(x509key, &key, &e) == 0, "%s", e.msg);
	gnutls_x509_privkey_deinit(x509key);
	ck_assert_msg(mtls_name_encode(subject, &name, &e) == 0, "%s", e.msg);
	ck_assert_msg(mtls_csr_from_name(&name, key, &crq, &e) == 0, "%s",
		      e.msg);
	gnutls_free(name.data);
	ck_assert_msg(mtls_crt_build(crq, &params, issuer,
				     issuer ? issuer_key : key, crt_out,
				     &notes, &e) == 0,
		      "%s", e.msg);
	gnutls_x509_crq_deinit(crq);
	*key_out = key;
}

/* Certificates carry a 20-byte serial INTEGER: a CA and leaves it
 * issues, each with its own serial. */
START_TEST(test_crt_serial)
{
	enum { LEAVES = 8 };
	unsigned char seen[LEAVES + 1][MTLS_SERIAL_SIZE];
	gnutls_x509_crt_t ca, crt;
	gnutls_privkey_t ca_key, key;
	const unsigned char *content;
	unsigned char serial[32];
	gnutls_datum_t der;
	size_t size, len;
	int i, j;

	make_crt("/O=Serial Test CA", MTLS_PROFILE_CA, NULL, NULL, &ca_key, &ca);
	for (i = 0; i <= LEAVES; i++) {
		if (i == 0) {
			crt = ca;
		} else {
			make_crt("/CN=leaf.example", MTLS_PROFILE_PEER, ca,
				 ca_key, &key, &crt);
			gnutls_privkey_deinit(key);
		}
		size = sizeof(serial);
		ck_assert_int_eq(gnutls_x509_crt_get_serial(crt, serial, &size),
				 0);
		ck_assert_uint_eq(size, MTLS_SERIAL_SIZE);
		ck_assert_uint_ge(serial[0], 0x01);
		ck_assert_uint_le(serial[0], 0x7f);

		ck_assert_int_eq(gnutls_x509_crt_export2(crt,
							 GNUTLS_X509_FMT_DER,
							 &der),
				 0);
		crt_serial_der(&der, &content, &len);
		ck_assert_uint_eq(len, MTLS_SERIAL_SIZE);
		ck_assert_mem_eq(content, serial, MTLS_SERIAL_SIZE);
		gnutls_free(der.data);

		memcpy(seen[i], serial, MTLS_SERIAL_SIZE);
		for (j = 0; j < i; j++)
			ck_assert_msg(memcmp(seen[j], serial,
					     MTLS_SERIAL_SIZE) != 0,
				      "two certificates share a serial");
		if (i > 0)
			gnutls_x509_crt_deinit(crt);
	}
	gnutls_x509_crt_deinit(ca);
	gnutls_privkey_deinit(ca_key);
}
END_TEST

struct days_row {
	const char *text;
	int want_rv;
	unsigned want;
};

static const struct days_row days_rows[] = {
	{ "1", 0, 1 },
	{ "365", 0, 365 },
	{ "3650", 0, 3650 },
	{ "36500", 0, 36500 },
	{ "0", -1, 0 },
	{ "36501", -1, 0 },
	{ "-1", -1, 0 },
	{ "-0", -1, 0 },
	{ "", -1, 0 },
	{ "ten", -1, 0 },
	{ "10d", -1, 0 },
	{ "1.5", -1, 0 },
	{ "0x10", -1, 0 },
	{ "18446744073709551617", -1, 0 },
	{ "4294967297", -1, 0 },
};

START_TEST(test_days_parse)
{
	const struct days_row *r = &days_rows[_i];
	struct mtls_err e = { { 0 } };
	unsigned days = 7;
	char want_msg[128];

	ck_assert_int_eq(mtls_days_parse(r->text, &days, &e), r->want_rv);
	if (r->want_rv == 0) {
		ck_assert_uint_eq(days, r->want);
		return;
	}
	ck_assert_uint_eq(days, 7);
	snprintf(want_msg, sizeof(want_msg),
		 "invalid number of days '%s' (use 1 to 36500)", r->text);
	ck_assert_str_eq(e.msg, want_msg);
}
END_TEST

struct profile_row {
	const char *text;
	int want_rv;
	enum mtls_profile want;
};

static const struct profile_row profile_rows[] = {
	{ "peer", 0, MTLS_PROFILE_PEER },
	{ "server", 0, MTLS_PROFILE_SERVER },
	{ "client", 0, MTLS_PROFILE_CLIENT },
	{ "ca", 0, MTLS_PROFILE_CA },
	{ "", -1, 0 },
	{ "CA", -1, 0 },
	{ "servers", -1, 0 },
	{ "root", -1, 0 },
};

START_TEST(test_profile_parse)
{
	const struct profile_row *r = &profile_rows[_i];
	struct mtls_err e = { { 0 } };
	enum mtls_profile p = MTLS_PROFILE_SERVER;
	char want_msg[128];

	ck_assert_int_eq(mtls_profile_parse(r->text, &p, &e), r->want_rv);
	if (r->want_rv == 0) {
		ck_assert_int_eq(p, r->want);
		return;
	}
	ck_assert_int_eq(p, MTLS_PROFILE_SERVER);
	snprintf(want_msg, sizeof(want_msg),
		 "unknown profile '%s' (use server, client, peer or ca)",
		 r->text);
	ck_assert_str_eq(e.msg, want_msg);
}
END_TEST

#define ROWS(a) (int)(sizeof(a) / sizeof((a)[0]))

Suite *
serial_suite(void)
{
	Suite *s = suite_create("cert");
	TCase *tc;

	tc = tcase_create("serial numbers");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_serial_generate);
	tcase_add_test(tc, test_crt_serial);
	suite_add_tcase(s, tc);
	tc = tcase_create("mtls_days_parse");
	tcase_add_loop_test(tc, test_days_parse, 0, ROWS(days_rows));
	suite_add_tcase(s, tc);
	tc = tcase_create("mtls_profile_parse");
	tcase_add_loop_test(tc, test_profile_parse, 0, ROWS(profile_rows));
	suite_add_tcase(s, tc);
	return s;
}
