/* SPDX-License-Identifier: MIT */
/*
 * Block devices into the host's device graph (devgraph.c): what sits on
 * what from `lsblk -J -l -o KNAME,PKNAME,FSTYPE,LABEL,MOUNTPOINT` (a logical
 * volume on its physical volumes, md on partitions, a partition on its
 * disk), and as the seeds the devices of /, /boot, /boot/efi and swap. A
 * ZFS root is a dataset, on no block device: proc/mounts names its pool,
 * whose members lsblk labels.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers.h"

/* The mount points the host cannot do without, as lsblk prints them. */
static const char *host_mount(const char *mp)
{
	static const char *const needed[] = {"/", "/boot", "/boot/efi", "/usr", "/var"};

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
		/* a ZFS pool's member: a seed once proc/mounts says / is on that pool */
		if (fstype && label && !strcmp(fstype, "zfs_member") && f->root_pool &&
		    !strcmp(label, f->root_pool)) {
			char what[96];

			snprintf(what, sizeof(what), "/ (ZFS pool %s)", f->root_pool);
			isc_devgraph_seed(&f->block, name, what, source);
		}
	}
	json_decref(root);
}

/* "rpool/ROOT/pve-1 / zfs rw,relatime,xattr,noacl 0 0": the pool of a ZFS root */
static void mount_line(void *ctx, unsigned lineno, char *line)
{
	struct isc_facts *f = ctx;
	char dev[256], mp[8], type[8];

	(void)lineno;
	if (sscanf(line, "%255s %7s %7s", dev, mp, type) != 3 || strcmp(mp, "/") ||
	    strcmp(type, "zfs"))
		return;
	dev[strcspn(dev, "/")] = '\0';
	free(f->root_pool);
	f->root_pool = isc_devname_ok(dev) ? strdup(dev) : NULL;
}

void isc_mounts_parse(struct isc_facts *f, const char *text, size_t len, const char *source)
{
	(void)source;
	isc_each_line(text, len, mount_line, f);
}
