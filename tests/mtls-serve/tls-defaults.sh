#!/bin/sh
# The default priorities are Mozilla's "intermediate" profile: TLS 1.3,
# and TLS 1.2 with ECDHE and AEAD ciphers only; groups X25519, P-256,
# P-384; no SHA-1 in signatures.  Each refused suite, group and signature
# algorithm is shown refused by openssl s_client and gnutls-cli, each
# allowed one shown to work; mtls-get has the same defaults; a --priority
# that leaves nothing to use is a one-line error at start.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
require_ openssl gnutls-cli

make_scenario_
mkdir rsa || framework_failure_ mkdir
mkcsr --subject /CN=localhost --key-type rsa --bits 2048 \
	--key-out rsa/private.key | signcsr --ca ca/ca.cert.pem \
	--ca-key ca/ca.key.pem >rsa/server.cert || framework_failure_ signcsr

# s_client_ ARG...: the outcome of a handshake as the mail server:
# "ok CIPHER" or "alert N" (or "failed" when no alert came).
s_client_() {
	echo | timeout 20 openssl s_client -connect "127.0.0.1:$port" \
		-cert mail-server/server.cert -key mail-server/private.key \
		-CAfile ca/ca.cert.pem "$@" >sc.out 2>&1
	if grep -q '^New, TLSv1\.[23], Cipher is ' sc.out; then
		echo "ok $(sed -n 's/^New, TLSv1\.[23], Cipher is //p' sc.out)"
	elif grep -q 'SSL alert number ' sc.out; then
		echo "alert $(sed -n 's/.*SSL alert number //p' sc.out | head -n 1)"
	else
		echo failed
	fi
}
expect_() { # expect_ WANT ARG...
	w_=$1
	shift
	got_=$(s_client_ "$@")
	test "$got_" = "$w_" || { echo "$*: got '$got_', want '$w_'"; fail=1; }
}

start_server_ s $serve_scenario_args_ --workers 1
# TLS 1.2 suites: AEAD with ECDHE only.
for c in ECDHE-ECDSA-AES128-SHA ECDHE-ECDSA-AES256-SHA \
	ECDHE-ECDSA-AES128-SHA256 ECDHE-ECDSA-AES256-SHA384; do
	expect_ 'alert 40' -tls1_2 -cipher "$c"
done
for c in ECDHE-ECDSA-AES128-GCM-SHA256 ECDHE-ECDSA-AES256-GCM-SHA384 \
	ECDHE-ECDSA-CHACHA20-POLY1305; do
	expect_ "ok $c" -tls1_2 -cipher "$c"
done
# TLS 1.3 suites: the AES-GCM and ChaCha20 ones, not CCM.
expect_ 'alert 40' -tls1_3 -ciphersuites TLS_AES_128_CCM_SHA256
for c in TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384 \
	TLS_CHACHA20_POLY1305_SHA256; do
	expect_ "ok $c" -tls1_3 -ciphersuites "$c"
done
# Groups: X25519, P-256, P-384.
for g in X448 P-521 ffdhe2048; do
	expect_ 'alert 40' -tls1_3 -groups "$g"
done
for g in X25519 P-256 P-384; do
	expect_ 'ok TLS_AES_128_GCM_SHA256' -tls1_3 -groups "$g"
done
# Signature algorithms: no SHA-1 (OpenSSL itself needs level 0 for it).
expect_ 'alert 40' -tls1_2 -sigalgs ECDSA+SHA1 -cipher 'DEFAULT:@SECLEVEL=0'
expect_ 'alert 40' -tls1_2 -sigalgs ECDSA+SHA224
for d in SHA256 SHA384 SHA512; do
	expect_ 'ok ECDHE-ECDSA-AES128-GCM-SHA256' -tls1_2 -sigalgs "ECDSA+$d"
done

# gnutls-cli: CBC refused, GCM accepted.
gnutls_() {
	timeout 20 gnutls-cli --priority "$1" --x509cafile ca/ca.cert.pem \
		--x509certfile mail-server/server.cert \
		--x509keyfile mail-server/private.key -p "$port" localhost \
		</dev/null >gc.out 2>&1
}
gnutls_ 'NORMAL:-VERS-ALL:+VERS-TLS1.2:-CIPHER-ALL:+AES-128-CBC:+AES-256-CBC:-MAC-ALL:+SHA1:+SHA256'
grep -q 'Received alert \[40\]' gc.out || { cat gc.out; fail=1; }
gnutls_ 'NORMAL:-VERS-ALL:+VERS-TLS1.2:-CIPHER-ALL:+AES-128-GCM'
grep -q 'Handshake was completed' gc.out || { cat gc.out; fail=1; }
stop_server_ || fail=1

# With an RSA certificate: ECDHE-RSA with AEAD, never the static RSA key
# exchange nor CBC.
start_server_ s2 --ca ca/ca.cert.pem --cert rsa/server.cert \
	--key rsa/private.key --workers 1
expect_ 'alert 40' -tls1_2 -cipher AES128-GCM-SHA256
expect_ 'alert 40' -tls1_2 -cipher ECDHE-RSA-AES128-SHA
expect_ 'ok ECDHE-RSA-AES128-GCM-SHA256' -tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256
expect_ 'ok ECDHE-RSA-CHACHA20-POLY1305' -tls1_2 -cipher ECDHE-RSA-CHACHA20-POLY1305
stop_server_ || fail=1

# mtls-get: the same defaults, so a server with only CBC suites is
# refused, and says so.
openssl s_server -accept 127.0.0.1:0 -naccept 1 -tls1_2 -cipher ECDHE-ECDSA-AES128-SHA \
	-cert invoice-server/server.cert -key invoice-server/private.key \
	-CAfile ca/ca.cert.pem -Verify 1 -www >ss.out 2>&1 &
ss=$!
pids_="$pids_ $ss"
wait_for_ 20 "grep -q '^ACCEPT' ss.out" || framework_failure_ s_server
sport=$(sed -n 's/^ACCEPT .*:\([0-9]*\)$/\1/p' ss.out | head -n 1)
returns_ 1 mtls-get --ca ca/ca.cert.pem --cert mail-server/server.cert \
	--key mail-server/private.key "https://localhost:$sport/" >out 2>err ||
	{ cat err; fail=1; }
echo "mtls-get: localhost:$sport: the server refused the TLS handshake: handshake failure" >exp
compare exp err || fail=1
kill "$ss" 2>/dev/null

# A priority string that leaves nothing to use is refused at start.
returns_ 2 mtls-serve $serve_scenario_args_ --listen 127.0.0.1:0 \
	--priority 'NORMAL:-CIPHER-ALL' >out 2>err || fail=1
echo "mtls-serve: priority string 'NORMAL:-CIPHER-ALL' leaves no protocol version, cipher or key exchange to use" >exp
compare exp err || fail=1
returns_ 2 mtls-get --ca ca/ca.cert.pem --priority 'NORMAL:-CIPHER-ALL' \
	https://localhost:1/ >out 2>err || fail=1
test "$(wc -l <err)" = 1 || { cat err; fail=1; }
Exit $fail
