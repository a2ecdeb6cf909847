#!/bin/sh
# showcert https://HOST:PORT prints the chain the server sends, as it
# sends it, in every output mode, without judging it: the same output as
# for a file holding that chain.  --servername picks the name sent (SNI);
# a server that requires a client certificate still shows its chain; an
# unreachable or non-TLS server is a one-line error (exit 2).
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-get/peers.sh"
require_ openssl python3
make_certs_

# A server certificate from an intermediate CA, and another one for SNI.
mkca --subject '/CN=ABC Issuing CA/O=ABC Inc.' --days 300 \
	--issuer-cert ca/ca.cert.pem \
	--issuer-key ca/ca.key.pem --key-out inter.key >inter.pem ||
	framework_failure_ "mkca inter"
mkcsr --subject '/CN=localhost/O=Web' --san DNS:localhost --key-out web.key |
	signcsr --ca inter.pem --ca-key inter.key --profile server >web.pem ||
	framework_failure_ "signcsr web"
mkcsr --subject '/CN=other.test' --key-out other.key |
	signcsr --ca ca/ca.cert.pem --ca-key ca/ca.key.pem >other.pem ||
	framework_failure_ "signcsr other"
cat web.pem inter.pem >chain.pem

# openssl_ ARGS...: openssl s_server on a free port ($port) with ARGS.
openssl_() {
	port=$(free_port_) || framework_failure_ free port
	openssl s_server -quiet -accept "127.0.0.1:$port" "$@" \
		>openssl.log 2>&1 </dev/null &
	pids_="$pids_ $!"
	wait_listen_ "$port" || framework_failure_ openssl s_server
}
openssl_ -cert web.pem -key web.key -cert_chain inter.pem \
	-servername other.test -cert2 other.pem -key2 other.key
url=https://localhost:$port/

# Every mode gives what it gives for the file, under the URL's name.
returns_ 0 showcert --field subject --field days-left "$url" >out 2>err ||
	fail=1
showcert --field subject --field days-left chain.pem >exp || fail=1
compare exp out || fail=1
compare /dev/null err || fail=1
returns_ 0 showcert "$url" >out 2>err || fail=1
showcert chain.pem | sed "s|^chain\\.pem|$url|" >exp || fail=1
compare exp out || fail=1
grep -q "^$url\\[2\\]: certificate\$" out || fail=1
returns_ 0 showcert --json "$url" >out 2>err || fail=1
showcert --json chain.pem | sed "s|\"file\":\"chain\\.pem\"|\"file\":\"$url\"|" \
	>exp || fail=1
compare exp out || fail=1
returns_ 0 showcert --text "$url" >out 2>err || fail=1
showcert --text chain.pem | sed "s|^chain\\.pem|$url|" >exp || fail=1
compare exp out || fail=1

# Nothing is judged: an IP address the certificate does not name, no
# path; and files and URLs mix, in order.
returns_ 0 showcert --field subject "https://127.0.0.1:$port" other.pem \
	>out 2>err || fail=1
printf '%s\n' 'O=Web,CN=localhost' 'O=ABC Inc.,CN=ABC Issuing CA' \
	'CN=other.test' >exp
compare exp out || fail=1

# --servername is the name the server is asked for (SNI).
returns_ 0 showcert --servername other.test --field subject \
	"https://127.0.0.1:$port" >out 2>err || fail=1
echo 'CN=other.test' >exp
compare exp out || fail=1
returns_ 2 showcert --servername '' "$url" >out 2>err || fail=1
printf '%s\n' "showcert: --servername needs a name" \
	"Try 'showcert --help' for more information." >exp
compare exp err || fail=1

# Servers that require a client certificate send their chain first:
# mtls-serve, and openssl under TLS 1.2, where the refusal ends the
# handshake itself.
start_serve_
returns_ 0 showcert --field subject "https://localhost:$port/" >out 2>err ||
	fail=1
echo 'O=InvoiceServer,CN=localhost' >exp
compare exp out || fail=1
compare /dev/null err || fail=1
for v in -tls1_2 -tls1_3; do
	openssl_ $v -cert web.pem -key web.key -cert_chain inter.pem \
		-Verify 1 -CAfile ca/ca.cert.pem
	returns_ 0 showcert --field subject "https://localhost:$port/" \
		>out 2>err || fail=1
	printf '%s\n' 'O=Web,CN=localhost' 'O=ABC Inc.,CN=ABC Issuing CA' >exp
	compare exp out || fail=1
	compare /dev/null err || fail=1
done

# Errors: one line naming the server, exit 2; the other arguments are
# still shown.
port=$(free_port_)
returns_ 2 showcert --field subject "https://localhost:$port" other.pem \
	>out 2>err || fail=1
echo "showcert: localhost:$port: cannot connect: connection refused" >exp
compare exp err || fail=1
echo 'CN=other.test' >exp
compare exp out || fail=1

returns_ 2 showcert https://localhost:70000/ >out 2>err || fail=1
grep -q "^showcert: .*'https://localhost:70000/'" err || fail=1
test "$(wc -l <err)" = 1 || fail=1
compare /dev/null out || fail=1

# A server that answers in plain HTTP.
python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(5)
print(s.getsockname()[1], flush=True)
while True:
    c, _ = s.accept()
    c.recv(4096)
    c.sendall(b"HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n")
    c.close()' >http.port </dev/null &
pids_="$pids_ $!"
wait_file_ http.port || framework_failure_ python3 listener
port=$(cat http.port)
returns_ 2 showcert "https://127.0.0.1:$port/" >out 2>err || fail=1
echo "showcert: 127.0.0.1:$port: the server does not answer in TLS 1.2 or" \
	"1.3 (is it an HTTPS server?)" >exp
compare exp err || fail=1
compare /dev/null out || fail=1

# A server that accepts and says nothing: given up after 10 s, not hung.
python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(5)
print(s.getsockname()[1], flush=True)
conns = []
while True:
    conns.append(s.accept())' >mute.port </dev/null &
pids_="$pids_ $!"
wait_file_ mute.port || framework_failure_ python3 listener
port=$(cat mute.port)
returns_ 2 timeout 30 showcert "https://localhost:$port/" >out 2>err || fail=1
echo "showcert: localhost:$port: timed out after 10 s waiting for the TLS" \
	"handshake" >exp
compare exp err || fail=1
compare /dev/null out || fail=1

Exit $fail
