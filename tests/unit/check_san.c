/*
 * check_san.c -- --san specs, the SAN a CN implies, and the extension's
 * DER both ways.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <string.h>

#include "mtls_internal.h"
#include "suites.h"

/* What one parsed name should be: the type and the value as text (for
 * an IP address, the hex of its raw bytes). */
struct want_san {
	gnutls_x509_subject_alt_name_t type;
	const char *value;
};

#define MAX_WANT 4

struct san_row {
	const char *spec;
	int want_rv;
	const char *want_msg;		/* on failure, a piece of the message */
	struct want_san want[MAX_WANT]; /* on success; ends at value NULL */
};

#define DNS GNUTLS_SAN_DNSNAME
#define IP GNUTLS_SAN_IPADDRESS
#define URI GNUTLS_SAN_URI
#define EMAIL GNUTLS_SAN_RFC822NAME
/* A spec that is refused, and a piece of the message. */
#define BAD(spec, msg)                                                         \
	{                                                                      \
		spec, -1, msg,                                                 \
		{                                                              \
			{                                                      \
				0, NULL                                        \
			}                                                      \
		}                                                              \
	}

static const struct san_row san_rows[] = {
	{ "DNS:localhost", 0, NULL, { { DNS, "localhost" } } },
	{ "dns:a.example.com", 0, NULL, { { DNS, "a.example.com" } } },
	{ "DNS:*.example.com", 0, NULL, { { DNS, "*.example.com" } } },
	{ "DNS:xn--bcher-kva.example",
	  0,
	  NULL,
	  { { DNS, "xn--bcher-kva.example" } } },
	{ "IP:127.0.0.1", 0, NULL, { { IP, "7f000001" } } },
	{ "ip:10.1.2.3", 0, NULL, { { IP, "0a010203" } } },
	{ "IP:::1", 0, NULL, { { IP, "00000000000000000000000000000001" } } },
	{ "IP:[::1]", 0, NULL, { { IP, "00000000000000000000000000000001" } } },
	{ "IP:2001:db8::1",
	  0,
	  NULL,
	  { { IP, "20010db8000000000000000000000001" } } },
	{ "IP:[2001:db8::1]",
	  0,
	  NULL,
	  { { IP, "20010db8000000000000000000000001" } } },
	{ "IP:::ffff:1.2.3.4",
	  0,
	  NULL,
	  { { IP, "00000000000000000000ffff01020304" } } },
	{ "URI:spiffe://example.org/ns/a",
	  0,
	  NULL,
	  { { URI, "spiffe://example.org/ns/a" } } },
	{ "uri:https://a.example/x?y=z",
	  0,
	  NULL,
	  { { URI, "https://a.example/x?y=z" } } },
	{ "URI:urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66",
	  0,
	  NULL,
	  { { URI, "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66" } } },
	{ "email:alice@example.com",
	  0,
	  NULL,
	  { { EMAIL, "alice@example.com" } } },
	{ "EMAIL:a.b+c@mail.example",
	  0,
	  NULL,
	  { { EMAIL, "a.b+c@mail.example" } } },
	/* Bare values: a host name or an address. */
	{ "localhost", 0, NULL, { { DNS, "localhost" } } },
	{ "www.example.com", 0, NULL, { { DNS, "www.example.com" } } },
	{ "*.example.com", 0, NULL, { { DNS, "*.example.com" } } },
	{ "*.example.co.uk", 0, NULL, { { DNS, "*.example.co.uk" } } },
	{ "*.acme.github.io", 0, NULL, { { DNS, "*.acme.github.io" } } },
	{ "DNS:*.github.io", 0, NULL, { { DNS, "*.github.io" } } },
	{ "DNS:123.example", 0, NULL, { { DNS, "123.example" } } },
	{ "DNS:Mixed.Example", 0, NULL, { { DNS, "Mixed.Example" } } },
	{ "URI:spiffe://acme_prod/ns/a",
	  0,
	  NULL,
	  { { URI, "spiffe://acme_prod/ns/a" } } },
	{ "URI:https://[2001:db8::1]:8443/x",
	  0,
	  NULL,
	  { { URI, "https://[2001:db8::1]:8443/x" } } },
	{ "URI:https://u@192.0.2.1/x%20y#f",
	  0,
	  NULL,
	  { { URI, "https://u@192.0.2.1/x%20y#f" } } },
	{ "email:o'brien+tag@example.com",
	  0,
	  NULL,
	  { { EMAIL, "o'brien+tag@example.com" } } },
	{ "IP:0.0.0.0", 0, NULL, { { IP, "00000000" } } },
	{ "IP:255.255.255.255", 0, NULL, { { IP, "ffffffff" } } },
	{ "IP:2001:DB8:0:0:0:0:0:1",
	  0,
	  NULL,
	  { { IP, "20010db8000000000000000000000001" } } },
	{ "192.168.0.1", 0, NULL, { { IP, "c0a80001" } } },
	{ "::1", 0, NULL, { { IP, "00000000000000000000000000000001" } } },
	{ "[fe80::1]",
	  0,
	  NULL,
	  { { IP, "fe800000000000000000000000000001" } } },
	/* Lists, in order. */
	{ "DNS:a.example,IP:10.0.0.1,URI:spiffe://x/y,email:a@b.example",
	  0,
	  NULL,
	  { { DNS, "a.example" },
	    { IP, "0a000001" },
	    { URI, "spiffe://x/y" },
	    { EMAIL, "a@b.example" } } },
	{ "localhost,127.0.0.1,::1",
	  0,
	  NULL,
	  { { DNS, "localhost" },
	    { IP, "7f000001" },
	    { IP, "00000000000000000000000000000001" } } },
	/* Host names: 63-character labels are the longest. */
	{ "DNS:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.b",
	  0,
	  NULL,
	  { { DNS,
	      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	      ".b" } } },

	/* Malformed. */
	BAD("", "empty name in SAN list ''"),
	BAD(",", "empty name in SAN list"),
	BAD("DNS:a,,DNS:b", "empty name in SAN list 'DNS:a,,DNS:b'"),
	BAD(",DNS:a", "empty name in SAN list"),
	BAD("DNS:a,", "empty name in SAN list"),
	BAD("DNS:", "invalid DNS name ''"),
	BAD("DNS:a_b.example", "invalid DNS name 'a_b.example'"),
	BAD("DNS:-a.example", "invalid DNS name '-a.example'"),
	BAD("DNS:a-.example", "invalid DNS name 'a-.example'"),
	BAD("DNS:a..example", "invalid DNS name 'a..example'"),
	BAD("DNS:example.com.", "invalid DNS name 'example.com.'"),
	BAD("DNS:a.*.example", "invalid DNS name 'a.*.example'"),
	BAD("DNS:*", "invalid DNS name '*'"),
	BAD("DNS:a b", "invalid DNS name 'a b'"),
	BAD("DNS:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.b",
	    "invalid DNS name 'aaaa"),
	BAD("IP:1.2.3", "invalid IP address '1.2.3'"),
	BAD("IP:256.1.1.1", "invalid IP address '256.1.1.1'"),
	BAD("IP:localhost", "invalid IP address 'localhost'"),
	BAD("IP:::1::2", "invalid IP address '::1::2'"),
	BAD("IP:[1.2.3.4", "invalid IP address '[1.2.3.4'"),
	BAD("IP:", "invalid IP address ''"),
	BAD("URI:example.com", "invalid URI 'example.com'"),
	BAD("URI:/path", "invalid URI '/path'"),
	BAD("URI:http:", "invalid URI 'http:'"),
	BAD("URI:1http://x", "invalid URI '1http://x'"),
	BAD("URI:http://a b", "invalid URI 'http://a b'"),
	BAD("email:alice", "invalid email address 'alice'"),
	BAD("email:@example.com", "invalid email address '@example.com'"),
	BAD("email:a@", "invalid email address 'a@'"),
	BAD("email:a@b@c", "invalid email address 'a@b@c'"),
	BAD("email:a@*.example", "invalid email address 'a@*.example'"),
	BAD("FOO:x", "unknown SAN type 'FOO'"),
	BAD("otherName:x", "unknown SAN type 'otherName'"),
	BAD("bad_host", "'bad_host' is not a valid host name: '_' is not "
			"allowed"),
	/* Host names that are not (host.c has the rules; these are what
	 * --san says about each). */
	BAD("10.0.0.300", "'10.0.0.300' is neither a valid IP address nor a "
			  "valid host name"),
	BAD("010.0.0.1", "'010.0.0.1' is neither a valid IP address nor a "
			 "valid host name"),
	BAD("0x7f.0.0.1", "'0x7f.0.0.1' is neither a valid IP address nor a "
			  "valid host name"),
	BAD("127.1", "'127.1' is neither a valid IP address nor a valid host "
		     "name"),
	BAD("DNS:10.0.0.300", "invalid DNS name '10.0.0.300' in SAN: its last "
			      "label is a number, as in an IP address"),
	BAD("DNS:1.2.3.4", "invalid DNS name '1.2.3.4' in SAN: its last label "
			   "is a number"),
	BAD("DNS:a..b",
	    "invalid DNS name 'a..b' in SAN: it has an empty label"),
	BAD("DNS:example.com.", "invalid DNS name 'example.com.' in SAN: it "
				"ends with a dot"),
	BAD("DNS:f*.example.com", "invalid DNS name 'f*.example.com' in SAN: "
				  "'*' is allowed only as the whole first "
				  "label"),
	BAD("DNS:*.*.example.com", "'*' is allowed only as the whole first "
				   "label"),
	BAD("DNS:*.com", "invalid DNS name '*.com' in SAN: a wildcard may not "
			 "stand directly under the public suffix 'com'"),
	BAD("DNS:*.co.uk", "a wildcard may not stand directly under the public "
			   "suffix 'co.uk'"),
	BAD("*.co.uk", "'*.co.uk' is not a valid host name: a wildcard may not "
		       "stand directly under the public suffix 'co.uk'"),
	BAD("IP:010.0.0.1", "invalid IP address '010.0.0.1' in SAN (IPv4 is "
			    "four decimal numbers from 0 to 255 without "
			    "leading zeros; IPv6 as in 2001:db8::1)"),
	BAD("IP:0x7f.0.0.1", "invalid IP address '0x7f.0.0.1'"),
	BAD("IP:127.1", "invalid IP address '127.1'"),
	BAD("IP:2130706433", "invalid IP address '2130706433'"),
	BAD("IP:1.2.3.4.5", "invalid IP address '1.2.3.4.5'"),
	BAD("IP:fe80::1%eth0", "invalid IP address 'fe80::1%eth0'"),
	BAD("URI:https://10.0.0.300/", "invalid URI 'https://10.0.0.300/' in "
				       "SAN: its host '10.0.0.300' is neither "
				       "a valid IP address nor a valid host "
				       "name"),
	BAD("URI:https:///x", "invalid URI 'https:///x' in SAN: its host is "
			      "empty"),
	BAD("URI:https://[::1/x", "its IPv6 host has no ']'"),
	BAD("URI:https://[1.2.3.4]/x", "its host '[1.2.3.4]' is not an IPv6 "
				       "address"),
	BAD("URI:https://a.example:8x/", "its port is not a number"),
	BAD("URI:http://a.example/a b", "byte 0x20 must be percent-encoded"),
	BAD("email:a..b@example.com", "its local part has '..'"),
	BAD("email:.a@example.com", "its local part starts or ends with '.'"),
	BAD("email:a(b)@example.com", "'(' is not allowed in its local part"),
	BAD("email:a@b_c.example", "invalid email address 'a@b_c.example' in "
				   "SAN: its domain 'b_c.example' is not a "
				   "valid host name"),
	BAD("email:a@10.0.0.1", "its domain '10.0.0.1' is not a valid host "
				"name: its last label is a number"),
	/* One bad item fails the whole list. */
	BAD("DNS:a.example,IP:999.0.0.1", "invalid IP address '999.0.0.1'"),
	BAD("localhost,FOO:x", "unknown SAN type 'FOO'"),
};

#undef DNS
#undef IP
#undef URI
#undef EMAIL
#undef BAD

static void
assert_san(const struct mtls_san *got, const struct want_san *want)
{
	char hex[2 * 16 + 1];

	ck_assert_int_eq(got->type, want->type);
	if (got->type == GNUTLS_SAN_IPADDRESS) {
		ck_assert_msg(got->value.size == 4 || got->value.size == 16,
			      "IP of %u bytes", got->value.size);
		test_hex(got->value.data, got->value.size, hex);
		ck_assert_str_eq(hex, want->value);
	} else {
		ck_assert_uint_eq(got->value.size, strlen(want->value));
		ck_assert_mem_eq(got->value.data, want->value, got->value.size);
	}
}

/* Each spec is added after one name already in the list, which must
 * stay the only one when the spec is bad. */
START_TEST(test_sans_add)
{
	const struct san_row *r = &san_rows[_i];
	struct mtls_sans sans = { NULL, 0 };
	struct mtls_err e = { 0 };
	const struct want_san first = { GNUTLS_SAN_DNSNAME, "first.example" };
	size_t n;
	int rv;

	ck_assert_int_eq(mtls_sans_add(&sans, "DNS:first.example", &e), 0);
	rv = mtls_sans_add(&sans, r->spec, &e);
	ck_assert_msg(rv == r->want_rv, "'%s': returned %d, want %d (%s)",
		      r->spec, rv, r->want_rv, e.msg);
	assert_san(&sans.items[0], &first);
	if (rv == 0) {
		for (n = 0; n < MAX_WANT && r->want[n].value != NULL; n++)
			;
		ck_assert_uint_eq(sans.n, 1 + n);
		for (n = 0; n + 1 < sans.n; n++)
			assert_san(&sans.items[1 + n], &r->want[n]);
	} else {
		ck_assert_uint_eq(sans.n, 1);
		test_assert_message(e.msg);
		ck_assert_msg(strstr(e.msg, r->want_msg) != NULL,
			      "'%s': message '%s' lacks '%s'", r->spec, e.msg,
			      r->want_msg);
	}
	mtls_sans_free(&sans);
	ck_assert_ptr_null(sans.items);
	ck_assert_uint_eq(sans.n, 0);
}
END_TEST

struct cn_row {
	const char *cn;
	int want_rv;
	struct want_san want;
	const char *want_msg; /* when refused */
};

static const struct cn_row cn_rows[] = {
	{ "localhost", 1, { GNUTLS_SAN_DNSNAME, "localhost" }, NULL },
	{ "www.example.com",
	  1,
	  { GNUTLS_SAN_DNSNAME, "www.example.com" },
	  NULL },
	{ "*.example.com", 1, { GNUTLS_SAN_DNSNAME, "*.example.com" }, NULL },
	{ "127.0.0.1", 1, { GNUTLS_SAN_IPADDRESS, "7f000001" }, NULL },
	{ "::1",
	  1,
	  { GNUTLS_SAN_IPADDRESS, "00000000000000000000000000000001" },
	  NULL },
	{ "billing-client", 1, { GNUTLS_SAN_DNSNAME, "billing-client" }, NULL },
	/* Not meant as a host: no SAN, no complaint. */
	{ "ABC Inc.", 0, { 0, NULL }, NULL },
	{ "alice@example.com", 0, { 0, NULL }, NULL },
	{ "My CA", 0, { 0, NULL }, NULL },
	{ "svc_account", 0, { 0, NULL }, NULL },
	{ "release-42", 1, { GNUTLS_SAN_DNSNAME, "release-42" }, NULL },
	{ "", 0, { 0, NULL }, NULL },
	/* Meant as a host or an address, and not a valid one: refused
	 * rather than made into a SAN no verifier accepts. */
	{ "10.0.0.300",
	  -1,
	  { 0, NULL },
	  "cannot make a SAN from the CN: '10.0.0.300' is neither a valid IP "
	  "address nor a valid host name" },
	{ "a_b.example",
	  -1,
	  { 0, NULL },
	  "cannot make a SAN from the CN: 'a_b.example' is not a valid host "
	  "name: '_' is not allowed (only letters, digits, '-' and '.')" },
	{ "example.com.",
	  -1,
	  { 0, NULL },
	  "cannot make a SAN from the CN: 'example.com.' is not a valid host "
	  "name: it ends with a dot" },
	{ "*.com",
	  -1,
	  { 0, NULL },
	  "cannot make a SAN from the CN: '*.com' is not a valid host name: a "
	  "wildcard may not stand directly under the public suffix 'com'" },
	{ "fe80::zz",
	  -1,
	  { 0, NULL },
	  "cannot make a SAN from the CN: 'fe80::zz' is neither a valid IP "
	  "address nor a valid host name" },
};

START_TEST(test_add_from_cn)
{
	const struct cn_row *r = &cn_rows[_i];
	struct mtls_sans sans = { NULL, 0 };
	struct mtls_err e = { 0 };

	ck_assert_int_eq(mtls_sans_add_from_cn(&sans, r->cn, &e), r->want_rv);
	ck_assert_uint_eq(sans.n, r->want_rv == 1 ? 1 : 0);
	if (r->want_rv == 1)
		assert_san(&sans.items[0], &r->want);
	if (r->want_rv == -1)
		ck_assert_str_eq(e.msg, r->want_msg);
	mtls_sans_free(&sans);
}
END_TEST

static const char *const round_trip_specs[] = {
	"DNS:localhost",
	"IP:127.0.0.1,IP:[2001:db8::1]",
	"DNS:a.example,IP:10.0.0.1,URI:spiffe://x/y,email:a@b.example",
	"*.example.com,::1,URI:urn:x:y",
};

/* Export then import gives back the same names, replacing what the list
 * held before. */
START_TEST(test_export_import)
{
	struct mtls_sans sans = { NULL, 0 }, back = { NULL, 0 };
	struct mtls_err e = { 0 };
	gnutls_datum_t der = { NULL, 0 };
	size_t i;

	ck_assert_int_eq(mtls_sans_add(&sans, round_trip_specs[_i], &e), 0);
	ck_assert_int_eq(mtls_sans_export(&sans, &der, &e), 0);
	ck_assert_uint_gt(der.size, 2);
	ck_assert_uint_eq(der.data[0], 0x30);
	ck_assert_int_eq(mtls_sans_add(&back, "DNS:old.example", &e), 0);
	ck_assert_int_eq(mtls_sans_import(&back, &der, &e), 0);
	ck_assert_uint_eq(back.n, sans.n);
	for (i = 0; i < sans.n; i++) {
		ck_assert_int_eq(back.items[i].type, sans.items[i].type);
		ck_assert_uint_eq(back.items[i].value.size,
				  sans.items[i].value.size);
		ck_assert_mem_eq(back.items[i].value.data,
				 sans.items[i].value.data,
				 sans.items[i].value.size);
	}
	gnutls_free(der.data);
	mtls_sans_free(&sans);
	mtls_sans_free(&back);
}
END_TEST

/* The DER of "DNS:a.example,IP:10.0.0.1" is the one OpenSSL writes for
 * "subjectAltName=DNS:a.example,IP:10.0.0.1" (openssl req -addext, the
 * extension's OCTET STRING contents). */
START_TEST(test_export_bytes)
{
	struct mtls_sans sans = { NULL, 0 };
	struct mtls_err e = { 0 };
	gnutls_datum_t der = { NULL, 0 };
	char hex[64 + 1];

	ck_assert_int_eq(mtls_sans_add(&sans, "DNS:a.example,IP:10.0.0.1", &e),
			 0);
	ck_assert_int_eq(mtls_sans_export(&sans, &der, &e), 0);
	ck_assert_uint_le(der.size, 32);
	test_hex(der.data, der.size, hex);
	ck_assert_str_eq(hex, "30118209612e6578616d706c6587040a000001");
	gnutls_free(der.data);
	mtls_sans_free(&sans);
}
END_TEST

/* Bad DER, and kinds of names we do not copy, leave the list alone. */
START_TEST(test_import_errors)
{
	static const unsigned char garbage[] = { 0x30, 0x05, 0x82, 0x01 };
	static const unsigned char dir_name[] = {
		0x30, 0x10, 0xa4, 0x0e, 0x30, 0x0c, 0x31, 0x0a, 0x30,
		0x08, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x01, 0x61,
	};
	gnutls_datum_t bad = { (unsigned char *)garbage, sizeof(garbage) };
	gnutls_datum_t der;
	struct mtls_sans sans = { NULL, 0 };
	struct mtls_err e = { 0 };

	ck_assert_int_eq(mtls_sans_add(&sans, "DNS:keep.example", &e), 0);
	ck_assert_int_eq(mtls_sans_import(&sans, &bad, &e), -1);
	test_assert_message(e.msg);
	ck_assert_ptr_nonnull(strstr(e.msg, "malformed subjectAltName"));
	ck_assert_uint_eq(sans.n, 1);

	/* GeneralNames holding a directoryName, [4] { /CN=a }. */
	der.data = (unsigned char *)dir_name;
	der.size = sizeof(dir_name);
	memset(e.msg, 0, sizeof(e.msg));
	ck_assert_int_eq(mtls_sans_import(&sans, &der, &e), -1);
	test_assert_message(e.msg);
	ck_assert_ptr_nonnull(strstr(e.msg, "unsupported kind"));
	ck_assert_uint_eq(sans.n, 1);
	ck_assert_mem_eq(sans.items[0].value.data, "keep.example", 12);
	mtls_sans_free(&sans);
}
END_TEST

/* mtls_sans_copy appends. */
START_TEST(test_copy)
{
	struct mtls_sans a = { NULL, 0 }, b = { NULL, 0 };
	struct mtls_err e = { 0 };
	const struct want_san w0 = { GNUTLS_SAN_DNSNAME, "b.example" };
	const struct want_san w1 = { GNUTLS_SAN_DNSNAME, "a.example" };
	const struct want_san w2 = { GNUTLS_SAN_IPADDRESS, "7f000001" };

	ck_assert_int_eq(mtls_sans_add(&a, "DNS:a.example,IP:127.0.0.1", &e),
			 0);
	ck_assert_int_eq(mtls_sans_add(&b, "DNS:b.example", &e), 0);
	ck_assert_int_eq(mtls_sans_copy(&b, &a, &e), 0);
	ck_assert_uint_eq(b.n, 3);
	assert_san(&b.items[0], &w0);
	assert_san(&b.items[1], &w1);
	assert_san(&b.items[2], &w2);
	ck_assert_uint_eq(a.n, 2);
	mtls_sans_free(&a);
	mtls_sans_free(&b);
}
END_TEST

#define ROWS(a) (int)(sizeof(a) / sizeof((a)[0]))

Suite *
san_suite(void)
{
	Suite *s = suite_create("san");
	TCase *tc;

	tc = tcase_create("mtls_sans_add");
	tcase_add_loop_test(tc, test_sans_add, 0, ROWS(san_rows));
	suite_add_tcase(s, tc);
	tc = tcase_create("mtls_sans_add_from_cn");
	tcase_add_loop_test(tc, test_add_from_cn, 0, ROWS(cn_rows));
	suite_add_tcase(s, tc);
	tc = tcase_create("DER");
	tcase_add_loop_test(tc, test_export_import, 0, ROWS(round_trip_specs));
	tcase_add_test(tc, test_export_bytes);
	tcase_add_test(tc, test_import_errors);
	tcase_add_test(tc, test_copy);
	suite_add_tcase(s, tc);
	return s;
}
