#!/bin/sh
# --backend: bodies of 0, 1, 64 KiB and 10 MiB go through byte for byte in
# both directions, with Content-Length, chunked, or (from the backend)
# until the close; HEAD has no body; clients curl and mtls-get.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
. "$abs_srcdir/tests/mtls-serve/proxy-lib.sh"
require_ curl python3

make_scenario_
start_backend_ b
start_server_ s $serve_scenario_args_ --workers 1 \
	--backend "http://127.0.0.1:$bport"

get_() {
	mtls-get --ca ca/ca.cert.pem --cert mail-server/server.cert \
		--key mail-server/private.key "https://localhost:$port$1"
}

for n in 0 1 65536 10485760; do
	want=$(pattern_sha_ $n)
	for q in '' '?chunked' '?close'; do
		got=$(curl_ mail-server "/size/$n$q" | sha256sum | cut -d' ' -f1)
		test "$got" = "$want" ||
			{ echo "curl download $n$q: $got"; fail=1; }
	done
	# Chunked to the client when the backend's answer has no length.
	curl_ mail-server "/size/$n?chunked" -D head -o /dev/null ||
		fail=1
	grep -qix 'Transfer-Encoding: chunked.' head ||
		{ echo "size $n?chunked:"; cat head; fail=1; }
	grep -qi '^Content-Length' head && { cat head; fail=1; }
	curl_ mail-server "/size/$n" -D head -o /dev/null || fail=1
	grep -qx "Content-Length: $n." head || { cat head; fail=1; }

	head -c $n /dev/urandom >up
	want="$(sha256sum <up | cut -d' ' -f1) $n"
	got=$(curl_ mail-server /sha --data-binary @up)
	test "$got" = "$want" || { echo "upload $n: $got"; fail=1; }
	got=$(curl_ mail-server /sha --data-binary @up \
		-H 'Transfer-Encoding: chunked')
	test "$got" = "$want" || { echo "chunked upload $n: $got"; fail=1; }
done

# mtls-get reads what we send, chunked or not.
for q in '' '?chunked' '?close'; do
	got=$(get_ "/size/65537$q" | sha256sum | cut -d' ' -f1)
	test "$got" = "$(pattern_sha_ 65537)" ||
		{ echo "mtls-get $q: $got"; fail=1; }
done

# HEAD: the backend's head, no body, and the connection goes on.
curl_ mail-server /size/1000 -I >head || fail=1
grep -qx 'Content-Length: 1000.' head || { cat head; fail=1; }
H='Host: localhost\r\n'
client_ mail-server --send "HEAD /size/1000?chunked HTTP/1.1\r\n${H}\r\nGET /size/3 HTTP/1.1\r\n${H}Connection: close\r\n\r\n" >raw ||
	fail=1
tr -d '\r' <raw | grep -v '^Date: \|^Server: ' >out
printf '%s\n' 'HTTP/1.1 200 OK' 'Content-Type: application/octet-stream' \
	'' 'HTTP/1.1 200 OK' 'Content-Type: application/octet-stream' \
	'Content-Length: 3' 'Connection: close' '' >exp
head -n 8 out >got
compare exp got || fail=1
test "$(tail -c 3 raw | od -An -tx1)" = ' 03 0a 11' || { od -c raw; fail=1; }

returns_ 0 stop_server_ || fail=1
grep -v '^listening on' s.err && fail=1
Exit $fail
