#!/bin/sh
# A session resumed after the client's certificate expired is refused:
# GnuTLS does not call the verify callback on a resumed handshake, so
# the server checks the certificate's validity period again itself and
# sends certificate_expired (45), under TLS 1.3 and TLS 1.2 alike.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
require_ openssl faketime

make_scenario_
# A CA made two days ago, so that it can sign, with a clock set back a
# day, a certificate for one day that ends a few seconds from now.
mkdir -p brief
now=$(date +%s)
asan_faketime_ "@$((now - 2 * 86400))" mkca --subject '/O=Brief Inc.' \
	--days 30 --key-out brief/ca.key.pem >brief/ca.cert.pem ||
	framework_failure_ mkca
mkcsr --subject '/CN=localhost/O=Brief' --key-out brief/private.key \
	>brief/req.csr || framework_failure_ mkcsr

start_server_ s --ca brief/ca.cert.pem --cert invoice-server/server.cert \
	--key invoice-server/private.key --workers 1

# s_client_ OPTION...: one request as the brief client.
s_client_() {
	printf 'GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' |
		timeout 20 openssl s_client -ign_eof -connect "127.0.0.1:$port" \
			-CAfile ca/ca.cert.pem -cert brief/server.cert \
			-key brief/private.key "$@"
}

# brief_ SECONDS: a certificate that ends SECONDS from now, and a session
# of each protocol made with it while it was valid; sets $not_after.
brief_() {
	b_start_=$(($(date +%s) - 86400 + $1))
	asan_faketime_ "@$b_start_" signcsr --ca brief/ca.cert.pem \
		--ca-key brief/ca.key.pem --days 1 <brief/req.csr \
		>brief/server.cert || framework_failure_ signcsr
	not_after=$(openssl x509 -noout -enddate -in brief/server.cert |
		sed 's/^notAfter=//')
	not_after=$(date -u -d "$not_after" +%s) ||
		framework_failure_ "cannot read the end date"
	s_client_ -sess_out tls13.pem >out13 2>err13 &&
		grep -q '^New, TLSv1\.3' out13 &&
		grep -q 'HTTP/1\.1 200 OK' out13 &&
		s_client_ -tls1_2 -sess_out tls12.pem >out12 2>err12 &&
		grep -q '^New, TLSv1\.2' out12 &&
		grep -q 'HTTP/1\.1 200 OK' out12 &&
		test -s tls13.pem && test -s tls12.pem &&
		test "$(date +%s)" -lt "$not_after"
}

# Both sessions must be made before the certificate ends: give a slow
# machine more time when it needs it.
for secs in 3 6 10 0; do
	test $secs = 0 &&
		framework_failure_ "no session while the certificate was valid"
	brief_ $secs && break
done
# The dates are as planned: notBefore is signcsr's clock (a day ago)
# minus 5 minutes, notAfter one day after that clock.
nb=$(openssl x509 -noout -startdate -in brief/server.cert |
	sed 's/^notBefore=//')
test $(($(date -u -d "$nb" +%s) + 300 + 86400)) = "$not_after" ||
	{ echo "notBefore $nb, notAfter $not_after"; fail=1; }
errs=$(wc -l <s.err) requests=$(wc -l <s.out)

# Wait until the end date has passed (the server's clock must be past
# notAfter, not on it).
wait_for_ 15 "test \$(date +%s) -gt $not_after" ||
	framework_failure_ "the certificate did not expire"
when=$(date -u -d "@$not_after" '+%Y-%m-%d %H:%M:%S')

s_client_ -sess_in tls13.pem >out 2>err
grep -q '^Reused, TLSv1\.3' out || { echo "TLS 1.3 not resumed"; cat out; fail=1; }
grep -q 'alert certificate expired.*SSL alert number 45$' err ||
	{ cat out err; fail=1; }
grep -q 'HTTP/1\.1 200' out && { echo "served when expired"; fail=1; }

s_client_ -tls1_2 -sess_in tls12.pem >out 2>err
grep -q '^Reused, TLSv1\.2' out || { echo "TLS 1.2 not resumed"; cat out; fail=1; }
grep -q 'alert certificate expired.*SSL alert number 45$' err ||
	{ cat out err; fail=1; }
grep -q 'HTTP/1\.1 200' out && { echo "served when expired"; fail=1; }

line="refused: certificate 'O=Brief,CN=localhost' issued by 'O=Brief Inc.': expired on $when UTC (less than a day ago); sent alert certificate_expired"
wait_for_ 20 "test \$(sed '1,${errs}d' s.err | grep -c 'refused:') = 2" ||
	{ cat s.err; fail=1; }
stop_server_ || fail=1
sed "1,${errs}d" s.err | sed 's/^mtls-serve: 127\.0\.0\.1:[0-9]*: //' >got
printf '%s\n%s\n' "$line" "$line" >exp
compare exp got || fail=1
# No request was served on the refused sessions.
test "$(wc -l <s.out)" = "$requests" || { cat s.out; fail=1; }

Exit $fail
