#!/bin/sh
# Expect: 100-continue is answered at once: the client waits for our word
# before it sends a body no answer here reads, so it gets the final
# response and the connection closes (no hang, no body taken for the next
# request).  When the body comes anyway, it is skipped as usual and the
# connection stays.  An expectation we do not know gets 417.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
require_ curl python3

make_scenario_
printf 'hello\n' >hello.txt
start_server_ s $serve_scenario_args_ --workers 1 --body hello.txt \
	--idle-timeout 30

raw_() {
	client_ mail-server --timeout 10 --send "$1" >raw 2>err ||
		{ cat err; fail=1; }
	tr -d '\r' <raw | sed '/^Date: /d'
}
H='Host: localhost\r\n'

# The body is never sent: the answer comes at once, then the close.
start=$(date +%s)
raw_ "GET / HTTP/1.1\r\n${H}Content-Length: 5\r\nExpect: 100-continue\r\n\r\n" >out
printf '%s\n' 'HTTP/1.1 200 OK' 'Server: mtls-serve' \
	'Content-Type: text/plain; charset=utf-8' 'Content-Length: 6' \
	'Connection: close' '' 'hello' >exp
compare exp out || fail=1
test $(($(date +%s) - start)) -lt 5 || { echo "waited for the body"; fail=1; }

raw_ "POST / HTTP/1.1\r\n${H}Content-Length: 5\r\nExpect: 100-Continue\r\n\r\n" >out
head -n 1 out >got
echo 'HTTP/1.1 405 Method Not Allowed' >exp
compare exp got || fail=1
grep -qx 'Connection: close' out || { cat out; fail=1; }

# The body came with the head: skipped, and the next request answered.
raw_ "GET / HTTP/1.1\r\n${H}Content-Length: 5\r\nExpect: 100-continue\r\n\r\nXXXXXGET /2 HTTP/1.1\r\n${H}Connection: close\r\n\r\n" >out
test "$(grep -c '^HTTP/1.1 200 OK$' out)" = 2 || { cat out; fail=1; }

# Another expectation: 417.
raw_ "GET / HTTP/1.1\r\n${H}Expect: something-else\r\n\r\n" >out
head -n 1 out >got
echo 'HTTP/1.1 417 Expectation Failed' >exp
compare exp got || fail=1

# curl sends a large upload with Expect: 100-continue and does not send
# the body after a final answer.
head -c 500000 /dev/zero >big
code=$(curl_ mail-server / -X PUT -H 'Expect: 100-continue' \
	--data-binary @big -o /dev/null -w '%{http_code}' 2>err)
test "$code" = 405 || { echo "curl: $code"; cat err; fail=1; }

returns_ 0 stop_server_ || fail=1
Exit $fail
