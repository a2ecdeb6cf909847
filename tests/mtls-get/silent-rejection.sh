#!/bin/sh
# A Node.js server (requestCert, rejectUnauthorized) drops a client whose
# certificate it rejects without an alert; mtls-get says what that most
# likely means instead of "connection reset", exit 1.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-get/peers.sh"
require_ node
make_certs_

start_node_
cat >exp <<EXP
mtls-get: localhost:$port: the server closed the connection after the handshake without saying why; it probably rejected our certificate
EXP
returns_ 1 mtls-get $ZXC "https://localhost:$port/invoice.json" >out 2>err || fail=1
compare /dev/null out || fail=1
compare exp err || fail=1

# Under TLS 1.2, Node drops us before the handshake is over.
cat >exp <<EXP
mtls-get: localhost:$port: the server closed the connection during the TLS handshake without saying why; it probably rejected our certificate
EXP
returns_ 1 mtls-get $ZXC $TLS12 "https://localhost:$port/invoice.json" >out 2>err || fail=1
compare /dev/null out || fail=1
compare exp err || fail=1

Exit $fail
