#!/bin/sh
# Every case of the RFC 5280 / CA/Browser Forum rules matrix
# (tests/verifycert/rules-cases.sh) through the three callers: verifycert,
# mtls-serve judging a client that presents the chain (openssl s_client)
# and mtls-get judging a server that presents it (openssl s_server) give
# the same verdict in the same words, warnings included.  Cases whose leaf
# key cannot sign in a TLS handshake (DSA, P-224) are judged by verifycert
# only; the driver says so.
. "${srcdir:-.}/tests/init.sh"
require_ openssl certtool python3 faketime
. "$abs_srcdir/tests/verifycert/rules-cases.sh"
. "$abs_srcdir/tests/verifycert/three-callers-lib.sh"

rules_cases_make "$PWD/cases"
n=0
for c in $RULES_CASES; do
	n=$((n + 1))
	run_case "cases/$c" || fail=1
done
# The matrix is not empty: a generator that made nothing would pass.
test "$n" -ge 50 || { echo "only $n rule cases"; fail=1; }

Exit $fail
