#!/bin/sh
# One line per CERT; exit 0 when all pass, 1 when any fails, 2 for bad
# input (after the other CERTs are still checked) or usage; -q is silent.
. "${srcdir:-.}/tests/init.sh"
make_scenario_

returns_ 0 verifycert --ca ca/ca.cert.pem invoice-server/server.cert \
	mail-server/server.cert >out 2>err || fail=1
printf '%s: OK\n' invoice-server/server.cert mail-server/server.cert >exp
compare exp out || fail=1
compare /dev/null err || fail=1

# DER and standard input.
openssl x509 -in mail-server/server.cert -outform DER -out mail.der ||
	framework_failure_ openssl
returns_ 0 verifycert --ca ca/ca.cert.pem - mail.der \
	<invoice-server/server.cert >out 2>err || fail=1
printf '%s: OK\n' 'standard input' mail.der >exp
compare exp out || fail=1

mkdir zxc
mkca --subject '/O=ZXC Inc.' --key-out zxc/ca.key >zxc/ca.pem ||
	framework_failure_ mkca
mkcsr --subject '/CN=localhost/O=Intruder' --key-out zxc/key |
	signcsr --ca zxc/ca.pem --ca-key zxc/ca.key >zxc/client.cert ||
	framework_failure_ signcsr
returns_ 1 verifycert --ca ca/ca.cert.pem zxc/client.cert \
	invoice-server/server.cert >out 2>err || fail=1
cat >exp <<'EOX'
zxc/client.cert: FAILED: the issuer 'O=ZXC Inc.' was not sent and is not known (give it with --untrusted)
invoice-server/server.cert: OK
EOX
compare exp out || fail=1
compare /dev/null err || fail=1

returns_ 1 verifycert -q --ca ca/ca.cert.pem zxc/client.cert \
	invoice-server/server.cert >out 2>err || fail=1
compare /dev/null out || fail=1
compare /dev/null err || fail=1
returns_ 0 verifycert --quiet --ca ca/ca.cert.pem mail-server/server.cert \
	>out 2>err || fail=1
compare /dev/null out || fail=1

# Bad input: a message naming the file, the rest still checked, exit 2.
echo garbage >garbage.pem
returns_ 2 verifycert --ca ca/ca.cert.pem garbage.pem missing.pem \
	zxc/client.cert invoice-server/server.csr mail-server/server.cert \
	>out 2>err || fail=1
cat >exp <<'EOX'
zxc/client.cert: FAILED: the issuer 'O=ZXC Inc.' was not sent and is not known (give it with --untrusted)
mail-server/server.cert: OK
EOX
compare exp out || fail=1
cat >exp <<'EOX'
verifycert: 'garbage.pem': not a certificate (neither PEM nor DER)
verifycert: cannot open 'missing.pem': No such file or directory
verifycert: 'invoice-server/server.csr': expected a certificate, found a certificate request
EOX
compare exp err || fail=1

returns_ 2 verifycert --ca garbage.pem mail-server/server.cert >out 2>err ||
	fail=1
echo "verifycert: 'garbage.pem': not a certificate (neither PEM nor DER)" >exp
compare exp err || fail=1
compare /dev/null out || fail=1

# Usage errors.
try_() { printf "Try 'verifycert --help' for more information.\n"; }
returns_ 2 verifycert mail-server/server.cert >out 2>err || fail=1
{ echo "verifycert: --ca is required"; try_; } >exp
compare exp err || fail=1
returns_ 2 verifycert --ca ca/ca.cert.pem >out 2>err || fail=1
{ echo "verifycert: no certificate to verify"; try_; } >exp
compare exp err || fail=1
for at in 2027-02-30 2027-1-01 '2027-01-01 10:00:00' 2027-01-01T25:00:00Z; do
	returns_ 2 verifycert --ca ca/ca.cert.pem --at "$at" \
		mail-server/server.cert >out 2>err || fail=1
	head -n 1 err | grep -q "^verifycert: invalid time '$at'" ||
		{ cat err; fail=1; }
done
compare /dev/null out || fail=1

Exit $fail
