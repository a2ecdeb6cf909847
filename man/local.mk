## man/ -- hand-written pages, one per program.
dist_man1_MANS += man/mkca.1 man/mkcsr.1 man/signcsr.1 man/mkcrl.1 man/mkp12.1
dist_man1_MANS += man/showcert.1 man/verifycert.1
dist_man1_MANS += man/mtls-get.1
dist_man1_MANS += man/mtls-serve.1
