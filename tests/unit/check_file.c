/*
 * check_file.c -- file.c: atomic writes that never clobber, key modes,
 * no temporary file left behind, and reads that name the file.
 *
 * Every test gets a fresh temporary directory (the fixture) and works
 * inside it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mtls_internal.h"
#include "suites.h"

/* The fixture's directory (set up and removed around each test, in the
 * test's own process). */
static char dir[PATH_MAX];

static void
make_dir(void)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, sizeof(dir), "%s/check_mtls.XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	ck_assert_msg(mkdtemp(dir) != NULL, "mkdtemp: %s", strerror(errno));
}

static int
remove_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	return remove(path);
}

static int
make_writable(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	if (flag == FTW_D)
		chmod(path, 0700);
	return 0;
}

static void
remove_dir(void)
{
	/* A test may leave a read-only directory behind. */
	nftw(dir, make_writable, 16, FTW_PHYS);
	nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* DIR/NAME, in a buffer that lasts until the next call with the same
 * BUF. */
static const char *
in_dir(char buf[PATH_MAX], const char *name)
{
	int n = snprintf(buf, PATH_MAX, "%s/%s", dir, name);

	ck_assert(n > 0 && n < PATH_MAX);
	return buf;
}

static void
put_file(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode);

	ck_assert_msg(fd >= 0, "%s: %s", path, strerror(errno));
	ck_assert_int_eq(write(fd, text, strlen(text)), (int)strlen(text));
	ck_assert_int_eq(fchmod(fd, mode), 0);
	ck_assert_int_eq(close(fd), 0);
}

/* PATH holds exactly TEXT. */
static void
assert_file(const char *path, const char *text)
{
	char buf[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	ck_assert_msg(fd >= 0, "%s: %s", path, strerror(errno));
	n = read(fd, buf, sizeof(buf));
	close(fd);
	ck_assert_int_eq(n, (ssize_t)strlen(text));
	ck_assert_mem_eq(buf, text, strlen(text));
}

static mode_t
mode_of(const char *path)
{
	struct stat st;

	ck_assert_msg(lstat(path, &st) == 0, "%s: %s", path, strerror(errno));
	return st.st_mode & 07777;
}

/* FMT with "%P" replaced by P and "%D" by D, in OUT. */
static void
expand(char *out, size_t size, const char *fmt, const char *p, const char *d)
{
	size_t n = 0;
	const char *s;

	for (; *fmt != '\0'; fmt++) {
		s = NULL;
		if (fmt[0] == '%' && fmt[1] == 'P')
			s = p;
		else if (fmt[0] == '%' && fmt[1] == 'D')
			s = d;
		if (s != NULL) {
			fmt++;
			for (; *s != '\0' && n + 1 < size; s++)
				out[n++] = *s;
		} else if (n + 1 < size) {
			out[n++] = *fmt;
		}
	}
	out[n] = '\0';
}

/* No ".NAME.XXXXXX" temporary file is left in D. */
static void
assert_no_temp(const char *d)
{
	DIR *dp = opendir(d);
	struct dirent *de;

	ck_assert_msg(dp != NULL, "%s: %s", d, strerror(errno));
	while ((de = readdir(dp)) != NULL)
		ck_assert_msg(de->d_name[0] != '.' ||
				      strcmp(de->d_name, ".") == 0 ||
				      strcmp(de->d_name, "..") == 0,
			      "temporary file '%s' left in '%s'", de->d_name,
			      d);
	closedir(dp);
}

struct mode_row {
	unsigned flags;
	mode_t umask;
	mode_t want_mode;
};

/* Keys are 0600 whatever the umask; other files follow it. */
static const struct mode_row mode_rows[] = {
	{ 0, 022, 0644 },
	{ 0, 027, 0640 },
	{ 0, 077, 0600 },
	{ 0, 002, 0664 },
	{ 0, 0, 0666 },
	{ MTLS_WRITE_SECRET, 022, 0600 },
	{ MTLS_WRITE_SECRET, 0, 0600 },
	{ MTLS_WRITE_SECRET, 077, 0600 },
	{ MTLS_WRITE_FORCE, 022, 0644 },
	{ MTLS_WRITE_SECRET | MTLS_WRITE_FORCE, 0, 0600 },
};

START_TEST(test_write_mode)
{
	const struct mode_row *r = &mode_rows[_i];
	struct mtls_err e = { 0 };
	char p[PATH_MAX];
	mode_t old;
	int rv;

	in_dir(p, "out.pem");
	old = umask(r->umask);
	rv = mtls_file_write(p, "hello\n", 6, r->flags, &e);
	umask(old);
	ck_assert_msg(rv == 0, "%s", e.msg);
	assert_file(p, "hello\n");
	ck_assert_uint_eq(mode_of(p), r->want_mode);
	assert_no_temp(dir);
}
END_TEST

/* Without --force an existing file stays exactly as it was. */
START_TEST(test_write_no_clobber)
{
	struct mtls_err e = { 0 };
	char p[PATH_MAX], want[PATH_MAX + 64];

	in_dir(p, "key.pem");
	put_file(p, "precious\n", 0640);
	ck_assert_int_eq(mtls_file_write(p, "new", 3, 0, &e), -1);
	expand(want, sizeof(want), "'%P' already exists", p, NULL);
	ck_assert_str_eq(e.msg, want);
	ck_assert_int_eq(e.hint, MTLS_HINT_FORCE);
	assert_file(p, "precious\n");
	ck_assert_uint_eq(mode_of(p), 0640);

	ck_assert_int_eq(mtls_file_write(p, "new", 3, MTLS_WRITE_SECRET, &e),
			 -1);
	ck_assert_str_eq(e.msg, want);
	assert_file(p, "precious\n");
	ck_assert_uint_eq(mode_of(p), 0640);
	assert_no_temp(dir);
}
END_TEST

/* A symbolic link counts as an existing file, and its target is left
 * alone. */
START_TEST(test_write_no_clobber_symlink)
{
	struct mtls_err e = { 0 };
	char target[PATH_MAX], link_path[PATH_MAX];

	in_dir(target, "target");
	in_dir(link_path, "link");
	put_file(target, "precious\n", 0644);
	ck_assert_int_eq(symlink(target, link_path), 0);
	ck_assert_int_eq(mtls_file_write(link_path, "new", 3, 0, &e), -1);
	ck_assert_ptr_nonnull(strstr(e.msg, "already exists"));
	assert_file(target, "precious\n");
	/* A dangling one too. */
	ck_assert_int_eq(unlink(target), 0);
	ck_assert_int_eq(mtls_file_write(link_path, "new", 3, 0, &e), -1);
	ck_assert_ptr_nonnull(strstr(e.msg, "already exists"));
	ck_assert_int_eq(access(target, F_OK), -1);
	assert_no_temp(dir);
}
END_TEST

/* With --force the file is replaced (a new file, so a key's mode is
 * 0600 even if the old file's was not). */
START_TEST(test_write_force)
{
	struct mtls_err e = { 0 };
	char p[PATH_MAX];

	in_dir(p, "key.pem");
	put_file(p, "old contents, longer than the new\n", 0644);
	ck_assert_msg(mtls_file_write(p, "new\n", 4,
				      MTLS_WRITE_FORCE | MTLS_WRITE_SECRET,
				      &e) == 0,
		      "%s", e.msg);
	assert_file(p, "new\n");
	ck_assert_uint_eq(mode_of(p), 0600);
	assert_no_temp(dir);
}
END_TEST

/* --force does not replace a directory. */
START_TEST(test_write_force_directory)
{
	struct mtls_err e = { 0 };
	char p[PATH_MAX], want[PATH_MAX + 64];
	struct stat st;

	in_dir(p, "sub");
	ck_assert_int_eq(mkdir(p, 0700), 0);
	ck_assert_int_eq(mtls_file_write(p, "x", 1, MTLS_WRITE_FORCE, &e), -1);
	expand(want, sizeof(want), "'%P' is a directory", p, NULL);
	ck_assert_str_eq(e.msg, want);
	ck_assert_int_eq(lstat(p, &st), 0);
	ck_assert(S_ISDIR(st.st_mode));
	assert_no_temp(dir);
	assert_no_temp(p);
}
END_TEST

/* Into a directory that does not exist, or below a regular file: an
 * error naming the file and the directory, and nothing left behind. */
struct bad_dir_row {
	const char *name;
	const char *want_fmt; /* %P the path, %D its directory */
};

static const struct bad_dir_row bad_dir_rows[] = {
	{ "missing/out.pem",
	  "cannot write '%P': directory '%D': No such file or directory" },
	{ "missing/deeper/out.pem",
	  "cannot write '%P': directory '%D': No such file or directory" },
	{ "file/out.pem", "cannot write '%P': '%D' is not a directory" },
};

START_TEST(test_write_bad_dir)
{
	const struct bad_dir_row *r = &bad_dir_rows[_i];
	struct mtls_err e = { 0 };
	char p[PATH_MAX], d[PATH_MAX], file[PATH_MAX], want[3 * PATH_MAX];
	unsigned flags;

	put_file(in_dir(file, "file"), "a regular file\n", 0644);
	in_dir(p, r->name);
	memcpy(d, p, sizeof(d));
	*strrchr(d, '/') = '\0';
	expand(want, sizeof(want), r->want_fmt, p, d);
	for (flags = 0; flags <= (MTLS_WRITE_SECRET | MTLS_WRITE_FORCE);
	     flags++) {
		ck_assert_int_eq(mtls_file_write(p, "x", 1, flags, &e), -1);
		ck_assert_str_eq(e.msg, want);
		ck_assert_int_eq(mtls_file_check_writable(p, flags, &e), -1);
		ck_assert_str_eq(e.msg, want);
	}
	assert_file(file, "a regular file\n");
	assert_no_temp(dir);
}
END_TEST

/* A directory we may not write to.  Root may write anywhere, so there is
 * nothing to see then. */
START_TEST(test_write_read_only_dir)
{
	struct mtls_err e = { 0 };
	char sub[PATH_MAX], p[PATH_MAX], want[2 * PATH_MAX];

	if (geteuid() == 0)
		return;
	in_dir(sub, "ro");
	in_dir(p, "ro/out.pem");
	ck_assert_int_eq(mkdir(sub, 0500), 0);
	ck_assert_int_eq(mtls_file_write(p, "x", 1, 0, &e), -1);
	expand(want, sizeof(want),
	       "cannot write '%P': directory '%D': Permission denied", p, sub);
	ck_assert_str_eq(e.msg, want);
	ck_assert_int_eq(chmod(sub, 0700), 0);
	assert_no_temp(sub);
	ck_assert_int_eq(access(p, F_OK), -1);
}
END_TEST

/* A write that fails after the temporary file was made (here: the file
 * size limit) removes it again and leaves the target alone. */
START_TEST(test_write_fails_midway)
{
	static char big[65536];
	struct mtls_err e = { 0 };
	struct rlimit old, small;
	char p[PATH_MAX], q[PATH_MAX];
	int rv1, rv2;

	in_dir(p, "out.pem");
	in_dir(q, "existing.pem");
	put_file(q, "precious\n", 0644);
	memset(big, 'x', sizeof(big));
	signal(SIGXFSZ, SIG_IGN);
	ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
	small = old;
	small.rlim_cur = 1024;
	/* No assertion until the limit is back: Check writes files too. */
	setrlimit(RLIMIT_FSIZE, &small);
	rv1 = mtls_file_write(p, big, sizeof(big), MTLS_WRITE_SECRET, &e);
	rv2 = mtls_file_write(q, big, sizeof(big), MTLS_WRITE_FORCE, &e);
	setrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, SIG_DFL);
	ck_assert_int_eq(rv1, -1);
	ck_assert_int_eq(rv2, -1);
	ck_assert_int_eq(access(p, F_OK), -1);
	assert_file(q, "precious\n");
	assert_no_temp(dir);
}
END_TEST

struct writable_row {
	const char *name;
	unsigned flags;
	int want_rv;
	const char *want_fmt; /* %P the path */
};

/* The directory has "existing" (a file) and "sub" (a directory). */
static const struct writable_row writable_rows[] = {
	{ "new.pem", 0, 0, NULL },
	{ "new.pem", MTLS_WRITE_SECRET, 0, NULL },
	{ "sub/new.pem", 0, 0, NULL },
	{ "existing", 0, -1, "'%P' already exists" },
	{ "existing", MTLS_WRITE_SECRET, -1, "'%P' already exists" },
	{ "existing", MTLS_WRITE_FORCE, 0, NULL },
	{ "sub", 0, -1, "'%P' already exists" },
	{ "sub", MTLS_WRITE_FORCE, -1, "'%P' is a directory" },
};

START_TEST(test_check_writable)
{
	const struct writable_row *r = &writable_rows[_i];
	struct mtls_err e = { 0 };
	char p[PATH_MAX], want[2 * PATH_MAX];

	put_file(in_dir(p, "existing"), "x", 0644);
	ck_assert_int_eq(mkdir(in_dir(p, "sub"), 0700), 0);
	in_dir(p, r->name);
	ck_assert_int_eq(mtls_file_check_writable(p, r->flags, &e), r->want_rv);
	if (r->want_rv != 0) {
		expand(want, sizeof(want), r->want_fmt, p, NULL);
		ck_assert_str_eq(e.msg, want);
		/* The program adds "; use --force to replace it". */
		ck_assert_int_eq(e.hint, strstr(r->want_fmt, "exists")
						 ? MTLS_HINT_FORCE
						 : MTLS_HINT_NONE);
	}
	/* Checking makes nothing. */
	if (strstr(r->name, "new") != NULL)
		ck_assert_int_eq(access(p, F_OK), -1);
	assert_no_temp(dir);
}
END_TEST

/* "-" is standard output: writable unless a key would go to a
 * terminal. */
START_TEST(test_check_writable_stdout)
{
	struct mtls_err e = { 0 };

	ck_assert_int_eq(mtls_file_check_writable("-", 0, &e), 0);
	ck_assert_int_eq(mtls_file_check_writable("-", MTLS_WRITE_FORCE, &e),
			 0);
	if (!isatty(STDOUT_FILENO))
		ck_assert_int_eq(mtls_file_check_writable("-",
							  MTLS_WRITE_SECRET,
							  &e),
				 0);
}
END_TEST

START_TEST(test_read)
{
	static const char text[] = "line 1\nline 2\n";
	struct mtls_err e = { 0 };
	gnutls_datum_t d = { NULL, 0 };
	char p[PATH_MAX];

	put_file(in_dir(p, "in.pem"), text, 0600);
	ck_assert_msg(mtls_file_read(p, &d, &e) == 0, "%s", e.msg);
	ck_assert_uint_eq(d.size, sizeof(text) - 1);
	ck_assert_mem_eq(d.data, text, sizeof(text) - 1);
	ck_assert_uint_eq(d.data[d.size], '\0');
	gnutls_free(d.data);
}
END_TEST

/* Contents past the read buffer's first sizes arrive whole. */
START_TEST(test_read_large)
{
	enum { SIZE = 100000 };
	struct mtls_err e = { 0 };
	gnutls_datum_t d = { NULL, 0 };
	char p[PATH_MAX];
	unsigned char *buf;
	size_t i;

	buf = malloc(SIZE);
	ck_assert_ptr_nonnull(buf);
	for (i = 0; i < SIZE; i++)
		buf[i] = (unsigned char)(i * 7 + i / 251);
	in_dir(p, "big");
	ck_assert_int_eq(mtls_file_write(p, buf, SIZE, 0, &e), 0);
	ck_assert_msg(mtls_file_read(p, &d, &e) == 0, "%s", e.msg);
	ck_assert_uint_eq(d.size, SIZE);
	ck_assert_mem_eq(d.data, buf, SIZE);
	gnutls_free(d.data);
	free(buf);
}
END_TEST

struct read_error_row {
	const char *name;
	const char *want_fmt; /* %P the path */
};

/* "empty" is an empty file, "sub" a directory, "huge" a file one byte
 * larger than MTLS_FILE_MAX. */
static const struct read_error_row read_error_rows[] = {
	{ "empty", "'%P' is empty" },
	{ "missing", "cannot open '%P': No such file or directory" },
	{ "sub", "cannot read '%P': Is a directory" },
	{ "huge", "cannot read '%P': larger than 16 MiB" },
};

START_TEST(test_read_errors)
{
	const struct read_error_row *r = &read_error_rows[_i];
	struct mtls_err e = { 0 };
	gnutls_datum_t d = { (unsigned char *)"x", 1 };
	char p[PATH_MAX], want[2 * PATH_MAX];
	int fd;

	put_file(in_dir(p, "empty"), "", 0644);
	ck_assert_int_eq(mkdir(in_dir(p, "sub"), 0700), 0);
	fd = open(in_dir(p, "huge"), O_WRONLY | O_CREAT | O_EXCL, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, (off_t)MTLS_FILE_MAX + 1), 0);
	close(fd);

	in_dir(p, r->name);
	ck_assert_int_eq(mtls_file_read(p, &d, &e), -1);
	expand(want, sizeof(want), r->want_fmt, p, NULL);
	ck_assert_str_eq(e.msg, want);
	ck_assert_ptr_null(d.data);
	ck_assert_uint_eq(d.size, 0);
}
END_TEST

/* A new key whose companion file cannot be written is removed again. */
START_TEST(test_write_key_and)
{
	gnutls_datum_t key = { (unsigned char *)"KEY\n", 4 };
	gnutls_datum_t crt = { (unsigned char *)"CRT\n", 4 };
	struct mtls_err e = { 0 };
	char kp[PATH_MAX], cp[PATH_MAX], bad[PATH_MAX];

	in_dir(kp, "key.pem");
	in_dir(cp, "cert.pem");
	in_dir(bad, "missing/cert.pem");
	ck_assert_int_eq(mtls_file_write_key_and(kp, &key, bad, &crt, false,
						 &e),
			 -1);
	ck_assert_ptr_nonnull(strstr(e.msg, bad));
	ck_assert_int_eq(access(kp, F_OK), -1);
	assert_no_temp(dir);

	ck_assert_msg(mtls_file_write_key_and(kp, &key, cp, &crt, false, &e) ==
			      0,
		      "%s", e.msg);
	assert_file(kp, "KEY\n");
	ck_assert_uint_eq(mode_of(kp), 0600);
	assert_file(cp, "CRT\n");

	/* An existing key is never removed. */
	ck_assert_int_eq(mtls_file_write_key_and(kp, &key, bad, &crt, true, &e),
			 -1);
	assert_file(kp, "KEY\n");

	/* Without a new key, only the other file is written. */
	key.data = NULL;
	key.size = 0;
	ck_assert_int_eq(unlink(cp), 0);
	ck_assert_int_eq(mtls_file_write_key_and("unused", &key, cp, &crt,
						 false, &e),
			 0);
	assert_file(cp, "CRT\n");
	ck_assert_int_eq(access("unused", F_OK), -1);
	assert_no_temp(dir);
}
END_TEST

START_TEST(test_file_name)
{
	ck_assert_str_eq(mtls_file_name("-", false), "standard input");
	ck_assert_str_eq(mtls_file_name("-", true), "standard output");
	ck_assert_str_eq(mtls_file_name("ca.pem", false), "ca.pem");
	ck_assert_str_eq(mtls_file_name("./-", true), "./-");
}
END_TEST

#define ROWS(a) (int)(sizeof(a) / sizeof((a)[0]))

Suite *
file_suite(void)
{
	Suite *s = suite_create("file");
	TCase *tc;

	tc = tcase_create("mtls_file_write");
	tcase_add_checked_fixture(tc, make_dir, remove_dir);
	tcase_add_loop_test(tc, test_write_mode, 0, ROWS(mode_rows));
	tcase_add_test(tc, test_write_no_clobber);
	tcase_add_test(tc, test_write_no_clobber_symlink);
	tcase_add_test(tc, test_write_force);
	tcase_add_test(tc, test_write_force_directory);
	tcase_add_loop_test(tc, test_write_bad_dir, 0, ROWS(bad_dir_rows));
	tcase_add_test(tc, test_write_read_only_dir);
	tcase_add_test(tc, test_write_fails_midway);
	tcase_add_test(tc, test_write_key_and);
	suite_add_tcase(s, tc);

	tc = tcase_create("mtls_file_check_writable");
	tcase_add_checked_fixture(tc, make_dir, remove_dir);
	tcase_add_loop_test(tc, test_check_writable, 0, ROWS(writable_rows));
	tcase_add_test(tc, test_check_writable_stdout);
	suite_add_tcase(s, tc);

	tc = tcase_create("mtls_file_read");
	tcase_add_checked_fixture(tc, make_dir, remove_dir);
	tcase_add_test(tc, test_read);
	tcase_add_test(tc, test_read_large);
	tcase_add_loop_test(tc, test_read_errors, 0, ROWS(read_error_rows));
	tcase_add_test(tc, test_file_name);
	suite_add_tcase(s, tc);
	return s;
}
