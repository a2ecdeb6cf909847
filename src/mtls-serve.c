/*
 * mtls-serve -- an HTTPS server that answers only clients holding a
 * certificate from the CA it trusts, and says why it refuses the others.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "mtls.h"

#define MAX_LIST 64		       /* of each repeatable option */
#define LISTEN_BACKLOG 511	       /* as nginx's default */
#define REQUEST_BODY_MAX (1024 * 1024) /* bytes of a request body read */
#define MAX_CONNS_LIMIT 10000000
#define WORKERS_MAX 256
/* Warn when our own certificate has fewer days left than this. */
#define OWN_CERT_WARN_DAYS 14

struct opts {
	const char *ca[MAX_LIST];
	size_t n_ca;
	const char *crl[MAX_LIST];
	size_t n_crl;
	const char *untrusted[MAX_LIST];
	size_t n_untrusted;
	bool strict;
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
	unsigned max_handshakes_per_ip;
	unsigned handshake_ms;
	unsigned idle_ms;
	const char *priority;
	const char *access_log;
	bool quiet;
	struct cli_pass pass;
	/* Running as a service. */
	const char *ticket_key;
	const char *ticket_key_generate;
	bool force;
	const char *user;
	/* In front of an application. */
	const char *backend;
	unsigned backend_ms;
	bool forward_cert;
	bool proxy_protocol;
};

/* What a worker needs while it serves. */
#define ACCESS_LOG_BUFFER (64 * 1024)

struct worker {
	const struct opts *o;
	struct mtls_httpd *srv;
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
	bool access_journal; /* access log lines start with "<6>" */
	/* The service manager's notification socket (NOTIFY_SOCKET), in
	 * the main process only: it listens to that one alone. */
	const char *notify;
};

enum {
	OPT_CA = CLI_OPT_FIRST_PROGRAM_OPTION,
	OPT_CRL,
	OPT_UNTRUSTED,
	OPT_STRICT,
	OPT_CERT,
	OPT_KEY,
	OPT_LISTEN,
	OPT_BODY,
	OPT_CONTENT_TYPE,
	OPT_ROOT,
	OPT_ALLOW,
	OPT_WORKERS,
	OPT_MAX_CONNS,
	OPT_MAX_HANDSHAKES_PER_IP,
	OPT_HANDSHAKE_TIMEOUT,
	OPT_IDLE_TIMEOUT,
	OPT_PRIORITY,
	OPT_ACCESS_LOG,
	OPT_TICKET_KEY,
	OPT_TICKET_KEY_GENERATE,
	OPT_FORCE,
	OPT_USER,
	OPT_BACKEND,
	OPT_BACKEND_TIMEOUT,
	OPT_FORWARD_CERT,
	OPT_PROXY_PROTOCOL,
};

static const char short_opts[] = "l:q";
static const struct option long_opts[] = {
	{ "ca", required_argument, NULL, OPT_CA },
	{ "crl", required_argument, NULL, OPT_CRL },
	{ "untrusted", required_argument, NULL, OPT_UNTRUSTED },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "cert", required_argument, NULL, OPT_CERT },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "listen", required_argument, NULL, 'l' },
	{ "body", required_argument, NULL, OPT_BODY },
	{ "content-type", required_argument, NULL, OPT_CONTENT_TYPE },
	{ "root", required_argument, NULL, OPT_ROOT },
	{ "allow", required_argument, NULL, OPT_ALLOW },
	{ "workers", required_argument, NULL, OPT_WORKERS },
	{ "max-conns", required_argument, NULL, OPT_MAX_CONNS },
	{ "max-handshakes-per-ip", required_argument, NULL,
	  OPT_MAX_HANDSHAKES_PER_IP },
	{ "handshake-timeout", required_argument, NULL, OPT_HANDSHAKE_TIMEOUT },
	{ "idle-timeout", required_argument, NULL, OPT_IDLE_TIMEOUT },
	{ "priority", required_argument, NULL, OPT_PRIORITY },
	{ "access-log", required_argument, NULL, OPT_ACCESS_LOG },
	{ "ticket-key", required_argument, NULL, OPT_TICKET_KEY },
	{ "ticket-key-generate", required_argument, NULL,
	  OPT_TICKET_KEY_GENERATE },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "user", required_argument, NULL, OPT_USER },
	{ "quiet", no_argument, NULL, 'q' },
	{ "backend", required_argument, NULL, OPT_BACKEND },
	{ "backend-timeout", required_argument, NULL, OPT_BACKEND_TIMEOUT },
	{ "forward-cert", no_argument, NULL, OPT_FORWARD_CERT },
	{ "proxy-protocol", no_argument, NULL, OPT_PROXY_PROTOCOL },
	CLI_LONG_PASS,
	CLI_LONG_HELP_VERSION,
	{ NULL, 0, NULL, 0 },
};

static void
usage(int status)
{
	if (status != EXIT_SUCCESS)
		cli_try_help();
	printf("Usage: %s --ca FILE --cert FILE --key FILE|URL [OPTION]...\n"
	       "  or:  %s --ticket-key-generate FILE [--force]\n",
	       cli_program_name, cli_program_name);
	fputs("\
Serve HTTPS to clients that present a certificate issued by a trusted CA.\n\
Others are refused in the handshake with the TLS alert that names the\n\
cause, and every refusal is logged to standard error with the reason.\n\
By default every path answers a JSON description of the client's\n\
certificate; --body serves a fixed file, --root a directory, --backend\n\
forwards to an application.\n\
\n\
      --ca FILE            trust anchors for client certificates (repeatable)\n\
      --crl FILE           check revocation against this CRL (repeatable);\n\
                             a client's issuer must have a current one\n\
      --untrusted FILE     intermediate certificates that may complete a\n\
                             client's chain, not trusted themselves\n\
                             (repeatable)\n\
      --strict             refuse what is otherwise accepted with a\n\
                             warning (version 1 client certificates)\n\
      --cert FILE          the server certificate, leaf first, may hold the\n\
                             chain; refused when its key does not match or\n\
                             it is not for server authentication, warned\n\
                             about when it has 14 days or less left\n\
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
      --max-conns N        open connections per worker (default: what the\n\
                             open-file limit allows)\n\
      --max-handshakes-per-ip N  connections from one address in their TLS\n\
                             handshake at once, per worker (default 64)\n\
      --handshake-timeout SECONDS  (default 10)\n\
      --idle-timeout SECONDS       between requests (default 60)\n\
      --priority STRING    GnuTLS priority string (default: Mozilla's\n\
                             intermediate profile, see the man page)\n\
      --access-log FILE    request log: FILE, - (standard output, the\n\
                             default) or none\n\
      --ticket-key FILE    encrypt session tickets with the 64-byte key in\n\
                             FILE, so that servers sharing it resume each\n\
                             other's sessions\n\
      --ticket-key-generate FILE  write a new ticket key to FILE (mode 0600)\n\
                             and exit\n\
      --force              let --ticket-key-generate replace FILE\n\
      --user USER          run as USER once the sockets are open and the\n\
                             keys loaded\n\
  -q, --quiet              do not print the listening address, reloads or\n\
                             warnings\n\
      --backend URL        forward every request to http://HOST:PORT[/PREFIX]\n\
                             or unix:/PATH, with the client's identity in\n\
                             X-Forwarded-Client-Cert (see the man page);\n\
                             tcp://HOST:PORT relays the bytes instead\n\
      --backend-timeout SECONDS  for each step of the backend's answer\n\
                             (default 60; then 504)\n\
      --forward-cert       also pass the client's certificate (X-Client-Cert)\n\
      --proxy-protocol     begin a tcp:// tunnel with a PROXY protocol v2\n\
                             header (client address, TLS version, subject)\n\
      --pass-file FILE     the passphrase of an encrypted key: the first\n\
                             line of FILE\n\
      --pass-env VAR       ... or the value of the environment variable VAR\n\
                             (without either, asked on the terminal)\n\
      --help               display this help and exit\n\
      --version            output version information and exit\n\
\n\
Signals: SIGTERM and SIGINT stop gracefully; SIGHUP reloads --cert, --key,\n\
--ca, --crl, --untrusted and --ticket-key for new connections.\n\
\n\
Under systemd it serves on the sockets passed to it (LISTEN_FDS, instead\n\
of --listen), notifies readiness and reloads (NOTIFY_SOCKET), and gives\n\
its lines syslog priorities when standard error is the journal.\n\
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
	if (errno != 0 || *end != '\0' || v <= 0 || v > MTLS_SECONDS_PER_DAY)
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

/* What happened to one connection (a refusal, a timeout): the server
 * itself is fine, so a warning. */
static void
log_error_line(void *arg, const char *line)
{
	char prefix[64];

	snprintf(prefix, sizeof(prefix),
		 "%s%s: ", cli_priority(CLI_PRI_WARNING), cli_program_name);
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
	const char *pri = w->access_journal ? "<6>" : "";
	size_t p = strlen(pri), n = strlen(line);

	if (p + n + 1 > sizeof(w->log))
		return;
	if (w->log_len + p + n + 1 > sizeof(w->log))
		log_access_flush(w);
	memcpy(w->log + w->log_len, pri, p);
	memcpy(w->log + w->log_len + p, line, n);
	w->log[w->log_len + p + n] = '\n';
	w->log_len += p + n + 1;
}

/* ---- configuration */

/* A CRL that will be out of date within this time is worth a warning. */
#define CRL_WARN_SECONDS MTLS_SECONDS_PER_DAY

/* Our words for what the library hints at in a client's refusal. */
static const char *
hint_words(enum mtls_hint hint)
{
	if (hint == MTLS_HINT_ISSUER)
		return " (give it with --untrusted, or have the client send "
		       "its chain)";
	return cli_hint_words(hint);
}

static void
warn_line(void *arg, const char *text)
{
	cli_warn("%s", text);
}

/* Say which CRLs of CFG are out of date, or soon will be: until a
 * current one is loaded, the clients they cover are refused. */
static void
warn_crls(const struct mtls_tls_config *cfg)
{
	mtls_tls_config_crl_notes(cfg, time(NULL), CRL_WARN_SECONDS, warn_line,
				  NULL);
}

static struct mtls_tls_config *
load_config(const struct opts *o, struct mtls_err *e)
{
	struct mtls_tls_config *cfg = mtls_tls_config_new(e);
	size_t i;

	if (cfg == NULL)
		return NULL;
	/* A certificate no client would accept for a server is refused
	 * here, at start and at a reload, not at every handshake. */
	if (mtls_tls_config_set_priority(cfg, o->priority, e) != 0 ||
	    mtls_tls_config_set_cert_key(cfg, o->cert, o->key, o->pass.value,
					 e) != 0 ||
	    mtls_crt_check_server_use(mtls_tls_config_leaf(cfg), o->cert, e) !=
		    0)
		goto fail;
	for (i = 0; i < o->n_ca; i++)
		if (mtls_tls_config_add_ca(cfg, o->ca[i], e) != 0)
			goto fail;
	/* The untrusted certificates first: a CRL's signature is checked
	 * once, when it is added, against the CAs and those. */
	for (i = 0; i < o->n_untrusted; i++)
		if (mtls_tls_config_add_untrusted(cfg, o->untrusted[i], e) != 0)
			goto fail;
	for (i = 0; i < o->n_crl; i++)
		if (mtls_tls_config_add_crl(cfg, o->crl[i], e) != 0)
			goto fail;
	if (o->ticket_key != NULL &&
	    mtls_tls_config_set_ticket_key(cfg, o->ticket_key, e) != 0)
		goto fail;
	mtls_tls_config_set_strict(cfg, o->strict);
	mtls_tls_config_set_hint_words(cfg, hint_words);
	return cfg;
fail:
	mtls_tls_config_free(cfg);
	return NULL;
}

/* Words for what CFG's own certificate is coming to (expired, not valid
 * yet, or within OWN_CERT_WARN_DAYS of its end), printable; false when
 * there is nothing to say or -q asked for silence. */
static bool
own_cert_note(const struct opts *o, struct mtls_tls_config *cfg, char *buf,
	      size_t size)
{
	char note[MTLS_ERR_MAX];

	if (o->quiet ||
	    !mtls_crt_time_note(mtls_tls_config_leaf(cfg), o->cert, time(NULL),
				OWN_CERT_WARN_DAYS, note, sizeof(note)))
		return false;
	/* It names the subject, which the certificate chose. */
	mtls_printable(note, buf, size);
	return true;
}

/* Load the files again into W's TLS server; a broken file keeps the old
 * configuration and says why.  Both the master and the workers do it. */
static bool
reload(struct worker *w)
{
	struct mtls_tls_config *cfg;
	struct mtls_err e;
	char note[4 * MTLS_ERR_MAX];
	bool noted = false;

	cfg = load_config(w->o, &e);
	if (cfg != NULL)
		noted = own_cert_note(w->o, cfg, note, sizeof(note));
	if (cfg != NULL && mtls_tls_server_reload(w->tls, cfg, &e) != 0) {
		mtls_tls_config_free(cfg);
		cfg = NULL;
	}
	if (cfg == NULL) {
		cli_error("reload failed, keeping the old configuration: %s",
			  cli_err_text(&e));
		return false;
	}
	if (w->log_reload && noted)
		cli_warn("%s", note);
	if (w->log_reload && !w->o->quiet)
		cli_info("reloaded the certificate, key, CAs and CRLs%s",
			 w->o->ticket_key != NULL ? " and the ticket key" : "");
	/* The master and every worker load the files; one of them says
	 * what is wrong with the CRLs. */
	if (w->log_reload)
		warn_crls(cfg);
	return true;
}

/* ---- telling the service manager (systemd's Type=notify) */

static void
notify(const struct worker *w, const char *state)
{
	struct mtls_err e;

	if (w->notify != NULL && mtls_service_notify(w->notify, state, &e) != 0)
		cli_warn("%s", cli_err_text(&e));
}

/* A reload begins: RELOADING=1 with the time it began (systemd 253 and
 * later want it).  READY=1 follows once it is over, whether the new
 * files were good or the old ones kept. */
static void
notify_reloading(const struct worker *w)
{
	char state[64];
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	snprintf(state, sizeof(state), "RELOADING=1\nMONOTONIC_USEC=%llu",
		 (unsigned long long)ts.tv_sec * 1000000 +
			 (unsigned long long)ts.tv_nsec / 1000);
	notify(w, state);
}

/* ---- a worker */

/* The signals the master and the workers take synchronously. */
static void
server_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGHUP);
	sigaddset(set, SIGCHLD);
}

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
			notify_reloading(w);
			reload(w);
			notify(w, "READY=1");
		} else if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT) {
			if (w->fds[w->slot * w->nlisten] != -1)
				notify(w, "STOPPING=1"); /* once */
			/* Stop accepting: with the sockets closed, new
			 * clients are refused rather than left waiting. */
			mtls_httpd_stop(w->srv);
			close_listeners(w);
		}
	}
}

static int
serve(struct worker *w, const struct mtls_httpd_params *params)
{
	struct mtls_err e;
	sigset_t set;
	int status = EXIT_TROUBLE;

	server_signals(&set);
	sigdelset(&set, SIGCHLD);
	w->sig.fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	w->sig.cb = on_signal;
	w->sig.arg = w;
	if (w->sig.fd == -1) {
		cli_error("cannot watch signals: %s", strerror(errno));
		return EXIT_TROUBLE;
	}
	w->srv = mtls_httpd_new(params, w->tls, &e);
	if (w->srv == NULL)
		goto out;
	for (size_t i = 0; i < w->nlisten; i++)
		if (mtls_httpd_add_listener(w->srv,
					    w->fds[w->slot * w->nlisten + i],
					    &e) != 0)
			goto out;
	if (mtls_httpd_watch(w->srv, &w->sig, &e) != 0 ||
	    mtls_httpd_run(w->srv, &e) != 0)
		goto out;
	status = EXIT_SUCCESS;
out:
	if (w->access != NULL)
		log_access_flush(w);
	if (status != EXIT_SUCCESS)
		cli_error("%s", cli_err_text(&e));
	mtls_httpd_free(w->srv);
	w->srv = NULL;
	close(w->sig.fd);
	return status;
}

/* ---- the master of several workers */

/* A worker is restarted at once; when it dies again this soon after
 * starting, after a pause that doubles each time, so a crash at start
 * cannot become a fork loop. */
#define RESTART_QUICK_MS 5000
#define RESTART_PAUSE_FIRST_MS 1000
#define RESTART_PAUSE_MAX_MS 30000

struct slot {
	pid_t pid;	       /* 0 while not running */
	long long started_ms;  /* when it was forked */
	long long restart_ms;  /* when to start it again, or 0 */
	unsigned quick_deaths; /* deaths in a row soon after starting */
};

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Fork the worker for SLOT.  Returns 0 in the new worker (with w->slot
 * set and only its own sockets open), the child's PID in the master, -1
 * if fork failed. */
static pid_t
start_worker(struct worker *w, size_t slot)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid != 0)
		return pid;
	w->slot = slot;
	w->log_reload = slot == 0;
	w->notify = NULL;
	for (size_t k = 0; k < w->nfds; k++)
		if (k / w->nlisten != slot && w->fds[k] != -1) {
			close(w->fds[k]);
			w->fds[k] = -1;
		}
	return 0;
}

/* Why worker PID ended, in words (for "worker PID WHY"). */
static void
describe_death(int ws, char *buf, size_t size)
{
	if (WIFSIGNALED(ws))
		snprintf(buf, size, "was killed by signal %d (%s)",
			 WTERMSIG(ws), strsignal(WTERMSIG(ws)));
	else
		snprintf(buf, size, "exited with status %d", WEXITSTATUS(ws));
}

/* Start the workers and keep them running until SIGTERM or SIGINT: a
 * worker that dies is started again (the master keeps every listening
 * socket, so connections wait in its queue meanwhile).  Returns the
 * master's exit status, or -1 in a worker, which then serves. */
static int
supervise(struct worker *w)
{
	struct slot *slots;
	size_t n = w->o->workers, i;
	unsigned alive = 0;
	bool stopping = false;
	int status = EXIT_SUCCESS;
	sigset_t set;

	slots = calloc(n, sizeof(*slots));
	if (slots == NULL) {
		cli_error("out of memory");
		return EXIT_TROUBLE;
	}
	for (i = 0; i < n; i++)
		slots[i].restart_ms = 1; /* due now */
	server_signals(&set);
	for (;;) {
		long long now = now_ms(), next = 0;
		struct timespec wait;
		int sig, ws;
		pid_t pid;

		for (i = 0; !stopping && i < n; i++) {
			if (slots[i].restart_ms == 0 ||
			    slots[i].restart_ms > now) {
				if (slots[i].restart_ms != 0 &&
				    (next == 0 || slots[i].restart_ms < next))
					next = slots[i].restart_ms;
				continue;
			}
			pid = start_worker(w, i);
			if (pid == 0) {
				free(slots);
				return -1;
			}
			if (pid == -1) {
				cli_error("cannot start a worker: %s; trying "
					  "again in %d s",
					  strerror(errno),
					  RESTART_PAUSE_FIRST_MS / 1000);
				slots[i].restart_ms =
					now + RESTART_PAUSE_FIRST_MS;
				continue;
			}
			slots[i] = (struct slot){ pid, now, 0,
						  slots[i].quick_deaths };
			alive++;
		}
		if (alive == 0 && (stopping || next == 0))
			break;

		if (next != 0 && !stopping) {
			long long ms = next > now ? next - now : 0;

			wait.tv_sec = (time_t)(ms / 1000);
			wait.tv_nsec = (long)(ms % 1000) * 1000000;
			sig = sigtimedwait(&set, NULL, &wait);
		} else {
			sig = sigwaitinfo(&set, NULL);
		}
		if (sig == SIGTERM || sig == SIGINT) {
			if (!stopping)
				notify(w, "STOPPING=1");
			stopping = true;
			/* New clients are refused rather than queued on
			 * sockets nobody will accept from again. */
			close_listeners(w);
			for (i = 0; i < n; i++)
				if (slots[i].pid > 0)
					kill(slots[i].pid, sig);
		} else if (sig == SIGHUP && !stopping) {
			/* Checked once here, so a broken file is reported
			 * once; the master keeps the new configuration for
			 * the workers it starts later. */
			notify_reloading(w);
			if (reload(w))
				for (i = 0; i < n; i++)
					if (slots[i].pid > 0)
						kill(slots[i].pid, SIGHUP);
			notify(w, "READY=1");
		}

		now = now_ms();
		while ((pid = waitpid(-1, &ws, WNOHANG)) > 0) {
			char why[128];
			struct slot *sl = NULL;

			for (i = 0; i < n; i++)
				if (slots[i].pid == pid)
					sl = &slots[i];
			if (sl == NULL)
				continue;
			sl->pid = 0;
			alive--;
			if (stopping) {
				if (!WIFEXITED(ws) || WEXITSTATUS(ws) != 0) {
					describe_death(ws, why, sizeof(why));
					cli_error("worker %ld %s", (long)pid,
						  why);
					status = EXIT_TROUBLE;
				}
				continue;
			}
			if (now - sl->started_ms < RESTART_QUICK_MS)
				sl->quick_deaths++;
			else
				sl->quick_deaths = 0;
			if (sl->quick_deaths < 2) {
				sl->restart_ms = now;
			} else {
				long long pause = RESTART_PAUSE_FIRST_MS;

				for (unsigned k = 2;
				     k < sl->quick_deaths &&
				     pause < RESTART_PAUSE_MAX_MS;
				     k++)
					pause *= 2;
				if (pause > RESTART_PAUSE_MAX_MS)
					pause = RESTART_PAUSE_MAX_MS;
				sl->restart_ms = now + pause;
			}
			describe_death(ws, why, sizeof(why));
			if (sl->restart_ms == now)
				cli_error("worker %ld %s; starting a new one",
					  (long)pid, why);
			else
				cli_error("worker %ld %s; starting a new one "
					  "in %lld s",
					  (long)pid, why,
					  (sl->restart_ms - now + 999) / 1000);
		}
	}
	free(slots);
	return status;
}

/* ---- setting up */

/* Descriptors a worker keeps besides its connections: listeners,
 * epoll, signalfd, the log, the root, a margin. */
#define FDS_RESERVED 32

/* Raise the soft limit on open files to the hard one (as nginx's
 * worker_rlimit_nofile does by hand), and keep the default number of
 * connections below it: each may hold a socket and a file being sent,
 * and a worker that ran out of descriptors would only refuse at random. */
static unsigned
raise_nofile_limit(void)
{
	struct rlimit rl;
	rlim_t n;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return 0;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
			getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur == RLIM_INFINITY)
		return 0;
	n = rl.rlim_cur > 2 * FDS_RESERVED ? (rl.rlim_cur - FDS_RESERVED) / 2
					   : 1;
	return n > MAX_CONNS_LIMIT ? MAX_CONNS_LIMIT : (unsigned)n;
}

/* --allow, --body and --root into PARAMS (BODY and ROOT hold what they
 * point into). */
static int
load_content(const struct opts *o, struct mtls_httpd_params *params,
	     struct mtls_allow **allow, gnutls_datum_t *body, char *root,
	     struct mtls_err *e)
{
	struct stat st;

	for (size_t i = 0; i < o->n_allow; i++)
		if (mtls_allow_add(allow, o->allow[i], e) != 0)
			return -1;
	params->allow = *allow;
	if (o->body != NULL) {
		if (mtls_file_read(o->body, body, e) != 0)
			return -1;
		params->body = (const char *)body->data;
		params->body_len = body->size;
		params->content_type =
			o->content_type ? o->content_type
					: mtls_httpd_content_type(o->body);
	}
	if (o->root != NULL) {
		if (realpath(o->root, root) == NULL || stat(root, &st) != 0)
			return mtls_err_set(e,
					    "cannot use '%s' as the root: "
					    "%s",
					    o->root, strerror(errno));
		if (!S_ISDIR(st.st_mode))
			return mtls_err_set(e,
					    "cannot use '%s' as the root: "
					    "not a directory",
					    o->root);
		/* Files are opened beneath this descriptor, never by
		 * path from the top. */
		params->root_fd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (params->root_fd == -1)
			return mtls_err_set(e,
					    "cannot use '%s' as the root: "
					    "%s",
					    o->root, strerror(errno));
		params->root = root;
	}
	return 0;
}

static int
open_access_log(const struct opts *o, struct worker *w, struct mtls_err *e)
{
	if (strcmp(o->access_log, "none") == 0)
		w->access = NULL;
	else if (strcmp(o->access_log, "-") == 0)
		w->access = stdout;
	else if ((w->access = fopen(o->access_log, "a")) == NULL)
		return mtls_err_set(e, "cannot open the access log '%s': %s",
				    o->access_log, strerror(errno));
	/* Requests are news, not trouble. */
	w->access_journal = w->access != NULL &&
			    mtls_service_is_journal(getenv("JOURNAL_STREAM"),
						    fileno(w->access));
	return 0;
}

/* The NPASSED sockets a service manager passed (socket activation):
 * every worker shares each of them, through a descriptor of its own
 * (dup), since a SO_REUSEPORT group the manager did not open cannot take
 * sockets of ours. */
static int
open_passed(const struct opts *o, struct worker *w, size_t npassed,
	    struct mtls_err *e)
{
	char bound[128];

	for (size_t i = 0; i < npassed; i++) {
		int fd = MTLS_SERVICE_FDS_START + (int)i;

		if (mtls_listen_inherited(fd, bound, sizeof(bound), e) != 0)
			return -1;
		w->fds[i] = fd;
		for (size_t k = 1; k < o->workers; k++) {
			w->fds[k * npassed + i] = fcntl(fd, F_DUPFD_CLOEXEC, 0);
			if (w->fds[k * npassed + i] == -1)
				return mtls_err_set(e,
						    "passed descriptor %d: "
						    "%s",
						    fd, strerror(errno));
		}
		if (!o->quiet)
			fprintf(stderr, "%slistening on %s\n",
				cli_priority(CLI_PRI_INFO), bound);
	}
	return 0;
}

/* Every --listen address, once for each worker (SO_REUSEPORT), so that
 * the kernel spreads connections over the workers; or the sockets the
 * service manager passed (NPASSED > 0). */
static int
open_listeners(const struct opts *o, struct worker *w, size_t npassed,
	       struct mtls_err *e)
{
	char bound[128];

	w->nlisten = npassed > 0 ? npassed : o->n_listen;
	w->nfds = w->nlisten * o->workers;
	w->fds = calloc(w->nfds, sizeof(*w->fds));
	if (w->fds == NULL)
		return mtls_err_set(e, "out of memory");
	for (size_t i = 0; i < w->nfds; i++)
		w->fds[i] = -1;
	if (npassed > 0)
		return open_passed(o, w, npassed, e);
	for (size_t i = 0; i < o->n_listen; i++) {
		w->fds[i] = mtls_listen(o->listen[i], LISTEN_BACKLOG, bound,
					sizeof(bound), e);
		if (w->fds[i] == -1)
			return -1;
		for (size_t k = 1; k < o->workers; k++) {
			w->fds[k * w->nlisten + i] =
				mtls_listen_again(w->fds[i], LISTEN_BACKLOG, e);
			if (w->fds[k * w->nlisten + i] == -1)
				return mtls_err_prefix(e, "'%s'", o->listen[i]);
		}
		if (!o->quiet)
			fprintf(stderr, "%slistening on %s\n",
				cli_priority(CLI_PRI_INFO), bound);
	}
	return 0;
}

static int
run(struct opts *o, size_t npassed)
{
	struct mtls_httpd_params params = {
		.max_conns = o->max_conns,
		.max_handshakes_per_address = o->max_handshakes_per_ip,
		.handshake_timeout_ms = o->handshake_ms,
		.idle_timeout_ms = o->idle_ms,
		.max_head = MTLS_HTTPD_HEAD_MAX,
		.max_body = REQUEST_BODY_MAX,
		.log_access = log_access_line,
		.log_flush = log_access_flush,
		.log_error = log_error_line,
		.root_fd = -1,
	};
	struct worker w = { .o = o, .notify = getenv("NOTIFY_SOCKET") };
	struct mtls_tls_config *cfg = NULL;
	struct mtls_allow *allow = NULL;
	struct mtls_backend backend;
	gnutls_datum_t body = { NULL, 0 };
	char root[PATH_MAX], note[4 * MTLS_ERR_MAX];
	struct mtls_err e;
	sigset_t set;
	unsigned nofile_conns;
	int status = EXIT_TROUBLE;

	params.log_arg = &w;
	if (o->user != NULL && mtls_service_can_become(o->user, &e) != 0)
		goto fail;
	/* The passphrase of an encrypted key is learnt once, at start (a
	 * prompt cannot come at a reload). */
	if (cli_key_passphrase(o->key, &o->pass, &e) != 0)
		goto fail;
	nofile_conns = raise_nofile_limit();
	if (params.max_conns == 0)
		params.max_conns = nofile_conns;
	if (load_content(o, &params, &allow, &body, root, &e) != 0)
		goto fail;
	if (o->backend != NULL) {
		if (mtls_backend_parse(o->backend, &backend, &e) != 0)
			goto fail;
		params.backend = &backend;
		params.backend_timeout_ms = o->backend_ms;
		params.forward_cert = o->forward_cert;
		params.proxy_protocol = o->proxy_protocol;
	}
	if ((cfg = load_config(o, &e)) == NULL)
		goto fail;
	if (mtls_tls_config_ca_count(cfg) == 0) {
		mtls_err_set(&e, "no trusted CA: give --ca");
		goto fail;
	}
	if (own_cert_note(o, cfg, note, sizeof(note)))
		cli_warn("%s", note);
	warn_crls(cfg);
	if (open_access_log(o, &w, &e) != 0)
		goto fail;
	/* No access log: no line is even formatted. */
	if (w.access == NULL) {
		params.log_access = NULL;
		params.log_flush = NULL;
	}
	if ((w.tls = mtls_tls_server_new(cfg, &e)) == NULL)
		goto fail;
	cfg = NULL;
	if (open_listeners(o, &w, npassed, &e) != 0)
		goto fail;
	/* Everything that needs root (a port below 1024, keys only root
	 * may read) is done: the rest runs as USER. */
	if (o->user != NULL && mtls_service_become(o->user, &e) != 0)
		goto fail;

	/* Signals are taken from a signalfd (workers) or sigwaitinfo (the
	 * master), never by handlers. */
	signal(SIGPIPE, SIG_IGN);
	server_signals(&set);
	sigprocmask(SIG_BLOCK, &set, NULL);

	/* Listening, with the credentials loaded: connections are queued
	 * from now on.  The main process says so (the workers it starts
	 * later are not the ones the service manager listens to). */
	notify(&w, "READY=1");
	if (o->workers == 1) {
		w.log_reload = true;
		status = serve(&w, &params);
	} else if ((status = supervise(&w)) == -1) {
		status = serve(&w, &params);
	}
	goto out;
fail:
	cli_error("%s", cli_err_text(&e));
out:
	close_listeners(&w);
	free(w.fds);
	mtls_tls_server_free(w.tls);
	mtls_tls_config_free(cfg);
	mtls_allow_free(allow);
	gnutls_free(body.data);
	if (params.root_fd != -1)
		close(params.root_fd);
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
	struct mtls_err e;
	bool is_tcp;
	int ch, status, npassed;

	cli_init(argv[0]);
	/* Under systemd with standard error in the journal, each line
	 * carries its priority. */
	cli_set_priority_prefix(mtls_service_is_journal(
		getenv("JOURNAL_STREAM"), STDERR_FILENO));
	o.workers = ncpu > 0 && ncpu < WORKERS_MAX ? (unsigned)ncpu : 1;
	while ((ch = getopt_long(argc, argv, short_opts, long_opts, NULL)) !=
	       -1) {
		switch (ch) {
		case OPT_CA:
			add_to(o.ca, &o.n_ca, optarg, "--ca");
			break;
		case OPT_CRL:
			add_to(o.crl, &o.n_crl, optarg, "--crl");
			break;
		case OPT_UNTRUSTED:
			add_to(o.untrusted, &o.n_untrusted, optarg,
			       "--untrusted");
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
			if (cli_parse_uint(optarg, 1, WORKERS_MAX,
					   &o.workers) != 0)
				cli_usage_error("invalid number of workers: "
						"'%s'",
						optarg);
			break;
		case OPT_MAX_HANDSHAKES_PER_IP:
			if (cli_parse_uint(optarg, 1, MAX_CONNS_LIMIT,
					   &o.max_handshakes_per_ip) != 0)
				cli_usage_error("invalid number of handshakes: "
						"'%s'",
						optarg);
			break;
		case OPT_MAX_CONNS:
			if (cli_parse_uint(optarg, 1, MAX_CONNS_LIMIT,
					   &o.max_conns) != 0)
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
		case OPT_TICKET_KEY:
			o.ticket_key = optarg;
			break;
		case OPT_TICKET_KEY_GENERATE:
			o.ticket_key_generate = optarg;
			break;
		case OPT_FORCE:
			o.force = true;
			break;
		case OPT_USER:
			o.user = optarg;
			break;
		case OPT_BACKEND:
			o.backend = optarg;
			break;
		case OPT_BACKEND_TIMEOUT:
			if (parse_seconds(optarg, &o.backend_ms) != 0)
				cli_usage_error("invalid backend timeout: '%s'",
						optarg);
			break;
		case OPT_FORWARD_CERT:
			o.forward_cert = true;
			break;
		case OPT_PROXY_PROTOCOL:
			o.proxy_protocol = true;
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
	if (optind < argc)
		cli_usage_error("unexpected argument: '%s'", argv[optind]);
	if (o.ticket_key_generate != NULL) {
		if (mtls_ticket_key_generate(o.ticket_key_generate, o.force,
					     &e) != 0) {
			cli_error("%s", cli_err_text(&e));
			return EXIT_TROUBLE;
		}
		return EXIT_SUCCESS;
	}
	if (o.force)
		cli_usage_error("--force needs --ticket-key-generate");
	/* Sockets passed by the service manager (socket activation) are
	 * taken once, here; our children must not think them theirs. */
	npassed = mtls_service_listen_fds(getenv("LISTEN_PID"),
					  getenv("LISTEN_FDS"), getpid(), &e);
	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDS");
	unsetenv("LISTEN_FDNAMES");
	if (npassed < 0) {
		cli_error("%s", cli_err_text(&e));
		return EXIT_TROUBLE;
	}
	if (npassed > 0 && o.n_listen > 0)
		cli_usage_error("--listen cannot be used with the sockets "
				"passed by the service manager (LISTEN_FDS)");
	if (o.n_ca == 0)
		cli_usage_error("missing --ca (the CA that issues client "
				"certificates)");
	if (o.cert == NULL)
		cli_usage_error("missing --cert and --key (the server's "
				"certificate and key, or --cert FILE.p12)");
	/* A PKCS#12 file holds the key too. */
	if (o.key == NULL)
		o.key = o.cert;
	if (o.body != NULL && o.root != NULL)
		cli_usage_error("--body and --root cannot be used together");
	if (o.backend != NULL && (o.body != NULL || o.root != NULL))
		cli_usage_error("--backend cannot be used with %s",
				o.body != NULL ? "--body" : "--root");
	if (o.backend == NULL && (o.backend_ms != 0 || o.forward_cert))
		cli_usage_error("%s needs --backend",
				o.forward_cert ? "--forward-cert"
					       : "--backend-timeout");
	is_tcp = o.backend != NULL && strncmp(o.backend, "tcp://", 6) == 0;
	if (o.proxy_protocol && !is_tcp)
		cli_usage_error("--proxy-protocol needs --backend tcp://...");
	if (is_tcp && (o.forward_cert || o.backend_ms != 0))
		cli_usage_error("%s needs an HTTP --backend",
				o.forward_cert ? "--forward-cert"
					       : "--backend-timeout");
	if (o.content_type != NULL && o.body == NULL)
		cli_usage_error("--content-type needs --body");
	if (o.n_listen == 0 && npassed == 0)
		o.listen[o.n_listen++] = "0.0.0.0:3100";
	status = run(&o, (size_t)npassed);
	cli_pass_free(&o.pass);
	return status;
}
