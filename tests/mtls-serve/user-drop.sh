#!/bin/sh
# --user USER: started as root, the server opens its sockets and loads its
# keys (root's, mode 0600), then the master and every worker run as USER
# with USER's group and no root group left, and serve.  An unknown user is
# an error, and so is another user when not started as root.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
require_ curl setpriv
test "$(id -u)" = 0 || skip_ "switching users needs root"
id nobody >/dev/null 2>&1 || skip_ "there is no user nobody"
uid=$(id -u nobody) gid=$(id -g nobody)

make_scenario_
test "$(stat -c '%a %u' invoice-server/private.key)" = '600 0' ||
	framework_failure_ "the key is not root's alone"

# ids_ PID: "UID GID GROUPS" of PID, each id list as /proc says it.
ids_() {
	awk '/^Uid:/ { u = $2 " " $3 " " $4 " " $5 }
	     /^Gid:/ { g = $2 " " $3 " " $4 " " $5 }
	     /^Groups:/ { $1 = ""; s = $0 }
	     END { print u " / " g " /" s }' "/proc/$1/status"
}

for workers in 1 2; do
	start_server_ s $serve_scenario_args_ --user nobody --workers $workers
	want="$uid $uid $uid $uid / $gid $gid $gid $gid / $(id -G nobody | tr -d '\n')"
	want=$(echo "$want" | sed 's/ *$//')
	for p in $server_pid $(pgrep -P "$server_pid"); do
		got=$(ids_ "$p" | sed 's/ *$//')
		test "$got" = "$want" ||
			{ echo "process $p: '$got', not '$want'"; fail=1; }
	done
	if test $workers = 2; then
		test "$(pgrep -c -P "$server_pid")" = 2 || fail=1
	fi
	curl_ mail-server / >body || fail=1
	grep -q '"subject":"O=MailServer,CN=localhost"' body || fail=1
	stop_server_ || fail=1
done

echo "mtls-serve: cannot switch to user 'no-such-user-mtls': no such user" >exp
returns_ 2 timeout 20 mtls-serve $serve_scenario_args_ --listen 127.0.0.1:0 \
	--user no-such-user-mtls >out 2>err || fail=1
compare exp err || fail=1

# Not root: only the current user is accepted.  (The files must be
# readable by nobody for the server to get that far.)
chmod 755 . && chmod 644 invoice-server/private.key ||
	framework_failure_ chmod
echo "mtls-serve: cannot switch to user 'root': only root can" >exp
returns_ 2 timeout 20 setpriv --reuid=nobody --regid="$gid" --clear-groups \
	mtls-serve $serve_scenario_args_ --listen 127.0.0.1:0 --user root \
	>out 2>err || fail=1
compare exp err || fail=1
setpriv --reuid=nobody --regid="$gid" --clear-groups mtls-serve \
	$serve_scenario_args_ --listen 127.0.0.1:0 --user nobody >n.out 2>n.err &
server_pid=$!
pids_="$pids_ $server_pid"
wait_for_ 20 "grep -q '^listening on' n.err" || { cat n.err; fail=1; }
stop_server_ || fail=1

Exit $fail
