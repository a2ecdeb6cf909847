/*
 * verify.c -- is a certificate trusted, as of when, for what and for which
 * host; and when it is not, why, in words that name the certificates
 * involved.
 *
 * GnuTLS's trust list checks the chain itself: signatures, CA flags, path
 * length, name constraints and the purpose; verify_rules.c adds the RFC
 * 5280 and CA/Browser Forum rules it does not enforce, and the purpose is
 * checked again here because GnuTLS lets anyExtendedKeyUsage stand in
 * for serverAuth and clientAuth.  Validity periods are checked
 * here instead, for every certificate on the path including the anchor,
 * because GnuTLS only knows "now" and verifycert --at asks "as of when".
 * Host names (host.c's rules) and CRLs are checked here too, so that an
 * IP address is only ever matched against IP SANs, the CN only stands in
 * for SANs when there are none, and a CRL is judged at the same time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "mtls_internal.h"

/* Longest path we build or explain: longer than verify_rules.c allows,
 * so that a chain over its limit is named as such. */
#define PATH_MAX_LEN MTLS_VERIFY_PATH_MAX

int
mtls_purpose_parse(const char *text, enum mtls_purpose *out, struct mtls_err *e)
{
	if (strcmp(text, "server") == 0)
		*out = MTLS_PURPOSE_SERVER;
	else if (strcmp(text, "client") == 0)
		*out = MTLS_PURPOSE_CLIENT;
	else if (strcmp(text, "any") == 0)
		*out = MTLS_PURPOSE_ANY;
	else
		return mtls_err_set(e,
				    "invalid purpose '%s' (expected server, "
				    "client or any)",
				    text);
	return 0;
}

int
mtls_trust_add_file(gnutls_x509_trust_list_t trust, const char *path,
		    struct mtls_err *e)
{
	gnutls_x509_crt_t *list = NULL;
	unsigned n = 0;
	int ret;

	if (mtls_crt_list_load(path, &list, &n, e) != 0)
		return -1;
	ret = gnutls_x509_trust_list_add_cas(trust, list, n, 0);
	if (ret < 0) {
		mtls_crt_list_free(list, n);
		return mtls_err_gnutls(e, ret,
				       "'%s': cannot add the trusted "
				       "certificates",
				       mtls_file_name(path, false));
	}
	/* The list owns the certificates now; only the array is ours. */
	gnutls_free(list);
	return 0;
}

/* ------------------------------------------------------------ building */

static bool
is_self_issued(gnutls_x509_crt_t crt)
{
	return gnutls_x509_crt_check_issuer(crt, crt) != 0;
}

static bool
in_list(gnutls_x509_crt_t crt, const gnutls_x509_crt_t *list, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (list[i] == crt || gnutls_x509_crt_equals(list[i], crt))
			return true;
	return false;
}

/* Is ISSUER's subject CRT's issuer name (whatever the key identifiers)? */
static bool
issuer_by_name(gnutls_x509_crt_t crt, gnutls_x509_crt_t issuer)
{
	gnutls_datum_t a = { NULL, 0 }, b = { NULL, 0 };
	bool same;

	same = gnutls_x509_crt_get_raw_issuer_dn(crt, &a) >= 0 &&
	       gnutls_x509_crt_get_raw_dn(issuer, &b) >= 0 &&
	       a.size == b.size && memcmp(a.data, b.data, a.size) == 0;
	gnutls_free(a.data);
	gnutls_free(b.data);
	return same;
}

/* A copy of the trust anchor that issued CRT, or NULL. */
static gnutls_x509_crt_t
anchor_of(gnutls_x509_trust_list_t trust, gnutls_x509_crt_t crt)
{
	gnutls_x509_crt_t issuer = NULL;

	if (trust == NULL ||
	    gnutls_x509_trust_list_get_issuer(trust, crt, &issuer,
					      GNUTLS_TL_GET_COPY) < 0)
		return NULL;
	return issuer;
}

/* Fill PATH with FIRST and then, from POOL, each certificate's issuer in
 * turn, until a self-issued certificate, one a trust anchor issued, or one
 * whose issuer is not in POOL.  Returns the length. */
static unsigned
build_path(gnutls_x509_trust_list_t trust, gnutls_x509_crt_t first,
	   const gnutls_x509_crt_t *pool, unsigned n_pool,
	   gnutls_x509_crt_t path[PATH_MAX_LEN])
{
	gnutls_x509_crt_t cur, next, anchor;
	unsigned n = 0, i;

	path[n++] = first;
	while (n < PATH_MAX_LEN) {
		cur = path[n - 1];
		if (is_self_issued(cur))
			break;
		anchor = anchor_of(trust, cur);
		if (anchor != NULL) {
			gnutls_x509_crt_deinit(anchor);
			break;
		}
		next = NULL;
		for (i = 0; i < n_pool && next == NULL; i++)
			if (!in_list(pool[i], path, n) &&
			    gnutls_x509_crt_check_issuer(cur, pool[i]))
				next = pool[i];
		/* An issuer by name whose key identifier does not match
		 * what CUR says: on the path, so that the rules name it. */
		for (i = 0; i < n_pool && next == NULL; i++)
			if (!in_list(pool[i], path, n) &&
			    issuer_by_name(cur, pool[i]))
				next = pool[i];
		if (next == NULL)
			break;
		path[n++] = next;
	}
	return n;
}

/* ------------------------------------------------------------ checking */

/* OpenSSL's rule: expired from the second notAfter names on. */
static unsigned
time_status(gnutls_x509_crt_t crt, time_t at)
{
	time_t t;
	unsigned st = 0;

	t = gnutls_x509_crt_get_activation_time(crt);
	if (t != (time_t)-1 && at < t)
		st |= GNUTLS_CERT_NOT_ACTIVATED;
	t = gnutls_x509_crt_get_expiration_time(crt);
	if (t != (time_t)-1 && at >= t)
		st |= GNUTLS_CERT_EXPIRED;
	return st;
}

/* The host check (host.c's rules).  A match by the CN of a certificate
 * without SANs is the legacy allowance, which verify_rules.c judges. */
static int
host_status(const struct mtls_verify_policy *pol, gnutls_x509_crt_t leaf,
	    unsigned *st, struct mtls_err *e)
{
	struct mtls_host host;

	if (pol->host == NULL)
		return 0;
	if (mtls_host_parse(pol->host, &host, e) != 0)
		return -1;
	switch (mtls_crt_match_host(leaf, &host)) {
	case MTLS_HOST_MATCH_SAN:
		break;
	case MTLS_HOST_MATCH_CN:
		/* The legacy allowance: verify_rules.c warns about it, or
		 * refuses it under strict checking, in its own words. */
		break;
	default:
		*st |= GNUTLS_CERT_UNEXPECTED_OWNER;
	}
	return 0;
}

/* Every DNS SAN on the path must be a host name (or a wildcard one). */
static unsigned
dns_sans_status(gnutls_x509_crt_t *path, unsigned n)
{
	char why[512];
	unsigned i;

	for (i = 0; i < n; i++)
		if (mtls_crt_check_dns_sans(path[i], why, sizeof(why)) != 0)
			return MTLS_CERT_BAD_DNS_NAME;
	return 0;
}

/* Does CRL's signature verify with ISSUER's key? */
static bool
crl_signed_by(gnutls_x509_crl_t crl, gnutls_x509_crt_t issuer)
{
	unsigned vst = 0;
	int ret;

	ret = gnutls_x509_crl_verify(crl, &issuer, 1,
				     GNUTLS_VERIFY_DISABLE_TIME_CHECKS, &vst);
	vst &= ~(GNUTLS_CERT_INVALID | GNUTLS_CERT_REVOCATION_DATA_SUPERSEDED |
		 GNUTLS_CERT_REVOCATION_DATA_ISSUED_IN_FUTURE);
	return ret >= 0 && vst == 0;
}

/* A copy of CRT, or NULL. */
static gnutls_x509_crt_t
crt_dup(gnutls_x509_crt_t crt)
{
	gnutls_x509_crt_t copy = NULL;
	gnutls_datum_t der = { NULL, 0 };

	if (gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, &der) < 0 ||
	    gnutls_x509_crt_init(&copy) < 0 ||
	    gnutls_x509_crt_import(copy, &der, GNUTLS_X509_FMT_DER) < 0) {
		gnutls_x509_crt_deinit(copy);
		copy = NULL;
	}
	gnutls_free(der.data);
	return copy;
}

gnutls_x509_crt_t
mtls_crl_signer(gnutls_x509_crl_t crl, gnutls_x509_trust_list_t trust,
		const gnutls_x509_crt_t *pool, unsigned n_pool)
{
	gnutls_x509_crt_t found = NULL;
	gnutls_datum_t dn = { NULL, 0 };
	unsigned i;

	if (trust != NULL && gnutls_x509_crl_get_raw_issuer_dn(crl, &dn) >= 0 &&
	    gnutls_x509_trust_list_get_issuer_by_dn(trust, &dn, &found,
						    GNUTLS_TL_GET_COPY) >= 0 &&
	    !crl_signed_by(crl, found)) {
		gnutls_x509_crt_deinit(found);
		found = NULL;
	}
	gnutls_free(dn.data);
	for (i = 0; i < n_pool && found == NULL; i++)
		if (gnutls_x509_crl_check_issuer(crl, pool[i]) &&
		    crl_signed_by(crl, pool[i]))
			found = crt_dup(pool[i]);
	return found;
}

/* Status bits of a CRL issued by ISSUER, judged at AT.  SIGNER, when not
 * NULL, is a certificate the CRL's signature is known to verify with. */
static unsigned
crl_status(gnutls_x509_crl_t crl, gnutls_x509_crt_t issuer,
	   gnutls_x509_crt_t signer, time_t at)
{
	unsigned st = 0;
	time_t t;

	/* Verified once when the CRL was loaded, if it was. */
	if (!(signer != NULL && gnutls_x509_crt_equals(signer, issuer)) &&
	    !crl_signed_by(crl, issuer))
		return MTLS_CERT_CRL_BAD_SIGNATURE;
	t = gnutls_x509_crl_get_this_update(crl);
	if (t != (time_t)-1 && at < t)
		st |= GNUTLS_CERT_REVOCATION_DATA_ISSUED_IN_FUTURE;
	t = gnutls_x509_crl_get_next_update(crl);
	if (t != (time_t)-1 && at >= t)
		st |= GNUTLS_CERT_REVOCATION_DATA_SUPERSEDED;
	return st;
}

/* Check each certificate on PATH against the CRLs of its issuer (the next
 * one on PATH, then ANCHOR). */
static unsigned
revocation_status(const struct mtls_verify_policy *pol, gnutls_x509_crt_t *path,
		  unsigned n, gnutls_x509_crt_t anchor, time_t at)
{
	gnutls_x509_crt_t issuer;
	unsigned st = 0, i, j;
	bool found;

	for (i = 0; i < n; i++) {
		issuer = i + 1 < n ? path[i + 1] : anchor;
		if (issuer == NULL)
			break; /* untrusted anyway; nothing to judge a CRL by */
		found = false;
		for (j = 0; j < pol->n_crls; j++) {
			gnutls_x509_crl_t crl = pol->crls[j];
			unsigned cst;

			if (!gnutls_x509_crl_check_issuer(crl, issuer))
				continue;
			found = true;
			cst = crl_status(crl, issuer,
					 pol->crl_signers ? pol->crl_signers[j]
							  : NULL,
					 at);
			st |= cst;
			if (!(cst & MTLS_CERT_CRL_BAD_SIGNATURE) &&
			    gnutls_x509_crt_check_revocation(path[i], &crl,
							     1) == 1)
				st |= GNUTLS_CERT_REVOKED;
		}
		if (!found && i == 0)
			st |= MTLS_CERT_CRL_MISSING;
	}
	return st;
}

static bool eku_allows(gnutls_x509_crt_t crt, const char *oid, char *words,
		       size_t size, unsigned *count);

/* The path and then, when it is not on the path, the anchor: what the
 * rules of verify_rules.c judge.  Returns the length. */
static unsigned
full_chain(const gnutls_x509_crt_t *path, unsigned n, gnutls_x509_crt_t anchor,
	   gnutls_x509_crt_t out[PATH_MAX_LEN + 1])
{
	memcpy(out, path, n * sizeof(*out));
	if (anchor != NULL && !in_list(anchor, path, n))
		out[n++] = anchor;
	return n;
}

int
mtls_verify_crt(const struct mtls_verify_policy *pol, gnutls_x509_crt_t leaf,
		const gnutls_x509_crt_t *pool, unsigned n_pool,
		unsigned *status, char *why, size_t size, struct mtls_err *e)
{
	gnutls_x509_crt_t path[PATH_MAX_LEN], anchor, chain[PATH_MAX_LEN + 1];
	gnutls_typed_vdata_st data[1];
	time_t at = pol->at_set ? pol->at : time(NULL);
	unsigned n, nd = 0, st = 0, i, count, covers;
	char subject[MTLS_NAME_MAX], list[256];
	int ret;

	*status = 0;
	if (size > 0)
		why[0] = '\0';
	n = build_path(pol->trust, leaf, pool, n_pool, path);
	if (pol->purpose != MTLS_PURPOSE_ANY) {
		data[0].type = GNUTLS_DT_KEY_PURPOSE_OID;
		data[0].data =
			(unsigned char *)(pol->purpose == MTLS_PURPOSE_SERVER
						  ? GNUTLS_KP_TLS_WWW_SERVER
						  : GNUTLS_KP_TLS_WWW_CLIENT);
		data[0].size = 0;
		nd = 1;
	}
	/* Times are ours to check (see the top of this file).  What is left
	 * of GnuTLS's check does not change with time: a chain that passed
	 * it (pol->chain_checked) is spared its signatures. */
	ret = pol->chain_checked
		      ? 0
		      : gnutls_x509_trust_list_verify_crt2(
				pol->trust, path, n, data, nd,
				GNUTLS_VERIFY_DISABLE_TIME_CHECKS |
					GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS,
				&st, NULL);
	if (ret < 0) {
		mtls_crt_subject(leaf, subject, sizeof(subject));
		return mtls_err_gnutls(e, ret, "cannot verify '%s'", subject);
	}
	anchor = anchor_of(pol->trust, path[n - 1]);
	for (i = 0; i < n; i++)
		st |= time_status(path[i], at);
	if (anchor != NULL && !in_list(anchor, path, n))
		st |= time_status(anchor, at);
	if (host_status(pol, leaf, &st, e) != 0) {
		gnutls_x509_crt_deinit(anchor);
		return -1;
	}
	st |= dns_sans_status(path, n);
	if (pol->n_crls > 0)
		st |= revocation_status(pol, path, n, anchor, at);
	if (nd > 0 && !eku_allows(leaf, (const char *)data[0].data, list,
				  sizeof(list), &count))
		st |= GNUTLS_CERT_PURPOSE_MISMATCH;
	/* The rules judge a chain that reaches a trust anchor by its names,
	 * signatures and all (GnuTLS may still not have found the issuer
	 * when a key identifier is wrong, which the rules then say). */
	if (anchor != NULL && !(st & GNUTLS_CERT_SIGNATURE_FAILURE)) {
		i = full_chain(path, n, anchor, chain);
		if (mtls_verify_rules(pol, chain, i, st, true, NULL, 0,
				      &covers) != 0)
			st |= MTLS_CERT_RULE;
		else
			st &= ~covers;
		if (st == GNUTLS_CERT_INVALID)
			st = 0;
	}
	gnutls_x509_crt_deinit(anchor);
	if (st != 0) {
		st |= GNUTLS_CERT_INVALID;
		mtls_verify_explain(st, path, n, at, pol, why, size);
	}
	*status = st;
	return 0;
}

unsigned
mtls_verify_path(const struct mtls_verify_policy *pol, gnutls_x509_crt_t leaf,
		 const gnutls_x509_crt_t *pool, unsigned n_pool,
		 gnutls_x509_crt_t *out, unsigned max,
		 gnutls_x509_crt_t *anchor)
{
	gnutls_x509_crt_t path[PATH_MAX_LEN];
	unsigned n, i;

	/* The same walk mtls_verify_crt judges, so "the path" is one. */
	n = build_path(pol->trust, leaf, pool, n_pool, path);
	*anchor = anchor_of(pol->trust, path[n - 1]);
	if (*anchor != NULL && in_list(*anchor, path, n)) {
		gnutls_x509_crt_deinit(*anchor);
		*anchor = NULL;
	}
	for (i = 0; i < n && i < max; i++)
		out[i] = path[i];
	return i;
}

gnutls_x509_crt_t
mtls_verify_anchor(const struct mtls_verify_policy *pol, gnutls_x509_crt_t leaf,
		   const gnutls_x509_crt_t *pool, unsigned n_pool)
{
	gnutls_x509_crt_t path[PATH_MAX_LEN];
	unsigned n = build_path(pol->trust, leaf, pool, n_pool, path);

	return anchor_of(pol->trust, path[n - 1]);
}

/* ------------------------------------------------------------ explaining */

/* Reasons, joined by "; ", into a caller's buffer (truncated if need be). */
struct words {
	char *buf;
	size_t size, len;
};

__attribute__((format(printf, 2, 3))) static void
say(struct words *w, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (w->size == 0 || w->len + 1 >= w->size)
		return;
	if (w->len > 0) {
		n = snprintf(w->buf + w->len, w->size - w->len, "; ");
		w->len += (size_t)n;
		if (w->len >= w->size) {
			w->len = w->size - 1;
			return;
		}
	}
	va_start(ap, fmt);
	n = vsnprintf(w->buf + w->len, w->size - w->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		w->len += (size_t)n;
	if (w->len >= w->size)
		w->len = w->size - 1;
}

/* "3 days ago", "1 day ago", "less than a day ago"; "in 3 days", ... */
static void
relative(time_t t, time_t now, char *buf, size_t size)
{
	long long d =
		(long long)(t > now ? t - now : now - t) / MTLS_SECONDS_PER_DAY;

	if (d == 0)
		snprintf(buf, size,
			 t > now ? "in less than a day"
				 : "less than a day ago");
	else if (t > now)
		snprintf(buf, size, "in %lld day%s", d, d == 1 ? "" : "s");
	else
		snprintf(buf, size, "%lld day%s ago", d, d == 1 ? "" : "s");
}

struct eku_words {
	struct mtls_buf words;
	const char *oid;
	bool ok;
};

static void
eku_word(void *arg, const char *oid)
{
	struct eku_words *w = arg;
	const char *name = mtls_purpose_oid_name(oid);

	if (strcmp(oid, w->oid) == 0)
		w->ok = true;
	if (w->words.len > 0)
		mtls_buf_adds(&w->words, ", ");
	mtls_buf_adds(&w->words, name ? name : oid);
}

/* Does CRT have no extendedKeyUsage extension, or one that lists OID
 * (anyExtendedKeyUsage does not stand in for it)?  WORDS receives its
 * purposes, comma-separated. */
static bool
eku_allows(gnutls_x509_crt_t crt, const char *oid, char *words, size_t size,
	   unsigned *count)
{
	struct eku_words w = { { 0 }, oid, false };

	*count = mtls_ekus_each(crt, NULL, eku_word, &w);
	snprintf(words, size, "%s", mtls_buf_str(&w.words));
	mtls_buf_free(&w.words);
	return *count == 0 || w.ok;
}

static void
say_purpose(struct words *w, const gnutls_x509_crt_t *path, unsigned n,
	    enum mtls_purpose purpose)
{
	const char *oid = purpose == MTLS_PURPOSE_CLIENT
				  ? GNUTLS_KP_TLS_WWW_CLIENT
				  : GNUTLS_KP_TLS_WWW_SERVER;
	const char *what = purpose == MTLS_PURPOSE_CLIENT
				   ? "client authentication"
				   : "server authentication";
	char list[256], name[MTLS_NAME_MAX];
	unsigned i, count;

	if (purpose == MTLS_PURPOSE_ANY) {
		say(w, "not valid for the requested purpose");
		return;
	}
	for (i = 0; i < n; i++) {
		if (eku_allows(path[i], oid, list, sizeof(list), &count))
			continue;
		if (i == 0) {
			say(w, "not valid for %s (extended key usage: %s%s)",
			    what, list, count == 1 ? " only" : "");
		} else {
			mtls_crt_subject(path[i], name, sizeof(name));
			say(w,
			    "issuer '%s' is not valid for %s (extended "
			    "key usage: %s%s)",
			    name, what, list, count == 1 ? " only" : "");
		}
		return;
	}
	say(w, "not valid for %s", what);
}

static void
say_host(struct words *w, gnutls_x509_crt_t leaf,
	 const struct mtls_verify_policy *pol)
{
	char names[MTLS_NAME_MAX + 512];
	struct mtls_host host;

	bool known = pol != NULL && pol->host != NULL &&
		     mtls_host_parse(pol->host, &host, NULL) == 0;

	/* Under strict checking a CN match is refused by the rules, in
	 * their words; these are for a host that does not match. */
	mtls_crt_host_mismatch(leaf, known ? &host : NULL, false, names,
			       sizeof(names));
	say(w, "%s", names);
}

static void
say_dns_sans(struct words *w, const gnutls_x509_crt_t *path, unsigned n)
{
	char why[512], name[MTLS_NAME_MAX];
	unsigned i;

	for (i = 0; i < n; i++) {
		if (mtls_crt_check_dns_sans(path[i], why, sizeof(why)) == 0)
			continue;
		if (i == 0) {
			say(w, "%s", why);
		} else {
			mtls_crt_subject(path[i], name, sizeof(name));
			say(w, "issuer '%s': %s", name, why);
		}
		return;
	}
	say(w, "a DNS name in its SANs is not a valid host name");
}

/* When was CRT revoked, according to the CRLs in POL?  (time_t)-1 when no
 * CRL there lists it. */
static time_t
revoked_when(const struct mtls_verify_policy *pol, gnutls_x509_crt_t crt)
{
	unsigned char want[64], got[64];
	gnutls_datum_t crt_issuer, crl_issuer;
	size_t want_len, got_len;
	unsigned i;
	int j, count;
	time_t t;

	if (pol == NULL || pol->n_crls == 0)
		return (time_t)-1;
	want_len = mtls_crt_serial_raw(crt, want, sizeof(want));
	if (want_len == 0 ||
	    gnutls_x509_crt_get_raw_issuer_dn(crt, &crt_issuer) < 0)
		return (time_t)-1;
	for (i = 0; i < pol->n_crls; i++) {
		if (gnutls_x509_crl_get_raw_issuer_dn(pol->crls[i],
						      &crl_issuer) < 0)
			continue;
		if (crl_issuer.size != crt_issuer.size ||
		    memcmp(crl_issuer.data, crt_issuer.data, crt_issuer.size) !=
			    0) {
			gnutls_free(crl_issuer.data);
			continue;
		}
		gnutls_free(crl_issuer.data);
		count = gnutls_x509_crl_get_crt_count(pol->crls[i]);
		for (j = 0; j < count; j++) {
			got_len = sizeof(got);
			if (gnutls_x509_crl_get_crt_serial(pol->crls[i],
							   (unsigned)j, got,
							   &got_len, &t) < 0)
				continue;
			got_len = mtls_serial_trim(got, got_len);
			if (got_len == want_len &&
			    memcmp(got, want, want_len) == 0) {
				gnutls_free(crt_issuer.data);
				return t;
			}
		}
	}
	gnutls_free(crt_issuer.data);
	return (time_t)-1;
}

static void
say_revoked(struct words *w, const gnutls_x509_crt_t *path, unsigned n,
	    const struct mtls_verify_policy *pol)
{
	char when[64], serial[MTLS_SERIAL_HEX_MAX], name[MTLS_NAME_MAX];
	unsigned i;
	time_t t;

	for (i = 0; i < n; i++) {
		t = revoked_when(pol, path[i]);
		if (t == (time_t)-1)
			continue;
		mtls_time_format(t, when, sizeof(when));
		mtls_crt_serial(path[i], serial, sizeof(serial));
		if (i == 0) {
			say(w, "revoked on %s (serial %s)", when, serial);
		} else {
			mtls_crt_subject(path[i], name, sizeof(name));
			say(w, "issuer '%s' was revoked on %s (serial %s)",
			    name, when, serial);
		}
		return;
	}
	say(w, "revoked");
}

/* The CRL in POL whose issuer issued CRT, or NULL. */
static gnutls_x509_crl_t
crl_for(const struct mtls_verify_policy *pol, gnutls_x509_crt_t crt)
{
	gnutls_datum_t a, b;
	gnutls_x509_crl_t found = NULL;
	unsigned i;

	if (pol == NULL || gnutls_x509_crt_get_raw_issuer_dn(crt, &a) < 0)
		return NULL;
	for (i = 0; i < pol->n_crls && found == NULL; i++) {
		if (gnutls_x509_crl_get_raw_issuer_dn(pol->crls[i], &b) < 0)
			continue;
		if (a.size == b.size && memcmp(a.data, b.data, a.size) == 0)
			found = pol->crls[i];
		gnutls_free(b.data);
	}
	gnutls_free(a.data);
	return found;
}

static void
say_times(struct words *w, const gnutls_x509_crt_t *path, unsigned n,
	  gnutls_x509_crt_t anchor, unsigned status, time_t now)
{
	char when[64], rel[64], name[MTLS_NAME_MAX];
	gnutls_x509_crt_t crt;
	unsigned i, st;
	bool any = false;
	time_t t;

	for (i = 0; i < n + (anchor != NULL); i++) {
		crt = i < n ? path[i] : anchor;
		st = time_status(crt, now) & status;
		if (st == 0)
			continue;
		any = true;
		if (i > 0)
			mtls_crt_subject(crt, name, sizeof(name));
		if (st & GNUTLS_CERT_EXPIRED) {
			t = gnutls_x509_crt_get_expiration_time(crt);
			mtls_time_format(t, when, sizeof(when));
			relative(t, now, rel, sizeof(rel));
			if (i == 0)
				say(w, "expired on %s (%s)", when, rel);
			else
				say(w, "issuer '%s' expired on %s (%s)", name,
				    when, rel);
		}
		if (st & GNUTLS_CERT_NOT_ACTIVATED) {
			t = gnutls_x509_crt_get_activation_time(crt);
			mtls_time_format(t, when, sizeof(when));
			relative(t, now, rel, sizeof(rel));
			if (i == 0)
				say(w, "not valid before %s (%s)", when, rel);
			else
				say(w,
				    "issuer '%s' is not valid before %s "
				    "(%s)",
				    name, when, rel);
		}
	}
	if (any)
		return;
	if (status & GNUTLS_CERT_EXPIRED)
		say(w, "a certificate in the chain has expired");
	if (status & GNUTLS_CERT_NOT_ACTIVATED)
		say(w, "a certificate in the chain is not valid yet");
}

/* The path ends at a certificate no trust anchor issued.  When that one is
 * not self-issued, its issuer is simply missing: it may well chain to a
 * trusted CA, so say what is missing, never "not a trusted CA". */
static void
say_untrusted(struct words *w, const gnutls_x509_crt_t *path, unsigned n,
	      const struct mtls_verify_policy *pol)
{
	gnutls_x509_crt_t top = path[n - 1];
	char name[MTLS_NAME_MAX];
	const char *hint = "";

	if (is_self_issued(top) && n == 1) {
		say(w, "self-signed, not issued by a trusted CA");
	} else if (is_self_issued(top)) {
		mtls_crt_subject(top, name, sizeof(name));
		say(w, "chains to '%s', which is not a trusted CA", name);
	} else {
		mtls_crt_issuer(top, name, sizeof(name));
		if (pol != NULL && pol->hint_words != NULL)
			hint = pol->hint_words(MTLS_HINT_ISSUER);
		say(w, "the issuer '%s' was not sent and is not known%s", name,
		    hint);
	}
}

static void
say_not_ca(struct words *w, const gnutls_x509_crt_t *path, unsigned n,
	   gnutls_x509_crt_t anchor)
{
	char name[MTLS_NAME_MAX];
	struct mtls_err e;
	gnutls_x509_crt_t crt;
	unsigned i;

	for (i = 1; i < n + (anchor != NULL); i++) {
		crt = i < n ? path[i] : anchor;
		if (mtls_crt_is_ca(crt, &e))
			continue;
		mtls_crt_subject(crt, name, sizeof(name));
		say(w, "issuer '%s' is not a CA", name);
		return;
	}
	say(w, "issuer is not a CA");
}

static void
say_signature(struct words *w, const gnutls_x509_crt_t *path, unsigned n,
	      gnutls_x509_crt_t anchor)
{
	gnutls_x509_crt_t issuer;
	char name[MTLS_NAME_MAX];
	unsigned i, st;

	for (i = 0; i < n; i++) {
		issuer = i + 1 < n ? path[i + 1] : anchor;
		if (issuer == NULL)
			break;
		st = 0;
		if (gnutls_x509_crt_verify(
			    path[i], &issuer, 1,
			    GNUTLS_VERIFY_DISABLE_TIME_CHECKS |
				    GNUTLS_VERIFY_DISABLE_CA_SIGN,
			    &st) < 0 ||
		    !(st & GNUTLS_CERT_SIGNATURE_FAILURE))
			continue;
		if (i == 0) {
			mtls_crt_subject(issuer, name, sizeof(name));
			say(w,
			    "signature does not verify with the key of "
			    "'%s'",
			    name);
		} else {
			mtls_crt_subject(path[i], name, sizeof(name));
			say(w, "the signature of issuer '%s' does not verify",
			    name);
		}
		return;
	}
	say(w, "signature does not verify");
}

static void
say_constraints(struct words *w, const gnutls_x509_crt_t *path, unsigned n,
		gnutls_x509_crt_t anchor, bool name_constraints)
{
	int pathlen[PATH_MAX_LEN + 1];
	bool self[PATH_MAX_LEN + 1];
	unsigned critical, ca, i, below;
	char name[MTLS_NAME_MAX];
	gnutls_x509_crt_t crt;
	int at;

	for (i = 0; i < n + (anchor != NULL); i++) {
		crt = i < n ? path[i] : anchor;
		self[i] = mtls_crt_is_self_issued(crt);
		if (gnutls_x509_crt_get_basic_constraints(crt, &critical, &ca,
							  &pathlen[i]) < 0 ||
		    !ca)
			pathlen[i] = -1;
	}
	at = mtls_pathlen_exceeded(pathlen, self, i, &below);
	if (at >= 0) {
		crt = (unsigned)at < n ? path[at] : anchor;
		mtls_crt_subject(crt, name, sizeof(name));
		say(w,
		    "path too long ('%s' allows %d intermediate CA%s below "
		    "it, found %u)",
		    name, pathlen[at], pathlen[at] == 1 ? "" : "s", below);
		return;
	}
	/* GnuTLS flags a non-CA issuer here too; that has its words. */
	if (name_constraints)
		say(w, "violates its issuer's name constraints");
}

void
mtls_verify_explain(unsigned status, const gnutls_x509_crt_t *chain, unsigned n,
		    time_t now, const struct mtls_verify_policy *pol, char *buf,
		    size_t size)
{
	struct words w = { buf, size, 0 };
	gnutls_x509_crt_t path[PATH_MAX_LEN], anchor = NULL;
	gnutls_x509_crt_t full[PATH_MAX_LEN + 1];
	gnutls_x509_crl_t crl;
	char name[MTLS_NAME_MAX], when[64], rule[1024];
	unsigned m, known, covers = 0;
	time_t t;

	if (size == 0)
		return;
	buf[0] = '\0';
	if (n == 0 || chain == NULL) {
		say(&w, "no certificate");
		return;
	}
	/* A peer may send its chain in any order. */
	m = build_path(NULL, chain[0], chain, n, path);
	if (pol != NULL)
		anchor = anchor_of(pol->trust, path[m - 1]);
	if (anchor != NULL && in_list(anchor, path, m)) {
		gnutls_x509_crt_deinit(anchor);
		anchor = NULL;
	}

	/* A broken rule has its own words, which may say what a GnuTLS
	 * status bit would say less well. */
	if ((status & MTLS_CERT_RULE) &&
	    mtls_verify_rules(pol, full, full_chain(path, m, anchor, full),
			      status & ~MTLS_CERT_RULE, false, rule,
			      sizeof(rule), &covers) != 0)
		status &= ~covers;
	else
		rule[0] = '\0';
	if (status & GNUTLS_CERT_SIGNER_NOT_FOUND)
		say_untrusted(&w, path, m, pol);
	if (status & GNUTLS_CERT_SIGNER_NOT_CA)
		say_not_ca(&w, path, m, anchor);
	if (status & GNUTLS_CERT_SIGNATURE_FAILURE)
		say_signature(&w, path, m, anchor);
	if (rule[0] != '\0')
		say(&w, "%s", rule);
	if (status & GNUTLS_CERT_INSECURE_ALGORITHM)
		say(&w, "signed with an insecure algorithm (%s)",
		    gnutls_sign_get_name(
			    gnutls_x509_crt_get_signature_algorithm(path[0]))
			    ?: "unknown");
	if (status & GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE)
		say_constraints(&w, path, m, anchor,
				!(status & GNUTLS_CERT_SIGNER_NOT_CA));
	if (status & GNUTLS_CERT_REVOKED)
		say_revoked(&w, path, m, pol);
	if (status & (GNUTLS_CERT_EXPIRED | GNUTLS_CERT_NOT_ACTIVATED))
		say_times(&w, path, m, anchor, status, now);
	if (status & GNUTLS_CERT_PURPOSE_MISMATCH)
		say_purpose(&w, path, m,
			    pol != NULL ? pol->purpose : MTLS_PURPOSE_ANY);
	if (status & MTLS_CERT_BAD_DNS_NAME)
		say_dns_sans(&w, path, m);
	if (status & GNUTLS_CERT_UNEXPECTED_OWNER)
		say_host(&w, path[0], pol);

	/* Revocation data: name the issuer whose CRL is at fault. */
	mtls_crt_issuer(path[0], name, sizeof(name));
	crl = crl_for(pol, path[0]);
	if (status & MTLS_CERT_CRL_MISSING)
		say(&w, "no CRL from '%s' to check revocation against", name);
	if (status & MTLS_CERT_CRL_BAD_SIGNATURE)
		say(&w, "the CRL from '%s' does not verify against its issuer",
		    name);
	if (status & GNUTLS_CERT_REVOCATION_DATA_SUPERSEDED) {
		t = crl ? gnutls_x509_crl_get_next_update(crl) : (time_t)-1;
		mtls_time_format(t, when, sizeof(when));
		if (t != (time_t)-1)
			say(&w, "the CRL from '%s' is out of date since %s",
			    name, when);
		else
			say(&w, "a CRL is out of date");
	}
	if (status & GNUTLS_CERT_REVOCATION_DATA_ISSUED_IN_FUTURE) {
		t = crl ? gnutls_x509_crl_get_this_update(crl) : (time_t)-1;
		mtls_time_format(t, when, sizeof(when));
		if (t != (time_t)-1)
			say(&w, "the CRL from '%s' is not valid before %s",
			    name, when);
		else
			say(&w, "a CRL is not valid yet");
	}

	if (status & GNUTLS_CERT_MISMATCH)
		say(&w, "does not match the expected certificate");
	if (status & GNUTLS_CERT_UNKNOWN_CRIT_EXTENSIONS)
		say(&w, "has a critical extension this program does not know");
	if (status & GNUTLS_CERT_MISSING_OCSP_STATUS)
		say(&w, "the OCSP status it requires is missing");
	if (status & GNUTLS_CERT_INVALID_OCSP_STATUS)
		say(&w, "its OCSP status is invalid");

	known = GNUTLS_CERT_INVALID | GNUTLS_CERT_SIGNER_NOT_FOUND |
		GNUTLS_CERT_SIGNER_NOT_CA | GNUTLS_CERT_SIGNATURE_FAILURE |
		GNUTLS_CERT_INSECURE_ALGORITHM |
		GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE | GNUTLS_CERT_REVOKED |
		GNUTLS_CERT_EXPIRED | GNUTLS_CERT_NOT_ACTIVATED |
		GNUTLS_CERT_PURPOSE_MISMATCH | GNUTLS_CERT_UNEXPECTED_OWNER |
		MTLS_CERT_BAD_DNS_NAME | MTLS_CERT_CRL_MISSING |
		MTLS_CERT_CRL_BAD_SIGNATURE |
		GNUTLS_CERT_REVOCATION_DATA_SUPERSEDED |
		GNUTLS_CERT_REVOCATION_DATA_ISSUED_IN_FUTURE |
		GNUTLS_CERT_MISMATCH | GNUTLS_CERT_UNKNOWN_CRIT_EXTENSIONS |
		GNUTLS_CERT_MISSING_OCSP_STATUS |
		GNUTLS_CERT_INVALID_OCSP_STATUS | MTLS_CERT_RULE;
	if ((status & ~known) != 0 || w.len == 0)
		say(&w, "not trusted (GnuTLS verification status 0x%x)",
		    status);
	gnutls_x509_crt_deinit(anchor);
}
