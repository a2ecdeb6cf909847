#!/bin/sh
# A client whose subject is long and non-ASCII gets its whole subject,
# escaped, in the access log; the workers survive (this once overflowed
# the log line's fixed buffer and took every worker down).
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
require_ curl python3

make_scenario_
E=$(python3 -c 'print("\U0001F600" * 128)')
make_client_ long "/CN=m/L=$E/ST=$E" --profile client
start_server_ s $serve_scenario_args_ --workers 2 --access-log -

# Enough requests that each worker logs several (they take connections
# in turn).
i=0
while test $i -lt 6; do
	returns_ 0 curl_ long / -o /dev/null 2>err || { cat err; fail=1; }
	i=$((i + 1))
done
returns_ 0 curl_ mail-server / -o body 2>err || { cat err; fail=1; }
kill -0 "$server_pid" || fail_ "mtls-serve died"

# The user field: the subject (ST=E,L=E,CN=m), every byte of each
# emoji as \xHH; the line is otherwise the usual Common Log Format.
python3 - <<'PY' >exp || framework_failure_ python3
e = ''.join('\\x%02x' % b for b in ('\U0001F600' * 128).encode())
print('127.0.0.1 - "ST=%s,L=%s,CN=m" "GET / HTTP/1.1" 200' % (e, e))
PY
wait_for_ 10 "test \$(grep -c 'CN=m' s.out) -ge 6" || fail=1
grep 'CN=m"' s.out | sed 's/ \[[^]]*\]//; s/ [0-9]*$//' | sort -u >got
compare exp got || fail=1


# The whoami JSON carries the whole subject too.
returns_ 0 curl_ long / -o who.json 2>err || { cat err; fail=1; }
python3 - <<'PY' || fail=1
import json
e = '\U0001F600' * 128
got = json.load(open('who.json', encoding='utf-8'))['subject']
if got != 'ST=%s,L=%s,CN=m' % (e, e):
    raise SystemExit('subject: %r' % got)
PY

returns_ 0 stop_server_ || fail=1
Exit $fail
