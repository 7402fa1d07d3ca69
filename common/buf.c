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

size_t isc_utf8_len(const unsigned char *p)
{
	/* RFC 3629, section 4: the second byte's range depends on the first. */
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (p[0] == 0xe0)
		lo = 0xa0; /* overlong */
	else if (p[0] == 0xed)
		hi = 0x9f; /* surrogates */
	else if (p[0] == 0xf0)
		lo = 0x90; /* overlong */
	else if (p[0] == 0xf4)
		hi = 0x8f; /* past U+10FFFF */
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (size_t k = 2; k < n; k++)
		if ((p[k] & 0xc0) != 0x80)
			return 0;
	return n;
}

char *isc_text_clean(char *s)
{
	unsigned char *r = (unsigned char *)s, *w = r;

	while (r && *r) {
		size_t n = isc_utf8_len(r);

		if ((*r < 0x20 && *r != '\t' && *r != '\n') || *r == 0x7f ||
		    (n == 2 && r[0] == 0xc2 && r[1] < 0xa0) || (!n && *r < 0xa0)) {
			*w++ = '?'; /* C0, DEL, C1 as UTF-8, a lone C1 byte */
			r += n ? n : 1;
			continue;
		}
		for (size_t k = 0; k < (n ? n : 1); k++)
			*w++ = *r++;
	}
	if (w)
		*w = '\0';
	return s;
}

char *isc_text_line(char *s)
{
	isc_text_clean(s);
	for (char *p = s; p && *p; p++)
		if (*p == '\n')
			*p = ' ';
	return s;
}

char *isc_md_code(const char *s, unsigned flags)
{
	size_t run = 0, longest = 0, extra = 0, len = strlen(s);
	int table = !!(flags & ISC_MD_TABLE);
	int pad;
	char *out, *w;

	if (!len)
		return strdup("` `");
	pad = (flags & ISC_MD_PAD) || s[0] == '`' || s[len - 1] == '`' ||
	      (s[0] == ' ' && s[len - 1] == ' ');

	for (const char *p = s; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
		extra += table && *p == '|';
	}
	out = malloc(2 * (longest + 2) + len + extra + 1);
	if (!out)
		return NULL;
	w = out;
	for (size_t i = 0; i <= longest; i++)
		*w++ = '`';
	if (pad)
		*w++ = ' ';
	for (; *s; s++) {
		if (*s == '\n' || *s == '\r')
			*w++ = ' ';
		else if (table && *s == '|')
			*w++ = '\\', *w++ = '|';
		else
			*w++ = *s;
	}
	if (pad)
		*w++ = ' ';
	for (size_t i = 0; i <= longest; i++)
		*w++ = '`';
	*w = '\0';
	return out;
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
