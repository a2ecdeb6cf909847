# tests/mtls-serve/client.py -- a small TLS client for the mtls-serve
# tests, on Python's ssl module: sends the bytes it is given (with \r\n
# escapes), optionally waits for a file to exist and sends more, then
# prints everything the server sends until it closes.  A TLS error is
# printed as "ssl error: REASON" on stderr with exit status 1.  With
# --with-finished, SEND (repeated --repeat times) and then REST go out
# in the same write as the client's last handshake flight (its Finished
# message under TLS 1.3).
import argparse
import os
import socket
import ssl
import sys
import time

p = argparse.ArgumentParser()
p.add_argument('--port', type=int, required=True)
p.add_argument('--ca', required=True)
p.add_argument('--cert')
p.add_argument('--key')
p.add_argument('--tls12', action='store_true')
p.add_argument('--send', default='')
p.add_argument('--ready', help='file to create once SEND is sent')
p.add_argument('--wait', help='file to wait for before sending REST')
p.add_argument('--rest', default='')
p.add_argument('--timeout', type=float, default=20)
p.add_argument('--with-finished', action='store_true')
p.add_argument('--repeat', type=int, default=1)
a = p.parse_args()


def unescape(text):
    return text.encode().decode('unicode_escape').encode('latin-1')


ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.load_verify_locations(a.ca)
if a.cert:
    ctx.load_cert_chain(a.cert, a.key)
if a.tls12:
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
out = b''


def with_finished():
    """Handshake through memory buffers, so that the client's Finished
    and the request leave in one write; then read until the server
    closes."""
    global out
    inc, outg = ssl.MemoryBIO(), ssl.MemoryBIO()
    tls = ctx.wrap_bio(inc, outg, server_hostname='localhost')
    sock = socket.create_connection(('127.0.0.1', a.port), timeout=a.timeout)
    while True:
        try:
            tls.do_handshake()
            break
        except ssl.SSLWantReadError:
            sock.sendall(outg.read())
            data = sock.recv(65536)
            if not data:
                raise ssl.SSLEOFError('EOF in the handshake')
            inc.write(data)
    for _ in range(a.repeat):
        tls.write(unescape(a.send))
    if a.rest:
        tls.write(unescape(a.rest))
    sock.sendall(outg.read())
    while True:
        try:
            data = tls.read(65536)
            if not data:
                break
            out += data
        except ssl.SSLWantReadError:
            data = sock.recv(65536)
            if not data:
                break
            inc.write(data)
        except ssl.SSLZeroReturnError:
            break


try:
    if a.with_finished:
        with_finished()
        sys.stdout.buffer.write(out)
        sys.exit(0)
    sock = socket.create_connection(('127.0.0.1', a.port), timeout=a.timeout)
    tls = ctx.wrap_socket(sock, server_hostname='localhost')
    if a.send:
        tls.sendall(unescape(a.send))
    if a.ready:
        open(a.ready, 'w').close()
    if a.wait:
        deadline = time.time() + a.timeout
        while not os.path.exists(a.wait):
            if time.time() > deadline:
                sys.exit('client.py: gave up waiting for ' + a.wait)
            time.sleep(0.05)
        if a.rest:
            tls.sendall(unescape(a.rest))
    while True:
        data = tls.recv(65536)
        if not data:
            break
        out += data
except ssl.SSLError as e:
    sys.stdout.buffer.write(out)
    print('ssl error: ' + str(e.reason), file=sys.stderr)
    sys.exit(1)
except OSError as e:
    sys.stdout.buffer.write(out)
    print('error: ' + str(e), file=sys.stderr)
    sys.exit(3)
sys.stdout.buffer.write(out)
