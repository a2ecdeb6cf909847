/*
 * httpd_files.c -- map a request target to a file under a root directory,
 * without letting any path escape it, and name its content type.
 *
 * The target is percent-decoded first and then judged, so "%2e%2e" is as
 * much a ".." as ".." is; a ".." segment is refused outright.  The file
 * is then opened beneath a descriptor of the root (openat2's
 * RESOLVE_BENEATH), so no symbolic link, and no directory swapped for one
 * while we look, can lead out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/syscall.h>
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

/* Open REL (relative, no "..") beneath ROOT_FD the safe way when the
 * kernel has it: openat2 with RESOLVE_BENEATH resolves the whole path,
 * symbolic links included, in one step that can never leave the root,
 * however the tree changes meanwhile.  -1 with errno ENOSYS without it. */
static int
open_beneath2(int root_fd, const char *rel)
{
#ifdef SYS_openat2
	struct open_how how = {
		.flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
	};

	return (int)syscall(SYS_openat2, root_fd, rel[0] ? rel : ".", &how,
			    sizeof(how));
#else
	(void)root_fd;
	(void)rel;
	errno = ENOSYS;
	return -1;
#endif
}

/* Without openat2 (Linux before 5.6): one component at a time, never
 * following a symbolic link, so no swap of a parent for a link can lead
 * out; links are then not served at all. */
static int
open_beneath_walk(int root_fd, const char *rel)
{
	char part[NAME_MAX + 1];
	int fd = dup(root_fd), next;

	while (fd != -1 && *rel != '\0') {
		size_t n = strcspn(rel, "/");

		if (n > NAME_MAX) {
			close(fd);
			errno = ENAMETOOLONG;
			return -1;
		}
		memcpy(part, rel, n);
		part[n] = '\0';
		rel += n + (rel[n] == '/');
		next = openat(fd, part,
			      O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW |
				      (*rel ? O_DIRECTORY : 0));
		close(fd);
		fd = next;
	}
	return fd;
}

/* Open REL under ROOT_FD and stat it.  Returns the descriptor or
 * -status: a path that would leave the root at any step, or that does
 * not exist, is 404. */
static int
open_under(int root_fd, const char *rel, struct stat *st)
{
	int fd = open_beneath2(root_fd, rel);

	if (fd == -1 && (errno == ENOSYS || errno == EPERM))
		fd = open_beneath_walk(root_fd, rel);
	if (fd == -1)
		return errno == EACCES ? -403 : -404;
	if (fstat(fd, st) == -1) {
		close(fd);
		return -404;
	}
	return fd;
}

int
mtls_httpd_static_open(int root_fd, const char *target, size_t target_len,
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
	if ((size_t)snprintf(path, sizeof(path), "%s", rel) >= sizeof(path))
		return 414;
	fd = open_under(root_fd, path, &st);
	if (fd < 0)
		return -fd;
	/* "/a.txt/" names no file, as with other servers. */
	if (is_dir && !S_ISDIR(st.st_mode)) {
		close(fd);
		return 404;
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		if ((size_t)snprintf(path, sizeof(path), "%s%sindex.html", rel,
				     rel[0] ? "/" : "") >= sizeof(path))
			return 414;
		fd = open_under(root_fd, path, &st);
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
	a->status = mtls_httpd_static_open(p->root_fd, req->target,
					   req->target_len, &file);
	if (a->status == 200) {
		a->content_type = file.content_type;
		a->file_fd = file.fd;
		a->file_size = file.size;
	}
	return 0;
}

const struct mtls_httpd_handler mtls_httpd_files_handler = { files_answer };
