/*
 * service.c -- what a service manager such as systemd hands a server and
 * wants to hear from it, by its documented protocols and without
 * libsystemd: how many sockets it passed (sd_listen_fds), readiness and
 * reload notifications (sd_notify), whether a stream is the journal's,
 * and switching to an unprivileged user.  The program reads the
 * environment and passes the values in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "mtls_internal.h"

/* A whole decimal number without sign or junk, up to MAX. */
static int
parse_number(const char *text, unsigned long long max, unsigned long long *out)
{
	char *end;

	if (text == NULL || text[0] < '0' || text[0] > '9')
		return -1;
	errno = 0;
	*out = strtoull(text, &end, 10);
	return errno != 0 || *end != '\0' || *out > max ? -1 : 0;
}

int
mtls_service_listen_fds(const char *listen_pid, const char *listen_fds,
			pid_t pid, struct mtls_err *e)
{
	unsigned long long v;

	if (listen_pid == NULL || listen_fds == NULL)
		return 0;
	/* Sockets meant for another process (the variables leaked into
	 * ours from a parent) are not ours to take. */
	if (parse_number(listen_pid, (unsigned long long)INT32_MAX, &v) != 0 ||
	    v != (unsigned long long)pid)
		return 0;
	if (parse_number(listen_fds, MTLS_SERVICE_FDS_MAX, &v) != 0)
		return mtls_err_set(e,
				    "invalid number of sockets passed by "
				    "the service manager: '%s'",
				    listen_fds);
	return (int)v;
}

int
mtls_service_notify(const char *addr, const char *state, struct mtls_err *e)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	size_t len = addr != NULL ? strlen(addr) : 0;
	socklen_t salen;
	ssize_t n;
	int fd, err;

	if (len < 2 || len >= sizeof(sun.sun_path) ||
	    (addr[0] != '/' && addr[0] != '@'))
		return mtls_err_set(e,
				    "invalid notification socket '%s': "
				    "expected /PATH or @NAME",
				    addr != NULL ? addr : "");
	memcpy(sun.sun_path, addr, len);
	/* "@NAME" is NAME in the abstract namespace: a leading NUL, and
	 * the length says where it ends. */
	if (addr[0] == '@')
		sun.sun_path[0] = '\0';
	salen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len +
			    (addr[0] == '/' ? 1 : 0));
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd == -1)
		goto fail;
	n = sendto(fd, state, strlen(state), MSG_NOSIGNAL,
		   (struct sockaddr *)&sun, salen);
	if (n < 0)
		goto fail;
	close(fd);
	return 0;
fail:
	err = errno;
	if (fd != -1)
		close(fd);
	return mtls_err_set(e, "cannot notify the service manager at '%s': %s",
			    addr, strerror(err));
}

bool
mtls_service_is_journal(const char *journal_stream, int fd)
{
	unsigned long long dev, ino;
	struct stat st;
	char *end;

	if (journal_stream == NULL || fstat(fd, &st) != 0)
		return false;
	/* "DEV:INODE", both in decimal. */
	errno = 0;
	dev = strtoull(journal_stream, &end, 10);
	if (errno != 0 || end == journal_stream || *end != ':')
		return false;
	journal_stream = end + 1;
	ino = strtoull(journal_stream, &end, 10);
	if (errno != 0 || end == journal_stream || *end != '\0')
		return false;
	return (unsigned long long)st.st_dev == dev &&
	       (unsigned long long)st.st_ino == ino;
}

/* USER's entry, when this process may become USER: as root, anyone; as
 * another user, only that user (nothing changes; *SAME is set). */
static struct passwd *
lookup_user(const char *user, bool *same, struct mtls_err *e)
{
	struct passwd *pw;

	errno = 0;
	pw = getpwnam(user);
	if (pw == NULL) {
		mtls_err_set(e, "cannot switch to user '%s': %s", user,
			     errno != 0 ? strerror(errno) : "no such user");
		return NULL;
	}
	*same = pw->pw_uid == geteuid() && pw->pw_uid == getuid();
	if (geteuid() != 0 && !*same) {
		mtls_err_set(e, "cannot switch to user '%s': only root can",
			     user);
		return NULL;
	}
	return pw;
}

int
mtls_service_can_become(const char *user, struct mtls_err *e)
{
	bool same;

	return lookup_user(user, &same, e) != NULL ? 0 : -1;
}

int
mtls_service_become(const char *user, struct mtls_err *e)
{
	struct passwd *pw;
	bool same;

	if ((pw = lookup_user(user, &same, e)) == NULL)
		return -1;
	if (geteuid() != 0)
		return 0;
	/* Groups first: once the user id is not root, neither the
	 * supplementary groups nor the group id could change any more. */
	if (initgroups(pw->pw_name, pw->pw_gid) != 0 ||
	    setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0)
		return mtls_err_set(e, "cannot switch to user '%s': %s", user,
				    strerror(errno));
	/* A root user id that could be taken back would undo it all. */
	if (pw->pw_uid != 0 && (setuid(0) == 0 || seteuid(0) == 0))
		return mtls_err_set(e,
				    "cannot switch to user '%s': root "
				    "privileges could be regained",
				    user);
	return 0;
}
