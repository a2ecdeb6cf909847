/*
 * expiry.c -- which certificates of a verified path expire within a given
 * number of days: what a renewal script asks before the day comes.  Every
 * certificate on the path counts, the trust anchor included, because an
 * intermediate that expires first stops the leaf as surely as its own
 * notAfter does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "mtls_internal.h"

/* Room for the longest path verify.c builds, and then some. */
#define EXPIRY_PATH_MAX 32

int
mtls_expiry_days_parse(const char *text, unsigned *out, struct mtls_err *e)
{
	unsigned long days;
	char *end;

	errno = 0;
	days = strtoul(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' ||
	    !(text[0] >= '0' && text[0] <= '9') || days > MTLS_EXPIRY_DAYS_MAX)
		return mtls_err_set(e,
				    "invalid number of days '%s' (use 0 to "
				    "%d)",
				    text, MTLS_EXPIRY_DAYS_MAX);
	*out = (unsigned)days;
	return 0;
}

unsigned
mtls_verify_expiring(const struct mtls_verify_policy *pol,
		     gnutls_x509_crt_t leaf, const gnutls_x509_crt_t *pool,
		     unsigned n_pool, unsigned days,
		     void (*each)(void *arg, const char *words), void *arg)
{
	gnutls_x509_crt_t path[EXPIRY_PATH_MAX + 1], anchor = NULL, crt;
	char name[MTLS_NAME_MAX], when[64], rel[64], words[MTLS_NAME_MAX + 160];
	time_t at = pol->at_set ? pol->at : time(NULL), t;
	long long limit =
		(long long)at + (long long)days * MTLS_SECONDS_PER_DAY;
	unsigned n, i, found = 0;

	n = mtls_verify_path(pol, leaf, pool, n_pool, path, EXPIRY_PATH_MAX,
			     &anchor);
	if (anchor != NULL)
		path[n++] = anchor;
	for (i = 0; i < n; i++) {
		crt = path[i];
		t = gnutls_x509_crt_get_expiration_time(crt);
		/* OpenSSL's -checkend rule: a notAfter at the limit itself
		 * counts, as the certificate is expired from that second. */
		if (t == (time_t)-1 || (long long)t > limit)
			continue;
		mtls_crt_subject(crt, name, sizeof(name));
		mtls_time_format(t, when, sizeof(when));
		mtls_time_relative(t, at, rel, sizeof(rel));
		snprintf(words, sizeof(words), "%s'%s' expires on %s (%s)",
			 i == 0 ? "" : "issuer ", name, when, rel);
		if (each != NULL)
			each(arg, words);
		found++;
	}
	gnutls_x509_crt_deinit(anchor);
	return found;
}
