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

/* Is C a character a URI may hold?  Printable ASCII but the space: RFC
 * 3986 wants some of the rest percent-encoded, but a '\\' or a '{' is
 * still one byte an --allow rule can judge, not a way to hide one. */
static bool
is_uri_char(char c)
{
	return (unsigned char)c > ' ' && (unsigned char)c < 0x7f;
}

/* Is S an absolute URI (RFC 3986; RFC 5280 4.2.1.6 asks for a scheme and
 * a scheme-specific part, and a real host when there is an authority)?
 * When not, WHY says why. */
static bool
is_uri(const char *s, char *why, size_t size)
{
	const char *p = s, *host, *end;
	unsigned char ip[16];
	char buf[256], hwhy[160];
	size_t n;

	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return snprintf(why, size,
				"it does not start with a scheme "
				"(as in https: or spiffe:)"),
		       false;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	       (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.')
		p++;
	if (*p != ':')
		return snprintf(why, size,
				"it does not start with a scheme "
				"(as in https: or spiffe:)"),
		       false;
	if (p[1] == '\0')
		return snprintf(why, size, "nothing follows the scheme"), false;
	for (end = p; *end; end++) {
		if (!is_uri_char(*end))
			return snprintf(why, size,
					"byte 0x%02x must be percent-encoded",
					(unsigned char)*end),
			       false;
	}
	if (strncmp(p + 1, "//", 2) != 0)
		return true;
	/* An authority: [userinfo@]host[:port], and the host must be one. */
	host = p + 3;
	n = strcspn(host, "/?#");
	end = memchr(host, '@', n);
	if (end != NULL) {
		n -= (size_t)(end + 1 - host);
		host = end + 1;
	}
	if (n > 0 && host[0] == '[') {
		end = memchr(host, ']', n);
		if (end == NULL || (size_t)(end - host) >= sizeof(buf))
			return snprintf(why, size, "its IPv6 host has no ']'"),
			       false;
		memcpy(buf, host, (size_t)(end + 1 - host));
		buf[end + 1 - host] = '\0';
		if (mtls_ip_parse(buf, ip) != 16)
			return snprintf(why, size,
					"its host '%.100s' is not an IPv6 "
					"address",
					buf),
			       false;
		end++;
	} else {
		end = host;
		while (end < host + n && *end != ':')
			end++;
		if (end == host)
			return snprintf(why, size, "its host is empty"), false;
		if ((size_t)(end - host) >= sizeof(buf))
			return snprintf(why, size, "its host is too long"),
			       false;
		memcpy(buf, host, (size_t)(end - host));
		buf[end - host] = '\0';
		/* A host that reads as a number must be a real address. */
		if (mtls_ip_parse(buf, ip) == 0 &&
		    mtls_hostname_check(buf, false, hwhy, sizeof(hwhy)) != 0 &&
		    strstr(hwhy, "is a number") != NULL)
			return snprintf(why, size,
					"its host '%.100s' is neither a valid "
					"IP address nor a valid host name",
					buf),
			       false;
	}
	if (end < host + n) {
		if (*end != ':')
			return snprintf(why, size, "its host is malformed"),
			       false;
		for (end++; end < host + n; end++)
			if (!(*end >= '0' && *end <= '9'))
				return snprintf(why, size,
						"its port is not a number"),
				       false;
	}
	return true;
}

/* Is S an email address (RFC 5321 Mailbox: a dot-atom local part, a host
 * name)?  When not, WHY says why. */
static bool
is_email(const char *s, char *why, size_t size)
{
	const char *at = strrchr(s, '@');
	const char *p;
	char hwhy[160];

	if (at == NULL || at == s)
		return snprintf(why, size, "it is not local-part@domain"),
		       false;
	if (at - s > 64)
		return snprintf(why, size,
				"its local part is longer than 64 "
				"characters"),
		       false;
	if (s[0] == '.' || at[-1] == '.')
		return snprintf(why, size,
				"its local part starts or ends with '.'"),
		       false;
	for (p = s; p < at; p++) {
		if (*p == '.' && p[1] == '.')
			return snprintf(why, size, "its local part has '..'"),
			       false;
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') ||
		      strchr(".!#$%&'*+-/=?^_`{|}~", *p) != NULL) ||
		    *p == '\0') {
			if ((unsigned char)*p > ' ' && (unsigned char)*p < 0x7f)
				snprintf(why, size,
					 "'%c' is not allowed in its local "
					 "part",
					 *p);
			else
				snprintf(why, size,
					 "byte 0x%02x is not allowed in its "
					 "local part",
					 (unsigned char)*p);
			return false;
		}
	}
	if (mtls_hostname_check(at + 1, false, hwhy, sizeof(hwhy)) != 0)
		return snprintf(why, size,
				"its domain '%s' is not a valid host name: %s",
				at + 1, hwhy),
		       false;
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

/* Words for TEXT, which is neither an address nor a host name. */
static int
not_a_host(const char *what, const char *text, struct mtls_err *e)
{
	char why[160];

	if (mtls_hostname_check(text, true, why, sizeof(why)) == 0)
		return 0;
	if (strstr(why, "is a number") != NULL || strchr(text, ':') != NULL)
		return mtls_err_set(e,
				    "%s'%s' is neither a valid IP address nor "
				    "a valid host name",
				    what, text);
	return mtls_err_set(e, "%s'%s' is not a valid host name: %s", what,
			    text, why);
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
	char why[256];

	if (colon && tlen == 3 && strncasecmp(item, "DNS", 3) == 0) {
		if (mtls_hostname_check(v, true, why, sizeof(why)) != 0)
			return mtls_err_set(e,
					    "invalid DNS name '%s' in SAN: %s",
					    v, why);
		return push(sans, GNUTLS_SAN_DNSNAME, v, strlen(v), e);
	}
	if (colon && tlen == 2 && strncasecmp(item, "IP", 2) == 0) {
		iplen = mtls_ip_parse(v, ip);
		if (iplen == 0)
			return mtls_err_set(e,
					    "invalid IP address '%s' in SAN "
					    "(IPv4 is four decimal numbers "
					    "from 0 to 255 without leading "
					    "zeros; IPv6 as in 2001:db8::1)",
					    v);
		return push(sans, GNUTLS_SAN_IPADDRESS, ip, iplen, e);
	}
	if (colon && tlen == 3 && strncasecmp(item, "URI", 3) == 0) {
		if (!is_uri(v, why, sizeof(why)))
			return mtls_err_set(e, "invalid URI '%s' in SAN: %s", v,
					    why);
		return push(sans, GNUTLS_SAN_URI, v, strlen(v), e);
	}
	if (colon && tlen == 5 && strncasecmp(item, "email", 5) == 0) {
		if (!is_email(v, why, sizeof(why)))
			return mtls_err_set(e,
					    "invalid email address '%s' in "
					    "SAN: %s",
					    v, why);
		return push(sans, GNUTLS_SAN_RFC822NAME, v, strlen(v), e);
	}
	/* A bare value: an address (IPv6 has colons) or a host name. */
	iplen = mtls_ip_parse(item, ip);
	if (iplen != 0)
		return push(sans, GNUTLS_SAN_IPADDRESS, ip, iplen, e);
	if (colon && (tlen == 0 || strspn(item, "0123456789abcdefABCDEF:.[]") !=
					   strlen(item)))
		return mtls_err_set(e,
				    "unknown SAN type '%.*s' in '%s' (use "
				    "DNS:, IP:, URI: or email:)",
				    (int)tlen, item, item);
	if (not_a_host("", item, e) != 0)
		return -1;
	return push(sans, GNUTLS_SAN_DNSNAME, item, strlen(item), e);
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

/* Was CN meant as a host name or an address: nothing but letters,
 * digits and "-._*:", with a dot or a colon?  ("svc_account" and "Acme
 * Root CA" name no host; "10.0.0.300" and "a_b.example" try to.) */
static bool
means_host(const char *cn)
{
	return cn[strspn(cn, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRST"
			     "UVWXYZ0123456789-._*:")] == '\0' &&
	       strpbrk(cn, ".:") != NULL;
}

int
mtls_sans_add_from_cn(struct mtls_sans *sans, const char *cn,
		      struct mtls_err *e)
{
	unsigned char ip[16];
	unsigned iplen;
	char why[160];

	iplen = mtls_ip_parse(cn, ip);
	if (iplen != 0)
		return push(sans, GNUTLS_SAN_IPADDRESS, ip, iplen, e) == 0 ? 1
									   : -1;
	if (mtls_hostname_check(cn, true, why, sizeof(why)) == 0)
		return push(sans, GNUTLS_SAN_DNSNAME, cn, strlen(cn), e) == 0
			       ? 1
			       : -1;
	if (!means_host(cn))
		return 0;
	if (not_a_host("cannot make a SAN from the CN: ", cn, e) != 0)
		return -1;
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
	return mtls_sans_add_from_cn(sans, cn, e) < 0 ? -1 : 0;
}

int
mtls_sans_check(const struct mtls_sans *sans, struct mtls_err *e)
{
	char why[160];
	size_t i;

	for (i = 0; i < sans->n; i++) {
		const char *v = (const char *)sans->items[i].value.data;

		if (sans->items[i].type != GNUTLS_SAN_DNSNAME)
			continue;
		if (strlen(v) != sans->items[i].value.size)
			return mtls_err_set(e, "a DNS name SAN holds a NUL "
					       "byte");
		if (mtls_hostname_check(v, true, why, sizeof(why)) != 0) {
			char shown[MTLS_SAN_MAX];

			mtls_printable(v, shown, sizeof(shown));
			return mtls_err_set(e,
					    "invalid DNS name '%s' in SAN: %s",
					    shown, why);
		}
	}
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
