/*
 * outfile.c -- an output written piece by piece as it arrives (a download)
 * that still appears atomically: a temporary file in the target's
 * directory, renamed into place only when everything was written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mtls_internal.h"

struct mtls_outfile {
	char *path;	/* NULL for standard output */
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

int
mtls_outfile_commit(struct mtls_outfile *f, struct mtls_err *e)
{
	int rv = -1;

	if (f->path == NULL) {
		free(f);
		return 0;
	}
	if (fsync(f->fd) != 0 || close(f->fd) != 0) {
		f->fd = -1;
		mtls_err_set(e, "cannot write '%s': %s", f->path,
			     strerror(errno));
		goto out;
	}
	f->fd = -1;
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
		if (errno == EEXIST)
			mtls_err_set(e, "'%s' already exists; use --force to "
					"replace it", f->path);
		else
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
