# tests/mtls-get/peers.sh -- sourced by the mtls-get tests after
# tests/init.sh: certificates, and the independent servers mtls-get is
# judged by, each on a free port of 127.0.0.1, each killed at exit.

pids_=
cleanup_() {
	for p_ in $pids_; do
		kill "$p_" 2>/dev/null
	done
	for p_ in $pids_; do
		wait "$p_" 2>/dev/null
	done
}

# A port nothing listens on right now.
free_port_() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# wait_listen_ PORT: until 127.0.0.1:PORT accepts (10 s at most).
wait_listen_() {
	python3 - "$1" <<'PY'
import socket, sys, time
end = time.time() + 10
while time.time() < end:
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit(1)
PY
}

# wait_file_ FILE: until FILE is not empty (10 s at most).
wait_file_() {
	i_=0
	while test ! -s "$1"; do
		i_=$((i_ + 1))
		test $i_ -gt 100 && return 1
		sleep 0.1
	done
	return 0
}

# The reference scenario (see init.sh), a server certificate that also
# holds IP SANs for 127.0.0.1 and ::1 (ip-server/), a client certificate
# from another company's CA (zxc/), and the invoice the servers serve.
make_certs_() {
	make_scenario_
	mkdir -p ip-server zxc || framework_failure_ mkdir
	mkcsr --subject '/CN=localhost/O=InvoiceServer' \
		--san DNS:localhost,IP:127.0.0.1,IP:::1 \
		--key-out ip-server/private.key |
		signcsr --ca ca/ca.cert.pem --ca-key ca/ca.key.pem \
			>ip-server/server.cert || framework_failure_ ip-server
	mkca --subject '/O=ZXC Inc.' --key-out zxc/ca.key.pem \
		>zxc/ca.cert.pem || framework_failure_ zxc
	mkcsr --subject '/CN=localhost/O=MailServer' \
		--key-out zxc/private.key |
		signcsr --ca zxc/ca.cert.pem --ca-key zxc/ca.key.pem \
			>zxc/client.cert || framework_failure_ zxc
	printf '{"invoice": 42, "amount": "99.50 EUR"}\n' >invoice.json
	cp invoice.json invoice.exp
}

# What mtls-get needs to be the mail server.
MAIL='--ca ca/ca.cert.pem --cert mail-server/server.cert --key mail-server/private.key'
ZXC='--ca ca/ca.cert.pem --cert zxc/client.cert --key zxc/private.key'
TLS12='--priority NORMAL:-VERS-ALL:+VERS-TLS1.2'

# start_openssl_ ARGS...: openssl s_server serving files of the current
# directory (-WWW) as the invoice server, with ARGS added; sets $port.
start_openssl_() {
	port=$(free_port_) || framework_failure_ free port
	openssl s_server -quiet -WWW -accept "127.0.0.1:$port" \
		-cert invoice-server/server.cert \
		-key invoice-server/private.key "$@" \
		>openssl.log 2>&1 </dev/null &
	pids_="$pids_ $!"
	wait_listen_ "$port" || framework_failure_ openssl s_server
}

# start_node_ [MAX_TLS_VERSION]: the Node.js server of node-server.js as
# the invoice server; sets $port.
start_node_() {
	rm -f node.port
	node "$abs_srcdir/tests/mtls-get/node-server.js" \
		invoice-server/server.cert invoice-server/private.key \
		ca/ca.cert.pem "$@" >node.port 2>node.log </dev/null &
	pids_="$pids_ $!"
	wait_file_ node.port || framework_failure_ node
	port=$(cat node.port)
}

# start_serve_ [ARGS...]: mtls-serve as the invoice server, answering
# invoice.json, with ARGS added; sets $port.  Its log: serve.out (requests),
# serve.err (refusals).
start_serve_() {
	rm -f serve.err
	mtls-serve --ca ca/ca.cert.pem --cert invoice-server/server.cert \
		--key invoice-server/private.key --listen 127.0.0.1:0 \
		--workers 1 --body invoice.json "$@" \
		>serve.out 2>serve.err </dev/null &
	pids_="$pids_ $!"
	i_=0
	until grep -q '^listening on ' serve.err 2>/dev/null; do
		i_=$((i_ + 1))
		test $i_ -gt 100 && framework_failure_ mtls-serve
		sleep 0.1
	done
	port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' serve.err)
}

# start_gnutls_ [ARGS...]: gnutls-serv --http requiring a client
# certificate from the ABC CA; sets $port.
start_gnutls_() {
	port=$(free_port_) || framework_failure_ free port
	gnutls-serv --http --port "$port" \
		--x509certfile invoice-server/server.cert \
		--x509keyfile invoice-server/private.key \
		--x509cafile ca/ca.cert.pem --require-client-cert "$@" \
		>gnutls.log 2>&1 </dev/null &
	pids_="$pids_ $!"
	wait_listen_ "$port" || framework_failure_ gnutls-serv
}
