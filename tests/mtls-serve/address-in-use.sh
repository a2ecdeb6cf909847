#!/bin/sh
# A second server on an address a server already listens on fails with
# "address already in use" (exit 2), with one worker or several, instead
# of joining the first one's SO_REUSEPORT group and taking a share of its
# clients; the first one keeps serving every client.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
require_ curl

make_scenario_
start_server_ s $serve_scenario_args_ --workers 2
first=$server_pid

printf "mtls-serve: cannot listen on '127.0.0.1:%s': address already in use\n" \
	"$port" >exp
for workers in 1 2; do
	returns_ 2 timeout 20 mtls-serve $serve_scenario_args_ \
		--listen "127.0.0.1:$port" --workers $workers >out 2>err ||
		fail=1
	compare exp err || fail=1
	test -s out && { cat out; fail=1; }
done

# Every client still reaches the first server (it would lose about half
# of them to a second one that had joined its group).
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do
	curl_ mail-server / >body || fail=1
	grep -q '"subject":"O=MailServer,CN=localhost"' body || fail=1
done
test "$(grep -c '"GET / HTTP/1.1" 200' s.out)" = 16 || { cat s.out; fail=1; }

# Its workers still share the address: both are up and the port is one.
test "$(pgrep -c -P "$first")" = 2 || { pgrep -a -P "$first"; fail=1; }

server_pid=$first
stop_server_ || fail=1
Exit $fail
