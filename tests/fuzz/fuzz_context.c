/* SPDX-License-Identifier: MIT */
/*
 * The host's text files: the input, cut at NUL bytes, becomes the kernel
 * command line, GRUB and systemd-boot configuration, modprobe.d, the kernel
 * log, a Proxmox VM, a libvirt domain, lspci output, os-release, the JSON of
 * `ip link` and `ip route`, the targets of two sys/class/net links, the JSON
 * of lsblk, proc/mounts and the targets of two sys/class/block links, in a
 * tar made in memory beside a fixed PCI tree (a root port and a GPU); then
 * the whole analyzer. (Pieces are appended at the end, so the corpus made
 * before them keeps its meaning.)
 */
#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static const char *const files[] = {
	"proc/cmdline", "etc/default/grub", "etc/kernel/cmdline", "etc/modprobe.d/vfio.conf",
	"cmd/dmesg.txt", "etc/pve/qemu-server/100.conf", "etc/libvirt/qemu/vm.xml",
	"cmd/lspci-nnk.txt", "etc/os-release", "cmd/proxmox-boot-tool-status.txt",
	"cmd/ip-link.json", "cmd/ip-route.json", "=sys/class/net/eth0", "=sys/class/net/vmbr0",
	"cmd/lsblk.json", "proc/mounts", "=sys/class/block/sda", "=sys/class/block/dm-0",
};

static void add(struct archive *a, const char *path, const void *data, size_t len, int link)
{
	struct archive_entry *e = archive_entry_new();

	archive_entry_set_pathname(e, path);
	archive_entry_set_mtime(e, 1700000000, 0);
	if (link) {
		archive_entry_set_filetype(e, AE_IFLNK);
		archive_entry_set_perm(e, 0777);
		archive_entry_set_symlink(e, data);
		len = 0;
	} else {
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, (la_int64_t)len);
	}
	archive_write_header(a, e);
	if (len)
		archive_write_data(a, data, len);
	archive_entry_free(e);
}

static void pci_tree(struct archive *a)
{
	static const char rp[] = "sys/devices/pci0000:00/0000:00:01.0";
	static const char gpu[] = "sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0";
	uint8_t cfg[256] = {0};
	char path[160];

	cfg[0] = 0x86, cfg[1] = 0x80, cfg[2] = 0x01, cfg[3] = 0x19; /* 8086:1901 */
	cfg[0x0a] = 0x04, cfg[0x0b] = 0x06, cfg[0x0e] = 0x01, cfg[0x19] = 0x01, cfg[0x1a] = 0x01;
	snprintf(path, sizeof(path), "%s/config", rp);
	add(a, path, cfg, sizeof(cfg), 0);
	snprintf(path, sizeof(path), "%s/iommu_group", rp);
	add(a, path, "../../../kernel/iommu_groups/1", 0, 1);
	memset(cfg, 0, sizeof(cfg));
	cfg[0] = 0xde, cfg[1] = 0x10, cfg[2] = 0x80, cfg[3] = 0x1b; /* 10de:1b80 */
	cfg[0x0b] = 0x03;
	snprintf(path, sizeof(path), "%s/config", gpu);
	add(a, path, cfg, sizeof(cfg), 0);
	snprintf(path, sizeof(path), "%s/iommu_group", gpu);
	add(a, path, "../../../../kernel/iommu_groups/1", 0, 1);
	add(a, "sys/bus/pci/devices/0000:00:01.0", "../../../devices/pci0000:00/0000:00:01.0", 0,
	    1);
	add(a, "sys/bus/pci/devices/0000:01:00.0",
	    "../../../devices/pci0000:00/0000:00:01.0/0000:01:00.0", 0, 1);
	add(a, "sys/kernel/iommu_groups/1/devices/0000:00:01.0",
	    "../../../../devices/pci0000:00/0000:00:01.0", 0, 1);
	add(a, "sys/kernel/iommu_groups/1/devices/0000:01:00.0",
	    "../../../../devices/pci0000:00/0000:00:01.0/0000:01:00.0", 0, 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t cap = size + (64u << 10), used = 0, at = 0;
	void *buf = size <= (1u << 20) ? malloc(cap) : NULL;
	struct archive *a = archive_write_new();
	struct isc_snapshot *s = NULL;
	struct isc_error err = {{0}};

	if (!buf || !a || archive_write_set_format_pax_restricted(a) != ARCHIVE_OK ||
	    archive_write_open_memory(a, buf, cap, &used) != ARCHIVE_OK)
		goto out;
	pci_tree(a);
	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]) && at <= size; f++) {
		const uint8_t *nul = memchr(data + at, 0, size - at);
		size_t len = nul ? (size_t)(nul - (data + at)) : size - at;

		if (files[f][0] == '=') { /* a link: the piece is its target */
			char target[4096];

			snprintf(target, sizeof(target), "%.*s", (int)(len < 4095 ? len : 4095),
				 (const char *)(data + at));
			add(a, files[f] + 1, target, 0, 1);
		} else {
			add(a, files[f], data + at, len, 0);
		}
		at += len + 1;
	}
	if (archive_write_close(a) == ARCHIVE_OK &&
	    isc_snapshot_open_memory(buf, used, "fuzz", &s, &err) == 0)
		fuzz_pipeline(s);
out:
	isc_snapshot_free(s);
	archive_write_free(a);
	free(buf);
	return 0;
}
