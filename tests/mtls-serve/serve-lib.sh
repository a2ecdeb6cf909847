# tests/mtls-serve/serve-lib.sh -- sourced by the mtls-serve tests after
# tests/init.sh: start and stop servers on free ports, wait for
# conditions (never a bare sleep as synchronisation), common clients.

pids_=
cleanup_() {
	for p_ in $pids_; do
		kill -KILL "$p_" 2>/dev/null
	done
}

# wait_for_ SECONDS 'SHELL CONDITION': poll every 0.1 s.
wait_for_() {
	w_n_=$(($1 * 10))
	while ! eval "$2"; do
		w_n_=$((w_n_ - 1))
		test $w_n_ -gt 0 || return 1
		sleep 0.1
	done
}

# free_port_: a port of 127.0.0.1 nothing listens on right now (for
# servers that cannot be told port 0).
free_port_() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# start_server_ NAME [OPTION]...: mtls-serve on 127.0.0.1, a free port,
# standard output in NAME.out, standard error in NAME.err; sets
# $server_pid and $port.
start_server_() {
	s_name_=$1
	shift
	: >"$s_name_.err"
	mtls-serve --listen 127.0.0.1:0 "$@" >"$s_name_.out" 2>>"$s_name_.err" &
	server_pid=$!
	pids_="$pids_ $server_pid"
	if ! wait_for_ 30 "grep -q '^listening on ' $s_name_.err ||
			   ! kill -0 $server_pid 2>/dev/null"; then
		cat "$s_name_.err" >&2
		framework_failure_ "mtls-serve did not start"
	fi
	port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' \
		"$s_name_.err")
	test -n "$port" || {
		cat "$s_name_.err" >&2
		framework_failure_ "no port in $s_name_.err (server $server_pid)"
	}
}

# exited_ PID: has PID (a child of ours) exited (gone, or a zombie)?
exited_() {
	! test -e "/proc/$1/stat" ||
		sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | grep -q '^Z'
}

# stop_server_ [SIGNAL]: signal the server (TERM by default) and wait, at
# most 30 s, for it to exit; returns its exit status (KILLed after 30 s).
stop_server_() {
	kill -"${1:-TERM}" "$server_pid"
	wait_for_ 30 "exited_ $server_pid" || kill -KILL "$server_pid"
	wait "$server_pid"
}

# make_client_ DIR SUBJECT [signcsr OPTION]...: a key and a certificate
# from the scenario's CA (ca/) in DIR/private.key and DIR/server.cert.
make_client_() {
	m_dir_=$1 m_subject_=$2
	shift 2
	mkdir -p "$m_dir_" || framework_failure_ mkdir
	mkcsr --subject "$m_subject_" --key-out "$m_dir_/private.key" |
		signcsr --ca ca/ca.cert.pem --ca-key ca/ca.key.pem "$@" \
			>"$m_dir_/server.cert" || framework_failure_ signcsr
}

# asan_faketime_ TIMESTAMP COMMAND...: faketime(1) preloads a library,
# which the sanitizer build's runtime wants to come first; let it not
# mind.
asan_faketime_() {
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
		faketime "$@"
}

# A second company's CA and a client certificate from it, in zxc/.
make_zxc_() {
	mkdir -p zxc || framework_failure_ mkdir
	mkca --subject '/O=ZXC Inc.' --key-out zxc/ca.key.pem \
		>zxc/ca.cert.pem || framework_failure_ mkca
	mkcsr --subject '/CN=localhost/O=MailServer' --key-out zxc/private.key |
		signcsr --ca zxc/ca.cert.pem --ca-key zxc/ca.key.pem \
			>zxc/server.cert || framework_failure_ signcsr
}

serve_scenario_args_='--ca ca/ca.cert.pem --cert invoice-server/server.cert
	--key invoice-server/private.key'

# curl_ CLIENTDIR PATH [CURL OPTION]...: curl to the server as the client
# whose key and certificate are in CLIENTDIR ("-" for none).
curl_() {
	c_dir_=$1 c_path_=$2
	shift 2
	if test "$c_dir_" != -; then
		set -- --cert "$c_dir_/server.cert" --key "$c_dir_/private.key" "$@"
	fi
	curl -sS --max-time 20 --cacert ca/ca.cert.pem \
		--resolve "localhost:$port:127.0.0.1" "$@" \
		"https://localhost:$port$c_path_"
}

# client_ CLIENTDIR [client.py OPTION]...: the Python TLS client of these
# tests (raw bytes in, raw bytes out), as the client in CLIENTDIR.
client_() {
	c_dir_=$1
	shift
	if test "$c_dir_" = -; then
		python3 "$abs_srcdir/tests/mtls-serve/client.py" --port "$port" \
			--ca ca/ca.cert.pem "$@"
	else
		python3 "$abs_srcdir/tests/mtls-serve/client.py" --port "$port" \
			--ca ca/ca.cert.pem --cert "$c_dir_/server.cert" \
			--key "$c_dir_/private.key" "$@"
	fi
}
