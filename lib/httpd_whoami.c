/*
 * httpd_whoami.c -- the default answer: a JSON description of the client's
 * certificate and of the session ("who am I, as the server sees it").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdlib.h>

#include "mtls_internal.h"

static int
whoami_san(void *arg, int type, const char *value, size_t len)
{
	struct mtls_buf *b = arg;
	char item[MTLS_SAN_MAX + 16];

	/* Kinds without words (otherName, dirName) are left out. */
	if (!mtls_san_describe(type, value, len, item, sizeof(item)))
		return 0;
	if (b->data[b->len - 1] != '[')
		mtls_buf_addc(b, ',');
	mtls_buf_add_json_string(b, item);
	return 0;
}

int
mtls_httpd_whoami_json(gnutls_session_t ses, gnutls_x509_crt_t crt,
		       gnutls_datum_t *out, struct mtls_err *e)
{
	struct mtls_buf b = { 0 };
	unsigned char raw[MTLS_SERIAL_RAW_MAX];
	char when[32], *name;
	size_t size;
	const char *cs;

	name = mtls_crt_subject_dup(crt);
	mtls_buf_adds(&b, "{\"subject\":");
	mtls_buf_add_json_string(&b, name ? name : "?");
	free(name);
	name = mtls_crt_issuer_dup(crt);
	mtls_buf_adds(&b, ",\"issuer\":");
	mtls_buf_add_json_string(&b, name ? name : "?");
	free(name);
	mtls_buf_adds(&b, ",\"serial\":");
	size = mtls_crt_serial_raw(crt, raw, sizeof(raw));
	if (size > 0) {
		mtls_buf_addc(&b, '"');
		mtls_buf_add_hex(&b, raw, size, NULL, false);
		mtls_buf_addc(&b, '"');
	} else {
		mtls_buf_adds(&b, "null");
	}
	mtls_buf_adds(&b, ",\"sans\":[");
	mtls_sans_each(crt, NULL, whoami_san, &b);
	mtls_buf_adds(&b, "],\"sha256\":");
	size = sizeof(raw);
	if (gnutls_x509_crt_get_fingerprint(crt, GNUTLS_DIG_SHA256, raw,
					    &size) == 0) {
		mtls_buf_addc(&b, '"');
		mtls_buf_add_hex(&b, raw, size, NULL, false);
		mtls_buf_addc(&b, '"');
	} else {
		mtls_buf_adds(&b, "null");
	}
	mtls_time_format_iso(gnutls_x509_crt_get_expiration_time(crt), when,
			     sizeof(when));
	mtls_buf_adds(&b, ",\"not_after\":");
	mtls_buf_add_json_string(&b, when);
	mtls_buf_adds(&b, ",\"protocol\":");
	mtls_buf_add_json_string(
		&b, gnutls_protocol_get_name(gnutls_protocol_get_version(ses)));
	cs = gnutls_ciphersuite_get(ses);
	mtls_buf_adds(&b, ",\"cipher\":");
	mtls_buf_add_json_string(&b, cs ? cs : "");
	mtls_buf_adds(&b, "}\n");
	if (mtls_buf_to_datum(&b, out) != 0)
		return mtls_err_set(e, "out of memory");
	return 0;
}

static int
whoami_answer(const struct mtls_httpd_params *p, struct mtls_tls_conn *tls,
	      const struct mtls_httpd_request *req, struct mtls_httpd_answer *a,
	      struct mtls_err *e)
{
	gnutls_x509_crt_t crt;
	int rv;

	(void)p;
	(void)req;
	if (mtls_tls_conn_peer_crt(tls, &crt, e) != 0)
		return -1;
	rv = mtls_httpd_whoami_json(mtls_tls_conn_session(tls), crt, &a->owned,
				    e);
	gnutls_x509_crt_deinit(crt);
	if (rv != 0)
		return -1;
	a->status = 200;
	a->content_type = "application/json";
	return 0;
}

const struct mtls_httpd_handler mtls_httpd_whoami_handler = { whoami_answer };
