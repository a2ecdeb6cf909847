#!/bin/sh
# openssl-name.sh [-utf8] SUBJECT...
#
# Print, for each slash-form SUBJECT, the hex of the DER Name that
# `openssl req -subj` puts in a request: the expected values in the table
# of tests/unit/check_name.c were made with this.  -utf8 reads the subject
# as UTF-8 (as mtls_name_encode does) instead of OpenSSL's default Latin-1.
# Development aid only; not run by "make check".
set -e
flags=
if test "$1" = -utf8; then
	flags=-utf8
	shift
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
	-out "$dir/k.pem" 2>/dev/null
for subj in "$@"; do
	openssl req -new $flags -key "$dir/k.pem" -subj "$subj" -outform DER \
		-out "$dir/r.der"
	# The CertificationRequestInfo follows the outer header; the subject
	# follows the info's header and its version (02 01 00).
	info=$(openssl asn1parse -inform DER -in "$dir/r.der" |
		sed -n '1s/.*hl= *\([0-9]*\).*/\1/p')
	name=$(openssl asn1parse -inform DER -in "$dir/r.der" -strparse "$info" |
		sed -n '1s/.*hl= *\([0-9]*\).*/\1/p')
	openssl asn1parse -inform DER -in "$dir/r.der" -strparse "$info" \
		-strparse $((name + 3)) -noout -out "$dir/n.der" >/dev/null
	printf '%s\t%s\n' "$(od -An -v -tx1 "$dir/n.der" | tr -d ' \n')" "$subj"
done
