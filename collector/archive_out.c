/* SPDX-License-Identifier: MIT */
#include "archive_out.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(struct snapshot_out *s, int err)
{
	const char *m = s->a ? archive_error_string(s->a) : NULL;

	if (s->err)
		return s->err;
	if (s->a && archive_errno(s->a) > 0)
		err = -archive_errno(s->a);
	s->err = err;
	snprintf(s->msg, sizeof(s->msg), "%s", m ? m : strerror(-err));
	return err;
}

/* Write the header of @path (below the top directory; NULL: the top itself). */
static int header(struct snapshot_out *s, const char *path, int type, const char *target,
		  size_t size, int64_t mtime)
{
	char full[sizeof(s->top) + ISC_PATH_MAX + 1];
	struct archive_entry *ae = s->ae;

	archive_entry_clear(ae);
	snprintf(full, sizeof(full), "%s%s%s", s->top, path ? "/" : "", path ? path : "");
	archive_entry_set_pathname(ae, full);
	archive_entry_set_uid(ae, 0);
	archive_entry_set_gid(ae, 0);
	archive_entry_set_uname(ae, "root");
	archive_entry_set_gname(ae, "root");
	archive_entry_set_mtime(ae, mtime >= 0 ? mtime : s->now, 0);
	if (type == AE_IFDIR) {
		archive_entry_set_filetype(ae, AE_IFDIR);
		archive_entry_set_perm(ae, 0755);
	} else if (type == AE_IFLNK) {
		archive_entry_set_filetype(ae, AE_IFLNK);
		archive_entry_set_perm(ae, 0777);
		archive_entry_set_symlink(ae, target);
	} else {
		archive_entry_set_filetype(ae, AE_IFREG);
		archive_entry_set_perm(ae, 0644);
		archive_entry_set_size(ae, (la_int64_t)size);
	}
	return archive_write_header(s->a, ae) == ARCHIVE_OK ? 0 : fail(s, -EIO);
}

/* The length of the longest run of whole components @a and @b share. */
static size_t common_dirs(const char *a, const char *b)
{
	size_t i = 0, common = 0;

	while (a[i] && b[i]) {
		size_t n = strcspn(a + i, "/"), m = strcspn(b + i, "/");

		if (n != m || memcmp(a + i, b + i, n))
			break;
		common = i + n;
		if (!a[common] || !b[common])
			break;
		i = common + 1;
	}
	return common;
}

/*
 * Write the directories on the way to @path's parent that are not written
 * yet. Entries arrive in path order, so the written ones are the components
 * shared with the last directory; a directory is left for good once passed.
 */
static int parents(struct snapshot_out *s, const char *path)
{
	char want[ISC_PATH_MAX];
	size_t common, j;

	isc_path_dirname(path, want, sizeof(want));
	common = common_dirs(want, s->dir);
	for (j = common;; j++) {
		if (want[j] == '/' || want[j] == '\0') {
			char saved = want[j];
			int r = 0;

			if (j > common) {
				want[j] = '\0';
				r = header(s, want, AE_IFDIR, NULL, 0, -1);
				want[j] = saved;
			}
			if (r < 0)
				return r;
			if (!saved)
				break;
		}
	}
	memcpy(s->dir, want, strlen(want) + 1);
	return 0;
}

/* The compressor's error, kept for the writer to report. Called locked. */
static void ring_fail(struct snapshot_ring *q, struct archive *z)
{
	const char *m = archive_error_string(z);

	q->err = archive_errno(z) > 0 ? -archive_errno(z) : -EIO;
	/* libarchive says "Write error"; the reason is in errno. */
	if (m && archive_errno(z) > 0)
		snprintf(q->msg, sizeof(q->msg), "%s: %s", m, strerror(-q->err));
	else
		snprintf(q->msg, sizeof(q->msg), "%s", m ? m : strerror(-q->err));
}

/* The second thread: full blocks, oldest first, into the filter and the fd. */
static void *compress_blocks(void *arg)
{
	struct snapshot_out *s = arg;
	struct snapshot_ring *q = &s->ring;

	pthread_mutex_lock(&q->lock);
	for (;;) {
		unsigned i;
		la_ssize_t w;

		while (!q->count && !q->closing && !q->abandon)
			pthread_cond_wait(&q->cond, &q->lock);
		if (q->abandon || !q->count)
			break;
		i = q->head;
		/* The writer fills only free blocks: this one is ours until counted out. */
		pthread_mutex_unlock(&q->lock);
		w = archive_write_data(s->z, q->block[i], q->len[i]);
		pthread_mutex_lock(&q->lock);
		if (w != (la_ssize_t)q->len[i]) {
			ring_fail(q, s->z);
			break;
		}
		q->head = (i + 1) % SNAPSHOT_RING;
		q->count--;
		pthread_cond_broadcast(&q->cond);
	}
	if (!q->err && !q->abandon) {
		pthread_mutex_unlock(&q->lock);
		if (archive_write_close(s->z) != ARCHIVE_OK) {
			pthread_mutex_lock(&q->lock);
			ring_fail(q, s->z);
			pthread_mutex_unlock(&q->lock);
		}
		return NULL;
	}
	pthread_cond_broadcast(&q->cond);
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

/* The pax writer's output: copied into free blocks of the ring. */
static la_ssize_t ring_write(struct archive *a, void *data, const void *buf, size_t len)
{
	struct snapshot_ring *q = &((struct snapshot_out *)data)->ring;
	size_t done = 0;

	while (done < len) {
		size_t n = len - done < SNAPSHOT_BLOCK ? len - done : SNAPSHOT_BLOCK;
		unsigned i;

		pthread_mutex_lock(&q->lock);
		while (q->count == SNAPSHOT_RING && !q->err)
			pthread_cond_wait(&q->cond, &q->lock);
		if (q->err) {
			archive_set_error(a, -q->err, "%s", q->msg);
			pthread_mutex_unlock(&q->lock);
			return -1;
		}
		i = (q->head + q->count) % SNAPSHOT_RING;
		pthread_mutex_unlock(&q->lock);
		memcpy(q->block[i], (const unsigned char *)buf + done, n);
		pthread_mutex_lock(&q->lock);
		q->len[i] = n;
		q->count++;
		pthread_cond_broadcast(&q->cond);
		pthread_mutex_unlock(&q->lock);
		done += n;
	}
	return (la_ssize_t)len;
}

/* Stop the thread: after the last block (@abandon 0) or at once. */
static int ring_stop(struct snapshot_out *s, int abandon)
{
	struct snapshot_ring *q = &s->ring;

	if (!s->running)
		return 0;
	pthread_mutex_lock(&q->lock);
	q->closing = 1;
	q->abandon = abandon;
	pthread_cond_broadcast(&q->cond);
	pthread_mutex_unlock(&q->lock);
	pthread_join(s->thread, NULL);
	s->running = 0;
	return q->err;
}

/* The compressing writer on @fd, and its thread (which takes no signals). */
static int start_compressor(struct snapshot_out *s, int fd, enum snapshot_codec codec)
{
	struct archive_entry *whole;
	sigset_t all, old;
	int r;

	s->z = archive_write_new();
	whole = archive_entry_new();
	if (!s->z || !whole || pthread_mutex_init(&s->ring.lock, NULL) ||
	    pthread_cond_init(&s->ring.cond, NULL)) {
		archive_entry_free(whole);
		return -ENOMEM;
	}
	s->ring_init = 1;
	for (unsigned i = 0; i < SNAPSHOT_RING; i++)
		if (!(s->ring.block[i] = malloc(SNAPSHOT_BLOCK))) {
			archive_entry_free(whole);
			return -ENOMEM;
		}
	archive_entry_set_pathname(whole, "snapshot.tar");
	archive_entry_set_filetype(whole, AE_IFREG);
	if (archive_write_set_format_raw(s->z) != ARCHIVE_OK)
		r = -EINVAL;
	else if (codec == SNAPSHOT_ZSTD)
		r = archive_write_add_filter_zstd(s->z) == ARCHIVE_OK ? 0 : -ENOTSUP;
	else if (archive_write_add_filter_gzip(s->z) != ARCHIVE_OK ||
		 /* "!timestamp": no mtime in the gzip header, for reproducible output */
		 archive_write_set_filter_option(s->z, "gzip", "timestamp", NULL) != ARCHIVE_OK)
		r = -EINVAL;
	else
		r = 0;
	if (r == 0 && (archive_write_set_bytes_in_last_block(s->z, 1) != ARCHIVE_OK ||
		       archive_write_open_fd(s->z, fd) != ARCHIVE_OK ||
		       archive_write_header(s->z, whole) != ARCHIVE_OK))
		r = -EIO;
	archive_entry_free(whole);
	if (r < 0) {
		const char *m = archive_error_string(s->z);

		s->err = r;
		snprintf(s->msg, sizeof(s->msg), "%s", m ? m : strerror(-r));
		return r;
	}
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	r = -pthread_create(&s->thread, NULL, compress_blocks, s);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	s->running = r == 0;
	return r;
}

int snapshot_open(struct snapshot_out *s, const char *top, int64_t now, int fd,
		  enum snapshot_codec codec)
{
	int r;

	memset(s, 0, sizeof(*s));
	snprintf(s->top, sizeof(s->top), "%s", top);
	s->now = now;
	s->a = archive_write_new();
	s->ae = archive_entry_new();
	if (!s->a || !s->ae)
		return fail(s, -ENOMEM);
	r = start_compressor(s, fd, codec);
	if (r < 0)
		return s->err ? s->err : fail(s, r);
	if (archive_write_set_format_pax_restricted(s->a) != ARCHIVE_OK)
		return fail(s, -EINVAL);
	if (archive_write_set_bytes_per_block(s->a, SNAPSHOT_BLOCK) != ARCHIVE_OK ||
	    archive_write_set_bytes_in_last_block(s->a, 1) != ARCHIVE_OK ||
	    archive_write_open(s->a, s, NULL, ring_write, NULL) != ARCHIVE_OK)
		return fail(s, -EIO);
	return header(s, NULL, AE_IFDIR, NULL, 0, -1);
}

int snapshot_add_file(struct snapshot_out *s, const char *path, const void *data, size_t len,
		      int64_t mtime)
{
	int r = s->err ? s->err : parents(s, path);

	if (r == 0)
		r = header(s, path, AE_IFREG, NULL, len, mtime);
	if (r == 0 && len && archive_write_data(s->a, data, len) != (la_ssize_t)len)
		r = fail(s, -EIO);
	if (r == 0) {
		s->files++;
		s->bytes += len;
	}
	return r;
}

int snapshot_add_link(struct snapshot_out *s, const char *path, const char *target)
{
	int r = s->err ? s->err : parents(s, path);

	return r ? r : header(s, path, AE_IFLNK, target, 0, -1);
}

int snapshot_add_dir(struct snapshot_out *s, const char *path)
{
	char child[ISC_PATH_MAX + 2];

	/* A directory is the parent of anything inside it: written once, by
	 * the same rule as every other parent. */
	if (s->err)
		return s->err;
	snprintf(child, sizeof(child), "%s/.", path);
	return parents(s, child);
}

int snapshot_close(struct snapshot_out *s)
{
	if (s->err)
		return s->err;
	if (archive_write_close(s->a) != ARCHIVE_OK)
		return fail(s, -EIO);
	/* The thread writes the rest and closes the filter; its error is ours. */
	if (ring_stop(s, 0) < 0) {
		s->err = s->ring.err;
		snprintf(s->msg, sizeof(s->msg), "%s", s->ring.msg);
	}
	return s->err;
}

void snapshot_out_free(struct snapshot_out *s)
{
	if (s->ae)
		archive_entry_free(s->ae);
	if (s->a)
		archive_write_free(s->a);
	ring_stop(s, 1);
	if (s->z)
		archive_write_free(s->z);
	if (s->ring_init) {
		pthread_mutex_destroy(&s->ring.lock);
		pthread_cond_destroy(&s->ring.cond);
	}
	for (unsigned i = 0; i < SNAPSHOT_RING; i++)
		free(s->ring.block[i]);
	s->a = NULL;
	s->ae = NULL;
	s->z = NULL;
}
