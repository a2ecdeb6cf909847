/*
 * check_httpc_url.c -- mtls_url_parse: the host, port, request path and Host
 * header an https URL gives, and the URLs it refuses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "mtls_internal.h"
#include "suites.h"

struct url_row {
	const char *text;
	const char *host;
	const char *port;
	const char *path;
	const char *authority;
	bool host_is_ip;
};

static const struct url_row good_rows[] = {
	{ "https://localhost", "localhost", "443", "/", "localhost", false },
	{ "https://localhost/", "localhost", "443", "/", "localhost", false },
	{ "https://localhost:3100/", "localhost", "3100", "/", "localhost:3100",
	  false },
	/* An explicit default port leaves the Host header bare. */
	{ "https://example.org:443/x", "example.org", "443", "/x",
	  "example.org", false },
	/* Leading zeros are the same port. */
	{ "https://example.org:08443/", "example.org", "8443", "/",
	  "example.org:8443", false },
	{ "https://h:1/", "h", "1", "/", "h:1", false },
	{ "https://h:65535/", "h", "65535", "/", "h:65535", false },
	/* "host:" with no port is the default (RFC 3986). */
	{ "https://h:/p", "h", "443", "/p", "h", false },
	/* Host names are case-insensitive and kept in lower case. */
	{ "https://WWW.Example.ORG/A", "www.example.org", "443", "/A",
	  "www.example.org", false },
	{ "HTTPS://h/", "h", "443", "/", "h", false },
	{ "https://127.0.0.1:8443/api", "127.0.0.1", "8443", "/api",
	  "127.0.0.1:8443", true },
	{ "https://10.1.2.3", "10.1.2.3", "443", "/", "10.1.2.3", true },
	{ "https://[::1]/", "::1", "443", "/", "[::1]", true },
	{ "https://[::1]:8443/a", "::1", "8443", "/a", "[::1]:8443", true },
	{ "https://[::1]:", "::1", "443", "/", "[::1]", true },
	{ "https://[2001:DB8::A]/", "2001:db8::a", "443", "/", "[2001:db8::a]",
	  true },
	{ "https://[::ffff:127.0.0.1]:99/", "::ffff:127.0.0.1", "99", "/",
	  "[::ffff:127.0.0.1]:99", true },
	/* Path and query go out as typed ... */
	{ "https://h/a/b.txt?x=1&y=%20", "h", "443", "/a/b.txt?x=1&y=%20", "h",
	  false },
	{ "https://h/a%20b", "h", "443", "/a%20b", "h", false },
	/* ... with a '/' in front of a bare query ... */
	{ "https://h?q=1", "h", "443", "/?q=1", "h", false },
	{ "https://h:8443?q", "h", "8443", "/?q", "h:8443", false },
	/* ... and what may not stand in a request line percent-encoded. */
	{ "https://h/a b", "h", "443", "/a%20b", "h", false },
	{ "https://h/\xc3\xa9", "h", "443", "/%C3%A9", "h", false },
	{ "https://h/{x}|\"<>\\^`", "h", "443", "/%7Bx%7D%7C%22%3C%3E%5C%5E%60",
	  "h", false },
	/* The fragment stays with the client. */
	{ "https://h/p?q#frag", "h", "443", "/p?q", "h", false },
	{ "https://h#frag", "h", "443", "/", "h", false },
	{ "https://h:444#f/g?h", "h", "444", "/", "h:444", false },
	/* '@' and ':' after the host are path, not user or port. */
	{ "https://h/a@b:c", "h", "443", "/a@b:c", "h", false },
	{ "https://h/?u=a@b", "h", "443", "/?u=a@b", "h", false },
	/* Without a scheme, https is assumed. */
	{ "localhost:3100/x", "localhost", "3100", "/x", "localhost:3100",
	  false },
	{ "127.0.0.1", "127.0.0.1", "443", "/", "127.0.0.1", true },
	{ "[::1]:8443", "::1", "8443", "/", "[::1]:8443", true },
	/* ... also when the path or query holds another URL. */
	{ "localhost/login?next=https://other.example/", "localhost", "443",
	  "/login?next=https://other.example/", "localhost", false },
	{ "h/http://x", "h", "443", "/http://x", "h", false },
	{ "https://h/go?to=http://x", "h", "443", "/go?to=http://x", "h",
	  false },
};

#define M(url, why) "'" url "': " why

struct bad_row {
	const char *text;
	const char *msg; /* the whole message */
};

static const struct bad_row bad_rows[] = {
	{ "http://localhost/",
	  M("http://localhost/", "only https URLs are supported") },
	{ "ftp://h/", M("ftp://h/", "only https URLs are supported") },
	{ "httpsx://h/", M("httpsx://h/", "only https URLs are supported") },
	{ "xhttps://h/", M("xhttps://h/", "only https URLs are supported") },
	{ "://h/", M("://h/", "only https URLs are supported") },
	{ "https://user@h/",
	  M("https://user@h/", "user names in URLs are not supported") },
	{ "https://u:pw@h:8443/",
	  M("https://u:pw@h:8443/", "user names in URLs are not supported") },
	{ "https://", M("https://", "no host name") },
	{ "https:///path", M("https:///path", "no host name") },
	{ "https://:8443/", M("https://:8443/", "no host name") },
	{ "https://?q", M("https://?q", "no host name") },
	{ "https://[]/", M("https://[]/", "no host name") },
	{ "", M("", "no host name") },
	{ "https://h:0/", M("https://h:0/", "invalid port '0'") },
	{ "https://h:65536/", M("https://h:65536/", "invalid port '65536'") },
	{ "https://h:123456/",
	  M("https://h:123456/", "invalid port '123456'") },
	{ "https://h:http/", M("https://h:http/", "invalid port 'http'") },
	{ "https://h:-1/", M("https://h:-1/", "invalid port '-1'") },
	{ "https://h:+80/", M("https://h:+80/", "invalid port '+80'") },
	{ "https://h:80:81/", M("https://h:80:81/", "invalid port '80:81'") },
	{ "https://[::1]:x/", M("https://[::1]:x/", "invalid port 'x'") },
	{ "https://[::1/",
	  M("https://[::1/", "missing ']' after the IPv6 address") },
	{ "https://[::1]8443/",
	  M("https://[::1]8443/", "unexpected text after ']'") },
	{ "https://[::g]/", M("https://[::g]/", "invalid IPv6 address '::g'") },
	{ "https://[127.0.0.1]/",
	  M("https://[127.0.0.1]/", "invalid IPv6 address '127.0.0.1'") },
	/* An IPv6 address needs its brackets. */
	{ "https://::1/", M("https://::1/", "no host name") },
	{ "https://a_b/", M("https://a_b/", "invalid host name 'a_b'") },
	{ "https://-a/", M("https://-a/", "invalid host name '-a'") },
	{ "https://a..b/", M("https://a..b/", "invalid host name 'a..b'") },
	{ "https://*.example/",
	  M("https://*.example/", "invalid host name '*.example'") },
	{ "https://h%41/", M("https://h%41/", "invalid host name 'h%41'") },
	/* IPv4 has one spelling: no octal, hex, leading-zero or short form
	 * is taken for an address, and none is a name either. */
	{ "https://010.0.0.1/",
	  M("https://010.0.0.1/", "invalid host name '010.0.0.1'") },
	{ "https://0x7f.0.0.1/",
	  M("https://0x7f.0.0.1/", "invalid host name '0x7f.0.0.1'") },
	{ "https://0x7f000001/",
	  M("https://0x7f000001/", "invalid host name '0x7f000001'") },
	{ "https://127.1/", M("https://127.1/", "invalid host name '127.1'") },
	{ "https://10.0.0.300/",
	  M("https://10.0.0.300/", "invalid host name '10.0.0.300'") },
	/* Control characters are refused before the URL is quoted, so the
	 * message stays one line. */
	{ "https://h\x01/", "control character 0x01 in URL after "
			    "'https://h'" },
	{ "https://h/a\nb", "control character 0x0a in URL after "
			    "'https://h/a'" },
	{ "https://h/\x7f", "control character 0x7f in URL after "
			    "'https://h/'" },
	{ "http://h/\r", "control character 0x0d in URL after "
			 "'http://h/'" },
	{ "\x1b[31m", "control character 0x1b in URL after ''" },
};

START_TEST(test_good)
{
	const struct url_row *r = &good_rows[_i];
	struct mtls_err e = { 0 };
	struct mtls_url u;

	ck_assert_msg(mtls_url_parse(r->text, &u, &e) == 0, "'%s': %s", r->text,
		      e.msg);
	ck_assert_str_eq(u.host, r->host);
	ck_assert_str_eq(u.port, r->port);
	ck_assert_str_eq(u.path, r->path);
	ck_assert_str_eq(u.authority, r->authority);
	ck_assert_int_eq(u.host_is_ip, r->host_is_ip);
	mtls_url_free(&u);
	ck_assert_ptr_null(u.host);
	ck_assert_ptr_null(u.path);
	ck_assert_ptr_null(u.authority);
}
END_TEST

START_TEST(test_bad)
{
	const struct bad_row *r = &bad_rows[_i];
	struct mtls_err e = { 0 };
	struct mtls_url u;

	ck_assert_msg(mtls_url_parse(r->text, &u, &e) == -1, "'%s': accepted",
		      r->text);
	/* Nothing is left to free after a failure. */
	ck_assert_ptr_null(u.host);
	ck_assert_ptr_null(u.path);
	ck_assert_ptr_null(u.authority);
	ck_assert_str_eq(e.msg, r->msg);
	test_assert_message(e.msg);
}
END_TEST

/* mtls_url_free may be called twice, as after a failed parse. */
START_TEST(test_free_twice)
{
	struct mtls_err e = { 0 };
	struct mtls_url u;

	ck_assert_int_eq(mtls_url_parse("https://h/", &u, &e), 0);
	mtls_url_free(&u);
	mtls_url_free(&u);
	ck_assert_int_eq(mtls_url_parse("http://h/", &u, &e), -1);
	mtls_url_free(&u);
}
END_TEST

#define ROWS(a) (int)(sizeof(a) / sizeof((a)[0]))

Suite *
url_suite(void)
{
	Suite *s = suite_create("url");
	TCase *tc;

	tc = tcase_create("good");
	tcase_add_loop_test(tc, test_good, 0, ROWS(good_rows));
	tcase_add_test(tc, test_free_twice);
	suite_add_tcase(s, tc);
	tc = tcase_create("bad");
	tcase_add_loop_test(tc, test_bad, 0, ROWS(bad_rows));
	suite_add_tcase(s, tc);
	return s;
}
