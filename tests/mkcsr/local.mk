## tests/mkcsr/ -- see tests/local.mk.
