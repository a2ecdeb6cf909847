#!/bin/sh
# mkca --issuer-cert/--issuer-key makes an intermediate CA under another
# CA: a leaf it signs verifies with openssl given the intermediate as
# untrusted, and does not verify without it; certtool agrees.
. "${srcdir:-.}/tests/init.sh"
require_ openssl certtool

mkca --subject '/O=ABC Inc./CN=ABC Root' --key-out root.key >root.pem ||
	fail=1
mkca --subject '/O=ABC Inc./CN=ABC Issuing CA 1' --days 1000 \
	--issuer-cert root.pem --issuer-key root.key --key-out inter.key \
	>inter.pem 2>err || fail=1
test -s err && { cat err; fail=1; }
mkcsr --subject /CN=localhost --key-out leaf.key >leaf.csr || fail=1
signcsr --ca inter.pem --ca-key inter.key -i leaf.csr >leaf.pem || fail=1

# The intermediate: issued by the root, a CA, AKI = the root's SKI.
openssl x509 -in inter.pem -noout -issuer >out
echo 'issuer=O = ABC Inc., CN = ABC Root' >exp
compare exp out || fail=1
openssl x509 -in inter.pem -noout -ext basicConstraints,keyUsage |
	sed 's/^ *//' >out
printf '%s\n' 'X509v3 Basic Constraints: critical' 'CA:TRUE' \
	'X509v3 Key Usage: critical' 'Certificate Sign, CRL Sign' >exp
compare exp out || fail=1
openssl x509 -in root.pem -noout -ext subjectKeyIdentifier | sed '1d; s/^ *//' >ski
openssl x509 -in inter.pem -noout -ext authorityKeyIdentifier |
	sed '1d; s/^ *//; s/^keyid://' >aki
compare ski aki || fail=1
cmp -s root.key inter.key && { echo "intermediate reuses the root key"; fail=1; }

openssl verify -CAfile root.pem inter.pem >out 2>&1 || fail=1
openssl verify -CAfile root.pem -untrusted inter.pem leaf.pem >out 2>&1 ||
	fail=1
echo 'leaf.pem: OK' >exp
compare exp out || fail=1
returns_ 2 openssl verify -CAfile root.pem leaf.pem >out 2>&1 || fail=1
grep -q 'unable to get local issuer certificate' out || { cat out; fail=1; }

cat leaf.pem inter.pem >chain.pem
certtool --verify --load-ca-certificate root.pem --infile chain.pem \
	>out 2>&1 || { cat out; fail=1; }
returns_ 1 certtool --verify --load-ca-certificate root.pem --infile leaf.pem \
	>out 2>&1 || fail=1

# A second level works too (mkca sets no path length unless asked).
mkca --subject '/CN=ABC Sub CA' --days 500 --issuer-cert inter.pem \
	--issuer-key inter.key --key-out sub.key >sub.pem 2>err || fail=1
test -s err && { cat err; fail=1; }
signcsr --ca sub.pem --ca-key sub.key -i leaf.csr >leaf2.pem || fail=1
cat inter.pem sub.pem >untrusted.pem
openssl verify -CAfile root.pem -untrusted untrusted.pem leaf2.pem \
	>/dev/null || fail=1

Exit $fail
