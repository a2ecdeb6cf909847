/*
 * times.c -- times as people read them in messages (UTC, ISO order) and
 * as they type them: RFC 3339, a date, or seconds since 1970.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mtls_internal.h"

void
mtls_time_format(time_t t, char *buf, size_t size)
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, size, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
		snprintf(buf, size, "?");
}

void
mtls_time_format_iso(time_t t, char *buf, size_t size)
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, size, "?");
}

void
mtls_time_relative(time_t t, time_t now, char *buf, size_t size)
{
	long long d =
		(long long)(t > now ? t - now : now - t) / MTLS_SECONDS_PER_DAY;

	if (d == 0)
		snprintf(buf, size,
			 t > now ? "in less than a day"
				 : "less than a day ago");
	else if (t > now)
		snprintf(buf, size, "in %lld day%s", d, d == 1 ? "" : "s");
	else
		snprintf(buf, size, "%lld day%s ago", d, d == 1 ? "" : "s");
}

#define TIME_FORMS                                                             \
	"expected YYYY-MM-DD, an RFC 3339 time such as "                       \
	"2024-03-01T12:00:00Z or 2024-03-01T14:00:00.5+02:00, or @SECONDS "    \
	"since 1970-01-01"

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The N-digit number at *P (advancing it), or -1 when there are not N
 * digits. */
static int
digits(const char **p, int n)
{
	int v = 0;

	while (n-- > 0) {
		if (!is_digit(**p))
			return -1;
		v = v * 10 + (*(*p)++ - '0');
	}
	return v;
}

/* "@SECONDS[.FRACTION]", possibly negative, floored to whole seconds. */
static int
parse_epoch(const char *text, time_t *out)
{
	const char *p = text + 1;
	bool negative = false, fraction = false;
	long long v = 0;
	struct tm tm;
	time_t t;

	if (*p == '-') {
		negative = true;
		p++;
	}
	if (!is_digit(*p))
		return -1;
	for (; is_digit(*p); p++) {
		/* Past year 9999 either way is no certificate time. */
		if (v > 253402300799LL)
			return -1;
		v = v * 10 + (*p - '0');
	}
	if (*p == '.') {
		if (!is_digit(*++p))
			return -1;
		for (; is_digit(*p); p++)
			fraction |= *p != '0';
	}
	if (*p != '\0' || v > 253402300799LL)
		return -1;
	/* -1.5 s is 1.5 s before the epoch: the whole second -2. */
	t = (time_t)(negative ? -v - (fraction ? 1 : 0) : v);
	if (gmtime_r(&t, &tm) == NULL || tm.tm_year < -1900)
		return -1;
	*out = t;
	return 0;
}

int
mtls_time_parse(const char *text, time_t *out, struct mtls_err *e)
{
	struct tm tm = { 0 }, back;
	const char *p = text;
	int year, mon, mday, hour = 0, min = 0, sec = 0, off = 0, oh, om;
	bool leap = false;
	time_t t;

	if (text[0] == '@') {
		if (parse_epoch(text, out) != 0)
			return mtls_err_set(e, "invalid time '%s' (%s)", text,
					    TIME_FORMS);
		return 0;
	}
	year = digits(&p, 4);
	if (year < 0 || *p++ != '-' || (mon = digits(&p, 2)) < 0 ||
	    *p++ != '-' || (mday = digits(&p, 2)) < 0)
		goto shape;
	if (*p == '\0')
		goto date;
	/* RFC 3339 5.6: 'T' or 't' (or, its note allows, a space). */
	if (*p != 'T' && *p != 't' && *p != ' ')
		goto shape;
	p++;
	if ((hour = digits(&p, 2)) < 0 || *p++ != ':' ||
	    (min = digits(&p, 2)) < 0 || *p++ != ':' ||
	    (sec = digits(&p, 2)) < 0)
		goto shape;
	/* Certificates count whole seconds: a fraction is dropped, which
	 * compares with them as the exact instant would. */
	if (*p == '.') {
		if (!is_digit(*++p))
			goto shape;
		while (is_digit(*p))
			p++;
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p++ == '-' ? -1 : 1;

		if ((oh = digits(&p, 2)) < 0 || *p++ != ':' ||
		    (om = digits(&p, 2)) < 0)
			goto shape;
		if (oh > 23 || om > 59)
			goto no_such;
		off = sign * (oh * 3600 + om * 60);
	} else {
		goto shape;
	}
	if (*p != '\0')
		goto shape;
	/* A leap second (23:59:60Z) is the second before it to time_t. */
	if (sec == 60) {
		leap = true;
		sec = 59;
	}
date:
	tm.tm_year = year - 1900;
	tm.tm_mon = mon - 1;
	tm.tm_mday = mday;
	tm.tm_hour = hour;
	tm.tm_min = min;
	tm.tm_sec = sec;
	t = timegm(&tm);
	/* timegm rolls 2027-02-30 over into March; a round trip catches it. */
	if (gmtime_r(&t, &back) == NULL || back.tm_year != year - 1900 ||
	    back.tm_mon != mon - 1 || back.tm_mday != mday ||
	    back.tm_hour != hour || back.tm_min != min || back.tm_sec != sec)
		goto no_such;
	/* Only the last minute of a UTC day has a 60th second. */
	if (leap && (((long long)t - off) % 86400 + 86400) % 86400 != 86399)
		goto no_such;
	*out = t - off;
	return 0;
shape:
	return mtls_err_set(e, "invalid time '%s' (%s)", text, TIME_FORMS);
no_such:
	return mtls_err_set(e, "invalid time '%s': no such date or time", text);
}
