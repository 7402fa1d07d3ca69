/* SPDX-License-Identifier: MIT */
#include "archive_out.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pathres.h"

void snapshot_out_free(struct snapshot_out *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].path);
		free(s->v[i].data);
	}
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static int push(struct snapshot_out *s, enum entry_kind kind, const char *path, char *data,
		size_t len, int64_t mtime)
{
	struct entry *e;

	if (s->n == s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 1024;
		struct entry *v = realloc(s->v, ncap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		s->v = v;
		s->cap = ncap;
	}
	e = &s->v[s->n];
	e->path = strdup(path);
	if (!e->path)
		return -ENOMEM;
	e->data = data;
	e->len = len;
	e->mtime = mtime;
	e->kind = kind;
	e->seq = s->n_added++;
	s->n++;
	if (kind == ENTRY_FILE)
		s->bytes += len;
	return 0;
}

int snapshot_add_file_owned(struct snapshot_out *s, const char *path, char *data, size_t len,
			    int64_t mtime)
{
	int r = push(s, ENTRY_FILE, path, data, len, mtime);

	if (r < 0)
		free(data);
	return r;
}

int snapshot_add_file(struct snapshot_out *s, const char *path, const void *data, size_t len,
		      int64_t mtime)
{
	char *copy = malloc(len + 1);

	if (!copy)
		return -ENOMEM;
	if (len)
		memcpy(copy, data, len);
	copy[len] = '\0';
	return snapshot_add_file_owned(s, path, copy, len, mtime);
}

int snapshot_add_link(struct snapshot_out *s, const char *path, const char *target)
{
	char *t = strdup(target);
	int r;

	if (!t)
		return -ENOMEM;
	r = push(s, ENTRY_LINK, path, t, strlen(t), -1);
	if (r < 0)
		free(t);
	return r;
}

int snapshot_add_dir(struct snapshot_out *s, const char *path)
{
	return push(s, ENTRY_DIR, path, NULL, 0, -1);
}

static int cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	/* Duplicates keep insertion order, so the first one added wins. */
	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

int snapshot_has(const struct snapshot_out *s, const char *path)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(s->v[mid].path, path);

		if (c == 0)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* Sort and drop later duplicates. */
static void sort_unique(struct snapshot_out *s)
{
	size_t w = 0;

	qsort(s->v, s->n, sizeof(*s->v), cmp_entry);
	for (size_t i = 0; i < s->n; i++) {
		if (w > 0 && !strcmp(s->v[w - 1].path, s->v[i].path)) {
			if (s->v[i].kind == ENTRY_FILE)
				s->bytes -= s->v[i].len;
			free(s->v[i].path);
			free(s->v[i].data);
			continue;
		}
		s->v[w++] = s->v[i];
	}
	s->n = w;
}

int snapshot_finish(struct snapshot_out *s)
{
	char last[4096] = "", dir[4096];
	size_t n0;

	sort_unique(s);
	/*
	 * Every ancestor of every entry becomes a directory entry. Sorted
	 * neighbours share their parent, so each distinct parent is expanded
	 * once; the duplicates this still adds go in the second sort.
	 */
	n0 = s->n;
	for (size_t i = 0; i < n0; i++) {
		char *slash;

		isc_path_dirname(s->v[i].path, dir, sizeof(dir));
		if (!dir[0] || !strcmp(dir, last))
			continue;
		snprintf(last, sizeof(last), "%s", dir);
		do {
			int r = snapshot_add_dir(s, dir);

			if (r < 0)
				return r;
			slash = strrchr(dir, '/');
			if (slash)
				*slash = '\0';
		} while (slash);
	}
	sort_unique(s);
	return 0;
}

int snapshot_write(const struct snapshot_out *s, const char *top, int64_t now, int fd,
		   const char **ret_msg)
{
	struct archive *a = archive_write_new();
	struct archive_entry *ae = archive_entry_new();
	char path[4096 + 256];
	int r = 0;

	if (!a || !ae) {
		r = -ENOMEM;
		*ret_msg = "out of memory";
		goto out;
	}
	if (archive_write_set_format_pax_restricted(a) != ARCHIVE_OK ||
	    archive_write_add_filter_gzip(a) != ARCHIVE_OK ||
	    /* "!timestamp": no mtime in the gzip header, for reproducible output */
	    archive_write_set_filter_option(a, "gzip", "timestamp", NULL) != ARCHIVE_OK ||
	    archive_write_set_bytes_in_last_block(a, 1) != ARCHIVE_OK ||
	    archive_write_open_fd(a, fd) != ARCHIVE_OK)
		goto fail;

	for (size_t i = 0; i < s->n + 1; i++) {
		const struct entry *e = i ? &s->v[i - 1] : NULL;

		archive_entry_clear(ae);
		snprintf(path, sizeof(path), "%s%s%s", top, e ? "/" : "", e ? e->path : "");
		archive_entry_set_pathname(ae, path);
		archive_entry_set_uid(ae, 0);
		archive_entry_set_gid(ae, 0);
		archive_entry_set_uname(ae, "root");
		archive_entry_set_gname(ae, "root");
		archive_entry_set_mtime(ae, e && e->mtime >= 0 ? e->mtime : now, 0);
		if (!e || e->kind == ENTRY_DIR) {
			archive_entry_set_filetype(ae, AE_IFDIR);
			archive_entry_set_perm(ae, 0755);
		} else if (e->kind == ENTRY_LINK) {
			archive_entry_set_filetype(ae, AE_IFLNK);
			archive_entry_set_perm(ae, 0777);
			archive_entry_set_symlink(ae, e->data);
		} else {
			archive_entry_set_filetype(ae, AE_IFREG);
			archive_entry_set_perm(ae, 0644);
			archive_entry_set_size(ae, (la_int64_t)e->len);
		}
		if (archive_write_header(a, ae) != ARCHIVE_OK)
			goto fail;
		if (e && e->kind == ENTRY_FILE && e->len &&
		    archive_write_data(a, e->data, e->len) != (la_ssize_t)e->len)
			goto fail;
	}
	if (archive_write_close(a) != ARCHIVE_OK)
		goto fail;
	goto out;
fail:
	r = archive_errno(a) > 0 ? -archive_errno(a) : -EIO;
	*ret_msg = archive_error_string(a) ? archive_error_string(a) : strerror(-r);
out:
	/* The message lives in @a: keep a copy in static storage. */
	if (r < 0) {
		static char msg[512];

		snprintf(msg, sizeof(msg), "%s", *ret_msg);
		*ret_msg = msg;
	}
	archive_entry_free(ae);
	archive_write_free(a);
	return r;
}
