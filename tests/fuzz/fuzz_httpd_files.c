/*
 * fuzz_httpd_files.c -- mtls_httpd_static_open against a simple reference.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mtls_internal.h"
#include "fuzz.h"

/* A tree made once, removed at exit:
 *
 *   DIR/outside.txt            never served
 *   DIR/wwwx/secret.txt        a sibling whose name starts like the root's
 *   DIR/www/                   the root
 *     index.html  a.txt  "sp ace.txt"  data.json
 *     sub/b.css                a directory without index.html
 *     docs/index.html          one with it
 *     link-in -> a.txt         a link that stays inside
 *     link-out -> ../outside.txt
 *     link-up -> ..            a directory outside
 *     link-prefix -> ../wwwx/secret.txt
 */
static char dir[PATH_MAX];
static char root[PATH_MAX];
static int root_fd = -1; /* ROOT, as the server holds it */

static void
put(const char *name, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	FUZZ_CHECK(f != NULL);
	fputs(text, f);
	FUZZ_CHECK(fclose(f) == 0);
}

static void
sub_dir(const char *name)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FUZZ_CHECK(mkdir(path, 0755) == 0);
}

static void
link_to(const char *name, const char *target)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FUZZ_CHECK(symlink(target, path) == 0);
}

static int
remove_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	return remove(path);
}

static void
remove_tree(void)
{
	nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");
	char www[PATH_MAX];

	snprintf(dir, sizeof(dir), "%s/fuzz_httpd_files.XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	FUZZ_CHECK(mkdtemp(dir) != NULL);
	atexit(remove_tree);
	put("outside.txt", "outside\n");
	sub_dir("wwwx");
	put("wwwx/secret.txt", "secret\n");
	sub_dir("www");
	put("www/index.html", "<h1>hi</h1>\n");
	put("www/a.txt", "a\n");
	put("www/sp ace.txt", "space\n");
	put("www/data.json", "{}\n");
	sub_dir("www/sub");
	put("www/sub/b.css", "b {}\n");
	sub_dir("www/docs");
	put("www/docs/index.html", "<h1>docs</h1>\n");
	link_to("www/link-in", "a.txt");
	link_to("www/link-out", "../outside.txt");
	link_to("www/link-up", "..");
	link_to("www/link-prefix", "../wwwx/secret.txt");
	snprintf(www, sizeof(www), "%s/www", dir);
	FUZZ_CHECK(realpath(www, root) != NULL);
	root_fd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	FUZZ_CHECK(root_fd != -1);
	return 0;
}

static int
hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The reference: the path part of TARGET (up to a '?' or '#'),
 * percent-decoded.  *BROKEN is set for a '%' without two hex digits
 * after it, *DOTDOT for a ".." segment between the '/'s. */
static void
judge(const char *target, size_t len, bool *broken, bool *dotdot)
{
	size_t seg = 0, dots = 0;

	*broken = *dotdot = false;
	for (size_t i = 0; i <= len; i++) {
		int c;

		if (i == len || target[i] == '?' || target[i] == '#') {
			c = '/';
			len = i;
		} else if (target[i] == '%') {
			if (i + 2 >= len || hex(target[i + 1]) < 0 ||
			    hex(target[i + 2]) < 0) {
				*broken = true;
				return;
			}
			c = hex(target[i + 1]) << 4 | hex(target[i + 2]);
			i += 2;
		} else {
			c = (unsigned char)target[i];
		}
		if (c == '/') {
			if (seg == 2 && dots == 2)
				*dotdot = true;
			seg = dots = 0;
			continue;
		}
		seg++;
		dots += c == '.';
	}
}

/* Is PATH (resolved) ROOT or below it? */
static bool
is_under_root(const char *path)
{
	size_t n = strlen(root);

	return strncmp(path, root, n) == 0 &&
	       (path[n] == '\0' || path[n] == '/');
}

/* The input is a request target as a client sent it.  Whatever it is,
 * the answer is one of the statuses the function names; a 200 opens a
 * regular file whose real path lies under the root; a target with a
 * ".." segment (after percent-decoding) or a broken '%' escape, or not
 * starting with '/', is never served. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *target = (const char *)data;
	struct mtls_httpd_static_file f;
	char link[64], real[PATH_MAX];
	bool broken, dotdot;
	struct stat st;
	int status;

	status = mtls_httpd_static_open(root_fd, target, size, &f);
	FUZZ_CHECK(status == 200 || status == 400 || status == 403 ||
		   status == 404 || status == 414);
	judge(target, size, &broken, &dotdot);
	if (status != 200) {
		FUZZ_CHECK(f.fd == -1);
		return 0;
	}
	FUZZ_CHECK(size > 0 && target[0] == '/');
	FUZZ_CHECK(!dotdot && !broken);
	FUZZ_CHECK(f.fd >= 0 && fstat(f.fd, &st) == 0 && S_ISREG(st.st_mode));
	FUZZ_CHECK(f.size == (uint64_t)st.st_size);
	FUZZ_CHECK(f.content_type != NULL);
	snprintf(link, sizeof(link), "/proc/self/fd/%d", f.fd);
	FUZZ_CHECK(realpath(link, real) != NULL);
	if (!is_under_root(real)) {
		fprintf(stderr, "served '%s' from outside '%s'\n", real, root);
		abort();
	}
	close(f.fd);
	return 0;
}
