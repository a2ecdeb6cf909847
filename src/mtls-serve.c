/*
 * mtls-serve -- an HTTPS server that answers only clients holding a
 * certificate from the CA it trusts, and says why it refuses the others.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "mtls.h"

#define MAX_LIST 64

struct opts {
	const char *ca[MAX_LIST];
	size_t n_ca;
	const char *crl[MAX_LIST];
	size_t n_crl;
	const char *cert;
	const char *key;
	const char *listen[MAX_LIST];
	size_t n_listen;
	const char *body;
	const char *content_type;
	const char *root;
	const char *allow[MAX_LIST];
	size_t n_allow;
	unsigned workers;
	unsigned max_conns;
	unsigned handshake_ms;
	unsigned idle_ms;
	const char *priority;
	const char *access_log;
	bool quiet;
};

/* What a worker needs while it serves. */
#define ACCESS_LOG_BUFFER (64 * 1024)

struct worker {
	const struct opts *o;
	struct mtls_server *srv;
	struct mtls_tls_server *tls;
	struct mtls_ev_watch sig;
	/* Listening sockets: NLISTEN for each worker, worker K's at
	 * fds[K * NLISTEN ...]; SLOT is this process's K. */
	int *fds;
	size_t nfds, nlisten, slot;
	FILE *access;
	/* Access log lines of one round of events, written together: one
	 * write(2) per round instead of one per request, and whole lines
	 * only, so the lines of several workers never mix. */
	char log[ACCESS_LOG_BUFFER];
	size_t log_len;
	bool log_reload;
};

enum {
	OPT_CA = CLI_OPT_FIRST_PROGRAM_OPTION,
	OPT_CRL,
	OPT_CERT,
	OPT_KEY,
	OPT_LISTEN,
	OPT_BODY,
	OPT_CONTENT_TYPE,
	OPT_ROOT,
	OPT_ALLOW,
	OPT_WORKERS,
	OPT_MAX_CONNS,
	OPT_HANDSHAKE_TIMEOUT,
	OPT_IDLE_TIMEOUT,
	OPT_PRIORITY,
	OPT_ACCESS_LOG,
};

static const char short_opts[] = "l:q";
static const struct option long_opts[] = {
	{ "ca", required_argument, NULL, OPT_CA },
	{ "crl", required_argument, NULL, OPT_CRL },
	{ "cert", required_argument, NULL, OPT_CERT },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "listen", required_argument, NULL, 'l' },
	{ "body", required_argument, NULL, OPT_BODY },
	{ "content-type", required_argument, NULL, OPT_CONTENT_TYPE },
	{ "root", required_argument, NULL, OPT_ROOT },
	{ "allow", required_argument, NULL, OPT_ALLOW },
	{ "workers", required_argument, NULL, OPT_WORKERS },
	{ "max-conns", required_argument, NULL, OPT_MAX_CONNS },
	{ "handshake-timeout", required_argument, NULL, OPT_HANDSHAKE_TIMEOUT },
	{ "idle-timeout", required_argument, NULL, OPT_IDLE_TIMEOUT },
	{ "priority", required_argument, NULL, OPT_PRIORITY },
	{ "access-log", required_argument, NULL, OPT_ACCESS_LOG },
	{ "quiet", no_argument, NULL, 'q' },
	CLI_LONG_HELP_VERSION,
	{ NULL, 0, NULL, 0 },
};

static void
usage(int status)
{
	if (status != EXIT_SUCCESS)
		cli_try_help();
	printf("Usage: %s --ca FILE --cert FILE --key FILE|URL [OPTION]...\n",
	       cli_program_name);
	fputs("\
Serve HTTPS to clients that present a certificate issued by a trusted CA.\n\
Others are refused in the handshake with the TLS alert that names the\n\
cause, and every refusal is logged to standard error with the reason.\n\
By default every path answers a JSON description of the client's\n\
certificate; --body serves a fixed file, --root a directory.\n\
\n\
      --ca FILE            trust anchors for client certificates (repeatable)\n\
      --crl FILE           refuse certificates this CRL revokes (repeatable)\n\
      --cert FILE          the server certificate, leaf first, may hold the\n\
                             chain\n\
      --key FILE|URL       its private key (file or pkcs11: URL)\n\
  -l, --listen ADDR:PORT   listen here (repeatable; [IPV6]:PORT; port 0 picks\n\
                             a free port; default 0.0.0.0:3100)\n\
      --body FILE          answer every GET with the contents of FILE\n\
      --content-type TYPE  content type of --body (default: by extension)\n\
      --root DIR           serve the files under DIR (index.html for\n\
                             directories)\n\
      --allow RULE         admit only clients a rule matches (repeatable):\n\
                             ATTR=VALUE (O=MailServer, CN=mail), DNS:NAME,\n\
                             IP:ADDR, email:ADDR, URI:URI, URI:PREFIX/*,\n\
                             sha256:FINGERPRINT; others get 403\n\
      --workers N          worker processes (default: number of CPUs)\n\
      --max-conns N        open connections per worker (default: no limit)\n\
      --handshake-timeout SECONDS  (default 10)\n\
      --idle-timeout SECONDS       between requests (default 60)\n\
      --priority STRING    GnuTLS priority string (default: TLS 1.3 and 1.2)\n\
      --access-log FILE    request log: FILE, - (standard output, the\n\
                             default) or none\n\
  -q, --quiet              do not print the listening address or reloads\n\
      --help               display this help and exit\n\
      --version            output version information and exit\n\
\n\
Signals: SIGTERM and SIGINT stop gracefully; SIGHUP reloads --cert, --key,\n\
--ca and --crl for new connections.\n\
\n\
Exit status: 0 after a graceful stop, 2 on a usage error, unreadable\n\
configuration, or a failure while serving.\n\
\n\
Example:\n\
  mtls-serve --ca ca/ca.cert.pem --cert invoice-server/server.cert \\\n\
             --key invoice-server/private.key --listen 0.0.0.0:3100 \\\n\
             --body invoice.json\n",
	      stdout);
	exit(EXIT_SUCCESS);
}

/* Seconds, possibly with a fraction ("0.5"), into milliseconds. */
static int
parse_seconds(const char *text, unsigned *ms)
{
	char *end;
	double v;

	errno = 0;
	if (text[0] < '0' || text[0] > '9')
		return -1;
	v = strtod(text, &end);
	if (errno != 0 || *end != '\0' || v <= 0 || v > 86400)
		return -1;
	*ms = (unsigned)(v * 1000 + 0.5);
	return *ms > 0 ? 0 : -1;
}

static void
add_to(const char **list, size_t *n, const char *value, const char *what)
{
	if (*n == MAX_LIST)
		cli_usage_error("too many %s options", what);
	list[(*n)++] = value;
}

/* ---- logging: one write(2) per line, so workers never interleave */

static void
write_line(int fd, const char *prefix, const char *line)
{
	char buf[4200];
	int n = snprintf(buf, sizeof(buf), "%s%s\n", prefix, line);

	if (n < 0)
		return;
	if ((size_t)n >= sizeof(buf)) {
		n = sizeof(buf) - 1;
		buf[n - 1] = '\n';
	}
	if (write(fd, buf, (size_t)n) < 0) {
		/* Nowhere left to say it. */
	}
}

static void
log_error_line(void *arg, const char *line)
{
	char prefix[64];

	snprintf(prefix, sizeof(prefix), "%s: ", cli_program_name);
	write_line(STDERR_FILENO, prefix, line);
}

static void
log_access_flush(void *arg)
{
	struct worker *w = arg;
	size_t off = 0;

	while (off < w->log_len) {
		ssize_t n = write(fileno(w->access), w->log + off,
				  w->log_len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break; /* a full disk loses log lines, not requests */
		off += (size_t)n;
	}
	w->log_len = 0;
}

static void
log_access_line(void *arg, const char *line)
{
	struct worker *w = arg;
	size_t n = strlen(line);

	if (n + 1 > sizeof(w->log))
		return;
	if (w->log_len + n + 1 > sizeof(w->log))
		log_access_flush(w);
	memcpy(w->log + w->log_len, line, n);
	w->log[w->log_len + n] = '\n';
	w->log_len += n + 1;
}

/* ---- configuration */

static struct mtls_tls_config *
load_config(const struct opts *o, struct mtls_err *e)
{
	struct mtls_tls_config *cfg = mtls_tls_config_new(e);
	size_t i;

	if (cfg == NULL)
		return NULL;
	if (mtls_tls_config_set_priority(cfg, o->priority, e) != 0 ||
	    mtls_tls_config_set_cert_key(cfg, o->cert, o->key, e) != 0)
		goto fail;
	for (i = 0; i < o->n_ca; i++)
		if (mtls_tls_config_add_ca(cfg, o->ca[i], e) != 0)
			goto fail;
	for (i = 0; i < o->n_crl; i++)
		if (mtls_tls_config_add_crl(cfg, o->crl[i], e) != 0)
			goto fail;
	return cfg;
fail:
	mtls_tls_config_free(cfg);
	return NULL;
}

static void
reload(struct worker *w)
{
	struct mtls_tls_config *cfg;
	struct mtls_err e;

	cfg = load_config(w->o, &e);
	if (cfg == NULL) {
		cli_error("reload failed, keeping the old configuration: %s",
			  e.msg);
		return;
	}
	if (mtls_tls_server_reload(w->tls, cfg, &e) != 0) {
		mtls_tls_config_free(cfg);
		cli_error("reload failed, keeping the old configuration: %s",
			  e.msg);
		return;
	}
	if (w->log_reload && !w->o->quiet)
		cli_error("reloaded the certificate, key, CAs and CRLs");
}

/* ---- a worker */

static void
close_listeners(struct worker *w)
{
	for (size_t i = 0; i < w->nfds; i++)
		if (w->fds[i] != -1) {
			close(w->fds[i]);
			w->fds[i] = -1;
		}
}

static void
on_signal(void *arg, uint32_t events)
{
	struct worker *w = arg;
	struct signalfd_siginfo si;

	while (read(w->sig.fd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGHUP) {
			reload(w);
		} else if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT) {
			/* Stop accepting: with the sockets closed, new
			 * clients are refused rather than left waiting. */
			mtls_server_stop(w->srv);
			close_listeners(w);
		}
	}
}

static int
serve(struct worker *w, const struct mtls_server_params *params)
{
	struct mtls_err e;
	sigset_t set;
	int status = EXIT_TROUBLE;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	w->sig.fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	w->sig.cb = on_signal;
	w->sig.arg = w;
	if (w->sig.fd == -1) {
		cli_error("cannot watch signals: %s", strerror(errno));
		return EXIT_TROUBLE;
	}
	w->srv = mtls_server_new(params, w->tls, &e);
	if (w->srv == NULL)
		goto out;
	for (size_t i = 0; i < w->nlisten; i++)
		if (mtls_server_add_listener(w->srv,
					     w->fds[w->slot * w->nlisten + i],
					     &e) != 0)
			goto out;
	if (mtls_server_watch(w->srv, &w->sig, &e) != 0 ||
	    mtls_server_run(w->srv, &e) != 0)
		goto out;
	status = EXIT_SUCCESS;
out:
	if (w->access != NULL)
		log_access_flush(w);
	if (status != EXIT_SUCCESS)
		cli_error("%s", e.msg);
	mtls_server_free(w->srv);
	w->srv = NULL;
	close(w->sig.fd);
	return status;
}

/* ---- the master of several workers */

static int
supervise(struct worker *w, pid_t *pids, unsigned n)
{
	sigset_t set;
	unsigned alive = n;
	bool stopping = false;
	int status = EXIT_SUCCESS;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGCHLD);
	while (alive > 0) {
		int sig = sigwaitinfo(&set, NULL), ws;
		pid_t pid;

		if (sig == SIGTERM || sig == SIGINT) {
			stopping = true;
			for (unsigned i = 0; i < n; i++)
				if (pids[i] > 0)
					kill(pids[i], sig);
		} else if (sig == SIGHUP) {
			struct mtls_tls_config *cfg;
			struct mtls_err e;

			/* Try the files once here, so a broken one is
			 * reported once, not by every worker. */
			cfg = load_config(w->o, &e);
			if (cfg == NULL) {
				cli_error("reload failed, keeping the old "
					  "configuration: %s",
					  e.msg);
				continue;
			}
			mtls_tls_config_free(cfg);
			for (unsigned i = 0; i < n; i++)
				if (pids[i] > 0)
					kill(pids[i], SIGHUP);
		}
		while ((pid = waitpid(-1, &ws, WNOHANG)) > 0) {
			for (unsigned i = 0; i < n; i++)
				if (pids[i] == pid) {
					pids[i] = -1;
					alive--;
				}
			if (!WIFEXITED(ws) || WEXITSTATUS(ws) != 0) {
				if (WIFSIGNALED(ws))
					cli_error("worker %ld was killed by "
						  "signal %d",
						  (long)pid, WTERMSIG(ws));
				else
					cli_error("worker %ld exited with "
						  "status %d",
						  (long)pid, WEXITSTATUS(ws));
				status = EXIT_TROUBLE;
			} else if (!stopping) {
				status = EXIT_TROUBLE;
			}
		}
	}
	return status;
}

static int
run(const struct opts *o)
{
	struct mtls_server_params params = {
		.max_conns = o->max_conns,
		.handshake_timeout_ms = o->handshake_ms,
		.idle_timeout_ms = o->idle_ms,
		.max_head = MTLS_HTTPD_HEAD_MAX,
		.max_body = 1024 * 1024,
		.log_access = log_access_line,
		.log_flush = log_access_flush,
		.log_error = log_error_line,
	};
	struct worker w = { .o = o };
	struct mtls_tls_config *cfg = NULL;
	struct mtls_allow *allow = NULL;
	gnutls_datum_t body = { NULL, 0 };
	char root[PATH_MAX], bound[128];
	pid_t *pids = NULL;
	struct mtls_err e;
	struct stat st;
	sigset_t set;
	size_t i;
	bool fork_failed = false;
	int status = EXIT_TROUBLE;

	params.log_arg = &w;
	for (i = 0; i < o->n_allow; i++)
		if (mtls_allow_add(&allow, o->allow[i], &e) != 0)
			goto fail;
	params.allow = allow;
	if (o->body != NULL) {
		if (mtls_file_read(o->body, &body, &e) != 0)
			goto fail;
		params.body = (const char *)body.data;
		params.body_len = body.size;
		params.content_type = o->content_type
					      ? o->content_type
					      : mtls_content_type(o->body);
	}
	if (o->root != NULL) {
		if (realpath(o->root, root) == NULL ||
		    stat(root, &st) != 0) {
			mtls_err_set(&e, "cannot use '%s' as the root: %s",
				     o->root, strerror(errno));
			goto fail;
		}
		if (!S_ISDIR(st.st_mode)) {
			mtls_err_set(&e, "cannot use '%s' as the root: not a "
					 "directory",
				     o->root);
			goto fail;
		}
		params.root = root;
	}
	if ((cfg = load_config(o, &e)) == NULL)
		goto fail;
	if (mtls_tls_config_ca_count(cfg) == 0) {
		mtls_err_set(&e, "no trusted CA: give --ca");
		goto fail;
	}
	if (strcmp(o->access_log, "none") == 0) {
		w.access = NULL;
	} else if (strcmp(o->access_log, "-") == 0) {
		w.access = stdout;
	} else if ((w.access = fopen(o->access_log, "a")) == NULL) {
		mtls_err_set(&e, "cannot open the access log '%s': %s",
			     o->access_log, strerror(errno));
		goto fail;
	}
	/* No access log: no line is even formatted. */
	if (w.access == NULL) {
		params.log_access = NULL;
		params.log_flush = NULL;
	}
	if ((w.tls = mtls_tls_server_new(cfg, &e)) == NULL)
		goto fail;
	cfg = NULL;

	w.nlisten = o->n_listen;
	w.nfds = o->n_listen * o->workers;
	w.fds = calloc(w.nfds, sizeof(*w.fds));
	if (w.fds == NULL) {
		mtls_err_set(&e, "out of memory");
		goto fail;
	}
	for (i = 0; i < w.nfds; i++)
		w.fds[i] = -1;
	for (i = 0; i < o->n_listen; i++) {
		w.fds[i] = mtls_listen(o->listen[i], 511, bound, sizeof(bound),
				       &e);
		if (w.fds[i] == -1)
			goto fail;
		for (size_t k = 1; k < o->workers; k++) {
			w.fds[k * w.nlisten + i] =
			    mtls_listen_again(w.fds[i], 511, &e);
			if (w.fds[k * w.nlisten + i] == -1) {
				mtls_err_prefix(&e, "'%s'", o->listen[i]);
				goto fail;
			}
		}
		if (!o->quiet)
			fprintf(stderr, "listening on %s\n", bound);
	}

	/* Signals are taken from a signalfd (workers) or sigwaitinfo (the
	 * master), never by handlers. */
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);

	if (o->workers == 1) {
		w.log_reload = true;
		status = serve(&w, &params);
	} else {
		pids = calloc(o->workers, sizeof(*pids));
		if (pids == NULL) {
			mtls_err_set(&e, "out of memory");
			goto fail;
		}
		fflush(NULL);
		for (i = 0; i < o->workers; i++) {
			pids[i] = fork();
			if (pids[i] == 0) {
				w.log_reload = i == 0;
				w.slot = i;
				/* Only this worker's sockets stay open here. */
				for (size_t k = 0; k < w.nfds; k++)
					if (k / w.nlisten != i &&
					    w.fds[k] != -1) {
						close(w.fds[k]);
						w.fds[k] = -1;
					}
				status = serve(&w, &params);
				goto out;
			}
			if (pids[i] == -1) {
				cli_error("cannot start a worker: %s",
					  strerror(errno));
				for (size_t j = 0; j < i; j++)
					kill(pids[j], SIGTERM);
				fork_failed = true;
				break;
			}
		}
		/* The workers hold the sockets now. */
		close_listeners(&w);
		status = supervise(&w, pids, (unsigned)i);
		if (fork_failed)
			status = EXIT_TROUBLE;
	}
	goto out;
fail:
	cli_error("%s", e.msg);
out:
	close_listeners(&w);
	free(w.fds);
	free(pids);
	mtls_tls_server_free(w.tls);
	mtls_tls_config_free(cfg);
	mtls_allow_free(allow);
	gnutls_free(body.data);
	if (w.access != NULL && w.access != stdout)
		fclose(w.access);
	return status;
}

int
main(int argc, char *argv[])
{
	struct opts o = {
		.handshake_ms = 10000,
		.idle_ms = 60000,
		.access_log = "-",
	};
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int ch;

	cli_init(argv[0]);
	o.workers = ncpu > 0 && ncpu < 256 ? (unsigned)ncpu : 1;
	while ((ch = getopt_long(argc, argv, short_opts, long_opts, NULL)) !=
	       -1) {
		switch (ch) {
		case OPT_CA:
			add_to(o.ca, &o.n_ca, optarg, "--ca");
			break;
		case OPT_CRL:
			add_to(o.crl, &o.n_crl, optarg, "--crl");
			break;
		case OPT_CERT:
			o.cert = optarg;
			break;
		case OPT_KEY:
			o.key = optarg;
			break;
		case 'l':
			add_to(o.listen, &o.n_listen, optarg, "--listen");
			break;
		case OPT_BODY:
			o.body = optarg;
			break;
		case OPT_CONTENT_TYPE:
			o.content_type = optarg;
			break;
		case OPT_ROOT:
			o.root = optarg;
			break;
		case OPT_ALLOW:
			add_to(o.allow, &o.n_allow, optarg, "--allow");
			break;
		case OPT_WORKERS:
			if (cli_parse_uint(optarg, 1, 256, &o.workers) != 0)
				cli_usage_error("invalid number of workers: "
						"'%s'",
						optarg);
			break;
		case OPT_MAX_CONNS:
			if (cli_parse_uint(optarg, 1, 10000000, &o.max_conns) != 0)
				cli_usage_error("invalid number of "
						"connections: '%s'",
						optarg);
			break;
		case OPT_HANDSHAKE_TIMEOUT:
			if (parse_seconds(optarg, &o.handshake_ms) != 0)
				cli_usage_error("invalid handshake timeout: "
						"'%s'",
						optarg);
			break;
		case OPT_IDLE_TIMEOUT:
			if (parse_seconds(optarg, &o.idle_ms) != 0)
				cli_usage_error("invalid idle timeout: '%s'",
						optarg);
			break;
		case OPT_PRIORITY:
			o.priority = optarg;
			break;
		case OPT_ACCESS_LOG:
			o.access_log = optarg;
			break;
		case 'q':
			o.quiet = true;
			break;
		CLI_CASE_HELP_VERSION;
		default:
			cli_try_help();
		}
	}
	if (optind < argc)
		cli_usage_error("unexpected argument: '%s'", argv[optind]);
	if (o.n_ca == 0)
		cli_usage_error("missing --ca (the CA that issues client "
				"certificates)");
	if (o.cert == NULL || o.key == NULL)
		cli_usage_error("missing --cert and --key (the server's "
				"certificate and key)");
	if (o.body != NULL && o.root != NULL)
		cli_usage_error("--body and --root cannot be used together");
	if (o.content_type != NULL && o.body == NULL)
		cli_usage_error("--content-type needs --body");
	if (o.n_listen == 0)
		o.listen[o.n_listen++] = "0.0.0.0:3100";
	return run(&o);
}
