# tests/verifycert/rules-cases.sh -- sourced (after tests/init.sh) by the
# tests that run the RFC 5280 / CA/Browser Forum rule cases: defines
# rules_cases_make DIR, which builds one directory per case under DIR,
# with our tools, `openssl x509 -req -extfile` and certtool templates,
# and sets RULES_CASES to their names in order.
#
# Each case directory D holds:
#   D/anchors.pem    the trust anchors (--ca)
#   D/chain.pem      the leaf, then the intermediates a peer would send
#   D/leaf.key       the leaf's key, unencrypted PEM
#   D/host           the host name to check (--host, --servername)
#   D/strict         (optional, empty) run with --strict
#   D/purpose        (optional) client or server, for the EKU cases; the
#                    other leaves have both serverAuth and clientAuth
#   D/expect         line 1 "ok" or "refused"; line 2 the reason, as
#                    verifycert prints it after "FILE: FAILED: " (empty
#                    when ok); then "warning: WORDS" per expected warning
#                    (as verifycert prints it after "FILE: ")
#   D/expect-nohost  (optional) the same for a caller that checks no host
#                    name (mtls-serve judging a client): the CN allowance
#                    only applies when a host name is matched; without
#                    this file, D/expect holds with or without the host
#
# Subjects are fixed (CN=Rules Root, CN=Rules Issuing CA, CN=leaf.test)
# so the expected words are too.

RC_ROOT_EXT='basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash'
RC_INT_EXT="$RC_ROOT_EXT
authorityKeyIdentifier=keyid"
RC_LEAF_BASE='basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
subjectKeyIdentifier=hash'
RC_LEAF_EXT="$RC_LEAF_BASE
authorityKeyIdentifier=keyid
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=DNS:leaf.test"

# rc_key_ SPEC OUT: a new key: ec:CURVE (default ec:P-256), rsa:BITS,
# ed25519, dsa.
rc_key_() {
	case $1 in
	rsa:*) openssl genpkey -algorithm RSA \
		-pkeyopt "rsa_keygen_bits:${1#rsa:}" -out "$2" ;;
	ec:*) openssl genpkey -algorithm EC \
		-pkeyopt "ec_paramgen_curve:${1#ec:}" -out "$2" ;;
	ed25519) openssl genpkey -algorithm ED25519 -out "$2" ;;
	dsa) openssl genpkey -genparam -algorithm DSA \
		-pkeyopt dsa_paramgen_bits:2048 -out "$2.param" &&
		openssl genpkey -paramfile "$2.param" -out "$2" &&
		rm -f "$2.param" ;;
	esac >/dev/null 2>&1 || framework_failure_ "key $1"
}

# rc_serial_: a random positive serial of 16 octets, in hex.
rc_serial_() {
	echo "0x1$(openssl rand -hex 15)"
}

# rc_keyid_ KEY: the key identifier (RFC 5280 4.2.1.2 method 1) of the
# P-256 KEY, as openssl -extfile DER bytes.
rc_keyid_() {
	openssl pkey -in "$1" -pubout -outform DER | tail -c 65 |
		openssl dgst -sha1 -r | cut -c1-40 | sed 's/../&:/g; s/:$//'
}

# rc_cert_ OUT KEY SUBJECT ISSUER ISSUERKEY EXT [X509 OPTION]...: a
# certificate for KEY, issued by ISSUER ("self": self-signed) with the
# extension lines EXT (empty: none, a version 1 certificate).
rc_cert_() {
	out_=$1 key_=$2 subj_=$3 iss_=$4 isskey_=$5 ext_=$6
	shift 6
	openssl req -new -key "$key_" -subj "$subj_" -out "$out_.csr" \
		2>/dev/null || framework_failure_ "csr $out_"
	set -- -days 30 "$@"
	case " $* " in *" -set_serial "*) ;;
	*) set -- -set_serial "$(rc_serial_)" "$@" ;; esac
	if test -n "$ext_"; then
		printf '%s\n' "$ext_" >"$out_.ext"
		set -- -extfile "$out_.ext" "$@"
	fi
	if test "$iss_" = self; then
		set -- -signkey "$key_" "$@"
	else
		set -- -CA "$iss_" -CAkey "$isskey_" "$@"
	fi
	openssl x509 -req -in "$out_.csr" "$@" -out "$out_" 2>/dev/null ||
		framework_failure_ "x509 -req $out_"
	rm -f "$out_.csr" "$out_.ext"
}

# rc_expect_ D VERDICT WORDS [WARNING]...
rc_expect_() {
	d_=$1
	shift
	printf '%s\n' "$@" >"$d_/expect"
	RULES_CASES="$RULES_CASES ${d_##*/}"
}

# rc_expect_nohost_ D VERDICT WORDS [WARNING]...
rc_expect_nohost_() {
	d_=$1
	shift
	printf '%s\n' "$@" >"$d_/expect-nohost"
}

# rc_std_ D EXT [KEYSPEC [X509 OPTION]...]: a leaf for CN=leaf.test with
# EXT, issued by the base issuing CA, in D.
rc_std_() {
	d_=$1 ext_=$2 spec_=${3:-ec:P-256}
	shift 2
	test $# -gt 0 && shift
	mkdir "$d_" || framework_failure_ "mkdir $d_"
	rc_key_ "$spec_" "$d_/leaf.key"
	rc_cert_ "$d_/leaf.pem" "$d_/leaf.key" /CN=leaf.test "$RC_B/int.pem" \
		"$RC_B/int.key" "$ext_" "$@"
	cat "$d_/leaf.pem" "$RC_B/int.pem" >"$d_/chain.pem"
	cp "$RC_B/root.pem" "$d_/anchors.pem"
	echo leaf.test >"$d_/host"
	rm -f "$d_/leaf.pem"
}

# rc_chain_ D ROOTEXT INTEXT LEAFEXT [X509 OPTION]...: a root, an
# intermediate and a leaf made with openssl, each with the given
# extensions (the options are for the leaf's openssl x509 -req).
rc_chain_() {
	d_=$1
	mkdir "$d_" || framework_failure_ "mkdir $d_"
	rc_key_ ec:P-256 "$d_/root.key"
	rc_key_ ec:P-256 "$d_/int.key"
	rc_key_ ec:P-256 "$d_/leaf.key"
	rc_cert_ "$d_/anchors.pem" "$d_/root.key" "/CN=Rules Root" self "" "$2"
	rc_cert_ "$d_/int.pem" "$d_/int.key" "/CN=Rules Issuing CA" \
		"$d_/anchors.pem" "$d_/root.key" "$3"
	ext_=$4
	shift 4
	rc_cert_ "$d_/leaf.pem" "$d_/leaf.key" /CN=leaf.test "$d_/int.pem" \
		"$d_/int.key" "$ext_" "$@"
	cat "$d_/leaf.pem" "$d_/int.pem" >"$d_/chain.pem"
	echo leaf.test >"$d_/host"
	rm -f "$d_/root.key" "$d_/int.key" "$d_/int.pem" "$d_/leaf.pem"
}

rules_cases_make() {
	RC_D=$1
	RC_B=$RC_D/_base
	RULES_CASES=
	mkdir -p "$RC_B" || framework_failure_ "mkdir $RC_B"
	# The base: a root and an issuing CA made by mkca.
	mkca --subject '/CN=Rules Root' --days 60 --key-out "$RC_B/root.key" \
		>"$RC_B/root.pem" || framework_failure_ "mkca root"
	mkca --subject '/CN=Rules Issuing CA' --days 50 \
		--issuer-cert "$RC_B/root.pem" --issuer-key "$RC_B/root.key" \
		--key-out "$RC_B/int.key" >"$RC_B/int.pem" ||
		framework_failure_ "mkca int"

	# --- accepted
	d=$RC_D/ok-ours
	mkdir "$d" && mkcsr --subject /CN=leaf.test --san DNS:leaf.test \
		--key-out "$d/leaf.key" >"$d/leaf.csr" &&
		signcsr --ca "$RC_B/int.pem" --ca-key "$RC_B/int.key" --days 30 \
			<"$d/leaf.csr" >"$d/leaf.pem" ||
		framework_failure_ "ok-ours"
	cat "$d/leaf.pem" "$RC_B/int.pem" >"$d/chain.pem"
	cp "$RC_B/root.pem" "$d/anchors.pem"
	echo leaf.test >"$d/host"
	rm -f "$d/leaf.csr" "$d/leaf.pem"
	rc_expect_ "$d" ok ''

	rc_std_ "$RC_D/ok-ed25519" "$RC_LEAF_EXT" ed25519
	rc_expect_ "$RC_D/ok-ed25519" ok ''
	rc_std_ "$RC_D/ok-rsa-2048" "$RC_LEAF_EXT" rsa:2048
	rc_expect_ "$RC_D/ok-rsa-2048" ok ''
	rc_std_ "$RC_D/ok-p384" "$RC_LEAF_EXT" ec:P-384
	rc_expect_ "$RC_D/ok-p384" ok ''

	# pathLenConstraint 1 on the root, two intermediates below it, one
	# of them self-issued (a key rollover): RFC 5280 6.1.4 counts one.
	d=$RC_D/ok-pathlen-self-issued
	mkdir "$d"
	for k in root a a2 leaf; do rc_key_ ec:P-256 "$d/$k.key"; done
	rc_cert_ "$d/anchors.pem" "$d/root.key" "/CN=Rules Root" self "" \
		"basicConstraints=critical,CA:TRUE,pathlen:1
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash"
	rc_cert_ "$d/a.pem" "$d/a.key" "/CN=Rules Issuing CA" \
		"$d/anchors.pem" "$d/root.key" "$RC_INT_EXT"
	rc_cert_ "$d/a2.pem" "$d/a2.key" "/CN=Rules Issuing CA" \
		"$d/a.pem" "$d/a.key" "$RC_INT_EXT"
	rc_cert_ "$d/leaf.pem" "$d/leaf.key" /CN=leaf.test "$d/a2.pem" \
		"$d/a2.key" "$RC_LEAF_EXT"
	cat "$d/leaf.pem" "$d/a2.pem" "$d/a.pem" >"$d/chain.pem"
	echo leaf.test >"$d/host"
	rm -f "$d/root.key" "$d/a.key" "$d/a2.key" "$d/a.pem" "$d/a2.pem" \
		"$d/leaf.pem"
	rc_expect_ "$d" ok ''

	# --- the legacy allowances: every tutorial's openssl x509 -req
	# (version 1, serial 0, CN only) under a CA from openssl req -x509.
	d=$RC_D/legacy-v1-leaf
	mkdir "$d"
	rc_key_ rsa:2048 "$d/root.key"
	rc_key_ rsa:2048 "$d/leaf.key"
	openssl req -x509 -new -key "$d/root.key" -sha256 -days 30 \
		-subj '/CN=Tutorial CA' -out "$d/anchors.pem" 2>/dev/null ||
		framework_failure_ "openssl req -x509"
	rc_cert_ "$d/chain.pem" "$d/leaf.key" /CN=leaf.test \
		"$d/anchors.pem" "$d/root.key" '' -set_serial 0 -sha256
	rm -f "$d/root.key"
	echo leaf.test >"$d/host"
	rc_expect_ "$d" ok '' \
		"warning: certificate 'CN=leaf.test' is version 1 (no extensions) with serial number 0, accepted as a legacy end-entity certificate" \
		"warning: certificate 'CN=leaf.test' has no subjectAltName extension; the host name was matched against its CN"
	rc_expect_nohost_ "$d" ok '' \
		"warning: certificate 'CN=leaf.test' is version 1 (no extensions) with serial number 0, accepted as a legacy end-entity certificate"
	cp -r "$d" "$RC_D/legacy-v1-leaf-strict"
	d=$RC_D/legacy-v1-leaf-strict
	rm "$d/expect-nohost"
	: >"$d/strict"
	rc_expect_ "$d" refused \
		"certificate 'CN=leaf.test' is version 1; version 3 is required"

	rc_std_ "$RC_D/legacy-cn" "$RC_LEAF_BASE
authorityKeyIdentifier=keyid
extendedKeyUsage=serverAuth,clientAuth"
	rc_expect_ "$RC_D/legacy-cn" ok '' \
		"warning: certificate 'CN=leaf.test' has no subjectAltName extension; the host name was matched against its CN"
	rc_expect_nohost_ "$RC_D/legacy-cn" ok ''
	cp -r "$RC_D/legacy-cn" "$RC_D/legacy-cn-strict"
	: >"$RC_D/legacy-cn-strict/strict"
	rc_expect_ "$RC_D/legacy-cn-strict" refused \
		"certificate 'CN=leaf.test' has no subjectAltName extension; its host name is only in its CN"

	# --- weak keys and signatures
	rc_std_ "$RC_D/key-rsa-1024" "$RC_LEAF_EXT" rsa:1024
	rc_expect_ "$RC_D/key-rsa-1024" refused \
		"certificate 'CN=leaf.test' has an RSA key of 1024 bits; at least 2048 are required"
	rc_std_ "$RC_D/key-rsa-2052" "$RC_LEAF_EXT" rsa:2052
	rc_expect_ "$RC_D/key-rsa-2052" refused \
		"certificate 'CN=leaf.test' has an RSA key of 2052 bits, which is not a multiple of 8"
	rc_std_ "$RC_D/key-dsa" "$RC_LEAF_EXT" dsa
	rc_expect_ "$RC_D/key-dsa" refused \
		"certificate 'CN=leaf.test' has a DSA key; only RSA, ECDSA (P-256, P-384, P-521) and Ed25519 keys are accepted"
	rc_std_ "$RC_D/key-p224" "$RC_LEAF_EXT" ec:P-224
	rc_expect_ "$RC_D/key-p224" refused \
		"certificate 'CN=leaf.test' has an ECDSA key on the curve SECP224R1; only P-256, P-384 and P-521 are accepted"
	d=$RC_D/key-int-rsa-1024
	mkdir "$d"
	rc_key_ rsa:1024 "$d/int.key"
	rc_key_ ec:P-256 "$d/leaf.key"
	rc_cert_ "$d/int.pem" "$d/int.key" "/CN=Rules Issuing CA" \
		"$RC_B/root.pem" "$RC_B/root.key" "$RC_INT_EXT"
	rc_cert_ "$d/leaf.pem" "$d/leaf.key" /CN=leaf.test "$d/int.pem" \
		"$d/int.key" "$RC_LEAF_EXT"
	cat "$d/leaf.pem" "$d/int.pem" >"$d/chain.pem"
	cp "$RC_B/root.pem" "$d/anchors.pem"
	echo leaf.test >"$d/host"
	rm -f "$d/int.key" "$d/int.pem" "$d/leaf.pem"
	rc_expect_ "$d" refused \
		"certificate 'CN=Rules Issuing CA' has an RSA key of 1024 bits; at least 2048 are required"
	rc_std_ "$RC_D/sig-sha1" "$RC_LEAF_EXT" ec:P-256 -sha1
	rc_expect_ "$RC_D/sig-sha1" refused \
		"certificate 'CN=leaf.test' is signed with SHA1 (ECDSA-SHA1); signatures made with MD5 or SHA-1 are not accepted"
	# MD5 needs an RSA issuer.
	d=$RC_D/sig-md5
	mkdir "$d"
	rc_key_ rsa:2048 "$d/int.key"
	rc_key_ ec:P-256 "$d/leaf.key"
	rc_cert_ "$d/int.pem" "$d/int.key" "/CN=Rules Issuing CA" \
		"$RC_B/root.pem" "$RC_B/root.key" "$RC_INT_EXT"
	rc_cert_ "$d/leaf.pem" "$d/leaf.key" /CN=leaf.test "$d/int.pem" \
		"$d/int.key" "$RC_LEAF_EXT" -md5
	cat "$d/leaf.pem" "$d/int.pem" >"$d/chain.pem"
	cp "$RC_B/root.pem" "$d/anchors.pem"
	echo leaf.test >"$d/host"
	rm -f "$d/int.key" "$d/int.pem" "$d/leaf.pem"
	rc_expect_ "$RC_D/sig-md5" refused \
		"certificate 'CN=leaf.test' is signed with MD5 (RSA-MD5); signatures made with MD5 or SHA-1 are not accepted"

	# --- CAs and the end-entity certificate
	d=$RC_D/leaf-ca
	mkdir "$d"
	rc_key_ ec:P-256 "$d/leaf.key"
	printf '%s\n' 'cn = leaf.test' 'ca' 'cert_signing_key' \
		'signing_key' 'dns_name = leaf.test' 'tls_www_server' \
		'tls_www_client' 'expiration_days = 30' \
		"serial = $(date +%s%N)" >"$d/leaf.tmpl"
	certtool --generate-certificate --load-privkey "$d/leaf.key" \
		--load-ca-certificate "$RC_B/int.pem" \
		--load-ca-privkey "$RC_B/int.key" --template "$d/leaf.tmpl" \
		--outfile "$d/leaf.pem" >/dev/null 2>&1 ||
		framework_failure_ "certtool leaf-ca"
	cat "$d/leaf.pem" "$RC_B/int.pem" >"$d/chain.pem"
	cp "$RC_B/root.pem" "$d/anchors.pem"
	echo leaf.test >"$d/host"
	rm -f "$d/leaf.pem" "$d/leaf.tmpl"
	rc_expect_ "$d" refused \
		"certificate 'CN=leaf.test' is a CA certificate (basicConstraints CA:TRUE) but is used as an end-entity certificate"
	rc_std_ "$RC_D/leaf-keycertsign" 'basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyCertSign
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=DNS:leaf.test'
	rc_expect_ "$RC_D/leaf-keycertsign" refused \
		"certificate 'CN=leaf.test' has keyCertSign in its key usage but is used as an end-entity certificate"
	rc_chain_ "$RC_D/ca-no-bc" "$RC_ROOT_EXT" \
		'keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid' "$RC_LEAF_EXT"
	rc_expect_ "$RC_D/ca-no-bc" refused \
		"issuer 'CN=Rules Issuing CA' is not a CA"
	rc_chain_ "$RC_D/ca-bc-not-critical" "$RC_ROOT_EXT" \
		'basicConstraints=CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid' "$RC_LEAF_EXT"
	rc_expect_ "$RC_D/ca-bc-not-critical" refused \
		"certificate 'CN=Rules Issuing CA' is a CA whose basicConstraints extension is not critical; it must be critical"
	rc_chain_ "$RC_D/root-no-bc" 'keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash' "$RC_INT_EXT" "$RC_LEAF_EXT"
	rc_expect_ "$RC_D/root-no-bc" refused \
		"certificate 'CN=Rules Root' signs certificates but has no basicConstraints extension"
	rc_chain_ "$RC_D/root-bc-not-critical" 'basicConstraints=CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash' "$RC_INT_EXT" "$RC_LEAF_EXT"
	rc_expect_ "$RC_D/root-bc-not-critical" refused \
		"certificate 'CN=Rules Root' is a CA whose basicConstraints extension is not critical; it must be critical"
	d=$RC_D/root-v1
	mkdir "$d"
	rc_key_ ec:P-256 "$d/root.key"
	rc_key_ ec:P-256 "$d/leaf.key"
	rc_cert_ "$d/anchors.pem" "$d/root.key" "/CN=Rules Root" self "" ''
	rc_cert_ "$d/chain.pem" "$d/leaf.key" /CN=leaf.test \
		"$d/anchors.pem" "$d/root.key" "$RC_LEAF_BASE
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=DNS:leaf.test
2.5.29.35=DER:30:16:80:14:$(rc_keyid_ "$d/root.key")"
	echo leaf.test >"$d/host"
	rm -f "$d/root.key"
	rc_expect_ "$d" refused \
		"certificate 'CN=Rules Root' is version 1; a CA certificate must be version 3"
	# A version 1 intermediate (no extensions at all).
	d=$RC_D/int-v1
	mkdir "$d"
	rc_key_ ec:P-256 "$d/int.key"
	rc_key_ ec:P-256 "$d/leaf.key"
	rc_cert_ "$d/int.pem" "$d/int.key" "/CN=Rules Issuing CA" \
		"$RC_B/root.pem" "$RC_B/root.key" ''
	rc_cert_ "$d/leaf.pem" "$d/leaf.key" /CN=leaf.test "$d/int.pem" \
		"$d/int.key" "$RC_LEAF_BASE
2.5.29.35=DER:30:16:80:14:$(rc_keyid_ "$d/int.key")
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=DNS:leaf.test"
	cat "$d/leaf.pem" "$d/int.pem" >"$d/chain.pem"
	cp "$RC_B/root.pem" "$d/anchors.pem"
	echo leaf.test >"$d/host"
	rm -f "$d/int.key" "$d/int.pem" "$d/leaf.pem"
	rc_expect_ "$d" refused \
		"certificate 'CN=Rules Issuing CA' is version 1; a CA certificate must be version 3"

	# A CA without a subject key identifier; the leaf's authority key
	# identifier is the one the CA's key would have.
	d=$RC_D/ca-no-ski
	mkdir "$d"
	rc_key_ ec:P-256 "$d/int.key"
	rc_key_ ec:P-256 "$d/leaf.key"
	rc_cert_ "$d/int.pem" "$d/int.key" "/CN=Rules Issuing CA" \
		"$RC_B/root.pem" "$RC_B/root.key" 'basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=none
authorityKeyIdentifier=keyid'
	keyid=$(rc_keyid_ "$d/int.key")
	rc_cert_ "$d/leaf.pem" "$d/leaf.key" /CN=leaf.test "$d/int.pem" \
		"$d/int.key" "$RC_LEAF_BASE
2.5.29.35=DER:30:16:80:14:$keyid
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=DNS:leaf.test"
	cat "$d/leaf.pem" "$d/int.pem" >"$d/chain.pem"
	cp "$RC_B/root.pem" "$d/anchors.pem"
	echo leaf.test >"$d/host"
	rm -f "$d/int.key" "$d/int.pem" "$d/leaf.pem"
	rc_expect_ "$d" refused \
		"certificate 'CN=Rules Issuing CA' is a CA without a subject key identifier"

	# --- path length and depth
	rc_chain_ "$RC_D/pathlen" 'basicConstraints=critical,CA:TRUE,pathlen:0
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash' "$RC_INT_EXT" "$RC_LEAF_EXT"
	rc_expect_ "$RC_D/pathlen" refused \
		"path too long ('CN=Rules Root' allows 0 intermediate CAs below it, found 1)"
	d=$RC_D/depth
	mkdir "$d"
	rc_key_ ec:P-256 "$d/k0.key"
	rc_cert_ "$d/anchors.pem" "$d/k0.key" "/CN=Rules Root" self "" \
		"$RC_ROOT_EXT"
	prev=$d/anchors.pem
	: >"$d/ints.pem"
	for i in 1 2 3 4 5 6 7 8 9; do
		rc_key_ ec:P-256 "$d/k$i.key"
		rc_cert_ "$d/i$i.pem" "$d/k$i.key" "/CN=Rules CA $i" "$prev" \
			"$d/k$((i - 1)).key" "$RC_INT_EXT"
		cat "$d/i$i.pem" "$d/ints.pem" >"$d/ints.tmp"
		mv "$d/ints.tmp" "$d/ints.pem"
		prev=$d/i$i.pem
	done
	rc_key_ ec:P-256 "$d/leaf.key"
	rc_cert_ "$d/leaf.pem" "$d/leaf.key" /CN=leaf.test "$prev" \
		"$d/k9.key" "$RC_LEAF_EXT"
	cat "$d/leaf.pem" "$d/ints.pem" >"$d/chain.pem"
	rm -f "$d"/k?.key "$d"/i?.pem "$d/ints.pem" "$d/leaf.pem"
	echo leaf.test >"$d/host"
	rc_expect_ "$d" refused \
		"the chain has 11 certificates; at most 10 are allowed"

	# --- name constraints, in the issuing CA
	rc_chain_ "$RC_D/nc-dns-permitted" "$RC_ROOT_EXT" "$RC_INT_EXT
nameConstraints=critical,permitted;DNS:ok.test" "$RC_LEAF_EXT"
	rc_expect_ "$RC_D/nc-dns-permitted" refused \
		"'DNS:leaf.test' is outside the names CA 'CN=Rules Issuing CA' may certify (permitted DNS:ok.test)"
	rc_chain_ "$RC_D/nc-dns-excluded" "$RC_ROOT_EXT" "$RC_INT_EXT
nameConstraints=critical,excluded;DNS:leaf.test" "$RC_LEAF_EXT"
	rc_expect_ "$RC_D/nc-dns-excluded" refused \
		"'DNS:leaf.test' is outside the names CA 'CN=Rules Issuing CA' may certify (excluded DNS:leaf.test)"
	rc_chain_ "$RC_D/nc-not-critical" "$RC_ROOT_EXT" "$RC_INT_EXT
nameConstraints=permitted;DNS:ok.test" "$RC_LEAF_EXT"
	rc_expect_ "$RC_D/nc-not-critical" refused \
		"'DNS:leaf.test' is outside the names CA 'CN=Rules Issuing CA' may certify (permitted DNS:ok.test)"
	rc_chain_ "$RC_D/nc-ip-permitted" "$RC_ROOT_EXT" "$RC_INT_EXT
nameConstraints=critical,permitted;IP:10.0.0.0/255.0.0.0,permitted;DNS:leaf.test" \
		"$RC_LEAF_EXT,IP:192.0.2.1"
	rc_expect_ "$RC_D/nc-ip-permitted" refused \
		"'IP:192.0.2.1' is outside the names CA 'CN=Rules Issuing CA' may certify (permitted IP:10.0.0.0/8, DNS:leaf.test)"
	rc_chain_ "$RC_D/nc-email-excluded" "$RC_ROOT_EXT" "$RC_INT_EXT
nameConstraints=critical,excluded;email:bad.test" \
		"$RC_LEAF_EXT,email:x@bad.test"
	rc_expect_ "$RC_D/nc-email-excluded" refused \
		"'email:x@bad.test' is outside the names CA 'CN=Rules Issuing CA' may certify (excluded email:bad.test)"
	rc_chain_ "$RC_D/nc-uri-permitted" "$RC_ROOT_EXT" "$RC_INT_EXT
nameConstraints=critical,permitted;URI:.ok.test,permitted;DNS:leaf.test" \
		"$RC_LEAF_EXT,URI:https://evil.test/x"
	rc_expect_ "$RC_D/nc-uri-permitted" refused \
		"'URI:https://evil.test/x' is outside the names CA 'CN=Rules Issuing CA' may certify (permitted URI:.ok.test, DNS:leaf.test)"
	rc_chain_ "$RC_D/ok-nc-uri" "$RC_ROOT_EXT" "$RC_INT_EXT
nameConstraints=critical,permitted;URI:.ok.test,permitted;DNS:leaf.test" \
		"$RC_LEAF_EXT,URI:https://a.ok.test/x"
	rc_expect_ "$RC_D/ok-nc-uri" ok ''
	rc_chain_ "$RC_D/nc-wildcard-excluded" "$RC_ROOT_EXT" "$RC_INT_EXT
nameConstraints=critical,excluded;DNS:bad.wild.test" \
		"$RC_LEAF_BASE
authorityKeyIdentifier=keyid
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=DNS:*.wild.test"
	echo a.wild.test >"$RC_D/nc-wildcard-excluded/host"
	rc_expect_ "$RC_D/nc-wildcard-excluded" refused \
		"'DNS:*.wild.test' is outside the names CA 'CN=Rules Issuing CA' may certify (excluded DNS:bad.wild.test)"
	rc_chain_ "$RC_D/nc-cn" "$RC_ROOT_EXT" "$RC_INT_EXT
nameConstraints=critical,permitted;DNS:ok.test" "$RC_LEAF_BASE
authorityKeyIdentifier=keyid
extendedKeyUsage=serverAuth,clientAuth"
	rc_expect_ "$RC_D/nc-cn" refused \
		"'CN=leaf.test' is outside the names CA 'CN=Rules Issuing CA' may certify (permitted DNS:ok.test)"
	# A CN that is no host name, beside a subjectAltName, is not held to
	# DNS constraints (GnuTLS holds it, certtool refuses).
	rc_chain_ "$RC_D/ok-nc-cn-not-a-host" "$RC_ROOT_EXT" "$RC_INT_EXT
nameConstraints=critical,permitted;DNS:ok.test,permitted;IP:127.0.0.0/255.0.0.0" \
		"$RC_LEAF_BASE
authorityKeyIdentifier=keyid
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=IP:127.0.0.1" -subj '/CN=Acme Client'
	echo 127.0.0.1 >"$RC_D/ok-nc-cn-not-a-host/host"
	rc_expect_ "$RC_D/ok-nc-cn-not-a-host" ok ''
	# Directory names (GnuTLS does not check them; openssl does).
	rc_chain_ "$RC_D/nc-dirname" "$RC_ROOT_EXT" "$RC_INT_EXT
nameConstraints=critical,permitted;dirName:acme
[acme]
O=Acme" "$RC_LEAF_EXT" -subj '/O=Evil/CN=leaf.test'
	rc_expect_ "$RC_D/nc-dirname" refused \
		"'CN=leaf.test,O=Evil' is outside the names CA 'CN=Rules Issuing CA' may certify (permitted dirName:O=Acme)"
	rc_chain_ "$RC_D/ok-nc-dirname" "$RC_ROOT_EXT" "$RC_INT_EXT
nameConstraints=critical,permitted;dirName:acme
[acme]
O=Acme" "$RC_LEAF_EXT" -subj '/O=Acme/CN=leaf.test'
	rc_expect_ "$RC_D/ok-nc-dirname" ok ''
	rc_chain_ "$RC_D/nc-malformed" "$RC_ROOT_EXT" "$RC_INT_EXT
nameConstraints=critical,permitted;IP:10.0.0.0/255.0.255.0" "$RC_LEAF_EXT"
	rc_expect_ "$RC_D/nc-malformed" refused \
		"the name constraints of CA 'CN=Rules Issuing CA' are malformed (they cannot be decoded)"
	rc_std_ "$RC_D/nc-in-leaf" "$RC_LEAF_EXT
nameConstraints=critical,permitted;DNS:leaf.test"
	rc_expect_ "$RC_D/nc-in-leaf" refused \
		"certificate 'CN=leaf.test' is an end-entity certificate with name constraints; only a CA may have them"

	# --- extended key usage
	rc_std_ "$RC_D/eku-no-server" "$RC_LEAF_BASE
authorityKeyIdentifier=keyid
extendedKeyUsage=clientAuth
subjectAltName=DNS:leaf.test"
	echo server >"$RC_D/eku-no-server/purpose"
	rc_expect_ "$RC_D/eku-no-server" refused \
		"not valid for server authentication (extended key usage: client auth only)"
	rc_std_ "$RC_D/eku-no-client" "$RC_LEAF_BASE
authorityKeyIdentifier=keyid
extendedKeyUsage=serverAuth
subjectAltName=DNS:leaf.test"
	echo client >"$RC_D/eku-no-client/purpose"
	rc_expect_ "$RC_D/eku-no-client" refused \
		"not valid for client authentication (extended key usage: server auth only)"
	rc_std_ "$RC_D/eku-any" "$RC_LEAF_BASE
authorityKeyIdentifier=keyid
extendedKeyUsage=anyExtendedKeyUsage
subjectAltName=DNS:leaf.test"
	echo server >"$RC_D/eku-any/purpose"
	rc_expect_ "$RC_D/eku-any" refused \
		"not valid for server authentication (extended key usage: any only)"
	rc_std_ "$RC_D/eku-empty" "$RC_LEAF_BASE
authorityKeyIdentifier=keyid
2.5.29.37=DER:30:00
subjectAltName=DNS:leaf.test"
	echo server >"$RC_D/eku-empty/purpose"
	rc_expect_ "$RC_D/eku-empty" refused \
		"certificate 'CN=leaf.test' has an empty extended key usage"

	# --- extensions: criticality, key identifiers
	rc_std_ "$RC_D/aki-critical" "$RC_LEAF_BASE
authorityKeyIdentifier=critical,keyid
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=DNS:leaf.test"
	rc_expect_ "$RC_D/aki-critical" refused \
		"certificate 'CN=leaf.test' has a critical authority key identifier; RFC 5280 says it must not be critical"
	rc_std_ "$RC_D/aki-missing" "$RC_LEAF_BASE
authorityKeyIdentifier=none
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=DNS:leaf.test"
	rc_expect_ "$RC_D/aki-missing" refused \
		"certificate 'CN=leaf.test' has no authority key identifier; every certificate but a self-signed one must have one"
	rc_std_ "$RC_D/aki-no-keyid" "$RC_LEAF_BASE
authorityKeyIdentifier=issuer:always
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=DNS:leaf.test"
	rc_expect_ "$RC_D/aki-no-keyid" refused \
		"certificate 'CN=leaf.test' has an authority key identifier without a key identifier"
	rc_std_ "$RC_D/aki-mismatch" "$RC_LEAF_BASE
2.5.29.35=DER:30:16:80:14:11:11:11:11:11:11:11:11:11:11:11:11:11:11:11:11:11:11:11:11
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=DNS:leaf.test"
	rc_expect_ "$RC_D/aki-mismatch" refused \
		"the authority key identifier of certificate 'CN=leaf.test' does not match the subject key identifier of its issuer 'CN=Rules Issuing CA'"
	rc_chain_ "$RC_D/policy-constraints-not-critical" "$RC_ROOT_EXT" \
		"$RC_INT_EXT
certificatePolicies=2.23.140.1.2.1
policyConstraints=requireExplicitPolicy:0" "$RC_LEAF_EXT"
	rc_expect_ "$RC_D/policy-constraints-not-critical" refused \
		"certificate 'CN=Rules Issuing CA' has a policy constraints extension that is not critical; RFC 5280 says it must be critical"
	rc_std_ "$RC_D/san-critical" "$RC_LEAF_BASE
authorityKeyIdentifier=keyid
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=critical,DNS:leaf.test"
	rc_expect_ "$RC_D/san-critical" refused \
		"certificate 'CN=leaf.test' has a critical subjectAltName while its subject is not empty; it must then not be critical"
	rc_std_ "$RC_D/ski-critical" "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
subjectKeyIdentifier=critical,hash
authorityKeyIdentifier=keyid
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=DNS:leaf.test"
	rc_expect_ "$RC_D/ski-critical" refused \
		"certificate 'CN=leaf.test' has a critical subject key identifier; RFC 5280 says it must not be critical"
	# An empty subject: the subjectAltName must then be critical.
	d=$RC_D/san-not-critical-empty-subject
	mkdir "$d"
	rc_key_ ec:P-256 "$d/leaf.key"
	rc_cert_ "$d/leaf.pem" "$d/leaf.key" / "$RC_B/int.pem" \
		"$RC_B/int.key" "$RC_LEAF_EXT" -set_serial 0x0123456789
	cat "$d/leaf.pem" "$RC_B/int.pem" >"$d/chain.pem"
	cp "$RC_B/root.pem" "$d/anchors.pem"
	echo leaf.test >"$d/host"
	rm -f "$d/leaf.pem"
	rc_expect_ "$d" refused \
		"certificate with an empty subject (serial 0123456789) has a subjectAltName that is not critical; RFC 5280 says it must then be critical"
	# An empty subject and no subjectAltName: nothing names it.
	d=$RC_D/no-name
	mkdir "$d"
	rc_key_ ec:P-256 "$d/leaf.key"
	rc_cert_ "$d/leaf.pem" "$d/leaf.key" / "$RC_B/int.pem" \
		"$RC_B/int.key" "$RC_LEAF_BASE
authorityKeyIdentifier=keyid
extendedKeyUsage=serverAuth,clientAuth" -set_serial 0x0123456789
	cat "$d/leaf.pem" "$RC_B/int.pem" >"$d/chain.pem"
	cp "$RC_B/root.pem" "$d/anchors.pem"
	echo leaf.test >"$d/host"
	rm -f "$d/leaf.pem"
	rc_expect_ "$d" refused \
		"certificate with an empty subject (serial 0123456789) has no subjectAltName either; one of them must name it; the certificate (empty subject) has no SANs and no host name in its CN, so it is not issued for 'leaf.test'"
	rc_expect_nohost_ "$d" refused \
		"certificate with an empty subject (serial 0123456789) has no subjectAltName either; one of them must name it"
	rc_std_ "$RC_D/san-empty" "$RC_LEAF_BASE
authorityKeyIdentifier=keyid
extendedKeyUsage=serverAuth,clientAuth
2.5.29.17=DER:30:00"
	rc_expect_ "$RC_D/san-empty" refused \
		"certificate 'CN=leaf.test' has an empty subjectAltName; 'CN=leaf.test' has no DNS name or IP address in its SANs, so it is not issued for 'leaf.test'"
	rc_expect_nohost_ "$RC_D/san-empty" refused \
		"certificate 'CN=leaf.test' has an empty subjectAltName"
	rc_std_ "$RC_D/ku-empty" "basicConstraints=critical,CA:FALSE
2.5.29.15=critical,DER:03:01:00
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=DNS:leaf.test"
	rc_expect_ "$RC_D/ku-empty" refused \
		"certificate 'CN=leaf.test' has a key usage extension with no usage in it"
	rc_std_ "$RC_D/pathlen-not-ca" "2.5.29.19=critical,DER:30:03:02:01:00
keyUsage=critical,digitalSignature
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=DNS:leaf.test"
	rc_expect_ "$RC_D/pathlen-not-ca" refused \
		"certificate 'CN=leaf.test' has a pathLenConstraint but is not a CA"
	rc_std_ "$RC_D/unknown-critical" "$RC_LEAF_EXT
1.3.6.1.4.1.55555.1=critical,DER:05:00"
	rc_expect_ "$RC_D/unknown-critical" refused \
		"certificate 'CN=leaf.test' has a critical extension this program does not know (1.3.6.1.4.1.55555.1)"

	# --- serial numbers
	rc_std_ "$RC_D/serial-zero" "$RC_LEAF_EXT" ec:P-256 -set_serial 0
	rc_expect_ "$RC_D/serial-zero" refused \
		"certificate 'CN=leaf.test' has serial number 0; it must be positive"
	rc_std_ "$RC_D/serial-negative" "$RC_LEAF_EXT" ec:P-256 -set_serial -5
	rc_expect_ "$RC_D/serial-negative" refused \
		"certificate 'CN=leaf.test' has a negative serial number; it must be positive"
	rc_std_ "$RC_D/serial-long" "$RC_LEAF_EXT" ec:P-256 \
		-set_serial "0x01$(openssl rand -hex 20)"
	rc_expect_ "$RC_D/serial-long" refused \
		"certificate 'CN=leaf.test' has a serial number of 21 octets; at most 20 are allowed"
}
