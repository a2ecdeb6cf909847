/*
 * fuzz_ticket_hello.c -- ClientHellos through mtls_ticket_hello_under,
 * which reads the first ticket of the pre_shared_key or session_ticket
 * extension that GnuTLS's parser hands it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include "mtls_internal.h"
#include "fuzz.h"

/* The key and the time the seed corpus's tickets were made with
 * (tests/fuzz/corpus/ticket_hello: a ClientHello without a ticket, one
 * with a TLS 1.3 ticket and one with a TLS 1.2 ticket, as openssl
 * s_client sent them to mtls-serve --ticket-key), so that the seeds
 * reach both answers. */
static const unsigned char key[MTLS_TICKET_KEY_SIZE] = {
	0x7a, 0x6b, 0xf7, 0xe8, 0xc3, 0x93, 0x4d, 0x4d, 0x2f, 0x77, 0x15,
	0x40, 0xee, 0x53, 0xfd, 0xb5, 0x14, 0x5e, 0xdf, 0xf6, 0x0d, 0x1c,
	0xde, 0x3d, 0xbf, 0x52, 0x25, 0x50, 0x4c, 0x75, 0x13, 0x4c, 0xf4,
	0xba, 0x1d, 0x9d, 0x4c, 0x51, 0xe5, 0x72, 0x21, 0x9e, 0x3d, 0xca,
	0xbf, 0x59, 0xf8, 0x44, 0x1e, 0x1e, 0x55, 0xf5, 0x0f, 0x52, 0x1b,
	0x7d, 0x07, 0x72, 0x7e, 0x5d, 0xd5, 0x08, 0xd3, 0xd1,
};
#define MADE ((time_t)1796285132)

/* The input is a ClientHello without its handshake header, as the hook
 * before GnuTLS reads it gets it.  Checked: no read outside it (ASan),
 * and the same answer twice. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gnutls_datum_t hello = { (unsigned char *)data, (unsigned)size };
	bool under = mtls_ticket_hello_under(&hello, key, MADE);

	FUZZ_CHECK(mtls_ticket_hello_under(&hello, key, MADE) == under);
	return 0;
}
