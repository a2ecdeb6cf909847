#!/bin/sh
# --backend unix:/PATH: HTTP to an application on a Unix socket, with a
# path prefix; Expect: 100-continue goes to the backend and its 100 back;
# an HTTP/1.0 request gets a Host.  Bad --backend values are refused at
# start.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
. "$abs_srcdir/tests/mtls-serve/proxy-lib.sh"
require_ curl python3

make_scenario_
start_backend_ b --unix "$PWD/app.sock"
start_server_ s $serve_scenario_args_ --workers 1 \
	--backend "unix:$PWD/app.sock"

seen_line_() {
	python3 -c 'import json, sys; print(json.load(sys.stdin)["line"])'
}
echo 'GET /headers?x HTTP/1.1' >exp
curl_ mail-server '/headers?x' | seen_line_ >got || fail=1
compare exp got || fail=1

# 100-continue: the client sends its body only after the backend's 100.
head -c 300000 /dev/urandom >up
curl_ mail-server /sha -H 'Expect: 100-continue' --data-binary @up \
	--expect100-timeout 30 -v >got 2>err || fail=1
echo "$(sha256sum <up | cut -d' ' -f1) 300000" >exp
compare exp got || fail=1
grep -q '^< HTTP/1.1 100 Continue' err || { cat err; fail=1; }

# HTTP/1.0 without Host.
client_ mail-server --send 'GET /headers HTTP/1.0\r\n\r\n' >raw || fail=1
sed '1,/^\r$/d' raw | python3 -c '
import json, sys
print(dict(json.load(sys.stdin)["headers"])["Host"])' >got || fail=1
echo localhost >exp
compare exp got || fail=1
grep -q '^HTTP/1.1 200 OK' raw || { cat raw; fail=1; }
returns_ 0 stop_server_ || fail=1

# A prefix goes before every path.
start_backend_ b2
start_server_ s2 $serve_scenario_args_ --workers 1 \
	--backend "http://127.0.0.1:$bport/app/"
echo 'GET /app/headers HTTP/1.1' >exp
curl_ mail-server /headers | seen_line_ >got || fail=1
compare exp got || fail=1
returns_ 0 stop_server_ || fail=1

# Refused at start.
refused_() {
	returns_ 2 mtls-serve $serve_scenario_args_ --listen 127.0.0.1:0 "$@" \
		>out 2>err || fail=1
}
refused_ --backend ftp://localhost/
echo "mtls-serve: invalid backend 'ftp://localhost/': expected http://HOST:PORT[/PREFIX], unix:/PATH or tcp://HOST:PORT" >exp
compare exp err || fail=1
refused_ --backend http://127.0.0.1:99999
echo "mtls-serve: invalid backend 'http://127.0.0.1:99999': expected http://HOST:PORT[/PREFIX], unix:/PATH or tcp://HOST:PORT" >exp
compare exp err || fail=1
refused_ --backend "http://127.0.0.1:$bport" --body /dev/null
printf '%s\n' 'mtls-serve: --backend cannot be used with --body' \
	"Try 'mtls-serve --help' for more information." >exp
compare exp err || fail=1
refused_ --backend "http://127.0.0.1:$bport" --root .
printf '%s\n' 'mtls-serve: --backend cannot be used with --root' \
	"Try 'mtls-serve --help' for more information." >exp
compare exp err || fail=1
refused_ --forward-cert
printf '%s\n' 'mtls-serve: --forward-cert needs --backend' \
	"Try 'mtls-serve --help' for more information." >exp
compare exp err || fail=1
refused_ --backend "http://127.0.0.1:$bport" --backend-timeout 0
printf '%s\n' "mtls-serve: invalid backend timeout: '0'" \
	"Try 'mtls-serve --help' for more information." >exp
compare exp err || fail=1
Exit $fail
