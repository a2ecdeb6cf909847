/*
 * fuzz_name.c -- mtls_name_encode in both forms; GnuTLS must read back the DER.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <string.h>

#include "mtls_internal.h"
#include "fuzz.h"

/* Encode SUBJECT; when it encodes, the DER is one Name that GnuTLS
 * imports, and exports again byte for byte (so it is DER, with each
 * multi-valued RDN's SET sorted as DER wants). */
static void
encode(const char *subject)
{
	struct mtls_err e = { "", MTLS_HINT_NONE };
	gnutls_datum_t der = { NULL, 0 }, back = { NULL, 0 };
	gnutls_x509_dn_t dn;

	if (mtls_name_encode(subject, &der, &e) != 0) {
		FUZZ_CHECK(e.msg[0] != '\0');
		FUZZ_CHECK(der.data == NULL && der.size == 0);
		return;
	}
	FUZZ_CHECK(der.data != NULL && der.size >= 2 && der.data[0] == 0x30);

	FUZZ_CHECK(gnutls_x509_dn_init(&dn) >= 0);
	FUZZ_CHECK(gnutls_x509_dn_import(dn, &der) >= 0);
	FUZZ_CHECK(gnutls_x509_dn_export2(dn, GNUTLS_X509_FMT_DER, &back) >= 0);
	FUZZ_CHECK(back.size == der.size &&
		   memcmp(back.data, der.data, der.size) == 0);
	gnutls_free(back.data);
	gnutls_x509_dn_deinit(dn);

	gnutls_free(der.data);
}

/* The input is a subject as given to --subject.  It is encoded as it is
 * (slash form when it starts with '/', RFC 4514 otherwise) and in the
 * other form: without its leading '/', or with one put in front. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_strndup(data, size);
	char *slashed = malloc(size + 2);

	FUZZ_CHECK(slashed != NULL);
	encode(text);
	if (text[0] == '/') {
		encode(text + 1);
	} else {
		slashed[0] = '/';
		memcpy(slashed + 1, text, size + 1);
		encode(slashed);
	}
	free(slashed);
	free(text);
	return 0;
}
