/*
 * check_verify.c -- verify.c: the --purpose parser, trust anchors
 * from files, and mtls_verify_crt / mtls_verify_explain on certificates
 * made here: trusted or not, as of when, for what and for which host,
 * and the exact words for why not.
 *
 * Every certificate is made at TEST_T0 (2026-12-01 00:00:00 UTC), so its
 * dates, and the words about them, are known in advance.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mtls_internal.h"
#include "suites.h"

#define D TEST_DAY
#define BACK MTLS_BACKDATE_SECONDS

/* ---- mtls_purpose_parse and mtls_purpose_oid_name */

struct purpose_row {
	const char *text;
	int want_rv;
	enum mtls_purpose want;
};

static const struct purpose_row purpose_rows[] = {
	{ "server", 0, MTLS_PURPOSE_SERVER },
	{ "client", 0, MTLS_PURPOSE_CLIENT },
	{ "any", 0, MTLS_PURPOSE_ANY },
	{ "Server", -1, 0 },
	{ "serverAuth", -1, 0 },
	{ "both", -1, 0 },
	{ "peer", -1, 0 },
	{ "", -1, 0 },
};

START_TEST(test_purpose_parse)
{
	const struct purpose_row *r = &purpose_rows[_i];
	struct mtls_err e = { 0 };
	enum mtls_purpose p = (enum mtls_purpose)77;
	char want[256];

	ck_assert_int_eq(mtls_purpose_parse(r->text, &p, &e), r->want_rv);
	if (r->want_rv == 0) {
		ck_assert_int_eq(p, r->want);
		return;
	}
	ck_assert_int_eq(p, 77);
	snprintf(want, sizeof(want),
		 "invalid purpose '%s' (expected server, client or any)",
		 r->text);
	ck_assert_str_eq(e.msg, want);
}
END_TEST

struct oid_row {
	const char *oid;
	const char *want; /* NULL: no words */
};

static const struct oid_row oid_rows[] = {
	{ "1.3.6.1.5.5.7.3.1", "server auth" },
	{ "1.3.6.1.5.5.7.3.2", "client auth" },
	{ "1.3.6.1.5.5.7.3.3", "code signing" },
	{ "1.3.6.1.5.5.7.3.4", "email protection" },
	{ "1.3.6.1.5.5.7.3.8", "time stamping" },
	{ "1.3.6.1.5.5.7.3.9", "OCSP signing" },
	{ "1.3.6.1.5.5.7.3.17", "IPsec IKE" },
	{ "2.5.29.37.0", "any" },
	{ "1.3.6.1.5.5.7.3.5", NULL },
	{ "1.3.6.1.5.5.7.3.1.1", NULL },
	{ "1.3.6.1.5.5.7.3", NULL },
	{ "1.3.6.1.5.5.7.3.", NULL },
	{ "server auth", NULL },
	{ "", NULL },
};

START_TEST(test_purpose_oid_name)
{
	const struct oid_row *r = &oid_rows[_i];
	const char *got = mtls_purpose_oid_name(r->oid);

	if (r->want == NULL)
		ck_assert_ptr_null(got);
	else
		ck_assert_str_eq(got, r->want);
}
END_TEST

/* ---- the certificates */

enum crt_id {
	CA,	 /* O=Verify Test CA, 60 days */
	OTHER,	 /* O=Other CA, 60 days */
	INTER,	 /* O=Verify Test Intermediate, by CA */
	SERVER,	 /* CN=leaf.example, DNS:leaf.example, IP:192.0.2.1,
		   * server auth, 10 days, by CA */
	CLIENT,	 /* CN=client.example, client auth, by CA */
	PLAIN,	 /* CN=plain.example, no SANs, server and client auth */
	DEEP,	 /* CN=deep.example, server auth, by INTER */
	SELF,	 /* CN=self.example, self-signed */
	URIONLY, /* CN=billing-client, only a URI SAN, by CA */
	CRT_COUNT
};

static const struct {
	struct test_crt spec;
	enum crt_id issuer; /* itself when self-signed */
} crt_specs[CRT_COUNT] = {
	[CA] = { { "/O=Verify Test CA", NULL, MTLS_PROFILE_CA, 60, -1,
		   TEST_T0 },
		 CA },
	[OTHER] = { { "/O=Other CA", NULL, MTLS_PROFILE_CA, 60, -1, TEST_T0 },
		    OTHER },
	[INTER] = { { "/O=Verify Test Intermediate", NULL, MTLS_PROFILE_CA, 60,
		      -1, TEST_T0 },
		    CA },
	[SERVER] = { { "/CN=leaf.example", "DNS:leaf.example,IP:192.0.2.1",
		       MTLS_PROFILE_SERVER, 10, -1, TEST_T0 },
		     CA },
	[CLIENT] = { { "/CN=client.example", "DNS:client.example",
		       MTLS_PROFILE_CLIENT, 10, -1, TEST_T0 },
		     CA },
	[PLAIN] = { { "/CN=plain.example", NULL, MTLS_PROFILE_PEER, 10, -1,
		      TEST_T0 },
		    CA },
	[DEEP] = { { "/CN=deep.example", "DNS:deep.example",
		     MTLS_PROFILE_SERVER, 10, -1, TEST_T0 },
		   INTER },
	[SELF] = { { "/CN=self.example", "DNS:self.example",
		     MTLS_PROFILE_SERVER, 10, -1, TEST_T0 },
		   SELF },
	[URIONLY] = { { "/CN=billing-client", "URI:spiffe://acme/billing",
			MTLS_PROFILE_PEER, 10, -1, TEST_T0 },
		      CA },
};

static gnutls_privkey_t keys[CRT_COUNT];
static gnutls_x509_crt_t crts[CRT_COUNT];
/* By CA at TEST_T0, next update a week later: one revoking SERVER, one
 * revoking nothing; and one by OTHER. */
enum crl_id { CRL_NONE, CRL_REVOKES, CRL_EMPTY, CRL_OTHER, CRL_COUNT };
static gnutls_x509_crl_t crls[CRL_COUNT];

static gnutls_x509_crl_t
make_crl(enum crt_id issuer, gnutls_x509_crt_t revoked)
{
	gnutls_x509_crl_t crl, fresh;
	gnutls_datum_t der;

	ck_assert_int_eq(gnutls_x509_crl_init(&crl), 0);
	ck_assert_int_eq(gnutls_x509_crl_set_version(crl, 2), 0);
	ck_assert_int_eq(gnutls_x509_crl_set_this_update(crl, TEST_T0), 0);
	ck_assert_int_eq(gnutls_x509_crl_set_next_update(crl, TEST_T0 + 7 * D),
			 0);
	if (revoked != NULL)
		ck_assert_int_eq(gnutls_x509_crl_set_crt(crl, revoked,
							 TEST_T0 + 3600),
				 0);
	ck_assert_int_eq(gnutls_x509_crl_privkey_sign(crl, crts[issuer],
						      keys[issuer],
						      GNUTLS_DIG_SHA256, 0),
			 0);
	/* Read back, as from a file: GnuTLS compares the names it cached
	 * on import. */
	ck_assert_int_eq(gnutls_x509_crl_export2(crl, GNUTLS_X509_FMT_DER,
						 &der),
			 0);
	ck_assert_int_eq(gnutls_x509_crl_init(&fresh), 0);
	ck_assert_int_eq(gnutls_x509_crl_import(fresh, &der,
						GNUTLS_X509_FMT_DER),
			 0);
	gnutls_free(der.data);
	gnutls_x509_crl_deinit(crl);
	return fresh;
}

static void
make_pki(void)
{
	enum crt_id i, by;

	/* In order: every issuer comes before what it issues. */
	for (i = 0; i < CRT_COUNT; i++) {
		keys[i] = test_key_new(GNUTLS_PK_ECDSA, 0);
		by = crt_specs[i].issuer;
		crts[i] = test_crt_new(&crt_specs[i].spec, keys[i],
				       by == i ? NULL : crts[by],
				       by == i ? NULL : keys[by]);
	}
	crls[CRL_REVOKES] = make_crl(CA, crts[SERVER]);
	crls[CRL_EMPTY] = make_crl(CA, NULL);
	crls[CRL_OTHER] = make_crl(OTHER, NULL);
}

static void
free_pki(void)
{
	int i;

	for (i = 0; i < CRL_COUNT; i++)
		gnutls_x509_crl_deinit(crls[i]);
	for (i = 0; i < CRT_COUNT; i++) {
		gnutls_x509_crt_deinit(crts[i]);
		gnutls_privkey_deinit(keys[i]);
	}
}

/* A trust list with copies of the certificates in ANCHORS (bits of
 * 1 << crt_id). */
static gnutls_x509_trust_list_t
trust_of(unsigned anchors)
{
	gnutls_x509_trust_list_t trust;
	gnutls_x509_crt_t copy;
	gnutls_datum_t der;
	int i;

	ck_assert_int_eq(gnutls_x509_trust_list_init(&trust, 0), 0);
	for (i = 0; i < CRT_COUNT; i++) {
		if (!(anchors & 1u << i))
			continue;
		ck_assert_int_eq(gnutls_x509_crt_export2(crts[i],
							 GNUTLS_X509_FMT_DER,
							 &der),
				 0);
		ck_assert_int_eq(gnutls_x509_crt_init(&copy), 0);
		ck_assert_int_eq(gnutls_x509_crt_import(copy, &der,
							GNUTLS_X509_FMT_DER),
				 0);
		gnutls_free(der.data);
		ck_assert_int_eq(gnutls_x509_trust_list_add_cas(trust, &copy, 1,
								0),
				 1);
	}
	return trust;
}

/* WANT with "%S" replaced by the serial of crts[ID]. */
static void
with_serial(char *out, size_t size, const char *want, enum crt_id id)
{
	const char *at = strstr(want, "%S");
	char serial[128];

	if (at == NULL) {
		snprintf(out, size, "%s", want);
		return;
	}
	mtls_crt_serial(crts[id], serial, sizeof(serial));
	snprintf(out, size, "%.*s%s%s", (int)(at - want), want, serial, at + 2);
}

/* ---- mtls_verify_crt */

#define A(id) (1u << (id))

struct verify_row {
	enum crt_id leaf;
	unsigned anchors; /* A(CA) | ... */
	bool pool;	  /* INTER offered as an untrusted certificate */
	enum crl_id crl;
	enum mtls_purpose purpose;
	const char *host;
	time_t at;	      /* from TEST_T0 */
	unsigned want_bits;   /* all set in the status; 0: trusted */
	const char *want_why; /* "%S": the serial of SERVER */
};

#define ANY MTLS_PURPOSE_ANY
#define SRV MTLS_PURPOSE_SERVER
#define CLI MTLS_PURPOSE_CLIENT
#define UNTRUSTED GNUTLS_CERT_SIGNER_NOT_FOUND
#define EXPIRED GNUTLS_CERT_EXPIRED
#define EARLY GNUTLS_CERT_NOT_ACTIVATED
#define PURPOSE GNUTLS_CERT_PURPOSE_MISMATCH
#define OWNER GNUTLS_CERT_UNEXPECTED_OWNER
#define LEAF_END "2026-12-11 00:00:00 UTC"
#define CA_END "2027-01-30 00:00:00 UTC"
#define START "2026-11-30 23:55:00 UTC"

static const struct verify_row verify_rows[] = {
	/* Trusted. */
	{ SERVER, A(CA), false, CRL_NONE, SRV, "leaf.example", D, 0, "" },
	{ SERVER, A(CA), false, CRL_NONE, ANY, NULL, D, 0, "" },
	{ SERVER, A(OTHER) | A(CA), false, CRL_NONE, SRV, NULL, D, 0, "" },
	{ SERVER, A(CA), false, CRL_NONE, SRV, "192.0.2.1", D, 0, "" },
	{ SERVER, A(CA), false, CRL_NONE, SRV, "LEAF.Example", D, 0, "" },
	{ CLIENT, A(CA), false, CRL_NONE, CLI, NULL, D, 0, "" },
	{ PLAIN, A(CA), false, CRL_NONE, CLI, "plain.example", D, 0, "" },
	{ PLAIN, A(CA), false, CRL_NONE, SRV, "plain.example", D, 0, "" },
	{ DEEP, A(CA), true, CRL_NONE, SRV, "deep.example", D, 0, "" },
	{ SELF, A(SELF), false, CRL_NONE, SRV, "self.example", D, 0, "" },
	{ SERVER, A(CA), false, CRL_EMPTY, SRV, NULL, D, 0, "" },
	/* The validity period: from notBefore to just before notAfter. */
	{ SERVER, A(CA), false, CRL_NONE, ANY, NULL, -BACK, 0, "" },
	{ SERVER, A(CA), false, CRL_NONE, ANY, NULL, 10 * D - 1, 0, "" },

	/* Not chaining to an anchor. */
	{ SERVER, A(OTHER), false, CRL_NONE, SRV, NULL, D, UNTRUSTED,
	  "the issuer 'O=Verify Test CA' was not sent and is not known" },
	{ SERVER, 0, false, CRL_NONE, SRV, NULL, D, UNTRUSTED,
	  "the issuer 'O=Verify Test CA' was not sent and is not known" },
	{ DEEP, A(CA), false, CRL_NONE, SRV, NULL, D, UNTRUSTED,
	  "the issuer 'O=Verify Test Intermediate' was not sent and is not "
	  "known" },
	{ DEEP, A(OTHER), true, CRL_NONE, SRV, NULL, D, UNTRUSTED,
	  "the issuer 'O=Verify Test CA' was not sent and is not known" },
	{ SELF, A(CA), false, CRL_NONE, SRV, NULL, D, UNTRUSTED,
	  "self-signed, not issued by a trusted CA" },

	/* Expired, or not valid yet, as of AT; the anchor's dates count. */
	{ SERVER, A(CA), false, CRL_NONE, SRV, NULL, 13 * D, EXPIRED,
	  "expired on " LEAF_END " (3 days ago)" },
	{ SERVER, A(CA), false, CRL_NONE, SRV, NULL, 10 * D, EXPIRED,
	  "expired on " LEAF_END " (less than a day ago)" },
	{ SERVER, A(CA), false, CRL_NONE, SRV, NULL, 11 * D, EXPIRED,
	  "expired on " LEAF_END " (1 day ago)" },
	{ SERVER, A(CA), false, CRL_NONE, SRV, NULL, 61 * D, EXPIRED,
	  "expired on " LEAF_END " (51 days ago); issuer 'O=Verify Test CA' "
	  "expired on " CA_END " (1 day ago)" },
	{ DEEP, A(CA), true, CRL_NONE, SRV, NULL, 62 * D, EXPIRED,
	  "expired on " LEAF_END " (52 days ago); issuer 'O=Verify Test "
	  "Intermediate' expired on " CA_END " (2 days ago); issuer "
	  "'O=Verify Test CA' expired on " CA_END " (2 days ago)" },
	{ SERVER, A(CA), false, CRL_NONE, SRV, NULL, -2 * D, EARLY,
	  "not valid before " START " (in 1 day); issuer 'O=Verify Test CA' "
	  "is not valid before " START " (in 1 day)" },
	{ SERVER, A(CA), false, CRL_NONE, SRV, NULL, -BACK - 1, EARLY,
	  "not valid before " START " (in less than a day); issuer 'O=Verify "
	  "Test CA' is not valid before " START " (in less than a day)" },

	/* Not for the purpose asked. */
	{ CLIENT, A(CA), false, CRL_NONE, SRV, NULL, D, PURPOSE,
	  "not valid for server authentication (extended key usage: client "
	  "auth only)" },
	{ SERVER, A(CA), false, CRL_NONE, CLI, NULL, D, PURPOSE,
	  "not valid for client authentication (extended key usage: server "
	  "auth only)" },

	/* Not for the host asked. */
	{ SERVER, A(CA), false, CRL_NONE, SRV, "other.example", D, OWNER,
	  "issued for 'leaf.example', '192.0.2.1', not 'other.example'" },
	{ SERVER, A(CA), false, CRL_NONE, SRV, "sub.leaf.example", D, OWNER,
	  "issued for 'leaf.example', '192.0.2.1', not 'sub.leaf.example'" },
	{ SERVER, A(CA), false, CRL_NONE, SRV, "192.0.2.2", D, OWNER,
	  "issued for 'leaf.example', '192.0.2.1', not '192.0.2.2'" },
	{ SERVER, A(CA), false, CRL_NONE, SRV, "::1", D, OWNER,
	  "issued for 'leaf.example', '192.0.2.1', not '::1'" },
	{ PLAIN, A(CA), false, CRL_NONE, SRV, "other.example", D, OWNER,
	  "issued for 'plain.example', not 'other.example'" },
	/* host.c's rules through the policy: the absolute form of a name,
	 * an address only against IP SANs, no CN when there is a SAN
	 * extension (never "issued for 'billing-client', not
	 * 'billing-client'"). */
	{ SERVER, A(CA), false, CRL_NONE, SRV, "leaf.example.", D, 0, "" },
	{ SERVER, A(CA), false, CRL_NONE, SRV, "[::ffff:192.0.2.1]", D, OWNER,
	  "issued for 'leaf.example', '192.0.2.1', not '::ffff:192.0.2.1'" },
	{ PLAIN, A(CA), false, CRL_NONE, SRV, "192.0.2.1", D, OWNER,
	  "'CN=plain.example' has no SANs, and an IP address matches only IP "
	  "addresses in the SANs, so it is not issued for '192.0.2.1'" },
	{ URIONLY, A(CA), false, CRL_NONE, CLI, "billing-client", D, OWNER,
	  "'CN=billing-client' has no DNS name or IP address in its SANs, so "
	  "it is not issued for 'billing-client'" },
	{ URIONLY, A(CA), false, CRL_NONE, SRV, "billing-client", D, OWNER,
	  "'CN=billing-client' has no DNS name or IP address in its SANs, so "
	  "it is not issued for 'billing-client'" },
	{ URIONLY, A(CA), false, CRL_NONE, CLI, NULL, D, 0, "" },

	/* --at 1970-01-01 is that instant, not "now". */
	{ SERVER, A(CA), false, CRL_NONE, SRV, NULL, -TEST_T0, EARLY,
	  "not valid before " START " (in 20787 days); issuer 'O=Verify Test "
	  "CA' is not valid before " START " (in 20787 days)" },

	/* Revocation, when CRLs are given. */
	{ SERVER, A(CA), false, CRL_REVOKES, SRV, NULL, D, GNUTLS_CERT_REVOKED,
	  "revoked on 2026-12-01 01:00:00 UTC (serial %S)" },
	{ SERVER, A(CA), false, CRL_OTHER, SRV, NULL, D, MTLS_CERT_CRL_MISSING,
	  "no CRL from 'O=Verify Test CA' to check revocation against" },
	{ SERVER, A(CA), false, CRL_EMPTY, SRV, NULL, 8 * D,
	  GNUTLS_CERT_REVOCATION_DATA_SUPERSEDED,
	  "the CRL from 'O=Verify Test CA' is out of date since 2026-12-08 "
	  "00:00:00 UTC" },
	{ SERVER, A(CA), false, CRL_EMPTY, SRV, NULL, -BACK,
	  GNUTLS_CERT_REVOCATION_DATA_ISSUED_IN_FUTURE,
	  "the CRL from 'O=Verify Test CA' is not valid before 2026-12-01 "
	  "00:00:00 UTC" },

	/* Several reasons, joined by "; ". */
	{ CLIENT, A(CA), false, CRL_NONE, SRV, "leaf.example", 13 * D,
	  EXPIRED | PURPOSE | OWNER,
	  "expired on " LEAF_END " (3 days ago); not valid for server "
	  "authentication (extended key usage: client auth only); issued "
	  "for 'client.example', not 'leaf.example'" },
	{ SERVER, A(OTHER), false, CRL_NONE, CLI, NULL, 13 * D,
	  UNTRUSTED | EXPIRED | PURPOSE,
	  "the issuer 'O=Verify Test CA' was not sent and is not known; "
	  "expired on " LEAF_END
	  " (3 days ago); not valid for client authentication "
	  "(extended key usage: server auth only)" },
};

static void
collect_warning(void *arg, const char *text)
{
	struct mtls_buf *b = arg;

	mtls_buf_addf(b, "%s|", text);
}

/* The CN of a certificate without SANs: a warning by default, a refusal
 * under strict. */
START_TEST(test_verify_cn_legacy)
{
	struct mtls_buf warned = { 0 };
	struct mtls_verify_policy pol = {
		.purpose = SRV,
		.host = "plain.example",
		.at = TEST_T0 + D,
		.at_set = true,
		.warn = collect_warning,
		.warn_arg = &warned,
	};
	struct mtls_err e = { 0 };
	unsigned status;
	char why[1024];

	pol.trust = trust_of(A(CA));
	ck_assert_int_eq(mtls_verify_crt(&pol, crts[PLAIN], NULL, 0, &status,
					 why, sizeof(why), &e),
			 0);
	ck_assert_uint_eq(status, 0);
	ck_assert_str_eq(mtls_buf_str(&warned),
			 "certificate 'CN=plain.example' has no "
			 "subjectAltName extension; the host name was matched "
			 "against its CN|");
	mtls_buf_reset(&warned);
	pol.strict = true;
	ck_assert_int_eq(mtls_verify_crt(&pol, crts[PLAIN], NULL, 0, &status,
					 why, sizeof(why), &e),
			 0);
	ck_assert_uint_ne(status & MTLS_CERT_RULE, 0);
	ck_assert_str_eq(why, "certificate 'CN=plain.example' has no "
			      "subjectAltName extension; its host name is only "
			      "in its CN");
	ck_assert_str_eq(mtls_buf_str(&warned), "");
	/* A host that is no host stops the check, with words. */
	pol.host = "010.0.0.1";
	ck_assert_int_eq(mtls_verify_crt(&pol, crts[PLAIN], NULL, 0, &status,
					 why, sizeof(why), &e),
			 -1);
	ck_assert_str_eq(e.msg, "'010.0.0.1' is neither a valid IP address "
				"nor a valid host name (IPv4 is written as "
				"four decimal numbers from 0 to 255 without "
				"leading zeros)");
	mtls_buf_free(&warned);
	gnutls_x509_trust_list_deinit(pol.trust, 1);
}
END_TEST

/* A DNS SAN that is no host name refuses the certificate, whatever the
 * host asked (made with mtls_crt_build directly: --san refuses it). */
START_TEST(test_verify_bad_dns_san)
{
	static const char *const bad[] = { "a_b.example", "10.0.0.300",
					   "f*.example.com", "*.co.uk" };
	static const char *const words[] = {
		"its SAN 'DNS:a_b.example' is not a valid host name: '_' is "
		"not allowed (only letters, digits, '-' and '.')",
		"its SAN 'DNS:10.0.0.300' is not a valid host name: its last "
		"label is a number, as in an IP address",
		"its SAN 'DNS:f*.example.com' is not a valid host name: '*' is "
		"allowed only as the whole first label, as in *.example.com",
		"its SAN 'DNS:*.co.uk' is not a valid host name: a wildcard "
		"may not stand directly under the public suffix 'co.uk'",
	};
	struct mtls_san item = { GNUTLS_SAN_DNSNAME,
				 { (unsigned char *)bad[_i],
				   (unsigned)strlen(bad[_i]) } };
	struct mtls_sans sans = { &item, 1 };
	struct mtls_crt_params params = {
		.profile = MTLS_PROFILE_SERVER,
		.days = 10,
		.path_len = -1,
		.sans = &sans,
		.now = TEST_T0,
	};
	struct mtls_verify_policy pol = {
		.purpose = SRV,
		.at = TEST_T0 + D,
		.at_set = true,
	};
	struct mtls_crt_notes notes;
	struct mtls_err e = { 0 };
	gnutls_x509_crq_t crq = test_crq_new("/CN=x", NULL, keys[SERVER]);
	gnutls_x509_crt_t crt;
	unsigned status;
	char why[1024];

	ck_assert_msg(mtls_crt_build(crq, &params, crts[CA], keys[CA], &crt,
				     &notes, &e) == 0,
		      "%s", e.msg);
	pol.trust = trust_of(A(CA));
	ck_assert_int_eq(mtls_verify_crt(&pol, crt, NULL, 0, &status, why,
					 sizeof(why), &e),
			 0);
	ck_assert_uint_ne(status & MTLS_CERT_BAD_DNS_NAME, 0);
	ck_assert_str_eq(why, words[_i]);
	gnutls_x509_trust_list_deinit(pol.trust, 1);
	gnutls_x509_crt_deinit(crt);
	gnutls_x509_crq_deinit(crq);
}
END_TEST

START_TEST(test_verify)
{
	const struct verify_row *r = &verify_rows[_i];
	struct mtls_verify_policy pol = {
		.purpose = r->purpose,
		.host = r->host,
		.at = TEST_T0 + r->at,
		.at_set = true,
	};
	struct mtls_err e = { 0 };
	unsigned status = 12345;
	char why[1024] = "stale", want[1024];

	pol.trust = trust_of(r->anchors);
	if (r->crl != CRL_NONE) {
		pol.crls = &crls[r->crl];
		pol.n_crls = 1;
	}
	ck_assert_msg(mtls_verify_crt(&pol, crts[r->leaf], &crts[INTER],
				      r->pool ? 1 : 0, &status, why,
				      sizeof(why), &e) == 0,
		      "%s", e.msg);
	with_serial(want, sizeof(want), r->want_why, SERVER);
	ck_assert_str_eq(why, want);
	if (r->want_bits == 0) {
		ck_assert_uint_eq(status, 0);
	} else {
		ck_assert_msg((status & r->want_bits) == r->want_bits,
			      "status 0x%x lacks 0x%x", status, r->want_bits);
		ck_assert_uint_ne(status & GNUTLS_CERT_INVALID, 0);
	}
	gnutls_x509_trust_list_deinit(pol.trust, 1);
}
END_TEST

/* ---- the program's hint after a missing issuer; the anchor reached */

static const char *
test_hint_words(enum mtls_hint hint)
{
	return hint == MTLS_HINT_ISSUER ? " (HINT)" : "";
}

START_TEST(test_hint_and_anchor)
{
	struct mtls_verify_policy pol = { .purpose = MTLS_PURPOSE_SERVER,
					  .at = TEST_T0 + D,
					  .hint_words = test_hint_words };
	struct mtls_err e = { 0 };
	gnutls_x509_crt_t anchor;
	char why[1024], name[MTLS_NAME_MAX];
	unsigned status;

	pol.trust = trust_of(A(CA));
	/* The intermediate not given: named missing, with the hint. */
	ck_assert_int_eq(mtls_verify_crt(&pol, crts[DEEP], NULL, 0, &status,
					 why, sizeof(why), &e),
			 0);
	ck_assert_str_eq(why, "the issuer 'O=Verify Test Intermediate' was "
			      "not sent and is not known (HINT)");
	ck_assert_ptr_null(mtls_verify_anchor(&pol, crts[DEEP], NULL, 0));
	/* Given: the root is the anchor reached, not the leaf's issuer. */
	anchor = mtls_verify_anchor(&pol, crts[DEEP], &crts[INTER], 1);
	ck_assert_ptr_nonnull(anchor);
	mtls_crt_subject(anchor, name, sizeof(name));
	ck_assert_str_eq(name, "O=Verify Test CA");
	gnutls_x509_crt_deinit(anchor);
	/* The hint only follows a missing issuer. */
	ck_assert_int_eq(mtls_verify_crt(&pol, crts[SELF], NULL, 0, &status,
					 why, sizeof(why), &e),
			 0);
	ck_assert_str_eq(why, "self-signed, not issued by a trusted CA");
	gnutls_x509_trust_list_deinit(pol.trust, 1);
}
END_TEST

/* ---- CRL signatures checked once: mtls_crl_signer, crl_signers */

START_TEST(test_crl_signer)
{
	struct mtls_verify_policy pol = { .purpose = MTLS_PURPOSE_SERVER,
					  .at = TEST_T0 + D };
	gnutls_x509_crt_t signer, none = NULL;
	gnutls_x509_crl_t forged;
	gnutls_datum_t der;
	struct mtls_err e = { 0 };
	char why[1024], want[1024], name[MTLS_NAME_MAX];
	unsigned status;

	pol.trust = trust_of(A(CA));
	/* Signed by an anchor; by a certificate of the pool; by neither. */
	signer = mtls_crl_signer(crls[CRL_REVOKES], pol.trust, NULL, 0);
	ck_assert_ptr_nonnull(signer);
	mtls_crt_subject(signer, name, sizeof(name));
	ck_assert_str_eq(name, "O=Verify Test CA");
	none = mtls_crl_signer(crls[CRL_OTHER], NULL, &crts[OTHER], 1);
	ck_assert_ptr_nonnull(none);
	gnutls_x509_crt_deinit(none);
	ck_assert_ptr_null(mtls_crl_signer(crls[CRL_OTHER], pol.trust,
					   &crts[INTER], 1));
	/* With the signer known, the verdict is the same. */
	pol.crls = &crls[CRL_REVOKES];
	pol.n_crls = 1;
	pol.crl_signers = &signer;
	ck_assert_int_eq(mtls_verify_crt(&pol, crts[SERVER], NULL, 0, &status,
					 why, sizeof(why), &e),
			 0);
	with_serial(want, sizeof(want),
		    "revoked on 2026-12-01 01:00:00 UTC (serial %S)", SERVER);
	ck_assert_str_eq(why, want);
	/* A CRL in CA's name signed with OTHER's key has no signer, and
	 * one recorded that is not the issuer on the path spares nothing:
	 * it stays forged. */
	ck_assert_int_eq(gnutls_x509_crl_init(&forged), 0);
	ck_assert_int_eq(gnutls_x509_crl_set_version(forged, 2), 0);
	ck_assert_int_eq(gnutls_x509_crl_set_this_update(forged, TEST_T0), 0);
	ck_assert_int_eq(gnutls_x509_crl_set_next_update(forged,
							 TEST_T0 + 7 * D),
			 0);
	ck_assert_int_eq(gnutls_x509_crl_privkey_sign(forged, crts[CA],
						      keys[OTHER],
						      GNUTLS_DIG_SHA256, 0),
			 0);
	/* Read back, as make_crl does. */
	ck_assert_int_eq(gnutls_x509_crl_export2(forged, GNUTLS_X509_FMT_DER,
						 &der),
			 0);
	gnutls_x509_crl_deinit(forged);
	ck_assert_int_eq(gnutls_x509_crl_init(&forged), 0);
	ck_assert_int_eq(gnutls_x509_crl_import(forged, &der,
						GNUTLS_X509_FMT_DER),
			 0);
	gnutls_free(der.data);
	ck_assert_ptr_null(mtls_crl_signer(forged, pol.trust, &crts[OTHER], 1));
	none = crts[OTHER];
	pol.crls = &forged;
	pol.crl_signers = &none;
	ck_assert_int_eq(mtls_verify_crt(&pol, crts[SERVER], NULL, 0, &status,
					 why, sizeof(why), &e),
			 0);
	ck_assert_uint_ne(status & MTLS_CERT_CRL_BAD_SIGNATURE, 0);
	gnutls_x509_crl_deinit(forged);
	gnutls_x509_crt_deinit(signer);
	gnutls_x509_trust_list_deinit(pol.trust, 1);
}
END_TEST

/* ---- mtls_verify_explain on its own */

struct explain_row {
	unsigned status;
	enum crt_id chain[3]; /* ends at CA, unless CA comes first */
	unsigned n;
	bool pol;    /* a policy: anchor CA, purpose server, host
			       * "other.example", CRL_REVOKES */
	size_t size; /* of the buffer; 0 means 1024 */
	const char *want;
};

#define INVALID GNUTLS_CERT_INVALID

static const struct explain_row explain_rows[] = {
	{ INVALID | UNTRUSTED, { SERVER }, 0, false, 0, "no certificate" },
	{ INVALID | OWNER,
	  { SERVER },
	  1,
	  false,
	  0,
	  "issued for 'leaf.example', '192.0.2.1', not the expected host" },
	{ INVALID | OWNER,
	  { SERVER },
	  1,
	  true,
	  0,
	  "issued for 'leaf.example', '192.0.2.1', not 'other.example'" },
	{ INVALID | PURPOSE,
	  { SERVER },
	  1,
	  false,
	  0,
	  "not valid for the requested purpose" },
	{ INVALID | PURPOSE,
	  { CLIENT },
	  1,
	  true,
	  0,
	  "not valid for server authentication (extended key usage: client "
	  "auth only)" },
	{ INVALID | GNUTLS_CERT_REVOKED, { SERVER }, 1, false, 0, "revoked" },
	{ INVALID | GNUTLS_CERT_REVOKED,
	  { SERVER },
	  1,
	  true,
	  0,
	  "revoked on 2026-12-01 01:00:00 UTC (serial %S)" },
	/* A chain sent in any order is put in order first. */
	{ INVALID | UNTRUSTED,
	  { DEEP, CA, INTER },
	  3,
	  false,
	  0,
	  "chains to 'O=Verify Test CA', which is not a trusted CA" },
	{ INVALID | UNTRUSTED,
	  { DEEP, INTER },
	  2,
	  false,
	  0,
	  "the issuer 'O=Verify Test CA' was not sent and is not known" },
	{ INVALID | GNUTLS_CERT_SIGNATURE_FAILURE,
	  { SERVER },
	  1,
	  false,
	  0,
	  "signature does not verify" },
	{ INVALID | MTLS_CERT_CRL_MISSING,
	  { SERVER },
	  1,
	  false,
	  0,
	  "no CRL from 'O=Verify Test CA' to check revocation against" },
	{ INVALID | MTLS_CERT_CRL_BAD_SIGNATURE,
	  { SERVER },
	  1,
	  false,
	  0,
	  "the CRL from 'O=Verify Test CA' does not verify against its "
	  "issuer" },
	{ INVALID | GNUTLS_CERT_UNKNOWN_CRIT_EXTENSIONS,
	  { SERVER },
	  1,
	  false,
	  0,
	  "has a critical extension this program does not know" },
	/* Bits without words are shown as they are. */
	{ 0,
	  { SERVER },
	  1,
	  false,
	  0,
	  "not trusted (GnuTLS verification status 0x0)" },
	{ INVALID | 1u << 3,
	  { SERVER },
	  1,
	  false,
	  0,
	  "not trusted (GnuTLS verification status 0xa)" },
	{ INVALID | OWNER | 1u << 3,
	  { SERVER },
	  1,
	  false,
	  0,
	  "issued for 'leaf.example', '192.0.2.1', not the expected host; "
	  "not trusted (GnuTLS verification status 0x400a)" },
	/* A small buffer gets the start of the words. */
	{ INVALID | UNTRUSTED, { SERVER }, 1, false, 11, "the issuer" },
	{ INVALID | UNTRUSTED, { SERVER }, 1, false, 1, "" },
};

START_TEST(test_explain)
{
	const struct explain_row *r = &explain_rows[_i];
	struct mtls_verify_policy pol = {
		.crls = &crls[CRL_REVOKES],
		.n_crls = 1,
		.purpose = SRV,
		.host = "other.example",
	};
	gnutls_x509_crt_t chain[3];
	size_t size = r->size ? r->size : 1024;
	char buf[1024 + 1], want[1024];
	unsigned i;

	pol.trust = trust_of(A(CA));
	for (i = 0; i < r->n; i++)
		chain[i] = crts[r->chain[i]];
	memset(buf, 'x', sizeof(buf));
	mtls_verify_explain(r->status, chain, r->n, TEST_T0 + D,
			    r->pol ? &pol : NULL, buf, size);
	with_serial(want, sizeof(want), r->want, SERVER);
	ck_assert_str_eq(buf, want);
	/* Nothing written past SIZE. */
	ck_assert_int_eq(buf[size], 'x');
	gnutls_x509_trust_list_deinit(pol.trust, 1);
}
END_TEST

/* ---- mtls_trust_add_file */

struct trust_row {
	const char *pieces; /* a CA, o OTHER, r a request; NULL: no file */
	int want_rv;
	const char *want_msg;	  /* "%s": the file's path */
	bool want_ca, want_other; /* trusted afterwards */
};

static const struct trust_row trust_rows[] = {
	{ "a", 0, NULL, true, false },
	{ "o", 0, NULL, false, true },
	{ "ao", 0, NULL, true, true },
	{ "ra", 0, NULL, true, false },
	{ NULL, -1, "cannot open '%s': No such file or directory", false,
	  false },
	{ "", -1, "'%s' is empty", false, false },
	{ "r", -1, "'%s': expected a certificate, found a certificate request",
	  false, false },
};

START_TEST(test_trust_add_file)
{
	const struct trust_row *r = &trust_rows[_i];
	struct mtls_verify_policy pol = {
		.purpose = ANY,
		.at = TEST_T0 + D,
		.at_set = true,
	};
	struct mtls_err e = { 0 };
	gnutls_datum_t in = { NULL, 0 }, d;
	char path[PATH_MAX], want[PATH_MAX + 256], why[512];
	const char *p, *at;
	unsigned status;
	int ret;

	test_path(path, "ca.pem");
	if (r->pieces != NULL) {
		for (p = r->pieces; *p != '\0'; p++) {
			if (*p == 'r') {
				gnutls_x509_crq_t crq =
					test_crq_new("/CN=request.example",
						     NULL, keys[SERVER]);

				ret = gnutls_x509_crq_export2(
					crq, GNUTLS_X509_FMT_PEM, &d);
				gnutls_x509_crq_deinit(crq);
			} else {
				ret = gnutls_x509_crt_export2(
					crts[*p == 'a' ? CA : OTHER],
					GNUTLS_X509_FMT_PEM, &d);
			}
			ck_assert_int_eq(ret, 0);
			in.data = gnutls_realloc(in.data, in.size + d.size);
			ck_assert_ptr_nonnull(in.data);
			memcpy(in.data + in.size, d.data, d.size);
			in.size += d.size;
			gnutls_free(d.data);
		}
		test_file_put(path, in.data, in.size);
		gnutls_free(in.data);
	}
	ck_assert_int_eq(gnutls_x509_trust_list_init(&pol.trust, 0), 0);
	ck_assert_int_eq(mtls_trust_add_file(pol.trust, path, &e), r->want_rv);
	if (r->want_rv != 0) {
		at = strstr(r->want_msg, "%s");
		ck_assert_ptr_nonnull(at);
		snprintf(want, sizeof(want), "%.*s%s%s",
			 (int)(at - r->want_msg), r->want_msg, path, at + 2);
		ck_assert_str_eq(e.msg, want);
	}
	/* What the file held is trusted now, and nothing else. */
	ck_assert_int_eq(mtls_verify_crt(&pol, crts[SERVER], NULL, 0, &status,
					 why, sizeof(why), &e),
			 0);
	ck_assert_msg((status == 0) == r->want_ca, "SERVER: 0x%x %s", status,
		      why);
	ck_assert_int_eq(mtls_verify_crt(&pol, crts[OTHER], NULL, 0, &status,
					 why, sizeof(why), &e),
			 0);
	ck_assert_msg((status == 0) == r->want_other, "OTHER: 0x%x %s", status,
		      why);
	gnutls_x509_trust_list_deinit(pol.trust, 1);
}
END_TEST

static void
setup_files(void)
{
	test_dir_make();
	make_pki();
}

static void
teardown_files(void)
{
	free_pki();
	test_dir_remove();
}

#define ROWS(a) (int)(sizeof(a) / sizeof((a)[0]))

Suite *
verify_suite(void)
{
	Suite *s = suite_create("verify");
	TCase *tc;

	tc = tcase_create("parsers");
	tcase_add_loop_test(tc, test_purpose_parse, 0, ROWS(purpose_rows));
	tcase_add_loop_test(tc, test_purpose_oid_name, 0, ROWS(oid_rows));
	suite_add_tcase(s, tc);
	tc = tcase_create("mtls_verify_crt");
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, make_pki, free_pki);
	tcase_add_loop_test(tc, test_verify, 0, ROWS(verify_rows));
	tcase_add_loop_test(tc, test_explain, 0, ROWS(explain_rows));
	tcase_add_test(tc, test_verify_cn_legacy);
	tcase_add_loop_test(tc, test_verify_bad_dns_san, 0, 4);
	tcase_add_test(tc, test_hint_and_anchor);
	tcase_add_test(tc, test_crl_signer);
	suite_add_tcase(s, tc);
	tc = tcase_create("mtls_trust_add_file");
	tcase_add_checked_fixture(tc, setup_files, teardown_files);
	tcase_add_loop_test(tc, test_trust_add_file, 0, ROWS(trust_rows));
	suite_add_tcase(s, tc);
	return s;
}
