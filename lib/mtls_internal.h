/*
 * mtls_internal.h -- what lib/ files and the unit tests share, and
 * programs do not call (mtls.h is the programs' header).
 *
 * Copyright (C) 2026 the mtls-utils authors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef MTLS_MTLS_INTERNAL_H
#define MTLS_MTLS_INTERNAL_H

#include <sys/socket.h>

#include "mtls.h"

/* ---------------------------------------------------------------- buf.c */

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

/* ---------------------------------------------------------------- facts.c */

/* Serial numbers: raw bytes (RFC 5280 allows 20; we read up to this). */
#define MTLS_SERIAL_RAW_MAX 64
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
void mtls_key_describe(gnutls_x509_crt_t crt, gnutls_x509_crq_t crq,
		       char *buf, size_t size);

/* Called with each SAN: its GNUTLS_SAN_* type and value (NUL-terminated
 * at LEN; raw address bytes for IP).  Nonzero stops the walk. */
typedef int (*mtls_san_fn)(void *arg, int type, const char *value,
			   size_t len);

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

/* "server auth", "client auth", ... for an EKU OID; NULL if unknown. */
const char *mtls_purpose_oid_name(const char *oid);

/* May CRT sign certificates (basicConstraints CA:TRUE, and keyCertSign
 * when it has a key usage)?  When not, E says why, naming it. */
bool mtls_crt_is_ca(gnutls_x509_crt_t crt, struct mtls_err *e);

/* ---------------------------------------------------------------- httpd_log.c */

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

/* ------------------------------------- httpd_body.c, httpd_files.c,
 *                                        httpd_whoami.c: the handlers */

/* What answers a request: filled by a handler, sent by the connection. */
struct mtls_httpd_answer {
	int status;		  /* 200, or a status answered as plain text */
	const char *content_type; /* of a 200 answer */
	const char *body;	  /* borrowed, lives as long as the worker */
	size_t body_len;
	gnutls_datum_t owned;	  /* or a body the connection frees */
	int file_fd;		  /* or a file to send (-1: none), closed by
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

#endif /* MTLS_MTLS_INTERNAL_H */
