/*
 * verify_rules.c -- the RFC 5280 and CA/Browser Forum baseline rules a
 * chain must keep beyond what GnuTLS's own check enforces: key strength
 * and signature hashes, the shape of CAs and of the end-entity
 * certificate, extension criticality, key identifiers, serial numbers,
 * path length as RFC 5280 6.1.4 counts it, the chain's depth and name
 * constraints; and the two legacy allowances (a version 1 end-entity
 * certificate, the host name matched against the CN) that warn, or
 * refuse when the policy is strict.
 *
 * The checks read each certificate's extensions once and do no
 * signature work except for a self-issued certificate, so they add
 * little to a handshake.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "mtls_internal.h"

#define OID_SKI "2.5.29.14"
#define OID_KU "2.5.29.15"
#define OID_SAN "2.5.29.17"
#define OID_BC "2.5.29.19"
#define OID_NC "2.5.29.30"
#define OID_AKI "2.5.29.35"
#define OID_POLICY_CONSTRAINTS "2.5.29.36"
#define OID_EKU "2.5.29.37"

/* Extensions whose meaning GnuTLS or we act on, so they may be critical. */
static const char *const known_oids[] = {
	OID_SKI,
	OID_KU,
	OID_SAN,
	"2.5.29.18", /* issuerAltName */
	OID_BC,
	OID_NC,
	"2.5.29.31", /* cRLDistributionPoints */
	"2.5.29.32", /* certificatePolicies */
	"2.5.29.33", /* policyMappings */
	OID_AKI,
	OID_POLICY_CONSTRAINTS,
	OID_EKU,
	"2.5.29.46",	      /* freshestCRL */
	"2.5.29.54",	      /* inhibitAnyPolicy */
	"1.3.6.1.5.5.7.1.1",  /* authorityInfoAccess */
	"1.3.6.1.5.5.7.1.11", /* subjectInfoAccess */
	"1.3.6.1.5.5.7.1.24", /* TLS feature */
};

bool
mtls_crt_is_self_issued(gnutls_x509_crt_t crt)
{
	gnutls_datum_t subject = { NULL, 0 }, issuer = { NULL, 0 };
	bool same;

	/* By the names alone (RFC 5280 6.1): GnuTLS's check_issuer also
	 * compares key identifiers, which tells a key rollover apart. */
	same = gnutls_x509_crt_get_raw_dn(crt, &subject) >= 0 &&
	       gnutls_x509_crt_get_raw_issuer_dn(crt, &issuer) >= 0 &&
	       subject.size == issuer.size &&
	       memcmp(subject.data, issuer.data, subject.size) == 0;
	gnutls_free(subject.data);
	gnutls_free(issuer.data);
	return same;
}

#define ONLY_KEYS                                                              \
	"; only RSA, ECDSA (P-256, P-384, P-521) and Ed25519 keys are "        \
	"accepted"

bool
mtls_key_is_strong(gnutls_pk_algorithm_t pk, unsigned bits,
		   gnutls_ecc_curve_t curve, char *why, size_t size)
{
	switch (pk) {
	case GNUTLS_PK_RSA:
	case GNUTLS_PK_RSA_PSS:
		if (bits < 2048)
			snprintf(why, size,
				 "an RSA key of %u bits; at least 2048 are "
				 "required",
				 bits);
		else if (bits % 8 != 0)
			snprintf(why, size,
				 "an RSA key of %u bits, which is not a "
				 "multiple of 8",
				 bits);
		else
			return true;
		return false;
	case GNUTLS_PK_ECDSA:
		if (curve == GNUTLS_ECC_CURVE_SECP256R1 ||
		    curve == GNUTLS_ECC_CURVE_SECP384R1 ||
		    curve == GNUTLS_ECC_CURVE_SECP521R1)
			return true;
		snprintf(why, size,
			 "an ECDSA key on the curve %s; only P-256, P-384 and "
			 "P-521 are accepted",
			 gnutls_ecc_curve_get_name(curve) ?: "(unknown)");
		return false;
	case GNUTLS_PK_EDDSA_ED25519:
		return true;
	case GNUTLS_PK_DSA:
		snprintf(why, size, "a DSA key%s", ONLY_KEYS);
		return false;
	default:
		if (pk == GNUTLS_PK_UNKNOWN || gnutls_pk_get_name(pk) == NULL)
			snprintf(why, size, "a key of an unknown type%s",
				 ONLY_KEYS);
		else
			snprintf(why, size, "a key of type %s%s",
				 gnutls_pk_get_name(pk), ONLY_KEYS);
		return false;
	}
}

int
mtls_pathlen_exceeded(const int *pathlen, const bool *self_issued, unsigned n,
		      unsigned *below)
{
	unsigned i, count = 0;

	/* RFC 5280 6.1.4 (l), (m): between a CA and the end-entity
	 * certificate, only the intermediates that are not self-issued
	 * count against its pathLenConstraint. */
	for (i = 1; i < n; i++) {
		if (pathlen[i] >= 0 && count > (unsigned)pathlen[i]) {
			*below = count;
			return (int)i;
		}
		if (!self_issued[i])
			count++;
	}
	return -1;
}

/* ------------------------------------------------------------ one cert */

/* What one certificate's extensions say, read once. */
struct facts {
	char name[MTLS_NAME_MAX + 64]; /* 'CN=x', quoted, for the words */
	int version;
	bool self_issued, self_signed;
	bool has_bc, bc_critical, bc_ca;
	int pathlen;
	bool has_ku, ku_cert_sign, ku_empty, san_empty, pathlen_not_ca;
	bool has_san, san_critical, has_nc, has_eku;
	bool has_aki, aki_critical, has_ski, ski_critical;
	bool has_policy_constraints, pc_critical;
	bool empty_subject;
	char unknown_critical[128];
	unsigned char ski[64], aki[64];
	size_t ski_len, aki_len;
};

/* The judgement so far: only the first broken rule is worded. */
struct rules {
	const struct mtls_verify_policy *pol;
	const gnutls_x509_crt_t *chain;
	unsigned n;
	unsigned status;
	bool warn;
	char *why;
	size_t size;
	bool broken;
	unsigned covers;
};

__attribute__((format(printf, 3, 4))) static void
refuse(struct rules *r, unsigned covers, const char *fmt, ...)
{
	va_list ap;

	if (r->broken)
		return;
	r->broken = true;
	r->covers = covers;
	if (r->size == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(r->why, r->size, fmt, ap);
	va_end(ap);
}

__attribute__((format(printf, 2, 3))) static void
warn(struct rules *r, const char *fmt, ...)
{
	char text[MTLS_NAME_MAX + 256];
	va_list ap;

	if (!r->warn || r->pol == NULL || r->pol->warn == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	r->pol->warn(r->pol->warn_arg, text);
}

static int
count_san(void *arg, int type, const char *value, size_t len)
{
	(void)arg;
	(void)type;
	(void)value;
	(void)len;
	return 1; /* one is enough */
}

static void
read_facts(gnutls_x509_crt_t crt, struct facts *f)
{
	char oid[128], serial[MTLS_SERIAL_HEX_MAX];
	gnutls_datum_t dn = { NULL, 0 };
	size_t sz;
	unsigned critical, ca, usage, i, j;
	int ret;

	memset(f, 0, sizeof(*f));
	mtls_crt_subject(crt, f->name + 1, sizeof(f->name) - 2);
	if (gnutls_x509_crt_get_raw_dn(crt, &dn) >= 0) {
		/* An empty SEQUENCE: 30 00. */
		f->empty_subject = dn.size <= 2;
		gnutls_free(dn.data);
	}
	if (f->empty_subject) {
		mtls_crt_serial(crt, serial, sizeof(serial));
		snprintf(f->name, sizeof(f->name),
			 "with an empty subject (serial %s)", serial);
	} else {
		f->name[0] = '\'';
		strcat(f->name, "'");
	}
	f->version = gnutls_x509_crt_get_version(crt);
	f->pathlen = -1;
	f->self_issued = mtls_crt_is_self_issued(crt);

	for (i = 0;; i++) {
		sz = sizeof(oid);
		ret = gnutls_x509_crt_get_extension_info(crt, i, oid, &sz,
							 &critical);
		if (ret < 0)
			break;
		if (strcmp(oid, OID_BC) == 0) {
			f->has_bc = true;
			f->bc_critical = critical;
		} else if (strcmp(oid, OID_KU) == 0) {
			f->has_ku = true;
		} else if (strcmp(oid, OID_SAN) == 0) {
			f->has_san = true;
			f->san_critical = critical;
		} else if (strcmp(oid, OID_NC) == 0) {
			f->has_nc = true;
		} else if (strcmp(oid, OID_EKU) == 0) {
			f->has_eku = true;
		} else if (strcmp(oid, OID_AKI) == 0) {
			f->has_aki = true;
			f->aki_critical = critical;
		} else if (strcmp(oid, OID_SKI) == 0) {
			f->has_ski = true;
			f->ski_critical = critical;
		} else if (strcmp(oid, OID_POLICY_CONSTRAINTS) == 0) {
			f->has_policy_constraints = true;
			f->pc_critical = critical;
		}
		if (critical && f->unknown_critical[0] == '\0') {
			bool known = false;

			for (j = 0;
			     j < sizeof(known_oids) / sizeof(known_oids[0]);
			     j++)
				if (strcmp(oid, known_oids[j]) == 0)
					known = true;
			if (!known)
				snprintf(f->unknown_critical,
					 sizeof(f->unknown_critical), "%s",
					 oid);
		}
	}
	if (f->has_bc &&
	    gnutls_x509_crt_get_basic_constraints(crt, &critical, &ca,
						  &f->pathlen) >= 0)
		f->bc_ca = ca != 0;
	/* RFC 5280 4.2.1.9: a pathLenConstraint only on a CA. */
	f->pathlen_not_ca = !f->bc_ca && f->pathlen >= 0;
	if (!f->bc_ca)
		f->pathlen = -1;
	if (f->has_ku &&
	    gnutls_x509_crt_get_key_usage(crt, &usage, &critical) >= 0) {
		f->ku_cert_sign = (usage & GNUTLS_KEY_KEY_CERT_SIGN) != 0;
		f->ku_empty = usage == 0;
	}
	f->san_empty = f->has_san &&
		       mtls_sans_each(crt, NULL, count_san, NULL) == 0;
	sz = sizeof(f->ski);
	if (f->has_ski && gnutls_x509_crt_get_subject_key_id(crt, f->ski, &sz,
							     &critical) >= 0)
		f->ski_len = sz;
	sz = sizeof(f->aki);
	if (f->has_aki && gnutls_x509_crt_get_authority_key_id(crt, f->aki, &sz,
							       &critical) >= 0)
		f->aki_len = sz;
	/* Self-signed, not only self-issued (a key rollover): told by the
	 * key identifiers rather than by a signature check, which would cost
	 * a handshake a public-key operation.  The trust anchor counts as
	 * self-signed too (see mtls_verify_rules). */
	f->self_signed =
		f->self_issued &&
		(!f->has_aki || (f->aki_len > 0 && f->aki_len == f->ski_len &&
				 memcmp(f->aki, f->ski, f->aki_len) == 0));
}

static void
check_serial(struct rules *r, gnutls_x509_crt_t crt, const struct facts *f,
	     bool legacy_leaf)
{
	unsigned char raw[64];
	size_t sz = sizeof(raw), i;
	bool zero = true;

	if (gnutls_x509_crt_get_serial(crt, raw, &sz) < 0) {
		refuse(r, 0,
		       "certificate %s has a serial number longer than "
		       "20 octets",
		       f->name);
		return;
	}
	for (i = 0; i < sz; i++)
		if (raw[i] != 0)
			zero = false;
	if (sz > 20)
		refuse(r, 0,
		       "certificate %s has a serial number of %zu octets; at "
		       "most 20 are allowed",
		       f->name, sz);
	else if (sz > 0 && (raw[0] & 0x80))
		refuse(r, 0,
		       "certificate %s has a negative serial number; it must "
		       "be positive",
		       f->name);
	else if (zero && !legacy_leaf)
		refuse(r, 0,
		       "certificate %s has serial number 0; it must be "
		       "positive",
		       f->name);
}

static void
check_key_and_signature(struct rules *r, gnutls_x509_crt_t crt,
			const struct facts *f, bool check_signature)
{
	gnutls_ecc_curve_t curve = GNUTLS_ECC_CURVE_INVALID;
	gnutls_datum_t x = { NULL, 0 }, y = { NULL, 0 };
	gnutls_sign_algorithm_t sign;
	gnutls_digest_algorithm_t dig;
	unsigned bits = 0;
	char why[160];
	int pk;

	pk = gnutls_x509_crt_get_pk_algorithm(crt, &bits);
	if (pk == GNUTLS_PK_ECDSA &&
	    gnutls_x509_crt_get_pk_ecc_raw(crt, &curve, &x, &y) >= 0) {
		gnutls_free(x.data);
		gnutls_free(y.data);
	}
	if (!mtls_key_is_strong((gnutls_pk_algorithm_t)(pk < 0 ? 0 : pk), bits,
				curve, why, sizeof(why)))
		refuse(r, GNUTLS_CERT_INSECURE_ALGORITHM,
		       "certificate %s has %s", f->name, why);
	if (!check_signature)
		return;
	sign = (gnutls_sign_algorithm_t)
		gnutls_x509_crt_get_signature_algorithm(crt);
	dig = gnutls_sign_get_hash_algorithm(sign);
	if (dig == GNUTLS_DIG_SHA1 || dig == GNUTLS_DIG_MD5 ||
	    dig == GNUTLS_DIG_MD2)
		refuse(r, GNUTLS_CERT_INSECURE_ALGORITHM,
		       "certificate %s is signed with %s (%s); signatures "
		       "made with MD5 or SHA-1 are not accepted",
		       f->name, gnutls_digest_get_name(dig),
		       gnutls_sign_get_name(sign) ?: "?");
}

static void
check_extensions(struct rules *r, const struct facts *f)
{
	if (f->unknown_critical[0] != '\0')
		refuse(r, GNUTLS_CERT_UNKNOWN_CRIT_EXTENSIONS,
		       "certificate %s has a critical extension this program "
		       "does not know (%s)",
		       f->name, f->unknown_critical);
	if (f->ku_empty)
		refuse(r, 0,
		       "certificate %s has a key usage extension with no usage "
		       "in it",
		       f->name);
	if (f->san_empty)
		refuse(r, 0, "certificate %s has an empty subjectAltName",
		       f->name);
	if (f->pathlen_not_ca)
		refuse(r, 0,
		       "certificate %s has a pathLenConstraint but is not a CA",
		       f->name);
	if (f->aki_critical)
		refuse(r, 0,
		       "certificate %s has a critical authority key "
		       "identifier; RFC 5280 says it must not be critical",
		       f->name);
	if (f->ski_critical)
		refuse(r, 0,
		       "certificate %s has a critical subject key identifier; "
		       "RFC 5280 says it must not be critical",
		       f->name);
	if (f->has_policy_constraints && !f->pc_critical)
		refuse(r, 0,
		       "certificate %s has a policy constraints extension "
		       "that is not critical; RFC 5280 says it must be "
		       "critical",
		       f->name);
	if (f->empty_subject && !f->has_san && f->version >= 3)
		refuse(r, 0,
		       "certificate %s has no subjectAltName either; one of "
		       "them must name it",
		       f->name);
	else if (f->empty_subject && f->has_san && !f->san_critical)
		refuse(r, 0,
		       "certificate %s has a subjectAltName that is not "
		       "critical; RFC 5280 says it must then be critical",
		       f->name);
	else if (!f->empty_subject && f->san_critical)
		refuse(r, 0,
		       "certificate %s has a critical subjectAltName while its "
		       "subject is not empty; it must then not be critical",
		       f->name);
}

/* CRT's issuer is ISSUER (NULL: none known, or CRT is the anchor). */
static void
check_key_ids(struct rules *r, const struct facts *f,
	      const struct facts *issuer, bool legacy_leaf)
{
	if (legacy_leaf)
		return; /* a version 1 certificate has no extensions */
	if (!f->self_signed && !f->has_aki)
		refuse(r, 0,
		       "certificate %s has no authority key identifier; every "
		       "certificate but a self-signed one must have one",
		       f->name);
	else if (!f->self_signed && f->aki_len == 0)
		refuse(r, 0,
		       "certificate %s has an authority key identifier "
		       "without a key identifier",
		       f->name);
	else if (issuer != NULL && f->aki_len > 0 && issuer->ski_len > 0 &&
		 (f->aki_len != issuer->ski_len ||
		  memcmp(f->aki, issuer->ski, f->aki_len) != 0))
		refuse(r, GNUTLS_CERT_SIGNER_NOT_FOUND,
		       "the authority key identifier of certificate %s does "
		       "not match the subject key identifier of its issuer %s",
		       f->name, issuer->name);
}

static void
check_leaf(struct rules *r, gnutls_x509_crt_t crt, const struct facts *f)
{
	/* A trust anchor checked against itself was trusted as it is. */
	bool anchor = r->n == 1;

	if (f->bc_ca && !anchor)
		refuse(r, 0,
		       "certificate %s is a CA certificate (basicConstraints "
		       "CA:TRUE) but is used as an end-entity certificate",
		       f->name);
	if (f->ku_cert_sign && !anchor)
		refuse(r, 0,
		       "certificate %s has keyCertSign in its key usage but is "
		       "used as an end-entity certificate",
		       f->name);
	if (f->has_nc && !anchor)
		refuse(r, GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE,
		       "certificate %s is an end-entity certificate with name "
		       "constraints; only a CA may have them",
		       f->name);
	if (f->has_eku && mtls_ekus_each(crt, NULL, NULL, NULL) == 0)
		refuse(r, GNUTLS_CERT_PURPOSE_MISMATCH,
		       "certificate %s has an empty extended key usage",
		       f->name);
}

/* F signs the certificate below it. */
static void
check_ca(struct rules *r, const struct facts *f)
{
	if (f->version < 3)
		refuse(r, GNUTLS_CERT_SIGNER_NOT_CA,
		       "certificate %s is version %d; a CA certificate must be "
		       "version 3",
		       f->name, f->version);
	/* When GnuTLS found it is no CA, its words (issuer '...' is not a
	 * CA) say it already. */
	if (!(r->status & GNUTLS_CERT_SIGNER_NOT_CA)) {
		if (!f->has_bc)
			refuse(r, GNUTLS_CERT_SIGNER_NOT_CA,
			       "certificate %s signs certificates but has no "
			       "basicConstraints extension",
			       f->name);
		else if (!f->bc_ca)
			refuse(r, GNUTLS_CERT_SIGNER_NOT_CA,
			       "certificate %s signs certificates but its "
			       "basicConstraints say CA:FALSE",
			       f->name);
	}
	if (f->has_bc && f->bc_ca && !f->bc_critical)
		refuse(r, 0,
		       "certificate %s is a CA whose basicConstraints "
		       "extension is not critical; it must be critical",
		       f->name);
	if (!f->has_ski)
		refuse(r, 0,
		       "certificate %s is a CA without a subject key "
		       "identifier",
		       f->name);
}

static bool
serial_is_zero(gnutls_x509_crt_t crt)
{
	unsigned char raw[64];
	size_t sz = sizeof(raw), i;

	if (gnutls_x509_crt_get_serial(crt, raw, &sz) < 0)
		return false;
	for (i = 0; i < sz; i++)
		if (raw[i] != 0)
			return false;
	return true;
}

static void
check_names(struct rules *r, struct facts *facts)
{
	const gnutls_x509_crt_t *c = r->chain;
	struct mtls_err e;
	unsigned i, j;

	/* RFC 5280 6.1.3 (b), (c): a CA's constraints hold every
	 * certificate below it that is not self-issued, and always the
	 * end-entity one. */
	for (i = 1; i < r->n && !r->broken; i++) {
		if (!facts[i].has_nc)
			continue;
		for (j = 0; j < i && !r->broken; j++) {
			if (j > 0 && facts[j].self_issued)
				continue;
			if (mtls_name_constraints_check_path(
				    c[j], c[i], j == 0 && !facts[0].has_san,
				    &e) != 0)
				refuse(r,
				       GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE,
				       "%s", e.msg);
		}
	}
}

static void
check_host_cn(struct rules *r, const struct facts *leaf)
{
	const char *host = r->pol != NULL ? r->pol->host : NULL;
	unsigned char ip[16];

	if (host == NULL || leaf->has_san ||
	    inet_pton(AF_INET, host, ip) == 1 ||
	    inet_pton(AF_INET6, host, ip) == 1)
		return;
	if (r->pol->strict)
		refuse(r, 0,
		       "certificate %s has no subjectAltName extension; its "
		       "host name is only in its CN",
		       leaf->name);
	else if (!(r->status & GNUTLS_CERT_UNEXPECTED_OWNER))
		warn(r,
		     "certificate %s has no subjectAltName extension; the host "
		     "name was matched against its CN",
		     leaf->name);
}

unsigned
mtls_verify_rules(const struct mtls_verify_policy *pol,
		  const gnutls_x509_crt_t *chain, unsigned n, unsigned status,
		  bool warnings, char *why, size_t size, unsigned *covers)
{
	struct rules r = {
		pol, chain, n, status, warnings, why, size, false, 0
	};
	struct facts facts[MTLS_VERIFY_PATH_MAX];
	int pathlen[MTLS_VERIFY_PATH_MAX];
	bool self_issued[MTLS_VERIFY_PATH_MAX], legacy, gnutls_wrong = false;
	unsigned i, below;
	int at;

	if (size > 0)
		why[0] = '\0';
	*covers = 0;
	if (n == 0)
		return 0;
	if (n > MTLS_VERIFY_MAX_DEPTH) {
		snprintf(why, size,
			 "the chain has %u certificates; at most %d are "
			 "allowed",
			 n, MTLS_VERIFY_MAX_DEPTH);
		return MTLS_CERT_RULE;
	}
	for (i = 0; i < n; i++) {
		read_facts(chain[i], &facts[i]);
		pathlen[i] = facts[i].pathlen;
		self_issued[i] = facts[i].self_issued;
	}
	/* A version 1 end-entity certificate is what `openssl x509 -req`
	 * makes without an extensions file: allowed with a warning. */
	legacy = facts[0].version == 1 && !(pol != NULL && pol->strict);
	if (facts[0].version == 1 && pol != NULL && pol->strict)
		refuse(&r, 0,
		       "certificate %s is version 1; version 3 is required",
		       facts[0].name);
	else if (facts[0].version == 2)
		refuse(&r, 0,
		       "certificate %s is version 2; version 3 is required",
		       facts[0].name);

	for (i = 0; i < n && !r.broken; i++) {
		struct facts *f = &facts[i];
		bool leaf = i == 0;

		/* The trust anchor is trusted as it is: its own signature
		 * proves nothing, and no issuer vouches for it. */
		if (i == n - 1)
			f->self_signed = true;
		check_key_and_signature(&r, chain[i], f, i < n - 1);
		check_serial(&r, chain[i], f, leaf && legacy);
		check_extensions(&r, f);
		if (leaf)
			check_leaf(&r, chain[i], f);
		else
			check_ca(&r, f);
		check_key_ids(&r, f, i + 1 < n ? &facts[i + 1] : NULL,
			      leaf && legacy);
	}
	at = r.broken ? -1
		      : mtls_pathlen_exceeded(pathlen, self_issued, n, &below);
	if (at >= 0)
		refuse(&r, GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE,
		       "path too long (%s allows %d intermediate CA%s below "
		       "it, found %u)",
		       facts[at].name, pathlen[at], pathlen[at] == 1 ? "" : "s",
		       below);
	if (!r.broken)
		check_names(&r, facts);
	/* GnuTLS's constraint bit means a path length or name constraint
	 * broken.  Ours follow RFC 5280 where it does not: it counts
	 * self-issued intermediates against pathLenConstraint (6.1.4 says
	 * not to), and holds a CN that is no host name, or one beside a
	 * subjectAltName, to DNS constraints.  With both checks passed, its
	 * refusal is not kept. */
	gnutls_wrong = !r.broken &&
		       (status & GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE);
	if (!r.broken && legacy)
		warn(&r,
		     "certificate %s is version 1 (no extensions)%s, accepted "
		     "as a legacy end-entity certificate",
		     facts[0].name,
		     serial_is_zero(chain[0]) ? " with serial number 0" : "");
	if (!r.broken)
		check_host_cn(&r, &facts[0]);
	*covers = r.broken	 ? r.covers
		  : gnutls_wrong ? GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE
				 : 0;
	return r.broken ? MTLS_CERT_RULE : 0;
}
