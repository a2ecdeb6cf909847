#!/bin/sh
# A trusted server certificate for another name is refused (exit 1),
# saying what the certificate is for: an IP address (IPv4, IPv6) not
# among its SANs, and a DNS name (--servername) it was not issued for.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-get/peers.sh"
require_ openssl python3
make_certs_

start_openssl_
cat >exp <<EXP
mtls-get: 127.0.0.1:$port: the server's certificate 'O=InvoiceServer,CN=localhost' does not match the host name: issued for 'localhost', not '127.0.0.1' (an IP address matches only IP addresses in the SANs)
EXP
returns_ 1 mtls-get --ca ca/ca.cert.pem "https://127.0.0.1:$port/invoice.json" \
	>out 2>err || fail=1
compare /dev/null out || fail=1
compare exp err || fail=1

cat >exp <<EXP
mtls-get: localhost:$port: the server's certificate 'O=InvoiceServer,CN=localhost' does not match the host name: issued for 'localhost', not 'invoice.example'
EXP
returns_ 1 mtls-get --ca ca/ca.cert.pem --servername invoice.example \
	"https://localhost:$port/invoice.json" >out 2>err || fail=1
compare /dev/null out || fail=1
compare exp err || fail=1

# With IP SANs for 127.0.0.1 and ::1, another address still fails.
start_openssl_ -cert ip-server/server.cert -key ip-server/private.key
cat >exp <<EXP
mtls-get: 127.0.0.1:$port: the server's certificate 'O=InvoiceServer,CN=localhost' does not match the host name: issued for 'localhost', '127.0.0.1', '::1', not 'mail.example'
EXP
returns_ 1 mtls-get --ca ca/ca.cert.pem --servername mail.example \
	"https://127.0.0.1:$port/invoice.json" >out 2>err || fail=1
compare exp err || fail=1

Exit $fail
