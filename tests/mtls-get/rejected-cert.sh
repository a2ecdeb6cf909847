#!/bin/sh
# A server that rejects our certificate (issued by another company's CA,
# or expired) is heard: the alert it sends is named, under TLS 1.3 (where
# it arrives after our Finished) and TLS 1.2; exit 1.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-get/peers.sh"
require_ openssl faketime python3
make_certs_

# A certificate that expired days ago, from a CA the servers trust (made
# back then too, since a CA does not sign before its own start).
mkdir expired || framework_failure_ mkdir
mkcsr --subject '/CN=localhost/O=MailServer' --key-out expired/private.key \
	>expired/client.csr || framework_failure_ mkcsr
ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0"
export ASAN_OPTIONS
faketime -f -10d mkca --subject '/O=ABC Inc./CN=Old' --key-out expired/ca.key \
	>expired/ca.cert || framework_failure_ faketime mkca
faketime -f -10d signcsr --ca expired/ca.cert --ca-key expired/ca.key \
	--days 2 <expired/client.csr >expired/client.cert ||
	framework_failure_ faketime signcsr
cat ca/ca.cert.pem expired/ca.cert >clients-ca.pem
EXPIRED='--ca ca/ca.cert.pem --cert expired/client.cert --key expired/private.key'

check_() { # SERVER CREDENTIALS ALERT
	for prio in '' "$TLS12"; do
		printf "mtls-get: localhost:%s: the server rejected our certificate: %s\n" \
			"$port" "$3" >exp
		returns_ 1 mtls-get $2 $prio "https://localhost:$port/invoice.json" \
			>out 2>err || fail=1
		compare /dev/null out || fail=1
		compare exp err || { echo "($1 ${prio:-TLS 1.3})"; fail=1; }
	done
}

start_openssl_ -CAfile clients-ca.pem -Verify 1 -verify_return_error
check_ openssl "$ZXC" 'unknown CA'
check_ openssl "$EXPIRED" 'certificate expired'
start_serve_ --ca expired/ca.cert
check_ mtls-serve "$ZXC" 'unknown CA'
check_ mtls-serve "$EXPIRED" 'certificate expired'

Exit $fail
