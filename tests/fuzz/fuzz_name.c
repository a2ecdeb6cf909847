/*
 * fuzz_name.c -- mtls_name_encode in both forms; GnuTLS must read back the DER.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <inttypes.h>
#include <string.h>

#include "mtls_internal.h"
#include "fuzz.h"

/* The TLV at *P (before END): its tag, and its contents in [*BODY,
 * *P after the call). */
static unsigned char
tlv(const unsigned char **p, const unsigned char *end,
    const unsigned char **body)
{
	unsigned char tag;
	size_t len = 0, n;

	FUZZ_CHECK(end - *p >= 2);
	tag = (*p)[0];
	n = (*p)[1];
	*p += 2;
	if (n & 0x80) {
		n &= 0x7f;
		FUZZ_CHECK(n >= 1 && n <= 3 && (size_t)(end - *p) >= n);
		for (size_t i = 0; i < n; i++)
			len = len << 8 | *(*p)++;
	} else {
		len = n;
	}
	FUZZ_CHECK((size_t)(end - *p) >= len);
	*body = *p;
	*p += len;
	return tag;
}

/* The length of the dotted text of the OID in [P, END), or SIZE_MAX
 * when an arc is past INT64_MAX. */
static size_t
oid_text_len(const unsigned char *p, const unsigned char *end)
{
	size_t len = 0;
	bool first = true;
	uint64_t arc = 0;
	char num[32];

	for (; p < end; p++) {
		/* Base-128 groups, the last one below 0x80. */
		if (arc > (UINT64_C(1) << 56) - 1)
			return SIZE_MAX;
		arc = arc << 7 | (*p & 0x7f);
		if (arc > INT64_MAX)
			return SIZE_MAX;
		if (*p & 0x80)
			continue;
		if (first) {
			uint64_t top = arc < 80 ? arc / 40 : 2;

			len += (size_t)snprintf(num, sizeof(num), "%" PRIu64
						".", top);
			arc -= top * 40;
			first = false;
		}
		len += (size_t)snprintf(num, sizeof(num), "%" PRIu64 ".", arc);
		arc = 0;
	}
	return len - 1;
}

/* Does the DER Name hold an attribute type whose OID GnuTLS cannot give
 * back as it was?  libtasn1 reads arcs as signed 64-bit numbers, and
 * GnuTLS cuts an OID whose text is 128 bytes or longer.  (OpenSSL makes
 * the same DER as we do for both.) */
static bool
has_long_oid(const gnutls_datum_t *der)
{
	const unsigned char *p = der->data, *end = p + der->size, *name;
	const unsigned char *set, *set_end, *ava, *oid;

	FUZZ_CHECK(tlv(&p, end, &name) == 0x30);
	for (p = name; p < end;) {
		FUZZ_CHECK(tlv(&p, end, &set) == 0x31);
		for (set_end = p; set < set_end;) {
			const unsigned char *q;

			FUZZ_CHECK(tlv(&set, set_end, &ava) == 0x30);
			q = ava;
			FUZZ_CHECK(tlv(&q, set, &oid) == 0x06);
			if (oid_text_len(oid, q) >= 128)
				return true;
		}
	}
	return false;
}

/* Encode SUBJECT; when it encodes, the DER is one Name that GnuTLS
 * imports, and exports again byte for byte (so it is DER, with each
 * multi-valued RDN's SET sorted as DER wants) unless an OID is more
 * than GnuTLS can hold. */
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
	FUZZ_CHECK(has_long_oid(&der) ||
		   (back.size == der.size &&
		    memcmp(back.data, der.data, der.size) == 0));
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
