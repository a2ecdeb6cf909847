#!/bin/sh
# An existing RSA key below 2048 bits given with --key is refused by mkca
# and mkcsr (exit 2, one line naming the file, nothing written), and a
# request for such a key is refused by signcsr.
. "${srcdir:-.}/tests/init.sh"
require_ openssl

openssl genrsa -out weak.key 1024 2>/dev/null || framework_failure_ genrsa
for prog in mkca mkcsr; do
	refuses_ /dev/null "$prog: 'weak.key': an RSA key of 1024 bits is too weak; use at least 2048" \
		$prog --subject /CN=x --key weak.key || fail=1
done

mkca --subject /O=CA --key-out ca.key >ca.pem || framework_failure_ mkca
openssl req -new -key weak.key -subj /CN=weak -out weak.csr 2>/dev/null ||
	framework_failure_ req
refuses_ weak.csr "signcsr: 'standard input': the request's RSA key has 1024 bits; at least 2048 are required" \
	signcsr --ca ca.pem --ca-key ca.key || fail=1

Exit $fail
