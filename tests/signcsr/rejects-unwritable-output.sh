#!/bin/sh
# An output file that cannot be written (its directory is missing, or its
# "directory" is a regular file; root ignores permission bits) is refused
# before anything is signed: exit 2, one line naming the file, nothing
# written anywhere.
. "${srcdir:-.}/tests/init.sh"

make_scenario_
csr=invoice-server/server.csr
before=$(ls -A)

returns_ 2 signcsr --ca ca/ca.cert.pem --ca-key ca/ca.key.pem -i $csr \
	-o nodir/leaf.pem >out 2>err || fail=1
echo "signcsr: cannot write 'nodir/leaf.pem': directory 'nodir': No such file or directory" >exp
compare exp err || fail=1
test -s out && fail=1
test -e nodir && fail=1

echo data >file
cp file file.orig
returns_ 2 signcsr --ca ca/ca.cert.pem --ca-key ca/ca.key.pem -i $csr \
	-o file/leaf.pem >out 2>err || fail=1
echo "signcsr: cannot write 'file/leaf.pem': 'file' is not a directory" >exp
compare exp err || fail=1
test -s out && fail=1
compare file.orig file || fail=1

# An output that is a directory.
mkdir outdir
returns_ 2 signcsr --ca ca/ca.cert.pem --ca-key ca/ca.key.pem -i $csr \
	-o outdir --force >out 2>err || fail=1
echo "signcsr: 'outdir' is a directory" >exp
compare exp err || fail=1
rmdir outdir || fail=1

rm -f file file.orig out err exp
test "$(ls -A)" = "$before" || { ls -A; echo "files changed"; fail=1; }
no_temp_files_ . ca invoice-server || fail=1

Exit $fail
