#!/bin/sh
# Readiness and reload notification for systemd's Type=notify: with
# NOTIFY_SOCKET set (a path, or an abstract @name), the main process sends
# READY=1 once listening, RELOADING=1 with MONOTONIC_USEC= at SIGHUP and
# READY=1 when the reload is over (a failed one too), STOPPING=1 at
# SIGTERM: exactly these, in this order, with one worker or several.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
require_ curl

make_scenario_
cp invoice-server/server.cert cert.pem || framework_failure_ cp

cat >exp <<'END'
READY=1
RELOADING=1\nMONOTONIC_USEC=OK
READY=1
RELOADING=1\nMONOTONIC_USEC=OK
READY=1
STOPPING=1
END

n=0
for workers in 1 2; do
	for addr in "$PWD/notify.sock" "@mtls-test-notify-$$-$n"; do
		n=$((n + 1))
		rm -f notify.sock notes notes.ready
		python3 "$abs_srcdir/tests/mtls-serve/notify_listen.py" \
			"$addr" notes &
		listener=$!
		pids_="$pids_ $listener"
		wait_for_ 20 'test -s notes.ready' ||
			framework_failure_ "no notification socket"
		cp invoice-server/server.cert cert.pem
		NOTIFY_SOCKET=$addr start_server_ s $serve_scenario_args_ \
			--cert cert.pem --workers $workers
		wait_for_ 20 'test -s notes' || { cat s.err; fail=1; }
		# A good reload, then one of a broken certificate.
		kill -HUP "$server_pid"
		wait_for_ 20 "test \$(grep -c READY notes) = 2" || fail=1
		# (with workers, the first one says it, a moment later)
		wait_for_ 20 "grep -q reloaded s.err" || { cat s.err; fail=1; }
		echo broken >cert.pem
		kill -HUP "$server_pid"
		wait_for_ 20 "test \$(grep -c READY notes) = 3" || fail=1
		wait_for_ 20 "grep -q 'reload failed' s.err" ||
			{ cat s.err; fail=1; }
		# Still serving.
		curl_ mail-server / >out 2>&1 || { cat out; fail=1; }
		stop_server_ || fail=1
		wait_for_ 20 "exited_ $listener" || fail=1
		compare exp notes || fail=1
	done
done

Exit $fail
