#!/bin/sh
# verifycert https://HOST:PORT verifies the chain the server sends (the
# first certificate, the others as untrusted intermediates) as a TLS
# client of that URL would: for server authentication and the URL's host
# (or --servername), unless --purpose and --host say otherwise.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-get/peers.sh"
require_ openssl python3
make_certs_

mkca --subject '/CN=ABC Issuing CA/O=ABC Inc.' --days 300 \
	--issuer-cert ca/ca.cert.pem --issuer-key ca/ca.key.pem \
	--key-out inter.key >inter.pem || framework_failure_ "mkca inter"
mkcsr --subject '/CN=localhost/O=Web' --san DNS:localhost --key-out web.key |
	signcsr --ca inter.pem --ca-key inter.key --profile server --days 30 \
		>web.pem || framework_failure_ "signcsr web"
mkcsr --subject '/CN=other.test' --san DNS:other.test --key-out other.key |
	signcsr --ca ca/ca.cert.pem --ca-key ca/ca.key.pem --profile client \
		>other.pem || framework_failure_ "signcsr other"

port=$(free_port_) || framework_failure_ free port
openssl s_server -quiet -accept "127.0.0.1:$port" -cert web.pem -key web.key \
	-cert_chain inter.pem -servername other.test -cert2 other.pem \
	-key2 other.key >openssl.log 2>&1 </dev/null &
pids_="$pids_ $!"
wait_listen_ "$port" || framework_failure_ openssl s_server
url=https://localhost:$port/
ip=https://127.0.0.1:$port

# check_ STATUS LINE VERIFYCERT-ARGS...: exit STATUS, exactly LINE out.
check_() {
	c_want_=$1 c_line_=$2
	shift 2
	returns_ "$c_want_" verifycert "$@" >out 2>err || return 1
	printf '%s\n' "$c_line_" >exp
	compare exp out && compare /dev/null err
}

# The chain sent completes the path; the URL's host is checked.
check_ 0 "$url: OK" --ca ca/ca.cert.pem "$url" || fail=1
check_ 1 "$ip: FAILED: issued for 'localhost', not '127.0.0.1' (an IP address matches only IP addresses in the SANs)" \
	--ca ca/ca.cert.pem "$ip" || fail=1
check_ 0 "$ip: OK" --ca ca/ca.cert.pem --host localhost "$ip" || fail=1
check_ 1 "$url: FAILED: issued for 'localhost', not 'www.example'" \
	--ca ca/ca.cert.pem --host www.example "$url" || fail=1
# Server authentication unless --purpose says otherwise.
check_ 1 "$ip: FAILED: not valid for server authentication (extended key usage: client auth only)" \
	--ca ca/ca.cert.pem --servername other.test "$ip" || fail=1
check_ 0 "$ip: OK" --ca ca/ca.cert.pem --servername other.test \
	--purpose client "$ip" || fail=1
check_ 1 "$url: FAILED: not valid for client authentication (extended key usage: server auth only)" \
	--ca ca/ca.cert.pem --purpose client "$url" || fail=1
# Trust, and the look-ahead, as for files.
check_ 1 "$url: FAILED: the issuer 'O=ABC Inc.' was not sent and is not known (give it with --untrusted)" \
	--ca zxc/ca.cert.pem "$url" || fail=1
returns_ 1 verifycert --ca ca/ca.cert.pem --expires-within 31 "$url" >out \
	2>err || fail=1
# 30 days from when it was made, less the seconds since.
end=$(showcert --field not-after web.pem | sed 's/T/ /;s/Z/ UTC/')
grep -Eqx "$url: EXPIRING: 'O=Web,CN=localhost' expires on $end \(in (29|30) days\)" \
	out || { cat out; fail=1; }
compare /dev/null err || fail=1

# mtls-serve asks for a client certificate after sending its chain.
start_serve_
check_ 0 "https://localhost:$port/: OK" --ca ca/ca.cert.pem \
	"https://localhost:$port/" || fail=1

# Files and URLs mix; an unreachable server is unreadable input (2).
port=$(free_port_)
returns_ 2 verifycert --ca ca/ca.cert.pem "https://localhost:$port" \
	mail-server/server.cert >out 2>err || fail=1
echo "verifycert: localhost:$port: cannot connect: connection refused" >exp
compare exp err || fail=1
echo 'mail-server/server.cert: OK' >exp
compare exp out || fail=1

Exit $fail
