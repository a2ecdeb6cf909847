#!/bin/sh
# SIGTERM: the server stops accepting at once, lets the request in flight
# complete, then exits 0.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
require_ curl python3

make_scenario_
printf 'hello\n' >hello.txt
start_server_ s $serve_scenario_args_ --workers 1 --body hello.txt

# Half a request is in when the signal comes.
client_ mail-server --send 'GET / HTTP/1.1\r\nHost: localhost\r\n' \
	--ready ready --wait go --rest '\r\n' >inflight.out 2>inflight.err &
inflight=$!
pids_="$pids_ $inflight"
wait_for_ 20 'test -e ready' || framework_failure_ "client did not start"
# The client has sent its half request; wait until the server has taken
# it from the socket (its receive queue is empty), so the request is in
# flight when the signal comes.
require_ ss
wait_for_ 20 "test \"\$(ss -tnH state established '( sport = :$port )' |
	awk '{ print \$1 }')\" = 0" || framework_failure_ "request not read"

kill -TERM "$server_pid"
# New connections are refused (exit 7) once the listener is closed.
wait_for_ 20 'curl_ mail-server / >/dev/null 2>&1; test $? = 7' ||
	{ echo "still accepting"; fail=1; }

touch go
wait_for_ 20 "exited_ $inflight" || fail=1
wait $inflight || { cat inflight.err; fail=1; }
tr -d '\r' <inflight.out | sed '/^Date: /d' >got
cat >exp <<'HTTP'
HTTP/1.1 200 OK
Server: mtls-serve
Content-Type: text/plain; charset=utf-8
Content-Length: 6
Connection: close

hello
HTTP
compare exp got || fail=1

wait_for_ 20 "exited_ $server_pid" || fail=1
returns_ 0 wait "$server_pid" || fail=1
Exit $fail
