#!/bin/sh
# Usage errors: exit 2, "mkcsr: what is wrong" and the "Try" line on
# stderr, nothing on stdout, no key or request written.
. "${srcdir:-.}/tests/init.sh"

mkcsr --subject /CN=x --key-out x.key >x.csr || framework_failure_ mkcsr
before=$(ls -A)
try="Try 'mkcsr --help' for more information."

usage_() {
	msg_=$1
	shift
	returns_ 2 mkcsr "$@" >out 2>err || fail=1
	printf '%s\n' "mkcsr: $msg_" "$try" >exp
	compare exp err || fail=1
	test -s out && { echo "stdout not empty"; fail=1; }
}

usage_ "unrecognized option '--no-such-option'" --no-such-option
usage_ "option '--san' requires an argument" --subject /CN=x --key-out k.key --san
usage_ 'missing --subject (or --from CERT to renew)' --key-out k.key
usage_ 'give --key-out FILE to make a new key, or --key FILE|URL to use an existing one' \
	--subject /CN=x
usage_ 'give --key-out FILE to make a new key, or --key FILE|URL to use an existing one' \
	--subject /CN=x --key x.key --key-out k.key
for opt in '--key-type ed25519' '--bits 2048' '--curve P-256'; do
	usage_ '--key-type, --bits and --curve describe a new key; they do not go with --key' \
		--subject /CN=x --key x.key $opt
done
usage_ "--key-out and --out name the same file 'k.pem'" \
	--subject /CN=x --key-out k.pem --out k.pem
usage_ "unexpected argument 'extra'" --subject /CN=x --key-out k.key extra

# A malformed --san names the bad part.
returns_ 2 mkcsr --subject /CN=x --key-out k.key --san 'DNS:ok.example,FTP:x' \
	>out 2>err || fail=1
test $(wc -l <err) = 2 || { cat err; fail=1; }
grep -q "^mkcsr: .*FTP:x" err || { cat err; fail=1; }
test -s out && fail=1

rm -f out err exp
test "$(ls -A)" = "$before" || { ls -A; echo "files changed"; fail=1; }

Exit $fail
