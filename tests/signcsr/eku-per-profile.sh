#!/bin/sh
# signcsr --profile decides extKeyUsage (and, for ca, the CA extensions):
# peer (default) serverAuth+clientAuth, server, client, ca none.
. "${srcdir:-.}/tests/init.sh"
require_ openssl

mkca --subject '/O=ABC Inc.' --key-out ca.key >ca.pem || framework_failure_ mkca
mkcsr --subject /CN=host.example --key-out leaf.key >leaf.csr ||
	framework_failure_ mkcsr

ext_() {
	openssl x509 -in "$1" -noout -ext "$2" 2>/dev/null | sed 1d |
		sed 's/^ *//'
}

for p in default peer server client ca; do
	if test $p = default; then
		signcsr --ca ca.pem --ca-key ca.key -i leaf.csr >leaf-$p.pem || fail=1
	else
		signcsr --ca ca.pem --ca-key ca.key --profile $p -i leaf.csr \
			>leaf-$p.pem || fail=1
	fi
	ext_ leaf-$p.pem extendedKeyUsage >$p.eku
	ext_ leaf-$p.pem basicConstraints >$p.bc
	ext_ leaf-$p.pem keyUsage >$p.ku
done

both='TLS Web Server Authentication, TLS Web Client Authentication'
echo "$both" >exp; compare exp default.eku || fail=1
echo "$both" >exp; compare exp peer.eku || fail=1
echo 'TLS Web Server Authentication' >exp; compare exp server.eku || fail=1
echo 'TLS Web Client Authentication' >exp; compare exp client.eku || fail=1
: >exp; compare exp ca.eku || fail=1

for p in default peer server client; do
	echo 'CA:FALSE' >exp; compare exp $p.bc || fail=1
	echo 'Digital Signature' >exp; compare exp $p.ku || fail=1
done
echo 'CA:TRUE' >exp; compare exp ca.bc || fail=1
echo 'Certificate Sign, CRL Sign' >exp; compare exp ca.ku || fail=1

# Peers agree on the purposes.
for p in peer server; do
	openssl verify -CAfile ca.pem -purpose sslserver leaf-$p.pem >/dev/null ||
		{ echo "$p: not a TLS server certificate"; fail=1; }
done
for p in peer client; do
	openssl verify -CAfile ca.pem -purpose sslclient leaf-$p.pem >/dev/null ||
		{ echo "$p: not a TLS client certificate"; fail=1; }
done
returns_ 2 openssl verify -CAfile ca.pem -purpose sslclient leaf-server.pem \
	>/dev/null 2>&1 || fail=1
returns_ 2 openssl verify -CAfile ca.pem -purpose sslserver leaf-client.pem \
	>/dev/null 2>&1 || fail=1

Exit $fail
