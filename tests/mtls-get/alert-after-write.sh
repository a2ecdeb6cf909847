#!/bin/sh
# Under TLS 1.3 a server rejects our certificate after the handshake and
# closes while we are still sending a large body: the write fails
# (connection reset), yet the alert the server sent first is read and
# named, not reported as a reset.  The server is Python's ssl module.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-get/peers.sh"
require_ python3
make_certs_

python3 -c 'import socket, ssl, sys
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(sys.argv[1], sys.argv[2])
ctx.load_verify_locations(sys.argv[3])
ctx.verify_mode = ssl.CERT_REQUIRED
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(5)
print(s.getsockname()[1], flush=True)
while True:
    c, _ = s.accept()
    try:
        t = ctx.wrap_socket(c, server_side=True)
        t.recv(10)
        t.close()
    except (ssl.SSLError, OSError):
        c.close()' invoice-server/server.cert invoice-server/private.key \
	ca/ca.cert.pem >py.port 2>py.err </dev/null &
pids_="$pids_ $!"
wait_file_ py.port || framework_failure_ python3 server
port=$(cat py.port)

head -c 4000000 /dev/zero | tr '\0' a >big || framework_failure_ big
echo "mtls-get: localhost:$port: the server rejected our certificate: unknown CA" >exp
returns_ 1 mtls-get $ZXC -d @big "https://localhost:$port/" >out 2>err || fail=1
compare /dev/null out || fail=1
compare exp err || fail=1

Exit $fail
