/*
 * cli.h -- what every mtls-utils program shares on the command line:
 * --help/--version, "Try 'PROG --help'", messages, exit statuses, and a
 * checked close of standard output.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef MTLS_CLI_H
#define MTLS_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdlib.h>

#include "mtls.h"

/* Exit statuses, as doc/DESIGN.md and every man page define them. */
enum {
	EXIT_CHECK_FAILED = 1, /* a check said no */
	EXIT_TROUBLE = 2,      /* usage, input or I/O error */
	EXIT_NETWORK = 3,      /* mtls-get: resolve, connect, timeout */
};

/* getopt_long values for options with no short form start here. */
enum {
	CLI_OPT_HELP = 0x100,
	CLI_OPT_VERSION,
	CLI_OPT_FIRST_PROGRAM_OPTION,
};

/* --key-type, --bits, --curve: how mkca and mkcsr describe a new key. */
enum {
	CLI_OPT_KEY_TYPE = 0x180,
	CLI_OPT_BITS,
	CLI_OPT_CURVE,
};
#define CLI_LONG_KEYSPEC                                                       \
	{ "key-type", required_argument, NULL, CLI_OPT_KEY_TYPE },             \
		{ "bits", required_argument, NULL, CLI_OPT_BITS },             \
	{                                                                      \
		"curve", required_argument, NULL, CLI_OPT_CURVE                \
	}

/* When CH is one of CLI_LONG_KEYSPEC's options, apply ARG to SPEC (a bad
 * value is a usage error) and return true; else return false. */
bool cli_keyspec_option(int ch, const char *arg, struct mtls_keyspec *spec);

/* --crl-url and --ca-issuers-url: where a new certificate says its CRL and
 * its issuer's certificate are published (signcsr, mkca). */
enum {
	CLI_OPT_CRL_URL = 0x1a0,
	CLI_OPT_CA_ISSUERS_URL,
};
#define CLI_LOCATIONS_MAX 8
#define CLI_LONG_LOCATIONS                                                     \
	{ "crl-url", required_argument, NULL, CLI_OPT_CRL_URL },               \
	{                                                                      \
		"ca-issuers-url", required_argument, NULL,                     \
			CLI_OPT_CA_ISSUERS_URL                                 \
	}
struct cli_locations {
	const char *crl[CLI_LOCATIONS_MAX];
	size_t n_crl;
	const char *ca_issuers[CLI_LOCATIONS_MAX];
	size_t n_ca_issuers;
};

/* When CH is one of CLI_LONG_LOCATIONS's options, check ARG (a bad URL is
 * a usage error), add it to LOC and return true; else return false. */
bool cli_locations_option(int ch, const char *arg, struct cli_locations *loc);

/* Point PARAMS at LOC's URLs (LOC must outlive them). */
void cli_locations_apply(const struct cli_locations *loc,
			 struct mtls_crt_params *params);

/* --pass-file and --pass-env: the passphrase of encrypted keys (read and
 * written), never on the command line. */
enum {
	CLI_OPT_PASS_FILE = 0x1c0,
	CLI_OPT_PASS_ENV,
};
#define CLI_LONG_PASS                                                          \
	{ "pass-file", required_argument, NULL, CLI_OPT_PASS_FILE },           \
	{                                                                      \
		"pass-env", required_argument, NULL, CLI_OPT_PASS_ENV          \
	}
struct cli_pass {
	const char *file, *env;
	char *value; /* once read; wiped by cli_pass_free */
	bool loaded;
};

/* When CH is one of CLI_LONG_PASS's options, note ARG in P and return
 * true; else return false. */
bool cli_pass_option(int ch, const char *arg, struct cli_pass *p);

/* Load the key at PATH (mtls_key_load) with P's passphrase; when the key
 * is encrypted and no option gave one, ask on the terminal and try once
 * more. */
int cli_key_load(const char *path, struct cli_pass *p, gnutls_privkey_t *out,
		 struct mtls_err *e);

/* mtls_key_obtain for PATH (or a new key when PATH is NULL), with P's
 * passphrase, asked for as by cli_key_load. */
int cli_key_obtain(const char *path, struct cli_pass *p,
		   const struct mtls_keyspec *spec, gnutls_privkey_t *key,
		   gnutls_datum_t *pem, struct mtls_err *e);

/* Learn the passphrase of the key at PATH (asking as cli_key_load does)
 * before a library call loads it; for a PKCS#12 file, from the options. */
int cli_key_passphrase(const char *path, struct cli_pass *p,
		       struct mtls_err *e);

/* The passphrase given by an option, or NULL (for key loads done by the
 * library, such as a server's on reload). */
int cli_pass_value(struct cli_pass *p, const char **out, struct mtls_err *e);

/* The passphrase to encrypt a new key with: from the options, or asked
 * twice on the terminal; an error without either. */
int cli_pass_new(struct cli_pass *p, const char **out, struct mtls_err *e);

/* Wipe and free P's passphrase. */
void cli_pass_free(struct cli_pass *p);

#define CLI_LONG_HELP_VERSION                                                  \
	{ "help", no_argument, NULL, CLI_OPT_HELP },                           \
	{                                                                      \
		"version", no_argument, NULL, CLI_OPT_VERSION                  \
	}

/* Each program defines static void usage(int status). */
#define CLI_CASE_HELP_VERSION                                                  \
	case CLI_OPT_HELP:                                                     \
		usage(EXIT_SUCCESS);                                           \
		break;                                                         \
	case CLI_OPT_VERSION:                                                  \
		cli_version();                                                 \
		break

extern const char *cli_program_name;

/* Remember the program's name and arrange for stdout to be closed and
 * checked at exit (a full disk is an error, not silence). */
void cli_init(const char *argv0);

/* "Try 'PROG --help' for more information." then exit 2. */
__attribute__((noreturn)) void cli_try_help(void);

/* "PROG: message" and the "Try" line, then exit 2. */
__attribute__((noreturn, format(printf, 1, 2))) void
cli_usage_error(const char *fmt, ...);

__attribute__((noreturn)) void cli_version(void);

/* A whole decimal number in MIN..MAX (no sign, no trailing junk) for an
 * option's value; 0 on success, -1 otherwise. */
int cli_parse_uint(const char *text, unsigned min, unsigned max, unsigned *out);

/* "PROG: message" on stderr. */
__attribute__((format(printf, 1, 2))) void cli_error(const char *fmt, ...);

/* What the user can do about a failure the library hinted at, in this
 * suite's options ("; use --force to replace it"), or "". */
const char *cli_hint_words(enum mtls_hint hint);

/* E's message with the words of its hint appended (E is changed). */
const char *cli_err_text(struct mtls_err *e);

/* "PROG: warning: message" on stderr. */
__attribute__((format(printf, 1, 2))) void cli_warn(const char *fmt, ...);

/* "PROG: message" on stderr, for what a service reports in passing
 * (a reload done). */
__attribute__((format(printf, 1, 2))) void cli_info(const char *fmt, ...);

/* Syslog priorities of the lines on stderr. */
enum {
	CLI_PRI_ERR = 3,
	CLI_PRI_WARNING = 4,
	CLI_PRI_INFO = 6,
};

/* From now on, start every line cli_error, cli_warn and cli_info write
 * with its syslog priority ("<3>", "<4>", "<6>"), as the journal reads
 * them: for when standard error is the journal's stream. */
void cli_set_priority_prefix(bool on);

/* "<PRI>" when priority prefixes are on, else "": for lines a program
 * writes itself. */
const char *cli_priority(int pri);

#endif /* MTLS_CLI_H */
