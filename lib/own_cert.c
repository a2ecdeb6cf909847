/*
 * own_cert.c -- is a certificate fit to be a TLS server's own: does it
 * allow server authentication and signing handshakes, and how long has it
 * got?  A server that starts with a certificate every client refuses
 * fails each of them, far from the cause; it is better said at start (and
 * at each reload), once, by the server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "mtls_internal.h"

struct eku_list {
	struct mtls_buf words;
	bool server; /* serverAuth is listed */
};

static void
eku_word(void *arg, const char *oid)
{
	struct eku_list *l = arg;
	const char *name = mtls_purpose_oid_name(oid);

	/* anyExtendedKeyUsage does not stand in for serverAuth: TLS
	 * clients (and our verifier) want serverAuth itself. */
	if (strcmp(oid, GNUTLS_KP_TLS_WWW_SERVER) == 0)
		l->server = true;
	if (l->words.len > 0)
		mtls_buf_adds(&l->words, ", ");
	mtls_buf_adds(&l->words, name ? name : oid);
}

int
mtls_crt_check_server_use(gnutls_x509_crt_t crt, const char *name,
			  struct mtls_err *e)
{
	struct eku_list l = { { 0 }, false };
	char subject[MTLS_NAME_MAX];
	unsigned usage = 0, critical = 0, n;
	int ret;

	mtls_crt_subject(crt, subject, sizeof(subject));
	n = mtls_ekus_each(crt, NULL, eku_word, &l);
	if (n > 0 && !l.server) {
		mtls_err_set(e,
			     "the certificate '%s' ('%s') is not valid for "
			     "server authentication (extended key usage: %s "
			     "only)",
			     name, subject, mtls_buf_str(&l.words));
		mtls_buf_free(&l.words);
		return -1;
	}
	mtls_buf_free(&l.words);
	/* Every handshake the server can make signs with the key: TLS 1.3
	 * always, TLS 1.2 with ECDHE.  keyEncipherment alone only served
	 * the static RSA key exchange, which neither offers. */
	ret = gnutls_x509_crt_get_key_usage(crt, &usage, &critical);
	if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
		return 0;
	if (ret < 0)
		return mtls_err_gnutls(e, ret,
				       "cannot read the key usage of the "
				       "certificate '%s' ('%s')",
				       name, subject);
	if (!(usage & GNUTLS_KEY_DIGITAL_SIGNATURE))
		return mtls_err_set(e,
				    "the certificate '%s' ('%s') cannot sign "
				    "TLS handshakes: its key usage does not "
				    "allow digital signatures",
				    name, subject);
	return 0;
}

bool
mtls_crt_time_note(gnutls_x509_crt_t crt, const char *name, time_t now,
		   unsigned days, char *buf, size_t size)
{
	char subject[MTLS_NAME_MAX], when[64], rel[64];
	time_t from = gnutls_x509_crt_get_activation_time(crt);
	time_t until = gnutls_x509_crt_get_expiration_time(crt);

	if (size > 0)
		buf[0] = '\0';
	mtls_crt_subject(crt, subject, sizeof(subject));
	/* OpenSSL's rule, as verify.c: expired from the notAfter second. */
	if (until != (time_t)-1 && now >= until) {
		mtls_time_format(until, when, sizeof(when));
		mtls_time_relative(until, now, rel, sizeof(rel));
		snprintf(buf, size,
			 "the certificate '%s' ('%s') expired on %s (%s); "
			 "clients will refuse it",
			 name, subject, when, rel);
		return true;
	}
	if (from != (time_t)-1 && now < from) {
		mtls_time_format(from, when, sizeof(when));
		mtls_time_relative(from, now, rel, sizeof(rel));
		snprintf(buf, size,
			 "the certificate '%s' ('%s') is not valid before "
			 "%s (%s); clients will refuse it until then",
			 name, subject, when, rel);
		return true;
	}
	if (until != (time_t)-1 &&
	    (long long)until - (long long)now <=
		    (long long)days * MTLS_SECONDS_PER_DAY) {
		mtls_time_format(until, when, sizeof(when));
		mtls_time_relative(until, now, rel, sizeof(rel));
		snprintf(buf, size,
			 "the certificate '%s' ('%s') expires on %s (%s)", name,
			 subject, when, rel);
		return true;
	}
	return false;
}
