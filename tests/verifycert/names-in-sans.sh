#!/bin/sh
# A certificate whose DNS SAN is not a valid host name is refused, naming
# the SAN and the rule, whatever --host asks (our tools refuse to make
# them, so openssl makes them here with an extensions file).  openssl
# verify -x509_strict and certtool --verify do not judge DNS SANs at all:
# the man page lists these under STANDARDS, and this test keeps that
# list true.
. "${srcdir:-.}/tests/init.sh"
require_ openssl certtool

mkca --subject '/O=ABC Inc.' --days 365 --key-out abc.key >abc.pem ||
	framework_failure_ mkca
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout x.key -subj /CN=x -out x.csr 2>/dev/null ||
	framework_failure_ "openssl req"
cat >ext.cnf <<'EOF2'
[v3]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth,clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = $ENV::SAN
EOF2
# crt_ NAME SAN: NAME.pem for CN=x with SAN, by ABC.
crt_() {
	SAN=$2 openssl x509 -req -in x.csr -CA abc.pem -CAkey abc.key \
		-CAcreateserial -days 30 -extfile ext.cnf -extensions v3 \
		-out "$1.pem" 2>/dev/null || framework_failure_ "openssl x509 $1"
}

LDH="(only letters, digits, '-' and '.')"
STAR="'*' is allowed only as the whole first label, as in *.example.com"
i=0
while IFS='|' read -r san why; do
	i=$((i + 1))
	crt_ bad$i "$san"
	for host in '' --host=x.example; do
		returns_ 1 verifycert --ca abc.pem $host bad$i.pem >out 2>err ||
			fail=1
		case $host in
		'') echo "bad$i.pem: FAILED: its SAN '$san' is not a valid host" \
			"name: $why" ;;
		*) echo "bad$i.pem: FAILED: its SAN '$san' is not a valid host" \
			"name: $why; issued for '${san#DNS:}', not 'x.example'" ;;
		esac | sed "s/@LDH@/$LDH/; s/@STAR@/$STAR/" >exp
		compare exp out || { echo "SAN '$san' $host"; fail=1; }
	done
	# Neither peer judges the names: both accept the chain.
	openssl verify -x509_strict -CAfile abc.pem bad$i.pem >out 2>&1 ||
		{ cat out; echo "openssl refuses '$san'"; fail=1; }
	certtool --verify --load-ca-certificate abc.pem --infile bad$i.pem \
		>out 2>&1 || { echo "certtool refuses '$san'"; fail=1; }
done <<'X'
DNS:a_b.example|'_' is not allowed @LDH@
DNS:_acme-challenge.example.com|'_' is not allowed @LDH@
DNS:10.0.0.300|its last label is a number, as in an IP address
DNS:192.0.2.1|its last label is a number, as in an IP address
DNS:a..example|it has an empty label
DNS:example.com.|it ends with a dot
DNS:-a.example|label '-a' starts or ends with '-'
DNS:f*.example.com|@STAR@
DNS:*.*.example.com|@STAR@
DNS:a.*.example.com|@STAR@
DNS:*.com|a wildcard may not stand directly under the public suffix 'com'
DNS:*.co.uk|a wildcard may not stand directly under the public suffix 'co.uk'
X

# One bad DNS SAN among good ones still refuses the certificate.
crt_ mixed 'DNS:ok.example,DNS:a_b.example'
returns_ 1 verifycert --ca abc.pem --host ok.example mixed.pem >out 2>err ||
	fail=1
echo "mixed.pem: FAILED: its SAN 'DNS:a_b.example' is not a valid host" \
	"name: '_' is not allowed $LDH" >exp
compare exp out || fail=1

# Good names of every kind pass.
crt_ good 'DNS:*.example.com,DNS:*.example.co.uk,DNS:xn--bcher-kva.example,DNS:localhost,IP:192.0.2.1,URI:spiffe://a_b/c'
returns_ 0 verifycert --ca abc.pem --host www.example.com good.pem >out \
	2>err || fail=1

Exit $fail
