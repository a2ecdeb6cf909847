/*
 * cli-pass.c -- passphrases for encrypted keys: from a file, from an
 * environment variable, or asked on the terminal; never from the command
 * line, where ps(1) would show them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"

#define PASS_MAX 1024

bool
cli_pass_option(int ch, const char *arg, struct cli_pass *p)
{
	switch (ch) {
	case CLI_OPT_PASS_FILE:
		p->file = arg;
		p->env = NULL;
		return true;
	case CLI_OPT_PASS_ENV:
		p->env = arg;
		p->file = NULL;
		return true;
	default:
		return false;
	}
}

/* The first line of P->file, or P->env's value, into P->value. */
static int
pass_load(struct cli_pass *p, struct mtls_err *e)
{
	gnutls_datum_t data = { NULL, 0 };
	const char *v;
	size_t n;

	if (p->loaded || (p->file == NULL && p->env == NULL))
		return 0;
	if (p->env != NULL) {
		v = getenv(p->env);
		if (v == NULL)
			return mtls_err_set(e,
					    "the environment variable '%s' "
					    "(--pass-env) is not set",
					    p->env);
		n = strlen(v);
	} else {
		if (mtls_file_read(p->file, &data, e) != 0)
			return mtls_err_prefix(e, "--pass-file");
		v = (const char *)data.data;
		n = strcspn(v, "\r\n");
	}
	p->value = malloc(n + 1);
	if (p->value == NULL) {
		mtls_datum_wipe(&data);
		return mtls_err_set(e, "out of memory");
	}
	memcpy(p->value, v, n);
	p->value[n] = '\0';
	mtls_datum_wipe(&data);
	p->loaded = true;
	if (n == 0)
		return mtls_err_set(e, "the passphrase from %s is empty",
				    p->env ? "--pass-env" : "--pass-file");
	return 0;
}

/* Ask on the terminal (not echoed); -1 without one. */
static int
pass_ask(const char *prompt, char *buf, size_t size)
{
	struct termios old, quiet;
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC), rv = -1;
	ssize_t n = 0;
	size_t len = 0;
	char ch;

	if (fd == -1)
		return -1;
	if (tcgetattr(fd, &old) != 0) {
		close(fd);
		return -1;
	}
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	if (write(fd, prompt, strlen(prompt)) < 0 ||
	    tcsetattr(fd, TCSAFLUSH, &quiet) != 0)
		goto out;
	while ((n = read(fd, &ch, 1)) == 1 && ch != '\n' && ch != '\r')
		if (len + 1 < size)
			buf[len++] = ch;
	buf[len] = '\0';
	rv = n < 0 ? -1 : 0;
out:
	tcsetattr(fd, TCSAFLUSH, &old);
	if (write(fd, "\n", 1) < 0) {
		/* the terminal went away: the answer stands */
	}
	close(fd);
	return rv;
}

int
cli_key_load(const char *path, struct cli_pass *p, gnutls_privkey_t *out,
	     struct mtls_err *e)
{
	char prompt[256], buf[PASS_MAX];
	int rv;

	if (pass_load(p, e) != 0)
		return -1;
	rv = mtls_key_load(path, p->value, out, e);
	if (rv == 0 || e->hint != MTLS_HINT_PASSPHRASE || p->value != NULL)
		return rv;
	/* Encrypted, and no passphrase option: ask, when there is a
	 * terminal to ask on. */
	snprintf(prompt, sizeof(prompt),
		 "Passphrase for '%s': ", mtls_file_name(path, false));
	if (pass_ask(prompt, buf, sizeof(buf)) != 0)
		return -1;
	p->value = strdup(buf);
	gnutls_memset(buf, 0, sizeof(buf));
	if (p->value == NULL)
		return mtls_err_set(e, "out of memory");
	p->loaded = true;
	return mtls_key_load(path, p->value, out, e);
}

int
cli_pass_new(struct cli_pass *p, const char **out, struct mtls_err *e)
{
	char a[PASS_MAX], b[PASS_MAX];

	if (pass_load(p, e) != 0)
		return -1;
	if (p->value == NULL) {
		if (pass_ask("Passphrase for the new key: ", a, sizeof(a)) != 0)
			return mtls_err_set(e, "a passphrase is needed to "
					       "protect the new file: give "
					       "--pass-file FILE or --pass-env "
					       "VAR (there is no terminal to "
					       "ask on)");
		if (pass_ask("The same again: ", b, sizeof(b)) != 0 ||
		    strcmp(a, b) != 0) {
			gnutls_memset(a, 0, sizeof(a));
			gnutls_memset(b, 0, sizeof(b));
			return mtls_err_set(e, "the passphrases do not match");
		}
		p->value = strdup(a);
		gnutls_memset(a, 0, sizeof(a));
		gnutls_memset(b, 0, sizeof(b));
		if (p->value == NULL)
			return mtls_err_set(e, "out of memory");
		p->loaded = true;
	}
	if (p->value[0] == '\0')
		return mtls_err_set(e, "an empty passphrase protects nothing");
	*out = p->value;
	return 0;
}

int
cli_pass_value(struct cli_pass *p, const char **out, struct mtls_err *e)
{
	if (pass_load(p, e) != 0)
		return -1;
	*out = p->value;
	return 0;
}

void
cli_pass_free(struct cli_pass *p)
{
	if (p->value != NULL) {
		gnutls_memset(p->value, 0, strlen(p->value));
		free(p->value);
		p->value = NULL;
	}
	p->loaded = false;
}

int
cli_key_obtain(const char *path, struct cli_pass *p,
	       const struct mtls_keyspec *spec, gnutls_privkey_t *key,
	       gnutls_datum_t *pem, struct mtls_err *e)
{
	gnutls_privkey_t probe = NULL;

	if (path == NULL)
		return mtls_key_obtain(NULL, NULL, spec, key, pem, e);
	/* Learn the passphrase (asking if need be), then load for real,
	 * with mtls_key_obtain's strength check. */
	if (cli_key_load(path, p, &probe, e) != 0)
		return -1;
	gnutls_privkey_deinit(probe);
	return mtls_key_obtain(path, p->value, spec, key, pem, e);
}

int
cli_key_passphrase(const char *path, struct cli_pass *p, struct mtls_err *e)
{
	gnutls_datum_t data = { NULL, 0 };
	gnutls_privkey_t probe = NULL;
	bool p12;

	if (strncmp(path, "pkcs11:", 7) == 0)
		return 0;
	if (mtls_file_read(path, &data, e) != 0)
		return -1;
	p12 = mtls_is_pkcs12(&data);
	mtls_datum_wipe(&data);
	if (p12)
		return pass_load(p, e);
	if (cli_key_load(path, p, &probe, e) != 0)
		return -1;
	gnutls_privkey_deinit(probe);
	return 0;
}
