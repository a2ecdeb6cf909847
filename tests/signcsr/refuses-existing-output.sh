#!/bin/sh
# signcsr does not replace an existing output file unless --force is
# given; with --force it does, atomically.
. "${srcdir:-.}/tests/init.sh"

make_scenario_
csr=invoice-server/server.csr
cp invoice-server/server.cert orig.pem

returns_ 2 signcsr --ca ca/ca.cert.pem --ca-key ca/ca.key.pem -i $csr \
	-o invoice-server/server.cert >out 2>err || fail=1
echo "signcsr: 'invoice-server/server.cert' already exists; use --force to replace it" >exp
compare exp err || fail=1
test -s out && fail=1
compare orig.pem invoice-server/server.cert || fail=1
no_temp_files_ invoice-server || fail=1

# (--days 30: the scenario's 365-day leaf may be clamped to its 365-day CA,
# with a warning.)
signcsr --ca ca/ca.cert.pem --ca-key ca/ca.key.pem -i $csr --days 30 \
	-o invoice-server/server.cert --force >out 2>err || fail=1
test -s out && fail=1
test -s err && fail=1
cmp -s orig.pem invoice-server/server.cert && { echo "not replaced"; fail=1; }
grep -q 'BEGIN CERTIFICATE' invoice-server/server.cert || fail=1
no_temp_files_ invoice-server || fail=1

# A symbolic link in the way is not followed without --force either.
ln -s orig.pem link.pem
returns_ 2 signcsr --ca ca/ca.cert.pem --ca-key ca/ca.key.pem -i $csr \
	-o link.pem >out 2>err || fail=1
echo "signcsr: 'link.pem' already exists; use --force to replace it" >exp
compare exp err || fail=1
test -L link.pem || fail=1

Exit $fail
