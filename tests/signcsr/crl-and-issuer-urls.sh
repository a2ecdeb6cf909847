#!/bin/sh
# signcsr --crl-url and --ca-issuers-url (and mkca's, for an
# intermediate) write CRL Distribution Points and an Authority
# Information Access caIssuers entry that openssl and certtool read, that
# showcert prints (summary and JSON), and that verifiers accept; a URL
# that is not http, https or ldap, or has no host, is a usage error.
. "${srcdir:-.}/tests/init.sh"
require_ openssl certtool python3

make_scenario_
mkcsr --subject /CN=svc.example --key-out svc.key >svc.csr ||
	framework_failure_ mkcsr
signcsr --ca ca/ca.cert.pem --ca-key ca/ca.key.pem \
	--crl-url http://pki.example/abc.crl \
	--crl-url ldap://ldap.example/cn=ABC?certificateRevocationList \
	--ca-issuers-url http://pki.example/abc.crt <svc.csr >svc.pem ||
	fail=1

openssl x509 -in svc.pem -noout -text >text || fail=1
sed -n '/CRL Distribution Points/,/^ *Authority Information/p;/CA Issuers/p' \
	text | sed 's/^ *//; s/ *$//' >got
cat >exp <<'EOF2'
X509v3 CRL Distribution Points:
Full Name:
URI:http://pki.example/abc.crl
URI:ldap://ldap.example/cn=ABC?certificateRevocationList
Authority Information Access:
CA Issuers - URI:http://pki.example/abc.crt
EOF2
compare exp got || fail=1
certtool -i --infile svc.pem >ct || fail=1
grep -q 'URI: http://pki.example/abc.crl' ct || { cat ct; fail=1; }
grep -q 'Access Location URI: http://pki.example/abc.crt' ct ||
	{ cat ct; fail=1; }
returns_ 0 openssl verify -CAfile ca/ca.cert.pem svc.pem >/dev/null || fail=1
certtool --verify --load-ca-certificate ca/ca.cert.pem --infile svc.pem \
	>/dev/null 2>&1 || fail=1

showcert svc.pem | grep -E '^  (CRL|CA issuers):' >got
cat >exp <<'EOF2'
  CRL:             http://pki.example/abc.crl, ldap://ldap.example/cn=ABC?certificateRevocationList
  CA issuers:      http://pki.example/abc.crt
EOF2
compare exp got || fail=1
showcert --json svc.pem invoice-server/server.cert >json || fail=1
python3 - <<'PY' || fail=1
import json
svc, plain = json.load(open('json'))
assert svc['crl_urls'] == ['http://pki.example/abc.crl',
    'ldap://ldap.example/cn=ABC?certificateRevocationList'], svc
assert svc['ca_issuers_urls'] == ['http://pki.example/abc.crt'], svc
assert plain['crl_urls'] == [] and plain['ca_issuers_urls'] == [], plain
PY

# An intermediate from mkca says the same of its root.
mkca --subject '/CN=ABC Issuing' --issuer-cert ca/ca.cert.pem \
	--issuer-key ca/ca.key.pem --crl-url http://pki.example/root.crl \
	--key-out int.key >int.pem || fail=1
showcert --field subject int.pem >/dev/null || fail=1
showcert int.pem | grep -qx '  CRL:             http://pki.example/root.crl' ||
	{ showcert int.pem; fail=1; }

# Refused.
for u in ftp://pki.example/a.crl http:// 'http://pki.example/a b.crl' \
	pki.example/a.crl; do
	returns_ 2 signcsr --ca ca/ca.cert.pem --ca-key ca/ca.key.pem \
		--crl-url "$u" <svc.csr >out 2>err || fail=1
	test "$(wc -l <err)" -ge 1 && grep -q "invalid CRL URL '$u'" err ||
		{ cat err; fail=1; }
	test -s out && fail=1
done
returns_ 2 mkca --subject /CN=Root2 --key-out r2.key \
	--crl-url http://pki.example/r.crl >out 2>err || fail=1
grep -q 'a root CA has none' err || { cat err; fail=1; }
test -e r2.key && fail=1
Exit $fail
