#!/bin/sh
# --allow compares whole attribute and SAN values from the parsed
# certificate: O=MailServer does not admit O=MailServerX, OU=MailServer or
# CN=O=MailServer; "URI:PREFIX/*" only admits URIs below PREFIX/; a
# sha256: pin admits that certificate only.  A trusted client no rule
# matches gets 403 with a one-line reason, and the server logs why.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
require_ curl openssl

make_scenario_
make_client_ mailx '/CN=localhost/O=MailServerX'
make_client_ ou '/CN=localhost/OU=MailServer'
make_client_ cn '/CN=O=MailServer'
make_client_ spiffe '/CN=mail' --san 'URI:spiffe://abc.com/mail/x'
make_client_ mailbox '/CN=mailbox' --san 'URI:spiffe://abc.com/mailbox/x'
make_client_ bare '/CN=bare' --san 'URI:spiffe://abc.com/mail'
make_client_ dots '/CN=dots' --san 'URI:spiffe://abc.com/mail/../admin'

# status_ CLIENTDIR: the HTTP status the client gets.
status_() {
	curl_ "$1" / -o body -w '%{http_code}\n'
}
expect_() {
	e_got_=$(status_ "$1" 2>err)
	test "$e_got_" = "$2" ||
		{ echo "client $1: got '$e_got_', expected $2"; cat err; fail=1; }
}

start_server_ s $serve_scenario_args_ --workers 1 --allow O=MailServer
expect_ mail-server 200
expect_ mailx 403
printf "%s\n" "certificate 'O=MailServerX,CN=localhost' issued by 'O=ABC Inc.' is trusted, but no allow rule matches it" >exp
compare exp body || fail=1
expect_ ou 403
expect_ cn 403
stop_server_ || fail=1
grep -q "^mtls-serve: 127\.0\.0\.1:[0-9]*: denied: certificate 'O=MailServerX,CN=localhost' issued by 'O=ABC Inc\.': no allow rule matches; answering 403\$" s.err ||
	{ cat s.err; fail=1; }
grep -q "denied: certificate 'CN=O=MailServer' " s.err || { cat s.err; fail=1; }
grep -q "\"CN=O=MailServer\" \[.*\] \"GET / HTTP/1.1\" 403 " s.out ||
	{ cat s.out; fail=1; }

start_server_ s $serve_scenario_args_ --workers 1 \
	--allow 'URI:spiffe://abc.com/mail/*'
expect_ spiffe 200
expect_ mailbox 403
expect_ bare 403
expect_ dots 403
expect_ mail-server 403
stop_server_ || fail=1

fp=$(openssl x509 -in mail-server/server.cert -noout -fingerprint -sha256 |
	sed 's/.*=//')
start_server_ s $serve_scenario_args_ --workers 1 --allow "sha256:$fp" \
	--allow DNS:nothing.example
expect_ mail-server 200
expect_ mailx 403
stop_server_ || fail=1

# A '*' anywhere but right after a '/' at the end is refused.
returns_ 2 mtls-serve $serve_scenario_args_ \
	--allow 'URI:spiffe://abc.com/mail*' >out 2>err || fail=1
echo "mtls-serve: invalid allow rule 'URI:spiffe://abc.com/mail*': '*' may only end the URI, right after a '/'" >exp
compare exp err || fail=1

Exit $fail
