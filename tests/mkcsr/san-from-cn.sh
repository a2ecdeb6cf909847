#!/bin/sh
# With no --san, a CN that is a host name or an IP address becomes a SAN
# (modern clients ignore the CN), in the request and in the certificate
# signcsr makes from it; a CN that is neither adds nothing, and --san wins.
. "${srcdir:-.}/tests/init.sh"
require_ openssl

mkca --subject '/O=ABC Inc.' --key-out ca.key >ca.pem || framework_failure_ mkca

san_() {
	case $1 in
	*.csr) openssl req -in "$1" -noout -text ;;
	*) openssl x509 -in "$1" -noout -text ;;
	esac | awk '/X509v3 Subject Alternative Name/ { getline v;
		sub(/^ */, "", v); print v }'
}

i=0
while IFS="|" read -r subject want; do
	i=$((i + 1))
	mkcsr --subject "$subject" --key-out $i.key >$i.csr || fail=1
	signcsr --ca ca.pem --ca-key ca.key -i $i.csr -o $i.pem || fail=1
	if test "$want" = -; then : >exp; else echo "$want" >exp; fi
	san_ $i.csr >out
	compare exp out || { echo "request for '$subject'"; fail=1; }
	san_ $i.pem >out
	compare exp out || { echo "certificate for '$subject'"; fail=1; }
done <<'X'
/CN=localhost/O=InvoiceServer|DNS:localhost
/O=MailServer/CN=mail.abc.example|DNS:mail.abc.example
CN=invoice.abc.example,O=ABC|DNS:invoice.abc.example
/CN=192.0.2.7|IP Address:192.0.2.7
/CN=2001:db8::1|IP Address:2001:DB8:0:0:0:0:0:1
/CN=Alice Smith/O=ABC|-
/O=NoCommonName|-
X

# An explicit --san replaces the implied one.
mkcsr --subject /CN=localhost --san DNS:other.example --key-out e.key \
	>e.csr || fail=1
echo 'DNS:other.example' >exp
san_ e.csr >out
compare exp out || fail=1

# The certificate is good for the host name, as openssl judges it.
openssl verify -CAfile ca.pem -verify_hostname localhost 1.pem \
	>/dev/null || fail=1
openssl verify -CAfile ca.pem -verify_ip 192.0.2.7 4.pem >/dev/null || fail=1

Exit $fail
