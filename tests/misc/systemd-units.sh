#!/bin/sh
# The systemd units in contrib/ are ones systemd accepts, without a
# warning (systemd-analyze verify), and say what mtls-serve(1) promises:
# Type=notify, reload by SIGHUP, socket activation, the hardening.
. "${srcdir:-.}/tests/init.sh"
require_ systemd-analyze mtls-serve

bin=$(command -v mtls-serve)
sed "s|@bindir@|${bin%/*}|g" "$abs_top_srcdir/contrib/mtls-serve.service.in" \
	>mtls-serve.service || framework_failure_ sed
cp "$abs_top_srcdir/contrib/mtls-serve.socket" . || framework_failure_ cp

returns_ 0 systemd-analyze verify --man=no mtls-serve.service \
	mtls-serve.socket >out 2>err || fail=1
test -s err && { cat err; fail=1; }

for d in Type=notify 'ExecReload=/bin/kill -HUP $MAINPID' \
	Requires=mtls-serve.socket DynamicUser=yes NoNewPrivileges=yes \
	CapabilityBoundingSet= ProtectSystem=strict ProtectHome=yes \
	PrivateTmp=yes PrivateDevices=yes \
	'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX' \
	SystemCallFilter=@system-service; do
	grep -qxF "$d" mtls-serve.service || { echo "no $d"; fail=1; }
done
grep -qx 'ListenStream=443' mtls-serve.socket || fail=1
grep -q "^ExecStart=${bin%/*}/mtls-serve " mtls-serve.service || fail=1

# systemd's own score of the hardening (0 best, 10 worst), where this
# systemd-analyze can judge a unit file.
if systemd-analyze security --offline=yes mtls-serve.service >out 2>err
then
	level=$(sed -n 's/.*Overall exposure level for mtls-serve.service: \([0-9.]*\).*/\1/p' out)
	test -n "$level" || { cat out err; fail=1; }
	awk -v l="$level" 'BEGIN { exit !(l < 2.0) }' ||
		{ echo "exposure level $level"; fail=1; }
fi

Exit $fail
