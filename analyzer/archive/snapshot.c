/* SPDX-License-Identifier: MIT */
/*
 * Snapshot sources behind one interface (include/iommuscope/snapshot.h).
 *
 * Archives are read with libarchive straight into a sorted in-memory index
 * of entries; nothing is ever written to disk. File data is kept without its
 * trailing zero bytes (config space is mostly zeros past the capabilities)
 * and re-inflated on read. Directory sources go through common/hostfs.c.
 * Link resolution for both is common/pathres.c, confined to the snapshot.
 *
 * This is the only file of the analyzer that touches libarchive, and the
 * one place where the archive limits are enforced.
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hostfs.h"
#include "iommuscope/snapshot.h"
#include "pathres.h"
#include "snapshot_private.h"

enum { T_FILE, T_LINK, T_DIR };

struct entry {
	char *path;
	char *data;    /* file: the bytes up to the last non-zero one; link: target */
	size_t len;    /* file: logical size */
	size_t stored; /* file: bytes held in data */
	size_t seq;    /* archive order, so a later duplicate wins as in tar */
	int type;
};

struct isc_snapshot {
	enum isc_snapshot_kind kind;
	char *name;
	struct entry *v; /* archive and paste: sorted by path */
	size_t n;
	struct hostfs fs; /* directory */
	struct isc_diags diags;
};

void isc_error_set(struct isc_error *err, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return;
	va_start(ap, fmt);
	vsnprintf(err->text, sizeof(err->text), fmt, ap);
	va_end(ap);
}

void isc_diags_add(struct isc_diags *d, const char *source, unsigned line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (d->n >= ISC_DIAGS_MAX) {
		d->dropped++;
		return;
	}
	if (d->n == d->cap) {
		size_t ncap = d->cap ? d->cap * 2 : 16;
		struct isc_diag *v = realloc(d->v, ncap * sizeof(*v));

		if (!v) {
			d->dropped++;
			return;
		}
		d->v = v;
		d->cap = ncap;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	d->v[d->n].source = strdup(source ? source : "");
	d->v[d->n].message = strdup(msg);
	d->v[d->n].line = line;
	if (!d->v[d->n].source || !d->v[d->n].message) {
		free(d->v[d->n].source);
		free(d->v[d->n].message);
		d->dropped++;
		return;
	}
	d->n++;
}

void isc_diags_free(struct isc_diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].source);
		free(d->v[i].message);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}

void isc_snapshot_free(struct isc_snapshot *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].path);
		free(s->v[i].data);
	}
	free(s->v);
	if (s->kind == ISC_SNAPSHOT_DIR)
		hostfs_close(&s->fs);
	isc_diags_free(&s->diags);
	free(s->name);
	free(s);
}

enum isc_snapshot_kind isc_snapshot_kind(const struct isc_snapshot *s)
{
	return s->kind;
}

const char *isc_snapshot_name(const struct isc_snapshot *s)
{
	return s->name;
}

const struct isc_diags *isc_snapshot_diags(const struct isc_snapshot *s)
{
	return &s->diags;
}

/* ---- the in-memory index -------------------------------------------------------------- */

static int cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

static const struct entry *find(const struct isc_snapshot *s, const char *path)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(s->v[mid].path, path);

		if (c == 0)
			return &s->v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* First entry whose path is >= @key. */
static size_t lower_bound(const struct isc_snapshot *s, const char *key)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(s->v[mid].path, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Does any entry live below @dir? (Directories need no entry of their own.) */
static int has_children(const struct isc_snapshot *s, const char *dir)
{
	size_t dlen = strlen(dir);
	size_t i;
	char key[ISC_PATH_MAX + 1];

	if (!dlen)
		return s->n > 0;
	if (snprintf(key, sizeof(key), "%s/", dir) >= (int)sizeof(key))
		return 0;
	i = lower_bound(s, key);
	return i < s->n && !strncmp(s->v[i].path, key, dlen + 1);
}

/* ---- reading an archive ---------------------------------------------------------------- */

/*
 * Normalise an archive member name into a root-relative path: strip "./"
 * and trailing slashes; refuse absolute names and ".." components.
 */
static int clean_name(const char *name, char *out, size_t outsz)
{
	size_t w = 0;

	if (name[0] == '/')
		return -EINVAL;
	while (*name) {
		const char *end = strchr(name, '/');
		size_t len = end ? (size_t)(end - name) : strlen(name);

		if (len == 2 && name[0] == '.' && name[1] == '.')
			return -EINVAL;
		if (len && !(len == 1 && name[0] == '.')) {
			if (w + len + 2 > outsz)
				return -ENAMETOOLONG;
			if (w)
				out[w++] = '/';
			memcpy(out + w, name, len);
			w += len;
		}
		name += len;
		while (*name == '/')
			name++;
	}
	out[w] = '\0';
	return w ? 0 : -EINVAL;
}

static int push_entry(struct isc_snapshot *s, size_t *cap, char *path, char *data, size_t len,
		      size_t stored, int type)
{
	if (s->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 1024;
		struct entry *v = realloc(s->v, ncap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		s->v = v;
		*cap = ncap;
	}
	s->v[s->n] = (struct entry){path, data, len, stored, s->n, type};
	s->n++;
	return 0;
}

/* Read one file member, keeping it without its trailing zeros. */
static int read_member(struct archive *a, size_t len, char **ret, size_t *ret_stored)
{
	char *data = malloc(len ? len : 1);
	size_t got = 0;

	if (!data)
		return -ENOMEM;
	while (got < len) {
		la_ssize_t n = archive_read_data(a, data + got, len - got);

		if (n < 0) {
			free(data);
			return -EIO;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	while (got && data[got - 1] == 0)
		got--;
	if (got < len) {
		char *p = realloc(data, got ? got : 1);

		if (p)
			data = p;
	}
	*ret = data;
	*ret_stored = got;
	return 0;
}

/* If every member sits under one top directory that is not a host root, drop it. */
static void strip_top(struct isc_snapshot *s)
{
	static const char *const host_roots[] = {"sys", "proc", "etc", "boot", "cmd", "dev", "usr",
						 "run", NULL};
	const char *first;
	size_t tlen;

	if (!s->n)
		return;
	first = s->v[0].path;
	tlen = strcspn(first, "/");
	for (const char *const *r = host_roots; *r; r++)
		if (strlen(*r) == tlen && !strncmp(first, *r, tlen))
			return;
	for (size_t i = 0; i < s->n; i++)
		if (strncmp(s->v[i].path, first, tlen) ||
		    (s->v[i].path[tlen] != '/' && s->v[i].path[tlen] != '\0'))
			return;
	for (size_t i = 0; i < s->n; i++) {
		char *p = s->v[i].path;

		memmove(p, p + (p[tlen] ? tlen + 1 : tlen), strlen(p + tlen) + (p[tlen] ? 0 : 1));
	}
}

static int load_archive(struct isc_snapshot *s, struct archive *a, struct isc_error *err)
{
	struct archive_entry *ae;
	size_t cap = 0, total = 0, w = 0;
	int r;

	for (;;) {
		char clean[ISC_PATH_MAX];
		const char *name;
		char *path, *data = NULL;
		size_t stored = 0;
		la_int64_t size;
		int type;

		r = archive_read_next_header(a, &ae);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN) {
			isc_error_set(err, "%s: not a readable archive: %s", s->name,
				      archive_error_string(a) ? archive_error_string(a) : "read error");
			return -EINVAL;
		}
		if (s->n >= ISC_SNAPSHOT_MAX_ENTRIES) {
			isc_error_set(err, "%s: more than %u archive entries (the limit)", s->name,
				      ISC_SNAPSHOT_MAX_ENTRIES);
			return -E2BIG;
		}
		name = archive_entry_pathname(ae);
		if (!name || clean_name(name, clean, sizeof(clean)) < 0) {
			isc_diags_add(&s->diags, s->name, 0, "entry '%s' skipped: unsafe or empty name",
				      name ? name : "(unreadable)");
			continue;
		}
		if (archive_entry_hardlink(ae)) {
			isc_diags_add(&s->diags, s->name, 0, "entry '%s' skipped: hard link", clean);
			continue;
		}
		switch (archive_entry_filetype(ae)) {
		case AE_IFREG:
			type = T_FILE;
			size = archive_entry_size(ae);
			if (size < 0 || (uint64_t)size > ISC_SNAPSHOT_MAX_ENTRY_BYTES) {
				isc_error_set(err, "%s: entry '%s' is %lld bytes, over the %u-byte limit",
					      s->name, clean, (long long)size,
					      ISC_SNAPSHOT_MAX_ENTRY_BYTES);
				return -EFBIG;
			}
			total += (size_t)size;
			if (total > ISC_SNAPSHOT_MAX_TOTAL_BYTES) {
				isc_error_set(err, "%s: more than %u bytes uncompressed (the limit); "
					      "stopped at entry '%s'", s->name,
					      ISC_SNAPSHOT_MAX_TOTAL_BYTES, clean);
				return -EFBIG;
			}
			r = read_member(a, (size_t)size, &data, &stored);
			if (r == -EIO) {
				isc_error_set(err, "%s: archive damaged at entry '%s': %s", s->name,
					      clean, archive_error_string(a) ? archive_error_string(a)
									 : "read error");
				return -EINVAL;
			}
			if (r < 0)
				return r;
			break;
		case AE_IFLNK:
			type = T_LINK;
			size = 0;
			data = strdup(archive_entry_symlink(ae) ? archive_entry_symlink(ae) : "");
			if (!data)
				return -ENOMEM;
			break;
		case AE_IFDIR:
			type = T_DIR;
			size = 0;
			break;
		default:
			isc_diags_add(&s->diags, s->name, 0,
				      "entry '%s' skipped: not a file, link or directory", clean);
			continue;
		}
		path = strdup(clean);
		if (!path || push_entry(s, &cap, path, data, (size_t)size, stored, type) < 0) {
			free(path);
			free(data);
			return -ENOMEM;
		}
	}

	strip_top(s);
	qsort(s->v, s->n, sizeof(*s->v), cmp_entry);
	/* Duplicates: the later member wins, as when tar extracts. */
	for (size_t i = 0; i < s->n; i++) {
		if (i + 1 < s->n && !strcmp(s->v[i].path, s->v[i + 1].path)) {
			if (s->v[i].type != T_DIR || s->v[i + 1].type != T_DIR)
				isc_diags_add(&s->diags, s->name, 0,
					      "entry '%s' appears more than once; the last is used",
					      s->v[i].path);
			free(s->v[i].path);
			free(s->v[i].data);
			continue;
		}
		s->v[w++] = s->v[i];
	}
	s->n = w;
	return 0;
}

static struct archive *new_reader(void)
{
	struct archive *a = archive_read_new();

	if (!a)
		return NULL;
	archive_read_support_filter_all(a);
	archive_read_support_format_tar(a);
	return a;
}

static int make_paste(struct isc_snapshot *s, const char *data, size_t len)
{
	size_t cap = 0;
	char *path = strdup("paste.txt"), *copy = malloc(len + 1);

	if (!path || !copy || push_entry(s, &cap, path, copy, len, len, T_FILE) < 0) {
		free(path);
		free(copy);
		return -ENOMEM;
	}
	memcpy(copy, data, len);
	copy[len] = '\0';
	s->kind = ISC_SNAPSHOT_PASTE;
	return 0;
}

/* Text (a paste) has no NUL bytes and no compression magic in its first bytes. */
static int looks_like_text(const unsigned char *p, size_t n)
{
	static const unsigned char gz[] = {0x1f, 0x8b}, xz[] = {0xfd, '7', 'z', 'X', 'Z'},
				   zst[] = {0x28, 0xb5, 0x2f, 0xfd}, bz[] = {'B', 'Z', 'h'};

	if ((n >= 2 && !memcmp(p, gz, 2)) || (n >= 5 && !memcmp(p, xz, 5)) ||
	    (n >= 4 && !memcmp(p, zst, 4)) || (n >= 3 && !memcmp(p, bz, 3)))
		return 0;
	return memchr(p, 0, n) == NULL;
}

static struct isc_snapshot *new_snapshot(const char *name)
{
	struct isc_snapshot *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->fs.rootfd = -1;
	s->name = strdup(name);
	if (!s->name) {
		free(s);
		return NULL;
	}
	return s;
}

int isc_snapshot_open_memory(const void *data, size_t len, const char *name,
			     struct isc_snapshot **ret, struct isc_error *err)
{
	struct isc_snapshot *s = new_snapshot(name);
	struct archive *a = NULL;
	int r;

	if (!s)
		return -ENOMEM;
	if (len == 0) {
		isc_error_set(err, "%s: empty file", name);
		r = -EINVAL;
		goto fail;
	}
	if (looks_like_text(data, len < 4096 ? len : 4096)) {
		r = make_paste(s, data, len);
		if (r < 0)
			goto fail;
		*ret = s;
		return 0;
	}
	s->kind = ISC_SNAPSHOT_ARCHIVE;
	a = new_reader();
	if (!a || archive_read_open_memory(a, data, len) != ARCHIVE_OK) {
		isc_error_set(err, "%s: not an archive: %s", name,
			      a && archive_error_string(a) ? archive_error_string(a) : "no memory");
		r = a ? -EINVAL : -ENOMEM;
		goto fail;
	}
	r = load_archive(s, a, err);
	if (r < 0)
		goto fail;
	archive_read_free(a);
	*ret = s;
	return 0;
fail:
	if (r == -ENOMEM)
		isc_error_set(err, "%s: out of memory", name);
	archive_read_free(a);
	isc_snapshot_free(s);
	return r;
}

int isc_snapshot_open(const char *path, struct isc_snapshot **ret, struct isc_error *err)
{
	unsigned char head[4096];
	struct isc_snapshot *s;
	struct archive *a = NULL;
	struct stat st;
	ssize_t n;
	int fd, r;

	if (stat(path, &st) < 0) {
		isc_error_set(err, "%s: %s", path, strerror(errno));
		return -errno;
	}
	s = new_snapshot(path);
	if (!s)
		return -ENOMEM;
	if (S_ISDIR(st.st_mode)) {
		s->kind = ISC_SNAPSHOT_DIR;
		r = hostfs_open(&s->fs, path);
		if (r < 0) {
			isc_error_set(err, "%s: %s", path, strerror(-r));
			goto fail;
		}
		*ret = s;
		return 0;
	}
	if (!S_ISREG(st.st_mode)) {
		isc_error_set(err, "%s: not a file or directory", path);
		r = -EINVAL;
		goto fail;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		r = -errno;
		isc_error_set(err, "%s: %s", path, strerror(errno));
		goto fail;
	}
	n = read(fd, head, sizeof(head));
	if (n <= 0) {
		close(fd);
		isc_error_set(err, n == 0 ? "%s: empty file" : "%s: cannot read", path);
		r = -EINVAL;
		goto fail;
	}
	if (looks_like_text(head, (size_t)n)) {
		/* A paste: read it whole, within the entry limit. */
		struct isc_buf b;

		close(fd);
		isc_buf_init(&b, ISC_SNAPSHOT_MAX_ENTRY_BYTES);
		r = hostfs_read_path(path, ISC_SNAPSHOT_MAX_ENTRY_BYTES, &b);
		if (r != 0) {
			isc_buf_free(&b);
			isc_error_set(err, r == 1 ? "%s: text larger than the %u-byte limit"
						  : "%s: cannot read",
				      path, ISC_SNAPSHOT_MAX_ENTRY_BYTES);
			r = r == 1 ? -EFBIG : r;
			goto fail;
		}
		r = make_paste(s, b.data ? b.data : "", b.len);
		isc_buf_free(&b);
		if (r < 0)
			goto fail;
		*ret = s;
		return 0;
	}
	close(fd);
	s->kind = ISC_SNAPSHOT_ARCHIVE;
	a = new_reader();
	if (!a) {
		r = -ENOMEM;
		goto fail;
	}
	if (archive_read_open_filename(a, path, 65536) != ARCHIVE_OK) {
		isc_error_set(err, "%s: not an archive: %s", path,
			      archive_error_string(a) ? archive_error_string(a) : "unknown format");
		r = -EINVAL;
		goto fail;
	}
	r = load_archive(s, a, err);
	if (r < 0)
		goto fail;
	archive_read_free(a);
	*ret = s;
	return 0;
fail:
	if (r == -ENOMEM)
		isc_error_set(err, "%s: out of memory", path);
	archive_read_free(a);
	isc_snapshot_free(s);
	return r;
}

/* ---- the interface --------------------------------------------------------------------- */

static int raw_readlink(struct isc_snapshot *s, const char *path, char *buf, size_t bufsz)
{
	const struct entry *e;

	if (s->kind == ISC_SNAPSHOT_DIR)
		return hostfs_readlink(&s->fs, path, buf, bufsz);
	e = find(s, path);
	if (!e)
		return has_children(s, path) ? -EINVAL : -ENOENT;
	if (e->type != T_LINK)
		return -EINVAL;
	if (strlen(e->data) >= bufsz)
		return -ENAMETOOLONG;
	strcpy(buf, e->data);
	return 0;
}

static int resolve_cb(void *ctx, const char *path, char *buf, size_t bufsz)
{
	int r = raw_readlink(ctx, path, buf, bufsz);

	if (r == -EINVAL || r == -ENOENT || r == -ENOTDIR)
		return 0;
	return r < 0 ? r : 1;
}

int isc_snapshot_resolve(struct isc_snapshot *s, const char *path, char *out, size_t outsz)
{
	return isc_path_resolve(path, ISC_RESOLVE_FOLLOW_LAST, resolve_cb, s, out, outsz);
}

int isc_snapshot_readlink(struct isc_snapshot *s, const char *path, char *buf, size_t bufsz)
{
	char dir[ISC_PATH_MAX], rdir[ISC_PATH_MAX], full[ISC_PATH_MAX];
	const char *base = strrchr(path, '/');
	int r;

	/* Resolve the parent, not the link itself. */
	isc_path_dirname(path, dir, sizeof(dir));
	r = isc_snapshot_resolve(s, dir, rdir, sizeof(rdir));
	if (r < 0)
		return r;
	if (snprintf(full, sizeof(full), "%s%s%s", rdir, *rdir ? "/" : "", base ? base + 1 : path) >=
	    (int)sizeof(full))
		return -ENAMETOOLONG;
	return raw_readlink(s, full, buf, bufsz);
}

int isc_snapshot_read(struct isc_snapshot *s, const char *path, size_t max, char **ret_data,
		      size_t *ret_len)
{
	char rpath[ISC_PATH_MAX];
	const struct entry *e;
	char *data;
	int r = isc_snapshot_resolve(s, path, rpath, sizeof(rpath));

	if (r < 0)
		return r;
	if (s->kind == ISC_SNAPSHOT_DIR) {
		struct isc_buf b;

		isc_buf_init(&b, 0);
		r = hostfs_read(&s->fs, rpath, max, 0, &b);
		if (r != 0) {
			isc_buf_free(&b);
			return r == 1 ? -EFBIG : r;
		}
		*ret_data = isc_buf_steal(&b, ret_len);
		return *ret_data ? 0 : -ENOMEM;
	}
	e = find(s, rpath);
	if (!e)
		return has_children(s, rpath) ? -EISDIR : -ENOENT;
	if (e->type == T_DIR)
		return -EISDIR;
	if (e->type != T_FILE)
		return -ENOENT; /* a dangling link */
	if (e->len > max)
		return -EFBIG;
	data = malloc(e->len + 1);
	if (!data)
		return -ENOMEM;
	memcpy(data, e->data, e->stored);
	memset(data + e->stored, 0, e->len + 1 - e->stored);
	*ret_data = data;
	*ret_len = e->len;
	return 0;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void isc_snapshot_names_free(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

int isc_snapshot_list(struct isc_snapshot *s, const char *path, char ***ret_names, size_t *ret_n)
{
	char rpath[ISC_PATH_MAX], key[ISC_PATH_MAX + 1];
	char **names = NULL;
	size_t n = 0, cap = 0, klen;
	int r = isc_snapshot_resolve(s, path, rpath, sizeof(rpath));

	if (r < 0)
		return r;
	if (s->kind == ISC_SNAPSHOT_DIR) {
		struct hostfs_dir d;

		r = hostfs_list(&s->fs, rpath, ISC_SNAPSHOT_MAX_ENTRIES, &d);
		if (r < 0)
			return r;
		free(d.types);
		*ret_names = d.names;
		*ret_n = d.n;
		return 0;
	}
	klen = (size_t)snprintf(key, sizeof(key), "%s%s", rpath, *rpath ? "/" : "");
	if (klen && !find(s, rpath) && !has_children(s, rpath))
		return -ENOENT;
	for (size_t i = lower_bound(s, key); i < s->n && !strncmp(s->v[i].path, key, klen); i++) {
		const char *rest = s->v[i].path + klen;
		size_t len = strcspn(rest, "/");

		/* A deeper path names its top child (directories may be implicit). */
		if (n && strlen(names[n - 1]) == len && !strncmp(names[n - 1], rest, len))
			continue;
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
	/* "b", "b-c", "b/x" sort in that order: "b" can come twice. */
	if (n > 1) {
		size_t w = 1;

		qsort(names, n, sizeof(*names), cmp_name);
		for (size_t i = 1; i < n; i++) {
			if (!strcmp(names[i], names[w - 1]))
				free(names[i]);
			else
				names[w++] = names[i];
		}
		n = w;
	}
	*ret_names = names;
	*ret_n = n;
	return 0;
oom:
	isc_snapshot_names_free(names, n);
	return -ENOMEM;
}
