#!/bin/sh
# mtls-get --servername against a server whose certificate's only SAN is
# a URI: refused (exit 1), and the words say the certificate names no host
# rather than "issued for 'billing-client', not 'billing-client'".  An
# invalid --servername is a usage error that says why.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-get/peers.sh"
require_ openssl python3
make_certs_

mkcsr --subject /CN=billing-client --san URI:spiffe://acme/billing \
	--key-out uri.key >uri.csr || framework_failure_ mkcsr
signcsr --ca ca/ca.cert.pem --ca-key ca/ca.key.pem <uri.csr >uri.pem ||
	framework_failure_ signcsr

start_openssl_ -cert uri.pem -key uri.key
cat >exp <<EXP
mtls-get: 127.0.0.1:$port: the server's certificate 'CN=billing-client' does not match the host name: 'CN=billing-client' has no DNS name or IP address in its SANs, so it is not issued for 'billing-client'
EXP
returns_ 1 mtls-get --ca ca/ca.cert.pem --servername billing-client \
	"https://127.0.0.1:$port/invoice.json" >out 2>err || fail=1
compare /dev/null out || fail=1
compare exp err || fail=1

T="Try 'mtls-get --help' for more information."
for name in 010.0.0.1 billing_client; do
	returns_ 2 mtls-get --ca ca/ca.cert.pem --servername $name \
		"https://127.0.0.1:$port/" >out 2>err || fail=1
	head -n 1 err | grep -q "^mtls-get: invalid server name: '$name' " ||
		{ cat err; fail=1; }
	sed -n 2p err | grep -qx "$T" || fail=1
done

Exit $fail
