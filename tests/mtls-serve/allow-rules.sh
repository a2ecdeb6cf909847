#!/bin/sh
# --allow compares whole attribute and SAN values from the parsed
# certificate: O=MailServer does not admit O=MailServerX, OU=MailServer or
# CN=O=MailServer; "URI:PREFIX/*" only admits URIs below PREFIX/, with no
# "." or ".." segment after it however written ("%2e%2e", "..%2F", "..\",
# "..;x"); a sha256: pin admits that certificate only.  A trusted client
# no rule matches gets 403 with a one-line reason, and the server logs
# why.
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

# encoded_client_ DIR URI: a client whose request asks for the URI SAN
# (signcsr takes the request's SANs).
encoded_client_() {
	mkdir -p "$1" || framework_failure_ mkdir
	mkcsr --subject "/CN=$1" --san "URI:$2" --key-out "$1/private.key" |
		signcsr --ca ca/ca.cert.pem --ca-key ca/ca.key.pem \
			>"$1/server.cert" || framework_failure_ signcsr
	openssl x509 -in "$1/server.cert" -noout -ext subjectAltName |
		grep -qxF "    URI:$2" || framework_failure_ "no SAN URI:$2"
}
encoded_client_ pct-up 'spiffe://abc.com/mail/%2e%2e/admin'
encoded_client_ pct-upper 'spiffe://abc.com/mail/%2E%2E/admin'
encoded_client_ pct-half 'spiffe://abc.com/mail/.%2e/admin'
encoded_client_ pct-slash 'spiffe://abc.com/mail/x%2f..%2Fadmin'
encoded_client_ backslash 'spiffe://abc.com/mail/..\admin'
encoded_client_ pct-backslash 'spiffe://abc.com/mail/x%5C%2e%2e%5cadmin'
encoded_client_ param 'spiffe://abc.com/mail/..;x/admin'
encoded_client_ pct-ok 'spiffe://abc.com/mail/a%2eb'

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
hidden='pct-up pct-upper pct-half pct-slash backslash pct-backslash param'
for c in $hidden; do
	expect_ $c 403
done
expect_ pct-ok 200
expect_ mail-server 403
stop_server_ || fail=1
for c in $hidden; do
	grep -q "^mtls-serve: 127\.0\.0\.1:[0-9]*: denied: certificate 'CN=$c' issued by 'O=ABC Inc\.': no allow rule matches; answering 403\$" s.err ||
		{ echo "no denial logged for $c"; fail=1; }
done
test $fail = 0 || cat s.err
grep -q "denied: certificate 'CN=pct-ok'" s.err && { cat s.err; fail=1; }

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
