#!/bin/sh
# --san refuses what no verifier would match, and a CN that tries to be a
# host name or an address and is not a valid one is not made a SAN: exit
# 2, one line naming the name and the rule, and nothing written (neither
# the request nor the key).
. "${srcdir:-.}/tests/init.sh"

T="Try 'mkcsr --help' for more information."
while IFS='|' read -r san msg; do
	returns_ 2 mkcsr --subject /CN=x --san "$san" --key-out k.key \
		-o r.csr >out 2>err || fail=1
	printf '%s\n%s\n' "mkcsr: $msg" "$T" >exp
	compare exp err || { echo "--san '$san'"; fail=1; }
	compare /dev/null out || fail=1
	for f in k.key r.csr; do
		test -e $f && { echo "$f written for '$san'"; fail=1; }
	done
	rm -f k.key r.csr
done <<'X'
10.0.0.300|'10.0.0.300' is neither a valid IP address nor a valid host name
010.0.0.1|'010.0.0.1' is neither a valid IP address nor a valid host name
127.1|'127.1' is neither a valid IP address nor a valid host name
0x7f000001|'0x7f000001' is neither a valid IP address nor a valid host name
DNS:10.0.0.300|invalid DNS name '10.0.0.300' in SAN: its last label is a number, as in an IP address
foo_bar.example|'foo_bar.example' is not a valid host name: '_' is not allowed (only letters, digits, '-' and '.')
DNS:_acme.example|invalid DNS name '_acme.example' in SAN: '_' is not allowed (only letters, digits, '-' and '.')
DNS:a..example|invalid DNS name 'a..example' in SAN: it has an empty label
DNS:.example|invalid DNS name '.example' in SAN: it has an empty label
DNS:example.com.|invalid DNS name 'example.com.' in SAN: it ends with a dot
DNS:-a.example|invalid DNS name '-a.example' in SAN: label '-a' starts or ends with '-'
DNS:f*.example.com|invalid DNS name 'f*.example.com' in SAN: '*' is allowed only as the whole first label, as in *.example.com
DNS:*.*.example.com|invalid DNS name '*.*.example.com' in SAN: '*' is allowed only as the whole first label, as in *.example.com
DNS:a.*.example.com|invalid DNS name 'a.*.example.com' in SAN: '*' is allowed only as the whole first label, as in *.example.com
DNS:*.com|invalid DNS name '*.com' in SAN: a wildcard may not stand directly under the public suffix 'com'
*.co.uk|'*.co.uk' is not a valid host name: a wildcard may not stand directly under the public suffix 'co.uk'
IP:10.0.0.300|invalid IP address '10.0.0.300' in SAN (IPv4 is four decimal numbers from 0 to 255 without leading zeros; IPv6 as in 2001:db8::1)
IP:010.0.0.1|invalid IP address '010.0.0.1' in SAN (IPv4 is four decimal numbers from 0 to 255 without leading zeros; IPv6 as in 2001:db8::1)
IP:0x7f.0.0.1|invalid IP address '0x7f.0.0.1' in SAN (IPv4 is four decimal numbers from 0 to 255 without leading zeros; IPv6 as in 2001:db8::1)
IP:fe80::1%eth0|invalid IP address 'fe80::1%eth0' in SAN (IPv4 is four decimal numbers from 0 to 255 without leading zeros; IPv6 as in 2001:db8::1)
URI:billing-client|invalid URI 'billing-client' in SAN: it does not start with a scheme (as in https: or spiffe:)
URI:https://10.0.0.300/x|invalid URI 'https://10.0.0.300/x' in SAN: its host '10.0.0.300' is neither a valid IP address nor a valid host name
URI:https:///x|invalid URI 'https:///x' in SAN: its host is empty
URI:https://[::1/x|invalid URI 'https://[::1/x' in SAN: its IPv6 host has no ']'
URI:https://a.example:44x/|invalid URI 'https://a.example:44x/' in SAN: its port is not a number
email:alice|invalid email address 'alice' in SAN: it is not local-part@domain
email:a..b@example.com|invalid email address 'a..b@example.com' in SAN: its local part has '..'
email:alice@a_b.example|invalid email address 'alice@a_b.example' in SAN: its domain 'a_b.example' is not a valid host name: '_' is not allowed (only letters, digits, '-' and '.')
email:alice@10.0.0.1|invalid email address 'alice@10.0.0.1' in SAN: its domain '10.0.0.1' is not a valid host name: its last label is a number, as in an IP address
X

# The CN stands in for --san only when it is a valid host name or
# address; one that tries to be and is not is refused, not made a SAN.
while IFS='|' read -r cn msg; do
	returns_ 2 mkcsr --subject "/CN=$cn" --key-out k.key -o r.csr \
		>out 2>err || fail=1
	echo "mkcsr: cannot make a SAN from the CN: $msg" >exp
	compare exp err || { echo "CN '$cn'"; fail=1; }
	for f in k.key r.csr; do
		test -e $f && { echo "$f written for CN '$cn'"; fail=1; }
	done
	rm -f k.key r.csr
done <<'X'
10.0.0.300|'10.0.0.300' is neither a valid IP address nor a valid host name
foo_bar.example|'foo_bar.example' is not a valid host name: '_' is not allowed (only letters, digits, '-' and '.')
example.com.|'example.com.' is not a valid host name: it ends with a dot
*.com|'*.com' is not a valid host name: a wildcard may not stand directly under the public suffix 'com'
X
no_temp_files_ . || fail=1

# What is valid still passes: wildcards where they belong, IPv6 in any
# spelling, URIs and addresses; a CN that names no host adds no SAN.
mkcsr --subject /CN=x --san '*.example.com,*.example.co.uk,*.acme.github.io' \
	--san IP:2001:DB8:0:0:0:0:0:1,URI:spiffe://acme_prod/billing \
	--san email:o.brien+tag@example.com --key-out ok.key >ok.csr || fail=1
mkcsr --subject /CN=svc_account --key-out ok2.key >ok2.csr || fail=1
mkcsr --subject '/CN=Acme Billing' --key-out ok3.key >ok3.csr || fail=1

Exit $fail
