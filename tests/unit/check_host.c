/*
 * check_host.c -- host.c: which host names are valid and why not, IP
 * addresses in their one IPv4 spelling and every IPv6 one, wildcard
 * matching, hosts as people type them, and certificates against hosts
 * (made here with GnuTLS directly, so that they may carry names our own
 * tools refuse to write), with the words for a mismatch.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "mtls_internal.h"
#include "suites.h"

#define ROWS(a) (int)(sizeof(a) / sizeof((a)[0]))

/* ---- mtls_hostname_check, mtls_is_hostname */

struct hostname_row {
	const char *text;
	bool wildcard;	 /* may it be a wildcard name */
	const char *why; /* NULL: valid */
};

#define LDH "(only letters, digits, '-' and '.')"
#define NUMBER "its last label is a number, as in an IP address"
#define STAR "'*' is allowed only as the whole first label, as in *.example.com"
#define L63 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

static const struct hostname_row hostname_rows[] = {
	{ "localhost", false, NULL },
	{ "a", false, NULL },
	{ "a.b.c", false, NULL },
	{ "A-1.Example.COM", false, NULL },
	{ "123.example", false, NULL },
	{ "a1", false, NULL },
	{ "xn--bcher-kva.example", false, NULL },
	{ "x.0a", false, NULL }, /* hex, but no "0x": a name */
	{ "x.0xg", false, NULL },
	{ L63, false, NULL },
	{ L63 ".b", false, NULL },
	{ L63 "a", false, "a label is longer than 63 characters" },
	{ "", false, "it is empty" },
	{ ".", false, "it ends with a dot" },
	{ ".example", false, "it has an empty label" },
	{ "example.", false, "it ends with a dot" },
	{ "example.com.", false, "it ends with a dot" },
	{ "a..b", false, "it has an empty label" },
	{ "-a", false, "label '-a' starts or ends with '-'" },
	{ "a-", false, "label 'a-' starts or ends with '-'" },
	{ "a.-b.c", false, "label '-b' starts or ends with '-'" },
	{ "a_b", false, "'_' is not allowed " LDH },
	{ "_srv.example", false, "'_' is not allowed " LDH },
	{ "a b", false, "byte 0x20 is not allowed " LDH },
	{ "a:b", false, "':' is not allowed " LDH },
	{ "[::1]", false, "'[' is not allowed " LDH },
	{ "a/b", false, "'/' is not allowed " LDH },
	{ "caf\xc3\xa9.example", false, "byte 0xc3 is not allowed " LDH },
	{ "a\tb", false, "byte 0x09 is not allowed " LDH },
	/* A last label a URL parser reads as a number (WHATWG "ends in a
	 * number"): an address, never a name. */
	{ "10.0.0.300", false, NUMBER },
	{ "1.2.3.4", false, NUMBER },
	{ "127.1", false, NUMBER },
	{ "2130706433", false, NUMBER },
	{ "0x7f000001", false, NUMBER },
	{ "0X7F.1", false, NUMBER },
	{ "0x", false, NUMBER },
	{ "example.123", false, NUMBER },
	{ "example.0x1f", false, NUMBER },
	/* Wildcards: only where allowed, and only as "*." first. */
	{ "*.example.com", false, "a wildcard is not a host name" },
	{ "*.example.com", true, NULL },
	{ "*.a.b.c.example", true, NULL },
	{ "*.example.co.uk", true, NULL },
	{ "*.github.io", true, NULL }, /* a private suffix: allowed */
	{ "*.internal.corp", true, NULL },
	{ "*", true,
	  "'*' is allowed only as the whole first label, as in "
	  "*.example.com" },
	{ "*.", true, "it ends with a dot" },
	{ "**.example.com", true, STAR },
	{ "f*.example.com", true, STAR },
	{ "*f.example.com", true, STAR },
	{ "f*o.example.com", true, STAR },
	{ "*.*.example.com", true, STAR },
	{ "a.*.example.com", true, STAR },
	{ "example.*", true, STAR },
	{ "*.example.*", true, STAR },
	{ "*..example.com", true, "it has an empty label" },
	{ "*.a_b.example", true, "'_' is not allowed " LDH },
	{ "*.10.0.0.1", true, NUMBER },
	{ "*.com", true,
	  "a wildcard may not stand directly under the public suffix 'com'" },
	{ "*.COM", true,
	  "a wildcard may not stand directly under the public suffix 'COM'" },
	{ "*.co.uk", true,
	  "a wildcard may not stand directly under the public suffix "
	  "'co.uk'" },
	{ "*.CO.UK", true,
	  "a wildcard may not stand directly under the public suffix "
	  "'CO.UK'" },
	{ "*.Example.Co.Uk", true, NULL },
	{ "*.uk", true,
	  "a wildcard may not stand directly under the public suffix 'uk'" },
	{ "*.xn--p1ai", true,
	  "a wildcard may not stand directly under the public suffix "
	  "'xn--p1ai'" },
	/* Not in the list: the "*" rule makes an unknown TLD a suffix. */
	{ "*.localhost", true,
	  "a wildcard may not stand directly under the public suffix "
	  "'localhost'" },
	{ "*.internal", true,
	  "a wildcard may not stand directly under the public suffix "
	  "'internal'" },
};

START_TEST(test_hostname_check)
{
	const struct hostname_row *r = &hostname_rows[_i];
	char why[256] = "stale";
	int rv = mtls_hostname_check(r->text, r->wildcard, why, sizeof(why));

	if (r->why == NULL) {
		ck_assert_msg(rv == 0, "'%s' refused: %s", r->text, why);
	} else {
		ck_assert_msg(rv == -1, "'%s' accepted", r->text);
		ck_assert_str_eq(why, r->why);
	}
	if (!r->wildcard)
		ck_assert(mtls_is_hostname(r->text) == (r->why == NULL));
}
END_TEST

/* 253 characters is the longest name; 255 is too long. */
START_TEST(test_hostname_total_length)
{
	char name[256], why[128];
	size_t i;

	for (i = 0; i < 253; i++)
		name[i] = i % 2 ? '.' : 'a';
	name[253] = '\0';
	ck_assert(mtls_is_hostname(name));
	name[253] = '.';
	name[254] = 'a';
	name[255] = '\0';
	ck_assert(!mtls_is_hostname(name));
	ck_assert_int_eq(mtls_hostname_check(name, false, why, sizeof(why)),
			 -1);
	ck_assert_str_eq(why, "it is longer than 253 characters");
}
END_TEST

/* ---- mtls_ip_parse */

struct ip_row {
	const char *text;
	const char *hex; /* NULL: not an address */
};

static const struct ip_row ip_rows[] = {
	{ "127.0.0.1", "7f000001" },
	{ "0.0.0.0", "00000000" },
	{ "255.255.255.255", "ffffffff" },
	{ "192.0.2.1", "c0000201" },
	{ "10.0.0.10", "0a00000a" },
	/* IPv4 has one spelling: no hex, octal, leading zeros, short or
	 * long forms, no spaces. */
	{ "256.0.0.1", NULL },
	{ "10.0.0.300", NULL },
	{ "010.0.0.1", NULL },
	{ "10.0.0.01", NULL },
	{ "00.0.0.0", NULL },
	{ "0x7f.0.0.1", NULL },
	{ "0x7f000001", NULL },
	{ "2130706433", NULL },
	{ "017700000001", NULL },
	{ "127.1", NULL },
	{ "127.0.1", NULL },
	{ "1.2.3.4.5", NULL },
	{ "1.2.3.", NULL },
	{ ".1.2.3", NULL },
	{ "1..2.3", NULL },
	{ " 1.2.3.4", NULL },
	{ "1.2.3.4 ", NULL },
	{ "1.2.3.-4", NULL },
	{ "1.2.3.+4", NULL },
	{ "1000.2.3.4", NULL },
	{ "", NULL },
	{ "localhost", NULL },
	/* IPv6: every spelling of the same address, brackets or not. */
	{ "::1", "00000000000000000000000000000001" },
	{ "0:0:0:0:0:0:0:1", "00000000000000000000000000000001" },
	{ "0000:0000:0000:0000:0000:0000:0000:0001",
	  "00000000000000000000000000000001" },
	{ "[::1]", "00000000000000000000000000000001" },
	{ "2001:db8::1", "20010db8000000000000000000000001" },
	{ "2001:DB8:0:0:0:0:0:1", "20010db8000000000000000000000001" },
	{ "2001:0db8::0:1", "20010db8000000000000000000000001" },
	{ "::ffff:192.0.2.1", "00000000000000000000ffffc0000201" },
	{ "::", "00000000000000000000000000000000" },
	{ "::1::2", NULL },
	{ "2001:db8::g", NULL },
	{ "fe80::1%eth0", NULL },
	{ "[::1", NULL },
	{ "::1]", NULL },
	{ "[[::1]]", NULL },
	{ "[127.0.0.1]", NULL },
	{ "1:2:3:4:5:6:7:8:9", NULL },
	{ "::ffff:010.0.0.1", NULL },
};

START_TEST(test_ip_parse)
{
	const struct ip_row *r = &ip_rows[_i];
	unsigned char ip[16];
	char hex[33];
	unsigned n = mtls_ip_parse(r->text, ip);

	if (r->hex == NULL) {
		ck_assert_msg(n == 0, "'%s' taken for an address", r->text);
		return;
	}
	ck_assert_uint_eq(n, strlen(r->hex) / 2);
	test_hex(ip, n, hex);
	ck_assert_str_eq(hex, r->hex);
}
END_TEST

/* ---- mtls_hostname_matches */

struct match_row {
	const char *pattern, *host;
	bool want;
};

static const struct match_row match_rows[] = {
	{ "a.example", "a.example", true },
	{ "A.Example", "a.EXAMPLE", true },
	{ "a.example", "b.example", false },
	{ "a.example", "a.example.com", false },
	{ "a.example", "x.a.example", false },
	{ "localhost", "localhost", true },
	/* "*" is one whole label, never none and never two. */
	{ "*.example.com", "www.example.com", true },
	{ "*.example.com", "WWW.Example.Com", true },
	{ "*.Example.com", "a-b.example.com", true },
	{ "*.example.com", "example.com", false },
	{ "*.example.com", ".example.com", false },
	{ "*.example.com", "a.b.example.com", false },
	{ "*.example.com", "www.example.org", false },
	{ "*.example.com", "wwwexample.com", false },
	{ "*.example.co.uk", "www.example.co.uk", true },
	{ "*.acme.github.io", "x.acme.github.io", true },
	/* Never in the wrong place, never under a public suffix. */
	{ "f*.example.com", "foo.example.com", false },
	{ "*o.example.com", "foo.example.com", false },
	{ "*.*.example.com", "a.b.example.com", false },
	{ "a.*.example.com", "a.b.example.com", false },
	{ "*.com", "example.com", false },
	{ "*.co.uk", "example.co.uk", false },
	{ "*.localhost", "a.localhost", false },
	{ "*", "localhost", false },
	/* Neither side may be anything but a name. */
	{ "*.example.com", "*.example.com", false },
	{ "a_b.example", "a_b.example", false },
	{ "10.0.0.1", "10.0.0.1", false },
	{ "example.com.", "example.com.", false },
	{ "a..b", "a..b", false },
};

START_TEST(test_hostname_matches)
{
	const struct match_row *r = &match_rows[_i];

	ck_assert_msg(mtls_hostname_matches(r->pattern, r->host) == r->want,
		      "'%s' against '%s' is not %s", r->pattern, r->host,
		      r->want ? "a match" : "a mismatch");
}
END_TEST

/* ---- mtls_host_parse */

struct host_row {
	const char *text;
	int want_rv;
	const char *want; /* the name, or the address as printed; or the
			   * message */
	unsigned ip_len;
};

#define NEITHER                                                                \
	"' is neither a valid IP address nor a valid host name (IPv4 is "      \
	"written as four decimal numbers from 0 to 255 without leading "       \
	"zeros)"

static const struct host_row host_rows[] = {
	{ "localhost", 0, "localhost", 0 },
	{ "billing-client", 0, "billing-client", 0 },
	{ "Leaf.Example", 0, "Leaf.Example", 0 },
	{ "leaf.example.", 0, "leaf.example", 0 }, /* the absolute form */
	{ "192.0.2.1", 0, "192.0.2.1", 4 },
	{ "::1", 0, "::1", 16 },
	{ "[::1]", 0, "::1", 16 },
	{ "2001:DB8:0:0::1", 0, "2001:db8::1", 16 },
	{ "::ffff:192.0.2.1", 0, "::ffff:192.0.2.1", 16 },
	{ "010.0.0.1", -1, "'010.0.0.1" NEITHER, 0 },
	{ "10.0.0.300", -1, "'10.0.0.300" NEITHER, 0 },
	{ "0x7f.0.0.1", -1, "'0x7f.0.0.1" NEITHER, 0 },
	{ "0x7f000001", -1, "'0x7f000001" NEITHER, 0 },
	{ "2130706433", -1, "'2130706433" NEITHER, 0 },
	{ "127.1", -1, "'127.1" NEITHER, 0 },
	{ "127.0.0.1.", -1, "'127.0.0.1." NEITHER, 0 },
	{ "fe80::1%eth0", -1, "'fe80::1%eth0" NEITHER, 0 },
	{ "::1::2", -1, "'::1::2" NEITHER, 0 },
	{ "a_b.example", -1,
	  "'a_b.example' is not a valid host name: '_' is not allowed " LDH,
	  0 },
	{ "*.example.com", -1,
	  "'*.example.com' is not a valid host name: a wildcard is not a "
	  "host name",
	  0 },
	{ "a..b", -1, "'a..b' is not a valid host name: it has an empty label",
	  0 },
	{ "example.com..", -1,
	  "'example.com..' is not a valid host name: it ends with a dot", 0 },
	{ ".", -1, "'.' is not a valid host name: it ends with a dot", 0 },
	{ "", -1, "'' is not a valid host name: it is empty", 0 },
};

START_TEST(test_host_parse)
{
	const struct host_row *r = &host_rows[_i];
	struct mtls_host host;
	struct mtls_err e = { 0 };

	ck_assert_int_eq(mtls_host_parse(r->text, &host, &e), r->want_rv);
	if (r->want_rv == 0) {
		ck_assert_str_eq(host.name, r->want);
		ck_assert_uint_eq(host.ip_len, r->ip_len);
	} else {
		test_assert_message(e.msg);
		ck_assert_str_eq(e.msg, r->want);
	}
}
END_TEST

/* ---- certificates against hosts */

/* SANS: "D" DNS, "I" IP (text), "U" URI, then the value, each item
 * separated by '|'; NULL: no SAN extension at all.  Self-signed. */
static gnutls_x509_crt_t
crt_with(const char *cn, const char *sans, gnutls_privkey_t key)
{
	gnutls_x509_crt_t crt;
	gnutls_pubkey_t pub;
	gnutls_datum_t der;
	unsigned char serial[1] = { 1 }, ip[16];
	char copy[512], *item, *save = NULL;
	unsigned n;

	ck_assert_int_eq(gnutls_x509_crt_init(&crt), 0);
	ck_assert_int_eq(gnutls_x509_crt_set_version(crt, 3), 0);
	ck_assert_int_eq(gnutls_x509_crt_set_serial(crt, serial, 1), 0);
	ck_assert_int_eq(gnutls_x509_crt_set_activation_time(crt, TEST_T0), 0);
	ck_assert_int_eq(
		gnutls_x509_crt_set_expiration_time(crt, TEST_T0 + TEST_DAY),
		0);
	if (cn != NULL)
		ck_assert_int_eq(gnutls_x509_crt_set_dn_by_oid(
					 crt, GNUTLS_OID_X520_COMMON_NAME, 0,
					 cn, (unsigned)strlen(cn)),
				 0);
	else
		ck_assert_int_eq(gnutls_x509_crt_set_dn_by_oid(
					 crt, GNUTLS_OID_X520_ORGANIZATION_NAME,
					 0, "No CN", 5),
				 0);
	if (sans != NULL) {
		snprintf(copy, sizeof(copy), "%s", sans);
		for (item = strtok_r(copy, "|", &save); item != NULL;
		     item = strtok_r(NULL, "|", &save)) {
			gnutls_x509_subject_alt_name_t type =
				item[0] == 'D'	 ? GNUTLS_SAN_DNSNAME
				: item[0] == 'I' ? GNUTLS_SAN_IPADDRESS
						 : GNUTLS_SAN_URI;
			const void *v = item + 1;

			n = (unsigned)strlen(item + 1);
			if (type == GNUTLS_SAN_IPADDRESS) {
				n = mtls_ip_parse(item + 1, ip);
				ck_assert_uint_ne(n, 0);
				v = ip;
			}
			ck_assert_int_eq(gnutls_x509_crt_set_subject_alt_name(
						 crt, type, v, n,
						 GNUTLS_FSAN_APPEND),
					 0);
		}
	}
	ck_assert_int_eq(gnutls_pubkey_init(&pub), 0);
	ck_assert_int_eq(gnutls_pubkey_import_privkey(pub, key, 0, 0), 0);
	ck_assert_int_eq(gnutls_x509_crt_set_pubkey(crt, pub), 0);
	gnutls_pubkey_deinit(pub);
	ck_assert_int_eq(gnutls_x509_crt_privkey_sign(crt, crt, key,
						      GNUTLS_DIG_SHA256, 0),
			 0);
	/* Read back, as a peer would: GnuTLS's getters see the names of a
	 * certificate it decoded, not of one still being built. */
	ck_assert_int_eq(gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER,
						 &der),
			 0);
	gnutls_x509_crt_deinit(crt);
	ck_assert_int_eq(gnutls_x509_crt_init(&crt), 0);
	ck_assert_int_eq(gnutls_x509_crt_import(crt, &der, GNUTLS_X509_FMT_DER),
			 0);
	gnutls_free(der.data);
	return crt;
}

struct crt_host_row {
	const char *cn;	  /* NULL: no CN */
	const char *sans; /* see crt_with */
	const char *host;
	enum mtls_host_match want;
	const char *words;	  /* mtls_crt_host_mismatch, when not a match */
	const char *strict_words; /* the same with strict, when it differs */
};

#define NO MTLS_HOST_NO_MATCH
#define SAN MTLS_HOST_MATCH_SAN
#define CN MTLS_HOST_MATCH_CN

static const struct crt_host_row crt_host_rows[] = {
	/* DNS names, by case-insensitive comparison. */
	{ "x", "Dleaf.example|I192.0.2.1", "leaf.example", SAN, NULL, NULL },
	{ "x", "DLeaf.Example", "leaf.EXAMPLE", SAN, NULL, NULL },
	{ "x", "Dleaf.example", "leaf.example.", SAN, NULL, NULL },
	{ "x", "Dleaf.example|I192.0.2.1", "other.example", NO,
	  "issued for 'leaf.example', '192.0.2.1', not 'other.example'", NULL },
	{ "x", "D*.example.com", "a.example.com", SAN, NULL, NULL },
	{ "x", "D*.example.com", "a.b.example.com", NO,
	  "issued for '*.example.com', not 'a.b.example.com'", NULL },
	{ "x", "D*.example.com", "example.com", NO,
	  "issued for '*.example.com', not 'example.com'", NULL },
	/* Bad DNS SANs match nothing, and are named as they are. */
	{ "x", "Df*.example.com", "foo.example.com", NO,
	  "issued for 'f*.example.com', not 'foo.example.com'", NULL },
	{ "x", "D*.com", "example.com", NO,
	  "issued for '*.com', not 'example.com'", NULL },
	{ "x", "D*.co.uk", "example.co.uk", NO,
	  "issued for '*.co.uk', not 'example.co.uk'", NULL },
	{ "x", "Da_b.example|Dok.example", "ok.example", SAN, NULL, NULL },
	/* Addresses: IP SANs only, by value, whatever the spelling. */
	{ "x", "I192.0.2.1", "192.0.2.1", SAN, NULL, NULL },
	{ "x", "I2001:db8::1", "2001:DB8:0:0:0:0:0:1", SAN, NULL, NULL },
	{ "x", "I2001:db8::1", "[2001:db8::1]", SAN, NULL, NULL },
	{ "x", "I::ffff:192.0.2.1", "192.0.2.1", NO,
	  "issued for '::ffff:192.0.2.1', not '192.0.2.1'", NULL },
	{ "x", "I192.0.2.1", "::ffff:192.0.2.1", NO,
	  "issued for '192.0.2.1', not '::ffff:192.0.2.1'", NULL },
	{ "192.0.2.1", "D192.0.2.1", "192.0.2.1", NO,
	  "issued for '192.0.2.1', not '192.0.2.1' (an IP address matches "
	  "only IP addresses in the SANs)",
	  NULL },
	{ "x", "Dleaf.example", "192.0.2.1", NO,
	  "issued for 'leaf.example', not '192.0.2.1' (an IP address matches "
	  "only IP addresses in the SANs)",
	  NULL },
	{ "x", "I192.0.2.1", "leaf.example", NO,
	  "issued for '192.0.2.1', not 'leaf.example'", NULL },
	/* A SAN extension without DNS or IP names: never the CN (the bug
	 * that said "issued for 'billing-client', not 'billing-client'"). */
	{ "billing-client", "Uspiffe://acme/billing", "billing-client", NO,
	  "'CN=billing-client' has no DNS name or IP address in its SANs, so "
	  "it is not issued for 'billing-client'",
	  NULL },
	{ "192.0.2.1", "Uspiffe://acme/billing", "192.0.2.1", NO,
	  "'CN=192.0.2.1' has no DNS name or IP address in its SANs, so it "
	  "is not issued for '192.0.2.1'",
	  NULL },
	/* No SAN extension at all: the CN for names (legacy), never for
	 * addresses. */
	{ "plain.example", NULL, "plain.example", CN, NULL,
	  "'CN=plain.example' has no SANs, and under strict checking its CN "
	  "is not taken for a host name, so it is not issued for "
	  "'plain.example'" },
	{ "*.example.com", NULL, "a.example.com", CN, NULL,
	  "'CN=*.example.com' has no SANs, and under strict checking its CN "
	  "is not taken for a host name, so it is not issued for "
	  "'a.example.com'" },
	{ "plain.example", NULL, "other.example", NO,
	  "issued for 'plain.example', not 'other.example'", NULL },
	{ "192.0.2.1", NULL, "192.0.2.1", NO,
	  "'CN=192.0.2.1' has no SANs, and an IP address matches only IP "
	  "addresses in the SANs, so it is not issued for '192.0.2.1'",
	  NULL },
	{ "My Server", NULL, "my.example", NO,
	  "'CN=My Server' has no SANs and no host name in its CN, so it is "
	  "not issued for 'my.example'",
	  NULL },
	{ NULL, NULL, "my.example", NO,
	  "'O=No CN' has no SANs and no host name in its CN, so it is not "
	  "issued for 'my.example'",
	  NULL },
};

START_TEST(test_crt_host)
{
	const struct crt_host_row *r = &crt_host_rows[_i];
	gnutls_privkey_t key = test_key_new(GNUTLS_PK_ECDSA, 0);
	gnutls_x509_crt_t crt = crt_with(r->cn, r->sans, key);
	struct mtls_host host;
	struct mtls_err e = { 0 };
	char words[1024];

	ck_assert_msg(mtls_host_parse(r->host, &host, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(mtls_crt_match_host(crt, &host), r->want);
	if (r->words != NULL) {
		mtls_crt_host_mismatch(crt, &host, false, words, sizeof(words));
		ck_assert_str_eq(words, r->words);
	}
	mtls_crt_host_mismatch(crt, &host, true, words, sizeof(words));
	if (r->strict_words != NULL)
		ck_assert_str_eq(words, r->strict_words);
	else if (r->words != NULL)
		ck_assert_str_eq(words, r->words);
	gnutls_x509_crt_deinit(crt);
	gnutls_privkey_deinit(key);
}
END_TEST

struct dns_sans_row {
	const char *sans;
	const char *why; /* NULL: all valid */
};

static const struct dns_sans_row dns_sans_rows[] = {
	{ NULL, NULL },
	{ "Dleaf.example|I192.0.2.1|Uspiffe://a/b", NULL },
	{ "D*.example.com|Dexample.com", NULL },
	{ "Uspiffe://a_b/c", NULL }, /* only DNS names are judged */
	{ "Dok.example|Da_b.example",
	  "its SAN 'DNS:a_b.example' is not a valid host name: '_' is not "
	  "allowed " LDH },
	{ "D10.0.0.300",
	  "its SAN 'DNS:10.0.0.300' is not a valid host name: " NUMBER },
	{ "D192.0.2.1",
	  "its SAN 'DNS:192.0.2.1' is not a valid host name: " NUMBER },
	{ "Da..example", "its SAN 'DNS:a..example' is not a valid host name: "
			 "it has an empty label" },
	{ "Dexample.com.", "its SAN 'DNS:example.com.' is not a valid host "
			   "name: it ends with a dot" },
	{ "Df*.example.com", "its SAN 'DNS:f*.example.com' is not a valid "
			     "host name: " STAR },
	{ "D*.*.example.com", "its SAN 'DNS:*.*.example.com' is not a valid "
			      "host name: " STAR },
	{ "Da.*.example.com", "its SAN 'DNS:a.*.example.com' is not a valid "
			      "host name: " STAR },
	{ "D*.co.uk", "its SAN 'DNS:*.co.uk' is not a valid host name: a "
		      "wildcard may not stand directly under the public suffix "
		      "'co.uk'" },
	{ "D" L63 "a.example", "its SAN 'DNS:" L63 "a.example' is not a valid "
			       "host name: a label is longer than 63 "
			       "characters" },
	{ "Da b.example", "its SAN 'DNS:a b.example' is not a valid host name: "
			  "byte 0x20 is not allowed " LDH },
};

START_TEST(test_crt_check_dns_sans)
{
	const struct dns_sans_row *r = &dns_sans_rows[_i];
	gnutls_privkey_t key = test_key_new(GNUTLS_PK_ECDSA, 0);
	gnutls_x509_crt_t crt = crt_with("x", r->sans, key);
	char why[1024] = "stale";

	ck_assert_int_eq(mtls_crt_check_dns_sans(crt, why, sizeof(why)),
			 r->why == NULL ? 0 : -1);
	ck_assert_str_eq(why, r->why == NULL ? "" : r->why);
	gnutls_x509_crt_deinit(crt);
	gnutls_privkey_deinit(key);
}
END_TEST

/* ---- mtls_sans_check: a request's DNS names, as signcsr judges them */

START_TEST(test_sans_check)
{
	struct mtls_sans sans = { NULL, 0 };
	struct mtls_err e = { 0 };
	gnutls_datum_t v = { (unsigned char *)"a_b.example", 11 };
	struct mtls_san item = { GNUTLS_SAN_DNSNAME, v };
	struct mtls_sans one = { &item, 1 };

	ck_assert_int_eq(mtls_sans_add(&sans, "DNS:a.example,IP:::1", &e), 0);
	ck_assert_int_eq(mtls_sans_check(&sans, &e), 0);
	mtls_sans_free(&sans);
	ck_assert_int_eq(mtls_sans_check(&one, &e), -1);
	ck_assert_str_eq(e.msg, "invalid DNS name 'a_b.example' in SAN: '_' is "
				"not allowed " LDH);
}
END_TEST

Suite *
host_suite(void)
{
	Suite *s = suite_create("host");
	TCase *tc;

	tc = tcase_create("mtls_hostname_check");
	tcase_add_loop_test(tc, test_hostname_check, 0, ROWS(hostname_rows));
	tcase_add_test(tc, test_hostname_total_length);
	suite_add_tcase(s, tc);
	tc = tcase_create("mtls_ip_parse");
	tcase_add_loop_test(tc, test_ip_parse, 0, ROWS(ip_rows));
	suite_add_tcase(s, tc);
	tc = tcase_create("mtls_hostname_matches");
	tcase_add_loop_test(tc, test_hostname_matches, 0, ROWS(match_rows));
	suite_add_tcase(s, tc);
	tc = tcase_create("mtls_host_parse");
	tcase_add_loop_test(tc, test_host_parse, 0, ROWS(host_rows));
	suite_add_tcase(s, tc);
	tc = tcase_create("certificates");
	tcase_add_loop_test(tc, test_crt_host, 0, ROWS(crt_host_rows));
	tcase_add_loop_test(tc, test_crt_check_dns_sans, 0,
			    ROWS(dns_sans_rows));
	tcase_add_test(tc, test_sans_check);
	suite_add_tcase(s, tc);
	return s;
}
