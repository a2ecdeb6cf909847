#!/bin/sh
# mkcsr --from CERT makes the request that renews CERT: the same subject,
# byte for byte, and the same SANs, for the same key (--key, which must
# be the certificate's) or a fresh one (--new-key --key-out); --san
# replaces the SANs.  Renewal is then a pipe into signcsr.
. "${srcdir:-.}/tests/init.sh"
require_ openssl

make_scenario_
mkcsr --subject '/CN=svc/O=Svc Org/OU=a+OU=b' --san 'DNS:svc.example,IP:10.1.2.3' \
	--key-out svc.key | signcsr --ca ca/ca.cert.pem --ca-key ca/ca.key.pem \
	>old.pem || framework_failure_ signcsr

mkcsr --from old.pem --key svc.key |
	signcsr --ca ca/ca.cert.pem --ca-key ca/ca.key.pem >new.pem || fail=1
for what in subject 'ext subjectAltName' pubkey; do
	openssl x509 -in old.pem -noout -$what >a 2>&1
	openssl x509 -in new.pem -noout -$what >b 2>&1
	compare a b || { echo "$what differs"; fail=1; }
done
# The subject's DER is the same bytes.
openssl x509 -in old.pem -noout -subject -nameopt RFC2253 >a
openssl x509 -in new.pem -noout -subject -nameopt RFC2253 >b
compare a b || fail=1
test "$(showcert --field serial old.pem)" != "$(showcert --field serial new.pem)" ||
	{ echo "same serial"; fail=1; }
returns_ 0 openssl verify -CAfile ca/ca.cert.pem new.pem >/dev/null || fail=1

# A fresh key.
mkcsr --from old.pem --new-key --key-out fresh.key >fresh.csr || fail=1
openssl req -in fresh.csr -noout -verify 2>&1 | grep -q 'verify OK' || fail=1
openssl req -in fresh.csr -noout -pubkey >a
openssl pkey -in fresh.key -pubout >b
compare a b || fail=1
openssl x509 -in old.pem -noout -pubkey >c
cmp -s a c && { echo "not a fresh key"; fail=1; }

# --san replaces.
mkcsr --from old.pem --key svc.key --san DNS:svc2.example >repl.csr || fail=1
openssl req -in repl.csr -noout -text | grep -A1 'Subject Alternative Name' |
	sed -n 2p | tr -d ' ' >got
echo 'DNS:svc2.example' >exp
compare exp got || fail=1

# Refused: another key, --subject with --from, --new-key alone.
returns_ 2 mkcsr --from old.pem --key invoice-server/private.key >out 2>err ||
	fail=1
echo "mkcsr: 'invoice-server/private.key' is not the key of the certificate in 'old.pem' (use --new-key --key-out FILE for a new one)" >exp
compare exp err || fail=1
returns_ 2 mkcsr --from old.pem --subject /CN=x --key svc.key >out 2>err ||
	fail=1
returns_ 2 mkcsr --new-key --key-out x.key --subject /CN=x >out 2>err ||
	fail=1
test -e x.key && fail=1
# An expired certificate is not renewed: no request, no key written.
faketime_() {
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
		faketime "$@"
}
if command -v faketime >/dev/null 2>&1; then
	returns_ 2 faketime_ '+400 days' mkcsr --from old.pem --new-key \
		--key-out late.key >late.csr 2>err || fail=1
	grep -q "^mkcsr: 'old.pem': the certificate expired on " err ||
		{ cat err; fail=1; }
	test -e late.key && fail=1
	test -s late.csr && fail=1
fi
Exit $fail
