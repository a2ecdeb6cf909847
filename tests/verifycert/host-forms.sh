#!/bin/sh
# --host: an IP address only as a dotted quad (hex, octal, leading-zero
# and short forms are refused as bad input, never taken for names), IPv6
# in any spelling compared by value, and only with IP SANs; names compare
# case-insensitively, one trailing dot allowed; a wildcard is one whole
# left-most label.  Where openssl (x509 -checkhost/-checkip) and certtool
# (--verify-hostname) enforce the same rule, they agree; where they do
# not, the man page says so.
. "${srcdir:-.}/tests/init.sh"
require_ openssl certtool

mkca --subject '/O=ABC Inc.' --days 365 --key-out abc.key >abc.pem ||
	framework_failure_ mkca
# crt_ NAME SANS: NAME.pem, made by our tools.
crt_() {
	mkcsr --subject "/CN=$1" --san "$2" --key-out "$1.key" >"$1.csr" &&
		signcsr --ca abc.pem --ca-key abc.key --days 30 <"$1.csr" \
			>"$1.pem" || framework_failure_ "$1"
}
crt_ addr 'DNS:Addr.Example,IP:192.0.2.1,IP:2001:db8::1'
crt_ wild '*.example.com'

# Hosts that are no host: exit 2, a usage error that says why.
T="Try 'verifycert --help' for more information."
N="is neither a valid IP address nor a valid host name (IPv4 is written as four decimal numbers from 0 to 255 without leading zeros)"
while IFS='|' read -r host msg; do
	returns_ 2 verifycert --ca abc.pem --host "$host" addr.pem >out \
		2>err || fail=1
	printf '%s\n%s\n' "verifycert: --host: '$host' $msg" "$T" |
		sed "s/@N@/$N/" >exp
	compare exp err || { echo "--host '$host'"; fail=1; }
	compare /dev/null out || fail=1
done <<'X'
192.000.2.1|@N@
0192.0.2.1|@N@
0xc0.0.2.1|@N@
0xc0000201|@N@
3221225985|@N@
192.0.513|@N@
192.0.2.1.|@N@
192.0.2.300|@N@
2001:db8::1::2|@N@
fe80::1%eth0|@N@
a_b.example|is not a valid host name: '_' is not allowed (only letters, digits, '-' and '.')
a..example|is not a valid host name: it has an empty label
*.example.com|is not a valid host name: a wildcard is not a host name
X

# verdict_ CERT HOST WANT: verifycert says OK (WANT=0) or FAILED (1).
verdict_() {
	returns_ $3 verifycert --ca abc.pem --host "$2" "$1.pem" >out 2>err ||
		{ echo "verifycert --host '$2' $1.pem"; cat out; fail=1; }
}
verdict_ addr 192.0.2.1 0
verdict_ addr 2001:db8::1 0
verdict_ addr 2001:DB8:0:0:0:0:0:1 0
verdict_ addr 2001:0db8:0000::0001 0
verdict_ addr '[2001:db8::1]' 0
verdict_ addr addr.example 0
verdict_ addr ADDR.EXAMPLE. 0
verdict_ addr 192.0.2.2 1
verdict_ addr ::ffff:192.0.2.1 1
verdict_ addr 2001:db8::2 1
verdict_ wild www.example.com 0
verdict_ wild WWW.Example.COM 0
verdict_ wild example.com 1
verdict_ wild a.b.example.com 1
verdict_ wild www.example.org 1

# The words for an address against a certificate with only names.
returns_ 1 verifycert --ca abc.pem --host 192.0.2.1 wild.pem >out 2>err ||
	fail=1
echo "wild.pem: FAILED: issued for '*.example.com', not '192.0.2.1' (an" \
	"IP address matches only IP addresses in the SANs)" >exp
compare exp out || fail=1

# openssl and certtool agree on every address and every wildcard above.
for ip in 2001:DB8:0:0:0:0:0:1 192.0.2.1; do
	openssl x509 -in addr.pem -noout -checkip $ip | grep -q 'does match' ||
		{ echo "openssl -checkip $ip"; fail=1; }
done
openssl x509 -in addr.pem -noout -checkip 192.0.2.2 | grep -q 'NOT match' ||
	{ echo "openssl -checkip 192.0.2.2"; fail=1; }
for host in www.example.com:0 example.com:1 a.b.example.com:1; do
	want=${host#*:} host=${host%:*}
	if openssl x509 -in wild.pem -noout -checkhost $host |
		grep -q 'does match'; then got=0; else got=1; fi
	test $got = $want || { echo "openssl -checkhost $host: $got"; fail=1; }
	if certtool --verify --verify-hostname $host \
		--load-ca-certificate abc.pem --infile wild.pem 2>&1 |
		grep -q 'does not match'; then got=1; else got=0; fi
	test $got = $want || { echo "certtool $host: $got"; fail=1; }
done

Exit $fail
