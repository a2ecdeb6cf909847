## tests/mkca/ -- see tests/local.mk.
