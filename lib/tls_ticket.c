/*
 * tls_ticket.c -- session ticket master keys kept in a file, so that
 * several servers can resume each other's TLS sessions: the file holds
 * the 64 raw bytes GnuTLS takes (as nginx's ssl_session_ticket_key holds
 * its raw bytes), readable by its owner only; and which of two keys a
 * client's ticket was made under, so that a server whose file changed
 * still resumes the sessions of tickets made under the previous key.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <gnutls/crypto.h>
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

/* GnuTLS encrypts tickets with a key derived from the master key and the
 * time period, SHA3-512(period as 8 bytes big-endian || master key); the
 * first 16 bytes of the derived key name it, and begin every ticket.  A
 * period is three ticket lifetimes (GnuTLS's default lifetime is 6
 * hours), and GnuTLS accepts the previous period's tickets too.  Should
 * a later GnuTLS derive otherwise, no name matches: such tickets make a
 * full handshake, as they would without this. */
#define TICKET_NAME_SIZE 16
#define TICKET_PERIOD_S (3 * 21600)

static bool
named_by(const unsigned char *name, const unsigned char *key, time_t now)
{
	uint64_t period = (uint64_t)now / TICKET_PERIOD_S;

	for (int back = 0; back < 2 && period > (uint64_t)back; back++) {
		unsigned char in[8 + MTLS_TICKET_KEY_SIZE], out[64];
		uint64_t t = period - (uint64_t)back;
		bool same;

		for (int i = 0; i < 8; i++)
			in[i] = (unsigned char)(t >> (56 - 8 * i));
		memcpy(in + 8, key, MTLS_TICKET_KEY_SIZE);
		if (gnutls_hash_fast(GNUTLS_DIG_SHA3_512, in, sizeof(in), out) <
		    0)
			return false;
		same = memcmp(out, name, TICKET_NAME_SIZE) == 0;
		gnutls_memset(in, 0, sizeof(in));
		gnutls_memset(out, 0, sizeof(out));
		if (same)
			return true;
	}
	return false;
}

/* The name the first ticket of a ClientHello begins with. */
struct hello_ticket {
	unsigned char name[TICKET_NAME_SIZE];
	bool found;
};

static int
hello_ext(void *ctx, unsigned tls_id, const unsigned char *data, unsigned size)
{
	struct hello_ticket *h = ctx;
	size_t len;

	if (tls_id == 41) {
		/* pre_shared_key (RFC 8446 4.2.11): the identities' length,
		 * then the first identity's length and bytes. */
		if (size < 4)
			return 0;
		len = (size_t)data[2] << 8 | data[3];
		data += 4;
		size -= 4;
		if (len > size)
			return 0;
		size = (unsigned)len;
	} else if (tls_id != 35) {
		/* Not session_ticket (RFC 5077) either, whose data is the
		 * ticket itself. */
		return 0;
	}
	if (size >= TICKET_NAME_SIZE && !h->found) {
		memcpy(h->name, data, TICKET_NAME_SIZE);
		h->found = true;
	}
	return 0;
}

bool
mtls_ticket_hello_under(const gnutls_datum_t *hello, const unsigned char *key,
			time_t now)
{
	struct hello_ticket h = { .found = false };

	if (gnutls_ext_raw_parse(&h, hello_ext, hello,
				 GNUTLS_EXT_RAW_FLAG_TLS_CLIENT_HELLO) < 0 ||
	    !h.found)
		return false;
	return named_by(h.name, key, now);
}
