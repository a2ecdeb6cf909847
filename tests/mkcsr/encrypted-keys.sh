#!/bin/sh
# Keys encrypted at rest: mkca and mkcsr --encrypt write encrypted PKCS#8
# (PBES2: AES-256-CBC, PBKDF2 with HMAC-SHA256) that openssl and certtool
# read; every program that reads a key reads encrypted PKCS#8 and
# OpenSSL's traditional encrypted PEM, made by openssl too, with
# --pass-file or --pass-env; a wrong or missing passphrase is a one-line
# error, exit 2, nothing written.
. "${srcdir:-.}/tests/init.sh"
require_ openssl certtool

printf 'correct horse\n' >pass.txt
export PASS='correct horse'

mkca --subject '/O=Enc CA' --encrypt --pass-file pass.txt --key-out ca.key \
	>ca.pem || fail=1
mkcsr --subject /CN=enc.example --encrypt --pass-env PASS \
	--key-out leaf.key >leaf.csr || fail=1
for k in ca.key leaf.key; do
	head -n 1 "$k" | grep -qx -- '-----BEGIN ENCRYPTED PRIVATE KEY-----' ||
		{ head -n 1 "$k"; fail=1; }
	openssl asn1parse -in "$k" >asn1 || fail=1
	for o in PBES2 PBKDF2 hmacWithSHA256 aes-256-cbc; do
		grep -q ":$o\$" asn1 || { echo "$k: no $o"; fail=1; }
	done
	openssl pkey -in "$k" -passin env:PASS -noout || fail=1
	certtool -k --password "$PASS" --infile "$k" >/dev/null 2>&1 ||
		{ echo "certtool cannot read $k"; fail=1; }
done
test "$(stat -c %a leaf.key)" = 600 || fail=1

# Read back by our programs: the CA key for signcsr and mkcrl.
signcsr --ca ca.pem --ca-key ca.key --pass-env PASS <leaf.csr >leaf.pem ||
	fail=1
returns_ 0 openssl verify -CAfile ca.pem leaf.pem >/dev/null || fail=1
mkcrl --ca ca.pem --ca-key ca.key --pass-file pass.txt >ca.crl || fail=1

# Keys encrypted by openssl: PKCS#8 and the traditional PEM.
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -aes256 \
	-pass env:PASS -out o8.key 2>/dev/null || framework_failure_ openssl
openssl pkey -in o8.key -passin env:PASS -traditional -aes256 \
	-passout env:PASS -out trad.key 2>/dev/null ||
	framework_failure_ openssl
grep -q 'Proc-Type: 4,ENCRYPTED' trad.key || framework_failure_ traditional
for k in o8.key trad.key; do
	mkcsr --subject /CN=x --key "$k" --pass-env PASS >x.csr || fail=1
	openssl req -in x.csr -noout -verify 2>&1 | grep -q 'verify OK' ||
		fail=1
done

# Missing and wrong passphrases.
refuses_() { # refuses_ MESSAGE COMMAND...: exit 2, MESSAGE, no out.pem
	m_=$1
	shift
	returns_ 2 "$@" >out.pem 2>err || fail=1
	printf '%s\n' "$m_" >exp
	compare exp err || fail=1
	test -s out.pem && { echo "output written"; fail=1; }
}
refuses_ "signcsr: 'ca.key': the private key is encrypted and no passphrase was given (give it with --pass-file FILE or --pass-env VAR)" \
	signcsr --ca ca.pem --ca-key ca.key --in leaf.csr
printf 'wrong\n' >wrong.txt
refuses_ "signcsr: 'ca.key': wrong passphrase for the private key (or it is damaged)" \
	signcsr --ca ca.pem --ca-key ca.key --pass-file wrong.txt --in leaf.csr
refuses_ "mkcsr: 'trad.key': wrong passphrase for the private key (or it is damaged)" \
	env PASS=nope mkcsr --subject /CN=x --key trad.key --pass-env PASS
refuses_ "mkcrl: the environment variable 'NOPE' (--pass-env) is not set" \
	mkcrl --ca ca.pem --ca-key ca.key --pass-env NOPE
returns_ 2 mkcsr --subject /CN=y --encrypt --key-out y.key >out 2>err </dev/null ||
	fail=1
grep -q -- 'a passphrase is needed to protect the new file' err || { cat err; fail=1; }
test -e y.key && { echo "y.key written"; fail=1; }
Exit $fail
