/*
 * mkcrl -- make or update a certificate revocation list: the previous CRL
 * is the state, the certificates to revoke are added to it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "mtls.h"

#define REVOKE_MAX 256
#define CRL_DAYS_DEFAULT 30

struct opts {
	const char *ca;
	const char *ca_key;
	const char *crl;
	const char *revoke[REVOKE_MAX];
	size_t n_revoke;
	int reason;
	unsigned days;
	const char *out;
	const char *record; /* signcsr --record's directory: what was issued */
	bool force;
	bool quiet;
	bool verbose;
	struct cli_pass pass;
};

enum {
	OPT_CA = CLI_OPT_FIRST_PROGRAM_OPTION,
	OPT_CA_KEY,
	OPT_CRL,
	OPT_REVOKE,
	OPT_REASON,
	OPT_DAYS,
	OPT_FORCE,
	OPT_RECORD,
};

static const char short_opts[] = "o:qv";
static const struct option long_opts[] = {
	{ "ca", required_argument, NULL, OPT_CA },
	{ "ca-key", required_argument, NULL, OPT_CA_KEY },
	{ "crl", required_argument, NULL, OPT_CRL },
	{ "revoke", required_argument, NULL, OPT_REVOKE },
	{ "reason", required_argument, NULL, OPT_REASON },
	{ "days", required_argument, NULL, OPT_DAYS },
	{ "out", required_argument, NULL, 'o' },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "record", required_argument, NULL, OPT_RECORD },
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
	printf("Usage: %s --ca FILE --ca-key FILE|URL [--crl OLD] "
	       "[--revoke CERT|SERIAL]... [OPTION]...\n",
	       cli_program_name);
	fputs("\
Make a certificate revocation list (CRL) signed by the CA: the entries of\n\
the previous CRL (--crl), as they were, and the certificates revoked now.\n\
The previous CRL is the state, so revoking is one command and no database\n\
is needed.  The CRL (PEM) goes to standard output.\n\
\n\
      --ca FILE            the CA certificate (a chain file: the first one)\n\
      --ca-key FILE|URL    the CA's key (file or pkcs11: URL)\n\
      --crl FILE           the previous CRL of this CA: its entries are kept\n\
                             and its number incremented\n\
      --revoke CERT|SERIAL revoke the certificate in file CERT (which this\n\
                             CA must have issued), or the serial number\n\
                             SERIAL as showcert prints it (repeatable)\n\
      --reason REASON      why: unspecified (default), keyCompromise,\n\
                             CACompromise, affiliationChanged, superseded,\n\
                             cessationOfOperation, certificateHold,\n\
                             privilegeWithdrawn\n\
      --days N             until the next update (default 30)\n\
      --record DIR         the directory signcsr --record keeps issued\n\
                             certificates in: a SERIAL must be one of them\n\
  -o, --out FILE           write the CRL to FILE (default: stdout)\n\
      --force              replace an existing output file (to update a\n\
                             CRL in place: --crl ca.crl -o ca.crl --force)\n\
  -q, --quiet              do not print warnings\n\
  -v, --verbose            say what the CRL holds, on standard error\n\
      --pass-file FILE     the passphrase of an encrypted key: the first\n\
                             line of FILE\n\
      --pass-env VAR       ... or the value of the environment variable VAR\n\
                             (without either, asked on the terminal)\n\
      --help               display this help and exit\n\
      --version            output version information and exit\n\
\n\
Exit status: 0 on success, 2 on a usage error, bad input or I/O error\n\
(including a previous CRL of another CA, or a certificate this CA did not\n\
issue).\n\
\n\
Example:\n\
  mkcrl --ca ca/ca.cert.pem --ca-key ca/ca.key.pem --crl ca/ca.crl \\\n\
        --revoke mail-server/server.cert --reason keyCompromise \\\n\
        -o ca/ca.crl --force\n",
	      stdout);
	exit(EXIT_SUCCESS);
}

/* ARG names a certificate file (the first certificate in it) or is a
 * serial number. */
/* With --record, a serial names a certificate this CA issued:
 * DIR/SERIAL.pem, as signcsr --record names them. */
static int
check_issued(const char *dir, const char *arg, const struct mtls_revocation *r,
	     struct mtls_err *e)
{
	char hex[2 * sizeof(r->serial) + 1], path[4096];
	const unsigned char *s = r->serial;
	size_t n = r->serial_len;
	struct stat st;

	while (n > 1 && s[0] == 0)
		s++, n--;
	for (size_t i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02X", s[i]);
	if ((size_t)snprintf(path, sizeof(path), "%s/%s.pem", dir, hex) >=
		    sizeof(path) ||
	    stat(path, &st) != 0)
		return mtls_err_set(e,
				    "serial number '%s' is not one this CA "
				    "issued (no '%s')",
				    arg, path);
	return 0;
}

static int
revocation_of(const char *arg, gnutls_x509_crt_t ca, int reason,
	      const char *record, struct mtls_revocation *r, struct mtls_err *e)
{
	gnutls_x509_crt_t *list = NULL;
	unsigned n = 0;
	struct stat st;
	int rv;

	if (stat(arg, &st) != 0) {
		r->reason = reason;
		if (mtls_serial_parse(arg, r->serial, &r->serial_len, e) != 0)
			return mtls_err_set(e,
					    "'%s' is neither a certificate "
					    "file nor a serial number",
					    arg);
		return record ? check_issued(record, arg, r, e) : 0;
	}
	if (mtls_crt_list_load(arg, &list, &n, e) != 0)
		return -1;
	rv = mtls_crl_revocation_of(list[0], ca, mtls_file_name(arg, false),
				    reason, r, e);
	mtls_crt_list_free(list, n);
	return rv;
}

static int
run(struct opts *o)
{
	static struct mtls_revocation revoke[REVOKE_MAX];
	struct mtls_crl_params params = { .days = o->days };
	gnutls_x509_crt_t *ca = NULL;
	gnutls_x509_crl_t old = NULL, crl = NULL;
	gnutls_privkey_t ca_key = NULL;
	gnutls_datum_t pem = { NULL, 0 };
	struct mtls_crl_notes notes;
	unsigned n_ca = 0;
	struct mtls_err e;
	int ret, status = EXIT_TROUBLE;

	if (mtls_file_check_writable(o->out, o->force ? MTLS_WRITE_FORCE : 0,
				     &e) != 0 ||
	    mtls_crt_list_load(o->ca, &ca, &n_ca, &e) != 0 ||
	    cli_key_load(o->ca_key, &o->pass, &ca_key, &e) != 0 ||
	    mtls_issuer_check(ca[0], mtls_file_name(o->ca, false), ca_key,
			      mtls_file_name(o->ca_key, false), &e) != 0)
		goto fail;
	if (o->crl != NULL &&
	    (mtls_crl_load(o->crl, &old, &e) != 0 ||
	     mtls_crl_check_issuer(old, ca[0], mtls_file_name(o->crl, false),
				   &e) != 0))
		goto fail;
	for (size_t i = 0; i < o->n_revoke; i++)
		if (revocation_of(o->revoke[i], ca[0], o->reason, o->record,
				  &revoke[i], &e) != 0)
			goto fail;
	params.old = old;
	params.revoke = revoke;
	params.n_revoke = o->n_revoke;
	if (mtls_crl_build(&params, ca[0], ca_key, &crl, &notes, &e) != 0)
		goto fail;
	ret = gnutls_x509_crl_export2(crl, GNUTLS_X509_FMT_PEM, &pem);
	if (ret < 0) {
		mtls_err_set(&e, "cannot encode the CRL: %s",
			     gnutls_strerror(ret));
		goto fail;
	}
	if (mtls_file_write(o->out, pem.data, pem.size,
			    o->force ? MTLS_WRITE_FORCE : 0, &e) != 0)
		goto fail;
	if (notes.already > 0 && !o->quiet)
		cli_warn("%zu of the certificates given %s revoked already; "
			 "their entries are kept as they were",
			 notes.already, notes.already == 1 ? "was" : "were");
	if (o->verbose)
		fprintf(stderr,
			"%s: CRL with %zu entries (%zu new), valid for "
			"%u days\n",
			cli_program_name, notes.carried + notes.added,
			notes.added, o->days);
	status = EXIT_SUCCESS;
	goto out;
fail:
	cli_error("%s", cli_err_text(&e));
out:
	gnutls_free(pem.data);
	gnutls_x509_crl_deinit(crl);
	gnutls_x509_crl_deinit(old);
	gnutls_privkey_deinit(ca_key);
	mtls_crt_list_free(ca, n_ca);
	return status;
}

int
main(int argc, char *argv[])
{
	struct opts o = {
		.days = CRL_DAYS_DEFAULT,
		.out = "-",
		.reason = MTLS_REASON_UNSPECIFIED,
	};
	struct mtls_err e;
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
		case OPT_CRL:
			o.crl = optarg;
			break;
		case OPT_REVOKE:
			if (o.n_revoke == REVOKE_MAX)
				cli_usage_error("too many --revoke options "
						"(at most %d)",
						REVOKE_MAX);
			o.revoke[o.n_revoke++] = optarg;
			break;
		case OPT_REASON:
			if (mtls_crl_reason_parse(optarg, &o.reason, &e) != 0)
				cli_usage_error("%s", cli_err_text(&e));
			break;
		case OPT_DAYS:
			if (mtls_days_parse(optarg, &o.days, &e) != 0)
				cli_usage_error("%s", cli_err_text(&e));
			break;
		case 'o':
			o.out = optarg;
			break;
		case OPT_FORCE:
			o.force = true;
			break;
		case OPT_RECORD:
			o.record = optarg;
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
			CLI_CASE_HELP_VERSION;
		default:
			cli_try_help();
		}
	}
	if (optind < argc)
		cli_usage_error("unexpected argument '%s'", argv[optind]);
	if (o.ca == NULL || o.ca_key == NULL)
		cli_usage_error("--ca and --ca-key are required");
	if (o.reason != MTLS_REASON_UNSPECIFIED && o.n_revoke == 0)
		cli_usage_error("--reason goes with --revoke");
	status = run(&o);
	cli_pass_free(&o.pass);
	return status;
}
