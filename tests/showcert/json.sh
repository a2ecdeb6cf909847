#!/bin/sh
# --json: one array, one object per item, every documented key present
# (and no others), strings escaped so any subject parses back exactly.
. "${srcdir:-.}/tests/init.sh"
require_ python3 certtool
make_scenario_
printf '%s\n' 'crl_next_update = 30' 'crl_number = 1' >crl.tmpl
certtool --generate-crl --load-ca-certificate ca/ca.cert.pem \
	--load-ca-privkey ca/ca.key.pem \
	--load-certificate invoice-server/server.cert --template crl.tmpl \
	--outfile ca.crl 2>/dev/null || framework_failure_ certtool
mkcsr --subject '/CN=odd "name" \\ here/O=Ünïcødé/OU=tab	x' \
	--key-out odd.key >odd.csr || framework_failure_ mkcsr
signcsr --ca ca/ca.cert.pem --ca-key ca/ca.key.pem <odd.csr >odd.pem ||
	framework_failure_ signcsr

showcert --json ca/ca.cert.pem invoice-server/server.cert \
	invoice-server/server.csr ca.crl odd.pem >out.json 2>err || fail=1
compare /dev/null err || fail=1
showcert --field subject odd.pem >odd.subject || fail=1

python3 - out.json odd.subject <<'EOX' || fail=1
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
odd = open(sys.argv[2], encoding="utf-8").read().rstrip("\n")
common = {"file", "index", "type"}
keys = {
    "certificate": common | {"subject", "issuer", "self_signed", "serial",
        "not_before", "not_after", "days_left", "validity", "san",
        "key_type", "is_ca", "path_len", "key_usage",
        "extended_key_usage", "crl_urls", "ca_issuers_urls", "fingerprint"},
    "csr": common | {"subject", "san", "key_type", "is_ca", "key_usage",
        "extended_key_usage", "extensions", "signature_valid"},
    "crl": common | {"issuer", "this_update", "next_update", "revoked"},
}
bad = 0
def check(cond, what):
    global bad
    if not cond:
        print("json: " + what, file=sys.stderr)
        bad = 1
check(isinstance(doc, list) and len(doc) == 5, "not an array of 5")
types = [o["type"] for o in doc]
check(types == ["certificate", "certificate", "csr", "crl", "certificate"],
      "types %r" % types)
for o in doc:
    check(set(o) == keys[o["type"]], "keys of %s: %r" % (o["type"], sorted(o)))
ca, leaf, csr, crl, oddc = doc
check(ca["is_ca"] is True and ca["self_signed"] is True, "ca flags")
check(ca["key_usage"] == ["certificate signing", "CRL signing"], "ca usage")
check(ca["extended_key_usage"] is None and ca["path_len"] is None, "ca eku")
check(leaf["file"] == "invoice-server/server.cert" and leaf["index"] == 1,
      "file/index")
check(leaf["subject"] == "O=InvoiceServer,CN=localhost", "subject")
check(leaf["issuer"] == "O=ABC Inc.", "issuer")
check(leaf["san"] == ["DNS:localhost"], "san")
check(leaf["key_type"] == "ECDSA P-256", "key_type")
check(leaf["is_ca"] is False and leaf["validity"] == "valid", "leaf flags")
check(leaf["extended_key_usage"] == ["server auth", "client auth"], "eku")
check(isinstance(leaf["days_left"], int) and 360 <= leaf["days_left"] <= 365,
      "days_left")
check(csr["signature_valid"] is True and csr["extensions"] ==
      ["subjectAltName"], "csr")
check(crl["issuer"] == "O=ABC Inc." and len(crl["revoked"]) == 1 and
      crl["revoked"][0]["serial"] == leaf["serial"], "crl")
check(oddc["subject"] == odd, "odd subject %r != %r" % (oddc["subject"], odd))
check('\\"name\\"' in odd and "\u00dcn\u00efc\u00f8d\u00e9" in odd and
      "\t" in odd, "odd subject lost characters: %r" % odd)
sys.exit(bad)
EOX

# No input at all still makes a document: an empty array.
echo garbage >garbage
returns_ 2 showcert --json garbage >out 2>/dev/null || fail=1
echo '[]' >exp
compare exp out || fail=1

Exit $fail
