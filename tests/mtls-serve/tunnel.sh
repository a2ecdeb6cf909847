#!/bin/sh
# --backend tcp://: after the handshake (and --allow) bytes are relayed
# both ways, byte for byte, with half-closes passed on in each direction;
# --proxy-protocol sends a PROXY v2 header first, read here by an
# independent parser; an idle tunnel is closed; a denied client or a
# backend that refuses is closed and logged.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
require_ python3

make_scenario_
make_client_ other '/CN=other/O=Other'

# start_tcp_ NAME [tunnel_backend.py OPTION]...: sets $tpid and $tport.
start_tcp_() {
	t_name_=$1
	shift
	rm -f "$t_name_.port"
	python3 "$abs_srcdir/tests/mtls-serve/tunnel_backend.py" \
		--port-file "$t_name_.port" --log "$t_name_.log" "$@" \
		2>"$t_name_.err" &
	tpid=$!
	pids_="$pids_ $tpid"
	wait_for_ 30 "test -s $t_name_.port" || framework_failure_ "no backend"
	tport=$(cat "$t_name_.port")
}
tclient_() {
	c_dir_=$1
	shift
	python3 "$abs_srcdir/tests/mtls-serve/tunnel_client.py" \
		--port "$port" --ca ca/ca.cert.pem --cert "$c_dir_/server.cert" \
		--key "$c_dir_/private.key" "$@"
}

start_tcp_ t --proxy-protocol
start_server_ s $serve_scenario_args_ --workers 1 --allow O=MailServer \
	--backend "tcp://127.0.0.1:$tport" --proxy-protocol --idle-timeout 1

# The client ends its side; the answer still comes back.
head -c 10485760 /dev/urandom >up
tclient_ mail-server --send 'sink\n' --file up --half-close >got || fail=1
echo "$(sha256sum <up | cut -d' ' -f1) 10485760" >exp
compare exp got || fail=1

# The backend ends its side first; the client still sends.
tclient_ mail-server --send 'first\n' --after 'late data' >got || fail=1
echo hello >exp
compare exp got || fail=1
wait_for_ 10 "grep -q '^got ' t.log" || fail=1
echo "got $(printf 'late data' | sha256sum | cut -d' ' -f1) 9" >exp
grep '^got ' t.log >got
compare exp got || fail=1

# The PROXY header of each: the client's address, ours, TLS facts.
grep '^{' t.log | python3 -c '
import json, sys
port = int(sys.argv[1])
docs = [json.loads(l) for l in sys.stdin]
assert len(docs) == 2, docs
for d in docs:
    assert d.pop("sport") > 0
    assert d.pop("ssl_version") in ("TLSv1.3", "TLSv1.2"), d
    assert d.pop("ssl_cipher").startswith("TLS_"), d
    want = {"version": 2, "command": 1, "family": "TCP4",
            "src": "127.0.0.1", "dst": "127.0.0.1", "dport": port,
            "ssl_client": 7, "ssl_verify": 0, "ssl_cn": "localhost",
            "subject": "O=MailServer,CN=localhost"}
    assert d == want, d
' "$port" || { cat t.log; fail=1; }

# Idle for --idle-timeout: closed.
start=$(date +%s)
tclient_ mail-server --send 'quiet\n' >got || fail=1
test $(($(date +%s) - start)) -le 5 || { echo "idle tunnel kept"; fail=1; }

# Denied: closed, never relayed.
lines=$(wc -l <t.log)
tclient_ other --send 'sink\n' --half-close >got 2>&1
test ! -s got || { cat got; fail=1; }
test "$(wc -l <t.log)" = "$lines" || { cat t.log; fail=1; }
returns_ 0 stop_server_ || fail=1

# Without --proxy-protocol the backend gets the client's bytes only.
start_tcp_ t2
start_server_ s2 $serve_scenario_args_ --workers 1 \
	--backend "tcp://127.0.0.1:$tport"
tclient_ mail-server --send 'sink\nabc' --half-close >got || fail=1
echo "$(printf abc | sha256sum | cut -d' ' -f1) 3" >exp
compare exp got || fail=1
# The backend is gone: closed.
kill $tpid
wait $tpid 2>/dev/null
tclient_ mail-server --send 'sink\n' --half-close >got 2>&1
test ! -s got || { cat got; fail=1; }
returns_ 0 stop_server_ || fail=1

sed 's/^mtls-serve: 127\.0\.0\.1:[0-9]*: /mtls-serve: PEER: /' s.err s2.err |
	grep -v '^listening on' >got
cat >exp <<EOF2
mtls-serve: PEER: tunnel idle for 1000 ms; closed
mtls-serve: PEER: denied: certificate 'O=Other,CN=other' issued by 'O=ABC Inc.': no allow rule matches; closed
mtls-serve: PEER: backend 127.0.0.1:$tport: cannot connect: Connection refused; closed
EOF2
compare exp got || fail=1

# Options that need another kind of backend.
returns_ 2 mtls-serve $serve_scenario_args_ --backend http://127.0.0.1:1 \
	--proxy-protocol >out 2>err || fail=1
printf '%s\n' 'mtls-serve: --proxy-protocol needs --backend tcp://...' \
	"Try 'mtls-serve --help' for more information." >exp
compare exp err || fail=1
returns_ 2 mtls-serve $serve_scenario_args_ --backend tcp://127.0.0.1:1 \
	--forward-cert >out 2>err || fail=1
printf '%s\n' 'mtls-serve: --forward-cert needs an HTTP --backend' \
	"Try 'mtls-serve --help' for more information." >exp
compare exp err || fail=1
returns_ 2 mtls-serve $serve_scenario_args_ --listen 127.0.0.1:0 \
	--backend tcp://127.0.0.1:1/x >out 2>err || fail=1
echo "mtls-serve: invalid backend 'tcp://127.0.0.1:1/x': expected http://HOST:PORT[/PREFIX], unix:/PATH or tcp://HOST:PORT" >exp
compare exp err || fail=1
Exit $fail
