/*
 * fetch.c -- the certificate chain a TLS server sends, fetched to be shown
 * (showcert URL) or checked afterwards (verifycert URL), never to talk to
 * the server: no request is sent and nothing is verified here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <strings.h>

#include "mtls_internal.h"

/* Any TLS version and cipher GnuTLS speaks by default: showing a chain
 * judges nothing, so an old server is shown too. */
#define FETCH_PRIORITY "NORMAL"

bool
mtls_is_https_url(const char *arg)
{
	return strncasecmp(arg, "https://", 8) == 0;
}

int
mtls_fetch_chain(const char *url, const char *servername,
		 gnutls_x509_crt_t **list, unsigned *n, struct mtls_err *e)
{
	struct mtls_tls_config *cfg = NULL;
	struct mtls_tls_client *c = NULL;
	struct mtls_url u = { 0 };
	int rv = -1;

	*list = NULL;
	*n = 0;
	if (mtls_url_parse(url, &u, e) != 0)
		return -1;
	cfg = mtls_tls_config_new(e);
	if (cfg == NULL)
		goto out;
	if (mtls_tls_config_set_priority(cfg, FETCH_PRIORITY, e) != 0)
		goto out;
	c = mtls_tls_client_new(cfg);
	if (c == NULL) {
		mtls_err_set(e, "out of memory");
		goto out;
	}
	mtls_tls_client_set_timeout(c, MTLS_FETCH_TIMEOUT);
	if (mtls_tls_client_set_servername(c, servername) != 0 ||
	    mtls_tls_client_fetch_chain(c, u.host, u.port, list, n) != 0) {
		/* The client's message already names HOST:PORT. */
		mtls_err_set(e, "%s", mtls_tls_client_error(c));
		goto out;
	}
	rv = 0;
out:
	mtls_tls_client_free(c);
	mtls_tls_config_free(cfg);
	mtls_url_free(&u);
	return rv;
}

int
mtls_fetch_items(const char *url, const char *servername,
		 struct mtls_item **items, size_t *n, struct mtls_err *e)
{
	gnutls_x509_crt_t *list;
	unsigned count, i;

	*items = NULL;
	*n = 0;
	if (mtls_fetch_chain(url, servername, &list, &count, e) != 0)
		return -1;
	*items = gnutls_calloc(count, sizeof(**items));
	if (*items == NULL) {
		mtls_crt_list_free(list, count);
		return mtls_err_set(e, "out of memory");
	}
	for (i = 0; i < count; i++) {
		(*items)[i].kind = MTLS_OBJ_CERT;
		(*items)[i].crt = list[i];
	}
	gnutls_free(list);
	*n = count;
	return 0;
}
