#!/bin/sh
# curl with a client certificate from our CA gets the body; without one it
# reports the TLS 1.3 alert certificate_required, with another CA's
# certificate the alert unknown_ca.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
require_ curl

make_scenario_
make_zxc_
printf '{"invoice": 42}\n' >invoice.json
start_server_ s $serve_scenario_args_ --workers 1 --body invoice.json

returns_ 0 curl_ mail-server / -D head >out 2>err || fail=1
compare invoice.json out || fail=1
grep -qi '^content-type: application/json' head || { cat head; fail=1; }

returns_ 56 curl_ - / >out 2>err || fail=1
grep -q 'tlsv13 alert certificate required' err || { cat err; fail=1; }

returns_ 56 curl_ zxc / >out 2>err || fail=1
grep -q 'alert unknown ca' err || { cat err; fail=1; }

stop_server_ || fail=1
grep -q "refused: no client certificate; sent alert certificate_required" s.err ||
	{ cat s.err; fail=1; }
grep -q "refused: certificate 'O=MailServer,CN=localhost' issued by 'O=ZXC Inc.': .*; sent alert unknown_ca" s.err ||
	{ cat s.err; fail=1; }

Exit $fail
