#!/bin/sh
# The default priority string printed in mtls-serve(1) and mtls-get(1) is
# the one the code uses (MTLS_TLS_PRIORITY_DEFAULT in lib/mtls.h).
. "${srcdir:-.}/tests/init.sh"

sed -n '/^#define MTLS_TLS_PRIORITY_DEFAULT/,/[^\\]$/p' \
	"$abs_top_srcdir/lib/mtls.h" | sed -n 's/^[^"]*"\(.*\)".*$/\1/p' |
	tr -d '\n' >exp
test -s exp || framework_failure_ "no MTLS_TLS_PRIORITY_DEFAULT"
echo >>exp
for page in mtls-serve mtls-get; do
	sed -n '/^NORMAL:\\-VERS/,/^\.RE/p' "$abs_top_srcdir/man/$page.1" |
		sed '/^\.RE/d; s/\\-/-/g' | tr -d '\n' >got
	echo >>got
	compare exp got || { echo "in $page.1"; fail=1; }
done
Exit $fail
