#!/bin/sh
# Limits that hold under abuse:
# - out of descriptors, accept() fails: the worker pauses accepting
#   instead of spinning on the readable listener (measured as CPU time),
#   says so, and serves again once descriptors are free;
# - clients that connect and never finish the handshake cannot keep
#   others out: one address holds at most --max-handshakes-per-ip slots,
#   and a connection without a ClientHello is closed after 3 seconds;
# - a slow download is not cut while it makes progress (the idle timer
#   counts from the last progress), and a client that stops reading is
#   closed and logged.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
require_ curl python3 prlimit

make_scenario_
hold_() { python3 "$abs_srcdir/tests/mtls-serve/hold.py" "$@"; }
cpu_ticks_() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# 1. EMFILE: 40 descriptors, a connection limit above it, 60 clients
# that sent a ClientHello and wait.
(
	exec prlimit --nofile=40:40 mtls-serve --listen 127.0.0.1:0 \
		$serve_scenario_args_ --workers 1 --max-conns 100 \
		--handshake-timeout 30
) >s1.out 2>s1.err &
server_pid=$!
pids_="$pids_ $server_pid"
wait_for_ 30 "grep -q '^listening on ' s1.err" || framework_failure_ start
port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' s1.err)
mkfifo hold1 || framework_failure_ mkfifo
hold_ "$port" 60 20 hello <hold1 >held1 &
holder=$!
pids_="$pids_ $holder"
exec 7>hold1
wait_for_ 20 "test -s held1" || fail=1
wait_for_ 10 "grep -q 'cannot accept connections: too many open files; pausing 250 ms' s1.err" ||
	{ cat s1.err; fail=1; }
before=$(cpu_ticks_ "$server_pid")
sleep 2
used=$(($(cpu_ticks_ "$server_pid") - before))
# A spinning worker uses all of the 2 s (200 ticks); a pausing one next
# to nothing.
test "$used" -lt 40 || { echo "worker used $used ticks in 2 s"; fail=1; }
exec 7>&-
wait "$holder"
returns_ 0 curl_ mail-server / -o /dev/null 2>err || { cat err; fail=1; }
returns_ 0 stop_server_ || fail=1

# 2. Handshakes that never finish, from one address; a real client from
# another is served at once.
start_server_ s2 $serve_scenario_args_ --workers 1 --max-conns 40 \
	--max-handshakes-per-ip 8 --handshake-timeout 30
mkfifo hold2 || framework_failure_ mkfifo
hold_ "$port" 200 20 silent 127.0.0.1 <hold2 >held2 &
holder=$!
pids_="$pids_ $holder"
exec 7>hold2
wait_for_ 20 "test -s held2" || fail=1
echo 'held 8' >exp
compare exp held2 || fail=1
grep -q 'refused: 8 connections from this address are in their handshake already' s2.err ||
	{ cat s2.err; fail=1; }
returns_ 0 curl_ mail-server / -o /dev/null --interface 127.0.0.2 \
	--max-time 5 2>err || { cat err; fail=1; }
# The silent ones go after 3 s, and say why.
wait_for_ 10 "grep -q 'no TLS ClientHello within 3000 ms; closed' s2.err" ||
	{ cat s2.err; fail=1; }
exec 7>&-
wait "$holder"
returns_ 0 stop_server_ || fail=1

# 3. A 6 MB download read at 1 MB/s with a 2 s idle timeout: complete.
mkdir www || framework_failure_ mkdir
head -c 6000000 /dev/urandom >www/big.bin || framework_failure_ head
start_server_ s3 $serve_scenario_args_ --workers 1 --root www \
	--idle-timeout 2
returns_ 0 curl_ mail-server /big.bin --limit-rate 1M -o got.bin 2>err ||
	{ cat err; fail=1; }
cmp -s www/big.bin got.bin || { ls -l got.bin; fail=1; }
# A client that takes a little and then nothing: closed, and logged.
head -c 30000000 /dev/zero >www/huge.bin || framework_failure_ head
client_ mail-server --send 'GET /huge.bin HTTP/1.1\r\nHost: x\r\n\r\n' \
	--ready started --wait never --timeout 6 >/dev/null 2>&1 &
stall=$!
pids_="$pids_ $stall"
wait_for_ 15 "grep -q 'the client read nothing of the response for 2000 ms; closed' s3.err" ||
	{ cat s3.err; fail=1; }
kill "$stall" 2>/dev/null
returns_ 0 stop_server_ || fail=1
Exit $fail
