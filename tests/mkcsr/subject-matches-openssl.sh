#!/bin/sh
# A slash-form subject is encoded byte for byte as `openssl req -subj`
# encodes the same string (string types, order, multi-valued RDNs,
# escapes), in the request and in the certificate signcsr makes from it.
# The DER of the Name is compared, not a printed form.
. "${srcdir:-.}/tests/init.sh"
require_ openssl

openssl ecparam -name prime256v1 -genkey -noout -out k.pem 2>/dev/null ||
	framework_failure_ openssl ecparam
mkca --subject '/O=ABC Inc.' --key-out ca.key >ca.pem || framework_failure_ mkca

i=0
while IFS= read -r subject; do
	i=$((i + 1))
	mkcsr --subject "$subject" --key k.pem >m$i.csr 2>err ||
		{ cat err; echo "mkcsr refuses '$subject'"; fail=1; continue; }
	# -utf8: the string is UTF-8, as our programs read it (plain
	# openssl req would take the bytes as Latin-1).
	openssl req -new -utf8 -key k.pem -subj "$subject" -out o$i.csr ||
		framework_failure_ "openssl req -subj '$subject'"
	subject_der_ m$i.csr m$i.der || framework_failure_ subject_der_
	subject_der_ o$i.csr o$i.der || framework_failure_ subject_der_
	test -s o$i.der || framework_failure_ "no subject in o$i.csr"
	cmp m$i.der o$i.der ||
		{ echo "request subject differs for '$subject'"; fail=1; }
	signcsr --ca ca.pem --ca-key ca.key -i m$i.csr >m$i.pem || fail=1
	subject_der_ m$i.pem c$i.der || framework_failure_ subject_der_
	cmp c$i.der o$i.der ||
		{ echo "certificate subject differs for '$subject'"; fail=1; }
done <<'X'
/CN=localhost/O=InvoiceServer
/O=ABC Inc.
/C=US/ST=California/L=San Francisco/O=Ex\/ample, Inc./OU=Dev+OU=Ops/CN=host.example/emailAddress=ops@example.com
/DC=com/DC=example/CN=alice+UID=alice
/CN=a\+b\/c/O=x=y
/serialNumber=1234/CN=device 7/title=Box
/O=  spaced  /CN=trail\\
/CN=Zoë Ünïcode/O=Ünï/C=DE
X
test $i = 8 || framework_failure_ "ran $i cases"

# The comparison can fail: a different string gives different bytes.
mkcsr --subject /O=ABC\ Inc/CN=localhost --key k.pem >x.csr || fail=1
subject_der_ x.csr x.der || framework_failure_ subject_der_
cmp -s x.der o1.der && { echo "different subjects compare equal"; fail=1; }

Exit $fail
