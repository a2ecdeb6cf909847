#!/bin/sh
# A request that asks to be a CA (basicConstraints CA:TRUE, keyCertSign)
# gets a leaf: CA:FALSE and the leaf key usage, with a warning on stderr.
# It cannot then sign certificates.
. "${srcdir:-.}/tests/init.sh"
require_ openssl

mkca --subject '/O=ABC Inc.' --key-out ca.key >ca.pem || framework_failure_ mkca
openssl ecparam -name prime256v1 -genkey -noout -out evil.key 2>/dev/null ||
	framework_failure_ openssl ecparam
openssl req -new -key evil.key -subj '/CN=evil.example' \
	-addext basicConstraints=critical,CA:TRUE \
	-addext keyUsage=critical,keyCertSign,cRLSign -out evil.csr ||
	framework_failure_ openssl req
openssl req -in evil.csr -noout -text | grep -q 'CA:TRUE' ||
	framework_failure_ "the request does not ask for CA:TRUE"

signcsr --ca ca.pem --ca-key ca.key -i evil.csr >evil.pem 2>err || fail=1
echo "signcsr: warning: the request asks to be a CA; it gets CA:FALSE (use --profile ca to issue a CA certificate)" >exp
compare exp err || fail=1
openssl x509 -in evil.pem -noout -ext basicConstraints,keyUsage |
	sed 's/^ *//' >out
cat >exp <<'X'
X509v3 Basic Constraints: critical
CA:FALSE
X509v3 Key Usage: critical
Digital Signature
X
compare exp out || fail=1

# The certificate is useless as a CA: a peer refuses what it signs, and so
# does signcsr.
mkcsr --subject /CN=victim.example --key-out v.key >v.csr || framework_failure_ mkcsr
openssl x509 -req -in v.csr -CA evil.pem -CAkey evil.key -days 1 \
	-out v.pem 2>/dev/null || framework_failure_ openssl x509 -req
returns_ 2 openssl verify -CAfile ca.pem -untrusted evil.pem v.pem \
	>/dev/null 2>&1 || fail=1
returns_ 2 signcsr --ca evil.pem --ca-key evil.key -i v.csr >out 2>err ||
	fail=1
echo "signcsr: 'evil.pem': 'CN=evil.example' is not a CA certificate (basicConstraints CA:FALSE)" >exp
compare exp err || fail=1

# A request asking for CA:TRUE and a path length but no keyUsage: the
# same; --quiet silences the warning only.
openssl req -new -key evil.key -subj '/CN=evil2.example' \
	-addext basicConstraints=critical,CA:TRUE,pathlen:5 -out evil2.csr ||
	framework_failure_ openssl req
signcsr -q --ca ca.pem --ca-key ca.key -i evil2.csr >evil2.pem 2>err || fail=1
test -s err && { cat err; fail=1; }
openssl x509 -in evil2.pem -noout -ext basicConstraints | sed 1d |
	sed 's/^ *//' >out
echo CA:FALSE >exp
compare exp out || fail=1

Exit $fail
