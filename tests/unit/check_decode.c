/*
 * check_decode.c -- decode.c: certificates, requests and CRLs read from
 * PEM or DER, and the message that says what an input holds when it is
 * not what was asked for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mtls_internal.h"
#include "suites.h"

/* ---- kinds */

struct kind_name_row {
	enum mtls_object_kind kind;
	const char *want;
};

static const struct kind_name_row kind_name_rows[] = {
	{ MTLS_OBJ_CERT, "certificate" },
	{ MTLS_OBJ_CSR, "certificate request" },
	{ MTLS_OBJ_CRL, "certificate revocation list" },
	{ MTLS_OBJ_KEY, "private key" },
	{ MTLS_OBJ_UNKNOWN, "unknown data" },
	{ (enum mtls_object_kind)99, "unknown data" },
};

START_TEST(test_kind_name)
{
	const struct kind_name_row *r = &kind_name_rows[_i];

	ck_assert_str_eq(mtls_object_kind_name(r->kind), r->want);
}
END_TEST

struct pem_kind_row {
	const char *text;
	enum mtls_object_kind want;
};

#define BEGIN(label)                                                           \
	"-----BEGIN " label "-----\nAAAA\n-----END " label "-----\n"

static const struct pem_kind_row pem_kind_rows[] = {
	{ BEGIN("CERTIFICATE"), MTLS_OBJ_CERT },
	{ BEGIN("X509 CERTIFICATE"), MTLS_OBJ_CERT },
	{ BEGIN("TRUSTED CERTIFICATE"), MTLS_OBJ_CERT },
	{ BEGIN("CERTIFICATE REQUEST"), MTLS_OBJ_CSR },
	{ BEGIN("NEW CERTIFICATE REQUEST"), MTLS_OBJ_CSR },
	{ BEGIN("X509 CRL"), MTLS_OBJ_CRL },
	{ BEGIN("PRIVATE KEY"), MTLS_OBJ_KEY },
	{ BEGIN("RSA PRIVATE KEY"), MTLS_OBJ_KEY },
	{ BEGIN("EC PRIVATE KEY"), MTLS_OBJ_KEY },
	{ BEGIN("ENCRYPTED PRIVATE KEY"), MTLS_OBJ_KEY },
	/* Labels we do not know, or only nearly. */
	{ BEGIN("PUBLIC KEY"), MTLS_OBJ_UNKNOWN },
	{ BEGIN("PKCS7"), MTLS_OBJ_UNKNOWN },
	{ BEGIN("CERTIFICATES"), MTLS_OBJ_UNKNOWN },
	{ BEGIN("certificate"), MTLS_OBJ_UNKNOWN },
	{ "-----BEGIN CERTIFICATE----\n", MTLS_OBJ_UNKNOWN },
	{ "-----BEGIN CERTIFICATE", MTLS_OBJ_UNKNOWN },
	{ "-----BEGIN -----\n", MTLS_OBJ_UNKNOWN },
	{ "", MTLS_OBJ_UNKNOWN },
	{ "CERTIFICATE\n", MTLS_OBJ_UNKNOWN },
	{ "0\x82\x01\x00", MTLS_OBJ_UNKNOWN },
	/* The first block of a kind we know decides, whatever is around. */
	{ "text before\n" BEGIN("X509 CRL"), MTLS_OBJ_CRL },
	{ BEGIN("PUBLIC KEY") BEGIN("CERTIFICATE REQUEST"), MTLS_OBJ_CSR },
	{ BEGIN("PRIVATE KEY") BEGIN("CERTIFICATE"), MTLS_OBJ_KEY },
	{ BEGIN("CERTIFICATE") BEGIN("PRIVATE KEY"), MTLS_OBJ_CERT },
};

START_TEST(test_pem_kind)
{
	const struct pem_kind_row *r = &pem_kind_rows[_i];
	size_t n = strlen(r->text);
	/* Not NUL-terminated, as file contents are not. */
	unsigned char *copy = malloc(n + 1);
	gnutls_datum_t d = { copy, (unsigned)n };

	ck_assert_ptr_nonnull(copy);
	memcpy(copy, r->text, n);
	ck_assert_int_eq(mtls_pem_kind(&d), r->want);
	free(copy);
}
END_TEST

/* ---- inputs */

static struct test_objects obj;

static void
make_objects(void)
{
	test_objects_make(&obj);
}

static void
free_objects(void)
{
	test_objects_free(&obj);
}

static void
setup(void)
{
	test_dir_make();
	test_objects_make(&obj);
}

static void
teardown(void)
{
	test_objects_free(&obj);
	test_dir_remove();
}

/* "O=Test CA|CN=leaf.example,O=Example" for a list. */
static void
subjects(const gnutls_x509_crt_t *list, unsigned n, char *buf, size_t size)
{
	char one[256];
	size_t len = 0;
	unsigned i;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		mtls_crt_subject(list[i], one, sizeof(one));
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
					i ? "|" : "", one);
	}
}

/* ---- certificate lists */

struct crt_row {
	const char *pieces;
	int want_rv;
	const char *want; /* subjects ('|'-joined), or the message */
	bool prefix;	  /* the message continues with GnuTLS's words */
};

static const struct crt_row crt_rows[] = {
	{ "c", 0, "CN=leaf.example,O=Example", false },
	{ "C", 0, "CN=leaf.example,O=Example", false },
	/* A chain, in the order written. */
	{ "ca", 0, "CN=leaf.example,O=Example|O=Test CA", false },
	{ "ac", 0, "O=Test CA|CN=leaf.example,O=Example", false },
	/* Other blocks and text around certificates are skipped. */
	{ "gkcgu", 0, "CN=leaf.example,O=Example", false },
	{ "rc", 0, "CN=leaf.example,O=Example", false },
	/* Something else: said what it is. */
	{ "r", -1,
	  "'in.pem': expected a certificate, found a certificate "
	  "request",
	  false },
	{ "R", -1,
	  "'in.pem': expected a certificate, found a certificate "
	  "request",
	  false },
	{ "k", -1, "'in.pem': expected a certificate, found a private key",
	  false },
	{ "l", -1,
	  "'in.pem': expected a certificate, found a certificate "
	  "revocation list",
	  false },
	{ "L", -1,
	  "'in.pem': expected a certificate, found a certificate "
	  "revocation list",
	  false },
	{ "uk", -1, "'in.pem': expected a certificate, found a private key",
	  false },
	{ "u", -1,
	  "'in.pem': expected a certificate, found no PEM block of "
	  "that kind",
	  false },
	{ "g", -1, "'in.pem': not a certificate (neither PEM nor DER)", false },
	{ "", -1, "'in.pem': not a certificate (neither PEM nor DER)", false },
	{ "m", -1, "'in.pem': malformed certificate: ", true },
};

START_TEST(test_crt_list_import)
{
	const struct crt_row *r = &crt_rows[_i];
	struct mtls_err e = { 0 };
	gnutls_x509_crt_t sentinel[1] = { NULL };
	gnutls_x509_crt_t *list = sentinel; /* to be replaced */
	gnutls_datum_t in;
	unsigned n = 99;
	char got[1024];

	test_input(&obj, r->pieces, &in);
	ck_assert_int_eq(mtls_crt_list_import(&in, "in.pem", &list, &n, &e),
			 r->want_rv);
	if (r->want_rv == 0) {
		subjects(list, n, got, sizeof(got));
		ck_assert_str_eq(got, r->want);
	} else {
		ck_assert_ptr_null(list);
		ck_assert_uint_eq(n, 0);
		if (r->prefix) {
			ck_assert_msg(strncmp(e.msg, r->want,
					      strlen(r->want)) == 0 &&
					      strlen(e.msg) > strlen(r->want),
				      "'%s' does not start with '%s'", e.msg,
				      r->want);
		} else {
			ck_assert_str_eq(e.msg, r->want);
		}
		test_assert_message(e.msg);
	}
	mtls_crt_list_free(list, n);
	gnutls_free(in.data);
}
END_TEST

/* ---- requests */

struct crq_row {
	const char *pieces;
	int want_rv;
	const char *want_msg; /* NULL: the request is read */
	bool prefix;
};

static const struct crq_row crq_rows[] = {
	{ "r", 0, NULL, false },
	{ "R", 0, NULL, false },
	{ "cr", 0, NULL, false },
	{ "gkr", 0, NULL, false },
	{ "c", -1,
	  "'in.pem': expected a certificate request, found a "
	  "certificate",
	  false },
	{ "C", -1,
	  "'in.pem': expected a certificate request, found a "
	  "certificate",
	  false },
	{ "l", -1,
	  "'in.pem': expected a certificate request, found a "
	  "certificate revocation list",
	  false },
	{ "L", -1,
	  "'in.pem': expected a certificate request, found a "
	  "certificate revocation list",
	  false },
	{ "k", -1,
	  "'in.pem': expected a certificate request, found a "
	  "private key",
	  false },
	{ "u", -1,
	  "'in.pem': expected a certificate request, found no PEM "
	  "block of that kind",
	  false },
	{ "g", -1,
	  "'in.pem': not a certificate request (neither PEM nor "
	  "DER)",
	  false },
	{ "", -1, "'in.pem': not a certificate request (neither PEM nor DER)",
	  false },
};

START_TEST(test_crq_import)
{
	const struct crq_row *r = &crq_rows[_i];
	struct mtls_err e = { 0 };
	gnutls_x509_crq_t got = obj.crq; /* to be replaced */
	gnutls_datum_t in, a, b;

	test_input(&obj, r->pieces, &in);
	ck_assert_int_eq(mtls_csr_import(&in, "in.pem", &got, &e), r->want_rv);
	if (r->want_rv == 0) {
		/* The same request, byte for byte. */
		ck_assert_int_eq(gnutls_x509_crq_export2(got,
							 GNUTLS_X509_FMT_DER,
							 &a),
				 0);
		ck_assert_int_eq(gnutls_x509_crq_export2(obj.crq,
							 GNUTLS_X509_FMT_DER,
							 &b),
				 0);
		ck_assert_uint_eq(a.size, b.size);
		ck_assert_mem_eq(a.data, b.data, a.size);
		gnutls_free(a.data);
		gnutls_free(b.data);
		gnutls_x509_crq_deinit(got);
	} else {
		ck_assert_ptr_null(got);
		ck_assert_str_eq(e.msg, r->want_msg);
		test_assert_message(e.msg);
	}
	gnutls_free(in.data);
}
END_TEST

/* ---- from files */

enum loader { LOAD_CRT, LOAD_CRQ, LOAD_CRL };

struct load_row {
	enum loader loader;
	const char *pieces; /* the file's contents; NULL: no file */
	int want_rv;
	const char *want_msg; /* "%s" stands for the file's path */
};

static const struct load_row load_rows[] = {
	{ LOAD_CRT, "ac", 0, NULL },
	{ LOAD_CRQ, "R", 0, NULL },
	{ LOAD_CRL, "l", 0, NULL },
	{ LOAD_CRL, "L", 0, NULL },
	{ LOAD_CRL, "cl", 0, NULL },
	{ LOAD_CRT, NULL, -1, "cannot open '%s': No such file or directory" },
	{ LOAD_CRQ, NULL, -1, "cannot open '%s': No such file or directory" },
	{ LOAD_CRL, NULL, -1, "cannot open '%s': No such file or directory" },
	{ LOAD_CRT, "", -1, "'%s' is empty" },
	{ LOAD_CRT, "r", -1,
	  "'%s': expected a certificate, found a "
	  "certificate request" },
	{ LOAD_CRQ, "C", -1,
	  "'%s': expected a certificate request, found a "
	  "certificate" },
	{ LOAD_CRL, "c", -1,
	  "'%s': expected a certificate revocation list, "
	  "found a certificate" },
	{ LOAD_CRL, "R", -1,
	  "'%s': expected a certificate revocation list, "
	  "found a certificate request" },
	{ LOAD_CRL, "k", -1,
	  "'%s': expected a certificate revocation list, "
	  "found a private key" },
	{ LOAD_CRL, "u", -1,
	  "'%s': expected a certificate revocation list, "
	  "found no PEM block of that kind" },
	{ LOAD_CRL, "g", -1,
	  "'%s': not a certificate revocation list "
	  "(neither PEM nor DER)" },
};

START_TEST(test_load)
{
	const struct load_row *r = &load_rows[_i];
	struct mtls_err e = { 0 };
	char path[PATH_MAX], want[PATH_MAX + 256], got[1024];
	const char *at;
	gnutls_x509_crt_t *list = NULL;
	gnutls_x509_crq_t q = NULL;
	gnutls_x509_crl_t l = NULL;
	gnutls_datum_t in, a, b;
	unsigned n = 0;
	int rv = -2;

	test_path(path, "input");
	if (r->pieces != NULL) {
		test_input(&obj, r->pieces, &in);
		test_file_put(path, in.data, in.size);
		gnutls_free(in.data);
	}
	switch (r->loader) {
	case LOAD_CRT:
		rv = mtls_crt_list_load(path, &list, &n, &e);
		break;
	case LOAD_CRQ:
		rv = mtls_csr_load(path, &q, &e);
		break;
	case LOAD_CRL:
		rv = mtls_crl_load(path, &l, &e);
		break;
	}
	ck_assert_int_eq(rv, r->want_rv);
	if (rv != 0) {
		at = strstr(r->want_msg, "%s");
		ck_assert_ptr_nonnull(at);
		snprintf(want, sizeof(want), "%.*s%s%s",
			 (int)(at - r->want_msg), r->want_msg, path, at + 2);
		ck_assert_str_eq(e.msg, want);
		ck_assert_ptr_null(list);
		ck_assert_ptr_null(q);
		ck_assert_ptr_null(l);
		return;
	}
	switch (r->loader) {
	case LOAD_CRT:
		subjects(list, n, got, sizeof(got));
		ck_assert_str_eq(got, "O=Test CA|CN=leaf.example,O=Example");
		mtls_crt_list_free(list, n);
		break;
	case LOAD_CRQ:
		ck_assert_int_eq(gnutls_x509_crq_export2(q, GNUTLS_X509_FMT_DER,
							 &a),
				 0);
		ck_assert_int_eq(gnutls_x509_crq_export2(obj.crq,
							 GNUTLS_X509_FMT_DER,
							 &b),
				 0);
		ck_assert_uint_eq(a.size, b.size);
		ck_assert_mem_eq(a.data, b.data, a.size);
		gnutls_free(a.data);
		gnutls_free(b.data);
		gnutls_x509_crq_deinit(q);
		break;
	case LOAD_CRL:
		/* The CRL made here: it revokes the leaf. */
		ck_assert_int_eq(gnutls_x509_crl_get_crt_count(l), 1);
		ck_assert_int_eq(gnutls_x509_crt_check_revocation(obj.leaf, &l,
								  1),
				 1);
		gnutls_x509_crl_deinit(l);
		break;
	}
}
END_TEST

#define ROWS(a) (int)(sizeof(a) / sizeof((a)[0]))

Suite *
decode_suite(void)
{
	Suite *s = suite_create("decode");
	TCase *tc;

	tc = tcase_create("kinds");
	tcase_add_loop_test(tc, test_kind_name, 0, ROWS(kind_name_rows));
	tcase_add_loop_test(tc, test_pem_kind, 0, ROWS(pem_kind_rows));
	suite_add_tcase(s, tc);
	tc = tcase_create("import");
	tcase_add_checked_fixture(tc, make_objects, free_objects);
	tcase_add_loop_test(tc, test_crt_list_import, 0, ROWS(crt_rows));
	tcase_add_loop_test(tc, test_crq_import, 0, ROWS(crq_rows));
	suite_add_tcase(s, tc);
	tc = tcase_create("load");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_load, 0, ROWS(load_rows));
	suite_add_tcase(s, tc);
	return s;
}
