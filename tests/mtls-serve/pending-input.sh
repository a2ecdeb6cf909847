#!/bin/sh
# No request is left waiting inside the server: requests that arrive in
# the same write as the client's TLS 1.3 Finished are answered at once
# (the bytes are already read when the handshake ends, so no new event
# comes for them), and so are more pipelined requests than the server
# reads at a time, whose answers fill the socket while the rest waits.
# The same in front of a backend, where each request is answered only
# after the backend's answer comes (the next ones are waiting by then,
# already read from the socket).
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
. "$abs_srcdir/tests/mtls-serve/proxy-lib.sh"
require_ python3

make_scenario_
printf 'hello\n' >hello.txt
start_server_ s $serve_scenario_args_ --workers 1 --body hello.txt \
	--access-log none

H='Host: localhost\r\n'
C='Connection: close\r\n'

# count_ FILE: the number of "200 OK" responses in FILE.
count_() { tr -d '\r' <"$1" | grep -c '^HTTP/1.1 200 OK$'; }

# One request with the Finished message.
client_ mail-server --with-finished --send "GET / HTTP/1.1\r\n$H$C\r\n" \
	--timeout 10 >out 2>err || { cat err; fail=1; }
test "$(count_ out)" = 1 || { cat out err; fail=1; }

# Two with it, the second one closing.
client_ mail-server --with-finished --send "GET / HTTP/1.1\r\n$H\r\n" \
	--rest "GET / HTTP/1.1\r\n$H$C\r\n" --timeout 10 >out 2>err ||
	{ cat err; fail=1; }
test "$(count_ out)" = 2 || { cat out err; fail=1; }

# 1500 of them (about 52 KiB, twice what the server reads at once), each
# in its own TLS record: their 250 KiB of answers cannot all be sent at
# once.
client_ mail-server --with-finished --send "GET / HTTP/1.1\r\n$H\r\n" \
	--repeat 1499 --rest "GET / HTTP/1.1\r\n$H$C\r\n" --timeout 20 \
	>out 2>err || { cat err; fail=1; }
test "$(count_ out)" = 1500 || { count_ out; cat err; fail=1; }

stop_server_ || fail=1
sed 1d s.err >rest
compare /dev/null rest || fail=1

start_backend_ b
start_server_ p $serve_scenario_args_ --workers 1 \
	--backend "http://127.0.0.1:$bport" --access-log none
G='GET /status/200 HTTP/1.1\r\n'
client_ mail-server --with-finished --send "$G$H$C\r\n" --timeout 10 \
	>out 2>err || { cat err; fail=1; }
test "$(count_ out)" = 1 || { cat out err; fail=1; }
client_ mail-server --with-finished --send "$G$H\r\n" --rest "$G$H$C\r\n" \
	--timeout 10 >out 2>err || { cat err; fail=1; }
test "$(count_ out)" = 2 || { cat out err; fail=1; }
client_ mail-server --with-finished --send "$G$H\r\n" --repeat 299 \
	--rest "$G$H$C\r\n" --timeout 20 >out 2>err || { cat err; fail=1; }
test "$(count_ out)" = 300 || { count_ out; cat err; fail=1; }
stop_server_ || fail=1
sed 1d p.err >rest
compare /dev/null rest || fail=1

Exit $fail
