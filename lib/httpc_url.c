/*
 * httpc_url.c -- the https URLs mtls-get is given: host (name, IPv4, or IPv6
 * literal in brackets), port, and the path and query sent on the wire.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mtls_internal.h"

static const char scheme[] = "https://";

/* Characters a path or query may hold as they are; anything else (space,
 * non-ASCII) is sent percent-encoded. */
static bool
is_path_char(unsigned char c)
{
	return c > 0x20 && c < 0x7f && c != '"' && c != '<' && c != '>' &&
	       c != '\\' && c != '^' && c != '`' && c != '{' && c != '|' &&
	       c != '}';
}

static int
parse_port(const char *text, size_t len, char out[6])
{
	unsigned long v = 0;
	size_t i;

	if (len == 0 || len > 5)
		return -1;
	for (i = 0; i < len; i++) {
		if (!isdigit((unsigned char)text[i]))
			return -1;
		v = v * 10 + (unsigned long)(text[i] - '0');
	}
	if (v == 0 || v > 65535)
		return -1;
	snprintf(out, 6, "%lu", v);
	return 0;
}

static char *
encode_path(const char *p, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out, *o;
	size_t i;

	/* A request line must start with '/', also for "https://h?q". */
	out = malloc(len * 3 + 2);
	if (out == NULL)
		return NULL;
	o = out;
	if (len == 0 || p[0] != '/')
		*o++ = '/';
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)p[i];

		if (is_path_char(c)) {
			*o++ = (char)c;
		} else {
			*o++ = '%';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
	}
	*o = '\0';
	return out;
}

int
mtls_url_parse(const char *text, struct mtls_url *url, struct mtls_err *e)
{
	const char *p = text, *auth, *auth_end, *host, *host_end, *port = NULL;
	const char *path_end, *sep;
	unsigned char addr[16];
	size_t host_len, i;
	bool bracketed = false;

	memset(url, 0, sizeof(*url));
	strcpy(url->port, "443");

	/* Checked first: every other message quotes TEXT, and a message is
	 * one line. */
	for (i = 0; text[i] != '\0'; i++)
		if ((unsigned char)text[i] < 0x20 || text[i] == 0x7f)
			return mtls_err_set(e,
					    "control character 0x%02x in "
					    "URL after '%.*s'",
					    (unsigned char)text[i], (int)i,
					    text);
	/* A scheme ends before the first '/', '?' or '#': "h/?u=http://x"
	 * has none. */
	sep = strstr(p, "://");
	if (sep != NULL && sep < p + strcspn(p, "/?#")) {
		if ((size_t)(sep - p) + 3 != strlen(scheme) ||
		    strncasecmp(p, scheme, strlen(scheme)) != 0)
			return mtls_err_set(e,
					    "'%s': only https URLs are "
					    "supported",
					    text);
		p = sep + 3;
	}

	auth = p;
	auth_end = auth + strcspn(auth, "/?#");
	if (memchr(auth, '@', (size_t)(auth_end - auth)) != NULL)
		return mtls_err_set(e,
				    "'%s': user names in URLs are not "
				    "supported",
				    text);

	if (*auth == '[') {
		bracketed = true;
		host = auth + 1;
		host_end = memchr(host, ']', (size_t)(auth_end - host));
		if (host_end == NULL)
			return mtls_err_set(e,
					    "'%s': missing ']' after the "
					    "IPv6 address",
					    text);
		if (host_end + 1 < auth_end) {
			if (host_end[1] != ':')
				return mtls_err_set(e,
						    "'%s': unexpected text "
						    "after ']'",
						    text);
			port = host_end + 2;
		}
	} else {
		host = auth;
		host_end = memchr(auth, ':', (size_t)(auth_end - auth));
		if (host_end != NULL)
			port = host_end + 1;
		else
			host_end = auth_end;
	}
	host_len = (size_t)(host_end - host);
	if (host_len == 0)
		return mtls_err_set(e, "'%s': no host name", text);
	/* "host:" with an empty port means the default, as in RFC 3986. */
	if (port != NULL && port < auth_end &&
	    parse_port(port, (size_t)(auth_end - port), url->port) != 0)
		return mtls_err_set(e, "'%s': invalid port '%.*s'", text,
				    (int)(auth_end - port), port);

	url->host = strndup(host, host_len);
	if (url->host == NULL)
		goto nomem;
	for (i = 0; i < host_len; i++)
		url->host[i] = (char)tolower((unsigned char)url->host[i]);
	if (bracketed) {
		if (inet_pton(AF_INET6, url->host, addr) != 1) {
			mtls_err_set(e, "'%s': invalid IPv6 address '%s'", text,
				     url->host);
			goto fail;
		}
		url->host_is_ip = true;
	} else if (inet_pton(AF_INET, url->host, addr) == 1) {
		url->host_is_ip = true;
	} else if (!mtls_is_hostname(url->host) ||
		   strchr(url->host, '*') != NULL) {
		mtls_err_set(e, "'%s': invalid host name '%s'", text,
			     url->host);
		goto fail;
	}

	/* The fragment stays with the client; path and query go out. */
	path_end = auth_end + strcspn(auth_end, "#");
	url->path = encode_path(auth_end, (size_t)(path_end - auth_end));
	if (url->path == NULL)
		goto nomem;
	if (asprintf(&url->authority, "%s%s%s%s%s", bracketed ? "[" : "",
		     url->host, bracketed ? "]" : "",
		     strcmp(url->port, "443") != 0 ? ":" : "",
		     strcmp(url->port, "443") != 0 ? url->port : "") < 0) {
		url->authority = NULL;
		goto nomem;
	}
	return 0;
nomem:
	mtls_err_set(e, "'%s': out of memory", text);
fail:
	mtls_url_free(url);
	return -1;
}

void
mtls_url_free(struct mtls_url *url)
{
	free(url->host);
	free(url->path);
	free(url->authority);
	url->host = url->path = url->authority = NULL;
}
