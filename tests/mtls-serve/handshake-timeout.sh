#!/bin/sh
# A client that connects and sends nothing is dropped after
# --handshake-timeout, and logged; other clients are served meanwhile.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
require_ curl python3

make_scenario_
start_server_ s $serve_scenario_args_ --workers 1 --handshake-timeout 1

# Connect, send nothing, report how long until the server hangs up.
python3 -c '
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=30)
open("connected", "w").close()
t = time.time()
data = s.recv(1)
print("closed" if data == b"" else "data", round(time.time() - t))
' "$port" >slow.out 2>&1 &
slow=$!
pids_="$pids_ $slow"
wait_for_ 20 'test -e connected' || framework_failure_ "no connection"

# Served while the silent client waits.
returns_ 0 curl_ mail-server / -o /dev/null >out 2>err || { cat err; fail=1; }

wait_for_ 20 'test -s slow.out' || fail=1
wait $slow
read what secs <slow.out
test "$what" = closed || { cat slow.out; fail=1; }
test "$secs" -ge 1 && test "$secs" -le 5 || { cat slow.out; fail=1; }
grep -q '^mtls-serve: 127\.0\.0\.1:[0-9]*: no TLS ClientHello within 1000 ms; closed$' s.err ||
	{ cat s.err; fail=1; }

stop_server_ || fail=1
Exit $fail
