#!/bin/sh
# mtls-get fetches the page of `gnutls-serv --http`, which requires a
# client certificate, under TLS 1.3 and 1.2; the page ends with the
# request headers the server received and names our certificate.
. "${srcdir:-.}/tests/init.sh"
. "$abs_srcdir/tests/mtls-get/peers.sh"
require_ gnutls-serv python3
make_certs_
version=$(mtls-get --version | sed -n '1s/.* //p')

start_gnutls_
for prio in '' "$TLS12"; do
	returns_ 0 mtls-get $MAIL $prio "https://localhost:$port/" >out 2>err || fail=1
	compare /dev/null err || fail=1
	sed -n '/Your HTTP header was/,$p' out >got
	printf '<hr><P>Your HTTP header was:<PRE>Host: localhost:%s\r\nUser-Agent: mtls-utils/%s\r\nAccept: */*\r\n\r\n</PRE></P>\n</BODY></HTML>\n\n' \
		"$port" "$version" >exp
	compare exp got || fail=1
	grep -Fxq '	Subject: O=MailServer,CN=localhost' out ||
		{ echo "our certificate is not on the page"; fail=1; }
done

Exit $fail
