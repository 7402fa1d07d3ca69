/* SPDX-License-Identifier: MIT */
/*
 * Error conventions of libiommuscope. Functions return 0 (or a count) on
 * success and a negative errno on failure: -ENOENT absent, -EINVAL bad
 * input, -EFBIG/-E2BIG over a limit, -ENOMEM out of memory. The library
 * never prints: a hard error comes back as one sentence in struct
 * isc_error, naming the file and the problem; damage that parsing survived
 * comes back as diagnostics in struct isc_diags.
 */
#ifndef ISC_ERROR_H
#define ISC_ERROR_H

#include <stddef.h>

#define ISC_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#define ISC_NODISCARD         __attribute__((warn_unused_result))

struct isc_error {
	char text[1024]; /* "FILE: what is wrong" */
};

void isc_error_set(struct isc_error *err, const char *fmt, ...) ISC_PRINTF(2, 3);

struct isc_diag {
	char *source;  /* snapshot path or input name */
	unsigned line; /* 0 when not line-based */
	char *message;
};

#define ISC_DIAGS_MAX 1000 /* more are counted in "dropped" */

struct isc_diags {
	struct isc_diag *v;
	size_t n, cap;
	size_t dropped;
};

void isc_diags_add(struct isc_diags *d, const char *source, unsigned line, const char *fmt, ...)
	ISC_PRINTF(4, 5);
void isc_diags_free(struct isc_diags *d);

#endif
