/* SPDX-License-Identifier: MIT */
#include "atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int isc_atomic_begin(struct isc_atomic *a, const char *path)
{
	const char *slash = strrchr(path, '/');
	mode_t mask;
	int fd, n;

	memset(a, 0, sizeof(*a));
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
	/* mkostemp makes 0600; give the file the mode any new file would get. */
	mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
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
	int r = 0;

	if (fflush(a->f) != 0 || ferror(a->f) || fsync(fileno(a->f)) < 0)
		r = errno ? -errno : -EIO;
	if (fclose(a->f) != 0 && r == 0)
		r = -errno;
	a->f = NULL;
	if (r == 0 && rename(a->tmp, a->path) < 0)
		r = -errno;
	if (r < 0)
		unlink(a->tmp);
	return r;
}
