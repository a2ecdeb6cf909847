#!/bin/sh
# -X, -d DATA|@FILE|@-, -H: the server sees the method, the body and the
# header we asked for; -I sends HEAD and prints only the head.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-get/peers.sh"
require_ node
make_certs_
url_() { echo "https://localhost:$port/$1"; }

start_node_
echo 'POST amount=99.50 x-test=' >exp
returns_ 0 mtls-get $MAIL -d amount=99.50 "$(url_ echo)" >out 2>err || fail=1
compare exp out || fail=1
compare /dev/null err || fail=1

printf 'a=1&b=2' >form
echo 'PUT a=1&b=2&c=3 x-test=yes' >exp
returns_ 0 mtls-get $MAIL -X PUT -d @form -d c=3 -H 'X-Test: yes' "$(url_ echo)" \
	>out 2>err || fail=1
compare exp out || fail=1

echo 'POST from stdin x-test=' >exp
printf 'from stdin' | mtls-get $MAIL -d @- "$(url_ echo)" >out 2>err || fail=1
compare exp out || fail=1

echo 'DELETE  x-test=' >exp
returns_ 0 mtls-get $MAIL -X DELETE "$(url_ echo)" >out 2>err || fail=1
compare exp out || fail=1

# -I: status line and headers, no body; -i: both.
returns_ 0 mtls-get $MAIL -I "$(url_ invoice.json)" >out 2>err || fail=1
head -n 1 out >first
printf 'HTTP/1.1 200 OK\r\n' >exp
compare exp first || fail=1
grep -q '^Content-Length: 39' out || { echo "-I: no Content-Length"; fail=1; }
tail -n 1 out >last
printf '\r\n' >exp
compare exp last || fail=1
returns_ 0 mtls-get $MAIL -i "$(url_ invoice.json)" >out 2>err || fail=1
sed '1,/^\r$/d' out >body
compare invoice.exp body || fail=1

# A bad header is a usage error.
returns_ 2 mtls-get $MAIL -H 'no colon' "$(url_ echo)" >out 2>err || fail=1

Exit $fail
