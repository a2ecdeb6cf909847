#!/bin/sh
# demo.sh -- run the reference scenario of doc/DESIGN.md in a scratch directory,
# printing each command before it runs.  Usage: demo.sh BINDIR
set -eu

bindir=${1:?usage: demo.sh BINDIR}
PATH=$bindir:$PATH
export PATH
scratch=$(mktemp -d "${TMPDIR:-/tmp}/mtls-demo.XXXXXX")
server_pid= app_pid= proxy_pid=
trap 'for p in $server_pid $app_pid $proxy_pid; do kill "$p" 2>/dev/null; done; rm -rf "$scratch"' EXIT
cd "$scratch"

# wait_listening_ ERRFILE PID: until PID says where it listens (or dies).
wait_listening_() {
	tries=0
	until grep -q '^listening on ' "$1" 2>/dev/null; do
		tries=$((tries + 1))
		if test $tries -gt 100 || ! kill -0 "$2" 2>/dev/null; then
			cat "$1" >&2
			echo "demo: mtls-serve did not start" >&2
			exit 1
		fi
		sleep 0.1
	done
	sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$1"
}

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
port=$(wait_listening_ server.err "$server_pid")
run "cat server.err"

echo
echo "# The mail server gets the invoice."
run "mtls-get --ca ca/ca.cert.pem --cert mail-server/server.cert --key mail-server/private.key https://localhost:$port/"

echo
echo "# In a deployment the invoice server is an application with code of its"
echo "# own, listening on loopback only: mtls-serve stands in front of it and"
echo "# tells it who asked (X-Forwarded-Client-Cert, as Envoy sends it)."
cat >app.py <<'APP'
import json, re
from http.server import BaseHTTPRequestHandler, HTTPServer

class Invoices(BaseHTTPRequestHandler):
    def do_GET(self):
        xfcc = self.headers.get("X-Forwarded-Client-Cert", "")
        who = re.search(r'Subject="([^"]*)"', xfcc)
        body = json.dumps({"invoice": 42, "amount": "99.50 EUR",
                           "for": who.group(1) if who else None})
        body = (body + "\n").encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

app = HTTPServer(("127.0.0.1", 0), Invoices)
print(app.server_port, flush=True)
app.serve_forever()
APP
run "cat app.py"
printf '\n$ %s\n' "python3 app.py > app.port &"
python3 app.py >app.port &
app_pid=$!
tries=0
until test -s app.port; do
	tries=$((tries + 1))
	test $tries -gt 100 && { echo "demo: the application did not start" >&2; exit 1; }
	sleep 0.1
done
aport=$(cat app.port)
cmd="mtls-serve --ca ca/ca.cert.pem --cert invoice-server/server.cert --key invoice-server/private.key --listen 127.0.0.1:0 --workers 1 --backend http://127.0.0.1:$aport > proxy.log 2> proxy.err &"
printf '\n$ %s\n' "$cmd"
mtls-serve --ca ca/ca.cert.pem --cert invoice-server/server.cert \
	--key invoice-server/private.key --listen 127.0.0.1:0 --workers 1 \
	--backend "http://127.0.0.1:$aport" >proxy.log 2>proxy.err &
proxy_pid=$!
pport=$(wait_listening_ proxy.err "$proxy_pid")
run "mtls-get --ca ca/ca.cert.pem --cert mail-server/server.cert --key mail-server/private.key https://localhost:$pport/invoices/42"
run "cat proxy.log"
kill "$proxy_pid" "$app_pid"
wait "$proxy_pid" "$app_pid" 2>/dev/null || :
proxy_pid= app_pid=

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
