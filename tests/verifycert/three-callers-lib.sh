# tests/verifycert/three-callers-lib.sh -- sourced after tests/init.sh:
# run one case of the verification policy through its three callers,
# verifycert, mtls-serve (judging a client) and mtls-get (judging a
# server), and check that all three give the verdict and the words the
# case expects.  Needs openssl and python3 (faketime for cases that ask
# for it).
#
# run_case DIR: DIR holds
#   anchors.pem     the trust anchors (--ca)
#   chain.pem       the peer's certificate, then the intermediates it sends
#   leaf.key        the peer's key
#   crl.pem         optional: CRLs (--crl)
#   untrusted.pem   optional: certificates that may complete the chain
#                   (--untrusted; mtls-get has no such option and is not
#                   run for such a case)
#   host            optional: the host name to check (verifycert --host,
#                   mtls-get --servername)
#   strict          optional flag file: --strict for all three
#   purpose         optional: client or server; without it, both roles
#   faketime        optional: a libfaketime time for all three programs,
#                   as faketime -f takes it ("+10d", "@2027-01-01 00:00:00")
#   expect          line 1 "ok" or "refused"; line 2 the reason as
#                   verifycert prints it after "FILE: FAILED: " (empty when
#                   ok); then one line "warning: WORDS" per warning
#
# In the client role, verifycert --purpose client [--host HOST] must print
# what expect says; mtls-serve, started with the case's options, refuses
# or serves `openssl s_client` presenting the chain, and its verdict and
# words (from its log: the refusal line, or the access log's status 200)
# must be verifycert's for the question a server asks of a client, which
# has no host name (the same as expect when the case has no host).  The
# alert openssl reports must be the one the log names.  In the server
# role, verifycert --purpose server [--host HOST] and mtls-get, judging
# `openssl s_server` presenting the chain, must both say what expect
# says.  Without a host,
# mtls-get is given the leaf's first DNS (or loopback IP) SAN as the name
# to check; a leaf without one needs a host file, or mtls-get is not run.
# A leaf whose key cannot sign in a TLS handshake (DSA, a curve other
# than P-256, P-384 and P-521, Ed448: no signature algorithm of TLS 1.3,
# or of our TLS 1.2 priorities, takes it) cannot be presented at all:
# only verifycert is run, and the driver says so.
#
# The hint a program adds after a missing issuer (each names its own
# options) is not part of the words compared.  Returns 0 when everything
# agrees; otherwise says what differs on stderr and returns 1.

tc_pids_=
cleanup_() {
	for p_ in $tc_pids_; do
		kill "$p_" 2>/dev/null
	done
	for p_ in $tc_pids_; do
		wait "$p_" 2>/dev/null
	done
}

# tc_run_ DIR PROG ARG...: PROG at the case's fake time, if it has one.
tc_run_() {
	r_dir_=$1
	shift
	if test -f "$r_dir_/faketime"; then
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
			faketime -f "$(cat "$r_dir_/faketime")" "$@"
	else
		"$@"
	fi
}

# tc_lines_ FILE: the verdict file FILE, with its second line even when
# it is empty.
tc_lines_() {
	awk '{ print } END { if (NR == 1) print "" }' "$1"
}

# tc_words_ FILE: the same without the hints the programs add after a
# missing issuer (each names its own options).
tc_words_() {
	tc_lines_ "$1" | sed -e 's/ (give it with --untrusted)//' \
		-e 's/ (give it with --untrusted, or have the client send its chain)//'
}

tc_port_() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# tc_wait_ SECONDS 'SHELL CONDITION': poll every 0.1 s.
tc_wait_() {
	t_n_=$(($1 * 10))
	while ! eval "$2"; do
		t_n_=$((t_n_ - 1))
		test $t_n_ -gt 0 || return 1
		sleep 0.1
	done
}

# The server's own certificate for the client role, made once, valid from
# long before to long after any fake time a case may ask for.
tc_server_identity_() {
	test -f tc-server/server.pem && return 0
	mkdir -p tc-server || return 1
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
		faketime -f -1000d sh -c '
		mkca --subject "/O=Three Callers Test Server CA" --days 7000 \
			--key-out tc-server/ca.key >tc-server/ca.pem &&
		mkcsr --subject /CN=localhost --key-out tc-server/server.key |
			signcsr --ca tc-server/ca.pem --ca-key tc-server/ca.key \
				--days 6000 --profile server >tc-server/server.pem'
}

# tc_split_ DIR OUT: OUT.leaf.pem, the first certificate of DIR/chain.pem,
# and OUT.rest.pem, the others (absent when there are none).
tc_split_() {
	awk -v leaf="$2.leaf.pem" -v rest="$2.rest.pem" '
		/-----BEGIN CERTIFICATE-----/ { n++ }
		n == 1 { print > leaf }
		n > 1 { print > rest }' "$1/chain.pem"
}

# tc_verifycert_ DIR ROLE OUT [HOST]: verifycert's verdict and words in
# OUT.
tc_verifycert_() {
	v_dir_=$1 v_role_=$2 v_out_=$3 v_host_=${4-}
	set -- --ca "$v_dir_/anchors.pem" --purpose "$v_role_"
	test -f "$v_dir_/crl.pem" && set -- "$@" --crl "$v_dir_/crl.pem"
	test -f "$v_dir_/untrusted.pem" &&
		set -- "$@" --untrusted "$v_dir_/untrusted.pem"
	test -f "$v_dir_/strict" && set -- "$@" --strict
	test -n "$v_host_" && set -- "$@" --host "$v_host_"
	tc_run_ "$v_dir_" verifycert "$@" "$v_dir_/chain.pem" \
		>"$v_out_.stdout" 2>"$v_out_.stderr"
	v_rv_=$?
	{
		case $v_rv_ in
		0) echo ok; echo ;;
		1) echo refused
		   sed -n "s|^$v_dir_/chain\.pem: FAILED: ||p" "$v_out_.stdout" ;;
		*) echo "error (exit $v_rv_)"; cat "$v_out_.stderr"; echo ;;
		esac
		sed -n "s|^verifycert: warning: $v_dir_/chain\.pem: |warning: |p" \
			"$v_out_.stderr"
	} >"$v_out_"
}

# tc_serve_ DIR OUT: mtls-serve's verdict on openssl s_client presenting
# DIR's chain, in OUT.
tc_serve_() {
	s_dir_=$1 s_out_=$2
	tc_server_identity_ || { echo "cannot make the server" >"$s_out_"; return; }
	tc_split_ "$s_dir_" "$s_out_"
	set -- --ca "$s_dir_/anchors.pem" --cert tc-server/server.pem \
		--key tc-server/server.key --workers 1 --listen 127.0.0.1:0
	test -f "$s_dir_/crl.pem" && set -- "$@" --crl "$s_dir_/crl.pem"
	test -f "$s_dir_/untrusted.pem" &&
		set -- "$@" --untrusted "$s_dir_/untrusted.pem"
	test -f "$s_dir_/strict" && set -- "$@" --strict
	: >"$s_out_.err"
	tc_run_ "$s_dir_" mtls-serve "$@" >"$s_out_.log" 2>"$s_out_.err" &
	s_pid_=$!
	tc_pids_="$tc_pids_ $s_pid_"
	if ! tc_wait_ 30 "grep -q '^listening on ' $s_out_.err ||
			  ! kill -0 $s_pid_ 2>/dev/null"; then
		echo "mtls-serve did not start" >"$s_out_"
		kill "$s_pid_"
		return
	fi
	s_port_=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' \
		"$s_out_.err")
	if test -z "$s_port_"; then
		{ echo "mtls-serve did not start:"; cat "$s_out_.err"; } >"$s_out_"
		return
	fi
	set -- -connect "127.0.0.1:$s_port_" -cert "$s_out_.leaf.pem" \
		-key "$s_dir_/leaf.key" -no-CAfile -no-CApath -no-CAstore \
		-cipher DEFAULT@SECLEVEL=0 -ign_eof
	test -f "$s_out_.rest.pem" && set -- "$@" -cert_chain "$s_out_.rest.pem"
	printf 'GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' |
		timeout 20 openssl s_client "$@" >"$s_out_.client" 2>&1
	tc_wait_ 10 "grep -q ': refused: ' $s_out_.err ||
		     grep -q '\" 200 ' $s_out_.log" ||
		{ echo "mtls-serve gave no verdict:"; cat "$s_out_.err"; } \
			>"$s_out_.bad"
	kill "$s_pid_"
	wait "$s_pid_" 2>/dev/null
	if test -f "$s_out_.bad"; then
		mv "$s_out_.bad" "$s_out_"
		return
	fi
	s_subject_=$(showcert --field subject "$s_out_.leaf.pem")
	s_issuer_=$(showcert --field issuer "$s_out_.leaf.pem")
	s_pre_="refused: certificate '$s_subject_' issued by '$s_issuer_': "
	{
		if grep -q ': refused: ' "$s_out_.err"; then
			echo refused
			# The words, then the alert (checked against the
			# client's view below).
			grep ': refused: ' "$s_out_.err" | awk -v pre="$s_pre_" '{
				i = index($0, pre)
				if (i == 0) { print "unexpected line: " $0; exit }
				s = substr($0, i + length(pre))
				sub(/; sent alert [a-z_]*$/, "", s)
				print s }'
		elif grep -q 'HTTP/1\.1 200 OK' "$s_out_.client"; then
			echo ok
			echo
		else
			echo "served 200, but the client did not see it"
			echo
		fi
		sed -n 's/^mtls-serve: 127\.0\.0\.1:[0-9]*: warning: /warning: /p' \
			"$s_out_.err"
	} >"$s_out_"
	# A refusal is an alert the client sees, and the one logged.
	s_alert_=$(sed -n 's/.*: refused: .*; sent alert \([a-z_]*\)$/\1/p' \
		"$s_out_.err")
	case $s_alert_ in
	'') return ;;
	bad_certificate) s_num_=42 ;;
	unsupported_certificate) s_num_=43 ;;
	certificate_revoked) s_num_=44 ;;
	certificate_expired) s_num_=45 ;;
	certificate_unknown) s_num_=46 ;;
	unknown_ca) s_num_=48 ;;
	*) s_num_=x ;;
	esac
	grep -q "SSL alert number $s_num_\$" "$s_out_.client" ||
		echo "the client did not see alert $s_alert_ ($s_num_)" >>"$s_out_"
	grep -q 'HTTP/1\.1 200' "$s_out_.client" &&
		echo "the client was served after a refusal" >>"$s_out_"
}

# tc_get_ DIR OUT: mtls-get's verdict on openssl s_server presenting DIR's
# chain, in OUT; "not run: why" when it cannot be run.
tc_get_() {
	g_dir_=$1 g_out_=$2
	g_name_=
	if test -f "$g_dir_/host"; then
		g_name_=$(cat "$g_dir_/host")
	else
		tc_split_ "$g_dir_" "$g_out_"
		g_name_=$(showcert --field san "$g_out_.leaf.pem" | tr , '\n' |
			sed -n 's/^DNS://p; s/^IP:\(127\.[0-9.]*\)$/\1/p;
				s/^IP:\(::1\)$/\1/p' | head -n 1)
		test -n "$g_name_" || {
			echo "not run: the leaf has no DNS or loopback IP SAN" \
				"and the case no host" >"$g_out_"
			return
		}
	fi
	if test -f "$g_dir_/untrusted.pem"; then
		echo "not run: mtls-get takes no untrusted certificates" >"$g_out_"
		return
	fi
	case $g_name_ in
	127.*) g_bind_=$g_name_ g_url_=$g_name_ g_sni_= ;;
	::1) g_bind_='[::1]' g_url_='[::1]' g_sni_= ;;
	*:* | [0-9]*[0-9])
		echo "not run: cannot listen on $g_name_" >"$g_out_"
		return ;;
	*) g_bind_=127.0.0.1 g_url_=127.0.0.1 g_sni_=$g_name_ ;;
	esac
	tc_split_ "$g_dir_" "$g_out_"
	g_port_=$(tc_port_)
	set -- -accept "$g_bind_:$g_port_" -cert "$g_out_.leaf.pem" \
		-key "$g_dir_/leaf.key" -no-CAfile -no-CApath -no-CAstore \
		-cipher DEFAULT@SECLEVEL=0 -www -quiet
	test -f "$g_out_.rest.pem" && set -- "$@" -cert_chain "$g_out_.rest.pem"
	openssl s_server "$@" >"$g_out_.server" 2>&1 &
	g_pid_=$!
	tc_pids_="$tc_pids_ $g_pid_"
	tc_wait_ 10 "python3 -c 'import socket, sys
socket.create_connection((sys.argv[1].strip(\"[]\"), int(sys.argv[2])), 1).close()' \
		'$g_bind_' $g_port_ 2>/dev/null" || {
		{ echo "openssl s_server did not start:"; cat "$g_out_.server"; } \
			>"$g_out_"
		kill "$g_pid_"
		return
	}
	set -- --ca "$g_dir_/anchors.pem" --timeout 10
	test -f "$g_dir_/crl.pem" && set -- "$@" --crl "$g_dir_/crl.pem"
	test -f "$g_dir_/strict" && set -- "$@" --strict
	test -n "$g_sni_" && set -- "$@" --servername "$g_sni_"
	tc_run_ "$g_dir_" mtls-get "$@" "https://$g_url_:$g_port_/" \
		>"$g_out_.stdout" 2>"$g_out_.stderr"
	g_rv_=$?
	kill "$g_pid_"
	wait "$g_pid_" 2>/dev/null
	{
		case $g_rv_ in
		0) echo ok; echo ;;
		1) echo refused
		   # The reason; or, when it is not about the certificate,
		   # the whole message, to show what went wrong.
		   sed -n "s/^mtls-get: [^ ]*: the server's certificate '.*' \(is not trusted\|does not match the host name\): //p" \
			"$g_out_.stderr" | grep . ||
			grep -v '^mtls-get: warning: ' "$g_out_.stderr" ;;
		*) echo "error (exit $g_rv_)"; cat "$g_out_.stderr"; echo ;;
		esac
		sed -n 's/^mtls-get: warning: /warning: /p' "$g_out_.stderr"
	} >"$g_out_"
}

# tc_agree_ WANT WHAT GOT: does GOT (a verdict file) say what WANT does,
# hints aside?  Says how they differ when not.
tc_agree_() {
	tc_words_ "$1" >"$3.want"
	tc_words_ "$3" >"$3.norm"
	cmp -s "$3.want" "$3.norm" && return 0
	echo "three callers: $c_dir_: $2 differs from $1:" >&2
	diff -u "$3.want" "$3.norm" | sed 1,2d >&2
	return 1
}

# tc_tls_key_ DIR: can DIR's leaf key sign in a TLS handshake?
tc_tls_key_() {
	tc_split_ "$1" tc-key
	case $(showcert --field key-type tc-key.leaf.pem) in
	RSA* | 'ECDSA P-256' | 'ECDSA P-384' | 'ECDSA P-521' | Ed25519)
		return 0 ;;
	esac
	return 1
}

run_case() {
	c_dir_=${1%/}
	c_rv_=0
	c_tls_=true
	if ! tc_tls_key_ "$c_dir_"; then
		c_tls_=false
		echo "three callers: $c_dir_: mtls-serve and mtls-get not run:" \
			"its key ($(showcert --field key-type tc-key.leaf.pem))" \
			"cannot sign in a TLS handshake" >&2
	fi
	c_tag_=$(echo "$c_dir_" | tr / _)
	c_host_=
	test -f "$c_dir_/host" && c_host_=$(cat "$c_dir_/host")
	c_roles_='client server'
	test -f "$c_dir_/purpose" && c_roles_=$(cat "$c_dir_/purpose")
	for c_role_ in $c_roles_; do
		c_out_=tc-$c_tag_-$c_role_
		tc_verifycert_ "$c_dir_" "$c_role_" "$c_out_.verifycert" \
			"$c_host_"
		# verifycert's words are the expectation, exactly.
		if ! tc_lines_ "$c_dir_/expect" | cmp -s - "$c_out_.verifycert"
		then
			echo "three callers: $c_dir_: verifycert ($c_role_)" \
				"differs from expect:" >&2
			tc_lines_ "$c_dir_/expect" |
				diff -u - "$c_out_.verifycert" | sed 1,2d >&2
			c_rv_=1
		fi
		if ! $c_tls_; then
			:
		elif test "$c_role_" = client; then
			c_want_=$c_dir_/expect
			if test -n "$c_host_"; then
				c_want_=$c_out_.nohost
				tc_verifycert_ "$c_dir_" client "$c_want_"
			fi
			tc_serve_ "$c_dir_" "$c_out_.serve"
			tc_agree_ "$c_want_" "mtls-serve" "$c_out_.serve" ||
				c_rv_=1
		else
			tc_get_ "$c_dir_" "$c_out_.get"
			if grep -q '^not run: ' "$c_out_.get"; then
				echo "three callers: $c_dir_: mtls-get" \
					"$(cat "$c_out_.get")" >&2
			else
				tc_agree_ "$c_dir_/expect" "mtls-get" \
					"$c_out_.get" || c_rv_=1
			fi
		fi
	done
	return $c_rv_
}
