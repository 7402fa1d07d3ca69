/* SPDX-License-Identifier: MIT */
/*
 * Root-confined path resolution. The resolver keeps two strings: the part
 * already resolved (a clean path of real components) and the part still to
 * walk. A link found in the middle is replaced by its target followed by the
 * rest of the walk; an absolute target empties the resolved part. Nothing
 * here touches a file system: the caller's callback answers every question,
 * so the same code serves live hosts, directories and archives.
 */
#include "pathres.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Drop the last component of the clean path @p of length *len. */
static void pop_component(char *p, size_t *len)
{
	while (*len > 0 && p[*len - 1] != '/')
		(*len)--;
	if (*len > 0)
		(*len)--; /* the separator */
	p[*len] = '\0';
}

static int push_component(char *p, size_t *len, size_t cap, const char *c, size_t clen)
{
	size_t need = *len + (*len ? 1 : 0) + clen;

	if (need + 1 > cap)
		return -ENAMETOOLONG;
	if (*len)
		p[(*len)++] = '/';
	memcpy(p + *len, c, clen);
	*len += clen;
	p[*len] = '\0';
	return 0;
}

int isc_path_resolve(const char *path, unsigned flags, isc_readlink_fn readlink_cb, void *ctx,
		     char *out, size_t outsz)
{
	char done[ISC_PATH_MAX];
	char todo[ISC_PATH_MAX];
	char target[ISC_PATH_MAX];
	char next[ISC_PATH_MAX];
	size_t dlen = 0;
	size_t absent = 0; /* done[0, absent) does not exist: nothing below it is a link */
	unsigned hops = 0;
	const char *p;

	if (strlen(path) >= sizeof(todo))
		return -ENAMETOOLONG;
	strcpy(todo, path);
	done[0] = '\0';
	p = todo;

	for (;;) {
		const char *c, *end;
		size_t clen, saved;
		int r;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		c = p;
		end = strchr(c, '/');
		clen = end ? (size_t)(end - c) : strlen(c);
		p = c + clen;

		if (clen == 1 && c[0] == '.')
			continue;
		if (clen == 2 && c[0] == '.' && c[1] == '.') {
			pop_component(done, &dlen);
			if (dlen < absent)
				absent = 0;
			continue;
		}
		saved = dlen;
		r = push_component(done, &dlen, sizeof(done), c, clen);
		if (r < 0)
			return r;

		/* Is there anything after this component? */
		while (*p == '/')
			p++;
		if (!*p && !(flags & ISC_RESOLVE_FOLLOW_LAST))
			break;

		if (absent)
			continue;
		r = readlink_cb(ctx, done, target, sizeof(target));
		if (r < 0)
			return r;
		if (r == ISC_RESOLVE_ABSENT)
			absent = dlen;
		if (r != 1)
			continue;
		if (++hops > ISC_PATH_MAX_HOPS)
			return -ELOOP;

		/* Replace the link by its target, then walk the rest. */
		done[saved] = '\0';
		dlen = saved;
		if (target[0] == '/') {
			done[0] = '\0';
			dlen = 0;
		}
		if (strlen(target) + 1 + strlen(p) + 1 > sizeof(next))
			return -ENAMETOOLONG;
		strcpy(next, target);
		if (*p) {
			strcat(next, "/");
			strcat(next, p);
		}
		strcpy(todo, next);
		p = todo;
	}

	if (dlen + 1 > outsz)
		return -ENAMETOOLONG;
	memcpy(out, done, dlen + 1);
	return 0;
}

static int no_links(void *ctx, const char *path, char *buf, size_t bufsz)
{
	(void)ctx;
	(void)path;
	(void)buf;
	(void)bufsz;
	return 0;
}

int isc_path_join(const char *link_dir, const char *target, char *out, size_t outsz)
{
	char joined[ISC_PATH_MAX];
	int n;

	if (target[0] == '/')
		n = snprintf(joined, sizeof(joined), "%s", target);
	else
		n = snprintf(joined, sizeof(joined), "%s/%s", link_dir, target);
	if (n < 0 || (size_t)n >= sizeof(joined))
		return -ENAMETOOLONG;
	return isc_path_resolve(joined, 0, no_links, NULL, out, outsz);
}

void isc_path_dirname(const char *path, char *out, size_t outsz)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) : 0;

	if (outsz == 0)
		return;
	if (n >= outsz)
		n = outsz - 1;
	memcpy(out, path, n);
	out[n] = '\0';
}
