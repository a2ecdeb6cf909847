## src/ -- one thin program per file, sharing cli.c.
noinst_LIBRARIES += src/libcli.a
src_libcli_a_SOURCES = src/cli.h src/cli.c src/cli-keyspec.c \
	src/cli-locations.c src/cli-pass.c

CLI_LIBS = src/libcli.a $(MTLS_LIBS)

bin_PROGRAMS += src/mkca src/mkcsr src/signcsr
src_mkca_LDADD = $(CLI_LIBS)
src_mkcsr_LDADD = $(CLI_LIBS)
src_signcsr_LDADD = $(CLI_LIBS)

bin_PROGRAMS += src/showcert src/verifycert
src_showcert_LDADD = $(CLI_LIBS)
src_verifycert_LDADD = $(CLI_LIBS)

bin_PROGRAMS += src/mtls-get
src_mtls_get_LDADD = $(CLI_LIBS)

bin_PROGRAMS += src/mtls-serve
src_mtls_serve_LDADD = $(CLI_LIBS)

bin_PROGRAMS += src/mkcrl
src_mkcrl_LDADD = $(CLI_LIBS)

bin_PROGRAMS += src/mkp12
src_mkp12_LDADD = $(CLI_LIBS)
