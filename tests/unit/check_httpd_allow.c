/*
 * check_httpd_allow.c -- mtls_allow_add / mtls_allow_match: the rules that
 * narrow which verified clients may in, parsed and matched against
 * certificates made here with lib/ calls.
 *
 * Matching compares whole values taken from the certificate, never a
 * piece of a DN string: O=MailServer must not admit O=MailServerX,
 * OU=MailServer or CN=O=MailServer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mtls_internal.h"
#include "suites.h"

/* ---- the certificates */

enum {
	C_MAIL,	     /* the full one: attributes and SANs of every kind */
	C_OX,	     /* O=MailServerX */
	C_OU,	     /* OU=MailServer */
	C_CNO,	     /* CN=O=MailServer */
	C_MULTI,     /* a multi-valued RDN: O=Other+OU=Dept */
	C_OID,	     /* an attribute only known by its OID */
	C_PLAIN,     /* CN=mail.example and no SANs at all */
	C_URI_EMPTY, /* URI ending right at the prefix's '/' */
	C_URI_UP,    /* .../prod/../admin */
	C_URI_DOT,   /* .../prod/./a */
	C_URI_UPEND, /* .../prod/a/.. */
	C_URI_X,     /* .../prodx/sa: shares the prefix, not the segment */
	C_URI_BARE,  /* .../prod: the prefix without its '/' */
	C_URI_DOTS,  /* .../prod/a..b/.c: dots inside names are fine */
	C_DNS_NEAR,  /* DNS names around mail.example, but not it */
	/* After a prefix, percent-encoding, '\', ';', '?' and '#' */
	C_URI_E_UP,    /* .../prod/%2e%2e/admin */
	C_URI_E_UPU,   /* .../prod/%2E%2E/admin */
	C_URI_E_UP1,   /* .../prod/%2e./admin */
	C_URI_E_UP2,   /* .../prod/.%2E/admin */
	C_URI_E_DOT,   /* .../prod/%2e/a */
	C_URI_E_UPEND, /* .../prod/a/%2e%2e */
	C_URI_E_SL,    /* .../prod/..%2Fadmin */
	C_URI_E_SL2,   /* .../prod/a%2f..%2fadmin */
	C_URI_BS,      /* .../prod/..\admin */
	C_URI_E_BS,    /* .../prod/a%5c%2e%2e%5Cadmin */
	C_URI_PARAM,   /* .../prod/..;x/admin */
	C_URI_E_Q,     /* .../prod/..%3Fx */
	C_URI_Q_UP,    /* .../prod/..?x */
	C_URI_F_UP,    /* .../prod/..#x */
	C_URI_Q_EMPTY, /* .../prod/?x */
	C_URI_SLASHES, /* .../prod// */
	C_URI_E_SLASH, /* .../prod/%2F */
	C_URI_PCT_BAD, /* .../prod/a%zz */
	C_URI_PCT_CUT, /* .../prod/a%2 */
	C_URI_PCT_NUL, /* .../prod/a%00 */
	C_URI_E_OK,    /* .../prod/a%2eb/%41;v=1: nothing climbs */
	C_URI_Q_OK,    /* .../prod/a?x=1#y */
	C_URI_Q_DOTS,  /* .../prod/a?x=/../.. */
	C_URI_Q_ONLY,  /* .../prod/;x?y#z */
	C_URI_TRAIL,   /* .../prod/a/ */
	C_URI_E_PFX,   /* .../pr%6Fd/a: the prefix spelt otherwise */
	C_COUNT
};

static const struct {
	const char *subject;
	const char *sans; /* for mtls_sans_add, or NULL */
} cert_specs[C_COUNT] = {
	[C_MAIL] = { "/DC=org/DC=example/C=DE/O=MailServer/OU=Ops/UID=u1"
		     "/emailAddress=ops@example.org/CN=mail.example",
		     "DNS:mail.example,DNS:MX.Example.ORG,IP:192.0.2.7,"
		     "IP:2001:db8::7,URI:spiffe://example.org/ns/prod/sa/mail,"
		     "email:Ops@Example.org" },
	[C_OX] = { "/O=MailServerX/CN=x", NULL },
	[C_OU] = { "/OU=MailServer/CN=y", NULL },
	[C_CNO] = { "/CN=O=MailServer", NULL },
	[C_MULTI] = { "/C=DE/O=Other+OU=Dept/CN=z", NULL },
	[C_OID] = { "/2.5.4.20=555 1234/CN=phone", NULL },
	[C_PLAIN] = { "/CN=mail.example", NULL },
	[C_URI_EMPTY] = { "/CN=u", "URI:spiffe://example.org/ns/prod/" },
	[C_URI_UP] = { "/CN=u", "URI:spiffe://example.org/ns/prod/../admin" },
	[C_URI_DOT] = { "/CN=u", "URI:spiffe://example.org/ns/prod/./a" },
	[C_URI_UPEND] = { "/CN=u", "URI:spiffe://example.org/ns/prod/a/.." },
	[C_URI_X] = { "/CN=u", "URI:spiffe://example.org/ns/prodx/sa" },
	[C_URI_BARE] = { "/CN=u", "URI:spiffe://example.org/ns/prod" },
	[C_URI_DOTS] = { "/CN=u", "URI:spiffe://example.org/ns/prod/a..b/.c" },
	[C_DNS_NEAR] = { "/CN=near",
			 "DNS:x.mail.example,DNS:mail.example.com,"
			 "DNS:*.mail.example,DNS:ail.example,IP:192.0.2.70,"
			 "IP:::1,URI:spiffe://example.org/ns/prod/sa/mail/x,"
			 "email:ops@example.org.evil" },
#define P "URI:spiffe://example.org/ns/prod/"
	[C_URI_E_UP] = { "/CN=u", P "%2e%2e/admin" },
	[C_URI_E_UPU] = { "/CN=u", P "%2E%2E/admin" },
	[C_URI_E_UP1] = { "/CN=u", P "%2e./admin" },
	[C_URI_E_UP2] = { "/CN=u", P ".%2E/admin" },
	[C_URI_E_DOT] = { "/CN=u", P "%2e/a" },
	[C_URI_E_UPEND] = { "/CN=u", P "a/%2e%2e" },
	[C_URI_E_SL] = { "/CN=u", P "..%2Fadmin" },
	[C_URI_E_SL2] = { "/CN=u", P "a%2f..%2fadmin" },
	[C_URI_BS] = { "/CN=u", P "..\\admin" },
	[C_URI_E_BS] = { "/CN=u", P "a%5c%2e%2e%5Cadmin" },
	[C_URI_PARAM] = { "/CN=u", P "..;x/admin" },
	[C_URI_E_Q] = { "/CN=u", P "..%3Fx" },
	[C_URI_Q_UP] = { "/CN=u", P "..?x" },
	[C_URI_F_UP] = { "/CN=u", P "..#x" },
	[C_URI_Q_EMPTY] = { "/CN=u", P "?x" },
	[C_URI_SLASHES] = { "/CN=u", P "/" },
	[C_URI_E_SLASH] = { "/CN=u", P "%2F" },
	[C_URI_PCT_BAD] = { "/CN=u", P "a%zz" },
	[C_URI_PCT_CUT] = { "/CN=u", P "a%2" },
	[C_URI_PCT_NUL] = { "/CN=u", P "a%00" },
	[C_URI_E_OK] = { "/CN=u", P "a%2eb/%41;v=1" },
	[C_URI_Q_OK] = { "/CN=u", P "a?x=1#y" },
	[C_URI_Q_DOTS] = { "/CN=u", P "a?x=/../.." },
	[C_URI_Q_ONLY] = { "/CN=u", P ";x?y#z" },
	[C_URI_TRAIL] = { "/CN=u", P "a/" },
	[C_URI_E_PFX] = { "/CN=u", "URI:spiffe://example.org/ns/pr%6Fd/a" },
#undef P
};

/* Made once in the parent process (an unchecked fixture); every test's
 * process inherits them. */
static gnutls_x509_crt_t certs[C_COUNT];

static void
make_certs(void)
{
	struct mtls_keyspec spec = MTLS_KEYSPEC_DEFAULT;
	struct mtls_err e = { 0 };
	gnutls_x509_privkey_t x509key;
	gnutls_privkey_t key;

	ck_assert_msg(mtls_key_generate(&spec, &x509key, &e) == 0, "%s", e.msg);
	ck_assert_msg(mtls_key_from_x509(x509key, &key, &e) == 0, "%s", e.msg);
	gnutls_x509_privkey_deinit(x509key);
	for (int i = 0; i < C_COUNT; i++) {
		struct mtls_sans sans = { NULL, 0 };
		struct mtls_crt_params params = {
			.profile = MTLS_PROFILE_CLIENT,
			.days = 1,
			.path_len = -1,
			.sans = &sans,
		};
		struct mtls_crt_notes notes;
		gnutls_datum_t name;
		gnutls_x509_crq_t crq;

		ck_assert_msg(mtls_name_encode(cert_specs[i].subject, &name,
					       &e) == 0,
			      "%s", e.msg);
		ck_assert_msg(mtls_csr_from_name(&name, key, &crq, &e) == 0,
			      "%s", e.msg);
		gnutls_free(name.data);
		if (cert_specs[i].sans != NULL)
			ck_assert_msg(mtls_sans_add(&sans, cert_specs[i].sans,
						    &e) == 0,
				      "%s", e.msg);
		ck_assert_msg(mtls_crt_build(crq, &params, NULL, key, &certs[i],
					     &notes, &e) == 0,
			      "%s", e.msg);
		gnutls_x509_crq_deinit(crq);
		mtls_sans_free(&sans);
	}
	gnutls_privkey_deinit(key);
}

static void
free_certs(void)
{
	for (int i = 0; i < C_COUNT; i++) {
		gnutls_x509_crt_deinit(certs[i]);
		certs[i] = NULL;
	}
}

/* ---- rules parsed */

struct bad_rule {
	const char *rule;
	const char *msg;
};

#define KINDS "expected ATTR=VALUE, DNS:, IP:, URI:, email: or sha256:"
#define STAR "'*' may only end the URI, right after a '/'"
#define HEX64 "expected 64 hex digits"
#define FP_63 "123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define FP_LOWER "0" FP_63

static const struct bad_rule bad_rules[] = {
	{ "", "invalid allow rule '': " KINDS },
	{ "MailServer", "invalid allow rule 'MailServer': " KINDS },
	{ "=x", "invalid allow rule '=x': " KINDS },
	{ ":x", "invalid allow rule ':x': " KINDS },
	{ "O=", "invalid allow rule 'O=': empty value" },
	{ "DNS:", "invalid allow rule 'DNS:': empty value" },
	{ "sha256:", "invalid allow rule 'sha256:': empty value" },
	{ "FOO=x", "invalid allow rule 'FOO=x': unknown attribute 'FOO'" },
	{ "Organization=x",
	  "invalid allow rule 'Organization=x': unknown attribute "
	  "'Organization'" },
	{ "DNS=mail.example",
	  "invalid allow rule 'DNS=mail.example': unknown attribute 'DNS'" },
	{ "1..2=x", "invalid allow rule '1..2=x': unknown attribute '1..2'" },
	{ "2.5.4.=x", "invalid allow rule '2.5.4.=x': unknown attribute "
		      "'2.5.4.'" },
	{ ".2.5=x", "invalid allow rule '.2.5=x': unknown attribute '.2.5'" },
	{ "XYZ:x", "invalid allow rule 'XYZ:x': unknown kind 'XYZ'" },
	{ "DNSX:x", "invalid allow rule 'DNSX:x': unknown kind 'DNSX'" },
	{ "CN:x", "invalid allow rule 'CN:x': unknown kind 'CN'" },
	{ "IP:1.2.3", "invalid allow rule 'IP:1.2.3': not an IP address" },
	{ "IP:1.2.3.256",
	  "invalid allow rule 'IP:1.2.3.256': not an IP address" },
	{ "IP:[::1]", "invalid allow rule 'IP:[::1]': not an IP address" },
	{ "IP:example.org",
	  "invalid allow rule 'IP:example.org': not an IP address" },
	{ "IP:10.0.0.0/8", "invalid allow rule 'IP:10.0.0.0/8': not an IP "
			   "address" },
	{ "URI:*", "invalid allow rule 'URI:*': " STAR },
	{ "URI:spiffe://x/a*",
	  "invalid allow rule 'URI:spiffe://x/a*': " STAR },
	{ "URI:spiffe://x/*/b",
	  "invalid allow rule 'URI:spiffe://x/*/b': " STAR },
	{ "URI:spiffe://x/**",
	  "invalid allow rule 'URI:spiffe://x/**': " STAR },
	{ "URI:spiffe://*/a", "invalid allow rule 'URI:spiffe://*/a': " STAR },
	{ "sha256:abc", "invalid allow rule 'sha256:abc': " HEX64 },
	/* 63 and 65 digits */
	{ "sha256:" FP_LOWER "0",
	  "invalid allow rule 'sha256:" FP_LOWER "0': " HEX64 },
	{ "sha256:" FP_LOWER "01",
	  "invalid allow rule 'sha256:" FP_LOWER "01': " HEX64 },
	{ "sha256:g" FP_63, "invalid allow rule 'sha256:g" FP_63 "': " HEX64 },
	/* ':' goes between pairs, not inside one, before or after all */
	{ "sha256::" FP_LOWER,
	  "invalid allow rule 'sha256::" FP_LOWER "': " HEX64 },
	{ "sha256:" FP_LOWER ":",
	  "invalid allow rule 'sha256:" FP_LOWER ":': " HEX64 },
	{ "sha256:0:" FP_63,
	  "invalid allow rule 'sha256:0:" FP_63 "': " HEX64 },
};

START_TEST(test_bad_rule)
{
	const struct bad_rule *r = &bad_rules[_i];
	struct mtls_allow *list = NULL;
	struct mtls_err e = { 0 };

	ck_assert_msg(mtls_allow_add(&list, r->rule, &e) == -1,
		      "'%s': accepted", r->rule);
	ck_assert_str_eq(e.msg, r->msg);
	test_assert_message(e.msg);
	/* Nothing was made for a rule refused. */
	ck_assert_ptr_null(list);
	ck_assert_uint_eq(mtls_allow_count(list), 0);
}
END_TEST

/* A refused rule leaves the list as it was. */
START_TEST(test_list)
{
	struct mtls_allow *list = NULL;
	struct mtls_err e = { 0 };

	ck_assert_ptr_null(mtls_allow_match(NULL, certs[C_MAIL]));
	ck_assert_int_eq(mtls_allow_add(&list, "O=Nobody", &e), 0);
	ck_assert_ptr_nonnull(list);
	ck_assert_int_eq(mtls_allow_add(&list, "IP:nope", &e), -1);
	ck_assert_uint_eq(mtls_allow_count(list), 1);
	ck_assert_ptr_null(mtls_allow_match(list, certs[C_MAIL]));
	ck_assert_int_eq(mtls_allow_add(&list, "DNS:MAIL.example", &e), 0);
	ck_assert_int_eq(mtls_allow_add(&list, "O=MailServer", &e), 0);
	ck_assert_uint_eq(mtls_allow_count(list), 3);
	/* The first rule that admits, as given. */
	ck_assert_str_eq(mtls_allow_match(list, certs[C_MAIL]),
			 "DNS:MAIL.example");
	ck_assert_ptr_null(mtls_allow_match(list, certs[C_OX]));
	mtls_allow_free(list);
	mtls_allow_free(NULL);
	ck_assert_uint_eq(mtls_allow_count(NULL), 0);
}
END_TEST

/* ---- rules matched */

struct match_row {
	const char *rule;
	int cert;
	bool want;
};

static const struct match_row match_rows[] = {
	/* Whole attribute values, byte for byte */
	{ "O=MailServer", C_MAIL, true },
	{ "O=MailServer", C_OX, false },
	{ "O=MailServer", C_OU, false },
	{ "O=MailServer", C_CNO, false },
	{ "O=MailServerX", C_OX, true },
	{ "O=MailServerX", C_MAIL, false },
	{ "O=Mail", C_MAIL, false },
	{ "O=mailserver", C_MAIL, false },
	{ "O=MailServer ", C_MAIL, false },
	{ "OU=MailServer", C_OU, true },
	{ "OU=MailServer", C_MAIL, false },
	{ "CN=O=MailServer", C_CNO, true },
	{ "CN=O=MailServer", C_MAIL, false },
	{ "CN=mail.example", C_MAIL, true },
	{ "CN=mail.example", C_PLAIN, true },
	{ "CN=mail", C_MAIL, false },
	/* Attribute names in any case, or by OID */
	{ "o=MailServer", C_MAIL, true },
	{ "2.5.4.10=MailServer", C_MAIL, true },
	{ "2.5.4.11=MailServer", C_MAIL, false },
	{ "C=DE", C_MAIL, true },
	{ "DC=example", C_MAIL, true },
	{ "DC=org", C_MAIL, true },
	{ "UID=u1", C_MAIL, true },
	{ "emailAddress=ops@example.org", C_MAIL, true },
	{ "emailaddress=ops@example.org", C_MAIL, true },
	{ "emailAddress=OPS@example.org", C_MAIL, false },
	{ "2.5.4.20=555 1234", C_OID, true },
	{ "2.5.4.20=555", C_OID, false },
	/* Each member of a multi-valued RDN */
	{ "O=Other", C_MULTI, true },
	{ "OU=Dept", C_MULTI, true },
	{ "C=DE", C_MULTI, true },
	{ "O=Other+OU=Dept", C_MULTI, false },
	/* DNS: whole names, any case; the CN is no SAN */
	{ "DNS:mail.example", C_MAIL, true },
	{ "DNS:MAIL.Example", C_MAIL, true },
	{ "dns:mx.example.org", C_MAIL, true },
	{ "DNS:example", C_MAIL, false },
	{ "DNS:mail.example", C_DNS_NEAR, false },
	{ "DNS:mail.example", C_PLAIN, false },
	{ "DNS:*.mail.example", C_DNS_NEAR, true },
	{ "DNS:x.mail.example", C_DNS_NEAR, true },
	{ "DNS:y.mail.example", C_DNS_NEAR, false },
	/* IP: compared as addresses */
	{ "IP:192.0.2.7", C_MAIL, true },
	{ "IP:192.0.2.7", C_DNS_NEAR, false },
	{ "IP:192.0.2.70", C_MAIL, false },
	{ "IP:2001:db8::7", C_MAIL, true },
	{ "IP:2001:0DB8:0:0:0:0:0:7", C_MAIL, true },
	{ "IP:2001:db8::70", C_MAIL, false },
	/* 192.0.2.7 is no IPv6 address starting with its bytes. */
	{ "IP:c000:207::", C_MAIL, false },
	{ "IP:0:0::1", C_DNS_NEAR, true },
	{ "IP:192.0.2.7", C_PLAIN, false },
	/* email: whole, any case */
	{ "email:ops@example.org", C_MAIL, true },
	{ "EMAIL:OPS@EXAMPLE.ORG", C_MAIL, true },
	{ "email:ops@example", C_MAIL, false },
	{ "email:ops@example.org", C_DNS_NEAR, false },
	/* URI: whole */
	{ "URI:spiffe://example.org/ns/prod/sa/mail", C_MAIL, true },
	{ "uri:spiffe://example.org/ns/prod/sa/mail", C_MAIL, true },
	{ "URI:spiffe://example.org/ns/prod/sa", C_MAIL, false },
	{ "URI:spiffe://example.org/ns/prod/sa/mai", C_MAIL, false },
	{ "URI:spiffe://example.org/ns/prod/sa/mail", C_DNS_NEAR, false },
	{ "URI:spiffe://example.org/ns/prod/", C_URI_EMPTY, true },
	{ "URI:spiffe://example.org/ns/prod/", C_MAIL, false },
	/* URI: a prefix up to a '/', then at least one more character and
	 * no "." or ".." segment */
	{ "URI:spiffe://example.org/ns/prod/*", C_MAIL, true },
	{ "URI:spiffe://example.org/ns/prod/*", C_DNS_NEAR, true },
	{ "URI:spiffe://example.org/ns/prod/*", C_URI_DOTS, true },
	{ "URI:spiffe://example.org/ns/prod/*", C_URI_EMPTY, false },
	{ "URI:spiffe://example.org/ns/prod/*", C_URI_BARE, false },
	{ "URI:spiffe://example.org/ns/prod/*", C_URI_X, false },
	{ "URI:spiffe://example.org/ns/prod/*", C_URI_UP, false },
	{ "URI:spiffe://example.org/ns/prod/*", C_URI_DOT, false },
	{ "URI:spiffe://example.org/ns/prod/*", C_URI_UPEND, false },
	{ "URI:spiffe://example.org/ns/prod/*", C_PLAIN, false },
	{ "URI:spiffe://example.org/ns/*", C_URI_X, true },
	{ "URI:spiffe://example.org/ns/*", C_URI_BARE, true },
	{ "URI:spiffe://example.org/ns/*", C_URI_EMPTY, true },
	{ "URI:spiffe://example.org/*", C_MAIL, true },
	{ "URI:spiffe://example.org/ns/sa/*", C_MAIL, false },
	/* The rule's '*' is no wildcard in the middle of a SAN's text. */
	{ "URI:spiffe://example.org/ns/prod/*", C_OX, false },
/* After the prefix the rest is judged percent-decoded, split at
	 * '/' and '\' however written, each segment up to a ';', '?' or
	 * '#': no "." or ".." hides in "%2e", "..%2F", "..\", "..;x",
	 * "..?x" or "..%3F".  A query is judged too.  One segment must hold
	 * something, and a broken '%' escape or "%00" is refused. */
#define R "URI:spiffe://example.org/ns/prod/*"
	{ R, C_URI_E_UP, false },
	{ R, C_URI_E_UPU, false },
	{ R, C_URI_E_UP1, false },
	{ R, C_URI_E_UP2, false },
	{ R, C_URI_E_DOT, false },
	{ R, C_URI_E_UPEND, false },
	{ R, C_URI_E_SL, false },
	{ R, C_URI_E_SL2, false },
	{ R, C_URI_BS, false },
	{ R, C_URI_E_BS, false },
	{ R, C_URI_PARAM, false },
	{ R, C_URI_E_Q, false },
	{ R, C_URI_Q_UP, false },
	{ R, C_URI_F_UP, false },
	{ R, C_URI_Q_EMPTY, false },
	{ R, C_URI_SLASHES, false },
	{ R, C_URI_E_SLASH, false },
	{ R, C_URI_PCT_BAD, false },
	{ R, C_URI_PCT_CUT, false },
	{ R, C_URI_PCT_NUL, false },
	{ R, C_URI_E_OK, true },
	{ R, C_URI_Q_OK, true },
	{ R, C_URI_Q_DOTS, false },
	{ R, C_URI_Q_ONLY, false },
	{ R, C_URI_TRAIL, true },
	/* The prefix is compared byte for byte, never decoded. */
	{ R, C_URI_E_PFX, false },
	{ "URI:spiffe://example.org/ns/pr%6Fd/*", C_URI_E_PFX, true },
	{ "URI:spiffe://example.org/ns/pr%6Fd/*", C_MAIL, false },
	/* A "." or ".." is refused anywhere in the rest, even where it
	 * would not leave the prefix (ns/prod/%2e%2e/admin is ns/admin):
	 * the rule resolves no path. */
	{ "URI:spiffe://example.org/ns/*", C_URI_E_UP, false },
	{ "URI:spiffe://example.org/ns/*", C_URI_E_UPEND, false },
	/* A whole URI rule is compared as written. */
	{ "URI:spiffe://example.org/ns/prod/%2e%2e/admin", C_URI_E_UP, true },
	{ "URI:spiffe://example.org/ns/admin", C_URI_E_UP, false },
#undef R
};

START_TEST(test_match)
{
	const struct match_row *r = &match_rows[_i];
	struct mtls_allow *list = NULL;
	struct mtls_err e = { 0 };
	const char *got;

	ck_assert_msg(mtls_allow_add(&list, r->rule, &e) == 0, "'%s': %s",
		      r->rule, e.msg);
	ck_assert_uint_eq(mtls_allow_count(list), 1);
	got = mtls_allow_match(list, certs[r->cert]);
	if (r->want) {
		ck_assert_msg(got != NULL, "'%s' does not admit '%s'", r->rule,
			      cert_specs[r->cert].subject);
		ck_assert_str_eq(got, r->rule);
	} else {
		ck_assert_msg(got == NULL, "'%s' admits '%s'", r->rule,
			      cert_specs[r->cert].subject);
	}
	mtls_allow_free(list);
}
END_TEST

/* ---- fingerprints */

enum fp_form {
	FP_LOWER_PLAIN,
	FP_UPPER_PLAIN,
	FP_LOWER_COLONS,
	FP_UPPER_COLONS,
	FP_MIXED,
	FP_LAST_BYTE_OFF
};

/* "sha256:" and the SHA-256 fingerprint of CRT written in FORM. */
static void
fp_rule(gnutls_x509_crt_t crt, enum fp_form form, char *out, size_t size)
{
	unsigned char fp[32];
	size_t fp_size = sizeof(fp), o;
	const char *digits = form == FP_UPPER_PLAIN || form == FP_UPPER_COLONS
				     ? "0123456789ABCDEF"
				     : "0123456789abcdef";

	ck_assert_int_eq(gnutls_x509_crt_get_fingerprint(crt, GNUTLS_DIG_SHA256,
							 fp, &fp_size),
			 0);
	ck_assert_uint_eq(fp_size, 32);
	if (form == FP_LAST_BYTE_OFF)
		fp[31] ^= 1;
	ck_assert_uint_ge(size, 7 + 32 * 3);
	memcpy(out, "sha256:", 7);
	o = 7;
	for (size_t i = 0; i < 32; i++) {
		/* FP_MIXED: upper case here and there, some colons */
		const char *hi = form == FP_MIXED && i % 3 == 0
					 ? "0123456789ABCDEF"
					 : digits;

		if (i > 0 &&
		    (form == FP_LOWER_COLONS || form == FP_UPPER_COLONS ||
		     (form == FP_MIXED && i % 2 == 0)))
			out[o++] = ':';
		out[o++] = hi[fp[i] >> 4];
		out[o++] = digits[fp[i] & 15];
	}
	out[o] = '\0';
}

struct fp_row {
	enum fp_form form;
	int rule_cert; /* whose fingerprint the rule holds */
	int cert;      /* the certificate shown */
	bool want;
};

static const struct fp_row fp_rows[] = {
	{ FP_LOWER_PLAIN, C_MAIL, C_MAIL, true },
	{ FP_UPPER_PLAIN, C_MAIL, C_MAIL, true },
	{ FP_LOWER_COLONS, C_MAIL, C_MAIL, true },
	{ FP_UPPER_COLONS, C_MAIL, C_MAIL, true },
	{ FP_MIXED, C_MAIL, C_MAIL, true },
	{ FP_LAST_BYTE_OFF, C_MAIL, C_MAIL, false },
	{ FP_LOWER_PLAIN, C_MAIL, C_OX, false },
	{ FP_UPPER_COLONS, C_OX, C_OX, true },
	/* Same subject key, same kind of name: still another
	 * certificate. */
	{ FP_LOWER_PLAIN, C_URI_UP, C_URI_DOT, false },
};

START_TEST(test_fingerprint)
{
	const struct fp_row *r = &fp_rows[_i];
	struct mtls_allow *list = NULL;
	struct mtls_err e = { 0 };
	char rule[128];
	const char *got;

	fp_rule(certs[r->rule_cert], r->form, rule, sizeof(rule));
	ck_assert_msg(mtls_allow_add(&list, rule, &e) == 0, "'%s': %s", rule,
		      e.msg);
	got = mtls_allow_match(list, certs[r->cert]);
	if (r->want) {
		ck_assert_msg(got != NULL, "'%s' does not match", rule);
		ck_assert_str_eq(got, rule);
	} else {
		ck_assert_msg(got == NULL, "'%s' matches", rule);
	}
	mtls_allow_free(list);
}
END_TEST

#define ROWS(a) (int)(sizeof(a) / sizeof((a)[0]))

Suite *
allow_suite(void)
{
	Suite *s = suite_create("allow");
	TCase *tc;

	tc = tcase_create("parse");
	tcase_add_loop_test(tc, test_bad_rule, 0, ROWS(bad_rules));
	suite_add_tcase(s, tc);
	tc = tcase_create("match");
	tcase_add_unchecked_fixture(tc, make_certs, free_certs);
	tcase_add_test(tc, test_list);
	tcase_add_loop_test(tc, test_match, 0, ROWS(match_rows));
	tcase_add_loop_test(tc, test_fingerprint, 0, ROWS(fp_rows));
	suite_add_tcase(s, tc);
	return s;
}
