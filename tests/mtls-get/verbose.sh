#!/bin/sh
# -v: the handshake facts and the headers on stderr, the body on stdout.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-get/peers.sh"
require_ openssl python3
make_certs_

start_openssl_ -CAfile ca/ca.cert.pem -Verify 1 -tls1_3
returns_ 0 mtls-get -v $MAIL "https://localhost:$port/invoice.json" >out 2>err || fail=1
compare invoice.exp out || fail=1
for line in \
	"* connected to localhost:$port" \
	'* server certificate: O=InvoiceServer,CN=localhost' \
	'*   issuer: O=ABC Inc.' \
	"* the server asked for a client certificate; we sent 'mail-server/server.cert'" \
	'> GET /invoice.json HTTP/1.1' \
	"> Host: localhost:$port" \
	'< HTTP/1.0 200 ok' \
	'< Content-type: text/plain'
do
	grep -Fxq "$line" err || { echo "-v did not print: $line"; fail=1; }
done
grep -q '^\* (TLS1\.3)-' err || { echo "-v did not print the protocol"; fail=1; }

# The server did not ask for our certificate: a warning, unless -q.
start_openssl_
echo "mtls-get: warning: localhost:$port: the server did not ask for a client certificate; ours was not sent" >exp
returns_ 0 mtls-get $MAIL "https://localhost:$port/invoice.json" >out 2>err || fail=1
compare exp err || fail=1
returns_ 0 mtls-get -q $MAIL "https://localhost:$port/invoice.json" >out 2>err || fail=1
compare /dev/null err || fail=1

Exit $fail
