#!/bin/sh
# A CA certificate: version 3, self-signed, basicConstraints CA:TRUE
# (critical) without a path length unless --path-len asks, keyUsage
# keyCertSign+cRLSign (critical), an SKI and an AKI naming itself, no
# extKeyUsage, and its subject as `openssl req -subj` encodes it.
. "${srcdir:-.}/tests/init.sh"
require_ openssl

mkca --subject '/O=ABC Inc./CN=ABC Root' --key-out ca.key >ca.pem || fail=1
mkca --subject '/O=ABC Inc./CN=ABC Root' --path-len 2 --key-out ca2.key \
	-o ca2.pem || fail=1

ext_() {
	openssl x509 -in "$1" -noout -ext "$2" | sed 's/^ *//'
}

ext_ ca.pem basicConstraints >out
printf '%s\n' 'X509v3 Basic Constraints: critical' 'CA:TRUE' >exp
compare exp out || fail=1
ext_ ca2.pem basicConstraints >out
printf '%s\n' 'X509v3 Basic Constraints: critical' 'CA:TRUE, pathlen:2' >exp
compare exp out || fail=1
for c in ca ca2; do
	ext_ $c.pem keyUsage >out
	printf '%s\n' 'X509v3 Key Usage: critical' 'Certificate Sign, CRL Sign' >exp
	compare exp out || fail=1
	ext_ $c.pem subjectKeyIdentifier | sed 1d >ski
	grep -Eqx '([0-9A-F]{2}:){19}[0-9A-F]{2}' ski || { cat ski; fail=1; }
	ext_ $c.pem authorityKeyIdentifier | sed '1d; s/^keyid://' >aki
	compare ski aki || fail=1
	openssl x509 -in $c.pem -noout -text >text
	grep -q 'Version: 3 (0x2)' text || fail=1
	grep -q 'Extended Key Usage' text && { echo "$c has an EKU"; fail=1; }
	# Self-signed: issuer is subject, and it verifies as its own anchor.
	test "$(openssl x509 -in $c.pem -noout -issuer | sed s/^issuer=//)" = \
		"$(openssl x509 -in $c.pem -noout -subject | sed s/^subject=//)" ||
		fail=1
	openssl verify -x509_strict -CAfile $c.pem $c.pem >/dev/null || fail=1
done

# The same Name bytes as openssl makes from the same string.
openssl req -x509 -new -key ca.key -subj '/O=ABC Inc./CN=ABC Root' \
	-days 1 -out o.pem || framework_failure_ openssl req
subject_der_ o.pem o.der && subject_der_ ca.pem ca.der ||
	framework_failure_ subject_der_
compare o.der ca.der || fail=1

Exit $fail
