#!/bin/sh
# mkp12 bundles a certificate, its key and its chain into a PKCS#12 file
# (mode 0600) that openssl and certtool read: AES-256 with PBKDF2 and a
# SHA-256 MAC by default, 3DES and a SHA-1 MAC with --legacy; mtls-get and
# mtls-serve take it (and one openssl made) as --cert; a wrong or missing
# passphrase, a key of another certificate, no -o: exit 2, one line,
# nothing written.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
require_ openssl certtool

make_scenario_
export P12PASS='p12 secret'

mkp12 --cert mail-server/server.cert --key mail-server/private.key \
	--chain ca/ca.cert.pem --name 'Mail server' -o mail.p12 \
	--pass-env P12PASS || fail=1
test "$(stat -c %a mail.p12)" = 600 || fail=1
openssl pkcs12 -in mail.p12 -info -noout -passin env:P12PASS >info 2>&1 ||
	{ cat info; fail=1; }
grep -q '^MAC: sha256' info || { cat info; fail=1; }
grep -q 'Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC' info || { cat info; fail=1; }
test "$(grep -c 'Certificate bag' info)" = 2 || { cat info; fail=1; }
openssl pkcs12 -in mail.p12 -nokeys -clcerts -passin env:P12PASS 2>/dev/null |
	grep -q 'friendlyName: Mail server' || fail=1
openssl pkcs12 -in mail.p12 -nocerts -nodes -passin env:P12PASS 2>/dev/null |
	openssl pkey -pubout >a || fail=1
openssl pkey -in mail-server/private.key -pubout >b
compare a b || fail=1
certtool --p12-info --inder --password "$P12PASS" --infile mail.p12 >ct 2>&1 &&
	grep -q "MAC: SHA256" ct ||
	{ cat ct; fail=1; }

mkp12 --cert mail-server/server.cert --key mail-server/private.key \
	--legacy -o legacy.p12 --pass-env P12PASS || fail=1
openssl pkcs12 -legacy -in legacy.p12 -info -noout -passin env:P12PASS \
	>info 2>&1 || { cat info; fail=1; }
grep -q '^MAC: sha1' info && grep -q 'pbeWithSHA1And3-KeyTripleDES-CBC' info ||
	{ cat info; fail=1; }

# Taken as --cert by mtls-get and mtls-serve; one openssl made too.
openssl pkcs12 -export -in mail-server/server.cert \
	-inkey mail-server/private.key -passout env:P12PASS \
	-out ossl.p12 2>/dev/null || framework_failure_ openssl
openssl pkcs12 -export -in invoice-server/server.cert \
	-inkey invoice-server/private.key -passout env:P12PASS \
	-out server.p12 2>/dev/null || framework_failure_ openssl
printf 'hello\n' >hello.txt
start_server_ s --ca ca/ca.cert.pem --cert server.p12 --pass-env P12PASS \
	--workers 1 --body hello.txt
for p in mail.p12 legacy.p12 ossl.p12; do
	returns_ 0 mtls-get --ca ca/ca.cert.pem --cert "$p" --pass-env P12PASS \
		"https://localhost:$port/" >out 2>err || { cat err; fail=1; }
	compare hello.txt out || fail=1
done
returns_ 2 env P12PASS=nope mtls-get --ca ca/ca.cert.pem --cert mail.p12 \
	--pass-env P12PASS "https://localhost:$port/" >out 2>err || fail=1
echo "mtls-get: 'mail.p12': wrong passphrase for the PKCS#12 file (or it is damaged)" >exp
compare exp err || fail=1
returns_ 0 stop_server_ || fail=1

# Refused.
check_() { # check_ MESSAGE MKP12-ARG...
	m_=$1
	shift
	rm -f bad.p12
	returns_ 2 mkp12 "$@" >out 2>err || fail=1
	printf '%s\n' "$m_" >exp
	compare exp err || fail=1
	test -e bad.p12 && { echo "bad.p12 written"; fail=1; }
}
check_ "mkp12: 'invoice-server/private.key' is not the key of the certificate in 'mail-server/server.cert'" \
	--cert mail-server/server.cert --key invoice-server/private.key \
	-o bad.p12 --pass-env P12PASS
check_ "mkp12: a passphrase is needed to protect the new file: give --pass-file FILE or --pass-env VAR (there is no terminal to ask on)" \
	--cert mail-server/server.cert --key mail-server/private.key -o bad.p12
returns_ 2 mkp12 --cert mail-server/server.cert --key mail-server/private.key \
	--pass-env P12PASS >out 2>err || fail=1
grep -q 'missing -o FILE' err || { cat err; fail=1; }
Exit $fail
