/* SPDX-License-Identifier: MIT */
/*
 * Replace a file atomically while streaming into it: write a temporary file
 * beside the target, then fsync and rename on commit. On abort, or any
 * failure, nothing is left behind and an existing file is untouched.
 */
#ifndef ISC_ATOMIC_H
#define ISC_ATOMIC_H

#include <limits.h>
#include <stdio.h>

struct isc_atomic {
	FILE *f; /* write here between begin and commit */
	char tmp[PATH_MAX];
	const char *path;
};

int isc_atomic_begin(struct isc_atomic *a, const char *path);
/* Flush, fsync, close and rename. Returns 0 or a negative errno (then aborted). */
int isc_atomic_commit(struct isc_atomic *a);
void isc_atomic_abort(struct isc_atomic *a);

#endif
