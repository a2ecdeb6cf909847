#!/bin/sh
# --allow compares attribute values as text, whatever their string type:
# a BMPString CN whose bytes happen to spell "ops1" (it reads 潰猱) is
# another name and gets 403; a BMPString that does say "ops1" is the same
# name as the PrintableString "ops1" and is admitted; a value that is no
# text (a NUL inside) never matches.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
require_ curl openssl

make_scenario_
make_client_ plain '/CN=ops1' --profile client
make_client_ bytes 'CN=#1E046F707331' --profile client
make_client_ bmp 'CN=#1E08006F007000730031' --profile client
make_client_ nul 'CN=#0C056F70733100' --profile client
# The certificates say what the test needs (the CA copied the subject).
openssl x509 -in bytes/server.cert -noout -subject -nameopt multiline,show_type |
	grep -q 'BMPSTRING:\\U6F70\\U7331' || framework_failure_ "not a BMPString"
openssl x509 -in bmp/server.cert -noout -subject -nameopt multiline,show_type |
	grep -q 'BMPSTRING:ops1' || framework_failure_ "not a BMPString"

printf 'ok\n' >ok.txt
start_server_ s $serve_scenario_args_ --workers 1 --body ok.txt \
	--allow CN=ops1

returns_ 0 curl_ plain / -o out 2>err || { cat err; fail=1; }
compare ok.txt out || fail=1
returns_ 0 curl_ bmp / -o out 2>err || { cat err; fail=1; }
compare ok.txt out || fail=1
for c in bytes nul; do
	code=$(curl_ "$c" / -o /dev/null -w '%{http_code}' 2>err)
	test "$code" = 403 || { echo "$c: got $code"; cat err; fail=1; }
done
test "$(grep -c 'no allow rule matches' s.err)" = 2 || { cat s.err; fail=1; }

returns_ 0 stop_server_ || fail=1
Exit $fail
