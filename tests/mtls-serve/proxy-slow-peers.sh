#!/bin/sh
# --backend: a client that reads slowly slows the reading of the backend,
# a backend that does not read stops the reading of the client: the
# worker's memory stays flat while 200 MiB go through.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
. "$abs_srcdir/tests/mtls-serve/proxy-lib.sh"
require_ curl python3

# Under --enable-sanitizers ASan keeps freed blocks in a quarantine of up
# to 256 MiB: memory of the sanitizer's, not ours.  Keep it small so that
# the bound below measures the proxy's buffers.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=1"
export ASAN_OPTIONS

make_scenario_
start_backend_ b
start_server_ s $serve_scenario_args_ --workers 1 \
	--backend "http://127.0.0.1:$bport"

rss_() {
	sed -n 's/^VmRSS:[^0-9]*\([0-9]*\) kB$/\1/p' "/proc/$server_pid/status"
}

# watch_ PID: the largest RSS of the server (kB) while PID runs.
watch_() {
	w_max_=0
	while kill -0 "$1" 2>/dev/null; do
		w_r_=$(rss_)
		test "$w_r_" -gt "$w_max_" && w_max_=$w_r_
		sleep 0.1
	done
	echo $w_max_
}

curl_ mail-server /size/1000 -o /dev/null || fail=1
base=$(rss_)

n=$((200 * 1024 * 1024))
curl_ mail-server /size/$n --max-time 60 --limit-rate 50M -o dl &
cpid=$!
max=$(watch_ $cpid)
wait $cpid || fail=1
test "$(sha256sum <dl | cut -d' ' -f1)" = "$(pattern_sha_ $n)" ||
	{ echo "download differs"; fail=1; }
rm -f dl
echo "download: RSS $base kB at rest, $max kB at most"
test $((max - base)) -lt 16384 || { echo "memory grew"; fail=1; }

# 100 MiB to a backend that reads nothing for 2 seconds.
n=$((100 * 1024 * 1024))
head -c $n /dev/zero >up
curl_ mail-server /pausesha --max-time 60 --data-binary @up >got &
cpid=$!
max=$(watch_ $cpid)
wait $cpid || fail=1
echo "$(sha256sum <up | cut -d' ' -f1) $n" >exp
compare exp got || fail=1
echo "upload: RSS $base kB at rest, $max kB at most"
test $((max - base)) -lt 16384 || { echo "memory grew"; fail=1; }

returns_ 0 stop_server_ || fail=1
Exit $fail
