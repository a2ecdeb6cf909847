/*
 * floor -- the GnuTLS "crypto floor" of one mutual-TLS connection on the
 * server side, measured in one process with no network: what no GnuTLS
 * server can go below, to compare servers' CPU time per handshake with.
 *
 * Two measurements, both in CPU time of the calling thread:
 *
 *   primitives  the public-key operations a TLS 1.3 server performs in a
 *               full mTLS handshake: its ephemeral key share and the shared
 *               secret (for the group the handshake picks), its
 *               CertificateVerify signature, checking the client's
 *               CertificateVerify signature, and verifying the client's
 *               certificate against the CA.  Their sum is the crypto floor.
 *   handshakes  whole handshakes between a client and a server session
 *               joined by memory buffers, each followed by one small
 *               request and response; only the time spent in the server's
 *               calls (session set-up and teardown included) is counted.
 *               Full handshakes, and handshakes resumed with a ticket.
 *
 * Each figure is the median of several rounds.  The last line is a
 * machine-readable "RESULT key=value ..." line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <nettle/curve25519.h>
#include <nettle/ecc-curve.h>
#include <nettle/ecc.h>

#include "cli.h"
#include "mtls.h"

#define MAX_ROUNDS 50
#define BUF_SIZE (64 * 1024)

struct opts {
	const char *ca, *cert, *key, *client_cert, *client_key;
	const char *priority;
	const char *label;
	unsigned rounds;
	double round_secs;
	size_t body_length;
};

/* One direction of the in-memory connection. */
struct wire {
	unsigned char data[BUF_SIZE];
	size_t len, off;
	bool overflow;
};

struct end {
	gnutls_session_t s;
	struct wire *in, *out;
};

/* Everything built once: credentials, keys, certificates. */
struct ctx {
	const struct opts *o;
	gnutls_certificate_credentials_t scred, ccred;
	gnutls_priority_t prio;
	gnutls_datum_t ticket_key;
	gnutls_privkey_t skey, ckey;
	gnutls_pubkey_t cpub;
	gnutls_x509_crt_t ca, ccrt;
	gnutls_sign_algorithm_t ssig, csig;
	char key_desc[64];
	bool rnd_failed;
	/* the client's key share, made once (for the key exchange timing) */
	bool have_peer;
	struct ecc_point peer;
	uint8_t peer25519[CURVE25519_SIZE];
};

static uint64_t
cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
median(double *v, unsigned n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* ---------------------------------------------------------------- transport */

static ssize_t
wire_push(gnutls_transport_ptr_t p, const void *data, size_t len)
{
	struct end *e = p;
	struct wire *w = e->out;

	if (w->off == w->len)
		w->off = w->len = 0;
	if (len > sizeof(w->data) - w->len) {
		w->overflow = true;
		gnutls_transport_set_errno(e->s, ENOBUFS);
		return -1;
	}
	memcpy(w->data + w->len, data, len);
	w->len += len;
	return (ssize_t)len;
}

static ssize_t
wire_pull(gnutls_transport_ptr_t p, void *data, size_t len)
{
	struct end *e = p;
	struct wire *w = e->in;
	size_t n = w->len - w->off;

	if (n == 0) {
		gnutls_transport_set_errno(e->s, EAGAIN);
		return -1;
	}
	if (n > len)
		n = len;
	memcpy(data, w->data + w->off, n);
	w->off += n;
	return (ssize_t)n;
}

static int
wire_pull_timeout(gnutls_transport_ptr_t p, unsigned ms)
{
	struct end *e = p;

	return e->in->len > e->in->off;
}

static int
end_init(struct ctx *x, struct end *e, bool server, struct wire *in,
	 struct wire *out)
{
	int ret;

	e->in = in;
	e->out = out;
	ret = gnutls_init(&e->s, (server ? GNUTLS_SERVER : GNUTLS_CLIENT) |
					 GNUTLS_NONBLOCK);
	if (ret < 0)
		return ret;
	if ((ret = gnutls_priority_set(e->s, x->prio)) < 0 ||
	    (ret = gnutls_credentials_set(e->s, GNUTLS_CRD_CERTIFICATE,
					  server ? x->scred : x->ccred)) < 0)
		return ret;
	if (server) {
		/* What an mTLS server does: require a client certificate
		 * that chains to the CA, and issue session tickets. */
		gnutls_certificate_server_set_request(e->s,
						      GNUTLS_CERT_REQUIRE);
		gnutls_session_set_verify_cert(e->s, NULL, 0);
		ret = gnutls_session_ticket_enable_server(e->s, &x->ticket_key);
		if (ret < 0)
			return ret;
	} else {
		if ((ret = gnutls_server_name_set(e->s, GNUTLS_NAME_DNS,
						  "localhost", 9)) < 0)
			return ret;
		gnutls_session_set_verify_cert(e->s, "localhost", 0);
	}
	gnutls_transport_set_ptr(e->s, e);
	gnutls_transport_set_push_function(e->s, wire_push);
	gnutls_transport_set_pull_function(e->s, wire_pull);
	gnutls_transport_set_pull_timeout_function(e->s, wire_pull_timeout);
	return 0;
}

/* One connection: handshake (resuming with *TICKET when it is set), one
 * request and response, teardown.  *SERVER_NS grows by the CPU time of
 * the server's calls.  On success *TICKET holds the client's next ticket
 * and *RESUMED says whether this one was resumed.  Returns 0 or a GnuTLS
 * error code (with *WHERE naming the step). */
static int
one_connection(struct ctx *x, gnutls_datum_t *ticket, uint64_t *server_ns,
	       gnutls_group_t *group, bool *resumed, const char **where)
{
	static struct wire c2s, s2c;
	static const char req[] = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
	char resp[512], buf[1024];
	struct end c = { 0 }, s = { 0 };
	bool cdone = false, sdone = false;
	int ret = 0, n, i, resplen;
	size_t got;
	uint64_t t;

	c2s.len = c2s.off = s2c.len = s2c.off = 0;
	*where = "session set-up";
	if ((ret = end_init(x, &c, false, &s2c, &c2s)) < 0)
		goto out;
	if (ticket->data != NULL) {
		ret = gnutls_session_set_data(c.s, ticket->data, ticket->size);
		gnutls_free(ticket->data);
		ticket->data = NULL;
		ticket->size = 0;
		if (ret < 0)
			goto out;
	}
	t = cpu_ns();
	ret = end_init(x, &s, true, &c2s, &s2c);
	*server_ns += cpu_ns() - t;
	if (ret < 0)
		goto out;

	*where = "handshake";
	for (i = 0; i < 100 && !(cdone && sdone); i++) {
		if (!cdone) {
			ret = gnutls_handshake(c.s);
			if (ret == 0)
				cdone = true;
			else if (ret != GNUTLS_E_AGAIN &&
				 gnutls_error_is_fatal(ret))
				goto out;
		}
		if (!sdone) {
			t = cpu_ns();
			ret = gnutls_handshake(s.s);
			*server_ns += cpu_ns() - t;
			if (ret == 0)
				sdone = true;
			else if (ret != GNUTLS_E_AGAIN &&
				 gnutls_error_is_fatal(ret))
				goto out;
		}
	}
	if (!(cdone && sdone)) {
		ret = GNUTLS_E_TIMEDOUT;
		goto out;
	}
	*group = gnutls_group_get(s.s);
	*resumed = gnutls_session_is_resumed(s.s) != 0;

	/* The request, and a response of the body's size. */
	*where = "request";
	if ((ret = (int)gnutls_record_send(c.s, req, sizeof(req) - 1)) < 0)
		goto out;
	t = cpu_ns();
	n = (int)gnutls_record_recv(s.s, buf, sizeof(buf));
	if (n > 0) {
		resplen = snprintf(resp, sizeof(resp),
				   "HTTP/1.1 200 OK\r\nContent-Type: "
				   "application/json\r\nContent-Length: "
				   "%zu\r\n\r\n",
				   x->o->body_length);
		memset(resp + resplen, 'x', x->o->body_length);
		n = (int)gnutls_record_send(s.s, resp,
					    (size_t)resplen +
						    x->o->body_length);
	}
	*server_ns += cpu_ns() - t;
	if ((ret = n) < 0)
		goto out;
	/* The client reads the response (and the ticket before it). */
	for (got = 0, i = 0; i < 10 && got < (size_t)n; i++) {
		ret = (int)gnutls_record_recv(c.s, buf, sizeof(buf));
		if (ret > 0)
			got += (size_t)ret;
		else if (ret != GNUTLS_E_AGAIN)
			goto out;
	}
	if (got != (size_t)n) {
		ret = GNUTLS_E_UNEXPECTED_PACKET_LENGTH;
		goto out;
	}
	*where = "ticket";
	ret = 0;
	if (gnutls_session_get_flags(c.s) & GNUTLS_SFLAGS_SESSION_TICKET)
		ret = gnutls_session_get_data2(c.s, ticket);
out:
	gnutls_deinit(c.s);
	t = cpu_ns();
	gnutls_deinit(s.s);
	*server_ns += cpu_ns() - t;
	if (ret >= 0 && (c2s.overflow || s2c.overflow))
		ret = GNUTLS_E_MEMORY_ERROR;
	return ret < 0 ? ret : 0;
}

/* Median over rounds of the server's CPU time per connection, in µs. */
static int
time_connections(struct ctx *x, bool resume, double *server_us,
		 gnutls_group_t *group)
{
	const struct opts *o = x->o;
	double per[MAX_ROUNDS];
	gnutls_datum_t ticket = { NULL, 0 };
	const char *where = "";
	unsigned r, n, misses = 0;
	uint64_t server_ns, start;
	bool resumed;
	int ret;

	/* A first connection for the ticket, and to warm up. */
	ret = one_connection(x, &ticket, &(uint64_t){ 0 }, group, &resumed,
			     &where);
	for (r = 0; ret == 0 && r < o->rounds; r++) {
		server_ns = 0;
		start = cpu_ns();
		for (n = 0; n < 10000; n++) {
			if (!resume) {
				gnutls_free(ticket.data);
				ticket.data = NULL;
				ticket.size = 0;
			} else if (ticket.data == NULL) {
				ret = GNUTLS_E_INVALID_SESSION;
				where = "ticket (none received)";
				break;
			}
			ret = one_connection(x, &ticket, &server_ns, group,
					     &resumed, &where);
			if (ret < 0)
				break;
			if (resumed != resume)
				misses++;
			if ((double)(cpu_ns() - start) / 1e9 >= o->round_secs &&
			    n >= 4) {
				n++;
				break;
			}
		}
		per[r] = (double)server_ns / 1e3 / (double)n;
	}
	gnutls_free(ticket.data);
	if (ret < 0) {
		cli_error("in-memory %s handshake failed at %s: %s",
			  resume ? "resumed" : "full", where,
			  gnutls_strerror(ret));
		return -1;
	}
	if (misses > 0) {
		cli_error("%u in-memory handshakes were %s", misses,
			  resume ? "not resumed" : "resumed");
		return -1;
	}
	*server_us = median(per, o->rounds);
	return 0;
}

/* -------------------------------------------------------- primitives */

static void
nettle_rnd(void *p, size_t len, uint8_t *dst)
{
	struct ctx *x = p;

	if (gnutls_rnd(GNUTLS_RND_NONCE, dst, len) < 0)
		x->rnd_failed = true;
}

enum prim { P_ECDHE, P_SIGN, P_VERIFY, P_CHAIN, P_COUNT };

/* Run primitive P once.  Returns 0 or -1. */
static int
prim_once(struct ctx *x, enum prim p, gnutls_group_t group,
	  const gnutls_datum_t *hash, const gnutls_datum_t *csig)
{
	gnutls_datum_t sig = { NULL, 0 };
	unsigned status = 0;
	int ret = 0;

	switch (p) {
	case P_ECDHE:
		if (group == GNUTLS_GROUP_SECP256R1) {
			const struct ecc_curve *ecc = nettle_get_secp_256r1();
			struct ecc_scalar k;
			struct ecc_point pub, shared;

			/* The server's key share, and the secret from the
			 * client's share. */
			ecc_scalar_init(&k, ecc);
			ecc_point_init(&pub, ecc);
			ecc_point_init(&shared, ecc);
			ecc_scalar_random(&k, x, nettle_rnd);
			ecc_point_mul_g(&pub, &k);
			ecc_point_mul(&shared, &k, &x->peer);
			ecc_point_clear(&shared);
			ecc_point_clear(&pub);
			ecc_scalar_clear(&k);
		} else if (group == GNUTLS_GROUP_X25519) {
			uint8_t k[CURVE25519_SIZE], pub[CURVE25519_SIZE],
				out[CURVE25519_SIZE];

			nettle_rnd(x, sizeof(k), k);
			curve25519_mul_g(pub, k);
			curve25519_mul(out, k, x->peer25519);
		} else {
			return -1;
		}
		return x->rnd_failed ? -1 : 0;
	case P_SIGN:
		ret = gnutls_privkey_sign_hash2(x->skey, x->ssig, 0, hash,
						&sig);
		gnutls_free(sig.data);
		break;
	case P_VERIFY:
		ret = gnutls_pubkey_verify_hash2(x->cpub, x->csig, 0, hash,
						 csig);
		break;
	case P_CHAIN:
		ret = gnutls_x509_crt_verify(x->ccrt, &x->ca, 1, 0, &status);
		if (ret == 0 && status != 0)
			ret = GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR;
		break;
	case P_COUNT:
		break;
	}
	return ret < 0 ? -1 : 0;
}

static int
time_primitives(struct ctx *x, gnutls_group_t group, double us[P_COUNT])
{
	static const char *const names[P_COUNT] = { "key exchange", "signing",
						    "signature check",
						    "certificate check" };
	unsigned char h[32];
	gnutls_datum_t hash = { h, sizeof(h) }, csig = { NULL, 0 };
	double per[MAX_ROUNDS];
	unsigned p, r, n;
	uint64_t start;
	int ret;

	if (gnutls_rnd(GNUTLS_RND_NONCE, h, sizeof(h)) < 0) {
		cli_error("no random numbers");
		return -1;
	}
	/* The client's key share. */
	if (group == GNUTLS_GROUP_SECP256R1) {
		struct ecc_scalar k;

		ecc_scalar_init(&k, nettle_get_secp_256r1());
		ecc_point_init(&x->peer, nettle_get_secp_256r1());
		x->have_peer = true;
		ecc_scalar_random(&k, x, nettle_rnd);
		ecc_point_mul_g(&x->peer, &k);
		ecc_scalar_clear(&k);
	} else if (group == GNUTLS_GROUP_X25519) {
		uint8_t k[CURVE25519_SIZE];

		nettle_rnd(x, sizeof(k), k);
		curve25519_mul_g(x->peer25519, k);
	}
	ret = gnutls_privkey_sign_hash2(x->ckey, x->csig, 0, &hash, &csig);
	if (ret < 0) {
		cli_error("cannot sign with the client key: %s",
			  gnutls_strerror(ret));
		return -1;
	}
	for (p = 0; p < P_COUNT; p++) {
		us[p] = 0;
		if (p == P_ECDHE && group != GNUTLS_GROUP_SECP256R1 &&
		    group != GNUTLS_GROUP_X25519)
			continue; /* reported as not measured */
		if (prim_once(x, p, group, &hash, &csig) == -1) {
			cli_error("%s failed", names[p]);
			gnutls_free(csig.data);
			return -1;
		}
		for (r = 0; r < x->o->rounds; r++) {
			start = cpu_ns();
			for (n = 1; n <= 100000; n++) {
				(void)prim_once(x, p, group, &hash, &csig);
				if ((double)(cpu_ns() - start) / 1e9 >=
				    x->o->round_secs / 4)
					break;
			}
			per[r] = (double)(cpu_ns() - start) / 1e3 / (double)n;
		}
		us[p] = median(per, x->o->rounds);
	}
	gnutls_free(csig.data);
	return 0;
}

/* ---------------------------------------------------------------- set-up */

static int
load_key(const char *path, gnutls_privkey_t *out)
{
	gnutls_datum_t d = { NULL, 0 };
	int ret;

	if ((ret = gnutls_load_file(path, &d)) < 0) {
		cli_error("cannot read '%s': %s", path, gnutls_strerror(ret));
		return -1;
	}
	if ((ret = gnutls_privkey_init(out)) < 0 ||
	    (ret = gnutls_privkey_import_x509_raw(*out, &d, GNUTLS_X509_FMT_PEM,
						  NULL, 0)) < 0)
		cli_error("cannot load key '%s': %s", path,
			  gnutls_strerror(ret));
	gnutls_memset(d.data, 0, d.size);
	gnutls_free(d.data);
	return ret < 0 ? -1 : 0;
}

static int
load_crt(const char *path, gnutls_x509_crt_t *out)
{
	gnutls_datum_t d = { NULL, 0 };
	int ret;

	if ((ret = gnutls_load_file(path, &d)) < 0) {
		cli_error("cannot read '%s': %s", path, gnutls_strerror(ret));
		return -1;
	}
	if ((ret = gnutls_x509_crt_init(out)) < 0 ||
	    (ret = gnutls_x509_crt_import(*out, &d, GNUTLS_X509_FMT_PEM)) < 0)
		cli_error("cannot load certificate '%s': %s", path,
			  gnutls_strerror(ret));
	gnutls_free(d.data);
	return ret < 0 ? -1 : 0;
}

/* The signature a TLS 1.3 peer makes with KEY: ECDSA with the curve's
 * hash, RSA-PSS (rsae) with SHA-256, EdDSA. */
static gnutls_sign_algorithm_t
tls13_sign_algo(gnutls_privkey_t key, char *desc, size_t size)
{
	unsigned bits = 0;
	int pk = gnutls_privkey_get_pk_algorithm(key, &bits);

	switch (pk) {
	case GNUTLS_PK_RSA:
		snprintf(desc, size, "RSA-%u", bits);
		return GNUTLS_SIGN_RSA_PSS_RSAE_SHA256;
	case GNUTLS_PK_ECDSA:
		snprintf(desc, size, "ECDSA-%u", bits);
		return bits <= 256   ? GNUTLS_SIGN_ECDSA_SECP256R1_SHA256
		       : bits <= 384 ? GNUTLS_SIGN_ECDSA_SECP384R1_SHA384
				     : GNUTLS_SIGN_ECDSA_SECP521R1_SHA512;
	case GNUTLS_PK_EDDSA_ED25519:
		snprintf(desc, size, "Ed25519");
		return GNUTLS_SIGN_EDDSA_ED25519;
	default:
		snprintf(desc, size, "%s", gnutls_pk_get_name(pk));
		return GNUTLS_SIGN_UNKNOWN;
	}
}

static int
ctx_init(struct ctx *x)
{
	const struct opts *o = x->o;
	const char *errpos = NULL;
	char cdesc[64];
	int ret;

	if ((ret = gnutls_certificate_allocate_credentials(&x->scred)) < 0 ||
	    (ret = gnutls_certificate_allocate_credentials(&x->ccred)) < 0) {
		cli_error("cannot set up TLS: %s", gnutls_strerror(ret));
		return -1;
	}
	if ((ret = gnutls_certificate_set_x509_key_file2(x->scred, o->cert,
							 o->key,
							 GNUTLS_X509_FMT_PEM,
							 NULL, 0)) < 0) {
		cli_error("cannot load '%s' and '%s': %s", o->cert, o->key,
			  gnutls_strerror(ret));
		return -1;
	}
	if ((ret = gnutls_certificate_set_x509_key_file2(
		     x->ccred, o->client_cert, o->client_key,
		     GNUTLS_X509_FMT_PEM, NULL, 0)) < 0) {
		cli_error("cannot load '%s' and '%s': %s", o->client_cert,
			  o->client_key, gnutls_strerror(ret));
		return -1;
	}
	if ((ret = gnutls_certificate_set_x509_trust_file(
		     x->scred, o->ca, GNUTLS_X509_FMT_PEM)) <= 0 ||
	    (ret = gnutls_certificate_set_x509_trust_file(
		     x->ccred, o->ca, GNUTLS_X509_FMT_PEM)) <= 0) {
		cli_error("cannot load CA certificates '%s': %s", o->ca,
			  ret == 0 ? "no certificate found"
				   : gnutls_strerror(ret));
		return -1;
	}
	if ((ret = gnutls_priority_init(&x->prio, o->priority, &errpos)) < 0) {
		cli_error("invalid priority string '%s': %s", o->priority,
			  gnutls_strerror(ret));
		return -1;
	}
	if ((ret = gnutls_session_ticket_key_generate(&x->ticket_key)) < 0) {
		cli_error("cannot make a ticket key: %s", gnutls_strerror(ret));
		return -1;
	}
	if (load_key(o->key, &x->skey) == -1 ||
	    load_key(o->client_key, &x->ckey) == -1 ||
	    load_crt(o->ca, &x->ca) == -1 ||
	    load_crt(o->client_cert, &x->ccrt) == -1)
		return -1;
	if ((ret = gnutls_pubkey_init(&x->cpub)) < 0 ||
	    (ret = gnutls_pubkey_import_x509(x->cpub, x->ccrt, 0)) < 0) {
		cli_error("cannot read the public key of '%s': %s",
			  o->client_cert, gnutls_strerror(ret));
		return -1;
	}
	x->ssig = tls13_sign_algo(x->skey, x->key_desc, sizeof(x->key_desc));
	x->csig = tls13_sign_algo(x->ckey, cdesc, sizeof(cdesc));
	if (x->ssig == GNUTLS_SIGN_UNKNOWN || x->csig == GNUTLS_SIGN_UNKNOWN) {
		cli_error("unsupported key type: server %s, client %s",
			  x->key_desc, cdesc);
		return -1;
	}
	if (strcmp(cdesc, x->key_desc) != 0) {
		size_t l = strlen(x->key_desc);

		snprintf(x->key_desc + l, sizeof(x->key_desc) - l, "/client-%s",
			 cdesc);
	}
	return 0;
}

static void
ctx_free(struct ctx *x)
{
	gnutls_certificate_free_credentials(x->scred);
	gnutls_certificate_free_credentials(x->ccred);
	gnutls_priority_deinit(x->prio);
	if (x->ticket_key.data != NULL) {
		gnutls_memset(x->ticket_key.data, 0, x->ticket_key.size);
		gnutls_free(x->ticket_key.data);
	}
	gnutls_privkey_deinit(x->skey);
	gnutls_privkey_deinit(x->ckey);
	gnutls_pubkey_deinit(x->cpub);
	gnutls_x509_crt_deinit(x->ca);
	gnutls_x509_crt_deinit(x->ccrt);
	if (x->have_peer)
		ecc_point_clear(&x->peer);
}

static void
usage(int status)
{
	if (status != EXIT_SUCCESS)
		cli_try_help();
	printf("Usage: %s --ca FILE --cert FILE --key FILE --client-cert FILE "
	       "--client-key FILE [OPTION]...\n",
	       cli_program_name);
	fputs("\
Measure the GnuTLS server-side cost of one mutual-TLS connection in one\n\
process, without a network: the public-key primitives of a full TLS 1.3\n\
mTLS handshake (the crypto floor), and whole in-memory handshakes, full\n\
and resumed, with one request each (server CPU time only).\n\
\n\
      --ca FILE            the CA that signed both certificates\n\
      --cert FILE          server certificate (PEM)\n\
      --key FILE           server key (PEM)\n\
      --client-cert FILE   client certificate (PEM)\n\
      --client-key FILE    client key (PEM)\n\
      --priority STRING    GnuTLS priority string (default: the one\n\
                             mtls-serve uses)\n\
      --rounds N           rounds per figure, the median is kept\n\
                             (default 5)\n\
      --round-time SECS    CPU seconds per round (default 0.2)\n\
      --body-length N      size of the response body (default 115)\n\
      --label TEXT         a name for the result line\n\
      --help               display this help and exit\n\
      --version            output version information and exit\n\
\n\
Exit status: 0 on success, 2 on a usage or set-up error or a failed\n\
handshake.\n\
",
	      stdout);
	exit(status);
}

enum {
	OPT_CA = CLI_OPT_FIRST_PROGRAM_OPTION,
	OPT_CERT,
	OPT_KEY,
	OPT_CLIENT_CERT,
	OPT_CLIENT_KEY,
	OPT_PRIORITY,
	OPT_ROUNDS,
	OPT_ROUND_TIME,
	OPT_BODY_LENGTH,
	OPT_LABEL,
};

static const struct option long_opts[] = {
	{ "ca", required_argument, NULL, OPT_CA },
	{ "cert", required_argument, NULL, OPT_CERT },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "client-cert", required_argument, NULL, OPT_CLIENT_CERT },
	{ "client-key", required_argument, NULL, OPT_CLIENT_KEY },
	{ "priority", required_argument, NULL, OPT_PRIORITY },
	{ "rounds", required_argument, NULL, OPT_ROUNDS },
	{ "round-time", required_argument, NULL, OPT_ROUND_TIME },
	{ "body-length", required_argument, NULL, OPT_BODY_LENGTH },
	{ "label", required_argument, NULL, OPT_LABEL },
	CLI_LONG_HELP_VERSION,
	{ NULL, 0, NULL, 0 },
};

int
main(int argc, char *argv[])
{
	static const char *const prim_keys[P_COUNT] = { "ecdhe_us", "sign_us",
							"verify_us",
							"chain_us" };
	static const char *const prim_words[P_COUNT] = {
		"key share + shared secret", "CertificateVerify signature",
		"client CertificateVerify check",
		"client certificate chain check"
	};
	struct opts o = {
		.priority = MTLS_TLS_PRIORITY_DEFAULT,
		.label = "-",
		.rounds = 5,
		.round_secs = 0.2,
		.body_length = 115,
	};
	struct ctx x = { .o = &o };
	double prim[P_COUNT], full_us = 0, resumed_us = 0, floor_us = 0;
	gnutls_group_t group = GNUTLS_GROUP_INVALID;
	const char *gname;
	char *end;
	unsigned p;
	int ch, ret, status = EXIT_TROUBLE;

	cli_init(argv[0]);
	while ((ch = getopt_long(argc, argv, "", long_opts, NULL)) != -1) {
		switch (ch) {
		case OPT_CA:
			o.ca = optarg;
			break;
		case OPT_CERT:
			o.cert = optarg;
			break;
		case OPT_KEY:
			o.key = optarg;
			break;
		case OPT_CLIENT_CERT:
			o.client_cert = optarg;
			break;
		case OPT_CLIENT_KEY:
			o.client_key = optarg;
			break;
		case OPT_PRIORITY:
			o.priority = optarg;
			break;
		case OPT_ROUNDS:
			errno = 0;
			o.rounds = (unsigned)strtoul(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || optarg[0] == '-' ||
			    o.rounds < 1 || o.rounds > MAX_ROUNDS)
				cli_usage_error("invalid number of rounds: "
						"'%s' (1 to %d)",
						optarg, MAX_ROUNDS);
			break;
		case OPT_ROUND_TIME:
			errno = 0;
			o.round_secs = strtod(optarg, &end);
			if (errno != 0 || end == optarg || *end != '\0' ||
			    !(o.round_secs >= 0.001 && o.round_secs <= 60))
				cli_usage_error("invalid round time: '%s' "
						"(0.001 to 60 seconds)",
						optarg);
			break;
		case OPT_BODY_LENGTH:
			errno = 0;
			o.body_length = strtoul(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || optarg[0] == '-' ||
			    o.body_length > 256)
				cli_usage_error("invalid body length: '%s' "
						"(0 to 256)",
						optarg);
			break;
		case OPT_LABEL:
			if (optarg[0] == '\0' || strpbrk(optarg, " \t\r\n="))
				cli_usage_error("invalid label: '%s' (no "
						"spaces or '=')",
						optarg);
			o.label = optarg;
			break;
			CLI_CASE_HELP_VERSION;
		default:
			cli_try_help();
		}
	}
	if (optind < argc)
		cli_usage_error("extra operand '%s'", argv[optind]);
	if (o.ca == NULL || o.cert == NULL || o.key == NULL ||
	    o.client_cert == NULL || o.client_key == NULL)
		cli_usage_error("--ca, --cert, --key, --client-cert and "
				"--client-key are required");

	if ((ret = gnutls_global_init()) < 0) {
		cli_error("cannot initialize GnuTLS: %s", gnutls_strerror(ret));
		return EXIT_TROUBLE;
	}
	if (ctx_init(&x) == -1)
		goto out;
	if (time_connections(&x, false, &full_us, &group) == -1 ||
	    time_connections(&x, true, &resumed_us, &group) == -1 ||
	    time_primitives(&x, group, prim) == -1)
		goto out;
	for (p = 0; p < P_COUNT; p++)
		floor_us += prim[p];
	gname = gnutls_group_get_name(group);
	if (gname == NULL)
		gname = "unknown";

	printf("floor: %s keys, group %s, %s\n", x.key_desc, gname, o.priority);
	printf("  server-side public-key operations of one full mTLS "
	       "handshake (CPU time):\n");
	for (p = 0; p < P_COUNT; p++) {
		if (prim[p] == 0)
			printf("    %-32s  not measured for this group\n",
			       prim_words[p]);
		else
			printf("    %-32s %9.1f us\n", prim_words[p], prim[p]);
	}
	printf("    %-32s %9.1f us\n", "crypto floor (sum)", floor_us);
	printf("  in-memory connections, server side only (CPU time):\n");
	printf("    %-32s %9.1f us\n", "full mTLS handshake + request",
	       full_us);
	printf("    %-32s %9.1f us\n", "resumed handshake + request",
	       resumed_us);
	printf("RESULT label=%s keys=%s group=%s", o.label, x.key_desc, gname);
	for (p = 0; p < P_COUNT; p++)
		printf(" %s=%.1f", prim_keys[p], prim[p]);
	printf(" crypto_floor_us=%.1f full_hs_us=%.1f resumed_hs_us=%.1f\n",
	       floor_us, full_us, resumed_us);
	status = EXIT_SUCCESS;
out:
	ctx_free(&x);
	gnutls_global_deinit();
	return status;
}
