# tests/mtls-serve/raw_handshake.py -- malformed TLS handshakes written
# byte by byte, and what the server answers: prints the alert records it
# receives ("alert fatal 50"), then how the connection ended: "closed"
# (the server closed gracefully: FIN) or "reset" (RST).
#
#   raw_handshake.py PORT CASE
#
# CASE: truncated-hello  a ClientHello cut off inside its cipher suites,
#                        its lengths consistent up to the cut
#       bad-length       a ClientHello whose handshake length says more
#                        than its record holds, followed by a record of
#                        another type
#       oversized-record a record header announcing more than TLS allows
#       garbage          a handshake record whose message is of a type
#                        that does not exist
#       bad-certificate  a TLS 1.2 handshake up to the server's request
#                        for a certificate, then a Certificate message
#                        whose certificate does not parse
#       hello-then-close a ClientHello, then the client closes
import os
import socket
import struct
import sys

def record(ctype, body, version=b'\x03\x03'):
    return bytes([ctype]) + version + struct.pack('>H', len(body)) + body


def handshake(htype, body):
    return bytes([htype]) + struct.pack('>I', len(body))[1:] + body


def ext(etype, body):
    return struct.pack('>HH', etype, len(body)) + body


def client_hello():
    suites = b'\xc0\x2b\xc0\x2f\xc0\x2c\xc0\x30'  # ECDHE AES-GCM
    exts = (ext(10, b'\x00\x04\x00\x1d\x00\x17')  # groups: x25519, P-256
            + ext(11, b'\x01\x00')  # point formats: uncompressed
            + ext(13, b'\x00\x06\x04\x03\x08\x04\x04\x01')  # sig algs
            + ext(0xff01, b'\x00'))  # renegotiation_info
    body = (b'\x03\x03' + os.urandom(32) + b'\x00'
            + struct.pack('>H', len(suites)) + suites + b'\x01\x00'
            + struct.pack('>H', len(exts)) + exts)
    return handshake(1, body)


def read_records(s, until_type=None):
    """Read records; print alerts; stop at the end of the stream, or
    after a handshake message of UNTIL_TYPE."""
    buf = b''
    while True:
        try:
            data = s.recv(65536)
        except ConnectionResetError:
            print('reset')
            return False
        except socket.timeout:
            print('timeout')
            return False
        if not data:
            print('closed')
            return False
        buf += data
        while len(buf) >= 5:
            ctype, n = buf[0], struct.unpack('>H', buf[3:5])[0]
            if len(buf) < 5 + n:
                break
            body, buf = buf[5:5 + n], buf[5 + n:]
            if ctype == 21:
                print('alert %s %d' % ('fatal' if body[0] == 2
                                       else 'warning', body[1]))
            elif ctype == 22 and until_type is not None:
                off = 0
                while off + 4 <= len(body):
                    htype = body[off]
                    hlen = struct.unpack('>I', b'\0' + body[off + 1:off + 4])[0]
                    off += 4 + hlen
                    if htype == until_type:
                        return True



def main():
    port, case = int(sys.argv[1]), sys.argv[2]
    s = socket.create_connection(('127.0.0.1', port), timeout=20)
    hello = client_hello()
    if case == 'truncated-hello':
        # Cut inside the cipher suites; the handshake and record lengths
        # agree with the bytes sent.
        cut = hello[4:4 + 2 + 32 + 1 + 2 + 3]
        s.sendall(record(22, handshake(1, cut), b'\x03\x01'))
    elif case == 'bad-length':
        body = hello[4:]
        wrong = bytes([1]) + struct.pack('>I', len(body) + 100)[1:] + body
        s.sendall(record(22, wrong, b'\x03\x01')
                  + record(23, b'\x00' * 16, b'\x03\x01'))
    elif case == 'oversized-record':
        s.sendall(b'\x16\x03\x01\xff\xff' + b'\x00' * 64)
    elif case == 'garbage':
        s.sendall(record(22, handshake(0xee, b'\x5a' * 4), b'\x03\x01'))
    elif case == 'bad-certificate':
        s.sendall(record(22, hello, b'\x03\x01'))
        if not read_records(s, until_type=14):  # ServerHelloDone
            sys.exit(1)
        bad = b'\x30\x82\x01\x00' + b'\x02' * 8  # a SEQUENCE cut short
        certs = struct.pack('>I', len(bad))[1:] + bad
        s.sendall(record(22, handshake(11, struct.pack('>I', len(certs))[1:]
                                       + certs)))
    elif case == 'hello-then-close':
        s.sendall(record(22, hello, b'\x03\x01'))
        s.shutdown(socket.SHUT_WR)
    else:
        sys.exit('unknown case ' + case)
    read_records(s)


if __name__ == '__main__':
    main()
