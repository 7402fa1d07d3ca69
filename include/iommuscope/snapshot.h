/* SPDX-License-Identifier: MIT */
/*
 * One read-only interface over every kind of snapshot: a tarball read into
 * memory with libarchive (never extracted), a directory (--root, or the live
 * host "/"), or a text paste. Paths are relative to the host root ("sys/…");
 * links are resolved by the library inside the snapshot with a hop limit, so
 * no path ever leaves it.
 */
#ifndef ISC_SNAPSHOT_H
#define ISC_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

struct isc_snapshot;

enum isc_snapshot_kind {
	ISC_SNAPSHOT_ARCHIVE, /* tar, plain or compressed */
	ISC_SNAPSHOT_DIR,     /* a directory tree, or the live host */
	ISC_SNAPSHOT_PASTE,   /* pasted text; its content is the file "paste.txt" */
};

/* Limits for archives, each enforced in one place (snapshot.c). */
#define ISC_SNAPSHOT_MAX_ENTRIES     (1u << 20)
#define ISC_SNAPSHOT_MAX_ENTRY_BYTES (64u << 20)
/* Uncompressed bytes: file sizes (holes of sparse files included), names and link targets. */
#define ISC_SNAPSHOT_MAX_TOTAL_BYTES (1024u << 20)
/*
 * Bytes held in memory: file data up to its last non-zero byte, names and
 * link targets as the index keeps them. With the one entry being read and the
 * index sorted at the end, an archive costs at most about twice this.
 */
#define ISC_SNAPSHOT_MAX_KEPT_BYTES  (96u << 20)

/*
 * Open @path: a directory, a tar archive (gzip, xz, zstd, bzip2, lz4 or none), or
 * a text file. Returns 0 and *ret (free with isc_snapshot_free), or a
 * negative errno with @err naming the file and the problem.
 */
int isc_snapshot_open(const char *path, struct isc_snapshot **ret, struct isc_error *err)
	ISC_NODISCARD;
/* Open @len bytes of archive or text held by the caller (copied). */
int isc_snapshot_open_memory(const void *data, size_t len, const char *name,
			     struct isc_snapshot **ret, struct isc_error *err) ISC_NODISCARD;
void isc_snapshot_free(struct isc_snapshot *s);

enum isc_snapshot_kind isc_snapshot_kind(const struct isc_snapshot *s);
/* The name it was opened with (borrowed). */
const char *isc_snapshot_name(const struct isc_snapshot *s);

/*
 * Read the file at @path, following links. Returns 0 with *ret_data (returns
 * new, NUL-terminated, free()) and *ret_len; -ENOENT, -EISDIR, -EFBIG when
 * larger than @max (with a diagnostic naming @path, @max and the size),
 * -ELOOP.
 */
int isc_snapshot_read(struct isc_snapshot *s, const char *path, size_t max, char **ret_data,
		      size_t *ret_len);
/* The modification time of @path (links followed): 0, or -ENOENT. */
int isc_snapshot_mtime(struct isc_snapshot *s, const char *path, int64_t *ret_mtime);
/* The target of link @path (not followed): 0, -EINVAL when not a link, -ENOENT. */
int isc_snapshot_readlink(struct isc_snapshot *s, const char *path, char *buf, size_t bufsz);
/*
 * Resolve every link in @path inside the snapshot into @out: 0 (@out is
 * written only then), -ELOOP past 40 links, or -ENAMETOOLONG.
 */
int isc_snapshot_resolve(struct isc_snapshot *s, const char *path, char *out, size_t outsz);
/*
 * The names in directory @path (links followed), sorted bytewise: *ret_names
 * is returns-new (free with isc_snapshot_names_free), *ret_n their number.
 */
int isc_snapshot_list(struct isc_snapshot *s, const char *path, char ***ret_names,
		      size_t *ret_n);
void isc_snapshot_names_free(char **names, size_t n);

#endif
