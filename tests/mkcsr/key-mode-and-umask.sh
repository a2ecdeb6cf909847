#!/bin/sh
# The key file mkcsr makes is mode 0600 whatever the umask; the request
# file (-o) follows the umask like any file.
. "${srcdir:-.}/tests/init.sh"

for u in 000 002 022 077; do
	(umask $u && mkcsr --subject /CN=x --key-out k$u.pem -o r$u.csr) ||
		fail=1
	test "$(stat -c %a k$u.pem)" = 600 ||
		{ echo "umask $u: key mode $(stat -c %a k$u.pem)"; fail=1; }
done
test "$(stat -c %a r000.csr)" = 666 || fail=1
test "$(stat -c %a r002.csr)" = 664 || fail=1
test "$(stat -c %a r022.csr)" = 644 || fail=1
test "$(stat -c %a r077.csr)" = 600 || fail=1
no_temp_files_ . || fail=1

Exit $fail
