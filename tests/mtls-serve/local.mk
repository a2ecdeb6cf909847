## tests/mtls-serve/ -- see tests/local.mk.
mtls_serve_tests = \
	tests/mtls-serve/interop-curl.sh \
	tests/mtls-serve/interop-openssl.sh \
	tests/mtls-serve/interop-gnutls.sh \
	tests/mtls-serve/interop-node.sh \
	tests/mtls-serve/interop-python.sh \
	tests/mtls-serve/rejection-matrix.sh \
	tests/mtls-serve/allow-rules.sh \
	tests/mtls-serve/resume-after-hup.sh \
	tests/mtls-serve/http-requests.sh \
	tests/mtls-serve/http-limits.sh \
	tests/mtls-serve/pending-input.sh \
	tests/mtls-serve/ipv6.sh \
	tests/mtls-serve/resume-expired.sh \
	tests/mtls-serve/resume-crl.sh \
	tests/mtls-serve/static-root.sh \
	tests/mtls-serve/whoami.sh \
	tests/mtls-serve/handshake-timeout.sh \
	tests/mtls-serve/max-conns.sh \
	tests/mtls-serve/sighup-reload.sh \
	tests/mtls-serve/own-cert.sh \
	tests/mtls-serve/sigterm-graceful.sh \
	tests/mtls-serve/workers.sh \
	tests/mtls-serve/long-subject-log.sh \
	tests/mtls-serve/worker-restart.sh \
	tests/mtls-serve/handshake-alerts.sh \
	tests/mtls-serve/allow-string-types.sh \
	tests/mtls-serve/control-chars.sh \
	tests/mtls-serve/expect-continue.sh \
	tests/mtls-serve/proxy-bodies.sh \
	tests/mtls-serve/proxy-identity.sh \
	tests/mtls-serve/proxy-errors.sh \
	tests/mtls-serve/proxy-keepalive.sh \
	tests/mtls-serve/proxy-slow-peers.sh \
	tests/mtls-serve/proxy-unix.sh \
	tests/mtls-serve/proxy-serving.sh \
	tests/mtls-serve/tunnel.sh \
	tests/mtls-serve/abuse-limits.sh \
	tests/mtls-serve/tls-defaults.sh \
	tests/mtls-serve/crl-reload.sh \
	tests/mtls-serve/crl-warnings.sh \
	tests/mtls-serve/untrusted.sh \
	tests/mtls-serve/encrypted-key.sh \
	tests/mtls-serve/address-in-use.sh \
	tests/mtls-serve/socket-activation.sh \
	tests/mtls-serve/notify.sh \
	tests/mtls-serve/journal-prefix.sh \
	tests/mtls-serve/ticket-key.sh \
	tests/mtls-serve/user-drop.sh
TESTS += $(mtls_serve_tests)
EXTRA_DIST += $(mtls_serve_tests) tests/mtls-serve/serve-lib.sh \
	tests/mtls-serve/client.py tests/mtls-serve/raw_handshake.py \
	tests/mtls-serve/hold.py tests/mtls-serve/notify_listen.py \
	tests/mtls-serve/backend.py \
	tests/mtls-serve/proxy-lib.sh tests/mtls-serve/tunnel_backend.py \
	tests/mtls-serve/tunnel_client.py
