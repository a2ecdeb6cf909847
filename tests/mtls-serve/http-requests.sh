#!/bin/sh
# HTTP/1.1 as a real server speaks it: keep-alive, pipelined requests
# answered in order, HEAD, 405 with Allow, 400 for a malformed request
# line, 431 for oversize headers, 505 for another HTTP version; every
# request in the access log (Common Log Format, subject as the user).
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
require_ curl python3

make_scenario_
printf 'hello\n' >hello.txt
start_server_ s $serve_scenario_args_ --workers 1 --body hello.txt

# raw_ REQUEST: the responses, CRs and Date headers removed.
raw_() {
	client_ mail-server --send "$1" >raw 2>err || { cat err; fail=1; }
	tr -d '\r' <raw | sed '/^Date: /d'
}
ok_() { # ok_ [extra header]
	printf 'HTTP/1.1 200 OK\nServer: mtls-serve\n'
	printf 'Content-Type: text/plain; charset=utf-8\nContent-Length: 6\n'
	test $# = 0 || printf '%s\n' "$1"
	printf '\n'
}
error_() { # error_ STATUS REASON [extra header]
	printf 'HTTP/1.1 %s %s\nServer: mtls-serve\n' "$1" "$2"
	printf 'Content-Type: text/plain; charset=utf-8\nContent-Length: %s\n' \
		$((${#2} + 1))
	test $# = 2 || printf '%s\n' "$3"
	printf 'Connection: close\n\n%s\n' "$2"
}
H='Host: localhost\r\n'
C='Connection: close\r\n'

# Keep-alive: curl makes one connection for two requests.
returns_ 0 curl_ mail-server / -w '%{num_connects}\n' \
	"https://localhost:$port/again" >out 2>err || { cat err; fail=1; }
printf 'hello\n1\nhello\n0\n' >exp
compare exp out || fail=1

# Pipelining: three requests in one write, three answers in order.
raw_ "GET / HTTP/1.1\r\n$H\r\nHEAD / HTTP/1.1\r\n$H\r\nGET /x HTTP/1.1\r\n$H$C\r\n" >out
{ ok_; echo hello; ok_; ok_ 'Connection: close'; echo hello; } >exp
compare exp out || fail=1

# A request with a body for a method we do not serve: 405 with Allow, and
# the body is skipped, so the next request is read correctly.
raw_ "POST / HTTP/1.1\r\n${H}Content-Length: 3\r\n\r\nabcGET / HTTP/1.1\r\n$H$C\r\n" >out
{
	printf 'HTTP/1.1 405 Method Not Allowed\nServer: mtls-serve\n'
	printf 'Content-Type: text/plain; charset=utf-8\nContent-Length: 19\n'
	printf 'Allow: GET, HEAD\n\nMethod Not Allowed\n'
	ok_ 'Connection: close'; echo hello
} >exp
compare exp out || fail=1

raw_ 'GARBAGE\r\n\r\n' >out
error_ 400 'Bad Request' >exp
compare exp out || fail=1

raw_ "GET /a b HTTP/1.1\r\n$H\r\n" >out
compare exp out || fail=1

raw_ "GET / HTTP/1.1\r\n Host: folded\r\n\r\n" >out
compare exp out || fail=1

raw_ "GET / HTTP/2.0\r\n$H\r\n" >out
error_ 505 'HTTP Version Not Supported' >exp
compare exp out || fail=1

big=$(head -c 9000 /dev/zero | tr '\0' a)
raw_ "GET / HTTP/1.1\r\n${H}X-Big: $big\r\n\r\n" >out
error_ 431 'Request Header Fields Too Large' >exp
compare exp out || fail=1

stop_server_ || fail=1
sed 's/\[[^]]*\]/[DATE]/' s.out >log
cat >exp <<'LOG'
127.0.0.1 - "O=MailServer,CN=localhost" [DATE] "GET /again HTTP/1.1" 200 6
127.0.0.1 - "O=MailServer,CN=localhost" [DATE] "GET / HTTP/1.1" 200 6
127.0.0.1 - "O=MailServer,CN=localhost" [DATE] "GET / HTTP/1.1" 200 6
127.0.0.1 - "O=MailServer,CN=localhost" [DATE] "HEAD / HTTP/1.1" 200 0
127.0.0.1 - "O=MailServer,CN=localhost" [DATE] "GET /x HTTP/1.1" 200 6
127.0.0.1 - "O=MailServer,CN=localhost" [DATE] "POST / HTTP/1.1" 405 19
127.0.0.1 - "O=MailServer,CN=localhost" [DATE] "GET / HTTP/1.1" 200 6
127.0.0.1 - "O=MailServer,CN=localhost" [DATE] "-" 400 12
127.0.0.1 - "O=MailServer,CN=localhost" [DATE] "-" 400 12
127.0.0.1 - "O=MailServer,CN=localhost" [DATE] "-" 400 12
127.0.0.1 - "O=MailServer,CN=localhost" [DATE] "-" 505 27
127.0.0.1 - "O=MailServer,CN=localhost" [DATE] "-" 431 32
LOG
compare exp log || fail=1

Exit $fail
