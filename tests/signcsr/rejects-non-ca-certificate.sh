#!/bin/sh
# A certificate that is not a CA (a leaf, even with its own key; a
# certificate without basicConstraints) cannot sign: refused, naming the
# file and the subject; nothing is written.
. "${srcdir:-.}/tests/init.sh"
require_ openssl

make_scenario_
refuses_ mail-server/server.cert \
	"signcsr: 'invoice-server/server.cert': 'O=InvoiceServer,CN=localhost' is not a CA certificate (basicConstraints CA:FALSE)" \
	signcsr --ca invoice-server/server.cert \
	--ca-key invoice-server/private.key -i invoice-server/server.csr ||
	fail=1

# A self-signed certificate without basicConstraints (old-style v1).
openssl req -x509 -new -key ca/ca.key.pem -subj '/O=Old Style' -days 10 \
	-config /dev/null -out v1.pem 2>/dev/null ||
	framework_failure_ openssl req -x509
openssl x509 -in v1.pem -noout -text | grep -q 'Basic Constraints' &&
	framework_failure_ "openssl added basicConstraints"
refuses_ /dev/null \
	"signcsr: 'v1.pem': 'O=Old Style' is not a CA certificate (it has no basicConstraints extension)" \
	signcsr --ca v1.pem --ca-key ca/ca.key.pem -i invoice-server/server.csr ||
	fail=1

# A CA:TRUE certificate whose keyUsage forbids signing certificates.
openssl req -x509 -new -key ca/ca.key.pem -subj '/O=No Cert Sign' -days 10 \
	-addext basicConstraints=critical,CA:TRUE \
	-addext keyUsage=critical,digitalSignature -out nosign.pem ||
	framework_failure_ openssl req -x509
refuses_ /dev/null \
	"signcsr: 'nosign.pem': 'O=No Cert Sign' may not sign certificates (its key usage lacks keyCertSign)" \
	signcsr --ca nosign.pem --ca-key ca/ca.key.pem -i invoice-server/server.csr ||
	fail=1

Exit $fail
