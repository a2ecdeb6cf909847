/*
 * check_constraints.c -- constraints.c: one name against a CA's name
 * constraints as a verifier judges it (mtls_name_constraints_allow):
 * DNS subtrees, a wildcard name against excluded subtrees, URIs by their
 * host, email addresses and IP ranges.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <arpa/inet.h>
#include <string.h>

#include "mtls_internal.h"
#include "suites.h"

struct allow_row {
	const char *permit;  /* a constraint in --permit syntax, or NULL */
	const char *exclude; /* likewise */
	int type;	     /* GNUTLS_SAN_* of the name */
	const char *name;    /* an IP address as text */
	bool want;
};

#define DNS GNUTLS_SAN_DNSNAME
#define URI GNUTLS_SAN_URI
#define MAIL GNUTLS_SAN_RFC822NAME
#define IP GNUTLS_SAN_IPADDRESS

static const struct allow_row allow_rows[] = {
	/* DNS subtrees: the name and every name under it. */
	{ "DNS:ok.test", NULL, DNS, "ok.test", true },
	{ "DNS:ok.test", NULL, DNS, "a.b.ok.test", true },
	{ "DNS:ok.test", NULL, DNS, "notok.test", false },
	{ "DNS:ok.test", NULL, DNS, "leaf.test", false },
	{ NULL, "DNS:bad.test", DNS, "x.bad.test", false },
	{ NULL, "DNS:bad.test", DNS, "good.test", true },
	/* A wildcard stands for every name one label under it. */
	{ NULL, "DNS:bad.wild.test", DNS, "*.wild.test", false },
	{ NULL, "DNS:BAD.Wild.Test", DNS, "*.wild.test", false },
	{ NULL, "DNS:bad.wild.test", DNS, "*.other.test", true },
	{ NULL, "DNS:bad.wild.test", DNS, "x.wild.test", true },
	{ NULL, "DNS:a.bad.wild.test", DNS, "*.wild.test", true },
	{ NULL, "DNS:wild.test", DNS, "*.wild.test", false },
	{ NULL, "DNS:test", DNS, "*.wild.test", false },
	{ NULL, "DNS:.bad.wild.test", DNS, "*.wild.test", true },
	{ NULL, "DNS:.wild.test", DNS, "*.wild.test", false },
	{ "DNS:wild.test", NULL, DNS, "*.wild.test", true },
	/* URIs, by their host: "host" exactly, ".domain" below it. */
	{ "URI:.ok.test", NULL, URI, "https://a.ok.test/x", true },
	{ "URI:.ok.test", NULL, URI, "spiffe://a.ok.test/workload", true },
	{ "URI:.ok.test", NULL, URI, "https://user@a.ok.test:8443/p", true },
	{ "URI:.ok.test", NULL, URI, "https://A.OK.TEST/", true },
	{ "URI:.ok.test", NULL, URI, "https://ok.test/", false },
	{ "URI:.ok.test", NULL, URI, "https://evil.test/x", false },
	{ "URI:.ok.test", NULL, URI, "https://a.ok.test.evil/", false },
	{ "URI:.ok.test", NULL, URI, "urn:uuid:1234", false },
	{ "URI:.ok.test", NULL, URI, "https://[::1]/", false },
	{ "URI:host.test", NULL, URI, "https://host.test/", true },
	{ "URI:host.test", NULL, URI, "https://host.test:443", true },
	{ "URI:host.test", NULL, URI, "https://a.host.test/", false },
	{ NULL, "URI:.bad.test", URI, "https://x.bad.test/", false },
	{ NULL, "URI:.bad.test", URI, "https://ok.test/", true },
	{ NULL, "URI:.bad.test", URI, "urn:uuid:1234", true },
	{ NULL, "URI:bad.test", URI, "https://bad.test/", false },
	{ NULL, "URI:bad.test", URI, "https://x.bad.test/", true },
	/* A constraint on one kind of name leaves the others alone. */
	{ "URI:.ok.test", NULL, DNS, "leaf.test", true },
	{ "DNS:ok.test", NULL, URI, "https://evil.test/", true },
	/* Email addresses and IP ranges, as GnuTLS checks them. */
	{ NULL, "email:bad.test", MAIL, "x@bad.test", false },
	{ NULL, "email:bad.test", MAIL, "x@ok.test", true },
	{ "IP:10.0.0.0/8", NULL, IP, "10.1.2.3", true },
	{ "IP:10.0.0.0/8", NULL, IP, "192.0.2.1", false },
	{ "IP:fd00::/8", NULL, IP, "fd00::1", true },
	{ "IP:fd00::/8", NULL, IP, "2001:db8::1", false },
};

static void
add(gnutls_x509_name_constraints_t nc, const char *spec, bool excluded)
{
	struct mtls_name_constraint c;
	struct mtls_err e = { 0 };
	gnutls_datum_t d;

	ck_assert_int_eq(mtls_name_constraint_parse(spec, &c, &e), 0);
	d.data = c.value;
	d.size = c.len;
	if (excluded)
		ck_assert_int_eq(gnutls_x509_name_constraints_add_excluded(
					 nc, c.type, &d),
				 0);
	else
		ck_assert_int_eq(gnutls_x509_name_constraints_add_permitted(
					 nc, c.type, &d),
				 0);
}

START_TEST(test_allow)
{
	const struct allow_row *r = &allow_rows[_i];
	gnutls_x509_name_constraints_t nc;
	unsigned char ip[16];
	const char *value = r->name;
	size_t len = strlen(r->name);

	ck_assert_int_eq(gnutls_x509_name_constraints_init(&nc), 0);
	if (r->permit != NULL)
		add(nc, r->permit, false);
	if (r->exclude != NULL)
		add(nc, r->exclude, true);
	if (r->type == IP) {
		if (inet_pton(AF_INET, r->name, ip) == 1) {
			len = 4;
		} else {
			ck_assert_int_eq(inet_pton(AF_INET6, r->name, ip), 1);
			len = 16;
		}
		value = (const char *)ip;
	}
	ck_assert_msg(mtls_name_constraints_allow(nc, r->type, value, len) ==
			      r->want,
		      "'%s' under permit %s, exclude %s: want %s", r->name,
		      r->permit ? r->permit : "-",
		      r->exclude ? r->exclude : "-",
		      r->want ? "allowed" : "refused");
	gnutls_x509_name_constraints_deinit(nc);
}
END_TEST

Suite *
constraints_suite(void)
{
	Suite *s = suite_create("constraints");
	TCase *tc = tcase_create("mtls_name_constraints_allow");

	tcase_add_loop_test(tc, test_allow, 0,
			    (int)(sizeof(allow_rows) / sizeof(allow_rows[0])));
	suite_add_tcase(s, tc);
	return s;
}
