/*
 * cli-keyspec.c -- the options that describe a new key (mkca, mkcsr).
 * Its own file so that programs without keys do not link the key code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include "cli.h"

bool
cli_keyspec_option(int ch, const char *arg, struct mtls_keyspec *spec)
{
	struct mtls_err e;
	int rv;

	switch (ch) {
	case CLI_OPT_KEY_TYPE:
		rv = mtls_keyspec_set_type(spec, arg, &e);
		break;
	case CLI_OPT_BITS:
		rv = mtls_keyspec_set_bits(spec, arg, &e);
		break;
	case CLI_OPT_CURVE:
		rv = mtls_keyspec_set_curve(spec, arg, &e);
		break;
	default:
		return false;
	}
	if (rv != 0)
		cli_usage_error("%s", cli_err_text(&e));
	return true;
}
