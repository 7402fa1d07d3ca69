/* SPDX-License-Identifier: MIT */
/*
 * Block devices into the host's device graph (devgraph.c): what sits on
 * what from `lsblk -J -l -o KNAME,PKNAME,FSTYPE,LABEL,MOUNTPOINT` (a logical
 * volume on its physical volumes, md on partitions, a partition on its
 * disk; an NVMe multipath head on each path), and as the seeds the devices
 * of /, /boot, /boot/efi, /efi, /usr, /var and swap, from lsblk and from
 * proc/mounts (lsblk shows one mount point a device: a btrfs subvolume at /
 * may hide behind /home). A ZFS filesystem is a dataset, on no block device:
 * proc/mounts names its pool, whose members lsblk labels.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "parsers.h"

/* The mount points the host cannot do without, as lsblk prints them. */
static const char *host_mount(const char *mp)
{
	static const char *const needed[] = {"/", "/boot", "/boot/efi", "/efi", "/usr", "/var"};

	if (!mp)
		return NULL;
	if (!strcmp(mp, "[SWAP]"))
		return "swap";
	for (size_t i = 0; i < sizeof(needed) / sizeof(needed[0]); i++)
		if (!strcmp(mp, needed[i]))
			return needed[i];
	return NULL;
}

void isc_lsblk_parse(struct isc_facts *f, const char *text, size_t len, const char *source)
{
	json_t *root = json_loadb(text, len, 0, NULL), *rows, *it;
	size_t i;

	rows = json_object_get(root, "blockdevices");
	if (!json_is_array(rows)) {
		json_decref(root);
		return;
	}
	f->block.have_edges = f->block.have_seeds = 1;
	json_array_foreach(rows, i, it) {
		const char *name = json_string_value(json_object_get(it, "kname"));
		const char *parent = json_string_value(json_object_get(it, "pkname"));
		const char *why = host_mount(json_string_value(json_object_get(it, "mountpoint")));
		const char *fstype = json_string_value(json_object_get(it, "fstype"));
		const char *label = json_string_value(json_object_get(it, "label"));

		if (!isc_devgraph_node(&f->block, name))
			continue;
		if (parent)
			isc_devgraph_edge(&f->block, name, parent);
		if (why)
			isc_devgraph_seed(&f->block, name, why, source);
		/* a ZFS pool's member: a seed when proc/mounts says the host runs from the pool */
		for (size_t k = 0; fstype && label && !strcmp(fstype, "zfs_member") &&
				   k < f->n_zfs_mounts; k++)
			if (!strcmp(label, f->zfs_mounts[k].pool))
				isc_devgraph_seed(&f->block, name, f->zfs_mounts[k].why, source);
	}
	json_decref(root);
}

/* A ZFS pool's name as proc/mounts gives it: printable, no space, at most 255 bytes. */
static int pool_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 255)
		return 0;
	for (; *s; s++)
		if (*s <= ' ' || *s > '~')
			return 0;
	return 1;
}

/*
 * "rpool/ROOT/pve-1 / zfs rw,relatime,xattr,noacl 0 0": the pool the host
 * runs from; "/dev/nvme0n1p3 / btrfs …": the device, a seed itself.
 */
struct mounts {
	struct isc_facts *f;
	const char *source;
};

static void mount_line(void *ctx, unsigned lineno, char *line)
{
	struct mounts *c = ctx;
	struct isc_facts *f = c->f;
	char dev[300], mp[16], type[16];
	const char *why;

	(void)lineno;
	if (sscanf(line, "%299s %15s %15s", dev, mp, type) != 3 || !(why = host_mount(mp)))
		return;
	if (!strcmp(type, "zfs")) {
		struct isc_zfs_mount *z;

		dev[strcspn(dev, "/")] = '\0';
		if (!pool_ok(dev) || f->n_zfs_mounts >= 16 ||
		    isc_grow(&f->zfs_mounts, f->n_zfs_mounts, sizeof(*f->zfs_mounts)) < 0)
			return;
		z = &f->zfs_mounts[f->n_zfs_mounts];
		z->pool = strdup(dev);
		z->why = isc_strdupf("%s (ZFS pool %s)", why, dev);
		if (!z->pool || !z->why) {
			free(z->pool);
			free(z->why);
			return;
		}
		f->n_zfs_mounts++;
	} else if (!strncmp(dev, "/dev/", 5) && !strchr(dev + 5, '/')) {
		isc_devgraph_seed(&f->block, dev + 5, why, c->source);
	}
}

void isc_mounts_parse(struct isc_facts *f, const char *text, size_t len, const char *source)
{
	struct mounts c = {f, source};

	isc_each_line(text, len, mount_line, &c);
}

void isc_nvme_paths(struct isc_devgraph *g)
{
	/* nvme0c1n1 is a path of the multipath head nvme0n1, under its own controller */
	for (size_t i = 0, n = g->n_nodes; i < n; i++) {
		unsigned sub, ctl, ns;
		char head[32], tail;

		if (sscanf(g->nodes[i].name, "nvme%uc%un%u%c", &sub, &ctl, &ns, &tail) != 3)
			continue;
		snprintf(head, sizeof(head), "nvme%un%u", sub, ns);
		isc_devgraph_edge(g, head, g->nodes[i].name);
	}
}
