#!/bin/sh
# Every failed handshake ends with the alert that names the cause and a
# graceful close (FIN, never a reset), and the log says why in words:
# malformed handshakes written byte by byte.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
require_ python3

make_scenario_
start_server_ s $serve_scenario_args_ --workers 1

raw_() {
	python3 "$abs_srcdir/tests/mtls-serve/raw_handshake.py" "$port" "$1"
}
# try_ CASE EXPECTED-OUTPUT EXPECTED-LOG-TEXT
try_() {
	printf '%s\n' "$2" >exp
	raw_ "$1" >out 2>err || { cat err; fail=1; }
	compare exp out || { echo "case $1"; fail=1; }
	n=$((n + 1))
	wait_for_ 10 "test \$(grep -c 'handshake failed' s.err) -ge $n" ||
		{ cat s.err; fail=1; }
	printf 'mtls-serve: 127.0.0.1:PORT: handshake failed: %s\n' "$3" >exp
	grep 'handshake failed' s.err | sed -n "${n}p" |
		sed 's/127\.0\.0\.1:[0-9]*:/127.0.0.1:PORT:/' >got
	compare exp got || fail=1
}
n=0
try_ truncated-hello 'alert fatal 50
closed' 'the client sent a record or message of an impossible length; sent alert decode_error'
try_ bad-length 'alert fatal 10
closed' 'the client sent a message out of order; sent alert unexpected_message'
try_ oversized-record 'alert fatal 22
closed' 'the client sent a record longer than TLS allows; sent alert record_overflow'
try_ garbage 'alert fatal 10
closed' 'the client sent a handshake message out of order; sent alert unexpected_message'
try_ bad-certificate 'alert fatal 42
closed' "the client's certificate could not be read; sent alert bad_certificate"
try_ hello-then-close 'closed' \
	'the client closed the connection during the handshake'

# No GnuTLS wording reaches the log.
grep -i 'error in the\|function' s.err && fail=1

# The server still serves.
returns_ 0 curl_ mail-server / -o /dev/null 2>err || { cat err; fail=1; }
returns_ 0 stop_server_ || fail=1
Exit $fail
