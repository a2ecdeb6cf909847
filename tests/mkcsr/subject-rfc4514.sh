#!/bin/sh
# An RFC 4514 subject lists RDNs last-first: "CN=x,O=y" is the same Name,
# byte for byte, as "/O=y/CN=x" (escapes and multi-valued RDNs too).
. "${srcdir:-.}/tests/init.sh"
require_ openssl

openssl ecparam -name prime256v1 -genkey -noout -out k.pem 2>/dev/null ||
	framework_failure_ openssl ecparam

i=0
while IFS='|' read -r rfc slash; do
	i=$((i + 1))
	mkcsr --subject "$rfc" --key k.pem >r$i.csr || fail=1
	mkcsr --subject "$slash" --key k.pem >s$i.csr || fail=1
	openssl req -new -key k.pem -subj "$slash" -out o$i.csr ||
		framework_failure_ openssl req
	subject_der_ r$i.csr r$i.der && subject_der_ s$i.csr s$i.der &&
		subject_der_ o$i.csr o$i.der || framework_failure_ subject_der_
	cmp r$i.der s$i.der || { echo "'$rfc' != '$slash'"; fail=1; }
	cmp r$i.der o$i.der || { echo "'$rfc' != openssl '$slash'"; fail=1; }
done <<'X'
CN=x,O=y|/O=y/CN=x
CN=localhost,O=InvoiceServer|/O=InvoiceServer/CN=localhost
CN=alice+UID=alice,DC=example,DC=com|/DC=com/DC=example/CN=alice+UID=alice
CN=Ex\, Inc.,O=a\+b|/O=a\+b/CN=Ex, Inc.
O=ABC Inc.|/O=ABC Inc.
X
test $i = 5 || framework_failure_ "ran $i cases"

# Order matters: "O=y,CN=x" is another Name.
mkcsr --subject 'O=y,CN=x' --key k.pem >rev.csr || fail=1
subject_der_ rev.csr rev.der || framework_failure_ subject_der_
cmp -s rev.der r1.der && { echo "RDN order ignored"; fail=1; }

Exit $fail
