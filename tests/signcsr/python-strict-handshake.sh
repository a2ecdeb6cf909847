#!/bin/sh
# Python's ssl module with VERIFY_X509_STRICT (RFC 5280 checks that reject
# leaves without AKI and CAs without keyUsage) accepts the scenario: a real
# TLS handshake in one process, invoice-server serving and requiring a
# client certificate, mail-server as the client checking the host name
# "localhost" (in the SAN only, as modern clients do).  A leaf made without
# AKI (by openssl) fails the same check.
. "${srcdir:-.}/tests/init.sh"
require_ python3 openssl

make_scenario_

cat >handshake.py <<'X'
import ssl, sys

ca, scert, skey, ccert, ckey, host = sys.argv[1:7]

def context(side, cert, key):
    c = ssl.SSLContext(side)
    c.verify_flags |= ssl.VERIFY_X509_STRICT
    c.verify_mode = ssl.CERT_REQUIRED
    c.load_verify_locations(ca)
    c.load_cert_chain(cert, key)
    return c

server_ctx = context(ssl.PROTOCOL_TLS_SERVER, scert, skey)
client_ctx = context(ssl.PROTOCOL_TLS_CLIENT, ccert, ckey)
assert client_ctx.check_hostname
# As modern clients do: the host name must be in a SAN, the CN is ignored.
client_ctx.hostname_checks_common_name = False
s_in, s_out, c_in, c_out = (ssl.MemoryBIO() for _ in range(4))
server = server_ctx.wrap_bio(s_in, s_out, server_side=True)
client = client_ctx.wrap_bio(c_in, c_out, server_hostname=host)

def pump():
    s_in.write(c_out.read())
    c_in.write(s_out.read())

def fail(who, e):
    why = e.verify_message if isinstance(e, ssl.SSLCertVerificationError) else e
    print("%s: %s" % (who, why))
    sys.exit(1)

done = {"client": False, "server": False}
for _ in range(20):
    for who, obj in (("client", client), ("server", server)):
        if not done[who]:
            try:
                obj.do_handshake()
                done[who] = True
            except ssl.SSLWantReadError:
                pass
            except ssl.SSLError as e:
                fail(who, e)
        pump()
    if all(done.values()):
        break
else:
    print("handshake did not finish")
    sys.exit(1)

# With TLS 1.3 the server judges the client certificate after the
# handshake returns on the client side: exchange data both ways.
client.write(b"ping")
data = None
for _ in range(10):
    pump()
    try:
        data = server.read()
        break
    except ssl.SSLWantReadError:
        pass
    except ssl.SSLError as e:
        fail("server", e)
server.write(b"pong " + data)
pump()
try:
    reply = client.read()
except ssl.SSLError as e:
    fail("client", e)
peer = dict(x[0] for x in server.getpeercert()["subject"])
print(client.version(), reply.decode(), peer["organizationName"])
X

python3 handshake.py ca/ca.cert.pem \
	invoice-server/server.cert invoice-server/private.key \
	mail-server/server.cert mail-server/private.key localhost >out 2>&1 ||
	fail=1
echo 'TLSv1.3 pong ping MailServer' >exp
compare exp out || fail=1

# The client checks the host name.
returns_ 1 python3 handshake.py ca/ca.cert.pem \
	invoice-server/server.cert invoice-server/private.key \
	mail-server/server.cert mail-server/private.key invoice.example \
	>out 2>&1 || fail=1
echo "client: Hostname mismatch, certificate is not valid for 'invoice.example'." >exp
compare exp out || fail=1

# The strict check is really on: the same leaf made by openssl without an
# authorityKeyIdentifier is refused, as server and as client certificate.
cat >noaki.ext <<'X'
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth,clientAuth
subjectAltName = DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = none
X
openssl x509 -req -in invoice-server/server.csr -CA ca/ca.cert.pem \
	-CAkey ca/ca.key.pem -days 30 -extfile noaki.ext -out noaki.cert \
	2>/dev/null || framework_failure_ openssl x509 -req
openssl x509 -in noaki.cert -noout -text | grep -q 'Authority Key Identifier' &&
	framework_failure_ "openssl added an AKI"
openssl verify -CAfile ca/ca.cert.pem noaki.cert >/dev/null ||
	framework_failure_ "openssl verify rejects the AKI-less certificate"

returns_ 1 python3 handshake.py ca/ca.cert.pem \
	noaki.cert invoice-server/private.key \
	mail-server/server.cert mail-server/private.key localhost \
	>out 2>&1 || fail=1
echo 'client: Missing Authority Key Identifier' >exp
compare exp out || fail=1
returns_ 1 python3 handshake.py ca/ca.cert.pem \
	invoice-server/server.cert invoice-server/private.key \
	noaki.cert invoice-server/private.key localhost >out 2>&1 || fail=1
echo 'server: Missing Authority Key Identifier' >exp
compare exp out || fail=1

Exit $fail
