/*
 * cert.c -- building certificates: serial numbers, validity clamped to the
 * issuer, and the extensions each profile needs; the result is checked
 * against its issuer before anyone sees it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gnutls/crypto.h>

#include "mtls_internal.h"

int
mtls_profile_parse(const char *text, enum mtls_profile *out, struct mtls_err *e)
{
	if (strcmp(text, "peer") == 0)
		*out = MTLS_PROFILE_PEER;
	else if (strcmp(text, "server") == 0)
		*out = MTLS_PROFILE_SERVER;
	else if (strcmp(text, "client") == 0)
		*out = MTLS_PROFILE_CLIENT;
	else if (strcmp(text, "ca") == 0)
		*out = MTLS_PROFILE_CA;
	else
		return mtls_err_set(e,
				    "unknown profile '%s' (use server, "
				    "client, peer or ca)",
				    text);
	return 0;
}

int
mtls_days_parse(const char *text, unsigned *out, struct mtls_err *e)
{
	unsigned long days;
	char *end;

	errno = 0;
	days = strtoul(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || text[0] == '-' ||
	    days < 1 || days > 36500)
		return mtls_err_set(e,
				    "invalid number of days '%s' (use 1 to "
				    "36500)",
				    text);
	*out = (unsigned)days;
	return 0;
}

int
mtls_serial_generate(unsigned char buf[MTLS_SERIAL_SIZE], struct mtls_err *e)
{
	int ret = gnutls_rnd(GNUTLS_RND_RANDOM, buf, MTLS_SERIAL_SIZE);

	if (ret < 0)
		return mtls_err_gnutls(e, ret, "cannot make a serial number");
	/* Positive (top bit clear) and no leading zero byte, so the INTEGER
	 * is exactly 20 bytes, the most RFC 5280 allows. */
	buf[0] &= 0x7f;
	if (buf[0] == 0)
		buf[0] = 1;
	return 0;
}

int
mtls_issuer_check(gnutls_x509_crt_t issuer, const char *issuer_name,
		  gnutls_privkey_t issuer_key, const char *key_name,
		  struct mtls_err *e)
{
	char subject[MTLS_NAME_MAX];
	int match;

	if (!mtls_crt_is_ca(issuer, e))
		return mtls_err_prefix(e, "'%s'", issuer_name);
	match = mtls_key_matches_crt(issuer_key, issuer, e);
	if (match < 0)
		return mtls_err_prefix(e, "'%s'", key_name);
	if (match == 0) {
		mtls_crt_subject(issuer, subject, sizeof(subject));
		return mtls_err_set(e,
				    "'%s' is not the key of the CA "
				    "certificate '%s' in '%s'",
				    key_name, subject, issuer_name);
	}
	return 0;
}

void
mtls_crt_brief(gnutls_x509_crt_t crt, char *buf, size_t size)
{
	char subject[MTLS_NAME_MAX], key[64], serial[MTLS_SERIAL_HEX_MAX];
	char until[64];

	mtls_crt_subject(crt, subject, sizeof(subject));
	mtls_key_describe(crt, NULL, key, sizeof(key));
	mtls_crt_serial(crt, serial, sizeof(serial));
	mtls_time_format(gnutls_x509_crt_get_expiration_time(crt), until,
			 sizeof(until));
	snprintf(buf, size, "'%s' (%s), serial %s, valid until %s", subject,
		 key, serial, until);
}

int
mtls_crt_append_pem(gnutls_x509_crt_t crt, gnutls_datum_t *out,
		    struct mtls_err *e)
{
	gnutls_datum_t pem = { NULL, 0 };
	unsigned char *grown;
	int ret;

	ret = gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, &pem);
	if (ret < 0)
		return mtls_err_gnutls(e, ret, "cannot encode the certificate");
	grown = gnutls_realloc(out->data, out->size + pem.size + 1);
	if (grown == NULL) {
		gnutls_free(pem.data);
		return mtls_err_set(e, "out of memory");
	}
	memcpy(grown + out->size, pem.data, pem.size);
	out->data = grown;
	out->size += pem.size;
	out->data[out->size] = '\0';
	gnutls_free(pem.data);
	return 0;
}

/* May ISSUER sign for the new certificate, at NOW? */
static int
check_issuer(gnutls_x509_crt_t issuer, gnutls_privkey_t issuer_key,
	     const struct mtls_crt_params *params, time_t now,
	     struct mtls_err *e)
{
	unsigned critical = 0, ca = 0;
	int pathlen = -1, match;
	char subject[MTLS_NAME_MAX], when[64];
	time_t t;

	mtls_crt_subject(issuer, subject, sizeof(subject));
	if (!mtls_crt_is_ca(issuer, e))
		return -1;
	if (params->profile == MTLS_PROFILE_CA &&
	    gnutls_x509_crt_get_basic_constraints(issuer, &critical, &ca,
						  &pathlen) >= 0 &&
	    pathlen == 0)
		return mtls_err_set(e,
				    "'%s' may not issue CA certificates (its "
				    "path length limit is 0)",
				    subject);
	t = gnutls_x509_crt_get_expiration_time(issuer);
	if (t != (time_t)-1 && t <= now) {
		mtls_time_format(t, when, sizeof(when));
		return mtls_err_set(e, "the CA certificate '%s' expired on %s",
				    subject, when);
	}
	t = gnutls_x509_crt_get_activation_time(issuer);
	if (t != (time_t)-1 && t > now) {
		mtls_time_format(t, when, sizeof(when));
		return mtls_err_set(e,
				    "the CA certificate '%s' is not valid "
				    "before %s",
				    subject, when);
	}
	match = mtls_key_matches_crt(issuer_key, issuer, e);
	if (match < 0)
		return -1;
	if (match == 0)
		return mtls_err_set(e,
				    "the CA key does not match the CA "
				    "certificate '%s'",
				    subject);
	return 0;
}

static int
set_validity(gnutls_x509_crt_t crt, gnutls_x509_crt_t issuer,
	     const struct mtls_crt_params *params, time_t now,
	     struct mtls_crt_notes *notes, struct mtls_err *e)
{
	time_t not_before = now - MTLS_BACKDATE_SECONDS;
	time_t not_after = now + (time_t)params->days * MTLS_SECONDS_PER_DAY;
	int ret;

	notes->clamped = false;
	notes->cut = 0;
	if (issuer != NULL) {
		time_t inb = gnutls_x509_crt_get_activation_time(issuer);
		time_t ina = gnutls_x509_crt_get_expiration_time(issuer);

		/* A certificate that outlives its issuer stops verifying
		 * before its own end date: never make one. */
		if (ina != (time_t)-1 && not_after > ina) {
			notes->cut = not_after - ina;
			not_after = ina;
			notes->clamped = true;
		}
		if (inb != (time_t)-1 && not_before < inb)
			not_before = inb;
	}
	notes->not_after = not_after;
	ret = gnutls_x509_crt_set_activation_time(crt, not_before);
	if (ret >= 0)
		ret = gnutls_x509_crt_set_expiration_time(crt, not_after);
	if (ret < 0)
		return mtls_err_gnutls(e, ret, "cannot set the validity");
	return 0;
}

static int
set_extensions(gnutls_x509_crt_t crt, gnutls_x509_crt_t issuer,
	       const struct mtls_crt_params *params, struct mtls_err *e)
{
	unsigned char id[64];
	size_t idlen = sizeof(id);
	unsigned bits = 0, usage;
	gnutls_datum_t san = { NULL, 0 }, dn = { NULL, 0 };
	int ret, pk;

	if (params->profile == MTLS_PROFILE_CA) {
		ret = gnutls_x509_crt_set_basic_constraints(crt, 1,
							    params->path_len);
		usage = GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN;
	} else {
		ret = gnutls_x509_crt_set_basic_constraints(crt, 0, -1);
		usage = GNUTLS_KEY_DIGITAL_SIGNATURE;
		pk = gnutls_x509_crt_get_pk_algorithm(crt, &bits);
		/* RSA key exchange (TLS 1.2) encrypts to the key. */
		if (pk == GNUTLS_PK_RSA)
			usage |= GNUTLS_KEY_KEY_ENCIPHERMENT;
	}
	if (ret < 0)
		return mtls_err_gnutls(e, ret, "cannot set basicConstraints");
	ret = gnutls_x509_crt_set_key_usage(crt, usage);
	if (ret < 0)
		return mtls_err_gnutls(e, ret, "cannot set keyUsage");

	if (params->profile == MTLS_PROFILE_SERVER ||
	    params->profile == MTLS_PROFILE_PEER) {
		ret = gnutls_x509_crt_set_key_purpose_oid(
			crt, GNUTLS_KP_TLS_WWW_SERVER, 0);
		if (ret < 0)
			return mtls_err_gnutls(e, ret,
					       "cannot set "
					       "extKeyUsage");
	}
	if (params->profile == MTLS_PROFILE_CLIENT ||
	    params->profile == MTLS_PROFILE_PEER) {
		ret = gnutls_x509_crt_set_key_purpose_oid(
			crt, GNUTLS_KP_TLS_WWW_CLIENT, 0);
		if (ret < 0)
			return mtls_err_gnutls(e, ret,
					       "cannot set "
					       "extKeyUsage");
	}

	if (params->sans != NULL && params->sans->n > 0) {
		bool empty_subject;

		if (mtls_sans_export(params->sans, &san, e) != 0)
			return -1;
		ret = gnutls_x509_crt_get_raw_dn(crt, &dn);
		/* RFC 5280 4.2.1.6: with an empty subject the SAN extension
		 * carries the identity and must be critical. */
		empty_subject = ret >= 0 && dn.size <= 2;
		gnutls_free(dn.data);
		ret = gnutls_x509_crt_set_extension_by_oid(crt, "2.5.29.17",
							   san.data, san.size,
							   empty_subject);
		gnutls_free(san.data);
		if (ret < 0)
			return mtls_err_gnutls(e, ret, "cannot set the SANs");
	}

	ret = gnutls_x509_crt_get_key_id(crt, GNUTLS_KEYID_USE_SHA1, id,
					 &idlen);
	if (ret >= 0)
		ret = gnutls_x509_crt_set_subject_key_id(crt, id, idlen);
	if (ret < 0)
		return mtls_err_gnutls(e, ret,
				       "cannot set the subject key "
				       "identifier");
	/* The AKI names the issuer's SKI, so chains build by key; a
	 * self-signed certificate names its own. */
	if (issuer != NULL) {
		idlen = sizeof(id);
		unsigned crit;

		ret = gnutls_x509_crt_get_subject_key_id(issuer, id, &idlen,
							 &crit);
		if (ret < 0) {
			idlen = sizeof(id);
			ret = gnutls_x509_crt_get_key_id(issuer,
							 GNUTLS_KEYID_USE_SHA1,
							 id, &idlen);
		}
	}
	if (ret >= 0)
		ret = gnutls_x509_crt_set_authority_key_id(crt, id, idlen);
	if (ret < 0)
		return mtls_err_gnutls(e, ret,
				       "cannot set the authority key "
				       "identifier");
	return 0;
}

int
mtls_url_check_location(const char *url, const char *what, struct mtls_err *e)
{
	static const char *const schemes[] = { "http://", "https://",
					       "ldap://" };
	size_t n = 0;

	for (size_t i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
		if (strncasecmp(url, schemes[i], strlen(schemes[i])) == 0)
			n = strlen(schemes[i]);
	if (n == 0)
		return mtls_err_set(e,
				    "invalid %s '%s': not an http, https or "
				    "ldap URL",
				    what, url);
	if (url[n] == '\0' || url[n] == '/')
		return mtls_err_set(e, "invalid %s '%s': no host", what, url);
	for (const char *p = url; *p; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f)
			return mtls_err_set(e,
					    "invalid %s '%s': spaces, "
					    "control and non-ASCII "
					    "characters must be "
					    "percent-encoded",
					    what, url);
	return 0;
}

/* Where relying parties find the issuer's CRL and certificate. */
static int
set_locations(gnutls_x509_crt_t crt, const struct mtls_crt_params *params,
	      struct mtls_err *e)
{
	int ret;

	for (size_t i = 0; i < params->n_crl_urls; i++) {
		const char *u = params->crl_urls[i];

		ret = gnutls_x509_crt_set_crl_dist_points2(crt, GNUTLS_SAN_URI,
							   u,
							   (unsigned)strlen(u),
							   0);
		if (ret < 0)
			return mtls_err_gnutls(e, ret,
					       "cannot set the CRL "
					       "distribution point "
					       "'%s'",
					       u);
	}
	for (size_t i = 0; i < params->n_ca_issuers_urls; i++) {
		gnutls_datum_t u = {
			(unsigned char *)params->ca_issuers_urls[i],
			(unsigned)strlen(params->ca_issuers_urls[i]),
		};

		ret = gnutls_x509_crt_set_authority_info_access(
			crt, GNUTLS_IA_CAISSUERS_URI, &u);
		if (ret < 0)
			return mtls_err_gnutls(e, ret,
					       "cannot set the CA "
					       "issuers location '%s'",
					       params->ca_issuers_urls[i]);
	}
	return 0;
}

/* The new certificate must verify against its issuer, or nobody gets it. */
static int
self_check(gnutls_x509_crt_t crt, gnutls_x509_crt_t issuer, struct mtls_err *e)
{
	gnutls_x509_crt_t ca = issuer ? issuer : crt;
	unsigned status = 0;
	int ret;

	ret = gnutls_x509_crt_verify(
		crt, &ca, 1,
		GNUTLS_VERIFY_DISABLE_TIME_CHECKS |
			GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS,
		&status);
	if (ret < 0)
		return mtls_err_gnutls(e, ret,
				       "cannot check the new "
				       "certificate");
	if (status != 0) {
		gnutls_datum_t why = { NULL, 0 };

		gnutls_certificate_verification_status_print(status,
							     GNUTLS_CRT_X509,
							     &why, 0);
		mtls_err_set(e,
			     "the new certificate does not verify against "
			     "its issuer: %s",
			     why.data ? (char *)why.data : "?");
		gnutls_free(why.data);
		return -1;
	}
	return 0;
}

static int
reimport(gnutls_x509_crt_t *crt, struct mtls_err *e)
{
	gnutls_datum_t der = { NULL, 0 };
	gnutls_x509_crt_t fresh = NULL;
	int ret;

	ret = gnutls_x509_crt_export2(*crt, GNUTLS_X509_FMT_DER, &der);
	if (ret >= 0)
		ret = gnutls_x509_crt_init(&fresh);
	if (ret >= 0)
		ret = gnutls_x509_crt_import(fresh, &der, GNUTLS_X509_FMT_DER);
	gnutls_free(der.data);
	if (ret < 0) {
		gnutls_x509_crt_deinit(fresh);
		return mtls_err_gnutls(e, ret, "cannot encode the certificate");
	}
	gnutls_x509_crt_deinit(*crt);
	*crt = fresh;
	return 0;
}

int
mtls_crt_build(gnutls_x509_crq_t crq, const struct mtls_crt_params *params,
	       gnutls_x509_crt_t issuer, gnutls_privkey_t issuer_key,
	       gnutls_x509_crt_t *out, struct mtls_crt_notes *notes,
	       struct mtls_err *e)
{
	unsigned char serial[MTLS_SERIAL_SIZE];
	time_t now = params->now ? params->now : time(NULL);
	gnutls_digest_algorithm_t dig;
	gnutls_x509_crt_t crt = NULL;
	int ret, match;

	*out = NULL;
	if (issuer != NULL && check_issuer(issuer, issuer_key, params, now, e))
		return -1;
	ret = gnutls_x509_crt_init(&crt);
	if (ret < 0)
		return mtls_err_gnutls(e, ret, "cannot make a certificate");
	/* Copies the subject (byte for byte) and the public key only. */
	ret = gnutls_x509_crt_set_crq(crt, crq);
	if (ret >= 0)
		ret = gnutls_x509_crt_set_version(crt, 3);
	if (ret < 0) {
		mtls_err_gnutls(e, ret, "cannot make a certificate");
		goto fail;
	}
	if (issuer == NULL) {
		match = mtls_key_matches_crt(issuer_key, crt, e);
		if (match <= 0) {
			if (match == 0)
				mtls_err_set(e, "the signing key is not the "
						"certificate's own key");
			goto fail;
		}
	}
	if (mtls_serial_generate(serial, e) != 0)
		goto fail;
	ret = gnutls_x509_crt_set_serial(crt, serial, sizeof(serial));
	if (ret < 0) {
		mtls_err_gnutls(e, ret, "cannot set the serial number");
		goto fail;
	}
	if (set_validity(crt, issuer, params, now, notes, e) != 0 ||
	    set_extensions(crt, issuer, params, e) != 0 ||
	    set_locations(crt, params, e) != 0 ||
	    (params->profile == MTLS_PROFILE_CA &&
	     mtls_name_constraints_set(crt, params->permit, params->n_permit,
				       params->exclude, params->n_exclude,
				       e) != 0) ||
	    mtls_key_sign_digest(issuer_key, &dig, e) != 0)
		goto fail;
	ret = gnutls_x509_crt_privkey_sign(crt, issuer ? issuer : crt,
					   issuer_key, dig, 0);
	if (ret < 0) {
		mtls_err_gnutls(e, ret, "cannot sign the certificate");
		goto fail;
	}
	/* GnuTLS fills a certificate's cached raw names only on import, and
	 * verification compares those: re-read what we made. */
	if (reimport(&crt, e) != 0)
		goto fail;
	/* A CA issues only inside the names it may certify: say which name
	 * is outside, rather than hand out what no verifier accepts. */
	if (issuer != NULL && params->profile != MTLS_PROFILE_CA &&
	    mtls_name_constraints_check(crt, issuer, e) != 0)
		goto fail;
	if (self_check(crt, issuer, e) != 0)
		goto fail;
	*out = crt;
	return 0;
fail:
	gnutls_x509_crt_deinit(crt);
	return -1;
}
