/*
 * fuzz_crl.c -- the previous CRL that mkcrl builds on: any input that
 * GnuTLS imports as a CRL goes through mtls_crl_build (which copies its
 * entries byte for byte), and the result must verify, parse, and hold at
 * least as many entries as the input plus the one revoked now.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <string.h>

#include "mtls_internal.h"
#include "fuzz.h"

static gnutls_x509_crt_t ca;
static gnutls_privkey_t ca_key;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const struct mtls_keyspec spec = MTLS_KEYSPEC_DEFAULT;
	struct mtls_crt_params params = {
		.profile = MTLS_PROFILE_CA,
		.days = 3650,
		.path_len = -1,
		.now = (time_t)1796083200,
	};
	struct mtls_crt_notes notes;
	struct mtls_err e = { "", MTLS_HINT_NONE };
	gnutls_x509_privkey_t xkey;
	gnutls_x509_crq_t crq;
	gnutls_datum_t name;

	(void)argc;
	(void)argv;
	FUZZ_CHECK(mtls_key_generate(&spec, &xkey, &e) == 0);
	FUZZ_CHECK(mtls_key_from_x509(xkey, &ca_key, &e) == 0);
	gnutls_x509_privkey_deinit(xkey);
	FUZZ_CHECK(mtls_name_encode("/O=Fuzz CA", &name, &e) == 0);
	FUZZ_CHECK(mtls_csr_from_name(&name, ca_key, &crq, &e) == 0);
	FUZZ_CHECK(mtls_crt_build(crq, &params, NULL, ca_key, &ca, &notes,
				  &e) == 0);
	gnutls_free(name.data);
	gnutls_x509_crq_deinit(crq);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gnutls_datum_t in = { (unsigned char *)data, (unsigned)size };
	struct mtls_revocation r = { { 0x0a, 0x0b }, 2, 1 };
	struct mtls_crl_params params = { .revoke = &r, .n_revoke = 1,
					  .days = 30,
					  .now = (time_t)1796083200 };
	struct mtls_crl_notes notes;
	struct mtls_err e = { "", MTLS_HINT_NONE };
	gnutls_x509_crl_t old = NULL, crl = NULL;
	unsigned status = 1;
	int n_old;

	if (gnutls_x509_crl_init(&old) < 0)
		abort();
	if (gnutls_x509_crl_import(old, &in, GNUTLS_X509_FMT_DER) < 0) {
		gnutls_x509_crl_deinit(old);
		return 0;
	}
	n_old = gnutls_x509_crl_get_crt_count(old);
	params.old = old;
	if (mtls_crl_build(&params, ca, ca_key, &crl, &notes, &e) == 0) {
		FUZZ_CHECK(gnutls_x509_crl_verify(crl, &ca, 1, 0, &status) >=
				   0 &&
			   status == 0);
		FUZZ_CHECK(gnutls_x509_crl_get_crt_count(crl) ==
			   (n_old > 0 ? n_old : 0) + (int)notes.added);
		FUZZ_CHECK(notes.added + notes.already == 1);
	} else {
		FUZZ_CHECK(e.msg[0] != '\0');
	}
	gnutls_x509_crl_deinit(crl);
	gnutls_x509_crl_deinit(old);
	return 0;
}
