## lib/ -- the helper library every program links.  Files are listed by
## layer, bottom up (doc/DESIGN.md): a file calls only its own layer and
## the layers above it in this list.
noinst_LIBRARIES += lib/libmtls.a
lib_libmtls_a_SOURCES = \
	lib/mtls.h lib/mtls_internal.h \
	lib/err.c \
	lib/buf.c \
	lib/times.c \
	lib/facts.c \
	lib/der.h lib/der.c \
	lib/name.c \
	lib/host.c \
	lib/san.c \
	lib/key.c \
	lib/file.c \
	lib/decode.c \
	lib/csr.c \
	lib/constraints.c \
	lib/cert.c \
	lib/crl.c \
	lib/p12.c \
	lib/show.c \
	lib/verify_rules.c \
	lib/verify.c \
	lib/expiry.c \
	lib/own_cert.c \
	lib/tls_ticket.c \
	lib/tls_config.c \
	lib/tls_alert.c \
	lib/tls_client.c \
	lib/tls_server.c \
	lib/evloop.c \
	lib/listen.c \
	lib/service.c \
	lib/httpd_request.c \
	lib/httpd_files.c \
	lib/httpd_allow.c \
	lib/httpd_log.c \
	lib/httpd_conn.c \
	lib/httpd_body.c \
	lib/httpd_whoami.c \
	lib/httpd_backend.c \
	lib/httpd_ident.c \
	lib/httpd_proxy.c \
	lib/httpd_tunnel.c \
	lib/httpc_url.c \
	lib/httpc_response.c \
	lib/httpc_exchange.c \
	lib/fetch.c

MTLS_LIBS = lib/libmtls.a $(GNUTLS_LIBS) $(NETTLE_LIBS) $(LIBTASN1_LIBS) \
	$(LIBPSL_LIBS)
