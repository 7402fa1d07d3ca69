/* SPDX-License-Identifier: MIT */
/*
 * The archive source: tars built here in memory with libarchive, holding
 * what a stranger's snapshot may hold: links that escape or loop, unsafe
 * names, duplicates, hard links, FIFOs, implicit directories.
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdlib.h>

#include "harness.h"
#include "iommuscope/snapshot.h"

struct member {
	const char *path;
	int type; /* 'f' file, 'l' symlink, 'h' hard link, 'p' FIFO, 'd' dir */
	const char *data;
	size_t len; /* 0: strlen(data) */
};

static char tarbuf[1 << 20];

static size_t make_tar(const struct member *m, size_t n, int (*filter)(struct archive *))
{
	struct archive *a = archive_write_new();
	struct archive_entry *e = archive_entry_new();
	size_t used = 0;

	archive_write_set_format_pax_restricted(a);
	if (filter && filter(a) != ARCHIVE_OK) {
		archive_entry_free(e);
		archive_write_free(a);
		return 0;
	}
	archive_write_open_memory(a, tarbuf, sizeof(tarbuf), &used);
	for (size_t i = 0; i < n; i++) {
		size_t len = m[i].len ? m[i].len : m[i].data ? strlen(m[i].data) : 0;

		archive_entry_clear(e);
		archive_entry_set_pathname(e, m[i].path);
		archive_entry_set_perm(e, 0644);
		switch (m[i].type) {
		case 'l':
			archive_entry_set_filetype(e, AE_IFLNK);
			archive_entry_set_symlink(e, m[i].data);
			break;
		case 'h':
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_hardlink(e, m[i].data);
			break;
		case 'p':
			archive_entry_set_filetype(e, AE_IFIFO);
			break;
		case 'd':
			archive_entry_set_filetype(e, AE_IFDIR);
			break;
		default:
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_size(e, (la_int64_t)len);
		}
		archive_write_header(a, e);
		if (m[i].type == 'f' && len)
			archive_write_data(a, m[i].data, len);
	}
	archive_write_close(a);
	archive_write_free(a);
	archive_entry_free(e);
	return used;
}

static char config[4096] = "\x86\x80\x14\xa1";

static const struct member members[] = {
	{"top/manifest.json", 'f', "{}", 0},
	{"top/sys/bus/pci/devices/0000:00:1c.0", 'l', "../../../devices/pci0000:00/0000:00:1c.0", 0},
	{"top/sys/devices/pci0000:00/0000:00:1c.0/config", 'f', config, sizeof(config)},
	{"top/sys/devices/pci0000:00/0000:00:1c.0/vendor", 'f', "0x8086\n", 0},
	{"top/sys/devices/pci0000:00/0000:00:1c.0/driver", 'l', "../../../bus/pci/drivers/pcieport", 0},
	{"top/etc/passwd", 'f', "the snapshot's own file\n", 0},
	{"top/etc/abs", 'l', "/etc/passwd", 0},
	{"top/etc/up", 'l', "../../../../../../etc/passwd", 0},
	{"top/etc/shadowlink", 'l', "/etc/shadow", 0},
	{"top/loop", 'l', "loop", 0},
	{"top/a", 'd', NULL, 0},
	{"top/a/x", 'f', "x", 0},
	{"top/a-b", 'f', "ab", 0},
	{"top/implicit/deep/file", 'f', "deep", 0},
	{"top/implicit-1", 'f', "sorts between implicit and implicit/", 0},
	{"top/implicit.old", 'f', "so does this", 0},
	{"top/dup", 'f', "one", 0},
	{"top/dup", 'f', "two", 0},
	{"top/../escape", 'f', "evil", 0},
	{"top/hard", 'h', "top/a/x", 0},
	{"top/fifo", 'p', NULL, 0},
};

static struct isc_snapshot *open_tar(size_t len)
{
	struct isc_snapshot *s = NULL;
	struct isc_error err = {{0}};
	int r = isc_snapshot_open_memory(tarbuf, len, "test.tar", &s, &err);

	CHECK_INT(r, 0);
	if (r)
		fprintf(stderr, "  %s\n", err.text);
	return s;
}

static void check_contents(struct isc_snapshot *s)
{
	char *data = NULL, **names = NULL, buf[256], path[256];
	size_t len = 0, n = 0;

	CHECK_INT(isc_snapshot_kind(s), ISC_SNAPSHOT_ARCHIVE);
	/* Top directory stripped; links followed inside the snapshot. */
	CHECK_INT(isc_snapshot_read(s, "sys/bus/pci/devices/0000:00:1c.0/vendor", 100, &data, &len), 0);
	CHECK_STR(data, "0x8086\n");
	free(data);
	/* Config kept without its trailing zeros, read back whole. */
	CHECK_INT(isc_snapshot_read(s, "sys/bus/pci/devices/0000:00:1c.0/config", 4096, &data, &len),
		  0);
	CHECK_INT(len, 4096);
	CHECK(data && !memcmp(data, config, 4096));
	free(data);
	CHECK_INT(isc_snapshot_read(s, "sys/bus/pci/devices/0000:00:1c.0/config", 100, &data, &len),
		  -EFBIG);
	/* Links never leave the snapshot. */
	CHECK_INT(isc_snapshot_read(s, "etc/abs", 100, &data, &len), 0);
	CHECK_STR(data, "the snapshot's own file\n");
	free(data);
	CHECK_INT(isc_snapshot_read(s, "etc/up", 100, &data, &len), 0);
	CHECK_STR(data, "the snapshot's own file\n");
	free(data);
	CHECK_INT(isc_snapshot_read(s, "etc/shadowlink", 100, &data, &len), -ENOENT);
	CHECK_INT(isc_snapshot_read(s, "loop", 100, &data, &len), -ELOOP);
	CHECK_INT(isc_snapshot_resolve(s, "etc/up", path, sizeof(path)), 0);
	CHECK_STR(path, "etc/passwd");
	CHECK_INT(isc_snapshot_readlink(s, "sys/bus/pci/devices/0000:00:1c.0", buf, sizeof(buf)), 0);
	CHECK_STR(buf, "../../../devices/pci0000:00/0000:00:1c.0");
	CHECK_INT(isc_snapshot_readlink(s, "etc/passwd", buf, sizeof(buf)), -EINVAL);
	/* The later duplicate wins, as when tar extracts. */
	CHECK_INT(isc_snapshot_read(s, "dup", 100, &data, &len), 0);
	CHECK_STR(data, "two");
	free(data);
	/* Unsafe names, hard links and FIFOs are not there. */
	CHECK_INT(isc_snapshot_read(s, "escape", 100, &data, &len), -ENOENT);
	CHECK_INT(isc_snapshot_read(s, "hard", 100, &data, &len), -ENOENT);
	CHECK_INT(isc_snapshot_read(s, "fifo", 100, &data, &len), -ENOENT);
	CHECK_INT(isc_snapshot_read(s, "a", 100, &data, &len), -EISDIR);
	CHECK_INT(isc_snapshot_read(s, "implicit/deep", 100, &data, &len), -EISDIR);
	CHECK_INT(isc_snapshot_read(s, "implicit", 100, &data, &len), -EISDIR);
	CHECK_INT(isc_snapshot_read(s, "implicit/dee", 100, &data, &len), -ENOENT);
	CHECK_INT(isc_snapshot_read(s, "implicit-1/x", 100, &data, &len), -ENOENT);
	/* Listing: direct children once each, implicit directories included. */
	CHECK_INT(isc_snapshot_list(s, "", &names, &n), 0);
	CHECK_INT(n, 10);
	if (n == 10) {
		CHECK_STR(names[0], "a");
		CHECK_STR(names[1], "a-b");
		CHECK_STR(names[2], "dup");
		CHECK_STR(names[3], "etc");
		CHECK_STR(names[4], "implicit");
		CHECK_STR(names[5], "implicit-1");
		CHECK_STR(names[6], "implicit.old");
		CHECK_STR(names[7], "loop");
		CHECK_STR(names[8], "manifest.json");
		CHECK_STR(names[9], "sys");
	}
	isc_snapshot_names_free(names, n);
	CHECK_INT(isc_snapshot_list(s, "sys/bus/pci/devices/0000:00:1c.0", &names, &n), 0);
	CHECK_INT(n, 3);
	isc_snapshot_names_free(names, n);
	CHECK_INT(isc_snapshot_list(s, "nothing", &names, &n), -ENOENT);
}

/* The directory cache must answer as a walk from the root would, in any order. */
static void test_resolve_order(void)
{
	static const char *const cases[][2] = {
		{"sys/bus/pci/devices/0000:00:1c.0/vendor", "sys/devices/pci0000:00/0000:00:1c.0/vendor"},
		{"sys/bus/pci/devices/0000:00:1c.0/driver", "sys/bus/pci/drivers/pcieport"},
		{"sys/bus/pci/devices/0000:00:1c.0/driver/bind", "sys/bus/pci/drivers/pcieport/bind"},
		{"sys/bus/pci/devices/0000:00:1c.0/..", "sys/devices/pci0000:00"},
		{"sys/bus/pci/devices/0000:00:1c.0/.", "sys/devices/pci0000:00/0000:00:1c.0"},
		{"sys/bus/pci/devices/0000:00:1c.0/", "sys/devices/pci0000:00/0000:00:1c.0"},
		{"sys/bus/pci/devices/0000:00:1c.0", "sys/devices/pci0000:00/0000:00:1c.0"},
		{"etc/up", "etc/passwd"},
		{"etc/abs", "etc/passwd"},
		{"etc/passwd", "etc/passwd"},
		{"nothing/here/at/all", "nothing/here/at/all"},
		{"loop/x", NULL},
		{"loop", NULL},
	};
	size_t n = sizeof(cases) / sizeof(cases[0]);
	struct isc_snapshot *s = open_tar(make_tar(members, sizeof(members) / sizeof(members[0]),
						  NULL));

	if (!s)
		return;
	/* every case after every other one, so each meets a cache the other primed */
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < n; k++) {
			const size_t order[2] = {i, k};

			for (int j = 0; j < 2; j++) {
				const char *const *c = cases[order[j]];
				char out[4096] = "";
				int r = isc_snapshot_resolve(s, c[0], out, sizeof(out));

				if (c[1]) {
					CHECK_INT(r, 0);
					CHECK_STR(out, c[1]);
				} else {
					CHECK_INT(r, -ELOOP);
				}
			}
		}
	isc_snapshot_free(s);
}

static void test_plain(void)
{
	size_t len = make_tar(members, sizeof(members) / sizeof(members[0]), NULL);
	struct isc_snapshot *s = open_tar(len);

	if (s)
		check_contents(s);
	isc_snapshot_free(s);
}

static void test_compressed(void)
{
	int (*filters[])(struct archive *) = {archive_write_add_filter_gzip,
					      archive_write_add_filter_xz,
					      archive_write_add_filter_zstd};

	for (size_t i = 0; i < sizeof(filters) / sizeof(filters[0]); i++) {
		size_t len = make_tar(members, sizeof(members) / sizeof(members[0]), filters[i]);
		struct isc_snapshot *s;

		if (!len) {
			printf("compression filter %zu not available in this libarchive: skipped\n",
			       i);
			continue;
		}
		s = open_tar(len);
		if (s)
			check_contents(s);
		isc_snapshot_free(s);
	}
}

static void test_errors(void)
{
	struct isc_snapshot *s = NULL;
	struct isc_error err = {{0}};
	char junk[1024];
	size_t len;

	CHECK_INT(isc_snapshot_open_memory("", 0, "empty.tar", &s, &err), -EINVAL);
	CHECK_STR(err.text, "empty.tar: empty file");
	memset(junk, 0, sizeof(junk));
	junk[0] = 0x1f, junk[1] = (char)0x8b; /* gzip magic, then garbage */
	CHECK(isc_snapshot_open_memory(junk, sizeof(junk), "junk.tar.gz", &s, &err) < 0);
	CHECK(!strncmp(err.text, "junk.tar.gz: ", 13));
	/* Truncated archive: the data of an entry is cut off. */
	len = make_tar(members, 3, archive_write_add_filter_gzip);
	CHECK(isc_snapshot_open_memory(tarbuf, len / 2, "cut.tar.gz", &s, &err) < 0);
	CHECK(!strncmp(err.text, "cut.tar.gz: ", 12));
	CHECK(s == NULL);
}

static void test_paste_kind(void)
{
	struct isc_snapshot *s = NULL;
	struct isc_error err = {{0}};
	const char text[] = "IOMMU Group 1:\n\t01:00.0 VGA compatible controller [0300]: X [10de:1b80]\n";
	char *data;
	size_t len;

	CHECK_INT(isc_snapshot_open_memory(text, sizeof(text) - 1, "paste", &s, &err), 0);
	CHECK_INT(isc_snapshot_kind(s), ISC_SNAPSHOT_PASTE);
	CHECK_INT(isc_snapshot_read(s, "paste.txt", 1000, &data, &len), 0);
	CHECK_INT(len, sizeof(text) - 1);
	free(data);
	isc_snapshot_free(s);
}

TEST_MAIN(test_plain, test_compressed, test_errors, test_paste_kind, test_resolve_order)
