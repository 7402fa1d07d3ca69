/* SPDX-License-Identifier: MIT */
/*
 * The snapshot as it is written: each entry (file, symlink, directory) goes
 * into the archive the moment it is captured, through libarchive's pax
 * writer and a gzip (or zstd) filter; nothing of its contents is kept.
 * Owner, group and modes are fixed; mtimes are the collection time unless
 * an entry carries its own (config files, boot images), so two runs over
 * the same tree with the same time give byte-identical archives.
 *
 * The caller adds entries in path order (capture.c schedules its captures
 * so); every parent directory is written once, just before the first entry
 * below it. The manifest, whose counts are known only at the end, is the
 * one entry written last.
 */
#ifndef ISC_ARCHIVE_OUT_H
#define ISC_ARCHIVE_OUT_H

#include <stddef.h>
#include <stdint.h>

#include "pathres.h"

enum snapshot_codec { SNAPSHOT_GZIP, SNAPSHOT_ZSTD };

struct snapshot_out {
	struct archive *a;
	struct archive_entry *ae;
	char top[256];
	int64_t now;
	char dir[ISC_PATH_MAX]; /* the deepest directory written so far, "" at the top */
	size_t files, bytes;    /* regular files and their bytes, as written */
	int err;                /* the first write error (negative errno), sticky */
	char msg[512];          /* its message */
};

/*
 * Start the archive on @fd, with the top directory @top/ and the collection
 * time @now. Returns 0 or a negative errno (message in s->msg).
 */
int snapshot_open(struct snapshot_out *s, const char *top, int64_t now, int fd,
		  enum snapshot_codec codec);

/* Write one entry now; @data is not kept. After an error every call returns
 * it again (the first one) and writes nothing. mtime -1: the collection time. */
int snapshot_add_file(struct snapshot_out *s, const char *path, const void *data, size_t len,
		      int64_t mtime);
int snapshot_add_link(struct snapshot_out *s, const char *path, const char *target);
int snapshot_add_dir(struct snapshot_out *s, const char *path);

/* Finish the archive (end blocks, flush the filter). */
int snapshot_close(struct snapshot_out *s);

/* Release everything (after close, or instead of it on failure). */
void snapshot_out_free(struct snapshot_out *s);

#endif
