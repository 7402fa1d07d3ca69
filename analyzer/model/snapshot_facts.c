/* SPDX-License-Identifier: MIT */
/*
 * The host-facts stage of a snapshot: which of its files hold which format,
 * fed to the parsers (analyzer/parsers/) into the model's facts. Every read
 * goes through the snapshot interface and is bounded by FILE_MAX; directory
 * listings are bounded by the snapshot's own limits.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "model_private.h"
#include "pathres.h"
#include "../parsers/parsers.h"

#define ATTR_MAX (64 * 1024)
#define CONF_MAX (1u << 20)
#define LOG_MAX  (64u << 20)

typedef void (*parse_fn)(struct isc_facts *f, const char *text, size_t len, const char *source);

/*
 * A path in the snapshot, formatted into @out (ISC_PATH_MAX bytes): 0, or
 * -ENAMETOOLONG for a path no snapshot can hold (the caller skips it).
 */
static int fmt_path(char *out, const char *fmt, ...) ISC_PRINTF(2, 3);

static int fmt_path(char *out, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(out, ISC_PATH_MAX, fmt, ap);
	va_end(ap);
	return n < 0 || n >= ISC_PATH_MAX ? -ENAMETOOLONG : 0;
}

/* Parse snapshot file @path with @fn: 0, or -ENOENT (and the like) when it cannot be read. */
static int feed(struct isc_facts *f, struct isc_snapshot *s, const char *path, size_t max,
		parse_fn fn)
{
	char *text;
	size_t len;
	int r = isc_snapshot_read(s, path, max, &text, &len);

	if (r < 0)
		return r;
	fn(f, text, strnlen(text, len), path);
	free(text);
	return 0;
}

char *isc_read_text(struct isc_snapshot *s, const char *path)
{
	char *data;
	size_t len;

	if (isc_snapshot_read(s, path, ATTR_MAX, &data, &len) < 0)
		return NULL;
	while (len && isspace((unsigned char)data[len - 1]))
		data[--len] = '\0';
	if (memchr(data, '\0', len)) { /* binary where text was expected */
		free(data);
		return NULL;
	}
	return data;
}

static void read_grub(struct isc_facts *f, struct isc_snapshot *s)
{
	struct isc_grub g = {0};
	char **names = NULL, *text;
	size_t n = 0, len;

	if (isc_snapshot_read(s, "etc/default/grub", CONF_MAX, &text, &len) == 0) {
		f->has_grub_file = 1;
		isc_grub_parse(&g, text, strnlen(text, len), "etc/default/grub");
		free(text);
	}
	if (isc_snapshot_list(s, "etc/default/grub.d", &names, &n) == 0) {
		for (size_t i = 0; i < n; i++) {
			char path[ISC_PATH_MAX];

			if (fmt_path(path, "etc/default/grub.d/%s", names[i]) < 0 ||
			    isc_snapshot_read(s, path, CONF_MAX, &text, &len) < 0)
				continue;
			f->has_grub_file = 1;
			isc_grub_parse(&g, text, strnlen(text, len), path);
			free(text);
		}
		isc_snapshot_names_free(names, n);
	}
	isc_grub_finish(&g, f);
}

static void set_boot(struct isc_facts *f, enum isc_boot boot, const char *evidence)
{
	f->boot = boot;
	f->boot_evidence = strdup(evidence);
}

static void read_boot(struct isc_facts *f, struct isc_snapshot *s)
{
	static const char status[] = "cmd/proxmox-boot-tool-status.txt";

	feed(f, s, "etc/os-release", CONF_MAX, isc_osrelease_parse);
	read_grub(f, s);
	feed(f, s, "etc/kernel/cmdline", CONF_MAX, isc_kcmdline_parse);
	feed(f, s, status, CONF_MAX, isc_bootstatus_parse);
	if (f->boot_status != ISC_BOOT_UNKNOWN)
		set_boot(f, f->boot_status, status);
	else if (f->has_grub_file)
		set_boot(f, ISC_BOOT_GRUB, "etc/default/grub");
	else if (f->has_kcmd_file)
		set_boot(f, ISC_BOOT_SYSTEMD_BOOT, "etc/kernel/cmdline");
}

static void newer(struct isc_facts *f, struct isc_snapshot *s, const char *path)
{
	int64_t t;

	if (isc_snapshot_mtime(s, path, &t) == 0 && t > f->conf_mtime) {
		f->conf_mtime = t;
		free(f->conf_newest);
		f->conf_newest = strdup(path);
	}
}

static void read_modules(struct isc_facts *f, struct isc_snapshot *s, const char *kernel)
{
	static const char *const dirs[] = {"etc/modprobe.d", "etc/modules-load.d"};
	static const char unsafe[] =
	    "sys/module/vfio_iommu_type1/parameters/allow_unsafe_interrupts";
	char *v;

	for (size_t d = 0; d < 2; d++) {
		char **names = NULL;
		size_t n = 0;

		if (isc_snapshot_list(s, dirs[d], &names, &n) < 0)
			continue;
		for (size_t i = 0; i < n; i++) {
			char path[ISC_PATH_MAX];

			if (fmt_path(path, "%s/%s", dirs[d], names[i]) < 0)
				continue;
			newer(f, s, path);
			if (d == 0)
				feed(f, s, path, CONF_MAX, isc_modprobe_parse);
		}
		isc_snapshot_names_free(names, n);
	}
	newer(f, s, "etc/modules");
	isc_modprobe_finish(f);
	/* What the running module says beats configuration. */
	v = isc_read_text(s, unsafe);
	if (v) {
		f->unsafe_interrupts = isc_kparam_bool(v);
		f->unsafe_running = 1;
		isc_fact_src_set(&f->unsafe_src, unsafe, 0, NULL);
	}
	free(v);
	if (kernel) {
		/* Debian and Proxmox name it initrd.img-RELEASE, Red Hat initramfs-RELEASE.img. */
		static const char *const forms[][2] = {{"boot/initrd.img-", ""},
						       {"boot/initramfs-", ".img"}};

		for (size_t i = 0; i < 2 && !f->initrd; i++) {
			char path[ISC_PATH_MAX];
			int64_t t;

			if (fmt_path(path, "%s%s%s", forms[i][0], kernel, forms[i][1]) == 0 &&
			    isc_snapshot_mtime(s, path, &t) == 0) {
				f->initrd_mtime = t;
				f->initrd = strdup(path);
			}
		}
	}
}

static void read_firmware(struct isc_facts *f, struct isc_snapshot *s, const char *kernel)
{
	char **names = NULL;
	size_t n = 0;

	/* the collector's capture, else a sosreport's */
	if (feed(f, s, "cmd/dmesg.txt", LOG_MAX, isc_dmesg_parse) < 0 &&
	    feed(f, s, "sos_commands/kernel/dmesg", LOG_MAX, isc_dmesg_parse) < 0)
		feed(f, s, "var/log/dmesg", LOG_MAX, isc_dmesg_parse);
	/* the collector's capture is the whole ring buffer: from boot when it starts at 0 */
	f->log_full |= f->log_from_boot;
	if (isc_snapshot_list(s, "sys/firmware/acpi/tables", &names, &n) == 0) {
		f->have_acpi_tables = 1;
		for (size_t i = 0; i < n; i++) {
			f->has_dmar |= !strcmp(names[i], "DMAR");
			f->has_ivrs |= !strcmp(names[i], "IVRS");
		}
		isc_snapshot_names_free(names, n);
	}
	if (kernel) {
		char path[ISC_PATH_MAX];

		if (fmt_path(path, "boot/config-%s", kernel) == 0)
			feed(f, s, path, LOG_MAX, isc_kconfig_parse);
	}
}

static void read_vms(struct isc_facts *f, struct isc_snapshot *s)
{
	static const struct {
		const char *dir, *ext;
		void (*fn)(struct isc_facts *, const char *, size_t, const char *, const char *);
	} kinds[] = {
		{"etc/pve/qemu-server", ".conf", isc_pve_vm_parse},
		{"etc/libvirt/qemu", ".xml", isc_libvirt_parse},
	};

	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		char **names = NULL;
		size_t n = 0;

		if (isc_snapshot_list(s, kinds[k].dir, &names, &n) < 0)
			continue;
		for (size_t i = 0; i < n; i++) {
			char path[ISC_PATH_MAX], vm[64], *text;
			size_t len;

			if (!strstr(names[i], kinds[k].ext) ||
			    fmt_path(path, "%s/%s", kinds[k].dir, names[i]) < 0 ||
			    isc_snapshot_read(s, path, CONF_MAX, &text, &len) < 0)
				continue;
			/* the VMID of "100.conf"; the domain of "win10.xml" */
			if (k == 0)
				snprintf(vm, sizeof(vm), "%.*s", (int)strcspn(names[i], "."),
					 names[i]);
			else
				snprintf(vm, sizeof(vm), "%.*s", (int)(strlen(names[i]) - 4),
					 names[i]);
			kinds[k].fn(f, text, strnlen(text, len), path, vm);
			free(text);
		}
		isc_snapshot_names_free(names, n);
	}
	feed(f, s, "etc/pve/mapping/pci.cfg", CONF_MAX, isc_pve_mapping_parse);
}

/* Every group's reserved regions, and the physical slots. */
static void read_iommu(struct isc_facts *f, struct isc_snapshot *s)
{
	char **names = NULL;
	size_t n = 0;

	if (isc_snapshot_list(s, "sys/kernel/iommu_groups", &names, &n) == 0) {
		for (size_t i = 0; i < n; i++) {
			char path[ISC_PATH_MAX], *text, *end;
			long id = strtol(names[i], &end, 10);
			size_t len;

			if (*end || id < 0 || id > 0x7fffffffL ||
			    fmt_path(path, "sys/kernel/iommu_groups/%s/reserved_regions",
				     names[i]) < 0 ||
			    isc_snapshot_read(s, path, 1u << 16, &text, &len) < 0)
				continue;
			isc_reserved_parse(f, text, strnlen(text, len), path, (int)id);
			free(text);
		}
		isc_snapshot_names_free(names, n);
	}
	if (isc_snapshot_list(s, "sys/bus/pci/slots", &names, &n) == 0) {
		for (size_t i = 0; i < n; i++) {
			char path[ISC_PATH_MAX], *addr;
			struct isc_slot *slot;

			if (fmt_path(path, "sys/bus/pci/slots/%s/address", names[i]) < 0 ||
			    !(addr = isc_read_text(s, path)))
				continue;
			if (isc_grow(&f->slots, f->n_slots, sizeof(*f->slots)) < 0) {
				free(addr);
				break;
			}
			slot = &f->slots[f->n_slots];
			slot->name = strdup(names[i]);
			slot->address = addr;
			if (!slot->name) {
				free(addr);
				break;
			}
			f->n_slots++;
		}
		isc_snapshot_names_free(names, n);
	}
}

/* The devices behind sys/class/@cls: each link's target names its PCI function. */
static void read_class_links(struct isc_devgraph *g, struct isc_snapshot *s, const char *cls)
{
	char dir[64], **names = NULL;
	size_t n = 0;

	snprintf(dir, sizeof(dir), "sys/class/%s", cls);
	if (isc_snapshot_list(s, dir, &names, &n) < 0)
		return;
	g->have_links = 1;
	for (size_t i = 0; i < n; i++) {
		char path[ISC_PATH_MAX], target[ISC_PATH_MAX];

		if (fmt_path(path, "%s/%s", dir, names[i]) == 0 &&
		    isc_snapshot_readlink(s, path, target, sizeof(target)) == 0)
			isc_devgraph_link(g, names[i], target);
	}
	isc_snapshot_names_free(names, n);
}

/* What the host runs on: its network interfaces and routes, its disks and mounts. */
static void read_host_devices(struct isc_facts *f, struct isc_snapshot *s)
{
	read_class_links(&f->net, s, "net");
	feed(f, s, "cmd/ip-link.json", CONF_MAX, isc_iplink_parse);
	feed(f, s, "cmd/ip-route.json", CONF_MAX, isc_iproute_parse);
	feed(f, s, "cmd/ip-route6.json", CONF_MAX, isc_iproute_parse);
	read_class_links(&f->block, s, "block");
	isc_nvme_paths(&f->block);
	feed(f, s, "proc/mounts", CONF_MAX, isc_mounts_parse); /* before lsblk: the ZFS pools */
	feed(f, s, "cmd/lsblk.json", CONF_MAX, isc_lsblk_parse);
	isc_devgraph_finish(&f->net, 1);
	isc_devgraph_finish(&f->block, 0);
}

void isc_facts_read_manifest(struct isc_model *m, struct isc_snapshot *s)
{
	char *text;
	size_t len;

	if (isc_snapshot_read(s, "manifest.json", 4u << 20, &text, &len) < 0)
		return;
	isc_manifest_parse(m->facts, text, len, "manifest.json", &m->diags);
	free(text);
}

void isc_facts_read(struct isc_model *m, struct isc_snapshot *s)
{
	struct isc_facts *f = m->facts;

	read_boot(f, s);
	read_modules(f, s, m->host.kernel);
	read_firmware(f, s, m->host.kernel);
	read_vms(f, s);
	read_iommu(f, s);
	read_host_devices(f, s);
}
