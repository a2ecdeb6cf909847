## tests/mkp12/ -- see tests/local.mk.
mkp12_tests = \
	tests/mkp12/bundle.sh
TESTS += $(mkp12_tests)
EXTRA_DIST += $(mkp12_tests)
