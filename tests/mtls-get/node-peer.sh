#!/bin/sh
# mtls-get against a Node.js https server set up the usual way for mTLS
# (requestCert: true, rejectUnauthorized: true): a Content-Length body and
# a chunked one, under TLS 1.3 and 1.2.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-get/peers.sh"
require_ node
make_certs_

start_node_
for prio in '' "$TLS12"; do
	for path in invoice.json chunked; do
		returns_ 0 mtls-get $MAIL $prio "https://localhost:$port/$path" \
			>out 2>err || fail=1
		compare invoice.exp out || fail=1
		compare /dev/null err || fail=1
	done
done

# The chunked body really came chunked.
returns_ 0 mtls-get $MAIL -i "https://localhost:$port/chunked" >out 2>err || fail=1
grep -q '^Transfer-Encoding: chunked' out || { echo "not chunked"; fail=1; }
sed '1,/^\r$/d' out >body
compare invoice.exp body || fail=1

Exit $fail
