#!/bin/sh
# --backend: a backend that refuses the connection, resets it, answers
# with something that is not HTTP, or does not answer within
# --backend-timeout gets the client 502 or 504, logged with the reason.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
. "$abs_srcdir/tests/mtls-serve/proxy-lib.sh"
require_ curl python3

make_scenario_
start_backend_ b
start_server_ s $serve_scenario_args_ --workers 1 \
	--backend "http://127.0.0.1:$bport" --backend-timeout 1

code_() {
	curl_ mail-server "$1" -o body -w '%{http_code}\n'
}

echo 502 >exp
code_ /reset >got || fail=1
compare exp got || fail=1
echo 'Bad Gateway' >exp
compare exp body || fail=1
echo 502 >exp
code_ /garbage >got || fail=1
compare exp got || fail=1

start=$(date +%s)
echo 504 >exp
code_ /sleep/4 >got || fail=1
compare exp got || fail=1
echo 'Gateway Timeout' >exp
compare exp body || fail=1
test $(($(date +%s) - start)) -le 3 || { echo "504 came late"; fail=1; }

# Still serving after all that.
echo 200 >exp
code_ /size/5 >got || fail=1
compare exp got || fail=1

# The backend is gone: nobody listens on its port any more.
kill $backend_pid
wait $backend_pid 2>/dev/null
echo 502 >exp
code_ /size/5 >got || fail=1
compare exp got || fail=1

returns_ 0 stop_server_ || fail=1
sed 's/^mtls-serve: 127\.0\.0\.1:[0-9]*: /mtls-serve: PEER: /' s.err >got
cat >exp <<EOF2
listening on 127.0.0.1:$port
mtls-serve: PEER: backend 127.0.0.1:$bport: Connection reset by peer; answering 502
mtls-serve: PEER: backend 127.0.0.1:$bport: malformed response: the answer is not an HTTP/1.x response; answering 502
mtls-serve: PEER: backend 127.0.0.1:$bport did not answer within 1000 ms; answering 504
mtls-serve: PEER: backend 127.0.0.1:$bport: cannot connect: Connection refused; answering 502
EOF2
compare exp got || fail=1
# The access log: our status, then the backend's ("-": none) and its time.
sed 's/\[[^]]*\]/[DATE]/; s/ [0-9]*\.[0-9][0-9][0-9]$/ TIME/' s.out >got
cat >exp <<'EOF2'
127.0.0.1 - "O=MailServer,CN=localhost" [DATE] "GET /reset HTTP/1.1" 502 12 - TIME
127.0.0.1 - "O=MailServer,CN=localhost" [DATE] "GET /garbage HTTP/1.1" 502 12 - TIME
127.0.0.1 - "O=MailServer,CN=localhost" [DATE] "GET /sleep/4 HTTP/1.1" 504 16 - TIME
127.0.0.1 - "O=MailServer,CN=localhost" [DATE] "GET /size/5 HTTP/1.1" 200 5 200 TIME
127.0.0.1 - "O=MailServer,CN=localhost" [DATE] "GET /size/5 HTTP/1.1" 502 12 - TIME
EOF2
compare exp got || fail=1

# A client that resets its connection while the backend takes its time:
# no CPU spent on it meanwhile (its socket is not watched then), and it
# is closed when the answer cannot be sent.
start_backend_ b2
start_server_ s3 $serve_scenario_args_ --workers 1 \
	--backend "http://127.0.0.1:$bport"
cpu_() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
before=$(cpu_)
python3 -c '
import socket, ssl, struct, sys, time
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.load_verify_locations("ca/ca.cert.pem")
ctx.load_cert_chain("mail-server/server.cert", "mail-server/private.key")
t = ctx.wrap_socket(socket.create_connection(("127.0.0.1", int(sys.argv[1]))),
                    server_hostname="localhost")
t.sendall(b"GET /sleep/3 HTTP/1.1\r\nHost: x\r\n\r\n")
time.sleep(0.3)
t.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
t.close()
' "$port" || fail=1
sleep 2
used=$(($(cpu_) - before))
wait_for_ 10 "grep -q 'the client went away' s3.err" ||
	{ cat s3.err; fail=1; }
test $used -lt 50 || { echo "$used ticks of CPU for a gone client"; fail=1; }
returns_ 0 stop_server_ || fail=1
Exit $fail
