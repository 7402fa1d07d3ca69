/* SPDX-License-Identifier: MIT */
/*
 * Replace a file atomically while streaming into it: write a temporary file
 * beside the target, then fsync and rename on commit. On abort, or any
 * failure, nothing is left behind and an existing file is untouched.
 *
 * Only a regular file or a new name is replaced: a FIFO, a device, a
 * directory, a socket or a symbolic link at @path is refused (-EINVAL, and
 * @refused says what it is), before writing and again before the rename,
 * so `-o /dev/null` can never turn the device node into a file. A file that
 * exists keeps its owner (where we may give it) and its mode, never a wider
 * one; a new file gets 0666 less the umask.
 */
#ifndef ISC_ATOMIC_H
#define ISC_ATOMIC_H

#include <limits.h>
#include <stdio.h>

struct isc_atomic {
	FILE *f; /* write here between begin and commit */
	char tmp[PATH_MAX];
	const char *path;
	const char *refused; /* on -EINVAL: "a FIFO", "a directory", ... */
};

int isc_atomic_begin(struct isc_atomic *a, const char *path);
/* Flush, fsync, close and rename. Returns 0 or a negative errno (then aborted). */
int isc_atomic_commit(struct isc_atomic *a);
void isc_atomic_abort(struct isc_atomic *a);

#endif
