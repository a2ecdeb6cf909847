#!/bin/sh
# A request whose self-signature does not verify (one byte of the signature
# flipped in a DER request) is refused, naming the file; nothing is
# written.  The untouched request is accepted.
. "${srcdir:-.}/tests/init.sh"
require_ openssl

mkca --subject /O=CA --key-out ca.key >ca.pem || framework_failure_ mkca
mkcsr --subject /CN=localhost --key-out leaf.key >leaf.csr ||
	framework_failure_ mkcsr
openssl req -in leaf.csr -outform DER -out good.der || framework_failure_ openssl

# The signature is the last BIT STRING; flip its last byte (inside the
# ECDSA s value, so the DER stays well-formed).
size=$(wc -c <good.der)
last=$(tail -c 1 good.der | od -An -tu1 | tr -d ' ')
head -c $((size - 1)) good.der >bad.der
printf "\\$(printf %o $((last ^ 1)))" >>bad.der
test $(wc -c <bad.der) = $size || framework_failure_ "tampering"
cmp -s good.der bad.der && framework_failure_ "tampering"
openssl req -inform DER -in bad.der -noout 2>/dev/null ||
	framework_failure_ "tampered request does not parse"
openssl req -inform DER -in bad.der -noout -verify 2>&1 |
	grep -q 'verify failure' ||
	framework_failure_ "openssl accepts the tampered signature"

signcsr --ca ca.pem --ca-key ca.key -i good.der >good.pem || fail=1
refuses_ /dev/null \
	"signcsr: 'bad.der': the request's signature does not verify (it was altered or is corrupt)" \
	signcsr --ca ca.pem --ca-key ca.key -i bad.der || fail=1
refuses_ bad.der \
	"signcsr: 'standard input': the request's signature does not verify (it was altered or is corrupt)" \
	signcsr --ca ca.pem --ca-key ca.key || fail=1

# A changed subject under the old signature is caught the same way.
off=$(grep -obUa localhost good.der | sed -n '1s/:.*//p')
test -n "$off" || framework_failure_ "no subject in good.der"
cp good.der subj.der
printf x | dd of=subj.der bs=1 seek=$((off + 8)) conv=notrunc 2>/dev/null
grep -qa localhosx subj.der || framework_failure_ "tampering"
refuses_ /dev/null \
	"signcsr: 'subj.der': the request's signature does not verify (it was altered or is corrupt)" \
	signcsr --ca ca.pem --ca-key ca.key -i subj.der || fail=1

Exit $fail
