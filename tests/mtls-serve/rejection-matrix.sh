#!/bin/sh
# Each cause of refusal gets the TLS alert that names it (as openssl
# s_client reports it) and a line on the server's stderr with the peer,
# the certificate's subject and issuer, and the reason in words.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
require_ openssl faketime certtool

make_scenario_
make_zxc_
# A CA of 2020 with a client certificate that expired in January 2020
# (30 days after signcsr started, a moment after faketime's midnight).
mkdir -p old
asan_faketime_ '2020-01-01' mkca --subject '/O=Old Inc.' --days 3650 \
	--key-out old/ca.key.pem >old/ca.cert.pem || framework_failure_ mkca
mkcsr --subject '/CN=localhost/O=Expired' --key-out old/private.key |
	asan_faketime_ '2020-01-01' signcsr --ca old/ca.cert.pem \
		--ca-key old/ca.key.pem --days 30 >old/server.cert ||
	framework_failure_ signcsr
# A certificate for servers only (no clientAuth).
make_client_ srvonly '/CN=localhost/O=MailServer' --profile server
# A revoked one, and the CA's CRL that says so.
make_client_ revoked '/CN=localhost/O=Revoked'
echo 'crl_next_update = 30' >crl.tmpl
certtool --generate-crl --load-ca-privkey ca/ca.key.pem \
	--load-ca-certificate ca/ca.cert.pem \
	--load-certificate revoked/server.cert --template crl.tmpl \
	--outfile ca/crl.pem >/dev/null 2>&1 || framework_failure_ certtool

start_server_ s $serve_scenario_args_ --ca old/ca.cert.pem \
	--crl ca/crl.pem --workers 1

# try_ WANT_ALERT_NUMBER WANT_LOG_REGEX [s_client OPTION]...
try_() {
	t_alert_=$1 t_log_=$2
	shift 2
	# -ign_eof: under TLS 1.3 the alert comes after the client's
	# handshake is over; read until the server closes.
	timeout 20 openssl s_client -ign_eof -connect "127.0.0.1:$port" \
		-CAfile ca/ca.cert.pem "$@" </dev/null >out 2>err
	grep -q "SSL alert number $t_alert_\$" err ||
		{ echo "expected alert $t_alert_ for '$*'"; cat err; fail=1; }
	wait_for_ 20 'grep -q -- "$t_log_" s.err' ||
		{ echo "expected log '$t_log_'"; cat s.err; fail=1; }
}

peer='^mtls-serve: 127\.0\.0\.1:[0-9]*: refused: '
try_ 116 "${peer}no client certificate; sent alert certificate_required\$" \
	-tls1_3
try_ 40 "${peer}no client certificate; sent alert handshake_failure\$" \
	-tls1_2
try_ 48 "${peer}certificate 'O=MailServer,CN=localhost' issued by 'O=ZXC Inc\.': the issuer 'O=ZXC Inc\.' was not sent and is not known (give it with --untrusted, or have the client send its chain); sent alert unknown_ca\$" \
	-cert zxc/server.cert -key zxc/private.key
try_ 48 "${peer}certificate .* issued by 'O=ZXC Inc\.': .*; sent alert unknown_ca\$" \
	-tls1_2 -cert zxc/server.cert -key zxc/private.key
try_ 45 "${peer}certificate 'O=Expired,CN=localhost' issued by 'O=Old Inc\.': expired on 2020-01-31 00:0[0-9]:[0-9][0-9] UTC.*; sent alert certificate_expired\$" \
	-cert old/server.cert -key old/private.key
try_ 43 "${peer}certificate 'O=MailServer,CN=localhost' issued by 'O=ABC Inc\.': not valid for client authentication.*; sent alert unsupported_certificate\$" \
	-cert srvonly/server.cert -key srvonly/private.key
try_ 44 "${peer}certificate 'O=Revoked,CN=localhost' issued by 'O=ABC Inc\.': .*revoked.*; sent alert certificate_revoked\$" \
	-cert revoked/server.cert -key revoked/private.key

# The trusted client still gets in, and only its request is logged.
returns_ 0 curl_ mail-server / >out 2>err || fail=1
grep -q '"subject":"O=MailServer,CN=localhost"' out || { cat out err; fail=1; }
stop_server_ || fail=1
test "$(wc -l <s.out)" = 1 || { cat s.out; fail=1; }

Exit $fail
