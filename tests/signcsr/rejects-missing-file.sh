#!/bin/sh
# A missing request, CA certificate or CA key file is refused, naming the
# file; nothing is written.
. "${srcdir:-.}/tests/init.sh"

make_scenario_
no='No such file or directory'
refuses_ /dev/null "signcsr: cannot open 'missing.csr': $no" \
	signcsr --ca ca/ca.cert.pem --ca-key ca/ca.key.pem -i missing.csr ||
	fail=1
refuses_ invoice-server/server.csr "signcsr: cannot open 'missing.pem': $no" \
	signcsr --ca missing.pem --ca-key ca/ca.key.pem || fail=1
refuses_ invoice-server/server.csr "signcsr: cannot open 'ca/missing.key': $no" \
	signcsr --ca ca/ca.cert.pem --ca-key ca/missing.key || fail=1
# A directory is not a file.
refuses_ invoice-server/server.csr "signcsr: cannot read 'ca': Is a directory" \
	signcsr --ca ca --ca-key ca/ca.key.pem || fail=1

Exit $fail
