#!/bin/sh
# bench/mtls-load runs against mtls-serve for one second in each mode
# (keepalive, handshake, resume, idle) and every response checks out:
# status 200, the exact body length, resumed handshakes resumed, held
# connections held -- zero errors, and a RESULT line that says so.
. "${srcdir:-.}/tests/init.sh"

load=$abs_top_builddir/bench/mtls-load
test -x "$abs_top_builddir/src/mtls-serve" ||
	skip_ "src/mtls-serve is not built yet"
test -x "$load" || framework_failure_ "bench/mtls-load is not built"
make_scenario_
printf '%s' '{"invoice":"INV-2026-0042","customer":"ABC Inc.","amount":"1234.5","currency":"EUR","due":"2026-12-31","paid":true}' >body.json
len=$(wc -c <body.json)

mtls-serve --ca ca/ca.cert.pem --cert invoice-server/server.cert \
	--key invoice-server/private.key --listen 127.0.0.1:0 \
	--body body.json --workers 1 --access-log none 2>serve.err &
pid=$!
cleanup_() { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }
port=
for _ in $(seq 100); do
	port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' serve.err)
	test -n "$port" && break
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.1
done
test -n "$port" || { cat serve.err >&2; framework_failure_ "mtls-serve did not start"; }

# field NAME FILE: the value of NAME= in FILE's RESULT line.
field() { sed -n "s/^RESULT .* $1=\([^ ]*\).*/\1/p" "$2"; }

for mode in keepalive handshake resume idle; do
	kill -0 "$pid" 2>/dev/null || { cat serve.err; fail_ "mtls-serve died"; }
	n=4
	test $mode = idle && n=20
	returns_ 0 timeout 60 "$load" -c "127.0.0.1:$port" --ca ca/ca.cert.pem \
		--cert mail-server/server.cert --key mail-server/private.key \
		-m $mode -n $n -d 1 -b "$len" --timeout 5 -p "$pid" --label smoke \
		>out.$mode 2>err.$mode || fail=1
	test -s err.$mode && { echo "$mode: stderr:"; cat err.$mode; fail=1; }
	test "$(grep -c '^RESULT label=smoke mode='$mode' ' out.$mode)" = 1 ||
		{ echo "$mode: no RESULT line"; cat out.$mode; fail=1; }
	test "$(field errors out.$mode)" = 0 ||
		{ echo "$mode: errors"; cat out.$mode; fail=1; }
	# The server was found and measured.
	test "$(field server_procs out.$mode)" = 1 ||
		{ echo "$mode: server not measured"; fail=1; }
	case $mode in
	idle)
		test "$(field idle_conns out.$mode)" = $n ||
			{ echo "idle: not all $n connections held"; fail=1; } ;;
	*)
		test "$(field requests out.$mode)" -gt 0 ||
			{ echo "$mode: no requests"; fail=1; } ;;
	esac
	# Resume mode resumed every handshake but the first one of each
	# connection slot (an offered ticket not taken is an error anyway).
	if test $mode = resume; then
		h=$(field handshakes out.$mode)
		test "$h" -gt $n && test "$(field resumed out.$mode)" -ge $((h - n)) ||
			{ echo "resume: not every handshake resumed"; cat out.$mode; fail=1; }
	fi
done

# The server saw no failed handshake or bad request either (it logs those
# with the peer's address).
kill "$pid"
wait "$pid"
grep ': 127\.0\.0\.1:[0-9]*: ' serve.err && { echo "mtls-serve complained"; fail=1; }

Exit $fail
