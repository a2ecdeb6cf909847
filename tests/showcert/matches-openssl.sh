#!/bin/sh
# Fingerprint, serial, dates and subject agree with openssl x509 for the
# same file, PEM or DER.
. "${srcdir:-.}/tests/init.sh"
require_ openssl
make_scenario_
openssl x509 -in mail-server/server.cert -outform DER -out mail.der ||
	framework_failure_ openssl

iso_() { date -u -d "$1" +%Y-%m-%dT%H:%M:%SZ; }
for f in ca/ca.cert.pem invoice-server/server.cert mail.der; do
	showcert --field fingerprint --field serial --field not-before \
		--field not-after --field subject --field issuer "$f" \
		>out 2>err || fail=1
	{
		openssl x509 -in "$f" -noout -fingerprint -sha256 |
			sed 's/^.*Fingerprint=//' | tr a-f A-F
		openssl x509 -in "$f" -noout -serial | sed 's/^serial=//'
		iso_ "$(openssl x509 -in "$f" -noout -startdate | sed 's/^notBefore=//')"
		iso_ "$(openssl x509 -in "$f" -noout -enddate | sed 's/^notAfter=//')"
		openssl x509 -in "$f" -noout -subject -nameopt RFC2253 |
			sed 's/^subject=//'
		openssl x509 -in "$f" -noout -issuer -nameopt RFC2253 |
			sed 's/^issuer=//'
	} >exp || framework_failure_ openssl
	compare exp out || fail=1
	compare /dev/null err || fail=1
done

# The summary shows the same fingerprint.
showcert invoice-server/server.cert >out || fail=1
fp=$(openssl x509 -in invoice-server/server.cert -noout -fingerprint \
	-sha256 | sed 's/^.*Fingerprint=//')
grep -q "^  SHA-256: *$fp\$" out || { cat out; fail=1; }

Exit $fail
