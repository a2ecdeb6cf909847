/*
 * file.c -- reading inputs and writing outputs so that a failure never
 * leaves a half-written file or replaces one the user did not offer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mtls_internal.h"

const char *
mtls_file_name(const char *path, bool output)
{
	if (strcmp(path, "-") == 0)
		return output ? "standard output" : "standard input";
	return path;
}

int
mtls_file_read(const char *path, gnutls_datum_t *out, struct mtls_err *e)
{
	bool is_stdin = strcmp(path, "-") == 0;
	unsigned char *buf = NULL, *grown;
	size_t len = 0, cap = 0;
	int fd;

	out->data = NULL;
	out->size = 0;
	fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return mtls_err_set(e, "cannot open '%s': %s", path,
				    strerror(errno));
	for (;;) {
		ssize_t got;

		if (cap - len < 4096 + 1) {
			cap = cap ? cap * 2 : 16384;
			grown = gnutls_realloc(buf, cap);
			if (grown == NULL) {
				mtls_err_set(e, "cannot read '%s': out of memory",
					     mtls_file_name(path, false));
				goto fail;
			}
			buf = grown;
		}
		got = read(fd, buf + len, cap - len - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			mtls_err_set(e, "cannot read '%s': %s",
				     mtls_file_name(path, false), strerror(errno));
			goto fail;
		}
		if (got == 0)
			break;
		len += (size_t)got;
		if (len > MTLS_FILE_MAX) {
			mtls_err_set(e, "cannot read '%s': larger than %u MiB",
				     mtls_file_name(path, false),
				     MTLS_FILE_MAX / (1024 * 1024));
			goto fail;
		}
	}
	if (!is_stdin)
		close(fd);
	if (len == 0) {
		gnutls_free(buf);
		return mtls_err_set(e, "'%s' is empty",
				    mtls_file_name(path, false));
	}
	buf[len] = '\0';
	out->data = buf;
	out->size = (unsigned)len;
	return 0;
fail:
	if (!is_stdin)
		close(fd);
	gnutls_free(buf);
	return -1;
}

/* The directory PATH lives in, as a new string. */
static char *
dir_of(const char *path)
{
	char *copy = strdup(path), *dir;

	if (copy == NULL)
		return NULL;
	dir = strdup(dirname(copy));
	free(copy);
	return dir;
}

int
mtls_file_check_writable(const char *path, unsigned flags, struct mtls_err *e)
{
	struct stat st;
	char *dir;
	int rv = 0;

	if (strcmp(path, "-") == 0) {
		if ((flags & MTLS_WRITE_SECRET) && isatty(STDOUT_FILENO))
			return mtls_err_set(e, "refusing to write a private "
					       "key to a terminal");
		return 0;
	}
	if (lstat(path, &st) == 0) {
		if (!(flags & MTLS_WRITE_FORCE))
			return mtls_err_set(e, "'%s' already exists; use "
					       "--force to replace it", path);
		if (S_ISDIR(st.st_mode))
			return mtls_err_set(e, "'%s' is a directory", path);
	}
	dir = dir_of(path);
	if (dir == NULL)
		return mtls_err_set(e, "cannot write '%s': out of memory", path);
	if (stat(dir, &st) != 0)
		rv = mtls_err_set(e, "cannot write '%s': directory '%s': %s",
				  path, dir, strerror(errno));
	else if (!S_ISDIR(st.st_mode))
		rv = mtls_err_set(e, "cannot write '%s': '%s' is not a "
				     "directory", path, dir);
	else if (access(dir, W_OK | X_OK) != 0)
		rv = mtls_err_set(e, "cannot write '%s': directory '%s': %s",
				  path, dir, strerror(errno));
	free(dir);
	return rv;
}

static int
write_all(int fd, const void *data, size_t size)
{
	const unsigned char *p = data;

	while (size > 0) {
		ssize_t n = write(fd, p, size);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		size -= (size_t)n;
	}
	return 0;
}

static int
write_stdout(const void *data, size_t size, unsigned flags, struct mtls_err *e)
{
	if ((flags & MTLS_WRITE_SECRET) && isatty(STDOUT_FILENO))
		return mtls_err_set(e, "refusing to write a private key to a "
				       "terminal");
	/* Anything buffered in stdio must go first to keep the order. */
	fflush(stdout);
	if (write_all(STDOUT_FILENO, data, size) != 0)
		return mtls_err_set(e, "cannot write standard output: %s",
				    strerror(errno));
	return 0;
}

int
mtls_file_write(const char *path, const void *data, size_t size,
		unsigned flags, struct mtls_err *e)
{
	struct mtls_outfile *f;

	if (strcmp(path, "-") == 0)
		return write_stdout(data, size, flags, e);
	/* The same temporary file, sync and link()/rename as a download
	 * written piece by piece; here the piece is the whole. */
	f = mtls_outfile_open(path, flags, e);
	if (f == NULL)
		return -1;
	if (mtls_outfile_write(f, data, size, e) != 0) {
		mtls_outfile_abort(f);
		return -1;
	}
	return mtls_outfile_commit(f, e);
}

int
mtls_file_write_key_and(const char *key_path, const gnutls_datum_t *key_pem,
			const char *out_path, const gnutls_datum_t *out_data,
			bool force, struct mtls_err *e)
{
	unsigned fflag = force ? MTLS_WRITE_FORCE : 0;
	bool key_is_new = false;
	struct stat st;

	if (key_pem->data != NULL) {
		key_is_new = strcmp(key_path, "-") != 0 &&
			     lstat(key_path, &st) != 0;
		if (mtls_file_write(key_path, key_pem->data, key_pem->size,
				    MTLS_WRITE_SECRET | fflag, e) != 0)
			return -1;
	}
	if (mtls_file_write(out_path, out_data->data, out_data->size, fflag,
			    e) != 0) {
		if (key_is_new)
			unlink(key_path);
		return -1;
	}
	return 0;
}
