#!/bin/sh
# Session resumption works, but a session ticket issued before a SIGHUP
# that removed the client's CA does not resume: the ticket key is
# replaced, the full handshake verifies the certificate again, and the
# client is refused with unknown_ca.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
require_ openssl

make_scenario_
make_zxc_
cp ca/ca.cert.pem trust.pem || framework_failure_ cp
start_server_ s --ca trust.pem --cert invoice-server/server.cert \
	--key invoice-server/private.key --workers 1

# s_client_ SESSION-OPTION...: one request as the mail server.
s_client_() {
	printf 'GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' |
		timeout 20 openssl s_client -ign_eof -connect "127.0.0.1:$port" \
			-CAfile ca/ca.cert.pem -cert mail-server/server.cert \
			-key mail-server/private.key "$@"
}

s_client_ -sess_out sess.pem >out 2>err || fail=1
grep -q '^New, TLSv1.3' out || { cat out; fail=1; }
grep -q 'HTTP/1\.1 200 OK' out || { cat out; fail=1; }
test -s sess.pem || framework_failure_ "no session saved"

# Resumed: the server checks the resumed client again and serves it.
s_client_ -sess_in sess.pem >out 2>err || fail=1
grep -q '^Reused, TLSv1.3' out || { cat out; fail=1; }
grep -q 'HTTP/1\.1 200 OK' out || { cat out; fail=1; }

# Trust another CA only, and reload.
cp zxc/ca.cert.pem trust.pem || framework_failure_ cp
kill -HUP "$server_pid"
wait_for_ 20 "grep -q 'reloaded' s.err" || { cat s.err; fail=1; }

s_client_ -sess_in sess.pem >out 2>err
grep -q '^Reused' out && { echo "resumed after SIGHUP"; fail=1; }
grep -q 'alert unknown ca.*SSL alert number 48$' err || { cat out err; fail=1; }
grep -q 'HTTP/1\.1 200' out && { echo "served after SIGHUP"; fail=1; }
grep -q "refused: certificate 'O=MailServer,CN=localhost' issued by 'O=ABC Inc\.': .*'O=ABC Inc\.', which is not a trusted CA; sent alert unknown_ca\$" s.err ||
	{ cat s.err; fail=1; }

stop_server_ || fail=1
Exit $fail
