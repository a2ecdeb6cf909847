#!/bin/sh
# --backend with the rest of mtls-serve: clients the allow rules refuse get
# 403 and never reach the backend; a reload (SIGHUP) and a graceful stop
# (SIGTERM) let a response being streamed finish; a request target in
# absolute form is refused.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
. "$abs_srcdir/tests/mtls-serve/proxy-lib.sh"
require_ curl python3

make_scenario_
make_client_ other '/CN=other/O=Other'
start_backend_ b
start_server_ s $serve_scenario_args_ --workers 2 --allow O=MailServer \
	--backend "http://127.0.0.1:$bport"

echo 403 >exp
curl_ other /size/5 -o body -w '%{http_code}\n' >got || fail=1
compare exp got || fail=1
echo "certificate 'O=Other,CN=other' issued by 'O=ABC Inc.' is trusted, but no allow rule matches it" >exp
compare exp body || fail=1
# Even with a chunked body, which is not read.
H='Host: localhost\r\n'
client_ other --send "POST /sha HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n" >raw ||
	fail=1
head -n 1 raw | tr -d '\r' >got
echo 'HTTP/1.1 403 Forbidden' >exp
compare exp got || fail=1
# The /conns request is the first the backend sees.
echo 1 >exp
curl_ mail-server /conns >got || fail=1
compare exp got || fail=1

H='Host: localhost\r\n'
client_ mail-server --send "GET http://127.0.0.1:$bport/size/5 HTTP/1.1\r\n${H}\r\n" >raw ||
	fail=1
head -n 1 raw | tr -d '\r' >got
echo 'HTTP/1.1 400 Bad Request' >exp
compare exp got || fail=1

# A reload while 30 MiB stream at 10 MB/s.
n=$((30 * 1024 * 1024))
curl_ mail-server /size/$n --limit-rate 10M -o dl &
cpid=$!
wait_for_ 10 "test -s dl" || fail=1
kill -HUP $server_pid
wait_for_ 10 "grep -q reloaded s.err" || fail=1
wait $cpid || fail=1
test "$(sha256sum <dl | cut -d' ' -f1)" = "$(pattern_sha_ $n)" ||
	{ echo "download across the reload differs"; fail=1; }

# A graceful stop while 10 MiB stream at 5 MB/s: they arrive whole.
n=$((10 * 1024 * 1024))
rm -f dl
curl_ mail-server /size/$n --limit-rate 5M -o dl &
cpid=$!
wait_for_ 10 "test -s dl" || fail=1
returns_ 0 stop_server_ || fail=1
wait $cpid || fail=1
test "$(sha256sum <dl | cut -d' ' -f1)" = "$(pattern_sha_ $n)" ||
	{ echo "download across the stop differs"; fail=1; }
Exit $fail
