/*
 * mkp12 -- bundle a certificate, its key and its chain into a PKCS#12
 * file for browsers, Java and Windows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "mtls.h"

struct opts {
	const char *cert;
	const char *key;
	const char *chain;
	const char *name;
	const char *out;
	struct cli_pass pass;
	bool legacy;
	bool force;
	bool verbose;
};

enum {
	OPT_CERT = CLI_OPT_FIRST_PROGRAM_OPTION,
	OPT_KEY,
	OPT_CHAIN,
	OPT_NAME,
	OPT_LEGACY,
	OPT_FORCE,
};

static const char short_opts[] = "o:v";
static const struct option long_opts[] = {
	{ "cert", required_argument, NULL, OPT_CERT },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "chain", required_argument, NULL, OPT_CHAIN },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "out", required_argument, NULL, 'o' },
	{ "legacy", no_argument, NULL, OPT_LEGACY },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "verbose", no_argument, NULL, 'v' },
	CLI_LONG_PASS,
	CLI_LONG_HELP_VERSION,
	{ NULL, 0, NULL, 0 },
};

static void
usage(int status)
{
	if (status != EXIT_SUCCESS)
		cli_try_help();
	printf("Usage: %s --cert FILE --key FILE -o FILE.p12 [OPTION]...\n",
	       cli_program_name);
	fputs("\
Bundle a certificate, its private key and its chain into a PKCS#12 file\n\
(.p12, .pfx) for browsers, Java keystores and Windows, protected by a\n\
passphrase.  mtls-get and mtls-serve take such a file as --cert.\n\
\n\
      --cert FILE          the certificate (a chain file: the rest of it is\n\
                             the chain)\n\
      --key FILE           its private key (not a pkcs11: URL: a token's\n\
                             key does not leave it)\n\
      --chain FILE         the CA certificates to include (repeatable use\n\
                             of one file)\n\
      --name NAME          the friendly name importers show\n\
  -o, --out FILE           the PKCS#12 file to write (mode 0600; never to a\n\
                             terminal)\n\
      --pass-file FILE     the passphrase (its first line): of the new file,\n\
                             and of an encrypted --key\n\
      --pass-env VAR       ... or the value of the environment variable VAR\n\
                             (without either, asked on the terminal)\n\
      --legacy             3DES/RC2-40 and a SHA-1 MAC, for old Windows,\n\
                             macOS and Java keystores (default: AES-256,\n\
                             PBKDF2, SHA-256 MAC)\n\
      --force              replace an existing output file\n\
  -v, --verbose            say what the file holds, on standard error\n\
      --help               display this help and exit\n\
      --version            output version information and exit\n\
\n\
Exit status: 0 on success, 2 on a usage error, bad input or I/O error\n\
(including a key that does not match the certificate and a wrong or\n\
missing passphrase).\n\
\n\
Example:\n\
  mkp12 --cert mail-server/server.cert --key mail-server/private.key \\\n\
        --chain ca/ca.cert.pem --name 'Mail server' -o mail.p12\n",
	      stdout);
	exit(EXIT_SUCCESS);
}

static int
run(struct opts *o)
{
	unsigned fflag = MTLS_WRITE_SECRET | (o->force ? MTLS_WRITE_FORCE : 0);
	gnutls_x509_crt_t *certs = NULL, *extra = NULL, *all = NULL;
	unsigned n_certs = 0, n_extra = 0;
	gnutls_x509_privkey_t xkey = NULL;
	gnutls_privkey_t key = NULL;
	gnutls_datum_t der = { NULL, 0 };
	struct mtls_err e;
	const char *pass;
	size_t n_all = 0;
	int match, status = EXIT_TROUBLE;

	if (mtls_file_check_writable(o->out, fflag, &e) != 0 ||
	    mtls_crt_list_load(o->cert, &certs, &n_certs, &e) != 0 ||
	    (o->chain != NULL &&
	     mtls_crt_list_load(o->chain, &extra, &n_extra, &e) != 0) ||
	    cli_key_load(o->key, &o->pass, &key, &e) != 0)
		goto fail;
	match = mtls_key_matches_crt(key, certs[0], &e);
	if (match <= 0) {
		if (match == 0)
			mtls_err_set(&e,
				     "'%s' is not the key of the "
				     "certificate in '%s'",
				     mtls_file_name(o->key, false),
				     mtls_file_name(o->cert, false));
		goto fail;
	}
	if (cli_pass_new(&o->pass, &pass, &e) != 0 ||
	    mtls_key_load_x509(o->key, pass, &xkey, &e) != 0)
		goto fail;
	all = gnutls_calloc(n_certs + n_extra, sizeof(*all));
	if (all == NULL) {
		mtls_err_set(&e, "out of memory");
		goto fail;
	}
	for (unsigned i = 0; i < n_certs; i++)
		all[n_all++] = certs[i];
	for (unsigned i = 0; i < n_extra; i++)
		all[n_all++] = extra[i];
	if (mtls_p12_build(all, n_all, xkey, o->name, pass, o->legacy, &der,
			   &e) != 0 ||
	    mtls_file_write(o->out, der.data, der.size, fflag, &e) != 0)
		goto fail;
	if (o->verbose)
		fprintf(stderr,
			"%s: wrote '%s': a key and %zu certificate%s "
			"(%s)\n",
			cli_program_name, mtls_file_name(o->out, true), n_all,
			n_all == 1 ? "" : "s",
			o->legacy ? "3DES, SHA-1 MAC" : "AES-256, SHA-256 MAC");
	status = EXIT_SUCCESS;
	goto out;
fail:
	cli_error("%s", cli_err_text(&e));
out:
	mtls_datum_wipe(&der);
	gnutls_free(all);
	gnutls_x509_privkey_deinit(xkey);
	gnutls_privkey_deinit(key);
	mtls_crt_list_free(certs, n_certs);
	mtls_crt_list_free(extra, n_extra);
	return status;
}

int
main(int argc, char *argv[])
{
	struct opts o = { .out = NULL };
	int ch, status;

	cli_init(argv[0]);
	while ((ch = getopt_long(argc, argv, short_opts, long_opts, NULL)) !=
	       -1) {
		switch (ch) {
		case OPT_CERT:
			o.cert = optarg;
			break;
		case OPT_KEY:
			o.key = optarg;
			break;
		case OPT_CHAIN:
			o.chain = optarg;
			break;
		case OPT_NAME:
			o.name = optarg;
			break;
		case 'o':
			o.out = optarg;
			break;
		case OPT_LEGACY:
			o.legacy = true;
			break;
		case OPT_FORCE:
			o.force = true;
			break;
		case 'v':
			o.verbose = true;
			break;
		case CLI_OPT_PASS_FILE:
		case CLI_OPT_PASS_ENV:
			cli_pass_option(ch, optarg, &o.pass);
			break;
			CLI_CASE_HELP_VERSION;
		default:
			cli_try_help();
		}
	}
	if (optind < argc)
		cli_usage_error("unexpected argument '%s'", argv[optind]);
	if (o.cert == NULL || o.key == NULL)
		cli_usage_error("--cert and --key are required");
	if (o.out == NULL)
		cli_usage_error("missing -o FILE (a PKCS#12 file holds a key: "
				"it is never written to standard output "
				"unless you say -o -)");
	status = run(&o);
	cli_pass_free(&o.pass);
	return status;
}
