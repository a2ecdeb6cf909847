#!/bin/sh
# openssl s_client: the body with our certificate; alert 116
# (certificate required) without one; alert 48 (unknown CA) with another
# CA's certificate.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
require_ openssl

make_scenario_
make_zxc_
printf 'invoice data\n' >invoice.txt
start_server_ s $serve_scenario_args_ --workers 1 --body invoice.txt

s_client_() {
	printf 'GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' |
		timeout 20 openssl s_client -quiet -ign_eof -verify_return_error \
			-connect "127.0.0.1:$port" -servername localhost \
			-CAfile ca/ca.cert.pem "$@"
}

s_client_ -cert mail-server/server.cert -key mail-server/private.key \
	>out 2>err || fail=1
tail -n 1 out >body
compare invoice.txt body || fail=1
head -n 1 out | grep -q '^HTTP/1.1 200 OK' || { cat out; fail=1; }

s_client_ >out 2>err
grep -q 'alert certificate required.*SSL alert number 116' err ||
	{ cat err; fail=1; }

s_client_ -cert zxc/server.cert -key zxc/private.key >out 2>err
grep -q 'alert unknown ca.*SSL alert number 48' err || { cat err; fail=1; }

stop_server_ || fail=1
Exit $fail
