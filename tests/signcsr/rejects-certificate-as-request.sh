#!/bin/sh
# A certificate given where a request is expected, PEM or DER, is refused
# with a message that says a certificate was found; nothing is written.
. "${srcdir:-.}/tests/init.sh"
require_ openssl

make_scenario_
openssl x509 -in invoice-server/server.cert -outform DER -out server.der ||
	framework_failure_ openssl x509

refuses_ invoice-server/server.cert \
	"signcsr: 'standard input': expected a certificate request, found a certificate" \
	signcsr --ca ca/ca.cert.pem --ca-key ca/ca.key.pem || fail=1
refuses_ /dev/null \
	"signcsr: 'invoice-server/server.cert': expected a certificate request, found a certificate" \
	signcsr --ca ca/ca.cert.pem --ca-key ca/ca.key.pem \
	-i invoice-server/server.cert || fail=1
refuses_ /dev/null \
	"signcsr: 'server.der': expected a certificate request, found a certificate" \
	signcsr --ca ca/ca.cert.pem --ca-key ca/ca.key.pem -i server.der || fail=1
# A key is no request either.
refuses_ /dev/null \
	"signcsr: 'ca/ca.key.pem': expected a certificate request, found a private key" \
	signcsr --ca ca/ca.cert.pem --ca-key ca/ca.key.pem -i ca/ca.key.pem || fail=1

Exit $fail
