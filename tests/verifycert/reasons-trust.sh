#!/bin/sh
# Why a chain is not trusted, in words that name the certificates: an
# issuer that is missing (an unknown CA, or an intermediate not given: it
# is never called untrusted, it may chain to a trusted CA), a self-signed
# leaf, a root nobody trusts, a leaf used as an issuer, a path longer than a CA allows.
. "${srcdir:-.}/tests/init.sh"
require_ openssl certtool
. "$abs_srcdir/tests/verifycert/pki.sh"

cat zxc-leaf.pem zxc.pem >zxc-chain.pem
returns_ 1 verifycert --ca abc.pem zxc-leaf.pem self.pem via-inter.pem \
	zxc-chain.pem under-notca.pem >out 2>err || fail=1
cat >exp <<'EOX'
zxc-leaf.pem: FAILED: the issuer 'O=ZXC Inc.,CN=zxc.com' was not sent and is not known (give it with --untrusted)
self.pem: FAILED: self-signed, not issued by a trusted CA
via-inter.pem: FAILED: the issuer 'O=ABC Inc.,CN=ABC Intermediate' was not sent and is not known (give it with --untrusted)
zxc-chain.pem: FAILED: chains to 'O=ZXC Inc.,CN=zxc.com', which is not a trusted CA
under-notca.pem: FAILED: the issuer 'O=Test,CN=notca.test' was not sent and is not known (give it with --untrusted)
EOX
compare exp out || fail=1
compare /dev/null err || fail=1

returns_ 1 verifycert --ca abc.pem --untrusted notca.pem under-notca.pem \
	>out 2>err || fail=1
echo "under-notca.pem: FAILED: issuer 'O=Test,CN=notca.test' is not a CA" >exp
compare exp out || fail=1

returns_ 1 verifycert --ca len0.pem len0-leaf-chain.pem >out 2>err || fail=1
echo "len0-leaf-chain.pem: FAILED: path too long ('O=Len0 Root' allows 0" \
	"intermediate CAs below it, found 1)" >exp
compare exp out || fail=1

# The same chains verify once their anchor is trusted; --ca repeats.
returns_ 0 verifycert --ca abc.pem --ca zxc.pem zxc-leaf.pem zxc-chain.pem \
	via-inter-chain.pem >out 2>err || fail=1
printf '%s: OK\n' zxc-leaf.pem zxc-chain.pem via-inter-chain.pem >exp
compare exp out || fail=1

Exit $fail
