/*
 * decode.c -- certificates, requests and CRLs from PEM or DER, with a
 * message that says what the file holds when it is not what was asked for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "mtls_internal.h"

const char *
mtls_object_kind_name(enum mtls_object_kind kind)
{
	switch (kind) {
	case MTLS_OBJ_CERT:
		return "certificate";
	case MTLS_OBJ_CSR:
		return "certificate request";
	case MTLS_OBJ_CRL:
		return "certificate revocation list";
	case MTLS_OBJ_KEY:
		return "private key";
	default:
		return "unknown data";
	}
}

static const struct {
	const char *label;
	enum mtls_object_kind kind;
} pem_labels[] = {
	{ "CERTIFICATE", MTLS_OBJ_CERT },
	{ "X509 CERTIFICATE", MTLS_OBJ_CERT },
	{ "TRUSTED CERTIFICATE", MTLS_OBJ_CERT },
	{ "CERTIFICATE REQUEST", MTLS_OBJ_CSR },
	{ "NEW CERTIFICATE REQUEST", MTLS_OBJ_CSR },
	{ "X509 CRL", MTLS_OBJ_CRL },
	{ "PRIVATE KEY", MTLS_OBJ_KEY },
	{ "RSA PRIVATE KEY", MTLS_OBJ_KEY },
	{ "EC PRIVATE KEY", MTLS_OBJ_KEY },
	{ "ENCRYPTED PRIVATE KEY", MTLS_OBJ_KEY },
};

/* Kind of the PEM block whose "-----BEGIN " starts at P. */
static enum mtls_object_kind
label_kind(const char *p, const char *end)
{
	size_t i;

	p += strlen("-----BEGIN ");
	for (i = 0; i < sizeof(pem_labels) / sizeof(pem_labels[0]); i++) {
		size_t n = strlen(pem_labels[i].label);

		if ((size_t)(end - p) >= n + 5 &&
		    memcmp(p, pem_labels[i].label, n) == 0 &&
		    memcmp(p + n, "-----", 5) == 0)
			return pem_labels[i].kind;
	}
	return MTLS_OBJ_UNKNOWN;
}

static const char pem_begin[] = "-----BEGIN ";
static const char pem_end[] = "-----END ";

/* The first WHAT in [P, END), or NULL. */
static const char *
find(const char *p, const char *end, const char *what)
{
	size_t n = strlen(what);

	for (; p + n <= end; p++)
		if (memcmp(p, what, n) == 0)
			return p;
	return NULL;
}

static const char *
find_begin(const char *p, const char *end)
{
	return find(p, end, pem_begin);
}

static bool
is_pem(const gnutls_datum_t *data)
{
	return find_begin((const char *)data->data,
			  (const char *)data->data + data->size) != NULL;
}

enum mtls_object_kind
mtls_pem_kind(const gnutls_datum_t *data)
{
	const char *p = (const char *)data->data;
	const char *end = p + data->size;
	enum mtls_object_kind kind;

	while ((p = find_begin(p, end)) != NULL) {
		kind = label_kind(p, end);
		if (kind != MTLS_OBJ_UNKNOWN)
			return kind;
		p++;
	}
	return MTLS_OBJ_UNKNOWN;
}

/* Does DATA hold a PEM block of KIND anywhere? */
static bool
has_pem_kind(const gnutls_datum_t *data, enum mtls_object_kind kind)
{
	const char *p = (const char *)data->data;
	const char *end = p + data->size;

	while ((p = find_begin(p, end)) != NULL) {
		if (label_kind(p, end) == kind)
			return true;
		p++;
	}
	return false;
}

/* Kind of a DER blob, found by trying each decoder: what a file holds
 * when it is not what was asked for. */
static enum mtls_object_kind
der_kind(const gnutls_datum_t *data)
{
	gnutls_x509_crt_t crt;
	gnutls_x509_crq_t crq;
	gnutls_x509_crl_t crl;
	int ret;

	if (gnutls_x509_crt_init(&crt) >= 0) {
		ret = gnutls_x509_crt_import(crt, data, GNUTLS_X509_FMT_DER);
		gnutls_x509_crt_deinit(crt);
		if (ret >= 0)
			return MTLS_OBJ_CERT;
	}
	if (gnutls_x509_crq_init(&crq) >= 0) {
		ret = gnutls_x509_crq_import(crq, data, GNUTLS_X509_FMT_DER);
		gnutls_x509_crq_deinit(crq);
		if (ret >= 0)
			return MTLS_OBJ_CSR;
	}
	if (gnutls_x509_crl_init(&crl) >= 0) {
		ret = gnutls_x509_crl_import(crl, data, GNUTLS_X509_FMT_DER);
		gnutls_x509_crl_deinit(crl);
		if (ret >= 0)
			return MTLS_OBJ_CRL;
	}
	return MTLS_OBJ_UNKNOWN;
}

/* The message for a file that does not hold the WANT kind. */
static int
wrong_kind(const gnutls_datum_t *data, const char *name,
	   enum mtls_object_kind want, struct mtls_err *e)
{
	enum mtls_object_kind found = is_pem(data) ? mtls_pem_kind(data)
						   : der_kind(data);

	if (found != MTLS_OBJ_UNKNOWN && found != want)
		return mtls_err_set(e, "'%s': expected a %s, found a %s", name,
				    mtls_object_kind_name(want),
				    mtls_object_kind_name(found));
	if (is_pem(data))
		return mtls_err_set(e,
				    "'%s': expected a %s, found no PEM "
				    "block of that kind",
				    name, mtls_object_kind_name(want));
	return mtls_err_set(e, "'%s': not a %s (neither PEM nor DER)", name,
			    mtls_object_kind_name(want));
}

int
mtls_crt_list_import(const gnutls_datum_t *data, const char *name,
		     gnutls_x509_crt_t **list, unsigned *n, struct mtls_err *e)
{
	gnutls_x509_crt_fmt_t fmt;
	int ret;

	*list = NULL;
	*n = 0;
	if (is_pem(data)) {
		if (!has_pem_kind(data, MTLS_OBJ_CERT))
			return wrong_kind(data, name, MTLS_OBJ_CERT, e);
		fmt = GNUTLS_X509_FMT_PEM;
	} else {
		fmt = GNUTLS_X509_FMT_DER;
	}
	ret = gnutls_x509_crt_list_import2(list, n, data, fmt, 0);
	if (ret < 0) {
		*list = NULL;
		*n = 0;
		if (fmt == GNUTLS_X509_FMT_DER)
			return wrong_kind(data, name, MTLS_OBJ_CERT, e);
		return mtls_err_gnutls(e, ret, "'%s': malformed certificate",
				       name);
	}
	if (*n == 0)
		return wrong_kind(data, name, MTLS_OBJ_CERT, e);
	return 0;
}

int
mtls_crt_list_load(const char *path, gnutls_x509_crt_t **list, unsigned *n,
		   struct mtls_err *e)
{
	gnutls_datum_t data;
	int rv;

	*list = NULL;
	*n = 0;
	if (mtls_file_read(path, &data, e) != 0)
		return -1;
	rv = mtls_crt_list_import(&data, mtls_file_name(path, false), list, n,
				  e);
	gnutls_free(data.data);
	return rv;
}

void
mtls_crt_list_free(gnutls_x509_crt_t *list, unsigned n)
{
	unsigned i;

	if (list == NULL)
		return;
	for (i = 0; i < n; i++)
		gnutls_x509_crt_deinit(list[i]);
	gnutls_free(list);
}

int
mtls_csr_import(const gnutls_datum_t *data, const char *name,
		gnutls_x509_crq_t *out, struct mtls_err *e)
{
	gnutls_x509_crq_t crq;
	gnutls_x509_crt_fmt_t fmt = GNUTLS_X509_FMT_DER;
	int ret;

	*out = NULL;
	if (is_pem(data)) {
		if (!has_pem_kind(data, MTLS_OBJ_CSR))
			return wrong_kind(data, name, MTLS_OBJ_CSR, e);
		fmt = GNUTLS_X509_FMT_PEM;
	}
	ret = gnutls_x509_crq_init(&crq);
	if (ret < 0)
		return mtls_err_gnutls(e, ret, "'%s'", name);
	ret = gnutls_x509_crq_import(crq, data, fmt);
	if (ret < 0) {
		gnutls_x509_crq_deinit(crq);
		if (fmt == GNUTLS_X509_FMT_DER)
			return wrong_kind(data, name, MTLS_OBJ_CSR, e);
		return mtls_err_gnutls(e, ret,
				       "'%s': malformed certificate "
				       "request",
				       name);
	}
	*out = crq;
	return 0;
}

int
mtls_csr_load(const char *path, gnutls_x509_crq_t *out, struct mtls_err *e)
{
	gnutls_datum_t data;
	int rv;

	*out = NULL;
	if (mtls_file_read(path, &data, e) != 0)
		return -1;
	rv = mtls_csr_import(&data, mtls_file_name(path, false), out, e);
	gnutls_free(data.data);
	return rv;
}

int
mtls_crl_load(const char *path, gnutls_x509_crl_t *out, struct mtls_err *e)
{
	const char *name = mtls_file_name(path, false);
	gnutls_x509_crt_fmt_t fmt = GNUTLS_X509_FMT_DER;
	gnutls_x509_crl_t crl = NULL;
	gnutls_datum_t data;
	int ret, rv = -1;

	*out = NULL;
	if (mtls_file_read(path, &data, e) != 0)
		return -1;
	if (is_pem(&data)) {
		if (!has_pem_kind(&data, MTLS_OBJ_CRL)) {
			wrong_kind(&data, name, MTLS_OBJ_CRL, e);
			goto out;
		}
		fmt = GNUTLS_X509_FMT_PEM;
	}
	ret = gnutls_x509_crl_init(&crl);
	if (ret < 0) {
		mtls_err_gnutls(e, ret, "'%s'", name);
		goto out;
	}
	ret = gnutls_x509_crl_import(crl, &data, fmt);
	if (ret < 0) {
		if (fmt == GNUTLS_X509_FMT_DER)
			wrong_kind(&data, name, MTLS_OBJ_CRL, e);
		else
			mtls_err_gnutls(e, ret,
					"'%s': malformed certificate "
					"revocation list",
					name);
		gnutls_x509_crl_deinit(crl);
		goto out;
	}
	*out = crl;
	rv = 0;
out:
	gnutls_free(data.data);
	return rv;
}

static int
items_push(struct mtls_item **items, size_t *n, const struct mtls_item *it)
{
	struct mtls_item *grown;

	grown = gnutls_realloc(*items, (*n + 1) * sizeof(**items));
	if (grown == NULL)
		return -1;
	*items = grown;
	(*items)[(*n)++] = *it;
	return 0;
}

static void
item_clear(struct mtls_item *it)
{
	gnutls_x509_crt_deinit(it->crt);
	gnutls_x509_crq_deinit(it->crq);
	gnutls_x509_crl_deinit(it->crl);
	memset(it, 0, sizeof(*it));
}

/* Decode one object of KIND from DATA in FMT into IT. */
static int
item_decode(enum mtls_object_kind kind, const gnutls_datum_t *data,
	    gnutls_x509_crt_fmt_t fmt, struct mtls_item *it)
{
	int ret = GNUTLS_E_INVALID_REQUEST;

	memset(it, 0, sizeof(*it));
	it->kind = kind;
	switch (kind) {
	case MTLS_OBJ_CERT:
		if ((ret = gnutls_x509_crt_init(&it->crt)) >= 0)
			ret = gnutls_x509_crt_import(it->crt, data, fmt);
		break;
	case MTLS_OBJ_CSR:
		if ((ret = gnutls_x509_crq_init(&it->crq)) >= 0)
			ret = gnutls_x509_crq_import(it->crq, data, fmt);
		break;
	case MTLS_OBJ_CRL:
		if ((ret = gnutls_x509_crl_init(&it->crl)) >= 0)
			ret = gnutls_x509_crl_import(it->crl, data, fmt);
		break;
	default:
		break;
	}
	if (ret < 0)
		item_clear(it);
	return ret;
}

/* Every PEM block of a kind we show, in order. */
static int
import_pem(const gnutls_datum_t *data, const char *name,
	   struct mtls_item **items, size_t *n, struct mtls_err *e)
{
	const char *p = (const char *)data->data;
	const char *end = p + data->size, *label, *eol, *close, *stop;
	enum mtls_object_kind kind;
	bool saw_key = false;
	struct mtls_item it;
	gnutls_datum_t block;
	char endline[128];
	int ret;

	while ((p = find(p, end, pem_begin)) != NULL) {
		label = p + strlen(pem_begin);
		eol = find(label, end, "-----");
		if (eol == NULL || eol - label > 80)
			return mtls_err_set(e, "'%s': malformed PEM header",
					    name);
		snprintf(endline, sizeof(endline), "%s%.*s-----", pem_end,
			 (int)(eol - label), label);
		close = find(eol, end, endline);
		if (close == NULL)
			return mtls_err_set(e,
					    "'%s': PEM block '%.*s' has no "
					    "end line",
					    name, (int)(eol - label), label);
		stop = close + strlen(endline);
		block.data = (unsigned char *)p;
		block.size = (unsigned)(stop - p);
		kind = mtls_pem_kind(&block);
		p = stop;
		if (kind == MTLS_OBJ_KEY)
			saw_key = true;
		if (kind != MTLS_OBJ_CERT && kind != MTLS_OBJ_CSR &&
		    kind != MTLS_OBJ_CRL)
			continue;
		ret = item_decode(kind, &block, GNUTLS_X509_FMT_PEM, &it);
		if (ret < 0)
			return mtls_err_gnutls(e, ret,
					       "'%s': malformed %s "
					       "(item %zu)",
					       name,
					       mtls_object_kind_name(kind),
					       *n + 1);
		if (items_push(items, n, &it) != 0) {
			item_clear(&it);
			return mtls_err_set(e, "'%s': out of memory", name);
		}
	}
	if (*n == 0 && saw_key)
		return mtls_err_set(e,
				    "'%s': expected a certificate, "
				    "certificate request or CRL, found a "
				    "private key",
				    name);
	if (*n == 0)
		return mtls_err_set(e,
				    "'%s': expected a certificate, "
				    "certificate request or CRL, found no "
				    "PEM block of those kinds",
				    name);
	return 0;
}

int
mtls_items_import(const gnutls_datum_t *data, const char *name,
		  struct mtls_item **items, size_t *n, struct mtls_err *e)
{
	static const enum mtls_object_kind der_kinds[] = { MTLS_OBJ_CERT,
							   MTLS_OBJ_CSR,
							   MTLS_OBJ_CRL };
	struct mtls_item it;
	size_t i;

	*items = NULL;
	*n = 0;
	if (find((const char *)data->data,
		 (const char *)data->data + data->size, pem_begin) != NULL) {
		if (import_pem(data, name, items, n, e) == 0)
			return 0;
		mtls_items_free(*items, *n);
		*items = NULL;
		*n = 0;
		return -1;
	}
	for (i = 0; i < sizeof(der_kinds) / sizeof(der_kinds[0]); i++) {
		if (item_decode(der_kinds[i], data, GNUTLS_X509_FMT_DER, &it) <
		    0)
			continue;
		if (items_push(items, n, &it) != 0) {
			item_clear(&it);
			return mtls_err_set(e, "'%s': out of memory", name);
		}
		return 0;
	}
	return mtls_err_set(e,
			    "'%s': expected a certificate, certificate "
			    "request or CRL, found neither PEM nor DER of "
			    "one",
			    name);
}

void
mtls_items_free(struct mtls_item *items, size_t n)
{
	size_t i;

	if (items == NULL)
		return;
	for (i = 0; i < n; i++)
		item_clear(&items[i]);
	gnutls_free(items);
}
