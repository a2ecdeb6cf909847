#!/bin/sh
# signcsr --record DIR keeps a copy of each issued certificate as
# DIR/SERIAL.pem, so showcert answers what was issued and when it
# expires, and mkcrl --revoke takes the copy; a DIR that is missing or
# not writable is refused before anything is issued.
. "${srcdir:-.}/tests/init.sh"

make_scenario_
mkdir issued || framework_failure_ mkdir
for n in one two; do
	mkcsr --subject "/CN=$n" --key-out "$n.key" |
		signcsr --ca ca/ca.cert.pem --ca-key ca/ca.key.pem \
			--record issued >"$n.pem" || fail=1
	s=$(showcert --field serial "$n.pem")
	compare "$n.pem" "issued/$s.pem" || fail=1
done
test "$(ls issued | wc -l)" = 2 || { ls issued; fail=1; }
showcert --field subject issued/*.pem | sort >got
printf 'CN=one\nCN=two\n' >exp
compare exp got || fail=1
mkcrl --ca ca/ca.cert.pem --ca-key ca/ca.key.pem \
	--revoke "issued/$(showcert --field serial one.pem).pem" >ca.crl || fail=1
returns_ 1 verifycert --ca ca/ca.cert.pem --crl ca.crl one.pem >/dev/null ||
	fail=1

# With --record, mkcrl takes a serial only if it was issued.
two=$(showcert --field serial two.pem)
mkcrl --ca ca/ca.cert.pem --ca-key ca/ca.key.pem --record issued \
	--revoke "$two" >two.crl || fail=1
returns_ 2 mkcrl --ca ca/ca.cert.pem --ca-key ca/ca.key.pem --record issued \
	--revoke 0BADBEEF -o bad.crl >out 2>err || fail=1
echo "mkcrl: serial number '0BADBEEF' is not one this CA issued (no 'issued/0BADBEEF.pem')" >exp
compare exp err || fail=1
test -e bad.crl && fail=1

returns_ 2 signcsr --ca ca/ca.cert.pem --ca-key ca/ca.key.pem \
	--record missing <invoice-server/server.csr >out 2>err || fail=1
echo "signcsr: cannot record into 'missing': No such file or directory" >exp
compare exp err || fail=1
test -s out && fail=1
Exit $fail
