#!/bin/sh
# --root serves files with a content type by extension, index.html for a
# directory (403 without one), 404 for what is not there (also for a
# file named with a trailing slash, "/a.txt/", as nginx does), and nothing
# outside the directory: not through "..", not through "%2e%2e", not
# through a symbolic link pointing outside.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
require_ curl

make_scenario_
mkdir -p www/docs www/empty || framework_failure_ mkdir
printf '<h1>home</h1>\n' >www/index.html
printf '{"a":1}\n' >www/docs/data.json
printf 'secret\n' >secret.txt
ln -s ../secret.txt www/leak.txt || framework_failure_ ln
ln -s docs/data.json www/inside.json || framework_failure_ ln
head -c 200000 /dev/urandom >www/big.bin
start_server_ s $serve_scenario_args_ --workers 1 --root www

# get_ PATH: "STATUS CONTENT-TYPE" on one line, the body in ./body.
get_() {
	curl_ mail-server "$1" --path-as-is -o body \
		-w '%{http_code} %{content_type}\n' 2>err
}
check_() { # check_ PATH WANT
	c_got_=$(get_ "$1")
	test "$c_got_" = "$2" ||
		{ echo "$1: got '$c_got_', expected '$2'"; cat err; fail=1; }
}

check_ / '200 text/html; charset=utf-8'
compare www/index.html body || fail=1
check_ /docs/data.json '200 application/json'
compare www/docs/data.json body || fail=1
check_ /inside.json '200 application/json'
check_ /big.bin '200 application/octet-stream'
compare www/big.bin body || fail=1
check_ /docs/ '403 text/plain; charset=utf-8'
check_ /empty '403 text/plain; charset=utf-8'
check_ /nothing-here '404 text/plain; charset=utf-8'
check_ /leak.txt '404 text/plain; charset=utf-8'
check_ /../secret.txt '400 text/plain; charset=utf-8'
check_ /docs/../../secret.txt '400 text/plain; charset=utf-8'
check_ /%2e%2e/secret.txt '400 text/plain; charset=utf-8'
check_ /docs/%2E%2E/%2e%2E/secret.txt '400 text/plain; charset=utf-8'
check_ /..%2fsecret.txt '404 text/plain; charset=utf-8'
check_ '/docs/data.json?x=1' '200 application/json'
check_ /docs/data.json/ '404 text/plain; charset=utf-8'
check_ /docs/data.json/. '404 text/plain; charset=utf-8'
check_ '/docs/data.json/?x=1' '404 text/plain; charset=utf-8'
check_ /inside.json/ '404 text/plain; charset=utf-8'
check_ /docs/. '403 text/plain; charset=utf-8'
check_ '/docs/data.json?x=/' '200 application/json'
grep -q secret body && fail=1

# HEAD: the length of the file, no body.
curl_ mail-server /docs/data.json -I >head 2>err || fail=1
grep -q '^Content-Length: 8' head || { cat head; fail=1; }

stop_server_ || fail=1
Exit $fail
