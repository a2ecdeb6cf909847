/*
 * san.c -- subject alternative names: parsing --san specs, the CN-implied
 * default, and conversion to and from the extension's DER.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gnutls/x509-ext.h>

#include "mtls_internal.h"

bool
mtls_is_hostname(const char *text)
{
	const char *p = text;
	size_t total = strlen(text);

	if (total == 0 || total > 253)
		return false;
	if (strncmp(p, "*.", 2) == 0)
		p += 2;
	for (;;) {
		const char *label = p;

		while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		       (*p >= '0' && *p <= '9') || *p == '-')
			p++;
		if (p == label || p - label > 63 || *label == '-' ||
		    p[-1] == '-')
			return false;
		if (*p == '\0')
			return true;
		if (*p != '.')
			return false;
		p++;
	}
}

/* Raw address bytes of TEXT (IPv4, or IPv6 with or without brackets). */
static int
parse_ip(const char *text, unsigned char buf[16], unsigned *len)
{
	char tmp[64];
	size_t n = strlen(text);

	if (inet_pton(AF_INET, text, buf) == 1) {
		*len = 4;
		return 0;
	}
	if (n >= 2 && n < sizeof(tmp) && text[0] == '[' && text[n - 1] == ']') {
		memcpy(tmp, text + 1, n - 2);
		tmp[n - 2] = '\0';
		text = tmp;
	}
	if (inet_pton(AF_INET6, text, buf) == 1) {
		*len = 16;
		return 0;
	}
	return -1;
}

static bool
is_uri(const char *s)
{
	const char *p = s;

	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return false;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	       (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.')
		p++;
	if (*p != ':' || p[1] == '\0')
		return false;
	for (; *p; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f)
			return false;
	return true;
}

static bool
is_email(const char *s)
{
	const char *at = strrchr(s, '@');
	const char *p;

	if (at == NULL || at == s || !mtls_is_hostname(at + 1) ||
	    strncmp(at + 1, "*.", 2) == 0)
		return false;
	for (p = s; p < at; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f ||
		    *p == '@')
			return false;
	return true;
}

static int
push(struct mtls_sans *sans, gnutls_x509_subject_alt_name_t type,
     const void *data, unsigned len, struct mtls_err *e)
{
	struct mtls_san *grown;
	unsigned char *copy;

	grown = realloc(sans->items, (sans->n + 1) * sizeof(*grown));
	if (grown == NULL)
		return mtls_err_set(e, "out of memory");
	sans->items = grown;
	copy = gnutls_malloc(len + 1);
	if (copy == NULL)
		return mtls_err_set(e, "out of memory");
	memcpy(copy, data, len);
	copy[len] = '\0';
	sans->items[sans->n].type = type;
	sans->items[sans->n].value.data = copy;
	sans->items[sans->n].value.size = len;
	sans->n++;
	return 0;
}

/* Add one "TYPE:value" (or a bare host name / address). */
static int
add_one(struct mtls_sans *sans, const char *item, struct mtls_err *e)
{
	const char *colon = strchr(item, ':');
	unsigned char ip[16];
	unsigned iplen;
	size_t tlen = colon ? (size_t)(colon - item) : 0;
	const char *v = colon ? colon + 1 : item;

	if (colon && tlen == 3 && strncasecmp(item, "DNS", 3) == 0) {
		if (!mtls_is_hostname(v))
			return mtls_err_set(e, "invalid DNS name '%s' in SAN",
					    v);
		return push(sans, GNUTLS_SAN_DNSNAME, v, strlen(v), e);
	}
	if (colon && tlen == 2 && strncasecmp(item, "IP", 2) == 0) {
		if (parse_ip(v, ip, &iplen) != 0)
			return mtls_err_set(e, "invalid IP address '%s' in SAN",
					    v);
		return push(sans, GNUTLS_SAN_IPADDRESS, ip, iplen, e);
	}
	if (colon && tlen == 3 && strncasecmp(item, "URI", 3) == 0) {
		if (!is_uri(v))
			return mtls_err_set(e, "invalid URI '%s' in SAN", v);
		return push(sans, GNUTLS_SAN_URI, v, strlen(v), e);
	}
	if (colon && tlen == 5 && strncasecmp(item, "email", 5) == 0) {
		if (!is_email(v))
			return mtls_err_set(e,
					    "invalid email address '%s' in "
					    "SAN",
					    v);
		return push(sans, GNUTLS_SAN_RFC822NAME, v, strlen(v), e);
	}
	/* A bare value: an address (IPv6 has colons) or a host name. */
	if (parse_ip(item, ip, &iplen) == 0)
		return push(sans, GNUTLS_SAN_IPADDRESS, ip, iplen, e);
	if (colon == NULL && mtls_is_hostname(item))
		return push(sans, GNUTLS_SAN_DNSNAME, item, strlen(item), e);
	if (colon)
		return mtls_err_set(e,
				    "unknown SAN type '%.*s' in '%s' (use "
				    "DNS:, IP:, URI: or email:)",
				    (int)tlen, item, item);
	return mtls_err_set(e,
			    "invalid SAN '%s' (use DNS:name, IP:address, "
			    "URI:uri or email:address)",
			    item);
}

int
mtls_sans_add(struct mtls_sans *sans, const char *spec, struct mtls_err *e)
{
	size_t had = sans->n, i;
	char *copy, *item, *save = NULL;
	int rv = 0;

	copy = strdup(spec);
	if (copy == NULL)
		return mtls_err_set(e, "out of memory");
	if (spec[0] == '\0' || spec[strlen(spec) - 1] == ',' ||
	    strstr(spec, ",,") != NULL || spec[0] == ',') {
		rv = mtls_err_set(e, "empty name in SAN list '%s'", spec);
		goto out;
	}
	for (item = strtok_r(copy, ",", &save); item != NULL;
	     item = strtok_r(NULL, ",", &save)) {
		if (add_one(sans, item, e) != 0) {
			rv = -1;
			break;
		}
	}
out:
	if (rv != 0) {
		for (i = had; i < sans->n; i++)
			gnutls_free(sans->items[i].value.data);
		sans->n = had;
	}
	free(copy);
	return rv;
}

int
mtls_sans_add_from_cn(struct mtls_sans *sans, const char *cn)
{
	unsigned char ip[16];
	unsigned iplen;

	if (parse_ip(cn, ip, &iplen) == 0)
		return push(sans, GNUTLS_SAN_IPADDRESS, ip, iplen, NULL) == 0;
	if (mtls_is_hostname(cn))
		return push(sans, GNUTLS_SAN_DNSNAME, cn, strlen(cn), NULL) ==
		       0;
	return 0;
}

int
mtls_sans_default_from_crq(struct mtls_sans *sans, gnutls_x509_crq_t crq,
			   struct mtls_err *e)
{
	char cn[256];
	size_t size = sizeof(cn);
	int ret;

	if (sans->n > 0)
		return 0;
	ret = gnutls_x509_crq_get_dn_by_oid(crq, GNUTLS_OID_X520_COMMON_NAME, 0,
					    0, cn, &size);
	if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE ||
	    ret == GNUTLS_E_SHORT_MEMORY_BUFFER)
		return 0;
	if (ret < 0)
		return mtls_err_gnutls(e, ret, "cannot read the subject's CN");
	mtls_sans_add_from_cn(sans, cn);
	return 0;
}

int
mtls_sans_export(const struct mtls_sans *sans, gnutls_datum_t *der,
		 struct mtls_err *e)
{
	gnutls_subject_alt_names_t gs;
	size_t i;
	int ret;

	der->data = NULL;
	der->size = 0;
	ret = gnutls_subject_alt_names_init(&gs);
	if (ret < 0)
		return mtls_err_gnutls(e, ret, "cannot encode SANs");
	for (i = 0; i < sans->n; i++) {
		ret = gnutls_subject_alt_names_set(gs, sans->items[i].type,
						   &sans->items[i].value, NULL);
		if (ret < 0)
			goto fail;
	}
	ret = gnutls_x509_ext_export_subject_alt_names(gs, der);
	if (ret < 0)
		goto fail;
	gnutls_subject_alt_names_deinit(gs);
	return 0;
fail:
	gnutls_subject_alt_names_deinit(gs);
	return mtls_err_gnutls(e, ret, "cannot encode SANs");
}

int
mtls_sans_import(struct mtls_sans *sans, const gnutls_datum_t *der,
		 struct mtls_err *e)
{
	gnutls_subject_alt_names_t gs;
	struct mtls_sans got = { NULL, 0 };
	unsigned i, type;
	gnutls_datum_t v;
	int ret;

	ret = gnutls_subject_alt_names_init(&gs);
	if (ret < 0)
		return mtls_err_gnutls(e, ret, "cannot decode SANs");
	ret = gnutls_x509_ext_import_subject_alt_names(der, gs, 0);
	if (ret < 0) {
		gnutls_subject_alt_names_deinit(gs);
		return mtls_err_gnutls(e, ret, "malformed subjectAltName");
	}
	for (i = 0;; i++) {
		ret = gnutls_subject_alt_names_get(gs, i, &type, &v, NULL);
		if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			break;
		if (ret < 0) {
			mtls_err_gnutls(e, ret, "malformed subjectAltName");
			goto fail;
		}
		switch (type) {
		case GNUTLS_SAN_DNSNAME:
		case GNUTLS_SAN_IPADDRESS:
		case GNUTLS_SAN_URI:
		case GNUTLS_SAN_RFC822NAME:
			if (push(&got, type, v.data, v.size, e) != 0)
				goto fail;
			break;
		default:
			mtls_err_set(e, "unsupported kind of subject "
					"alternative name (only DNS, IP, URI "
					"and email are copied)");
			goto fail;
		}
	}
	gnutls_subject_alt_names_deinit(gs);
	mtls_sans_free(sans);
	*sans = got;
	return 0;
fail:
	gnutls_subject_alt_names_deinit(gs);
	mtls_sans_free(&got);
	return -1;
}

int
mtls_sans_copy(struct mtls_sans *dst, const struct mtls_sans *src,
	       struct mtls_err *e)
{
	size_t i;

	for (i = 0; i < src->n; i++)
		if (push(dst, src->items[i].type, src->items[i].value.data,
			 src->items[i].value.size, e) != 0)
			return -1;
	return 0;
}

void
mtls_sans_free(struct mtls_sans *sans)
{
	size_t i;

	for (i = 0; i < sans->n; i++)
		gnutls_free(sans->items[i].value.data);
	free(sans->items);
	sans->items = NULL;
	sans->n = 0;
}
