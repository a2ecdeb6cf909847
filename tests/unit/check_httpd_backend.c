/*
 * check_httpd_backend.c -- mtls_backend_parse (what --backend accepts and
 * what it makes of it) and mtls_httpd_is_identity_header (which incoming
 * header names a client may not send to the backend).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mtls_internal.h"
#include "suites.h"

static const struct {
	const char *spec;
	const char *name; /* NULL: refused */
	const char *host;
	const char *prefix;
	bool tcp;
} backend_rows[] = {
	{ "http://127.0.0.1:8080", "127.0.0.1:8080", "127.0.0.1:8080", "",
	  false },
	{ "http://127.0.0.1:8080/", "127.0.0.1:8080", "127.0.0.1:8080", "",
	  false },
	{ "http://127.0.0.1:8080/app/", "127.0.0.1:8080", "127.0.0.1:8080",
	  "/app", false },
	{ "http://127.0.0.1/a/b", "127.0.0.1:80", "127.0.0.1:80", "/a/b",
	  false },
	{ "http://[::1]:9000/x", "[::1]:9000", "[::1]:9000", "/x", false },
	{ "unix:/run/app.sock", "unix:/run/app.sock", "localhost", "", false },
	{ "tcp://127.0.0.1:5432", "127.0.0.1:5432", "127.0.0.1:5432", "",
	  true },
	{ "ftp://127.0.0.1:21", NULL, NULL, NULL, false },
	{ "http://", NULL, NULL, NULL, false },
	{ "http://127.0.0.1:", NULL, NULL, NULL, false },
	{ "http://127.0.0.1:0", NULL, NULL, NULL, false },
	{ "http://127.0.0.1:65536", NULL, NULL, NULL, false },
	{ "http://127.0.0.1:8a", NULL, NULL, NULL, false },
	{ "http://127.0.0.1:80/a?b", NULL, NULL, NULL, false },
	{ "http://127.0.0.1:80/a b", NULL, NULL, NULL, false },
	{ "http://[::1:80", NULL, NULL, NULL, false },
	{ "tcp://127.0.0.1", NULL, NULL, NULL, false },
	{ "tcp://127.0.0.1:5/x", NULL, NULL, NULL, false },
	{ "unix:", NULL, NULL, NULL, false },
};

START_TEST(test_backend_parse)
{
	struct mtls_backend b;
	struct mtls_err e;
	int rv = mtls_backend_parse(backend_rows[_i].spec, &b, &e);

	if (backend_rows[_i].name == NULL) {
		ck_assert_int_eq(rv, -1);
		ck_assert_msg(strstr(e.msg, "invalid backend '") == e.msg, "%s",
			      e.msg);
		return;
	}
	ck_assert_msg(rv == 0, "'%s': %s", backend_rows[_i].spec, e.msg);
	ck_assert_str_eq(b.name, backend_rows[_i].name);
	ck_assert_str_eq(b.host, backend_rows[_i].host);
	ck_assert_str_eq(b.prefix, backend_rows[_i].prefix);
	ck_assert_int_eq(b.tcp, backend_rows[_i].tcp);
}
END_TEST

static const struct {
	const char *name;
	bool identity;
} ident_rows[] = {
	{ "X-Forwarded-Client-Cert", true },
	{ "x-forwarded-client-cert", true },
	{ "X_Forwarded_Client_Cert", true },
	{ "X-Client-Cert", true },
	{ "X-Forwarded-For", true },
	{ "X-FORWARDED-PROTO", true },
	{ "X-Forwarded-Host", true },
	{ "X-Real-IP", true },
	{ "Forwarded", true },
	{ "X-Forwarded-Fo", false },
	{ "X-Forwarded-Forx", false },
	{ "X-Forwarded", false },
	{ "Host", false },
	{ "X-Client-Certs", false },
};

START_TEST(test_identity_header)
{
	const char *n = ident_rows[_i].name;

	ck_assert_msg(mtls_httpd_is_identity_header(n, strlen(n)) ==
			      ident_rows[_i].identity,
		      "%s", n);
}
END_TEST

/* The identity headers of a certificate whose subject and URI need
 * quoting in X-Forwarded-Client-Cert. */
START_TEST(test_identity_lines)
{
	struct test_crt spec = { .subject = "/CN=a\"b,c/O=X",
				 .sans = "URI:spiffe://x/a;b",
				 .days = 10 };
	gnutls_privkey_t key = test_key_new(GNUTLS_PK_ECDSA, 0);
	gnutls_x509_crt_t crt = test_crt_new(&spec, key, NULL, NULL);
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct mtls_buf out = { 0 };
	unsigned char hash[32];
	size_t hash_len = sizeof(hash);
	char want[512], hex[65];
	struct mtls_err e;

	inet_pton(AF_INET, "192.0.2.7", &sin.sin_addr);
	ck_assert(gnutls_x509_crt_get_fingerprint(crt, GNUTLS_DIG_SHA256, hash,
						  &hash_len) == 0);
	for (size_t i = 0; i < 32; i++)
		sprintf(hex + 2 * i, "%02x", hash[i]);
	ck_assert_msg(mtls_httpd_identity(crt, (struct sockaddr *)&sin, false,
					  &out, &e) == 0,
		      "%s", e.msg);
	snprintf(want, sizeof(want),
		 "X-Forwarded-For: 192.0.2.7\r\n"
		 "X-Forwarded-Proto: https\r\n"
		 "X-Forwarded-Client-Cert: Hash=%s;"
		 "Subject=\"O=X,CN=a\\\\\"b\\,c\";"
		 "URI=\"spiffe://x/a;b\"\r\n",
		 hex);
	ck_assert_str_eq(mtls_buf_str(&out), want);
	mtls_buf_free(&out);
	gnutls_x509_crt_deinit(crt);
	gnutls_privkey_deinit(key);
}
END_TEST

Suite *
backend_suite(void)
{
	Suite *s = suite_create("httpd_backend");
	TCase *tc = tcase_create("parse");

	tcase_add_loop_test(tc, test_backend_parse, 0,
			    sizeof(backend_rows) / sizeof(backend_rows[0]));
	tcase_add_test(tc, test_identity_lines);
	tcase_add_loop_test(tc, test_identity_header, 0,
			    sizeof(ident_rows) / sizeof(ident_rows[0]));
	suite_add_tcase(s, tc);
	return s;
}
