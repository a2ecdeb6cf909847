#!/bin/sh
# An empty request (stdin or file) is refused: exit 2, one line naming the
# input, nothing written.
. "${srcdir:-.}/tests/init.sh"

mkca --subject /O=CA --key-out ca.key >ca.pem || framework_failure_ mkca
: >empty.csr

refuses_ /dev/null "signcsr: 'standard input' is empty" \
	signcsr --ca ca.pem --ca-key ca.key || fail=1
refuses_ /dev/null "signcsr: 'empty.csr' is empty" \
	signcsr --ca ca.pem --ca-key ca.key -i empty.csr || fail=1

Exit $fail
