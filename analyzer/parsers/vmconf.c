/* SPDX-License-Identifier: MIT */
/*
 * VM configurations: the devices they pass through. A Proxmox VM's
 * qemu-server/VMID.conf ("hostpciN: [host=]ADDR[;ADDR…][,…]" or
 * "mapping=NAME"); libvirt domains are read with libxml2 in libvirt.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "parsers.h"

int isc_vm_push(struct isc_facts *f, const char *vm, const char *entry, const char *spec,
		const char *source, unsigned lineno, const char *line)
{
	struct isc_vm_device *d;
	unsigned dom = 0, bus, dev, fn;
	char addr[32], tail;

	if (isc_grow(&f->vmdevs, f->n_vmdevs, sizeof(*f->vmdevs)) < 0)
		return -ENOMEM;
	d = &f->vmdevs[f->n_vmdevs];
	memset(d, 0, sizeof(*d));
	if (!strncmp(spec, "mapping=", 8)) {
		d->mapping = strndup(spec + 8, strcspn(spec + 8, ","));
	} else if (sscanf(spec, "%x:%x:%x.%u%c", &dom, &bus, &dev, &fn, &tail) == 4 ||
		   (dom = 0, sscanf(spec, "%x:%x.%u%c", &bus, &dev, &fn, &tail) == 3)) {
		snprintf(addr, sizeof(addr), "%04x:%02x:%02x.%u", dom & 0xffff, bus & 0xff,
			 dev & 0x1f, fn & 7);
		d->address = strdup(addr);
	} else if (sscanf(spec, "%x:%x:%x%c", &dom, &bus, &dev, &tail) == 3 ||
		   (dom = 0, sscanf(spec, "%x:%x%c", &bus, &dev, &tail) == 2)) {
		snprintf(addr, sizeof(addr), "%04x:%02x:%02x", dom & 0xffff, bus & 0xff, dev & 0x1f);
		d->address = strdup(addr);
		d->all_functions = 1;
	} else {
		return 0; /* not a device we can name */
	}
	d->vm = strdup(vm);
	d->entry = strdup(entry);
	isc_fact_src_set(&d->src, source, lineno, line);
	f->n_vmdevs++;
	return 0;
}

struct pve_ctx {
	struct isc_facts *f;
	const char *vm, *source;
	int in_section; /* snapshot and pending sections are not the running config */
};

static void pve_line(void *ctx, unsigned lineno, char *line)
{
	struct pve_ctx *p = ctx;
	char entry[32], *value, *spec, *save = NULL;

	if (line[0] == '[')
		p->in_section = 1;
	if (p->in_section || strncmp(line, "hostpci", 7))
		return;
	value = strchr(line, ':');
	if (!value || (size_t)(value - line) >= sizeof(entry))
		return;
	snprintf(entry, sizeof(entry), "%.*s", (int)(value - line), line);
	value++;
	while (*value == ' ')
		value++;
	if (!strncmp(value, "host=", 5))
		value += 5;
	spec = strndup(value, strcspn(value, ","));
	if (!spec)
		return;
	if (!strncmp(value, "mapping=", 8)) {
		isc_vm_push(p->f, p->vm, entry, value, p->source, lineno, line);
	} else {
		/* several devices joined by ';' */
		for (char *tok = strtok_r(spec, ";", &save); tok; tok = strtok_r(NULL, ";", &save))
			isc_vm_push(p->f, p->vm, entry, tok, p->source, lineno, line);
	}
	free(spec);
}

void isc_pve_vm_parse(struct isc_facts *f, const char *text, size_t len, const char *source,
		      const char *vm)
{
	struct pve_ctx p = {f, vm, source, 0};

	isc_each_line(text, len, pve_line, &p);
}
