/*
 * check_main.c -- runs every Check suite of lib/ in one program.
 *
 * Each test runs in its own process (Check's default fork mode), so under
 * --enable-sanitizers a leak in one test fails that test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "suites.h"

void
test_hex(const unsigned char *data, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = digits[data[i] >> 4];
		out[2 * i + 1] = digits[data[i] & 0x0f];
	}
	out[2 * len] = '\0';
}

void
test_assert_message(const char *msg)
{
	size_t len = strlen(msg);

	ck_assert_msg(len > 0, "the error message is empty");
	ck_assert_msg(strchr(msg, '\n') == NULL,
		      "the error message has a newline: '%s'", msg);
	ck_assert_msg(msg[len - 1] != '.',
		      "the error message ends with a period: '%s'", msg);
}

int
main(void)
{
	SRunner *sr;
	int failed;

	sr = srunner_create(times_suite());
	srunner_add_suite(sr, name_suite());
	srunner_add_suite(sr, host_suite());
	srunner_add_suite(sr, san_suite());
	srunner_add_suite(sr, cert_suite());
	srunner_add_suite(sr, facts_suite());
	srunner_add_suite(sr, crl_suite());
	srunner_add_suite(sr, csr_suite());
	srunner_add_suite(sr, decode_suite());
	srunner_add_suite(sr, verify_suite());
	srunner_add_suite(sr, verify_rules_suite());
	srunner_add_suite(sr, constraints_suite());
	srunner_add_suite(sr, show_suite());
	srunner_add_suite(sr, key_suite());
	srunner_add_suite(sr, file_suite());
	srunner_add_suite(sr, der_suite());
	srunner_add_suite(sr, url_suite());
	srunner_add_suite(sr, http_response_suite());
	srunner_add_suite(sr, http_request_suite());
	srunner_add_suite(sr, static_suite());
	srunner_add_suite(sr, allow_suite());
	srunner_add_suite(sr, alert_suite());
	srunner_add_suite(sr, own_cert_suite());
	srunner_add_suite(sr, service_suite());
	srunner_add_suite(sr, backend_suite());
	srunner_add_suite(sr, tls_ticket_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
