#!/bin/sh
# mkca never replaces an existing key (or certificate) file without
# --force: exit 2, one line naming the file, nothing written, the old file
# byte for byte as it was.  With --force both are replaced and belong
# together.
. "${srcdir:-.}/tests/init.sh"
require_ openssl

mkca --subject /O=Old --key-out ca.key -o ca.pem || framework_failure_ mkca
cp ca.key key.orig && cp ca.pem pem.orig

returns_ 2 mkca --subject /O=New --key-out ca.key >out 2>err || fail=1
echo "mkca: 'ca.key' already exists; use --force to replace it" >exp
compare exp err || fail=1
test -s out && fail=1
compare key.orig ca.key || fail=1

returns_ 2 mkca --subject /O=New --key-out new.key -o ca.pem >out 2>err ||
	fail=1
echo "mkca: 'ca.pem' already exists; use --force to replace it" >exp
compare exp err || fail=1
test -e new.key && { echo "key made for a certificate never written"; fail=1; }
compare pem.orig ca.pem || fail=1
no_temp_files_ . || fail=1

mkca --subject /O=New --key-out ca.key -o ca.pem --force >out 2>err || fail=1
test -s out && fail=1
test -s err && fail=1
cmp -s key.orig ca.key && { echo "key not replaced"; fail=1; }
cmp -s pem.orig ca.pem && { echo "certificate not replaced"; fail=1; }
test "$(stat -c %a ca.key)" = 600 || fail=1
openssl x509 -in ca.pem -noout -subject >out
echo 'subject=O = New' >exp
compare exp out || fail=1
test "$(openssl x509 -in ca.pem -noout -pubkey)" = \
	"$(openssl pkey -in ca.key -pubout)" || { echo "key and cert differ"; fail=1; }
no_temp_files_ . || fail=1

Exit $fail
