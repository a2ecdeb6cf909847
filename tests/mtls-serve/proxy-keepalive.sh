#!/bin/sh
# --backend: connections to the backend are kept alive and reused from a
# pool in each worker: many requests from several clients take no more
# backend connections than there are workers.  A connection the backend
# closed while idle is noticed, and the next request still succeeds; so
# do pipelined requests.  (Requests at the same time need connections of
# their own: the pool lends only idle ones.)
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
. "$abs_srcdir/tests/mtls-serve/proxy-lib.sh"
require_ curl python3

make_scenario_
start_backend_ b
start_server_ s $serve_scenario_args_ --workers 2 \
	--backend "http://127.0.0.1:$bport"

# Three clients, one after the other, each making 8 connections and
# each connection 3 requests: never two requests at once, so each worker
# needs one backend connection.
make_client_ c2 '/CN=c2/O=MailServer'
make_client_ c3 '/CN=c3/O=MailServer'
for c in mail-server c2 c3; do
	i=0
	while test $i -lt 8; do
		curl_ $c /size/10 -o /dev/null -o /dev/null -o /dev/null \
			"https://localhost:$port/size/20" \
			"https://localhost:$port/size/30" || fail=1
		i=$((i + 1))
	done
done
test "$(grep -c '" 200 ' s.out)" = 72 || { cat s.out; fail=1; }
n=$(curl_ mail-server /conns) || fail=1
test "$n" -ge 1 && test "$n" -le 2 ||
	{ echo "the backend saw $n connections"; fail=1; }
returns_ 0 stop_server_ || fail=1

# A backend that closes idle connections after 0.5 s.
kill $backend_pid
start_backend_ b2 --idle-close 0.5
start_server_ s2 $serve_scenario_args_ --workers 1 \
	--backend "http://127.0.0.1:$bport"
curl_ mail-server /size/10 -o /dev/null || fail=1
sleep 1.5
n=$(curl_ mail-server /conns) || fail=1
test "$n" = 2 || { echo "the backend saw $n connections"; fail=1; }
# Pipelined: three requests in one write, three answers in order.
H='Host: localhost\r\n'
client_ mail-server --send "GET /size/1 HTTP/1.1\r\n${H}\r\nGET /size/2 HTTP/1.1\r\n${H}\r\nGET /size/3 HTTP/1.1\r\n${H}Connection: close\r\n\r\n" >raw ||
	fail=1
tr -d '\r' <raw | grep '^Content-Length' >got
printf 'Content-Length: %s\n' 1 2 3 >exp
compare exp got || fail=1
returns_ 0 stop_server_ || fail=1
grep -v '^listening on' s2.err && fail=1
Exit $fail
