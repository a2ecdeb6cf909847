#!/bin/sh
# mkca --permit/--exclude writes a critical nameConstraints extension, for
# a root or an intermediate, that openssl reads; signcsr issues inside
# the constraints and refuses outside them, naming the name and the
# constraints; openssl verify agrees on both sides.
. "${srcdir:-.}/tests/init.sh"
require_ openssl

mkca --subject '/O=ABC Inc.' --key-out root.key >root.pem ||
	framework_failure_ mkca
mkca --subject '/O=Partner Inc.' --issuer-cert root.pem --issuer-key root.key \
	--permit DNS:abc.com --permit IP:10.0.0.0/8 --exclude DNS:x.abc.com \
	--key-out partner.key >partner.pem || fail=1
openssl x509 -in partner.pem -noout -ext nameConstraints >got 2>&1
cat >exp <<'EOF2'
X509v3 Name Constraints: critical
    Permitted:
      DNS:abc.com
      IP:10.0.0.0/255.0.0.0
    Excluded:
      DNS:x.abc.com
EOF2
compare exp got || fail=1
cat root.pem partner.pem >chain.pem

issue_() { # issue_ NAME SUBJECT [--san LIST]
	n_=$1
	shift
	mkcsr --subject "$@" --key-out "$n_.key" >"$n_.csr" ||
		framework_failure_ mkcsr
	signcsr --ca partner.pem --ca-key partner.key <"$n_.csr" >"$n_.pem"
}
words="permitted DNS:abc.com, IP:10.0.0.0/8; excluded DNS:x.abc.com"

returns_ 0 issue_ in /CN=www.abc.com --san DNS:www.abc.com,IP:10.1.2.3 \
	2>err || { cat err; fail=1; }
openssl verify -CAfile root.pem -untrusted partner.pem in.pem >out 2>&1 ||
	{ cat out; fail=1; }

for c in 'evil|/CN=evil.com|DNS:evil.com' \
	'excl|/CN=h.x.abc.com|DNS:h.x.abc.com' \
	'ip|/CN=www.abc.com --san DNS:www.abc.com,IP:192.168.1.1|IP:192.168.1.1'; do
	n=${c%%|*} rest=${c#*|}
	subj=${rest%|*} bad=${rest##*|}
	# shellcheck disable=SC2086
	returns_ 2 issue_ "$n" $subj 2>err || fail=1
	echo "signcsr: '$bad' is outside the names CA 'O=Partner Inc.' may certify ($words)" >exp
	compare exp err || fail=1
	test -s "$n.pem" && { echo "$n.pem written"; fail=1; }
done

# Bad constraints are usage errors, and nothing is written.
returns_ 2 mkca --subject /O=X --permit IP:10.0.0.0/33 --key-out x.key \
	>out 2>err || fail=1
grep -q "^mkca: invalid name constraint 'IP:10.0.0.0/33': bad prefix length" err ||
	{ cat err; fail=1; }
returns_ 2 mkca --subject /O=X --permit DIR:x --key-out x.key >out 2>err ||
	fail=1
test -e x.key && fail=1
Exit $fail
