#!/bin/sh
# The RFC 5280 / CA/Browser Forum rules, one case each (made by
# tests/verifycert/rules-cases.sh): verifycert's verdict, exit status,
# reason and warnings are exactly those in the case's expect file; and
# `openssl verify -x509_strict` and `certtool --verify` give the verdicts
# recorded below, so that where they enforce a rule they agree with us,
# and the cases where we refuse and they accept (listed in verifycert(1),
# STANDARDS) are known.  A change in either is a failure.
. "${srcdir:-.}/tests/init.sh"
require_ openssl certtool
. "$abs_srcdir/tests/verifycert/rules-cases.sh"

# What `openssl verify -x509_strict` and `certtool --verify
# --verify-profile medium` say of each case (same purpose and host).
# case                           openssl  certtool
cat >table <<'EOT'
ok-ours                          ok       ok
ok-ed25519                       ok       ok
ok-rsa-2048                      ok       ok
ok-p384                          ok       ok
ok-pathlen-self-issued           ok       refused
legacy-v1-leaf                   refused  ok
legacy-v1-leaf-strict            refused  ok
legacy-cn                        ok       ok
legacy-cn-strict                 ok       ok
key-rsa-1024                     ok       refused
key-rsa-2052                     ok       ok
key-dsa                          ok       ok
key-p224                         ok       ok
key-int-rsa-1024                 ok       refused
sig-sha1                         ok       refused
sig-md5                          ok       refused
leaf-ca                          ok       ok
leaf-keycertsign                 refused  ok
ca-no-bc                         refused  refused
ca-bc-not-critical               refused  ok
root-no-bc                       refused  ok
root-bc-not-critical             refused  ok
root-v1                          refused  ok
int-v1                           refused  refused
ca-no-ski                        refused  ok
pathlen                          refused  refused
depth                            ok       ok
nc-dns-permitted                 refused  refused
nc-dns-excluded                  refused  refused
nc-not-critical                  refused  refused
nc-ip-permitted                  refused  refused
nc-email-excluded                refused  refused
nc-uri-permitted                 refused  ok
ok-nc-uri                        ok       ok
nc-wildcard-excluded             ok       ok
nc-cn                            refused  refused
ok-nc-cn-not-a-host              ok       refused
nc-dirname                       refused  ok
ok-nc-dirname                    ok       ok
nc-malformed                     ok       refused
nc-in-leaf                       ok       ok
eku-no-server                    refused  refused
eku-no-client                    refused  refused
eku-any                          refused  ok
eku-empty                        refused  ok
aki-critical                     refused  ok
aki-missing                      refused  ok
aki-no-keyid                     refused  ok
aki-mismatch                     refused  refused
policy-constraints-not-critical  ok       ok
san-critical                     ok       ok
ski-critical                     refused  ok
san-not-critical-empty-subject   refused  ok
no-name                          refused  refused
san-empty                        refused  ok
ku-empty                         refused  ok
pathlen-not-ca                   refused  ok
unknown-critical                 refused  refused
serial-zero                      ok       ok
serial-negative                  ok       ok
serial-long                      ok       ok
EOT

rules_cases_make "$PWD/cases"

# verdict_ CMD...: "ok" or "refused" by exit status.
verdict_() {
	if "$@" >/dev/null 2>&1; then echo ok; else echo refused; fi
}

# check_ CASE EXPECT-FILE OPTION...: verifycert, run in the case's
# directory with OPTIONs, prints and exits as EXPECT-FILE says, for each
# purpose the case is about.
check_() {
	c_=$1 x_=$2
	shift 2
	if test "$(sed -n 1p "$x_")" = ok; then
		echo 'chain.pem: OK' >want.out
		st_=0
	else
		printf 'chain.pem: FAILED: %s\n' "$(sed -n 2p "$x_")" >want.out
		st_=1
	fi
	sed -n '3,$s/^warning: /verifycert: warning: chain.pem: /p' "$x_" \
		>want.err
	for p_ in $purposes; do
		(cd "cases/$c_" && verifycert "$@" --purpose "$p_" chain.pem) \
			>got.out 2>got.err
		got_=$?
		if test $got_ != $st_; then
			echo "$c_ ($p_ $*): verifycert exited $got_," \
				"expected $st_" >&2
			fail=1
		fi
		compare want.out got.out || { echo "in $c_ ($p_ $*)" >&2; fail=1; }
		compare want.err got.err || { echo "in $c_ ($p_ $*)" >&2; fail=1; }
	done
}

for c in $RULES_CASES; do
	d=cases/$c
	set -- --ca anchors.pem
	test -e "$d/strict" && set -- "$@" --strict
	test -e "$d/untrusted.pem" && set -- "$@" --untrusted untrusted.pem
	test -e "$d/crl.pem" && set -- "$@" --crl crl.pem
	purposes=$(cat "$d/purpose" 2>/dev/null || echo 'server client')

	# With the host name (as mtls-get checks a server), and without (as
	# mtls-serve judges a client).
	check_ "$c" "$d/expect" "$@" --host "$(cat "$d/host")"
	if test -e "$d/expect-nohost"; then
		check_ "$c" "$d/expect-nohost" "$@"
	else
		check_ "$c" "$d/expect" "$@"
	fi

	# The independent verifiers, with the same question.
	p=${purposes%% *}
	openssl x509 -in "$d/chain.pem" -out leaf.pem 2>/dev/null ||
		framework_failure_ "openssl x509 $c"
	host=$(cat "$d/host")
	if test "$p" = server; then
		op=sslserver ct=1.3.6.1.5.5.7.3.1
	else
		op=sslclient ct=1.3.6.1.5.5.7.3.2
	fi
	case $host in
	*[!0-9.]*) oh=-verify_hostname ;;
	*) oh=-verify_ip ;;
	esac
	o=$(verdict_ openssl verify -x509_strict -CAfile "$d/anchors.pem" \
		-untrusted "$d/chain.pem" -purpose $op $oh "$host" leaf.pem)
	t=$(verdict_ certtool --verify --verify-profile medium \
		--load-ca-certificate "$d/anchors.pem" \
		--infile "$d/chain.pem" --verify-hostname "$host" \
		--verify-purpose $ct)
	printf '%-32s %-8s %s\n' "$c" "$o" "$t" >>got.table
done

compare table got.table || fail=1

Exit $fail
