/*
 * der.h -- a small DER writer (and reader) for the few structures GnuTLS
 * offers no setter for (an exact Name, a request carrier, CRL entries
 * with reasons).  Internal to lib/.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef MTLS_DER_H
#define MTLS_DER_H

#include <stdbool.h>
#include <stddef.h>

/* A growing byte buffer; any failed growth sets FAILED and later calls do
 * nothing, so callers check once at the end. */
struct der_buf {
	unsigned char *data;
	size_t len, cap;
	bool failed;
};

#define DER_SEQUENCE 0x30
#define DER_SET 0x31
#define DER_OID 0x06
#define DER_INTEGER 0x02
#define DER_BIT_STRING 0x03
#define DER_UTF8_STRING 0x0c
#define DER_PRINTABLE_STRING 0x13
#define DER_IA5_STRING 0x16
#define DER_OCTET_STRING 0x04
#define DER_ENUMERATED 0x0a
#define DER_UTC_TIME 0x17
#define DER_GENERALIZED_TIME 0x18

void der_put(struct der_buf *b, const void *data, size_t len);
/* Append TAG, the DER length of LEN, then DATA. */
void der_put_tlv(struct der_buf *b, unsigned char tag, const void *data,
		 size_t len);
/* Append an OBJECT IDENTIFIER from its dotted text; false if malformed. */
bool der_put_oid(struct der_buf *b, const char *dotted);
/* Total length of the TLV at DATA (at most LEN bytes), or 0 if it is not
 * one well-formed definite-length TLV. */
size_t der_tlv_size(const unsigned char *data, size_t len);
/* Read the TLV at DATA (at most LEN bytes): its TAG and CONTENT; returns
 * its total size, or 0 if it is not one well-formed TLV. */
size_t der_read(const unsigned char *data, size_t len, unsigned char *tag,
		const unsigned char **content, size_t *content_len);
void der_free(struct der_buf *b);

#endif /* MTLS_DER_H */
