/*
 * mtls_internal.h -- what lib/ files and the unit tests share, and
 * programs do not call (mtls.h is the programs' header).
 *
 * Copyright (C) 2026 the mtls-utils authors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef MTLS_MTLS_INTERNAL_H
#define MTLS_MTLS_INTERNAL_H

#include "mtls.h"

/* ---------------------------------------------------------------- buf.c */

/* A growable NUL-terminated text buffer.  Zero-initialise it; after any
 * failed allocation every further call does nothing and failed is set. */
struct mtls_buf {
	char *data;
	size_t len, cap;
	bool failed;
};

void mtls_buf_add(struct mtls_buf *b, const void *p, size_t n);
void mtls_buf_addc(struct mtls_buf *b, char ch);
void mtls_buf_adds(struct mtls_buf *b, const char *s);
void mtls_buf_addf(struct mtls_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Append N bytes of TEXT for a quoted log field: '"' and '\' get a
 * backslash, control bytes and bytes >= 0x7f become \xHH, so a line can
 * neither end early nor carry a terminal escape. */
void mtls_buf_add_logquoted(struct mtls_buf *b, const char *text, size_t n);

/* The text so far ("" when empty or after a failed allocation). */
const char *mtls_buf_str(const struct mtls_buf *b);

/* Empty B, keeping its memory for reuse. */
void mtls_buf_reset(struct mtls_buf *b);

/* Free B's memory; B is empty and usable again afterwards. */
void mtls_buf_free(struct mtls_buf *b);

#endif /* MTLS_MTLS_INTERNAL_H */
