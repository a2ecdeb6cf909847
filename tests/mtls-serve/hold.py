# tests/mtls-serve/hold.py -- hold N connections to a server open without
# finishing a handshake, as a client that never completes would: silent
# (nothing sent), or after a whole ClientHello.  Writes "held N" to
# stdout once the connections are open (N those the server kept after a
# moment), then holds them until SECONDS have passed or stdin closes.
#
#   hold.py PORT N SECONDS silent|hello [SOURCE-ADDRESS]
import os
import select
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from raw_handshake import client_hello, record  # noqa: E402

port, n, secs, mode = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), \
    sys.argv[4]
source = sys.argv[5] if len(sys.argv) > 5 else None
socks = []
for _ in range(n):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if source:
        s.bind((source, 0))
    s.settimeout(10)
    s.connect(('127.0.0.1', port))
    if mode == 'hello':
        s.sendall(record(22, client_hello(), b'\x03\x01'))
    socks.append(s)
time.sleep(0.5)
# A connection the server closed reads as end of file (or a reset).
kept = 0
for s in socks:
    r, _, _ = select.select([s], [], [], 0)
    try:
        closed = bool(r) and s.recv(65536, socket.MSG_PEEK) == b''
    except OSError:
        closed = True
    kept += not closed
print('held', kept, flush=True)
deadline = time.time() + secs
while time.time() < deadline:
    r, _, _ = select.select([sys.stdin], [], [], 0.2)
    if r and not sys.stdin.read(1):
        break
