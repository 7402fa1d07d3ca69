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
 * Replace control characters other than tab and newline with '?', in place:
 * C0, DEL and C1 (U+0080-U+009F, as UTF-8 or as a lone byte, which an 8-bit
 * terminal reads as CSI and the like). Text from a snapshot printed on a
 * terminal must not carry escape sequences. Returns @s (NULL stays NULL).
 */
char *isc_text_clean(char *s);
/* isc_text_clean(), and line breaks become spaces: text for one line. */
char *isc_text_line(char *s);
/*
 * The length of the valid UTF-8 sequence at @p (1 to 4 bytes), or 0 when
 * none starts there: overlong forms, surrogates, code points past U+10FFFF
 * and cut sequences are invalid (RFC 3629).
 */
size_t isc_utf8_len(const unsigned char *p);
/*
 * @s as one Markdown code span, in which nothing is markup: a fence one
 * backtick longer than its longest run, line breaks as spaces, and '|'
 * escaped with ISC_MD_TABLE (GFM splits table cells before code spans). A
 * space pads it inside when it must (@s begins or ends with a backtick, or
 * with spaces at both ends) or with ISC_MD_PAD. Returns new (free()), or
 * NULL on allocation failure.
 */
#define ISC_MD_TABLE 0x1u
#define ISC_MD_PAD   0x2u
char *isc_md_code(const char *s, unsigned flags);

#endif
