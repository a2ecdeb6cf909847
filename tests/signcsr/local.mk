## tests/signcsr/ -- see tests/local.mk.
signcsr_tests = \
	tests/signcsr/chain-output.sh \
	tests/signcsr/crl-and-issuer-urls.sh \
	tests/signcsr/record-issued.sh \
	tests/signcsr/clamps-to-ca.sh \
	tests/signcsr/days-and-backdate.sh \
	tests/signcsr/eku-per-profile.sh \
	tests/signcsr/key-types.sh \
	tests/signcsr/leaf-extensions.sh \
	tests/signcsr/output-follows-umask.sh \
	tests/signcsr/pkcs11-ca-key.sh \
	tests/signcsr/python-strict-handshake.sh \
	tests/signcsr/refuses-ca-request.sh \
	tests/signcsr/refuses-ca-under-path-len-0.sh \
	tests/signcsr/refuses-existing-output.sh \
	tests/signcsr/rejects-bad-ca-files.sh \
	tests/signcsr/rejects-certificate-as-request.sh \
	tests/signcsr/rejects-empty-request.sh \
	tests/signcsr/rejects-garbage-request.sh \
	tests/signcsr/rejects-mismatched-ca-key.sh \
	tests/signcsr/rejects-missing-file.sh \
	tests/signcsr/rejects-non-ca-certificate.sh \
	tests/signcsr/rejects-tampered-request.sh \
	tests/signcsr/rejects-unwritable-output.sh \
	tests/signcsr/san-refusals.sh \
	tests/signcsr/san-replaces-request.sh \
	tests/signcsr/scenario-verifies.sh \
	tests/signcsr/serials.sh \
	tests/signcsr/path-len.sh \
	tests/signcsr/usage-errors.sh
TESTS += $(signcsr_tests)
EXTRA_DIST += $(signcsr_tests)
