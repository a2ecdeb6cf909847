/*
 * tls_alert.c -- TLS alerts in words a person understands, for the client
 * that receives them and the server that sends them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include "mtls_internal.h"

static const struct {
	gnutls_alert_description_t alert;
	const char *words;
} alert_words[] = {
	{ GNUTLS_A_CLOSE_NOTIFY, "closed" },
	{ GNUTLS_A_UNEXPECTED_MESSAGE, "unexpected message" },
	{ GNUTLS_A_BAD_RECORD_MAC, "bad record MAC" },
	{ GNUTLS_A_DECRYPTION_FAILED, "decryption failed" },
	{ GNUTLS_A_RECORD_OVERFLOW, "record overflow" },
	{ GNUTLS_A_DECOMPRESSION_FAILURE, "decompression failure" },
	{ GNUTLS_A_HANDSHAKE_FAILURE, "handshake failure" },
	{ GNUTLS_A_SSL3_NO_CERTIFICATE, "no certificate" },
	{ GNUTLS_A_BAD_CERTIFICATE, "bad certificate" },
	{ GNUTLS_A_UNSUPPORTED_CERTIFICATE, "unsupported certificate" },
	{ GNUTLS_A_CERTIFICATE_REVOKED, "certificate revoked" },
	{ GNUTLS_A_CERTIFICATE_EXPIRED, "certificate expired" },
	{ GNUTLS_A_CERTIFICATE_UNKNOWN, "certificate unknown" },
	{ GNUTLS_A_ILLEGAL_PARAMETER, "illegal parameter" },
	{ GNUTLS_A_UNKNOWN_CA, "unknown CA" },
	{ GNUTLS_A_ACCESS_DENIED, "access denied" },
	{ GNUTLS_A_DECODE_ERROR, "decode error" },
	{ GNUTLS_A_DECRYPT_ERROR, "decrypt error (a signature did not "
				  "verify)" },
	{ GNUTLS_A_EXPORT_RESTRICTION, "export restriction" },
	{ GNUTLS_A_PROTOCOL_VERSION, "protocol version (no TLS version in "
				     "common)" },
	{ GNUTLS_A_INSUFFICIENT_SECURITY, "insufficient security (no cipher "
					  "in common)" },
	{ GNUTLS_A_INTERNAL_ERROR, "internal error" },
	{ GNUTLS_A_INAPPROPRIATE_FALLBACK, "inappropriate fallback" },
	{ GNUTLS_A_USER_CANCELED, "canceled" },
	{ GNUTLS_A_NO_RENEGOTIATION, "no renegotiation" },
	{ GNUTLS_A_MISSING_EXTENSION, "missing extension" },
	{ GNUTLS_A_UNSUPPORTED_EXTENSION, "unsupported extension" },
	{ GNUTLS_A_CERTIFICATE_UNOBTAINABLE, "certificate unobtainable" },
	{ GNUTLS_A_UNRECOGNIZED_NAME, "unrecognized server name" },
	{ GNUTLS_A_UNKNOWN_PSK_IDENTITY, "unknown PSK identity" },
	{ GNUTLS_A_CERTIFICATE_REQUIRED, "certificate required" },
	{ GNUTLS_A_NO_APPLICATION_PROTOCOL, "no application protocol" },
};

const char *
mtls_tls_alert_words(gnutls_alert_description_t alert)
{
	size_t i;

	for (i = 0; i < sizeof(alert_words) / sizeof(alert_words[0]); i++)
		if (alert_words[i].alert == alert)
			return alert_words[i].words;
	return "unknown alert";
}

const char *
mtls_tls_alert_name(int alert)
{
	switch (alert) {
	case GNUTLS_A_HANDSHAKE_FAILURE: return "handshake_failure";
	case GNUTLS_A_BAD_CERTIFICATE: return "bad_certificate";
	case GNUTLS_A_UNSUPPORTED_CERTIFICATE: return "unsupported_certificate";
	case GNUTLS_A_CERTIFICATE_REVOKED: return "certificate_revoked";
	case GNUTLS_A_CERTIFICATE_EXPIRED: return "certificate_expired";
	case GNUTLS_A_UNKNOWN_CA: return "unknown_ca";
	case GNUTLS_A_ACCESS_DENIED: return "access_denied";
	case GNUTLS_A_CERTIFICATE_REQUIRED: return "certificate_required";
	case GNUTLS_A_INTERNAL_ERROR: return "internal_error";
	default: return "alert";
	}
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
