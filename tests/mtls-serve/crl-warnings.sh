#!/bin/sh
# A CRL that will be out of date within a day is named in a warning at
# start; one that is out of date, after the SIGHUP that loads it, and the
# clients it covers are then refused (certificate_unknown), not served
# unchecked; a current CRL loaded by the next SIGHUP ends the warnings and
# the refusals.  With two workers, each warning is said once.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
require_ curl faketime python3

make_scenario_
ca='--ca ca/ca.cert.pem --ca-key ca/ca.key.pem'
now=$(date +%s)

# next_ CRL: its nextUpdate as the words say it.
next_() {
	showcert --json "$1" | python3 -c '
import json, sys
print(json.load(sys.stdin)[0]["next_update"])' | sed 's/T/ /; s/Z$/ UTC/'
}

# Seven days long, made so that it ends two and a half hours from now.
asan_faketime_ "@$((now - 7 * 86400 + 9000))" mkcrl $ca --days 7 \
	-o ca/ca.crl || framework_failure_ mkcrl
next=$(next_ ca/ca.crl)
printf 'ok\n' >ok.txt
start_server_ s $serve_scenario_args_ --workers 2 --crl ca/ca.crl \
	--body ok.txt
echo "mtls-serve: warning: the CRL 'ca/ca.crl' from 'O=ABC Inc.' will be" \
	"out of date on $next (in 2 hours)" >exp
grep -v '^listening on ' s.err >got
compare exp got || fail=1
# Until then, it is current: clients are served.
returns_ 0 curl_ mail-server / -o out 2>err || { cat err; fail=1; }
compare ok.txt out || fail=1

# Out of date for a day.
asan_faketime_ "@$((now - 8 * 86400))" mkcrl $ca --days 7 -o ca/ca.crl \
	--force || framework_failure_ mkcrl
next=$(next_ ca/ca.crl)
: >s.err
kill -HUP "$server_pid"
wait_for_ 20 "grep -q reloaded s.err" || { cat s.err; fail=1; }
cat >exp <<EOX
mtls-serve: reloaded the certificate, key, CAs and CRLs
mtls-serve: warning: the CRL 'ca/ca.crl' from 'O=ABC Inc.' is out of date since $next: the certificates it covers are refused until a current one is loaded
EOX
# The master loads the files too, and stays silent.
sleep 1
compare exp s.err || fail=1

: >s.err
curl_ mail-server / -o out 2>err && { echo "served"; fail=1; }
grep -q 'alert certificate unknown' err || { cat err; fail=1; }
wait_for_ 10 "grep -q refused s.err" || fail=1
sed 's/^mtls-serve: 127\.0\.0\.1:[0-9]*: //' s.err >got
echo "refused: certificate 'O=MailServer,CN=localhost' issued by 'O=ABC" \
	"Inc.': the CRL from 'O=ABC Inc.' is out of date since $next; sent" \
	"alert certificate_unknown" >exp
compare exp got || fail=1
# verifycert says the same.
returns_ 1 verifycert --ca ca/ca.cert.pem --crl ca/ca.crl --purpose client \
	mail-server/server.cert >out || fail=1
echo "mail-server/server.cert: FAILED: the CRL from 'O=ABC Inc.' is out of" \
	"date since $next" >exp
compare exp out || fail=1

# A current CRL: no warning, clients served again.
mkcrl $ca -o ca/ca.crl --force || framework_failure_ mkcrl
: >s.err
kill -HUP "$server_pid"
wait_for_ 20 "grep -q reloaded s.err" || { cat s.err; fail=1; }
sleep 1
echo 'mtls-serve: reloaded the certificate, key, CAs and CRLs' >exp
compare exp s.err || fail=1
returns_ 0 curl_ mail-server / -o out 2>err || { cat err; fail=1; }
compare ok.txt out || fail=1

returns_ 0 stop_server_ || fail=1
Exit $fail
