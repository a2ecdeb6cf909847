#!/bin/sh
# A file holding a chain (or mixed objects) shows every item, labelled
# FILE[N]; several FILE arguments are shown in order.
. "${srcdir:-.}/tests/init.sh"
make_scenario_
mkcsr --subject '/CN=chained' --key-out c.key |
	signcsr --chain --ca ca/ca.cert.pem --ca-key ca/ca.key.pem >chain.pem ||
	framework_failure_ signcsr
cat chain.pem invoice-server/server.csr >mixed.pem

returns_ 0 showcert chain.pem mail-server/server.cert >out 2>err || fail=1
grep '^[^ ]' out >heads
cat >exp <<'EOX'
chain.pem[1]: certificate
chain.pem[2]: certificate
mail-server/server.cert: certificate
EOX
compare exp heads || fail=1
test "$(grep -c '^$' out)" = 2 || { echo "want two blank lines"; fail=1; }

returns_ 0 showcert --field subject mixed.pem - <mail-server/server.cert \
	>out 2>err || fail=1
cat >exp <<'EOX'
CN=chained
O=ABC Inc.
O=InvoiceServer,CN=localhost
O=MailServer,CN=localhost
EOX
compare exp out || fail=1

returns_ 0 showcert --text mixed.pem >out 2>err || fail=1
grep '^[^ 	]' out | grep ': certificate' >heads
cat >exp <<'EOX'
mixed.pem[1]: certificate
mixed.pem[2]: certificate
mixed.pem[3]: certificate request
EOX
compare exp heads || fail=1
grep -q 'Subject: O=InvoiceServer,CN=localhost' out || fail=1

Exit $fail
