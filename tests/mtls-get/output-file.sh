#!/bin/sh
# -o FILE: the body lands in FILE only when the whole transfer worked; a
# failure leaves neither FILE nor a temporary file; an existing FILE is
# kept unless --force.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-get/peers.sh"
require_ node
make_certs_
mkdir out

start_node_
returns_ 0 mtls-get $MAIL -o out/invoice.json "https://localhost:$port/chunked" \
	>stdout 2>err || fail=1
compare invoice.exp out/invoice.json || fail=1
compare /dev/null stdout || fail=1
compare /dev/null err || fail=1

echo "mtls-get: 'out/invoice.json' already exists; use --force to replace it" >exp
returns_ 2 mtls-get $MAIL -o out/invoice.json "https://localhost:$port/invoice.json" \
	>stdout 2>err || fail=1
compare exp err || fail=1
returns_ 0 mtls-get $MAIL --force -o out/invoice.json \
	"https://localhost:$port/invoice.json" 2>err || fail=1
compare invoice.exp out/invoice.json || fail=1

# The second URL fails after the first one's body was written: no file.
returns_ 1 mtls-get $MAIL --fail -o out/two.json \
	"https://localhost:$port/invoice.json" "https://localhost:$port/nothing" \
	2>err || fail=1
test -e out/two.json && { echo "out/two.json left behind"; fail=1; }
returns_ 1 mtls-get $ZXC -o out/three.json "https://localhost:$port/invoice.json" \
	2>err || fail=1
test -e out/three.json && { echo "out/three.json left behind"; fail=1; }
no_temp_files_ out || fail=1

# An output that cannot be written is found before connecting: exit 2.
echo "mtls-get: cannot write 'nodir/x': directory 'nodir': No such file or directory" >exp
returns_ 2 mtls-get $MAIL -o nodir/x "https://localhost:$port/invoice.json" \
	2>err || fail=1
compare exp err || fail=1

Exit $fail
