## tests/verifycert/ -- see tests/local.mk.
verifycert_tests = \
	tests/verifycert/status-and-output.sh \
	tests/verifycert/agrees-with-openssl.sh \
	tests/verifycert/reasons-trust.sh \
	tests/verifycert/reasons-time.sh \
	tests/verifycert/reasons-purpose-host.sh \
	tests/verifycert/names-in-sans.sh \
	tests/verifycert/host-forms.sh \
	tests/verifycert/uri-only-san.sh \
	tests/verifycert/at-forms.sh \
	tests/verifycert/reasons-revocation.sh \
	tests/verifycert/clock.sh \
	tests/verifycert/expires-within.sh \
	tests/verifycert/url.sh \
	tests/verifycert/three-callers.sh \
	tests/verifycert/rules-matrix.sh \
	tests/verifycert/legacy-tutorial.sh \
	tests/verifycert/rules-three-callers.sh
TESTS += $(verifycert_tests)
EXTRA_DIST += $(verifycert_tests) tests/verifycert/pki.sh \
	tests/verifycert/three-callers-lib.sh \
	tests/verifycert/rules-cases.sh
