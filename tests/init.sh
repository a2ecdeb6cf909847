# tests/init.sh -- sourced by every shell test (after "set -u" is fine).
#
# Gives each test a scratch directory (its working directory, removed at
# exit), the programs under test first in PATH (set by the Makefile), and
# small helpers in the style of coreutils' tests:
#
#   returns_ N CMD...   run CMD, succeed only if it exits with status N
#   compare EXP OUT     succeed if the files are identical (shows a diff)
#   fail_ MSG           report and fail the test now
#   skip_ MSG           skip the test (exit 77): only for optional peers
#   require_ PROG...    skip unless every PROG is installed
#   framework_failure_  the test could not set itself up (exit 99)
#   Exit N              leave with N (0 pass, 1 fail)
#
# Tests end with "Exit $fail".

fail=0
: "${srcdir:=.}"
: "${top_srcdir:=..}"
abs_srcdir=$(cd "$srcdir" && pwd)
abs_top_srcdir=$(cd "$top_srcdir" && pwd)
export abs_srcdir abs_top_srcdir
LC_ALL=C
export LC_ALL

test_name_=$(basename "$0" .sh)
test_dir_=$(mktemp -d "${TMPDIR:-/tmp}/mtls-test-$test_name_.XXXXXX") ||
	{ echo "cannot make a scratch directory" >&2; exit 99; }
cleanup_() { :; }
trap 'st=$?; cleanup_; cd /; rm -rf "$test_dir_"; exit $st' EXIT
trap 'exit 1' HUP INT TERM
cd "$test_dir_" || exit 99

fail_() { echo "FAIL: $*" >&2; exit 1; }
skip_() { echo "SKIP: $*" >&2; exit 77; }
framework_failure_() { echo "FRAMEWORK FAILURE: $*" >&2; exit 99; }
Exit() { set +e; exit "$1"; }

returns_() {
	want_=$1
	shift
	"$@"
	got_=$?
	if test "$got_" != "$want_"; then
		echo "returns_: '$*' exited $got_, expected $want_" >&2
		return 1
	fi
	return 0
}

compare() {
	if cmp -s "$1" "$2"; then
		return 0
	fi
	echo "compare: $1 and $2 differ:" >&2
	diff -u "$1" "$2" >&2
	return 1
}

require_() {
	for p_ in "$@"; do
		command -v "$p_" >/dev/null 2>&1 || skip_ "$p_ is not installed"
	done
}

# Make the reference scenario's CA and two leaf certificates in ./ca,
# ./invoice-server, ./mail-server (used by many tests as a starting point).
make_scenario_() {
	mkdir -p ca invoice-server mail-server || framework_failure_ mkdir
	mkca --subject '/O=ABC Inc.' --days 365 --key-out ca/ca.key.pem \
		>ca/ca.cert.pem || framework_failure_ mkca
	mkcsr --subject '/CN=localhost/O=InvoiceServer' \
		--key-out invoice-server/private.key >invoice-server/server.csr ||
		framework_failure_ mkcsr
	signcsr --ca ca/ca.cert.pem --ca-key ca/ca.key.pem --days 365 \
		<invoice-server/server.csr >invoice-server/server.cert ||
		framework_failure_ signcsr
	mkcsr --subject '/CN=localhost/O=MailServer' \
		--key-out mail-server/private.key |
		signcsr --ca ca/ca.cert.pem --ca-key ca/ca.key.pem \
			>mail-server/server.cert || framework_failure_ signcsr
}
