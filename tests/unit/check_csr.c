/*
 * check_csr.c -- csr.c: requests built from a subject and SANs, their
 * self-signature and key checked, their SANs read back, and their PEM.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mtls_internal.h"
#include "suites.h"

/* The SANs of CRQ in --san syntax, ','-joined, read with
 * mtls_csr_get_sans. */
static void
crq_sans(gnutls_x509_crq_t crq, char *buf, size_t size)
{
	struct mtls_sans sans = { NULL, 0 };
	struct mtls_err e = { 0 };
	char one[256];
	size_t i, len = 0;

	ck_assert_msg(mtls_csr_get_sans(crq, &sans, &e) == 0, "%s", e.msg);
	buf[0] = '\0';
	for (i = 0; i < sans.n; i++) {
		ck_assert(mtls_san_describe(sans.items[i].type,
					    sans.items[i].value.data,
					    sans.items[i].value.size, one,
					    sizeof(one)));
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
					i ? "," : "", one);
	}
	mtls_sans_free(&sans);
}

/* ---- mtls_csr_build */

struct build_row {
	const char *subject;
	const char *sans; /* --san syntax, or NULL */
	int want_rv;
	const char *want; /* mtls_csr_brief's line, or the message */
	const char *want_sans;
};

static const struct build_row build_rows[] = {
	/* A CN that is a host name or an address implies its SAN... */
	{ "/CN=host.example", NULL, 0, "'CN=host.example' (ECDSA P-256)",
	  "DNS:host.example" },
	{ "/CN=192.0.2.5", NULL, 0, "'CN=192.0.2.5' (ECDSA P-256)",
	  "IP:192.0.2.5" },
	{ "/CN=2001:db8::5", NULL, 0, "'CN=2001:db8::5' (ECDSA P-256)",
	  "IP:2001:db8::5" },
	{ "/O=Example/CN=*.host.example", NULL, 0,
	  "'CN=*.host.example,O=Example' (ECDSA P-256)", "DNS:*.host.example" },
	/* ...other CNs do not... */
	{ "/O=Example/CN=Alice Example", NULL, 0,
	  "'CN=Alice Example,O=Example' (ECDSA P-256)", "" },
	{ "/O=Example", NULL, 0, "'O=Example' (ECDSA P-256)", "" },
	/* ...and SANs given replace it. */
	{ "/CN=host.example", "DNS:a.example,IP:::1", 0,
	  "'CN=host.example' (ECDSA P-256)", "DNS:a.example,IP:::1" },
	{ "/O=Example/CN=svc",
	  "URI:spiffe://example.org/ns/a/sa/b,email:ops@example.org", 0,
	  "'CN=svc,O=Example' (ECDSA P-256)",
	  "URI:spiffe://example.org/ns/a/sa/b,email:ops@example.org" },
	/* RFC 4514 form, last RDN first. */
	{ "CN=host.example,O=Example", NULL, 0,
	  "'CN=host.example,O=Example' (ECDSA P-256)", "DNS:host.example" },
	/* Subjects that cannot be encoded. */
	{ "", NULL, -1, "the subject is empty", NULL },
	{ "/", NULL, -1, "the subject is empty", NULL },
	{ "/CN=", NULL, -1,
	  "invalid subject '/CN=': empty value for subject attribute 'CN'",
	  NULL },
	{ "/XX=y", NULL, -1,
	  "invalid subject '/XX=y': unknown subject attribute 'XX'", NULL },
	{ "/C=Germany", NULL, -1,
	  "invalid subject '/C=Germany': value of subject attribute 'C' must "
	  "be 2 characters long",
	  NULL },
};

START_TEST(test_build)
{
	const struct build_row *r = &build_rows[_i];
	struct mtls_sans sans = { NULL, 0 };
	struct mtls_err e = { 0 };
	gnutls_privkey_t key = test_key_new(GNUTLS_PK_ECDSA, 0);
	gnutls_x509_crq_t stale = test_crq_new("/CN=stale", NULL, key);
	gnutls_x509_crq_t crq = stale; /* to be replaced */
	char got[1024];

	if (r->sans != NULL)
		ck_assert_msg(mtls_sans_add(&sans, r->sans, &e) == 0, "%s",
			      e.msg);
	ck_assert_int_eq(mtls_csr_build(r->subject, r->sans ? &sans : NULL, key,
					&crq, &e),
			 r->want_rv);
	if (r->want_rv != 0) {
		ck_assert_ptr_null(crq);
		ck_assert_str_eq(e.msg, r->want);
		goto out;
	}
	mtls_csr_brief(crq, got, sizeof(got));
	ck_assert_str_eq(got, r->want);
	crq_sans(crq, got, sizeof(got));
	ck_assert_str_eq(got, r->want_sans);
	/* Signed by the key it carries, and one a CA may certify. */
	ck_assert_msg(mtls_csr_check(crq, "req.pem", &e) == 0, "%s", e.msg);
	gnutls_x509_crq_deinit(crq);
out:
	gnutls_x509_crq_deinit(stale);
	mtls_sans_free(&sans);
	gnutls_privkey_deinit(key);
}
END_TEST

/* mtls_csr_from_name keeps the Name's bytes (here a PrintableString CN,
 * where mtls_name_encode would write a UTF8String) and adds nothing. */
START_TEST(test_from_name)
{
	static const unsigned char name_der[] = {
		0x30, 0x0f, 0x31, 0x0d, 0x30, 0x0b, 0x06, 0x03, 0x55,
		0x04, 0x03, 0x13, 0x04, 't',  'e',  's',  't',
	};
	const gnutls_datum_t name = { (unsigned char *)name_der,
				      sizeof(name_der) };
	struct mtls_err e = { 0 };
	gnutls_privkey_t key = test_key_new(GNUTLS_PK_ECDSA, 0);
	gnutls_x509_crq_t crq;
	gnutls_datum_t der;
	const unsigned char *at;
	char oid[128];
	size_t size = sizeof(oid);
	unsigned critical;

	ck_assert_msg(mtls_csr_from_name(&name, key, &crq, &e) == 0, "%s",
		      e.msg);
	ck_assert_int_eq(gnutls_x509_crq_export2(crq, GNUTLS_X509_FMT_DER,
						 &der),
			 0);
	at = memmem(der.data, der.size, name_der, sizeof(name_der));
	ck_assert_ptr_nonnull(at);
	/* Right after the version: Request, Info, INTEGER 0. */
	ck_assert_uint_eq(at[-3], 0x02);
	ck_assert_uint_eq(at[-2], 0x01);
	ck_assert_uint_eq(at[-1], 0x00);
	ck_assert_int_eq(gnutls_x509_crq_get_extension_info(crq, 0, oid, &size,
							    &critical),
			 GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE);
	ck_assert_msg(mtls_csr_check(crq, "req.pem", &e) == 0, "%s", e.msg);
	gnutls_free(der.data);
	gnutls_x509_crq_deinit(crq);
	gnutls_privkey_deinit(key);
}
END_TEST

/* ---- mtls_csr_check */

enum tamper {
	T_NONE,
	T_SUBJECT,   /* a byte of the subject changed after signing */
	T_SIGNATURE, /* the signature's last byte changed */
};

struct check_row {
	gnutls_pk_algorithm_t pk;
	unsigned bits;
	enum tamper tamper;
	const char *want_msg; /* NULL: accepted */
};

static const struct check_row check_rows[] = {
	{ GNUTLS_PK_ECDSA, 0, T_NONE, NULL },
	{ GNUTLS_PK_EDDSA_ED25519, 0, T_NONE, NULL },
	{ GNUTLS_PK_RSA, 2048, T_NONE, NULL },
	{ GNUTLS_PK_RSA, 1024, T_NONE,
	  "'req.pem': the request's RSA key has 1024 bits; at least 2048 are "
	  "required" },
	{ GNUTLS_PK_ECDSA, 0, T_SUBJECT,
	  "'req.pem': the request's signature does not verify (it was "
	  "altered or is corrupt)" },
	{ GNUTLS_PK_ECDSA, 0, T_SIGNATURE,
	  "'req.pem': the request's signature does not verify (it was "
	  "altered or is corrupt)" },
	{ GNUTLS_PK_EDDSA_ED25519, 0, T_SUBJECT,
	  "'req.pem': the request's signature does not verify (it was "
	  "altered or is corrupt)" },
	/* A bad signature is reported before a weak key. */
	{ GNUTLS_PK_RSA, 1024, T_SIGNATURE,
	  "'req.pem': the request's signature does not verify (it was "
	  "altered or is corrupt)" },
};

START_TEST(test_check)
{
	const struct check_row *r = &check_rows[_i];
	struct mtls_err e = { 0 };
	gnutls_privkey_t key = test_key_new(r->pk, r->bits);
	gnutls_x509_crq_t crq =
		test_crq_new("/CN=host.example", "DNS:host.example", key);
	gnutls_x509_crq_t altered;
	gnutls_datum_t der;
	unsigned char *at;

	if (r->tamper != T_NONE) {
		ck_assert_int_eq(gnutls_x509_crq_export2(crq,
							 GNUTLS_X509_FMT_DER,
							 &der),
				 0);
		if (r->tamper == T_SUBJECT) {
			at = memmem(der.data, der.size, "host.example", 12);
			ck_assert_ptr_nonnull(at);
			at[3] = 'u'; /* hosu.example */
		} else {
			der.data[der.size - 1] ^= 0x01;
		}
		ck_assert_int_eq(gnutls_x509_crq_init(&altered), 0);
		ck_assert_int_eq(gnutls_x509_crq_import(altered, &der,
							GNUTLS_X509_FMT_DER),
				 0);
		gnutls_free(der.data);
		gnutls_x509_crq_deinit(crq);
		crq = altered;
	}
	if (r->want_msg == NULL) {
		ck_assert_msg(mtls_csr_check(crq, "req.pem", &e) == 0, "%s",
			      e.msg);
	} else {
		ck_assert_int_eq(mtls_csr_check(crq, "req.pem", &e), -1);
		ck_assert_str_eq(e.msg, r->want_msg);
	}
	gnutls_x509_crq_deinit(crq);
	gnutls_privkey_deinit(key);
}
END_TEST

/* ---- mtls_csr_get_sans */

/* A request without the extension has no SANs, and what the list held
 * before is gone. */
START_TEST(test_get_sans_none)
{
	struct mtls_sans sans = { NULL, 0 };
	struct mtls_err e = { 0 };
	gnutls_privkey_t key = test_key_new(GNUTLS_PK_ECDSA, 0);
	gnutls_x509_crq_t crq = test_crq_new("/CN=host.example", NULL, key);

	ck_assert_int_eq(mtls_sans_add(&sans, "DNS:stale.example", &e), 0);
	ck_assert_uint_eq(sans.n, 1);
	ck_assert_int_eq(mtls_csr_get_sans(crq, &sans, &e), 0);
	ck_assert_uint_eq(sans.n, 0);
	mtls_sans_free(&sans);
	gnutls_x509_crq_deinit(crq);
	gnutls_privkey_deinit(key);
}
END_TEST

/* ---- mtls_csr_export_pem */

/* PEM that reads back as the same request, byte for byte. */
START_TEST(test_export_pem)
{
	struct mtls_err e = { 0 };
	gnutls_privkey_t key = test_key_new(GNUTLS_PK_ECDSA, 0);
	gnutls_x509_crq_t crq = test_crq_new("/O=Example/CN=host.example",
					     "DNS:host.example,IP:192.0.2.5",
					     key);
	gnutls_x509_crq_t back;
	gnutls_datum_t pem, a, b;
	char got[256];

	ck_assert_msg(mtls_csr_export_pem(crq, &pem, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(mtls_pem_kind(&pem), MTLS_OBJ_CSR);
	ck_assert_msg(mtls_csr_import(&pem, "req.pem", &back, &e) == 0, "%s",
		      e.msg);
	ck_assert_int_eq(gnutls_x509_crq_export2(crq, GNUTLS_X509_FMT_DER, &a),
			 0);
	ck_assert_int_eq(gnutls_x509_crq_export2(back, GNUTLS_X509_FMT_DER, &b),
			 0);
	ck_assert_uint_eq(a.size, b.size);
	ck_assert_mem_eq(a.data, b.data, a.size);
	crq_sans(back, got, sizeof(got));
	ck_assert_str_eq(got, "DNS:host.example,IP:192.0.2.5");
	gnutls_free(a.data);
	gnutls_free(b.data);
	gnutls_free(pem.data);
	gnutls_x509_crq_deinit(back);
	gnutls_x509_crq_deinit(crq);
	gnutls_privkey_deinit(key);
}
END_TEST

#define ROWS(a) (int)(sizeof(a) / sizeof((a)[0]))

Suite *
csr_suite(void)
{
	Suite *s = suite_create("csr");
	TCase *tc;

	tc = tcase_create("mtls_csr_build");
	tcase_add_loop_test(tc, test_build, 0, ROWS(build_rows));
	tcase_add_test(tc, test_from_name);
	suite_add_tcase(s, tc);
	tc = tcase_create("mtls_csr_check");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_check, 0, ROWS(check_rows));
	suite_add_tcase(s, tc);
	tc = tcase_create("reading back");
	tcase_add_test(tc, test_get_sans_none);
	tcase_add_test(tc, test_export_pem);
	suite_add_tcase(s, tc);
	return s;
}
