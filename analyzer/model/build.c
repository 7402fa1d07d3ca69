/* SPDX-License-Identifier: MIT */
/*
 * Adding functions to a model being built (model_private.h): the growing
 * device array and its side tables, bounded by ISC_MODEL_MAX_DEVICES. The
 * sources that bring devices (sysfs in model.c, listings in paste.c, the
 * kernel log in text.c) all add them here, and forget them here.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_private.h"

void isc_device_init(struct isc_device *d, unsigned domain, unsigned bus, unsigned dev,
		     unsigned fn)
{
	memset(d, 0, sizeof(*d));
	snprintf(d->address, sizeof(d->address), "%04x:%02x:%02x.%u", domain, bus, dev, fn);
	d->domain = domain;
	d->bus = bus;
	d->dev = dev;
	d->fn = fn;
	d->vendor = d->device = d->subsys_vendor = d->subsys_device = -1;
	d->class_code = d->revision = -1;
	d->group = -1;
	d->numa_node = -1;
	d->boot_vga = ISC_UNKNOWN;
	d->link_width = -1;
	d->num_vfs = -1;
	d->header_type = -1;
	d->multifunction = ISC_UNKNOWN;
	d->pcie_type = ISC_PCIE_UNKNOWN;
	d->acs = ISC_UNKNOWN;
	d->acs_cap = d->acs_ctl = d->acs_ctl_dword = -1;
	d->flr = d->ari = d->sriov = ISC_UNKNOWN;
	d->secondary_bus = d->subordinate_bus = -1;
}

struct isc_device *isc_model_add_device(struct isc_model_builder *b, unsigned domain, unsigned bus,
					unsigned dev, unsigned fn)
{
	struct isc_model *m = b->m;

	if (m->n_devices >= ISC_MODEL_MAX_DEVICES) {
		if (!b->over_limit++)
			isc_diags_add(&m->diags, m->source, 0,
				      "more than %d PCI functions: the rest are ignored",
				      ISC_MODEL_MAX_DEVICES);
		return NULL;
	}
	if (m->n_devices == b->cap) {
		size_t ncap = b->cap ? b->cap * 2 : 64;
		struct isc_device *v = realloc(m->devices, ncap * sizeof(*v));
		char **pp = realloc(b->parents, ncap * sizeof(*pp));
		char **pf = pp ? realloc(b->physfns, ncap * sizeof(*pf)) : NULL;

		if (v)
			m->devices = v;
		if (pp)
			b->parents = pp;
		if (pf)
			b->physfns = pf;
		if (!v || !pp || !pf) {
			b->oom = 1;
			return NULL;
		}
		b->cap = ncap;
	}
	b->parents[m->n_devices] = NULL;
	b->physfns[m->n_devices] = NULL;
	isc_device_init(&m->devices[m->n_devices], domain, bus, dev, fn);
	return &m->devices[m->n_devices++];
}

static int cmp_u32(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;

	return (x > y) - (x < y);
}

/* A function on a bridge's secondary bus hangs below it (no sysfs path tells). */
int isc_model_parents_from_buses(struct isc_model_builder *b)
{
	if (b->m->n_devices) {
		struct isc_model *m = b->m;
		unsigned (*br)[2] = malloc(m->n_devices * sizeof(*br));
		size_t nb = 0;

		if (!br)
			return -ENOMEM;
		for (size_t i = 0; i < m->n_devices; i++)
			if (m->devices[i].secondary_bus >= 0) {
				br[nb][0] = m->devices[i].domain << 8 | (unsigned)m->devices[i].secondary_bus;
				br[nb++][1] = (unsigned)i;
			}
		qsort(br, nb, sizeof(*br), cmp_u32);
		for (size_t i = 0; i < m->n_devices; i++) {
			unsigned key[2] = {m->devices[i].domain << 8 | m->devices[i].bus, 0};
			unsigned (*p)[2] = bsearch(key, br, nb, sizeof(*br), cmp_u32);

			if (p && (*p)[1] != i && !(b->parents[i] = strdup(m->devices[(*p)[1]].address))) {
				free(br);
				return -ENOMEM;
			}
		}
		free(br);
	}
	return 0;
}

void isc_device_free(struct isc_device *d)
{
	free(d->driver);
	free(d->link_speed);
	free(d->reset_methods);
	free(d->driver_override);
	free(d->name);
	free(d->class_name);
}

void isc_model_builder_clear(struct isc_model_builder *b)
{
	for (size_t i = 0; i < b->m->n_devices; i++) {
		isc_device_free(&b->m->devices[i]);
		free(b->parents[i]);
		free(b->physfns[i]);
	}
	b->m->n_devices = 0;
	b->over_limit = 0;
	free(b->m->host.cmdline);
	b->m->host.cmdline = NULL;
}

void isc_model_builder_free(struct isc_model_builder *b)
{
	for (size_t i = 0; i < b->m->n_devices && b->parents; i++) {
		free(b->parents[i]);
		free(b->physfns[i]);
	}
	free(b->parents);
	free(b->physfns);
	free(b->link_groups);
	free(b->order);
}
