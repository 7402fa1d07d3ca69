/* SPDX-License-Identifier: MIT */
/*
 * Symlink resolution confined to a root, over any tree that can answer
 * "is this path a link, and to what?": a live file system, an extracted
 * directory or an in-memory archive index.
 *
 * Paths are root-relative and never start with '/'; "" is the root itself.
 * Absolute link targets restart at the root and ".." stops at the root, so
 * a resolved path can never name anything outside it (the semantics of
 * openat2(RESOLVE_IN_ROOT)). The number of links followed is bounded.
 */
#ifndef ISC_PATHRES_H
#define ISC_PATHRES_H

#include <stddef.h>

#define ISC_PATH_MAX      4096
#define ISC_PATH_MAX_HOPS 40 /* the kernel's MAXSYMLINKS */
#define ISC_RESOLVE_ABSENT 2  /* callback: no such path and nothing below it */

/*
 * Callback: if @path (root-relative, already resolved up to its last
 * component) is a symbolic link, copy its target, NUL-terminated, into
 * @buf and return 1. Return 0 when it is not a link or does not exist,
 * ISC_RESOLVE_ABSENT when nothing exists at or below it (so no component
 * under it can be a link and the walk need not ask again until a ".."
 * climbs out), and a negative errno when the question cannot be answered.
 */
typedef int (*isc_readlink_fn)(void *ctx, const char *path, char *buf, size_t bufsz);

enum {
	ISC_RESOLVE_FOLLOW_LAST = 1 << 0, /* also follow a link in the last component */
};

/*
 * Resolve @path inside the root into @out (@outsz bytes). Relative @path is
 * taken from the root. Returns 0, -ELOOP after ISC_PATH_MAX_HOPS links,
 * -ENAMETOOLONG, or the callback's error. @out is written only on success.
 */
int isc_path_resolve(const char *path, unsigned flags, isc_readlink_fn readlink_cb, void *ctx,
		     char *out, size_t outsz);

/*
 * Lexically join the link target @target with the directory that holds the
 * link, @link_dir (both root-relative), and normalise "." and "..", clamping
 * at the root. No links are consulted. Returns 0 or -ENAMETOOLONG.
 */
int isc_path_join(const char *link_dir, const char *target, char *out, size_t outsz);

/* The directory part of root-relative @path ("" for a top-level name). */
void isc_path_dirname(const char *path, char *out, size_t outsz);

#endif
