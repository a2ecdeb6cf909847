#!/bin/sh
# mtls-get fetches a file from `openssl s_server -WWW` that requires a
# client certificate (an HTTP/1.0 body that ends with the connection),
# under TLS 1.3 and TLS 1.2, by host name and by IPv4 and IPv6 address.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-get/peers.sh"
require_ openssl python3
make_certs_

start_openssl_ -CAfile ca/ca.cert.pem -Verify 1 -verify_return_error
returns_ 0 mtls-get $MAIL "https://localhost:$port/invoice.json" >out 2>err || fail=1
compare invoice.exp out || fail=1
compare /dev/null err || fail=1

returns_ 0 mtls-get $MAIL $TLS12 "https://localhost:$port/invoice.json" >out 2>err || fail=1
compare invoice.exp out || fail=1
compare /dev/null err || fail=1

# -i: the status line and headers as the server sent them, then the body.
printf 'HTTP/1.0 200 ok\r\nContent-type: text/plain\r\n\r\n' >exp
cat invoice.exp >>exp
returns_ 0 mtls-get $MAIL -i "https://localhost:$port/invoice.json" >out 2>err || fail=1
compare exp out || fail=1

# The same server, reached by address: its certificate has IP SANs.
start_openssl_ -CAfile ca/ca.cert.pem -Verify 1 -verify_return_error \
	-cert ip-server/server.cert -key ip-server/private.key
returns_ 0 mtls-get $MAIL "https://127.0.0.1:$port/invoice.json" >out 2>err || fail=1
compare invoice.exp out || fail=1
compare /dev/null err || fail=1

if python3 -c 'import socket; socket.socket(socket.AF_INET6).bind(("::1", 0))' 2>/dev/null; then
	port=$(free_port_)
	openssl s_server -quiet -WWW -accept "[::1]:$port" \
		-cert ip-server/server.cert -key ip-server/private.key \
		-CAfile ca/ca.cert.pem -Verify 1 >openssl6.log 2>&1 </dev/null &
	pids_="$pids_ $!"
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		mtls-get $MAIL "https://[::1]:$port/invoice.json" >out 2>err && break
		sleep 0.2
	done
	compare invoice.exp out || fail=1
	compare /dev/null err || fail=1
fi

Exit $fail
