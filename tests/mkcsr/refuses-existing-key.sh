#!/bin/sh
# mkcsr never replaces an existing key (or request) file without --force:
# exit 2, one line naming the file, nothing written, the old file byte for
# byte as it was.  With --force both are replaced and belong together.
. "${srcdir:-.}/tests/init.sh"
require_ openssl

mkcsr --subject /CN=old --key-out leaf.key -o leaf.csr || framework_failure_ mkcsr
cp leaf.key key.orig && cp leaf.csr csr.orig

returns_ 2 mkcsr --subject /CN=new --key-out leaf.key >out 2>err || fail=1
echo "mkcsr: 'leaf.key' already exists; use --force to replace it" >exp
compare exp err || fail=1
test -s out && fail=1
compare key.orig leaf.key || fail=1

returns_ 2 mkcsr --subject /CN=new --key-out new.key -o leaf.csr >out 2>err ||
	fail=1
echo "mkcsr: 'leaf.csr' already exists; use --force to replace it" >exp
compare exp err || fail=1
test -e new.key && { echo "key made for a request never written"; fail=1; }
compare csr.orig leaf.csr || fail=1
no_temp_files_ . || fail=1

mkcsr --subject /CN=new --key-out leaf.key -o leaf.csr --force >out 2>err ||
	fail=1
test -s out && fail=1
test -s err && fail=1
cmp -s key.orig leaf.key && { echo "key not replaced"; fail=1; }
test "$(stat -c %a leaf.key)" = 600 || fail=1
openssl req -in leaf.csr -noout -subject >out
echo 'subject=CN = new' >exp
compare exp out || fail=1
test "$(openssl req -in leaf.csr -noout -pubkey)" = \
	"$(openssl pkey -in leaf.key -pubout)" || { echo "key and request differ"; fail=1; }
no_temp_files_ . || fail=1

Exit $fail
