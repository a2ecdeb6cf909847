#!/bin/sh
# SIGHUP reloads the certificate and key for new connections without
# dropping open ones; a broken new file keeps the old configuration and
# says why.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
require_ curl python3 openssl

make_scenario_
cp invoice-server/server.cert srv.cert && cp invoice-server/private.key srv.key ||
	framework_failure_ cp
printf 'hello\n' >hello.txt
start_server_ s --ca ca/ca.cert.pem --cert srv.cert --key srv.key \
	--workers 1 --body hello.txt

served_subject_() {
	timeout 20 openssl s_client -connect "127.0.0.1:$port" \
		-CAfile ca/ca.cert.pem -cert mail-server/server.cert \
		-key mail-server/private.key </dev/null 2>/dev/null |
		openssl x509 -noout -subject
}
test "$(served_subject_)" = 'subject=CN = localhost, O = InvoiceServer' ||
	fail=1

# A connection open across the reloads.
client_ mail-server --ready ready --wait go \
	--rest 'GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' \
	>held.out 2>held.err &
held=$!
pids_="$pids_ $held"
wait_for_ 20 'test -e ready' || framework_failure_ "no held connection"

# A new certificate and key.
make_client_ new '/CN=localhost/O=InvoiceServer2'
cp new/server.cert srv.cert && cp new/private.key srv.key ||
	framework_failure_ cp
kill -HUP "$server_pid"
wait_for_ 20 "test \$(grep -c 'reloaded' s.err) = 1" || { cat s.err; fail=1; }
test "$(served_subject_)" = 'subject=CN = localhost, O = InvoiceServer2' ||
	fail=1

# A broken certificate file: logged, the old configuration stays.
echo garbage >srv.cert
kill -HUP "$server_pid"
wait_for_ 20 "grep -q 'reload failed' s.err" || { cat s.err; fail=1; }
grep -q "^mtls-serve: reload failed, keeping the old configuration: .*'srv.cert'" s.err ||
	{ cat s.err; fail=1; }
test "$(served_subject_)" = 'subject=CN = localhost, O = InvoiceServer2' ||
	fail=1
returns_ 0 curl_ mail-server / >out 2>err || { cat err; fail=1; }
compare hello.txt out || fail=1

# The connection opened before both reloads is still served.
touch go
wait_for_ 20 "exited_ $held" || fail=1
wait $held || { cat held.err; fail=1; }
tail -n 1 held.out >body
compare hello.txt body || fail=1

stop_server_ || fail=1
Exit $fail
