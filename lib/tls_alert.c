/*
 * tls_alert.c -- TLS alerts in words a person understands, for the client
 * that receives them and the server that sends them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include "mtls_internal.h"

/* Each alert: its name in RFC 8446 and the IANA registry (what logs
 * print), and words for people. */
static const struct {
	gnutls_alert_description_t alert;
	const char *name;
	const char *words;
} alerts[] = {
	{ GNUTLS_A_CLOSE_NOTIFY, "close_notify", "closed" },
	{ GNUTLS_A_UNEXPECTED_MESSAGE, "unexpected_message",
	  "unexpected message" },
	{ GNUTLS_A_BAD_RECORD_MAC, "bad_record_mac", "bad record MAC" },
	{ GNUTLS_A_DECRYPTION_FAILED, "decryption_failed",
	  "decryption failed" },
	{ GNUTLS_A_RECORD_OVERFLOW, "record_overflow", "record overflow" },
	{ GNUTLS_A_DECOMPRESSION_FAILURE, "decompression_failure",
	  "decompression failure" },
	{ GNUTLS_A_HANDSHAKE_FAILURE, "handshake_failure",
	  "handshake failure" },
	{ GNUTLS_A_SSL3_NO_CERTIFICATE, "no_certificate", "no certificate" },
	{ GNUTLS_A_BAD_CERTIFICATE, "bad_certificate", "bad certificate" },
	{ GNUTLS_A_UNSUPPORTED_CERTIFICATE, "unsupported_certificate",
	  "unsupported certificate" },
	{ GNUTLS_A_CERTIFICATE_REVOKED, "certificate_revoked",
	  "certificate revoked" },
	{ GNUTLS_A_CERTIFICATE_EXPIRED, "certificate_expired",
	  "certificate expired" },
	{ GNUTLS_A_CERTIFICATE_UNKNOWN, "certificate_unknown",
	  "certificate unknown" },
	{ GNUTLS_A_ILLEGAL_PARAMETER, "illegal_parameter",
	  "illegal parameter" },
	{ GNUTLS_A_UNKNOWN_CA, "unknown_ca", "unknown CA" },
	{ GNUTLS_A_ACCESS_DENIED, "access_denied", "access denied" },
	{ GNUTLS_A_DECODE_ERROR, "decode_error", "decode error" },
	{ GNUTLS_A_DECRYPT_ERROR, "decrypt_error",
	  "decrypt error (a signature did not "
	  "verify)" },
	{ GNUTLS_A_EXPORT_RESTRICTION, "export_restriction",
	  "export restriction" },
	{ GNUTLS_A_PROTOCOL_VERSION, "protocol_version",
	  "protocol version (no TLS version in "
	  "common)" },
	{ GNUTLS_A_INSUFFICIENT_SECURITY, "insufficient_security",
	  "insufficient security (no cipher "
	  "in common)" },
	{ GNUTLS_A_INTERNAL_ERROR, "internal_error", "internal error" },
	{ GNUTLS_A_INAPPROPRIATE_FALLBACK, "inappropriate_fallback",
	  "inappropriate fallback" },
	{ GNUTLS_A_USER_CANCELED, "user_canceled", "canceled" },
	{ GNUTLS_A_NO_RENEGOTIATION, "no_renegotiation", "no renegotiation" },
	{ GNUTLS_A_MISSING_EXTENSION, "missing_extension",
	  "missing extension" },
	{ GNUTLS_A_UNSUPPORTED_EXTENSION, "unsupported_extension",
	  "unsupported extension" },
	{ GNUTLS_A_CERTIFICATE_UNOBTAINABLE, "certificate_unobtainable",
	  "certificate unobtainable" },
	{ GNUTLS_A_UNRECOGNIZED_NAME, "unrecognized_name",
	  "unrecognized server name" },
	{ GNUTLS_A_UNKNOWN_PSK_IDENTITY, "unknown_psk_identity",
	  "unknown PSK identity" },
	{ GNUTLS_A_CERTIFICATE_REQUIRED, "certificate_required",
	  "certificate required" },
	{ GNUTLS_A_NO_APPLICATION_PROTOCOL, "no_application_protocol",
	  "no application protocol" },
};

const char *
mtls_tls_alert_words(gnutls_alert_description_t alert)
{
	size_t i;

	for (i = 0; i < sizeof(alerts) / sizeof(alerts[0]); i++)
		if (alerts[i].alert == alert)
			return alerts[i].words;
	return "unknown alert";
}

const char *
mtls_tls_alert_name(int alert)
{
	for (size_t i = 0; i < sizeof(alerts) / sizeof(alerts[0]); i++)
		if ((int)alerts[i].alert == alert)
			return alerts[i].name;
	return "alert";
}

/* The alert that names the cause of a verification failure, most
 * specific first. */
int
mtls_tls_alert_of_status(unsigned status)
{
	if (status & GNUTLS_CERT_REVOKED)
		return GNUTLS_A_CERTIFICATE_REVOKED;
	if (status & (GNUTLS_CERT_SIGNER_NOT_FOUND | GNUTLS_CERT_SIGNER_NOT_CA))
		return GNUTLS_A_UNKNOWN_CA;
	if (status & (GNUTLS_CERT_EXPIRED | GNUTLS_CERT_NOT_ACTIVATED))
		return GNUTLS_A_CERTIFICATE_EXPIRED;
	if (status & GNUTLS_CERT_PURPOSE_MISMATCH)
		return GNUTLS_A_UNSUPPORTED_CERTIFICATE;
	/* Whether it is revoked cannot be told. */
	if (status & (MTLS_CERT_CRL_MISSING | MTLS_CERT_CRL_BAD_SIGNATURE |
		      GNUTLS_CERT_REVOCATION_DATA_SUPERSEDED |
		      GNUTLS_CERT_REVOCATION_DATA_ISSUED_IN_FUTURE))
		return GNUTLS_A_CERTIFICATE_UNKNOWN;
	return GNUTLS_A_BAD_CERTIFICATE;
}

bool
mtls_tls_alert_is_cert_rejection(gnutls_alert_description_t alert)
{
	switch (alert) {
	case GNUTLS_A_BAD_CERTIFICATE:
	case GNUTLS_A_UNSUPPORTED_CERTIFICATE:
	case GNUTLS_A_CERTIFICATE_REVOKED:
	case GNUTLS_A_CERTIFICATE_EXPIRED:
	case GNUTLS_A_CERTIFICATE_UNKNOWN:
	case GNUTLS_A_UNKNOWN_CA:
	case GNUTLS_A_ACCESS_DENIED:
	case GNUTLS_A_DECRYPT_ERROR:
	case GNUTLS_A_CERTIFICATE_REQUIRED:
	case GNUTLS_A_SSL3_NO_CERTIFICATE:
	case GNUTLS_A_HANDSHAKE_FAILURE:
		return true;
	default:
		return false;
	}
}

bool
mtls_tls_error_is_peer_gone(int gnutls_err)
{
	return gnutls_err == GNUTLS_E_PULL_ERROR ||
	       gnutls_err == GNUTLS_E_PUSH_ERROR ||
	       gnutls_err == GNUTLS_E_PREMATURE_TERMINATION;
}

/* GnuTLS's errors in a handshake, as a server says them of its client;
 * most are about what the client sent; the rest get the alert's words. */
static const struct {
	int err;
	const char *words;
} handshake_words[] = {
	{ GNUTLS_E_PULL_ERROR, "the client closed the connection during the "
			       "handshake" },
	{ GNUTLS_E_PREMATURE_TERMINATION, "the client closed the connection "
					  "during the handshake" },
	{ GNUTLS_E_PUSH_ERROR, "the connection broke during the handshake" },
	{ GNUTLS_E_UNEXPECTED_PACKET_LENGTH, "the client sent a record or "
					     "message of an impossible "
					     "length" },
	{ GNUTLS_E_RECORD_OVERFLOW, "the client sent a record longer than TLS "
				    "allows" },
	{ GNUTLS_E_HANDSHAKE_TOO_LARGE, "the client sent a handshake message "
					"too large to accept" },
	{ GNUTLS_E_UNEXPECTED_PACKET, "the client sent a message out of "
				      "order" },
	{ GNUTLS_E_UNEXPECTED_HANDSHAKE_PACKET, "the client sent a handshake "
						"message out of order" },
	{ GNUTLS_E_UNSUPPORTED_VERSION_PACKET, "the client offered no TLS "
					       "version we accept" },
	{ GNUTLS_E_NO_CIPHER_SUITES, "the client offered no cipher suite we "
				     "accept" },
	{ GNUTLS_E_UNKNOWN_CIPHER_SUITE, "the client offered no cipher suite "
					 "we accept" },
	{ GNUTLS_E_INSUFFICIENT_CREDENTIALS, "the client offered no cipher "
					     "suite our certificate can "
					     "serve" },
	{ GNUTLS_E_NO_COMMON_KEY_SHARE, "the client offered no key exchange "
					"group we accept" },
	{ GNUTLS_E_UNSUPPORTED_SIGNATURE_ALGORITHM, "the client offered no "
						    "signature algorithm we "
						    "accept" },
	{ GNUTLS_E_RECEIVED_ILLEGAL_PARAMETER, "the client sent an illegal "
					       "parameter" },
	{ GNUTLS_E_ILLEGAL_PARAMETER, "the client sent an illegal parameter" },
	{ GNUTLS_E_RECEIVED_DISALLOWED_NAME, "the client sent a name that is "
					     "not allowed" },
	{ GNUTLS_E_UNEXPECTED_EXTENSIONS_LENGTH, "the client sent malformed "
						 "extensions" },
	{ GNUTLS_E_MISSING_EXTENSION, "the client left out a required "
				      "extension" },
	{ GNUTLS_E_INAPPROPRIATE_FALLBACK, "the client fell back to an older "
					   "protocol than it supports" },
	{ GNUTLS_E_DECRYPTION_FAILED, "a record from the client did not "
				      "decrypt" },
	{ GNUTLS_E_ERROR_IN_FINISHED_PACKET, "the client's Finished message "
					     "does not match the handshake" },
	{ GNUTLS_E_PK_SIG_VERIFY_FAILED, "the client's signature does not "
					 "verify (it may not hold the key of "
					 "its certificate)" },
	{ GNUTLS_E_CERTIFICATE_ERROR, "the client's certificate could not be "
				      "read" },
	{ GNUTLS_E_ASN1_DER_ERROR, "the client's certificate does not parse" },
	{ GNUTLS_E_ASN1_TAG_ERROR, "the client's certificate does not parse" },
	{ GNUTLS_E_ASN1_GENERIC_ERROR, "the client's certificate does not "
				       "parse" },
	{ GNUTLS_E_ASN1_DER_OVERFLOW, "the client's certificate does not "
				      "parse" },
	{ GNUTLS_E_CERTIFICATE_LIST_UNSORTED, "the client's certificate chain "
					      "is out of order" },
	{ GNUTLS_E_UNKNOWN_PK_ALGORITHM, "the client's certificate has a key "
					 "of an unknown kind" },
	{ GNUTLS_E_TOO_MANY_EMPTY_PACKETS, "the client sent too many empty "
					   "records" },
	{ GNUTLS_E_TOO_MANY_HANDSHAKE_PACKETS, "the client sent too many "
					       "handshake messages" },
	{ GNUTLS_E_MEMORY_ERROR, "out of memory" },
};

const char *
mtls_tls_handshake_error_words(int gnutls_err)
{
	int level;

	for (size_t i = 0;
	     i < sizeof(handshake_words) / sizeof(handshake_words[0]); i++)
		if (handshake_words[i].err == gnutls_err)
			return handshake_words[i].words;
	return mtls_tls_alert_words((gnutls_alert_description_t)
					    gnutls_error_to_alert(gnutls_err,
								  &level));
}
