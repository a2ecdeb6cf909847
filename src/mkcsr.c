/*
 * mkcsr -- make a key (or use one) and a certificate signing request.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "mtls.h"

struct opts {
	const char *subject;
	const char *from; /* renew this certificate */
	bool new_key;
	struct mtls_sans sans;
	struct mtls_keyspec keyspec;
	bool keyspec_given;
	const char *key_out;
	const char *key;
	const char *out;
	bool force;
	bool verbose;
	struct cli_pass pass;
	bool encrypt;
};

enum {
	OPT_SAN = CLI_OPT_FIRST_PROGRAM_OPTION,
	OPT_KEY_OUT,
	OPT_KEY,
	OPT_FORCE,
	OPT_FROM,
	OPT_NEW_KEY,
	OPT_ENCRYPT,
};

static const char short_opts[] = "s:o:v";
static const struct option long_opts[] = {
	{ "subject", required_argument, NULL, 's' },
	{ "san", required_argument, NULL, OPT_SAN },
	CLI_LONG_KEYSPEC,
	{ "key-out", required_argument, NULL, OPT_KEY_OUT },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "out", required_argument, NULL, 'o' },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "new-key", no_argument, NULL, OPT_NEW_KEY },
	{ "verbose", no_argument, NULL, 'v' },
	CLI_LONG_PASS,
	{ "encrypt", no_argument, NULL, OPT_ENCRYPT },
	CLI_LONG_HELP_VERSION,
	{ NULL, 0, NULL, 0 },
};

static void
usage(int status)
{
	if (status != EXIT_SUCCESS)
		cli_try_help();
	printf("Usage: %s --subject NAME (--key-out FILE | --key FILE|URL) "
	       "[OPTION]...\n"
	       "  or:  %s --from CERT (--key FILE|URL | --new-key --key-out "
	       "FILE) [OPTION]...\n",
	       cli_program_name, cli_program_name);
	fputs("\
Make a certificate signing request (PEM, to standard output) for a new key\n\
or an existing one.  When no --san is given and the subject's CN is a host\n\
name or an IP address, the request asks for that name as a SAN too.\n\
\n\
  -s, --subject NAME       '/CN=localhost/O=InvoiceServer' or\n\
                             'O=InvoiceServer,CN=localhost' (RFC 4514)\n\
      --san LIST           subject alternative names, comma-separated:\n\
                             DNS:name, IP:address, URI:uri, email:address\n\
                             (repeatable)\n\
      --key-out FILE       make a new key and save it to FILE (mode 0600)\n\
      --key FILE|URL       use an existing key (file or pkcs11: URL)\n\
      --key-type TYPE      ecdsa (default), rsa or ed25519\n\
      --bits N             RSA key size, 2048 to 8192 (default 3072)\n\
      --curve CURVE        ECDSA curve: P-256 (default), P-384 or P-521\n\
      --from CERT          renew CERT: its subject and SANs (--san\n\
                             replaces them), for --key (the same key) or a\n\
                             --new-key\n\
      --new-key            with --from: make a fresh key (to --key-out)\n\
  -o, --out FILE           write the request to FILE (default: stdout)\n\
      --force              replace existing output files\n\
  -v, --verbose            say what was made, on standard error\n\
      --encrypt            write the new key encrypted (PKCS#8, AES-256,\n\
                             PBKDF2) with the passphrase of --pass-file or\n\
                             --pass-env, or asked on the terminal\n\
      --pass-file FILE     the passphrase of an encrypted key: the first\n\
                             line of FILE\n\
      --pass-env VAR       ... or the value of the environment variable VAR\n\
                             (without either, asked on the terminal)\n\
      --help               display this help and exit\n\
      --version            output version information and exit\n\
\n\
Exit status: 0 on success, 2 on a usage error, bad input or I/O error.\n\
\n\
Examples:\n\
  mkcsr --subject '/CN=localhost/O=InvoiceServer' \\\n\
        --key-out invoice-server/private.key > invoice-server/server.csr\n\
  mkcsr --from old.pem --key private.key | signcsr --ca ... > new.pem\n",
	      stdout);
	exit(EXIT_SUCCESS);
}

/* A renewal starts from a certificate in force: an expired one may
 * name what is no longer true, so a new request is made from scratch. */
static int
still_valid(gnutls_x509_crt_t crt, const char *path, struct mtls_err *e)
{
	time_t end = gnutls_x509_crt_get_expiration_time(crt);
	char when[64];

	if (end == (time_t)-1 || end >= time(NULL))
		return 0;
	mtls_time_format(end, when, sizeof(when));
	return mtls_err_set(e,
			    "'%s': the certificate expired on %s; renew only "
			    "a current one (make a new request with "
			    "--subject)",
			    mtls_file_name(path, false), when);
}

/* Renewing with the same key: KEY must be the certificate's. */
static int
same_key(gnutls_privkey_t key, gnutls_x509_crt_t crt, const char *key_path,
	 const char *crt_path, struct mtls_err *e)
{
	int match = mtls_key_matches_crt(key, crt, e);

	if (match < 0)
		return mtls_err_prefix(e, "'%s'",
				       mtls_file_name(key_path, false));
	if (match == 0)
		return mtls_err_set(e,
				    "'%s' is not the key of the certificate "
				    "in '%s' (use --new-key --key-out FILE "
				    "for a new one)",
				    mtls_file_name(key_path, false),
				    mtls_file_name(crt_path, false));
	return 0;
}

static int
run(struct opts *o)
{
	const char *pass;
	gnutls_datum_t key_pem = { NULL, 0 }, csr_pem = { NULL, 0 };
	unsigned fflag = o->force ? MTLS_WRITE_FORCE : 0;
	gnutls_privkey_t key = NULL;
	gnutls_x509_crq_t crq = NULL;
	gnutls_datum_t name = { NULL, 0 };
	gnutls_x509_crt_t *old = NULL;
	unsigned n_old = 0;
	struct mtls_err e;
	int status = EXIT_TROUBLE;

	if ((o->key_out &&
	     mtls_file_check_writable(o->key_out, MTLS_WRITE_SECRET | fflag,
				      &e) != 0) ||
	    mtls_file_check_writable(o->out, fflag, &e) != 0 ||
	    (o->from == NULL && mtls_name_encode(o->subject, &name, &e) != 0) ||
	    (o->from != NULL &&
	     (mtls_crt_list_load(o->from, &old, &n_old, &e) != 0 ||
	      still_valid(old[0], o->from, &e) != 0)) ||
	    cli_key_obtain(o->key, &o->pass, &o->keyspec, &key, &key_pem, &e) !=
		    0 ||
	    (o->encrypt && key_pem.data != NULL &&
	     (cli_pass_new(&o->pass, &pass, &e) != 0 ||
	      mtls_key_pem_encrypt(&key_pem, pass, &e) != 0)) ||
	    (o->from != NULL && o->key != NULL &&
	     same_key(key, old[0], o->key, o->from, &e) != 0) ||
	    (o->from == NULL &&
	     mtls_csr_build(o->subject, &o->sans, key, &crq, &e) != 0) ||
	    (o->from != NULL &&
	     mtls_csr_renew(old[0], &o->sans, key, &crq, &e) != 0) ||
	    mtls_csr_export_pem(crq, &csr_pem, &e) != 0 ||
	    mtls_file_write_key_and(o->key_out, &key_pem, o->out, &csr_pem,
				    o->force, &e) != 0) {
		cli_error("%s", cli_err_text(&e));
		goto out;
	}
	if (o->verbose) {
		char brief[1024];

		mtls_csr_brief(crq, brief, sizeof(brief));
		if (key_pem.data != NULL)
			fprintf(stderr, "%s: new key saved to '%s'\n",
				cli_program_name,
				mtls_file_name(o->key_out, true));
		fprintf(stderr, "%s: made request for %s\n", cli_program_name,
			brief);
	}
	status = EXIT_SUCCESS;
out:
	mtls_datum_wipe(&key_pem);
	gnutls_free(csr_pem.data);
	gnutls_free(name.data);
	gnutls_x509_crq_deinit(crq);
	gnutls_privkey_deinit(key);
	mtls_crt_list_free(old, n_old);
	return status;
}

int
main(int argc, char *argv[])
{
	struct opts o = {
		.keyspec = MTLS_KEYSPEC_DEFAULT,
		.out = "-",
	};
	struct mtls_err e;
	int ch, status;

	cli_init(argv[0]);
	while ((ch = getopt_long(argc, argv, short_opts, long_opts, NULL)) !=
	       -1) {
		switch (ch) {
		case 's':
			o.subject = optarg;
			break;
		case OPT_SAN:
			if (mtls_sans_add(&o.sans, optarg, &e) != 0)
				cli_usage_error("%s", cli_err_text(&e));
			break;
		case OPT_KEY_OUT:
			o.key_out = optarg;
			break;
		case OPT_KEY:
			o.key = optarg;
			break;
		case 'o':
			o.out = optarg;
			break;
		case OPT_FORCE:
			o.force = true;
			break;
		case OPT_FROM:
			o.from = optarg;
			break;
		case OPT_NEW_KEY:
			o.new_key = true;
			break;
		case 'v':
			o.verbose = true;
			break;
		case CLI_OPT_PASS_FILE:
		case CLI_OPT_PASS_ENV:
			cli_pass_option(ch, optarg, &o.pass);
			break;
		case OPT_ENCRYPT:
			o.encrypt = true;
			break;
			CLI_CASE_HELP_VERSION;
		default:
			if (!cli_keyspec_option(ch, optarg, &o.keyspec))
				cli_try_help();
			o.keyspec_given = true;
		}
	}
	if (optind < argc)
		cli_usage_error("unexpected argument '%s'", argv[optind]);
	if (o.subject == NULL && o.from == NULL)
		cli_usage_error("missing --subject (or --from CERT to renew)");
	if (o.subject != NULL && o.from != NULL)
		cli_usage_error("--subject and --from do not go together (a "
				"renewal keeps the certificate's subject)");
	if (o.new_key && (o.from == NULL || o.key_out == NULL))
		cli_usage_error(
			"--new-key goes with --from and --key-out FILE");
	if ((o.key_out == NULL) == (o.key == NULL))
		cli_usage_error("give --key-out FILE to make a new key, or "
				"--key FILE|URL to use an existing one");
	if (o.key != NULL && o.keyspec_given)
		cli_usage_error("--key-type, --bits and --curve describe a new "
				"key; they do not go with --key");
	if (o.key_out && strcmp(o.key_out, o.out) == 0 &&
	    strcmp(o.out, "-") != 0)
		cli_usage_error("--key-out and --out name the same file '%s'",
				o.out);
	status = run(&o);
	cli_pass_free(&o.pass);
	mtls_sans_free(&o.sans);
	return status;
}
