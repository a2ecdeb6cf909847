#!/bin/sh
# gnutls-cli: the body with our certificate; "Received alert [116]"
# without one; "Received alert [48]" with another CA's certificate.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
require_ gnutls-cli

make_scenario_
make_zxc_
printf 'invoice data\n' >invoice.txt
start_server_ s $serve_scenario_args_ --workers 1 --body invoice.txt

cli_() {
	printf 'GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' |
		timeout 20 gnutls-cli --x509cafile ca/ca.cert.pem -p "$port" \
			"$@" localhost
}

cli_ --x509certfile mail-server/server.cert \
	--x509keyfile mail-server/private.key >out 2>err || fail=1
grep -qx 'invoice data' out || { cat out err; fail=1; }

cli_ >out 2>err
grep -q 'Received alert \[116\]: Certificate is required' out err ||
	{ cat out err; fail=1; }

cli_ --x509certfile zxc/server.cert --x509keyfile zxc/private.key >out 2>err
grep -q 'Received alert \[48\]: CA is unknown' out err || { cat out err; fail=1; }

stop_server_ || fail=1
Exit $fail
