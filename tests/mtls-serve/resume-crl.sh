#!/bin/sh
# Revocation holds for resumed sessions too, in verifycert's words:
# - a session resumed after the CRL went out of date is refused
#   (certificate_unknown), under TLS 1.3 and TLS 1.2: GnuTLS does not
#   check a resumed session, mtls-serve judges it again as a new one;
# - after the CRL is updated to revoke the client and reloaded, its old
#   session does not resume (the ticket key is replaced) and the client
#   is refused as revoked (certificate_revoked).
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
require_ openssl faketime python3

make_scenario_
ca='--ca ca/ca.cert.pem --ca-key ca/ca.key.pem'

# s_client_ OPTION...: one request as the mail server.
s_client_() {
	printf 'GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' |
		timeout 20 openssl s_client -ign_eof -connect "127.0.0.1:$port" \
			-CAfile ca/ca.cert.pem -cert mail-server/server.cert \
			-key mail-server/private.key "$@"
}

# refusals_ FROM: the refusal lines of s.err after line FROM, without the
# client's address.
refusals_() {
	sed "1,${1}d" s.err | grep 'refused:' |
		sed 's/^mtls-serve: 127\.0\.0\.1:[0-9]*: //'
}

# brief_ SECONDS: a CRL of a day that ends SECONDS from now, a server
# that checks against it, and a session of each protocol made while it
# was current; sets $next (its end, in seconds).
brief_() {
	b_now_=$(date +%s)
	next=$((b_now_ + $1))
	asan_faketime_ "@$((next - 86400))" mkcrl $ca --days 1 -o ca/ca.crl \
		--force || framework_failure_ mkcrl
	# As made (the fake clock ran on while mkcrl started).
	next=$(showcert --json ca/ca.crl | python3 -c '
import json, sys
print(json.load(sys.stdin)[0]["next_update"])')
	next=$(date -u -d "$next" +%s) || framework_failure_ "next update"
	start_server_ s $serve_scenario_args_ --workers 1 --crl ca/ca.crl
	s_client_ -sess_out tls13.pem >out13 2>err13 &&
		grep -q '^New, TLSv1\.3' out13 &&
		grep -q 'HTTP/1\.1 200 OK' out13 &&
		s_client_ -tls1_2 -sess_out tls12.pem >out12 2>err12 &&
		grep -q '^New, TLSv1\.2' out12 &&
		grep -q 'HTTP/1\.1 200 OK' out12 &&
		test -s tls13.pem && test -s tls12.pem &&
		test "$(date +%s)" -lt "$next" && return 0
	stop_server_
	return 1
}

for secs in 3 6 10 0; do
	test $secs = 0 &&
		framework_failure_ "no session while the CRL was current"
	brief_ $secs && break
done
errs=$(wc -l <s.err)
wait_for_ 15 "test \$(date +%s) -gt $next" ||
	framework_failure_ "the CRL did not go out of date"
when=$(date -u -d "@$next" '+%Y-%m-%d %H:%M:%S UTC')

s_client_ -sess_in tls13.pem >out 2>err
grep -q '^Reused, TLSv1\.3' out || { echo "TLS 1.3 not resumed"; cat out; fail=1; }
grep -q 'alert certificate unknown.*SSL alert number 46$' err ||
	{ cat out err; fail=1; }
grep -q 'HTTP/1\.1 200' out && { echo "served, CRL out of date"; fail=1; }
s_client_ -tls1_2 -sess_in tls12.pem >out 2>err
grep -q '^Reused, TLSv1\.2' out || { echo "TLS 1.2 not resumed"; cat out; fail=1; }
grep -q 'alert certificate unknown.*SSL alert number 46$' err ||
	{ cat out err; fail=1; }
grep -q 'HTTP/1\.1 200' out && { echo "served, CRL out of date"; fail=1; }

wait_for_ 20 "test \$(refusals_ $errs | wc -l) = 2" || { cat s.err; fail=1; }
stop_server_ || fail=1
# The words are verifycert's.
returns_ 1 verifycert --ca ca/ca.cert.pem --crl ca/ca.crl --purpose client \
	mail-server/server.cert >vc || fail=1
why=$(sed 's/^mail-server\/server\.cert: FAILED: //' vc)
test "$why" = "the CRL from 'O=ABC Inc.' is out of date since $when" ||
	{ echo "verifycert: $why"; fail=1; }
line="refused: certificate 'O=MailServer,CN=localhost' issued by 'O=ABC Inc.': $why; sent alert certificate_unknown"
printf '%s\n%s\n' "$line" "$line" >exp
refusals_ $errs >got
compare exp got || fail=1

# A current CRL; a session; then the client is revoked and the CRL
# reloaded.
mkcrl $ca -o ca/ca.crl --force || framework_failure_ mkcrl
start_server_ s $serve_scenario_args_ --workers 1 --crl ca/ca.crl
s_client_ -sess_out sess.pem >out 2>err || fail=1
grep -q '^New, TLSv1\.3' out && grep -q 'HTTP/1\.1 200 OK' out ||
	{ cat out err; fail=1; }
mkcrl $ca --crl ca/ca.crl --revoke mail-server/server.cert -o ca/ca.crl \
	--force || framework_failure_ mkcrl
kill -HUP "$server_pid"
wait_for_ 20 "grep -q reloaded s.err" || { cat s.err; fail=1; }
errs=$(wc -l <s.err)

s_client_ -sess_in sess.pem >out 2>err
grep -q '^Reused' out && { echo "resumed after the CRL was reloaded"; fail=1; }
grep -q 'alert certificate revoked.*SSL alert number 44$' err ||
	{ cat out err; fail=1; }
grep -q 'HTTP/1\.1 200' out && { echo "served when revoked"; fail=1; }
wait_for_ 20 "test \$(refusals_ $errs | wc -l) = 1" || { cat s.err; fail=1; }
stop_server_ || fail=1
returns_ 1 verifycert --ca ca/ca.cert.pem --crl ca/ca.crl --purpose client \
	mail-server/server.cert >vc || fail=1
why=$(sed 's/^mail-server\/server\.cert: FAILED: //' vc)
case $why in
"revoked on "*" (serial $(showcert --field serial mail-server/server.cert))") ;;
*) echo "verifycert: $why"; fail=1 ;;
esac
echo "refused: certificate 'O=MailServer,CN=localhost' issued by 'O=ABC Inc.': $why; sent alert certificate_revoked" >exp
refusals_ $errs >got
compare exp got || fail=1

Exit $fail
