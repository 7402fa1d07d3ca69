/* SPDX-License-Identifier: MIT */
#include "atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * Whether @path may be replaced: 1 a regular file (*ret_st its status), 0 a
 * new name, -EINVAL anything else (a->refused says what), or -errno.
 */
static int refuse(struct isc_atomic *a, const char *path, struct stat *ret_st)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -errno;
	a->refused = S_ISREG(st.st_mode)    ? NULL
		     : S_ISDIR(st.st_mode)  ? "a directory"
		     : S_ISFIFO(st.st_mode) ? "a FIFO"
		     : S_ISCHR(st.st_mode)  ? "a character device"
		     : S_ISBLK(st.st_mode)  ? "a block device"
		     : S_ISLNK(st.st_mode)  ? "a symbolic link"
		     : S_ISSOCK(st.st_mode) ? "a socket"
					    : "not a regular file";
	if (a->refused)
		return -EINVAL;
	if (ret_st)
		*ret_st = st;
	return 1;
}

int isc_atomic_begin(struct isc_atomic *a, const char *path)
{
	const char *slash = strrchr(path, '/');
	struct stat st;
	mode_t mask, mode;
	int fd, n, exists;

	memset(a, 0, sizeof(*a));
	exists = refuse(a, path, &st);
	if (exists < 0)
		return exists;
	if (slash)
		n = snprintf(a->tmp, sizeof(a->tmp), "%.*s/.%s.XXXXXX", (int)(slash - path), path,
			     slash + 1);
	else
		n = snprintf(a->tmp, sizeof(a->tmp), ".%s.XXXXXX", path);
	if (n < 0 || (size_t)n >= sizeof(a->tmp))
		return -ENAMETOOLONG;
	fd = mkostemp(a->tmp, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/*
	 * mkostemp makes 0600. A new name gets the mode any new file would get;
	 * a file we replace keeps its owner and mode. Where its owner cannot be
	 * kept (we are not root), its group's bits are dropped unless the group
	 * is ours too: the mode never reaches more people than before.
	 */
	mask = umask(0);
	umask(mask);
	mode = 0666 & ~mask;
	if (exists) {
		mode = st.st_mode & 0777;
		if (fchown(fd, st.st_uid, st.st_gid) < 0 && st.st_gid != getegid())
			mode &= ~(mode_t)070;
	}
	fchmod(fd, mode);
	a->f = fdopen(fd, "w");
	if (!a->f) {
		int r = -errno;

		close(fd);
		unlink(a->tmp);
		return r;
	}
	a->path = path;
	return 0;
}

void isc_atomic_abort(struct isc_atomic *a)
{
	if (!a->f)
		return;
	fclose(a->f);
	unlink(a->tmp);
	a->f = NULL;
}

int isc_atomic_commit(struct isc_atomic *a)
{
	int r = 0, n;

	if (fflush(a->f) != 0 || ferror(a->f) || fsync(fileno(a->f)) < 0)
		r = errno ? -errno : -EIO;
	if (fclose(a->f) != 0 && r == 0)
		r = -errno;
	a->f = NULL;
	if (r == 0 && (n = refuse(a, a->path, NULL)) < 0)
		r = n; /* something took the name meanwhile: leave it be */
	if (r == 0 && rename(a->tmp, a->path) < 0)
		r = -errno;
	if (r < 0)
		unlink(a->tmp);
	return r;
}
