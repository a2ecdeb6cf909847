#!/bin/sh
# RSA keys below 2048 bits (and above 8192) are refused as a usage error
# by mkca and mkcsr: exit 2, the reason and the "Try" line, nothing made.
. "${srcdir:-.}/tests/init.sh"

for prog in mkca mkcsr; do
	for bits in 512 1024 2047; do
		returns_ 2 $prog --subject /CN=x --key-type rsa --bits $bits \
			--key-out k.key >out 2>err || fail=1
		printf '%s\n' \
			"$prog: RSA keys of $bits bits are too weak; use at least 2048" \
			"Try '$prog --help' for more information." >exp
		compare exp err || fail=1
		test -s out && fail=1
		test -e k.key && { echo "$prog made a key"; fail=1; }
	done
	returns_ 2 $prog --subject /CN=x --key-type rsa --bits 16384 \
		--key-out k.key >out 2>err || fail=1
	printf '%s\n' \
		"$prog: RSA keys of 16384 bits are not supported; use at most 8192" \
		"Try '$prog --help' for more information." >exp
	compare exp err || fail=1
	test -e k.key && fail=1
done
no_temp_files_ . || fail=1

Exit $fail
