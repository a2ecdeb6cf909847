#!/bin/sh
# Usage and input errors exit 2 before any connection is made.
. "${srcdir:-.}/tests/init.sh"
make_scenario_

check_() { # MESSAGE ARGS...
	printf 'mtls-get: %s\n' "$1" >exp
	shift
	returns_ 2 mtls-get "$@" >out 2>err || fail=1
	head -n 1 err >first
	compare exp first || fail=1
	compare /dev/null out || fail=1
}

check_ 'missing URL' --ca ca/ca.cert.pem
check_ "'http://localhost/': only https URLs are supported" http://localhost/
check_ "'https://localhost:99999/': invalid port '99999'" https://localhost:99999/
check_ "'https://[::1/': missing ']' after the IPv6 address" 'https://[::1/'
check_ "'https://u@localhost/': user names in URLs are not supported" https://u@localhost/
check_ "'https://bad_host/': invalid host name 'bad_host'" https://bad_host/
check_ "cannot open 'nosuch.pem': No such file or directory" \
	--ca nosuch.pem https://localhost:1/
check_ "cannot open 'nosuch.cert': No such file or directory" \
	--ca ca/ca.cert.pem --cert nosuch.cert --key mail-server/private.key https://localhost:1/
check_ '--key goes with --cert' --key mail-server/private.key https://localhost:1/
check_ "invalid timeout 'x' (use 1 to 86400 seconds)" --timeout x https://localhost:1/
check_ "cannot open 'nosuch.txt': No such file or directory" \
	--ca ca/ca.cert.pem -d @nosuch.txt https://localhost:1/

Exit $fail
