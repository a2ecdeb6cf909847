#!/bin/sh
# Without --at the clock decides: forty days from now (libfaketime) the
# 30-day leaf has been expired for ten days.
. "${srcdir:-.}/tests/init.sh"
require_ openssl certtool faketime
. "$abs_srcdir/tests/verifycert/pki.sh"

# faketime preloads itself, which ASan would otherwise refuse.
ASAN_OPTIONS="$ASAN_OPTIONS:verify_asan_link_order=0"
export ASAN_OPTIONS

na=$(showcert --field not-after good.pem | sed 's/T/ /; s/Z$/ UTC/') ||
	fail=1
returns_ 1 faketime -f +40d verifycert --ca abc.pem good.pem >out 2>err ||
	fail=1
echo "good.pem: FAILED: expired on $na (10 days ago)" >exp
compare exp out || fail=1
returns_ 0 faketime -f +20d verifycert --ca abc.pem good.pem >out 2>err ||
	fail=1
echo "good.pem: OK" >exp
compare exp out || fail=1

Exit $fail
