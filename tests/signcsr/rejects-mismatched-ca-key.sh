#!/bin/sh
# A CA key that is not the CA certificate's own is refused, naming the key
# file and the CA certificate; nothing is written.
. "${srcdir:-.}/tests/init.sh"

make_scenario_
mkca --subject '/O=ZXC Inc.' --key-out zxc.key >zxc.pem || framework_failure_ mkca

refuses_ invoice-server/server.csr \
	"signcsr: 'zxc.key' is not the key of the CA certificate 'O=ABC Inc.' in 'ca/ca.cert.pem'" \
	signcsr --ca ca/ca.cert.pem --ca-key zxc.key || fail=1
# The leaf's own key does not fit the CA either.
refuses_ invoice-server/server.csr \
	"signcsr: 'invoice-server/private.key' is not the key of the CA certificate 'O=ABC Inc.' in 'ca/ca.cert.pem'" \
	signcsr --ca ca/ca.cert.pem --ca-key invoice-server/private.key || fail=1

Exit $fail
