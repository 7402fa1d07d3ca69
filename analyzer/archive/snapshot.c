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
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hostfs.h"
#include "index.h"
#include "iommuscope/snapshot.h"
#include "pathres.h"
#include "snapshot_private.h"

struct isc_snapshot {
	enum isc_snapshot_kind kind;
	char *name;
	struct index idx; /* archive and paste */
	struct hostfs fs; /* directory */
	struct isc_diags diags;
	/*
	 * The directory resolved last, and what it resolved to: the model reads
	 * a dozen attributes from each device's directory in a row, and walking
	 * its links again for each was most of the cost of a report.
	 */
	char dir_in[ISC_PATH_MAX], dir_out[ISC_PATH_MAX];
	/* The last index lookup: a read asks again for the path its resolution just looked at. */
	char last_path[ISC_PATH_MAX];
	struct index_view last_view;
	int last_r, have_last;
};

void isc_snapshot_free(struct isc_snapshot *s)
{
	if (!s)
		return;
	index_free(&s->idx);
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
			if (w + (w ? 1 : 0) + len + 1 > outsz)
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

/* Read one file member into the index's data, without its trailing zeros. */
static int read_member(struct isc_snapshot *s, struct archive *a, size_t len, uint32_t *ret_off,
		       size_t *ret_stored)
{
	char *data = index_data_reserve(&s->idx, len, ret_off);
	size_t got = 0;

	if (!data)
		return -ENOMEM;
	while (got < len) {
		la_ssize_t n = archive_read_data(a, data + got, len - got);

		if (n < 0)
			return -EIO;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	while (got && data[got - 1] == 0)
		got--;
	*ret_stored = got;
	return 0;
}

/*
 * Count @bytes toward the uncompressed total: 0, or -EFBIG with @err set.
 * File sizes (a sparse file's holes too), names and link targets all count:
 * they are all bytes the archive makes us decompress and parse.
 */
static int count_total(struct isc_snapshot *s, size_t *total, uint64_t bytes, const char *entry,
		       struct isc_error *err)
{
	if (bytes > ISC_SNAPSHOT_MAX_TOTAL_BYTES - *total) {
		isc_error_set(err, "%s: more than %u bytes uncompressed (the limit); "
			      "stopped at entry '%.256s%s'", s->name,
			      ISC_SNAPSHOT_MAX_TOTAL_BYTES, entry, strlen(entry) > 256 ? "..." : "");
		return -EFBIG;
	}
	*total += (size_t)bytes;
	return 0;
}

static int load_archive(struct isc_snapshot *s, struct archive *a, struct isc_error *err)
{
	struct archive_entry *ae;
	size_t total = 0, count = 0;
	int r;

	for (;;) {
		char clean[ISC_PATH_MAX];
		const char *name;
		size_t stored = 0;
		uint32_t off = 0;
		la_int64_t size = 0;
		int type;

		r = archive_read_next_header(a, &ae);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN) {
			isc_error_set(err, "%s: not a readable archive: %s", s->name,
				      archive_error_string(a) ? archive_error_string(a) : "read error");
			return -EINVAL;
		}
		if (++count > ISC_SNAPSHOT_MAX_ENTRIES) {
			isc_error_set(err, "%s: more than %u archive entries (the limit)", s->name,
				      ISC_SNAPSHOT_MAX_ENTRIES);
			return -E2BIG;
		}
		name = archive_entry_pathname(ae);
		if (name && count_total(s, &total, strlen(name), name, err) < 0)
			return -EFBIG;
		r = name ? clean_name(name, clean, sizeof(clean)) : -EINVAL;
		if (r == -ENAMETOOLONG) {
			isc_diags_add(&s->diags, s->name, 0,
				      "entry '%.64s...' skipped: its name is "
				      "longer than the %d-byte limit (%zu bytes)",
				      name, ISC_PATH_MAX - 1, strlen(name));
			continue;
		}
		if (r < 0) {
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
			if (count_total(s, &total, (uint64_t)size, clean, err) < 0)
				return -EFBIG;
			r = read_member(s, a, (size_t)size, &off, &stored);
			if (r == -EIO) {
				isc_error_set(err, "%s: archive damaged at entry '%s': %s", s->name,
					      clean, archive_error_string(a) ? archive_error_string(a)
									 : "read error");
				return -EINVAL;
			}
			if (r < 0)
				return r;
			break;
		case AE_IFLNK: {
			const char *target = archive_entry_symlink(ae) ? archive_entry_symlink(ae) : "";
			char *p;

			type = T_LINK;
			stored = strlen(target) + 1;
			if (count_total(s, &total, stored - 1, clean, err) < 0)
				return -EFBIG;
			if (stored > ISC_PATH_MAX) {
				/*
				 * No snapshot holds one (pathres.c could never follow
				 * it), and each costs libarchive milliseconds to parse:
				 * refused like an entry over its size limit.
				 */
				isc_error_set(err, "%s: entry '%s' links to a %zu-byte target, over "
					      "the %d-byte limit", s->name, clean, stored - 1,
					      ISC_PATH_MAX - 1);
				return -EFBIG;
			}
			p = index_data_reserve(&s->idx, stored, &off);
			if (!p)
				return -ENOMEM;
			memcpy(p, target, stored);
			break;
		}
		case AE_IFDIR:
			type = T_DIR;
			off = (uint32_t)s->idx.data.len;
			break;
		default:
			isc_diags_add(&s->diags, s->name, 0,
				      "entry '%s' skipped: not a file, link or directory", clean);
			continue;
		}
		r = index_add(&s->idx, clean, type, off, stored, (size_t)size,
			      (int64_t)archive_entry_mtime(ae));
		if (r < 0)
			return r;
		if (index_kept_bytes(&s->idx) > ISC_SNAPSHOT_MAX_KEPT_BYTES) {
			isc_error_set(err, "%s: more than %u bytes of data, names and link targets "
				      "to hold in memory (the limit); stopped at entry '%.256s%s'",
				      s->name, ISC_SNAPSHOT_MAX_KEPT_BYTES, clean,
				      strlen(clean) > 256 ? "..." : "");
			return -EFBIG;
		}
	}
	return index_finish(&s->idx, &s->diags, s->name);
}

/*
 * The decompressors libarchive has built in, named one by one. Never
 * archive_read_support_filter_all(): for lzop, lrzip, grzip and others it
 * runs an external program found on PATH, chosen by the input's magic bytes.
 * A filter that answers ARCHIVE_WARN here would do the same (libarchive was
 * built without the library), so the reader is made again without it.
 */
static int (*const filters[])(struct archive *) = {
	archive_read_support_filter_gzip, archive_read_support_filter_xz,
	archive_read_support_filter_zstd, archive_read_support_filter_bzip2,
	archive_read_support_filter_lz4,
};

static struct archive *new_reader(void)
{
	unsigned external = 0;

	for (int attempt = 0; attempt < 2; attempt++) {
		struct archive *a = archive_read_new();

		if (!a)
			return NULL;
		for (size_t i = 0; i < sizeof(filters) / sizeof(filters[0]); i++) {
			if (external & (1u << i))
				continue;
			if (filters[i](a) != ARCHIVE_OK)
				external |= 1u << i;
		}
		archive_read_support_format_tar(a);
		if (!attempt && external) {
			archive_read_free(a);
			continue;
		}
		return a;
	}
	return NULL;
}

static int make_paste(struct isc_snapshot *s, const char *data, size_t len)
{
	uint32_t off;
	char *p = index_data_reserve(&s->idx, len, &off);

	if (!p)
		return -ENOMEM;
	memcpy(p, data, len);
	s->kind = ISC_SNAPSHOT_PASTE;
	if (index_add(&s->idx, "paste.txt", T_FILE, off, len, len, 0) < 0)
		return -ENOMEM;
	return index_finish(&s->idx, &s->diags, s->name);
}

/* A UTF-16 byte order mark: Windows editors and PowerShell's redirection write it. */
static const char *utf16_bom(const unsigned char *p, size_t n)
{
	if (n >= 2 && p[0] == 0xff && p[1] == 0xfe)
		return "UTF-16LE";
	if (n >= 2 && p[0] == 0xfe && p[1] == 0xff)
		return "UTF-16BE";
	return NULL;
}

/* A UTF-16 paste (with its mark), as UTF-8 text: iconv(3) converts it. */
static int make_paste_utf16(struct isc_snapshot *s, const char *data, size_t len,
			    const char *charset, struct isc_error *err)
{
	iconv_t cd = iconv_open("UTF-8", charset);
	size_t cap = (len - 2) / 2 * 3 + 1, left = cap - 1, inleft = len - 2;
	char *out, *copy, *in, *w;
	int r;

	if (cd == (iconv_t)-1) {
		isc_error_set(err, "%s: %s text, and this system cannot convert it", s->name,
			      charset);
		return -EINVAL;
	}
	in = copy = malloc(inleft + 1);
	out = w = malloc(cap);
	if (!out || !copy) {
		free(out);
		free(copy);
		iconv_close(cd);
		return -ENOMEM;
	}
	memcpy(copy, data + 2, inleft); /* iconv(3) takes a char **, not const */
	if (iconv(cd, &in, &inleft, &w, &left) == (size_t)-1) {
		isc_error_set(err, "%s: %s text with an invalid character at byte %zu",
			      s->name, charset, len - inleft);
		r = -EINVAL;
	} else {
		r = make_paste(s, out, (size_t)(w - out));
	}
	free(out);
	free(copy);
	iconv_close(cd);
	return r;
}

/* Text (a paste) has no NUL bytes and no compression magic in its first bytes. */
static int looks_like_text(const unsigned char *p, size_t n)
{
	static const unsigned char gz[] = {0x1f, 0x8b}, xz[] = {0xfd, '7', 'z', 'X', 'Z'},
				   zst[] = {0x28, 0xb5, 0x2f, 0xfd}, bz[] = {'B', 'Z', 'h'},
				   lz4[] = {0x04, 0x22, 0x4d, 0x18};

	if ((n >= 2 && !memcmp(p, gz, 2)) || (n >= 5 && !memcmp(p, xz, 5)) ||
	    (n >= 4 && !memcmp(p, zst, 4)) || (n >= 3 && !memcmp(p, bz, 3)) ||
	    (n >= 4 && !memcmp(p, lz4, 4)))
		return 0;
	return memchr(p, 0, n) == NULL;
}

static struct isc_snapshot *new_snapshot(const char *name)
{
	struct isc_snapshot *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->fs.rootfd = -1;
	index_init(&s->idx);
	s->name = strdup(name);
	if (!s->name) {
		free(s);
		return NULL;
	}
	return s;
}

/* The end of every open: hand over the snapshot, or free it and say why. */
static int finish_open(struct isc_snapshot *s, struct archive *a, int r,
		       struct isc_snapshot **ret, struct isc_error *err)
{
	archive_read_free(a);
	if (r == 0) {
		*ret = s;
		return 0;
	}
	if (r == -ENOMEM)
		isc_error_set(err, "%s: out of memory", s->name);
	isc_snapshot_free(s);
	return r;
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
	if (utf16_bom(data, len) || looks_like_text(data, len < 4096 ? len : 4096)) {
		r = utf16_bom(data, len) ? make_paste_utf16(s, data, len, utf16_bom(data, len), err)
					 : make_paste(s, data, len);
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
	return finish_open(s, a, load_archive(s, a, err), ret, err);
fail:
	return finish_open(s, a, r, ret, err);
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
		int e = errno;

		isc_error_set(err, "%s: %s", path, strerror(e));
		return -e;
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
	if (utf16_bom(head, (size_t)n) || looks_like_text(head, (size_t)n)) {
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
		if (utf16_bom(head, (size_t)n))
			r = make_paste_utf16(s, b.data, b.len, utf16_bom(head, (size_t)n), err);
		else
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
	return finish_open(s, a, load_archive(s, a, err), ret, err);
fail:
	return finish_open(s, a, r, ret, err);
}

/* ---- the interface --------------------------------------------------------------------- */

/* index_lookup(), remembering the last answer. */
static int lookup(struct isc_snapshot *s, const char *path, struct index_view *e)
{
	size_t len = strlen(path);
	int r;

	if (s->have_last && !strcmp(s->last_path, path)) {
		*e = s->last_view;
		return s->last_r;
	}
	r = index_lookup(&s->idx, path, e);
	s->have_last = len < sizeof(s->last_path);
	if (s->have_last) {
		memcpy(s->last_path, path, len + 1);
		s->last_r = r;
		if (r == 0)
			s->last_view = *e;
	}
	return r;
}

static int raw_readlink(struct isc_snapshot *s, const char *path, char *buf, size_t bufsz)
{
	struct index_view e;
	int r;

	if (s->kind == ISC_SNAPSHOT_DIR)
		return hostfs_readlink(&s->fs, path, buf, bufsz);
	r = lookup(s, path, &e);
	if (r < 0)
		return r == -EISDIR ? -EINVAL : -ENOENT;
	if (e.type != T_LINK)
		return -EINVAL;
	if (e.stored > bufsz) /* stored counts the NUL */
		return -ENAMETOOLONG;
	memcpy(buf, e.data, e.stored);
	return 0;
}

static int resolve_cb(void *ctx, const char *path, char *buf, size_t bufsz)
{
	int r = raw_readlink(ctx, path, buf, bufsz);

	if (r == -ENOENT)
		return ISC_RESOLVE_ABSENT;
	if (r == -EINVAL || r == -ENOTDIR)
		return 0;
	return r < 0 ? r : 1;
}

/*
 * Resolve @path as isc_path_resolve() does, with its directory from the
 * one-entry cache when it is the one resolved last: then only the last
 * component is looked at, and a link there takes the long way.
 */
int isc_snapshot_resolve(struct isc_snapshot *s, const char *path, char *out, size_t outsz)
{
	const char *base = strrchr(path, '/');
	size_t dlen = base ? (size_t)(base - path) : 0, olen, blen;
	char full[ISC_PATH_MAX], target[ISC_PATH_MAX];
	int r;

	if (!dlen || dlen >= sizeof(s->dir_in) || !strcmp(++base, "") || !strcmp(base, ".") ||
	    !strcmp(base, ".."))
		return isc_path_resolve(path, ISC_RESOLVE_FOLLOW_LAST, resolve_cb, s, out, outsz);
	if (strncmp(s->dir_in, path, dlen) || s->dir_in[dlen]) {
		char dir[ISC_PATH_MAX];

		memcpy(dir, path, dlen);
		dir[dlen] = '\0';
		s->dir_in[0] = '\0';
		r = isc_path_resolve(dir, ISC_RESOLVE_FOLLOW_LAST, resolve_cb, s, s->dir_out,
				     sizeof(s->dir_out));
		if (r < 0)
			return r;
		memcpy(s->dir_in, dir, dlen + 1);
	}
	olen = strlen(s->dir_out);
	blen = strlen(base);
	if (olen + 1 + blen + 1 > sizeof(full) || olen + 1 + blen + 1 > outsz)
		return isc_path_resolve(path, ISC_RESOLVE_FOLLOW_LAST, resolve_cb, s, out, outsz);
	memcpy(full, s->dir_out, olen);
	if (olen)
		full[olen++] = '/';
	memcpy(full + olen, base, blen + 1);
	r = resolve_cb(s, full, target, sizeof(target));
	if (r == 1)
		return isc_path_resolve(path, ISC_RESOLVE_FOLLOW_LAST, resolve_cb, s, out, outsz);
	if (r < 0)
		return r;
	memcpy(out, full, olen + blen + 1);
	return 0;
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
	struct index_view e;
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
			if (r == 1)
				isc_diags_add(&s->diags, path, 0, "larger than the %zu-byte limit for "
					      "this file: ignored", max);
			return r == 1 ? -EFBIG : r;
		}
		*ret_data = isc_buf_steal(&b, ret_len);
		return *ret_data ? 0 : -ENOMEM;
	}
	r = lookup(s, rpath, &e);
	if (r < 0)
		return r;
	if (e.type == T_DIR)
		return -EISDIR;
	if (e.type != T_FILE)
		return -ENOENT; /* a dangling link */
	if (e.len > max) {
		/* Every reader's limit has its message here, naming file, limit and size. */
		isc_diags_add(&s->diags, path, 0, "%zu bytes, over the %zu-byte limit for this "
			      "file: ignored", e.len, max);
		return -EFBIG;
	}
	data = malloc(e.len + 1);
	if (!data)
		return -ENOMEM;
	memcpy(data, e.data, e.stored);
	memset(data + e.stored, 0, e.len + 1 - e.stored);
	*ret_data = data;
	*ret_len = e.len;
	return 0;
}

void isc_snapshot_names_free(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

int isc_snapshot_list(struct isc_snapshot *s, const char *path, char ***ret_names, size_t *ret_n)
{
	char rpath[ISC_PATH_MAX];
	struct index_view e;
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
	if (*rpath && lookup(s, rpath, &e) == -ENOENT)
		return -ENOENT;
	return index_children(&s->idx, rpath, ret_names, ret_n);
}

int isc_snapshot_mtime(struct isc_snapshot *s, const char *path, int64_t *ret_mtime)
{
	char rpath[ISC_PATH_MAX];
	struct index_view e;
	int r = isc_snapshot_resolve(s, path, rpath, sizeof(rpath));

	if (r < 0)
		return r;
	if (s->kind == ISC_SNAPSHOT_DIR)
		return hostfs_type_of(&s->fs, rpath, ret_mtime) == HOSTFS_MISSING ? -ENOENT : 0;
	if (lookup(s, rpath, &e) < 0)
		return -ENOENT;
	*ret_mtime = e.mtime;
	return 0;
}
