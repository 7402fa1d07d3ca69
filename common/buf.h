/* SPDX-License-Identifier: MIT */
/*
 * A growable byte buffer with an explicit length and a hard cap. It always
 * keeps a NUL after the data, so text can be used as a C string, but the
 * data itself may hold NUL bytes (config space). Appending beyond the cap
 * fails with -EFBIG and leaves the buffer unchanged.
 */
#ifndef ISC_BUF_H
#define ISC_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct isc_buf {
	char *data;
	size_t len;
	size_t cap; /* allocated bytes */
	size_t max; /* largest len allowed; 0 means no cap */
};

#define ISC_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))

void isc_buf_init(struct isc_buf *b, size_t max);
void isc_buf_free(struct isc_buf *b);
int isc_buf_append(struct isc_buf *b, const void *data, size_t len);
int isc_buf_appendf(struct isc_buf *b, const char *fmt, ...) ISC_PRINTF(2, 3);
/* Take the data: returns it (caller frees with free()) and resets @b. */
char *isc_buf_steal(struct isc_buf *b, size_t *ret_len);

#endif
