/*
 * check_times.c -- times.c: times as people type them (--at): a date, RFC
 * 3339 with any offset and fraction, @SECONDS; and the words for what is
 * not one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdio.h>

#include "mtls_internal.h"
#include "suites.h"

#define ROWS(a) (int)(sizeof(a) / sizeof((a)[0]))

struct time_row {
	const char *text;
	int want_rv;
	time_t want;
	const char *want_msg; /* after "invalid time 'TEXT'" */
};

#define SHAPE                                                                  \
	" (expected YYYY-MM-DD, an RFC 3339 time such as "                     \
	"2024-03-01T12:00:00Z or 2024-03-01T14:00:00.5+02:00, or @SECONDS "    \
	"since 1970-01-01)"
#define NO_SUCH ": no such date or time"
/* 2024-03-01T00:00:00Z */
#define MAR1 ((time_t)1709251200)

static const struct time_row time_rows[] = {
	/* Dates: midnight UTC. */
	{ "2026-12-01", 0, 1796083200, NULL },
	{ "2027-11-27", 0, 1827273600, NULL },
	{ "2024-03-01", 0, MAR1, NULL },
	{ "2000-02-29", 0, 951782400, NULL },
	/* 1970-01-01 is the instant 0, not "now". */
	{ "1970-01-01", 0, 0, NULL },
	{ "1970-01-01T00:00:00Z", 0, 0, NULL },
	{ "1969-12-31", 0, -86400, NULL },
	{ "1950-01-01", 0, -631152000, NULL },
	{ "0000-01-01", 0, -62167219200LL, NULL },
	{ "9999-12-31T23:59:59Z", 0, 253402300799LL, NULL },
	/* RFC 3339: any offset, the instant it names. */
	{ "2027-11-27T10:00:00Z", 0, 1827309600, NULL },
	{ "2027-11-27T23:59:59Z", 0, 1827360000 - 1, NULL },
	{ "1970-01-01T00:00:01Z", 0, 1, NULL },
	{ "2038-01-19T03:14:08Z", 0, (time_t)2147483648LL, NULL },
	{ "2024-03-01T00:00:00+00:00", 0, MAR1, NULL },
	{ "2024-03-01T00:00:00-00:00", 0, MAR1, NULL },
	{ "2024-03-01T05:30:00+05:30", 0, MAR1, NULL },
	{ "2024-02-29T19:00:00-05:00", 0, MAR1, NULL },
	{ "2024-03-01T23:59:00+23:59", 0, MAR1, NULL },
	{ "2024-02-29T00:01:00-23:59", 0, MAR1, NULL },
	{ "1970-01-01T01:00:00+01:00", 0, 0, NULL },
	/* RFC 3339 5.6: 't' and 'z' too, and a space for the 'T'. */
	{ "2024-03-01t00:00:00z", 0, MAR1, NULL },
	{ "2024-03-01 00:00:00Z", 0, MAR1, NULL },
	{ "2024-03-01t05:30:00+05:30", 0, MAR1, NULL },
	/* Fractions of a second: dropped (certificates count whole
	 * seconds, so the comparisons come out as for the exact instant). */
	{ "2024-03-01T00:00:00.005Z", 0, MAR1, NULL },
	{ "2024-03-01T00:00:00.999999999999Z", 0, MAR1, NULL },
	{ "2024-03-01T00:00:01.5Z", 0, MAR1 + 1, NULL },
	{ "2024-03-01T05:30:00.25+05:30", 0, MAR1, NULL },
	{ "1969-12-31T23:59:59.5Z", 0, -1, NULL },
	/* A leap second, only where one can be: the second before it. */
	{ "2016-12-31T23:59:60Z", 0, 1483228799, NULL },
	{ "2017-01-01T05:29:60+05:30", 0, 1483228799, NULL },
	/* @SECONDS since the epoch, negative before it, fractions
	 * floored. */
	{ "@0", 0, 0, NULL },
	{ "@1709251200", 0, MAR1, NULL },
	{ "@-1", 0, -1, NULL },
	{ "@-86400", 0, -86400, NULL },
	{ "@1.5", 0, 1, NULL },
	{ "@-1.5", 0, -2, NULL },
	{ "@-0.5", 0, -1, NULL },
	{ "@-0", 0, 0, NULL },
	{ "@253402300799", 0, 253402300799LL, NULL },
	{ "@-62167219200", 0, -62167219200LL, NULL },
	/* The shape is exact. */
	{ "", -1, 0, SHAPE },
	{ "now", -1, 0, SHAPE },
	{ "yesterday", -1, 0, SHAPE },
	{ "2027-1-27", -1, 0, SHAPE },
	{ "27-11-2027", -1, 0, SHAPE },
	{ "2027/11/27", -1, 0, SHAPE },
	{ "+027-11-27", -1, 0, SHAPE },
	{ "20271127", -1, 0, SHAPE },
	{ " 2027-11-27", -1, 0, SHAPE },
	{ "2027-11-27 ", -1, 0, SHAPE },
	{ "2027-11-27T", -1, 0, SHAPE },
	{ "2027-11-27T10:00:00", -1, 0, SHAPE }, /* no offset: whose time? */
	{ "2027-11-27T10:00Z", -1, 0, SHAPE },
	{ "2027-11-27T10Z", -1, 0, SHAPE },
	{ "2027-11-27T1:00:00Z", -1, 0, SHAPE },
	{ "2027-11-27T10:00:00.Z", -1, 0, SHAPE },
	{ "2027-11-27T10:00:00,5Z", -1, 0, SHAPE },
	{ "2027-11-27T10:00:00+0100", -1, 0, SHAPE },
	{ "2027-11-27T10:00:00+01", -1, 0, SHAPE },
	{ "2027-11-27T10:00:00+1:00", -1, 0, SHAPE },
	{ "2027-11-27T10:00:00 Z", -1, 0, SHAPE },
	{ "2027-11-27T10:00:00ZZ", -1, 0, SHAPE },
	{ "2027-11-27T10:00:00UTC", -1, 0, SHAPE },
	{ "2027-11-27X10:00:00Z", -1, 0, SHAPE },
	{ "@", -1, 0, SHAPE },
	{ "@-", -1, 0, SHAPE },
	{ "@1.", -1, 0, SHAPE },
	{ "@.5", -1, 0, SHAPE },
	{ "@+1", -1, 0, SHAPE },
	{ "@1e9", -1, 0, SHAPE },
	{ "@ 1", -1, 0, SHAPE },
	{ "@0x10", -1, 0, SHAPE },
	{ "@253402300800", -1, 0, SHAPE },
	{ "@99999999999999999999999", -1, 0, SHAPE },
	{ "1709251200", -1, 0, SHAPE },
	/* The right shape, but no such moment (timegm would roll over). */
	{ "2027-02-29", -1, 0, NO_SUCH },
	{ "2027-02-30", -1, 0, NO_SUCH },
	{ "2027-04-31", -1, 0, NO_SUCH },
	{ "2027-13-01", -1, 0, NO_SUCH },
	{ "2027-00-10", -1, 0, NO_SUCH },
	{ "2027-11-00", -1, 0, NO_SUCH },
	{ "2100-02-29", -1, 0, NO_SUCH },
	{ "2027-11-27T24:00:00Z", -1, 0, NO_SUCH },
	{ "2027-11-27T10:60:00Z", -1, 0, NO_SUCH },
	{ "2027-11-27T10:00:61Z", -1, 0, NO_SUCH },
	{ "2027-11-27T23:59:60+01:00", -1, 0, NO_SUCH },
	{ "2027-11-27T12:00:60Z", -1, 0, NO_SUCH },
	{ "2027-11-27T10:00:00+24:00", -1, 0, NO_SUCH },
	{ "2027-11-27T10:00:00+01:60", -1, 0, NO_SUCH },
};

START_TEST(test_time_parse)
{
	const struct time_row *r = &time_rows[_i];
	struct mtls_err e = { 0 };
	time_t t = 42;
	char want[512];

	ck_assert_msg(mtls_time_parse(r->text, &t, &e) == r->want_rv,
		      "'%s': %s", r->text, e.msg);
	if (r->want_rv == 0) {
		ck_assert_msg(t == r->want, "'%s' is %lld, not %lld", r->text,
			      (long long)t, (long long)r->want);
		return;
	}
	ck_assert_int_eq(t, 42);
	test_assert_message(e.msg);
	snprintf(want, sizeof(want), "invalid time '%s'%s", r->text,
		 r->want_msg);
	ck_assert_str_eq(e.msg, want);
}
END_TEST

Suite *
times_suite(void)
{
	Suite *s = suite_create("times");
	TCase *tc;

	tc = tcase_create("mtls_time_parse");
	tcase_add_loop_test(tc, test_time_parse, 0, ROWS(time_rows));
	suite_add_tcase(s, tc);
	return s;
}
