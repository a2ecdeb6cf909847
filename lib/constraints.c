/*
 * constraints.c -- name constraints: the names a CA may certify, written
 * into a CA certificate, and new certificates held to their issuer's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mtls_internal.h"

/* "IP:10.0.0.0/8" into address and mask bytes (8 or 32 of them). */
static int
parse_ip_range(const char *spec, const char *text, unsigned char *out,
	       unsigned *len, struct mtls_err *e)
{
	char addr[INET6_ADDRSTRLEN];
	const char *slash = strchr(text, '/');
	unsigned n, bits;
	char *end;
	unsigned long prefix;

	if (slash == NULL || (size_t)(slash - text) >= sizeof(addr))
		return mtls_err_set(e,
				    "invalid name constraint '%s': an IP "
				    "range is ADDRESS/PREFIX",
				    spec);
	memcpy(addr, text, (size_t)(slash - text));
	addr[slash - text] = '\0';
	if (inet_pton(AF_INET, addr, out) == 1)
		n = 4;
	else if (inet_pton(AF_INET6, addr, out) == 1)
		n = 16;
	else
		return mtls_err_set(e,
				    "invalid name constraint '%s': not an "
				    "IP address",
				    spec);
	prefix = strtoul(slash + 1, &end, 10);
	if (slash[1] < '0' || slash[1] > '9' || *end != '\0' || prefix > n * 8)
		return mtls_err_set(e,
				    "invalid name constraint '%s': bad "
				    "prefix length",
				    spec);
	bits = (unsigned)prefix;
	for (unsigned i = 0; i < n; i++) {
		unsigned char m = bits >= 8 ? 0xff
				  : bits == 0
					  ? 0
					  : (unsigned char)(0xff << (8 - bits));

		out[n + i] = m;
		out[i] &= m;
		bits = bits >= 8 ? bits - 8 : 0;
	}
	*len = 2 * n;
	return 0;
}

int
mtls_name_constraint_parse(const char *spec, struct mtls_name_constraint *out,
			   struct mtls_err *e)
{
	const char *colon = strchr(spec, ':');
	const char *v = colon ? colon + 1 : "";
	size_t klen = colon ? (size_t)(colon - spec) : 0;

	if (colon == NULL || *v == '\0')
		return mtls_err_set(e,
				    "invalid name constraint '%s' (use "
				    "DNS:name, IP:address/prefix, "
				    "email:domain or URI:host)",
				    spec);
	if (klen == 3 && strncasecmp(spec, "DNS", 3) == 0) {
		out->type = GNUTLS_SAN_DNSNAME;
	} else if (klen == 5 && strncasecmp(spec, "email", 5) == 0) {
		out->type = GNUTLS_SAN_RFC822NAME;
	} else if (klen == 3 && strncasecmp(spec, "URI", 3) == 0) {
		out->type = GNUTLS_SAN_URI;
	} else if (klen == 2 && strncasecmp(spec, "IP", 2) == 0) {
		out->type = GNUTLS_SAN_IPADDRESS;
		return parse_ip_range(spec, v, out->value, &out->len, e);
	} else {
		return mtls_err_set(e,
				    "invalid name constraint '%s': unknown "
				    "type '%.*s' (use DNS, IP, email or URI)",
				    spec, (int)klen, spec);
	}
	if (strlen(v) >= sizeof(out->value))
		return mtls_err_set(e, "invalid name constraint '%s': too long",
				    spec);
	for (const char *p = v; *p; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f)
			return mtls_err_set(e,
					    "invalid name constraint '%s': "
					    "spaces and non-ASCII are not "
					    "allowed",
					    spec);
	out->len = (unsigned)strlen(v);
	memcpy(out->value, v, out->len);
	return 0;
}

int
mtls_name_constraints_set(gnutls_x509_crt_t crt,
			  const struct mtls_name_constraint *permit,
			  size_t n_permit,
			  const struct mtls_name_constraint *exclude,
			  size_t n_exclude, struct mtls_err *e)
{
	gnutls_x509_name_constraints_t nc = NULL;
	int ret;

	if (n_permit == 0 && n_exclude == 0)
		return 0;
	ret = gnutls_x509_name_constraints_init(&nc);
	for (size_t i = 0; ret >= 0 && i < n_permit; i++) {
		gnutls_datum_t d = { (unsigned char *)permit[i].value,
				     permit[i].len };

		ret = gnutls_x509_name_constraints_add_permitted(nc,
								 permit[i].type,
								 &d);
	}
	for (size_t i = 0; ret >= 0 && i < n_exclude; i++) {
		gnutls_datum_t d = { (unsigned char *)exclude[i].value,
				     exclude[i].len };

		ret = gnutls_x509_name_constraints_add_excluded(nc,
								exclude[i].type,
								&d);
	}
	/* RFC 5280 4.2.1.10: conforming CAs mark it critical. */
	if (ret >= 0)
		ret = gnutls_x509_crt_set_name_constraints(crt, nc, 1);
	gnutls_x509_name_constraints_deinit(nc);
	if (ret < 0)
		return mtls_err_gnutls(e, ret,
				       "cannot set the name "
				       "constraints");
	return 0;
}

/* A constraint in --permit syntax: "DNS:abc.com", "IP:10.0.0.0/8". */
static void
constraint_words(unsigned type, const gnutls_datum_t *d, struct mtls_buf *b)
{
	char addr[INET6_ADDRSTRLEN];
	unsigned bits = 0;

	switch (type) {
	case GNUTLS_SAN_IPADDRESS:
		if ((d->size != 8 && d->size != 32) ||
		    inet_ntop(d->size == 8 ? AF_INET : AF_INET6, d->data, addr,
			      sizeof(addr)) == NULL) {
			mtls_buf_adds(b, "IP:?");
			return;
		}
		for (unsigned i = d->size / 2; i < d->size; i++)
			for (unsigned char m = d->data[i]; m & 0x80;
			     m = (unsigned char)(m << 1))
				bits++;
		mtls_buf_addf(b, "IP:%s/%u", addr, bits);
		return;
	case GNUTLS_SAN_DNSNAME:
		mtls_buf_adds(b, "DNS:");
		break;
	case GNUTLS_SAN_RFC822NAME:
		mtls_buf_adds(b, "email:");
		break;
	case GNUTLS_SAN_URI:
		mtls_buf_adds(b, "URI:");
		break;
	case GNUTLS_SAN_DN:
		mtls_buf_adds(b, "dirName:");
		break;
	default:
		mtls_buf_adds(b, "other:");
		break;
	}
	mtls_buf_add_printable(b, (const char *)d->data, d->size);
}

/* The constraints of NC in words: "permitted DNS:abc.com; excluded ...". */
static void
constraints_words(gnutls_x509_name_constraints_t nc, struct mtls_buf *b)
{
	gnutls_datum_t d;
	unsigned type;

	for (int excluded = 0; excluded < 2; excluded++) {
		for (unsigned i = 0;; i++) {
			int ret =
				excluded
					? gnutls_x509_name_constraints_get_excluded(
						  nc, i, &type, &d)
					: gnutls_x509_name_constraints_get_permitted(
						  nc, i, &type, &d);

			if (ret < 0)
				break;
			if (i == 0)
				mtls_buf_adds(b, b->len ? "; " : "");
			mtls_buf_adds(b, i == 0 ? (excluded ? "excluded "
							    : "permitted ")
						: ", ");
			constraint_words(type, &d, b);
		}
	}
}

struct nc_check {
	gnutls_x509_name_constraints_t nc;
	char bad[MTLS_SAN_MAX + 16];
	bool failed;
	unsigned dns_sans;
};

/* Is NAME (lower case is not assumed) within the DNS subtree BASE:
 * BASE itself or a name under it; ".BASE" only names under it. */
static bool
dns_within(const char *name, size_t len, const char *base, size_t blen)
{
	bool only_under = blen > 0 && base[0] == '.';

	if (only_under) {
		base++;
		blen--;
	}
	if (blen == 0)
		return true;
	if (len == blen && !only_under)
		return strncasecmp(name, base, len) == 0;
	return len > blen && name[len - blen - 1] == '.' &&
	       strncasecmp(name + len - blen, base, blen) == 0;
}

/* A wildcard SAN "*.D" stands for every "L.D": it is outside an
 * excluded subtree only if none of those names is in it.  GnuTLS
 * compares the literal text, which misses an excluded "bad.D". */
static bool
wildcard_excluded(gnutls_x509_name_constraints_t nc, const char *value,
		  size_t len)
{
	gnutls_datum_t d;
	unsigned type;
	const char *dom = value + 2, *b;
	size_t dlen = len - 2, blen;

	if (len < 3 || value[0] != '*' || value[1] != '.')
		return false;
	for (unsigned i = 0;
	     gnutls_x509_name_constraints_get_excluded(nc, i, &type, &d) >= 0;
	     i++) {
		if (type != GNUTLS_SAN_DNSNAME)
			continue;
		b = (const char *)d.data;
		blen = d.size;
		/* Every name the wildcard stands for is under D: D inside
		 * the excluded subtree (".E" too: it holds what is under E)
		 * excludes them all. */
		if (dns_within(dom, dlen, b, blen) ||
		    (blen > 0 && b[0] == '.' && blen - 1 == dlen &&
		     strncasecmp(b + 1, dom, dlen) == 0))
			return true;
		/* An excluded "L.D" is one of the names it stands for. */
		if (blen > 0 && b[0] != '.' && blen > dlen + 1 &&
		    b[blen - dlen - 1] == '.' &&
		    strncasecmp(b + blen - dlen, dom, dlen) == 0 &&
		    memchr(b, '.', blen - dlen - 1) == NULL)
			return true;
	}
	return false;
}

/* The host of a URI ("scheme://[user@]host[:port]/..."), or NULL. */
static const char *
uri_host(const char *uri, size_t *len)
{
	const char *p = strstr(uri, "://"), *end;

	if (p == NULL)
		return NULL;
	p += 3;
	end = p + strcspn(p, "/?#");
	for (const char *at = p; at < end; at++)
		if (*at == '@')
			p = at + 1;
	if (*p == '[')
		return NULL; /* an IP literal has no DNS name to hold */
	*len = (size_t)(memchr(p, ':', (size_t)(end - p)) != NULL
				? (const char *)memchr(p, ':',
						       (size_t)(end - p)) -
					  p
				: end - p);
	return *len > 0 ? p : NULL;
}

/* RFC 5280 4.2.1.10: a URI constraint names a host ("host.example") or
 * the hosts under a domain (".example"); a URI without a host is outside
 * any permitted URI subtree. */
static bool
uri_allowed(gnutls_x509_name_constraints_t nc, const char *uri)
{
	gnutls_datum_t d;
	unsigned type;
	size_t len = 0;
	const char *host = uri_host(uri, &len);
	bool any_permitted = false, permitted = false;

	for (unsigned i = 0;
	     gnutls_x509_name_constraints_get_excluded(nc, i, &type, &d) >= 0;
	     i++)
		if (type == GNUTLS_SAN_URI && host != NULL &&
		    (d.size > 0 && d.data[0] == '.'
			     ? dns_within(host, len, (const char *)d.data,
					  d.size)
			     : len == d.size &&
				       strncasecmp(host, (const char *)d.data,
						   len) == 0))
			return false;
	for (unsigned i = 0;
	     gnutls_x509_name_constraints_get_permitted(nc, i, &type, &d) >= 0;
	     i++) {
		if (type != GNUTLS_SAN_URI)
			continue;
		any_permitted = true;
		if (host != NULL &&
		    (d.size > 0 && d.data[0] == '.'
			     ? dns_within(host, len, (const char *)d.data,
					  d.size)
			     : len == d.size &&
				       strncasecmp(host, (const char *)d.data,
						   len) == 0))
			permitted = true;
	}
	return !any_permitted || permitted;
}

bool
mtls_name_constraints_allow(gnutls_x509_name_constraints_t nc, int type,
			    const char *value, size_t len)
{
	gnutls_datum_t d = { (unsigned char *)value, (unsigned)len };

	if (type == GNUTLS_SAN_URI)
		return uri_allowed(nc, value);
	if (type == GNUTLS_SAN_DNSNAME || type == GNUTLS_SAN_RFC822NAME ||
	    type == GNUTLS_SAN_IPADDRESS)
		return gnutls_x509_name_constraints_check(nc, type, &d) != 0 &&
		       !(type == GNUTLS_SAN_DNSNAME &&
			 wildcard_excluded(nc, value, len));
	return true;
}

static int
check_one(void *arg, int type, const char *value, size_t len)
{
	struct nc_check *c = arg;

	if (type == GNUTLS_SAN_DNSNAME)
		c->dns_sans++;
	if (mtls_name_constraints_allow(c->nc, type, value, len))
		return 0;
	c->failed = true;
	if (!mtls_san_describe(type, value, len, c->bad, sizeof(c->bad)))
		snprintf(c->bad, sizeof(c->bad), "?");
	return 1;
}

/* Is an IP constraint an address and a mask of leading ones? */
static bool
ip_range_ok(const gnutls_datum_t *d)
{
	unsigned half = d->size / 2;
	bool zero = false;

	if (d->size != 8 && d->size != 32)
		return false;
	for (unsigned i = half; i < d->size; i++)
		for (int b = 7; b >= 0; b--) {
			bool one = (d->data[i] >> b) & 1;

			if (one && zero)
				return false;
			if (!one)
				zero = true;
		}
	return true;
}

/* Are the constraints NC well formed: not empty, IP ranges as RFC 5280
 * 4.2.1.10 writes them?  When not, BAD receives the offending one. */
static bool
constraints_well_formed(gnutls_x509_name_constraints_t nc, struct mtls_buf *bad)
{
	gnutls_datum_t d;
	unsigned type, count = 0;

	for (int excluded = 0; excluded < 2; excluded++)
		for (unsigned i = 0;; i++, count++) {
			int ret =
				excluded
					? gnutls_x509_name_constraints_get_excluded(
						  nc, i, &type, &d)
					: gnutls_x509_name_constraints_get_permitted(
						  nc, i, &type, &d);

			if (ret < 0)
				break;
			if (type == GNUTLS_SAN_IPADDRESS && !ip_range_ok(&d)) {
				mtls_buf_adds(bad, "an IP range that is not an "
						   "address and a prefix");
				return false;
			}
			if ((type == GNUTLS_SAN_DNSNAME ||
			     type == GNUTLS_SAN_URI ||
			     type == GNUTLS_SAN_RFC822NAME) &&
			    memchr(d.data, '\0', d.size) != NULL) {
				mtls_buf_adds(bad, "a name with a NUL byte");
				return false;
			}
		}
	if (count == 0) {
		mtls_buf_adds(bad, "no permitted or excluded names");
		return false;
	}
	return true;
}

/* Is the Name NAME within the directoryName subtree BASE: do its RDNs
 * begin with BASE's (RFC 5280 4.2.1.10)?  GnuTLS gives the constraint
 * as RFC 4514 text, last RDN first, so the subject's text in the same
 * form must end with it, at an RDN boundary; values compare without
 * regard to case. */
static bool
dn_within(const gnutls_datum_t *name, const gnutls_datum_t *base)
{
	size_t off;

	if (base->size == 0)
		return true;
	if (name->size < base->size)
		return false;
	off = name->size - base->size;
	return (off == 0 || (name->data[off - 1] == ',' &&
			     (off < 2 || name->data[off - 2] != '\\'))) &&
	       strncasecmp((const char *)name->data + off,
			   (const char *)base->data, base->size) == 0;
}

/* Is CRT's subject outside NC's directoryName subtrees?  An empty subject
 * is not held to them. */
static bool
subject_outside(gnutls_x509_name_constraints_t nc, gnutls_x509_crt_t crt)
{
	gnutls_datum_t dn = { NULL, 0 }, d;
	unsigned type;
	bool any_permitted = false, permitted = false, excluded = false;

	if (gnutls_x509_crt_get_dn3(crt, &dn, 0) < 0)
		return false;
	if (dn.size == 0) {
		gnutls_free(dn.data);
		return false;
	}
	for (unsigned i = 0;
	     gnutls_x509_name_constraints_get_permitted(nc, i, &type, &d) >= 0;
	     i++)
		if (type == GNUTLS_SAN_DN) {
			any_permitted = true;
			permitted = permitted || dn_within(&dn, &d);
		}
	for (unsigned i = 0;
	     gnutls_x509_name_constraints_get_excluded(nc, i, &type, &d) >= 0;
	     i++)
		if (type == GNUTLS_SAN_DN)
			excluded = excluded || dn_within(&dn, &d);
	gnutls_free(dn.data);
	return excluded || (any_permitted && !permitted);
}

/* The first constraint in NC on a kind of name we do not check (a
 * directoryName, an otherName...), in words; NULL when there is none. */
static const char *
unchecked_kind(gnutls_x509_name_constraints_t nc)
{
	gnutls_datum_t d;
	unsigned type;

	for (int excluded = 0; excluded < 2; excluded++)
		for (unsigned i = 0;; i++) {
			int ret =
				excluded
					? gnutls_x509_name_constraints_get_excluded(
						  nc, i, &type, &d)
					: gnutls_x509_name_constraints_get_permitted(
						  nc, i, &type, &d);

			if (ret < 0)
				break;
			if (type != GNUTLS_SAN_DNSNAME &&
			    type != GNUTLS_SAN_DN &&
			    type != GNUTLS_SAN_RFC822NAME &&
			    type != GNUTLS_SAN_IPADDRESS &&
			    type != GNUTLS_SAN_URI)
				return "other names";
		}
	return NULL;
}

static int
names_check(gnutls_x509_crt_t crt, gnutls_x509_crt_t issuer, bool no_dns_cn,
	    bool cn_if_hostname, struct mtls_err *e)
{
	struct nc_check c = { NULL, "", false, 0 };
	struct mtls_buf words = { 0 };
	char subject[MTLS_NAME_MAX];
	unsigned critical;
	int ret, rv = 0;

	if (gnutls_x509_name_constraints_init(&c.nc) < 0)
		return mtls_err_set(e, "out of memory");
	ret = gnutls_x509_crt_get_name_constraints(issuer, c.nc, 0, &critical);
	if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
		goto out;
	mtls_crt_subject(issuer, subject, sizeof(subject));
	if (ret < 0 || !constraints_well_formed(c.nc, &words)) {
		rv = mtls_err_set(e,
				  "the name constraints of CA '%s' are "
				  "malformed (%s)",
				  subject,
				  words.len ? mtls_buf_str(&words)
					    : "they cannot be decoded");
		goto out;
	}
	/* RFC 5280 6.1.3 (b): a name of a kind that cannot be checked
	 * against a constraint on it is refused; so are the constraints. */
	if (unchecked_kind(c.nc) != NULL) {
		rv = mtls_err_set(
			e,
			"the name constraints of CA '%s' restrict %s, "
			"which this program does not check",
			subject, unchecked_kind(c.nc));
		goto out;
	}
	mtls_sans_each(crt, NULL, check_one, &c);
	/* The subject against the directoryName constraints, which GnuTLS
	 * does not check. */
	if (!c.failed && subject_outside(c.nc, crt)) {
		c.failed = true;
		mtls_crt_subject(crt, c.bad, sizeof(c.bad));
	}
	/* With no DNS SAN, verifiers (GnuTLS among them) hold the CN to
	 * the DNS constraints as a host name: so do we. */
	if (!c.failed && c.dns_sans == 0 && no_dns_cn) {
		char cn[256];
		size_t sz = sizeof(cn);
		bool have_cn = gnutls_x509_crt_get_dn_by_oid(
				       crt, GNUTLS_OID_X520_COMMON_NAME, 0, 0,
				       cn, &sz) >= 0;

		if ((!cn_if_hostname || (have_cn && mtls_is_hostname(cn))) &&
		    gnutls_x509_name_constraints_check_crt(c.nc,
							   GNUTLS_SAN_DNSNAME,
							   crt) == 0) {
			c.failed = true;
			if (have_cn)
				snprintf(c.bad, sizeof(c.bad), "CN=%s", cn);
			else
				snprintf(c.bad, sizeof(c.bad), "its subject");
		}
	}
	if (c.failed) {
		constraints_words(c.nc, &words);
		rv = mtls_err_set(e,
				  "'%s' is outside the names CA '%s' may "
				  "certify (%s)",
				  c.bad, subject, mtls_buf_str(&words));
	}
out:
	mtls_buf_free(&words);
	gnutls_x509_name_constraints_deinit(c.nc);
	return rv;
}

int
mtls_name_constraints_check(gnutls_x509_crt_t crt, gnutls_x509_crt_t issuer,
			    struct mtls_err *e)
{
	return names_check(crt, issuer, true, false, e);
}

int
mtls_name_constraints_check_path(gnutls_x509_crt_t crt,
				 gnutls_x509_crt_t issuer, bool cn,
				 struct mtls_err *e)
{
	return names_check(crt, issuer, cn, true, e);
}
