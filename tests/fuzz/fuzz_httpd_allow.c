/*
 * fuzz_httpd_allow.c -- --allow rules, mtls_allow_add and mtls_allow_match.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <arpa/inet.h>
#include <string.h>
#include <strings.h>

#include "mtls_internal.h"
#include "fuzz.h"

/* The client certificate every rule is matched against, made once with
 * lib/'s own builders. */
#define SUBJECT                                                                \
	"/DC=org/DC=example/O=Mail Server/OU=ops+UID=u42/CN=client.example"    \
	"/emailAddress=ops@example.org/1.3.6.1.4.1.99999.1=custom"
#define SANS                                                                   \
	"DNS:client.example,DNS:*.wild.example,IP:10.0.0.1,"                   \
	"IP:2001:db8::1,URI:spiffe://example.org/ns/prod/sa/web,"              \
	"email:ops@example.org"

static gnutls_x509_crt_t crt;

/* The subject attributes of SUBJECT, by OID. */
static const struct {
	const char *oid, *value;
} subject_attrs[] = {
	{ "0.9.2342.19200300.100.1.25", "org" },
	{ "0.9.2342.19200300.100.1.25", "example" },
	{ "2.5.4.10", "Mail Server" },
	{ "2.5.4.11", "ops" },
	{ "0.9.2342.19200300.100.1.1", "u42" },
	{ "2.5.4.3", "client.example" },
	{ "1.2.840.113549.1.9.1", "ops@example.org" },
	{ "1.3.6.1.4.1.99999.1", "custom" },
};

/* The attribute names a rule may use for them. */
static const struct {
	const char *name, *oid;
} attr_names[] = {
	{ "CN", "2.5.4.3" },
	{ "O", "2.5.4.10" },
	{ "OU", "2.5.4.11" },
	{ "DC", "0.9.2342.19200300.100.1.25" },
	{ "UID", "0.9.2342.19200300.100.1.1" },
	{ "emailAddress", "1.2.840.113549.1.9.1" },
};

#define N_SUBJECT_ATTRS (sizeof(subject_attrs) / sizeof(subject_attrs[0]))
#define N_ATTR_NAMES (sizeof(attr_names) / sizeof(attr_names[0]))

static const char *const dns_sans[] = { "client.example", "*.wild.example" };
static const char uri_san[] = "spiffe://example.org/ns/prod/sa/web";
static const char email_san[] = "ops@example.org";

static void
make_crt(void)
{
	const struct mtls_keyspec spec = MTLS_KEYSPEC_DEFAULT;
	struct mtls_sans sans = { NULL, 0 };
	struct mtls_crt_params params = {
		.profile = MTLS_PROFILE_CLIENT,
		.days = 365,
		.path_len = -1,
		.sans = &sans,
		.now = (time_t)1796083200,
	};
	struct mtls_crt_notes notes;
	struct mtls_err e = { "", MTLS_HINT_NONE };
	gnutls_x509_privkey_t xkey;
	gnutls_privkey_t key;
	gnutls_x509_crq_t crq;
	gnutls_x509_crt_t made;
	gnutls_datum_t der;

	if (mtls_key_generate(&spec, &xkey, &e) != 0 ||
	    mtls_key_from_x509(xkey, &key, &e) != 0 ||
	    mtls_sans_add(&sans, SANS, &e) != 0 ||
	    mtls_csr_build(SUBJECT, &sans, key, &crq, &e) != 0 ||
	    mtls_crt_build(crq, &params, NULL, key, &made, &notes, &e) != 0) {
		fprintf(stderr, "fuzz_httpd_allow: %s\n", e.msg);
		abort();
	}
	/* Read back, as a client's certificate arrives. */
	FUZZ_CHECK(gnutls_x509_crt_export2(made, GNUTLS_X509_FMT_DER, &der) >=
		   0);
	FUZZ_CHECK(gnutls_x509_crt_init(&crt) >= 0);
	FUZZ_CHECK(gnutls_x509_crt_import(crt, &der, GNUTLS_X509_FMT_DER) >= 0);
	gnutls_free(der.data);
	gnutls_x509_crt_deinit(made);
	gnutls_x509_crq_deinit(crq);
	gnutls_privkey_deinit(key);
	gnutls_x509_privkey_deinit(xkey);
	mtls_sans_free(&sans);
}

static void
free_crt(void)
{
	gnutls_x509_crt_deinit(crt);
}

/* Its fingerprint as a rule must admit it. */
static void
check_fingerprint_rule(void)
{
	struct mtls_allow *list = NULL;
	struct mtls_err e = { "", MTLS_HINT_NONE };
	char fp[200], rule[256];

	mtls_crt_fingerprint(crt, fp, sizeof(fp));
	snprintf(rule, sizeof(rule), "sha256:%s", fp);
	FUZZ_CHECK(mtls_allow_add(&list, rule, &e) == 0);
	FUZZ_CHECK(mtls_allow_match(list, crt) != NULL);
	mtls_allow_free(list);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	make_crt();
	atexit(free_crt);
	check_fingerprint_rule();
	return 0;
}

/* Is REST (after a "URI:PREFIX/" rule's prefix) below it?  The URI in the
 * certificate has no escapes, dots or marks, so: something is left. */
static bool
ref_uri_prefix(const char *prefix)
{
	size_t n = strlen(prefix);

	return strncmp(uri_san, prefix, n) == 0 && uri_san[n] != '\0';
}

/* Does RULE (accepted by mtls_allow_add) admit the certificate?  Written
 * from the rule forms in mtls.h, for what the certificate holds; -1 for
 * the rules it does not judge (fingerprints). */
static int
ref_match(const char *rule)
{
	size_t klen = strcspn(rule, ":=");
	const char *v = rule + klen + 1;
	unsigned char ip[16];

	if (rule[klen] == '=') {
		const char *oid = NULL;

		for (size_t i = 0; i < N_ATTR_NAMES; i++)
			if (strlen(attr_names[i].name) == klen &&
			    strncasecmp(rule, attr_names[i].name, klen) == 0)
				oid = attr_names[i].oid;
		for (size_t i = 0; i < N_SUBJECT_ATTRS; i++) {
			const char *want = subject_attrs[i].oid;
			bool same_oid;

			/* A name's OID, or a dotted OID compared as text. */
			if (oid != NULL)
				same_oid = strcmp(oid, want) == 0;
			else
				same_oid = strlen(want) == klen &&
					   strncmp(rule, want, klen) == 0;
			if (same_oid && strcmp(v, subject_attrs[i].value) == 0)
				return 1;
		}
		return 0;
	}
	if (klen == 3 && strncasecmp(rule, "DNS", 3) == 0)
		return strcasecmp(v, dns_sans[0]) == 0 ||
		       strcasecmp(v, dns_sans[1]) == 0;
	if (klen == 5 && strncasecmp(rule, "email", 5) == 0)
		return strcasecmp(v, email_san) == 0;
	if (klen == 3 && strncasecmp(rule, "URI", 3) == 0) {
		size_t n = strlen(v);

		if (n > 0 && v[n - 1] == '*') {
			char *prefix = strndup(v, n - 1);
			int r;

			FUZZ_CHECK(prefix != NULL);
			r = ref_uri_prefix(prefix);
			free(prefix);
			return r;
		}
		return strcmp(v, uri_san) == 0;
	}
	if (klen == 2 && strncasecmp(rule, "IP", 2) == 0) {
		static const unsigned char v4[4] = { 10, 0, 0, 1 };
		static const unsigned char v6[16] = { 0x20, 0x01, 0x0d, 0xb8,
						      0, 0, 0, 0, 0, 0, 0, 0,
						      0, 0, 0, 1 };

		if (inet_pton(AF_INET, v, ip) == 1)
			return memcmp(ip, v4, 4) == 0;
		FUZZ_CHECK(inet_pton(AF_INET6, v, ip) == 1);
		return memcmp(ip, v6, 16) == 0;
	}
	return -1;
}

#define MAX_RULES 16

/* The input is --allow rules, one a line.  Each is added to one list
 * (or refused with a message); a rule admits the certificate alone
 * exactly when the reference above says so, and the list admits it
 * through the first rule that does so alone. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_strndup(data, size), *line, *save = NULL;
	const char *got, *want = NULL;
	struct mtls_allow *list = NULL;
	size_t n = 0;

	for (line = strtok_r(text, "\n", &save); line != NULL && n < MAX_RULES;
	     line = strtok_r(NULL, "\n", &save)) {
		struct mtls_allow *one = NULL;
		struct mtls_err e = { "", MTLS_HINT_NONE };
		const char *alone;
		int ref;

		if (mtls_allow_add(&one, line, &e) != 0) {
			FUZZ_CHECK(e.msg[0] != '\0' && one == NULL);
			FUZZ_CHECK(mtls_allow_add(&list, line, &e) != 0);
			continue;
		}
		FUZZ_CHECK(mtls_allow_count(one) == 1);
		alone = mtls_allow_match(one, crt);
		FUZZ_CHECK(alone == NULL || strcmp(alone, line) == 0);
		ref = ref_match(line);
		if (ref >= 0 && ref != (alone != NULL)) {
			fprintf(stderr, "rule '%s': %s, expected %s\n", line,
				alone ? "admits" : "refuses",
				ref ? "admits" : "refuses");
			abort();
		}
		if (alone != NULL && want == NULL)
			want = line;
		mtls_allow_free(one);
		FUZZ_CHECK(mtls_allow_add(&list, line, &e) == 0);
		n++;
	}
	FUZZ_CHECK(mtls_allow_count(list) == n);
	got = mtls_allow_match(list, crt);
	FUZZ_CHECK((got == NULL) == (want == NULL));
	FUZZ_CHECK(got == NULL || strcmp(got, want) == 0);
	mtls_allow_free(list);
	free(text);
	return 0;
}
