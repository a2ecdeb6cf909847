#!/bin/sh
# --crl: a revoked certificate says when and which serial; the issuer must
# have a current CRL among those given, signed by it.
. "${srcdir:-.}/tests/init.sh"
require_ openssl certtool
. "$abs_srcdir/tests/verifycert/pki.sh"

serial=$(showcert --field serial revoked.pem) || fail=1
when=$(showcert --json abc.crl | python3 -c '
import json, sys
print(json.load(sys.stdin)[0]["revoked"][0]["date"])') || fail=1
when=$(echo "$when" | sed 's/T/ /; s/Z$/ UTC/')

returns_ 1 verifycert --ca abc.pem --crl abc.crl revoked.pem good.pem \
	>out 2>err || fail=1
cat >exp <<EOX
revoked.pem: FAILED: revoked on $when (serial $serial)
good.pem: OK
EOX
compare exp out || fail=1

# No CRL from the issuer: as openssl verify -crl_check, that is a failure.
returns_ 1 verifycert --ca abc.pem --ca zxc.pem --crl abc.crl zxc-leaf.pem \
	>out 2>err || fail=1
echo "zxc-leaf.pem: FAILED: no CRL from 'O=ZXC Inc.,CN=zxc.com' to check" \
	"revocation against" >exp
compare exp out || fail=1

# A CRL in ABC's name but signed by ZXC's key.
certtool --generate-crl --load-ca-certificate abc.pem \
	--load-ca-privkey zxc.key --template crl.tmpl --outfile forged.crl \
	2>/dev/null || framework_failure_ "certtool forged CRL"
returns_ 1 verifycert --ca abc.pem --crl forged.crl good.pem >out 2>err ||
	fail=1
echo "good.pem: FAILED: the CRL from 'O=ABC Inc.' does not verify against" \
	"its issuer" >exp
compare exp out || fail=1

# A CRL whose next update has passed.
printf '%s\n' 'crl_next_update = 1' 'crl_number = 2' >short.tmpl
certtool --generate-crl --load-ca-certificate abc.pem \
	--load-ca-privkey abc.key --template short.tmpl --outfile short.crl \
	2>/dev/null || framework_failure_ "certtool short CRL"
next=$(showcert --json short.crl | python3 -c '
import json, sys
print(json.load(sys.stdin)[0]["next_update"])' | sed 's/T/ /; s/Z$/ UTC/')
returns_ 1 verifycert --ca abc.pem --crl short.crl --at $SOON good.pem \
	>out 2>err || fail=1
echo "good.pem: FAILED: the CRL from 'O=ABC Inc.' is out of date since" \
	"$next" >exp
compare exp out || fail=1
returns_ 0 verifycert --ca abc.pem --crl short.crl good.pem >out 2>err ||
	fail=1

returns_ 2 verifycert --ca abc.pem --crl abc.pem good.pem >out 2>err || fail=1
echo "verifycert: 'abc.pem': expected a certificate revocation list, found" \
	"a certificate" >exp
compare exp err || fail=1
compare /dev/null out || fail=1

Exit $fail
