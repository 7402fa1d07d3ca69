/* SPDX-License-Identifier: MIT */
#include "buf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void isc_buf_init(struct isc_buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
}

void isc_buf_free(struct isc_buf *b)
{
	free(b->data);
	isc_buf_init(b, b->max);
}

static int reserve(struct isc_buf *b, size_t extra)
{
	size_t want, ncap;
	char *p;

	if (b->max && extra > b->max - b->len)
		return -EFBIG;
	if (extra >= (size_t)-1 / 2 - b->len)
		return -ENOMEM;
	want = b->len + extra + 1;
	if (want <= b->cap)
		return 0;
	ncap = b->cap ? b->cap : 256;
	while (ncap < want)
		ncap *= 2;
	p = realloc(b->data, ncap);
	if (!p)
		return -ENOMEM;
	b->data = p;
	b->cap = ncap;
	return 0;
}

int isc_buf_append(struct isc_buf *b, const void *data, size_t len)
{
	int r = reserve(b, len);

	if (r < 0)
		return r;
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

int isc_buf_appendf(struct isc_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n, r;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -EINVAL;
	r = reserve(b, (size_t)n);
	if (r < 0)
		return r;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

char *isc_buf_steal(struct isc_buf *b, size_t *ret_len)
{
	char *d = b->data;

	if (!d && reserve(b, 0) == 0) {
		d = b->data;
		d[0] = '\0';
	} else if (d && b->cap > b->len + 1) {
		/* Give back the slack of the doubling: stolen data lives long. */
		char *p = realloc(d, b->len + 1);

		if (p)
			d = p;
	}
	if (ret_len)
		*ret_len = b->len;
	isc_buf_init(b, b->max);
	return d;
}

char *isc_text_clean(char *s)
{
	for (unsigned char *p = (unsigned char *)s; p && *p; p++)
		if ((*p < 0x20 && *p != '\t' && *p != '\n') || *p == 0x7f)
			*p = '?';
	return s;
}

int isc_grow(void *pv, size_t n, size_t size)
{
	void *old, *v;

	if (n && (n & (n - 1)))
		return 0; /* not a power of two: there is room */
	if (n > SIZE_MAX / 2 / size)
		return -ENOMEM;
	memcpy(&old, pv, sizeof(old));
	v = realloc(old, (n ? 2 * n : 1) * size);
	if (!v)
		return -ENOMEM;
	memcpy(pv, &v, sizeof(v));
	return 0;
}

char *isc_strdupf(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	return s;
}
