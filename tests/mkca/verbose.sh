#!/bin/sh
# Silent on success; -v says what was made (key file, subject, key type,
# serial, end of validity) on stderr, for mkca, mkcsr and signcsr alike.
. "${srcdir:-.}/tests/init.sh"
require_ openssl

mkca --subject '/O=ABC Inc.' --key-out ca.key >ca.pem 2>err || fail=1
test -s err && { echo "mkca printed on success:"; cat err; fail=1; }

mkca -v --subject '/O=ABC Inc.' --key-out ca2.key >ca2.pem 2>err || fail=1
serial=$(openssl x509 -in ca2.pem -noout -serial | sed 's/^serial=//')
end=$(openssl x509 -in ca2.pem -noout -enddate | sed 's/^notAfter=//')
end=$(date -u -d "$end" '+%Y-%m-%d %H:%M:%S UTC')
printf '%s\n' "mkca: new key saved to 'ca2.key'" \
	"mkca: made self-signed CA certificate 'O=ABC Inc.' (ECDSA P-256), serial $serial, valid until $end" >exp
compare exp err || fail=1

mkcsr -v --subject /CN=localhost --key-type rsa --bits 2048 --key-out l.key \
	>l.csr 2>err || fail=1
printf '%s\n' "mkcsr: new key saved to 'l.key'" \
	"mkcsr: made request for 'CN=localhost' (RSA 2048)" >exp
compare exp err || fail=1

signcsr -v --ca ca2.pem --ca-key ca2.key -i l.csr >l.pem 2>err || fail=1
serial=$(openssl x509 -in l.pem -noout -serial | sed 's/^serial=//')
end=$(openssl x509 -in l.pem -noout -enddate | sed 's/^notAfter=//')
end=$(date -u -d "$end" '+%Y-%m-%d %H:%M:%S UTC')
echo "signcsr: issued 'CN=localhost' (RSA 2048), serial $serial, valid until $end" >exp
compare exp err || fail=1

Exit $fail
