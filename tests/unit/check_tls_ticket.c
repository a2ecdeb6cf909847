/*
 * check_tls_ticket.c -- which key a ClientHello's ticket was made under
 * (mtls_ticket_hello_under): the ticket's first 16 bytes name the key
 * GnuTLS derives from the master key and the time period, in TLS 1.3's
 * pre_shared_key and in TLS 1.2's session_ticket extension.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <string.h>

#include <gnutls/crypto.h>

#include "mtls_internal.h"
#include "suites.h"

#define PERIOD (3 * 21600)
/* Some time in the middle of a period. */
#define NOW ((time_t)(PERIOD * 30000 + PERIOD / 2))

static unsigned char key[MTLS_TICKET_KEY_SIZE], other[MTLS_TICKET_KEY_SIZE];

static void
keys(void)
{
	for (int i = 0; i < MTLS_TICKET_KEY_SIZE; i++) {
		key[i] = (unsigned char)(i * 7 + 1);
		other[i] = (unsigned char)(i * 11 + 5);
	}
}

/* The name of KEY's derived key in period T, as GnuTLS makes it. */
static void
name_of(const unsigned char *k, uint64_t t, unsigned char name[16])
{
	unsigned char in[8 + MTLS_TICKET_KEY_SIZE], out[64];

	for (int i = 0; i < 8; i++)
		in[i] = (unsigned char)(t >> (56 - 8 * i));
	memcpy(in + 8, k, MTLS_TICKET_KEY_SIZE);
	ck_assert_int_eq(gnutls_hash_fast(GNUTLS_DIG_SHA3_512, in, sizeof(in),
					  out),
			 0);
	memcpy(name, out, 16);
}

/* A ClientHello body (RFC 8446 4.1.2) carrying one extension of type
 * EXT with DATA, in OUT; its length. */
static size_t
hello(unsigned ext, const unsigned char *data, size_t len, unsigned char *out)
{
	size_t n = 0;

	out[n++] = 3, out[n++] = 3;	    /* legacy_version */
	memset(out + n, 0xab, 32), n += 32; /* random */
	out[n++] = 0;			    /* session id */
	out[n++] = 0, out[n++] = 2, out[n++] = 0x13, out[n++] = 0x01;
	out[n++] = 1, out[n++] = 0; /* compression: null */
	out[n++] = (unsigned char)((len + 4) >> 8);
	out[n++] = (unsigned char)(len + 4);
	out[n++] = (unsigned char)(ext >> 8), out[n++] = (unsigned char)ext;
	out[n++] = (unsigned char)(len >> 8), out[n++] = (unsigned char)len;
	memcpy(out + n, data, len);
	return n + len;
}

/* pre_shared_key with one identity: the ticket TICKET (LEN bytes). */
static size_t
psk(const unsigned char *ticket, size_t len, unsigned char *out)
{
	size_t n = 0;

	out[n++] = (unsigned char)((len + 6) >> 8);
	out[n++] = (unsigned char)(len + 6);
	out[n++] = (unsigned char)(len >> 8), out[n++] = (unsigned char)len;
	memcpy(out + n, ticket, len), n += len;
	memset(out + n, 0, 4), n += 4; /* obfuscated_ticket_age */
	/* binders */
	out[n++] = 0, out[n++] = 33, out[n++] = 32;
	memset(out + n, 0xcd, 32), n += 32;
	return n;
}

static bool
under(unsigned ext, const unsigned char *ticket, size_t len,
      const unsigned char *k, time_t now)
{
	unsigned char data[512], msg[1024];
	size_t dlen = len;
	gnutls_datum_t d;

	if (ext == 41)
		dlen = psk(ticket, len, data);
	else
		memcpy(data, ticket, len);
	d.data = msg;
	d.size = (unsigned)hello(ext, data, dlen, msg);
	return mtls_ticket_hello_under(&d, k, now);
}

START_TEST(test_names)
{
	unsigned char ticket[100], prev[100];
	uint64_t t = (uint64_t)NOW / PERIOD;

	keys();
	memset(ticket, 0x5a, sizeof(ticket));
	name_of(key, t, ticket);
	memset(prev, 0x5a, sizeof(prev));
	name_of(key, t - 1, prev);
	for (unsigned ext = 35; ext <= 41; ext += 6) {
		/* This period's and the previous one's, under KEY only. */
		ck_assert(under(ext, ticket, sizeof(ticket), key, NOW));
		ck_assert(under(ext, prev, sizeof(prev), key, NOW));
		ck_assert(!under(ext, ticket, sizeof(ticket), other, NOW));
		/* Two periods later, neither (GnuTLS would refuse it). */
		ck_assert(!under(ext, ticket, sizeof(ticket), key,
				 NOW + 2 * PERIOD));
		/* Too short to hold a name. */
		ck_assert(!under(ext, ticket, 15, key, NOW));
	}
}
END_TEST

START_TEST(test_no_ticket)
{
	unsigned char ticket[100], msg[256];
	gnutls_datum_t d;

	keys();
	memset(ticket, 0x5a, sizeof(ticket));
	name_of(key, (uint64_t)NOW / PERIOD, ticket);
	/* The ticket's bytes in another extension (server_name). */
	ck_assert(!under(0, ticket, sizeof(ticket), key, NOW));
	/* An identity list that claims more than the extension holds. */
	{
		unsigned char data[8] = { 0, 200, 0, 150, 1, 2, 3, 4 };

		d.data = msg;
		d.size = (unsigned)hello(41, data, sizeof(data), msg);
		ck_assert(!mtls_ticket_hello_under(&d, key, NOW));
	}
	/* Not a ClientHello at all. */
	d.data = (unsigned char *)"garbage";
	d.size = 7;
	ck_assert(!mtls_ticket_hello_under(&d, key, NOW));
}
END_TEST

Suite *
tls_ticket_suite(void)
{
	Suite *s = suite_create("tls_ticket");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_no_ticket);
	suite_add_tcase(s, tc);
	return s;
}
