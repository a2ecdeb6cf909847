#!/bin/sh
# The default summary of a certificate, line by line, and how its validity
# reads before, during and after its period (libfaketime moves the clock).
. "${srcdir:-.}/tests/init.sh"
require_ faketime
make_scenario_
# faketime preloads itself, which ASan would otherwise refuse.
ASAN_OPTIONS="$ASAN_OPTIONS:verify_asan_link_order=0"
export ASAN_OPTIONS

f=invoice-server/server.cert
# Both readings below count days from the same frozen instant, so a
# second ticking over between them cannot change "expires in N days".
now=$(date '+%Y-%m-%d %H:%M:%S')
human_() { echo "$1" | sed 's/T/ /; s/Z$/ UTC/'; }
{ read -r serial; read -r nb; read -r na; read -r days; read -r fp; } <<EOX
$(faketime -f "$now" showcert --field serial --field not-before \
	--field not-after --field days-left --field fingerprint $f)
EOX
returns_ 0 faketime -f "$now" showcert $f >out 2>err || fail=1
cat >exp <<EOX
$f: certificate
  subject:         O=InvoiceServer,CN=localhost
  issuer:          O=ABC Inc.
  serial:          $serial
  not before:      $(human_ $nb)
  not after:       $(human_ $na) (expires in $days days)
  SANs:            DNS:localhost
  public key:      ECDSA P-256
  CA:              no
  key usage:       digital signature
  ext. key usage:  server auth, client auth
  SHA-256:         $fp
EOX
compare exp out || fail=1
compare /dev/null err || fail=1

returns_ 0 showcert ca/ca.cert.pem >out 2>err || fail=1
sed -n '3p;8,11p' out >got
cat >exp <<'EOX'
  issuer:          O=ABC Inc. (self-signed)
  public key:      ECDSA P-256
  CA:              yes (path length unlimited)
  key usage:       certificate signing, CRL signing
  ext. key usage:  (not restricted)
EOX
compare exp got || fail=1

# A year and ten and a half days on it has expired (days-left counts
# whole days rounded down, so it is negative once expired); a day before,
# it is not yet valid; a day and a half before its end, one day is left.
faketime -f +9012h showcert $f >out 2>err || fail=1
grep -q "^  not after:       $(human_ $na) (EXPIRED 10 days ago)\$" out ||
	{ cat out err; fail=1; }
test "$(faketime -f +9012h showcert --field days-left $f)" = -11 || fail=1
faketime -f -1d showcert $f >out 2>err || fail=1
grep -q "^  not after:       $(human_ $na) (not valid until $(human_ $nb))\$" out ||
	{ cat out err; fail=1; }
faketime -f +8724h showcert $f >out 2>err || fail=1
grep -q "(expires in 1 day)\$" out || { cat out err; fail=1; }

Exit $fail
