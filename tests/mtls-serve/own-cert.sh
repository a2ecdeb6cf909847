#!/bin/sh
# mtls-serve checks its own certificate at start and at each reload:
# it refuses one whose key does not match, or that cannot serve (an
# extended key usage without serverAuth, a key usage without
# digitalSignature) -- exit 2 at start, the old configuration kept at a
# reload -- and warns, once, when it has expired, is not valid yet, or
# expires within 14 days.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
require_ openssl faketime python3

make_scenario_
make_client_ client '/CN=client/O=Client' --profile client
make_client_ server '/CN=localhost/O=Fine' --profile server
# A server certificate whose key usage only allows key encipherment.
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout ke.key -subj '/CN=localhost/O=KeyEnc' -out ke.csr 2>/dev/null ||
	framework_failure_ "openssl req"
printf '%s\n' 'keyUsage=critical,keyEncipherment' \
	'extendedKeyUsage=serverAuth' 'subjectAltName=DNS:localhost' >ke.ext
openssl x509 -req -in ke.csr -CA ca/ca.cert.pem -CAkey ca/ca.key.pem \
	-CAcreateserial -days 30 -extfile ke.ext -out ke.pem 2>/dev/null ||
	framework_failure_ "openssl x509 -req"
# Certificates from a CA made 41 days ago: one that expired 10 days ago
# and one with 8.5 days left.
asan_faketime_ '-41 days' mkca --subject '/O=Old CA' --key-out old.key >old.pem ||
	framework_failure_ "mkca old"
cat ca/ca.cert.pem old.pem >cas.pem
asan_faketime_ '-40 days' mkcsr --subject '/CN=localhost/O=Expired' \
	--key-out expired.key >expired.csr || framework_failure_ mkcsr
asan_faketime_ '-40 days' signcsr --ca old.pem --ca-key old.key --days 30 \
	<expired.csr >expired.pem || framework_failure_ "signcsr expired"
asan_faketime_ '-36 hours' mkcsr --subject '/CN=localhost/O=Soon' \
	--key-out soon.key >soon.csr || framework_failure_ mkcsr
asan_faketime_ '-36 hours' signcsr --ca old.pem --ca-key old.key --days 10 \
	<soon.csr >soon.pem || framework_failure_ "signcsr soon"
asan_faketime_ '-36 hours' signcsr --ca old.pem --ca-key old.key --days 16 \
	<soon.csr >later.pem || framework_failure_ "signcsr later"
end_() { showcert --field not-after "$1" | sed 's/T/ /;s/Z/ UTC/'; }

# refused_ MESSAGE CERT KEY: mtls-serve does not start (exit 2), and
# says MESSAGE, alone.
refused_() {
	printf 'mtls-serve: %s\n' "$1" >exp
	returns_ 2 timeout 20 mtls-serve --ca ca/ca.cert.pem --cert "$2" \
		--key "$3" --listen 127.0.0.1:0 >out 2>err || return 1
	compare exp err && compare /dev/null out
}
refused_ "the key 'server/private.key' does not match the certificate \
'client/server.cert' ('O=Client,CN=client')" \
	client/server.cert server/private.key || fail=1
refused_ "the certificate 'client/server.cert' ('O=Client,CN=client') is \
not valid for server authentication (extended key usage: client auth only)" \
	client/server.cert client/private.key || fail=1
refused_ "the certificate 'ke.pem' ('O=KeyEnc,CN=localhost') cannot sign TLS \
handshakes: its key usage does not allow digital signatures" ke.pem ke.key ||
	fail=1

# Expired, or close to it: it starts, and says so first.
for c in expired soon; do
	start_server_ $c --ca cas.pem --cert $c.pem --key $c.key
	case $c in
	expired) words="('O=Expired,CN=localhost') expired on $(end_ $c.pem)\
 (10 days ago); clients will refuse it" ;;
	soon) words="('O=Soon,CN=localhost') expires on $(end_ $c.pem)\
 (in 8 days)" ;;
	esac
	{
		echo "mtls-serve: warning: the certificate '$c.pem' $words"
		echo "listening on 127.0.0.1:$port"
	} >exp
	compare exp $c.err || fail=1
	stop_server_ || fail=1
done
# Not yet valid.
asan_faketime_ '+2 days' mkcsr --subject '/CN=localhost/O=Future' \
	--key-out future.key >future.csr || framework_failure_ mkcsr
asan_faketime_ '+2 days' signcsr --ca ca/ca.cert.pem --ca-key ca/ca.key.pem \
	--days 30 <future.csr >future.pem || framework_failure_ "signcsr future"
start_server_ future --ca ca/ca.cert.pem --cert future.pem --key future.key
head -n 1 future.err >got
grep -Eqx "mtls-serve: warning: the certificate 'future.pem' \
\('O=Future,CN=localhost'\) is not valid before [-0-9]+ [:0-9]+ UTC \
\(in (1 day|less than a day)\); clients will refuse it until then" got ||
	{ cat got; fail=1; }
stop_server_ || fail=1
# More than 14 days left, or -q: nothing.
start_server_ later --ca cas.pem --cert later.pem --key soon.key
echo "listening on 127.0.0.1:$port" >exp
compare exp later.err || fail=1
stop_server_ || fail=1
qport=$(python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])') || framework_failure_ "free port"
mtls-serve -q --ca cas.pem --cert soon.pem --key soon.key \
	--listen "127.0.0.1:$qport" >q.out 2>q.err &
server_pid=$!
pids_="$pids_ $server_pid"
wait_for_ 20 "showcert https://127.0.0.1:$qport >/dev/null 2>&1" ||
	fail=1
stop_server_ || fail=1
# (showcert, which has no client certificate, is refused; nothing else.)
grep -v ': refused: no client certificate;' q.err >got
compare /dev/null got || fail=1

# At a reload (two workers, so the warning must come once): a certificate
# that cannot serve keeps the old one; an expiring one is warned about.
cp server/server.cert srv.pem && cp server/private.key srv.key ||
	framework_failure_ cp
start_server_ r --ca cas.pem --cert srv.pem --key srv.key --workers 2
cp client/server.cert srv.pem && cp client/private.key srv.key ||
	framework_failure_ cp
kill -HUP "$server_pid"
wait_for_ 20 "grep -q 'reload failed' r.err" || { cat r.err; fail=1; }
sleep 0.5
{
	echo "listening on 127.0.0.1:$port"
	echo "mtls-serve: reload failed, keeping the old configuration: the" \
		"certificate 'srv.pem' ('O=Client,CN=client') is not valid for" \
		"server authentication (extended key usage: client auth only)"
} >exp
compare exp r.err || fail=1
returns_ 0 showcert --field subject "https://127.0.0.1:$port" >out 2>err ||
	fail=1
echo 'O=Fine,CN=localhost' >exp
compare exp out || fail=1

# A key that is not the certificate's: the same.
cp client/private.key srv.key || framework_failure_ cp
cp server/server.cert srv.pem || framework_failure_ cp
kill -HUP "$server_pid"
wait_for_ 20 "test \$(grep -c 'reload failed' r.err) = 2" ||
	{ cat r.err; fail=1; }
echo "mtls-serve: reload failed, keeping the old configuration: the key" \
	"'srv.key' does not match the certificate 'srv.pem'" \
	"('O=Fine,CN=localhost')" >exp-key
grep 'reload failed' r.err | tail -n 1 >got
compare exp-key got || fail=1

cp soon.pem srv.pem && cp soon.key srv.key || framework_failure_ cp
kill -HUP "$server_pid"
wait_for_ 20 "grep -q 'reloaded' r.err" || { cat r.err; fail=1; }
sleep 0.5
{
	echo "listening on 127.0.0.1:$port"
	echo "mtls-serve: reload failed, keeping the old configuration: the" \
		"certificate 'srv.pem' ('O=Client,CN=client') is not valid for" \
		"server authentication (extended key usage: client auth only)"
	cat exp-key
	echo "mtls-serve: warning: the certificate 'srv.pem'" \
		"('O=Soon,CN=localhost') expires on $(end_ soon.pem) (in 8 days)"
	echo "mtls-serve: reloaded the certificate, key, CAs and CRLs"
} >exp
grep -v ': refused: no client certificate;' r.err >got
compare exp got || fail=1
returns_ 0 showcert --field subject "https://127.0.0.1:$port" >out 2>err ||
	fail=1
echo 'O=Soon,CN=localhost' >exp
compare exp out || fail=1
stop_server_ || fail=1

Exit $fail
