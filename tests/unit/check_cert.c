/*
 * check_cert.c -- cert.c: serial numbers, the extensions and validity each
 * profile gets, the issuers mtls_crt_build refuses, what makes a CA, and
 * the --days and --profile parsers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mtls_internal.h"
#include "suites.h"

#define SERIALS 1000

static int
serial_cmp(const void *a, const void *b)
{
	return memcmp(a, b, MTLS_SERIAL_SIZE);
}

/* Positive, no leading zero byte, and never the same twice. */
START_TEST(test_serial_generate)
{
	unsigned char(*all)[MTLS_SERIAL_SIZE];
	struct mtls_err e = { 0 };
	bool high_seen = false;
	size_t i;

	all = calloc(SERIALS, sizeof(*all));
	ck_assert_ptr_nonnull(all);
	for (i = 0; i < SERIALS; i++) {
		ck_assert_int_eq(mtls_serial_generate(all[i], &e), 0);
		ck_assert_uint_ge(all[i][0], 0x01);
		ck_assert_uint_le(all[i][0], 0x7f);
		if (all[i][0] >= 0x40)
			high_seen = true;
	}
	/* The first byte is random too, not a constant. */
	ck_assert(high_seen);
	qsort(all, SERIALS, sizeof(*all), serial_cmp);
	for (i = 1; i < SERIALS; i++)
		ck_assert_msg(memcmp(all[i - 1], all[i], MTLS_SERIAL_SIZE) != 0,
			      "serial number repeated");
	free(all);
}
END_TEST

/* Read the DER header at *P (at most END - *P bytes): its tag, and the
 * length of its contents; *P moves to the contents. */
static void
der_header(const unsigned char **p, const unsigned char *end,
	   unsigned char *tag, size_t *len)
{
	size_t i, n;

	ck_assert_int_ge(end - *p, 2);
	*tag = (*p)[0];
	if ((*p)[1] < 0x80) {
		*len = (*p)[1];
		*p += 2;
	} else {
		n = (*p)[1] & 0x7f;
		ck_assert_uint_ge(n, 1);
		ck_assert_uint_le(n, 3);
		ck_assert_int_ge(end - *p, (long)(2 + n));
		*len = 0;
		for (i = 0; i < n; i++)
			*len = *len << 8 | (*p)[2 + i];
		*p += 2 + n;
	}
	ck_assert_uint_le(*len, (size_t)(end - *p));
}

/* The serial INTEGER of certificate DER (tbsCertificate's second item,
 * after the [0] version): its content bytes in *SERIAL and *LEN. */
static void
crt_serial_der(const gnutls_datum_t *der, const unsigned char **serial,
	       size_t *len)
{
	const unsigned char *p = der->data, *end = der->data + der->size;
	unsigned char tag;
	size_t n;

	der_header(&p, end, &tag, &n); /* Certificate */
	ck_assert_uint_eq(tag, 0x30);
	der_header(&p, end, &tag, &n); /* TBSCertificate */
	ck_assert_uint_eq(tag, 0x30);
	der_header(&p, end, &tag, &n); /* [0] version */
	ck_assert_uint_eq(tag, 0xa0);
	p += n;
	der_header(&p, end, &tag, &n); /* serialNumber */
	ck_assert_uint_eq(tag, 0x02);
	*serial = p;
	*len = n;
}

/* Certificates carry a 20-byte serial INTEGER: a CA and leaves it
 * issues, each with its own serial. */
START_TEST(test_crt_serial)
{
	enum { LEAVES = 8 };
	static const struct test_crt ca_spec = {
		"/O=Serial Test CA", NULL, MTLS_PROFILE_CA, 30, -1, 0
	};
	static const struct test_crt leaf_spec = {
		"/CN=leaf.example", NULL, MTLS_PROFILE_PEER, 30, -1, 0
	};
	unsigned char seen[LEAVES + 1][MTLS_SERIAL_SIZE];
	gnutls_x509_crt_t ca, crt;
	gnutls_privkey_t ca_key, key;
	const unsigned char *content;
	unsigned char serial[32];
	gnutls_datum_t der;
	size_t size, len;
	int i, j;

	ca_key = test_key_new(GNUTLS_PK_ECDSA, 0);
	ca = test_crt_new(&ca_spec, ca_key, NULL, NULL);
	for (i = 0; i <= LEAVES; i++) {
		if (i == 0) {
			crt = ca;
		} else {
			key = test_key_new(GNUTLS_PK_ECDSA, 0);
			crt = test_crt_new(&leaf_spec, key, ca, ca_key);
			gnutls_privkey_deinit(key);
		}
		size = sizeof(serial);
		ck_assert_int_eq(gnutls_x509_crt_get_serial(crt, serial, &size),
				 0);
		ck_assert_uint_eq(size, MTLS_SERIAL_SIZE);
		ck_assert_uint_ge(serial[0], 0x01);
		ck_assert_uint_le(serial[0], 0x7f);

		ck_assert_int_eq(gnutls_x509_crt_export2(crt,
							 GNUTLS_X509_FMT_DER,
							 &der),
				 0);
		crt_serial_der(&der, &content, &len);
		ck_assert_uint_eq(len, MTLS_SERIAL_SIZE);
		ck_assert_mem_eq(content, serial, MTLS_SERIAL_SIZE);
		gnutls_free(der.data);

		memcpy(seen[i], serial, MTLS_SERIAL_SIZE);
		for (j = 0; j < i; j++)
			ck_assert_msg(memcmp(seen[j], serial,
					     MTLS_SERIAL_SIZE) != 0,
				      "two certificates share a serial");
		if (i > 0)
			gnutls_x509_crt_deinit(crt);
	}
	gnutls_x509_crt_deinit(ca);
	gnutls_privkey_deinit(ca_key);
}
END_TEST

struct days_row {
	const char *text;
	int want_rv;
	unsigned want;
};

static const struct days_row days_rows[] = {
	{ "1", 0, 1 },		 { "365", 0, 365 },
	{ "3650", 0, 3650 },	 { "36500", 0, 36500 },
	{ "0", -1, 0 },		 { "36501", -1, 0 },
	{ "-1", -1, 0 },	 { "-0", -1, 0 },
	{ "", -1, 0 },		 { "ten", -1, 0 },
	{ "10d", -1, 0 },	 { "1.5", -1, 0 },
	{ "0x10", -1, 0 },	 { "18446744073709551617", -1, 0 },
	{ "4294967297", -1, 0 },
};

START_TEST(test_days_parse)
{
	const struct days_row *r = &days_rows[_i];
	struct mtls_err e = { 0 };
	unsigned days = 7;
	char want_msg[128];

	ck_assert_int_eq(mtls_days_parse(r->text, &days, &e), r->want_rv);
	if (r->want_rv == 0) {
		ck_assert_uint_eq(days, r->want);
		return;
	}
	ck_assert_uint_eq(days, 7);
	snprintf(want_msg, sizeof(want_msg),
		 "invalid number of days '%s' (use 1 to 36500)", r->text);
	ck_assert_str_eq(e.msg, want_msg);
}
END_TEST

struct profile_row {
	const char *text;
	int want_rv;
	enum mtls_profile want;
};

static const struct profile_row profile_rows[] = {
	{ "peer", 0, MTLS_PROFILE_PEER },
	{ "server", 0, MTLS_PROFILE_SERVER },
	{ "client", 0, MTLS_PROFILE_CLIENT },
	{ "ca", 0, MTLS_PROFILE_CA },
	{ "", -1, 0 },
	{ "CA", -1, 0 },
	{ "servers", -1, 0 },
	{ "root", -1, 0 },
};

START_TEST(test_profile_parse)
{
	const struct profile_row *r = &profile_rows[_i];
	struct mtls_err e = { 0 };
	enum mtls_profile p = MTLS_PROFILE_SERVER;
	char want_msg[128];

	ck_assert_int_eq(mtls_profile_parse(r->text, &p, &e), r->want_rv);
	if (r->want_rv == 0) {
		ck_assert_int_eq(p, r->want);
		return;
	}
	ck_assert_int_eq(p, MTLS_PROFILE_SERVER);
	snprintf(want_msg, sizeof(want_msg),
		 "unknown profile '%s' (use server, client, peer or ca)",
		 r->text);
	ck_assert_str_eq(e.msg, want_msg);
}
END_TEST

/* ---- extensions */

#define SERVER_AUTH "1.3.6.1.5.5.7.3.1"
#define CLIENT_AUTH "1.3.6.1.5.5.7.3.2"

struct ext_row {
	enum mtls_profile profile;
	gnutls_pk_algorithm_t pk;
	int path_len;
	int want_path_len;     /* basicConstraints pathLen; -1 none */
	unsigned want_usage;   /* keyUsage bits */
	const char *want_ekus; /* extKeyUsage OIDs, ','-joined; NULL none */
};

#define DS GNUTLS_KEY_DIGITAL_SIGNATURE
#define KE GNUTLS_KEY_KEY_ENCIPHERMENT
#define CERT_SIGN GNUTLS_KEY_KEY_CERT_SIGN
#define CRL_SIGN GNUTLS_KEY_CRL_SIGN

static const struct ext_row ext_rows[] = {
	{ MTLS_PROFILE_CA, GNUTLS_PK_ECDSA, -1, -1, CERT_SIGN | CRL_SIGN,
	  NULL },
	{ MTLS_PROFILE_CA, GNUTLS_PK_ECDSA, 0, 0, CERT_SIGN | CRL_SIGN, NULL },
	{ MTLS_PROFILE_CA, GNUTLS_PK_ECDSA, 2, 2, CERT_SIGN | CRL_SIGN, NULL },
	{ MTLS_PROFILE_CA, GNUTLS_PK_RSA, -1, -1, CERT_SIGN | CRL_SIGN, NULL },
	{ MTLS_PROFILE_SERVER, GNUTLS_PK_ECDSA, -1, -1, DS, SERVER_AUTH },
	{ MTLS_PROFILE_CLIENT, GNUTLS_PK_ECDSA, -1, -1, DS, CLIENT_AUTH },
	{ MTLS_PROFILE_PEER, GNUTLS_PK_ECDSA, -1, -1, DS,
	  SERVER_AUTH "," CLIENT_AUTH },
	{ MTLS_PROFILE_PEER, GNUTLS_PK_EDDSA_ED25519, -1, -1, DS,
	  SERVER_AUTH "," CLIENT_AUTH },
	/* RSA key exchange (TLS 1.2) encrypts to the key. */
	{ MTLS_PROFILE_SERVER, GNUTLS_PK_RSA, -1, -1, DS | KE, SERVER_AUTH },
	{ MTLS_PROFILE_CLIENT, GNUTLS_PK_RSA, -1, -1, DS | KE, CLIENT_AUTH },
};

/* A CA certificate gets a critical CA:TRUE with its path length, a
 * critical keyUsage of certificate and CRL signing and no extKeyUsage;
 * a leaf a critical CA:FALSE, digitalSignature, and the purposes of its
 * profile. */
START_TEST(test_extensions)
{
	const struct ext_row *r = &ext_rows[_i];
	struct test_crt ca_spec = {
		"/O=Cert Test CA", NULL, MTLS_PROFILE_CA, 30, -1, TEST_T0
	};
	struct test_crt spec = { "/CN=ext.example", NULL,   r->profile, 10,
				 r->path_len,	    TEST_T0 };
	gnutls_privkey_t ca_key, key;
	gnutls_x509_crt_t ca = NULL, crt;
	unsigned critical, ca_flag, usage, i;
	int path_len;
	char ekus[256], oid[128];
	size_t len = 0, size;

	key = test_key_new(r->pk, 2048);
	ca_key = test_key_new(GNUTLS_PK_ECDSA, 0);
	/* A CA is made self-signed, a leaf by a CA. */
	if (r->profile != MTLS_PROFILE_CA)
		ca = test_crt_new(&ca_spec, ca_key, NULL, NULL);
	crt = test_crt_new(&spec, key, ca, ca_key);

	path_len = -7;
	ck_assert_int_eq(gnutls_x509_crt_get_basic_constraints(crt, &critical,
							       &ca_flag,
							       &path_len),
			 r->profile == MTLS_PROFILE_CA);
	ck_assert_uint_eq(critical, 1);
	ck_assert_uint_eq(ca_flag, r->profile == MTLS_PROFILE_CA);
	ck_assert_int_eq(path_len, r->want_path_len);

	ck_assert_int_eq(gnutls_x509_crt_get_key_usage(crt, &usage, &critical),
			 0);
	ck_assert_uint_eq(critical, 1);
	ck_assert_uint_eq(usage, r->want_usage);

	ekus[0] = '\0';
	for (i = 0;; i++) {
		size = sizeof(oid);
		if (gnutls_x509_crt_get_key_purpose_oid(crt, i, oid, &size,
							&critical) < 0)
			break;
		ck_assert_uint_eq(critical, 0);
		len += (size_t)snprintf(ekus + len, sizeof(ekus) - len, "%s%s",
					i ? "," : "", oid);
	}
	if (r->want_ekus == NULL)
		ck_assert_uint_eq(i, 0);
	else
		ck_assert_str_eq(ekus, r->want_ekus);

	gnutls_x509_crt_deinit(crt);
	gnutls_x509_crt_deinit(ca);
	gnutls_privkey_deinit(key);
	gnutls_privkey_deinit(ca_key);
}
END_TEST

/* Chains build by key: a leaf's authorityKeyIdentifier is its CA's
 * subjectKeyIdentifier, a self-signed certificate's is its own. */
START_TEST(test_key_ids)
{
	static const struct test_crt ca_spec = {
		"/O=Cert Test CA", NULL, MTLS_PROFILE_CA, 30, -1, TEST_T0
	};
	static const struct test_crt leaf_spec = {
		"/CN=leaf.example", NULL, MTLS_PROFILE_SERVER, 10, -1, TEST_T0
	};
	unsigned char ca_ski[64], leaf_ski[64], aki[64];
	size_t ca_ski_len = sizeof(ca_ski), leaf_ski_len = sizeof(leaf_ski);
	size_t aki_len = sizeof(aki);
	gnutls_privkey_t ca_key, key;
	gnutls_x509_crt_t ca, leaf;
	unsigned critical;

	ca_key = test_key_new(GNUTLS_PK_ECDSA, 0);
	key = test_key_new(GNUTLS_PK_ECDSA, 0);
	ca = test_crt_new(&ca_spec, ca_key, NULL, NULL);
	leaf = test_crt_new(&leaf_spec, key, ca, ca_key);

	ck_assert_int_eq(gnutls_x509_crt_get_subject_key_id(ca, ca_ski,
							    &ca_ski_len,
							    &critical),
			 0);
	ck_assert_int_eq(gnutls_x509_crt_get_authority_key_id(ca, aki, &aki_len,
							      &critical),
			 0);
	ck_assert_uint_eq(aki_len, ca_ski_len);
	ck_assert_mem_eq(aki, ca_ski, ca_ski_len);

	aki_len = sizeof(aki);
	ck_assert_int_eq(gnutls_x509_crt_get_subject_key_id(leaf, leaf_ski,
							    &leaf_ski_len,
							    &critical),
			 0);
	ck_assert_int_eq(gnutls_x509_crt_get_authority_key_id(leaf, aki,
							      &aki_len,
							      &critical),
			 0);
	ck_assert_uint_eq(aki_len, ca_ski_len);
	ck_assert_mem_eq(aki, ca_ski, ca_ski_len);
	ck_assert_msg(leaf_ski_len != ca_ski_len ||
			      memcmp(leaf_ski, ca_ski, ca_ski_len) != 0,
		      "the leaf has its CA's key identifier");

	gnutls_x509_crt_deinit(leaf);
	gnutls_x509_crt_deinit(ca);
	gnutls_privkey_deinit(key);
	gnutls_privkey_deinit(ca_key);
}
END_TEST

/* The SAN extension is critical exactly when the subject is empty
 * (RFC 5280 4.2.1.6). */
START_TEST(test_san_critical)
{
	static const struct {
		const char *subject; /* NULL: an empty Name */
		unsigned want_critical;
	} rows[] = {
		{ "/CN=san.example", 0 },
		{ NULL, 1 },
	};
	static const unsigned char empty_name[] = { 0x30, 0x00 };
	const gnutls_datum_t empty = { (unsigned char *)empty_name, 2 };
	struct mtls_sans sans = { NULL, 0 };
	struct mtls_crt_params params = {
		.profile = MTLS_PROFILE_SERVER,
		.days = 10,
		.path_len = -1,
		.sans = &sans,
		.now = TEST_T0,
	};
	struct mtls_crt_notes notes;
	struct mtls_err e = { 0 };
	gnutls_privkey_t key = test_key_new(GNUTLS_PK_ECDSA, 0);
	gnutls_x509_crq_t crq;
	gnutls_x509_crt_t crt;
	unsigned critical = 7;
	char der[64];
	size_t size = sizeof(der);

	ck_assert_int_eq(mtls_sans_add(&sans, "DNS:san.example", &e), 0);
	if (rows[_i].subject != NULL)
		crq = test_crq_new(rows[_i].subject, NULL, key);
	else
		ck_assert_int_eq(mtls_csr_from_name(&empty, key, &crq, &e), 0);
	ck_assert_msg(mtls_crt_build(crq, &params, NULL, key, &crt, &notes,
				     &e) == 0,
		      "%s", e.msg);
	ck_assert_int_eq(gnutls_x509_crt_get_extension_by_oid(crt, "2.5.29.17",
							      0, der, &size,
							      &critical),
			 0);
	/* GeneralNames { dNSName "san.example" } */
	ck_assert_uint_eq(size, 15);
	ck_assert_mem_eq(der, "\x30\x0d\x82\x0bsan.example", 15);
	ck_assert_uint_eq(critical, rows[_i].want_critical);
	gnutls_x509_crt_deinit(crt);
	gnutls_x509_crq_deinit(crq);
	mtls_sans_free(&sans);
	gnutls_privkey_deinit(key);
}
END_TEST

/* ---- validity */

struct validity_row {
	unsigned ca_days; /* the CA is made at TEST_T0; 0: self-signed */
	time_t at;	  /* the certificate is made at TEST_T0 + AT */
	unsigned days;
	time_t want_nb, want_na; /* from TEST_T0 */
	bool want_clamped;
	time_t want_cut;
};

#define D TEST_DAY
#define BACK MTLS_BACKDATE_SECONDS

static const struct validity_row validity_rows[] = {
	/* Backdated for clock skew, DAYS long. */
	{ 0, 0, 30, -BACK, 30 * D, false, 0 },
	{ 0, 5 * D, 1, 5 * D - BACK, 6 * D, false, 0 },
	{ 30, D, 10, D - BACK, 11 * D, false, 0 },
	/* Never before the issuer's notBefore... */
	{ 30, 0, 10, -BACK, 10 * D, false, 0 },
	{ 30, -100, 10, -BACK, 10 * D - 100, false, 0 },
	/* ...and never past its notAfter. */
	{ 30, D, 29, D - BACK, 30 * D, false, 0 },
	{ 30, D, 30, D - BACK, 30 * D, true, D },
	{ 30, D, 100, D - BACK, 30 * D, true, 71 * D },
};

START_TEST(test_validity)
{
	const struct validity_row *r = &validity_rows[_i];
	struct test_crt ca_spec = { "/O=Cert Test CA", NULL, MTLS_PROFILE_CA,
				    r->ca_days,	       -1,   TEST_T0 };
	struct mtls_crt_params params = {
		.profile = MTLS_PROFILE_SERVER,
		.days = r->days,
		.path_len = -1,
		.now = TEST_T0 + r->at,
	};
	struct mtls_crt_notes notes = { true, 12345, 0 };
	struct mtls_err e = { 0 };
	gnutls_privkey_t ca_key, key;
	gnutls_x509_crt_t ca = NULL, crt;
	gnutls_x509_crq_t crq;

	key = test_key_new(GNUTLS_PK_ECDSA, 0);
	ca_key = test_key_new(GNUTLS_PK_ECDSA, 0);
	if (r->ca_days > 0)
		ca = test_crt_new(&ca_spec, ca_key, NULL, NULL);
	crq = test_crq_new("/CN=valid.example", NULL, key);
	ck_assert_msg(mtls_crt_build(crq, &params, ca, ca ? ca_key : key, &crt,
				     &notes, &e) == 0,
		      "%s", e.msg);
	ck_assert_int_eq(gnutls_x509_crt_get_activation_time(crt),
			 TEST_T0 + r->want_nb);
	ck_assert_int_eq(gnutls_x509_crt_get_expiration_time(crt),
			 TEST_T0 + r->want_na);
	ck_assert_int_eq(notes.clamped, r->want_clamped);
	ck_assert_int_eq(notes.cut, r->want_cut);
	ck_assert_int_eq(notes.not_after, TEST_T0 + r->want_na);

	gnutls_x509_crq_deinit(crq);
	gnutls_x509_crt_deinit(crt);
	gnutls_x509_crt_deinit(ca);
	gnutls_privkey_deinit(key);
	gnutls_privkey_deinit(ca_key);
}
END_TEST

/* ---- issuers mtls_crt_build refuses */

enum issuer_case {
	I_GOOD,	       /* the CA, its key, in its lifetime */
	I_LEAF,	       /* a leaf certificate as the issuer */
	I_EXPIRED,     /* the CA, after its notAfter */
	I_AT_END,      /* the CA, at its notAfter exactly */
	I_EARLY,       /* the CA, before its notBefore */
	I_WRONG_KEY,   /* the CA with another key */
	I_PATHLEN0_CA, /* a CA with path length 0, making a CA */
	I_PATHLEN0,    /* a CA with path length 0, making a leaf */
	I_SELF_WRONG,  /* self-signed, with a key not the subject's */
};

struct issuer_row {
	enum issuer_case c;
	const char *want_msg; /* NULL: made */
};

static const struct issuer_row issuer_rows[] = {
	{ I_GOOD, NULL },
	{ I_LEAF, "'CN=leaf.example' is not a CA certificate "
		  "(basicConstraints CA:FALSE)" },
	{ I_EXPIRED, "the CA certificate 'O=Cert Test CA' expired on "
		     "2026-12-31 00:00:00 UTC" },
	{ I_AT_END, "the CA certificate 'O=Cert Test CA' expired on "
		    "2026-12-31 00:00:00 UTC" },
	{ I_EARLY, "the CA certificate 'O=Cert Test CA' is not valid before "
		   "2026-11-30 23:55:00 UTC" },
	{ I_WRONG_KEY, "the CA key does not match the CA certificate "
		       "'O=Cert Test CA'" },
	{ I_PATHLEN0_CA, "'O=Cert Test CA' may not issue CA certificates (its "
			 "path length limit is 0)" },
	{ I_PATHLEN0, NULL },
	{ I_SELF_WRONG, "the signing key is not the certificate's own key" },
};

START_TEST(test_issuer_refused)
{
	const struct issuer_row *r = &issuer_rows[_i];
	struct test_crt ca_spec = {
		"/O=Cert Test CA", NULL, MTLS_PROFILE_CA, 30, -1, TEST_T0
	};
	static const struct test_crt leaf_spec = {
		"/CN=leaf.example", NULL, MTLS_PROFILE_PEER, 10, -1, TEST_T0
	};
	struct mtls_crt_params params = {
		.profile = MTLS_PROFILE_SERVER,
		.days = 5,
		.path_len = -1,
		.now = TEST_T0 + TEST_DAY,
	};
	struct mtls_crt_notes notes;
	struct mtls_err e = { 0 };
	gnutls_privkey_t ca_key, key, other_key, sign_key;
	gnutls_x509_crt_t ca, leaf, issuer, crt = NULL;
	gnutls_x509_crq_t crq;

	ca_key = test_key_new(GNUTLS_PK_ECDSA, 0);
	key = test_key_new(GNUTLS_PK_ECDSA, 0);
	other_key = test_key_new(GNUTLS_PK_ECDSA, 0);
	if (r->c == I_PATHLEN0 || r->c == I_PATHLEN0_CA)
		ca_spec.path_len = 0;
	ca = test_crt_new(&ca_spec, ca_key, NULL, NULL);
	leaf = test_crt_new(&leaf_spec, other_key, ca, ca_key);
	crq = test_crq_new("/CN=new.example", NULL, key);

	issuer = ca;
	sign_key = ca_key;
	switch (r->c) {
	case I_LEAF:
		issuer = leaf;
		sign_key = other_key;
		break;
	case I_EXPIRED:
		params.now = TEST_T0 + 31 * TEST_DAY;
		break;
	case I_AT_END:
		params.now = TEST_T0 + 30 * TEST_DAY;
		break;
	case I_EARLY:
		params.now = TEST_T0 - MTLS_BACKDATE_SECONDS - 1;
		break;
	case I_WRONG_KEY:
		sign_key = other_key;
		break;
	case I_PATHLEN0_CA:
		params.profile = MTLS_PROFILE_CA;
		break;
	case I_SELF_WRONG:
		issuer = NULL;
		sign_key = other_key;
		break;
	default:
		break;
	}
	if (r->want_msg == NULL) {
		ck_assert_msg(mtls_crt_build(crq, &params, issuer, sign_key,
					     &crt, &notes, &e) == 0,
			      "%s", e.msg);
		ck_assert_ptr_nonnull(crt);
	} else {
		crt = leaf; /* to be reset to NULL */
		ck_assert_int_eq(mtls_crt_build(crq, &params, issuer, sign_key,
						&crt, &notes, &e),
				 -1);
		ck_assert_ptr_null(crt);
		ck_assert_str_eq(e.msg, r->want_msg);
	}

	gnutls_x509_crt_deinit(crt);
	gnutls_x509_crq_deinit(crq);
	gnutls_x509_crt_deinit(leaf);
	gnutls_x509_crt_deinit(ca);
	gnutls_privkey_deinit(key);
	gnutls_privkey_deinit(other_key);
	gnutls_privkey_deinit(ca_key);
}
END_TEST

/* ---- mtls_crt_is_ca and mtls_issuer_check */

/* A self-signed certificate for "CN=raw.example" made with GnuTLS
 * directly, to have extensions mtls_crt_build never makes: CA < 0 means
 * no basicConstraints, USAGE 0 no keyUsage. */
static gnutls_x509_crt_t
raw_crt(gnutls_privkey_t key, int ca, unsigned usage)
{
	static const unsigned char serial[] = { 0x01 };
	gnutls_x509_crt_t crt, fresh;
	gnutls_pubkey_t pub;
	gnutls_datum_t der;

	ck_assert_int_eq(gnutls_pubkey_init(&pub), 0);
	ck_assert_int_eq(gnutls_pubkey_import_privkey(pub, key, 0, 0), 0);
	ck_assert_int_eq(gnutls_x509_crt_init(&crt), 0);
	ck_assert_int_eq(gnutls_x509_crt_set_version(crt, 3), 0);
	ck_assert_int_eq(gnutls_x509_crt_set_pubkey(crt, pub), 0);
	ck_assert_int_eq(gnutls_x509_crt_set_dn(crt, "CN=raw.example", NULL),
			 0);
	ck_assert_int_eq(gnutls_x509_crt_set_serial(crt, serial,
						    sizeof(serial)),
			 0);
	ck_assert_int_eq(gnutls_x509_crt_set_activation_time(crt, TEST_T0), 0);
	ck_assert_int_eq(gnutls_x509_crt_set_expiration_time(
				 crt, TEST_T0 + 30 * TEST_DAY),
			 0);
	if (ca >= 0)
		ck_assert_int_eq(gnutls_x509_crt_set_basic_constraints(crt, ca,
								       -1),
				 0);
	if (usage != 0)
		ck_assert_int_eq(gnutls_x509_crt_set_key_usage(crt, usage), 0);
	ck_assert_int_eq(gnutls_x509_crt_privkey_sign(crt, crt, key,
						      GNUTLS_DIG_SHA256, 0),
			 0);
	/* Read back, as a certificate from a file would be. */
	ck_assert_int_eq(gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER,
						 &der),
			 0);
	ck_assert_int_eq(gnutls_x509_crt_init(&fresh), 0);
	ck_assert_int_eq(gnutls_x509_crt_import(fresh, &der,
						GNUTLS_X509_FMT_DER),
			 0);
	gnutls_free(der.data);
	gnutls_x509_crt_deinit(crt);
	gnutls_pubkey_deinit(pub);
	return fresh;
}

enum which_crt {
	W_CA,	      /* made by mtls_crt_build, profile ca */
	W_LEAF,	      /* made by mtls_crt_build, profile peer */
	W_NO_BC,      /* no basicConstraints */
	W_NO_SIGN,    /* CA:TRUE, keyUsage without keyCertSign */
	W_NO_USAGE,   /* CA:TRUE and no keyUsage at all */
	W_NOT_CA_RAW, /* CA:FALSE, keyUsage with keyCertSign */
};

/* Each case's certificate, made with KEY. */
static gnutls_x509_crt_t
which_crt(enum which_crt w, gnutls_privkey_t key)
{
	static const struct test_crt ca_spec = {
		"/O=Cert Test CA", NULL, MTLS_PROFILE_CA, 30, -1, TEST_T0
	};
	static const struct test_crt leaf_spec = {
		"/CN=leaf.example", NULL, MTLS_PROFILE_PEER, 30, -1, TEST_T0
	};

	switch (w) {
	case W_CA:
		return test_crt_new(&ca_spec, key, NULL, NULL);
	case W_LEAF:
		return test_crt_new(&leaf_spec, key, NULL, NULL);
	case W_NO_BC:
		return raw_crt(key, -1, GNUTLS_KEY_KEY_CERT_SIGN);
	case W_NO_SIGN:
		return raw_crt(key, 1,
			       GNUTLS_KEY_DIGITAL_SIGNATURE |
				       GNUTLS_KEY_CRL_SIGN);
	case W_NO_USAGE:
		return raw_crt(key, 1, 0);
	case W_NOT_CA_RAW:
		return raw_crt(key, 0, GNUTLS_KEY_KEY_CERT_SIGN);
	}
	return NULL;
}

struct is_ca_row {
	enum which_crt w;
	bool want;
	const char *want_msg;
};

static const struct is_ca_row is_ca_rows[] = {
	{ W_CA, true, NULL },
	{ W_NO_USAGE, true, NULL },
	{ W_LEAF, false,
	  "'CN=leaf.example' is not a CA certificate "
	  "(basicConstraints CA:FALSE)" },
	{ W_NOT_CA_RAW, false,
	  "'CN=raw.example' is not a CA certificate "
	  "(basicConstraints CA:FALSE)" },
	{ W_NO_BC, false,
	  "'CN=raw.example' is not a CA certificate (it has "
	  "no basicConstraints extension)" },
	{ W_NO_SIGN, false,
	  "'CN=raw.example' may not sign certificates (its "
	  "key usage lacks keyCertSign)" },
};

START_TEST(test_is_ca)
{
	const struct is_ca_row *r = &is_ca_rows[_i];
	struct mtls_err e = { 0 };
	gnutls_privkey_t key = test_key_new(GNUTLS_PK_ECDSA, 0);
	gnutls_x509_crt_t crt = which_crt(r->w, key);

	ck_assert_int_eq(mtls_crt_is_ca(crt, &e), r->want);
	if (r->want)
		ck_assert_str_eq(e.msg, "");
	else
		ck_assert_str_eq(e.msg, r->want_msg);
	gnutls_x509_crt_deinit(crt);
	gnutls_privkey_deinit(key);
}
END_TEST

struct issuer_check_row {
	enum which_crt w;
	bool other_key; /* a key that is not the certificate's */
	int want_rv;
	const char *want_msg;
};

static const struct issuer_check_row issuer_check_rows[] = {
	{ W_CA, false, 0, NULL },
	{ W_NO_USAGE, false, 0, NULL },
	{ W_CA, true, -1,
	  "'other.key' is not the key of the CA certificate "
	  "'O=Cert Test CA' in 'ca.pem'" },
	{ W_LEAF, false, -1,
	  "'ca.pem': 'CN=leaf.example' is not a CA "
	  "certificate (basicConstraints CA:FALSE)" },
	{ W_NO_SIGN, false, -1,
	  "'ca.pem': 'CN=raw.example' may not sign "
	  "certificates (its key usage lacks "
	  "keyCertSign)" },
	/* Not a CA comes first, whatever the key. */
	{ W_NO_BC, true, -1,
	  "'ca.pem': 'CN=raw.example' is not a CA "
	  "certificate (it has no basicConstraints "
	  "extension)" },
};

START_TEST(test_issuer_check)
{
	const struct issuer_check_row *r = &issuer_check_rows[_i];
	struct mtls_err e = { 0 };
	gnutls_privkey_t key = test_key_new(GNUTLS_PK_ECDSA, 0);
	gnutls_privkey_t other = test_key_new(GNUTLS_PK_ECDSA, 0);
	gnutls_x509_crt_t crt = which_crt(r->w, key);
	const char *key_name = r->other_key ? "other.key" : "ca.key";

	ck_assert_int_eq(mtls_issuer_check(crt, "ca.pem",
					   r->other_key ? other : key, key_name,
					   &e),
			 r->want_rv);
	if (r->want_rv == 0) {
		ck_assert_str_eq(e.msg, "");
	} else {
		ck_assert_str_eq(e.msg, r->want_msg);
		test_assert_message(e.msg);
	}
	gnutls_x509_crt_deinit(crt);
	gnutls_privkey_deinit(other);
	gnutls_privkey_deinit(key);
}
END_TEST

/* ---- describing and encoding */

/* "'CN=x' (ECDSA P-256), serial ..., valid until ...", the serial as
 * GnuTLS reads it. */
START_TEST(test_brief)
{
	static const struct test_crt spec = { "/O=Brief/CN=brief.example",
					      NULL,
					      MTLS_PROFILE_SERVER,
					      10,
					      -1,
					      TEST_T0 };
	gnutls_privkey_t key = test_key_new(GNUTLS_PK_ECDSA, 0);
	gnutls_x509_crt_t crt = test_crt_new(&spec, key, NULL, NULL);
	unsigned char serial[MTLS_SERIAL_SIZE];
	size_t size = sizeof(serial), i;
	char want[256], hex[2 * MTLS_SERIAL_SIZE + 1], got[256];

	ck_assert_int_eq(gnutls_x509_crt_get_serial(crt, serial, &size), 0);
	ck_assert_uint_eq(size, MTLS_SERIAL_SIZE);
	for (i = 0; i < size; i++)
		snprintf(hex + 2 * i, 3, "%02X", serial[i]);
	snprintf(want, sizeof(want),
		 "'CN=brief.example,O=Brief' (ECDSA P-256), serial %s, valid "
		 "until 2026-12-11 00:00:00 UTC",
		 hex);
	mtls_crt_brief(crt, got, sizeof(got));
	ck_assert_str_eq(got, want);
	gnutls_x509_crt_deinit(crt);
	gnutls_privkey_deinit(key);
}
END_TEST

/* Appending PEM twice gives a file that reads back as both
 * certificates, in order. */
START_TEST(test_append_pem)
{
	static const struct test_crt ca_spec = {
		"/O=Cert Test CA", NULL, MTLS_PROFILE_CA, 30, -1, TEST_T0
	};
	static const struct test_crt leaf_spec = {
		"/CN=leaf.example", NULL, MTLS_PROFILE_PEER, 10, -1, TEST_T0
	};
	struct mtls_err e = { 0 };
	gnutls_datum_t pem = { NULL, 0 };
	gnutls_privkey_t ca_key = test_key_new(GNUTLS_PK_ECDSA, 0);
	gnutls_privkey_t key = test_key_new(GNUTLS_PK_ECDSA, 0);
	gnutls_x509_crt_t ca = test_crt_new(&ca_spec, ca_key, NULL, NULL);
	gnutls_x509_crt_t leaf = test_crt_new(&leaf_spec, key, ca, ca_key);
	gnutls_x509_crt_t *list;
	unsigned n;

	ck_assert_int_eq(mtls_crt_append_pem(leaf, &pem, &e), 0);
	ck_assert_int_eq(mtls_crt_append_pem(ca, &pem, &e), 0);
	ck_assert_uint_eq(strlen((char *)pem.data), pem.size);
	ck_assert_msg(mtls_crt_list_import(&pem, "chain.pem", &list, &n, &e) ==
			      0,
		      "%s", e.msg);
	ck_assert_uint_eq(n, 2);
	ck_assert(gnutls_x509_crt_equals(list[0], leaf));
	ck_assert(gnutls_x509_crt_equals(list[1], ca));
	mtls_crt_list_free(list, n);
	gnutls_free(pem.data);
	gnutls_x509_crt_deinit(leaf);
	gnutls_x509_crt_deinit(ca);
	gnutls_privkey_deinit(key);
	gnutls_privkey_deinit(ca_key);
}
END_TEST

#define ROWS(a) (int)(sizeof(a) / sizeof((a)[0]))

Suite *
cert_suite(void)
{
	Suite *s = suite_create("cert");
	TCase *tc;

	tc = tcase_create("serial numbers");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_serial_generate);
	tcase_add_test(tc, test_crt_serial);
	suite_add_tcase(s, tc);
	tc = tcase_create("mtls_crt_build");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_extensions, 0, ROWS(ext_rows));
	tcase_add_test(tc, test_key_ids);
	tcase_add_loop_test(tc, test_san_critical, 0, 2);
	tcase_add_loop_test(tc, test_validity, 0, ROWS(validity_rows));
	tcase_add_loop_test(tc, test_issuer_refused, 0, ROWS(issuer_rows));
	suite_add_tcase(s, tc);
	tc = tcase_create("CA checks");
	tcase_add_loop_test(tc, test_is_ca, 0, ROWS(is_ca_rows));
	tcase_add_loop_test(tc, test_issuer_check, 0, ROWS(issuer_check_rows));
	suite_add_tcase(s, tc);
	tc = tcase_create("output");
	tcase_add_test(tc, test_brief);
	tcase_add_test(tc, test_append_pem);
	suite_add_tcase(s, tc);
	tc = tcase_create("mtls_days_parse");
	tcase_add_loop_test(tc, test_days_parse, 0, ROWS(days_rows));
	suite_add_tcase(s, tc);
	tc = tcase_create("mtls_profile_parse");
	tcase_add_loop_test(tc, test_profile_parse, 0, ROWS(profile_rows));
	suite_add_tcase(s, tc);
	return s;
}
