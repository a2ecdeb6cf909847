/*
 * check_httpd_files.c -- mtls_httpd_mtls_httpd_static_open: request targets mapped to files
 * under a root directory, and the ones that try to leave it; and
 * mtls_httpd_content_type.
 *
 * The tests only read this tree, made once before them (an unchecked
 * fixture, in the parent process):
 *
 *   DIR/outside.txt          a file next to the root, never served
 *   DIR/wwwx/secret.txt      a sibling whose name starts like the root's
 *   DIR/www/                 the root
 *     index.html  a.txt  data.json  "sp ace.txt"  ...  (a file named so)
 *     sub/b.css              a directory without index.html
 *     docs/index.html        a directory with one
 *     docs-out/index.html -> ../../outside.txt
 *     link-in -> a.txt       a link that stays inside
 *     link-sub -> sub        ... to a directory inside
 *     link-out -> ../outside.txt
 *     link-up -> ..          a directory outside
 *     link-abs -> DIR/outside.txt
 *     link-prefix -> ../wwwx/secret.txt
 *     dangling -> nowhere
 *     fifo                   not a regular file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mtls_internal.h"
#include "suites.h"

static char dir[PATH_MAX];
static char root[PATH_MAX];

/* mtls_httpd_static_open beneath the directory PATH, opened for it. */
static int
static_open(const char *path, const char *target, size_t len,
	    struct mtls_httpd_static_file *f)
{
	int root_fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	int status;

	ck_assert_int_ne(root_fd, -1);
	status = mtls_httpd_static_open(root_fd, target, len, f);
	close(root_fd);
	return status;
}

#define HTML "<h1>hi</h1>\n"
#define DOCS "<h1>docs</h1>\n"

/* DIR/NAME in BUF. */
static const char *
in_dir(char buf[PATH_MAX], const char *name)
{
	int n = snprintf(buf, PATH_MAX, "%s/%s", dir, name);

	ck_assert(n > 0 && n < PATH_MAX);
	return buf;
}

static void
put(const char *name, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	f = fopen(in_dir(path, name), "w");
	ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

static void
sub_dir(const char *name)
{
	char path[PATH_MAX];

	ck_assert_msg(mkdir(in_dir(path, name), 0755) == 0, "%s: %s", path,
		      strerror(errno));
}

static void
link_to(const char *name, const char *target)
{
	char path[PATH_MAX];

	ck_assert_msg(symlink(target, in_dir(path, name)) == 0, "%s: %s", path,
		      strerror(errno));
}

static void
make_tree(void)
{
	const char *tmp = getenv("TMPDIR");
	char path[PATH_MAX], real[PATH_MAX];

	snprintf(dir, sizeof(dir), "%s/check_mtls.XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	ck_assert_msg(mkdtemp(dir) != NULL, "mkdtemp: %s", strerror(errno));
	/* The root as the server holds it: resolved. */
	ck_assert(realpath(dir, real) != NULL);
	memcpy(dir, real, sizeof(dir));
	in_dir(root, "www");

	put("outside.txt", "outside\n");
	sub_dir("wwwx");
	put("wwwx/secret.txt", "secret\n");
	sub_dir("www");
	put("www/index.html", HTML);
	put("www/a.txt", "hello\n");
	put("www/data.json", "{}\n");
	put("www/sp ace.txt", "space\n");
	put("www/...", "dots\n");
	sub_dir("www/sub");
	put("www/sub/b.css", "b{}\n");
	sub_dir("www/docs");
	put("www/docs/index.html", DOCS);
	sub_dir("www/docs-out");
	link_to("www/docs-out/index.html", "../../outside.txt");
	link_to("www/link-in", "a.txt");
	link_to("www/link-sub", "sub");
	link_to("www/link-out", "../outside.txt");
	link_to("www/link-up", "..");
	link_to("www/link-abs", in_dir(path, "outside.txt"));
	link_to("www/link-prefix", "../wwwx/secret.txt");
	link_to("www/dangling", "nowhere");
	ck_assert_msg(mkfifo(in_dir(path, "www/fifo"), 0644) == 0, "mkfifo: %s",
		      strerror(errno));
}

static int
remove_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	return remove(path);
}

static void
remove_tree(void)
{
	nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

struct static_row {
	const char *target;
	int status;
	const char *content; /* the file's bytes, when 200 */
	const char *type;
};

#define TEXT "text/plain; charset=utf-8"
#define HTML_TYPE "text/html; charset=utf-8"
#define OCTETS "application/octet-stream"

static const struct static_row rows[] = {
	{ "/", 200, HTML, HTML_TYPE },
	{ "/index.html", 200, HTML, HTML_TYPE },
	{ "/a.txt", 200, "hello\n", TEXT },
	{ "/data.json", 200, "{}\n", "application/json" },
	{ "/sub/b.css", 200, "b{}\n", "text/css; charset=utf-8" },
	/* The query and the fragment are not part of the path. */
	{ "/a.txt?x=1", 200, "hello\n", TEXT },
	{ "/a.txt?x=/../../outside.txt", 200, "hello\n", TEXT },
	{ "/a.txt#top", 200, "hello\n", TEXT },
	{ "/?x", 200, HTML, HTML_TYPE },
	/* Percent-decoding */
	{ "/%61.txt", 200, "hello\n", TEXT },
	{ "/a%2Etxt", 200, "hello\n", TEXT },
	{ "/sp%20ace.txt", 200, "space\n", TEXT },
	{ "/sub%2Fb.css", 404, NULL, NULL },
	{ "/sub%2fb.css", 404, NULL, NULL },
	{ "/a.txt%00.html", 404, NULL, NULL },
	/* An encoded '/' joins, it never separates: "..%2F" is no ".."
	 * segment, and still no file. */
	{ "/%2e%2e%2foutside.txt", 404, NULL, NULL },
	{ "/a%zz", 400, NULL, NULL },
	{ "/a%2", 400, NULL, NULL },
	{ "/a%", 400, NULL, NULL },
	{ "/a%%41", 400, NULL, NULL },
	/* Empty and "." segments are nothing; ".." is refused however
	 * written, before any file is looked at. */
	{ "//a.txt", 200, "hello\n", TEXT },
	{ "/./a.txt", 200, "hello\n", TEXT },
	{ "/sub/./b.css", 200, "b{}\n", "text/css; charset=utf-8" },
	{ "/%2e/a.txt", 200, "hello\n", TEXT },
	{ "/..", 400, NULL, NULL },
	{ "/../outside.txt", 400, NULL, NULL },
	{ "/../www/a.txt", 400, NULL, NULL },
	{ "/sub/../a.txt", 400, NULL, NULL },
	{ "/sub/..", 400, NULL, NULL },
	{ "/sub/..?x", 400, NULL, NULL },
	{ "/sub/..#x", 400, NULL, NULL },
	{ "/%2e%2e/outside.txt", 400, NULL, NULL },
	{ "/%2E%2E/outside.txt", 400, NULL, NULL },
	{ "/.%2e/outside.txt", 400, NULL, NULL },
	{ "/%2e./outside.txt", 400, NULL, NULL },
	{ "/sub/%2e%2e/a.txt", 400, NULL, NULL },
	/* "..." is a name like any other. */
	{ "/...", 200, "dots\n", OCTETS },
	/* Only an origin-form target names a file. */
	{ "a.txt", 400, NULL, NULL },
	{ "*", 400, NULL, NULL },
	{ "", 400, NULL, NULL },
	{ "http://h/a.txt", 400, NULL, NULL },
	/* Directories: index.html, or 403 */
	{ "/docs", 200, DOCS, HTML_TYPE },
	{ "/docs/", 200, DOCS, HTML_TYPE },
	{ "/sub", 403, NULL, NULL },
	{ "/sub/", 403, NULL, NULL },
	{ "/missing", 404, NULL, NULL },
	{ "/sub/missing.css", 404, NULL, NULL },
	{ "/missing/a.txt", 404, NULL, NULL },
	/* Symbolic links: inside is fine, outside is not found. */
	{ "/link-in", 200, "hello\n", OCTETS },
	{ "/link-sub/b.css", 200, "b{}\n", "text/css; charset=utf-8" },
	{ "/link-out", 404, NULL, NULL },
	{ "/link-up/outside.txt", 404, NULL, NULL },
	/* A path that leaves the root on the way, even to come back. */
	{ "/link-up/www/a.txt", 404, NULL, NULL },
	{ "/link-abs", 404, NULL, NULL },
	{ "/link-prefix", 404, NULL, NULL },
	{ "/dangling", 404, NULL, NULL },
	{ "/docs-out/", 403, NULL, NULL },
	/* Not a regular file */
	{ "/fifo", 403, NULL, NULL },
	/* A path ending in '/' (or "/.") names a directory: a file there
	 * is not found, as with nginx and Apache. */
	{ "/a.txt/", 404, NULL, NULL },
	{ "/a.txt//", 404, NULL, NULL },
	{ "/a.txt/.", 404, NULL, NULL },
	{ "/a.txt/./", 404, NULL, NULL },
	{ "/a.txt/%2e", 404, NULL, NULL },
	{ "/a.txt/?x", 404, NULL, NULL },
	{ "/a.txt/#x", 404, NULL, NULL },
	{ "/sub/b.css/", 404, NULL, NULL },
	{ "/link-in/", 404, NULL, NULL },
	{ "/fifo/", 404, NULL, NULL },
	{ "/missing/", 404, NULL, NULL },
	{ "/a.txt?x=/", 200, "hello\n", TEXT },
	{ "/a.txt#/", 200, "hello\n", TEXT },
	{ "/a.txt/..", 400, NULL, NULL },
	{ "/docs/.", 200, DOCS, HTML_TYPE },
	{ "/docs//", 200, DOCS, HTML_TYPE },
	{ "/link-sub/", 403, NULL, NULL },
	{ "/.", 200, HTML, HTML_TYPE },
};

START_TEST(test_open)
{
	const struct static_row *r = &rows[_i];
	struct mtls_httpd_static_file f;
	char buf[256];
	ssize_t n;
	int status;

	status = static_open(root, r->target, strlen(r->target), &f);
	ck_assert_msg(status == r->status, "'%s': %d, want %d", r->target,
		      status, r->status);
	if (status != 200) {
		ck_assert_int_eq(f.fd, -1);
		return;
	}
	ck_assert_int_ge(f.fd, 0);
	ck_assert_str_eq(f.content_type, r->type);
	ck_assert_uint_eq(f.size, strlen(r->content));
	n = read(f.fd, buf, sizeof(buf));
	ck_assert_int_eq(n, (ssize_t)strlen(r->content));
	ck_assert(memcmp(buf, r->content, (size_t)n) == 0);
	ck_assert_int_eq(close(f.fd), 0);
}
END_TEST

/* Only TARGET_LEN bytes of the target count: it points into a request
 * buffer. */
START_TEST(test_target_len)
{
	static const char line[] = "/a.txt HTTP/1.1\r\n";
	struct mtls_httpd_static_file f;

	ck_assert_int_eq(static_open(root, line, 6, &f), 200);
	ck_assert_uint_eq(f.size, 6);
	close(f.fd);
	ck_assert_int_eq(static_open(root, line, 3, &f), 404); /* "/a." */
	ck_assert_int_eq(static_open(root, "/a%41", 3, &f), 400);
}
END_TEST

/* A root that is the parent of the tree serves the tree too, and a
 * subdirectory root does not see its parent. */
START_TEST(test_other_roots)
{
	struct mtls_httpd_static_file f;
	char sub[PATH_MAX];

	ck_assert_int_eq(static_open(dir, "/www/a.txt", 10, &f), 200);
	close(f.fd);
	ck_assert_int_eq(static_open(dir, "/outside.txt", 12, &f), 200);
	close(f.fd);
	in_dir(sub, "www/sub");
	ck_assert_int_eq(static_open(sub, "/b.css", 6, &f), 200);
	close(f.fd);
	ck_assert_int_eq(static_open(sub, "/index.html", 11, &f), 404);
	/* The root itself, having no index.html, is 403. */
	ck_assert_int_eq(static_open(sub, "/", 1, &f), 403);
}
END_TEST

struct type_row {
	const char *path;
	const char *type;
};

static const struct type_row type_rows[] = {
	{ "index.html", HTML_TYPE },
	{ "/srv/www/INDEX.HTM", HTML_TYPE },
	{ "a.txt", TEXT },
	{ "s.css", "text/css; charset=utf-8" },
	{ "t.csv", "text/csv; charset=utf-8" },
	{ "app.js", "text/javascript; charset=utf-8" },
	{ "d.json", "application/json" },
	{ "d.xml", "application/xml" },
	{ "doc.pdf", "application/pdf" },
	{ "m.wasm", "application/wasm" },
	{ "ca.pem", "application/x-pem-file" },
	{ "i.png", "image/png" },
	{ "i.jpg", "image/jpeg" },
	{ "i.JPEG", "image/jpeg" },
	{ "i.gif", "image/gif" },
	{ "i.svg", "image/svg+xml" },
	{ "favicon.ico", "image/vnd.microsoft.icon" },
	{ "i.webp", "image/webp" },
	/* The last extension of the last component counts. */
	{ "a.tar.gz", OCTETS },
	{ "a.html.bak", OCTETS },
	{ "a.bak.html", HTML_TYPE },
	{ "dir.html/file", OCTETS },
	{ "README", OCTETS },
	{ "file.", OCTETS },
	{ "a.jsonx", OCTETS },
	{ "a.xhtml", OCTETS },
	{ "", OCTETS },
};

START_TEST(test_content_type)
{
	const struct type_row *r = &type_rows[_i];

	ck_assert_str_eq(mtls_httpd_content_type(r->path), r->type);
}
END_TEST

#define ROWS(a) (int)(sizeof(a) / sizeof((a)[0]))

Suite *
static_suite(void)
{
	Suite *s = suite_create("static");
	TCase *tc;

	tc = tcase_create("open");
	tcase_add_unchecked_fixture(tc, make_tree, remove_tree);
	tcase_add_loop_test(tc, test_open, 0, ROWS(rows));
	tcase_add_test(tc, test_target_len);
	tcase_add_test(tc, test_other_roots);
	suite_add_tcase(s, tc);
	tc = tcase_create("content type");
	tcase_add_loop_test(tc, test_content_type, 0, ROWS(type_rows));
	suite_add_tcase(s, tc);
	return s;
}
