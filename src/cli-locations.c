/*
 * cli-locations.c -- the options that say where a certificate's CRL and
 * issuer certificate are published (signcsr, mkca).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include "cli.h"

bool
cli_locations_option(int ch, const char *arg, struct cli_locations *loc)
{
	struct mtls_err e;
	const char **list;
	size_t *n;
	const char *what;

	switch (ch) {
	case CLI_OPT_CRL_URL:
		list = loc->crl, n = &loc->n_crl, what = "CRL URL";
		break;
	case CLI_OPT_CA_ISSUERS_URL:
		list = loc->ca_issuers, n = &loc->n_ca_issuers;
		what = "CA issuers URL";
		break;
	default:
		return false;
	}
	if (mtls_url_check_location(arg, what, &e) != 0)
		cli_usage_error("%s", cli_err_text(&e));
	if (*n == CLI_LOCATIONS_MAX)
		cli_usage_error("too many %ss (at most %d)", what,
				CLI_LOCATIONS_MAX);
	list[(*n)++] = arg;
	return true;
}

void
cli_locations_apply(const struct cli_locations *loc,
		    struct mtls_crt_params *params)
{
	params->crl_urls = loc->crl;
	params->n_crl_urls = loc->n_crl;
	params->ca_issuers_urls = loc->ca_issuers;
	params->n_ca_issuers_urls = loc->n_ca_issuers;
}
