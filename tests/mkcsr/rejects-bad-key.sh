#!/bin/sh
# mkcsr --key refuses a key file that is garbage, empty, missing, holds
# something else, or is encrypted: exit 2, one line naming the file,
# nothing written.  Keys in PKCS#1, PKCS#8 and SEC1, PEM or DER, work.
. "${srcdir:-.}/tests/init.sh"
require_ openssl

printf 'garbage\n' >garbage
: >empty
mkca --subject /O=CA --key-out ca.key >ca.pem || framework_failure_ mkca
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
	-aes-128-cbc -pass pass:secret -out enc.key 2>/dev/null ||
	framework_failure_ openssl genpkey

refuses_ /dev/null "mkcsr: 'garbage': not a private key (PEM or DER PKCS#1, PKCS#8 or SEC1)" \
	mkcsr --subject /CN=x --key garbage || fail=1
refuses_ /dev/null "mkcsr: 'empty' is empty" \
	mkcsr --subject /CN=x --key empty || fail=1
refuses_ /dev/null "mkcsr: cannot open 'missing.key': No such file or directory" \
	mkcsr --subject /CN=x --key missing.key || fail=1
refuses_ /dev/null "mkcsr: 'ca.pem': expected a private key, found a certificate" \
	mkcsr --subject /CN=x --key ca.pem || fail=1
refuses_ /dev/null "mkcsr: 'enc.key': the private key is encrypted and no passphrase was given (give it with --pass-file FILE or --pass-env VAR)" \
	mkcsr --subject /CN=x --key enc.key || fail=1

# Each usual encoding of a usable key is accepted.
openssl genrsa -traditional -out rsa1.pem 2048 2>/dev/null ||
	framework_failure_ openssl genrsa
openssl ec -in ca.key -out sec1.pem 2>/dev/null || framework_failure_ openssl ec
openssl pkey -in ca.key -outform DER -out p8.der || framework_failure_ openssl pkey
openssl ec -in ca.key -outform DER -out sec1.der 2>/dev/null ||
	framework_failure_ openssl ec
for k in rsa1.pem sec1.pem p8.der sec1.der ca.key; do
	mkcsr --subject /CN=x --key $k >$k.csr || { echo "refused $k"; fail=1; }
	test "$(openssl req -in $k.csr -noout -pubkey)" = \
		"$(openssl pkey -in $k -pubout 2>/dev/null ||
		   openssl pkey -inform DER -in $k -pubout)" || fail=1
done

Exit $fail
