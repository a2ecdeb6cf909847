/*
 * err.c -- error messages in words, carried up to the program that prints
 * them once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "mtls_internal.h"

int
mtls_err_set(struct mtls_err *e, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return -1;
	e->hint = MTLS_HINT_NONE;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int
mtls_err_gnutls(struct mtls_err *e, int gnutls_ret, const char *fmt, ...)
{
	va_list ap;
	size_t len;

	if (e == NULL)
		return -1;
	e->hint = MTLS_HINT_NONE;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	len = strlen(e->msg);
	snprintf(e->msg + len, sizeof(e->msg) - len, ": %s",
		 gnutls_strerror(gnutls_ret));
	/* GnuTLS's sentences end with a period; our messages do not. */
	len = strlen(e->msg);
	if (len > 0 && e->msg[len - 1] == '.')
		e->msg[len - 1] = '\0';
	return -1;
}

int
mtls_err_prefix(struct mtls_err *e, const char *fmt, ...)
{
	char old[MTLS_ERR_MAX];
	size_t len;
	va_list ap;

	if (e == NULL)
		return -1;
	memcpy(old, e->msg, sizeof(old));
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	len = strlen(e->msg);
	if (len + 2 < sizeof(e->msg)) {
		memcpy(e->msg + len, ": ", 3);
		len += 2;
		memcpy(e->msg + len, old, sizeof(e->msg) - len - 1);
		e->msg[sizeof(e->msg) - 1] = '\0';
	}
	return -1;
}
