/*
 * fuzz_httpc_url.c -- mtls_url_parse, and the URL it makes parsed again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "mtls_internal.h"
#include "fuzz.h"

/* What the parts of a parsed URL always look like. */
static void
check_url(const struct mtls_url *u)
{
	char authority[512];
	unsigned long port;
	char *end;

	FUZZ_CHECK(u->host != NULL && u->path != NULL && u->authority != NULL);
	FUZZ_CHECK(u->host[0] != '\0');
	for (const char *p = u->host; *p != '\0'; p++)
		FUZZ_CHECK(!isupper((unsigned char)*p) && *p != '[' &&
			   *p != ']' && *p != '/' && *p != '@');
	port = strtoul(u->port, &end, 10);
	FUZZ_CHECK(*end == '\0' && port >= 1 && port <= 65535 &&
		   u->port[0] != '0');
	FUZZ_CHECK(u->path[0] == '/');
	for (const char *p = u->path; *p != '\0'; p++)
		FUZZ_CHECK(*p > 0x20 && *p < 0x7f && *p != '#');
	snprintf(authority, sizeof(authority), "%s%s%s%s%s",
		 strchr(u->host, ':') ? "[" : "", u->host,
		 strchr(u->host, ':') ? "]" : "",
		 strcmp(u->port, "443") != 0 ? ":" : "",
		 strcmp(u->port, "443") != 0 ? u->port : "");
	FUZZ_CHECK(strcmp(authority, u->authority) == 0);
}

/* The input is a URL as typed after mtls-get.  A URL that parses has the
 * parts check_url expects, and "https://AUTHORITY/PATH" made of them
 * parses to the same parts again; one that does not has a message. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_strndup(data, size), *again = NULL;
	struct mtls_url u, v;
	struct mtls_err e = { "", MTLS_HINT_NONE };

	if (mtls_url_parse(text, &u, &e) != 0) {
		FUZZ_CHECK(e.msg[0] != '\0' && strchr(e.msg, '\n') == NULL);
		FUZZ_CHECK(u.host == NULL && u.path == NULL &&
			   u.authority == NULL);
		goto out;
	}
	check_url(&u);
	FUZZ_CHECK(asprintf(&again, "https://%s%s", u.authority, u.path) > 0);
	FUZZ_CHECK(mtls_url_parse(again, &v, &e) == 0);
	FUZZ_CHECK(strcmp(u.host, v.host) == 0);
	FUZZ_CHECK(strcmp(u.port, v.port) == 0);
	FUZZ_CHECK(strcmp(u.path, v.path) == 0);
	FUZZ_CHECK(strcmp(u.authority, v.authority) == 0);
	FUZZ_CHECK(u.host_is_ip == v.host_is_ip);
	mtls_url_free(&v);
	mtls_url_free(&u);
out:
	free(again);
	free(text);
	return 0;
}
