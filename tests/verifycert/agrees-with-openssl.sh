#!/bin/sh
# The verdict matrix: for every case, verifycert and `openssl verify` with
# the matching flags say yes or no alike (and both say what we expect).
. "${srcdir:-.}/tests/init.sh"
require_ openssl certtool
. "$abs_srcdir/tests/verifycert/pki.sh"

# agree_ WANT CERT 'VERIFYCERT OPTIONS' 'OPENSSL OPTIONS'
agree_() {
	want_=$1 cert_=$2
	verifycert -q $3 "$cert_"
	mine_=$?
	openssl verify $4 "$cert_" >/dev/null 2>&1
	theirs_=$?
	test $theirs_ -ne 0 && theirs_=1
	if test "$mine_" != "$want_" || test "$theirs_" != "$want_"; then
		echo "disagree: $cert_ [$3] [$4]: want $want_," \
			"verifycert $mine_, openssl $theirs_" >&2
		fail=1
	fi
}

A='--ca abc.pem'
O='-CAfile abc.pem'
agree_ 0 good.pem "$A" "$O"
agree_ 1 zxc-leaf.pem "$A" "$O"
agree_ 0 zxc-leaf.pem "--ca zxc.pem" "-CAfile zxc.pem"

# time
agree_ 0 good.pem "$A --at $SOON" "$O -attime $(epoch_ $SOON)"
agree_ 1 good.pem "$A --at $LATER" "$O -attime $(epoch_ $LATER)"
agree_ 1 good.pem "$A --at $EARLIER" "$O -attime $(epoch_ $EARLIER)"
agree_ 0 good.pem "$A --at ${SOON}T12:00:00Z" \
	"$O -attime $(epoch_ "${SOON}T12:00:00Z")"

# intermediates
agree_ 1 via-inter.pem "$A" "$O"
agree_ 0 via-inter.pem "$A --untrusted inter.pem" "$O -untrusted inter.pem"
agree_ 0 via-inter-chain.pem "$A" "$O -untrusted via-inter-chain.pem"
agree_ 1 via-inter-chain.pem "--ca zxc.pem" \
	"-CAfile zxc.pem -untrusted via-inter-chain.pem"
agree_ 1 len0-leaf-chain.pem "--ca len0.pem" \
	"-CAfile len0.pem -untrusted len0-leaf-chain.pem"

# purpose, both ways
agree_ 0 server.pem "$A --purpose server" "$O -purpose sslserver"
agree_ 1 server.pem "$A --purpose client" "$O -purpose sslclient"
agree_ 0 client.pem "$A --purpose client" "$O -purpose sslclient"
agree_ 1 client.pem "$A --purpose server" "$O -purpose sslserver"
agree_ 0 good.pem "$A --purpose server" "$O -purpose sslserver"
agree_ 0 good.pem "$A --purpose client" "$O -purpose sslclient"
agree_ 0 client.pem "$A --purpose any" "$O"

# host names and IP addresses
agree_ 0 good.pem "$A --host localhost" "$O -verify_hostname localhost"
agree_ 1 good.pem "$A --host other.example" \
	"$O -verify_hostname other.example"
agree_ 0 good.pem "$A --host 127.0.0.1" "$O -verify_ip 127.0.0.1"
agree_ 1 good.pem "$A --host 10.0.0.1" "$O -verify_ip 10.0.0.1"
agree_ 1 server.pem "$A --host 127.0.0.1" "$O -verify_ip 127.0.0.1"

# revocation
agree_ 1 revoked.pem "$A --crl abc.crl" "$O -crl_check -CRLfile abc.crl"
agree_ 0 revoked.pem "$A" "$O"
agree_ 0 good.pem "$A --crl abc.crl" "$O -crl_check -CRLfile abc.crl"
agree_ 1 zxc-leaf.pem "$A --ca zxc.pem --crl abc.crl" \
	"$O -CAfile zxc.pem -crl_check -CRLfile abc.crl"
agree_ 0 zxc-leaf.pem "$A --ca zxc.pem --crl abc.crl --crl zxc.crl" \
	"$O -CAfile zxc.pem -crl_check -CRLfile abc.crl -CRLfile zxc.crl"

# a leaf (CA:FALSE) used as an issuer
agree_ 1 under-notca.pem "$A" "$O"
agree_ 1 under-notca.pem "$A --untrusted notca.pem" "$O -untrusted notca.pem"

# a self-signed leaf: untrusted, unless it is itself the trust anchor
agree_ 1 self.pem "$A" "$O"
agree_ 0 self.pem "--ca self.pem" "-CAfile self.pem"

Exit $fail
