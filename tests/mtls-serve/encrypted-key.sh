#!/bin/sh
# mtls-serve and mtls-get take encrypted keys with --pass-file and
# --pass-env; the server learns the passphrase once, at start, and a
# SIGHUP reload still loads the key; a missing passphrase stops the
# server at start with one line.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
require_ curl

make_scenario_
printf 'server pass\n' >spass
mkcsr --subject /CN=localhost --encrypt --pass-file spass --key-out srv.key |
	signcsr --ca ca/ca.cert.pem --ca-key ca/ca.key.pem >srv.pem ||
	framework_failure_ signcsr
export CPASS='client pass'
mkcsr --subject /CN=client --encrypt --pass-env CPASS --key-out cli.key |
	signcsr --ca ca/ca.cert.pem --ca-key ca/ca.key.pem --profile client \
		>cli.pem || framework_failure_ signcsr
printf 'hello\n' >hello.txt

returns_ 2 mtls-serve --ca ca/ca.cert.pem --cert srv.pem --key srv.key \
	--listen 127.0.0.1:0 </dev/null >out 2>err || fail=1
echo "mtls-serve: 'srv.key': the private key is encrypted and no passphrase was given (give it with --pass-file FILE or --pass-env VAR)" >exp
compare exp err || fail=1

start_server_ s --ca ca/ca.cert.pem --cert srv.pem --key srv.key \
	--pass-file spass --workers 1 --body hello.txt
returns_ 0 mtls-get --ca ca/ca.cert.pem --cert cli.pem --key cli.key \
	--pass-env CPASS "https://localhost:$port/" >out 2>err ||
	{ cat err; fail=1; }
compare hello.txt out || fail=1
kill -HUP "$server_pid"
wait_for_ 20 "grep -q reloaded s.err" || { cat s.err; fail=1; }
grep -q 'reload failed' s.err && { cat s.err; fail=1; }
returns_ 0 mtls-get --ca ca/ca.cert.pem --cert cli.pem --key cli.key \
	--pass-env CPASS "https://localhost:$port/" >out 2>err ||
	{ cat err; fail=1; }
compare hello.txt out || fail=1
returns_ 2 mtls-get --ca ca/ca.cert.pem --cert cli.pem --key cli.key \
	"https://localhost:$port/" </dev/null >out 2>err || fail=1
grep -q "'cli.key': the private key is encrypted and no passphrase was given" err ||
	{ cat err; fail=1; }
returns_ 0 stop_server_ || fail=1
Exit $fail
