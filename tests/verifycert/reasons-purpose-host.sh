#!/bin/sh
# --purpose checks the extended key usage and --host the SANs (an IP
# address only against IP SANs); the reason says what the certificate is
# good for instead.
. "${srcdir:-.}/tests/init.sh"
require_ openssl certtool
. "$abs_srcdir/tests/verifycert/pki.sh"

returns_ 1 verifycert --ca abc.pem --purpose server client.pem server.pem \
	good.pem >out 2>err || fail=1
cat >exp <<'EOX'
client.pem: FAILED: not valid for server authentication (extended key usage: client auth only)
server.pem: OK
good.pem: OK
EOX
compare exp out || fail=1

returns_ 1 verifycert --ca abc.pem --purpose client server.pem >out 2>err ||
	fail=1
echo "server.pem: FAILED: not valid for client authentication (extended" \
	"key usage: server auth only)" >exp
compare exp out || fail=1

returns_ 0 verifycert --ca abc.pem --purpose any --host localhost good.pem \
	>out 2>err || fail=1
returns_ 0 verifycert --ca abc.pem --host 127.0.0.1 good.pem >out 2>err ||
	fail=1

returns_ 1 verifycert --ca abc.pem --host other.example good.pem >out 2>err ||
	fail=1
echo "good.pem: FAILED: issued for 'localhost', '127.0.0.1', not" \
	"'other.example'" >exp
compare exp out || fail=1

returns_ 1 verifycert --ca abc.pem --host 10.0.0.1 good.pem >out 2>err ||
	fail=1
echo "good.pem: FAILED: issued for 'localhost', '127.0.0.1', not" \
	"'10.0.0.1'" >exp
compare exp out || fail=1

# server.pem has only DNS:server.test (from its CN).
returns_ 1 verifycert --ca abc.pem --host server.test --purpose client \
	server.pem >out 2>err || fail=1
echo "server.pem: FAILED: not valid for client authentication (extended" \
	"key usage: server auth only)" >exp
compare exp out || fail=1
returns_ 1 verifycert --ca abc.pem --host ::1 server.pem >out 2>err || fail=1
echo "server.pem: FAILED: issued for 'server.test', not '::1' (an IP" \
	"address matches only IP addresses in the SANs)" >exp
compare exp out || fail=1

returns_ 2 verifycert --ca abc.pem --purpose email good.pem >out 2>err ||
	fail=1
cat >exp <<'EOX'
verifycert: invalid purpose 'email' (expected server, client or any)
Try 'verifycert --help' for more information.
EOX
compare exp err || fail=1

Exit $fail
