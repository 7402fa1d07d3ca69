/* SPDX-License-Identifier: MIT */
/*
 * hostfs confines every component of a path to the root, with openat2 and
 * with the walk used where the kernel lacks it: links in the middle of a
 * path (absolute, or climbing with "..") never reach a file outside.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "hostfs.h"

static char base[] = "/tmp/isc-hostfs-XXXXXX";

static void put(const char *rel, const char *text)
{
	char p[4096];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", base, rel);
	f = fopen(p, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void dir(const char *rel)
{
	char p[4096];

	snprintf(p, sizeof(p), "%s/%s", base, rel);
	mkdir(p, 0755);
}

static void lnk(const char *rel, const char *target)
{
	char p[4096];

	snprintf(p, sizeof(p), "%s/%s", base, rel);
	if (symlink(target, p) < 0)
		perror(p);
}

static void build(void)
{
	char abs_target[4096];

	dir("outside");
	dir("outside/module");
	dir("outside/module/vfio");
	dir("outside/module/vfio/parameters");
	put("outside/module/vfio/parameters/enable_unsafe", "OUTSIDE\n");
	dir("outside/etc");
	put("outside/etc/hostname", "OUTSIDE\n");
	dir("root");
	dir("root/sys");
	dir("root/real");
	put("root/real/a", "inside\n");
	/* DIR/sys/module -> /.../outside/module: absolute, out of the root */
	snprintf(abs_target, sizeof(abs_target), "%s/outside/module", base);
	lnk("root/sys/module", abs_target);
	/* DIR/etc -> ../outside/etc: climbs out */
	lnk("root/etc", "../outside/etc");
	/* DIR/sys/kernel -> ../../outside: climbs further */
	lnk("root/sys/kernel", "../../outside");
	/* links that stay inside resolve as if the root were "/" */
	lnk("root/abs", "/real");
	lnk("root/sys/rel", "../real");
}

static void check_mode(int no_openat2)
{
	char root[4096], buf[4096];
	struct hostfs fs;
	struct hostfs_dir d;
	struct isc_buf b;

	snprintf(root, sizeof(root), "%s/root", base);
	CHECK_INT(hostfs_open(&fs, root), 0);
	fs.no_openat2 = no_openat2;

	isc_buf_init(&b, 0);
	CHECK_INT(hostfs_read(&fs, "sys/module/vfio/parameters/enable_unsafe", 4096, 0, &b),
		  -ENOENT);
	CHECK_INT(hostfs_list(&fs, "sys/module/vfio/parameters", 100, &d), -ENOENT);
	CHECK_INT(hostfs_type_of(&fs, "sys/module/vfio", NULL), HOSTFS_MISSING);
	CHECK_INT(hostfs_read(&fs, "etc/hostname", 4096, 0, &b), -ENOENT);
	CHECK_INT(hostfs_read(&fs, "sys/kernel/etc/hostname", 4096, 0, &b), -ENOENT);
	CHECK_INT(hostfs_list(&fs, "sys/kernel/module", 100, &d), -ENOENT);
	CHECK_INT(hostfs_read(&fs, "real/../../outside/etc/hostname", 4096, 0, &b), -ENOENT);
	CHECK_INT((int)b.len, 0);

	/* Inside the root, intermediate links are followed. */
	CHECK_INT(hostfs_read(&fs, "abs/a", 4096, 0, &b), 0);
	CHECK(b.len == 7 && !memcmp(b.data, "inside\n", 7));
	isc_buf_free(&b);
	isc_buf_init(&b, 0);
	CHECK_INT(hostfs_read(&fs, "sys/rel/a", 4096, 0, &b), 0);
	CHECK(b.len == 7);
	isc_buf_free(&b);
	/* The last component is never followed; the link itself is readable. */
	CHECK_INT(hostfs_read(&fs, "abs", 4096, 0, &b), -EINVAL);
	CHECK_INT(hostfs_type_of(&fs, "sys/module", NULL), HOSTFS_LINK);
	CHECK_INT(hostfs_readlink(&fs, "etc", buf, sizeof(buf)), 0);
	CHECK_STR(buf, "../outside/etc");
	CHECK_INT(hostfs_list(&fs, "sys", 100, &d), 0);
	CHECK_INT((int)d.n, 3);
	hostfs_dir_free(&d);
	CHECK_INT(hostfs_read(&fs, "real/..", 4096, 0, &b), -EISDIR);
	isc_buf_free(&b);
	hostfs_close(&fs);
}

static void test_confined(void)
{
	check_mode(0);
}

static void test_confined_without_openat2(void)
{
	check_mode(1);
}

int main(void)
{
	int r;

	if (!mkdtemp(base))
		return 1;
	build();
	test_confined();
	test_confined_without_openat2();
	{
		char cmd[4200];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base);
		r = system(cmd);
		(void)r;
	}
	printf("%d checks, %d failed\n", harness_checks, harness_failures);
	return harness_failures ? 1 : 0;
}
