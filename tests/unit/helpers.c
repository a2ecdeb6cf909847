/*
 * helpers.c -- what several suites need: keys and certificates made with
 * lib/'s own builders, and a temporary directory for tests that use
 * files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mtls_internal.h"
#include "suites.h"

char test_dir[PATH_MAX];

void
test_dir_make(void)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(test_dir, sizeof(test_dir), "%s/check_mtls.XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	ck_assert_msg(mkdtemp(test_dir) != NULL, "mkdtemp: %s",
		      strerror(errno));
}

static int
remove_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	return remove(path);
}

void
test_dir_remove(void)
{
	nftw(test_dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

const char *
test_path(char buf[PATH_MAX], const char *name)
{
	int n = snprintf(buf, PATH_MAX, "%s/%s", test_dir, name);

	ck_assert(n > 0 && n < PATH_MAX);
	return buf;
}

void
test_file_put(const char *path, const void *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	ck_assert_msg(fd >= 0, "%s: %s", path, strerror(errno));
	ck_assert_int_eq(write(fd, data, size), (ssize_t)size);
	ck_assert_int_eq(close(fd), 0);
}

gnutls_privkey_t
test_key_new(gnutls_pk_algorithm_t pk, unsigned bits)
{
	struct mtls_keyspec spec = MTLS_KEYSPEC_DEFAULT;
	struct mtls_err e = { 0 };
	gnutls_x509_privkey_t x509key;
	gnutls_privkey_t key;

	/* GnuTLS directly, so that keys lib/ refuses to make can be tested
	 * too; lib/'s own path is used for the rest. */
	if (pk == GNUTLS_PK_RSA && bits < 2048) {
		ck_assert_int_eq(gnutls_x509_privkey_init(&x509key), 0);
		ck_assert_int_eq(gnutls_x509_privkey_generate(x509key, pk, bits,
							      0),
				 0);
	} else {
		spec.pk = pk;
		if (pk == GNUTLS_PK_RSA)
			spec.bits = bits;
		ck_assert_msg(mtls_key_generate(&spec, &x509key, &e) == 0, "%s",
			      e.msg);
	}
	ck_assert_msg(mtls_key_from_x509(x509key, &key, &e) == 0, "%s", e.msg);
	gnutls_x509_privkey_deinit(x509key);
	return key;
}

gnutls_x509_crq_t
test_crq_new(const char *subject, const char *sans, gnutls_privkey_t key)
{
	struct mtls_sans list = { NULL, 0 };
	struct mtls_err e = { 0 };
	gnutls_datum_t name;
	gnutls_x509_crq_t crq;

	if (sans != NULL) {
		ck_assert_msg(mtls_sans_add(&list, sans, &e) == 0, "%s", e.msg);
		ck_assert_msg(mtls_csr_build(subject, &list, key, &crq, &e) ==
				      0,
			      "%s", e.msg);
		mtls_sans_free(&list);
		return crq;
	}
	/* Exactly the subject: no SAN implied by the CN. */
	ck_assert_msg(mtls_name_encode(subject, &name, &e) == 0, "%s", e.msg);
	ck_assert_msg(mtls_csr_from_name(&name, key, &crq, &e) == 0, "%s",
		      e.msg);
	gnutls_free(name.data);
	return crq;
}

gnutls_x509_crt_t
test_crt_new(const struct test_crt *spec, gnutls_privkey_t key,
	     gnutls_x509_crt_t issuer, gnutls_privkey_t issuer_key)
{
	struct mtls_sans list = { NULL, 0 };
	struct mtls_crt_params params = {
		.profile = spec->profile,
		.days = spec->days,
		.path_len = spec->path_len,
		.sans = &list,
		.now = spec->now,
	};
	struct mtls_crt_notes notes;
	struct mtls_err e = { 0 };
	gnutls_x509_crq_t crq;
	gnutls_x509_crt_t crt;

	if (spec->sans != NULL)
		ck_assert_msg(mtls_sans_add(&list, spec->sans, &e) == 0, "%s",
			      e.msg);
	crq = test_crq_new(spec->subject, NULL, key);
	ck_assert_msg(mtls_crt_build(crq, &params, issuer,
				     issuer ? issuer_key : key, &crt, &notes,
				     &e) == 0,
		      "%s", e.msg);
	gnutls_x509_crq_deinit(crq);
	mtls_sans_free(&list);
	return crt;
}

void
test_objects_make(struct test_objects *o)
{
	static const struct test_crt ca_spec = {
		"/O=Test CA", NULL, MTLS_PROFILE_CA, 30, -1, TEST_T0
	};
	static const struct test_crt leaf_spec = {
		"/O=Example/CN=leaf.example",
		"DNS:leaf.example,IP:192.0.2.1",
		MTLS_PROFILE_SERVER,
		10,
		-1,
		TEST_T0
	};
	gnutls_x509_crl_t crl;
	gnutls_datum_t der;

	o->ca_key = test_key_new(GNUTLS_PK_ECDSA, 0);
	o->leaf_key = test_key_new(GNUTLS_PK_ECDSA, 0);
	o->ca = test_crt_new(&ca_spec, o->ca_key, NULL, NULL);
	o->leaf = test_crt_new(&leaf_spec, o->leaf_key, o->ca, o->ca_key);
	o->crq = test_crq_new("/CN=request.example", "DNS:request.example",
			      o->leaf_key);
	ck_assert_int_eq(gnutls_x509_crl_init(&crl), 0);
	ck_assert_int_eq(gnutls_x509_crl_set_version(crl, 2), 0);
	ck_assert_int_eq(gnutls_x509_crl_set_this_update(crl, TEST_T0), 0);
	ck_assert_int_eq(gnutls_x509_crl_set_next_update(crl,
							 TEST_T0 + TEST_DAY),
			 0);
	ck_assert_int_eq(gnutls_x509_crl_set_crt(crl, o->leaf, TEST_T0), 0);
	ck_assert_int_eq(gnutls_x509_crl_privkey_sign(crl, o->ca, o->ca_key,
						      GNUTLS_DIG_SHA256, 0),
			 0);
	/* Read back, as from a file (GnuTLS caches names on import). */
	ck_assert_int_eq(gnutls_x509_crl_export2(crl, GNUTLS_X509_FMT_DER,
						 &der),
			 0);
	gnutls_x509_crl_deinit(crl);
	ck_assert_int_eq(gnutls_x509_crl_init(&o->crl), 0);
	ck_assert_int_eq(gnutls_x509_crl_import(o->crl, &der,
						GNUTLS_X509_FMT_DER),
			 0);
	gnutls_free(der.data);
}

void
test_objects_free(struct test_objects *o)
{
	gnutls_x509_crl_deinit(o->crl);
	gnutls_x509_crq_deinit(o->crq);
	gnutls_x509_crt_deinit(o->leaf);
	gnutls_x509_crt_deinit(o->ca);
	gnutls_privkey_deinit(o->leaf_key);
	gnutls_privkey_deinit(o->ca_key);
}

static void
append(gnutls_datum_t *out, const void *p, size_t n)
{
	out->data = gnutls_realloc(out->data, out->size + n + 1);
	ck_assert_ptr_nonnull(out->data);
	memcpy(out->data + out->size, p, n);
	out->size += (unsigned)n;
	out->data[out->size] = '\0';
}

void
test_input(const struct test_objects *o, const char *pieces,
	   gnutls_datum_t *out)
{
	static const char malformed[] = "-----BEGIN CERTIFICATE-----\n"
					"TWFsZm9ybWVk\n"
					"-----END CERTIFICATE-----\n";
	static const char unknown[] = "-----BEGIN PUBLIC THING-----\n"
				      "AAAA\n"
				      "-----END PUBLIC THING-----\n";
	static const char no_end[] = "-----BEGIN CERTIFICATE-----\n"
				     "AAAA\n";
	static const char text[] = "just some text\n";
	gnutls_x509_crt_fmt_t fmt;
	gnutls_datum_t d = { NULL, 0 };
	gnutls_x509_privkey_t x509key;
	struct mtls_err e = { 0 };
	const char *p, *lit;
	int ret;

	out->data = NULL;
	out->size = 0;
	append(out, "", 0);
	for (p = pieces; *p != '\0'; p++) {
		fmt = *p >= 'a' ? GNUTLS_X509_FMT_PEM : GNUTLS_X509_FMT_DER;
		lit = NULL;
		ret = 0;
		switch (*p) {
		case 'c':
		case 'C':
			ret = gnutls_x509_crt_export2(o->leaf, fmt, &d);
			break;
		case 'a':
			ret = gnutls_x509_crt_export2(o->ca, fmt, &d);
			break;
		case 'r':
		case 'R':
			ret = gnutls_x509_crq_export2(o->crq, fmt, &d);
			break;
		case 'l':
		case 'L':
			ret = gnutls_x509_crl_export2(o->crl, fmt, &d);
			break;
		case 'k':
			ck_assert_int_eq(gnutls_privkey_export_x509(o->leaf_key,
								    &x509key),
					 0);
			ck_assert_int_eq(mtls_key_export_pem(x509key, &d, &e),
					 0);
			gnutls_x509_privkey_deinit(x509key);
			break;
		case 'm':
			lit = malformed;
			break;
		case 'u':
			lit = unknown;
			break;
		case 'h':
			lit = no_end;
			break;
		case 'g':
			lit = text;
			break;
		default:
			ck_abort_msg("no input piece '%c'", *p);
		}
		if (lit != NULL) {
			append(out, lit, strlen(lit));
			continue;
		}
		ck_assert_int_eq(ret, 0);
		append(out, d.data, d.size);
		mtls_datum_wipe(&d);
	}
}
