/* SPDX-License-Identifier: MIT */
/*
 * The snapshot as it is written: each entry (file, symlink, directory) goes
 * into the archive the moment it is captured, through libarchive's pax
 * writer; nothing of its contents is kept. The pax stream is compressed on
 * a second thread, by a second libarchive writer (raw format, gzip or zstd
 * filter) fed through a small ring of blocks, so reading the host and
 * compressing overlap the way `tar | gzip` does; the bytes are the same as
 * one writer with the filter would give.
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

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "pathres.h"

enum snapshot_codec { SNAPSHOT_GZIP, SNAPSHOT_ZSTD };

enum { SNAPSHOT_BLOCK = 64 * 1024, SNAPSHOT_RING = 8 };

/* The blocks between the pax writer and the compressing thread. */
struct snapshot_ring {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned char *block[SNAPSHOT_RING];
	size_t len[SNAPSHOT_RING];
	unsigned head, count; /* the oldest full block, and how many are full */
	int closing;          /* no more blocks will come */
	int abandon;          /* stop compressing: the snapshot is given up */
	int err;              /* the compressor's error (negative errno) */
	char msg[256];        /* its message */
};

struct snapshot_out {
	struct archive *a;    /* pax writer, into the ring */
	struct archive *z;    /* raw writer with the filter, on the thread, to the fd */
	struct snapshot_ring ring;
	pthread_t thread;
	int running;          /* the thread was started and not yet joined */
	int ring_init;        /* its lock and condition exist */
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
