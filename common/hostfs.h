/* SPDX-License-Identifier: MIT */
/*
 * Read-only access to a host tree: "/" or a --root directory. Every path is
 * root-relative and confined to the root in every component, not only the
 * last: the directory holding a path's last component is opened with
 * openat2(RESOLVE_IN_ROOT) where the kernel has it (Linux 5.6), and
 * otherwise resolved by our own code (common/pathres.c) and then walked one
 * component at a time with O_NOFOLLOW, so a link (absolute, "..", or swapped
 * in mid-walk) never leads outside the root. Links resolve as if the root
 * were "/". The last component itself is never followed (O_NOFOLLOW).
 * Nothing here opens a file for writing. Reads go until EOF (sysfs sizes
 * lie) up to a cap.
 */
#ifndef ISC_HOSTFS_H
#define ISC_HOSTFS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "buf.h"

enum hostfs_type {
	HOSTFS_MISSING = 0,
	HOSTFS_FILE,
	HOSTFS_DIR,
	HOSTFS_LINK,
	HOSTFS_OTHER, /* device, FIFO, socket: never read */
};

struct hostfs {
	int rootfd;
	/* The directory last opened as a parent, kept open: a device's thirty
	 * attributes share one. */
	int dirfd;
	char *dirpath;
	int no_openat2; /* the kernel (or a seccomp filter) refused openat2 */
	/* Paths already found not to be links: the tree is read as a still
	 * image, so each directory on the way to 4,000 devices is asked once. */
	char **notlink;
	size_t notlink_n, notlink_cap;
};

/* A directory listing: names sorted bytewise, with their types from getdents. */
struct hostfs_dir {
	size_t n;
	char **names;
	enum hostfs_type *types;
};


int hostfs_open(struct hostfs *fs, const char *root);
void hostfs_close(struct hostfs *fs);

/* Resolve @path (following links, last one included) into @out. */
int hostfs_resolve(struct hostfs *fs, const char *path, char *out, size_t outsz);

/* Type of @path itself, without following a link in its last component. */
enum hostfs_type hostfs_type_of(struct hostfs *fs, const char *path, int64_t *ret_mtime);

/* The target of the link @path (already resolved up to its parent). */
int hostfs_readlink(struct hostfs *fs, const char *path, char *buf, size_t bufsz);

/*
 * Read the regular file @path (resolved) into @out until EOF. Returns 0,
 * 1 when more than @cap bytes were there (the first @cap are kept), or a
 * negative errno (-ENOENT, -EACCES, -EISDIR, -EINVAL for a non-regular file).
 * With @known_regular (the type came from a directory listing) the extra
 * fstat is skipped; O_NOFOLLOW and O_NONBLOCK still apply.
 */
int hostfs_read(struct hostfs *fs, const char *path, size_t cap, int known_regular,
		struct isc_buf *out);

/* Read the file at the ordinary (absolute or cwd-relative) @path until EOF, as hostfs_read. */
int hostfs_read_path(const char *path, size_t cap, struct isc_buf *out);

/*
 * List directory @path into @ret (free with hostfs_dir_free). At most @max
 * names; more gives -E2BIG. Types are HOSTFS_FILE, _DIR, _LINK or _OTHER.
 */
int hostfs_list(struct hostfs *fs, const char *path, size_t max, struct hostfs_dir *ret);
void hostfs_dir_free(struct hostfs_dir *d);

#endif
