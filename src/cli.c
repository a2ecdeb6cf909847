/*
 * cli.c -- the command-line conventions shared by every program.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <gnutls/pkcs11.h>

#include "cli.h"

const char *cli_program_name = "mtls-utils";

static void
close_stdout(void)
{
	/* Anything still buffered must reach its destination, or the
	 * program failed. */
	if (fclose(stdout) != 0) {
		fprintf(stderr, "%s: write error: %s\n", cli_program_name,
			strerror(errno));
		_exit(EXIT_TROUBLE);
	}
}

/* A PKCS#11 token's PIN from $GNUTLS_PIN, as certtool and p11tool take
 * it (or from the URL's pin-value, which GnuTLS reads itself). */
static int
pin_from_env(void *userdata, int attempt, const char *token_url,
	     const char *token_label, unsigned int flags, char *pin,
	     size_t pin_max)
{
	const char *env = getenv("GNUTLS_PIN");

	(void)userdata;
	(void)token_url;
	(void)token_label;
	(void)flags;
	if (env == NULL || attempt > 0 || strlen(env) >= pin_max)
		return -1;
	strcpy(pin, env);
	return 0;
}

const char *
cli_hint_words(enum mtls_hint hint)
{
	switch (hint) {
	case MTLS_HINT_FORCE:
		return "; use --force to replace it";
	case MTLS_HINT_CLIENT_CERT:
		return " (use --cert and --key)";
	case MTLS_HINT_PIN:
		return " (set GNUTLS_PIN or put pin-value in the URL)";
	case MTLS_HINT_PASSPHRASE:
		return " (give it with --pass-file FILE or --pass-env VAR)";
	default:
		return "";
	}
}

const char *
cli_err_text(struct mtls_err *e)
{
	const char *words = cli_hint_words(e->hint);
	size_t len = strlen(e->msg);

	if (words[0] != '\0' && len + strlen(words) < sizeof(e->msg))
		memcpy(e->msg + len, words, strlen(words) + 1);
	e->hint = MTLS_HINT_NONE;
	return e->msg;
}

void
cli_init(const char *argv0)
{
	const char *slash = strrchr(argv0, '/');

	cli_program_name = slash ? slash + 1 : argv0;
	/* libtool-style "lt-" wrappers should not show in messages. */
	if (strncmp(cli_program_name, "lt-", 3) == 0)
		cli_program_name += 3;
	atexit(close_stdout);
	gnutls_pkcs11_set_pin_function(pin_from_env, NULL);
}

void
cli_try_help(void)
{
	fprintf(stderr, "%sTry '%s --help' for more information.\n",
		cli_priority(CLI_PRI_ERR), cli_program_name);
	exit(EXIT_TROUBLE);
}

/* Whether lines on stderr start with their syslog priority. */
static bool priority_prefix;

void
cli_set_priority_prefix(bool on)
{
	priority_prefix = on;
}

const char *
cli_priority(int pri)
{
	static const char *const names[] = { "<0>", "<1>", "<2>", "<3>",
					     "<4>", "<5>", "<6>", "<7>" };

	if (!priority_prefix || pri < 0 || pri > 7)
		return "";
	return names[pri];
}

/* "PROG: MESSAGE" on standard error, MESSAGE made printable: it may carry
 * a certificate's subject or a server's words. */
__attribute__((format(printf, 3, 0))) static void
say(int pri, const char *prefix, const char *fmt, va_list ap)
{
	char msg[4 * MTLS_ERR_MAX], safe[4 * MTLS_ERR_MAX];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	mtls_printable(msg, safe, sizeof(safe));
	fprintf(stderr, "%s%s: %s%s\n", cli_priority(pri), cli_program_name,
		prefix, safe);
}

void
cli_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(CLI_PRI_ERR, "", fmt, ap);
	va_end(ap);
	cli_try_help();
}

void
cli_version(void)
{
	printf("%s (%s) %s\n"
	       "Copyright (C) 2026 the mtls-utils authors.\n"
	       "License GPLv3+: GNU GPL version 3 or later "
	       "<https://gnu.org/licenses/gpl.html>.\n"
	       "This is free software: you are free to change and "
	       "redistribute it.\n"
	       "There is NO WARRANTY, to the extent permitted by law.\n",
	       cli_program_name, PACKAGE_NAME, PACKAGE_VERSION);
	exit(EXIT_SUCCESS);
}

int
cli_parse_uint(const char *text, unsigned min, unsigned max, unsigned *out)
{
	unsigned long v;
	char *end;

	if (text[0] < '0' || text[0] > '9')
		return -1;
	errno = 0;
	v = strtoul(text, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = (unsigned)v;
	return 0;
}

void
cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(CLI_PRI_ERR, "", fmt, ap);
	va_end(ap);
}

void
cli_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(CLI_PRI_WARNING, "warning: ", fmt, ap);
	va_end(ap);
}

void
cli_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(CLI_PRI_INFO, "", fmt, ap);
	va_end(ap);
}
