#!/bin/sh
# --ticket-key FILE: servers given the same key file resume each other's
# TLS sessions (TLS 1.3 and 1.2), servers with another key do not; a
# session resumed on a server whose CA does not trust the client is
# refused as in a full handshake.  SIGHUP reads the file again; tickets
# made under the file's previous key still resume (TLS 1.3 and 1.2), not
# those of the key before.  A ticket from the previous key period (GnuTLS
# derives one key per period from the file) still resumes.
# --ticket-key-generate writes a new key, mode 0600, and replaces a file
# only with --force; keys of the wrong size or mode are refused.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
require_ openssl

make_scenario_
make_zxc_

# Making keys.
returns_ 0 mtls-serve --ticket-key-generate a.key >out 2>err || fail=1
test -s out || test -s err && { cat out err; fail=1; }
test "$(stat -c '%a %s' a.key)" = '600 64' || { ls -l a.key; fail=1; }
cp a.key a.orig
echo "mtls-serve: 'a.key' already exists; use --force to replace it" >exp
returns_ 2 mtls-serve --ticket-key-generate a.key >out 2>err || fail=1
compare exp err || fail=1
cmp -s a.key a.orig || { echo "a.key replaced"; fail=1; }
returns_ 0 mtls-serve --ticket-key-generate a.key --force || fail=1
cmp -s a.key a.orig && { echo "a.key not replaced"; fail=1; }
test "$(stat -c '%a %s' a.key)" = '600 64' || { ls -l a.key; fail=1; }
mtls-serve --ticket-key-generate b.key || framework_failure_ generate
no_temp_files_ . || fail=1
echo "mtls-serve: --force needs --ticket-key-generate" >exp
echo "Try 'mtls-serve --help' for more information." >>exp
returns_ 2 mtls-serve $serve_scenario_args_ --force >out 2>err || fail=1
compare exp err || fail=1

# Keys that are refused.
head -c 63 a.key >short.key && head -c 65 /dev/zero >long.key &&
	cp a.key open.key && chmod 600 short.key long.key &&
	chmod 640 open.key || framework_failure_ keys
for k in short long open missing; do
	case $k in
	short) msg="bad ticket key 'short.key': it holds 63 bytes, not 64" ;;
	long) msg="bad ticket key 'long.key': it holds more than 64 bytes, not 64" ;;
	open) msg="unsafe ticket key 'open.key': group or others may access it (mode 0640); it must be 0600 or 0400" ;;
	missing) msg="cannot read ticket key 'missing.key': No such file or directory" ;;
	esac
	echo "mtls-serve: $msg" >exp
	returns_ 2 timeout 20 mtls-serve $serve_scenario_args_ \
		--listen 127.0.0.1:0 --ticket-key $k.key >out 2>err || fail=1
	compare exp err || fail=1
done

# s_client_ PORT SESSION-OPTION...: one request as the mail server.
s_client_() {
	s_port_=$1
	shift
	printf 'GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' |
		timeout 20 openssl s_client -ign_eof -connect "127.0.0.1:$s_port_" \
			-CAfile ca/ca.cert.pem -cert mail-server/server.cert \
			-key mail-server/private.key "$@" >out 2>err
	grep -q 'HTTP/1\.1 200 OK' out
}

# Instances A and B share a.key, C has b.key, Z shares a.key but trusts
# the ZXC CA only.
start_server_ A $serve_scenario_args_ --ticket-key a.key
port_a=$port pid_a=$server_pid
start_server_ B $serve_scenario_args_ --ticket-key a.key --workers 1
port_b=$port pid_b=$server_pid
start_server_ C $serve_scenario_args_ --ticket-key b.key
port_c=$port
start_server_ Z --ca zxc/ca.cert.pem --cert invoice-server/server.cert \
	--key invoice-server/private.key --ticket-key a.key
port_z=$port

for v in -tls1_3 -tls1_2; do
	s_client_ $port_a $v -sess_out sess.pem || { cat out err; fail=1; }
	grep -q '^New, TLSv1\.[23]' out || { cat out; fail=1; }
	# B resumes A's session, and so does A.
	for p in $port_b $port_a $port_b; do
		s_client_ $p $v -sess_in sess.pem || { cat out err; fail=1; }
		grep -q '^Reused, TLSv1\.[23]' out || { cat out; fail=1; }
	done
	# C, with another key, makes a full handshake (and serves).
	s_client_ $port_c $v -sess_in sess.pem || { cat out err; fail=1; }
	grep -q '^New, TLSv1\.[23]' out || { cat out; fail=1; }
	# Z decrypts the ticket, but judges the client again: unknown CA.
	s_client_ $port_z $v -sess_in sess.pem && { cat out; fail=1; }
	grep -q 'alert unknown ca.*SSL alert number 48$' err ||
		{ cat out err; fail=1; }
done
grep -q "refused: certificate 'O=MailServer,CN=localhost' issued by 'O=ABC Inc\.': .*not a trusted CA; sent alert unknown_ca\$" Z.err ||
	{ cat Z.err; fail=1; }

# SIGHUP reads the key again.  A broken file keeps the old key: A's
# sessions still resume on B.
s_client_ $port_a -sess_out sess.pem || fail=1
s_client_ $port_a -tls1_2 -sess_out sess12.pem || fail=1
cp a.key a.good
head -c 10 a.good >a.key
server_pid=$pid_b
kill -HUP $pid_b
wait_for_ 20 "grep -q 'reload failed' B.err" || { cat B.err; fail=1; }
grep -q "reload failed, keeping the old configuration: bad ticket key 'a.key': it holds 10 bytes, not 64\$" B.err ||
	{ cat B.err; fail=1; }
s_client_ $port_b -sess_in sess.pem || fail=1
grep -q '^Reused' out || { cat out; fail=1; }
# reloaded_ N: until B has said N times that it reloaded.
reloaded_() {
	wait_for_ 20 "test \$(grep -c 'reloaded the certificate, key, CAs and CRLs and the ticket key' B.err) -ge $1" ||
		{ cat B.err; fail=1; }
}
# both_versions_ New|Reused WHEN: B makes that of the TLS 1.3 session in
# sess.pem and of the TLS 1.2 one in sess12.pem.
both_versions_() {
	for v in 1_3 1_2; do
		s=sess; test $v = 1_2 && s=sess12
		s_client_ $port_b -tls$v -sess_in $s.pem || fail=1
		grep -q "^$1, TLSv${v%_*}\.${v#*_}" out ||
			{ echo "$s $2"; cat out; fail=1; }
	done
}
# A new key: tickets under the old one still resume, and B's new
# sessions resume on C, which has the new key.
cp b.key a.key
kill -HUP $pid_b
reloaded_ 1
both_versions_ Reused 'after one change'
s_client_ $port_b -sess_out sess2.pem || fail=1
grep -q '^New' out || { cat out; fail=1; }
s_client_ $port_c -sess_in sess2.pem || fail=1
grep -q '^Reused' out || { cat out; fail=1; }
# Another key: only the last one before it is kept.  Tickets under the
# first make a full handshake (and are served).
mtls-serve --ticket-key-generate c.key || framework_failure_ generate
cp c.key a.key
kill -HUP $pid_b
reloaded_ 2
both_versions_ New 'after two changes'
s_client_ $port_b -sess_in sess2.pem || fail=1
grep -q '^Reused' out || { cat out; fail=1; }

# GnuTLS derives the ticket encryption key from the file's key and the
# time period (3 ticket lifetimes: 64800 s), and accepts the previous
# period's: a ticket made 30 s before a period ends still resumes 30 s
# after, on another server (the man page says so).
# (faketime's library and variable without its wrapper, which would
# stand between us and the server's PID.)
if command -v faketime >/dev/null 2>&1; then
	preload=$(faketime '@0' sh -c 'printf %s "$LD_PRELOAD"')
	b=$((($(date +%s) / 64800 + 1) * 64800))
	for t in $((b - 30)) $((b + 30)); do
		env LD_PRELOAD="$preload" FAKETIME="+$((t - $(date +%s)))" \
			ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
			mtls-serve --listen 127.0.0.1:0 $serve_scenario_args_ \
			--ticket-key b.key --workers 1 >T$t.out 2>T$t.err &
		server_pid=$!
		pids_="$pids_ $server_pid"
		wait_for_ 30 "grep -q '^listening on ' T$t.err 2>/dev/null" ||
			framework_failure_ "faketime server"
	done
	port_before=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' \
		T$((b - 30)).err)
	port_after=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' \
		T$((b + 30)).err)
	s_client_ $port_before -sess_out sess.pem || { cat out err; fail=1; }
	s_client_ $port_after -sess_in sess.pem || { cat out err; fail=1; }
	grep -q '^Reused' out || { cat out; fail=1; }
fi

for server_pid in $pids_; do
	stop_server_ || fail=1
done
Exit $fail
