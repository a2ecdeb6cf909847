/*
 * tls_ticket.c -- session ticket master keys kept in a file, so that
 * several servers can resume each other's TLS sessions: the file holds
 * the 64 raw bytes GnuTLS takes (as nginx's ssl_session_ticket_key holds
 * its raw bytes), readable by its owner only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mtls_internal.h"

int
mtls_ticket_key_load(const char *path, gnutls_datum_t *out, struct mtls_err *e)
{
	unsigned char buf[MTLS_TICKET_KEY_SIZE + 1];
	struct stat st;
	size_t got = 0;
	ssize_t n;
	int fd, err;

	out->data = NULL;
	out->size = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd == -1 || fstat(fd, &st) != 0)
		goto fail;
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return mtls_err_set(e,
				    "bad ticket key '%s': not a regular file",
				    path);
	}
	/* Whoever reads the key can decrypt every session ticket, and so
	 * the secrets of the sessions, as with a private key. */
	if ((st.st_mode & 077) != 0) {
		close(fd);
		return mtls_err_set(e,
				    "unsafe ticket key '%s': group or others "
				    "may access it (mode %04o); it must be "
				    "0600 or 0400",
				    path, (unsigned)(st.st_mode & 07777));
	}
	while (got < sizeof(buf)) {
		n = read(fd, buf + got, sizeof(buf) - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	fd = -1;
	if (got != MTLS_TICKET_KEY_SIZE) {
		gnutls_memset(buf, 0, sizeof(buf));
		return mtls_err_set(e,
				    "bad ticket key '%s': it holds %s%zu "
				    "bytes, not %d",
				    path,
				    got > MTLS_TICKET_KEY_SIZE ? "more than "
							       : "",
				    got > MTLS_TICKET_KEY_SIZE ? got - 1 : got,
				    MTLS_TICKET_KEY_SIZE);
	}
	out->data = gnutls_malloc(MTLS_TICKET_KEY_SIZE);
	if (out->data == NULL) {
		gnutls_memset(buf, 0, sizeof(buf));
		return mtls_err_set(e, "out of memory");
	}
	memcpy(out->data, buf, MTLS_TICKET_KEY_SIZE);
	out->size = MTLS_TICKET_KEY_SIZE;
	gnutls_memset(buf, 0, sizeof(buf));
	return 0;
fail:
	err = errno;
	if (fd != -1)
		close(fd);
	return mtls_err_set(e, "cannot read ticket key '%s': %s", path,
			    strerror(err));
}

int
mtls_ticket_key_generate(const char *path, bool force, struct mtls_err *e)
{
	gnutls_datum_t key = { NULL, 0 };
	int ret = gnutls_session_ticket_key_generate(&key);

	if (ret < 0)
		return mtls_err_gnutls(e, ret, "cannot make a ticket key");
	if (key.size != MTLS_TICKET_KEY_SIZE) {
		mtls_datum_wipe(&key);
		return mtls_err_set(e, "cannot make a ticket key: GnuTLS made "
				       "one of an unexpected size");
	}
	ret = mtls_file_write(path, key.data, key.size,
			      MTLS_WRITE_SECRET |
				      (force ? MTLS_WRITE_FORCE : 0),
			      e);
	mtls_datum_wipe(&key);
	return ret;
}
