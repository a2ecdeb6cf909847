#!/bin/sh
# The revocation loop with mkcrl: a client is served; the CA revokes its
# certificate (the CRL updated in place); after SIGHUP, without a
# restart, mtls-serve refuses it with certificate_revoked and says why,
# while other clients are still served.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
require_ curl

make_scenario_
make_client_ lost '/CN=lost-laptop' --profile client
ca='--ca ca/ca.cert.pem --ca-key ca/ca.key.pem'
mkcrl $ca -o ca/ca.crl || framework_failure_ mkcrl
printf 'ok\n' >ok.txt
start_server_ s $serve_scenario_args_ --workers 1 --crl ca/ca.crl \
	--body ok.txt

returns_ 0 curl_ lost / -o out 2>err || { cat err; fail=1; }
compare ok.txt out || fail=1

mkcrl $ca --crl ca/ca.crl --revoke lost/server.cert --reason keyCompromise \
	-o ca/ca.crl --force || fail=1
kill -HUP "$server_pid"
wait_for_ 20 "grep -q reloaded s.err" || { cat s.err; fail=1; }

curl_ lost / -o out 2>err
grep -q 'alert certificate revoked' err || { cat err; fail=1; }
grep -q "refused: certificate 'CN=lost-laptop' issued by 'O=ABC Inc.': revoked.*; sent alert certificate_revoked\$" s.err ||
	{ cat s.err; fail=1; }
returns_ 0 curl_ mail-server / -o out 2>err || { cat err; fail=1; }
compare ok.txt out || fail=1
returns_ 0 stop_server_ || fail=1
Exit $fail
