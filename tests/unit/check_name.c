/*
 * check_name.c -- mtls_name_encode: subjects in slash and RFC 4514 form
 * become exactly the DER Name `openssl req -subj` makes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "mtls_internal.h"
#include "suites.h"

struct name_row {
	const char *subject;
	int want_rv;
	/* On success the DER Name in hex; on failure a piece of the message
	 * (the offending attribute, quoted, where there is one). */
	const char *want;
};

/*
 * Every expected Name below is what OpenSSL 3.0 (default string mask
 * utf8only) puts in a request for the slash string in the comment:
 *
 *   openssl req -new -key k.pem -subj '/C=US/CN=a\/b+OU=x' -outform DER \
 *       -out r.der
 *   openssl asn1parse -inform DER -in r.der -strparse 3 -strparse 6 \
 *       -noout -out n.der   # offsets of the request info, then its subject
 *   od -An -tx1 n.der
 *
 * tests/unit/openssl-name.sh does this for any subject.  Rows with
 * non-ASCII text were made with "openssl req -utf8": without it OpenSSL
 * reads the argument as Latin-1, while mtls_name_encode reads UTF-8.
 * RFC 4514 rows expect the bytes of the slash string that lists the same
 * RDNs in reverse order.
 */
#define X64 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
#define E64 /* "é" 64 times */                                                \
	"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"     \
	"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"     \
	"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"     \
	"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"     \
	"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"     \
	"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"     \
	"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"     \
	"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
#define L128 X64 X64

#define CN_A "300c310a300806035504030c0161"		/* /CN=a */
#define CN_A_COMMA_B "300e310c300a06035504030c03612c62" /* /CN=a,b */
#define O_B_CN_A					/* /O=b/CN=a */        \
	"3018310a3008060355040a0c0162310a300806035504030c0161"
#define GRUESSE /* -utf8 /CN=Grüße */ "30123110300e06035504030c074772c3bcc39f65"

static const struct name_row slash_rows[] = {
	{ "/CN=a", 0, CN_A },
	/* /O=ABC Inc. */
	{ "/O=ABC Inc.", 0, "30133111300f060355040a0c0841424320496e632e" },
	/* /CN=localhost/O=InvoiceServer */
	{ "/CN=localhost/O=InvoiceServer", 0,
	  "302c3112301006035504030c096c6f63616c686f737431163014060355040a0c0d"
	  "496e766f696365536572766572" },
	/* /C=US/CN=a\/b+OU=x: an escaped slash, and the members of a
	 * multi-valued RDN sorted by their encodings (OU's is shorter). */
	{ "/C=US/CN=a\\/b+OU=x", 0,
	  "3025310b300906035504061302555331163008060355040b0c0178300a0603550403"
	  "0c03612f62" },
	/* /OU=x+CN=aaaa: the shorter encoding first, though CN's OID sorts
	 * first, and whatever order they were typed in. */
	{ "/OU=x+CN=aaaa", 0,
	  "301931173008060355040b0c0178300b06035504030c0461616161" },
	{ "/CN=aaaa+OU=x", 0,
	  "301931173008060355040b0c0178300b06035504030c0461616161" },
	/* /CN=b+CN=a */
	{ "/CN=b+CN=a", 0, "30163114300806035504030c0161300806035504030c0162" },
	/* /C=DE/O=x: C is a PrintableString */
	{ "/C=DE/O=x", 0,
	  "3019310b3009060355040613024445310a3008060355040a0c0178" },
	/* /emailAddress=a@b.example: an IA5String */
	{ "/emailAddress=a@b.example", 0,
	  "301c311a301806092a864886f70d010901160b6140622e6578616d706c65" },
	/* /DC=example/DC=com/CN=host: DC is an IA5String */
	{ "/DC=example/DC=com/CN=host", 0,
	  "303d31173015060a0992268993f22c64011916076578616d706c6531133011060a09"
	  "92268993f22c6401191603636f6d310d300b06035504030c04686f7374" },
	/* /serialNumber=ABC-1234: a PrintableString */
	{ "/serialNumber=ABC-1234", 0,
	  "30133111300f060355040513084142432d31323334" },
	/* /2.5.4.3=viaoid: a dotted OID we know is CN */
	{ "/2.5.4.3=viaoid", 0, "3011310f300d06035504030c067669616f6964" },
	/* /2.5.4.6=FR: known by its OID, so still a PrintableString */
	{ "/2.5.4.6=FR", 0, "300d310b3009060355040613024652" },
	/* /2.5.4.20=555 1234: telephoneNumber, not in our table: UTF8String */
	{ "/2.5.4.20=555 1234", 0,
	  "30133111300f06035504140c083535352031323334" },
	/* /O=a\+b */
	{ "/O=a\\+b", 0, "300e310c300a060355040a0c03612b62" },
	/* /CN=a\b: a backslash escapes any character */
	{ "/CN=a\\b", 0, "300d310b300906035504030c026162" },
	/* /CN=a\\b */
	{ "/CN=a\\\\b", 0, "300e310c300a06035504030c03615c62" },
	/* /CN=a=b and /CN=a"b: no special meaning in a value */
	{ "/CN=a=b", 0, "300e310c300a06035504030c03613d62" },
	{ "/CN=a\"b", 0, "300e310c300a06035504030c03612262" },
	/* /CN= a b : spaces are kept */
	{ "/CN= a b ", 0, "3010310e300c06035504030c052061206220" },
	/* /CN=a/: a trailing slash adds nothing */
	{ "/CN=a/", 0, CN_A },
	/* /ST=Bayern/L=Bonn/street=Hauptstr. 1 */
	{ "/ST=Bayern/L=Bonn/street=Hauptstr. 1", 0,
	  "3036310f300d06035504080c0642617965726e310d300b06035504070c04426f6e6e"
	  "3114301206035504090c0b48617570747374722e2031" },
	/* /title=x/description=d/postalCode=123/SN=s/GN=g/initials=i/UID=u/
	 * dnQualifier=q/pseudonym=p/name=n/generationQualifier=III/
	 * businessCategory=b/organizationIdentifier=VATDE-1 */
	{ "/title=x/description=d/postalCode=123/SN=s/GN=g/initials=i/UID=u"
	  "/dnQualifier=q/pseudonym=p/name=n/generationQualifier=III"
	  "/businessCategory=b/organizationIdentifier=VATDE-1",
	  0,
	  "3081ad310a3008060355040c0c0178310a3008060355040d0c0164310c300a0603"
	  "5504110c03313233310a300806035504040c0173310a3008060355042a0c016731"
	  "0a3008060355042b0c01693111300f060a0992268993f22c6401010c0175310a30"
	  "0806035504"
	  "2e130171310a300806035504410c0170310a300806035504290c016e310c300a06"
	  "0355042c0c03494949310a3008060355040f0c01623110300e06035504610c0756"
	  "415444452d31" },
	/* /CN=<64 x>: the longest CN */
	{ "/CN=" X64, 0,
	  "304b3149304706035504030c40"
	  "78787878787878787878787878787878787878787878787878787878787878787878"
	  "787878787878787878787878787878787878787878787878787878787878" },
	/* /L=<128 x>: long lengths (0x81) */
	{ "/L=" L128, 0,
	  "30818e31818b30818806035504070c81807878787878787878787878787878787878"
	  "78787878787878787878787878787878787878787878787878787878787878787878"
	  "78787878787878787878787878787878787878787878787878787878787878787878"
	  "78787878787878787878787878787878787878787878787878787878787878787878"
	  "787878787878787878" },
	/* /commonName=a/organizationName=b: long names */
	{ "/commonName=a/organizationName=b", 0,
	  "3018310a300806035504030c0161310a3008060355040a0c0162" },
	/* Attribute names in any case (OpenSSL itself knows only "CN", so
	 * the bytes are those of /CN=a/O=b). */
	{ "/cn=a/o=b", 0,
	  "3018310a300806035504030c0161310a3008060355040a0c0162" },
	{ "/COMMONNAME=a/Organizationname=b", 0,
	  "3018310a300806035504030c0161310a3008060355040a0c0162" },
	/* -utf8 /CN=Grüße */
	{ "/CN=Gr\xc3\xbc\xc3\x9f"
	  "e",
	  0, GRUESSE },
	/* -utf8 /CN=<é 64 times>: limits count characters, not bytes */
	{ "/CN=" E64, 0,
	  "30818e31818b30818806035504030c8180"
	  "c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9"
	  "c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9"
	  "c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9"
	  "c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9" },
	/* -utf8 /O=東京 */
	{ "/O=\xe6\x9d\xb1\xe4\xba\xac", 0,
	  "3011310f300d060355040a0c06e69db1e4baac" },
};

static const struct name_row rfc4514_rows[] = {
	/* RDNs are listed last-first: CN=a,O=b is /O=b/CN=a. */
	{ "CN=a,O=b", 0, O_B_CN_A },
	{ "CN=a, O=b", 0, O_B_CN_A },
	{ "cn=a;o=b", 0, O_B_CN_A },
	{ " CN = a , O = b ", 0, O_B_CN_A },
	/* /O=InvoiceServer/CN=localhost */
	{ "CN=localhost,O=InvoiceServer", 0,
	  "302c31163014060355040a0c0d496e766f6963655365727665723112301006035504"
	  "030c096c6f63616c686f7374" },
	{ "CN=a", 0, CN_A },
	/* Escapes: \, and \2C are both a comma; a quoted value. */
	{ "CN=a\\,b", 0, CN_A_COMMA_B },
	{ "CN=a\\2Cb", 0, CN_A_COMMA_B },
	{ "CN=a\\2cb", 0, CN_A_COMMA_B },
	{ "CN=\"a,b\"", 0, CN_A_COMMA_B },
	/* /CN=a\+b */
	{ "CN=a\\+b", 0, "300e310c300a06035504030c03612b62" },
	/* /CN=a : an escaped trailing space stays, a bare one goes */
	{ "CN=a\\ ", 0, "300d310b300906035504030c026120" },
	{ "CN=a ", 0, CN_A },
	/* #hex is the value's DER: 0c 01 61 is UTF8String "a". */
	{ "CN=#0c0161", 0, CN_A },
	{ "CN=#0C0161,O=b", 0, O_B_CN_A },
	/* Hex escapes make UTF-8: -utf8 /CN=Grüße */
	{ "CN=Gr\\C3\\BC\\C3\\9Fe", 0, GRUESSE },
	/* /C=US/OU=x+CN=aaaa: a multi-valued RDN, sorted */
	{ "OU=x+CN=aaaa,C=US", 0,
	  "3026310b300906035504061302555331173008060355040b0c0178300b0603550403"
	  "0c0461616161" },
	/* /C=US/O=b+OU=c/CN=a: a multi-valued RDN in the middle */
	{ "CN=a,O=b+OU=c,C=US", 0,
	  "302f310b300906035504061302555331143008060355040a0c01623008060355040b"
	  "0c0163310a300806035504030c0161" },
	/* /DC=com/DC=example/DC=host */
	{ "DC=host,DC=example,DC=com", 0,
	  "304431133011060a0992268993f22c6401191603636f6d31173015060a0992268993"
	  "f22c64011916076578616d706c6531143012060a0992268993f22c64011916046"
	  "86f7374" },
	/* /2.5.4.6=FR */
	{ "2.5.4.6=FR", 0, "300d310b3009060355040613024652" },
};

static const struct name_row error_rows[] = {
	{ "", -1, "empty" },
	{ "/", -1, "empty" },
	{ "/FOO=x", -1, "unknown subject attribute 'FOO'" },
	{ "/CN=a/FOO=x", -1, "unknown subject attribute 'FOO'" },
	{ "FOO=x", -1, "unknown subject attribute 'FOO'" },
	{ "CN=a,FOO=x", -1, "unknown subject attribute 'FOO'" },
	{ "/CN", -1, "missing '=' after 'CN'" },
	{ "/CN=a/O", -1, "missing '=' after 'O'" },
	{ "/CN=a+b", -1, "missing '=' after 'b'" },
	{ "CN", -1, "missing '=' after 'CN'" },
	{ "CN=a,O", -1, "missing '=' after 'O'" },
	{ "/=x", -1, "missing attribute name" },
	{ "=x", -1, "missing attribute name" },
	{ "/CN=", -1, "empty value for subject attribute 'CN'" },
	{ "/CN=a/O=", -1, "empty value for subject attribute 'O'" },
	{ "/CN=a+OU=", -1, "empty value for subject attribute 'OU'" },
	{ "CN=", -1, "empty value for subject attribute 'CN'" },
	{ "CN=a,O=", -1, "empty value for subject attribute 'O'" },
	{ "/CN=a\\", -1, "ends with an escape character" },
	{ "/CN\\", -1, "ends with an escape character" },
	{ "CN=a\\", -1, "ends with an escape character" },
	{ "/C=USA", -1, "'C' must be 2 characters long" },
	{ "/C=U", -1, "'C' must be 2 characters long" },
	{ "C=USA", -1, "'C' must be 2 characters long" },
	{ "/C=U*", -1, "'C' may only hold" },
	{ "/C=U_", -1, "'C' may only hold" },
	{ "/C=\xc3\x9cS", -1, "'C' may only hold" }, /* ÜS */
	{ "/serialNumber=a_b", -1, "'serialNumber' may only hold" },
	{ "/CN=" X64 "x", -1, "'CN' is longer than 64 characters" },
	{ "/O=" X64 "x", -1, "'O' is longer than 64 characters" },
	{ "/CN=" E64 "x", -1, "'CN' is longer than 64 characters" },
	{ "/CN=\xff", -1, "'CN' is not valid UTF-8" },
	{ "/CN=a\xc3", -1, "'CN' is not valid UTF-8" },	       /* truncated */
	{ "/CN=\xc0\xaf", -1, "'CN' is not valid UTF-8" },     /* overlong */
	{ "/CN=\xed\xa0\x80", -1, "'CN' is not valid UTF-8" }, /* surrogate */
	{ "/CN=\xf4\x90\x80\x80", -1, "'CN' is not valid UTF-8" }, /* >10FFFF */
	{ "CN=\\FF", -1, "'CN' is not valid UTF-8" },
	{ "CN=a\\00b", -1, "'CN' is not valid UTF-8" }, /* NUL */
	{ "/emailAddress=\xc3\xbc@b", -1, "'emailAddress' must be ASCII" },
	{ "/DC=b\xc3\xbc", -1, "'DC' must be ASCII" },
	{ "/CN=a+", -1, "ends with '+'" },
	{ "CN=a+", -1, "ends with '+'" },
	{ "CN=a,", -1, "ends with ','" },
	{ "CN=a;", -1, "ends with ';'" },
	{ "CN=#zz", -1, "malformed '#' value for 'CN'" },
	{ "CN=#", -1, "malformed '#' value for 'CN'" },
	{ "CN=#0c05", -1, "malformed '#' value for 'CN'" },	/* short */
	{ "CN=#0c016161", -1, "malformed '#' value for 'CN'" }, /* long */
	{ "CN=\"abc", -1, "unterminated quote" },
	{ "CN=\"a\"b", -1, "unexpected 'b'" },
	{ "/1..2=x", -1, "malformed attribute OID '1..2'" },
	{ "/3.1=x", -1, "malformed attribute OID '3.1'" },
	{ "/1.40=x", -1, "malformed attribute OID '1.40'" },
	{ "/2.5.4.99999999999999999999999=x", -1,
	  "malformed attribute OID '2.5.4.99999999999999999999999'" },
	{ "/2.99999999999999999999=x", -1,
	  "malformed attribute OID '2.99999999999999999999'" },
	/* DER can hold them, but GnuTLS would read back another OID. */
	{ "/CN=x/1.2.9744444444444444444=y", -1,
	  "attribute OID '1.2.9744444444444444444' cannot be read back by "
	  "X.509 tools (more than 127 characters, or an arc of 2^63 or "
	  "more)" },
	{ "/1.2.9223372036854775807=y", 0,
	  "30133111300f060a2affffffffffffffff7f0c0179" },
};

static void
check_row(const struct name_row *r)
{
	struct mtls_err e = { 0 };
	gnutls_datum_t der = { (unsigned char *)"x", 1 };
	char hex[2 * 1024 + 1];
	int rv;

	rv = mtls_name_encode(r->subject, &der, &e);
	ck_assert_msg(rv == r->want_rv, "'%s': returned %d, want %d (%s)",
		      r->subject, rv, r->want_rv, e.msg);
	if (rv == 0) {
		ck_assert_uint_le(der.size, 1024);
		test_hex(der.data, der.size, hex);
		ck_assert_str_eq(hex, r->want);
		gnutls_free(der.data);
		return;
	}
	ck_assert_ptr_null(der.data);
	ck_assert_uint_eq(der.size, 0);
	test_assert_message(e.msg);
	ck_assert_msg(strstr(e.msg, r->want) != NULL,
		      "'%s': message '%s' lacks '%s'", r->subject, e.msg,
		      r->want);
}

START_TEST(test_slash)
{
	check_row(&slash_rows[_i]);
}
END_TEST

START_TEST(test_rfc4514)
{
	check_row(&rfc4514_rows[_i]);
}
END_TEST

START_TEST(test_errors)
{
	check_row(&error_rows[_i]);
}
END_TEST

/* The message of a bad subject names the whole subject too. */
START_TEST(test_error_names_subject)
{
	struct mtls_err e = { 0 };
	gnutls_datum_t der;

	ck_assert_int_eq(mtls_name_encode("/CN=a/C=USA", &der, &e), -1);
	ck_assert_str_eq(e.msg, "invalid subject '/CN=a/C=USA': value of "
				"subject attribute 'C' must be 2 characters "
				"long");
}
END_TEST

/* The encoding is a Name GnuTLS reads back to the same text. */
START_TEST(test_gnutls_reads_back)
{
	struct mtls_err e = { 0 };
	gnutls_datum_t der, text = { NULL, 0 };
	gnutls_x509_dn_t dn;

	ck_assert_int_eq(mtls_name_encode("/C=US/O=b+OU=c/CN=a\\/b", &der, &e),
			 0);
	ck_assert_int_eq(gnutls_x509_dn_init(&dn), 0);
	ck_assert_int_eq(gnutls_x509_dn_import(dn, &der), 0);
	ck_assert_int_eq(gnutls_x509_dn_get_str2(dn, &text, 0), 0);
	ck_assert_str_eq((char *)text.data, "CN=a/b,O=b+OU=c,C=US");
	gnutls_free(text.data);
	gnutls_x509_dn_deinit(dn);
	gnutls_free(der.data);
}
END_TEST

#define ROWS(a) (int)(sizeof(a) / sizeof((a)[0]))

Suite *
name_suite(void)
{
	Suite *s = suite_create("name");
	TCase *tc;

	tc = tcase_create("slash form");
	tcase_add_loop_test(tc, test_slash, 0, ROWS(slash_rows));
	suite_add_tcase(s, tc);
	tc = tcase_create("RFC 4514 form");
	tcase_add_loop_test(tc, test_rfc4514, 0, ROWS(rfc4514_rows));
	suite_add_tcase(s, tc);
	tc = tcase_create("errors");
	tcase_add_loop_test(tc, test_errors, 0, ROWS(error_rows));
	tcase_add_test(tc, test_error_names_subject);
	suite_add_tcase(s, tc);
	tc = tcase_create("GnuTLS");
	tcase_add_test(tc, test_gnutls_reads_back);
	suite_add_tcase(s, tc);
	return s;
}
