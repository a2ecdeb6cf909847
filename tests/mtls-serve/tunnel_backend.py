#!/usr/bin/env python3
"""A TCP application for the tunnel tests, with an independent PROXY
protocol v2 reader (the HAProxy specification, section 2.2).

Listens on a free 127.0.0.1 port (written to --port-file).  With
--proxy-protocol, each connection must begin with a v2 header; what it
says goes as one JSON line to --log.  Then the first line the client
sends chooses what happens:
  sink    read until the client's end of stream, answer "SHA256 LEN\\n"
          and close
  first   send "hello\\n" and shut down writing first, then read until
          the end of stream and log "got SHA256 LEN"
  quiet   read until the end of stream and say nothing
"""
import argparse
import hashlib
import json
import socket
import struct
import sys
import threading

SIG = b"\r\n\r\n\x00\r\nQUIT\n"


def recv_exact(s, n):
    data = b""
    while len(data) < n:
        more = s.recv(n - len(data))
        if not more:
            raise EOFError("end of stream in the PROXY header")
        data += more
    return data


def parse_tlvs(data):
    out = []
    while data:
        if len(data) < 3:
            raise ValueError("truncated TLV")
        t, n = data[0], struct.unpack("!H", data[1:3])[0]
        if len(data) < 3 + n:
            raise ValueError("TLV longer than the header")
        out.append((t, data[3:3 + n]))
        data = data[3 + n:]
    return out


def read_proxy_v2(s):
    head = recv_exact(s, 16)
    if head[:12] != SIG:
        raise ValueError("no PROXY v2 signature")
    ver_cmd, fam = head[12], head[13]
    n = struct.unpack("!H", head[14:16])[0]
    body = recv_exact(s, n)
    doc = {"version": ver_cmd >> 4, "command": ver_cmd & 0xF}
    if fam == 0x11:
        src, dst, sport, dport = struct.unpack("!4s4sHH", body[:12])
        doc.update(family="TCP4", src=socket.inet_ntop(socket.AF_INET, src),
                   dst=socket.inet_ntop(socket.AF_INET, dst),
                   sport=sport, dport=dport)
        rest = body[12:]
    elif fam == 0x21:
        src, dst, sport, dport = struct.unpack("!16s16sHH", body[:36])
        doc.update(family="TCP6",
                   src=socket.inet_ntop(socket.AF_INET6, src),
                   dst=socket.inet_ntop(socket.AF_INET6, dst),
                   sport=sport, dport=dport)
        rest = body[36:]
    else:
        doc["family"] = fam
        rest = body
    for t, v in parse_tlvs(rest):
        if t == 0x20:  # PP2_TYPE_SSL
            doc["ssl_client"] = v[0]
            doc["ssl_verify"] = struct.unpack("!I", v[1:5])[0]
            for st, sv in parse_tlvs(v[5:]):
                name = {0x21: "ssl_version", 0x22: "ssl_cn",
                        0x23: "ssl_cipher"}.get(st, "ssl_%#x" % st)
                doc[name] = sv.decode()
        elif t == 0xE0:
            doc["subject"] = v.decode()
        else:
            doc["tlv_%#x" % t] = v.hex()
    return doc


def serve(conn, a, lock):
    with conn:
        if a.proxy_protocol:
            try:
                doc = read_proxy_v2(conn)
            except (ValueError, EOFError) as e:
                doc = {"error": str(e)}
            with lock, open(a.log, "a") as f:
                f.write(json.dumps(doc, sort_keys=True) + "\n")
            if "error" in doc:
                return
        f = conn.makefile("rb")
        mode = f.readline().strip()
        if mode == b"first":
            conn.sendall(b"hello\n")
            conn.shutdown(socket.SHUT_WR)
        h, n = hashlib.sha256(), 0
        while True:
            data = f.read1(65536)
            if not data:
                break
            h.update(data)
            n += len(data)
        if mode == b"sink":
            conn.sendall(b"%s %d\n" % (h.hexdigest().encode(), n))
        elif mode == b"first":
            with lock, open(a.log, "a") as out:
                out.write("got %s %d\n" % (h.hexdigest(), n))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--proxy-protocol", action="store_true")
    a = ap.parse_args()
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(16)
    with open(a.port_file + ".tmp", "w") as f:
        f.write("%d\n" % s.getsockname()[1])
    import os
    os.rename(a.port_file + ".tmp", a.port_file)
    lock = threading.Lock()
    while True:
        conn, _ = s.accept()
        threading.Thread(target=serve, args=(conn, a, lock),
                         daemon=True).start()


if __name__ == "__main__":
    sys.exit(main())
