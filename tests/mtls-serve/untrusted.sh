#!/bin/sh
# --untrusted: a client that sends its certificate without the
# intermediate is refused with the missing issuer named (and the hint);
# with the intermediate in --untrusted it is served; the file is read
# again on SIGHUP; and a certificate in --untrusted is never trusted
# itself: a chain it completes must still end at a CA of --ca.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
require_ curl

make_scenario_
mkca --subject '/O=ABC Inc./CN=ABC Issuing CA' --issuer-cert ca/ca.cert.pem \
	--issuer-key ca/ca.key.pem --days 300 --key-out ca/inter.key \
	>ca/inter.pem || framework_failure_ mkca
mkdir -p branch || framework_failure_ mkdir
mkcsr --subject '/CN=branch' --key-out branch/private.key |
	signcsr --ca ca/inter.pem --ca-key ca/inter.key --profile client \
		--days 30 >branch/server.cert || framework_failure_ signcsr
make_zxc_

cp ca/inter.pem extra.pem || framework_failure_ cp
printf 'ok\n' >ok.txt
start_server_ s $serve_scenario_args_ --workers 1 --body ok.txt \
	--untrusted extra.pem
returns_ 0 curl_ branch / -o out 2>err || { cat err; fail=1; }
compare ok.txt out || fail=1

# A certificate from a CA that is only in --untrusted (here, ZXC's root)
# is not trusted: the chain must end at --ca.
cat ca/inter.pem zxc/ca.cert.pem >extra.pem || framework_failure_ cat
kill -HUP "$server_pid"
wait_for_ 20 "grep -q reloaded s.err" || { cat s.err; fail=1; }
: >s.err
curl_ zxc / -o out 2>err && { echo "served a client of ZXC"; fail=1; }
grep -q 'alert unknown ca' err || { cat err; fail=1; }
wait_for_ 10 "grep -q refused s.err" || fail=1
echo "refused: certificate 'O=MailServer,CN=localhost' issued by 'O=ZXC" \
	"Inc.': chains to 'O=ZXC Inc.', which is not a trusted CA; sent alert" \
	"unknown_ca" >exp
sed 's/^mtls-serve: 127\.0\.0\.1:[0-9]*: //' s.err >got
compare exp got || fail=1

# Without the intermediate, after SIGHUP: missing, and said so.
cp zxc/ca.cert.pem extra.pem || framework_failure_ cp
kill -HUP "$server_pid"
wait_for_ 20 "grep -q reloaded s.err" || { cat s.err; fail=1; }
: >s.err
curl_ branch / -o out 2>err && { echo "served without the issuer"; fail=1; }
grep -q 'alert unknown ca' err || { cat err; fail=1; }
wait_for_ 10 "grep -q refused s.err" || fail=1
echo "refused: certificate 'CN=branch' issued by 'CN=ABC Issuing CA,O=ABC" \
	"Inc.': the issuer 'CN=ABC Issuing CA,O=ABC Inc.' was not sent and is not" \
	"known (give it with --untrusted, or have the client send its chain);" \
	"sent alert unknown_ca" >exp
sed 's/^mtls-serve: 127\.0\.0\.1:[0-9]*: //' s.err >got
compare exp got || fail=1

# The client that sends its chain needs nothing else.
cat branch/server.cert ca/inter.pem >branch/chain.pem || framework_failure_ cat
returns_ 0 curl -sS --max-time 20 --cacert ca/ca.cert.pem \
	--resolve "localhost:$port:127.0.0.1" --cert branch/chain.pem \
	--key branch/private.key "https://localhost:$port/" -o out 2>err ||
	{ cat err; fail=1; }
compare ok.txt out || fail=1

# A file that is not certificates keeps the old configuration.
echo junk >extra.pem
kill -HUP "$server_pid"
wait_for_ 20 "grep -q 'reload failed' s.err" || { cat s.err; fail=1; }

returns_ 0 stop_server_ || fail=1
Exit $fail
