/* SPDX-License-Identifier: MIT */
#include "hostfs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "pathres.h"

int hostfs_open(struct hostfs *fs, const char *root)
{
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	memset(fs, 0, sizeof(*fs));
	fs->rootfd = fd;
	fs->dirfd = -1;
	return 0;
}

static void notlink_clear(struct hostfs *fs)
{
	for (size_t i = 0; i < fs->notlink_cap; i++)
		free(fs->notlink[i]);
	free(fs->notlink);
	fs->notlink = NULL;
	fs->notlink_n = fs->notlink_cap = 0;
}

void hostfs_close(struct hostfs *fs)
{
	if (fs->rootfd >= 0)
		close(fs->rootfd);
	fs->rootfd = -1;
	if (fs->dirfd >= 0)
		close(fs->dirfd);
	fs->dirfd = -1;
	free(fs->dirpath);
	fs->dirpath = NULL;
	notlink_clear(fs);
}

/* An open-addressing set of strings, FNV-1a hashed, never more than half full. */
#define NOTLINK_MAX 65536

static size_t hash_str(const char *s)
{
	size_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

static int notlink_has(const struct hostfs *fs, const char *path)
{
	if (!fs->notlink_cap)
		return 0;
	for (size_t i = hash_str(path) & (fs->notlink_cap - 1);; i = (i + 1) & (fs->notlink_cap - 1)) {
		if (!fs->notlink[i])
			return 0;
		if (!strcmp(fs->notlink[i], path))
			return 1;
	}
}

static void notlink_add(struct hostfs *fs, const char *path)
{
	char *copy;

	if (fs->notlink_n * 2 >= fs->notlink_cap) {
		size_t ncap = fs->notlink_cap ? fs->notlink_cap * 2 : 256;
		char **old = fs->notlink;
		size_t ocap = fs->notlink_cap;

		if (ncap > NOTLINK_MAX) { /* bounded: start over */
			notlink_clear(fs);
			ncap = 256;
			old = NULL;
			ocap = 0;
		}
		fs->notlink = calloc(ncap, sizeof(*fs->notlink));
		if (!fs->notlink) { /* a cache: failing to grow it only costs time */
			fs->notlink = old;
			return;
		}
		fs->notlink_cap = ncap;
		fs->notlink_n = 0;
		for (size_t i = 0; i < ocap; i++)
			if (old[i]) {
				size_t j = hash_str(old[i]) & (ncap - 1);

				while (fs->notlink[j])
					j = (j + 1) & (ncap - 1);
				fs->notlink[j] = old[i];
				fs->notlink_n++;
			}
		free(old);
	}
	copy = strdup(path);
	if (!copy)
		return;
	for (size_t i = hash_str(path) & (fs->notlink_cap - 1);; i = (i + 1) & (fs->notlink_cap - 1))
		if (!fs->notlink[i]) {
			fs->notlink[i] = copy;
			fs->notlink_n++;
			return;
		}
}

static const char *rel(const char *path)
{
	return *path ? path : ".";
}

static int readlink_cb(void *ctx, const char *path, char *buf, size_t bufsz);

/*
 * Without openat2: resolve @dir with our resolver, then open it one
 * component at a time, never following a link. The resolver's answers come
 * from readlinkat() on paths it has already resolved; if the tree changes
 * between the two walks, a component that became a link fails the second
 * walk (ENOTDIR) instead of being followed.
 */
static int open_dir_walk(struct hostfs *fs, const char *dir)
{
	char rpath[ISC_PATH_MAX];
	char *p, *save = NULL;
	int fd, r;

	r = isc_path_resolve(dir, ISC_RESOLVE_FOLLOW_LAST, readlink_cb, fs, rpath, sizeof(rpath));
	if (r < 0)
		return r;
	fd = openat(fs->rootfd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	for (p = strtok_r(rpath, "/", &save); p; p = strtok_r(NULL, "/", &save)) {
		int next = openat(fd, p, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

		r = -errno;
		close(fd);
		if (next < 0)
			return r == -ELOOP ? -ENOTDIR : r;
		fd = next;
	}
	return fd;
}

/* Open directory @dir (root-relative) as O_PATH, confined to the root. */
static int open_dir_in_root(struct hostfs *fs, const char *dir)
{
	if (!fs->no_openat2) {
		struct open_how how = {
			.flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
			.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
		};
		long fd;

		do
			fd = syscall(SYS_openat2, fs->rootfd, dir, &how, sizeof(how));
		while (fd < 0 && errno == EAGAIN); /* a rename raced the lookup */
		if (fd >= 0)
			return (int)fd;
		if (errno != ENOSYS && errno != EPERM)
			return -errno;
		fs->no_openat2 = 1; /* older kernel, or a seccomp filter: our walk */
	}
	return open_dir_walk(fs, dir);
}

/*
 * The directory holding @path's last component, opened inside the root,
 * and that component in *ret_name. The descriptor belongs to @fs (the last
 * one is cached): do not close it. The last component is never "." or
 * "..", so it cannot step out of the directory returned.
 */
static int parent_of(struct hostfs *fs, const char *path, const char **ret_name)
{
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;
	size_t dlen = slash ? (size_t)(slash - path) : 0;
	char *dir;
	int fd;

	if (!*name || !strcmp(name, ".") || !strcmp(name, ".."))
		return -EINVAL;
	*ret_name = name;
	if (!dlen)
		return fs->rootfd;
	if (fs->dirpath && strlen(fs->dirpath) == dlen && !memcmp(fs->dirpath, path, dlen))
		return fs->dirfd;
	dir = strndup(path, dlen);
	if (!dir)
		return -ENOMEM;
	fd = open_dir_in_root(fs, dir);
	if (fd < 0) {
		free(dir);
		return fd;
	}
	if (fs->dirfd >= 0)
		close(fs->dirfd);
	free(fs->dirpath);
	fs->dirfd = fd;
	fs->dirpath = dir;
	return fd;
}

int hostfs_readlink(struct hostfs *fs, const char *path, char *buf, size_t bufsz)
{
	const char *name;
	int dfd = parent_of(fs, path, &name);
	ssize_t n;

	if (dfd < 0)
		return dfd == -EINVAL && !*path ? -EINVAL : dfd;
	n = readlinkat(dfd, name, buf, bufsz - 1);
	if (n < 0)
		return -errno;
	if ((size_t)n >= bufsz - 1)
		return -ENAMETOOLONG;
	buf[n] = '\0';
	return 0;
}

/*
 * The resolver's question, asked of a path it has resolved so far (no links
 * in it but possibly the last component): readlinkat from the root. The
 * answer is only a string, resolved again inside the root.
 */
static int readlink_cb(void *ctx, const char *path, char *buf, size_t bufsz)
{
	struct hostfs *fs = ctx;
	ssize_t n;

	if (notlink_has(fs, path))
		return 0;
	n = readlinkat(fs->rootfd, rel(path), buf, bufsz - 1);
	if (n < 0) {
		if (errno == EINVAL)
			notlink_add(fs, path);
		if (errno == ENOENT)
			return ISC_RESOLVE_ABSENT; /* nothing there: let the open say so */
		if (errno == EINVAL || errno == ENOTDIR)
			return 0;
		return -errno;
	}
	if ((size_t)n >= bufsz - 1)
		return -ENAMETOOLONG;
	buf[n] = '\0';
	return 1;
}

int hostfs_resolve(struct hostfs *fs, const char *path, char *out, size_t outsz)
{
	return isc_path_resolve(path, ISC_RESOLVE_FOLLOW_LAST, readlink_cb, fs, out, outsz);
}

enum hostfs_type hostfs_type_of(struct hostfs *fs, const char *path, int64_t *ret_mtime)
{
	const char *name = ".";
	struct stat st;
	int dfd = *path ? parent_of(fs, path, &name) : fs->rootfd;

	if (dfd < 0 || fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return HOSTFS_MISSING;
	if (ret_mtime)
		*ret_mtime = (int64_t)st.st_mtime;
	if (S_ISREG(st.st_mode))
		return HOSTFS_FILE;
	if (S_ISDIR(st.st_mode))
		return HOSTFS_DIR;
	if (S_ISLNK(st.st_mode))
		return HOSTFS_LINK;
	return HOSTFS_OTHER;
}

/* Read @fd until EOF into @out (at most @cap bytes; 1 when there was more). Closes @fd. */
static int read_fd(int fd, size_t cap, int known_regular, struct isc_buf *out)
{
	char chunk[8192];
	struct stat st;
	int r = 0;

	if (!known_regular) {
		if (fstat(fd, &st) < 0) {
			r = -errno;
			goto out;
		}
		if (!S_ISREG(st.st_mode)) {
			r = S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
			goto out;
		}
	}
	for (;;) {
		size_t room = cap - out->len;
		size_t want = room < sizeof(chunk) ? room + 1 : sizeof(chunk);
		ssize_t n = read(fd, chunk, want);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			r = -errno;
			goto out;
		}
		if (n == 0)
			break;
		if ((size_t)n > room) {
			r = isc_buf_append(out, chunk, room);
			if (r == 0)
				r = 1;
			goto out;
		}
		r = isc_buf_append(out, chunk, (size_t)n);
		if (r < 0)
			goto out;
		/* A short read of a regular file is its end (POSIX), sysfs included:
		 * this saves the second read() that would only return 0. */
		if ((size_t)n < want)
			break;
	}
out:
	close(fd);
	return r;
}

int hostfs_read(struct hostfs *fs, const char *path, size_t cap, int known_regular,
		struct isc_buf *out)
{
	const char *name;
	int dfd = parent_of(fs, path, &name), fd;

	if (dfd < 0)
		return dfd == -EINVAL ? -EISDIR : dfd;
	/* O_NONBLOCK: a FIFO swapped in behind our back must not hang us. */
	fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return errno == ELOOP ? -EINVAL : -errno;
	return read_fd(fd, cap, known_regular, out);
}

int hostfs_read_path(const char *path, size_t cap, struct isc_buf *out)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	return read_fd(fd, cap, 0, out);
}

static enum hostfs_type dtype(unsigned char t)
{
	switch (t) {
	case DT_REG:
		return HOSTFS_FILE;
	case DT_DIR:
		return HOSTFS_DIR;
	case DT_LNK:
		return HOSTFS_LINK;
	case DT_UNKNOWN:
		return HOSTFS_MISSING; /* ask with fstatat below */
	default:
		return HOSTFS_OTHER;
	}
}

struct named {
	char *name;
	enum hostfs_type type;
};

static int cmp_named(const void *a, const void *b)
{
	return strcmp(((const struct named *)a)->name, ((const struct named *)b)->name);
}

void hostfs_dir_free(struct hostfs_dir *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->names[i]);
	free(d->names);
	free(d->types);
	memset(d, 0, sizeof(*d));
}

int hostfs_list(struct hostfs *fs, const char *path, size_t max, struct hostfs_dir *ret)
{
	struct named *v = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	DIR *d;
	int fd, r = 0;

	if (*path) {
		const char *name;
		int dfd = parent_of(fs, path, &name);

		if (dfd < 0)
			return dfd;
		fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	} else {
		fd = openat(fs->rootfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	}
	if (fd < 0)
		return errno == ELOOP ? -ENOTDIR : -errno;
	d = fdopendir(fd);
	if (!d) {
		r = -errno;
		close(fd);
		return r;
	}
	while ((errno = 0, de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (n == max) {
			r = -E2BIG;
			goto out;
		}
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 32;
			struct named *p = realloc(v, ncap * sizeof(*p));

			if (!p) {
				r = -ENOMEM;
				goto out;
			}
			v = p;
			cap = ncap;
		}
		v[n].type = dtype(de->d_type);
		if (v[n].type == HOSTFS_MISSING) {
			struct stat st;

			v[n].type = HOSTFS_OTHER;
			if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
				v[n].type = S_ISREG(st.st_mode)   ? HOSTFS_FILE
					    : S_ISDIR(st.st_mode) ? HOSTFS_DIR
					    : S_ISLNK(st.st_mode) ? HOSTFS_LINK
								  : HOSTFS_OTHER;
		}
		v[n].name = strdup(de->d_name);
		if (!v[n].name) {
			r = -ENOMEM;
			goto out;
		}
		n++;
	}
	if (errno)
		r = -errno;
out:
	closedir(d);
	if (r == 0) {
		if (n)
			qsort(v, n, sizeof(*v), cmp_named);
		ret->n = n;
		ret->names = calloc(n + 1, sizeof(*ret->names));
		ret->types = calloc(n + 1, sizeof(*ret->types));
		if (!ret->names || !ret->types) {
			free(ret->names);
			free(ret->types);
			r = -ENOMEM;
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (r == 0) {
			ret->names[i] = v[i].name;
			ret->types[i] = v[i].type;
		} else {
			free(v[i].name);
		}
	}
	free(v);
	return r;
}
