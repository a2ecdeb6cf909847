#!/bin/sh
# Several URLs on one host and port share one connection.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-get/peers.sh"
require_ node
make_certs_

start_node_
u="https://localhost:$port"
printf '1\n' >exp
cat invoice.exp >>exp
printf '1\n' >>exp
returns_ 0 mtls-get $MAIL "$u/connections" "$u/invoice.json" "$u/connections" \
	>out 2>err || fail=1
compare exp out || fail=1
compare /dev/null err || fail=1

# A second run is a second connection.
echo 2 >exp
returns_ 0 mtls-get $MAIL "$u/connections" >out 2>err || fail=1
compare exp out || fail=1

Exit $fail
