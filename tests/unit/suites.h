/*
 * suites.h -- the Check suites of check_mtls, one per lib/ module, and the
 * few helpers they share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef MTLS_SUITES_H
#define MTLS_SUITES_H

#include <limits.h>
#include <stddef.h>
#include <time.h>

#include <check.h>

#include "mtls_internal.h"

Suite *times_suite(void);
Suite *name_suite(void);
Suite *host_suite(void);
Suite *san_suite(void);
Suite *cert_suite(void);
Suite *facts_suite(void);
Suite *crl_suite(void);
Suite *csr_suite(void);
Suite *decode_suite(void);
Suite *verify_suite(void);
Suite *verify_rules_suite(void);
Suite *constraints_suite(void);
Suite *show_suite(void);
Suite *key_suite(void);
Suite *file_suite(void);
Suite *der_suite(void);
Suite *url_suite(void);
Suite *http_response_suite(void);
Suite *http_request_suite(void);
Suite *static_suite(void);
Suite *allow_suite(void);
Suite *alert_suite(void);
Suite *own_cert_suite(void);
Suite *service_suite(void);
Suite *backend_suite(void);
Suite *tls_ticket_suite(void);

/* Lower-case hex of DATA in OUT (which holds 2 * LEN + 1 bytes), so that a
 * failed comparison prints both encodings. */
void test_hex(const unsigned char *data, size_t len, char *out);

/* Is the NUL-terminated message MSG set, one line, and free of a
 * trailing period, as lib/ promises its messages are? */
void test_assert_message(const char *msg);

/* 2026-12-01T00:00:00Z: the "now" certificates are made at, so that their
 * dates, and the words about them, are known in advance. */
#define TEST_T0 ((time_t)1796083200)
#define TEST_DAY ((time_t)24 * 60 * 60)

/* A certificate to make with test_crt_new. */
struct test_crt {
	const char *subject; /* slash form */
	const char *sans;    /* --san syntax, or NULL for none */
	enum mtls_profile profile;
	unsigned days;
	int path_len; /* CA only; -1 = no limit */
	time_t now;   /* made at; 0 = the current time */
};

/* A new key of type PK (BITS for RSA; below 2048, made by GnuTLS
 * directly, since lib/ refuses to). */
gnutls_privkey_t test_key_new(gnutls_pk_algorithm_t pk, unsigned bits);

/* A request for SUBJECT signed by KEY: with mtls_csr_build when SANS (in
 * --san syntax) is set, else with mtls_csr_from_name (no SAN at all). */
gnutls_x509_crq_t test_crq_new(const char *subject, const char *sans,
			       gnutls_privkey_t key);

/* A certificate as SPEC says for KEY, made with mtls_crt_build and signed
 * by ISSUER and ISSUER_KEY, or self-signed when ISSUER is NULL. */
gnutls_x509_crt_t test_crt_new(const struct test_crt *spec,
			       gnutls_privkey_t key, gnutls_x509_crt_t issuer,
			       gnutls_privkey_t issuer_key);

/* What the input tests read, made at TEST_T0: a CA "O=Test CA" (30
 * days), a server certificate it issued, "CN=leaf.example,O=Example"
 * with DNS:leaf.example and IP:192.0.2.1 (10 days), a request for
 * "CN=request.example" with DNS:request.example (by the leaf's key), and
 * a CRL of the CA revoking the leaf (next update a day later). */
struct test_objects {
	gnutls_privkey_t ca_key, leaf_key;
	gnutls_x509_crt_t ca, leaf;
	gnutls_x509_crq_t crq;
	gnutls_x509_crl_t crl;
};
void test_objects_make(struct test_objects *o);
void test_objects_free(struct test_objects *o);

/*
 * An input made of PIECES, one letter each, in OUT (gnutls_malloc'd and
 * NUL-terminated past its size):
 *   c  the leaf certificate, PEM      C  the same, DER
 *   a  the CA certificate, PEM
 *   r  the request, PEM               R  the same, DER
 *   l  the CRL, PEM                   L  the same, DER
 *   k  the leaf's private key, PEM
 *   m  a CERTIFICATE block that does not decode
 *   h  a CERTIFICATE block without its end line
 *   u  a PEM block of a kind we do not know
 *   g  a line of text
 */
void test_input(const struct test_objects *o, const char *pieces,
		gnutls_datum_t *out);

/* A fixture: a fresh temporary directory, TEST_DIR, made and removed
 * around each test in the test's own process. */
extern char test_dir[PATH_MAX];
void test_dir_make(void);
void test_dir_remove(void);

/* TEST_DIR/NAME in BUF. */
const char *test_path(char buf[PATH_MAX], const char *name);

/* Write SIZE bytes of DATA to PATH. */
void test_file_put(const char *path, const void *data, size_t size);

#endif /* MTLS_SUITES_H */
