#!/bin/sh
# signcsr --days N issues a certificate valid N days from now (365 by
# default), with notBefore backdated 5 minutes for clock skew.
. "${srcdir:-.}/tests/init.sh"
require_ openssl

epoch_() {
	date -u -d "$(openssl x509 -in "$1" -noout -$2 | sed 's/^[a-zA-Z]*=//')" +%s
}

mkca --subject /O=CA --key-out ca.key >ca.pem || framework_failure_ mkca
mkcsr --subject /CN=localhost --key-out leaf.key >leaf.csr ||
	framework_failure_ mkcsr
# A CA made now has notBefore = now - 300 s too; wait a moment so the
# leaf's own backdating shows (it is never earlier than the CA's).
sleep 2
before=$(date -u +%s)
signcsr --ca ca.pem --ca-key ca.key -i leaf.csr --days 30 >a.pem 2>err || fail=1
signcsr --ca ca.pem --ca-key ca.key -i leaf.csr >b.pem 2>>err || fail=1
after=$(date -u +%s)
test -s err && { cat err; fail=1; }

for c in a:30 b:365; do
	f=${c%:*}.pem days=${c#*:}
	nb=$(epoch_ $f startdate) na=$(epoch_ $f enddate)
	test $nb -ge $((before - 300)) && test $nb -le $((after - 300)) ||
		{ echo "$f: notBefore $nb not 5 minutes before [$before, $after]"; fail=1; }
	test $((na - nb)) = $((days * 86400 + 300)) ||
		{ echo "$f: lifetime $((na - nb)) s, want $days days + 300 s"; fail=1; }
	openssl verify -CAfile ca.pem $f >/dev/null || fail=1
done

Exit $fail
