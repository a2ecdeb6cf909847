#!/usr/bin/env python3
"""A TLS client for the tunnel tests: sends SEND (with \\n escapes) and
the contents of --file, then, with --half-close, its close_notify while
it keeps reading; prints all it receives until the server's
close_notify.  With --after, sends that once the server has closed its
side (a half-closed tunnel still carries the other way)."""
import argparse
import socket
import ssl
import sys

p = argparse.ArgumentParser()
p.add_argument("--port", type=int, required=True)
p.add_argument("--ca", required=True)
p.add_argument("--cert", required=True)
p.add_argument("--key", required=True)
p.add_argument("--send", default="")
p.add_argument("--file")
p.add_argument("--half-close", action="store_true")
p.add_argument("--after", default="")
p.add_argument("--timeout", type=float, default=20)
a = p.parse_args()

ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.load_verify_locations(a.ca)
ctx.load_cert_chain(a.cert, a.key)
inc, outg = ssl.MemoryBIO(), ssl.MemoryBIO()
tls = ctx.wrap_bio(inc, outg, server_hostname="localhost")
sock = socket.create_connection(("127.0.0.1", a.port), timeout=a.timeout)


def flush():
    data = outg.read()
    if data:
        try:
            sock.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server closed: what it sent is still read


def fill():
    try:
        data = sock.recv(65536)
    except ConnectionResetError:
        data = b""
    if not data:
        raise EOFError("the server closed the connection")
    inc.write(data)


while True:
    try:
        tls.do_handshake()
        break
    except ssl.SSLWantReadError:
        flush()
        fill()
flush()


def send(data):
    for i in range(0, len(data), 16384):
        tls.write(data[i:i + 16384])
        flush()


send(a.send.encode().decode("unicode_escape").encode("latin-1"))
if a.file:
    with open(a.file, "rb") as f:
        send(f.read())
if a.half_close:
    try:
        tls.unwrap()
    except ssl.SSLWantReadError:
        pass
    flush()
out = b""
while True:
    try:
        data = tls.read(65536)
    except ssl.SSLWantReadError:
        try:
            fill()
        except EOFError:
            break
        continue
    except ssl.SSLZeroReturnError:
        data = b""
    except ssl.SSLEOFError:
        break  # closed without close_notify: cut off
    if data:
        out += data
        continue
    # The server's close_notify: its side is closed, ours may go on.
    if a.after:
        send(a.after.encode())
        try:
            tls.unwrap()
        except (ssl.SSLWantReadError, ssl.SSLError):
            pass
        flush()
    break
sys.stdout.buffer.write(out)
