## contrib/ -- systemd units for mtls-serve: a service (Type=notify,
## hardened) and the socket that activates it.  ./configure says where
## they go (--with-systemdsystemunitdir).
EXTRA_DIST += contrib/mtls-serve.service.in contrib/mtls-serve.socket
CLEANFILES += contrib/mtls-serve.service

# The service names the installed program.
contrib/mtls-serve.service: contrib/mtls-serve.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) contrib && \
	sed -e 's|@bindir[@]|$(bindir)|g' \
		$(srcdir)/contrib/mtls-serve.service.in >$@.tmp && \
	mv $@.tmp $@

if SYSTEMD_UNITS
systemdsystemunit_DATA = contrib/mtls-serve.service contrib/mtls-serve.socket
endif

# make distcheck installs under a prefix of its own; the units too.
AM_DISTCHECK_CONFIGURE_FLAGS = \
	--with-systemdsystemunitdir=$$dc_install_base/$(systemdsystemunitdir)
