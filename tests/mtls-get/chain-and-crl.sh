#!/bin/sh
# A server whose certificate an intermediate issued: -v names the issuer
# and the trusted CA the chain reaches ("chains to"); --crl checks the
# server's certificate as verifycert --crl does, in the same words
# (revoked; no CRL from its issuer; a CRL out of date), and the server is
# told why with the alert that names the cause.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-get/peers.sh"
require_ openssl python3 faketime
make_certs_

mkca --subject '/O=ABC Inc./CN=ABC Issuing CA' --issuer-cert ca/ca.cert.pem \
	--issuer-key ca/ca.key.pem --days 300 --key-out ca/inter.key \
	>ca/inter.pem || framework_failure_ mkca
mkdir -p branch || framework_failure_ mkdir
mkcsr --subject '/CN=localhost/O=Branch' --key-out branch/private.key |
	signcsr --ca ca/inter.pem --ca-key ca/inter.key --profile server \
		--days 30 >branch/server.cert || framework_failure_ signcsr

# start_branch_ [ARGS...]: openssl s_server presenting the branch
# certificate and the intermediate; sets $port.
start_branch_() {
	port=$(free_port_) || framework_failure_ free port
	openssl s_server -accept "127.0.0.1:$port" -www \
		-cert branch/server.cert -cert_chain ca/inter.pem \
		-key branch/private.key "$@" >branch.log 2>&1 </dev/null &
	pids_="$pids_ $!"
	wait_listen_ "$port" || framework_failure_ openssl s_server
}

# same_words_ CRL EXIT: mtls-get --crl CRL exits EXIT with verifycert's
# words for the same question.
same_words_() {
	w_crl_=$1
	shift
	returns_ 1 verifycert --ca ca/ca.cert.pem --untrusted ca/inter.pem \
		--crl "$w_crl_" --purpose server --host localhost \
		branch/server.cert >vc || return 1
	w_why_=$(sed 's/^branch\/server\.cert: FAILED: //' vc)
	echo "mtls-get: localhost:$port: the server's certificate" \
		"'O=Branch,CN=localhost' is not trusted: $w_why_" >exp
	returns_ 1 mtls-get --ca ca/ca.cert.pem --crl "$w_crl_" \
		"https://localhost:$port/" >out 2>err || return 1
	compare exp err || return 1
	compare /dev/null out
}

start_branch_
returns_ 0 mtls-get -v --ca ca/ca.cert.pem "https://localhost:$port/" \
	>out 2>err || { cat err; fail=1; }
for line in \
	'* server certificate: O=Branch,CN=localhost' \
	'*   issuer: CN=ABC Issuing CA,O=ABC Inc.' \
	'*   chains to: O=ABC Inc.'
do
	grep -Fxq "$line" err || { cat err; echo "-v did not print: $line"; fail=1; }
done
# Where the issuer is the trusted CA itself, no "chains to".
start_openssl_
returns_ 0 mtls-get -v --ca ca/ca.cert.pem "https://localhost:$port/invoice.json" \
	>out 2>err || { cat err; fail=1; }
grep -q 'chains to' err && { cat err; fail=1; }

# Revoked by the intermediate.
mkcrl --ca ca/inter.pem --ca-key ca/inter.key --revoke branch/server.cert \
	-o inter.crl || framework_failure_ mkcrl
start_branch_
same_words_ inter.crl || fail=1
grep -q 'revoked on ' exp || { cat exp; fail=1; }
# The server heard why.
grep -q 'SSL alert number 44' branch.log || { cat branch.log; fail=1; }

# Only the root's CRL: nothing says whether the intermediate revoked it.
mkcrl --ca ca/ca.cert.pem --ca-key ca/ca.key.pem -o root.crl ||
	framework_failure_ mkcrl
same_words_ root.crl || fail=1
grep -q "no CRL from 'CN=ABC Issuing CA,O=ABC Inc.' to check revocation against\$" exp ||
	{ cat exp; fail=1; }

# The intermediate's CRL, out of date for a day (faketime preloads a
# library the sanitizer build's runtime wants to come first).
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
	faketime "@$(($(date +%s) - 8 * 86400))" mkcrl --ca ca/inter.pem \
	--ca-key ca/inter.key --days 7 -o old.crl || framework_failure_ mkcrl
same_words_ old.crl || fail=1
grep -q "the CRL from 'CN=ABC Issuing CA,O=ABC Inc.' is out of date since " exp ||
	{ cat exp; fail=1; }

# A current CRL that does not list it.
mkcrl --ca ca/inter.pem --ca-key ca/inter.key -o inter.crl --force ||
	framework_failure_ mkcrl
returns_ 0 mtls-get --ca ca/ca.cert.pem --crl inter.crl \
	"https://localhost:$port/" >out 2>err || { cat err; fail=1; }

Exit $fail
