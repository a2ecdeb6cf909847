#!/bin/sh
# RSA 2048 and 3072, ECDSA P-256 and P-384, and Ed25519 keys all work end
# to end (mkca, mkcsr, signcsr), for the CA and for the leaf, and openssl
# verifies each certificate and sees the key type asked for.
. "${srcdir:-.}/tests/init.sh"
require_ openssl

# NAME|OPTIONS|what openssl x509 -text shows
cat >types <<'X'
rsa2048|--key-type rsa --bits 2048|Public Key Algorithm: rsaEncryption;Public-Key: (2048 bit)
rsa3072|--key-type rsa --bits 3072|Public Key Algorithm: rsaEncryption;Public-Key: (3072 bit)
p256|--key-type ecdsa --curve P-256|Public Key Algorithm: id-ecPublicKey;NIST CURVE: P-256
p384|--key-type ecdsa --curve P-384|Public Key Algorithm: id-ecPublicKey;NIST CURVE: P-384
ed25519|--key-type ed25519|Public Key Algorithm: ED25519;ED25519 Public-Key:
X

has_() { # FILE LINES(;-separated)
	echo "$2" | tr ';' '\n' | while IFS= read -r l; do
		grep -qF "$l" "$1" || { echo "$1: no '$l'"; exit 1; }
	done
}

while IFS='|' read -r name opts want; do
	mkca --subject "/O=CA $name" $opts --key-out ca-$name.key \
		>ca-$name.pem || { echo "mkca $opts"; fail=1; continue; }
	mkcsr --subject "/CN=localhost/O=$name" $opts --key-out $name.key \
		>$name.csr || { echo "mkcsr $opts"; fail=1; continue; }
	openssl req -in $name.csr -noout -verify 2>/dev/null ||
		{ echo "openssl: bad signature on $name.csr"; fail=1; }
	# Leaf and CA of the same type.
	signcsr --ca ca-$name.pem --ca-key ca-$name.key -i $name.csr \
		>$name.pem || { echo "signcsr $name"; fail=1; continue; }
	openssl verify -x509_strict -CAfile ca-$name.pem $name.pem >out 2>&1 ||
		{ cat out; fail=1; }
	for f in ca-$name.pem $name.pem; do
		openssl x509 -in $f -noout -text >text
		has_ text "$want" || { echo "in $f"; fail=1; }
	done
	openssl pkey -in $name.key -noout 2>/dev/null ||
		{ echo "openssl cannot read $name.key"; fail=1; }
	echo "$name" >>names
done <types
test $(wc -l <names) = 5 || fail=1

# Mixed chains: each CA signs a P-256 leaf, the P-256 CA signs each type.
mkcsr --subject /CN=mixed --key-out mixed.key >mixed.csr || framework_failure_ mkcsr
for name in $(cat names); do
	signcsr --ca ca-$name.pem --ca-key ca-$name.key -i mixed.csr \
		>mixed-$name.pem || fail=1
	openssl verify -CAfile ca-$name.pem mixed-$name.pem >/dev/null || fail=1
	signcsr --ca ca-p256.pem --ca-key ca-p256.key -i $name.csr \
		>under-p256-$name.pem || fail=1
	openssl verify -CAfile ca-p256.pem under-p256-$name.pem >/dev/null ||
		fail=1
done

# The default is ECDSA P-256.
openssl x509 -in mixed-rsa2048.pem -noout -text >text
has_ text 'Public Key Algorithm: id-ecPublicKey;NIST CURVE: P-256' || fail=1

Exit $fail
