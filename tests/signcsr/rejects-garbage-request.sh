#!/bin/sh
# A request that is neither PEM nor DER (from stdin or a file) is refused:
# exit 2, one line naming the input, nothing written.
. "${srcdir:-.}/tests/init.sh"

mkca --subject /O=CA --key-out ca.key >ca.pem || framework_failure_ mkca
printf 'this is not a request\n\001\002\003' >garbage.csr
printf '%s\n' '-----BEGIN CERTIFICATE REQUEST-----' 'bm90IGJhc2U2NCE/' \
	'-----END CERTIFICATE REQUEST-----' >bad-pem.csr

refuses_ garbage.csr \
	"signcsr: 'standard input': not a certificate request (neither PEM nor DER)" \
	signcsr --ca ca.pem --ca-key ca.key || fail=1
refuses_ /dev/null \
	"signcsr: 'garbage.csr': not a certificate request (neither PEM nor DER)" \
	signcsr --ca ca.pem --ca-key ca.key -i garbage.csr || fail=1
refuses_ /dev/null \
	"signcsr: 'bad-pem.csr': malformed certificate request: ASN1 parser: Error in TAG" \
	signcsr --ca ca.pem --ca-key ca.key -i bad-pem.csr || fail=1

Exit $fail
