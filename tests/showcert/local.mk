## tests/showcert/ -- see tests/local.mk.
showcert_tests = \
	tests/showcert/summary.sh \
	tests/showcert/control-chars.sh \
	tests/showcert/fields.sh \
	tests/showcert/matches-openssl.sh \
	tests/showcert/json.sh \
	tests/showcert/csr-and-crl.sh \
	tests/showcert/chain-file.sh \
	tests/showcert/days-left-chain.sh \
	tests/showcert/url.sh \
	tests/showcert/bad-input.sh
TESTS += $(showcert_tests)
EXTRA_DIST += $(showcert_tests)
