## tests/bench/ -- the benchmark harness works (correctness, not speed).
## bench/mtls-load is a noinst program, so `make check` builds it.
TESTS += \
	tests/bench/load-smoke.sh \
	tests/bench/load-detects-errors.sh
EXTRA_DIST += \
	tests/bench/load-smoke.sh \
	tests/bench/load-detects-errors.sh
