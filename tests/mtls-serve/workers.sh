#!/bin/sh
# --workers 2: two worker processes share the port and serve concurrent
# clients; SIGHUP is reported once; SIGTERM stops them all, exit 0.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
require_ curl

make_scenario_
printf 'hello\n' >hello.txt
start_server_ s $serve_scenario_args_ --workers 2 --body hello.txt

wait_for_ 20 "test \$(pgrep -c -P $server_pid) = 2" ||
	{ echo "not two workers"; pgrep -a -P "$server_pid"; fail=1; }

n=0
while test $n -lt 16; do
	n=$((n + 1))
	curl_ mail-server "/$n" -o "out.$n" 2>"err.$n" &
	eval "c_$n=\$!"
done
n=0
while test $n -lt 16; do
	n=$((n + 1))
	eval "wait \$c_$n" || { cat "err.$n"; fail=1; }
	compare hello.txt "out.$n" || fail=1
done
test "$(wc -l <s.out)" = 16 || { cat s.out; fail=1; }

# Connections are spread over both workers (each has its own SO_REUSEPORT
# socket): under 32 keep-alive connections of load, each worker works.
# (A shared socket let the first worker to wake accept them all.)
cpu_ticks_() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
load=$abs_top_builddir/bench/mtls-load
test -x "$load" || framework_failure_ "bench/mtls-load is not built"
"$load" -c "127.0.0.1:$port" --ca ca/ca.cert.pem \
	--cert mail-server/server.cert --key mail-server/private.key \
	-m keepalive -n 32 -d 2 -q >load.out 2>&1 || { cat load.out; fail=1; }
for k in $(pgrep -P "$server_pid"); do
	ticks=$(cpu_ticks_ "$k")
	# 2 s of load split over two workers: each gets far more than 50 ms.
	test "$ticks" -ge 5 ||
		{ echo "worker $k used $ticks ticks: load not spread"; fail=1; }
done

kill -HUP "$server_pid"
wait_for_ 20 "grep -q reloaded s.err" || { cat s.err; fail=1; }
returns_ 0 curl_ mail-server / >out 2>err || { cat err; fail=1; }
test "$(grep -c reloaded s.err)" = 1 || { cat s.err; fail=1; }

stop_server_ || fail=1
Exit $fail
