/*
 * httpd_allow.c -- which trusted clients may in: rules over a certificate's
 * subject attributes, its subject alternative names and its fingerprint.
 *
 * Every comparison is of a whole value taken from the parsed certificate:
 * an attribute rule compares one attribute's value, never a substring of a
 * DN string, so "O=MailServer" does not admit "O=MailServerX",
 * "OU=MailServer" or "CN=O=MailServer".  The rules only narrow who may in:
 * they are checked after the certificate chain has been verified.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mtls_internal.h"

enum rule_kind {
	RULE_ATTR,
	RULE_DNS,
	RULE_IP,
	RULE_URI,
	RULE_URI_PREFIX,
	RULE_EMAIL,
	RULE_SHA256,
};

struct rule {
	enum rule_kind kind;
	char *text;	 /* the rule as given, for messages */
	const char *oid; /* RULE_ATTR: a known attribute's OID, or NULL */
	char *value;	 /* what to compare with (prefix for URI_PREFIX) */
	size_t len;	 /* bytes of value (4/16 for IP, 32 for SHA-256) */
	char oidbuf[64]; /* a dotted OID given as the attribute */
};

struct mtls_allow {
	struct rule *rules;
	size_t n;
};

static const struct {
	const char *name, *oid;
} attrs[] = {
	{ "CN", "2.5.4.3" },
	{ "SN", "2.5.4.4" },
	{ "serialNumber", "2.5.4.5" },
	{ "C", "2.5.4.6" },
	{ "L", "2.5.4.7" },
	{ "ST", "2.5.4.8" },
	{ "street", "2.5.4.9" },
	{ "O", "2.5.4.10" },
	{ "OU", "2.5.4.11" },
	{ "title", "2.5.4.12" },
	{ "GN", "2.5.4.42" },
	{ "DC", "0.9.2342.19200300.100.1.25" },
	{ "UID", "0.9.2342.19200300.100.1.1" },
	{ "emailAddress", "1.2.840.113549.1.9.1" },
};

static bool
is_dotted_oid(const char *s, size_t len)
{
	bool digit = false;

	for (size_t i = 0; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digit = true;
		else if (s[i] == '.' && digit)
			digit = false;
		else
			return false;
	}
	return digit;
}

static int
parse_rule(struct rule *r, const char *text, struct mtls_err *e)
{
	size_t klen = strcspn(text, ":=");
	const char *v = text + klen + 1;

	if (text[klen] == '\0' || klen == 0)
		return mtls_err_set(e,
				    "invalid allow rule '%s': expected "
				    "ATTR=VALUE, DNS:, IP:, URI:, email: "
				    "or sha256:",
				    text);
	if (*v == '\0')
		return mtls_err_set(e, "invalid allow rule '%s': empty value",
				    text);
	if (text[klen] == '=') {
		for (size_t i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++)
			if (strlen(attrs[i].name) == klen &&
			    strncasecmp(attrs[i].name, text, klen) == 0)
				r->oid = attrs[i].oid;
		if (r->oid == NULL) {
			/* A dotted OID stays in oidbuf (oid NULL). */
			if (!is_dotted_oid(text, klen) ||
			    klen >= sizeof(r->oidbuf))
				return mtls_err_set(e,
						    "invalid allow rule "
						    "'%s': unknown "
						    "attribute '%.*s'",
						    text, (int)klen, text);
			memcpy(r->oidbuf, text, klen);
			r->oidbuf[klen] = '\0';
		}
		r->kind = RULE_ATTR;
	} else if (klen == 3 && strncasecmp(text, "DNS", 3) == 0) {
		r->kind = RULE_DNS;
	} else if (klen == 2 && strncasecmp(text, "IP", 2) == 0) {
		unsigned char ip[16];

		if (inet_pton(AF_INET, v, ip) == 1)
			r->len = 4;
		else if (inet_pton(AF_INET6, v, ip) == 1)
			r->len = 16;
		else
			return mtls_err_set(e,
					    "invalid allow rule '%s': not "
					    "an IP address",
					    text);
		r->kind = RULE_IP;
		r->value = malloc(r->len);
		if (r->value == NULL)
			return mtls_err_set(e, "out of memory");
		memcpy(r->value, ip, r->len);
		return 0;
	} else if (klen == 3 && strncasecmp(text, "URI", 3) == 0) {
		const char *star = strchr(v, '*');

		r->kind = RULE_URI;
		if (star != NULL) {
			/* The documented boundary: '*' only at the end,
			 * right after a '/', so a rule never admits a URI
			 * that merely shares a prefix with a path
			 * segment. */
			if (star[1] != '\0' || star == v || star[-1] != '/')
				return mtls_err_set(e,
						    "invalid allow rule "
						    "'%s': '*' may only "
						    "end the URI, right "
						    "after a '/'",
						    text);
			r->kind = RULE_URI_PREFIX;
		}
	} else if (klen == 5 && strncasecmp(text, "email", 5) == 0) {
		r->kind = RULE_EMAIL;
	} else if (klen == 6 && strncasecmp(text, "sha256", 6) == 0) {
		unsigned char fp[32];
		size_t n = 0;

		for (const char *p = v; *p != '\0'; p++) {
			int hi, lo;

			if (*p == ':' && p != v && p[1] != '\0')
				continue;
			hi = mtls_hex_value(p[0]);
			lo = hi < 0 ? -1 : mtls_hex_value(p[1]);
			if (lo < 0 || n == sizeof(fp))
				return mtls_err_set(e,
						    "invalid allow rule "
						    "'%s': expected 64 hex "
						    "digits",
						    text);
			fp[n++] = (unsigned char)(hi << 4 | lo);
			p++;
		}
		if (n != sizeof(fp))
			return mtls_err_set(e,
					    "invalid allow rule '%s': "
					    "expected 64 hex digits",
					    text);
		r->kind = RULE_SHA256;
		r->value = malloc(n);
		if (r->value == NULL)
			return mtls_err_set(e, "out of memory");
		memcpy(r->value, fp, n);
		r->len = n;
		return 0;
	} else {
		return mtls_err_set(e,
				    "invalid allow rule '%s': unknown kind "
				    "'%.*s'",
				    text, (int)klen, text);
	}
	r->len = strlen(v) - (r->kind == RULE_URI_PREFIX ? 1 : 0);
	r->value = strndup(v, r->len);
	if (r->value == NULL)
		return mtls_err_set(e, "out of memory");
	return 0;
}

int
mtls_allow_add(struct mtls_allow **list, const char *text, struct mtls_err *e)
{
	struct mtls_allow *a = *list;
	struct rule r = { 0 }, *rules;

	if (parse_rule(&r, text, e) != 0) {
		free(r.value);
		return -1;
	}
	r.text = strdup(text);
	if (a == NULL && (a = calloc(1, sizeof(*a))) == NULL)
		goto oom;
	*list = a;
	rules = realloc(a->rules, (a->n + 1) * sizeof(*rules));
	if (r.text == NULL || rules == NULL)
		goto oom;
	a->rules = rules;
	a->rules[a->n] = r;
	a->n++;
	return 0;
oom:
	free(r.text);
	free(r.value);
	return mtls_err_set(e, "out of memory");
}

void
mtls_allow_free(struct mtls_allow *list)
{
	if (list == NULL)
		return;
	for (size_t i = 0; i < list->n; i++) {
		free(list->rules[i].text);
		free(list->rules[i].value);
	}
	free(list->rules);
	free(list);
}

size_t
mtls_allow_count(const struct mtls_allow *list)
{
	return list ? list->n : 0;
}

static bool
attr_matches(const struct rule *r, gnutls_x509_crt_t crt)
{
	gnutls_x509_dn_t dn;
	gnutls_x509_ava_st ava;
	const char *oid = r->oid ? r->oid : r->oidbuf;
	size_t olen = strlen(oid);
	struct mtls_buf text = { 0 };
	bool match = false;

	if (gnutls_x509_crt_get_subject(crt, &dn) < 0)
		return false;
	for (int i = 0; !match; i++) {
		int j;

		for (j = 0; !match; j++) {
			if (gnutls_x509_dn_get_rdn_ava(dn, i, j, &ava) < 0)
				break;
			/* GnuTLS counts the OID text's NUL in its size. */
			if (ava.oid.size < olen || ava.oid.size > olen + 1 ||
			    memcmp(ava.oid.data, oid, olen) != 0 ||
			    (ava.oid.size != olen && ava.oid.data[olen] != 0))
				continue;
			/* Compared as text: a BMPString whose bytes happen
			 * to spell the rule is another name. */
			mtls_buf_reset(&text);
			match = mtls_asn1_string_text(ava.value_tag,
						      ava.value.data,
						      ava.value.size,
						      &text) == 0 &&
				text.len == r->len &&
				memcmp(text.data, r->value, r->len) == 0;
		}
		if (j == 0)
			break;
	}
	mtls_buf_free(&text);
	return match;
}

/* Does the rest of a URI after a prefix rule's '/' stay below it?  It is
 * percent-decoded and split into segments at '/' and '\' (so "%2F" and
 * "%5C" split too: some reader may take them so); a segment that is "."
 * or ".." would climb out, however it is written ("%2e%2E"), and so would
 * one that is so before a ';', '?' or '#' ("..;x", "..?x", "..%3Fx").
 * The rest is judged whole, query and fragment too, so this only ever
 * refuses more than a plain '/' split would.  At least one segment must
 * hold something before such a mark, and a '%' not followed by two hex
 * digits, or an encoded NUL, refuses the URI: readers disagree on what
 * those mean. */
static bool
uri_rest_ok(const char *rest, size_t len)
{
	size_t n = 0, dots = 0; /* the segment's bytes and dots so far */
	bool cut = false, named = false;

	for (size_t i = 0; i < len;) {
		int c = mtls_pct_next(rest, len, &i);

		if (c <= 0)
			return false;
		if (c == '/' || c == '\\') {
			if (mtls_is_dot_segment(n, dots))
				return false;
			named = named || n > 0;
			n = dots = 0;
			cut = false;
		} else if (c == ';' || c == '?' || c == '#') {
			cut = true;
		} else if (!cut) {
			n++;
			if (c == '.')
				dots++;
		}
	}
	return !mtls_is_dot_segment(n, dots) && (named || n > 0);
}

struct san_match {
	const struct rule *r;
	bool matched;
};

/* One SAN against a DNS, email, IP or URI rule; stops the walk on a
 * match. */
static int
san_match_one(void *arg, int type, const char *buf, size_t size)
{
	struct san_match *m = arg;
	const struct rule *r = m->r;

	switch (r->kind) {
	case RULE_DNS:
		m->matched = type == GNUTLS_SAN_DNSNAME && size == r->len &&
			     strncasecmp(buf, r->value, size) == 0;
		break;
	case RULE_EMAIL:
		m->matched = type == GNUTLS_SAN_RFC822NAME && size == r->len &&
			     strncasecmp(buf, r->value, size) == 0;
		break;
	case RULE_IP:
		m->matched = type == GNUTLS_SAN_IPADDRESS && size == r->len &&
			     memcmp(buf, r->value, size) == 0;
		break;
	case RULE_URI:
		m->matched = type == GNUTLS_SAN_URI && size == r->len &&
			     memcmp(buf, r->value, size) == 0;
		break;
	case RULE_URI_PREFIX:
		m->matched = type == GNUTLS_SAN_URI && size > r->len &&
			     memcmp(buf, r->value, r->len) == 0 &&
			     strlen(buf) == size &&
			     uri_rest_ok(buf + r->len, size - r->len);
		break;
	default:
		return 1;
	}
	return m->matched;
}

static bool
san_matches(const struct rule *r, gnutls_x509_crt_t crt)
{
	struct san_match m = { r, false };

	mtls_sans_each(crt, NULL, san_match_one, &m);
	return m.matched;
}

static bool
rule_matches(const struct rule *r, gnutls_x509_crt_t crt)
{
	unsigned char fp[32];
	size_t size = sizeof(fp);

	switch (r->kind) {
	case RULE_ATTR:
		return attr_matches(r, crt);
	case RULE_SHA256:
		return gnutls_x509_crt_get_fingerprint(crt, GNUTLS_DIG_SHA256,
						       fp, &size) == 0 &&
		       size == sizeof(fp) && memcmp(fp, r->value, size) == 0;
	default:
		return san_matches(r, crt);
	}
}

const char *
mtls_allow_match(const struct mtls_allow *list, gnutls_x509_crt_t crt)
{
	if (list == NULL)
		return NULL;
	for (size_t i = 0; i < list->n; i++)
		if (rule_matches(&list->rules[i], crt))
			return list->rules[i].text;
	return NULL;
}
