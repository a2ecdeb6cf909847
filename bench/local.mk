## bench/ -- the benchmark harness (not installed): the load generator,
## the GnuTLS crypto floor, and bench/run which drives them.  See
## bench/README.md.
noinst_PROGRAMS += bench/mtls-load bench/floor
bench_mtls_load_SOURCES = bench/mtls-load.c
bench_mtls_load_LDADD = src/libcli.a $(MTLS_LIBS) -lm
bench_floor_SOURCES = bench/floor.c
bench_floor_LDADD = src/libcli.a $(MTLS_LIBS)
EXTRA_DIST += bench/run bench/idle-10k bench/compare-priority bench/report.py \
	bench/proxy \
	bench/node-serve.js \
	bench/README.md bench/RESULTS.md
