/*
 * httpd_body.c -- the --body answer: the same bytes for every GET.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include "mtls_internal.h"

static int
body_answer(const struct mtls_httpd_params *p, struct mtls_tls_conn *tls,
	    const struct mtls_httpd_request *req, struct mtls_httpd_answer *a,
	    struct mtls_err *e)
{
	(void)tls;
	(void)req;
	(void)e;
	a->status = 200;
	a->content_type = p->content_type;
	a->body = p->body;
	a->body_len = p->body_len;
	return 0;
}

const struct mtls_httpd_handler mtls_httpd_body_handler = { body_answer };
