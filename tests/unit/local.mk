## tests/unit/ -- Check unit tests for lib/: one program, one suite per
## lib/ module (check_<module>.c), listed in suites.h.
check_PROGRAMS += tests/unit/check_mtls
TESTS += tests/unit/check_mtls
tests_unit_check_mtls_SOURCES = \
	tests/unit/suites.h \
	tests/unit/check_main.c \
	tests/unit/helpers.c \
	tests/unit/check_times.c \
	tests/unit/check_name.c \
	tests/unit/check_host.c \
	tests/unit/check_san.c \
	tests/unit/check_cert.c \
	tests/unit/check_facts.c \
	tests/unit/check_crl.c \
	tests/unit/check_csr.c \
	tests/unit/check_decode.c \
	tests/unit/check_verify.c \
	tests/unit/check_verify_rules.c \
	tests/unit/check_constraints.c \
	tests/unit/check_show.c \
	tests/unit/check_key.c \
	tests/unit/check_file.c \
	tests/unit/check_der.c \
	tests/unit/check_httpc_url.c \
	tests/unit/check_httpc_response.c \
	tests/unit/check_httpd_request.c \
	tests/unit/check_httpd_files.c \
	tests/unit/check_httpd_allow.c \
	tests/unit/check_tls_alert.c \
	tests/unit/check_own_cert.c \
	tests/unit/check_service.c \
	tests/unit/check_httpd_backend.c \
	tests/unit/check_tls_ticket.c
tests_unit_check_mtls_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_mtls_LDADD = $(MTLS_LIBS) $(CHECK_LIBS)
# How the expected Names in check_name.c were made (not run by make check).
EXTRA_DIST += tests/unit/openssl-name.sh
