#!/bin/sh
# demo.sh -- run the reference scenario of DESIGN.md in a scratch directory,
# printing each command before it runs.  Usage: demo.sh BINDIR
set -eu

bindir=${1:?usage: demo.sh BINDIR}
PATH=$bindir:$PATH
export PATH
scratch=$(mktemp -d "${TMPDIR:-/tmp}/mtls-demo.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
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
echo
echo "# demo finished"
