## tests/mtls-get/ -- see tests/local.mk.  peers.sh and node-server.js are
## what the tests share: certificates and the independent servers.
mtls_get_tests = \
	tests/mtls-get/openssl-peer.sh \
	tests/mtls-get/gnutls-peer.sh \
	tests/mtls-get/node-peer.sh \
	tests/mtls-get/serve-peer.sh \
	tests/mtls-get/untrusted-server.sh \
	tests/mtls-get/chain-and-crl.sh \
	tests/mtls-get/name-mismatch.sh \
	tests/mtls-get/uri-only-san.sh \
	tests/mtls-get/cert-required.sh \
	tests/mtls-get/rejected-cert.sh \
	tests/mtls-get/silent-rejection.sh \
	tests/mtls-get/network-errors.sh \
	tests/mtls-get/output-file.sh \
	tests/mtls-get/request-options.sh \
	tests/mtls-get/keep-alive.sh \
	tests/mtls-get/fail-status.sh \
	tests/mtls-get/usage.sh \
	tests/mtls-get/alert-after-write.sh \
	tests/mtls-get/verbose.sh
TESTS += $(mtls_get_tests)
EXTRA_DIST += $(mtls_get_tests) tests/mtls-get/peers.sh \
	tests/mtls-get/node-server.js
