#!/bin/sh
# mkca --key pkcs11:... makes a CA certificate for a key that lives in a
# PKCS#11 token (SoftHSM here), and an intermediate with --issuer-key
# pkcs11:...; openssl verifies both and what they sign.
. "${srcdir:-.}/tests/init.sh"
require_ openssl

softhsm_init_
# The token makes its own key: it never exists on disk.
GNUTLS_PIN=1234 p11tool --login --generate-privkey ecdsa --curve secp256r1 \
	--label root-key --id 01 'pkcs11:token=mtls-test' >/dev/null 2>&1 ||
	framework_failure_ p11tool --generate-privkey
url='pkcs11:token=mtls-test;object=root-key;type=private'

GNUTLS_PIN=1234 mkca --subject '/O=ABC Inc./CN=HSM Root' --key "$url" \
	>root.pem 2>err || { cat err; fail=1; }
test -s err && fail=1
openssl verify -x509_strict -CAfile root.pem root.pem >/dev/null || fail=1
openssl x509 -in root.pem -noout -ext basicConstraints | sed '1d; s/^ *//' >out
echo CA:TRUE >exp
compare exp out || fail=1
ls -A | grep -v -e '^root.pem$' -e '^softhsm$' -e '^out$' -e '^exp$' -e '^err$' &&
	{ echo "mkca wrote a key file"; fail=1; }

# The token key signs an intermediate, and the intermediate a leaf.
GNUTLS_PIN=1234 mkca --subject '/O=ABC Inc./CN=Issuing' --days 365 \
	--issuer-cert root.pem --issuer-key "$url" --key-out inter.key \
	>inter.pem || fail=1
mkcsr --subject /CN=localhost --key-out leaf.key >leaf.csr || fail=1
signcsr --ca inter.pem --ca-key inter.key -i leaf.csr >leaf.pem || fail=1
openssl verify -CAfile root.pem -untrusted inter.pem leaf.pem >out 2>&1 ||
	fail=1
echo 'leaf.pem: OK' >exp
compare exp out || fail=1

Exit $fail
