#!/bin/sh
# mkca --days N makes a CA valid N days from now (3650 by default), with
# notBefore backdated 5 minutes for clock skew.
. "${srcdir:-.}/tests/init.sh"
require_ openssl

epoch_() {
	date -u -d "$(openssl x509 -in "$1" -noout -$2 | sed 's/^[a-zA-Z]*=//')" +%s
}

before=$(date -u +%s)
mkca --subject /O=a --days 365 --key-out a.key >a.pem || fail=1
mkca --subject /O=b --key-out b.key >b.pem || fail=1
after=$(date -u +%s)

for c in a:365 b:3650; do
	f=${c%:*}.pem days=${c#*:}
	nb=$(epoch_ $f startdate) na=$(epoch_ $f enddate)
	# notBefore = now - 300 s, notAfter = now + days (now between
	# before and after).
	test $nb -ge $((before - 300)) && test $nb -le $((after - 300)) ||
		{ echo "$f: notBefore $nb not 5 minutes before [$before, $after]"; fail=1; }
	test $((na - nb)) = $((days * 86400 + 300)) ||
		{ echo "$f: lifetime $((na - nb)) s, want $days days + 300 s"; fail=1; }
done

returns_ 2 mkca --subject /O=c --days 0 --key-out c.key >out 2>err || fail=1
printf '%s\n' "mkca: invalid number of days '0' (use 1 to 36500)" \
	"Try 'mkca --help' for more information." >exp
compare exp err || fail=1
test -e c.key && fail=1

Exit $fail
