#!/bin/sh
# Control characters in a certificate's names are shown as \xHH in
# showcert's summary and in verifycert's reasons, so a name cannot add
# lines or send escape sequences to a terminal; UTF-8 text stays as it
# is.  --field and --json, for scripts, keep the exact value.
. "${srcdir:-.}/tests/init.sh"

nl='
'
esc=$(printf '\033')
mkca --subject "/CN=Evil${nl}FAKE: OK${esc}[2J/O=Café" --key-out ca.key \
	>ca.pem || framework_failure_ mkca

printf '%s\n' 'O=Café,CN=Evil\x0aFAKE: OK\x1b[2J' >exp
showcert ca.pem >out || fail=1
grep '^  subject:' out | sed 's/^  subject: *//' >got
compare exp got || fail=1
grep -q "$esc" out && fail=1
printf '%s\n' "O=Café,CN=Evil${nl}FAKE: OK${esc}[2J" >exp
showcert --field subject ca.pem >out || fail=1
compare exp out || fail=1

mkca --subject /O=Other --key-out other.key >other.pem ||
	framework_failure_ mkca
mkcsr --subject /CN=leaf --key-out leaf.key |
	signcsr --ca ca.pem --ca-key ca.key >leaf.pem || framework_failure_ signcsr
printf '%s\n' "leaf.pem: FAILED: the issuer 'O=Café,CN=Evil\\x0aFAKE: OK\\x1b[2J' was not sent and is not known (give it with --untrusted)" >exp
returns_ 1 verifycert --ca other.pem leaf.pem >out || fail=1
compare exp out || fail=1
Exit $fail
