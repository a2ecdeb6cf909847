#!/bin/sh
# demo.sh -- run the reference scenario of doc/DESIGN.md in a scratch directory,
# printing each command before it runs.  Usage: demo.sh BINDIR
set -eu

bindir=${1:?usage: demo.sh BINDIR}
PATH=$bindir:$PATH
export PATH
scratch=$(mktemp -d "${TMPDIR:-/tmp}/mtls-demo.XXXXXX")
server_pid=
trap 'test -z "$server_pid" || kill "$server_pid" 2>/dev/null; rm -rf "$scratch"' EXIT
cd "$scratch"

# Print a command the way a user would type it, then run it.
run() {
	printf '\n$ %s\n' "$*"
	sh -c "$*"
}

echo "# mtls-utils demo in $scratch"
run "mkdir ca invoice-server mail-server"
run "mkca    --subject '/O=ABC Inc.' --days 365 --key-out ca/ca.key.pem > ca/ca.cert.pem"
run "mkcsr   --subject '/CN=localhost/O=InvoiceServer' --key-out invoice-server/private.key > invoice-server/server.csr"
run "signcsr --ca ca/ca.cert.pem --ca-key ca/ca.key.pem --days 365 < invoice-server/server.csr > invoice-server/server.cert"
run "mkcsr   --subject '/CN=localhost/O=MailServer' --key-out mail-server/private.key | signcsr --ca ca/ca.cert.pem --ca-key ca/ca.key.pem > mail-server/server.cert"
run "openssl verify -CAfile ca/ca.cert.pem invoice-server/server.cert mail-server/server.cert"
run "certtool --verify --load-ca-certificate ca/ca.cert.pem --infile invoice-server/server.cert 2>/dev/null | grep -i 'chain verification output'"
run "verifycert --ca ca/ca.cert.pem invoice-server/server.cert mail-server/server.cert"
run "showcert invoice-server/server.cert"

echo
echo "# The invoice server answers only machines with a certificate from ABC's CA."
run "echo '{\"invoice\": 42, \"amount\": \"99.50 EUR\"}' > invoice.json"
run "mkcrl --ca ca/ca.cert.pem --ca-key ca/ca.key.pem -o ca/ca.crl"
cmd="mtls-serve --ca ca/ca.cert.pem --crl ca/ca.crl --cert invoice-server/server.cert --key invoice-server/private.key --listen 127.0.0.1:0 --workers 1 --body invoice.json > server.log 2> server.err &"
printf '\n$ %s\n' "$cmd"
mtls-serve --ca ca/ca.cert.pem --crl ca/ca.crl \
	--cert invoice-server/server.cert --key invoice-server/private.key \
	--listen 127.0.0.1:0 --workers 1 --body invoice.json \
	>server.log 2>server.err &
server_pid=$!
tries=0
until grep -q '^listening on ' server.err 2>/dev/null; do
	tries=$((tries + 1))
	if test $tries -gt 100 || ! kill -0 "$server_pid" 2>/dev/null; then
		cat server.err >&2
		echo "demo: mtls-serve did not start" >&2
		exit 1
	fi
	sleep 0.1
done
port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' server.err)
run "cat server.err"

echo
echo "# The mail server gets the invoice."
run "mtls-get --ca ca/ca.cert.pem --cert mail-server/server.cert --key mail-server/private.key https://localhost:$port/"

echo
echo "# A machine with a certificate from another company's CA is refused, and told why."
run "mkdir zxc"
run "mkca    --subject '/O=ZXC Inc.' --key-out zxc/ca.key.pem > zxc/ca.cert.pem"
run "mkcsr   --subject '/CN=localhost/O=MailServer' --key-out zxc/private.key | signcsr --ca zxc/ca.cert.pem --ca-key zxc/ca.key.pem > zxc/client.cert"
run "mtls-get --ca ca/ca.cert.pem --cert zxc/client.cert --key zxc/private.key https://localhost:$port/; echo \"exit status \$?\""

echo
echo "# The mail server's key is lost: ABC revokes its certificate, the server"
echo "# reloads the CRL (SIGHUP, no restart), and the certificate is refused."
run "mkcrl --ca ca/ca.cert.pem --ca-key ca/ca.key.pem --crl ca/ca.crl --revoke mail-server/server.cert --reason keyCompromise -o ca/ca.crl --force"
run "kill -HUP $server_pid"
tries=0
until grep -q 'reloaded' server.err 2>/dev/null; do
	tries=$((tries + 1))
	test $tries -gt 100 && break
	sleep 0.1
done
run "mtls-get --ca ca/ca.cert.pem --cert mail-server/server.cert --key mail-server/private.key https://localhost:$port/; echo \"exit status \$?\""

echo
echo "# What the invoice server logged: requests on stdout, refusals on stderr."
run "cat server.log"
run "cat server.err"
run "kill $server_pid"
wait "$server_pid" || :
server_pid=

echo
echo "# demo finished"
