## tests/signcsr/ -- see tests/local.mk.
