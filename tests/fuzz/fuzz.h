/*
 * fuzz.h -- what every libFuzzer target in tests/fuzz shares: the entry
 * points libFuzzer calls, and a check that stops the run loudly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef MTLS_FUZZ_H
#define MTLS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A property of the code under test that failed: abort, so libFuzzer
 * keeps the input as a crash. */
#define FUZZ_CHECK(cond)                                                       \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
				__LINE__, #cond);                              \
			abort();                                               \
		}                                                              \
	} while (0)

/* The input as a NUL-terminated string (cut at its first NUL, as a C
 * string argument would be); free it. */
static inline char *
fuzz_strndup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		abort();
	for (size_t i = 0; i < size; i++)
		s[i] = (char)data[i];
	s[size] = '\0';
	return s;
}

#endif /* MTLS_FUZZ_H */
