#!/bin/sh
# Network failures exit 3 with the reason: nothing listening, and a
# server that accepts but never answers (--timeout).
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-get/peers.sh"
require_ python3
make_certs_

port=$(free_port_)
echo "mtls-get: localhost:$port: cannot connect: connection refused" >exp
returns_ 3 mtls-get $MAIL "https://localhost:$port/" >out 2>err || fail=1
compare /dev/null out || fail=1
compare exp err || fail=1

# A listener that accepts and then says nothing.
python3 -c 'import socket, sys, time
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
echo "mtls-get: localhost:$port: timed out after 1 s waiting for the TLS handshake" >exp
returns_ 3 timeout 20 mtls-get $MAIL --timeout 1 "https://localhost:$port/" >out 2>err || fail=1
compare /dev/null out || fail=1
compare exp err || fail=1

Exit $fail
