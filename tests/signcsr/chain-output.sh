#!/bin/sh
# signcsr --chain writes the new certificate followed by the CA file's
# certificates, so the output is a chain a server can present; without
# --chain only the new certificate is written.
. "${srcdir:-.}/tests/init.sh"
require_ openssl

mkca --subject '/CN=Root' --key-out root.key >root.pem || framework_failure_ mkca
mkca --subject '/CN=Inter' --issuer-cert root.pem --issuer-key root.key \
	--key-out inter.key >inter.pem || framework_failure_ mkca
cat inter.pem root.pem >inter-chain.pem
mkcsr --subject /CN=localhost --key-out leaf.key >leaf.csr ||
	framework_failure_ mkcsr

subjects_() {
	# One line per certificate in the file, its subject.
	awk '/-----BEGIN CERTIFICATE-----/ { n++ } { print > ("part" n) }
	     END { for (i = 1; i <= n; i++) print "part" i }' "$1" |
		while read p; do openssl x509 -in $p -noout -subject; done
	rm -f part*
}

signcsr --ca root.pem --ca-key root.key -i leaf.csr >plain.pem || fail=1
test $(grep -c 'BEGIN CERTIFICATE' plain.pem) = 1 || fail=1

signcsr --ca root.pem --ca-key root.key --chain -i leaf.csr >chain.pem || fail=1
subjects_ chain.pem >out
printf '%s\n' 'subject=CN = localhost' 'subject=CN = Root' >exp
compare exp out || fail=1
# The CA certificate is appended unchanged.
sed -n '/BEGIN/,$p' chain.pem | awk 'f; /END CERTIFICATE/ { f = 1 }' >tail.pem
compare root.pem tail.pem || fail=1

# An intermediate whose file holds its chain: the whole chain follows.
signcsr --ca inter-chain.pem --ca-key inter.key --chain -i leaf.csr \
	-o leaf-chain.pem || fail=1
subjects_ leaf-chain.pem >out
printf '%s\n' 'subject=CN = localhost' 'subject=CN = Inter' \
	'subject=CN = Root' >exp
compare exp out || fail=1
# The leaf verifies with the rest of the file as the untrusted chain.
openssl verify -CAfile root.pem -untrusted leaf-chain.pem leaf-chain.pem \
	>/dev/null || fail=1

Exit $fail
