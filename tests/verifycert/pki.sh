# tests/verifycert/pki.sh -- sourced after tests/init.sh by the verifycert
# tests: makes, in the scratch directory, every certificate the verdict
# matrix needs.
#
#   abc.pem abc.key          ABC's root CA ('/O=ABC Inc.')
#   zxc.pem zxc.key          another company's CA ('/CN=zxc.com/O=ZXC Inc.')
#   good.pem                 leaf from ABC, server+client auth,
#                            SANs DNS:localhost, IP:127.0.0.1
#   server.pem client.pem    leaves from ABC, --profile server / client
#   zxc-leaf.pem             leaf from ZXC
#   inter.pem inter.key      intermediate CA under ABC
#   via-inter.pem            leaf from the intermediate
#   via-inter-chain.pem      that leaf followed by the intermediate
#   notca.pem notca.key      leaf from ABC (CA:FALSE) ...
#   under-notca.pem          ... that signed this one (openssl x509 -req)
#   self.pem                 a self-signed leaf (CA:FALSE)
#   len0.pem len0.key        root CA with --path-len 0 ...
#   len0-inter.pem           ... an intermediate under it ...
#   len0-leaf-chain.pem      ... and a leaf under that, with the intermediate
#   revoked.pem              leaf from ABC listed in abc.crl
#   abc.crl                  ABC's CRL (certtool), next update in 30 days
#   zxc.crl                  ZXC's CRL, empty

# leaf NAME CA CAKEY [OPTION]...: NAME.pem for CN=NAME.test by CA.
leaf_() {
	name_=$1 ca_=$2 cakey_=$3
	shift 3
	mkcsr --subject "/CN=$name_.test/O=Test" --key-out "$name_.key" \
		>"$name_.csr" || framework_failure_ "mkcsr $name_"
	signcsr --ca "$ca_" --ca-key "$cakey_" --days 30 "$@" \
		<"$name_.csr" >"$name_.pem" || framework_failure_ "signcsr $name_"
}

mkca --subject '/O=ABC Inc.' --days 365 --key-out abc.key >abc.pem ||
	framework_failure_ "mkca abc"
mkca --subject '/CN=zxc.com/O=ZXC Inc.' --days 365 --key-out zxc.key \
	>zxc.pem || framework_failure_ "mkca zxc"

mkcsr --subject '/CN=localhost/O=InvoiceServer' --san DNS:localhost \
	--san IP:127.0.0.1 --key-out good.key >good.csr ||
	framework_failure_ "mkcsr good"
signcsr --ca abc.pem --ca-key abc.key --days 30 <good.csr >good.pem ||
	framework_failure_ "signcsr good"
leaf_ server abc.pem abc.key --profile server
leaf_ client abc.pem abc.key --profile client
leaf_ zxc-leaf zxc.pem zxc.key

mkca --subject '/CN=ABC Intermediate/O=ABC Inc.' --days 100 \
	--issuer-cert abc.pem --issuer-key abc.key --key-out inter.key \
	>inter.pem || framework_failure_ "mkca inter"
leaf_ via-inter inter.pem inter.key
cat via-inter.pem inter.pem >via-inter-chain.pem

leaf_ notca abc.pem abc.key
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout under-notca.key -subj '/CN=under-notca.test' \
	-out under-notca.csr 2>/dev/null || framework_failure_ "openssl req"
openssl x509 -req -in under-notca.csr -CA notca.pem -CAkey notca.key \
	-CAcreateserial -days 20 -out under-notca.pem 2>/dev/null ||
	framework_failure_ "openssl x509 -req"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout self.key -subj '/CN=self.test' -days 20 \
	-addext basicConstraints=critical,CA:FALSE -out self.pem 2>/dev/null ||
	framework_failure_ "openssl req -x509"

mkca --subject '/O=Len0 Root' --days 365 --path-len 0 --key-out len0.key \
	>len0.pem || framework_failure_ "mkca len0"
# mkca refuses to issue a CA under a path-length-0 CA (rightly), so the
# offending intermediate is made with openssl.
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout len0-inter.key -subj '/CN=Len0 Intermediate' \
	-out len0-inter.csr 2>/dev/null || framework_failure_ "openssl req"
printf '%s\n' 'basicConstraints=critical,CA:TRUE' \
	'keyUsage=critical,keyCertSign,cRLSign' >ca.ext
openssl x509 -req -in len0-inter.csr -CA len0.pem -CAkey len0.key \
	-CAcreateserial -days 20 -extfile ca.ext -out len0-inter.pem \
	2>/dev/null || framework_failure_ "openssl x509 -req len0-inter"
leaf_ len0-leaf len0-inter.pem len0-inter.key
cat len0-leaf.pem len0-inter.pem >len0-leaf-chain.pem

leaf_ revoked abc.pem abc.key
printf '%s\n' 'crl_next_update = 30' 'crl_number = 1' >crl.tmpl
certtool --generate-crl --load-ca-certificate abc.pem \
	--load-ca-privkey abc.key --load-certificate revoked.pem \
	--template crl.tmpl --outfile abc.crl 2>/dev/null ||
	framework_failure_ "certtool --generate-crl abc"
certtool --generate-crl --load-ca-certificate zxc.pem \
	--load-ca-privkey zxc.key --template crl.tmpl --outfile zxc.crl \
	2>/dev/null || framework_failure_ "certtool --generate-crl zxc"

# Times for --at / -attime: well inside every validity period, after the
# leaves expire (30 days), and before any of them began.
day_() { date -u -d "@$(( $(date +%s) + $1 * 86400 ))" +%Y-%m-%d; }
epoch_() { date -u -d "$1" +%s; }
SOON=$(day_ 2)
LATER=$(day_ 60)
EARLIER=$(day_ -3)
