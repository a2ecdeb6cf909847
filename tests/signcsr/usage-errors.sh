#!/bin/sh
# Usage errors: exit 2, "signcsr: what is wrong" and the "Try" line on
# stderr, nothing on stdout, nothing written.
. "${srcdir:-.}/tests/init.sh"

make_scenario_
before=$(ls -A)
try="Try 'signcsr --help' for more information."

usage_() {
	msg_=$1
	shift
	returns_ 2 signcsr "$@" <invoice-server/server.csr >out 2>err || fail=1
	printf '%s\n' "signcsr: $msg_" "$try" >exp
	compare exp err || fail=1
	test -s out && { echo "stdout not empty"; fail=1; }
}

usage_ "unrecognized option '--no-such-option'" --no-such-option
usage_ "invalid option -- 'x'" -x
usage_ "option '--ca' requires an argument" --ca
usage_ '--ca and --ca-key are required'
usage_ '--ca and --ca-key are required' --ca ca/ca.cert.pem
usage_ '--ca and --ca-key are required' --ca-key ca/ca.key.pem
usage_ "unexpected argument 'extra'" --ca ca/ca.cert.pem \
	--ca-key ca/ca.key.pem extra
usage_ "unknown profile 'admin' (use server, client, peer or ca)" \
	--ca ca/ca.cert.pem --ca-key ca/ca.key.pem --profile admin
usage_ "invalid number of days '0' (use 1 to 36500)" \
	--ca ca/ca.cert.pem --ca-key ca/ca.key.pem --days 0
usage_ "invalid number of days '12x' (use 1 to 36500)" \
	--ca ca/ca.cert.pem --ca-key ca/ca.key.pem --days 12x -o x.pem

rm -f out err exp
test "$(ls -A)" = "$before" || { ls -A; echo "files changed"; fail=1; }

Exit $fail
