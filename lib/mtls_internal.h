/*
 * mtls_internal.h -- what lib/ files and the unit tests share and programs
 * do not call (as libtls's tls_internal.h beside tls.h): the text buffer
 * and certificate facts of the bottom layer, and the inner parts of the
 * TLS, event loop and HTTP server layers.  Each section names the one
 * file that defines what it declares; the sections go bottom up, like
 * doc/DESIGN.md's layers.
 *
 * Copyright (C) 2026 the mtls-utils authors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef MTLS_MTLS_INTERNAL_H
#define MTLS_MTLS_INTERNAL_H

#include <sys/socket.h>

#include "mtls.h"

/* ------------------------------------------------------------------- buf.c */

/* A growable NUL-terminated text buffer.  Zero-initialise it; after any
 * failed allocation every further call does nothing and failed is set. */
struct mtls_buf {
	char *data;
	size_t len, cap;
	bool failed;
};

void mtls_buf_add(struct mtls_buf *b, const void *p, size_t n);
void mtls_buf_addc(struct mtls_buf *b, char ch);
void mtls_buf_adds(struct mtls_buf *b, const char *s);
void mtls_buf_addf(struct mtls_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Append N bytes of TEXT for a quoted log field: '"' and '\' get a
 * backslash, control bytes and bytes >= 0x7f become \xHH, so a line can
 * neither end early nor carry a terminal escape. */
void mtls_buf_add_logquoted(struct mtls_buf *b, const char *text, size_t n);

/* Append N bytes from P as hex digits (lower or UPPER case), SEP
 * between bytes when not NULL. */
void mtls_buf_add_hex(struct mtls_buf *b, const unsigned char *p, size_t n,
		      const char *sep, bool upper);

/* Append N bytes of S for a person's terminal or a log: text as it is,
 * but control characters (C0, DEL, C1) and bytes that are not UTF-8 as
 * \xHH, so certificate text can neither forge a line nor send escape
 * sequences. */
void mtls_buf_add_printable(struct mtls_buf *b, const char *s, size_t n);

/* Append S as a JSON string: quoted, '"', '\\' and control bytes (and
 * 0x7f) escaped, and U+FFFD for each byte that is not part of valid
 * UTF-8, so the document always parses. */
void mtls_buf_add_json_string(struct mtls_buf *b, const char *s);

/* Hand B's text over to OUT (NUL-terminated one byte past out->size;
 * gnutls_free it), leaving B empty.  -1 if an allocation had failed (B is
 * freed then). */
int mtls_buf_to_datum(struct mtls_buf *b, gnutls_datum_t *out);

/* The text so far ("" when empty or after a failed allocation). */
const char *mtls_buf_str(const struct mtls_buf *b);

/* Empty B, keeping its memory for reuse. */
void mtls_buf_reset(struct mtls_buf *b);

/* Free B's memory; B is empty and usable again afterwards. */
void mtls_buf_free(struct mtls_buf *b);

/* The same hex as mtls_buf_add_hex into BUF of SIZE bytes, cut at a
 * whole byte when it does not fit; always NUL-terminated. */
void mtls_hex_format(const unsigned char *p, size_t n, const char *sep,
		     bool upper, char *buf, size_t size);

/* The value of hex digit C, or -1. */
int mtls_hex_value(char c);

/* The length of the valid UTF-8 sequence at S (of at most N bytes): 1 to
 * 4, or 0 when S does not start one (overlong forms, surrogates and code
 * points past U+10FFFF are not valid). */
size_t mtls_utf8_seq_len(const unsigned char *s, size_t n);

/* The byte at S[*I] of the LEN-byte S, with "%XX" decoded, advancing *I
 * past it; -1 for a '%' not followed by two hex digits.  The one
 * percent-decoder of the request paths and the --allow URI prefixes. */
int mtls_pct_next(const char *s, size_t len, size_t *i);

/* Is C a token character (RFC 9110 tchar: method and header names)? */
bool mtls_is_tchar(unsigned char c);

/* Is a path segment of N bytes, DOTS of them '.', "." or ".."?  (The rule
 * both the static files and the URI prefixes apply after decoding.) */
bool mtls_is_dot_segment(size_t n, size_t dots);

/* ----------------------------------------------------------------- times.c */

/* "2027-11-27T10:00:00Z" (for scripts; mtls_time_format is for people). */
void mtls_time_format_iso(time_t t, char *buf, size_t size);

/* How far T is from NOW in whole days, rounded down: "in 3 days", "in 1
 * day", "in less than a day", "3 days ago", "less than a day ago". */
void mtls_time_relative(time_t t, time_t now, char *buf, size_t size);

/* ----------------------------------------------------------------- facts.c */

#define MTLS_SERIAL_HEX_MAX (2 * MTLS_SERIAL_RAW_MAX + 1)
/* Room for one SAN value as GnuTLS returns it. */
#define MTLS_SAN_MAX 1024

/* RFC 4514 text of a certificate's subject / issuer, a request's subject,
 * a CRL's issuer, for messages and output.  Never fails: a name that
 * cannot be decoded prints as "?"; a longer one is cut to SIZE. */
void mtls_crt_subject(gnutls_x509_crt_t crt, char *buf, size_t size);
void mtls_crt_issuer(gnutls_x509_crt_t crt, char *buf, size_t size);
void mtls_csr_subject(gnutls_x509_crq_t crq, char *buf, size_t size);
void mtls_crl_issuer(gnutls_x509_crl_t crl, char *buf, size_t size);

/* The whole subject or issuer DN (RFC 4514) of CRT, however long, in
 * memory the caller frees; "?" if GnuTLS cannot print it; NULL only when
 * out of memory. */
char *mtls_crt_subject_dup(gnutls_x509_crt_t crt);
char *mtls_crt_issuer_dup(gnutls_x509_crt_t crt);

/* A serial number's bytes without the leading zero bytes DER may add:
 * trimmed in place (returns the new length), or as upper-case hex. */
size_t mtls_serial_trim(unsigned char *raw, size_t n);
void mtls_serial_hex(const unsigned char *raw, size_t n, char *buf,
		     size_t size);

/* CRT's serial without the leading zero bytes DER may add: raw into BUF
 * (returns the length, 0 if unreadable), or as upper-case hex ("?"). */
size_t mtls_crt_serial_raw(gnutls_x509_crt_t crt, unsigned char *buf,
			   size_t size);
void mtls_crt_serial(gnutls_x509_crt_t crt, char *buf, size_t size);

/* SHA-256 fingerprint as "AB:CD:...", or "?". */
void mtls_crt_fingerprint(gnutls_x509_crt_t crt, char *buf, size_t size);

/* "ECDSA P-256", "RSA 3072", "Ed25519" for a public key, or for the key of
 * CRT (when not NULL) or CRQ. */
void mtls_pubkey_describe(gnutls_pubkey_t pub, char *buf, size_t size);
void mtls_key_describe(gnutls_x509_crt_t crt, gnutls_x509_crq_t crq, char *buf,
		       size_t size);

/* Called with each SAN: its GNUTLS_SAN_* type and value (NUL-terminated
 * at LEN; raw address bytes for IP).  Nonzero stops the walk. */
typedef int (*mtls_san_fn)(void *arg, int type, const char *value, size_t len);

/* Walk the SANs of CRT (when not NULL) or CRQ; returns how many were
 * seen. */
unsigned mtls_sans_each(gnutls_x509_crt_t crt, gnutls_x509_crq_t crq,
			mtls_san_fn each, void *arg);

/* A SAN in --san syntax ("DNS:localhost", "IP:10.0.0.1", "URI:...",
 * "email:..."); false for kinds that have none (otherName, dirName). */
bool mtls_san_describe(int type, const void *raw, size_t len, char *buf,
		       size_t size);

/* Call EACH (may be NULL) with the OID of each extended key usage of CRT
 * (when not NULL) or CRQ; returns how many there are (0: no extension). */
unsigned mtls_ekus_each(gnutls_x509_crt_t crt, gnutls_x509_crq_t crq,
			void (*each)(void *arg, const char *oid), void *arg);

/* Call EACH (may be NULL) with each URI of CRT's CRL Distribution Points,
 * or of its Authority Information Access caIssuers entries; returns how
 * many there are. */
unsigned mtls_crl_urls_each(gnutls_x509_crt_t crt,
			    void (*each)(void *arg, const char *url),
			    void *arg);
unsigned mtls_ca_issuers_each(gnutls_x509_crt_t crt,
			      void (*each)(void *arg, const char *url),
			      void *arg);

/* "server auth", "client auth", ... for an EKU OID; NULL if unknown. */
const char *mtls_purpose_oid_name(const char *oid);

/* ASN.1 universal tags of the string types a Name's values use. */
enum {
	MTLS_ASN1_UTF8_STRING = 12,
	MTLS_ASN1_NUMERIC_STRING = 18,
	MTLS_ASN1_PRINTABLE_STRING = 19,
	MTLS_ASN1_TELETEX_STRING = 20,
	MTLS_ASN1_IA5_STRING = 22,
	MTLS_ASN1_VISIBLE_STRING = 26,
	MTLS_ASN1_UNIVERSAL_STRING = 28,
	MTLS_ASN1_BMP_STRING = 30,
};

/* Append the text of an attribute value (the contents of a string of
 * universal TAG) to OUT as UTF-8: BMPString and UniversalString are
 * converted, the ASCII types and UTF8String checked.  -1 (OUT holds
 * part of it) for a value that is no text: bytes not valid in its type,
 * a NUL, a surrogate, or a type with no agreed reading (TeletexString).
 * Two values are the same text only if their conversions are equal, so
 * never compare raw bytes across string types. */
int mtls_asn1_string_text(unsigned long tag, const unsigned char *data,
			  size_t len, struct mtls_buf *out);

/* May CRT sign certificates (basicConstraints CA:TRUE, and keyCertSign
 * when it has a key usage)?  When not, E says why, naming it. */
bool mtls_crt_is_ca(gnutls_x509_crt_t crt, struct mtls_err *e);

/* ------------------------------------------------------------------ host.c */

/* 0 when TEXT is a host name (mtls_is_hostname) or, with WILDCARD, a
 * wildcard name: "*" as the whole first label, not directly under a
 * public suffix.  -1 otherwise, WHY saying why ("'_' is not allowed
 * (only letters, digits, '-' and '.')", "it has an empty label", ...). */
int mtls_hostname_check(const char *text, bool wildcard, char *why,
			size_t size);

/* Does the DNS SAN PATTERN (a name, or a wildcard name as
 * mtls_hostname_check allows) match the host name HOST?  Case does not
 * matter; "*" stands for exactly one label; invalid patterns or hosts
 * match nothing. */
bool mtls_hostname_matches(const char *pattern, const char *host);

/* TEXT as an address into OUT: 4 for an IPv4 dotted quad (decimal, no
 * leading zeros), 16 for IPv6 (any spelling, brackets allowed), 0 when it
 * is neither. */
unsigned mtls_ip_parse(const char *text, unsigned char out[16]);

/* How CRT stands against a host. */
enum mtls_host_match {
	MTLS_HOST_NO_MATCH = 0,
	MTLS_HOST_MATCH_SAN, /* a DNS SAN, or an IP SAN by value */
	MTLS_HOST_MATCH_CN,  /* its CN, CRT having no SAN extension at all
			      * (a legacy allowance) */
};
enum mtls_host_match mtls_crt_match_host(gnutls_x509_crt_t crt,
					 const struct mtls_host *host);

/* 0 when every DNS SAN of CRT is a host name or a wildcard name
 * mtls_hostname_check allows; else -1 and WHY says which is not and why
 * ("its SAN 'DNS:a_b.example' is not a valid host name: ..."). */
int mtls_crt_check_dns_sans(gnutls_x509_crt_t crt, char *why, size_t size);

/* Words for why CRT does not match HOST, from the rules that decided it:
 * "issued for 'a.example', '192.0.2.1', not 'b.example'", "'CN=x' has no
 * DNS name or IP address in its SANs, so it is not issued for 'x'", ...
 * STRICT: the CN of a certificate without SANs was not used.  HOST may
 * be NULL: "..., not the expected host". */
void mtls_crt_host_mismatch(gnutls_x509_crt_t crt, const struct mtls_host *host,
			    bool strict, char *buf, size_t size);

/* ------------------------------------------------------------------- san.c */

/* Append the SAN a CN implies: DNS for a host name, IP for an address.
 * Returns 1 when one was added, 0 when CN names no host (nothing added:
 * "Acme Root CA", "svc_account"), -1 when CN tries to and is not a valid
 * one ("10.0.0.300", "a_b.example": refused rather than made a SAN). */
int mtls_sans_add_from_cn(struct mtls_sans *sans, const char *cn,
			  struct mtls_err *e);

/* Encode SANS as the DER value of a subjectAltName extension. */
int mtls_sans_export(const struct mtls_sans *sans, gnutls_datum_t *der,
		     struct mtls_err *e);

/* Replace SANS's contents with the names in a subjectAltName DER value. */
int mtls_sans_import(struct mtls_sans *sans, const gnutls_datum_t *der,
		     struct mtls_err *e);

/* ------------------------------------------------------------------- key.c */

/* Make a new key. */
int mtls_key_generate(const struct mtls_keyspec *spec,
		      gnutls_x509_privkey_t *out, struct mtls_err *e);

/* Unencrypted PKCS#8 PEM of KEY (gnutls_malloc'd; wipe with
 * mtls_datum_wipe). */
int mtls_key_export_pem(gnutls_x509_privkey_t key, gnutls_datum_t *out,
			struct mtls_err *e);

/* Refuse a key too weak to certify (RSA below 2048 bits) or of a type we
 * do not issue for.  NAME is for the message. */
int mtls_key_check_strength(gnutls_privkey_t key, const char *name,
			    struct mtls_err *e);

/* Wrap an in-memory key for signing (copies it). */
int mtls_key_from_x509(gnutls_x509_privkey_t key, gnutls_privkey_t *out,
		       struct mtls_err *e);

/* The hash to sign with KEY (GnuTLS's preference: SHA-384 for P-384...). */
int mtls_key_sign_digest(gnutls_privkey_t key, gnutls_digest_algorithm_t *dig,
			 struct mtls_err *e);

/* ------------------------------------------------------------------ file.c */

/* Largest input we read from one file or stdin. */
#define MTLS_FILE_MAX (16u * 1024 * 1024)

/* ---------------------------------------------------------------- decode.c */

/* Words for a kind: "certificate", "certificate request", ... */
const char *mtls_object_kind_name(enum mtls_object_kind kind);

/* Kind of the first PEM block in DATA, or MTLS_OBJ_UNKNOWN when DATA holds
 * no PEM block we know. */
enum mtls_object_kind mtls_pem_kind(const gnutls_datum_t *data);

/* ----------------------------------------------------------- constraints.c */

/* Write the nameConstraints extension (critical) into CRT; nothing when
 * both lists are empty. */
int mtls_name_constraints_set(gnutls_x509_crt_t crt,
			      const struct mtls_name_constraint *permit,
			      size_t n_permit,
			      const struct mtls_name_constraint *exclude,
			      size_t n_exclude, struct mtls_err *e);

/* Are CRT's names (its SANs; with no DNS SAN, its CN) inside the
 * name constraints of ISSUER?  When not, E names the name that is
 * outside, the CA, and its constraints. */
int mtls_name_constraints_check(gnutls_x509_crt_t crt, gnutls_x509_crt_t issuer,
				struct mtls_err *e);

/* Is one name (a SAN's GNUTLS_SAN_* type and value, NUL-terminated at
 * LEN; raw bytes for an IP) allowed by NC?  DNS names, email addresses
 * and IP addresses as GnuTLS checks them, and a wildcard DNS name held to
 * the excluded subtrees by every name it stands for; a URI by its host
 * (RFC 5280 4.2.1.10: "host" or ".domain"; no host is outside any
 * permitted URI subtree).  Other kinds are allowed. */
bool mtls_name_constraints_allow(gnutls_x509_name_constraints_t nc, int type,
				 const char *value, size_t len);

/* The same check on a certificate in a chain being verified: its DNS,
 * IP, email and URI SANs (a wildcard DNS SAN held to the excluded
 * subtrees by every name it stands for), and its CN only when CN is true
 * (the CN serves as the host name) and the CN is a host name.  Malformed
 * constraints in ISSUER fail too. */
int mtls_name_constraints_check_path(gnutls_x509_crt_t crt,
				     gnutls_x509_crt_t issuer, bool cn,
				     struct mtls_err *e);

/* ------------------------------------------------------------------ cert.c */

/* How far notBefore is backdated for clock skew. */
#define MTLS_BACKDATE_SECONDS (5 * 60)
#define MTLS_SERIAL_SIZE 20

/* Fill BUF with a positive 20-byte serial number from GnuTLS's random
 * generator; the first byte is never 0, so the DER INTEGER is exactly 20
 * bytes. */
int mtls_serial_generate(unsigned char buf[MTLS_SERIAL_SIZE],
			 struct mtls_err *e);

/* ---------------------------------------------------------------- verify.c */

/* Status bits mtls_verify_crt adds to GnuTLS's gnutls_certificate_status_t
 * for revocation problems GnuTLS has no bit for. */
#define MTLS_CERT_CRL_MISSING (1u << 30)       /* no CRL from the issuer */
#define MTLS_CERT_CRL_BAD_SIGNATURE (1u << 29) /* the issuer's CRL is forged */
/* A DNS SAN on the path is not a host name (underscore, empty label, a
 * number as last label, a wildcard in the wrong place or directly under
 * a public suffix...). */
#define MTLS_CERT_BAD_DNS_NAME (1u << 25)

/* Status bit for a broken rule of verify_rules.c. */
#define MTLS_CERT_RULE (1u << 28)

/* Words for why CHAIN (the peer's certificate first, then what it sent;
 * any order) failed with STATUS (GnuTLS's bits, plus MTLS_CERT_* ones) at
 * time NOW, naming the certificates involved, several reasons joined by
 * "; ": "the issuer 'O=ZXC Inc.' was not sent and is not known",
 * "chains to 'O=ZXC Inc.', which is not a trusted CA", "expired on
 * 2027-11-27 10:00:00 UTC (3 days ago)", "not valid for client
 * authentication (extended key usage: server auth only)", "issued for
 * 'localhost', not 'other.example'", "revoked on ... (serial ...)",
 * "issuer 'CN=x' is not a CA", "signature does not verify", "path too
 * long ...".  POL (may be NULL) says what was asked (purpose, host) and
 * gives the trust anchors and CRLs to name the anchor and date a
 * revocation; its AT is not used.  Usable from a TLS verify callback:
 * mtls_verify_explain(status, peers, n, time(NULL), &pol, buf, size). */
void mtls_verify_explain(unsigned status, const gnutls_x509_crt_t *chain,
			 unsigned n, time_t now,
			 const struct mtls_verify_policy *pol, char *buf,
			 size_t size);

/* ---------------------------------------------------------- verify_rules.c */

/* Longest chain, leaf to trust anchor, that is accepted; and the longest
 * path we build (longer, so that a chain over the limit can be named). */
#define MTLS_VERIFY_MAX_DEPTH 10
#define MTLS_VERIFY_PATH_MAX 16

/* Check CHAIN[0..N) -- the end-entity certificate, its issuers in order,
 * and last the trust anchor -- against the RFC 5280 and CA/Browser Forum
 * rules GnuTLS does not enforce.  STATUS is what GnuTLS and the rest of
 * mtls_verify_crt found (some rules defer to its words).  Returns 0 when
 * they hold, else MTLS_CERT_RULE with WHY (SIZE bytes) holding the words
 * for the first rule broken, naming the certificate, and *COVERS the
 * status bits those words explain.  When they hold, *COVERS holds the
 * bits of STATUS that GnuTLS set against RFC 5280 (its path length count
 * includes self-issued intermediates), for the caller to clear.  With WARNINGS, POL->warn is called
 * for each legacy allowance used (POL->strict refuses them instead). */
unsigned mtls_verify_rules(const struct mtls_verify_policy *pol,
			   const gnutls_x509_crt_t *chain, unsigned n,
			   unsigned status, bool warnings, char *why,
			   size_t size, unsigned *covers);

/* Are CRT's subject and issuer the same name (RFC 5280's self-issued,
 * whatever the keys)? */
bool mtls_crt_is_self_issued(gnutls_x509_crt_t crt);

/* Is a key of PK, BITS (RSA) and CURVE (ECDSA) strong enough: RSA of at
 * least 2048 bits, a multiple of 8; ECDSA on P-256, P-384 or P-521;
 * Ed25519?  When not, WHY receives "an RSA key of 1024 bits; ...". */
bool mtls_key_is_strong(gnutls_pk_algorithm_t pk, unsigned bits,
			gnutls_ecc_curve_t curve, char *why, size_t size);

/* PATHLEN[i] (-1: none) and SELF_ISSUED[i] of a chain of N certificates,
 * leaf first: the index of the first CA whose pathLenConstraint is
 * exceeded, counting as RFC 5280 6.1.4 does (self-issued intermediates
 * do not count), with *BELOW the intermediates counted; -1 when none. */
int mtls_pathlen_exceeded(const int *pathlen, const bool *self_issued,
			  unsigned n, unsigned *below);

/* ------------------------------------------------------------- tls_alert.c */

/* Words for a TLS alert a person understands: 48 "unknown CA", 116
 * "certificate required", 45 "certificate expired", ...  Never NULL. */
const char *mtls_tls_alert_words(gnutls_alert_description_t alert);

/* RFC 8446 name of an alert, for logs: "unknown_ca",
 * "certificate_required", ...; "alert" for one without a name here. */
const char *mtls_tls_alert_name(int alert);

/* The alert that names the cause of a verification failure with STATUS
 * (mtls_verify_crt's bits), most specific first: certificate_revoked,
 * unknown_ca (no path to a trust anchor, or an issuer not a CA),
 * certificate_expired (or not valid yet), unsupported_certificate (the
 * wrong purpose), certificate_unknown (no current CRL to tell whether it
 * is revoked), bad_certificate for the rest. */
int mtls_tls_alert_of_status(unsigned status);

/* Is ALERT one a peer sends when it refuses the certificate it was shown
 * (or the lack of one)? */
bool mtls_tls_alert_is_cert_rejection(gnutls_alert_description_t alert);

/* Did GnuTLS error GNUTLS_ERR mean the peer went away (closed or reset
 * the connection)? */
bool mtls_tls_error_is_peer_gone(int gnutls_err);

/* A failed handshake's GnuTLS error in words, as a server says it of its
 * client ("the client sent a record or message of an impossible length"),
 * never GnuTLS's own text; the alert's words for what has none. */
const char *mtls_tls_handshake_error_words(int gnutls_err);

/* ------------------------------------------------------------ tls_config.c */

/* The policy a peer's certificate is judged by under CFG: its trust
 * anchors, CRLs, strictness and hint words (the caller sets the purpose,
 * host and warnings).  It points into CFG. */
void mtls_tls_config_policy(const struct mtls_tls_config *cfg,
			    struct mtls_verify_policy *pol);
/* The certificates that may complete a peer's chain, owned by CFG. */
const gnutls_x509_crt_t *
mtls_tls_config_untrusted(const struct mtls_tls_config *cfg, unsigned *n);

/* ------------------------------------------------------------ tls_server.c */

/* Returned by the connection calls besides 0/-1. */
#define MTLS_TLS_ERROR (-1)
#define MTLS_TLS_WANT_READ (-2)
#define MTLS_TLS_WANT_WRITE (-3)

/* A session on the connected, non-blocking socket FD (not owned: the
 * caller closes it after mtls_tls_conn_free). */
struct mtls_tls_conn *mtls_tls_conn_accept(struct mtls_tls_server *srv, int fd,
					   struct mtls_err *e);
void mtls_tls_conn_free(struct mtls_tls_conn *c);
/* 0 when the handshake is complete and the client accepted,
 * MTLS_TLS_WANT_READ/WRITE to be called again when the socket is ready,
 * MTLS_TLS_ERROR otherwise (mtls_tls_conn_refused tells a refused
 * client from another failure). */
int mtls_tls_conn_handshake(struct mtls_tls_conn *c);
/* > 0 bytes, 0 the client closed, or MTLS_TLS_WANT_* / MTLS_TLS_ERROR.
 * After WANT_* from write, call again with the same arguments. */
ssize_t mtls_tls_conn_read(struct mtls_tls_conn *c, void *buf, size_t size);
ssize_t mtls_tls_conn_write(struct mtls_tls_conn *c, const void *buf,
			    size_t size);
/* Send close_notify (0, MTLS_TLS_WANT_* or MTLS_TLS_ERROR). */
int mtls_tls_conn_close_notify(struct mtls_tls_conn *c);
/* Why the last call failed: "no client certificate; sent alert
 * certificate_required", "certificate 'CN=x' issued by 'O=y': the issuer
 * 'O=y' was not sent and is not known; sent alert unknown_ca", ... */
const char *mtls_tls_conn_error(const struct mtls_tls_conn *c);
bool mtls_tls_conn_refused(const struct mtls_tls_conn *c);
/* The warnings judging the client's certificate gave (the legacy
 * allowances it was admitted under), one per line, control characters
 * shown as \xHH; "" when none. */
const char *mtls_tls_conn_warnings(const struct mtls_tls_conn *c);
/* Has the client sent what was not read yet, already out of the socket
 * (so that waiting for the socket to be readable could wait forever)? */
bool mtls_tls_conn_pending(struct mtls_tls_conn *c);
/* Has the client's first handshake message (the ClientHello) arrived? */
bool mtls_tls_conn_hello_received(const struct mtls_tls_conn *c);
gnutls_session_t mtls_tls_conn_session(struct mtls_tls_conn *c);
/* The client's certificate (free with gnutls_x509_crt_deinit). */
int mtls_tls_conn_peer_crt(struct mtls_tls_conn *c, gnutls_x509_crt_t *out,
			   struct mtls_err *e);

/* ---------------------------------------------------------------- evloop.c */

/*
 * An epoll loop (lib/evloop.c).  Watches and timers are owned by the
 * caller and embedded in its objects, so the loop allocates nothing per
 * descriptor.  A watch must stay allocated until mtls_evloop_run_once
 * returns even after mtls_evloop_del (an event of the same batch may name
 * it); its callback is not called once it is deleted.
 */
struct mtls_evloop;

struct mtls_timer {
	uint64_t when; /* deadline, mtls_clock_ms() time */
	size_t slot;   /* 0 when not armed */
	void (*cb)(void *arg);
	void *arg;
};

/* Milliseconds of CLOCK_MONOTONIC. */
uint64_t mtls_clock_ms(void);

/* LOOP's idea of mtls_clock_ms(), taken once per round of events. */
uint64_t mtls_evloop_now(const struct mtls_evloop *loop);

struct mtls_evloop *mtls_evloop_new(struct mtls_err *e);
void mtls_evloop_free(struct mtls_evloop *loop);
int mtls_evloop_add(struct mtls_evloop *loop, struct mtls_ev_watch *w,
		    uint32_t events, struct mtls_err *e);
/* Change what W waits for (no system call when unchanged); 0 stops
 * watching it (until it is given events again). */
int mtls_evloop_mod(struct mtls_evloop *loop, struct mtls_ev_watch *w,
		    uint32_t events, struct mtls_err *e);
void mtls_evloop_del(struct mtls_evloop *loop, struct mtls_ev_watch *w);
/* Arm T to fire MS milliseconds from the loop's current time (re-arming
 * moves it); a fired timer is disarmed before its callback runs. */
int mtls_timer_set(struct mtls_evloop *loop, struct mtls_timer *t, unsigned ms,
		   struct mtls_err *e);
void mtls_timer_cancel(struct mtls_evloop *loop, struct mtls_timer *t);
/* Wait up to MAX_WAIT_MS (-1: until the next timer or event), then run
 * the callbacks of the events and of the timers that are due.  A signal
 * interrupting the wait is not an error. */
int mtls_evloop_run_once(struct mtls_evloop *loop, int max_wait_ms,
			 struct mtls_err *e);

/* --------------------------------------------------------- httpd_request.c */

/* A request head parsed in place (TARGET points into the caller's
 * buffer). */
struct mtls_httpd_request {
	char method[MTLS_HTTPD_METHOD_MAX + 1];
	const char *target; /* request-target as sent, not decoded */
	size_t target_len;
	int minor;		 /* HTTP/1.MINOR */
	uint64_t content_length; /* 0 when absent */
	bool chunked;		 /* Transfer-Encoding ending in chunked */
	bool te_other;		 /* a Transfer-Encoding not ending in chunked */
	bool keep_alive;	 /* the client lets the connection stay open */
	bool expect_continue;	 /* Expect: 100-continue (HTTP/1.1) */
	bool expect_other;	 /* an Expect we do not know: 417 */
	size_t head_len;	 /* bytes of BUF the head took */
};

/* Parse the request head at the start of BUF (LEN bytes received so far;
 * empty lines before it are skipped).  Returns 1 with REQ filled when a
 * whole head is there, 0 when more bytes are needed, -1 when the request
 * must be refused, with *STATUS the HTTP status to refuse it with: 400
 * malformed (request line, header syntax, obs-fold, bare LF, a 1.1
 * request without Host, conflicting Content-Length, Transfer-Encoding
 * with Content-Length), 414 the request line or 431 the head does not end within MAX_HEAD
 * bytes, 501 a method name too long, 505 not HTTP/1.x. */
int mtls_httpd_request_parse(const char *buf, size_t len, size_t max_head,
			     struct mtls_httpd_request *req, int *status);

/* Reason phrase of a status ("Not Found"). */
const char *mtls_httpd_reason(int status);

/* The Date header's value for NOW ("Fri, 27 Nov 2026 05:00:00 GMT") into
 * BUF (at least 30 bytes). */
void mtls_httpd_date(time_t now, char *buf, size_t size);

/* Write a response head (status line, Server, Date (from
 * mtls_httpd_date), Content-Type, Content-Length, "Connection: close"
 * unless KEEP_ALIVE, EXTRA header lines ending in CRLF, or NULL) into BUF.
 * Returns its length, or -1 when it does not fit. */
int mtls_httpd_response_head(char *buf, size_t size, int status,
			     const char *content_type, uint64_t content_length,
			     bool keep_alive, const char *extra,
			     const char *date);

/* ----------------------------------------------------------- httpd_files.c */

struct mtls_httpd_static_file {
	int fd; /* open, read-only; the caller closes it */
	uint64_t size;
	const char *content_type;
};

/* Find the file a request target names under the directory ROOT_FD
 * (open, O_PATH is enough).  The target's path is percent-decoded and
 * then judged: a ".." segment (however encoded) is refused with 400, an
 * encoded '/' or NUL with 404; the file is opened beneath ROOT_FD so that
 * no step of its path leaves the root, not through a symbolic link and
 * not through a directory swapped for one meanwhile (404; without
 * openat2, Linux before 5.6, symbolic links are not followed at all); a
 * directory serves its index.html or is 403; what is not a regular file
 * is 403; a path ending in '/' (or "/.") names a directory, so "/a.txt/"
 * is 404.  Returns 200 with OUT filled, or the HTTP status to answer. */
int mtls_httpd_static_open(int root_fd, const char *target, size_t target_len,
			   struct mtls_httpd_static_file *out);

/* ------------------------------------------------------------- httpd_log.c */

/* The access log's date: "10/Oct/2026:13:55:36 +0000" (local time). */
void mtls_httpd_log_date(time_t now, char *buf, size_t size);

/* "127.0.0.1:52810" or "[::1]:52810": how error lines name the peer. */
void mtls_httpd_peer_name(const struct sockaddr *sa, char *buf, size_t size);

/* Make LINE (emptied first) one Common Log Format line, without newline:
 * 127.0.0.1 - "CN=mail,O=MailServer" [DATE] "GET / HTTP/1.1" 200 321.
 * SUBJECT (may be NULL) and the request line are quoted with
 * mtls_buf_add_logquoted; REQ may be NULL (a request that did not
 * parse: "-").  Check line->failed before using it. */
void mtls_httpd_log_access(struct mtls_buf *line, const struct sockaddr *peer,
			   const char *subject, const char *date,
			   const struct mtls_httpd_request *req, int status,
			   uint64_t bytes);

/* ---------------------------------------------------------- httpd_whoami.c */

/* The whoami document for the client of SES whose certificate is CRT: one
 * JSON object and a newline, keys subject, issuer (RFC 4514), serial
 * (lower-case hex), sans (["DNS:x", "IP:1.2.3.4", "URI:...",
 * "email:..."]), sha256 (lower-case hex), not_after
 * ("2027-11-27T10:00:00Z"), protocol ("TLS1.3"), cipher
 * ("TLS_AES_256_GCM_SHA384").  OUT is gnutls_malloc'd.  Strings are
 * escaped as JSON and kept valid UTF-8 (U+FFFD for stray bytes). */
int mtls_httpd_whoami_json(gnutls_session_t ses, gnutls_x509_crt_t crt,
			   gnutls_datum_t *out, struct mtls_err *e);

/* --------------------- httpd_body.c, httpd_files.c, httpd_whoami.c: handlers */

/* What answers a request: filled by a handler, sent by the connection. */
struct mtls_httpd_answer {
	int status;		  /* 200, or a status answered as plain text */
	const char *content_type; /* of a 200 answer */
	const char *body;	  /* borrowed, lives as long as the worker */
	size_t body_len;
	gnutls_datum_t owned; /* or a body the connection frees */
	int file_fd;	      /* or a file to send (-1: none), closed by
				   * the connection */
	uint64_t file_size;
};

/* One way of answering GET and HEAD requests of admitted clients, chosen
 * once when the worker starts (--root, --body, or the whoami). */
struct mtls_httpd_handler {
	/* Fill A for REQ from the client on TLS.  Returns 0, or -1 with E
	 * set: the connection then logs E and answers 500. */
	int (*answer)(const struct mtls_httpd_params *p,
		      struct mtls_tls_conn *tls,
		      const struct mtls_httpd_request *req,
		      struct mtls_httpd_answer *a, struct mtls_err *e);
};

extern const struct mtls_httpd_handler mtls_httpd_body_handler;
extern const struct mtls_httpd_handler mtls_httpd_files_handler;
extern const struct mtls_httpd_handler mtls_httpd_whoami_handler;

/* --------------------------------------------------------- httpd_backend.c */

/* A non-blocking connection to B, maybe still being made (wait for the
 * socket to be writable, then look at SO_ERROR).  Returns the descriptor,
 * or -1 ("cannot connect: Connection refused"). */
int mtls_backend_connect(const struct mtls_backend *b, struct mtls_err *e);

/* ----------------------------------------------------------- httpd_ident.c */

/* Is NAME (LEN bytes) a header of the identity set (X-Forwarded-Client-Cert,
 * X-Client-Cert, X-Forwarded-For, X-Forwarded-Proto, X-Forwarded-Host,
 * X-Real-IP, Forwarded), in any case and with '_' for '-'? */
bool mtls_httpd_is_identity_header(const char *name, size_t len);

/* Append the identity header lines (each ending in CRLF) of the client at
 * PEER whose certificate is CRT: X-Forwarded-For, X-Forwarded-Proto:
 * https, X-Forwarded-Client-Cert (Hash, [Cert,] Subject, URI..., DNS...)
 * and, with WITH_CERT, X-Client-Cert (the PEM, URL-escaped). */
int mtls_httpd_identity(gnutls_x509_crt_t crt, const struct sockaddr *peer,
			bool with_cert, struct mtls_buf *out,
			struct mtls_err *e);

/* ----------------------------------------------------------- httpd_proxy.c */

/* A worker's reverse proxy: the backend and its pool of idle keep-alive
 * connections.  CIN_SIZE bytes are kept of a request body not yet sent. */
struct mtls_proxy;
struct mtls_proxy *mtls_proxy_new(const struct mtls_backend *b,
				  unsigned timeout_ms, size_t cin_size,
				  struct mtls_evloop *loop, struct mtls_err *e);
void mtls_proxy_free(struct mtls_proxy *px);
/* Close the idle backend connections (the server is stopping). */
void mtls_proxy_drop_idle(struct mtls_proxy *px);
/* Free what was closed during the last round of events. */
void mtls_proxy_reap(struct mtls_proxy *px);

/* How an exchange ended. */
struct mtls_proxy_result {
	const struct mtls_httpd_request *req; /* for the access log */
	int answer;	  /* a status for the connection to answer, or 0 */
	bool abort;	  /* the response was cut off: close at once */
	bool keep_alive;  /* the client connection may take another request */
	const char *rest; /* bytes received after the request (keep_alive) */
	size_t rest_len;
	int status;	     /* sent to the client */
	uint64_t bytes;	     /* of response body */
	int backend_status;  /* 0: none came */
	unsigned backend_ms; /* until the backend's response head */
};

/* What the client connection lends an exchange. */
struct mtls_proxy_client {
	struct mtls_tls_conn *tls;
	const char *identity; /* header lines from mtls_httpd_identity */
	unsigned idle_ms;     /* the client may be silent this long */
	void (*want)(void *arg, uint32_t events); /* on the client socket */
	void (*log_error)(void *arg, const char *line);
	void (*done)(void *arg, const struct mtls_proxy_result *r);
	void *arg;
};

struct mtls_proxy_xfer;

/* Forward the request REQ whose head is at HEAD; REST holds what came
 * after the head.  DONE is called once, later, from the event loop (never
 * before this returns); the exchange is freed after it.  NULL when out of
 * memory. */
struct mtls_proxy_xfer *
mtls_proxy_start(struct mtls_proxy *px, const struct mtls_proxy_client *cl,
		 const char *head, const struct mtls_httpd_request *req,
		 const char *rest, size_t rest_len, struct mtls_err *e);
/* The client socket is ready for what the exchange wanted. */
void mtls_proxy_client_event(struct mtls_proxy_xfer *x);
/* The client connection is closing: drop the exchange (DONE is not
 * called). */
void mtls_proxy_abort(struct mtls_proxy_xfer *x);

/* A PROXY protocol v2 header (the HAProxy specification) for the client
 * at PEER connected to LOCAL: command PROXY, TCP over IPv4 or IPv6 with
 * both addresses and ports, a PP2_TYPE_SSL TLV (client flags, verify 0,
 * sub-TLVs PP2_SUBTYPE_SSL_VERSION "TLSv1.3", PP2_SUBTYPE_SSL_CIPHER,
 * PP2_SUBTYPE_SSL_CN the certificate's common name when it has one), and
 * TLV 0xE0 (the first custom type) holding the RFC 4514 subject. */
int mtls_proxy_v2_header(gnutls_session_t ses, gnutls_x509_crt_t crt,
			 const struct sockaddr *peer,
			 const struct sockaddr *local, struct mtls_buf *out,
			 struct mtls_err *e);

/* ---------------------------------------------------------- httpd_tunnel.c */

/* A TCP tunnel between the client and the tcp backend B: PREAMBLE is sent
 * to the backend first.  DONE (with abort false when both directions
 * ended cleanly) may be called from within the event calls; the
 * connection frees the tunnel with mtls_tunnel_free only once the round
 * of events is over.  Idle for CL->idle_ms: closed. */
struct mtls_tunnel;
struct mtls_tunnel *mtls_tunnel_start(const struct mtls_backend *b,
				      struct mtls_evloop *loop,
				      const struct mtls_proxy_client *cl,
				      const void *preamble, size_t preamble_len,
				      struct mtls_err *e);
void mtls_tunnel_client_event(struct mtls_tunnel *t);
/* Close both sides now (DONE is not called). */
void mtls_tunnel_abort(struct mtls_tunnel *t);
void mtls_tunnel_free(struct mtls_tunnel *t);

#endif /* MTLS_MTLS_INTERNAL_H */
