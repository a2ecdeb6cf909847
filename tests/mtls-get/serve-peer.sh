#!/bin/sh
# mtls-get against mtls-serve: the reference scenario's invoice, under
# TLS 1.3 and 1.2, and the request in the server's log.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-get/peers.sh"
make_certs_

start_serve_
for prio in '' "$TLS12"; do
	returns_ 0 mtls-get $MAIL $prio "https://localhost:$port/" >out 2>err || fail=1
	compare invoice.exp out || fail=1
	compare /dev/null err || fail=1
done
grep -c '^127\.0\.0\.1 - "O=MailServer,CN=localhost" .* "GET / HTTP/1\.1" 200 ' \
	serve.out >count
echo 2 >exp
compare exp count || fail=1

Exit $fail
