/*
 * host.c -- host names and IP addresses: which are valid, how a wildcard
 * matches, and whether a certificate was issued for a host, with the
 * words for why not drawn from the same rules as the verdict.
 *
 * The rules are RFC 6125's and the CA/Browser Forum's.  A host name is
 * letters, digits and '-' in dot-separated labels of 1 to 63 characters,
 * at most 253 in all, whose last label is not a number (a URL parser
 * would read "10.0.0.300" or "0x7f.1" as an address: WHATWG URL's "ends
 * in a number").  An IPv4 address is only ever a dotted quad of decimal
 * numbers without leading zeros, so no spelling of an address can pass
 * for another; IPv6 is compared by value, however it is written.  An
 * address matches only IP address SANs; a name matches the DNS SANs, and
 * the CN only when the certificate has no SAN extension at all.  A
 * wildcard is the whole left-most label, stands for exactly one label,
 * and never sits directly under a public suffix ("*.com", "*.co.uk"):
 * libpsl's copy of the Public Suffix List says which those are, ICANN's
 * part of it only (a private suffix such as github.io has legitimate
 * wildcard certificates); without the list a wildcard needs two labels
 * after it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <libpsl.h>

#include "mtls_internal.h"

#define OID_SAN "2.5.29.17"

static bool
is_ldh(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-';
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Would a URL parser read the label P[0..N) as a number (decimal, or
 * "0x" and hex digits)? */
static bool
label_is_number(const char *p, size_t n)
{
	size_t i = 0;

	if (n >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		for (i = 2; i < n; i++)
			if (mtls_hex_value(p[i]) < 0)
				return false;
		return true;
	}
	if (n == 0)
		return false;
	for (; i < n; i++)
		if (!is_digit(p[i]))
			return false;
	return true;
}

/* Does TEXT end in a number (its last label, a trailing dot aside)? */
static bool
ends_in_number(const char *text)
{
	size_t n = strlen(text);
	const char *last;

	if (n > 0 && text[n - 1] == '.')
		n--;
	last = text + n;
	while (last > text && last[-1] != '.')
		last--;
	return label_is_number(last, (size_t)(text + n - last));
}

/* Is SUFFIX (a valid host name) one under which a wildcard would stand for
 * names registered by different people? */
static bool
is_public_suffix(const char *suffix)
{
	const psl_ctx_t *psl = psl_builtin();
	char lower[256];
	size_t i;

	if (psl != NULL) {
		/* libpsl looks up lower-case names only. */
		for (i = 0; suffix[i] != '\0' && i + 1 < sizeof(lower); i++)
			lower[i] = (char)tolower((unsigned char)suffix[i]);
		lower[i] = '\0';
		return psl_is_public_suffix2(psl, lower, PSL_TYPE_ICANN) != 0;
	}
	/* No list: "*.example.com" passes, "*.com" and "*.co.uk"-like
	 * two-label suffixes are judged by the rule of the lowest risk. */
	return strchr(suffix, '.') == NULL;
}

int
mtls_hostname_check(const char *text, bool wildcard, char *why, size_t size)
{
	size_t total = strlen(text), n;
	const char *p = text, *label;

	if (total == 0)
		return snprintf(why, size, "it is empty"), -1;
	if (text[total - 1] == '.')
		return snprintf(why, size, "it ends with a dot"), -1;
	if (total > 253)
		return snprintf(why, size, "it is longer than 253 characters"),
		       -1;
	if (p[0] == '*') {
		if (!wildcard)
			return snprintf(why, size,
					"a wildcard is not a host name"),
			       -1;
		if (p[1] != '.')
			return snprintf(why, size,
					"'*' is allowed only as the whole "
					"first label, as in *.example.com"),
			       -1;
		p += 2;
	}
	for (;;) {
		label = p;
		while (is_ldh(*p))
			p++;
		n = (size_t)(p - label);
		if (*p == '*')
			return snprintf(why, size,
					"'*' is allowed only as the whole "
					"first label, as in *.example.com"),
			       -1;
		if (*p != '\0' && *p != '.') {
			if ((unsigned char)*p > ' ' && (unsigned char)*p < 0x7f)
				snprintf(why, size,
					 "'%c' is not allowed (only letters, "
					 "digits, '-' and '.')",
					 *p);
			else
				snprintf(why, size,
					 "byte 0x%02x is not allowed (only "
					 "letters, digits, '-' and '.')",
					 (unsigned char)*p);
			return -1;
		}
		if (n == 0)
			return snprintf(why, size, "it has an empty label"), -1;
		if (n > 63)
			return snprintf(why, size,
					"a label is longer than 63 "
					"characters"),
			       -1;
		if (label[0] == '-' || label[n - 1] == '-')
			return snprintf(why, size,
					"label '%.*s' starts or ends with "
					"'-'",
					(int)n, label),
			       -1;
		if (*p == '\0')
			break;
		p++;
	}
	if (label_is_number(label, n))
		return snprintf(why, size,
				"its last label is a number, as in an IP "
				"address"),
		       -1;
	if (text[0] == '*' && is_public_suffix(text + 2))
		return snprintf(why, size,
				"a wildcard may not stand directly under the "
				"public suffix '%s'",
				text + 2),
		       -1;
	return 0;
}

bool
mtls_is_hostname(const char *text)
{
	char why[128];

	return mtls_hostname_check(text, false, why, sizeof(why)) == 0;
}

bool
mtls_hostname_matches(const char *pattern, const char *host)
{
	const char *dot;
	char why[128];

	if (mtls_hostname_check(pattern, true, why, sizeof(why)) != 0 ||
	    mtls_hostname_check(host, false, why, sizeof(why)) != 0)
		return false;
	if (pattern[0] != '*')
		return strcasecmp(pattern, host) == 0;
	/* "*" is exactly one label, never empty, never two. */
	dot = strchr(host, '.');
	return dot != NULL && dot > host &&
	       strcasecmp(dot + 1, pattern + 2) == 0;
}

static bool
parse_ipv4(const char *text, unsigned char out[4])
{
	const char *p = text;
	unsigned v, i, digits;

	for (i = 0; i < 4; i++) {
		if (i > 0 && *p++ != '.')
			return false;
		if (!is_digit(*p))
			return false;
		/* No leading zeros: "010" is octal to inet_aton, 10 to us. */
		if (p[0] == '0' && is_digit(p[1]))
			return false;
		for (v = 0, digits = 0; is_digit(*p) && digits < 4;
		     p++, digits++)
			v = v * 10 + (unsigned)(*p - '0');
		if (digits > 3 || v > 255)
			return false;
		out[i] = (unsigned char)v;
	}
	return *p == '\0';
}

unsigned
mtls_ip_parse(const char *text, unsigned char out[16])
{
	char tmp[INET6_ADDRSTRLEN + 8];
	size_t n = strlen(text);

	if (parse_ipv4(text, out))
		return 4;
	if (n >= 2 && text[0] == '[' && text[n - 1] == ']') {
		if (n - 2 >= sizeof(tmp))
			return 0;
		memcpy(tmp, text + 1, n - 2);
		tmp[n - 2] = '\0';
		text = tmp;
	}
	if (strchr(text, ':') != NULL && inet_pton(AF_INET6, text, out) == 1)
		return 16;
	return 0;
}

int
mtls_host_parse(const char *text, struct mtls_host *out, struct mtls_err *e)
{
	char why[160];
	size_t n = strlen(text);

	memset(out, 0, sizeof(*out));
	out->ip_len = mtls_ip_parse(text, out->ip);
	if (out->ip_len != 0) {
		if (inet_ntop(out->ip_len == 4 ? AF_INET : AF_INET6, out->ip,
			      out->name, sizeof(out->name)) == NULL)
			return mtls_err_set(e, "invalid address '%s'", text);
		return 0;
	}
	if (strchr(text, ':') != NULL || ends_in_number(text))
		return mtls_err_set(e,
				    "'%s' is neither a valid IP address nor a "
				    "valid host name (IPv4 is written as four "
				    "decimal numbers from 0 to 255 without "
				    "leading zeros)",
				    text);
	/* "example.com." is the same host as "example.com" (as curl and
	 * browsers take it). */
	if (n >= 2 && n - 1 < sizeof(out->name) && text[n - 1] == '.' &&
	    text[n - 2] != '.') {
		memcpy(out->name, text, n - 1);
		out->name[n - 1] = '\0';
	} else if (n < sizeof(out->name)) {
		memcpy(out->name, text, n + 1);
	} else {
		return mtls_err_set(e,
				    "'%.40s...' is not a valid host name: it "
				    "is longer than 253 characters",
				    text);
	}
	if (mtls_hostname_check(out->name, false, why, sizeof(why)) != 0)
		return mtls_err_set(e, "'%s' is not a valid host name: %s",
				    text, why);
	return 0;
}

/* ---------------------------------------------- certificates and hosts */

static bool
has_san_extension(gnutls_x509_crt_t crt)
{
	char oid[128];
	size_t size;
	unsigned i, critical;

	for (i = 0;; i++) {
		size = sizeof(oid);
		if (gnutls_x509_crt_get_extension_info(crt, i, oid, &size,
						       &critical) < 0)
			return false;
		if (strcmp(oid, OID_SAN) == 0)
			return true;
	}
}

struct san_walk {
	const struct mtls_host *host;
	bool matched;
	unsigned n_dns, n_ip;
	struct mtls_buf names; /* "'a.example', '192.0.2.1'" */
	char *bad;	       /* first DNS SAN that is not a host name */
	size_t bad_size;
	bool found_bad;
};

static int
san_walk_one(void *arg, int type, const char *value, size_t len)
{
	struct san_walk *w = arg;
	char ip[INET6_ADDRSTRLEN], why[160], shown[MTLS_SAN_MAX];
	const char *name = NULL;

	if (type == GNUTLS_SAN_DNSNAME) {
		w->n_dns++;
		name = value;
		/* A NUL inside the name hides the rest of it from C. */
		if (strlen(value) != len) {
			if (!w->found_bad && w->bad != NULL)
				snprintf(w->bad, w->bad_size,
					 "its DNS name SAN holds a NUL byte");
			w->found_bad = true;
			return 0;
		}
		if (mtls_hostname_check(value, true, why, sizeof(why)) != 0) {
			if (!w->found_bad && w->bad != NULL) {
				mtls_printable(value, shown, sizeof(shown));
				snprintf(w->bad, w->bad_size,
					 "its SAN 'DNS:%s' is not a valid "
					 "host name: %s",
					 shown, why);
			}
			w->found_bad = true;
		} else if (w->host != NULL && w->host->ip_len == 0 &&
			   mtls_hostname_matches(value, w->host->name)) {
			w->matched = true;
		}
	} else if (type == GNUTLS_SAN_IPADDRESS) {
		w->n_ip++;
		if ((len == 4 || len == 16) &&
		    inet_ntop(len == 4 ? AF_INET : AF_INET6, value, ip,
			      sizeof(ip)) != NULL)
			name = ip;
		/* By value: the bytes, not a spelling of them. */
		if (w->host != NULL && w->host->ip_len == len &&
		    memcmp(w->host->ip, value, len) == 0)
			w->matched = true;
	}
	if (name != NULL) {
		mtls_printable(name, shown, sizeof(shown));
		mtls_buf_addf(&w->names, "%s'%s'", w->names.len ? ", " : "",
			      shown);
	}
	return 0;
}

/* Call EACH with each CN of CRT, as text; stops when it returns true. */
static bool
cn_any(gnutls_x509_crt_t crt, bool (*each)(void *arg, const char *cn),
       void *arg)
{
	char cn[MTLS_NAME_MAX];
	size_t size;
	unsigned i;

	for (i = 0;; i++) {
		size = sizeof(cn);
		if (gnutls_x509_crt_get_dn_by_oid(crt,
						  GNUTLS_OID_X520_COMMON_NAME,
						  i, 0, cn, &size) < 0)
			return false;
		if (strlen(cn) == size && each(arg, cn))
			return true;
	}
}

static bool
cn_matches(void *arg, const char *cn)
{
	return mtls_hostname_matches(cn, arg);
}

static bool
cn_name(void *arg, const char *cn)
{
	struct mtls_buf *out = arg;
	char why[160], shown[MTLS_NAME_MAX];

	if (mtls_hostname_check(cn, true, why, sizeof(why)) == 0) {
		mtls_printable(cn, shown, sizeof(shown));
		mtls_buf_addf(out, "%s'%s'", out->len ? ", " : "", shown);
	}
	return false;
}

enum mtls_host_match
mtls_crt_match_host(gnutls_x509_crt_t crt, const struct mtls_host *host)
{
	struct san_walk w = { .host = host };

	if (has_san_extension(crt)) {
		mtls_sans_each(crt, NULL, san_walk_one, &w);
		mtls_buf_free(&w.names);
		return w.matched ? MTLS_HOST_MATCH_SAN : MTLS_HOST_NO_MATCH;
	}
	/* RFC 6125: the CN only when there is no SAN extension at all, and
	 * never for an address. */
	if (host->ip_len == 0 && cn_any(crt, cn_matches, (void *)host->name))
		return MTLS_HOST_MATCH_CN;
	return MTLS_HOST_NO_MATCH;
}

int
mtls_crt_check_dns_sans(gnutls_x509_crt_t crt, char *why, size_t size)
{
	struct san_walk w = { .bad = why, .bad_size = size };

	if (size > 0)
		why[0] = '\0';
	mtls_sans_each(crt, NULL, san_walk_one, &w);
	mtls_buf_free(&w.names);
	return w.found_bad ? -1 : 0;
}

void
mtls_crt_host_mismatch(gnutls_x509_crt_t crt, const struct mtls_host *host,
		       bool strict, char *buf, size_t size)
{
	struct san_walk w = { .host = host };
	char subject[MTLS_NAME_MAX], who[MTLS_NAME_MAX + 2];
	char shown[MTLS_NAME_MAX + 2];
	struct mtls_buf cns = { 0 };
	bool san = has_san_extension(crt);

	mtls_crt_subject(crt, subject, sizeof(subject));
	/* An empty subject prints as "?": say what it is instead. */
	if (strcmp(subject, "?") == 0)
		snprintf(who, sizeof(who), "the certificate (empty subject)");
	else
		snprintf(who, sizeof(who), "'%s'", subject);
	if (host != NULL) {
		mtls_printable(host->name, shown + 1, sizeof(shown) - 2);
		shown[0] = '\'';
		strcat(shown, "'");
	} else {
		snprintf(shown, sizeof(shown), "the expected host");
	}
	if (san) {
		mtls_sans_each(crt, NULL, san_walk_one, &w);
		if (w.names.len == 0)
			snprintf(buf, size,
				 "%s has no DNS name or IP address in its "
				 "SANs, so it is not issued for %s",
				 who, shown);
		else if (host != NULL && host->ip_len != 0 && w.n_ip == 0)
			snprintf(buf, size,
				 "issued for %s, not %s (an IP address "
				 "matches only IP addresses in the SANs)",
				 mtls_buf_str(&w.names), shown);
		else
			snprintf(buf, size, "issued for %s, not %s",
				 mtls_buf_str(&w.names), shown);
		mtls_buf_free(&w.names);
		return;
	}
	if (host != NULL && host->ip_len != 0) {
		snprintf(buf, size,
			 "%s has no SANs, and an IP address matches only IP "
			 "addresses in the SANs, so it is not issued for %s",
			 who, shown);
		return;
	}
	cn_any(crt, cn_name, &cns);
	if (cns.len == 0)
		snprintf(buf, size,
			 "%s has no SANs and no host name in its CN, so it "
			 "is not issued for %s",
			 who, shown);
	else if (strict && host != NULL &&
		 cn_any(crt, cn_matches, (void *)host->name))
		snprintf(buf, size,
			 "%s has no SANs, and under strict checking its CN "
			 "is not taken for a host name, so it is not issued "
			 "for %s",
			 who, shown);
	else
		snprintf(buf, size, "issued for %s, not %s", mtls_buf_str(&cns),
			 shown);
	mtls_buf_free(&cns);
}
