/*
 * suites.h -- the Check suites of check_mtls, one per lib/ module, and the
 * few helpers they share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef MTLS_SUITES_H
#define MTLS_SUITES_H

#include <stddef.h>

#include <check.h>

Suite *name_suite(void);
Suite *san_suite(void);
Suite *serial_suite(void);
Suite *key_suite(void);
Suite *file_suite(void);
Suite *der_suite(void);
Suite *url_suite(void);
Suite *http_response_suite(void);
Suite *http_request_suite(void);
Suite *static_suite(void);
Suite *allow_suite(void);
Suite *alert_suite(void);

/* Lower-case hex of DATA in OUT (which holds 2 * LEN + 1 bytes), so that a
 * failed comparison prints both encodings. */
void test_hex(const unsigned char *data, size_t len, char *out);

/* Is the NUL-terminated message MSG set, one line, and free of a
 * trailing period, as lib/ promises its messages are? */
void test_assert_message(const char *msg);

#endif /* MTLS_SUITES_H */
