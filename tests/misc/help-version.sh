#!/bin/sh
# Every program: --help (usage on stdout, exit 0), --version, a bad option
# (message and "Try" line on stderr, exit 2).
. "${srcdir:-.}/tests/init.sh"

for prog in mkca mkcsr signcsr mkcrl mkp12 mtls-get mtls-serve showcert verifycert; do
	returns_ 0 $prog --help >out 2>err || fail=1
	grep -q "^Usage: $prog " out || { echo "$prog --help: no usage line"; fail=1; }
	test -s err && { echo "$prog --help wrote to stderr"; fail=1; }

	returns_ 0 $prog --version >out 2>err || fail=1
	grep -q "^$prog (mtls-utils) " out || { echo "$prog --version: bad first line"; fail=1; }

	returns_ 2 $prog --no-such-option >out 2>err || fail=1
	test -s out && { echo "$prog: bad option wrote to stdout"; fail=1; }
	tail -n 1 err >last
	printf "Try '%s --help' for more information.\n" $prog >exp
	compare exp last || fail=1
done

Exit $fail
