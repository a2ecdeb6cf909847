#!/bin/sh
# One policy, three callers: verifycert, mtls-serve judging a client and
# mtls-get judging a server give the same verdict in the same words, for a
# good chain through an intermediate, an expired leaf, an unknown CA, a
# missing intermediate (named as missing, never as untrusted) and the
# same completed with --untrusted, a revoked leaf, a leaf whose issuer has
# no CRL among those given, a CRL out of date, and the wrong purpose.
# The driver, run_case, is tests/verifycert/three-callers-lib.sh.
. "${srcdir:-.}/tests/init.sh"
require_ openssl python3 faketime
. "$abs_srcdir/tests/verifycert/three-callers-lib.sh"

# leaf_ NAME CA CAKEY [signcsr OPTION]...: NAME.pem and NAME.key, for
# CN=NAME.test (and so DNS:NAME.test), issued by CA.
leaf_() {
	l_name_=$1 l_ca_=$2 l_key_=$3
	shift 3
	mkcsr --subject "/CN=$l_name_.test" --key-out "$l_name_.key" |
		signcsr --ca "$l_ca_" --ca-key "$l_key_" "$@" >"$l_name_.pem" ||
		framework_failure_ "leaf $l_name_"
}

# case_ NAME ANCHORS LEAF [CHAIN-CERT]...: cases/NAME with its anchors,
# and LEAF.pem (then the others) as the chain, LEAF.key as its key.
case_() {
	c_=cases/$1 c_anchors_=$2 c_leaf_=$3
	shift 3
	mkdir -p "$c_" || framework_failure_ mkdir
	cp "$c_anchors_" "$c_/anchors.pem" &&
		cat "$c_leaf_.pem" "$@" >"$c_/chain.pem" &&
		cp "$c_leaf_.key" "$c_/leaf.key" || framework_failure_ "case $1"
}

# expect_ NAME VERDICT WORDS: its expect file.
expect_() {
	printf '%s\n%s\n' "$2" "$3" >"cases/$1/expect"
}

# iso_words_ TIME: "2027-01-02T03:04:05Z" as the words say it.
iso_words_() {
	echo "$1" | sed 's/T/ /; s/Z$/ UTC/'
}

mkca --subject '/O=Acme/CN=Acme Root CA' --key-out root.key >root.pem &&
	mkca --subject '/O=Acme/CN=Acme Issuing CA' --issuer-cert root.pem \
		--issuer-key root.key --key-out inter.key >inter.pem &&
	mkca --subject '/O=Zxc/CN=Zxc Root CA' --key-out zxc.key >zxc.pem ||
	framework_failure_ mkca

leaf_ good inter.pem inter.key
case_ good-via-intermediate root.pem good inter.pem
expect_ good-via-intermediate ok ''

leaf_ short root.pem root.key --days 30
case_ expired root.pem short
echo +40d >cases/expired/faketime
end=$(iso_words_ "$(showcert --field not-after short.pem)")
expect_ expired refused "expired on $end (10 days ago)"

leaf_ foreign zxc.pem zxc.key
case_ unknown-ca root.pem foreign
expect_ unknown-ca refused "the issuer 'CN=Zxc Root CA,O=Zxc' was not sent and is not known (give it with --untrusted)"
case_ untrusted-root root.pem foreign zxc.pem
expect_ untrusted-root refused "chains to 'CN=Zxc Root CA,O=Zxc', which is not a trusted CA"

# The intermediate, not sent: missing, not untrusted; given to the server
# as --untrusted, the chain is complete.
case_ missing-intermediate root.pem good
expect_ missing-intermediate refused "the issuer 'CN=Acme Issuing CA,O=Acme' was not sent and is not known (give it with --untrusted)"
case_ untrusted-intermediate root.pem good
cp inter.pem cases/untrusted-intermediate/untrusted.pem
echo client >cases/untrusted-intermediate/purpose
expect_ untrusted-intermediate ok ''

leaf_ lost inter.pem inter.key
case_ revoked root.pem lost inter.pem
mkcrl --ca inter.pem --ca-key inter.key --revoke lost.pem \
	-o cases/revoked/crl.pem || framework_failure_ mkcrl
when=$(showcert --json cases/revoked/crl.pem | python3 -c '
import json, sys
print(json.load(sys.stdin)[0]["revoked"][0]["date"])') ||
	framework_failure_ "revocation date"
expect_ revoked refused "revoked on $(iso_words_ "$when") (serial $(showcert --field serial lost.pem))"

# The disagreement of old: only the intermediate's CRL, and a leaf the
# root issued itself.  As `openssl verify -crl_check`: no CRL from its
# issuer, no telling whether it is revoked.
leaf_ direct root.pem root.key
case_ no-crl-from-issuer root.pem direct
mkcrl --ca inter.pem --ca-key inter.key -o cases/no-crl-from-issuer/crl.pem ||
	framework_failure_ mkcrl
expect_ no-crl-from-issuer refused "no CRL from 'CN=Acme Root CA,O=Acme' to check revocation against"

# A CRL for 7 days, ten days on.
case_ crl-out-of-date root.pem direct
mkcrl --ca root.pem --ca-key root.key --days 7 \
	-o cases/crl-out-of-date/crl.pem || framework_failure_ mkcrl
echo +10d >cases/crl-out-of-date/faketime
next=$(showcert --json cases/crl-out-of-date/crl.pem | python3 -c '
import json, sys
print(json.load(sys.stdin)[0]["next_update"])') ||
	framework_failure_ "next update"
expect_ crl-out-of-date refused "the CRL from 'CN=Acme Root CA,O=Acme' is out of date since $(iso_words_ "$next")"

# A server's certificate, presented by a client.
leaf_ web root.pem root.key --profile server
case_ wrong-purpose root.pem web
echo client >cases/wrong-purpose/purpose
expect_ wrong-purpose refused "not valid for client authentication (extended key usage: server auth only)"

for c in good-via-intermediate expired unknown-ca untrusted-root \
	missing-intermediate untrusted-intermediate revoked \
	no-crl-from-issuer crl-out-of-date wrong-purpose; do
	run_case "cases/$c" || fail=1
done

# The driver itself: a case whose expectation is wrong fails, in both
# roles, and says where.
case_ wrong-expectation root.pem good inter.pem
expect_ wrong-expectation refused 'revoked'
returns_ 1 run_case cases/wrong-expectation 2>err || fail=1
for who in 'verifycert (client)' 'verifycert (server)' mtls-serve mtls-get; do
	grep -q "^three callers: cases/wrong-expectation: $who differs" err ||
		{ cat err; echo "no difference reported for $who"; fail=1; }
done

Exit $fail
