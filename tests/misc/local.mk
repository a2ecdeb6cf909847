## tests/misc/ -- suite-wide guards.
misc_tests = tests/misc/help-version.sh tests/misc/man-pages.sh \
	tests/misc/man-priority.sh tests/misc/systemd-units.sh
TESTS += $(misc_tests)
EXTRA_DIST += $(misc_tests)
