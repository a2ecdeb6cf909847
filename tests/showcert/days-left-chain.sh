#!/bin/sh
# --field days-left on a file holding a chain prints one number per
# certificate, one per line, in the file's order: whole days left until
# notAfter, rounded down (floor), so it is negative once notAfter has
# passed; the JSON key days_left gives the same numbers.
. "${srcdir:-.}/tests/init.sh"
require_ faketime

# Frozen clocks (faketime -f; a date alone starts a running clock), so
# every number is exact.
at_() {
	when_=$1
	shift
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
		faketime -f "$when_" "$@"
}
made='2030-01-01 00:00:00'
at_ "$made" mkca --subject '/CN=Root' --days 3650 --key-out root.key \
	>root.pem || framework_failure_ mkca
at_ "$made" mkca --subject '/CN=Inter' --days 400 --issuer-cert root.pem \
	--issuer-key root.key --key-out inter.key >inter.pem ||
	framework_failure_ "mkca inter"
at_ "$made" mkcsr --subject '/CN=leaf' --key-out leaf.key >leaf.csr ||
	framework_failure_ mkcsr
at_ "$made" signcsr --ca inter.pem --ca-key inter.key --days 365 --chain \
	<leaf.csr >chain.pem || framework_failure_ signcsr
cat root.pem >>chain.pem
# notAfter: leaf 2031-01-01, inter 2031-02-05, root 2039-12-30 (midnight).

# 2.5 days before the leaf's end: 2 (not 3).
returns_ 0 at_ '2030-12-29 12:00:00' showcert --field days-left chain.pem \
	>out 2>err || fail=1
printf '%s\n' 2 37 3287 >exp
compare exp out || fail=1
compare /dev/null err || fail=1

# The last second of the leaf: 0; one second later it has expired: -1.
returns_ 0 at_ '2030-12-31 23:59:59' showcert --field days-left chain.pem \
	>out 2>err || fail=1
printf '%s\n' 0 35 3285 >exp
compare exp out || fail=1
returns_ 0 at_ '2031-01-01 00:00:01' showcert --field days-left chain.pem \
	>out 2>err || fail=1
printf '%s\n' -1 34 3284 >exp
compare exp out || fail=1

# 1.5 days after the leaf's end: -2 (rounded down, not -1).
returns_ 0 at_ '2031-01-02 12:00:00' showcert --field days-left chain.pem \
	>out 2>err || fail=1
printf '%s\n' -2 33 3283 >exp
compare exp out || fail=1

# With other fields: each certificate's fields in the order asked.
returns_ 0 at_ '2031-01-02 12:00:00' showcert --field subject \
	--field days-left chain.pem >out 2>err || fail=1
printf '%s\n' CN=leaf -2 CN=Inter 33 CN=Root 3283 >exp
compare exp out || fail=1

# The JSON key says the same.
returns_ 0 at_ '2031-01-02 12:00:00' showcert --json chain.pem >out 2>err ||
	fail=1
grep -o '"days_left":[-0-9]*' out >got
printf '"days_left":%s\n' -2 33 3283 >exp
compare exp got || fail=1

Exit $fail
