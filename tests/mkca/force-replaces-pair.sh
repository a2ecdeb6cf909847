#!/bin/sh
# With --force, the key and the certificate change together or not at
# all: when the certificate cannot be written (here the file size limit
# lets the small key through but not the certificate), the old key and
# the old certificate stay exactly as they were, and no temporary file is
# left.
. "${srcdir:-.}/tests/init.sh"
require_ prlimit

mkca --subject /O=Old --key-out ca.key -o ca.pem || framework_failure_ mkca
cp ca.key key.orig && cp ca.pem pem.orig
test "$(wc -c <ca.key)" -lt 500 && test "$(wc -c <ca.pem)" -gt 500 ||
	framework_failure_ "sizes do not suit the 500-byte limit"

# A write past the limit fails with EFBIG instead of killing the process.
(
	trap '' XFSZ
	exec prlimit --fsize=500 mkca --subject /O=New --key-out ca.key -o ca.pem --force
) >out 2>err
test $? = 2 || { echo "exit status"; cat err; fail=1; }
grep -q "^mkca: cannot write 'ca.pem': File too large$" err ||
	{ cat err; fail=1; }
compare key.orig ca.key || { echo "the old key was replaced"; fail=1; }
compare pem.orig ca.pem || fail=1
no_temp_files_ . || fail=1
ls -a | grep -q 'old\.' && { ls -a; fail=1; }

# The same for a request and its key.
mkcsr --subject /CN=old --key-out leaf.key -o leaf.csr ||
	framework_failure_ mkcsr
cp leaf.key leaf.key.orig
head -c 600 /dev/zero >filler
(
	trap '' XFSZ
	exec prlimit --fsize=500 mkcsr --subject "/CN=new/O=$(head -c 300 filler | tr '\0' x)" \
		--key-out leaf.key -o leaf.csr --force
) >out 2>err
test $? = 2 || { echo "exit status"; cat err; fail=1; }
compare leaf.key.orig leaf.key || { echo "the old key was replaced"; fail=1; }
no_temp_files_ . || fail=1
Exit $fail
