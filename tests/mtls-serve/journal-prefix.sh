#!/bin/sh
# When standard error is the stream JOURNAL_STREAM names ("DEV:INODE"),
# each line there starts with its syslog priority: <3> errors, <4>
# warnings and what happened to a connection, <6> news; access log lines
# get <6> when the access log is that stream too.  Without the variable,
# or when it names another stream, no line changes.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
require_ curl

make_scenario_

# journal_ FILE: the JOURNAL_STREAM value for FILE.
journal_() {
	stat -c '%d:%i' "$1"
}

# run_ STREAM OUT ERR: the server with JOURNAL_STREAM=STREAM
# (unset for "-"), stdout appended to OUT and stderr to ERR; a request from the mail
# server, one without a certificate, a reload, a failed reload, a stop.
run_() {
	r_stream_=$1 r_out_=$2 r_err_=$3
	shift 3
	cp invoice-server/server.cert cert.pem
	if test "$r_stream_" = -; then
		set -- env -u JOURNAL_STREAM "$@"
	else
		set -- env JOURNAL_STREAM="$r_stream_" "$@"
	fi
	"$@" mtls-serve --listen 127.0.0.1:0 $serve_scenario_args_ \
		--cert cert.pem --workers 1 >>"$r_out_" 2>>"$r_err_" &
	server_pid=$!
	pids_="$pids_ $server_pid"
	wait_for_ 20 "grep -q 'listening on 127' $r_err_" ||
		framework_failure_ "not started"
	port=$(sed -n 's/^.*listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' \
		"$r_err_")
	curl_ mail-server / >/dev/null || fail=1
	curl_ - / >/dev/null 2>&1 && fail=1
	wait_for_ 20 "grep -q 'refused' $r_err_" || fail=1
	kill -HUP "$server_pid"
	wait_for_ 20 "grep -q 'reloaded' $r_err_" || fail=1
	echo broken >cert.pem
	kill -HUP "$server_pid"
	wait_for_ 20 "grep -q 'reload failed' $r_err_" || fail=1
	stop_server_ || fail=1
	test "$r_out_" = "$r_err_" && r_out_=/dev/null
	sed "s/:$port/:PORT/; s/127\.0\.0\.1:[0-9]*: refused/127.0.0.1:N: refused/
		s/\[[^]]*\]/[DATE]/; s/\" 200 [0-9]*\$/\" 200 N/" \
		"$r_out_" "$r_err_" >got
}

# What every run says, with "P" where the priority may go.
cat >lines <<'END'
Plistening on 127.0.0.1:PORT
P127.0.0.1 - "O=MailServer,CN=localhost" [DATE] "GET / HTTP/1.1" 200 N
Pmtls-serve: 127.0.0.1:N: refused: no client certificate; sent alert certificate_required
Pmtls-serve: reloaded the certificate, key, CAs and CRLs
Pmtls-serve: reload failed, keeping the old configuration: 'cert.pem': not a certificate (neither PEM nor DER)
END

# Standard output and error on one journal stream, as under systemd.
: >j.log
run_ "$(journal_ j.log)" j.log j.log
sed '1s/^P/<6>/; 2s/^P/<6>/; 3s/^P/<4>/; 4s/^P/<6>/; 5s/^P/<3>/' lines |
	sort >exp
sort got >got.sorted
compare exp got.sorted || fail=1

# Only standard error is the journal's: the access log lines stay plain.
: >o.log
: >e.log
run_ "$(journal_ e.log)" o.log e.log
sed '1s/^P/<6>/; 2s/^P//; 3s/^P/<4>/; 4s/^P/<6>/; 5s/^P/<3>/' lines |
	sort >exp
sort got >got.sorted
compare exp got.sorted || fail=1

# Not the journal: no variable, or one that names another stream.
sed 's/^P//' lines | sort >exp
for stream in - '' "$(journal_ lines)" "$(journal_ j.log)x" 'x:y'; do
	: >p.log
	run_ "$stream" p.log p.log
	sort got >got.sorted
	compare exp got.sorted || fail=1
done

# A usage error under the journal.
: >u.log
JOURNAL_STREAM=$(journal_ u.log) returns_ 2 mtls-serve --workers 0 \
	2>>u.log || fail=1
cat >exp <<'END'
<3>mtls-serve: invalid number of workers: '0'
<3>Try 'mtls-serve --help' for more information.
END
compare exp u.log || fail=1

Exit $fail
