#!/bin/sh
# --listen [::1]:0 listens on IPv6 loopback (next to an IPv4 listener):
# curl -6 and openssl s_client get the body over IPv6, a client without
# a certificate is refused there too, and the logs name the IPv6 peer.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
require_ curl openssl python3

python3 -c 'import socket; socket.socket(socket.AF_INET6).bind(("::1", 0))' \
	2>/dev/null || skip_ "cannot bind ::1 (no IPv6 loopback here)"

make_scenario_
printf 'hello\n' >hello.txt
start_server_ s $serve_scenario_args_ --listen '[::1]:0' --workers 1 \
	--body hello.txt
wait_for_ 20 "grep -q '^listening on \[::1\]:[0-9]*\$' s.err" ||
	{ cat s.err; fail=1; }
port6=$(sed -n 's/^listening on \[::1\]:\([0-9]*\)$/\1/p' s.err)
test -n "$port6" || framework_failure_ "no IPv6 port in s.err"

returns_ 0 curl -6 -sS --max-time 20 --cacert ca/ca.cert.pem \
	--cert mail-server/server.cert --key mail-server/private.key \
	--resolve "localhost:$port6:[::1]" "https://localhost:$port6/curl" \
	>out 2>err || { cat err; fail=1; }
compare hello.txt out || fail=1

printf 'GET /s_client HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' |
	timeout 20 openssl s_client -quiet -connect "[::1]:$port6" \
		-CAfile ca/ca.cert.pem -cert mail-server/server.cert \
		-key mail-server/private.key >out 2>err || { cat err; fail=1; }
tr -d '\r' <out | sed -n '1p;$p' >got
printf 'HTTP/1.1 200 OK\nhello\n' >exp
compare exp got || fail=1

# No certificate: the same refusal as on IPv4.
timeout 20 openssl s_client -ign_eof -connect "[::1]:$port6" \
	-CAfile ca/ca.cert.pem </dev/null >out 2>err
grep -q 'SSL alert number 116$' err || { cat err; fail=1; }
wait_for_ 20 "grep -q '^mtls-serve: \[::1\]:[0-9]*: refused: no client certificate; sent alert certificate_required\$' s.err" ||
	{ cat s.err; fail=1; }

# The IPv4 listener of the same server still answers.
returns_ 0 curl_ mail-server /v4 >out 2>err || { cat err; fail=1; }
compare hello.txt out || fail=1

stop_server_ || fail=1
sed 's/\[[^]]*\]/[DATE]/' s.out >log
cat >exp <<'LOG'
::1 - "O=MailServer,CN=localhost" [DATE] "GET /curl HTTP/1.1" 200 6
::1 - "O=MailServer,CN=localhost" [DATE] "GET /s_client HTTP/1.1" 200 6
127.0.0.1 - "O=MailServer,CN=localhost" [DATE] "GET /v4 HTTP/1.1" 200 6
LOG
compare exp log || fail=1

Exit $fail
