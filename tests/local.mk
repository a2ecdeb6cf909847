## tests/ -- Check unit tests for lib/ and shell tests per program.
