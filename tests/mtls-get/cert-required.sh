#!/bin/sh
# A server that requires a client certificate, called without one: every
# kind of server, TLS 1.3 and 1.2, gets the same one-line reason, exit 1.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-get/peers.sh"
require_ openssl gnutls-serv node python3
make_certs_

check_() {
	for prio in '' "$TLS12"; do
		printf "mtls-get: localhost:%s: %s\n" "$port" \
			'the server requires a client certificate and none was given (use --cert and --key)' >exp
		returns_ 1 mtls-get --ca ca/ca.cert.pem $prio \
			"https://localhost:$port/invoice.json" >out 2>err || fail=1
		compare /dev/null out || fail=1
		compare exp err || { echo "($1 ${prio:-TLS 1.3})"; fail=1; }
	done
}

start_openssl_ -CAfile ca/ca.cert.pem -Verify 1 -verify_return_error
check_ openssl
start_gnutls_
check_ gnutls-serv
start_node_
check_ node
start_serve_
check_ mtls-serve

Exit $fail
