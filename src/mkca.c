/*
 * mkca -- make a CA key and a self-signed CA certificate, or an
 * intermediate CA certificate under another CA.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "mtls.h"

#define CONSTRAINTS_MAX 16

struct opts {
	const char *subject;
	unsigned days;
	struct mtls_keyspec keyspec;
	bool keyspec_given;
	const char *key_out;
	const char *key;
	const char *out;
	bool force;
	int path_len;
	const char *issuer_cert;
	const char *issuer_key;
	bool quiet;
	bool verbose;
	struct cli_locations loc;
	struct mtls_name_constraint permit[CONSTRAINTS_MAX];
	size_t n_permit;
	struct mtls_name_constraint exclude[CONSTRAINTS_MAX];
	size_t n_exclude;
	struct cli_pass pass;
	bool encrypt;
};

enum {
	OPT_DAYS = CLI_OPT_FIRST_PROGRAM_OPTION,
	OPT_KEY_OUT,
	OPT_KEY,
	OPT_FORCE,
	OPT_PATH_LEN,
	OPT_PERMIT,
	OPT_EXCLUDE,
	OPT_ISSUER_CERT,
	OPT_ISSUER_KEY,
	OPT_ENCRYPT,
};

static const char short_opts[] = "s:o:qv";
static const struct option long_opts[] = {
	{ "subject", required_argument, NULL, 's' },
	{ "days", required_argument, NULL, OPT_DAYS },
	CLI_LONG_KEYSPEC,
	{ "key-out", required_argument, NULL, OPT_KEY_OUT },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "out", required_argument, NULL, 'o' },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "path-len", required_argument, NULL, OPT_PATH_LEN },
	{ "permit", required_argument, NULL, OPT_PERMIT },
	{ "exclude", required_argument, NULL, OPT_EXCLUDE },
	CLI_LONG_LOCATIONS,
	{ "issuer-cert", required_argument, NULL, OPT_ISSUER_CERT },
	{ "issuer-key", required_argument, NULL, OPT_ISSUER_KEY },
	{ "quiet", no_argument, NULL, 'q' },
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
	       "[OPTION]...\n",
	       cli_program_name);
	fputs("\
Make a certificate authority: a key and a self-signed CA certificate, or,\n\
with --issuer-cert and --issuer-key, an intermediate CA certificate signed\n\
by another CA.  The certificate (PEM) goes to standard output.\n\
\n\
  -s, --subject NAME       the CA's name: '/O=ABC Inc./CN=ABC Root' or\n\
                             'CN=ABC Root,O=ABC Inc.' (RFC 4514)\n\
      --days N             validity in days (default 3650)\n\
      --key-out FILE       make a new key and save it to FILE (mode 0600)\n\
      --key FILE|URL       use an existing key (file or pkcs11: URL)\n\
      --key-type TYPE      ecdsa (default), rsa or ed25519\n\
      --bits N             RSA key size, 2048 to 8192 (default 3072)\n\
      --curve CURVE        ECDSA curve: P-256 (default), P-384 or P-521\n\
      --path-len N         allow at most N intermediate CAs below this one\n\
                             (default: no limit)\n\
      --permit NAME        the CA may certify only names within NAME:\n\
                             DNS:abc.com, IP:10.0.0.0/8, email:abc.com,\n\
                             URI:abc.com (repeatable; nameConstraints)\n\
      --exclude NAME       ... and never names within NAME (repeatable)\n\
      --issuer-cert FILE   make an intermediate CA signed by this CA\n\
      --issuer-key FILE|URL  the key of --issuer-cert\n\
      --crl-url URL        with --issuer-cert: where the issuer publishes\n\
                             its CRL (repeatable)\n\
      --ca-issuers-url URL with --issuer-cert: where the issuer's own\n\
                             certificate can be fetched (repeatable)\n\
  -o, --out FILE           write the certificate to FILE (default: stdout)\n\
      --force              replace existing output files\n\
  -q, --quiet              do not print warnings\n\
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
Example:\n\
  mkca --subject '/O=ABC Inc.' --days 365 --key-out ca/ca.key.pem > ca/ca.cert.pem\n",
	      stdout);
	exit(EXIT_SUCCESS);
}

static int
run(struct opts *o)
{
	const char *pass;
	gnutls_datum_t name = { NULL, 0 }, key_pem = { NULL, 0 };
	gnutls_datum_t cert_pem = { NULL, 0 };
	gnutls_privkey_t key = NULL, issuer_key = NULL;
	gnutls_x509_crt_t *issuer = NULL, crt = NULL;
	gnutls_x509_crq_t carrier = NULL;
	unsigned n_issuer = 0;
	unsigned fflag = o->force ? MTLS_WRITE_FORCE : 0;
	struct mtls_crt_params params = {
		.profile = MTLS_PROFILE_CA,
		.days = o->days,
		.path_len = o->path_len,
	};
	struct mtls_crt_notes notes;
	struct mtls_err e;
	char when[64];
	int status = EXIT_TROUBLE;

	cli_locations_apply(&o->loc, &params);
	params.permit = o->permit;
	params.n_permit = o->n_permit;
	params.exclude = o->exclude;
	params.n_exclude = o->n_exclude;

	/* Cheap checks first, so no key is made for an output that cannot
	 * be written. */
	if ((o->key_out &&
	     mtls_file_check_writable(o->key_out, MTLS_WRITE_SECRET | fflag,
				      &e) != 0) ||
	    mtls_file_check_writable(o->out, fflag, &e) != 0 ||
	    mtls_name_encode(o->subject, &name, &e) != 0)
		goto fail;
	if (o->issuer_cert != NULL &&
	    (mtls_crt_list_load(o->issuer_cert, &issuer, &n_issuer, &e) != 0 ||
	     cli_key_load(o->issuer_key, &o->pass, &issuer_key, &e) != 0 ||
	     mtls_issuer_check(issuer[0], mtls_file_name(o->issuer_cert, false),
			       issuer_key, mtls_file_name(o->issuer_key, false),
			       &e) != 0))
		goto fail;
	if (cli_key_obtain(o->key, &o->pass, &o->keyspec, &key, &key_pem, &e) !=
	    0)
		goto fail;
	if (o->encrypt && key_pem.data != NULL &&
	    (cli_pass_new(&o->pass, &pass, &e) != 0 ||
	     mtls_key_pem_encrypt(&key_pem, pass, &e) != 0))
		goto fail;
	if (mtls_csr_from_name(&name, key, &carrier, &e) != 0 ||
	    mtls_crt_build(carrier, &params, issuer ? issuer[0] : NULL,
			   issuer ? issuer_key : key, &crt, &notes, &e) != 0 ||
	    mtls_crt_append_pem(crt, &cert_pem, &e) != 0)
		goto fail;
	if (notes.cut > MTLS_CLAMP_WARN_SECONDS && !o->quiet) {
		mtls_time_format(notes.not_after, when, sizeof(when));
		cli_warn("the certificate would outlive its issuer; it expires "
			 "with it, on %s",
			 when);
	}
	if (mtls_file_write_key_and(o->key_out, &key_pem, o->out, &cert_pem,
				    o->force, &e) != 0)
		goto fail;
	if (o->verbose) {
		char brief[1024];

		mtls_crt_brief(crt, brief, sizeof(brief));
		if (key_pem.data != NULL)
			fprintf(stderr, "%s: new key saved to '%s'\n",
				cli_program_name,
				mtls_file_name(o->key_out, true));
		fprintf(stderr, "%s: made %s CA certificate %s\n",
			cli_program_name,
			issuer ? "intermediate" : "self-signed", brief);
	}
	status = EXIT_SUCCESS;
	goto out;
fail:
	cli_error("%s", cli_err_text(&e));
out:
	mtls_datum_wipe(&key_pem);
	gnutls_free(cert_pem.data);
	gnutls_free(name.data);
	gnutls_x509_crq_deinit(carrier);
	gnutls_x509_crt_deinit(crt);
	mtls_crt_list_free(issuer, n_issuer);
	gnutls_privkey_deinit(key);
	gnutls_privkey_deinit(issuer_key);
	return status;
}

int
main(int argc, char *argv[])
{
	struct opts o = {
		.days = 3650,
		.keyspec = MTLS_KEYSPEC_DEFAULT,
		.out = "-",
		.path_len = -1,
	};
	struct mtls_err e;
	unsigned path_len;
	int ch, status;

	cli_init(argv[0]);
	while ((ch = getopt_long(argc, argv, short_opts, long_opts, NULL)) !=
	       -1) {
		switch (ch) {
		case 's':
			o.subject = optarg;
			break;
		case OPT_DAYS:
			if (mtls_days_parse(optarg, &o.days, &e) != 0)
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
		case OPT_PATH_LEN:
			if (cli_parse_uint(optarg, 0, 100, &path_len) != 0)
				cli_usage_error("invalid path length '%s' (use "
						"0 to 100)",
						optarg);
			o.path_len = (int)path_len;
			break;
		case OPT_PERMIT:
		case OPT_EXCLUDE: {
			struct mtls_name_constraint *list =
				ch == OPT_PERMIT ? o.permit : o.exclude;
			size_t *n = ch == OPT_PERMIT ? &o.n_permit
						     : &o.n_exclude;

			if (*n == CONSTRAINTS_MAX)
				cli_usage_error("too many name constraints "
						"(at most %d of each kind)",
						CONSTRAINTS_MAX);
			if (mtls_name_constraint_parse(optarg, &list[*n], &e) !=
			    0)
				cli_usage_error("%s", cli_err_text(&e));
			(*n)++;
			break;
		}
		case OPT_ISSUER_CERT:
			o.issuer_cert = optarg;
			break;
		case OPT_ISSUER_KEY:
			o.issuer_key = optarg;
			break;
		case 'q':
			o.quiet = true;
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
			if (cli_locations_option(ch, optarg, &o.loc))
				break;
			if (!cli_keyspec_option(ch, optarg, &o.keyspec))
				cli_try_help();
			o.keyspec_given = true;
		}
	}
	if (optind < argc)
		cli_usage_error("unexpected argument '%s'", argv[optind]);
	if (o.subject == NULL)
		cli_usage_error("missing --subject");
	if ((o.key_out == NULL) == (o.key == NULL))
		cli_usage_error("give --key-out FILE to make a new key, or "
				"--key FILE|URL to use an existing one");
	if (o.key != NULL && o.keyspec_given)
		cli_usage_error("--key-type, --bits and --curve describe a new "
				"key; they do not go with --key");
	if ((o.issuer_cert == NULL) != (o.issuer_key == NULL))
		cli_usage_error("--issuer-cert and --issuer-key go together");
	if ((o.loc.n_crl > 0 || o.loc.n_ca_issuers > 0) &&
	    o.issuer_cert == NULL)
		cli_usage_error("--crl-url and --ca-issuers-url name where the "
				"issuer publishes; a root CA has none (give "
				"--issuer-cert for an intermediate)");
	if (o.key_out && strcmp(o.key_out, o.out) == 0 &&
	    strcmp(o.out, "-") != 0)
		cli_usage_error("--key-out and --out name the same file '%s'",
				o.out);
	status = run(&o);
	cli_pass_free(&o.pass);
	return status;
}
