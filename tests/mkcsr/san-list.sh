#!/bin/sh
# --san takes comma lists of every kind (DNS, IP v4 and v6, URI, email),
# may be repeated, keeps the order given, and signcsr copies the request's
# SANs into the certificate unchanged.
. "${srcdir:-.}/tests/init.sh"
require_ openssl

mkca --subject '/O=ABC Inc.' --key-out ca.key >ca.pem || framework_failure_ mkca
mkcsr --subject /CN=localhost \
	--san 'DNS:a.example,DNS:*.b.example,IP:10.0.0.1,IP:::1' \
	--san 'URI:spiffe://abc.example/invoice,email:ops@abc.example' \
	--san IP:2001:db8::7 --key-out leaf.key >leaf.csr || fail=1
signcsr --ca ca.pem --ca-key ca.key -i leaf.csr >leaf.pem || fail=1

cat >exp <<'X'
DNS:a.example, DNS:*.b.example, IP Address:10.0.0.1, IP Address:0:0:0:0:0:0:0:1, URI:spiffe://abc.example/invoice, email:ops@abc.example, IP Address:2001:DB8:0:0:0:0:0:7
X
openssl req -in leaf.csr -noout -text |
	awk '/Subject Alternative Name/ { getline v; sub(/^ */, "", v); print v }' >out
compare exp out || fail=1
openssl x509 -in leaf.pem -noout -ext subjectAltName | sed '1d; s/^ *//' >out
compare exp out || fail=1

# Peers find each kind.
openssl verify -CAfile ca.pem -verify_hostname x.b.example leaf.pem \
	>/dev/null || fail=1
openssl verify -CAfile ca.pem -verify_ip ::1 leaf.pem >/dev/null || fail=1
openssl verify -CAfile ca.pem -verify_email ops@abc.example leaf.pem \
	>/dev/null || fail=1
# With SANs given, the CN is not added as one.
returns_ 2 openssl verify -CAfile ca.pem -verify_hostname localhost leaf.pem \
	>/dev/null 2>&1 || fail=1

Exit $fail
