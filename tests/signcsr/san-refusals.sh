#!/bin/sh
# signcsr issues no certificate for a name no verifier would match: not
# for a --san that is neither a valid IP address nor a valid host name,
# not for a request (here made by openssl, which checks nothing) asking
# for such a DNS name, and not for a CN that tries to be a host name or
# address and is not one.  Exit 2, one line naming the name and the rule,
# nothing written.
. "${srcdir:-.}/tests/init.sh"
require_ openssl

mkca --subject '/O=ABC Inc.' --key-out ca.key >ca.pem || framework_failure_ mkca
mkcsr --subject /CN=ok.example --key-out ok.key >ok.csr ||
	framework_failure_ mkcsr

T="Try 'signcsr --help' for more information."
while IFS='|' read -r san msg; do
	returns_ 2 signcsr --ca ca.pem --ca-key ca.key --san "$san" -o c.pem \
		<ok.csr >out 2>err || fail=1
	printf '%s\n%s\n' "signcsr: $msg" "$T" >exp
	compare exp err || { echo "--san '$san'"; fail=1; }
	compare /dev/null out || fail=1
	test -e c.pem && { echo "c.pem written for '$san'"; fail=1; }
done <<'X'
10.0.0.300|'10.0.0.300' is neither a valid IP address nor a valid host name
DNS:10.0.0.300|invalid DNS name '10.0.0.300' in SAN: its last label is a number, as in an IP address
DNS:a_b.example|invalid DNS name 'a_b.example' in SAN: '_' is not allowed (only letters, digits, '-' and '.')
DNS:example.com.|invalid DNS name 'example.com.' in SAN: it ends with a dot
DNS:f*.example.com|invalid DNS name 'f*.example.com' in SAN: '*' is allowed only as the whole first label, as in *.example.com
DNS:*.co.uk|invalid DNS name '*.co.uk' in SAN: a wildcard may not stand directly under the public suffix 'co.uk'
IP:192.168.001.1|invalid IP address '192.168.001.1' in SAN (IPv4 is four decimal numbers from 0 to 255 without leading zeros; IPv6 as in 2001:db8::1)
URI:spiffe|invalid URI 'spiffe' in SAN: it does not start with a scheme (as in https: or spiffe:)
X

# Requests that ask for what --san would refuse.
req_() {
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$1.key" -subj "$2" ${3:+-addext "subjectAltName=$3"} \
		-out "$1.csr" 2>/dev/null || framework_failure_ "openssl req $1"
}
req_ underscore /CN=x DNS:a_b.example
refuses_ underscore.csr "signcsr: 'standard input': invalid DNS name 'a_b.example' in SAN: '_' is not allowed (only letters, digits, '-' and '.')" \
	signcsr --ca ca.pem --ca-key ca.key || fail=1
req_ numeric /CN=x DNS:ok.example,DNS:10.0.0.300
refuses_ numeric.csr "signcsr: 'standard input': invalid DNS name '10.0.0.300' in SAN: its last label is a number, as in an IP address" \
	signcsr --ca ca.pem --ca-key ca.key || fail=1
req_ partial /CN=x 'DNS:f*.example.com'
refuses_ partial.csr "signcsr: 'standard input': invalid DNS name 'f*.example.com' in SAN: '*' is allowed only as the whole first label, as in *.example.com" \
	signcsr --ca ca.pem --ca-key ca.key || fail=1
req_ tld /CN=x 'DNS:*.com'
refuses_ tld.csr "signcsr: 'standard input': invalid DNS name '*.com' in SAN: a wildcard may not stand directly under the public suffix 'com'" \
	signcsr --ca ca.pem --ca-key ca.key || fail=1
req_ cn /CN=10.0.0.300
refuses_ cn.csr "signcsr: 'standard input': cannot make a SAN from the CN: '10.0.0.300' is neither a valid IP address nor a valid host name" \
	signcsr --ca ca.pem --ca-key ca.key || fail=1

# --san replaces what the request asks for, so a good one still issues.
signcsr --ca ca.pem --ca-key ca.key --san DNS:b.example <underscore.csr \
	>b.pem || fail=1
verifycert --ca ca.pem --host b.example b.pem >out || fail=1
# A CN that names no host is no trouble either.
req_ label '/CN=svc_account'
signcsr --ca ca.pem --ca-key ca.key <label.csr >label.pem || fail=1

Exit $fail
