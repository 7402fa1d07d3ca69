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
/* A new string from printf-style arguments; NULL on allocation failure. */
char *isc_strdupf(const char *fmt, ...) ISC_PRINTF(1, 2);
/* Take the data: returns it (caller frees with free()) and resets @b. */
char *isc_buf_steal(struct isc_buf *b, size_t *ret_len);

/*
 * Make room for element @n of the array *@pv (a T **) of @size-byte
 * elements: it doubles when @n reaches a power of two, so appending n
 * elements costs O(n) even where realloc cannot grow in place. Returns 0,
 * or -ENOMEM with *@pv unchanged.
 */
int isc_grow(void *pv, size_t n, size_t size);

/*
 * Replace control characters other than tab and newline (C0 and DEL) with
 * '?', in place: text from a snapshot printed on a terminal must not carry
 * escape sequences. Returns @s (NULL stays NULL).
 */
char *isc_text_clean(char *s);

#endif
