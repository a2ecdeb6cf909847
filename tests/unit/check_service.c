/*
 * check_service.c -- the service manager's protocols: which passed sockets
 * are ours (mtls_service_listen_fds), notifications as datagrams
 * (mtls_service_notify), the journal's stream (mtls_service_is_journal),
 * and the check of a passed socket (mtls_listen_inherited, listen.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "mtls_internal.h"
#include "suites.h"

#define ROWS(a) (int)(sizeof(a) / sizeof((a)[0]))

struct fds_row {
	const char *listen_pid, *listen_fds;
	int want; /* -1: an error, with MSG */
	const char *msg;
};

/* The process is PID 4242. */
static const struct fds_row fds_rows[] = {
	{ "4242", "1", 1, NULL },
	{ "4242", "3", 3, NULL },
	{ "4242", "0", 0, NULL },
	{ NULL, "1", 0, NULL },
	{ "4242", NULL, 0, NULL },
	{ NULL, NULL, 0, NULL },
	/* Meant for another process, or for none we can tell. */
	{ "4243", "1", 0, NULL },
	{ "1", "1", 0, NULL },
	{ "", "1", 0, NULL },
	{ "4242x", "1", 0, NULL },
	{ "-4242", "1", 0, NULL },
	{ " 4242", "1", 0, NULL },
	/* Ours, but not a number of sockets. */
	{ "4242", "", -1,
	  "invalid number of sockets passed by the service manager: ''" },
	{ "4242", "1x", -1,
	  "invalid number of sockets passed by the service manager: '1x'" },
	{ "4242", "-1", -1,
	  "invalid number of sockets passed by the service manager: '-1'" },
	{ "4242", "1025", -1,
	  "invalid number of sockets passed by the service manager: '1025'" },
	{ "4242", "99999999999999999999", -1,
	  "invalid number of sockets passed by the service manager: "
	  "'99999999999999999999'" },
};

START_TEST(test_listen_fds)
{
	const struct fds_row *r = &fds_rows[_i];
	struct mtls_err e = { .msg = "" };

	ck_assert_int_eq(mtls_service_listen_fds(r->listen_pid, r->listen_fds,
						 4242, &e),
			 r->want);
	ck_assert_str_eq(e.msg, r->msg != NULL ? r->msg : "");
}
END_TEST

START_TEST(test_is_journal)
{
	char path[] = "/tmp/check-service-XXXXXX", text[128];
	struct stat st;
	int fd = mkstemp(path), other = open("/dev/null", O_RDONLY);

	ck_assert_int_ne(fd, -1);
	ck_assert_int_ne(other, -1);
	ck_assert_int_eq(fstat(fd, &st), 0);
	snprintf(text, sizeof(text), "%llu:%llu", (unsigned long long)st.st_dev,
		 (unsigned long long)st.st_ino);
	ck_assert(mtls_service_is_journal(text, fd));
	ck_assert(!mtls_service_is_journal(text, other));
	ck_assert(!mtls_service_is_journal(NULL, fd));
	ck_assert(!mtls_service_is_journal(text, -1));
	snprintf(text, sizeof(text), "%llu:%llu",
		 (unsigned long long)st.st_dev + 1,
		 (unsigned long long)st.st_ino);
	ck_assert(!mtls_service_is_journal(text, fd));
	snprintf(text, sizeof(text), "%llu:%llu", (unsigned long long)st.st_dev,
		 (unsigned long long)st.st_ino + 1);
	ck_assert(!mtls_service_is_journal(text, fd));
	snprintf(text, sizeof(text), "%llu:%llux",
		 (unsigned long long)st.st_dev, (unsigned long long)st.st_ino);
	ck_assert(!mtls_service_is_journal(text, fd));
	snprintf(text, sizeof(text), "%llu", (unsigned long long)st.st_dev);
	ck_assert(!mtls_service_is_journal(text, fd));
	ck_assert(!mtls_service_is_journal("", fd));
	ck_assert(!mtls_service_is_journal(":", fd));
	close(fd);
	close(other);
	unlink(path);
}
END_TEST

/* A datagram socket at ADDR ("/path" or "@name"), or -1. */
static int
dgram_at(const char *addr)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	size_t len = strlen(addr);
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	memcpy(sun.sun_path, addr, len);
	if (addr[0] == '@')
		sun.sun_path[0] = '\0';
	if (fd == -1 ||
	    bind(fd, (struct sockaddr *)&sun,
		 (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len)) !=
		    0) {
		if (fd != -1)
			close(fd);
		return -1;
	}
	return fd;
}

START_TEST(test_notify)
{
	char dir[] = "/tmp/check-notify-XXXXXX", path[128], name[64];
	char got[256];
	struct mtls_err e = { .msg = "" };
	const char *addrs[2];
	ssize_t n;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/notify", dir);
	snprintf(name, sizeof(name), "@check-notify-%ld", (long)getpid());
	addrs[0] = path;
	addrs[1] = name;
	for (int i = 0; i < 2; i++) {
		int fd = dgram_at(addrs[i]);

		ck_assert_int_ne(fd, -1);
		ck_assert_int_eq(mtls_service_notify(addrs[i],
						     "RELOADING=1\nMONOTONIC_"
						     "USEC=42",
						     &e),
				 0);
		n = recv(fd, got, sizeof(got) - 1, MSG_DONTWAIT);
		ck_assert_int_eq(n, 29);
		got[n] = '\0';
		ck_assert_str_eq(got, "RELOADING=1\nMONOTONIC_USEC=42");
		close(fd);
	}
	unlink(path);
	/* Nobody listens there any more. */
	ck_assert_int_eq(mtls_service_notify(path, "READY=1", &e), -1);
	snprintf(got, sizeof(got),
		 "cannot notify the service manager at '%s': No such file "
		 "or directory",
		 path);
	ck_assert_str_eq(e.msg, got);
	rmdir(dir);
	/* Not an address. */
	ck_assert_int_eq(mtls_service_notify("notify.sock", "READY=1", &e), -1);
	ck_assert_str_eq(e.msg, "invalid notification socket 'notify.sock': "
				"expected /PATH or @NAME");
	ck_assert_int_eq(mtls_service_notify("@", "READY=1", &e), -1);
	ck_assert_int_eq(mtls_service_notify(NULL, "READY=1", &e), -1);
	ck_assert_str_eq(e.msg, "invalid notification socket '': expected "
				"/PATH or @NAME");
}
END_TEST

/* A TCP socket on 127.0.0.1 (a free port), listening when LISTENING. */
static int
tcp_socket(bool listening)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_ne(fd, -1);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	if (listening)
		ck_assert_int_eq(listen(fd, 8), 0);
	return fd;
}

START_TEST(test_inherited)
{
	struct mtls_err e = { .msg = "" };
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	char bound[64], want[128];
	int fd = tcp_socket(true), pipes[2];

	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	snprintf(want, sizeof(want), "127.0.0.1:%u", ntohs(sin.sin_port));
	ck_assert_int_eq(mtls_listen_inherited(fd, bound, sizeof(bound), &e),
			 0);
	ck_assert_str_eq(bound, want);
	ck_assert(fcntl(fd, F_GETFL) & O_NONBLOCK);
	ck_assert(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	close(fd);

	fd = tcp_socket(false);
	ck_assert_int_eq(mtls_listen_inherited(fd, bound, sizeof(bound), &e),
			 -1);
	snprintf(want, sizeof(want),
		 "passed descriptor %d: not a listening stream socket", fd);
	ck_assert_str_eq(e.msg, want);
	close(fd);

	fd = socket(AF_INET, SOCK_DGRAM, 0);
	ck_assert_int_eq(mtls_listen_inherited(fd, bound, sizeof(bound), &e),
			 -1);
	snprintf(want, sizeof(want),
		 "passed descriptor %d: not a listening stream socket", fd);
	ck_assert_str_eq(e.msg, want);
	close(fd);

	ck_assert_int_eq(pipe(pipes), 0);
	ck_assert_int_eq(mtls_listen_inherited(pipes[0], bound, sizeof(bound),
					       &e),
			 -1);
	snprintf(want, sizeof(want),
		 "passed descriptor %d: not a socket (Socket operation on "
		 "non-socket)",
		 pipes[0]);
	ck_assert_str_eq(e.msg, want);
	close(pipes[0]);
	close(pipes[1]);
}
END_TEST

Suite *
service_suite(void)
{
	Suite *s = suite_create("service");
	TCase *tc;

	tc = tcase_create("service");
	tcase_add_loop_test(tc, test_listen_fds, 0, ROWS(fds_rows));
	tcase_add_test(tc, test_is_journal);
	tcase_add_test(tc, test_notify);
	tcase_add_test(tc, test_inherited);
	suite_add_tcase(s, tc);
	return s;
}
