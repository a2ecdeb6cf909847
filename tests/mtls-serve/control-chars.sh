#!/bin/sh
# Text a certificate chose cannot forge log lines or reach a terminal as
# an escape sequence: control characters in subjects and issuers are
# written as \xHH in mtls-serve's refusal and denial lines, in the 403
# body, and in mtls-get's messages.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
require_ curl

make_scenario_
nl='
'
esc=$(printf '\033')
# A CA whose name carries a line of its own and a colour escape.
mkdir evil || framework_failure_ mkdir
mkca --subject "/CN=Evil${nl}mtls-serve: 127.0.0.1:1: reloaded${esc}[31m" \
	--key-out evil/ca.key >evil/ca.pem || framework_failure_ mkca
mkcsr --subject '/CN=client' --key-out evil/private.key |
	signcsr --ca evil/ca.pem --ca-key evil/ca.key --profile client \
		>evil/server.cert || framework_failure_ signcsr
# A trusted client whose own subject does, for the 403.
make_client_ denied "/CN=ok${nl}forged" --profile client

start_server_ s $serve_scenario_args_ --workers 1 --allow CN=mail
returns_ 35 curl_ evil / -o /dev/null 2>/dev/null
code=$(curl_ denied / -o body -w '%{http_code}' 2>err)
test "$code" = 403 || { cat err; fail=1; }
wait_for_ 10 "test \$(grep -c 'refused\|denied' s.err) -ge 2" || fail=1

cat >exp <<'EOF2'
mtls-serve: 127.0.0.1:PORT: refused: certificate 'CN=client' issued by 'CN=Evil\x0amtls-serve: 127.0.0.1:1: reloaded\x1b[31m': the issuer 'CN=Evil\x0amtls-serve: 127.0.0.1:1: reloaded\x1b[31m' was not sent and is not known (give it with --untrusted, or have the client send its chain); sent alert unknown_ca
mtls-serve: 127.0.0.1:PORT: denied: certificate 'CN=ok\x0aforged' issued by 'O=ABC Inc.': no allow rule matches; answering 403
EOF2
grep -v '^listening on' s.err | sed 's/127\.0\.0\.1:[0-9]*: /127.0.0.1:PORT: /' >got
compare exp got || fail=1
printf '%s\n' "certificate 'CN=ok\\x0aforged' issued by 'O=ABC Inc.' is trusted, but no allow rule matches it" >exp
compare exp body || fail=1
returns_ 0 stop_server_ || fail=1

# mtls-get, refusing a server whose CA has such a name.
mkcsr --subject '/CN=localhost' --key-out evil/srv.key |
	signcsr --ca evil/ca.pem --ca-key evil/ca.key >evil/srv.pem ||
	framework_failure_ signcsr
start_server_ s2 --ca ca/ca.cert.pem --cert evil/srv.pem --key evil/srv.key \
	--workers 1
returns_ 1 mtls-get --ca ca/ca.cert.pem --cert mail-server/server.cert \
	--key mail-server/private.key "https://localhost:$port/" 2>err
test "$(wc -l <err)" = 1 || { cat err; fail=1; }
grep -qF "'CN=Evil\\x0amtls-serve: 127.0.0.1:1: reloaded\\x1b[31m'" err ||
	{ cat err; fail=1; }
returns_ 0 stop_server_ || fail=1
Exit $fail
