#!/bin/sh
# Unreadable or malformed input: a message naming the file and what was
# expected, exit 2, and the other files are still shown.
. "${srcdir:-.}/tests/init.sh"
make_scenario_

echo garbage >garbage.pem
head -c 300 /dev/urandom >random.bin
: >empty.pem
sed '5d' invoice-server/server.cert >cut.pem
head -n 3 invoice-server/server.cert >truncated.pem

returns_ 2 showcert --field subject garbage.pem missing.pem \
	invoice-server/private.key empty.pem cut.pem truncated.pem \
	ca/ca.cert.pem >out 2>err || fail=1
echo 'O=ABC Inc.' >exp
compare exp out || fail=1
# GnuTLS's own words for the decoding error may change between versions.
sed '/cut.pem/s/(item 1): .*/(item 1): GNUTLS-ERROR/' err >err2
cat >exp <<'EOX'
showcert: 'garbage.pem': expected a certificate, certificate request or CRL, found neither PEM nor DER of one
showcert: cannot open 'missing.pem': No such file or directory
showcert: 'invoice-server/private.key': expected a certificate, certificate request or CRL, found a private key
showcert: 'empty.pem' is empty
showcert: 'cut.pem': malformed certificate (item 1): GNUTLS-ERROR
showcert: 'truncated.pem': PEM block 'CERTIFICATE' has no end line
EOX
compare exp err2 || fail=1

returns_ 2 showcert random.bin >out 2>err || fail=1
compare /dev/null out || fail=1
echo "showcert: 'random.bin': expected a certificate, certificate request or CRL, found neither PEM nor DER of one" >exp
compare exp err || fail=1

returns_ 2 showcert <garbage.pem >out 2>err || fail=1
echo "showcert: 'standard input': expected a certificate, certificate request or CRL, found neither PEM nor DER of one" >exp
compare exp err || fail=1

Exit $fail
