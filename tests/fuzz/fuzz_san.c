/*
 * fuzz_san.c -- --san specs through mtls_sans_add, to the DER and back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <string.h>

#include "mtls_internal.h"
#include "fuzz.h"

static bool
same_san(const struct mtls_san *a, const struct mtls_san *b)
{
	return a->type == b->type && a->value.size == b->value.size &&
	       memcmp(a->value.data, b->value.data, a->value.size) == 0;
}

static bool
same_sans(const struct mtls_sans *a, const struct mtls_sans *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (!same_san(&a->items[i], &b->items[i]))
			return false;
	return true;
}

/* One name as mtls_sans_add promises it. */
static void
check_san(const struct mtls_san *s)
{
	struct mtls_sans again = { NULL, 0 };
	struct mtls_err e = { "", MTLS_HINT_NONE };
	char text[MTLS_SAN_MAX], why[256];
	const char *v = (const char *)s->value.data;

	switch (s->type) {
	case GNUTLS_SAN_IPADDRESS:
		FUZZ_CHECK(s->value.size == 4 || s->value.size == 16);
		break;
	case GNUTLS_SAN_DNSNAME:
		FUZZ_CHECK(mtls_hostname_check(v, true, why, sizeof(why)) ==
			   0);
		/* fall through */
	case GNUTLS_SAN_URI:
	case GNUTLS_SAN_RFC822NAME:
		FUZZ_CHECK(s->value.size > 0 && strlen(v) == s->value.size);
		FUZZ_CHECK(strchr(v, ',') == NULL);
		break;
	default:
		FUZZ_CHECK(!"unexpected SAN type");
	}
	/* The words showcert prints for it are a spec for the same name. */
	FUZZ_CHECK(mtls_san_describe(s->type, s->value.data, s->value.size,
				     text, sizeof(text)));
	if (strlen(text) + 1 < sizeof(text)) {
		FUZZ_CHECK(mtls_sans_add(&again, text, &e) == 0);
		FUZZ_CHECK(again.n == 1 && same_san(s, &again.items[0]));
		mtls_sans_free(&again);
	}
}

/* The input is a --san value.  Added to a list that already holds a
 * name, it either adds names that look as promised, survive the trip
 * through the subjectAltName DER and copy whole, or adds nothing and says
 * why.  As a CN, it implies a SAN exactly when it is a host name or an
 * address, and is refused, with words, when it only tries to be one. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *spec = fuzz_strndup(data, size);
	struct mtls_sans sans = { NULL, 0 }, back = { NULL, 0 },
			 copy = { NULL, 0 }, cn = { NULL, 0 };
	struct mtls_err e = { "", MTLS_HINT_NONE };
	gnutls_datum_t der = { NULL, 0 };
	int added;

	FUZZ_CHECK(mtls_sans_add(&sans, "DNS:first.example", &e) == 0);
	if (mtls_sans_add(&sans, spec, &e) != 0) {
		FUZZ_CHECK(e.msg[0] != '\0');
		FUZZ_CHECK(sans.n == 1);
	} else {
		FUZZ_CHECK(sans.n > 1);
	}
	for (size_t i = 0; i < sans.n; i++)
		check_san(&sans.items[i]);

	FUZZ_CHECK(mtls_sans_export(&sans, &der, &e) == 0);
	FUZZ_CHECK(mtls_sans_import(&back, &der, &e) == 0);
	FUZZ_CHECK(same_sans(&sans, &back));
	FUZZ_CHECK(mtls_sans_copy(&copy, &sans, &e) == 0);
	FUZZ_CHECK(same_sans(&sans, &copy));

	added = mtls_sans_add_from_cn(&cn, spec, &e);
	FUZZ_CHECK(added == -1 || added == 0 || added == 1);
	FUZZ_CHECK(cn.n == (added == 1 ? 1u : 0u));
	if (added == 1)
		check_san(&cn.items[0]);
	if (added == -1)
		FUZZ_CHECK(e.msg[0] != '\0');

	gnutls_free(der.data);
	mtls_sans_free(&sans);
	mtls_sans_free(&back);
	mtls_sans_free(&copy);
	mtls_sans_free(&cn);
	free(spec);
	return 0;
}
