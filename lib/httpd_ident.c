/*
 * httpd_ident.c -- the client's identity as request headers for a backend:
 * Envoy's X-Forwarded-Client-Cert, X-Forwarded-For, X-Forwarded-Proto and,
 * on request, the certificate itself URL-escaped as nginx's
 * $ssl_client_escaped_cert (X-Client-Cert).  Also which incoming header
 * names belong to that set, so a client can never send its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <netinet/in.h>
#include <string.h>
#include <strings.h>

#include "mtls_internal.h"

/* Names a backend may read identity from.  Forwarded and X-Real-IP are
 * not set by us but are removed too: a backend reading them would
 * otherwise believe the client. */
static const char *const identity_names[] = {
	"x-forwarded-client-cert",
	"x-client-cert",
	"x-forwarded-for",
	"x-forwarded-proto",
	"x-forwarded-host",
	"x-real-ip",
	"forwarded",
};

bool
mtls_httpd_is_identity_header(const char *name, size_t len)
{
	for (size_t i = 0;
	     i < sizeof(identity_names) / sizeof(identity_names[0]); i++) {
		const char *want = identity_names[i];
		size_t k;

		if (strlen(want) != len)
			continue;
		/* CGI and WSGI backends see "X_Forwarded_For" as the
		 * same variable as "X-Forwarded-For". */
		for (k = 0; k < len; k++) {
			char ch = name[k] == '_' ? '-' : name[k];

			if (ch >= 'A' && ch <= 'Z')
				ch = (char)(ch - 'A' + 'a');
			if (ch != want[k])
				break;
		}
		if (k == len)
			return true;
	}
	return false;
}

/* An XFCC value: quoted when QUOTE or when it holds a separator, a '"'
 * inside quotes as \" (Envoy's rules); control bytes cannot be in a
 * header, so they become RFC 4514 hex escapes (\0a). */
static void
add_xfcc_value(struct mtls_buf *b, const char *v, size_t n, bool quote)
{
	if (!quote)
		for (size_t i = 0; i < n; i++)
			if (v[i] == ',' || v[i] == ';' || v[i] == '=' ||
			    v[i] == '"' || v[i] == ' ')
				quote = true;
	if (quote)
		mtls_buf_addc(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)v[i];

		if (ch < 0x20 || ch == 0x7f)
			mtls_buf_addf(b, "\\%02x", ch);
		else if (ch == '"' && quote)
			mtls_buf_adds(b, "\\\"");
		else
			mtls_buf_addc(b, (char)ch);
	}
	if (quote)
		mtls_buf_addc(b, '"');
}

/* Percent-encode all but RFC 3986's unreserved characters, as nginx does
 * for $ssl_client_escaped_cert. */
static void
add_url_escaped(struct mtls_buf *b, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = p[i];

		if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		    (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' ||
		    ch == '_' || ch == '~')
			mtls_buf_addc(b, (char)ch);
		else
			mtls_buf_addf(b, "%%%02X", ch);
	}
}

struct san_walk {
	struct mtls_buf *b;
	int type;
};

static int
xfcc_san(void *arg, int type, const char *value, size_t len)
{
	struct san_walk *w = arg;

	if (type != w->type)
		return 0;
	mtls_buf_adds(w->b, type == GNUTLS_SAN_URI ? ";URI=" : ";DNS=");
	add_xfcc_value(w->b, value, len, false);
	return 0;
}

int
mtls_httpd_identity(gnutls_x509_crt_t crt, const struct sockaddr *peer,
		    bool with_cert, struct mtls_buf *out, struct mtls_err *e)
{
	unsigned char hash[32];
	size_t hash_len = sizeof(hash);
	char addr[INET6_ADDRSTRLEN] = "";
	gnutls_datum_t pem = { NULL, 0 };
	char *subject;
	struct san_walk w = { out, GNUTLS_SAN_URI };
	int r;

	if (peer->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
			  &((const struct sockaddr_in6 *)(const void *)peer)
				   ->sin6_addr,
			  addr, sizeof(addr));
	else if (peer->sa_family == AF_INET)
		inet_ntop(AF_INET,
			  &((const struct sockaddr_in *)(const void *)peer)
				   ->sin_addr,
			  addr, sizeof(addr));
	r = gnutls_x509_crt_get_fingerprint(crt, GNUTLS_DIG_SHA256, hash,
					    &hash_len);
	if (r < 0)
		return mtls_err_set(e, "cannot hash the client certificate: %s",
				    gnutls_strerror(r));
	if (with_cert) {
		r = gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, &pem);
		if (r < 0)
			return mtls_err_set(e,
					    "cannot export the client "
					    "certificate: %s",
					    gnutls_strerror(r));
	}
	subject = mtls_crt_subject_dup(crt);
	if (subject == NULL) {
		gnutls_free(pem.data);
		return mtls_err_set(e, "out of memory");
	}
	mtls_buf_addf(out, "X-Forwarded-For: %s\r\n", addr);
	mtls_buf_adds(out, "X-Forwarded-Proto: https\r\n");
	mtls_buf_adds(out, "X-Forwarded-Client-Cert: Hash=");
	mtls_buf_add_hex(out, hash, hash_len, NULL, false);
	if (with_cert) {
		mtls_buf_adds(out, ";Cert=\"");
		add_url_escaped(out, pem.data, pem.size);
		mtls_buf_addc(out, '"');
	}
	mtls_buf_adds(out, ";Subject=");
	add_xfcc_value(out, subject, strlen(subject), true);
	mtls_sans_each(crt, NULL, xfcc_san, &w);
	w.type = GNUTLS_SAN_DNSNAME;
	mtls_sans_each(crt, NULL, xfcc_san, &w);
	mtls_buf_adds(out, "\r\n");
	if (with_cert) {
		mtls_buf_adds(out, "X-Client-Cert: ");
		add_url_escaped(out, pem.data, pem.size);
		mtls_buf_adds(out, "\r\n");
	}
	free(subject);
	gnutls_free(pem.data);
	if (out->failed)
		return mtls_err_set(e, "out of memory");
	return 0;
}

/* ---- PROXY protocol v2 (the HAProxy specification) */

#define PP2_TYPE_SSL 0x20
#define PP2_SUBTYPE_SSL_VERSION 0x21
#define PP2_SUBTYPE_SSL_CN 0x22
#define PP2_SUBTYPE_SSL_CIPHER 0x23
#define PP2_TYPE_SUBJECT 0xE0 /* the first custom type: ours */
#define PP2_CLIENT_SSL 0x01
#define PP2_CLIENT_CERT_CONN 0x02
#define PP2_CLIENT_CERT_SESS 0x04

static void
add_tlv(struct mtls_buf *b, unsigned type, const void *v, size_t n)
{
	mtls_buf_addc(b, (char)type);
	mtls_buf_addc(b, (char)(n >> 8));
	mtls_buf_addc(b, (char)(n & 0xff));
	mtls_buf_add(b, v, n);
}

int
mtls_proxy_v2_header(gnutls_session_t ses, gnutls_x509_crt_t crt,
		     const struct sockaddr *peer, const struct sockaddr *local,
		     struct mtls_buf *out, struct mtls_err *e)
{
	static const char sig[12] = "\r\n\r\n\0\r\nQUIT\n";
	struct mtls_buf ssl = { 0 };
	char version[32], cn[MTLS_NAME_MAX], *subject;
	const char *proto, *cipher;
	size_t cn_len = sizeof(cn), start = out->len, len;
	unsigned char client = PP2_CLIENT_SSL | PP2_CLIENT_CERT_SESS;

	mtls_buf_add(out, sig, sizeof(sig));
	mtls_buf_addc(out, 0x21); /* version 2, PROXY */
	if (peer->sa_family == AF_INET6 && local->sa_family == AF_INET6) {
		const struct sockaddr_in6 *p = (const void *)peer,
					  *l = (const void *)local;

		mtls_buf_addc(out, 0x21); /* TCP over IPv6 */
		mtls_buf_add(out, "\0\0", 2);
		mtls_buf_add(out, &p->sin6_addr, 16);
		mtls_buf_add(out, &l->sin6_addr, 16);
		mtls_buf_add(out, &p->sin6_port, 2);
		mtls_buf_add(out, &l->sin6_port, 2);
	} else if (peer->sa_family == AF_INET && local->sa_family == AF_INET) {
		const struct sockaddr_in *p = (const void *)peer,
					 *l = (const void *)local;

		mtls_buf_addc(out, 0x11); /* TCP over IPv4 */
		mtls_buf_add(out, "\0\0", 2);
		mtls_buf_add(out, &p->sin_addr, 4);
		mtls_buf_add(out, &l->sin_addr, 4);
		mtls_buf_add(out, &p->sin_port, 2);
		mtls_buf_add(out, &l->sin_port, 2);
	} else {
		mtls_buf_addc(out, 0x00); /* unknown: no address block */
		mtls_buf_add(out, "\0\0", 2);
	}

	/* PP2_TYPE_SSL: client flags, verify result (0: verified), then
	 * the version, cipher and the certificate's common name. */
	if (!gnutls_session_is_resumed(ses))
		client |= PP2_CLIENT_CERT_CONN;
	mtls_buf_addc(&ssl, (char)client);
	mtls_buf_add(&ssl, "\0\0\0\0", 4);
	proto = gnutls_protocol_get_name(gnutls_protocol_get_version(ses));
	if (proto != NULL && strncmp(proto, "TLS", 3) == 0)
		snprintf(version, sizeof(version), "TLSv%s", proto + 3);
	else
		snprintf(version, sizeof(version), "%s", proto ? proto : "?");
	add_tlv(&ssl, PP2_SUBTYPE_SSL_VERSION, version, strlen(version));
	cipher = gnutls_ciphersuite_get(ses);
	if (cipher != NULL)
		add_tlv(&ssl, PP2_SUBTYPE_SSL_CIPHER, cipher, strlen(cipher));
	if (gnutls_x509_crt_get_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0,
					  0, cn, &cn_len) >= 0)
		add_tlv(&ssl, PP2_SUBTYPE_SSL_CN, cn, strlen(cn));
	if (ssl.failed) {
		mtls_buf_free(&ssl);
		return mtls_err_set(e, "out of memory");
	}
	add_tlv(out, PP2_TYPE_SSL, ssl.data, ssl.len);
	mtls_buf_free(&ssl);
	subject = mtls_crt_subject_dup(crt);
	if (subject == NULL)
		return mtls_err_set(e, "out of memory");
	add_tlv(out, PP2_TYPE_SUBJECT, subject, strlen(subject));
	free(subject);
	if (out->failed)
		return mtls_err_set(e, "out of memory");
	/* The length of what follows the first 16 bytes. */
	len = out->len - start - 16;
	out->data[start + 14] = (char)(len >> 8);
	out->data[start + 15] = (char)(len & 0xff);
	return 0;
}
