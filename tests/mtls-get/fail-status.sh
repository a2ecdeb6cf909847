#!/bin/sh
# --fail: an HTTP status >= 400 exits 1 with the status in words and
# prints no body; without --fail the body is printed and the exit is 0.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-get/peers.sh"
require_ node
make_certs_

start_node_
echo "mtls-get: https://localhost:$port/nothing: the server answered 404 Not Found" >exp
returns_ 1 mtls-get $MAIL --fail "https://localhost:$port/nothing" >out 2>err || fail=1
compare /dev/null out || fail=1
compare exp err || fail=1

echo 'no such thing' >exp
returns_ 0 mtls-get $MAIL "https://localhost:$port/nothing" >out 2>err || fail=1
compare exp out || fail=1
compare /dev/null err || fail=1

Exit $fail
