/*
 * signcsr -- check a certificate signing request and issue a certificate
 * from it with a CA.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "mtls.h"

struct opts {
	const char *ca;
	const char *ca_key;
	unsigned days;
	enum mtls_profile profile;
	struct mtls_sans sans;
	const char *in;
	const char *out;
	bool chain;
	bool force;
	bool quiet;
	bool verbose;
	int path_len;
	struct cli_locations loc;
	const char *record; /* keep a copy of each issued certificate here */
	struct cli_pass pass;
};

enum {
	OPT_CA = CLI_OPT_FIRST_PROGRAM_OPTION,
	OPT_CA_KEY,
	OPT_DAYS,
	OPT_PROFILE,
	OPT_SAN,
	OPT_CHAIN,
	OPT_FORCE,
	OPT_PATH_LEN,
	OPT_RECORD,
};

static const char short_opts[] = "i:o:qv";
static const struct option long_opts[] = {
	{ "ca", required_argument, NULL, OPT_CA },
	{ "ca-key", required_argument, NULL, OPT_CA_KEY },
	{ "days", required_argument, NULL, OPT_DAYS },
	{ "profile", required_argument, NULL, OPT_PROFILE },
	{ "san", required_argument, NULL, OPT_SAN },
	{ "in", required_argument, NULL, 'i' },
	{ "out", required_argument, NULL, 'o' },
	{ "chain", no_argument, NULL, OPT_CHAIN },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "path-len", required_argument, NULL, OPT_PATH_LEN },
	{ "record", required_argument, NULL, OPT_RECORD },
	CLI_LONG_LOCATIONS,
	{ "quiet", no_argument, NULL, 'q' },
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
	printf("Usage: %s --ca FILE --ca-key FILE|URL [OPTION]... "
	       "[< REQUEST]\n",
	       cli_program_name);
	fputs("\
Check a certificate signing request (PEM or DER, from standard input by\n\
default) and issue a certificate from it, signed by the CA.  The subject\n\
and SANs are taken from the request; its basicConstraints and key usages\n\
never are.  The certificate (PEM) goes to standard output.\n\
\n\
      --ca FILE            the CA certificate (a chain file: the first one)\n\
      --ca-key FILE|URL    the CA's key (file or pkcs11: URL)\n\
      --days N             validity in days (default 365, never past the\n\
                             CA's own end)\n\
      --profile PROFILE    peer (default: server and client auth), server,\n\
                             client, or ca (an intermediate CA)\n\
      --san LIST           use these SANs instead of the request's:\n\
                             DNS:name, IP:address, URI:uri, email:address\n\
                             (comma-separated, repeatable)\n\
  -i, --in FILE            read the request from FILE (default: stdin)\n\
  -o, --out FILE           write the certificate to FILE (default: stdout)\n\
      --chain              append the CA certificate(s) after the new one\n\
      --record DIR         also keep the certificate as DIR/SERIAL.pem\n\
                             (what was issued, for mkcrl --revoke and\n\
                             showcert)\n\
      --force              replace an existing output file\n\
      --path-len N         with --profile ca: allow at most N CAs below\n\
                             the new one (default: no limit)\n\
      --crl-url URL        where the CA publishes its CRL (CRL\n\
                             Distribution Points; http, https or ldap;\n\
                             repeatable)\n\
      --ca-issuers-url URL where the CA's own certificate can be fetched\n\
                             (Authority Information Access; repeatable)\n\
  -q, --quiet              do not print warnings\n\
  -v, --verbose            say what was issued, on standard error\n\
      --pass-file FILE     the passphrase of an encrypted key: the first\n\
                             line of FILE\n\
      --pass-env VAR       ... or the value of the environment variable VAR\n\
                             (without either, asked on the terminal)\n\
      --help               display this help and exit\n\
      --version            output version information and exit\n\
\n\
Exit status: 0 on success, 2 on a usage error, bad input or I/O error\n\
(including a request whose signature does not verify, a CA certificate\n\
that is not a CA, or a CA key that does not match it).\n\
\n\
Example:\n\
  signcsr --ca ca/ca.cert.pem --ca-key ca/ca.key.pem --days 365 \\\n\
          < invoice-server/server.csr > invoice-server/server.cert\n",
	      stdout);
	exit(EXIT_SUCCESS);
}

/* Say what the request asked for that it will not get. */
static void
warn_ignored(gnutls_x509_crq_t crq, const struct opts *o)
{
	unsigned critical = 0, ca = 0;
	int pathlen;

	if (o->quiet || o->profile == MTLS_PROFILE_CA)
		return;
	if (gnutls_x509_crq_get_basic_constraints(crq, &critical, &ca,
						  &pathlen) >= 0 &&
	    ca)
		cli_warn("the request asks to be a CA; it gets CA:FALSE (use "
			 "--profile ca to issue a CA certificate)");
}

/* Fail before signing when --record cannot be kept. */
static int
record_dir_check(const char *dir, struct mtls_err *e)
{
	struct stat st;

	if (stat(dir, &st) != 0)
		return mtls_err_set(e, "cannot record into '%s': %s", dir,
				    strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return mtls_err_set(e,
				    "cannot record into '%s': not a "
				    "directory",
				    dir);
	if (access(dir, W_OK) != 0)
		return mtls_err_set(e, "cannot record into '%s': %s", dir,
				    strerror(errno));
	return 0;
}

/* DIR/SERIAL.pem, as openssl ca's newcerts/ keeps them: what was issued,
 * and when it expires, stays answerable. */
static int
record_copy(const char *dir, gnutls_x509_crt_t crt, struct mtls_err *e)
{
	gnutls_datum_t pem = { NULL, 0 };
	char serial[2 * MTLS_SERIAL_RAW_MAX + 1], *path = NULL;
	int rv = -1;

	if (mtls_crt_serial_hex(crt, serial, sizeof(serial)) != 0 ||
	    asprintf(&path, "%s/%s.pem", dir, serial) < 0) {
		mtls_err_set(e, "out of memory");
		return -1;
	}
	if (mtls_crt_append_pem(crt, &pem, e) == 0 &&
	    mtls_file_write(path, pem.data, pem.size, 0, e) == 0)
		rv = 0;
	gnutls_free(pem.data);
	free(path);
	return rv;
}

static int
run(struct opts *o)
{
	gnutls_x509_crt_t *ca = NULL, crt = NULL;
	unsigned n_ca = 0, i;
	gnutls_privkey_t ca_key = NULL;
	gnutls_x509_crq_t crq = NULL;
	gnutls_datum_t pem = { NULL, 0 };
	struct mtls_sans sans = { NULL, 0 };
	struct mtls_crt_params params = {
		.profile = o->profile,
		.days = o->days,
		.path_len = o->path_len,
	};
	struct mtls_crt_notes notes;
	struct mtls_err e;
	char when[64];
	int status = EXIT_TROUBLE;

	cli_locations_apply(&o->loc, &params);

	if (mtls_file_check_writable(o->out, o->force ? MTLS_WRITE_FORCE : 0,
				     &e) != 0 ||
	    (o->record != NULL && record_dir_check(o->record, &e) != 0) ||
	    mtls_crt_list_load(o->ca, &ca, &n_ca, &e) != 0 ||
	    cli_key_load(o->ca_key, &o->pass, &ca_key, &e) != 0 ||
	    mtls_issuer_check(ca[0], mtls_file_name(o->ca, false), ca_key,
			      mtls_file_name(o->ca_key, false), &e) != 0 ||
	    mtls_csr_load(o->in, &crq, &e) != 0 ||
	    mtls_csr_check(crq, mtls_file_name(o->in, false), &e) != 0)
		goto fail;
	if (o->sans.n > 0) {
		if (mtls_sans_copy(&sans, &o->sans, &e) != 0)
			goto fail;
	} else if (mtls_csr_get_sans(crq, &sans, &e) != 0 ||
		   mtls_sans_check(&sans, &e) != 0) {
		mtls_err_prefix(&e, "'%s'", mtls_file_name(o->in, false));
		goto fail;
	}
	if (o->profile != MTLS_PROFILE_CA &&
	    mtls_sans_default_from_crq(&sans, crq, &e) != 0) {
		mtls_err_prefix(&e, "'%s'", mtls_file_name(o->in, false));
		goto fail;
	}
	params.sans = &sans;
	warn_ignored(crq, o);
	if (mtls_crt_build(crq, &params, ca[0], ca_key, &crt, &notes, &e) != 0)
		goto fail;
	if (notes.cut > MTLS_CLAMP_WARN_SECONDS && !o->quiet) {
		mtls_time_format(notes.not_after, when, sizeof(when));
		cli_warn("the certificate would outlive its CA; it expires "
			 "with it, on %s",
			 when);
	}
	if (mtls_crt_append_pem(crt, &pem, &e) != 0)
		goto fail;
	for (i = 0; o->chain && i < n_ca; i++)
		if (mtls_crt_append_pem(ca[i], &pem, &e) != 0)
			goto fail;
	if (o->record != NULL && record_copy(o->record, crt, &e) != 0)
		goto fail;
	if (mtls_file_write(o->out, pem.data, pem.size,
			    o->force ? MTLS_WRITE_FORCE : 0, &e) != 0)
		goto fail;
	if (o->verbose) {
		char brief[1024];

		mtls_crt_brief(crt, brief, sizeof(brief));
		fprintf(stderr, "%s: issued %s\n", cli_program_name, brief);
	}
	status = EXIT_SUCCESS;
	goto out;
fail:
	cli_error("%s", cli_err_text(&e));
out:
	gnutls_free(pem.data);
	mtls_sans_free(&sans);
	gnutls_x509_crt_deinit(crt);
	gnutls_x509_crq_deinit(crq);
	gnutls_privkey_deinit(ca_key);
	mtls_crt_list_free(ca, n_ca);
	return status;
}

int
main(int argc, char *argv[])
{
	struct opts o = {
		.days = 365,
		.profile = MTLS_PROFILE_PEER,
		.in = "-",
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
		case OPT_CA:
			o.ca = optarg;
			break;
		case OPT_CA_KEY:
			o.ca_key = optarg;
			break;
		case OPT_DAYS:
			if (mtls_days_parse(optarg, &o.days, &e) != 0)
				cli_usage_error("%s", cli_err_text(&e));
			break;
		case OPT_PROFILE:
			if (mtls_profile_parse(optarg, &o.profile, &e) != 0)
				cli_usage_error("%s", cli_err_text(&e));
			break;
		case OPT_SAN:
			if (mtls_sans_add(&o.sans, optarg, &e) != 0)
				cli_usage_error("%s", cli_err_text(&e));
			break;
		case 'i':
			o.in = optarg;
			break;
		case 'o':
			o.out = optarg;
			break;
		case OPT_CHAIN:
			o.chain = true;
			break;
		case OPT_FORCE:
			o.force = true;
			break;
		case 'q':
			o.quiet = true;
			break;
		case 'v':
			o.verbose = true;
			break;
		case OPT_RECORD:
			o.record = optarg;
			break;
		case OPT_PATH_LEN:
			if (cli_parse_uint(optarg, 0, 100, &path_len) != 0)
				cli_usage_error("invalid path length '%s' (use "
						"0 to 100)",
						optarg);
			o.path_len = (int)path_len;
			break;
		case CLI_OPT_PASS_FILE:
		case CLI_OPT_PASS_ENV:
			cli_pass_option(ch, optarg, &o.pass);
			break;
			CLI_CASE_HELP_VERSION;
		default:
			if (!cli_locations_option(ch, optarg, &o.loc))
				cli_try_help();
		}
	}
	if (optind < argc)
		cli_usage_error("unexpected argument '%s'", argv[optind]);
	if (o.ca == NULL || o.ca_key == NULL)
		cli_usage_error("--ca and --ca-key are required");
	if (o.path_len >= 0 && o.profile != MTLS_PROFILE_CA)
		cli_usage_error("--path-len only applies to --profile ca");
	status = run(&o);
	cli_pass_free(&o.pass);
	mtls_sans_free(&o.sans);
	return status;
}
