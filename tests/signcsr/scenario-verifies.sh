#!/bin/sh
# The reference scenario's certificates are accepted by independent peers:
# openssl verify and certtool --verify; a certificate from another CA is not.
. "${srcdir:-.}/tests/init.sh"
require_ openssl certtool

make_scenario_

openssl verify -CAfile ca/ca.cert.pem invoice-server/server.cert \
	mail-server/server.cert >out 2>err || fail=1
cat >exp <<'X'
invoice-server/server.cert: OK
mail-server/server.cert: OK
X
compare exp out || fail=1
for c in invoice-server/server.cert mail-server/server.cert; do
	certtool --verify --load-ca-certificate ca/ca.cert.pem \
		--infile $c >out 2>&1 ||
		{ cat out; echo "certtool rejects $c"; fail=1; }
	grep -q '^Chain verification output: Verified\. The certificate is trusted\.' out ||
		{ cat out; fail=1; }
done
# The purpose the scenario needs: invoice-server serves, mail-server is a
# client.
openssl verify -CAfile ca/ca.cert.pem -purpose sslserver \
	invoice-server/server.cert >/dev/null || fail=1
openssl verify -CAfile ca/ca.cert.pem -purpose sslclient \
	mail-server/server.cert >/dev/null || fail=1

# The checks are not vacuous: under a different CA, both peers say no.
mkdir zxc || framework_failure_ mkdir
mkca --subject '/O=ZXC Inc.' --key-out zxc/ca.key >zxc/ca.pem ||
	framework_failure_ mkca
returns_ 2 openssl verify -CAfile zxc/ca.pem invoice-server/server.cert \
	>out 2>&1 || fail=1
grep -q 'unable to get local issuer certificate' out || { cat out; fail=1; }
returns_ 1 certtool --verify --load-ca-certificate zxc/ca.pem \
	--infile invoice-server/server.cert >out 2>&1 || fail=1

Exit $fail
