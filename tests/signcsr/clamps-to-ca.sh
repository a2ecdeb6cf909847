#!/bin/sh
# A leaf asked to outlive its CA is cut to the CA's notAfter, with a
# warning that says so and when (unless the cut is under a day); it still
# verifies.  -q silences the warning, not the clamping.
. "${srcdir:-.}/tests/init.sh"
require_ openssl

mkca --subject /O=Short-lived --days 10 --key-out ca.key >ca.pem ||
	framework_failure_ mkca
mkcsr --subject /CN=localhost --key-out leaf.key >leaf.csr ||
	framework_failure_ mkcsr

ca_end=$(openssl x509 -in ca.pem -noout -enddate | sed 's/^notAfter=//')
when=$(date -u -d "$ca_end" '+%Y-%m-%d %H:%M:%S UTC')

signcsr --ca ca.pem --ca-key ca.key --days 30 -i leaf.csr >leaf.pem 2>err ||
	fail=1
echo "signcsr: warning: the certificate would outlive its CA; it expires with it, on $when" >exp
compare exp err || fail=1
openssl x509 -in leaf.pem -noout -enddate | sed 's/^notAfter=//' >out
echo "$ca_end" >exp
compare exp out || fail=1
openssl verify -CAfile ca.pem leaf.pem >out 2>&1 || fail=1
echo 'leaf.pem: OK' >exp
compare exp out || fail=1

signcsr -q --ca ca.pem --ca-key ca.key --days 30 -i leaf.csr >quiet.pem \
	2>err || fail=1
test -s err && { cat err; fail=1; }
openssl x509 -in quiet.pem -noout -enddate | sed 's/^notAfter=//' >out
echo "$ca_end" >exp
compare exp out || fail=1

# Within the CA's life: no warning, no clamping.
signcsr --ca ca.pem --ca-key ca.key --days 5 -i leaf.csr >short.pem 2>err ||
	fail=1
test -s err && { cat err; fail=1; }
openssl x509 -in short.pem -noout -enddate | sed 's/^notAfter=//' >out
cmp -s exp out && { echo "a 5-day leaf ends with its 10-day CA"; fail=1; }

# A cut of a few seconds (a leaf with the CA's own lifetime, made just
# after it, as in the reference scenario) is made silently.
mkca --subject /O=Same --days 30 --key-out same.key >same.pem ||
	framework_failure_ mkca
sleep 1
signcsr --ca same.pem --ca-key same.key --days 30 -i leaf.csr >same-leaf.pem \
	2>err || fail=1
test -s err && { cat err; fail=1; }
openssl x509 -in same.pem -noout -enddate >exp
openssl x509 -in same-leaf.pem -noout -enddate >out
compare exp out || fail=1

# An intermediate CA (mkca) is clamped to its issuer the same way.
mkca --subject /O=Sub --days 3650 --issuer-cert ca.pem --issuer-key ca.key \
	--key-out sub.key >sub.pem 2>err || fail=1
echo "mkca: warning: the certificate would outlive its issuer; it expires with it, on $when" >exp
compare exp err || fail=1
echo "$ca_end" >exp
openssl x509 -in sub.pem -noout -enddate | sed 's/^notAfter=//' >out
compare exp out || fail=1

Exit $fail
