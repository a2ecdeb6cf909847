## tests/ -- Check unit tests for lib/ and shell tests per program.
##
## Shell tests run with the built programs first in PATH; under
## --enable-sanitizers every program runs with ASan/UBSan and leak checking.

TEST_EXTENSIONS = .sh
SH_LOG_COMPILER = $(SHELL)
AM_TESTS_ENVIRONMENT = \
	PATH='$(abs_top_builddir)/src:$(abs_top_builddir)/tests/unit:'"$$PATH"; \
	srcdir='$(srcdir)'; top_srcdir='$(top_srcdir)'; \
	abs_top_builddir='$(abs_top_builddir)'; \
	ASAN_OPTIONS='detect_leaks=1:abort_on_error=0:exitcode=86'; \
	LSAN_OPTIONS='suppressions=$(abs_top_srcdir)/tests/lsan.supp:print_suppressions=0'; \
	UBSAN_OPTIONS='print_stacktrace=1:halt_on_error=1'; \
	export PATH srcdir top_srcdir abs_top_builddir ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS;

EXTRA_DIST += tests/init.sh tests/lsan.supp tests/demo.sh

include tests/unit/local.mk
include tests/misc/local.mk
include tests/mkca/local.mk
include tests/mkcsr/local.mk
include tests/signcsr/local.mk
include tests/mkcrl/local.mk
include tests/mkp12/local.mk
include tests/showcert/local.mk
include tests/verifycert/local.mk
include tests/mtls-get/local.mk
include tests/mtls-serve/local.mk
include tests/bench/local.mk
include tests/fuzz/local.mk
