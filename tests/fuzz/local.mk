## tests/fuzz/ -- libFuzzer targets, one per parser lib/ owns, each with a
## seed corpus in tests/fuzz/corpus/NAME.  Built only after
## `./configure CC=clang --enable-fuzzing`; `make fuzz-smoke` runs each
## target for a few seconds over its corpus (see tests/fuzz/README).

FUZZ_NAMES = httpd_request httpc_response httpc_url name san decode \
	httpd_allow httpd_files crl p12 ticket_hello

# How long fuzz-smoke runs each target: whichever limit comes first.
FUZZ_SMOKE_SECONDS = 5
FUZZ_SMOKE_RUNS = 1000000

if FUZZING
noinst_PROGRAMS += \
	tests/fuzz/fuzz_httpd_request \
	tests/fuzz/fuzz_httpc_response \
	tests/fuzz/fuzz_httpc_url \
	tests/fuzz/fuzz_name \
	tests/fuzz/fuzz_san \
	tests/fuzz/fuzz_decode \
	tests/fuzz/fuzz_httpd_allow \
	tests/fuzz/fuzz_httpd_files \
	tests/fuzz/fuzz_crl \
	tests/fuzz/fuzz_p12 \
	tests/fuzz/fuzz_ticket_hello
endif

tests_fuzz_fuzz_httpd_request_SOURCES = tests/fuzz/fuzz.h tests/fuzz/fuzz_httpd_request.c
tests_fuzz_fuzz_httpd_request_LDADD = $(MTLS_LIBS)
tests_fuzz_fuzz_httpd_request_LDFLAGS = $(MTLS_FUZZ_TARGET_LDFLAGS)
tests_fuzz_fuzz_httpc_response_SOURCES = tests/fuzz/fuzz.h tests/fuzz/fuzz_httpc_response.c
tests_fuzz_fuzz_httpc_response_LDADD = $(MTLS_LIBS)
tests_fuzz_fuzz_httpc_response_LDFLAGS = $(MTLS_FUZZ_TARGET_LDFLAGS)
tests_fuzz_fuzz_httpc_url_SOURCES = tests/fuzz/fuzz.h tests/fuzz/fuzz_httpc_url.c
tests_fuzz_fuzz_httpc_url_LDADD = $(MTLS_LIBS)
tests_fuzz_fuzz_httpc_url_LDFLAGS = $(MTLS_FUZZ_TARGET_LDFLAGS)
tests_fuzz_fuzz_name_SOURCES = tests/fuzz/fuzz.h tests/fuzz/fuzz_name.c
tests_fuzz_fuzz_name_LDADD = $(MTLS_LIBS)
tests_fuzz_fuzz_name_LDFLAGS = $(MTLS_FUZZ_TARGET_LDFLAGS)
tests_fuzz_fuzz_san_SOURCES = tests/fuzz/fuzz.h tests/fuzz/fuzz_san.c
tests_fuzz_fuzz_san_LDADD = $(MTLS_LIBS)
tests_fuzz_fuzz_san_LDFLAGS = $(MTLS_FUZZ_TARGET_LDFLAGS)
tests_fuzz_fuzz_decode_SOURCES = tests/fuzz/fuzz.h tests/fuzz/fuzz_decode.c
tests_fuzz_fuzz_decode_LDADD = $(MTLS_LIBS)
tests_fuzz_fuzz_decode_LDFLAGS = $(MTLS_FUZZ_TARGET_LDFLAGS)
tests_fuzz_fuzz_httpd_allow_SOURCES = tests/fuzz/fuzz.h tests/fuzz/fuzz_httpd_allow.c
tests_fuzz_fuzz_httpd_allow_LDADD = $(MTLS_LIBS)
tests_fuzz_fuzz_httpd_allow_LDFLAGS = $(MTLS_FUZZ_TARGET_LDFLAGS)
tests_fuzz_fuzz_httpd_files_SOURCES = tests/fuzz/fuzz.h tests/fuzz/fuzz_httpd_files.c
tests_fuzz_fuzz_httpd_files_LDADD = $(MTLS_LIBS)
tests_fuzz_fuzz_httpd_files_LDFLAGS = $(MTLS_FUZZ_TARGET_LDFLAGS)

tests_fuzz_fuzz_crl_SOURCES = tests/fuzz/fuzz.h tests/fuzz/fuzz_crl.c
tests_fuzz_fuzz_crl_LDADD = $(MTLS_LIBS)
tests_fuzz_fuzz_crl_LDFLAGS = $(MTLS_FUZZ_TARGET_LDFLAGS)
tests_fuzz_fuzz_p12_SOURCES = tests/fuzz/fuzz.h tests/fuzz/fuzz_p12.c
tests_fuzz_fuzz_p12_LDADD = $(MTLS_LIBS)
tests_fuzz_fuzz_p12_LDFLAGS = $(MTLS_FUZZ_TARGET_LDFLAGS)
tests_fuzz_fuzz_ticket_hello_SOURCES = tests/fuzz/fuzz.h tests/fuzz/fuzz_ticket_hello.c
tests_fuzz_fuzz_ticket_hello_LDADD = $(MTLS_LIBS)
tests_fuzz_fuzz_ticket_hello_LDFLAGS = $(MTLS_FUZZ_TARGET_LDFLAGS)

EXTRA_DIST += tests/fuzz/README tests/fuzz/corpus

if FUZZING
# Each target runs over its corpus under ASan/UBSan with leak checking;
# what it finds goes to a scratch directory first in the list (libFuzzer
# adds new inputs to the first one), so the committed corpus stays as it
# is.  Any crash fails, and the log and the input stay in
# tests/fuzz/work/NAME.
fuzz-smoke: all
	@fail=0; \
	for t in $(FUZZ_NAMES); do \
	  work=tests/fuzz/work/$$t; \
	  rm -rf $$work && $(MKDIR_P) $$work/new || exit 1; \
	  echo "fuzz-smoke: $$t"; \
	  if ASAN_OPTIONS='detect_leaks=1:abort_on_error=0' \
	     LSAN_OPTIONS='suppressions=$(abs_top_srcdir)/tests/lsan.supp:print_suppressions=0' \
	     UBSAN_OPTIONS='print_stacktrace=1:halt_on_error=1' \
	     tests/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SMOKE_SECONDS) \
	       -runs=$(FUZZ_SMOKE_RUNS) -print_final_stats=1 \
	       -artifact_prefix=$$work/ \
	       $$work/new $(srcdir)/tests/fuzz/corpus/$$t \
	       >$$work/log 2>&1; then \
	    grep -E '^stat::number_of_executed_units' $$work/log | \
	      sed "s/^stat::number_of_executed_units: */  runs: /"; \
	    rm -rf $$work; \
	  else \
	    tail -n 60 $$work/log; \
	    echo "fuzz-smoke: $$t FAILED (inputs kept in $$work)"; \
	    fail=1; \
	  fi; \
	done; \
	rmdir tests/fuzz/work 2>/dev/null; \
	test $$fail = 0
else
fuzz-smoke:
	@echo "fuzz-smoke: the fuzz targets are not built; run ./configure CC=clang --enable-fuzzing first" >&2; \
	exit 1
endif
.PHONY: fuzz-smoke

clean-local: clean-fuzz
clean-fuzz:
	-rm -rf tests/fuzz/work
.PHONY: clean-fuzz
