#!/bin/sh
# The certificate file signcsr writes (-o) follows the umask like any
# file; it holds nothing secret.
. "${srcdir:-.}/tests/init.sh"

mkca --subject /O=CA --key-out ca.key >ca.pem || framework_failure_ mkca
mkcsr --subject /CN=x --key-out x.key >x.csr || framework_failure_ mkcsr
for u in 000 002 022 077; do
	(umask $u && signcsr --ca ca.pem --ca-key ca.key -i x.csr -o c$u.pem) ||
		fail=1
done
test "$(stat -c %a c000.pem)" = 666 || fail=1
test "$(stat -c %a c002.pem)" = 664 || fail=1
test "$(stat -c %a c022.pem)" = 644 || fail=1
test "$(stat -c %a c077.pem)" = 600 || fail=1
no_temp_files_ . || fail=1

Exit $fail
