/* SPDX-License-Identifier: MIT */
/*
 * The snapshot being built: a list of entries (file, symlink, directory)
 * held in memory, then written sorted by path as a pax tar through gzip.
 * Owner, group and modes are fixed; mtimes are the collection time unless
 * an entry carries its own (config files, boot images), so two runs over
 * the same tree with the same time give byte-identical archives.
 * Parent directories are added automatically.
 */
#ifndef ISC_ARCHIVE_OUT_H
#define ISC_ARCHIVE_OUT_H

#include <stddef.h>
#include <stdint.h>

enum entry_kind { ENTRY_FILE, ENTRY_LINK, ENTRY_DIR };

struct entry {
	char *path;   /* relative to the top directory */
	char *data;   /* file contents (ENTRY_FILE) or link target (ENTRY_LINK) */
	size_t len;
	int64_t mtime; /* -1: the collection time */
	enum entry_kind kind;
	size_t seq; /* insertion order, to keep the first of duplicates */
};

struct snapshot_out {
	struct entry *v;
	size_t n, cap;
	size_t n_added;
	size_t bytes; /* sum of file sizes */
};

void snapshot_out_free(struct snapshot_out *s);

/* Add an entry; @data is copied. Returns 0 or -ENOMEM. */
int snapshot_add_file(struct snapshot_out *s, const char *path, const void *data, size_t len,
		      int64_t mtime);
/* Add a file and take ownership of the malloc'ed @data. */
int snapshot_add_file_owned(struct snapshot_out *s, const char *path, char *data, size_t len,
			    int64_t mtime);
int snapshot_add_link(struct snapshot_out *s, const char *path, const char *target);
int snapshot_add_dir(struct snapshot_out *s, const char *path);

/* Does the snapshot already hold @path? (Only valid after snapshot_finish.) */
int snapshot_has(const struct snapshot_out *s, const char *path);

/* Sort, drop duplicate paths (first kept), add missing parent directories. */
int snapshot_finish(struct snapshot_out *s);

/*
 * Write every entry under @top/ as tar.gz to @fd. @now is the collection
 * time. On failure returns a negative errno and sets *ret_msg to a static
 * or libarchive-owned message valid until the next call.
 */
int snapshot_write(const struct snapshot_out *s, const char *top, int64_t now, int fd,
		   const char **ret_msg);

#endif
