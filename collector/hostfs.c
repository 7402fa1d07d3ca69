/* SPDX-License-Identifier: MIT */
#include "hostfs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pathres.h"

int hostfs_open(struct hostfs *fs, const char *root)
{
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	fs->rootfd = fd;
	return 0;
}

void hostfs_close(struct hostfs *fs)
{
	if (fs->rootfd >= 0)
		close(fs->rootfd);
	fs->rootfd = -1;
}

static const char *rel(const char *path)
{
	return *path ? path : ".";
}

int hostfs_readlink(struct hostfs *fs, const char *path, char *buf, size_t bufsz)
{
	ssize_t n = readlinkat(fs->rootfd, rel(path), buf, bufsz - 1);

	if (n < 0)
		return -errno;
	if ((size_t)n >= bufsz - 1)
		return -ENAMETOOLONG;
	buf[n] = '\0';
	return 0;
}

static int readlink_cb(void *ctx, const char *path, char *buf, size_t bufsz)
{
	int r = hostfs_readlink(ctx, path, buf, bufsz);

	if (r == -EINVAL || r == -ENOENT || r == -ENOTDIR)
		return 0; /* not a link, or nothing there: let the open say so */
	return r < 0 ? r : 1;
}

int hostfs_resolve(struct hostfs *fs, const char *path, char *out, size_t outsz)
{
	return isc_path_resolve(path, ISC_RESOLVE_FOLLOW_LAST, readlink_cb, fs, out, outsz);
}

enum hostfs_type hostfs_type_of(struct hostfs *fs, const char *path, int64_t *ret_mtime)
{
	struct stat st;

	if (fstatat(fs->rootfd, rel(path), &st, AT_SYMLINK_NOFOLLOW) < 0)
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

int hostfs_read(struct hostfs *fs, const char *path, size_t cap, struct isc_buf *out)
{
	char chunk[8192];
	struct stat st;
	int fd, r = 0;

	/* O_NONBLOCK: a FIFO swapped in behind our back must not hang us. */
	fd = openat(fs->rootfd, rel(path), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return errno == ELOOP ? -EINVAL : -errno;
	if (fstat(fd, &st) < 0) {
		r = -errno;
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		r = S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
		goto out;
	}
	for (;;) {
		size_t room = cap - out->len;
		ssize_t n = read(fd, chunk, room < sizeof(chunk) ? room + 1 : sizeof(chunk));

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
	}
out:
	close(fd);
	return r;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void hostfs_names_free(char **names)
{
	if (!names)
		return;
	for (char **p = names; *p; p++)
		free(*p);
	free(names);
}

int hostfs_list(struct hostfs *fs, const char *path, size_t max, char ***ret_names)
{
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	DIR *d;
	int fd, r = 0;

	fd = openat(fs->rootfd, rel(path), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
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
		if (n + 1 >= cap) {
			size_t ncap = cap ? cap * 2 : 32;
			char **p = realloc(names, ncap * sizeof(*p));

			if (!p) {
				r = -ENOMEM;
				goto out;
			}
			names = p;
			cap = ncap;
		}
		names[n] = strdup(de->d_name);
		if (!names[n]) {
			r = -ENOMEM;
			goto out;
		}
		names[++n] = NULL;
	}
	if (errno)
		r = -errno;
out:
	closedir(d);
	if (r < 0) {
		hostfs_names_free(names);
		return r;
	}
	if (!names) {
		names = calloc(1, sizeof(*names));
		if (!names)
			return -ENOMEM;
	}
	qsort(names, n, sizeof(*names), cmp_names);
	*ret_names = names;
	return 0;
}
