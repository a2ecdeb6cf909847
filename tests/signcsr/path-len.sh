#!/bin/sh
# signcsr --profile ca --path-len N limits the CAs below the new one;
# without it there is no limit; with another profile it is a usage error.
. "${srcdir:-.}/tests/init.sh"
require_ openssl

mkca --subject /O=Root --key-out root.key >root.pem || framework_failure_ mkca
mkcsr --subject /O=Sub --key-out sub.key >sub.csr || framework_failure_ mkcsr

signcsr --ca root.pem --ca-key root.key --profile ca --path-len 0 -i sub.csr \
	>sub0.pem || fail=1
openssl x509 -in sub0.pem -noout -ext basicConstraints >out || fail=1
printf '%s\n' 'X509v3 Basic Constraints: critical' '    CA:TRUE, pathlen:0' >exp
compare exp out || fail=1

signcsr --ca root.pem --ca-key root.key --profile ca -i sub.csr >sub.pem ||
	fail=1
openssl x509 -in sub.pem -noout -ext basicConstraints >out || fail=1
printf '%s\n' 'X509v3 Basic Constraints: critical' '    CA:TRUE' >exp
compare exp out || fail=1

# The limit is enforced: a CA under sub0 is refused.
mkcsr --subject /O=SubSub --key-out ss.key >ss.csr || framework_failure_ mkcsr
returns_ 2 signcsr --ca sub0.pem --ca-key sub.key --profile ca -i ss.csr \
	>out 2>err || fail=1
echo "signcsr: 'O=Sub' may not issue CA certificates (its path length limit is 0)" >exp
compare exp err || fail=1

returns_ 2 signcsr --ca root.pem --ca-key root.key --path-len 1 -i sub.csr \
	>out 2>err || fail=1
printf '%s\n' "signcsr: --path-len only applies to --profile ca" \
	"Try 'signcsr --help' for more information." >exp
compare exp err || fail=1

Exit $fail
