## tests/unit/ -- see tests/local.mk.
