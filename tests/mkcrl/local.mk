## tests/mkcrl/ -- see tests/local.mk.
mkcrl_tests = \
	tests/mkcrl/revoke-and-verify.sh \
	tests/mkcrl/refuses.sh
TESTS += $(mkcrl_tests)
EXTRA_DIST += $(mkcrl_tests)
