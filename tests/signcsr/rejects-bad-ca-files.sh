#!/bin/sh
# A CA certificate or CA key file that is garbage, empty, or holds the
# wrong kind of object is refused, naming the file; nothing is written.
. "${srcdir:-.}/tests/init.sh"

make_scenario_
printf 'garbage\n' >garbage
: >empty
csr=invoice-server/server.csr

refuses_ $csr "signcsr: 'garbage': not a certificate (neither PEM nor DER)" \
	signcsr --ca garbage --ca-key ca/ca.key.pem || fail=1
refuses_ $csr "signcsr: 'empty' is empty" \
	signcsr --ca empty --ca-key ca/ca.key.pem || fail=1
refuses_ $csr "signcsr: 'ca/ca.key.pem': expected a certificate, found a private key" \
	signcsr --ca ca/ca.key.pem --ca-key ca/ca.key.pem || fail=1
refuses_ $csr "signcsr: 'garbage': not a private key (PEM or DER PKCS#1, PKCS#8 or SEC1)" \
	signcsr --ca ca/ca.cert.pem --ca-key garbage || fail=1
refuses_ $csr "signcsr: 'empty' is empty" \
	signcsr --ca ca/ca.cert.pem --ca-key empty || fail=1
refuses_ $csr "signcsr: 'ca/ca.cert.pem': expected a private key, found a certificate" \
	signcsr --ca ca/ca.cert.pem --ca-key ca/ca.cert.pem || fail=1

Exit $fail
