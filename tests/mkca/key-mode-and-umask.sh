#!/bin/sh
# The key file mkca makes is mode 0600 whatever the umask; the certificate
# file (-o) follows the umask like any file.  --force replacing a key that
# had looser permissions leaves it 0600 too.
. "${srcdir:-.}/tests/init.sh"

for u in 000 002 022 077; do
	(umask $u && mkca --subject /O=x --key-out k$u.pem -o c$u.pem) || fail=1
	test "$(stat -c %a k$u.pem)" = 600 ||
		{ echo "umask $u: key mode $(stat -c %a k$u.pem)"; fail=1; }
done
test "$(stat -c %a c000.pem)" = 666 || fail=1
test "$(stat -c %a c002.pem)" = 664 || fail=1
test "$(stat -c %a c022.pem)" = 644 || fail=1
test "$(stat -c %a c077.pem)" = 600 || fail=1

echo old >k.pem && chmod 644 k.pem
(umask 000 && mkca --subject /O=x --key-out k.pem --force >c.pem) || fail=1
test "$(stat -c %a k.pem)" = 600 || { echo "forced key: $(stat -c %a k.pem)"; fail=1; }
no_temp_files_ . || fail=1

Exit $fail
