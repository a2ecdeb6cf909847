#!/bin/sh
# --field NAME prints just the values, one line per field and item, in the
# order asked; an unknown name or a second output mode is a usage error.
. "${srcdir:-.}/tests/init.sh"
make_scenario_
mkcsr --subject '/CN=www.example/O=Web' --san DNS:www.example \
	--san IP:2001:db8::1 --key-type ed25519 --key-out web.key |
	signcsr --ca ca/ca.cert.pem --ca-key ca/ca.key.pem >web.pem ||
	framework_failure_ signcsr

returns_ 0 showcert --field san --field key-type --field is-ca --field issuer \
	--field subject web.pem ca/ca.cert.pem >out 2>err || fail=1
cat >exp <<'EOX'
DNS:www.example,IP:2001:db8::1
Ed25519
false
O=ABC Inc.
O=Web,CN=www.example

ECDSA P-256
true
O=ABC Inc.
O=ABC Inc.
EOX
compare exp out || fail=1
compare /dev/null err || fail=1

days=$(showcert --field days-left web.pem) || fail=1
case $days in 36[0-5]) ;; *) echo "days-left: $days"; fail=1 ;; esac
showcert --field not-after web.pem | grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$' ||
	fail=1
showcert --field fingerprint web.pem | grep -Eq '^([0-9A-F]{2}:){31}[0-9A-F]{2}$' ||
	fail=1
showcert --field serial web.pem | grep -Eq '^[0-9A-F]{40}$' || fail=1

try_() { printf "Try 'showcert --help' for more information.\n"; }
returns_ 2 showcert --field colour web.pem >out 2>err || fail=1
{
	echo "showcert: unknown field 'colour' (expected subject, issuer," \
		"serial, not-before, not-after, days-left, fingerprint, san," \
		"key-type or is-ca)"
	try_
} >exp
compare exp err || fail=1
compare /dev/null out || fail=1
for mix in '--json --text' '--text --field san' '--field san --json'; do
	returns_ 2 showcert $mix web.pem >out 2>err || fail=1
	{ echo "showcert: --text, --field and --json cannot be combined"; try_; } >exp
	compare exp err || fail=1
done

Exit $fail
