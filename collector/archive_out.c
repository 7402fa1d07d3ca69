/* SPDX-License-Identifier: MIT */
#include "archive_out.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
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

int snapshot_open(struct snapshot_out *s, const char *top, int64_t now, int fd,
		  enum snapshot_codec codec)
{
	memset(s, 0, sizeof(*s));
	snprintf(s->top, sizeof(s->top), "%s", top);
	s->now = now;
	s->a = archive_write_new();
	s->ae = archive_entry_new();
	if (!s->a || !s->ae)
		return fail(s, -ENOMEM);
	if (archive_write_set_format_pax_restricted(s->a) != ARCHIVE_OK)
		return fail(s, -EINVAL);
	if (codec == SNAPSHOT_ZSTD) {
		if (archive_write_add_filter_zstd(s->a) != ARCHIVE_OK)
			return fail(s, -ENOTSUP);
	} else if (archive_write_add_filter_gzip(s->a) != ARCHIVE_OK ||
		   /* "!timestamp": no mtime in the gzip header, for reproducible output */
		   archive_write_set_filter_option(s->a, "gzip", "timestamp", NULL) != ARCHIVE_OK) {
		return fail(s, -EINVAL);
	}
	if (archive_write_set_bytes_in_last_block(s->a, 1) != ARCHIVE_OK ||
	    archive_write_open_fd(s->a, fd) != ARCHIVE_OK)
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
	return archive_write_close(s->a) == ARCHIVE_OK ? 0 : fail(s, -EIO);
}

void snapshot_out_free(struct snapshot_out *s)
{
	if (s->ae)
		archive_entry_free(s->ae);
	if (s->a)
		archive_write_free(s->a);
	s->a = NULL;
	s->ae = NULL;
}
