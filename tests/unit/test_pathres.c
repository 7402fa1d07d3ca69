/* SPDX-License-Identifier: MIT */
/* Root-confined resolution over an in-memory table of links. */
#include <errno.h>
#include <stdlib.h>

#include "harness.h"
#include "pathres.h"

static const char *const links[][2] = {
	{"sys/bus/pci/devices/0000:01:00.0", "../../../devices/pci0000:00/0000:00:01.0/0000:01:00.0"},
	{"etc/pve/qemu-server", "nodes/pve/qemu-server"},
	{"etc/abs", "/etc/real"},
	{"escape", "../../../../.."},
	{"loop", "loop"},
	{"a", "b"},
	{"b", "a"},
	{"chain/0", "1"}, /* chain/0 -> chain/1 -> ... built below */
};

static int table_readlink(void *ctx, const char *path, char *buf, size_t bufsz)
{
	(void)ctx;
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++)
		if (!strcmp(path, links[i][0])) {
			snprintf(buf, bufsz, "%s", links[i][1]);
			return 1;
		}
	/* chain/N -> N+1, up to N = 50 */
	if (!strncmp(path, "chain/", 6)) {
		int n = atoi(path + 6);

		if (n > 0 && n < 50) {
			snprintf(buf, bufsz, "%d", n + 1);
			return 1;
		}
	}
	return 0;
}

static int resolve(const char *path, char *out)
{
	return isc_path_resolve(path, ISC_RESOLVE_FOLLOW_LAST, table_readlink, NULL, out,
				ISC_PATH_MAX);
}

static void test_sysfs_link(void)
{
	char out[ISC_PATH_MAX];

	CHECK_INT(resolve("sys/bus/pci/devices/0000:01:00.0/config", out), 0);
	CHECK_STR(out, "sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0/config");
	CHECK_INT(resolve("etc/pve/qemu-server/100.conf", out), 0);
	CHECK_STR(out, "etc/pve/nodes/pve/qemu-server/100.conf");
}

static void test_confined(void)
{
	char out[ISC_PATH_MAX];

	CHECK_INT(resolve("etc/abs", out), 0);
	CHECK_STR(out, "etc/real");
	CHECK_INT(resolve("escape/etc/shadow", out), 0);
	CHECK_STR(out, "etc/shadow");
	CHECK_INT(resolve("/../../proc/self/mem", out), 0);
	CHECK_STR(out, "proc/self/mem");
	CHECK_INT(resolve("..", out), 0);
	CHECK_STR(out, "");
	CHECK_INT(resolve("./x//y/./../z", out), 0);
	CHECK_STR(out, "x/z");
}

static void test_loops_and_limits(void)
{
	char out[ISC_PATH_MAX] = "untouched";
	char longp[ISC_PATH_MAX + 10];

	CHECK_INT(resolve("loop", out), -ELOOP);
	CHECK_INT(resolve("a/x", out), -ELOOP);
	CHECK_STR(out, "untouched"); /* written only on success */
	CHECK_INT(resolve("chain/10", out), 0); /* 40 hops: the limit */
	CHECK_STR(out, "chain/50");
	CHECK_INT(resolve("chain/9", out), -ELOOP); /* 41 hops */
	memset(longp, 'x', sizeof(longp) - 1);
	longp[sizeof(longp) - 1] = '\0';
	CHECK_INT(resolve(longp, out), -ENAMETOOLONG);
	/* Without FOLLOW_LAST the last link stays. */
	CHECK_INT(isc_path_resolve("etc/abs", 0, table_readlink, NULL, out, sizeof(out)), 0);
	CHECK_STR(out, "etc/abs");
}

/* A tree where only "gone" is known to be absent, and every question is counted. */
static unsigned asked;

static int absent_readlink(void *ctx, const char *path, char *buf, size_t bufsz)
{
	asked++;
	if (!strcmp(path, "gone"))
		return ISC_RESOLVE_ABSENT;
	return table_readlink(ctx, path, buf, bufsz);
}

static void test_absent(void)
{
	static const struct {
		const char *path, *resolved;
		unsigned asked;
	} cases[] = {
		/* nothing below an absent path is asked about */
		{"gone/loop/a/b", "gone/loop/a/b", 1},
		/* ".." out of it asks again: gone, etc, etc/abs, then the target: etc, etc/real */
		{"gone/x/../../etc/abs", "etc/real", 5},
		/* climbing back only to the absent path itself stays absent */
		{"gone/x/../loop", "gone/loop", 1},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char out[ISC_PATH_MAX];

		asked = 0;
		CHECK_INT(isc_path_resolve(cases[i].path, ISC_RESOLVE_FOLLOW_LAST, absent_readlink,
					   NULL, out, sizeof(out)),
			  0);
		CHECK_STR(out, cases[i].resolved);
		CHECK_INT(asked, cases[i].asked);
	}
}

static void test_join(void)
{
	char out[ISC_PATH_MAX];

	CHECK_INT(isc_path_join("sys/kernel/iommu_groups/3/devices",
				"../../../../devices/pci0000:00/0000:00:1c.0", out, sizeof(out)),
		  0);
	CHECK_STR(out, "sys/devices/pci0000:00/0000:00:1c.0");
	CHECK_INT(isc_path_join("a/b", "../../../../x", out, sizeof(out)), 0);
	CHECK_STR(out, "x");
	CHECK_INT(isc_path_join("a/b", "/etc/passwd", out, sizeof(out)), 0);
	CHECK_STR(out, "etc/passwd");
	isc_path_dirname("sys/bus/pci", out, sizeof(out));
	CHECK_STR(out, "sys/bus");
	isc_path_dirname("top", out, sizeof(out));
	CHECK_STR(out, "");
}

TEST_MAIN(test_sysfs_link, test_confined, test_loops_and_limits, test_absent, test_join)
