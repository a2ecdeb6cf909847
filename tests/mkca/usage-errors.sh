#!/bin/sh
# Usage errors: exit 2, "mkca: what is wrong" and the "Try" line on
# stderr, nothing on stdout, no key or certificate written.
. "${srcdir:-.}/tests/init.sh"

mkca --subject /O=CA --key-out ca.key >ca.pem || framework_failure_ mkca
before=$(ls -A)
try="Try 'mkca --help' for more information."

usage_() {
	msg_=$1
	shift
	returns_ 2 mkca "$@" >out 2>err || fail=1
	printf '%s\n' "mkca: $msg_" "$try" >exp
	compare exp err || fail=1
	test -s out && { echo "stdout not empty"; fail=1; }
}

usage_ "unrecognized option '--no-such-option'" --no-such-option
usage_ "option '--subject' requires an argument" --key-out k.key --subject
usage_ 'missing --subject' --key-out k.key
usage_ 'give --key-out FILE to make a new key, or --key FILE|URL to use an existing one' \
	--subject /O=x
usage_ 'give --key-out FILE to make a new key, or --key FILE|URL to use an existing one' \
	--subject /O=x --key ca.key --key-out k.key
for opt in '--key-type rsa' '--bits 4096' '--curve P-384'; do
	usage_ '--key-type, --bits and --curve describe a new key; they do not go with --key' \
		--subject /O=x --key ca.key $opt
done
usage_ '--issuer-cert and --issuer-key go together' \
	--subject /O=x --key-out k.key --issuer-cert ca.pem
usage_ '--issuer-cert and --issuer-key go together' \
	--subject /O=x --key-out k.key --issuer-key ca.key
usage_ "invalid path length '-1' (use 0 to 100)" \
	--subject /O=x --key-out k.key --path-len -1
usage_ "unknown key type 'dsa' (use rsa, ecdsa or ed25519)" \
	--subject /O=x --key-out k.key --key-type dsa
usage_ "unknown curve 'P-192' (use P-256, P-384 or P-521)" \
	--subject /O=x --key-out k.key --curve P-192
usage_ "--key-out and --out name the same file 'k.pem'" \
	--subject /O=x --key-out k.pem -o k.pem
usage_ "unexpected argument 'extra'" --subject /O=x --key-out k.key extra

rm -f out err exp
test "$(ls -A)" = "$before" || { ls -A; echo "files changed"; fail=1; }

Exit $fail
