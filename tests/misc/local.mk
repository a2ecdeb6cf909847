## tests/misc/ -- suite-wide guards.
TESTS += tests/misc/help-version.sh tests/misc/man-pages.sh
EXTRA_DIST += tests/misc/help-version.sh tests/misc/man-pages.sh
