#!/bin/sh
# Certificate requests and CRLs are recognised, in PEM and in DER, and
# summarised: a request's SANs, key and self-signature; a CRL's issuer,
# dates and revoked serials.
. "${srcdir:-.}/tests/init.sh"
require_ openssl certtool
make_scenario_

mkcsr --subject '/CN=mail.example/O=MailServer' --san DNS:mail.example \
	--san IP:192.0.2.7 --key-type rsa --bits 2048 --key-out rsa.key \
	>rsa.csr || framework_failure_ mkcsr
openssl req -in rsa.csr -outform DER -out rsa.csr.der ||
	framework_failure_ openssl
for f in rsa.csr rsa.csr.der; do
	returns_ 0 showcert $f >out 2>err || fail=1
	cat >exp <<EOX
$f: certificate request
  subject:         O=MailServer,CN=mail.example
  SANs:            DNS:mail.example, IP:192.0.2.7
  public key:      RSA 2048
  CA:              not requested
  key usage:       (not restricted)
  ext. key usage:  (not restricted)
  extensions:      subjectAltName
  signature:       valid
EOX
	compare exp out || fail=1
	compare /dev/null err || fail=1
done

# A request whose signature does not verify: flip a byte of the signature.
python3 -c '
import sys
d = bytearray(open("rsa.csr.der", "rb").read())
d[-5] ^= 0xff
open("bad.csr.der", "wb").write(bytes(d))' || framework_failure_ python3
showcert bad.csr.der >out 2>err || fail=1
grep -q '^  signature: *DOES NOT VERIFY$' out || { cat out err; fail=1; }

# A CRL listing the invoice server's certificate.
printf '%s\n' 'crl_next_update = 30' 'crl_number = 7' >crl.tmpl
certtool --generate-crl --load-ca-certificate ca/ca.cert.pem \
	--load-ca-privkey ca/ca.key.pem \
	--load-certificate invoice-server/server.cert --template crl.tmpl \
	--outfile ca.crl 2>/dev/null || framework_failure_ certtool
openssl crl -in ca.crl -outform DER -out ca.crl.der ||
	framework_failure_ openssl
human_() { date -u -d "$1" '+%Y-%m-%d %H:%M:%S UTC'; }
this=$(human_ "$(openssl crl -in ca.crl -noout -lastupdate | sed 's/^[^=]*=//')")
next=$(human_ "$(openssl crl -in ca.crl -noout -nextupdate | sed 's/^[^=]*=//')")
serial=$(openssl x509 -in invoice-server/server.cert -noout -serial |
	sed 's/^serial=//')
when=$(human_ "$(openssl crl -in ca.crl -noout -text |
	sed -n 's/^ *Revocation Date: //p')")
for f in ca.crl ca.crl.der; do
	returns_ 0 showcert $f >out 2>err || fail=1
	cat >exp <<EOX
$f: certificate revocation list
  issuer:          O=ABC Inc.
  this update:     $this
  next update:     $next
  revoked:         1 certificate
    $serial  revoked $when
EOX
	compare exp out || fail=1
	compare /dev/null err || fail=1
done

# --field on a request and a CRL: what they have, else an empty line.
showcert --field subject --field issuer --field san --field key-type \
	--field is-ca rsa.csr ca.crl >out 2>err || fail=1
cat >exp <<'EOX'
O=MailServer,CN=mail.example

DNS:mail.example,IP:192.0.2.7
RSA 2048
false

O=ABC Inc.



EOX
compare exp out || fail=1

Exit $fail
