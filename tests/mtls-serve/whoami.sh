#!/bin/sh
# Without --body or --root, the answer is the JSON description of the
# client's certificate and the session.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-serve/serve-lib.sh"
require_ curl python3 openssl

make_scenario_
make_client_ spiffe '/CN=mail/O=MailServer' \
	--san 'DNS:mail.abc.com,IP:10.0.0.7,URI:spiffe://abc.com/mail,email:mail@abc.com'
start_server_ s $serve_scenario_args_ --workers 1

returns_ 0 curl_ spiffe / --tlsv1.3 -D head >out 2>err || { cat err; fail=1; }
grep -qi '^content-type: application/json' head || { cat head; fail=1; }

fp=$(openssl x509 -in spiffe/server.cert -noout -fingerprint -sha256 |
	sed 's/.*=//; s/://g' | tr A-F a-f)
serial=$(openssl x509 -in spiffe/server.cert -noout -serial |
	sed 's/.*=//' | tr A-F a-f)
not_after=$(date -u -d "$(openssl x509 -in spiffe/server.cert -noout \
	-enddate | sed 's/.*=//')" +%Y-%m-%dT%H:%M:%SZ)
python3 - "$fp" "$serial" "$not_after" <<'PY' || fail=1
import json, sys
fp, serial, not_after = sys.argv[1:]
got = json.load(open('out'))
want = {
    'subject': 'O=MailServer,CN=mail',
    'issuer': 'O=ABC Inc.',
    'serial': serial,
    'sans': ['DNS:mail.abc.com', 'IP:10.0.0.7', 'URI:spiffe://abc.com/mail',
             'email:mail@abc.com'],
    'sha256': fp,
    'not_after': not_after,
    'protocol': 'TLS1.3',
}
for k, v in want.items():
    if got.get(k) != v:
        sys.exit('%s: got %r, want %r' % (k, got.get(k), v))
if not got.get('cipher', '').startswith('TLS_'):
    sys.exit('cipher: %r' % got.get('cipher'))
if sorted(got) != sorted(list(want) + ['cipher']):
    sys.exit('keys: %r' % sorted(got))
PY

returns_ 0 curl_ spiffe / --tlsv1.2 --tls-max 1.2 >out 2>err || fail=1
grep -q '"protocol":"TLS1.2"' out || { cat out; fail=1; }

# SANs the whoami does not name (an otherName first) are left out, and the
# list stays valid JSON.  openssl issues it: signcsr copies only DNS, IP,
# URI and email SANs.
mkdir other || framework_failure_ mkdir
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout other/private.key -subj /CN=other -out other/req.csr \
	2>/dev/null || framework_failure_ "openssl req"
printf '%s\n' 'basicConstraints=critical,CA:FALSE' \
	'keyUsage=critical,digitalSignature' 'extendedKeyUsage=clientAuth' \
	'subjectAltName=otherName:1.2.3.4;UTF8:x,DNS:other.abc.com' >other/ext
openssl x509 -req -in other/req.csr -CA ca/ca.cert.pem \
	-CAkey ca/ca.key.pem -CAcreateserial -days 1 -extfile other/ext \
	-out other/server.cert 2>/dev/null || framework_failure_ "openssl x509"
returns_ 0 curl_ other / >out 2>err || { cat err; fail=1; }
python3 -c "
import json, sys
got = json.load(open('out'))['sans']
sys.exit(0 if got == ['DNS:other.abc.com'] else 'sans: %r' % (got,))
" || { cat out; fail=1; }

stop_server_ || fail=1
Exit $fail
