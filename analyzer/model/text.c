/* SPDX-License-Identifier: MIT */
/*
 * A text file that is not a listing (parsers/classify.c tells): its facts
 * go to the model's host facts through its format's parser, citing the file
 * by @source. A kernel log also brings the functions it names: their
 * addresses, ids, bridges, drivers and groups, marked as from the log
 * (host.groups_from = "kernel log"), and the command line and release.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_private.h"
#include "../parsers/parsers.h"

/* The value of "KEY: value" or <KEY>value</KEY> in @text (returns new), or NULL. */
static char *vm_name(const char *text, size_t len, enum isc_text_kind k)
{
	char *copy = strndup(text, len), *p, *out = NULL;

	if (!copy)
		return NULL;
	if (k == ISC_TEXT_PVE_VM) {
		for (p = copy; p && !out; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
			if (!strncmp(p, "name: ", 6))
				out = strndup(p + 6, strcspn(p + 6, "\r\n"));
	} else if ((p = strstr(copy, "<name>")) != NULL) {
		out = strndup(p + 6, strcspn(p + 6, "<\n"));
	}
	free(copy);
	return out;
}

/* The file's last path component: a VM's label when its configuration names none. */
static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

int isc_text_facts(struct isc_model *m, const char *text, size_t len, enum isc_text_kind k,
		   const char *source)
{
	struct isc_facts *f = m->facts;
	char *vm = NULL, *line = NULL;
	struct isc_grub g = {0};
	int r = 0;

	switch (k) {
	case ISC_TEXT_DMESG:
		isc_dmesg_parse(f, text, len, source);
		break;
	case ISC_TEXT_CMDLINE:
		line = strndup(text, strcspn(text, "\r\n"));
		if (!line || isc_cmdline_recognise(line, &f->text_cmdline) < 0)
			r = -ENOMEM;
		else if (f->text_cmdline)
			isc_fact_src_set(&f->text_cmdline_src, source, 1, line);
		/* GRUB's "linux /boot/vmlinuz-…" says GRUB; "initrd=\EFI\…" systemd-boot */
		if (f->text_cmdline && f->boot == ISC_BOOT_UNKNOWN &&
		    (!strncmp(line + strspn(line, " \t"), "linux", 5) ||
		     !strncmp(f->text_cmdline, "initrd=", 7))) {
			f->boot = f->text_cmdline[0] == 'i' ? ISC_BOOT_SYSTEMD_BOOT : ISC_BOOT_GRUB;
			f->boot_evidence = strdup(source);
		}
		free(line);
		break;
	case ISC_TEXT_GRUB:
		f->has_grub_file = 1;
		isc_grub_parse(&g, text, len, source);
		r = isc_grub_finish(&g, f);
		if (f->boot == ISC_BOOT_UNKNOWN) {
			f->boot = ISC_BOOT_GRUB;
			f->boot_evidence = strdup(source);
		}
		break;
	case ISC_TEXT_MODPROBE:
		isc_modprobe_parse(f, text, len, source);
		if (!f->unsafe_running)
			isc_modprobe_finish(f);
		break;
	case ISC_TEXT_PVE_VM:
	case ISC_TEXT_LIBVIRT:
		vm = vm_name(text, len, k);
		(k == ISC_TEXT_PVE_VM ? isc_pve_vm_parse : isc_libvirt_parse)(
		    f, text, len, source, vm ? vm : base_name(source));
		free(vm);
		break;
	case ISC_TEXT_OS_RELEASE:
		isc_osrelease_parse(f, text, len, source);
		break;
	case ISC_TEXT_BOOT_STATUS:
		isc_bootstatus_parse(f, text, len, source);
		if (f->boot_status != ISC_BOOT_UNKNOWN) {
			f->boot = f->boot_status;
			free(f->boot_evidence);
			f->boot_evidence = strdup(source);
		}
		break;
	case ISC_TEXT_MODULES:
	case ISC_TEXT_LISTING:
		break;
	}
	return r;
}

/* The functions a kernel log names, into an empty model being built. */
int isc_log_devices(struct isc_model_builder *b)
{
	const struct isc_facts *f = b->m->facts;

	for (size_t i = 0; i < f->n_log_devices && !b->oom; i++) {
		const struct isc_log_device *l = &f->log_devices[i];
		unsigned dom, bus, dev, fn;
		struct isc_device *d;

		if (isc_parse_bdf(l->address, &dom, &bus, &dev, &fn) < 0)
			continue;
		d = isc_model_add_device(b, dom, bus, dev, fn);
		if (!d)
			return b->oom ? -ENOMEM : 0;
		d->vendor = l->vendor;
		d->device = l->device;
		d->class_code = l->class_code;
		d->header_type = l->header_type;
		d->is_bridge = l->header_type == 1;
		d->secondary_bus = l->secondary;
		d->subordinate_bus = l->subordinate;
		d->group = l->group;
		if (l->driver && !(d->driver = strdup(l->driver)))
			return -ENOMEM;
	}
	if (isc_model_parents_from_buses(b) < 0)
		return -ENOMEM;
	b->m->host.groups_from = f->log_groups ? "kernel log" : "none";
	if (f->log_kernel && !b->m->host.kernel && !(b->m->host.kernel = strdup(f->log_kernel)))
		return -ENOMEM;
	return 0;
}
