#!/bin/sh
# Expired and not-yet-valid certificates, judged --at a given time: the
# reason gives the date and how far it is, for the leaf and its issuer.
. "${srcdir:-.}/tests/init.sh"
require_ openssl certtool
. "$abs_srcdir/tests/verifycert/pki.sh"

human_() { echo "$1" | sed 's/T/ /; s/Z$/ UTC/'; }
na=$(showcert --field not-after good.pem) || fail=1
nb=$(showcert --field not-before good.pem) || fail=1
ca_nb=$(showcert --field not-before abc.pem) || fail=1

days=$(( ($(epoch_ $LATER) - $(epoch_ $na)) / 86400 ))
returns_ 1 verifycert --ca abc.pem --at $LATER good.pem >out 2>err || fail=1
echo "good.pem: FAILED: expired on $(human_ $na) ($days days ago)" >exp
compare exp out || fail=1

days=$(( ($(epoch_ $nb) - $(epoch_ $EARLIER)) / 86400 ))
ca_days=$(( ($(epoch_ $ca_nb) - $(epoch_ $EARLIER)) / 86400 ))
returns_ 1 verifycert --ca abc.pem --at $EARLIER good.pem >out 2>err || fail=1
echo "good.pem: FAILED: not valid before $(human_ $nb) (in $days days);" \
	"issuer 'O=ABC Inc.' is not valid before $(human_ $ca_nb)" \
	"(in $ca_days days)" >exp
compare exp out || fail=1

# The intermediate (100 days) outlives its leaf's check at +60 days only
# for the leaf's sake: at +120 days both are named.
LATEST=$(day_ 120)
returns_ 1 verifycert --ca abc.pem --at $LATEST via-inter-chain.pem \
	>out 2>err || fail=1
grep -q "^via-inter-chain.pem: FAILED: expired on .*; issuer 'O=ABC Inc.,CN=ABC Intermediate' expired on " out ||
	{ cat out; fail=1; }

# Inside the validity period, and with a full time of day.
returns_ 0 verifycert --ca abc.pem --at ${SOON}T12:00:00Z good.pem >out 2>err ||
	fail=1
echo "good.pem: OK" >exp
compare exp out || fail=1

Exit $fail
