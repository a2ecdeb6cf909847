#!/bin/sh
# The certificates every tutorial makes with openssl (a CA from
# `openssl req -x509`, a leaf from `openssl x509 -req -set_serial 0`
# without an extensions file: version 1, serial 0, CN only) verify by
# default, with a warning on stderr that names the file and the
# certificate and leaves the exit status alone; -q drops the warning;
# --strict refuses them with the reason.
. "${srcdir:-.}/tests/init.sh"
require_ openssl

openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -sha256 -days 30 \
	-subj '/CN=Tutorial CA' -out ca.pem 2>/dev/null ||
	framework_failure_ "openssl req -x509"
openssl req -new -newkey rsa:2048 -nodes -keyout server.key \
	-subj '/CN=localhost' -out server.csr 2>/dev/null ||
	framework_failure_ "openssl req"
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -set_serial 0 \
	-days 30 -sha256 -out server.crt 2>/dev/null ||
	framework_failure_ "openssl x509 -req"

V1="certificate 'CN=localhost' is version 1 (no extensions) with serial number 0, accepted as a legacy end-entity certificate"
CN="certificate 'CN=localhost' has no subjectAltName extension; the host name was matched against its CN"

returns_ 0 verifycert --ca ca.pem server.crt >out 2>err || fail=1
echo 'server.crt: OK' >exp
compare exp out || fail=1
echo "verifycert: warning: server.crt: $V1" >exp
compare exp err || fail=1

returns_ 0 verifycert --ca ca.pem --host localhost --purpose server \
	server.crt >out 2>err || fail=1
echo 'server.crt: OK' >exp
compare exp out || fail=1
printf 'verifycert: warning: server.crt: %s\n' "$V1" "$CN" >exp
compare exp err || fail=1

returns_ 0 verifycert -q --ca ca.pem --host localhost server.crt >out 2>err ||
	fail=1
compare /dev/null out || fail=1
compare /dev/null err || fail=1

returns_ 1 verifycert --strict --ca ca.pem server.crt >out 2>err || fail=1
echo "server.crt: FAILED: certificate 'CN=localhost' is version 1;" \
	"version 3 is required" >exp
compare exp out || fail=1
compare /dev/null err || fail=1

# A version 3 leaf with only a CN: only the CN warning, and --strict
# refuses the host match.
printf '%s\n' 'basicConstraints=critical,CA:FALSE' \
	'keyUsage=critical,digitalSignature,keyEncipherment' \
	'extendedKeyUsage=serverAuth' 'subjectKeyIdentifier=hash' \
	'authorityKeyIdentifier=keyid' >v3.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -set_serial 7 \
	-days 30 -sha256 -extfile v3.ext -out v3.crt 2>/dev/null ||
	framework_failure_ "openssl x509 -req -extfile"
returns_ 0 verifycert --ca ca.pem --host localhost v3.crt >out 2>err ||
	fail=1
echo "verifycert: warning: v3.crt: $CN" >exp
compare exp err || fail=1
returns_ 0 verifycert --strict --ca ca.pem v3.crt >out 2>err || fail=1
compare /dev/null err || fail=1
returns_ 1 verifycert --strict --ca ca.pem --host localhost v3.crt >out \
	2>err || fail=1
echo "v3.crt: FAILED: certificate 'CN=localhost' has no subjectAltName" \
	"extension; its host name is only in its CN" >exp
compare exp out || fail=1

Exit $fail
