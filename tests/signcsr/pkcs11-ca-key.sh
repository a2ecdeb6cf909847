#!/bin/sh
# signcsr --ca-key pkcs11:... signs with a CA key that lives in a PKCS#11
# token (SoftHSM here), the PIN from $GNUTLS_PIN or the URL; openssl
# verifies the result.  A wrong PIN or object is refused with exit 2.
. "${srcdir:-.}/tests/init.sh"
require_ openssl

softhsm_init_
mkca --subject '/O=ABC Inc./CN=HSM Root' --key-out ca.key >ca.pem ||
	framework_failure_ mkca
softhsm2-util --import ca.key --token mtls-test --label ca-key --id 01 \
	--pin 1234 >/dev/null || framework_failure_ softhsm2-util --import
mkcsr --subject /CN=localhost --key-out leaf.key >leaf.csr ||
	framework_failure_ mkcsr
url='pkcs11:token=mtls-test;object=ca-key'

GNUTLS_PIN=1234 signcsr --ca ca.pem --ca-key "$url;type=private" \
	-i leaf.csr >leaf.pem 2>err || { cat err; fail=1; }
openssl verify -x509_strict -CAfile ca.pem leaf.pem >out 2>&1 || fail=1
echo 'leaf.pem: OK' >exp
compare exp out || fail=1

# Without type=, and the PIN in the URL.
signcsr --ca ca.pem --ca-key "$url;pin-value=1234" -i leaf.csr >leaf2.pem ||
	fail=1
openssl verify -CAfile ca.pem leaf2.pem >/dev/null || fail=1

# The token key is the CA's: a key from another token object is not.
mkca --subject '/O=Other' --key-out other.key >other.pem || framework_failure_ mkca
softhsm2-util --import other.key --token mtls-test --label other-key --id 02 \
	--pin 1234 >/dev/null || framework_failure_ softhsm2-util --import
refuses_ leaf.csr \
	"signcsr: 'pkcs11:token=mtls-test;object=other-key;pin-value=1234' is not the key of the CA certificate 'CN=HSM Root,O=ABC Inc.' in 'ca.pem'" \
	signcsr --ca ca.pem --ca-key 'pkcs11:token=mtls-test;object=other-key;pin-value=1234' ||
	fail=1

unset GNUTLS_PIN
refuses_ leaf.csr \
	"signcsr: cannot log in to the token of '$url': Error in provided PIN (set GNUTLS_PIN or put pin-value in the URL)" \
	signcsr --ca ca.pem --ca-key "$url" || fail=1
refuses_ leaf.csr \
	"signcsr: cannot log in to the token of '$url': Error in provided PIN (set GNUTLS_PIN or put pin-value in the URL)" \
	env GNUTLS_PIN=9999 signcsr --ca ca.pem --ca-key "$url" || fail=1
refuses_ leaf.csr \
	"signcsr: cannot load key 'pkcs11:token=mtls-test;object=nope': The requested data were not available" \
	env GNUTLS_PIN=1234 signcsr --ca ca.pem --ca-key 'pkcs11:token=mtls-test;object=nope' || fail=1

Exit $fail
