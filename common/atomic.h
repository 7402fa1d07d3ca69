/* SPDX-License-Identifier: MIT */
/* Replace a file atomically: write a temporary beside it, fsync, rename. */
#ifndef ISC_ATOMIC_H
#define ISC_ATOMIC_H

#include <stddef.h>

/*
 * Write @len bytes to @path through a temporary file in the same directory.
 * On failure nothing is left behind and an existing @path is untouched.
 * Returns 0 or a negative errno.
 */
int isc_write_atomic(const char *path, const void *data, size_t len);

#endif
