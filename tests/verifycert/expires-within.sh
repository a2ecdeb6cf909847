#!/bin/sh
# --expires-within DAYS: a certificate that verifies still fails (exit 1)
# when a certificate on its path -- itself, an intermediate, the trust
# anchor -- expires within DAYS days of --at (or now), with one
# "CERT: EXPIRING: ..." line for each, leaf first; a notAfter exactly
# DAYS days ahead counts (as openssl x509 -checkend).  A certificate that
# does not verify says FAILED as before.  DAYS is 0 to 36500.
. "${srcdir:-.}/tests/init.sh"
require_ faketime

made='2030-01-01 00:00:00'
# (faketime -f: a frozen clock, where a date alone would start it running.)
at_made_() {
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
		faketime -f "$made" "$@"
}
at_made_ mkca --subject '/CN=Root' --days 3650 --key-out root.key \
	>root.pem || framework_failure_ mkca
at_made_ mkca --subject '/CN=Inter' --days 400 --issuer-cert root.pem \
	--issuer-key root.key --key-out inter.key >inter.pem ||
	framework_failure_ "mkca inter"
at_made_ mkcsr --subject '/CN=leaf' --key-out leaf.key >leaf.csr ||
	framework_failure_ mkcsr
at_made_ signcsr --ca inter.pem --ca-key inter.key --days 365 --chain \
	<leaf.csr >chain.pem || framework_failure_ signcsr
at_made_ signcsr --ca root.pem --ca-key root.key --days 700 <leaf.csr \
	>long.pem || framework_failure_ "signcsr long"
sed -n '1,/END CERTIFICATE/p' chain.pem >leaf.pem
# notAfter: leaf 2031-01-01, inter 2031-02-05, root 2039-12-30,
# long 2031-12-02 (all at midnight UTC).

# Twelve days before the leaf's end.
returns_ 1 verifycert --ca root.pem --at 2030-12-20 --expires-within 14 \
	chain.pem >out 2>err || fail=1
cat >exp <<'EOX'
chain.pem: EXPIRING: 'CN=leaf' expires on 2031-01-01 00:00:00 UTC (in 12 days)
EOX
compare exp out || fail=1
compare /dev/null err || fail=1

# Exactly 12 days ahead counts; 11 does not reach it.
returns_ 1 verifycert --ca root.pem --at 2030-12-20 --expires-within 12 \
	chain.pem >out 2>err || fail=1
compare exp out || fail=1
returns_ 0 verifycert --ca root.pem --at 2030-12-20 --expires-within 11 \
	chain.pem >out 2>err || fail=1
echo 'chain.pem: OK' >exp
compare exp out || fail=1

# Every certificate of the path counts and is named: the intermediate
# (from --untrusted here) and the trust anchor too.
returns_ 1 verifycert --ca root.pem --untrusted inter.pem --at 2030-12-20 \
	--expires-within 50 leaf.pem >out 2>err || fail=1
cat >exp <<'EOX'
leaf.pem: EXPIRING: 'CN=leaf' expires on 2031-01-01 00:00:00 UTC (in 12 days)
leaf.pem: EXPIRING: issuer 'CN=Inter' expires on 2031-02-05 00:00:00 UTC (in 47 days)
EOX
compare exp out || fail=1
returns_ 1 verifycert --ca root.pem --at 2030-12-31T23:00:00Z \
	--expires-within 3300 chain.pem >out 2>err || fail=1
cat >exp <<'EOX'
chain.pem: EXPIRING: 'CN=leaf' expires on 2031-01-01 00:00:00 UTC (in less than a day)
chain.pem: EXPIRING: issuer 'CN=Inter' expires on 2031-02-05 00:00:00 UTC (in 35 days)
chain.pem: EXPIRING: issuer 'CN=Root' expires on 2039-12-30 00:00:00 UTC (in 3285 days)
EOX
compare exp out || fail=1

# Each CERT is judged alone; one that does not verify says why, as ever.
returns_ 1 verifycert --ca root.pem --at 2031-01-10 --expires-within 30 \
	long.pem chain.pem >out 2>err || fail=1
cat >exp <<'EOX'
long.pem: OK
chain.pem: FAILED: expired on 2031-01-01 00:00:00 UTC (9 days ago)
EOX
compare exp out || fail=1
returns_ 1 verifycert --ca root.pem --untrusted inter.pem --at 2031-11-20 \
	--expires-within 30 long.pem >out 2>err || fail=1
echo "long.pem: EXPIRING: 'CN=leaf' expires on 2031-12-02 00:00:00 UTC (in 12 days)" >exp
compare exp out || fail=1

# Without --expires-within nothing changes; -q says nothing either way.
returns_ 0 verifycert --ca root.pem --at 2030-12-20 chain.pem >out 2>err ||
	fail=1
echo 'chain.pem: OK' >exp
compare exp out || fail=1
returns_ 1 verifycert -q --ca root.pem --at 2030-12-20 --expires-within 14 \
	chain.pem >out 2>err || fail=1
compare /dev/null out || fail=1
compare /dev/null err || fail=1
returns_ 0 verifycert --ca root.pem --at 2030-12-20 --expires-within 0 \
	chain.pem >out 2>err || fail=1

# DAYS: a whole number from 0 to 36500.
for bad in -1 36501 1.5 '' 14d ' 3' +3 99999999999999999999; do
	returns_ 2 verifycert --ca root.pem --expires-within "$bad" \
		chain.pem >out 2>err || fail=1
	{
		echo "verifycert: --expires-within: invalid number of days" \
			"'$bad' (use 0 to 36500)"
		echo "Try 'verifycert --help' for more information."
	} >exp
	compare exp err || fail=1
	compare /dev/null out || fail=1
done

Exit $fail
