# tests/mtls-serve/notify_listen.py ADDR OUT: what a service manager hears
# on its notification socket (NOTIFY_SOCKET): an AF_UNIX datagram socket at
# ADDR (a path, or @NAME in the abstract namespace).  Each datagram is
# written to OUT on one line, newlines as "\n", with MONOTONIC_USEC=N
# replaced by MONOTONIC_USEC=OK when N is a time of CLOCK_MONOTONIC between
# the start and the message's arrival (BAD otherwise).  Stops after
# STOPPING=1 or after 60 seconds.  "ready" is written to OUT.ready once
# the socket is bound.
import re
import socket
import sys
import time

addr, out = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("\0" + addr[1:] if addr.startswith("@") else addr)
start = time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 1000
with open(out + ".ready", "w") as f:
    f.write("ready\n")
s.settimeout(60)
with open(out, "w") as f:
    while True:
        msg = s.recv(4096).decode()
        now = time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 1000

        def check(m):
            ok = start <= int(m.group(1)) <= now
            return "MONOTONIC_USEC=" + ("OK" if ok else "BAD")

        msg = re.sub(r"MONOTONIC_USEC=([0-9]+)", check, msg)
        f.write(msg.replace("\n", "\\n") + "\n")
        f.flush()
        if msg == "STOPPING=1":
            break
