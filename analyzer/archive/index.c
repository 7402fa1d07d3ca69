/* SPDX-License-Identifier: MIT */
/* The front-coded archive index (see index.h). */
#include "index.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pathres.h"

#define INDEX_RESTART 16 /* a whole path every this many entries */

struct loose {
	char *path;
	uint32_t data, len, stored, mtime;
	uint8_t type;
	size_t seq;
};

void index_init(struct index *x)
{
	memset(x, 0, sizeof(*x));
}

static void free_loose(struct index *x)
{
	for (size_t i = 0; i < x->nloose; i++)
		free(x->loose[i].path);
	free(x->loose);
	x->loose = NULL;
	x->nloose = x->loose_cap = x->loose_bytes = 0;
}

size_t index_kept_bytes(const struct index *x)
{
	return x->data.len + x->names.len + x->loose_bytes;
}

void index_free(struct index *x)
{
	free(x->late_path);
	free(x->v);
	free(x->names.buf);
	free(x->data.buf);
	free_loose(x);
	index_init(x);
}

static int arena_grow(struct arena *a, size_t extra)
{
	size_t ncap;
	char *p;

	if (extra > UINT32_MAX - a->len)
		return -EFBIG; /* offsets are 32-bit; the archive limits keep us far below */
	if (a->len + extra <= a->cap)
		return 0;
	ncap = a->cap ? a->cap : 65536;
	while (ncap < a->len + extra)
		ncap *= 2;
	p = realloc(a->buf, ncap);
	if (!p)
		return -ENOMEM;
	a->buf = p;
	a->cap = ncap;
	return 0;
}

char *index_data_reserve(struct index *x, size_t len, uint32_t *ret_off)
{
	if (arena_grow(&x->data, len + 1) < 0)
		return NULL;
	*ret_off = (uint32_t)x->data.len;
	return x->data.buf + x->data.len;
}

/* Append a front-coded entry; @path must sort after the last one. */
static int append(struct index *x, const char *path, int type, uint32_t off, size_t stored,
		  size_t len, uint32_t mtime)
{
	size_t shared = 0, plen = strlen(path);
	struct index_entry *e;

	if (x->n % INDEX_RESTART) {
		while (path[shared] && path[shared] == x->last[shared] && shared < UINT16_MAX)
			shared++;
	}
	if (x->n == x->cap) {
		size_t ncap = x->cap ? x->cap * 2 : 4096;
		struct index_entry *v = realloc(x->v, ncap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		x->v = v;
		x->cap = ncap;
	}
	if (arena_grow(&x->names, plen - shared + 1) < 0)
		return -ENOMEM;
	e = &x->v[x->n++];
	e->name = (uint32_t)x->names.len;
	e->shared = (uint16_t)shared;
	e->type = (uint8_t)type;
	e->data = off;
	e->stored = (uint32_t)stored;
	e->len = (uint32_t)len;
	e->mtime = mtime;
	memcpy(x->names.buf + x->names.len, path + shared, plen - shared + 1);
	x->names.len += plen - shared + 1;
	memcpy(x->last, path, plen + 1);
	return 0;
}

/* Path of entry @i into @buf, given the path of entry i-1 already in @buf. */
static void decode_next(const struct index *x, size_t i, char *buf)
{
	const struct index_entry *e = &x->v[i];

	strcpy(buf + e->shared, x->names.buf + e->name);
}

/* Path of any entry, decoded from its block's restart point. */
static void decode(const struct index *x, size_t i, char *buf)
{
	for (size_t k = i - i % INDEX_RESTART; k <= i; k++)
		decode_next(x, k, buf);
}

static int add_loose(struct index *x, const char *path, int type, uint32_t off, size_t stored,
		     size_t len, uint32_t mtime)
{
	struct loose *l;

	if (x->nloose == x->loose_cap) {
		size_t ncap = x->loose_cap ? x->loose_cap * 2 : 1024;
		struct loose *v = realloc(x->loose, ncap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		x->loose = v;
		x->loose_cap = ncap;
	}
	l = &x->loose[x->nloose];
	l->path = strdup(path);
	if (!l->path)
		return -ENOMEM;
	x->loose_bytes += strlen(path) + 1;
	l->type = (uint8_t)type;
	l->data = off;
	l->stored = (uint32_t)stored;
	l->len = (uint32_t)len;
	l->mtime = mtime;
	l->seq = x->nloose++;
	return 0;
}

/* Out of order: move what is indexed so far into the loose list. */
static int to_loose(struct index *x)
{
	char path[4096];

	for (size_t i = 0; i < x->n; i++) {
		const struct index_entry *e = &x->v[i];
		int r;

		decode_next(x, i, path);
		r = add_loose(x, path, e->type, e->data, e->stored, e->len, e->mtime);
		if (r < 0)
			return r;
	}
	x->n = 0;
	x->names.len = 0;
	x->last[0] = '\0';
	if (x->late_path) { /* it came after everything moved above */
		const struct index_entry *e = &x->late;
		int r = add_loose(x, x->late_path, e->type, e->data, e->stored, e->len, e->mtime);

		if (r < 0)
			return r;
		free(x->late_path);
		x->late_path = NULL;
	}
	return 0;
}

/*
 * Is @path the collector's manifest, written after everything else: a file
 * named manifest.json directly in the top directory of the first entry?
 */
static int is_late_manifest(const struct index *x, const char *path, int type)
{
	char first[4096];
	const char *slash = strchr(path, '/');
	size_t tlen;

	if (type != T_FILE || !slash || strcmp(slash + 1, "manifest.json") || x->late_path)
		return 0;
	decode(x, 0, first);
	tlen = strcspn(first, "/");
	return (size_t)(slash - path) == tlen && !strncmp(first, path, tlen);
}

int index_add(struct index *x, const char *path, int type, uint32_t off, size_t stored,
	      size_t len, int64_t mtime)
{
	uint32_t t = mtime < 0 ? 0 : mtime > UINT32_MAX ? UINT32_MAX : (uint32_t)mtime;
	int r;

	if (strlen(path) >= sizeof(x->last))
		return -ENAMETOOLONG;
	x->data.len = (size_t)off + stored; /* keep what was read into the reservation */
	if (!x->loose && (x->n == 0 || strcmp(path, x->last) > 0))
		return append(x, path, type, off, stored, len, t);
	if (!x->loose && is_late_manifest(x, path, type)) {
		x->late_path = strdup(path);
		if (!x->late_path)
			return -ENOMEM;
		memset(&x->late, 0, sizeof(x->late));
		x->late.type = (uint8_t)type;
		x->late.data = off;
		x->late.stored = (uint32_t)stored;
		x->late.len = (uint32_t)len;
		x->late.mtime = t;
		return 0;
	}
	if (!x->loose) {
		r = to_loose(x);
		if (r < 0)
			return r;
	}
	return add_loose(x, path, type, off, stored, len, t);
}

static int cmp_loose(const void *a, const void *b)
{
	const struct loose *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

/* The top directory, if every path sits in it and it is not a host root. */
static void find_prefix(struct index *x)
{
	static const char *const host_roots[] = {"sys", "proc", "etc", "boot", "cmd", "dev",
						 "usr", "run", NULL};
	char first[4096], path[4096];
	size_t tlen;
	int deeper = 0;

	if (!x->n)
		return;
	decode(x, 0, first);
	tlen = strcspn(first, "/");
	if (tlen + 2 > sizeof(x->prefix))
		return;
	for (const char *const *r = host_roots; *r; r++)
		if (strlen(*r) == tlen && !strncmp(first, *r, tlen))
			return;
	for (size_t i = 0; i < x->n; i++) {
		decode_next(x, i, path);
		if (strncmp(path, first, tlen) || (path[tlen] != '/' && path[tlen] != '\0'))
			return;
		deeper |= path[tlen] == '/';
	}
	if (!deeper)
		return; /* a lone file, not a directory */
	memcpy(x->prefix, first, tlen);
	x->prefix[tlen] = '\0';
	x->prefix_len = tlen;
}

static size_t lower_bound(const struct index *x, const char *key, char *buf);

int index_finish(struct index *x, struct isc_diags *diags, const char *source)
{
	if (x->loose) {
		size_t n = x->nloose;

		qsort(x->loose, n, sizeof(*x->loose), cmp_loose);
		x->nloose = 0; /* append() below must not see the loose list */
		for (size_t i = 0; i < n; i++) {
			struct loose *l = &x->loose[i];

			if (i + 1 < n && !strcmp(l->path, x->loose[i + 1].path)) {
				if (l->type != T_DIR || x->loose[i + 1].type != T_DIR)
					isc_diags_add(diags, source, 0,
						      "entry '%s' appears more than once; the last "
						      "is used", l->path);
				continue;
			}
			if (append(x, l->path, l->type, l->data, l->stored, l->len, l->mtime) < 0) {
				x->nloose = n;
				return -ENOMEM;
			}
		}
		x->nloose = n;
		free_loose(x);
	}
	if (x->late_path) {
		char buf[4096];
		size_t i = lower_bound(x, x->late_path, buf);

		if (i < x->n && !strcmp(buf, x->late_path))
			isc_diags_add(diags, source, 0,
				      "entry '%s' appears more than once; the last is used",
				      x->late_path);
	}
	find_prefix(x);
	return 0;
}

/* The lookup key: the top directory, then @path. */
static int make_key(const struct index *x, const char *path, char *key, size_t keysz)
{
	size_t plen = strlen(path), at = 0;

	if (x->prefix_len + 1 + plen >= keysz)
		return -ENAMETOOLONG;
	if (x->prefix_len) {
		memcpy(key, x->prefix, x->prefix_len);
		at = x->prefix_len;
		if (plen)
			key[at++] = '/';
	}
	memcpy(key + at, path, plen + 1);
	return 0;
}

/* First entry whose path is >= @key; its path is left in @buf when there is one. */
static size_t lower_bound(const struct index *x, const char *key, char *buf)
{
	size_t nblocks = (x->n + INDEX_RESTART - 1) / INDEX_RESTART, lo = 0, hi = nblocks, i;

	/* The last block whose first path is <= key. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(x->names.buf + x->v[mid * INDEX_RESTART].name, key) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	/*
	 * Walk that block. Each path shares e->shared bytes with the one before
	 * it, and the one before is below the key, sharing @match bytes with it:
	 * sharing more, a path is below the key too; sharing less, it is above;
	 * only sharing exactly @match needs its bytes compared, from there on.
	 * (The next block's first path, shared 0, is above the key: it stops.)
	 */
	i = lo ? (lo - 1) * INDEX_RESTART : 0;
	for (size_t match = 0, k; i < x->n; i++) {
		size_t shared = x->v[i].shared;

		decode_next(x, i, buf);
		if (shared > match)
			continue;
		if (shared < match)
			break;
		for (k = match; buf[k] && buf[k] == key[k]; k++)
			;
		if ((unsigned char)buf[k] >= (unsigned char)key[k])
			break;
		match = k;
	}
	return i;
}

int index_lookup(const struct index *x, const char *path, struct index_view *ret)
{
	char key[4096 + 512], buf[4096];
	size_t i, klen;

	if (make_key(x, path, key, sizeof(key) - 1) < 0)
		return -ENOENT;
	if (x->late_path && !strcmp(key, x->late_path)) {
		ret->data = x->data.buf ? x->data.buf + x->late.data : "";
		ret->len = x->late.len;
		ret->stored = x->late.stored;
		ret->mtime = x->late.mtime;
		ret->type = x->late.type;
		return 0;
	}
	klen = strlen(key);
	i = lower_bound(x, key, buf);
	if (i < x->n && !strcmp(buf, key)) {
		/* an archive of directories only has no data arena: no arithmetic on NULL */
		ret->data = x->data.buf ? x->data.buf + x->v[i].data : "";
		ret->len = x->v[i].len;
		ret->stored = x->v[i].stored;
		ret->mtime = x->v[i].mtime;
		ret->type = x->v[i].type;
		return 0;
	}
	if (!klen)
		return x->n ? -EISDIR : -ENOENT; /* the root */
	/*
	 * Not there; is anything below it? Children sort after the names that
	 * extend @key with a byte below '/' ("key-1", "key.old"): step past those.
	 */
	for (; i < x->n; i++) {
		if (strncmp(buf, key, klen) || (unsigned char)buf[klen] > '/')
			return -ENOENT;
		if (buf[klen] == '/')
			return -EISDIR;
		if (i + 1 < x->n)
			decode_next(x, i + 1, buf);
	}
	return -ENOENT;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int index_children(const struct index *x, const char *dir, char ***ret_names, size_t *ret_n)
{
	char key[4096 + 512], buf[4096];
	char **names = NULL;
	size_t n = 0, cap = 0, klen, i;

	if (make_key(x, dir, key, sizeof(key) - 1) < 0)
		return -ENOENT;
	klen = strlen(key);
	if (klen)
		key[klen++] = '/', key[klen] = '\0';
	for (i = lower_bound(x, key, buf); i < x->n; i++) {
		const char *rest;
		size_t len;

		if (strncmp(buf, key, klen))
			break;
		rest = buf + klen;
		len = strcspn(rest, "/");
		/* A deeper path names its top child (directories may be implicit). */
		if (!(n && strlen(names[n - 1]) == len && !strncmp(names[n - 1], rest, len))) {
			if (n == cap) {
				size_t ncap = cap ? cap * 2 : 32;
				char **p = realloc(names, ncap * sizeof(*p));

				if (!p)
					goto oom;
				names = p;
				cap = ncap;
			}
			names[n] = strndup(rest, len);
			if (!names[n])
				goto oom;
			n++;
		}
		if (i + 1 < x->n)
			decode_next(x, i + 1, buf);
	}
	/* The manifest kept aside, if it is in @dir. */
	if (x->late_path && !strncmp(x->late_path, key, klen) && !strchr(x->late_path + klen, '/')) {
		if (n == cap) {
			char **p = realloc(names, (cap ? cap * 2 : 1) * sizeof(*p));

			if (!p)
				goto oom;
			names = p;
			cap = cap ? cap * 2 : 1;
		}
		names[n] = strdup(x->late_path + klen);
		if (!names[n])
			goto oom;
		n++;
	}
	/* "b", "b-c", "b/x" sort in that order: "b" can come twice. */
	if (n > 1) {
		size_t w = 1;

		qsort(names, n, sizeof(*names), cmp_name);
		for (size_t k = 1; k < n; k++) {
			if (!strcmp(names[k], names[w - 1]))
				free(names[k]);
			else
				names[w++] = names[k];
		}
		n = w;
	}
	*ret_names = names;
	*ret_n = n;
	return 0;
oom:
	for (size_t k = 0; k < n; k++)
		free(names[k]);
	free(names);
	return -ENOMEM;
}
