#!/bin/sh
# --backend: the backend gets the client's identity in X-Forwarded-For,
# X-Forwarded-Proto and Envoy's X-Forwarded-Client-Cert (and, with
# --forward-cert, the certificate itself), never what the client sent
# under those names; hop-by-hop headers are removed both ways.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
. "$abs_srcdir/tests/mtls-serve/proxy-lib.sh"
require_ curl python3

make_scenario_
make_client_ spiffe '/CN=mail.example/O=MailServer' \
	--san DNS:mail.example --san DNS:mx.example --san URI:spiffe://abc/mail
start_backend_ b
start_server_ s $serve_scenario_args_ --workers 1 \
	--backend "http://127.0.0.1:$bport"

# What the backend saw, one "Name: value" a line.
seen_() {
	python3 -c '
import json, sys
doc = json.load(sys.stdin)
print(doc["line"])
for k, v in doc["headers"]:
    print("%s: %s" % (k, v))'
}

# The SHA-256 of a certificate file's DER, computed here.
der_sha_() {
	python3 -c '
import hashlib, ssl, sys
print(hashlib.sha256(ssl.PEM_cert_to_DER_cert(open(sys.argv[1]).read())).hexdigest())' "$1"
}

H='Host: localhost\r\n'
forged="X-Forwarded-For: 6.6.6.6\r\nx-forwarded-client-cert: Hash=00;Subject=\"CN=admin\"\r\nX_Forwarded_Proto: http\r\nX-Client-Cert: forged\r\nForwarded: for=6.6.6.6\r\nX-Real-IP: 6.6.6.6\r\nX-FORWARDED-HOST: evil\r\nX_Forwarded_Client_Cert: Hash=00\r\n"
hop="Connection: X-Foo, close\r\nX-Foo: secret\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\nUpgrade: websocket\r\nProxy-Authorization: Basic eDp5\r\nProxy-Connection: keep-alive\r\n"
client_ spiffe --send "GET /headers?a=1 HTTP/1.1\r\n${H}${forged}${hop}X-Ok: kept\r\n\r\n" >raw ||
	fail=1
sed '1,/^\r$/d' raw | seen_ >got || { cat raw; fail=1; }
cat >exp <<EOF2
GET /headers?a=1 HTTP/1.1
Host: localhost
X-Ok: kept
X-Forwarded-For: 127.0.0.1
X-Forwarded-Proto: https
X-Forwarded-Client-Cert: Hash=$(der_sha_ spiffe/server.cert);Subject="O=MailServer,CN=mail.example";URI=spiffe://abc/mail;DNS=mail.example;DNS=mx.example
EOF2
compare exp got || fail=1
# The client asked for the connection to close, and it was.
grep -qx 'Connection: close.' raw || { cat raw; fail=1; }

# The backend's hop-by-hop headers do not reach the client.
curl_ mail-server /hop -D head -o body || fail=1
tr -d '\r' <head | grep -v '^Date: \|^Server: ' >got
printf '%s\n' 'HTTP/1.1 200 OK' 'X-Kept: end-to-end' 'Content-Length: 4' '' \
	>exp
compare exp got || fail=1

# A 1xx answer is passed on, then the answer.
client_ mail-server --send "GET /continue HTTP/1.1\r\n${H}Connection: close\r\n\r\n" >raw ||
	fail=1
tr -d '\r' <raw | sed -n '1,3p' >got
printf '%s\n' 'HTTP/1.1 103 Early Hints' 'Link: </a.css>; rel=preload' '' >exp
compare exp got || fail=1
tail -n 1 raw >got
echo 'after hints' >exp
compare exp got || fail=1
returns_ 0 stop_server_ || fail=1

# --forward-cert: the PEM, URL-escaped, as X-Client-Cert and Cert=.
start_server_ s2 $serve_scenario_args_ --workers 1 \
	--backend "http://127.0.0.1:$bport" --forward-cert
curl_ spiffe /headers -H 'X-Client-Cert: forged' | seen_ >got || fail=1
python3 -c '
import re, ssl, sys, urllib.parse
want = ssl.PEM_cert_to_DER_cert(open(sys.argv[1]).read())
lines = open(sys.argv[2]).read().splitlines()
certs = [l[len("X-Client-Cert: "):] for l in lines
         if l.startswith("X-Client-Cert: ")]
xfcc = [l for l in lines if l.startswith("X-Forwarded-Client-Cert: ")]
assert len(certs) == 1 and len(xfcc) == 1, lines
assert re.fullmatch(r"[A-Za-z0-9%._~-]+", certs[0]), certs[0]
pem = urllib.parse.unquote(certs[0])
assert ssl.PEM_cert_to_DER_cert(pem) == want
m = re.search(r";Cert=\"([^\"]*)\";Subject=", xfcc[0])
assert m and m.group(1) == certs[0], xfcc[0]
' spiffe/server.cert got || { cat got; fail=1; }
returns_ 0 stop_server_ || fail=1
Exit $fail
