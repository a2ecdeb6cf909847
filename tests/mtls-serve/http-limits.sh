#!/bin/sh
# Requests past the server's limits get the status that says which one,
# and the connection is closed: 411 for a chunked body (which is never
# decoded), 413 for a Content-Length over 1 MiB, 414 for a request line
# over 8 KiB.  The server goes on serving: a keep-alive connection opened
# before them and a new one after both get their answers.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
require_ curl python3

make_scenario_
printf 'hello\n' >hello.txt
start_server_ s $serve_scenario_args_ --workers 1 --body hello.txt

H='Host: localhost\r\n'
C='Connection: close\r\n'

# A client that stays connected through the bad requests below.
client_ mail-server --send "GET /first HTTP/1.1\r\n$H\r\n" --wait go \
	--rest "GET /last HTTP/1.1\r\n$H$C\r\n" >ka.out 2>ka.err &
ka_pid=$!
pids_="$pids_ $ka_pid"
wait_for_ 20 "grep -q 'GET /first' s.out" ||
	{ cat ka.err s.err; fail=1; }

# raw_ REQUEST: the response, CRs and the Date header removed.
raw_() {
	client_ mail-server --send "$1" >raw 2>err || { cat err; fail=1; }
	tr -d '\r' <raw | sed '/^Date: /d'
}
error_() { # error_ STATUS REASON
	printf 'HTTP/1.1 %s %s\nServer: mtls-serve\n' "$1" "$2"
	printf 'Content-Type: text/plain; charset=utf-8\nContent-Length: %s\n' \
		$((${#2} + 1))
	printf 'Connection: close\n\n%s\n' "$2"
}

raw_ "POST /up HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n" >out
error_ 411 'Length Required' >exp
compare exp out || fail=1

raw_ "POST /up HTTP/1.1\r\n${H}Content-Length: 1048577\r\n\r\nabc" >out
error_ 413 'Content Too Large' >exp
compare exp out || fail=1

long=$(head -c 9000 /dev/zero | tr '\0' a)
raw_ "GET /$long HTTP/1.1\r\n$H\r\n" >out
error_ 414 'URI Too Long' >exp
compare exp out || fail=1

# The connection from before is still served, and so is a new one.
touch go
wait "$ka_pid" || { cat ka.err; fail=1; }
test "$(tr -d '\r' <ka.out | grep -c '^HTTP/1.1 200 OK$')" = 2 ||
	{ cat ka.out; fail=1; }
returns_ 0 curl_ mail-server /after >out 2>err || { cat err; fail=1; }
compare hello.txt out || fail=1

stop_server_ || fail=1
sed 's/\[[^]]*\]/[DATE]/' s.out >log
cat >exp <<'LOG'
127.0.0.1 - "O=MailServer,CN=localhost" [DATE] "GET /first HTTP/1.1" 200 6
127.0.0.1 - "O=MailServer,CN=localhost" [DATE] "POST /up HTTP/1.1" 411 16
127.0.0.1 - "O=MailServer,CN=localhost" [DATE] "POST /up HTTP/1.1" 413 18
127.0.0.1 - "O=MailServer,CN=localhost" [DATE] "-" 414 13
127.0.0.1 - "O=MailServer,CN=localhost" [DATE] "GET /last HTTP/1.1" 200 6
127.0.0.1 - "O=MailServer,CN=localhost" [DATE] "GET /after HTTP/1.1" 200 6
LOG
compare exp log || fail=1
# Nothing on stderr but the start.
sed 1d s.err >rest
compare /dev/null rest || fail=1

Exit $fail
