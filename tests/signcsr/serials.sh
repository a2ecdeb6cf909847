#!/bin/sh
# Serial numbers are 20 random bytes, positive, different every time:
# many certificates from one request share no long prefix or suffix
# (a counter or a timestamp would), so they carry well over 64 random bits.
. "${srcdir:-.}/tests/init.sh"
require_ openssl

mkca --subject /O=CA --key-out ca.key >ca.pem || framework_failure_ mkca
mkcsr --subject /CN=localhost --key-out leaf.key >leaf.csr ||
	framework_failure_ mkcsr
cp ca.pem 0.pem
for i in 1 2 3 4 5 6 7 8 9 10 11; do
	signcsr --ca ca.pem --ca-key ca.key -i leaf.csr >$i.pem || fail=1
done

: >serials
for i in 0 1 2 3 4 5 6 7 8 9 10 11; do
	# The DER INTEGER: exactly 20 content bytes, top bit clear.
	openssl asn1parse -in $i.pem | awk '/d=2/ && ++n == 2' >int
	grep -Eq 'hl=2 l= *20 prim: INTEGER +:[0-7][0-9A-F]{39}$' int ||
		{ cat int; echo "$i.pem: not a positive 20-byte serial"; fail=1; }
	sed 's/.*://' int >>serials
done
test $(sort -u serials | wc -l) = 12 || { echo "repeated serials"; fail=1; }

# No two share their first or last 4 bytes (a chance of about 1 in 10^8
# for random serials).
awk '{ p[NR] = substr($0, 1, 8); s[NR] = substr($0, 33, 8) }
     END { for (i = 1; i <= NR; i++) for (j = i + 1; j <= NR; j++)
		if (p[i] == p[j] || s[i] == s[j]) { print "lines " i ", " j; bad = 1 }
	   exit bad }' serials || { cat serials; fail=1; }

# openssl agrees it is positive.
for i in 1 2; do
	openssl x509 -in $i.pem -noout -serial | grep -Eqx 'serial=[0-7][0-9A-F]{39}' ||
		fail=1
done

Exit $fail
