/* SPDX-License-Identifier: MIT */
/*
 * A sosreport (sos report's tarball, Debian, Ubuntu, RHEL) has no sysfs PCI
 * tree and no group listing, but the binary config space of every function
 * under proc/bus/pci/BB/DD.F (or DDDD:BB/DD.F): the functions come from it,
 * their ids and class from the header, the tree from the bridges' bus
 * numbers. Names and drivers come from sos_commands/pci/lspci_-nnvv (model.c);
 * the groups can only be predicted (the simulator, above the model).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_private.h"
#include "pathres.h"

#define PROC_PCI "proc/bus/pci"

static int le16(const uint8_t *c, size_t len, size_t off)
{
	return off + 2 <= len ? c[off] | c[off + 1] << 8 : -1;
}

static void identity(struct isc_device *d, const uint8_t *c, size_t len)
{
	int v = le16(c, len, CFG_VENDOR);

	if (v < 0 || v == 0xffff)
		return;
	d->vendor = v;
	d->device = le16(c, len, CFG_DEVICE);
	if (len > CFG_CLASS + 2) {
		d->revision = c[CFG_REVISION];
		d->class_code = c[CFG_CLASS] | c[CFG_CLASS + 1] << 8 | c[CFG_CLASS + 2] << 16;
	}
	if (len > CFG_HEADER_TYPE && (c[CFG_HEADER_TYPE] & 0x7f) == 0) {
		d->subsys_vendor = le16(c, len, CFG_SUBSYS_VENDOR);
		d->subsys_device = le16(c, len, CFG_SUBSYS_ID);
	}
}

static int one_function(struct isc_model_builder *b, struct isc_snapshot *s, unsigned dom,
			unsigned bus, const char *busdir, const char *name)
{
	char path[ISC_PATH_MAX], tail;
	unsigned dev, fn;
	struct isc_device *d;
	char *cfg;
	size_t len;
	int n = snprintf(path, sizeof(path), PROC_PCI "/%s/%s", busdir, name);

	if (n < 0 || (size_t)n >= sizeof(path) || sscanf(name, "%2x.%1u%c", &dev, &fn, &tail) != 2 ||
	    dev > 0x1f || fn > 7)
		return 0;
	if (isc_snapshot_read(s, path, ISC_SNAPSHOT_MAX_ENTRY_BYTES, &cfg, &len) < 0)
		return 0;
	if (len > CFG_SPACE_MAX) {
		isc_diags_add(&b->m->diags, path, 0,
			      "config space ignored: %zu bytes, larger than the %d bytes PCI "
			      "Express defines (the limit)",
			      len, CFG_SPACE_MAX);
		free(cfg);
		return 0;
	}
	d = isc_model_add_device(b, dom, bus, dev, fn);
	if (d) {
		identity(d, (const uint8_t *)cfg, len);
		isc_cfg_decode((const uint8_t *)cfg, len, d, &b->m->diags, path);
	}
	free(cfg);
	return d || !b->oom ? 0 : -ENOMEM;
}

int isc_proc_pci_devices(struct isc_model_builder *b, struct isc_snapshot *s)
{
	char **buses = NULL;
	size_t nb = 0;
	int r = 0;

	if (isc_snapshot_list(s, PROC_PCI, &buses, &nb) < 0)
		return 0;
	for (size_t i = 0; i < nb && r == 0; i++) {
		char dir[ISC_PATH_MAX], **fns = NULL, tail;
		unsigned dom = 0, bus;
		size_t nf = 0;

		if (!(sscanf(buses[i], "%4x:%2x%c", &dom, &bus, &tail) == 2 ||
		      (dom = 0, sscanf(buses[i], "%2x%c", &bus, &tail) == 1)) ||
		    snprintf(dir, sizeof(dir), PROC_PCI "/%s", buses[i]) >= (int)sizeof(dir) ||
		    isc_snapshot_list(s, dir, &fns, &nf) < 0)
			continue; /* "devices", the file of the whole list */
		for (size_t k = 0; k < nf && r == 0; k++)
			r = one_function(b, s, dom, bus, buses[i], fns[k]);
		isc_snapshot_names_free(fns, nf);
	}
	isc_snapshot_names_free(buses, nb);
	if (r == 0 && b->m->n_devices) {
		b->m->facts->sosreport = 1;
		r = isc_model_parents_from_buses(b);
	}
	return r;
}
