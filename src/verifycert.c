/*
 * verifycert -- verify certificates against trusted CAs: chain, time,
 * purpose, host name and revocation, with the reason in words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "mtls.h"

struct opts {
	const char **cas, **untrusted, **crls;
	size_t n_cas, n_untrusted, n_crls;
	enum mtls_purpose purpose;
	bool purpose_set; /* --purpose given */
	const char *host;
	const char *servername;
	time_t at;
	bool at_set, quiet, strict;
	bool expiry_check; /* --expires-within given */
	unsigned expiry_days;
	char *const *certs;
	int n_certs;
};

enum {
	OPT_CA = CLI_OPT_FIRST_PROGRAM_OPTION,
	OPT_UNTRUSTED,
	OPT_PURPOSE,
	OPT_HOST,
	OPT_CRL,
	OPT_AT,
	OPT_EXPIRES_WITHIN,
	OPT_SERVERNAME,
	OPT_STRICT,
};

static const char short_opts[] = "q";
static const struct option long_opts[] = {
	{ "ca", required_argument, NULL, OPT_CA },
	{ "untrusted", required_argument, NULL, OPT_UNTRUSTED },
	{ "purpose", required_argument, NULL, OPT_PURPOSE },
	{ "host", required_argument, NULL, OPT_HOST },
	{ "crl", required_argument, NULL, OPT_CRL },
	{ "at", required_argument, NULL, OPT_AT },
	{ "expires-within", required_argument, NULL, OPT_EXPIRES_WITHIN },
	{ "servername", required_argument, NULL, OPT_SERVERNAME },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "quiet", no_argument, NULL, 'q' },
	CLI_LONG_HELP_VERSION,
	{ NULL, 0, NULL, 0 },
};

static void
usage(int status)
{
	if (status != EXIT_SUCCESS)
		cli_try_help();
	printf("Usage: %s --ca FILE [OPTION]... CERT|URL...\n",
	       cli_program_name);
	fputs("\
Verify each CERT (PEM or DER; '-' is standard input) against the trusted\n\
CAs and print 'CERT: OK' or 'CERT: FAILED: reason'.  A CERT file that\n\
holds a chain is verified as its first certificate, with the others as\n\
untrusted intermediates.  For a URL (https://HOST[:PORT][/...]), the chain\n\
its server sends is verified the same way, as a client of it would: for\n\
--purpose server and --host HOST unless those options are given.\n\
\n\
      --ca FILE            trust the CA certificates in FILE (repeatable)\n\
      --untrusted FILE     intermediate certificates that may complete a\n\
                             chain, not trusted themselves (repeatable)\n\
      --purpose PURPOSE    server, client or any (default): what the\n\
                             extended key usage must allow\n\
      --host NAME          the DNS name or IP address it must be valid for\n\
                             (IPv4 as a dotted quad, IPv6 any spelling)\n\
      --servername NAME    the name to ask a URL's server for (SNI), and\n\
                             the name checked when --host is not given\n\
      --crl FILE           check revocation against this CRL (repeatable);\n\
                             the CERT's issuer must have one\n\
      --at TIME            verify as of TIME instead of now: YYYY-MM-DD\n\
                             (UTC), RFC 3339 (2024-03-01T12:00:00Z,\n\
                             2024-03-01T14:00:00.5+02:00) or @SECONDS\n\
                             since 1970 (negative before)\n\
      --expires-within DAYS  also fail, printing 'CERT: EXPIRING: ...' for\n\
                             each, when a certificate on the verified path\n\
                             (leaf, intermediates, trust anchor) expires\n\
                             within DAYS days (0 to 36500) of now or --at\n\
      --strict             refuse what is otherwise accepted with a\n\
                             warning: a version 1 end-entity certificate,\n\
                             a host name found only in the CN\n\
  -q, --quiet              print nothing; only the exit status tells\n\
      --help               display this help and exit\n\
      --version            output version information and exit\n\
\n\
Exit status: 0 if every CERT verifies, 1 if any does not (or expires\n\
within --expires-within DAYS), 2 on a usage error or unreadable or\n\
malformed input.\n\
\n\
Example:\n\
  verifycert --ca ca/ca.cert.pem invoice-server/server.cert \\\n\
             mail-server/server.cert\n",
	      stdout);
	exit(EXIT_SUCCESS);
}

/* Our words for what the library hints at in a reason. */
static const char *
hint_words(enum mtls_hint hint)
{
	if (hint == MTLS_HINT_ISSUER)
		return " (give it with --untrusted)";
	return cli_hint_words(hint);
}

/* Append certificates LIST[0..N) to *POOL (which takes them over). */
static int
pool_add(gnutls_x509_crt_t **pool, unsigned *n_pool, gnutls_x509_crt_t *list,
	 unsigned n, struct mtls_err *e)
{
	gnutls_x509_crt_t *grown;

	grown = gnutls_realloc(*pool, (*n_pool + n + 1) * sizeof(*grown));
	if (grown == NULL)
		return mtls_err_set(e, "out of memory");
	memcpy(grown + *n_pool, list, n * sizeof(*grown));
	*pool = grown;
	*n_pool += n;
	return 0;
}

/* A legacy allowance was used: say so, naming the file (ARG). */
static void
warn_legacy(void *arg, const char *text)
{
	char safe[4 * 1024];

	/* The words name subjects, which the certificate chose. */
	mtls_printable(text, safe, sizeof(safe));
	cli_warn("%s: %s", (const char *)arg, safe);
}

/* One certificate of a verified path expires soon: say which. */
static void
say_expiring(void *arg, const char *words)
{
	char safe[4 * 2048];

	/* The words name subjects, which the certificates chose. */
	mtls_printable(words, safe, sizeof(safe));
	printf("%s: EXPIRING: %s\n", (const char *)arg, safe);
}

/* The certificates of CERT: a file's, or those a URL's server sends.  For
 * a URL, POL (a copy of the policy) gets what a TLS client of it would
 * check, unless the options say otherwise: the server purpose, and the
 * --servername or the URL's host as the host. */
static int
load(const struct opts *o, const char *cert, struct mtls_verify_policy *pol,
     char **host, gnutls_x509_crt_t **list, unsigned *n, struct mtls_err *e)
{
	struct mtls_url url = { 0 };

	if (!mtls_is_https_url(cert))
		return mtls_crt_list_load(cert, list, n, e);
	if (mtls_url_parse(cert, &url, e) != 0)
		return -1;
	if (mtls_fetch_chain(cert, o->servername, list, n, e) != 0) {
		mtls_url_free(&url);
		return -1;
	}
	if (!o->purpose_set)
		pol->purpose = MTLS_PURPOSE_SERVER;
	if (o->host == NULL && o->servername != NULL)
		pol->host = o->servername;
	if (o->host == NULL && o->servername == NULL) {
		*host = url.host;
		url.host = NULL;
		pol->host = *host;
	}
	mtls_url_free(&url);
	return 0;
}

/* Verify one CERT file or URL; returns an exit status. */
static int
verify_one(const struct opts *o, const struct mtls_verify_policy *policy,
	   const char *path, const gnutls_x509_crt_t *untrusted,
	   unsigned n_untrusted)
{
	const char *name = mtls_file_name(path, false);
	struct mtls_verify_policy copy = *policy, *pol = &copy;
	gnutls_x509_crt_t *list = NULL, *pool = NULL;
	unsigned n = 0, n_pool, status;
	char why[2048], safe[4 * 2048], *host = NULL;
	struct mtls_err e;
	int rv = EXIT_TROUBLE;

	if (load(o, path, pol, &host, &list, &n, &e) != 0)
		goto fail;
	/* The rest of a chain file, then --untrusted, complete the path. */
	n_pool = n - 1 + n_untrusted;
	pool = gnutls_malloc((n_pool + 1) * sizeof(*pool));
	if (pool == NULL) {
		mtls_err_set(&e, "'%s': out of memory", name);
		goto fail;
	}
	memcpy(pool, list + 1, (n - 1) * sizeof(*pool));
	if (n_untrusted > 0)
		memcpy(pool + n - 1, untrusted, n_untrusted * sizeof(*pool));
	if (!o->quiet) {
		copy.warn = warn_legacy;
		copy.warn_arg = (void *)name;
	}
	if (mtls_verify_crt(pol, list[0], pool, n_pool, &status, why,
			    sizeof(why), &e) != 0) {
		mtls_err_prefix(&e, "'%s'", name);
		goto fail;
	}
	if (status == 0 && o->expiry_check &&
	    mtls_verify_expiring(pol, list[0], pool, n_pool, o->expiry_days,
				 o->quiet ? NULL : say_expiring,
				 (void *)name) > 0) {
		rv = EXIT_CHECK_FAILED;
		goto out;
	}
	if (!o->quiet && status == 0)
		printf("%s: OK\n", name);
	else if (!o->quiet) {
		/* The reason names subjects, which the certificate chose. */
		mtls_printable(why, safe, sizeof(safe));
		printf("%s: FAILED: %s\n", name, safe);
	}
	rv = status == 0 ? EXIT_SUCCESS : EXIT_CHECK_FAILED;
	goto out;
fail:
	cli_error("%s", cli_err_text(&e));
out:
	gnutls_free(pool);
	mtls_crt_list_free(list, n);
	free(host);
	return rv;
}

static int
run(const struct opts *o)
{
	gnutls_x509_trust_list_t trust = NULL;
	gnutls_x509_crt_t *untrusted = NULL, *list;
	gnutls_x509_crl_t *crls = NULL;
	unsigned n_untrusted = 0, n, n_crls = 0;
	struct mtls_verify_policy pol = {
		.purpose = o->purpose,
		.host = o->host,
		.at = o->at,
		.at_set = o->at_set,
		.hint_words = hint_words,
		.strict = o->strict,
	};
	struct mtls_err e;
	int status = EXIT_TROUBLE, one, ret, i;
	bool any_failed = false, trouble = false;
	size_t k;

	ret = gnutls_x509_trust_list_init(&trust, 0);
	if (ret < 0) {
		mtls_err_gnutls(&e, ret, "cannot make a trust list");
		goto fail;
	}
	for (k = 0; k < o->n_cas; k++)
		if (mtls_trust_add_file(trust, o->cas[k], &e) != 0)
			goto fail;
	for (k = 0; k < o->n_untrusted; k++) {
		if (mtls_crt_list_load(o->untrusted[k], &list, &n, &e) != 0)
			goto fail;
		if (pool_add(&untrusted, &n_untrusted, list, n, &e) != 0) {
			mtls_crt_list_free(list, n);
			goto fail;
		}
		gnutls_free(list);
	}
	if (o->n_crls > 0) {
		crls = gnutls_calloc(o->n_crls, sizeof(*crls));
		if (crls == NULL) {
			mtls_err_set(&e, "out of memory");
			goto fail;
		}
	}
	for (k = 0; k < o->n_crls; k++) {
		if (mtls_crl_load(o->crls[k], &crls[n_crls], &e) != 0)
			goto fail;
		n_crls++;
	}
	pol.trust = trust;
	pol.crls = crls;
	pol.n_crls = n_crls;

	for (i = 0; i < o->n_certs; i++) {
		one = verify_one(o, &pol, o->certs[i], untrusted, n_untrusted);
		if (one == EXIT_TROUBLE)
			trouble = true;
		else if (one == EXIT_CHECK_FAILED)
			any_failed = true;
	}
	status = trouble      ? EXIT_TROUBLE
		 : any_failed ? EXIT_CHECK_FAILED
			      : EXIT_SUCCESS;
	goto out;
fail:
	cli_error("%s", cli_err_text(&e));
out:
	for (n = 0; n < n_crls; n++)
		gnutls_x509_crl_deinit(crls[n]);
	gnutls_free(crls);
	mtls_crt_list_free(untrusted, n_untrusted);
	if (trust != NULL)
		gnutls_x509_trust_list_deinit(trust, 1);
	return status;
}

int
main(int argc, char *argv[])
{
	struct opts o = { .purpose = MTLS_PURPOSE_ANY };
	struct mtls_host host;
	struct mtls_err e;
	int ch, status;

	cli_init(argv[0]);
	/* Repeatable options: never more of them than arguments. */
	o.cas = calloc((size_t)argc, sizeof(*o.cas));
	o.untrusted = calloc((size_t)argc, sizeof(*o.untrusted));
	o.crls = calloc((size_t)argc, sizeof(*o.crls));
	if (o.cas == NULL || o.untrusted == NULL || o.crls == NULL) {
		cli_error("out of memory");
		return EXIT_TROUBLE;
	}
	while ((ch = getopt_long(argc, argv, short_opts, long_opts, NULL)) !=
	       -1) {
		switch (ch) {
		case OPT_CA:
			o.cas[o.n_cas++] = optarg;
			break;
		case OPT_UNTRUSTED:
			o.untrusted[o.n_untrusted++] = optarg;
			break;
		case OPT_PURPOSE:
			if (mtls_purpose_parse(optarg, &o.purpose, &e) != 0)
				cli_usage_error("%s", cli_err_text(&e));
			o.purpose_set = true;
			break;
		case OPT_HOST:
			if (optarg[0] == '\0')
				cli_usage_error("--host needs a name");
			if (mtls_host_parse(optarg, &host, &e) != 0)
				cli_usage_error("--host: %s", cli_err_text(&e));
			o.host = optarg;
			break;
		case OPT_SERVERNAME:
			if (optarg[0] == '\0')
				cli_usage_error("--servername needs a name");
			o.servername = optarg;
			break;
		case OPT_CRL:
			o.crls[o.n_crls++] = optarg;
			break;
		case OPT_AT:
			if (mtls_time_parse(optarg, &o.at, &e) != 0)
				cli_usage_error("%s", cli_err_text(&e));
			o.at_set = true;
			break;
		case OPT_EXPIRES_WITHIN:
			if (mtls_expiry_days_parse(optarg, &o.expiry_days,
						   &e) != 0)
				cli_usage_error("--expires-within: %s",
						cli_err_text(&e));
			o.expiry_check = true;
			break;
		case OPT_STRICT:
			o.strict = true;
			break;
		case 'q':
			o.quiet = true;
			break;
			CLI_CASE_HELP_VERSION;
		default:
			cli_try_help();
		}
	}
	if (o.n_cas == 0)
		cli_usage_error("--ca is required");
	if (optind == argc)
		cli_usage_error("no certificate to verify");
	o.certs = argv + optind;
	o.n_certs = argc - optind;
	status = run(&o);
	free(o.cas);
	free(o.untrusted);
	free(o.crls);
	return status;
}
