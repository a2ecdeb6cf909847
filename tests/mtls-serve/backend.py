#!/usr/bin/env python3
"""A small HTTP/1.1 application for the reverse proxy tests.

Listens on 127.0.0.1 (a free port, written to --port-file) or on a Unix
socket (--unix PATH), and answers:
  GET  /headers          the request line and headers as JSON
  GET  /size/N           N bytes of a fixed pattern (Content-Length);
                         /size/N?chunked: the same, chunked
                         /size/N?close: the same, ending at the close
  POST /sha              sha256 and length of the request body (Content-
                         Length or chunked), as "HEX LEN\n"
  POST /pausesha         the same after 2 seconds of not reading
  GET  /sleep/S          answers after S seconds
  GET  /reset            closes the connection with a reset, no answer
  GET  /status/N         an empty answer with status N
  GET  /conns            how many connections it accepted so far
  GET  /hop              an answer carrying hop-by-hop headers
  GET  /early            answers 413 without reading the body
  GET  /garbage          something that is not an HTTP response
  GET  /continue         a 103 Early Hints, then the answer
With --idle-close S, a connection idle for S seconds is closed.
Every other path: 404.  A leading /app is ignored (a proxy's prefix).
"""
import argparse
import hashlib
import json
import os
import socket
import socketserver
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler

BLOCK = bytes((i * 7 + 3) & 0xFF for i in range(65536))
conns = 0
conns_lock = threading.Lock()


def pattern(n):
    while n > 0:
        k = min(n, len(BLOCK))
        yield BLOCK[:k]
        n -= k


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        global conns
        with conns_lock:
            conns += 1
        super().setup()

    def log_message(self, fmt, *args):
        pass

    def send_body(self, status, body, ctype="text/plain"):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            while True:
                line = self.rfile.readline()
                size = int(line.split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return
                yield self.rfile.read(size)
                self.rfile.readline()
        else:
            n = int(self.headers.get("Content-Length", "0"))
            while n > 0:
                data = self.rfile.read(min(n, 65536))
                if not data:
                    return
                n -= len(data)
                yield data

    def do_POST(self):
        self.route()

    def do_PUT(self):
        self.route()

    def do_GET(self):
        self.route()

    def do_HEAD(self):
        self.route()

    def route(self):
        path, _, query = self.path.partition("?")
        # A proxy with a prefix (http://HOST:PORT/app) sends /app/...
        if path.startswith("/app/"):
            path = path[4:]
        if path.endswith("/headers"):
            h = sha = None
            body = b"".join(self.read_body())
            doc = {
                "line": self.requestline,
                "headers": [[k, v] for k, v in self.headers.items()],
                "body": len(body),
            }
            self.send_body(200, json.dumps(doc).encode() + b"\n",
                           "application/json")
        elif path.startswith("/size/"):
            n = int(path[6:])
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            if query == "chunked":
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                if self.command != "HEAD":
                    for piece in pattern(n):
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                    self.wfile.write(b"0\r\nX-Trailer: t\r\n\r\n")
            elif query == "close":
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True
                if self.command != "HEAD":
                    for piece in pattern(n):
                        self.wfile.write(piece)
            else:
                self.send_header("Content-Length", str(n))
                self.end_headers()
                if self.command != "HEAD":
                    for piece in pattern(n):
                        self.wfile.write(piece)
        elif path in ("/sha", "/pausesha"):
            if path == "/pausesha":
                time.sleep(2)
            h = hashlib.sha256()
            n = 0
            for data in self.read_body():
                h.update(data)
                n += len(data)
            self.send_body(200, b"%s %d\n" % (h.hexdigest().encode(), n))
        elif path.startswith("/sleep/"):
            time.sleep(float(path[7:]))
            self.send_body(200, b"slept\n")
        elif path == "/reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()
        elif path.startswith("/status/"):
            self.send_response(int(path[8:]))
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/conns":
            self.send_body(200, b"%d\n" % conns)
        elif path == "/hop":
            body = b"hop\n"
            self.send_response(200)
            self.send_header("Connection", "X-Secret, keep-alive")
            self.send_header("X-Secret", "hop-by-hop")
            self.send_header("Keep-Alive", "timeout=5")
            self.send_header("Proxy-Authenticate", "Basic")
            self.send_header("Upgrade", "h2c")
            self.send_header("X-Kept", "end-to-end")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif path == "/garbage":
            self.close_connection = True
            self.wfile.write(b"HELLO WORLD\r\n\r\n")
        elif path == "/continue":
            self.wfile.write(b"HTTP/1.1 103 Early Hints\r\n"
                             b"Link: </a.css>; rel=preload\r\n\r\n")
            self.send_body(200, b"after hints\n")
        elif path == "/early":
            self.close_connection = True
            self.send_response(413)
            self.send_header("Content-Length", "3")
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(b"no\n")
        else:
            self.send_body(404, b"not here\n")


class TCPServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


class UnixServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file")
    ap.add_argument("--unix")
    ap.add_argument("--idle-close", type=float)
    a = ap.parse_args()
    if a.idle_close:
        Handler.timeout = a.idle_close
    if a.unix:
        srv = UnixServer(a.unix, Handler)
        # BaseHTTPRequestHandler wants a (host, port) client address.
        srv.get_request = lambda: (srv.socket.accept()[0], ("unix", 0))
    else:
        srv = TCPServer(("127.0.0.1", 0), Handler)
    if a.port_file:
        tmp = a.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % (srv.server_address[1] if not a.unix else 0))
        os.rename(tmp, a.port_file)
    srv.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
