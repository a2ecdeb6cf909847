/*
 * mtls-get -- an HTTPS client that presents a client certificate, prints
 * the response, and says in words why when anything fails.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "mtls.h"

struct opts {
	const char **ca;
	size_t n_ca;
	const char **crl;
	size_t n_crl;
	bool strict;
	const char *cert;
	const char *key;
	const char *priority;
	const char *servername;
	const char *out;
	bool force;
	bool include;
	bool head;
	const char *method;
	const char **headers;
	size_t n_headers;
	const char **data;
	size_t n_data;
	bool fail;
	unsigned timeout;
	bool verbose;
	bool quiet;
	struct cli_pass pass;
};

enum {
	OPT_CA = CLI_OPT_FIRST_PROGRAM_OPTION,
	OPT_CRL,
	OPT_STRICT,
	OPT_CERT,
	OPT_KEY,
	OPT_PRIORITY,
	OPT_SERVERNAME,
	OPT_FORCE,
	OPT_TIMEOUT,
};

static const char short_opts[] = "o:iIX:H:d:fvq";
static const struct option long_opts[] = {
	{ "ca", required_argument, NULL, OPT_CA },
	{ "crl", required_argument, NULL, OPT_CRL },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "cert", required_argument, NULL, OPT_CERT },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "priority", required_argument, NULL, OPT_PRIORITY },
	{ "servername", required_argument, NULL, OPT_SERVERNAME },
	{ "output", required_argument, NULL, 'o' },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "include", no_argument, NULL, 'i' },
	{ "head", no_argument, NULL, 'I' },
	{ "request", required_argument, NULL, 'X' },
	{ "header", required_argument, NULL, 'H' },
	{ "data", required_argument, NULL, 'd' },
	{ "fail", no_argument, NULL, 'f' },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "verbose", no_argument, NULL, 'v' },
	{ "quiet", no_argument, NULL, 'q' },
	CLI_LONG_PASS,
	CLI_LONG_HELP_VERSION,
	{ NULL, 0, NULL, 0 },
};

static void
usage(int status)
{
	if (status != EXIT_SUCCESS)
		cli_try_help();
	printf("Usage: %s [OPTION]... URL...\n", cli_program_name);
	fputs("\
Fetch https URLs, presenting a client certificate, and print the responses'\n\
bodies.  The server's certificate and host name are always verified.\n\
Several URLs on the same host and port share one connection.\n\
\n\
      --ca FILE            trust the CA certificates in FILE (repeatable;\n\
                             default: the system's trusted CAs)\n\
      --crl FILE           check the server's certificate against this CRL\n\
                             (repeatable); its issuer must have a current one\n\
      --strict             refuse what is otherwise accepted with a\n\
                             warning (a version 1 certificate, a host name\n\
                             matched only against the CN)\n\
      --cert FILE          our certificate (FILE may hold the chain)\n\
      --key FILE|URL       its private key (file or pkcs11: URL;\n\
                             default: FILE of --cert)\n\
      --servername NAME    send NAME as SNI and verify the server's\n\
                             certificate for NAME, not the URL's host\n\
      --priority STRING    GnuTLS priority string (default: Mozilla's\n\
                             intermediate profile, see the man page)\n\
      --timeout SECONDS    limit for connecting, the handshake and each\n\
                             wait for data (default 30)\n\
  -o, --output FILE        write to FILE, put in place only when complete\n\
      --force              replace an existing --output FILE\n\
  -i, --include            print the response's status line and headers too\n\
  -I, --head               send HEAD and print the status line and headers\n\
  -X, --request METHOD     use METHOD (default GET, or POST with --data)\n\
  -H, --header 'NAME: VALUE'  add a request header (repeatable; 'NAME:'\n\
                             removes a default one)\n\
  -d, --data DATA|@FILE|@-  send DATA, or FILE's contents, or standard\n\
                             input (also '-') as the request body\n\
  -f, --fail               exit 1 without output on an HTTP status >= 400\n\
  -v, --verbose            print the handshake and the headers to stderr\n\
  -q, --quiet              do not print warnings\n\
      --pass-file FILE     the passphrase of an encrypted key: the first\n\
                             line of FILE\n\
      --pass-env VAR       ... or the value of the environment variable VAR\n\
                             (without either, asked on the terminal)\n\
      --help               display this help and exit\n\
      --version            output version information and exit\n\
\n\
Exit status: 0 success; 1 the server is not trusted or not the one named,\n\
it refused us, or --fail and an HTTP status >= 400; 2 usage error, bad\n\
input or I/O error; 3 network error (resolve, connect, time out).\n\
\n\
Example:\n\
  mtls-get --ca ca/ca.cert.pem --cert mail-server/server.cert \\\n\
           --key mail-server/private.key https://localhost:3100/\n",
	      stdout);
	exit(EXIT_SUCCESS);
}

static int
exit_status(enum mtls_tls_client_failure f)
{
	switch (f) {
	case MTLS_TLS_CLIENT_OK:
		return EXIT_SUCCESS;
	case MTLS_TLS_CLIENT_REFUSED:
		return EXIT_CHECK_FAILED;
	case MTLS_TLS_CLIENT_NETWORK:
		return EXIT_NETWORK;
	case MTLS_TLS_CLIENT_TROUBLE:
	default:
		return EXIT_TROUBLE;
	}
}

/* ------------------------------------------------------------ the work */

/* Where one response goes. */
struct sink {
	const struct opts *o;
	struct mtls_outfile *out;
	bool discard; /* --fail and an error status */
};

/* Print TEXT (LEN bytes of CRLF lines) to stderr, each line after
 * PREFIX. */
static void
print_lines(const char *prefix, const char *text, size_t len)
{
	const char *end = text + len, *nl;

	while (text < end) {
		nl = memchr(text, '\n', (size_t)(end - text));
		if (nl == NULL)
			nl = end;
		if (nl - text > 1 || (nl - text == 1 && *text != '\r'))
			fprintf(stderr, "%s%.*s\n", prefix,
				(int)(nl - text -
				      (nl > text && nl[-1] == '\r')),
				text);
		text = nl + 1;
	}
}

static int
on_head(void *arg, const struct mtls_httpc_response *r, const char *raw,
	size_t len, struct mtls_err *e)
{
	struct sink *s = arg;
	int status = mtls_httpc_response_status(r);

	if (s->o->verbose)
		print_lines("< ", raw, len);
	s->discard = s->o->fail && status >= 400;
	if ((s->o->include || s->o->head) && !s->discard)
		return mtls_outfile_write(s->out, raw, len, e);
	return 0;
}

static int
on_body(void *arg, const void *data, size_t len, struct mtls_err *e)
{
	struct sink *s = arg;

	if (s->discard)
		return 0;
	return mtls_outfile_write(s->out, data, len, e);
}

static void
print_handshake(const struct mtls_tls_client *c, const struct opts *o)
{
	struct mtls_tls_client_info info;
	char when[64];

	if (mtls_tls_client_info(c, &info) != 0)
		return;
	mtls_time_format(info.not_after, when, sizeof(when));
	fprintf(stderr, "* connected to %s\n", mtls_tls_client_peer(c));
	fprintf(stderr, "* %s\n", info.description);
	fprintf(stderr, "* server certificate: %s\n", info.subject);
	fprintf(stderr, "*   issuer: %s\n", info.issuer);
	/* The issuer may be an intermediate: name what we trusted. */
	if (info.anchor[0] != '\0' && strcmp(info.anchor, info.issuer) != 0)
		fprintf(stderr, "*   chains to: %s\n", info.anchor);
	fprintf(stderr, "*   expires: %s\n", when);
	if (!info.cert_requested)
		fprintf(stderr, "* the server did not ask for a client "
				"certificate\n");
	else if (info.cert_sent)
		fprintf(stderr,
			"* the server asked for a client certificate; "
			"we sent '%s'\n",
			o->cert);
	else
		fprintf(stderr, "* the server asked for a client certificate; "
				"we have none\n");
}

/* Fetch one URL over C, connecting (again) when needed.  Returns the exit
 * status for it. */
static int
fetch(struct mtls_tls_client *c, const struct opts *o,
      const struct mtls_url *url, const char *text, const void *body,
      size_t body_len, struct mtls_outfile *out)
{
	struct sink s = { o, out, false };
	const struct mtls_httpc_handler h = { on_head, on_body, &s };
	struct mtls_httpc_request req = {
		.method = o->method,
		.url = url,
		.headers = o->headers,
		.n_headers = o->n_headers,
		.body = body,
		.body_len = body_len,
		.user_agent = PACKAGE_NAME "/" PACKAGE_VERSION,
	};
	struct mtls_httpc_result res;
	gnutls_datum_t head = { NULL, 0 };
	struct mtls_tls_client_info info;
	struct mtls_err e;
	bool reused;
	int attempt;

	if (req.method == NULL)
		req.method = o->head ? "HEAD" : body ? "POST" : "GET";
	for (attempt = 0; attempt < 2; attempt++) {
		reused = mtls_tls_client_is_connected(c);
		if (!reused) {
			if (mtls_tls_client_connect(c, url->host, url->port) !=
			    0) {
				cli_error("%s%s", mtls_tls_client_error(c),
					  cli_hint_words(
						  mtls_tls_client_hint(c)));
				return exit_status(mtls_tls_client_failure(c));
			}
			if (o->verbose)
				print_handshake(c, o);
			if (o->cert != NULL && !o->quiet &&
			    mtls_tls_client_info(c, &info) == 0 &&
			    !info.cert_requested)
				cli_warn("%s: the server did not ask for a "
					 "client certificate; ours was not "
					 "sent",
					 mtls_tls_client_peer(c));
		}
		if (o->verbose &&
		    mtls_httpc_request_head(&req, &head, &e) == 0) {
			print_lines("> ", (const char *)head.data, head.size);
			gnutls_free(head.data);
		}
		if (mtls_httpc_exchange(c, &req, &h, &res, &e) == 0)
			break;
		mtls_tls_client_close(c);
		/* A kept-alive connection the server closed meanwhile:
		 * nothing was answered, so asking again is safe. */
		if (reused && !res.received_any &&
		    res.failure == MTLS_TLS_CLIENT_NETWORK)
			continue;
		cli_error("%s", cli_err_text(&e));
		return exit_status(res.failure);
	}
	if (!res.keep_alive)
		mtls_tls_client_close(c);
	if (o->fail && res.status >= 400) {
		cli_error("%s: the server answered %d%s%s", text, res.status,
			  res.reason[0] ? " " : "", res.reason);
		return EXIT_CHECK_FAILED;
	}
	return EXIT_SUCCESS;
}

/* A warning from judging the server's certificate. */
static void
warn_line(void *arg, const char *text)
{
	char safe[4 * MTLS_ERR_MAX];

	/* It names a certificate, which the server chose. */
	mtls_printable(text, safe, sizeof(safe));
	cli_warn("%s", safe);
}

/* The request body from the -d options, joined by '&' as curl does. */
static int
read_body(const struct opts *o, gnutls_datum_t *body, struct mtls_err *e)
{
	gnutls_datum_t part;
	unsigned char *grown;
	size_t i;
	bool from_file;

	body->data = gnutls_malloc(1);
	body->size = 0;
	if (body->data == NULL)
		return mtls_err_set(e, "out of memory");
	for (i = 0; i < o->n_data; i++) {
		const char *d = o->data[i];

		from_file = d[0] == '@' || strcmp(d, "-") == 0;
		if (from_file) {
			if (mtls_file_read(d[0] == '@' ? d + 1 : d, &part, e) !=
			    0)
				return -1;
		} else {
			part.data = (unsigned char *)d;
			part.size = (unsigned)strlen(d);
		}
		grown = gnutls_realloc(body->data, body->size + part.size + 2);
		if (grown == NULL) {
			if (from_file)
				gnutls_free(part.data);
			return mtls_err_set(e, "out of memory");
		}
		body->data = grown;
		if (i > 0)
			body->data[body->size++] = '&';
		memcpy(body->data + body->size, part.data, part.size);
		body->size += part.size;
		if (from_file)
			gnutls_free(part.data);
	}
	return 0;
}

static int
run(struct opts *o, char **urls, int n_urls)
{
	struct mtls_url *parsed = calloc((size_t)n_urls, sizeof(*parsed));
	struct mtls_tls_config *cfg = NULL;
	struct mtls_tls_client *c = NULL;
	struct mtls_outfile *out = NULL;
	gnutls_datum_t body = { NULL, 0 };
	struct mtls_err e;
	const struct mtls_url *prev = NULL;
	int i, n_parsed = 0, status = EXIT_TROUBLE, st;
	size_t k;

	/* Everything that can be checked before the network, first. */
	if (parsed == NULL) {
		mtls_err_set(&e, "out of memory");
		goto fail;
	}
	for (i = 0; i < n_urls; i++, n_parsed++)
		if (mtls_url_parse(urls[i], &parsed[i], &e) != 0)
			goto fail;
	if (o->n_data > 0 && read_body(o, &body, &e) != 0)
		goto fail;
	cfg = mtls_tls_config_new(&e);
	if (cfg == NULL)
		goto fail;
	for (k = 0; k < o->n_ca; k++)
		if (mtls_tls_config_add_ca(cfg, o->ca[k], &e) != 0)
			goto fail;
	for (k = 0; k < o->n_crl; k++)
		if (mtls_tls_config_add_crl(cfg, o->crl[k], &e) != 0)
			goto fail;
	mtls_tls_config_set_strict(cfg, o->strict);
	if ((o->n_ca == 0 && mtls_tls_config_add_system_ca(cfg, &e) != 0) ||
	    (o->cert != NULL &&
	     (cli_key_passphrase(o->key ? o->key : o->cert, &o->pass, &e) !=
		      0 ||
	      mtls_tls_config_set_cert_key(cfg, o->cert,
					   o->key ? o->key : o->cert,
					   o->pass.value, &e) != 0)) ||
	    (o->priority != NULL &&
	     mtls_tls_config_set_priority(cfg, o->priority, &e) != 0))
		goto fail;
	c = mtls_tls_client_new(cfg);
	if (c == NULL) {
		mtls_err_set(&e, "out of memory");
		goto fail;
	}
	mtls_tls_client_set_timeout(c, o->timeout);
	if (!o->quiet)
		mtls_tls_client_set_warn(c, warn_line, NULL);
	if (mtls_tls_client_set_servername(c, o->servername) != 0) {
		mtls_err_set(&e, "%s", mtls_tls_client_error(c));
		goto fail;
	}
	out = mtls_outfile_open(o->out, o->force ? MTLS_WRITE_FORCE : 0, &e);
	if (out == NULL)
		goto fail;

	/* Keep going past a URL that fails; the first failure decides the
	 * exit status, and an --output file is only kept when all went
	 * well. */
	status = EXIT_SUCCESS;
	for (i = 0; i < n_urls; i++) {
		if (prev != NULL && (strcmp(prev->host, parsed[i].host) != 0 ||
				     strcmp(prev->port, parsed[i].port) != 0))
			mtls_tls_client_close(c);
		prev = &parsed[i];
		st = fetch(c, o, &parsed[i], urls[i],
			   o->n_data > 0 ? body.data : NULL, body.size, out);
		if (status == EXIT_SUCCESS)
			status = st;
	}
	mtls_tls_client_close(c);
	if (status != EXIT_SUCCESS) {
		mtls_outfile_abort(out);
	} else if (mtls_outfile_commit(out, &e) != 0) {
		out = NULL;
		goto fail;
	}
	out = NULL;
	goto done;
fail:
	cli_error("%s", cli_err_text(&e));
	status = EXIT_TROUBLE;
done:
	mtls_outfile_abort(out);
	mtls_tls_client_free(c);
	mtls_tls_config_free(cfg);
	gnutls_free(body.data);
	for (i = 0; i < n_parsed; i++)
		mtls_url_free(&parsed[i]);
	free(parsed);
	return status;
}

/* ------------------------------------------------------------ options */

static void
push_arg(const char ***list, size_t *n, const char *arg)
{
	const char **grown = realloc(*list, (*n + 1) * sizeof(**list));

	if (grown == NULL) {
		cli_error("out of memory");
		exit(EXIT_TROUBLE);
	}
	grown[(*n)++] = arg;
	*list = grown;
}

static bool
is_method(const char *m)
{
	const char *p;

	for (p = m; *p != '\0'; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		      *p == '-' || *p == '_'))
			return false;
	return p != m;
}

int
main(int argc, char *argv[])
{
	struct opts o = { .out = "-",
			  .timeout = MTLS_TLS_CLIENT_TIMEOUT_DEFAULT };
	struct mtls_host host;
	struct mtls_err e;
	int ch, status;

	cli_init(argv[0]);
	/* A server that goes away must be an error we explain, not a
	 * signal that kills us. */
	signal(SIGPIPE, SIG_IGN);
	while ((ch = getopt_long(argc, argv, short_opts, long_opts, NULL)) !=
	       -1) {
		switch (ch) {
		case OPT_CA:
			push_arg(&o.ca, &o.n_ca, optarg);
			break;
		case OPT_CRL:
			push_arg(&o.crl, &o.n_crl, optarg);
			break;
		case OPT_STRICT:
			o.strict = true;
			break;
		case OPT_CERT:
			o.cert = optarg;
			break;
		case OPT_KEY:
			o.key = optarg;
			break;
		case OPT_PRIORITY:
			o.priority = optarg;
			break;
		case OPT_SERVERNAME:
			if (mtls_host_parse(optarg, &host, &e) != 0)
				cli_usage_error("invalid server name: %s",
						cli_err_text(&e));
			o.servername = optarg;
			break;
		case 'o':
			o.out = optarg;
			break;
		case OPT_FORCE:
			o.force = true;
			break;
		case 'i':
			o.include = true;
			break;
		case 'I':
			o.head = true;
			break;
		case 'X':
			if (!is_method(optarg))
				cli_usage_error("invalid method '%s'", optarg);
			o.method = optarg;
			break;
		case 'H':
			if (mtls_httpc_header_check(optarg, &e) != 0)
				cli_usage_error("%s", cli_err_text(&e));
			push_arg(&o.headers, &o.n_headers, optarg);
			break;
		case 'd':
			push_arg(&o.data, &o.n_data, optarg);
			break;
		case 'f':
			o.fail = true;
			break;
		case OPT_TIMEOUT:
			if (cli_parse_uint(optarg, 1, MTLS_SECONDS_PER_DAY,
					   &o.timeout) != 0)
				cli_usage_error(
					"invalid timeout '%s' (use 1 to "
					"86400 seconds)",
					optarg);
			break;
		case 'v':
			o.verbose = true;
			break;
		case 'q':
			o.quiet = true;
			break;
		case CLI_OPT_PASS_FILE:
		case CLI_OPT_PASS_ENV:
			cli_pass_option(ch, optarg, &o.pass);
			break;
			CLI_CASE_HELP_VERSION;
		default:
			cli_try_help();
		}
	}
	if (optind >= argc)
		cli_usage_error("missing URL");
	if (o.key != NULL && o.cert == NULL)
		cli_usage_error("--key goes with --cert");
	if (o.head && o.n_data > 0)
		cli_usage_error("--head and --data do not go together");
	if (o.force && strcmp(o.out, "-") == 0)
		cli_usage_error("--force goes with --output FILE");
	status = run(&o, argv + optind, argc - optind);
	cli_pass_free(&o.pass);
	free(o.ca);
	free(o.crl);
	free(o.headers);
	free(o.data);
	return status;
}
