#!/bin/sh
# Node.js https.request with a client certificate gets the body; without
# one it fails with ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED, with
# another CA's certificate with ERR_SSL_TLSV1_ALERT_UNKNOWN_CA (not the
# silent "socket hang up").
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
require_ node

make_scenario_
make_zxc_
printf '{"invoice": 42}\n' >invoice.json
start_server_ s $serve_scenario_args_ --workers 1 --body invoice.json

cat >get.js <<'JS'
const fs = require('fs');
const https = require('https');
const [port, dir] = process.argv.slice(2);
const opts = { host: '127.0.0.1', servername: 'localhost', port: +port,
	path: '/', ca: fs.readFileSync('ca/ca.cert.pem') };
if (dir !== '-') {
	opts.cert = fs.readFileSync(dir + '/server.cert');
	opts.key = fs.readFileSync(dir + '/private.key');
}
const req = https.request(opts, (res) => {
	res.on('data', (d) => process.stdout.write(d));
});
req.on('error', (e) => { console.error(e.code); process.exit(1); });
req.setTimeout(20000, () => { console.error('timeout'); process.exit(3); });
req.end();
JS

returns_ 0 timeout 30 node get.js "$port" mail-server >out 2>err || fail=1
compare invoice.json out || fail=1

returns_ 1 timeout 30 node get.js "$port" - >out 2>err || fail=1
echo ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED >exp
compare exp err || fail=1

returns_ 1 timeout 30 node get.js "$port" zxc >out 2>err || fail=1
echo ERR_SSL_TLSV1_ALERT_UNKNOWN_CA >exp
compare exp err || fail=1

stop_server_ || fail=1
Exit $fail
