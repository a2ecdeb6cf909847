#!/bin/sh
# A certificate whose only SAN is a URI (a SPIFFE ID) is issued for no
# host: with a SAN extension the CN is never a host name (RFC 6125), and
# the words say so rather than "issued for 'billing-client', not
# 'billing-client'".  certtool --verify-hostname agrees; openssl's
# -checkhost still falls back to the CN (the man page says so).
. "${srcdir:-.}/tests/init.sh"
require_ certtool openssl

mkca --subject '/CN=Acme Root CA' --days 365 --key-out ca.key >ca.pem ||
	framework_failure_ mkca
mkcsr --subject /CN=billing-client --san URI:spiffe://acme/billing \
	--key-out b.key >b.csr || framework_failure_ mkcsr
signcsr --ca ca.pem --ca-key ca.key --profile client <b.csr >client.pem ||
	framework_failure_ signcsr
signcsr --ca ca.pem --ca-key ca.key <b.csr >peer.pem ||
	framework_failure_ signcsr

for c in client peer; do
	returns_ 1 verifycert --ca ca.pem --host billing-client $c.pem >out \
		2>err || fail=1
	echo "$c.pem: FAILED: 'CN=billing-client' has no DNS name or IP" \
		"address in its SANs, so it is not issued for" \
		"'billing-client'" >exp
	compare exp out || fail=1
	compare /dev/null err || fail=1
	certtool --verify --verify-hostname billing-client \
		--load-ca-certificate ca.pem --infile $c.pem 2>&1 |
		grep -q 'does not match' || { echo "certtool $c"; fail=1; }
done
# Without --host it is a good client certificate.
returns_ 0 verifycert --ca ca.pem --purpose client client.pem >out 2>err ||
	fail=1

Exit $fail
