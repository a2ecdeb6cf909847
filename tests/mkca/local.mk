## tests/mkca/ -- see tests/local.mk.
mkca_tests = \
	tests/mkca/ca-extensions.sh \
	tests/mkca/days-and-backdate.sh \
	tests/mkca/intermediate-ca.sh \
	tests/mkca/key-mode-and-umask.sh \
	tests/mkca/pkcs11-key.sh \
	tests/mkca/refuses-existing-key.sh \
	tests/mkca/force-replaces-pair.sh \
	tests/mkca/name-constraints.sh \
	tests/mkca/rejects-bad-issuer.sh \
	tests/mkca/rejects-unwritable-output.sh \
	tests/mkca/rejects-weak-rsa.sh \
	tests/mkca/rejects-weak-existing-key.sh \
	tests/mkca/verbose.sh \
	tests/mkca/usage-errors.sh
TESTS += $(mkca_tests)
EXTRA_DIST += $(mkca_tests)
