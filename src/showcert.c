/*
 * showcert -- print certificates, certificate requests and CRLs: a summary
 * or the full text for people, one field or JSON for scripts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "mtls.h"

#define MAX_FIELDS 32

enum mode {
	MODE_SUMMARY,
	MODE_TEXT,
	MODE_FIELD,
	MODE_JSON,
};

struct opts {
	enum mode mode;
	enum mtls_field fields[MAX_FIELDS];
	size_t n_fields;
	const char *servername;
	char *const *files;
	int n_files;
};

enum {
	OPT_TEXT = CLI_OPT_FIRST_PROGRAM_OPTION,
	OPT_FIELD,
	OPT_JSON,
	OPT_SERVERNAME,
};

static const char short_opts[] = "";
static const struct option long_opts[] = {
	{ "text", no_argument, NULL, OPT_TEXT },
	{ "field", required_argument, NULL, OPT_FIELD },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "servername", required_argument, NULL, OPT_SERVERNAME },
	CLI_LONG_HELP_VERSION,
	{ NULL, 0, NULL, 0 },
};

static void
usage(int status)
{
	if (status != EXIT_SUCCESS)
		cli_try_help();
	printf("Usage: %s [OPTION]... [FILE|URL]...\n", cli_program_name);
	fputs("\
Print the certificates, certificate requests and CRLs in each FILE (PEM,\n\
one or more objects, or DER; no FILE or '-': standard input): by default a\n\
short summary of each.  Names are printed in RFC 4514 form.\n\
For a URL (https://HOST[:PORT][/...], port 443 by default), print the\n\
certificate chain the server sends, as it sends it; it is not verified.\n\
\n\
      --text               everything (GnuTLS's full printout)\n\
      --field NAME         only this value, one line per field and object\n\
                             (repeatable): subject, issuer, serial,\n\
                             not-before, not-after, days-left, fingerprint,\n\
                             san, key-type, is-ca\n\
      --json               a JSON array, one object per item (see the man\n\
                             page for its keys)\n\
      --servername NAME    the name to ask a URL's server for (SNI),\n\
                             instead of the URL's host\n\
      --help               display this help and exit\n\
      --version            output version information and exit\n\
\n\
Exit status: 0 on success, 2 on a usage error or when a FILE cannot be\n\
read or holds no certificate, request or CRL, or a URL's server cannot\n\
be reached or sends no certificate (within 10 seconds per step).\n\
\n\
Examples:\n\
  showcert invoice-server/server.cert\n\
  showcert --field not-after --field days-left ca/ca.cert.pem\n\
  showcert https://localhost:3100/\n",
	      stdout);
	exit(EXIT_SUCCESS);
}

static void
set_mode(struct opts *o, enum mode mode)
{
	if (o->mode != MODE_SUMMARY && o->mode != mode)
		cli_usage_error(
			"--text, --field and --json cannot be combined");
	o->mode = mode;
}

/* Append what the options ask for about IT to OUT. */
static int
describe(const struct opts *o, const struct mtls_item *it, const char *name,
	 size_t index, size_t count, time_t now, gnutls_datum_t *out,
	 struct mtls_err *e)
{
	char label[1100];
	size_t i;

	if (count > 1)
		snprintf(label, sizeof(label), "%s[%zu]", name, index + 1);
	else
		snprintf(label, sizeof(label), "%s", name);
	switch (o->mode) {
	case MODE_SUMMARY:
		return mtls_item_summary(it, label, now, out, e);
	case MODE_TEXT:
		return mtls_item_text(it, label, out, e);
	case MODE_JSON:
		return mtls_item_json(it, name, (unsigned)index + 1, now, out,
				      e);
	case MODE_FIELD:
		for (i = 0; i < o->n_fields; i++)
			if (mtls_item_field(it, o->fields[i], now, out, e) != 0)
				return -1;
		return 0;
	}
	return 0;
}

static void
emit(const gnutls_datum_t *d)
{
	if (d->size > 0)
		fwrite(d->data, 1, d->size, stdout);
}

/* The items of one argument: a file's contents, or the chain a URL's
 * server sends. */
static int
load(const struct opts *o, const char *arg, const char *name,
     struct mtls_item **items, size_t *n, struct mtls_err *e)
{
	gnutls_datum_t data;
	int rv;

	if (mtls_is_https_url(arg))
		return mtls_fetch_items(arg, o->servername, items, n, e);
	if (mtls_file_read(arg, &data, e) != 0)
		return -1;
	rv = mtls_items_import(&data, name, items, n, e);
	gnutls_free(data.data);
	return rv;
}

static int
run(const struct opts *o)
{
	static char *const stdin_only[] = { "-" };
	char *const *files = o->n_files > 0 ? o->files : stdin_only;
	int n_files = o->n_files > 0 ? o->n_files : 1;
	time_t now = time(NULL);
	struct mtls_item *items;
	gnutls_datum_t out;
	struct mtls_err e;
	const char *name;
	size_t n, i, shown = 0;
	int f, status = EXIT_SUCCESS;

	if (o->mode == MODE_JSON)
		fputs("[", stdout);
	for (f = 0; f < n_files; f++) {
		name = mtls_file_name(files[f], false);
		if (load(o, files[f], name, &items, &n, &e) != 0) {
			cli_error("%s", cli_err_text(&e));
			status = EXIT_TROUBLE;
			continue;
		}
		for (i = 0; i < n; i++) {
			out.data = NULL;
			out.size = 0;
			if (describe(o, &items[i], name, i, n, now, &out, &e) !=
			    0) {
				cli_error("%s", cli_err_text(&e));
				status = EXIT_TROUBLE;
			} else {
				/* Blank lines between summaries, commas
				 * between JSON objects. */
				if (shown > 0 && o->mode == MODE_JSON)
					fputs(",", stdout);
				if (shown > 0 && (o->mode == MODE_SUMMARY ||
						  o->mode == MODE_TEXT))
					fputs("\n", stdout);
				if (o->mode == MODE_JSON)
					fputs("\n  ", stdout);
				emit(&out);
				shown++;
			}
			gnutls_free(out.data);
		}
		mtls_items_free(items, n);
	}
	if (o->mode == MODE_JSON)
		fputs(shown > 0 ? "\n]\n" : "]\n", stdout);
	return status;
}

int
main(int argc, char *argv[])
{
	struct opts o = { .mode = MODE_SUMMARY };
	struct mtls_err e;
	int ch;

	cli_init(argv[0]);
	while ((ch = getopt_long(argc, argv, short_opts, long_opts, NULL)) !=
	       -1) {
		switch (ch) {
		case OPT_TEXT:
			set_mode(&o, MODE_TEXT);
			break;
		case OPT_FIELD:
			set_mode(&o, MODE_FIELD);
			if (o.n_fields == MAX_FIELDS)
				cli_usage_error("too many --field options");
			if (mtls_field_parse(optarg, &o.fields[o.n_fields],
					     &e) != 0)
				cli_usage_error("%s", cli_err_text(&e));
			o.n_fields++;
			break;
		case OPT_JSON:
			set_mode(&o, MODE_JSON);
			break;
		case OPT_SERVERNAME:
			if (optarg[0] == '\0')
				cli_usage_error("--servername needs a name");
			o.servername = optarg;
			break;
			CLI_CASE_HELP_VERSION;
		default:
			cli_try_help();
		}
	}
	o.files = argv + optind;
	o.n_files = argc - optind;
	return run(&o);
}
