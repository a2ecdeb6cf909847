#!/bin/sh
# Python's ssl module with a client certificate gets the body; without one
# it reports TLSV13_ALERT_CERTIFICATE_REQUIRED, with another CA's
# certificate TLSV1_ALERT_UNKNOWN_CA.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
require_ python3

make_scenario_
make_zxc_
printf 'invoice data\n' >invoice.txt
start_server_ s $serve_scenario_args_ --workers 1 --body invoice.txt
req='GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'

returns_ 0 client_ mail-server --send "$req" >out 2>err || fail=1
tail -n 1 out >body
compare invoice.txt body || fail=1

returns_ 1 client_ - --send "$req" >out 2>err || fail=1
echo 'ssl error: TLSV13_ALERT_CERTIFICATE_REQUIRED' >exp
compare exp err || fail=1

returns_ 1 client_ zxc --send "$req" >out 2>err || fail=1
echo 'ssl error: TLSV1_ALERT_UNKNOWN_CA' >exp
compare exp err || fail=1

stop_server_ || fail=1
Exit $fail
