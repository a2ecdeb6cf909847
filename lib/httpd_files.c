/*
 * httpd_files.c -- map a request target to a file under a root directory,
 * without letting any path escape it, and name its content type.
 *
 * The target is percent-decoded first and then judged, so "%2e%2e" is as
 * much a ".." as ".." is; a ".." segment is refused outright.  The file
 * found is then resolved with realpath(3) and must still lie under the
 * resolved root, so a symbolic link pointing outside is refused too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mtls_internal.h"

static const struct {
	const char *ext, *type;
} types[] = {
	{ "html", "text/html; charset=utf-8" },
	{ "htm", "text/html; charset=utf-8" },
	{ "txt", "text/plain; charset=utf-8" },
	{ "css", "text/css; charset=utf-8" },
	{ "csv", "text/csv; charset=utf-8" },
	{ "js", "text/javascript; charset=utf-8" },
	{ "json", "application/json" },
	{ "xml", "application/xml" },
	{ "pdf", "application/pdf" },
	{ "wasm", "application/wasm" },
	{ "pem", "application/x-pem-file" },
	{ "png", "image/png" },
	{ "jpg", "image/jpeg" },
	{ "jpeg", "image/jpeg" },
	{ "gif", "image/gif" },
	{ "svg", "image/svg+xml" },
	{ "ico", "image/vnd.microsoft.icon" },
	{ "webp", "image/webp" },
};

const char *
mtls_httpd_content_type(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash : path, '.');

	if (dot != NULL)
		for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
			if (strcasecmp(dot + 1, types[i].ext) == 0)
				return types[i].type;
	return "application/octet-stream";
}

/* Decode the path part of TARGET into OUT (size PATH_MAX) as a path
 * relative to the root, dropping empty and "." segments; *IS_DIR tells
 * whether the path names a directory: "/", or ending in "/" or "/.".
 * Returns 0, or the HTTP status to refuse with. */
static int
decode_path(const char *target, size_t len, char *out, bool *is_dir)
{
	size_t o = 0, seg = 0;

	if (len == 0 || target[0] != '/')
		return 400;
	for (size_t i = 0; i <= len; i++) {
		int c;

		if (i == len || target[i] == '?' || target[i] == '#') {
			len = i;
			c = '/';
		} else if (target[i] == '%') {
			if ((c = mtls_pct_next(target, len, &i)) < 0)
				return 400;
			i--; /* the loop steps past the last digit */
			/* An encoded NUL or slash is never a file name. */
			if (c == 0 || c == '/')
				return 404;
		} else {
			c = (unsigned char)target[i];
		}
		if (c == '/') {
			size_t n = o - seg, dots = 0;

			for (size_t k = seg; k < o; k++)
				dots += out[k] == '.';
			/* ".." would climb out; "." and "" name nothing. */
			if (n == 2 && mtls_is_dot_segment(n, dots))
				return 400;
			if (n == 0 || mtls_is_dot_segment(n, dots)) {
				/* The path's end after a "." is a '/'. */
				if (n == 1)
					*is_dir = true;
				o = seg;
			} else if (o + 1 < PATH_MAX) {
				out[o++] = '/';
			} else {
				return 414;
			}
			seg = o;
			if (i >= len)
				break;
			*is_dir = true;
			continue;
		}
		*is_dir = false;
		if (o + 1 >= PATH_MAX)
			return 414;
		out[o++] = (char)c;
	}
	if (o > 0 && out[o - 1] == '/')
		o--;
	out[o] = '\0';
	return 0;
}

static bool
under_root(const char *root, const char *real)
{
	size_t n = strlen(root);

	if (strcmp(root, "/") == 0)
		return true;
	return strncmp(real, root, n) == 0 &&
	       (real[n] == '\0' || real[n] == '/');
}

/* Open PATH (absolute) if it resolves under ROOT.  Returns the descriptor
 * or -status. */
static int
open_under(const char *root, const char *path, struct stat *st)
{
	char real[PATH_MAX];
	int fd;

	if (realpath(path, real) == NULL)
		return errno == EACCES ? -403 : -404;
	if (!under_root(root, real))
		return -404;
	fd = open(real, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd == -1)
		return errno == EACCES ? -403 : -404;
	if (fstat(fd, st) == -1) {
		close(fd);
		return -404;
	}
	return fd;
}

int
mtls_httpd_static_open(const char *root, const char *target, size_t target_len,
		 struct mtls_httpd_static_file *out)
{
	char rel[PATH_MAX], path[PATH_MAX];
	struct stat st;
	bool is_dir = false;
	int status, fd;

	memset(out, 0, sizeof(*out));
	out->fd = -1;
	status = decode_path(target, target_len, rel, &is_dir);
	if (status != 0)
		return status;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", root, rel) >=
	    sizeof(path))
		return 414;
	fd = open_under(root, path, &st);
	if (fd < 0)
		return -fd;
	/* "/a.txt/" names no file, as with other servers. */
	if (is_dir && !S_ISDIR(st.st_mode)) {
		close(fd);
		return 404;
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		if ((size_t)snprintf(path, sizeof(path), "%s/%s%sindex.html",
				     root, rel, rel[0] ? "/" : "") >=
		    sizeof(path))
			return 414;
		fd = open_under(root, path, &st);
		if (fd < 0)
			return 403;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return 403;
	}
	out->fd = fd;
	out->size = (uint64_t)st.st_size;
	out->content_type = mtls_httpd_content_type(path);
	return 200;
}

static int
files_answer(const struct mtls_httpd_params *p, struct mtls_tls_conn *tls,
	     const struct mtls_httpd_request *req, struct mtls_httpd_answer *a,
	     struct mtls_err *e)
{
	struct mtls_httpd_static_file file;

	(void)tls;
	(void)e;
	a->status = mtls_httpd_static_open(p->root, req->target,
					   req->target_len, &file);
	if (a->status == 200) {
		a->content_type = file.content_type;
		a->file_fd = file.fd;
		a->file_size = file.size;
	}
	return 0;
}

const struct mtls_httpd_handler mtls_httpd_files_handler = { files_answer };
