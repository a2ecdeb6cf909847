/*
 * check_tls_alert.c -- TLS alerts in words (mtls_tls_alert_words), by their RFC
 * 8446 names (mtls_tls_alert_name), which of them mean "your certificate
 * was refused" (mtls_tls_alert_is_cert_rejection), and which one a refusal
 * with given verification status bits sends (mtls_tls_alert_of_status).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <string.h>

#include "mtls_internal.h"
#include "suites.h"

struct alert_row {
	int alert; /* the number on the wire (RFC 8446 section 6) */
	const char *words;
	const char *name; /* its RFC 8446 name; NULL: none ("alert") */
	bool cert_rejection;
};

static const struct alert_row rows[] = {
	{ 0, "closed", "close_notify", false },
	{ 10, "unexpected message", "unexpected_message", false },
	{ 20, "bad record MAC", "bad_record_mac", false },
	{ 22, "record overflow", "record_overflow", false },
	{ 40, "handshake failure", "handshake_failure", true },
	{ 42, "bad certificate", "bad_certificate", true },
	{ 43, "unsupported certificate", "unsupported_certificate", true },
	{ 44, "certificate revoked", "certificate_revoked", true },
	{ 45, "certificate expired", "certificate_expired", true },
	{ 46, "certificate unknown", "certificate_unknown", true },
	{ 47, "illegal parameter", "illegal_parameter", false },
	{ 48, "unknown CA", "unknown_ca", true },
	{ 49, "access denied", "access_denied", true },
	{ 50, "decode error", "decode_error", false },
	{ 51, "decrypt error (a signature did not verify)", "decrypt_error",
	  true },
	{ 70, "protocol version (no TLS version in common)", "protocol_version",
	  false },
	{ 71, "insufficient security (no cipher in common)",
	  "insufficient_security", false },
	{ 80, "internal error", "internal_error", false },
	{ 86, "inappropriate fallback", "inappropriate_fallback", false },
	{ 90, "canceled", "user_canceled", false },
	{ 109, "missing extension", "missing_extension", false },
	{ 110, "unsupported extension", "unsupported_extension", false },
	{ 112, "unrecognized server name", "unrecognized_name", false },
	{ 115, "unknown PSK identity", "unknown_psk_identity", false },
	{ 116, "certificate required", "certificate_required", true },
	{ 120, "no application protocol", "no_application_protocol", false },
	/* Numbers no alert has */
	{ 1, "unknown alert", NULL, false },
	{ 41, "no certificate", "no_certificate",
	  true }, /* SSL 3.0's, still known */
	{ 99, "unknown alert", NULL, false },
	{ 255, "unknown alert", NULL, false },
};

START_TEST(test_alert)
{
	const struct alert_row *r = &rows[_i];
	gnutls_alert_description_t a = (gnutls_alert_description_t)r->alert;

	ck_assert_str_eq(mtls_tls_alert_words(a), r->words);
	ck_assert_str_eq(mtls_tls_alert_name(r->alert),
			 r->name != NULL ? r->name : "alert");
	ck_assert_int_eq(mtls_tls_alert_is_cert_rejection(a),
			 r->cert_rejection);
}
END_TEST

/* Every alert GnuTLS knows has words of ours, and a name has no spaces. */
START_TEST(test_all_known)
{
	for (int a = 0; a < 256; a++) {
		const char *gnutls_name =
			gnutls_alert_get_strname((gnutls_alert_description_t)a);
		const char *words =
			mtls_tls_alert_words((gnutls_alert_description_t)a);

		ck_assert_ptr_nonnull(words);
		if (gnutls_name != NULL)
			ck_assert_msg(strcmp(words, "unknown alert") != 0,
				      "alert %d (%s) has no words", a,
				      gnutls_name);
		ck_assert_ptr_null(strchr(mtls_tls_alert_name(a), ' '));
	}
}
END_TEST

/* The status bits of a refused certificate, and the alert that names the
 * cause: the most specific one when there are several. */
static const struct {
	unsigned status;
	int alert;
} status_rows[] = {
	{ GNUTLS_CERT_REVOKED, GNUTLS_A_CERTIFICATE_REVOKED },
	{ GNUTLS_CERT_REVOKED | GNUTLS_CERT_EXPIRED,
	  GNUTLS_A_CERTIFICATE_REVOKED },
	{ GNUTLS_CERT_SIGNER_NOT_FOUND, GNUTLS_A_UNKNOWN_CA },
	{ GNUTLS_CERT_SIGNER_NOT_CA, GNUTLS_A_UNKNOWN_CA },
	{ GNUTLS_CERT_SIGNER_NOT_FOUND | GNUTLS_CERT_EXPIRED,
	  GNUTLS_A_UNKNOWN_CA },
	{ GNUTLS_CERT_EXPIRED, GNUTLS_A_CERTIFICATE_EXPIRED },
	{ GNUTLS_CERT_NOT_ACTIVATED, GNUTLS_A_CERTIFICATE_EXPIRED },
	{ GNUTLS_CERT_EXPIRED | GNUTLS_CERT_PURPOSE_MISMATCH,
	  GNUTLS_A_CERTIFICATE_EXPIRED },
	{ GNUTLS_CERT_PURPOSE_MISMATCH, GNUTLS_A_UNSUPPORTED_CERTIFICATE },
	{ MTLS_CERT_CRL_MISSING, GNUTLS_A_CERTIFICATE_UNKNOWN },
	{ MTLS_CERT_CRL_BAD_SIGNATURE, GNUTLS_A_CERTIFICATE_UNKNOWN },
	{ GNUTLS_CERT_REVOCATION_DATA_SUPERSEDED,
	  GNUTLS_A_CERTIFICATE_UNKNOWN },
	{ GNUTLS_CERT_REVOCATION_DATA_ISSUED_IN_FUTURE,
	  GNUTLS_A_CERTIFICATE_UNKNOWN },
	{ GNUTLS_CERT_PURPOSE_MISMATCH | MTLS_CERT_CRL_MISSING,
	  GNUTLS_A_UNSUPPORTED_CERTIFICATE },
	{ GNUTLS_CERT_SIGNATURE_FAILURE, GNUTLS_A_BAD_CERTIFICATE },
	{ GNUTLS_CERT_UNEXPECTED_OWNER, GNUTLS_A_BAD_CERTIFICATE },
	{ GNUTLS_CERT_INVALID, GNUTLS_A_BAD_CERTIFICATE },
};

START_TEST(test_of_status)
{
	ck_assert_int_eq(mtls_tls_alert_of_status(status_rows[_i].status |
						  GNUTLS_CERT_INVALID),
			 status_rows[_i].alert);
}
END_TEST

#define ROWS(a) (int)(sizeof(a) / sizeof((a)[0]))

Suite *
alert_suite(void)
{
	Suite *s = suite_create("alert");
	TCase *tc;

	tc = tcase_create("alerts");
	tcase_add_loop_test(tc, test_alert, 0, ROWS(rows));
	tcase_add_test(tc, test_all_known);
	tcase_add_loop_test(tc, test_of_status, 0, ROWS(status_rows));
	suite_add_tcase(s, tc);
	return s;
}
