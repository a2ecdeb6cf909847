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
				mtls_err_set(e,
					     "cannot read '%s': out of memory",
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
				     mtls_file_name(path, false),
				     strerror(errno));
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
		if (!(flags & MTLS_WRITE_FORCE)) {
			mtls_err_set(e, "'%s' already exists", path);
			e->hint = MTLS_HINT_FORCE;
			return -1;
		}
		if (S_ISDIR(st.st_mode))
			return mtls_err_set(e, "'%s' is a directory", path);
	}
	dir = dir_of(path);
	if (dir == NULL)
		return mtls_err_set(e, "cannot write '%s': out of memory",
				    path);
	if (stat(dir, &st) != 0)
		rv = mtls_err_set(e, "cannot write '%s': directory '%s': %s",
				  path, dir, strerror(errno));
	else if (!S_ISDIR(st.st_mode))
		rv = mtls_err_set(e,
				  "cannot write '%s': '%s' is not a "
				  "directory",
				  path, dir);
	else if (access(dir, W_OK | X_OK) != 0)
		rv = mtls_err_set(e, "cannot write '%s': directory '%s': %s",
				  path, dir, strerror(errno));
	free(dir);
	return rv;
}

/* ---- outputs written piece by piece as they arrive (a download) that
 * still appear atomically: a temporary file in the target's directory,
 * renamed into place only when everything was written.  Whole outputs
 * (mtls_file_write) go through the same path. */

struct mtls_outfile {
	char *path; /* NULL for standard output */
	char *tmp;
	int fd;
	unsigned flags;
};

struct mtls_outfile *
mtls_outfile_open(const char *path, unsigned flags, struct mtls_err *e)
{
	struct mtls_outfile *f;
	const char *slash;
	mode_t mask;
	int len;

	if (mtls_file_check_writable(path, flags, e) != 0)
		return NULL;
	f = calloc(1, sizeof(*f));
	if (f == NULL)
		goto nomem;
	f->flags = flags;
	f->fd = -1;
	if (strcmp(path, "-") == 0) {
		f->fd = STDOUT_FILENO;
		return f;
	}
	f->path = strdup(path);
	if (f->path == NULL)
		goto nomem;
	slash = strrchr(path, '/');
	len = slash ? (int)(slash - path + 1) : 0;
	if (asprintf(&f->tmp, "%.*s.%s.XXXXXX", len, path,
		     slash ? slash + 1 : path) < 0) {
		f->tmp = NULL;
		goto nomem;
	}
	f->fd = mkstemp(f->tmp);
	if (f->fd < 0) {
		mtls_err_set(e, "cannot write '%s': %s", path, strerror(errno));
		free(f->tmp);
		f->tmp = NULL;
		mtls_outfile_abort(f);
		return NULL;
	}
	/* mkstemp makes the file 0600; an ordinary output gets the usual
	 * mode, and a secret one keeps 0600. */
	if (!(flags & MTLS_WRITE_SECRET)) {
		mask = umask(0);
		umask(mask);
		if (fchmod(f->fd, 0666 & ~mask) != 0) {
			mtls_err_set(e, "cannot write '%s': %s", path,
				     strerror(errno));
			mtls_outfile_abort(f);
			return NULL;
		}
	}
	return f;
nomem:
	mtls_err_set(e, "cannot write '%s': out of memory",
		     mtls_file_name(path, true));
	mtls_outfile_abort(f);
	return NULL;
}

int
mtls_outfile_write(struct mtls_outfile *f, const void *data, size_t size,
		   struct mtls_err *e)
{
	const unsigned char *p = data;
	ssize_t n;

	while (size > 0) {
		n = write(f->fd, p, size);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return mtls_err_set(e, "cannot write '%s': %s",
					    f->path ? f->path
						    : "standard output",
					    strerror(errno));
		p += n;
		size -= (size_t)n;
	}
	return 0;
}

/* Make what was written to F's temporary file durable: the last point
 * where a full disk can show.  Nothing is in place yet. */
static int
outfile_sync(struct mtls_outfile *f, struct mtls_err *e)
{
	if (f->path == NULL || f->fd < 0)
		return 0;
	if (fsync(f->fd) != 0 || close(f->fd) != 0) {
		f->fd = -1;
		return mtls_err_set(e, "cannot write '%s': %s", f->path,
				    strerror(errno));
	}
	f->fd = -1;
	return 0;
}

int
mtls_outfile_commit(struct mtls_outfile *f, struct mtls_err *e)
{
	int rv = -1;

	if (f->path == NULL) {
		free(f);
		return 0;
	}
	if (outfile_sync(f, e) != 0)
		goto out;
	if (f->flags & MTLS_WRITE_FORCE) {
		if (rename(f->tmp, f->path) != 0) {
			mtls_err_set(e, "cannot write '%s': %s", f->path,
				     strerror(errno));
			goto out;
		}
		free(f->tmp);
		f->tmp = NULL;
	} else if (link(f->tmp, f->path) != 0) {
		/* link() never replaces a file that appeared meanwhile. */
		if (errno == EEXIST) {
			mtls_err_set(e, "'%s' already exists", f->path);
			e->hint = MTLS_HINT_FORCE;
		} else
			mtls_err_set(e, "cannot write '%s': %s", f->path,
				     strerror(errno));
		goto out;
	}
	rv = 0;
out:
	mtls_outfile_abort(f);
	return rv;
}

void
mtls_outfile_abort(struct mtls_outfile *f)
{
	if (f == NULL)
		return;
	if (f->path != NULL && f->fd >= 0)
		close(f->fd);
	if (f->tmp != NULL)
		unlink(f->tmp);
	free(f->tmp);
	free(f->path);
	free(f);
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
mtls_file_write(const char *path, const void *data, size_t size, unsigned flags,
		struct mtls_err *e)
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

/* Keep the file at PATH under a new name beside it (a second link), so
 * it can be put back; returns that name (malloc'd) or NULL. */
static char *
keep_old(const char *path, struct mtls_err *e)
{
	char *old;
	int fd;

	if (asprintf(&old, "%s.old.XXXXXX", path) < 0) {
		mtls_err_set(e, "out of memory");
		return NULL;
	}
	/* mkstemp only to pick a free name; link() will not replace. */
	if ((fd = mkstemp(old)) < 0 || (close(fd), unlink(old)) != 0 ||
	    link(path, old) != 0) {
		mtls_err_set(e,
			     "cannot keep the old '%s' while replacing it: "
			     "%s",
			     path, strerror(errno));
		free(old);
		return NULL;
	}
	return old;
}

int
mtls_file_write_key_and(const char *key_path, const gnutls_datum_t *key_pem,
			const char *out_path, const gnutls_datum_t *out_data,
			bool force, struct mtls_err *e)
{
	unsigned fflag = force ? MTLS_WRITE_FORCE : 0;
	struct mtls_outfile *kf = NULL, *of = NULL;
	bool new_key = key_pem->data != NULL && strcmp(key_path, "-") != 0;
	bool replaces_key = false;
	char *old_key = NULL;
	struct stat st;
	int rv = -1;

	/* Both are written and synced before either is put in place, so a
	 * full disk or a size limit changes nothing. */
	if (key_pem->data != NULL) {
		replaces_key = new_key && lstat(key_path, &st) == 0;
		kf = mtls_outfile_open(key_path, MTLS_WRITE_SECRET | fflag, e);
		if (kf == NULL ||
		    mtls_outfile_write(kf, key_pem->data, key_pem->size, e) !=
			    0 ||
		    outfile_sync(kf, e) != 0)
			goto out;
	}
	of = mtls_outfile_open(out_path, fflag, e);
	if (of == NULL ||
	    mtls_outfile_write(of, out_data->data, out_data->size, e) != 0 ||
	    outfile_sync(of, e) != 0)
		goto out;
	/* The key replaced with --force stays reachable until the other
	 * output is in place too: the pair changes together or not at all. */
	if (replaces_key && (old_key = keep_old(key_path, e)) == NULL)
		goto out;
	if (kf != NULL) {
		int committed = mtls_outfile_commit(kf, e);

		kf = NULL;
		if (committed != 0)
			goto out;
	}
	if (mtls_outfile_commit(of, e) != 0) {
		of = NULL;
		if (old_key != NULL && rename(old_key, key_path) != 0) {
			size_t len = strlen(e->msg);

			/* Never lose the old key: say where it is. */
			snprintf(e->msg + len, sizeof(e->msg) - len,
				 "; the previous key is in '%s'", old_key);
			free(old_key);
			old_key = NULL;
		} else if (old_key == NULL && new_key) {
			unlink(key_path);
		}
		goto out;
	}
	of = NULL;
	rv = 0;
out:
	/* After a successful rename back it is gone already. */
	if (old_key != NULL)
		unlink(old_key);
	free(old_key);
	mtls_outfile_abort(kf);
	mtls_outfile_abort(of);
	return rv;
}
