#!/bin/sh
# mkcrl makes a CRL from the previous one and the certificates revoked
# now: entries carried over (reasons and dates as they were), new ones
# added with their reason, the CRL number incremented, the AKI set; and
# openssl, certtool, verifycert accept it and find the revoked
# certificates revoked and the others not.
. "${srcdir:-.}/tests/init.sh"
require_ openssl certtool

make_scenario_
mkcsr --subject /CN=third --key-out third.key |
	signcsr --ca ca/ca.cert.pem --ca-key ca/ca.key.pem >third.pem ||
	framework_failure_ signcsr
ca='--ca ca/ca.cert.pem --ca-key ca/ca.key.pem'

mkcrl $ca >empty.crl || fail=1
mkcrl $ca --crl empty.crl --revoke mail-server/server.cert \
	--reason keyCompromise >one.crl || fail=1
serial=$(showcert --field serial third.pem)
mkcrl $ca --crl one.crl --revoke "$serial" --reason superseded \
	-o two.crl || fail=1

for c in empty.crl one.crl two.crl; do
	openssl crl -in "$c" -CAfile ca/ca.cert.pem -noout 2>&1 |
		grep -qx 'verify OK' || { echo "openssl: $c"; fail=1; }
	certtool --verify-crl --load-ca-certificate ca/ca.cert.pem \
		--infile "$c" 2>&1 | grep -q 'Verified' ||
		{ echo "certtool: $c"; fail=1; }
done

# Numbers 1, 2, 3; the AKI is the CA's SKI.
for n in 1:empty 2:one 3:two; do
	openssl crl -in "${n#*:}.crl" -noout -crlnumber >got
	echo "crlNumber=0x0${n%%:*}" >exp
	compare exp got || fail=1
done
ski=$(openssl x509 -in ca/ca.cert.pem -noout -ext subjectKeyIdentifier |
	sed -n 2p | tr -d ' ')
openssl crl -in two.crl -noout -text >text
grep -A1 'Authority Key Identifier' text | sed -n 2p | tr -d ' ' >got
echo "$ski" >exp
compare exp got || fail=1

# The entries, in order, with their reasons; the first one unchanged
# since one.crl (same date).
first=$(showcert --field serial mail-server/server.cert)
sed -n '/^Revoked Certificates:/,/Signature Algorithm/p' text |
	grep -E 'Serial Number|Key Compromise|Superseded' | tr -s ' ' >got
printf ' Serial Number: %s\n Key Compromise\n Serial Number: %s\n Superseded\n' \
	"$first" "$serial" >exp
compare exp got || fail=1
d1=$(openssl crl -in one.crl -noout -text | grep -m1 'Revocation Date')
d2=$(grep -m1 'Revocation Date' text)
test "$d1" = "$d2" || { echo "date changed: $d1 / $d2"; fail=1; }

# Verdicts with the CRL.
openssl verify -crl_check -CAfile ca/ca.cert.pem -CRLfile two.crl \
	mail-server/server.cert third.pem invoice-server/server.cert \
	>out 2>&1
grep -c 'certificate revoked' out >got
echo 2 >exp
compare exp got || { cat out; fail=1; }
grep -qx 'invoice-server/server.cert: OK' out || { cat out; fail=1; }
returns_ 1 verifycert --ca ca/ca.cert.pem --crl two.crl \
	mail-server/server.cert >out || fail=1
grep -q 'FAILED: revoked on' out || { cat out; fail=1; }
returns_ 0 verifycert --ca ca/ca.cert.pem --crl two.crl \
	invoice-server/server.cert >/dev/null || fail=1

# Revoking again keeps the entry as it was, and says so.
mkcrl $ca --crl two.crl --revoke third.pem --reason keyCompromise \
	>three.crl 2>err || fail=1
echo "mkcrl: warning: 1 of the certificates given was revoked already; their entries are kept as they were" >exp
compare exp err || fail=1
openssl crl -in three.crl -noout -text | grep -c 'Serial Number' >got
echo 2 >exp
compare exp got || fail=1

# In place, with --force.
cp two.crl live.crl
mkcrl $ca --crl live.crl --revoke invoice-server/server.cert -o live.crl \
	--force || fail=1
openssl crl -in live.crl -noout -text | grep -c 'Serial Number' >got
echo 3 >exp
compare exp got || fail=1
no_temp_files_ . || fail=1
Exit $fail
