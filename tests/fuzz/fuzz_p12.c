/*
 * fuzz_p12.c -- the PKCS#12 reader of mtls-get and mtls-serve --cert:
 * any input is read with the passphrase "fuzz"; a success must give a
 * key and a certificate that belong together.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "mtls_internal.h"
#include "fuzz.h"

static char path[64];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	snprintf(path, sizeof(path), "/tmp/fuzz_p12.%ld.p12", (long)getpid());
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mtls_err e = { "", MTLS_HINT_NONE };
	gnutls_x509_crt_t *chain = NULL;
	gnutls_privkey_t key = NULL;
	unsigned n = 0;
	FILE *f;

	if (size == 0)
		return 0;
	f = fopen(path, "wb");
	FUZZ_CHECK(f != NULL);
	FUZZ_CHECK(fwrite(data, 1, size, f) == size);
	FUZZ_CHECK(fclose(f) == 0);
	if (mtls_p12_load(path, "fuzz", &key, &chain, &n, &e) == 0) {
		FUZZ_CHECK(key != NULL && n >= 1);
		FUZZ_CHECK(mtls_key_matches_crt(key, chain[0], &e) >= 0);
	} else {
		FUZZ_CHECK(e.msg[0] != '\0');
	}
	gnutls_privkey_deinit(key);
	mtls_crt_list_free(chain, n);
	unlink(path);
	return 0;
}
