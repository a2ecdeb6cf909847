# tests/mtls-serve/proxy-lib.sh -- sourced by the reverse proxy tests after
# serve-lib.sh: the Python application (backend.py) they put mtls-serve in
# front of.

# start_backend_ NAME [backend.py OPTION]...: the application on a free
# loopback port (or the Unix socket given with --unix); sets $backend_pid
# and $bport.
start_backend_() {
	b_name_=$1
	shift
	rm -f "$b_name_.port"
	python3 "$abs_srcdir/tests/mtls-serve/backend.py" \
		--port-file "$b_name_.port" "$@" 2>"$b_name_.err" &
	backend_pid=$!
	pids_="$pids_ $backend_pid"
	wait_for_ 30 "test -s $b_name_.port" || {
		cat "$b_name_.err" >&2
		framework_failure_ "the backend did not start"
	}
	bport=$(cat "$b_name_.port")
}

# pattern_sha_ N: sha256 of the N bytes backend.py serves at /size/N.
pattern_sha_() {
	python3 -c '
import hashlib, sys
block = bytes((i * 7 + 3) & 0xFF for i in range(65536))
h = hashlib.sha256()
n = int(sys.argv[1])
while n > 0:
    k = min(n, len(block))
    h.update(block[:k])
    n -= k
print(h.hexdigest())' "$1"
}
