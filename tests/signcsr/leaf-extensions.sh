#!/bin/sh
# A leaf certificate carries basicConstraints CA:FALSE (critical), keyUsage
# digitalSignature (plus keyEncipherment for RSA), an SKI, and an AKI equal
# to the CA's SKI, as openssl x509 -text shows them.
. "${srcdir:-.}/tests/init.sh"
require_ openssl

mkca --subject '/O=ABC Inc.' --key-out ca.key >ca.pem || framework_failure_ mkca
mkcsr --subject /CN=ec.example --key-out ec.key >ec.csr || framework_failure_ mkcsr
mkcsr --subject /CN=rsa.example --key-type rsa --bits 2048 \
	--key-out rsa.key >rsa.csr || framework_failure_ mkcsr
for k in ec rsa; do
	signcsr --ca ca.pem --ca-key ca.key -i $k.csr -o $k.pem ||
		framework_failure_ signcsr
done

# The lines after the extension's name, as "NAME: critical? | value".
ext_() {
	openssl x509 -in "$1" -noout -text |
		awk -v name="$2" 'index($0, name) { getline v; sub(/^ */, "", v);
			sub(/^ */, ""); print $0 " | " v }'
}

for k in ec rsa; do
	ext_ $k.pem 'X509v3 Basic Constraints' >out
	echo 'X509v3 Basic Constraints: critical | CA:FALSE' >exp
	compare exp out || fail=1
done
ext_ ec.pem 'X509v3 Key Usage' >out
echo 'X509v3 Key Usage: critical | Digital Signature' >exp
compare exp out || fail=1
ext_ rsa.pem 'X509v3 Key Usage' >out
echo 'X509v3 Key Usage: critical | Digital Signature, Key Encipherment' >exp
compare exp out || fail=1

# SKI present; AKI of the leaf is the SKI of the CA.
ext_ ca.pem 'X509v3 Subject Key Identifier' | sed 's/.* | //' >ca-ski
grep -Eq '^([0-9A-F]{2}:){19}[0-9A-F]{2}$' ca-ski || { cat ca-ski; fail=1; }
for k in ec rsa; do
	ext_ $k.pem 'X509v3 Subject Key Identifier' | sed 's/.* | //' >ski
	grep -Eq '^([0-9A-F]{2}:){19}[0-9A-F]{2}$' ski || { cat ski; fail=1; }
	cmp -s ski ca-ski && { echo "$k: leaf SKI is the CA's"; fail=1; }
	ext_ $k.pem 'X509v3 Authority Key Identifier' |
		sed 's/.* | //; s/^keyid://' >aki
	compare ca-ski aki || fail=1
done

# Nothing else: version 3, no pathlen, no extension we did not ask for.
for k in ec rsa; do
	openssl x509 -in $k.pem -noout -text >text
	grep -q 'Version: 3 (0x2)' text || fail=1
	grep 'X509v3 .*:' text | grep -v 'X509v3 extensions:' |
		sed 's/^ *//; s/: *critical$//; s/: *$//' >out
	cat >exp <<'X'
X509v3 Basic Constraints
X509v3 Key Usage
X509v3 Extended Key Usage
X509v3 Subject Alternative Name
X509v3 Subject Key Identifier
X509v3 Authority Key Identifier
X
	compare exp out || fail=1
done

Exit $fail
