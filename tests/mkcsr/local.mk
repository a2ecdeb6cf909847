## tests/mkcsr/ -- see tests/local.mk.
mkcsr_tests = \
	tests/mkcsr/key-mode-and-umask.sh \
	tests/mkcsr/renew-from-cert.sh \
	tests/mkcsr/encrypted-keys.sh \
	tests/mkcsr/refuses-existing-key.sh \
	tests/mkcsr/rejects-bad-key.sh \
	tests/mkcsr/rejects-unwritable-output.sh \
	tests/mkcsr/san-from-cn.sh \
	tests/mkcsr/san-list.sh \
	tests/mkcsr/san-refusals.sh \
	tests/mkcsr/subject-matches-openssl.sh \
	tests/mkcsr/subject-rfc4514.sh \
	tests/mkcsr/usage-errors.sh
TESTS += $(mkcsr_tests)
EXTRA_DIST += $(mkcsr_tests)
