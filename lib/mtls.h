/*
 * mtls.h -- the header mtls-utils programs include: what src/ calls.
 * What only lib/ and the unit tests share is in mtls_internal.h.  Each
 * section names the one file that defines what it declares.
 *
 * The library never prints and never exits.  Every fallible function
 * returns 0 on success and -1 on failure, and on failure fills the
 * caller's struct mtls_err with one line that names the object (file,
 * subject, option value) and the cause, ready to be printed after
 * "PROG: ".  X.509 work is done on GnuTLS's own handles; whoever receives
 * a handle through an out parameter owns it and frees it with the
 * matching GnuTLS _deinit (or mtls_crt_list_free for lists).
 *
 * Copyright (C) 2026 the mtls-utils authors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef MTLS_MTLS_H
#define MTLS_MTLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <time.h>

#include <gnutls/gnutls.h>
#include <gnutls/abstract.h>
#include <gnutls/x509.h>

/* ------------------------------------------------------------------- err.c */

#define MTLS_ERR_MAX 1024

/* Room for a distinguished name in messages (longer ones are cut). */
#define MTLS_NAME_MAX 1024

/* Serial numbers: raw bytes (RFC 5280 allows 20; we read up to this). */
#define MTLS_SERIAL_RAW_MAX 64

/* What the user could change about a failure.  The library says what is
 * wrong; the program, which knows its options, turns the hint into words
 * ("use --force to replace it"). */
enum mtls_hint {
	MTLS_HINT_NONE,
	MTLS_HINT_FORCE, /* an output exists; replacing it needs consent */
	MTLS_HINT_CLIENT_CERT, /* the server wants a client certificate */
	MTLS_HINT_PIN,	       /* a PKCS#11 token wants a PIN */
	MTLS_HINT_PASSPHRASE,  /* an encrypted key needs its passphrase */
	MTLS_HINT_ISSUER, /* a certificate's issuer was not sent; the program
			     may know where else it could come from */
};

/* What went wrong, in words.  Lives on the caller's stack. */
struct mtls_err {
	char msg[MTLS_ERR_MAX];
	enum mtls_hint hint; /* set after the message; NONE by default */
};

/* Replace the message (and clear the hint).  Always returns -1 so callers can
 * "return mtls_err_set(e, ...);". */
int mtls_err_set(struct mtls_err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Like mtls_err_set, then append ": " and GnuTLS's text for gnutls_ret. */
int mtls_err_gnutls(struct mtls_err *e, int gnutls_ret, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Put "prefix: " in front of the current message (to add context such as a
 * file name when an error comes up from a lower layer).  Returns -1. */
int mtls_err_prefix(struct mtls_err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ------------------------------------------------------------------- buf.c */

/* S as mtls_buf_add_printable makes it (control characters as \xHH) in
 * OUT of SIZE bytes, cut at a whole character when it does not fit: for
 * every message that may carry text from a certificate or a peer. */
void mtls_printable(const char *s, char *out, size_t size);

/* ----------------------------------------------------------------- times.c */

#define MTLS_SECONDS_PER_DAY (24 * 60 * 60)

/* "2027-11-27 10:00:00 UTC" */
void mtls_time_format(time_t t, char *buf, size_t size);

/* Parse a time as a person gives it: "YYYY-MM-DD" (midnight UTC), RFC
 * 3339 ("2024-03-01T00:00:00Z", "2024-03-01t05:30:00.25+05:30": 'T', 't'
 * or a space between date and time, 'Z', 'z' or an offset, any fraction
 * of a second, which is dropped; a leap second counts as the one before
 * it), or "@SECONDS" since 1970-01-01 UTC (negative for earlier, a
 * fraction floored).  Years 0000 to 9999; 1970-01-01 is the real instant
 * 0.  Errors name the forms expected, or say "no such date or time". */
int mtls_time_parse(const char *text, time_t *out, struct mtls_err *e);

/* ----------------------------------------------------------------- facts.c */

/* CRT's serial as showcert prints it (upper-case hex, no leading zero
 * bytes) into BUF; -1 when unreadable or BUF is too small. */
int mtls_crt_serial_hex(gnutls_x509_crt_t crt, char *buf, size_t size);

/* ------------------------------------------------------------------ name.c */

/* Encode a subject given as OpenSSL's slash form ("/CN=a/O=b", "\/"
 * escapes, "+" joining a multi-valued RDN) or as an RFC 4514 string
 * ("CN=a,O=b", which lists RDNs last-first as the RFC says) into a DER
 * Name.  String types, ordering and limits follow `openssl req -subj`
 * with OpenSSL's default utf8only mask, so the bytes are identical.
 * OUT is gnutls_malloc'd. */
int mtls_name_encode(const char *subject, gnutls_datum_t *out,
		     struct mtls_err *e);

/* ------------------------------------------------------------------ host.c */

/* Is TEXT a host name (not a wildcard, not an address): letters, digits
 * and '-' in dot-separated labels of 1 to 63 characters, not starting or
 * ending with '-', at most 253 characters, no trailing dot, and a last
 * label that is not a number (decimal, or 0x and hex)? */
bool mtls_is_hostname(const char *text);

/* A host to check a certificate against, as a person names it. */
struct mtls_host {
	char name[254];	      /* the host name (one trailing dot dropped),
				* or the address as inet_ntop writes it */
	unsigned char ip[16]; /* the address */
	unsigned ip_len;      /* 4 or 16 for an address; 0 for a name */
};

/* Parse TEXT: an IPv4 address only as a dotted quad of decimal numbers
 * 0-255 without leading zeros; IPv6 in any spelling (brackets allowed);
 * else a host name as mtls_is_hostname says, one trailing dot allowed.
 * Hex, octal, leading-zero and short IPv4 forms are refused, never taken
 * for names: "'10.0.0.300' is neither a valid IP address nor a valid host
 * name (...)". */
int mtls_host_parse(const char *text, struct mtls_host *out,
		    struct mtls_err *e);

/* ------------------------------------------------------------------- san.c */

/* A list of subject alternative names being collected from --san options. */
struct mtls_san {
	gnutls_x509_subject_alt_name_t type; /* GNUTLS_SAN_DNSNAME, ... */
	gnutls_datum_t value; /* text, or 4/16 raw bytes for an IP */
};
struct mtls_sans {
	struct mtls_san *items;
	size_t n;
};

/* Parse SPEC ("DNS:a,IP:1.2.3.4,URI:spiffe://x/y,email:a@b", comma list)
 * and append the names to SANS.  Nothing is appended when SPEC has an
 * error. */
int mtls_sans_add(struct mtls_sans *sans, const char *spec, struct mtls_err *e);

/* When SANS is empty and CRQ's first CN is a host name or IP address, add
 * the SAN it implies (modern clients ignore the CN).  Returns 0 whether or
 * not one was added; -1 when the CN looks like a host name or an address
 * and is not a valid one (see mtls_sans_add_from_cn). */
int mtls_sans_default_from_crq(struct mtls_sans *sans, gnutls_x509_crq_t crq,
			       struct mtls_err *e);

/* Is every DNS name in SANS (from a request, say) a valid host name or
 * wildcard name?  When not, E names the first that is not, and why. */
int mtls_sans_check(const struct mtls_sans *sans, struct mtls_err *e);

/* Append copies of SRC's names to DST. */
int mtls_sans_copy(struct mtls_sans *dst, const struct mtls_sans *src,
		   struct mtls_err *e);

void mtls_sans_free(struct mtls_sans *sans);

/* ------------------------------------------------------------------- key.c */

/* A key file (as mtls_key_load reads them, with PASS) as a GnuTLS X.509
 * key, for what must hold the key itself (a PKCS#12 file); a pkcs11: URL
 * is refused: a token's key does not leave it. */
int mtls_key_load_x509(const char *path, const char *pass,
		       gnutls_x509_privkey_t *out, struct mtls_err *e);

/* Is KEY the private half of CRT's public key?  1 yes, 0 no, -1 error. */
int mtls_key_matches_crt(gnutls_privkey_t key, gnutls_x509_crt_t crt,
			 struct mtls_err *e);

/* What kind of key to make. */
struct mtls_keyspec {
	gnutls_pk_algorithm_t pk; /* GNUTLS_PK_ECDSA, _RSA, _EDDSA_ED25519 */
	unsigned bits;		  /* RSA modulus size */
	gnutls_ecc_curve_t curve; /* ECDSA curve */
};
#define MTLS_KEYSPEC_DEFAULT                                                   \
	{                                                                      \
		GNUTLS_PK_ECDSA, 3072, GNUTLS_ECC_CURVE_SECP256R1              \
	}

/* Option parsers: "rsa|ecdsa|ed25519", 2048..8192, "P-256|P-384|P-521". */
int mtls_keyspec_set_type(struct mtls_keyspec *spec, const char *text,
			  struct mtls_err *e);
int mtls_keyspec_set_bits(struct mtls_keyspec *spec, const char *text,
			  struct mtls_err *e);
int mtls_keyspec_set_curve(struct mtls_keyspec *spec, const char *text,
			   struct mtls_err *e);

/* Load a private key from a file (PEM or DER; PKCS#1, PKCS#8, SEC1;
 * encrypted PKCS#8 or OpenSSL's encrypted PEM with PASS, which may be
 * NULL) or a PKCS#11 URL ("pkcs11:..."; the PIN from the URL or the PIN
 * callback the program set).  An encrypted key without PASS fails with
 * the hint MTLS_HINT_PASSPHRASE (the program may ask and try again); a
 * wrong PASS says so. */
int mtls_key_load(const char *path_or_url, const char *pass,
		  gnutls_privkey_t *out, struct mtls_err *e);

/* The signing key of mkca/mkcsr: loaded from KEY_PATH (file or pkcs11:
 * URL) when it is set, else made new per SPEC, and then NEW_PEM receives
 * its PEM to be saved (wipe with mtls_datum_wipe). */
int mtls_key_obtain(const char *key_path, const char *pass,
		    const struct mtls_keyspec *spec, gnutls_privkey_t *key,
		    gnutls_datum_t *new_pem, struct mtls_err *e);

/* Replace the plain PEM key in PEM by the same key as encrypted PKCS#8
 * (PBES2: AES-256-CBC, PBKDF2) under PASS; the plain copy is wiped. */
int mtls_key_pem_encrypt(gnutls_datum_t *pem, const char *pass,
			 struct mtls_err *e);

/* Zero and free a datum that held secret bytes. */
void mtls_datum_wipe(gnutls_datum_t *d);

/* ------------------------------------------------------------------ file.c */

/* Read all of PATH ("-" is stdin) into OUT (gnutls_malloc'd, NUL-terminated
 * one byte past out->size; free with gnutls_free).  An empty input is an
 * error. */
int mtls_file_read(const char *path, gnutls_datum_t *out, struct mtls_err *e);

/* How mtls_file_write treats its target. */
enum {
	MTLS_WRITE_SECRET = 1 << 0, /* mode 0600; never to a terminal */
	MTLS_WRITE_FORCE = 1 << 1,  /* replace an existing file */
};

/* Fail unless PATH ("-" is stdout) could be written with FLAGS: its
 * directory exists and is writable, and it does not exist yet (unless
 * MTLS_WRITE_FORCE).  Used before expensive work so nothing is made for
 * nothing; mtls_file_write checks again. */
int mtls_file_check_writable(const char *path, unsigned flags,
			     struct mtls_err *e);

/* Write DATA to PATH ("-" is stdout) atomically: a temporary file in the
 * same directory, written, synced, then moved into place (without
 * replacing an existing file unless MTLS_WRITE_FORCE).  On failure the
 * target is untouched and no temporary file is left. */
int mtls_file_write(const char *path, const void *data, size_t size,
		    unsigned flags, struct mtls_err *e);

/* Write a new private key (when KEY_PEM->data is set) to KEY_PATH and
 * OUT_DATA to OUT_PATH, as mtls_file_write would, as a pair: both are
 * written and synced before either is put in place, and if the second
 * cannot be put in place the first is undone (a new key removed, a key
 * replaced with FORCE put back), so a failed run never leaves a key
 * without its certificate or request, nor a certificate without its
 * key. */
int mtls_file_write_key_and(const char *key_path, const gnutls_datum_t *key_pem,
			    const char *out_path,
			    const gnutls_datum_t *out_data, bool force,
			    struct mtls_err *e);

/* Display name of PATH for messages: "standard input"/"standard output"
 * for "-", else PATH itself. */
const char *mtls_file_name(const char *path, bool output);

/* An output written as it arrives and put in place only when complete:
 * the data goes to a temporary file in the target's directory, which
 * mtls_outfile_commit renames into place (without replacing an existing
 * file unless MTLS_WRITE_FORCE) and mtls_outfile_abort removes.  "-" is
 * standard output, written directly. */
struct mtls_outfile;

/* Checks that PATH can be written (see mtls_file_check_writable) and
 * creates the temporary file. */
struct mtls_outfile *mtls_outfile_open(const char *path, unsigned flags,
				       struct mtls_err *e);
int mtls_outfile_write(struct mtls_outfile *f, const void *data, size_t size,
		       struct mtls_err *e);
/* Sync and move into place; frees F whatever happens. */
int mtls_outfile_commit(struct mtls_outfile *f, struct mtls_err *e);
/* Remove the temporary file and free F (NULL is fine). */
void mtls_outfile_abort(struct mtls_outfile *f);

/* ---------------------------------------------------------------- decode.c */

/* What a PEM block or DER blob holds. */
enum mtls_object_kind {
	MTLS_OBJ_UNKNOWN = 0,
	MTLS_OBJ_CERT,
	MTLS_OBJ_CSR,
	MTLS_OBJ_CRL,
	MTLS_OBJ_KEY,
};

/* Load every certificate in PATH ("-" is stdin; PEM with one or more
 * certificates, or one DER certificate).  *LIST and *N receive them; free
 * with mtls_crt_list_free.  The message of a failure names the file and,
 * when the file holds something else, what it holds. */
int mtls_crt_list_load(const char *path, gnutls_x509_crt_t **list, unsigned *n,
		       struct mtls_err *e);
/* The same from bytes already read; NAME is used in messages. */
int mtls_crt_list_import(const gnutls_datum_t *data, const char *name,
			 gnutls_x509_crt_t **list, unsigned *n,
			 struct mtls_err *e);
void mtls_crt_list_free(gnutls_x509_crt_t *list, unsigned n);

/* Load exactly one certificate request (PEM or DER). */
int mtls_csr_load(const char *path, gnutls_x509_crq_t *out, struct mtls_err *e);
int mtls_csr_import(const gnutls_datum_t *data, const char *name,
		    gnutls_x509_crq_t *out, struct mtls_err *e);

/* Load one CRL (PEM or DER). */
int mtls_crl_load(const char *path, gnutls_x509_crl_t *out, struct mtls_err *e);

/* One certificate, certificate request or CRL read from a file: KIND says
 * which of the three handles is set. */
struct mtls_item {
	enum mtls_object_kind kind; /* MTLS_OBJ_CERT, _CSR or _CRL */
	gnutls_x509_crt_t crt;
	gnutls_x509_crq_t crq;
	gnutls_x509_crl_t crl;
};

/* Everything DATA holds: every certificate, request and CRL PEM block in
 * order (other blocks are skipped), or one DER certificate, request or
 * CRL.  NAME is used in messages.  Fails when nothing is found, or a block
 * is malformed.  Free *ITEMS with mtls_items_free. */
int mtls_items_import(const gnutls_datum_t *data, const char *name,
		      struct mtls_item **items, size_t *n, struct mtls_err *e);
void mtls_items_free(struct mtls_item *items, size_t n);

/* ------------------------------------------------------------------- csr.c */

/* Make a certificate request for SUBJECT (see mtls_name_encode) with SANS
 * (may be NULL), signed by KEY. */
int mtls_csr_build(const char *subject, const struct mtls_sans *sans,
		   gnutls_privkey_t key, gnutls_x509_crq_t *out,
		   struct mtls_err *e);

/* A request to renew CRT: its subject (byte for byte) and SANs (as it
 * encodes them; SANS instead when given and not empty), for the public
 * key of KEY, signed by KEY. */
int mtls_csr_renew(gnutls_x509_crt_t crt, const struct mtls_sans *sans,
		   gnutls_privkey_t key, gnutls_x509_crq_t *out,
		   struct mtls_err *e);

/* A request with exactly the encoded Name NAME_DER and KEY's public key,
 * signed by KEY, no extensions: what mtls_crt_build needs to make a CA
 * certificate from scratch. */
int mtls_csr_from_name(const gnutls_datum_t *name_der, gnutls_privkey_t key,
		       gnutls_x509_crq_t *out, struct mtls_err *e);

/* Does the request's self-signature verify, and is its key one a CA may
 * certify (RSA >= 2048 bits, ECDSA >= 256 bits, EdDSA)?  NAME is for the
 * message. */
int mtls_csr_check(gnutls_x509_crq_t crq, const char *name, struct mtls_err *e);

/* The request's SANs (empty when it asks for none). */
int mtls_csr_get_sans(gnutls_x509_crq_t crq, struct mtls_sans *out,
		      struct mtls_err *e);

/* One line about a request for --verbose: "'CN=x' (ECDSA P-256)". */
void mtls_csr_brief(gnutls_x509_crq_t crq, char *buf, size_t size);

/* PEM of a request (gnutls_malloc'd). */
int mtls_csr_export_pem(gnutls_x509_crq_t crq, gnutls_datum_t *out,
			struct mtls_err *e);

/* ----------------------------------------------------------- constraints.c */

/* One name constraint: a GNUTLS_SAN_* type and its value (for IP, the
 * address then the mask, 8 or 32 bytes). */
struct mtls_name_constraint {
	unsigned type;
	unsigned char value[256];
	unsigned len;
};

/* "DNS:abc.com", "IP:10.0.0.0/8", "IP:fd00::/8", "email:abc.com",
 * "URI:abc.com" (RFC 5280 4.2.1.10 forms) into OUT. */
int mtls_name_constraint_parse(const char *spec,
			       struct mtls_name_constraint *out,
			       struct mtls_err *e);

/* ------------------------------------------------------------------ cert.c */

/* What a certificate is for. */
enum mtls_profile {
	MTLS_PROFILE_PEER = 0, /* serverAuth + clientAuth (the default) */
	MTLS_PROFILE_SERVER,
	MTLS_PROFILE_CLIENT,
	MTLS_PROFILE_CA,
};
int mtls_profile_parse(const char *text, enum mtls_profile *out,
		       struct mtls_err *e);

/* Parse a number of days for --days: 1..36500. */
int mtls_days_parse(const char *text, unsigned *out, struct mtls_err *e);

/* A clamp shorter than this only reflects the seconds between making the
 * CA and the certificate (a 365-day leaf under a 365-day CA): not worth
 * a warning. */
#define MTLS_CLAMP_WARN_SECONDS MTLS_SECONDS_PER_DAY

/* Everything that decides a new certificate's content besides its
 * subject and key. */
struct mtls_crt_params {
	enum mtls_profile profile;
	unsigned days;
	int path_len;		      /* CA only; -1 = no limit */
	const struct mtls_sans *sans; /* may be NULL or empty */
	time_t now;		      /* 0 = the current time */
	/* Where relying parties find the issuer's CRL (CRL Distribution
	 * Points) and the issuer's certificate (Authority Information
	 * Access, caIssuers); URLs checked with mtls_url_check_location. */
	const char *const *crl_urls;
	size_t n_crl_urls;
	const char *const *ca_issuers_urls;
	size_t n_ca_issuers_urls;
	/* For a CA: the names it and the CAs below it may certify (a
	 * critical nameConstraints extension). */
	const struct mtls_name_constraint *permit;
	size_t n_permit;
	const struct mtls_name_constraint *exclude;
	size_t n_exclude;
};

/* Is URL fit for a CRL Distribution Point or caIssuers location: http,
 * https or ldap, a host, printable ASCII without spaces (RFC 5280
 * 4.2.1.13, 4.2.2.1)?  WHAT names the option's role in the message. */
int mtls_url_check_location(const char *url, const char *what,
			    struct mtls_err *e);

/* What building did that the user should hear about. */
struct mtls_crt_notes {
	bool clamped;	  /* notAfter cut to the issuer's notAfter */
	time_t cut;	  /* by how many seconds (0 when not clamped) */
	time_t not_after; /* the notAfter actually used */
};

/* Make a certificate for the subject and public key of CRQ (whose other
 * content is ignored), with the extensions PARAMS asks for, signed by
 * ISSUER_KEY.  ISSUER is the issuer certificate, or NULL for a self-signed
 * one (then ISSUER_KEY must be the subject's key).  Refuses an issuer that
 * is not a CA, has expired, or whose key does not match ISSUER_KEY. */
int mtls_crt_build(gnutls_x509_crq_t crq, const struct mtls_crt_params *params,
		   gnutls_x509_crt_t issuer, gnutls_privkey_t issuer_key,
		   gnutls_x509_crt_t *out, struct mtls_crt_notes *notes,
		   struct mtls_err *e);

/* PEM of a certificate, appended to OUT (which may start empty: {NULL,0}). */
int mtls_crt_append_pem(gnutls_x509_crt_t crt, gnutls_datum_t *out,
			struct mtls_err *e);

/* One line about a new certificate for --verbose: "'CN=x' (ECDSA
 * P-256), serial 4F0A..., valid until 2027-11-27 10:00:00 UTC". */
void mtls_crt_brief(gnutls_x509_crt_t crt, char *buf, size_t size);

/* May ISSUER sign certificates with ISSUER_KEY: is it a CA and is the key
 * its own?  ISSUER_NAME and KEY_NAME (the files or URL they came from)
 * are named in the message.  mtls_crt_build checks this again; this is for
 * a message that points at the file to fix. */
int mtls_issuer_check(gnutls_x509_crt_t issuer, const char *issuer_name,
		      gnutls_privkey_t issuer_key, const char *key_name,
		      struct mtls_err *e);

/* ------------------------------------------------------------------- crl.c */

/* RFC 5280 5.3.1 reason codes; unspecified is written as no reason. */
#define MTLS_REASON_UNSPECIFIED 0

/* One certificate to revoke: its serial as a DER INTEGER's content. */
struct mtls_revocation {
	unsigned char serial[MTLS_SERIAL_RAW_MAX + 1];
	size_t serial_len;
	int reason; /* MTLS_REASON_UNSPECIFIED or a code of 5.3.1 */
};

struct mtls_crl_params {
	gnutls_x509_crl_t old; /* the previous CRL (the state), or NULL */
	const struct mtls_revocation *revoke;
	size_t n_revoke;
	unsigned days; /* until nextUpdate */
	time_t now;    /* 0 = the current time */
};

/* What building did. */
struct mtls_crl_notes {
	size_t carried; /* entries of the previous CRL, kept as they were */
	size_t added;	/* new entries */
	size_t already; /* asked for, but revoked already (kept as was) */
	unsigned char number[MTLS_SERIAL_RAW_MAX + 1]; /* the CRL number */
	size_t number_len;
};

/* "keyCompromise", "superseded", ... (case does not matter). */
int mtls_crl_reason_parse(const char *text, int *out, struct mtls_err *e);
const char *mtls_crl_reason_name(int code);

/* A serial number as showcert prints it (hex, colons allowed, "0x"
 * allowed) into OUT as a positive DER INTEGER's content. */
int mtls_serial_parse(const char *text, unsigned char *out, size_t *len,
		      struct mtls_err *e);

/* The revocation of CRT, which CA must have issued (its signature is
 * checked: a certificate of another CA cannot be revoked here); NAME for
 * messages. */
int mtls_crl_revocation_of(gnutls_x509_crt_t crt, gnutls_x509_crt_t ca,
			   const char *name, int reason,
			   struct mtls_revocation *out, struct mtls_err *e);

/* Refuse a previous CRL that CA did not sign (NAME for messages). */
int mtls_crl_check_issuer(gnutls_x509_crl_t crl, gnutls_x509_crt_t ca,
			  const char *name, struct mtls_err *e);

/* A CRL v2 of CA signed with CA_KEY: the previous CRL's entries as they
 * were, then each new one (dated now, with its reason) unless revoked
 * already; thisUpdate a few minutes back, nextUpdate DAYS ahead, the CRL
 * number one past the previous one's (1 without), the authority key
 * identifier.  The result is verified against CA before it is returned. */
int mtls_crl_build(const struct mtls_crl_params *params, gnutls_x509_crt_t ca,
		   gnutls_privkey_t ca_key, gnutls_x509_crl_t *out,
		   struct mtls_crl_notes *notes, struct mtls_err *e);

/* ------------------------------------------------------------------- p12.c */

/* Does DATA hold a PKCS#12 file (DER or PEM)? */
bool mtls_is_pkcs12(const gnutls_datum_t *data);

/* A PKCS#12 file (DER, in OUT, gnutls_malloc'd) of CHAIN[0] (named NAME
 * when not NULL), the rest of CHAIN, and KEY, under PASS: AES-256 with
 * PBKDF2 and an HMAC-SHA-256 MAC, or with LEGACY 3DES/RC2-40 and an
 * HMAC-SHA-1 MAC for old importers. */
int mtls_p12_build(const gnutls_x509_crt_t *chain, size_t n,
		   gnutls_x509_privkey_t key, const char *name,
		   const char *pass, bool legacy, gnutls_datum_t *out,
		   struct mtls_err *e);

/* The key and certificate chain (leaf first) of the PKCS#12 file at
 * PATH, whose MAC must verify under PASS (NULL: the hint
 * MTLS_HINT_PASSPHRASE).  Free CHAIN with mtls_crt_list_free. */
int mtls_p12_load(const char *path, const char *pass, gnutls_privkey_t *key,
		  gnutls_x509_crt_t **chain, unsigned *n, struct mtls_err *e);

/* ------------------------------------------------------------------ show.c */

/* What `showcert --field` can print. */
enum mtls_field {
	MTLS_FIELD_SUBJECT,
	MTLS_FIELD_ISSUER,
	MTLS_FIELD_SERIAL,
	MTLS_FIELD_NOT_BEFORE,
	MTLS_FIELD_NOT_AFTER,
	MTLS_FIELD_DAYS_LEFT,
	MTLS_FIELD_FINGERPRINT,
	MTLS_FIELD_SAN,
	MTLS_FIELD_KEY_TYPE,
	MTLS_FIELD_IS_CA,
};
/* "subject", "not-after", ... (the names in the showcert man page). */
int mtls_field_parse(const char *name, enum mtls_field *out,
		     struct mtls_err *e);

/* Each appends text for IT to OUT (which may start empty: {NULL,0};
 * gnutls_malloc'd, free with gnutls_free).  NOW is the time "expires in N
 * days" is counted from.  LABEL heads the summary and text ("FILE" or
 * "FILE[2]"); FILE and INDEX (1 for the first item of a file) go into
 * the JSON object's "file" and "index" keys.
 *   summary: a few indented "name: value" lines for people
 *   text:    GnuTLS's full printout
 *   field:   the value of FIELD and a newline (an empty line when IT has
 *            no such field, e.g. a CSR's issuer)
 *   json:    one JSON object, no newline (keys: see man/showcert.1) */
int mtls_item_summary(const struct mtls_item *it, const char *label, time_t now,
		      gnutls_datum_t *out, struct mtls_err *e);
int mtls_item_text(const struct mtls_item *it, const char *label,
		   gnutls_datum_t *out, struct mtls_err *e);
int mtls_item_field(const struct mtls_item *it, enum mtls_field field,
		    time_t now, gnutls_datum_t *out, struct mtls_err *e);
int mtls_item_json(const struct mtls_item *it, const char *file, unsigned index,
		   time_t now, gnutls_datum_t *out, struct mtls_err *e);

/* ---------------------------------------------------------------- verify.c */

/* What a certificate must be good for (its extendedKeyUsage). */
enum mtls_purpose {
	MTLS_PURPOSE_ANY = 0,
	MTLS_PURPOSE_SERVER, /* TLS server authentication */
	MTLS_PURPOSE_CLIENT, /* TLS client authentication */
};
/* "server", "client" or "any". */
int mtls_purpose_parse(const char *text, enum mtls_purpose *out,
		       struct mtls_err *e);

/* How a certificate is verified.  Nothing in it is owned by it. */
struct mtls_verify_policy {
	gnutls_x509_trust_list_t trust; /* trust anchors; NULL in explain */
	const gnutls_x509_crl_t *crls;	/* CRLs to check; may be NULL */
	unsigned n_crls;
	enum mtls_purpose purpose;
	const char *host; /* DNS name or IP address (mtls_host_parse), or
			   * NULL */
	time_t at;	  /* verify as of this time, when AT_SET */
	bool at_set;	  /* false: verify as of now */
	/* Refuse what the legacy allowances accept (a version 1 end-entity
	 * certificate, the host matched against the CN of a certificate
	 * with no SAN extension) instead of warning about it. */
	bool strict;
	/* Called once per legacy allowance used, with words that name the
	 * certificate; NULL: no warnings. */
	void (*warn)(void *arg, const char *text);
	void *warn_arg;
	/* The program's words for a hint, put right after the reason it
	 * concerns (" (give it with --untrusted)"); NULL: no hints. */
	const char *(*hint_words)(enum mtls_hint hint);
	/* This chain passed GnuTLS's own check (signatures, CA flags, the
	 * purpose; not the time, which is ours) under this trust list
	 * before -- a resumed TLS session, whose ticket only such a chain
	 * got under the same configuration -- so that check, which does
	 * not change with time, is not made again; every other one is. */
	bool chain_checked;
	/* With CRLS, NULL or for each CRL a certificate its signature was
	 * found to verify with once (mtls_crl_signer), or NULL: a CRL whose
	 * issuer on the path is that certificate is not verified again. */
	const gnutls_x509_crt_t *crl_signers;
};

/* Add every certificate in PATH (see mtls_crt_list_load) to TRUST as a
 * trust anchor; TRUST owns them afterwards. */
int mtls_trust_add_file(gnutls_x509_trust_list_t trust, const char *path,
			struct mtls_err *e);

/* Verify LEAF under POL: build the path from LEAF through the untrusted
 * certificates in POOL (any order; those not on the path are ignored) to a
 * trust anchor; check signatures, CA flags and path length, every
 * certificate's validity period (anchor included) at POL->at, the purpose
 * (GnuTLS's extendedKeyUsage rules), every DNS SAN on the path a valid
 * host name (mtls_crt_check_dns_sans), the host name (host.c's rules: a
 * DNS name against DNS SANs, the CN only when there is no SAN extension
 * at all, with a warning, refused when strict; an IP address only
 * against IP SANs, by value)
 * and, when POL has CRLs, revocation: the leaf's issuer must have a CRL
 * among them (as with `openssl verify -crl_check`), signed by it and
 * current at POL->at, and every certificate on the path is checked
 * against the CRLs of its issuer.  *STATUS receives GnuTLS's status bits
 * (plus MTLS_CERT_* ones), 0 when LEAF is trusted; otherwise WHY receives
 * mtls_verify_explain's words.  Returns -1 only for errors that stop the
 * check itself (POL->host not a valid host, see mtls_host_parse). */
int mtls_verify_crt(const struct mtls_verify_policy *pol,
		    gnutls_x509_crt_t leaf, const gnutls_x509_crt_t *pool,
		    unsigned n_pool, unsigned *status, char *why, size_t size,
		    struct mtls_err *e);

/* The certificate among TRUST's anchors and POOL whose key CRL's
 * signature verifies with, as a copy the caller frees; NULL when none
 * does.  For mtls_verify_policy.crl_signers: done once when a program
 * loads its CRLs rather than at every verification. */
gnutls_x509_crt_t mtls_crl_signer(gnutls_x509_crl_t crl,
				  gnutls_x509_trust_list_t trust,
				  const gnutls_x509_crt_t *pool,
				  unsigned n_pool);

/* The trust anchor the path from LEAF through POOL (as mtls_verify_crt
 * builds it) ends at, as a copy the caller frees with
 * gnutls_x509_crt_deinit; NULL when it ends at none. */
gnutls_x509_crt_t mtls_verify_anchor(const struct mtls_verify_policy *pol,
				     gnutls_x509_crt_t leaf,
				     const gnutls_x509_crt_t *pool,
				     unsigned n_pool);

/* The certificates mtls_verify_crt judges for LEAF under POL: LEAF, then
 * each issuer found in POOL, in order, into OUT (room for MAX; borrowed
 * from LEAF and POOL); *ANCHOR receives a copy of the trust anchor that
 * issued the last one (free it with gnutls_x509_crt_deinit), or NULL when
 * none did or it is the last one itself.  Returns how many are in OUT. */
unsigned mtls_verify_path(const struct mtls_verify_policy *pol,
			  gnutls_x509_crt_t leaf, const gnutls_x509_crt_t *pool,
			  unsigned n_pool, gnutls_x509_crt_t *out, unsigned max,
			  gnutls_x509_crt_t *anchor);

/* ---------------------------------------------------------------- expiry.c */

/* Most days --expires-within takes: a hundred years. */
#define MTLS_EXPIRY_DAYS_MAX 36500

/* Parse a number of days ahead: 0 to MTLS_EXPIRY_DAYS_MAX. */
int mtls_expiry_days_parse(const char *text, unsigned *out, struct mtls_err *e);

/* Call EACH, leaf first, with words for every certificate on LEAF's path
 * (mtls_verify_path: LEAF, its issuers from POOL, the trust anchor) whose
 * notAfter is no later than POL->at (0: now) plus DAYS days:
 * "'CN=leaf' expires on 2027-11-27 10:00:00 UTC (in 3 days)", "issuer
 * 'CN=Acme CA' expires on ... (in 9 days)".  Meant for a certificate
 * mtls_verify_crt has accepted.  Returns how many there were. */
unsigned mtls_verify_expiring(const struct mtls_verify_policy *pol,
			      gnutls_x509_crt_t leaf,
			      const gnutls_x509_crt_t *pool, unsigned n_pool,
			      unsigned days,
			      void (*each)(void *arg, const char *words),
			      void *arg);

/* ------------------------------------------------------------- own_cert.c */

/* Can CRT be a TLS server's own certificate?  -1, with E naming NAME (its
 * file) and the subject, when it has an extendedKeyUsage without
 * serverAuth (anyExtendedKeyUsage does not count), or a keyUsage without
 * digitalSignature, which every TLS 1.3 and ECDHE handshake needs. */
int mtls_crt_check_server_use(gnutls_x509_crt_t crt, const char *name,
			      struct mtls_err *e);

/* Words, naming NAME and the subject, for what a server should warn
 * about CRT at NOW: it has expired ("... expired on DATE (3 days ago);
 * clients will refuse it"), is not valid yet, or expires within DAYS days
 * ("... expires on DATE (in 9 days)").  False (BUF empty) when none. */
bool mtls_crt_time_note(gnutls_x509_crt_t crt, const char *name, time_t now,
			unsigned days, char *buf, size_t size);

/* ------------------------------------------------------------ tls_ticket.c */

/* A session ticket master key: what gnutls_session_ticket_enable_server
 * takes, and what a --ticket-key file holds, raw. */
#define MTLS_TICKET_KEY_SIZE 64

/* Read the key in PATH into OUT (gnutls_malloc'd; wipe with
 * mtls_datum_wipe): exactly MTLS_TICKET_KEY_SIZE bytes, in a regular
 * file that neither group nor others may access. */
int mtls_ticket_key_load(const char *path, gnutls_datum_t *out,
			 struct mtls_err *e);

/* Write a new random key to PATH, mode 0600, atomically, replacing an
 * existing file only when FORCE. */
int mtls_ticket_key_generate(const char *path, bool force, struct mtls_err *e);

/* Does the ClientHello HELLO (the message without its handshake header)
 * carry a session ticket that GnuTLS made under the master key KEY
 * (MTLS_TICKET_KEY_SIZE bytes) at about NOW? */
bool mtls_ticket_hello_under(const gnutls_datum_t *hello,
			     const unsigned char *key, time_t now);

/* ------------------------------------------------------------ tls_config.c */

/*
 * What a TLS endpoint is configured with, built once and shared by every
 * session: credentials (our certificate chain and key, trust anchors, CRLs)
 * and the priority cache.  Files are loaded when the setter is called, so
 * a bad path fails at the call that names it, never mid-handshake.
 */
struct mtls_tls_config;

/* Mozilla's "intermediate" server profile in GnuTLS's words: TLS 1.3,
 * and TLS 1.2 with ECDHE and AEAD ciphers only (no CBC, no static RSA
 * key exchange); groups X25519, P-256, P-384; no SHA-1 or MD5 in
 * signatures.  X25519 first and the server's order wins, as OpenSSL,
 * BoringSSL and Go prefer it: with GnuTLS's own arithmetic an X25519
 * key exchange costs less than a P-256 one.  The man pages of mtls-serve
 * and mtls-get print this string; keep them in step. */
#define MTLS_TLS_PRIORITY_DEFAULT                                              \
	"NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:"                          \
	"-CIPHER-ALL:+AES-128-GCM:+AES-256-GCM:+CHACHA20-POLY1305:"            \
	"-MAC-ALL:+AEAD:-KX-ALL:+ECDHE-ECDSA:+ECDHE-RSA:"                      \
	"-GROUP-ALL:+GROUP-X25519:+GROUP-SECP256R1:+GROUP-SECP384R1:"          \
	"-SIGN-ALL:+SIGN-ECDSA-SECP256R1-SHA256:+SIGN-ECDSA-SECP384R1-SHA384:" \
	"+SIGN-ECDSA-SECP521R1-SHA512:+SIGN-ECDSA-SHA256:+SIGN-ECDSA-SHA384:"  \
	"+SIGN-ECDSA-SHA512:+SIGN-EDDSA-ED25519:+SIGN-RSA-PSS-RSAE-SHA256:"    \
	"+SIGN-RSA-PSS-RSAE-SHA384:+SIGN-RSA-PSS-RSAE-SHA512:"                 \
	"+SIGN-RSA-PSS-SHA256:+SIGN-RSA-PSS-SHA384:+SIGN-RSA-PSS-SHA512:"      \
	"+SIGN-RSA-SHA256:+SIGN-RSA-SHA384:+SIGN-RSA-SHA512:%SERVER_PRECEDENCE"

struct mtls_tls_config *mtls_tls_config_new(struct mtls_err *e);
void mtls_tls_config_free(struct mtls_tls_config *cfg);

/* Trust the certificates in PATH (may be called again to add more). */
int mtls_tls_config_add_ca(struct mtls_tls_config *cfg, const char *path,
			   struct mtls_err *e);
/* Trust the system's store (for clients given no --ca). */
int mtls_tls_config_add_system_ca(struct mtls_tls_config *cfg,
				  struct mtls_err *e);
/* Load a CRL.  With any CRL loaded, the peer's certificate is judged as
 * by mtls_verify_crt: its issuer must have a current CRL, and a
 * certificate a CRL lists is refused as revoked. */
int mtls_tls_config_add_crl(struct mtls_tls_config *cfg, const char *path,
			    struct mtls_err *e);
/* Certificates in PATH that may complete the chain a peer sends, never
 * trusted themselves (may be called again to add more). */
int mtls_tls_config_add_untrusted(struct mtls_tls_config *cfg, const char *path,
				  struct mtls_err *e);
/* Refuse what the legacy allowances accept (mtls_verify_policy.strict). */
void mtls_tls_config_set_strict(struct mtls_tls_config *cfg, bool strict);
/* The program's words for the hints in a refused peer's reasons
 * (mtls_verify_policy.hint_words). */
void mtls_tls_config_set_hint_words(struct mtls_tls_config *cfg,
				    const char *(*words)(enum mtls_hint hint));
/* Call NOTE once for each CRL that at NOW is out of date or not valid
 * yet, or will be out of date within WITHIN seconds, with words that name
 * its file and issuer and say when. */
void mtls_tls_config_crl_notes(const struct mtls_tls_config *cfg, time_t now,
			       time_t within,
			       void (*note)(void *arg, const char *text),
			       void *arg);
/* Our certificate (CERT_PATH may hold the chain, leaf first) and its key
 * (file or pkcs11: URL; PASS for an encrypted one, or NULL).  Refuses a
 * key that does not match the leaf. */
int mtls_tls_config_set_cert_key(struct mtls_tls_config *cfg,
				 const char *cert_path, const char *key_path,
				 const char *pass, struct mtls_err *e);
/* GnuTLS priority string; NULL means MTLS_TLS_PRIORITY_DEFAULT.  The
 * message of a bad string shows where it went wrong. */
int mtls_tls_config_set_priority(struct mtls_tls_config *cfg,
				 const char *priority, struct mtls_err *e);

/* The GnuTLS objects, owned by CFG, for gnutls_credentials_set and
 * gnutls_priority_set.  The priority is the default until set. */
gnutls_certificate_credentials_t
mtls_tls_config_credentials(struct mtls_tls_config *cfg);
gnutls_priority_t mtls_tls_config_priority(struct mtls_tls_config *cfg);
/* Our leaf certificate (NULL before set_cert_key), owned by CFG. */
gnutls_x509_crt_t mtls_tls_config_leaf(struct mtls_tls_config *cfg);
/* Number of trust anchors added so far. */
unsigned mtls_tls_config_ca_count(const struct mtls_tls_config *cfg);
/* Encrypt session tickets with the master key in PATH (see
 * mtls_ticket_key_load) instead of one of the server's own, so that
 * servers sharing the file resume each other's sessions. */
int mtls_tls_config_set_ticket_key(struct mtls_tls_config *cfg,
				   const char *path, struct mtls_err *e);
/* That key, or NULL when none was set. */
const gnutls_datum_t *
mtls_tls_config_ticket_key(const struct mtls_tls_config *cfg);

/* ------------------------------------------------------------ tls_client.c */

/*
 * One TLS client connection (libtls-shaped): made from a config, then
 * connect / read / write / close, as often as needed; every call that
 * fails returns -1 and leaves a one-line message ("HOST:PORT: why", in
 * words) and a class of failure in the object.  The server's certificate
 * is judged by the config's policy as mtls_verify_crt judges it, for
 * server authentication and the host name (always verified); our
 * certificate, when the config has one, is always sent when the server
 * asks for one.  SIGPIPE is never raised by it.
 */
struct mtls_tls_client;

/* What kind of failure the last error was; programs map it to an exit
 * status. */
enum mtls_tls_client_failure {
	MTLS_TLS_CLIENT_OK = 0,
	MTLS_TLS_CLIENT_REFUSED, /* a check said no: server untrusted, name
				   mismatch, the server refused us, TLS or
				   HTTP protocol mismatch */
	MTLS_TLS_CLIENT_TROUBLE, /* a local problem (memory, output) */
	MTLS_TLS_CLIENT_NETWORK, /* resolve, connect, time out, connection
				   lost */
};

/* Seconds each step (connect, handshake, each wait for data) may take. */
#define MTLS_TLS_CLIENT_TIMEOUT_DEFAULT 30

/* CFG must outlive the client.  NULL only when out of memory. */
struct mtls_tls_client *mtls_tls_client_new(struct mtls_tls_config *cfg);
void mtls_tls_client_free(struct mtls_tls_client *c);
void mtls_tls_client_set_timeout(struct mtls_tls_client *c, unsigned seconds);
/* Where the warnings judging the server's certificate gives go (the
 * legacy allowances it is accepted under, mtls_verify_policy.warn);
 * none by default. */
void mtls_tls_client_set_warn(struct mtls_tls_client *c,
			      void (*warn)(void *arg, const char *text),
			      void *arg);
/* The name sent as SNI and verified in the server's certificate instead
 * of the host connected to (NULL: the host). */
int mtls_tls_client_set_servername(struct mtls_tls_client *c, const char *name);

/* Resolve HOST (a name or an IP address without brackets), connect to
 * PORT (each address in turn), and complete the TLS handshake.  Closes a
 * previous connection first. */
int mtls_tls_client_connect(struct mtls_tls_client *c, const char *host,
			    const char *port);
/* For showing a server's chain, never for talking to it: connect to HOST
 * and PORT as mtls_tls_client_connect does, but without judging the
 * server's certificate, and hand back the certificates the server sent,
 * in its order (*LIST, *N; free with mtls_crt_list_free), also when the
 * handshake fails after them (a server that requires a client
 * certificate refuses us only after sending its own).  Closes the
 * connection before returning.  -1 when no certificate came, with the
 * error (mtls_tls_client_error) saying why. */
int mtls_tls_client_fetch_chain(struct mtls_tls_client *c, const char *host,
				const char *port, gnutls_x509_crt_t **list,
				unsigned *n);
/* Up to SIZE bytes of application data: > 0 bytes read, 0 the server
 * closed the connection (after sending something), -1 error.  When the
 * server ends the connection with an alert or without a word before
 * sending anything, the error says what that means (e.g. "the server
 * rejected our certificate: unknown CA"). */
ssize_t mtls_tls_client_read(struct mtls_tls_client *c, void *buf, size_t size);
/* Send all of BUF.  When the server has gone away meanwhile, the error is
 * the reason it left (its alert), not a bare "broken pipe". */
int mtls_tls_client_write(struct mtls_tls_client *c, const void *buf,
			  size_t size);
/* Send close_notify (not waiting for the answer) and close the socket. */
void mtls_tls_client_close(struct mtls_tls_client *c);

const char *mtls_tls_client_error(const struct mtls_tls_client *c);
/* What the user could change about the last failure. */
enum mtls_hint mtls_tls_client_hint(const struct mtls_tls_client *c);
enum mtls_tls_client_failure
mtls_tls_client_failure(const struct mtls_tls_client *c);
/* "host:port" ("[::1]:443") of the current or last connection. */
const char *mtls_tls_client_peer(const struct mtls_tls_client *c);
bool mtls_tls_client_is_connected(const struct mtls_tls_client *c);

/* Facts about the handshake, for -v. */
struct mtls_tls_client_info {
	char protocol[32];     /* "TLS1.3" */
	char description[256]; /* GnuTLS's "(TLS1.3)-(ECDHE-...)-(AES-...)" */
	char subject[MTLS_NAME_MAX]; /* the server's certificate */
	char issuer[MTLS_NAME_MAX];
	char anchor[MTLS_NAME_MAX]; /* the trust anchor it chains to */
	time_t not_after;
	bool cert_requested; /* the server asked for our certificate */
	bool cert_sent;	     /* we sent one */
};
/* -1 when not connected. */
int mtls_tls_client_info(const struct mtls_tls_client *c,
			 struct mtls_tls_client_info *info);

/* ------------------------------------------------------------ tls_server.c */

/*
 * The TLS side of a server (lib/tls_server.c), libtls-shaped.  A
 * mtls_tls_server holds the current mtls_tls_config and the session
 * ticket key; each accepted socket gets a mtls_tls_conn that keeps the
 * config it started with alive (reference counted) until it is freed, so
 * a reload never disturbs open connections.
 *
 * Client certificates are required and judged by our verify callback
 * with the config's policy, as mtls_verify_crt judges them for client
 * authentication (chain through what the client sent and the config's
 * untrusted certificates, validity periods, CRLs, the rules).  A refusal
 * sends the alert that names the cause: unknown_ca (48),
 * certificate_expired (45), certificate_revoked (44),
 * unsupported_certificate (43) for a wrong purpose, certificate_unknown
 * (46) when there is no current CRL to tell whether it is revoked,
 * bad_certificate (42) otherwise; no certificate: certificate_required
 * (116) under TLS 1.3, handshake_failure (40) under TLS 1.2.  A resumed
 * session is judged again after its handshake, the same way (GnuTLS does
 * not call the callback then); the signatures too when the config has a
 * ticket key of its own (shared with other servers, kept across reloads).
 */
struct mtls_tls_server;
struct mtls_tls_conn;

/* Takes ownership of CFG on success. */
struct mtls_tls_server *mtls_tls_server_new(struct mtls_tls_config *cfg,
					    struct mtls_err *e);
void mtls_tls_server_free(struct mtls_tls_server *srv);
/* Use CFG (taking ownership) for connections accepted from now on and
 * replace the server's own ticket key, so no ticket issued before resumes
 * a session after (unless CFG has a ticket key of its own). */
int mtls_tls_server_reload(struct mtls_tls_server *srv,
			   struct mtls_tls_config *cfg, struct mtls_err *e);

/* ---------------------------------------------------------------- evloop.c */

struct mtls_ev_watch {
	int fd;
	uint32_t events; /* EPOLLIN|EPOLLOUT...; 0 when not watched */
	void (*cb)(void *arg, uint32_t events);
	void *arg;
};

/* ---------------------------------------------------------------- listen.c */

/* A non-blocking listening socket for SPEC ("ADDR:PORT", "[IPV6]:PORT",
 * "HOST:PORT"; port 0 picks a free port).  BOUND receives the address
 * really bound ("127.0.0.1:41234", "[::1]:41234").  The address must be
 * free: a socket already listening there, even another SO_REUSEPORT one,
 * is "address already in use".  Returns the descriptor, or -1. */
int mtls_listen(const char *spec, int backlog, char *bound, size_t size,
		struct mtls_err *e);

/* Another listening socket on FD's address (SO_REUSEPORT), for one more
 * worker: the kernel spreads new connections over all of them.  Returns
 * the descriptor, or -1. */
int mtls_listen_again(int fd, int backlog, struct mtls_err *e);

/* Check that FD, passed by a service manager, is a listening IPv4 or IPv6
 * stream socket, and make it non-blocking and close-on-exec.  BOUND
 * receives its address as mtls_listen gives it.  Workers share such a
 * socket (mtls_listen_again cannot add to a group the manager did not
 * open). */
int mtls_listen_inherited(int fd, char *bound, size_t size, struct mtls_err *e);

/* --------------------------------------------------------------- service.c */

/*
 * The service manager's side of a server (systemd's protocols, without
 * libsystemd).  The program reads the environment and passes the values
 * in; nothing here reads it.
 */

/* Passed sockets start at this descriptor (SD_LISTEN_FDS_START). */
#define MTLS_SERVICE_FDS_START 3
#define MTLS_SERVICE_FDS_MAX 1024

/* How many sockets the service manager passed, from LISTEN_PID and
 * LISTEN_FDS (either may be NULL): 0 when there are none or they are
 * meant for another process than PID; -1 when LISTEN_FDS is malformed. */
int mtls_service_listen_fds(const char *listen_pid, const char *listen_fds,
			    pid_t pid, struct mtls_err *e);

/* Send STATE ("READY=1", "RELOADING=1\nMONOTONIC_USEC=...", ...) as one
 * datagram to the notification socket ADDR (NOTIFY_SOCKET: "/PATH", or
 * "@NAME" in the abstract namespace). */
int mtls_service_notify(const char *addr, const char *state,
			struct mtls_err *e);

/* Is FD the stream that JOURNAL_STREAM ("DEV:INODE"; may be NULL) names,
 * so that lines written to it may start with a syslog priority? */
bool mtls_service_is_journal(const char *journal_stream, int fd);

/* Switch this process to USER's user id, group id and supplementary
 * groups, for good.  As another user than root, only USER being the
 * current user is accepted (nothing changes). */
int mtls_service_become(const char *user, struct mtls_err *e);
/* Fail as mtls_service_become would before switching (no such user,
 * not root), without switching: to refuse before anything is done. */
int mtls_service_can_become(const char *user, struct mtls_err *e);

/* --------------------------------------------------------- httpd_request.c */

#define MTLS_HTTPD_HEAD_MAX 8192 /* request line and headers, default */
#define MTLS_HTTPD_METHOD_MAX 15

/* ----------------------------------------------------------- httpd_files.c */

/* Content type for a file name's extension ("text/html; charset=utf-8",
 * "application/json", ...; "application/octet-stream" when unknown). */
const char *mtls_httpd_content_type(const char *path);

/* ----------------------------------------------------------- httpd_allow.c */

/*
 * Rules narrowing which verified clients may in (lib/httpd_allow.c).  A client
 * is admitted when any rule matches its certificate; rules never replace
 * the chain check, they are applied after it.  Forms:
 *   ATTR=VALUE   a subject attribute (CN, O, OU, C, L, ST, DC, UID,
 *                emailAddress, serialNumber, ... or a dotted OID) whose
 *                whole value is VALUE, byte for byte
 *   DNS:NAME, email:ADDR   a SAN, compared whole, case-insensitively
 *   IP:ADDR      an IP address SAN (IPv4 or IPv6, compared as addresses)
 *   URI:URI      a URI SAN, compared whole; "URI:PREFIX/" then "*" (the '*' only
 *                at the end, right after a '/') matches URIs that start
 *                with PREFIX/ (byte for byte) and whose rest stays below
 *                it: percent-decoded and split at '/' and '\', it has a
 *                non-empty segment and no "." or ".." one (also before a
 *                ';', '?' or '#'), and no broken '%' escape or "%00"
 *   sha256:HEX   the certificate's SHA-256 fingerprint (64 hex digits,
 *                ':' between pairs allowed)
 */
struct mtls_allow;

/* Parse RULE and add it to *LIST (created on the first call). */
int mtls_allow_add(struct mtls_allow **list, const char *rule,
		   struct mtls_err *e);
void mtls_allow_free(struct mtls_allow *list);
size_t mtls_allow_count(const struct mtls_allow *list);
/* The text of the first rule that admits CRT, or NULL when none does. */
const char *mtls_allow_match(const struct mtls_allow *list,
			     gnutls_x509_crt_t crt);

/* --------------------------------------------------------- httpd_backend.c */

/* Where a reverse proxy sends requests (lib/httpd_backend.c). */
struct mtls_backend {
	struct sockaddr_storage addr; /* resolved once, at start */
	socklen_t addr_len;
	char name[300];	   /* "127.0.0.1:8080", "unix:/run/app.sock" */
	char host[280];	   /* Host for a request without one */
	char prefix[1024]; /* put before every request's path, or "" */
	bool tcp;	   /* a TCP tunnel, not HTTP */
};

/* Parse SPEC: "http://HOST:PORT[/PREFIX]" (HOST a name, an IPv4 address
 * or an IPv6 one in brackets, resolved now; PORT 80 when left out),
 * "unix:/PATH" (HTTP over a Unix socket) or "tcp://HOST:PORT" (a TCP
 * tunnel). */
int mtls_backend_parse(const char *spec, struct mtls_backend *b,
		       struct mtls_err *e);

/* ------------------------------------------------------------ httpd_conn.c */

/*
 * One worker of mtls-serve (lib/httpd_conn.c): an event loop serving
 * HTTP/1.1 (keep-alive, pipelining, GET/HEAD) over mtls_tls_conn on the
 * listening sockets it is given.  It never prints: lines for the access
 * log and the error log go to the callbacks.
 */
struct mtls_httpd_params {
	const struct mtls_allow *allow; /* NULL: every verified client */
	const char *body;		/* fixed response, or NULL */
	size_t body_len;
	const char *content_type; /* of BODY */
	const char *root;	  /* realpath'd directory, or NULL */
	int root_fd;		  /* ROOT, opened (O_PATH | O_DIRECTORY) */
	unsigned max_conns;	  /* 0: no limit */
	unsigned max_handshakes_per_address; /* 0: 64 */
	unsigned hello_timeout_ms;	     /* for the ClientHello; 0: 3000 */
	unsigned handshake_timeout_ms;
	unsigned idle_timeout_ms;
	size_t max_head;   /* 0: MTLS_HTTPD_HEAD_MAX */
	uint64_t max_body; /* larger request bodies: 413 (not when proxying) */
	/* Forward every request to BACKEND (instead of BODY, ROOT or the
	 * whoami), waiting at most BACKEND_TIMEOUT_MS (0: 60 s) for each
	 * step of its answer; FORWARD_CERT adds the client's certificate
	 * to the identity headers. */
	const struct mtls_backend *backend;
	unsigned backend_timeout_ms;
	bool forward_cert;
	/* A tcp backend gets a PROXY protocol v2 header first. */
	bool proxy_protocol;
	/* A Common Log Format line (no newline):
	 * 127.0.0.1 - "CN=mail,O=MailServer" [10/Oct/2026:13:55:36 +0000]
	 * "GET / HTTP/1.1" 200 321 */
	void (*log_access)(void *arg, const char *line);
	/* "PEER: what happened" (refusals, denials, timeouts, failures). */
	void (*log_error)(void *arg, const char *line);
	/* Called after each round of events, so the caller can write out
	 * what it buffered in that round (may be NULL). */
	void (*log_flush)(void *arg);
	void *log_arg;
};

struct mtls_httpd;

/* PARAMS is copied (what it points to is borrowed); TLS is borrowed. */
struct mtls_httpd *mtls_httpd_new(const struct mtls_httpd_params *params,
				  struct mtls_tls_server *tls,
				  struct mtls_err *e);
/* Frees every connection; the listening sockets are the caller's. */
void mtls_httpd_free(struct mtls_httpd *srv);
/* Accept on FD (non-blocking, listening).  mtls-serve gives each worker
 * sockets of its own (mtls_listen_again); a socket shared by several
 * workers also works (EPOLLEXCLUSIVE wakes one), but then the first to
 * wake may take every waiting connection. */
int mtls_httpd_add_listener(struct mtls_httpd *srv, int fd, struct mtls_err *e);
/* Watch another descriptor (e.g. a signalfd) for reading. */
int mtls_httpd_watch(struct mtls_httpd *srv, struct mtls_ev_watch *w,
		     struct mtls_err *e);
/* Stop accepting, close idle connections, let requests in flight finish
 * (for at most 10 seconds); mtls_httpd_run then returns. */
void mtls_httpd_stop(struct mtls_httpd *srv);
/* Serve until stopped and drained.  -1 only when the loop itself fails. */
int mtls_httpd_run(struct mtls_httpd *srv, struct mtls_err *e);

/* ------------------------------------------------------------- httpc_url.c */

/* An https URL, split for connecting and for the request line. */
struct mtls_url {
	char *host;	 /* "localhost", "127.0.0.1", "::1" (no brackets) */
	char port[6];	 /* "443" unless the URL says otherwise */
	char *path;	 /* path and query as sent: "/", "/a%20b?x=1" */
	char *authority; /* the Host header: "localhost:3100", "[::1]:8443" */
	bool host_is_ip;
};

/* Parse TEXT ("https://host[:port][/path][?query][#fragment]"; the host
 * may be an IPv6 literal in brackets; without a scheme, https is
 * assumed).  Other schemes, user names, bad ports and bad host names are
 * refused with a message naming the URL.  Free with mtls_url_free. */
int mtls_url_parse(const char *text, struct mtls_url *url, struct mtls_err *e);
void mtls_url_free(struct mtls_url *url);

/* ----------------------------------------------------------------- fetch.c */

/* Seconds to connect and then to complete the handshake, when fetching. */
#define MTLS_FETCH_TIMEOUT 10

/* Is ARG an https URL rather than a file name ("https://" first, in any
 * case)? */
bool mtls_is_https_url(const char *arg);

/* The certificate chain the server at URL ("https://HOST[:PORT][/...]",
 * port 443 by default) sends, as it sends it, leaf first (*LIST, *N; free
 * with mtls_crt_list_free); SERVERNAME (or NULL: the URL's host) is sent
 * as SNI.  Nothing is verified: this is for showing and for checking
 * afterwards.  Each step is bounded by MTLS_FETCH_TIMEOUT; the message of
 * a failure names the URL and says why (cannot connect, not TLS, ...). */
int mtls_fetch_chain(const char *url, const char *servername,
		     gnutls_x509_crt_t **list, unsigned *n, struct mtls_err *e);
/* The same chain as items (certificates) for the show functions; free
 * with mtls_items_free. */
int mtls_fetch_items(const char *url, const char *servername,
		     struct mtls_item **items, size_t *n, struct mtls_err *e);

/* -------------------------------------------------------- httpc_response.c */

struct mtls_httpc_response;

/* Where a response goes as it arrives.  Each callback returns 0, or -1
 * with E set to stop. */
struct mtls_httpc_handler {
	/* The status line and headers are in (also for each interim 1xx
	 * response); RAW/LEN is the head as received, blank line included. */
	int (*head)(void *arg, const struct mtls_httpc_response *r,
		    const char *raw, size_t len, struct mtls_err *e);
	/* The next piece of the body (chunked coding already removed). */
	int (*body)(void *arg, const void *data, size_t len,
		    struct mtls_err *e);
	void *arg;
};

/* A parser for one response (to a HEAD request when HEAD_REQUEST, which
 * has no body whatever the headers say).  H is copied.  NULL only when
 * out of memory. */
struct mtls_httpc_response *
mtls_httpc_response_new(bool head_request, const struct mtls_httpc_handler *h);
void mtls_httpc_response_free(struct mtls_httpc_response *r);
/* Take LEN bytes from the connection.  *USED receives how many belong to
 * this response (fewer than LEN only once it is complete).  Fails on a
 * malformed response (head over 64 KiB, bad status line, bad or
 * conflicting Content-Length, bad chunk) or when a callback fails. */
int mtls_httpc_response_feed(struct mtls_httpc_response *r, const void *data,
			     size_t len, size_t *used, struct mtls_err *e);
/* The connection has closed: completes a body that runs to the close,
 * fails when the response was cut short. */
int mtls_httpc_response_eof(struct mtls_httpc_response *r, struct mtls_err *e);
bool mtls_httpc_response_is_done(const struct mtls_httpc_response *r);
int mtls_httpc_response_status(const struct mtls_httpc_response *r);
const char *mtls_httpc_response_reason(const struct mtls_httpc_response *r);
/* Complete, and the server lets the connection carry another request. */
bool mtls_httpc_response_keep_alive(const struct mtls_httpc_response *r);
bool mtls_httpc_response_received_any(const struct mtls_httpc_response *r);

/* -------------------------------------------------------- httpc_exchange.c */

/* A request to send. */
struct mtls_httpc_request {
	const char *method; /* "GET", "HEAD", "POST", ... */
	const struct mtls_url *url;
	const char *const *headers; /* "Name: value" lines (-H) */
	size_t n_headers;
	const void *body; /* NULL: no body */
	size_t body_len;
	const char *user_agent; /* NULL: none */
};

/* Is LINE a header we can send ("Name: value", or "Name:" to drop a
 * default header)?  No CR or LF, a token for a name. */
int mtls_httpc_header_check(const char *line, struct mtls_err *e);

/* The request head: request line, Host, User-Agent, an Accept of any
 * type, with a body Content-Length and Content-Type:
 * application/x-www-form-urlencoded, then REQ's headers, where one named
 * like a default replaces it ("Name:" alone removes it), then the blank
 * line.  OUT is gnutls_malloc'd. */
int mtls_httpc_request_head(const struct mtls_httpc_request *req,
			    gnutls_datum_t *out, struct mtls_err *e);

/* How an exchange went. */
struct mtls_httpc_result {
	int status;	   /* 0 when no status line came */
	char reason[128];  /* its reason phrase ("Not Found") */
	bool keep_alive;   /* the connection can be used again */
	bool received_any; /* any byte of the response came */
	enum mtls_tls_client_failure failure; /* when -1 is returned */
};

/* Send REQ over the connected C and read its response into H.  On
 * failure, E holds the message and RES->failure its class; a failure
 * before any byte of the response (RES->received_any false) on a
 * connection that carried an earlier request may be retried on a new
 * connection. */
int mtls_httpc_exchange(struct mtls_tls_client *c,
			const struct mtls_httpc_request *req,
			const struct mtls_httpc_handler *h,
			struct mtls_httpc_result *res, struct mtls_err *e);

#endif /* MTLS_MTLS_H */
