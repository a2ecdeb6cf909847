#!/bin/sh
# --at takes YYYY-MM-DD, RFC 3339 with any offset and fraction ('t' and
# 'z' too), and @SECONDS (negative before 1970); 1970-01-01 is that
# instant, not "now".  The certificates are made by certtool with
# template dates around the epoch (it starts them at 1970-01-01 00:00:00,
# as early as it goes), and openssl verify -attime agrees with every
# verdict.
. "${srcdir:-.}/tests/init.sh"
require_ certtool openssl

cat >ca.tmpl <<'EOF2'
cn = "Epoch CA"
ca
cert_signing_key
crl_signing_key
activation_date = "1970-01-01 00:00:00"
expiration_date = "1970-01-03 00:00:00"
EOF2
cat >leaf.tmpl <<'EOF2'
cn = "epoch.test"
dns_name = "epoch.test"
tls_www_server
signing_key
activation_date = "1970-01-01 00:00:00"
expiration_date = "1970-01-02 00:00:00"
EOF2
{
	certtool --generate-privkey --key-type ecdsa --outfile ca.key &&
		certtool --generate-self-signed --load-privkey ca.key \
			--template ca.tmpl --outfile ca.pem &&
		certtool --generate-privkey --key-type ecdsa --outfile leaf.key &&
		certtool --generate-certificate --load-privkey leaf.key \
			--load-ca-certificate ca.pem --load-ca-privkey ca.key \
			--template leaf.tmpl --outfile leaf.pem
} >/dev/null 2>&1 || framework_failure_ certtool
showcert --field not-before leaf.pem >out || framework_failure_ showcert
test "$(cat out)" = "1970-01-01T00:00:00Z" ||
	skip_ "certtool starts the certificate at $(cat out)"

EARLY="leaf.pem: FAILED: not valid before 1970-01-01 00:00:00 UTC (in less than a day); issuer 'CN=Epoch CA' is not valid before 1970-01-01 00:00:00 UTC (in less than a day)"
LATE="leaf.pem: FAILED: expired on 1970-01-02 00:00:00 UTC (less than a day ago)"
# TIME|WANT (OK, EARLY or LATE)|the same instant in seconds, for openssl
while IFS='|' read -r at want secs; do
	case $want in
	OK) rv=0 line="leaf.pem: OK" ;;
	EARLY) rv=1 line=$EARLY ;;
	LATE) rv=1 line=$LATE ;;
	esac
	returns_ $rv verifycert --ca ca.pem --host epoch.test --at "$at" \
		leaf.pem >out 2>err || { echo "--at '$at'"; fail=1; }
	echo "$line" >exp
	compare exp out || { echo "--at '$at'"; fail=1; }
	test "$secs" -lt 0 && continue # openssl's -attime is never negative
	if openssl verify -attime "$secs" -CAfile ca.pem leaf.pem \
		>/dev/null 2>&1; then got=0; else got=1; fi
	test $got = $rv || { echo "openssl -attime $secs: $got"; fail=1; }
done <<'X'
1970-01-01|OK|0
1970-01-01T00:00:00Z|OK|0
1970-01-01t00:00:00z|OK|0
1970-01-01 00:00:00Z|OK|0
1970-01-01T00:00:00+00:00|OK|0
1970-01-01T00:00:00-00:00|OK|0
1970-01-01T05:30:00+05:30|OK|0
1969-12-31T19:00:00-05:00|OK|0
1970-01-01T05:29:59.999+05:30|EARLY|-1
1969-12-31T23:59:59.5Z|EARLY|-1
1969-12-31T12:00:00Z|EARLY|-43200
@0|OK|0
@-1|EARLY|-1
@-0.5|EARLY|-1
@0.5|OK|0
@86399.999|OK|86399
1970-01-01T23:59:59.999999Z|OK|86399
1970-01-02|LATE|86400
1970-01-02T00:00:00.000Z|LATE|86400
@86400|LATE|86400
1970-01-02T01:00:00+01:00|LATE|86400
X

# Now, long after: expired (so --at 1970-01-01 above was not "now").
returns_ 1 verifycert --ca ca.pem leaf.pem >out 2>err || fail=1
grep -q '^leaf.pem: FAILED: expired on 1970-01-02 00:00:00 UTC' out ||
	fail=1

# What is not a time: exit 2, one line naming the forms.
T="Try 'verifycert --help' for more information."
FORMS="expected YYYY-MM-DD, an RFC 3339 time such as 2024-03-01T12:00:00Z or 2024-03-01T14:00:00.5+02:00, or @SECONDS since 1970-01-01"
while IFS='|' read -r at why; do
	returns_ 2 verifycert --ca ca.pem --at "$at" leaf.pem >out 2>err ||
		fail=1
	case $why in
	'') echo "verifycert: invalid time '$at' ($FORMS)" ;;
	*) echo "verifycert: invalid time '$at': $why" ;;
	esac >exp
	echo "$T" >>exp
	compare exp err || { echo "--at '$at'"; fail=1; }
	compare /dev/null out || fail=1
done <<'X'
now|
2024-03-01T00:00:00|
2024-03-01T00:00Z|
2024-03-01T00:00:00+0100|
1709251200|
@1e9|
2024-02-30|no such date or time
2024-03-01T24:00:00Z|no such date or time
2024-03-01T12:00:60Z|no such date or time
X

Exit $fail
