#!/bin/sh
# A worker that dies is started again by the master, at once the first
# time and after a pause when it dies again soon; the service goes on,
# and a restarted worker serves the configuration of the last reload.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
require_ curl openssl

make_scenario_
printf 'hello\n' >hello.txt
start_server_ s $serve_scenario_args_ --workers 2 --body hello.txt
wait_for_ 20 "test \$(pgrep -c -P $server_pid) = 2" ||
	fail_ "not two workers"

# workers_: the PIDs of the server's workers, sorted.
workers_() { pgrep -P "$server_pid" | sort; }

workers_ >before
victim=$(head -n 1 before)
kill -KILL "$victim"
wait_for_ 20 "grep -q '^mtls-serve: worker $victim was killed' s.err" ||
	{ cat s.err; fail=1; }
printf 'mtls-serve: worker %s was killed by signal 9 (Killed); starting a new one\n' \
	"$victim" >exp
grep "worker $victim" s.err >got
compare exp got || fail=1
wait_for_ 20 "test \$(workers_ | grep -cvxF -f before) = 1" ||
	{ workers_; fail=1; }

# Dying again soon after it started: a pause before the next start.
new=$(workers_ | grep -vxF -f before)
kill -KILL "$new"
wait_for_ 20 "grep -q 'worker $new was killed' s.err" || { cat s.err; fail=1; }
printf 'mtls-serve: worker %s was killed by signal 9 (Killed); starting a new one in 1 s\n' \
	"$new" >exp
grep "worker $new" s.err >got
compare exp got || fail=1
wait_for_ 20 "test \$(pgrep -c -P $server_pid) = 2" || { workers_; fail=1; }

# Every request is served meanwhile and after.
n=0
while test $n -lt 8; do
	n=$((n + 1))
	returns_ 0 curl_ mail-server / -o out 2>err || { cat err; fail=1; }
	compare hello.txt out || fail=1
done

# A new server certificate, reloaded; then a worker dies: the one that
# replaces it serves the new certificate too.
mkcsr --subject '/CN=localhost/O=InvoiceServer2' --key-out new.key |
	signcsr --ca ca/ca.cert.pem --ca-key ca/ca.key.pem >new.cert ||
	framework_failure_ signcsr
cp new.cert invoice-server/server.cert && cp new.key invoice-server/private.key ||
	framework_failure_ cp
kill -HUP "$server_pid"
wait_for_ 20 "grep -q reloaded s.err" || { cat s.err; fail=1; }
victim=$(workers_ | head -n 1)
kill -KILL "$victim"
wait_for_ 20 "test \$(grep -c 'starting a new one' s.err) -ge 3" ||
	{ cat s.err; fail=1; }
wait_for_ 20 "test \$(pgrep -c -P $server_pid) = 2" || { workers_; fail=1; }
n=0
while test $n -lt 8; do
	n=$((n + 1))
	curl_ mail-server / -o /dev/null -w '%{ssl_verify_result}\n' -v \
		2>&1 | sed -n 's/^\*  subject: //p' >>subjects
done
sort -u subjects >got
echo 'CN=localhost; O=InvoiceServer2' >exp
compare exp got || fail=1

returns_ 0 stop_server_ || fail=1
Exit $fail
