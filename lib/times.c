/*
 * times.c -- times as people read them in messages: UTC, ISO order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdio.h>
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
