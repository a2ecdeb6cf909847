#!/bin/sh
# A server whose certificate does not chain to a CA we trust is refused
# (exit 1) with its issuer named: with --ca of another CA, and with the
# system's trust store.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-get/peers.sh"
require_ openssl python3
make_certs_

start_openssl_
cat >exp <<EXP
mtls-get: localhost:$port: the server's certificate 'O=InvoiceServer,CN=localhost' is not trusted: the issuer 'O=ABC Inc.' was not sent and is not known
EXP
returns_ 1 mtls-get --ca zxc/ca.cert.pem "https://localhost:$port/invoice.json" \
	>out 2>err || fail=1
compare /dev/null out || fail=1
compare exp err || fail=1

returns_ 1 mtls-get "https://localhost:$port/invoice.json" >out 2>err || fail=1
compare /dev/null out || fail=1
compare exp err || fail=1

Exit $fail
