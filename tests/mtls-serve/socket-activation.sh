#!/bin/sh
# Socket activation: started by systemd-socket-activate, which passes
# listening sockets from descriptor 3 on with LISTEN_FDS and LISTEN_PID,
# the server serves on them instead of --listen, with one worker or with
# several sharing them.  --listen as well is a usage error; a passed
# descriptor that is no listening socket, or a malformed LISTEN_FDS, is
# an error; sockets meant for another process are not taken.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
require_ systemd-socket-activate curl

make_scenario_

# activate_ NAME PORT... -- OPTION...: mtls-serve under
# systemd-socket-activate with a socket on each 127.0.0.1:PORT; output in
# NAME.out and NAME.err; sets $server_pid.  The server is started at the
# first connection.
activate_() {
	a_name_=$1 a_n_=0
	shift
	set -- "$@" END
	while test "$1" != --; do
		set -- "$@" -l "127.0.0.1:$1"
		shift
		a_n_=$((a_n_ + 1))
	done
	shift
	while test "$1" != END; do
		set -- "$@" "$1"
		shift
	done
	shift
	# After the loop: -l ADDR... OPTION...
	systemd-socket-activate "$@" >"$a_name_.out" 2>"$a_name_.err" &
	server_pid=$!
	pids_="$pids_ $server_pid"
	wait_for_ 10 "test \$(grep -c '^Listening on ' $a_name_.err) = $a_n_" ||
		{ cat "$a_name_.err"; framework_failure_ "not activated"; }
}

for workers in 1 3; do
	port1=$(free_port_) && port2=$(free_port_) ||
		framework_failure_ free_port_
	while test "$port2" = "$port1"; do
		port2=$(free_port_) || framework_failure_ free_port_
	done
	activate_ s $port1 $port2 -- mtls-serve $serve_scenario_args_ \
		--workers $workers
	for port in $port1 $port2 $port1 $port2 $port1 $port2; do
		curl_ mail-server / >body || fail=1
		grep -q '"subject":"O=MailServer,CN=localhost"' body ||
			{ cat body s.err; fail=1; }
	done
	test "$(grep -c '"GET / HTTP/1.1" 200' s.out)" = 6 ||
		{ cat s.out; fail=1; }
	grep -qx "listening on 127.0.0.1:$port1" s.err || { cat s.err; fail=1; }
	grep -qx "listening on 127.0.0.1:$port2" s.err || { cat s.err; fail=1; }
	if test $workers -gt 1; then
		test "$(pgrep -c -P "$server_pid")" = $workers ||
			{ pgrep -a -P "$server_pid"; fail=1; }
	fi
	# Nothing listened on the default address instead.
	grep '0\.0\.0\.0' s.err && fail=1
	stop_server_ || fail=1
done

# --listen as well: a usage error, once started.
port=$(free_port_) || framework_failure_ free_port_
activate_ u $port -- mtls-serve $serve_scenario_args_ \
	--listen 127.0.0.1:0
curl_ mail-server / >/dev/null 2>&1
wait_for_ 20 "exited_ $server_pid" || fail=1
returns_ 2 wait "$server_pid" || fail=1
cat >exp <<'END'
mtls-serve: --listen cannot be used with the sockets passed by the service manager (LISTEN_FDS)
Try 'mtls-serve --help' for more information.
END
grep -v '^Listening on \|^Communication attempt\|^Execing ' u.err >err
compare exp err || fail=1

# A descriptor 3 that is not a socket, and a malformed LISTEN_FDS, for
# this very process (sh's $$ is the PID it execs mtls-serve in).
passed_() {
	sh -c 'LISTEN_PID=$$ LISTEN_FDS=$1; export LISTEN_PID LISTEN_FDS
		shift; exec "$@" 3<ca/ca.cert.pem' sh "$@"
}
echo "mtls-serve: passed descriptor 3: not a socket (Socket operation on non-socket)" >exp
returns_ 2 passed_ 1 mtls-serve $serve_scenario_args_ >out 2>err || fail=1
compare exp err || fail=1
echo "mtls-serve: invalid number of sockets passed by the service manager: '1x'" >exp
returns_ 2 passed_ 1x mtls-serve $serve_scenario_args_ >out 2>err || fail=1
compare exp err || fail=1

# Sockets meant for another process are left alone: --listen serves.
LISTEN_PID=1 LISTEN_FDS=1 start_server_ o $serve_scenario_args_ --workers 1
curl_ mail-server / >body || fail=1
grep -q '"subject":"O=MailServer,CN=localhost"' body || fail=1
stop_server_ || fail=1

Exit $fail
