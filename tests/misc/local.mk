## tests/misc/ -- suite-wide guards.
TESTS += tests/misc/help-version.sh
EXTRA_DIST += tests/misc/help-version.sh
