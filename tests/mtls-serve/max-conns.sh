#!/bin/sh
# --max-conns: with the limit reached the server accepts no more
# connections (they wait in the listen queue) until one closes.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
require_ curl python3

make_scenario_
printf 'hello\n' >hello.txt
start_server_ s $serve_scenario_args_ --workers 1 --max-conns 1 \
	--body hello.txt

# Hold the one connection open (handshake done, no request yet).
client_ mail-server --ready ready --wait go \
	--rest 'GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' \
	>held.out 2>held.err &
held=$!
pids_="$pids_ $held"
wait_for_ 20 'test -e ready' || { cat held.err; framework_failure_ "no hold"; }

# A second client is not served while the first holds the slot.
returns_ 28 curl_ mail-server / --max-time 2 >out 2>err || { cat err; fail=1; }

# Once the first is done, the next is served.
touch go
wait_for_ 20 "exited_ $held" || fail=1
wait $held || { cat held.err; fail=1; }
tail -n 1 held.out >body
compare hello.txt body || fail=1
returns_ 0 curl_ mail-server / >out 2>err || { cat err; fail=1; }
compare hello.txt out || fail=1

stop_server_ || fail=1
Exit $fail
