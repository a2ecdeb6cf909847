/*
 * tls_config.c -- the configuration a TLS endpoint is built with, once:
 * credentials (chain, key, trust anchors), a priority cache, and what the
 * peer's certificate is judged by besides the anchors (CRLs, untrusted
 * intermediates, strictness), so that every handshake is judged by the
 * policy verifycert uses without reading a file again.
 *
 * The CRLs are kept here, not in the credentials: GnuTLS would then judge
 * revocation by its own rules (no CRL from an issuer is no objection, an
 * out-of-date CRL still counts), and the verdict would differ from
 * verifycert's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mtls_internal.h"

struct mtls_tls_config {
	gnutls_certificate_credentials_t cred;
	gnutls_priority_t priority;
	gnutls_x509_crt_t leaf;
	unsigned ca_count;
	gnutls_datum_t ticket_key; /* size 0 when not set */
	gnutls_x509_crl_t *crls;
	char **crl_names; /* the file each CRL came from, for messages */
	/* For each CRL, the certificate its signature verified with when
	 * it was loaded (or NULL): not checked again at every handshake. */
	gnutls_x509_crt_t *crl_signers;
	unsigned n_crls;
	gnutls_x509_crt_t *untrusted;
	unsigned n_untrusted;
	bool strict;
	const char *(*hint_words)(enum mtls_hint hint);
};

struct mtls_tls_config *
mtls_tls_config_new(struct mtls_err *e)
{
	struct mtls_tls_config *cfg = calloc(1, sizeof(*cfg));
	int ret;

	if (cfg == NULL) {
		mtls_err_set(e, "out of memory");
		return NULL;
	}
	ret = gnutls_certificate_allocate_credentials(&cfg->cred);
	if (ret < 0) {
		free(cfg);
		mtls_err_gnutls(e, ret, "cannot set up TLS");
		return NULL;
	}
	if (mtls_tls_config_set_priority(cfg, NULL, e) != 0) {
		mtls_tls_config_free(cfg);
		return NULL;
	}
	return cfg;
}

void
mtls_tls_config_free(struct mtls_tls_config *cfg)
{
	if (cfg == NULL)
		return;
	gnutls_certificate_free_credentials(cfg->cred);
	gnutls_priority_deinit(cfg->priority);
	gnutls_x509_crt_deinit(cfg->leaf);
	mtls_datum_wipe(&cfg->ticket_key);
	for (unsigned i = 0; i < cfg->n_crls; i++) {
		gnutls_x509_crl_deinit(cfg->crls[i]);
		free(cfg->crl_names[i]);
		gnutls_x509_crt_deinit(cfg->crl_signers[i]);
	}
	free(cfg->crls);
	free(cfg->crl_names);
	free(cfg->crl_signers);
	mtls_crt_list_free(cfg->untrusted, cfg->n_untrusted);
	free(cfg);
}

int
mtls_tls_config_add_ca(struct mtls_tls_config *cfg, const char *path,
		       struct mtls_err *e)
{
	gnutls_x509_crt_t *list = NULL;
	unsigned n = 0;
	int ret;

	if (mtls_crt_list_load(path, &list, &n, e) != 0)
		return -1;
	ret = gnutls_certificate_set_x509_trust(cfg->cred, list, (int)n);
	mtls_crt_list_free(list, n);
	if (ret < 0)
		return mtls_err_gnutls(e, ret,
				       "cannot trust the certificates "
				       "in '%s'",
				       path);
	cfg->ca_count += n;
	return 0;
}

int
mtls_tls_config_add_system_ca(struct mtls_tls_config *cfg, struct mtls_err *e)
{
	int ret = gnutls_certificate_set_x509_system_trust(cfg->cred);

	if (ret < 0)
		return mtls_err_gnutls(e, ret,
				       "cannot load the system's "
				       "trusted CAs");
	cfg->ca_count += (unsigned)ret;
	return 0;
}

int
mtls_tls_config_add_crl(struct mtls_tls_config *cfg, const char *path,
			struct mtls_err *e)
{
	gnutls_x509_crl_t crl = NULL, *crls;
	gnutls_x509_crt_t *signers;
	gnutls_x509_trust_list_t trust = NULL;
	char *name, **names;

	if (mtls_crl_load(path, &crl, e) != 0)
		return -1;
	name = strdup(mtls_file_name(path, false));
	crls = realloc(cfg->crls, (cfg->n_crls + 1) * sizeof(*crls));
	if (crls != NULL)
		cfg->crls = crls;
	names = realloc(cfg->crl_names, (cfg->n_crls + 1) * sizeof(*names));
	if (names != NULL)
		cfg->crl_names = names;
	signers =
		realloc(cfg->crl_signers, (cfg->n_crls + 1) * sizeof(*signers));
	if (signers != NULL)
		cfg->crl_signers = signers;
	if (name == NULL || crls == NULL || names == NULL || signers == NULL) {
		free(name);
		gnutls_x509_crl_deinit(crl);
		return mtls_err_set(e, "out of memory");
	}
	/* Its signature, checked once against the anchors and untrusted
	 * certificates given so far. */
	gnutls_certificate_get_trust_list(cfg->cred, &trust);
	cfg->crl_signers[cfg->n_crls] =
		mtls_crl_signer(crl, trust, cfg->untrusted, cfg->n_untrusted);
	cfg->crls[cfg->n_crls] = crl;
	cfg->crl_names[cfg->n_crls++] = name;
	return 0;
}

int
mtls_tls_config_add_untrusted(struct mtls_tls_config *cfg, const char *path,
			      struct mtls_err *e)
{
	gnutls_x509_crt_t *list = NULL, *grown;
	unsigned n = 0;

	if (mtls_crt_list_load(path, &list, &n, e) != 0)
		return -1;
	grown = gnutls_realloc(cfg->untrusted,
			       (cfg->n_untrusted + n) * sizeof(*grown));
	if (grown == NULL) {
		mtls_crt_list_free(list, n);
		return mtls_err_set(e, "out of memory");
	}
	memcpy(grown + cfg->n_untrusted, list, n * sizeof(*grown));
	cfg->untrusted = grown;
	cfg->n_untrusted += n;
	gnutls_free(list);
	return 0;
}

void
mtls_tls_config_set_strict(struct mtls_tls_config *cfg, bool strict)
{
	cfg->strict = strict;
}

void
mtls_tls_config_set_hint_words(struct mtls_tls_config *cfg,
			       const char *(*words)(enum mtls_hint hint))
{
	cfg->hint_words = words;
}

void
mtls_tls_config_policy(const struct mtls_tls_config *cfg,
		       struct mtls_verify_policy *pol)
{
	gnutls_x509_trust_list_t trust = NULL;

	gnutls_certificate_get_trust_list(cfg->cred, &trust);
	*pol = (struct mtls_verify_policy){
		.trust = trust,
		.crls = cfg->crls,
		.n_crls = cfg->n_crls,
		.crl_signers = cfg->crl_signers,
		.strict = cfg->strict,
		.hint_words = cfg->hint_words,
	};
}

const gnutls_x509_crt_t *
mtls_tls_config_untrusted(const struct mtls_tls_config *cfg, unsigned *n)
{
	*n = cfg->n_untrusted;
	return cfg->untrusted;
}

/* "in 5 hours", "in less than an hour" */
static void
hours_from_now(time_t t, time_t now, char *buf, size_t size)
{
	long long h = (long long)(t - now) / 3600;

	if (h == 0)
		snprintf(buf, size, "in less than an hour");
	else
		snprintf(buf, size, "in %lld hour%s", h, h == 1 ? "" : "s");
}

void
mtls_tls_config_crl_notes(const struct mtls_tls_config *cfg, time_t now,
			  time_t within,
			  void (*note)(void *arg, const char *text), void *arg)
{
	char issuer[MTLS_NAME_MAX], when[64], rel[64], text[2 * MTLS_NAME_MAX];
	time_t next, this;

	for (unsigned i = 0; i < cfg->n_crls; i++) {
		mtls_crl_issuer(cfg->crls[i], issuer, sizeof(issuer));
		next = gnutls_x509_crl_get_next_update(cfg->crls[i]);
		this = gnutls_x509_crl_get_this_update(cfg->crls[i]);
		if (this != (time_t)-1 && now < this) {
			mtls_time_format(this, when, sizeof(when));
			snprintf(text, sizeof(text),
				 "the CRL '%s' from '%s' is not valid before "
				 "%s: the certificates it covers are refused "
				 "until then",
				 cfg->crl_names[i], issuer, when);
		} else if (next == (time_t)-1 || next - now > within) {
			continue;
		} else if (now >= next) {
			mtls_time_format(next, when, sizeof(when));
			snprintf(text, sizeof(text),
				 "the CRL '%s' from '%s' is out of date since "
				 "%s: the certificates it covers are refused "
				 "until a current one is loaded",
				 cfg->crl_names[i], issuer, when);
		} else {
			mtls_time_format(next, when, sizeof(when));
			hours_from_now(next, now, rel, sizeof(rel));
			snprintf(text, sizeof(text),
				 "the CRL '%s' from '%s' will be out of date "
				 "on %s (%s)",
				 cfg->crl_names[i], issuer, when, rel);
		}
		note(arg, text);
	}
}

static bool
is_pkcs12_file(const char *path)
{
	gnutls_datum_t data = { NULL, 0 };
	struct mtls_err ignored;
	bool is;

	if (mtls_file_read(path, &data, &ignored) != 0)
		return false;
	is = mtls_is_pkcs12(&data);
	gnutls_free(data.data);
	return is;
}

int
mtls_tls_config_set_cert_key(struct mtls_tls_config *cfg, const char *cert_path,
			     const char *key_path, const char *pass,
			     struct mtls_err *e)
{
	gnutls_x509_crt_t *list = NULL;
	gnutls_pcert_st *pcerts = NULL;
	gnutls_privkey_t key = NULL;
	unsigned n = 0, i, done = 0;
	char subject[MTLS_NAME_MAX];
	int ret, match, rv = -1;

	if (is_pkcs12_file(cert_path)) {
		/* The key and the chain come from the one file. */
		if (mtls_p12_load(cert_path, pass, &key, &list, &n, e) != 0)
			goto out;
		key_path = cert_path;
	} else if (mtls_crt_list_load(cert_path, &list, &n, e) != 0 ||
		   mtls_key_load(key_path, pass, &key, e) != 0) {
		goto out;
	}
	match = mtls_key_matches_crt(key, list[0], e);
	if (match < 0)
		goto out;
	if (match == 0) {
		mtls_crt_subject(list[0], subject, sizeof(subject));
		mtls_err_set(e,
			     "the key '%s' does not match the certificate "
			     "'%s' ('%s')",
			     key_path, cert_path, subject);
		goto out;
	}
	pcerts = gnutls_calloc(n, sizeof(*pcerts));
	if (pcerts == NULL) {
		mtls_err_set(e, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++, done++) {
		ret = gnutls_pcert_import_x509(&pcerts[i], list[i], 0);
		if (ret < 0) {
			mtls_err_gnutls(e, ret, "cannot use '%s'", cert_path);
			goto out;
		}
	}
	/* The credentials own the key and the pcerts from here on. */
	ret = gnutls_certificate_set_key(cfg->cred, NULL, 0, pcerts, (int)n,
					 key);
	if (ret < 0) {
		mtls_err_gnutls(e, ret, "cannot use '%s' with '%s'", cert_path,
				key_path);
		goto out;
	}
	key = NULL;
	done = 0;
	gnutls_x509_crt_deinit(cfg->leaf);
	cfg->leaf = list[0];
	list[0] = NULL;
	rv = 0;
out:
	for (i = 0; i < done; i++)
		gnutls_pcert_deinit(&pcerts[i]);
	gnutls_free(pcerts);
	if (list != NULL && list[0] == NULL) {
		for (i = 1; i < n; i++)
			gnutls_x509_crt_deinit(list[i]);
		gnutls_free(list);
	} else {
		mtls_crt_list_free(list, n);
	}
	gnutls_privkey_deinit(key);
	return rv;
}

/* Can a handshake agree on a key exchange: a group (ECDHE, TLS 1.3), or
 * the static RSA exchange that needs none? */
static bool
has_key_exchange(gnutls_priority_t prio)
{
	const unsigned *list;
	int n = gnutls_priority_group_list(prio, &list);

	if (n > 0)
		return true;
	n = gnutls_priority_kx_list(prio, &list);
	for (int i = 0; i < n; i++)
		if (list[i] == GNUTLS_KX_RSA)
			return true;
	return false;
}

int
mtls_tls_config_set_priority(struct mtls_tls_config *cfg, const char *priority,
			     struct mtls_err *e)
{
	gnutls_priority_t prio;
	const char *where = NULL;
	unsigned suite;
	int ret;

	ret = gnutls_priority_init2(&prio,
				    priority ? priority
					     : MTLS_TLS_PRIORITY_DEFAULT,
				    &where, 0);
	if (ret == GNUTLS_E_NO_PRIORITIES_WERE_SET)
		return mtls_err_set(e,
				    "priority string '%s' leaves no "
				    "protocol version, cipher or key "
				    "exchange to use",
				    priority);
	if (ret < 0) {
		if (ret == GNUTLS_E_INVALID_REQUEST && where != NULL)
			return mtls_err_set(e,
					    "invalid priority string '%s' "
					    "at '%s'",
					    priority, where);
		return mtls_err_gnutls(e, ret, "invalid priority string '%s'",
				       priority ? priority : "");
	}
	/* A string GnuTLS accepts may still leave nothing to talk with:
	 * say so now, not at every handshake. */
	if (gnutls_priority_get_cipher_suite_index(prio, 0, &suite) ==
	    GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) {
		gnutls_priority_deinit(prio);
		return mtls_err_set(e,
				    "priority string '%s' leaves no cipher "
				    "suite to use",
				    priority);
	}
	if (!has_key_exchange(prio)) {
		gnutls_priority_deinit(prio);
		return mtls_err_set(e,
				    "priority string '%s' leaves no key "
				    "exchange group to use",
				    priority);
	}
	gnutls_priority_deinit(cfg->priority);
	cfg->priority = prio;
	return 0;
}

gnutls_certificate_credentials_t
mtls_tls_config_credentials(struct mtls_tls_config *cfg)
{
	return cfg->cred;
}

gnutls_priority_t
mtls_tls_config_priority(struct mtls_tls_config *cfg)
{
	return cfg->priority;
}

gnutls_x509_crt_t
mtls_tls_config_leaf(struct mtls_tls_config *cfg)
{
	return cfg->leaf;
}

unsigned
mtls_tls_config_ca_count(const struct mtls_tls_config *cfg)
{
	return cfg->ca_count;
}

int
mtls_tls_config_set_ticket_key(struct mtls_tls_config *cfg, const char *path,
			       struct mtls_err *e)
{
	gnutls_datum_t key;

	if (mtls_ticket_key_load(path, &key, e) != 0)
		return -1;
	mtls_datum_wipe(&cfg->ticket_key);
	cfg->ticket_key = key;
	return 0;
}

const gnutls_datum_t *
mtls_tls_config_ticket_key(const struct mtls_tls_config *cfg)
{
	return cfg->ticket_key.size != 0 ? &cfg->ticket_key : NULL;
}
