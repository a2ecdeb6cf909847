#!/bin/sh
# mkca --issuer-cert/--issuer-key refuses an issuer that cannot sign (not a
# CA, a key that is not its own, garbage, a missing file): exit 2, one line
# naming the file, and neither the new key nor the certificate is written.
. "${srcdir:-.}/tests/init.sh"

make_scenario_
mkca --subject '/O=ZXC Inc.' --key-out zxc.key >zxc.pem || framework_failure_ mkca
printf 'garbage\n' >garbage

bad_() {
	refuses_ /dev/null "mkca: $1" mkca --subject /O=Sub --key-out sub.key \
		--issuer-cert "$2" --issuer-key "$3" || fail=1
	test -e sub.key && { echo "a key was left behind"; rm -f sub.key; fail=1; }
}

bad_ "'invoice-server/server.cert': 'O=InvoiceServer,CN=localhost' is not a CA certificate (basicConstraints CA:FALSE)" \
	invoice-server/server.cert invoice-server/private.key
bad_ "'zxc.key' is not the key of the CA certificate 'O=ABC Inc.' in 'ca/ca.cert.pem'" \
	ca/ca.cert.pem zxc.key
bad_ "'garbage': not a certificate (neither PEM nor DER)" \
	garbage ca/ca.key.pem
bad_ "'garbage': not a private key (PEM or DER PKCS#1, PKCS#8 or SEC1)" \
	ca/ca.cert.pem garbage
bad_ "cannot open 'missing.pem': No such file or directory" \
	missing.pem ca/ca.key.pem
bad_ "cannot open 'missing.key': No such file or directory" \
	ca/ca.cert.pem missing.key

Exit $fail
