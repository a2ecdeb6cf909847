#!/bin/sh
# signcsr --san replaces the SANs the request asks for (it does not add to
# them); without --san the request's SANs are kept, and a request with none
# (made by openssl) gets the one its host-name CN implies.
. "${srcdir:-.}/tests/init.sh"
require_ openssl

mkca --subject '/O=ABC Inc.' --key-out ca.key >ca.pem || framework_failure_ mkca
mkcsr --subject /CN=localhost --san DNS:asked.example,IP:192.0.2.1 \
	--key-out leaf.key >leaf.csr || framework_failure_ mkcsr

san_() {
	openssl x509 -in "$1" -noout -ext subjectAltName | sed '1d; s/^ *//'
}

signcsr --ca ca.pem --ca-key ca.key -i leaf.csr >kept.pem || fail=1
echo 'DNS:asked.example, IP Address:192.0.2.1' >exp
san_ kept.pem >out
compare exp out || fail=1

signcsr --ca ca.pem --ca-key ca.key -i leaf.csr \
	--san DNS:given.example,URI:spiffe://abc.example/x \
	--san email:a@abc.example,IP:fe80::1 >replaced.pem || fail=1
echo 'DNS:given.example, URI:spiffe://abc.example/x, email:a@abc.example, IP Address:FE80:0:0:0:0:0:0:1' >exp
san_ replaced.pem >out
compare exp out || fail=1
returns_ 2 openssl verify -CAfile ca.pem -verify_hostname asked.example \
	replaced.pem >/dev/null 2>&1 || fail=1

openssl ecparam -name prime256v1 -genkey -noout -out o.key 2>/dev/null ||
	framework_failure_ openssl ecparam
openssl req -new -key o.key -subj '/O=X/CN=host.abc.example' -out o.csr ||
	framework_failure_ openssl req
signcsr --ca ca.pem --ca-key ca.key -i o.csr >o.pem || fail=1
echo 'DNS:host.abc.example' >exp
san_ o.pem >out
compare exp out || fail=1

# A bad --san is a usage error; nothing is issued.
returns_ 2 signcsr --ca ca.pem --ca-key ca.key -i leaf.csr --san 'IP:300.1.1.1' \
	>out 2>err || fail=1
test -s out && fail=1
test $(wc -l <err) = 2 || { cat err; fail=1; }
tail -n 1 err | grep -qx "Try 'signcsr --help' for more information." || fail=1

Exit $fail
