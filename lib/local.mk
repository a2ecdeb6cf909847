## lib/ -- the helper library every program links.
noinst_LIBRARIES += lib/libmtls.a
lib_libmtls_a_SOURCES = \
	lib/mtls.h lib/mtls_internal.h \
	lib/buf.c \
	lib/err.c \
	lib/file.c \
	lib/decode.c \
	lib/der.h lib/der.c \
	lib/name.c \
	lib/san.c \
	lib/key.c \
	lib/csr.c \
	lib/cert.c \
	lib/timefmt.c \
	lib/show.c \
	lib/verify.c \
	lib/tlsconf.c \
	lib/url.c \
	lib/alert.c \
	lib/tlsclient.c \
	lib/http_response.c \
	lib/http_client.c \
	lib/outfile.c \
	lib/evloop.c \
	lib/listen.c \
	lib/http_request.c \
	lib/static.c \
	lib/allow.c \
	lib/tlsserver.c \
	lib/httpserver.c

MTLS_LIBS = lib/libmtls.a $(GNUTLS_LIBS) $(NETTLE_LIBS) $(LIBTASN1_LIBS)
