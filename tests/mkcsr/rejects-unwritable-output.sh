#!/bin/sh
# mkcsr refuses outputs it cannot write (missing directory, a "directory"
# that is a regular file; root ignores permission bits) before making a
# key: exit 2, one line naming the file, no key and no request left.
. "${srcdir:-.}/tests/init.sh"

echo data >file
before=$(ls -A)
no='No such file or directory'

refuses_ /dev/null "mkcsr: cannot write 'nodir/leaf.key': directory 'nodir': $no" \
	mkcsr --subject /CN=x --key-out nodir/leaf.key || fail=1
refuses_ /dev/null "mkcsr: cannot write 'file/leaf.key': 'file' is not a directory" \
	mkcsr --subject /CN=x --key-out file/leaf.key || fail=1

returns_ 2 mkcsr --subject /CN=x --key-out leaf.key -o nodir/leaf.csr \
	>out 2>err || fail=1
echo "mkcsr: cannot write 'nodir/leaf.csr': directory 'nodir': $no" >exp
compare exp err || fail=1
test -s out && fail=1
returns_ 2 mkcsr --subject /CN=x --key-out leaf.key -o file/leaf.csr \
	>out 2>err || fail=1
echo "mkcsr: cannot write 'file/leaf.csr': 'file' is not a directory" >exp
compare exp err || fail=1

rm -f out err exp
test "$(ls -A)" = "$before" || { ls -A; echo "files changed"; fail=1; }
test "$(cat file)" = data || fail=1

Exit $fail
