#!/bin/sh
# mkcrl refuses, with one line naming the file and the cause and exit 2,
# writing nothing: a previous CRL of another CA, a certificate another CA
# issued, an unknown reason, a serial that is not one, garbage for a CRL,
# a CA key that does not match, a CA that may not sign CRLs.
. "${srcdir:-.}/tests/init.sh"
require_ openssl

make_scenario_
mkca --subject '/O=ZXC Inc.' --key-out zxc.key >zxc.pem ||
	framework_failure_ mkca
mkcrl --ca zxc.pem --ca-key zxc.key >zxc.crl || framework_failure_ mkcrl
mkcsr --subject /CN=z --key-out z.key |
	signcsr --ca zxc.pem --ca-key zxc.key >z.pem || framework_failure_ signcsr
ca='--ca ca/ca.cert.pem --ca-key ca/ca.key.pem'

check_() { # check_ EXPECTED-MESSAGE MKCRL-ARG...
	m_=$1
	shift
	returns_ 2 mkcrl "$@" -o out.crl >out 2>err || fail=1
	printf '%s\n' "$m_" >exp
	compare exp err || fail=1
	test -e out.crl && { echo "out.crl written"; fail=1; }
	rm -f out.crl
}
check_ "mkcrl: 'zxc.crl' is a CRL of 'O=ZXC Inc.', not of this CA ('O=ABC Inc.')" \
	$ca --crl zxc.crl
check_ "mkcrl: 'z.pem': certificate 'CN=z' was issued by 'O=ZXC Inc.', not by this CA" \
	$ca --revoke z.pem
check_ "mkcrl: 'nonsense' is neither a certificate file nor a serial number" \
	$ca --revoke nonsense
printf 'garbage\n' >bad.crl
returns_ 2 mkcrl $ca --crl bad.crl >out 2>err || fail=1
test "$(wc -l <err)" = 1 && grep -q "'bad.crl'" err || { cat err; fail=1; }
returns_ 2 mkcrl $ca --revoke 01 --reason lost >out 2>err || fail=1
grep -q "^mkcrl: unknown revocation reason 'lost'" err || { cat err; fail=1; }
returns_ 2 mkcrl --ca ca/ca.cert.pem --ca-key zxc.key >out 2>err || fail=1
test "$(wc -l <err)" = 1 && grep -q "'zxc.key' is not the key" err ||
	{ cat err; fail=1; }
test -s out && fail=1

# A CA without cRLSign (made by openssl) may not sign CRLs.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout nocrl.key -subj /CN=NoCRL -days 10 -out nocrl.pem \
	-addext 'basicConstraints=critical,CA:TRUE' \
	-addext 'keyUsage=critical,keyCertSign' 2>/dev/null ||
	framework_failure_ openssl
check_ "mkcrl: 'CN=NoCRL' may not sign CRLs (its key usage lacks cRLSign)" \
	--ca nocrl.pem --ca-key nocrl.key
Exit $fail
