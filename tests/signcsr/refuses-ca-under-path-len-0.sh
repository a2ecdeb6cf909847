#!/bin/sh
# An intermediate made with mkca --path-len 0 may issue leaves but not CAs:
# signcsr --profile ca and mkca --issuer-cert refuse, write nothing and
# exit 2; peers would refuse such a chain too.
. "${srcdir:-.}/tests/init.sh"
require_ openssl

mkca --subject /CN=Root --key-out root.key >root.pem || framework_failure_ mkca
mkca --subject /CN=Inter --path-len 0 --issuer-cert root.pem \
	--issuer-key root.key --key-out inter.key >inter.pem || fail=1
openssl x509 -in inter.pem -noout -ext basicConstraints | sed '1d; s/^ *//' >out
echo 'CA:TRUE, pathlen:0' >exp
compare exp out || fail=1
mkcsr --subject /CN=Sub --key-out sub.key >sub.csr || framework_failure_ mkcsr

# A leaf is fine.
signcsr --ca inter.pem --ca-key inter.key -i sub.csr >leaf.pem || fail=1
openssl verify -CAfile root.pem -untrusted inter.pem leaf.pem >/dev/null ||
	fail=1

msg="'CN=Inter' may not issue CA certificates (its path length limit is 0)"
returns_ 2 signcsr --ca inter.pem --ca-key inter.key --profile ca \
	-i sub.csr >out 2>err || fail=1
echo "signcsr: $msg" >exp
compare exp err || fail=1
test -s out && fail=1
returns_ 2 signcsr --ca inter.pem --ca-key inter.key --profile ca \
	-i sub.csr -o sub.pem >out 2>err || fail=1
test -e sub.pem && fail=1

returns_ 2 mkca --subject /CN=Sub2 --issuer-cert inter.pem \
	--issuer-key inter.key --key-out sub2.key >out 2>err || fail=1
echo "mkca: $msg" >exp
compare exp err || fail=1
test -s out && fail=1
test -e sub2.key && { echo "mkca left a key behind"; fail=1; }
no_temp_files_ . || fail=1

# What the refusal prevents: openssl rejects a CA below a pathlen:0 CA.
openssl x509 -req -in sub.csr -CA inter.pem -CAkey inter.key -days 1 \
	-extfile /dev/stdin -out sub.pem 2>/dev/null <<'X' || framework_failure_ openssl
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
X
signcsr --ca sub.pem --ca-key sub.key -i sub.csr >leaf3.pem 2>/dev/null ||
	framework_failure_ signcsr
cat inter.pem sub.pem >untrusted.pem
returns_ 2 openssl verify -CAfile root.pem -untrusted untrusted.pem leaf3.pem \
	>out 2>&1 || fail=1
grep -q 'path length constraint exceeded' out || { cat out; fail=1; }

Exit $fail
