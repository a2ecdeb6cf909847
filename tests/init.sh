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
#   faketime [-f SPEC|WHEN] CMD...  as faketime(1), without its wrapper
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
# A service manager's variables (when the suite itself runs under one)
# are not meant for the servers the tests start: they would notify it.
unset NOTIFY_SOCKET LISTEN_PID LISTEN_FDS LISTEN_FDNAMES JOURNAL_STREAM

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

# faketime(1) forks, waits for its command and keeps a named semaphore
# that it removes only if it is not killed; a test that stops a server
# started with it kills the wrapper, and the semaphore left behind makes
# a later faketime with the same PID fail ("sem_open: File exists").
# Preload the library ourselves instead: the command is the process (its
# PID is the one a test stops) and nothing is left behind.  The same
# specifications: -f SPEC as libfaketime takes it, else a time for
# date -d, made an offset from now as faketime(1) does.
if command -v faketime >/dev/null 2>&1; then
faketime() {
	ft_lib_=
	for ft_dir_ in /usr/lib/*/faketime /usr/lib/faketime; do
		if test -f "$ft_dir_/libfaketime.so.1"; then
			ft_lib_=$ft_dir_/libfaketime.so.1
			break
		fi
	done
	test -n "$ft_lib_" || {
		command faketime "$@"
		return
	}
	if test "$1" = -f; then
		ft_spec_=$2
		shift 2
	else
		ft_at_=$(date -d "$1" +%s) || return 1
		ft_off_=$((ft_at_ - $(date +%s)))
		case $ft_off_ in
		-*) ft_spec_=$ft_off_ ;;
		*) ft_spec_=+$ft_off_ ;;
		esac
		shift
	fi
	LD_PRELOAD="$ft_lib_${LD_PRELOAD:+:$LD_PRELOAD}" FAKETIME="$ft_spec_" \
		"$@"
}
fi

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

# no_temp_files_ DIR...: fail unless DIR holds no temporary file of an
# atomic write (".NAME.XXXXXX") left behind by a failed run.
no_temp_files_() {
	for d_ in "$@"; do
		if ls -A "$d_" | grep '^\.' >&2; then
			echo "temporary files left in '$d_'" >&2
			return 1
		fi
	done
	return 0
}

# subject_der_ FILE OUT: the DER bytes of the subject Name of the PEM
# certificate or request FILE, written to OUT (to compare encodings).
subject_der_() {
	case $(head -n 1 "$1") in
	*REQUEST*) openssl req -in "$1" -outform DER -out "$2.der" && n_=2 ;;
	*) openssl x509 -in "$1" -outform DER -out "$2.der" && n_=6 ;;
	esac || return 1
	# The Nth element of the to-be-signed part, by asn1parse offsets.
	set -- "$2" $(openssl asn1parse -inform DER -in "$2.der" |
		awk -v n=$n_ '/d=2/ && ++i == n {
			sub(/:.*/, "", $1); print $1, $0; exit }' |
		sed 's/^\([0-9]*\) .*hl= *\([0-9]*\) *l= *\([0-9]*\).*/\1 \2 \3/')
	test $# = 4 || return 1
	tail -c +$(($2 + 1)) "$1.der" | head -c $(($3 + $4)) >"$1"
	rm -f "$1.der"
}

# softhsm_init_: a private SoftHSM token "mtls-test" (user PIN 1234) in
# ./softhsm, with SOFTHSM2_CONF exported; GnuTLS reaches it through
# p11-kit's module registration.  Skips when SoftHSM is not installed.
softhsm_init_() {
	require_ softhsm2-util p11tool
	mkdir softhsm softhsm/tokens || framework_failure_ mkdir
	printf 'directories.tokendir = %s/softhsm/tokens\n%s\n%s\n' "$PWD" \
		'objectstore.backend = file' 'log.level = ERROR' \
		>softhsm/softhsm2.conf
	SOFTHSM2_CONF=$PWD/softhsm/softhsm2.conf
	export SOFTHSM2_CONF
	softhsm2-util --init-token --free --label mtls-test --pin 1234 \
		--so-pin 12345678 >/dev/null || framework_failure_ softhsm2-util
	p11tool --list-tokens 2>/dev/null | grep -q 'token=mtls-test' ||
		skip_ "GnuTLS (p11-kit) does not load the SoftHSM module"
}

# refuses_ STDIN MESSAGE PROG ARG...: PROG, reading STDIN, exits 2 with
# exactly the line MESSAGE on stderr and nothing on stdout, and writes no
# file: not "-o new.out" (must not appear), not "-o old.out --force" (must
# stay as it was), and no temporary file is left in the directory.
refuses_() {
	in_=$1 msg_=$2 rv_=0
	shift 2
	printf '%s\n' "$msg_" >refuses.exp
	echo old >old.out
	returns_ 2 "$@" <"$in_" >refuses.out 2>refuses.err || rv_=1
	compare refuses.exp refuses.err || rv_=1
	test -s refuses.out && { echo "$1 wrote to stdout" >&2; rv_=1; }
	returns_ 2 "$@" -o new.out <"$in_" >refuses.out 2>refuses.err || rv_=1
	compare refuses.exp refuses.err || rv_=1
	test -e new.out && { echo "$1 wrote new.out" >&2; rv_=1; }
	returns_ 2 "$@" -o old.out --force <"$in_" >refuses.out 2>refuses.err ||
		rv_=1
	compare refuses.exp refuses.err || rv_=1
	test "$(cat old.out)" = old || { echo "$1 replaced old.out" >&2; rv_=1; }
	rm -f refuses.exp refuses.out refuses.err old.out new.out
	no_temp_files_ . || rv_=1
	return $rv_
}
