#!/bin/sh
# mkca refuses outputs it cannot write (missing directory, a "directory"
# that is a regular file; root ignores permission bits) before making a
# key: exit 2, one line naming the file, no key and no certificate left.
. "${srcdir:-.}/tests/init.sh"

echo data >file
before=$(ls -A)
no='No such file or directory'

refuses_ /dev/null "mkca: cannot write 'nodir/ca.key': directory 'nodir': $no" \
	mkca --subject /O=x --key-out nodir/ca.key || fail=1
refuses_ /dev/null "mkca: cannot write 'file/ca.key': 'file' is not a directory" \
	mkca --subject /O=x --key-out file/ca.key || fail=1

returns_ 2 mkca --subject /O=x --key-out ca.key -o nodir/ca.pem >out 2>err ||
	fail=1
echo "mkca: cannot write 'nodir/ca.pem': directory 'nodir': $no" >exp
compare exp err || fail=1
test -s out && fail=1
returns_ 2 mkca --subject /O=x --key-out ca.key -o file/ca.pem >out 2>err ||
	fail=1
echo "mkca: cannot write 'file/ca.pem': 'file' is not a directory" >exp
compare exp err || fail=1

rm -f out err exp
test "$(ls -A)" = "$before" || { ls -A; echo "files changed"; fail=1; }
test "$(cat file)" = data || fail=1

Exit $fail
