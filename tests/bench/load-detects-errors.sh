#!/bin/sh
# bench/mtls-load checks what it gets: a body of the wrong length, and a
# client certificate the server refuses, are counted as errors of their
# kind and make it exit 1.  (So a zero in the smoke test means something.)
. "${srcdir:-.}/tests/init.sh"

load=$abs_top_builddir/bench/mtls-load
test -x "$abs_top_builddir/src/mtls-serve" ||
	skip_ "src/mtls-serve is not built yet"
test -x "$load" || framework_failure_ "bench/mtls-load is not built"
make_scenario_
printf '%s' '{"invoice":"INV-2026-0042"}' >body.json
# A client of another CA.
mkdir zxc
mkca --subject '/O=ZXC Inc.' --key-out zxc/ca.key >zxc/ca.pem &&
	mkcsr --subject '/CN=localhost/O=Intruder' --key-out zxc/client.key |
	signcsr --ca zxc/ca.pem --ca-key zxc/ca.key >zxc/client.pem ||
	framework_failure_ "ZXC certificates"

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

field() { sed -n "s/^RESULT .* $1=\([^ ]*\).*/\1/p" "$2"; }

# The body is 27 bytes; expecting 28 makes every response an error.
returns_ 1 timeout 60 "$load" -c "127.0.0.1:$port" --ca ca/ca.cert.pem \
	--cert mail-server/server.cert --key mail-server/private.key \
	-m keepalive -n 2 -d 0.5 -b 28 -q >out 2>err || fail=1
test "$(field requests out)" = 0 || fail=1
test "$(field err_length out)" -gt 0 || { cat out; fail=1; }
test "$(field errors out)" = "$(field err_length out)" || { cat out; fail=1; }
printf '%s\n' 'mtls-load: first length error: body of 27 bytes, expected 28' >exp
compare exp err || fail=1

# Refused in the handshake: TLS 1.3 clients learn it on their first read.
returns_ 1 timeout 60 "$load" -c "127.0.0.1:$port" --ca ca/ca.cert.pem \
	--cert zxc/client.pem --key zxc/client.key \
	-m handshake -n 2 -d 0.5 -b 27 -q >out 2>err || fail=1
test "$(field requests out)" = 0 || fail=1
test $(($(field err_handshake out) + $(field err_recv out) + $(field err_closed out))) -gt 0 ||
	{ cat out; fail=1; }
grep -q '^mtls-load: first \(handshake\|recv\|closed\) error: ' err ||
	{ cat err; fail=1; }

# Only loopback addresses.
returns_ 2 "$load" -c 192.0.2.1:443 --ca ca/ca.cert.pem \
	--cert mail-server/server.cert --key mail-server/private.key \
	>out 2>err || fail=1
printf '%s\n' "mtls-load: refusing '192.0.2.1:443': only loopback addresses" \
	"Try 'mtls-load --help' for more information." >exp
compare exp err || fail=1

Exit $fail
