/* SPDX-License-Identifier: MIT */
/*
 * Building the model from a snapshot, and its lifetime.
 *
 * Ownership: struct isc_model owns the device array, every string a device
 * or the host points to, the group array and each group's member array.
 * Pointers between devices (parent, physfn) and from groups to devices are
 * borrowed from the device array, which is not resized after linking.
 *
 * Sources, in order of trust: the sysfs tree (devices, topology from the
 * nested sys/devices path, config space, driver and group links), then
 * manifest, /proc and dmesg for host facts, then lspci text and pci.ids for
 * names. A paste builds devices and groups from text alone (paste.c).
 */
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iommuscope/model.h"
#include "model_private.h"
#include "buf.h"
#include "pathres.h"
#include "../archive/snapshot_private.h"
#include "../parsers/parsers.h"

#define ATTR_MAX (64 * 1024)

/* ---- devices ------------------------------------------------------------------------- */

struct isc_device *isc_model_lookup(struct isc_model *m, const char *address)
{
	const struct isc_device *d = isc_devices_find(m->devices, m->n_devices, address);

	return d ? &m->devices[d - m->devices] : NULL;
}

const struct isc_device *isc_model_find(const struct isc_model *m, const char *address)
{
	return isc_devices_find(m->devices, m->n_devices, address);
}

int isc_model_knows_drivers(const struct isc_model *m)
{
	if (m->kind != ISC_SNAPSHOT_PASTE)
		return 1;
	for (size_t i = 0; i < m->n_devices; i++)
		if (m->devices[i].driver)
			return 1;
	return 0;
}

/* ---- reading sysfs ------------------------------------------------------------------- */

/* "dir/name" into @out; 0, or -ENAMETOOLONG (then nothing is read). */
static int join(char *out, size_t outsz, const char *dir, const char *name)
{
	int n = snprintf(out, outsz, "%s/%s", dir, name);

	return n < 0 || (size_t)n >= outsz ? -ENAMETOOLONG : 0;
}

/* Read a small text file, trimmed; NULL when absent. Returns new. */
static int read_int(struct isc_snapshot *s, const char *dir, const char *attr, int base,
		    int *ret)
{
	char path[ISC_PATH_MAX], *text, *end;
	long v;

	if (join(path, sizeof(path), dir, attr) < 0)
		return -ENAMETOOLONG;
	text = isc_read_text(s, path);
	if (!text)
		return -ENOENT;
	v = strtol(text, &end, base);
	if (end == text || *end) {
		free(text);
		return -EINVAL;
	}
	free(text);
	*ret = (int)v;
	return 0;
}

static char *read_attr(struct isc_snapshot *s, const char *dir, const char *attr)
{
	char path[ISC_PATH_MAX];

	return join(path, sizeof(path), dir, attr) < 0 ? NULL : isc_read_text(s, path);
}

/* Basename of the target of link dir/name; NULL when there is no such link. Returns new. */
static char *link_base(struct isc_snapshot *s, const char *dir, const char *name)
{
	char path[ISC_PATH_MAX], target[ISC_PATH_MAX];
	const char *slash;

	if (join(path, sizeof(path), dir, name) < 0 ||
	    isc_snapshot_readlink(s, path, target, sizeof(target)) < 0)
		return NULL;
	slash = strrchr(target, '/');
	return strdup(slash ? slash + 1 : target);
}

/* Numeric sysfs attributes and where they go (sysfs ABI: ids and class in hex). */
static const struct {
	const char *name;
	int base;
	size_t offset;
} int_attrs[] = {
	{"vendor", 16, offsetof(struct isc_device, vendor)},
	{"device", 16, offsetof(struct isc_device, device)},
	{"subsystem_vendor", 16, offsetof(struct isc_device, subsys_vendor)},
	{"subsystem_device", 16, offsetof(struct isc_device, subsys_device)},
	{"class", 16, offsetof(struct isc_device, class_code)},
	{"revision", 16, offsetof(struct isc_device, revision)},
	{"numa_node", 10, offsetof(struct isc_device, numa_node)},
	{"current_link_width", 10, offsetof(struct isc_device, link_width)},
	{"sriov_numvfs", 10, offsetof(struct isc_device, num_vfs)},
};

static void read_function(struct isc_model_builder *b, struct isc_snapshot *s,
			  struct isc_device *d, const char *dir)
{
	char path[ISC_PATH_MAX], *group, *cfg = NULL;
	size_t cfg_len = 0;
	int v, r;

	for (size_t i = 0; i < sizeof(int_attrs) / sizeof(int_attrs[0]); i++)
		if (read_int(s, dir, int_attrs[i].name, int_attrs[i].base, &v) == 0)
			*(int *)((char *)d + int_attrs[i].offset) = v;
	if (read_int(s, dir, "boot_vga", 10, &v) == 0)
		d->boot_vga = v ? ISC_YES : ISC_NO;
	d->link_speed = read_attr(s, dir, "current_link_speed");
	d->reset_methods = read_attr(s, dir, "reset_method");
	d->driver_override = read_attr(s, dir, "driver_override");
	if (d->driver_override && !strcmp(d->driver_override, "(null)")) {
		free(d->driver_override);
		d->driver_override = NULL;
	}
	d->driver = link_base(s, dir, "driver");
	group = link_base(s, dir, "iommu_group");
	if (group) {
		char *end;
		long g = strtol(group, &end, 10);

		if (!*end && end != group && g >= 0 && g < 1 << 30)
			b->link_groups[d - b->m->devices] = (int)g;
		free(group);
	}
	b->physfns[d - b->m->devices] = link_base(s, dir, "physfn");
	d->is_virtfn = b->physfns[d - b->m->devices] != NULL;

	/* read within the entry limit, so that an oversized config can be named with its size */
	r = join(path, sizeof(path), dir, "config") == 0
		? isc_snapshot_read(s, path, ISC_SNAPSHOT_MAX_ENTRY_BYTES, &cfg, &cfg_len)
		: -ENAMETOOLONG;
	if (r == 0 && cfg_len > CFG_SPACE_MAX) {
		isc_diags_add(&b->m->diags, path, 0,
			      "config space ignored: %zu bytes, larger than "
			      "the %d bytes PCI Express defines (the limit)",
			      cfg_len, CFG_SPACE_MAX);
		free(cfg);
		r = -EFBIG;
	} else if (r == 0) {
		isc_cfg_decode((const uint8_t *)cfg, cfg_len, d, &b->m->diags, path);
		free(cfg);
	}
	if (r != 0 && d->vendor < 0) {
		isc_diags_add(&b->m->diags, dir, 0, "no identity: neither ids nor config space");
	}
}

/* The parent bridge's address from the nested device path ("…/0000:00:01.0/0000:01:00.0"). */
static char *parent_from_path(const char *devpath)
{
	char dir[ISC_PATH_MAX];
	const char *base;
	unsigned a, b, c, d;

	isc_path_dirname(devpath, dir, sizeof(dir));
	base = strrchr(dir, '/');
	base = base ? base + 1 : dir;
	if (isc_parse_bdf(base, &a, &b, &c, &d) < 0)
		return NULL; /* a root bus (pciDDDD:BB) */
	return strdup(base);
}

/* Why a path in the snapshot cannot be resolved, naming the limit it broke. */
static const char *resolve_error(int r, char *buf, size_t bufsz)
{
	if (r == -ELOOP)
		snprintf(buf, bufsz, "more than %d links to follow (the limit)", ISC_PATH_MAX_HOPS);
	else if (r == -ENAMETOOLONG)
		snprintf(buf, bufsz, "the path grows longer than %d bytes (the limit)",
			 ISC_PATH_MAX - 1);
	else
		snprintf(buf, bufsz, "%s", strerror(-r));
	return buf;
}

static int read_devices(struct isc_model_builder *b, struct isc_snapshot *s)
{
	char **names = NULL;
	size_t n = 0;
	int r = isc_snapshot_list(s, "sys/bus/pci/devices", &names, &n);

	if (r < 0)
		return r == -ENOMEM ? r : 0;
	b->link_groups = malloc((n ? n : 1) * sizeof(*b->link_groups));
	if (!b->link_groups) {
		isc_snapshot_names_free(names, n);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n && !b->oom; i++) {
		char link[ISC_PATH_MAX], dir[ISC_PATH_MAX], why[96];
		unsigned dom, bus, dev, fn;
		struct isc_device *d;

		if (isc_parse_bdf(names[i], &dom, &bus, &dev, &fn) < 0 || strlen(names[i]) < 12) {
			isc_diags_add(&b->m->diags, "sys/bus/pci/devices", 0,
				      "'%s' is not a PCI address", names[i]);
			continue;
		}
		r = join(link, sizeof(link), "sys/bus/pci/devices", names[i]);
		if (r == 0)
			r = isc_snapshot_resolve(s, link, dir, sizeof(dir));
		if (r < 0) {
			isc_diags_add(&b->m->diags, link, 0, "link cannot be resolved: %s",
				      resolve_error(r, why, sizeof(why)));
			continue;
		}
		d = isc_model_add_device(b, dom, bus, dev, fn);
		if (!d)
			break;
		b->link_groups[b->m->n_devices - 1] = -1;
		b->parents[b->m->n_devices - 1] =
			strncmp(dir, "sys/devices/", 12) ? NULL : parent_from_path(dir);
		read_function(b, s, d, dir);
	}
	isc_snapshot_names_free(names, n);
	return b->oom ? -ENOMEM : 0;
}

/* Groups from sys/kernel/iommu_groups, else from the per-device links. */
static void read_groups(struct isc_model_builder *b, struct isc_snapshot *s)
{
	struct isc_model *m = b->m;
	char **groups = NULL;
	size_t ng = 0;
	int from_dir = 0;

	if (isc_snapshot_list(s, "sys/kernel/iommu_groups", &groups, &ng) == 0) {
		for (size_t i = 0; i < ng; i++) {
			char path[ISC_PATH_MAX], **devs = NULL, *end;
			size_t nd = 0;
			long g = strtol(groups[i], &end, 10);

			if (*end || end == groups[i] || g < 0 || g >= 1 << 30)
				continue;
			if (snprintf(path, sizeof(path), "sys/kernel/iommu_groups/%s/devices",
				     groups[i]) >= (int)sizeof(path) ||
			    isc_snapshot_list(s, path, &devs, &nd) < 0)
				continue;
			for (size_t k = 0; k < nd; k++) {
				struct isc_device *d = isc_model_lookup(m, devs[k]);

				if (!d) {
					isc_diags_add(&m->diags, path, 0, "group member %s is not a "
									  "known PCI function", devs[k]);
					continue;
				}
				if (d->group >= 0 && d->group != (int)g)
					isc_diags_add(&m->diags, path, 0, "%s is in groups %d and %ld",
						      d->address, d->group, g);
				d->group = (int)g;
				from_dir = 1;
			}
			isc_snapshot_names_free(devs, nd);
		}
		isc_snapshot_names_free(groups, ng);
	}
	for (size_t i = 0; i < m->n_devices; i++) {
		int lg = b->link_groups ? b->link_groups[b->order[i]] : -1; /* none: a sosreport */

		if (lg < 0)
			continue;
		if (from_dir && m->devices[i].group != lg)
			isc_diags_add(&m->diags, m->devices[i].address, 0,
				      "iommu_group link says %d, the groups directory says %d", lg,
				      m->devices[i].group);
		else if (!from_dir)
			m->devices[i].group = lg;
	}
	m->host.groups_from = from_dir ? "iommu_groups" : "none";
	for (size_t i = 0; !from_dir && i < m->n_devices; i++)
		if (m->devices[i].group >= 0)
			m->host.groups_from = "device links";
}

/* ---- linking and groups -------------------------------------------------------------- */

static int cmp_index(const void *a, const void *b, void *ctx)
{
	const struct isc_device *v = ctx;

	return isc_device_cmp(&v[*(const size_t *)a], &v[*(const size_t *)b]);
}

/* Sort devices by address, carrying the side tables along. */
static int sort_devices(struct isc_model_builder *b)
{
	struct isc_model *m = b->m;
	size_t n = m->n_devices;
	struct isc_device *sorted;
	char **parents, **physfns;

	b->order = malloc((n ? n : 1) * sizeof(*b->order));
	sorted = malloc((n ? n : 1) * sizeof(*sorted));
	parents = malloc((n ? n : 1) * sizeof(*parents));
	physfns = malloc((n ? n : 1) * sizeof(*physfns));
	if (!b->order || !sorted || !parents || !physfns) {
		free(sorted);
		free(parents);
		free(physfns);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		b->order[i] = i;
	qsort_r(b->order, n, sizeof(*b->order), cmp_index, m->devices);
	for (size_t i = 0; i < n; i++) {
		sorted[i] = m->devices[b->order[i]];
		parents[i] = b->parents[b->order[i]];
		physfns[i] = b->physfns[b->order[i]];
	}
	free(m->devices);
	free(b->parents);
	free(b->physfns);
	m->devices = sorted;
	b->parents = parents;
	b->physfns = physfns;
	b->cap = n;
	/* Duplicate addresses (only a paste can make them): keep the first. */
	for (size_t i = 1; i < m->n_devices; i++)
		if (!isc_device_cmp(&m->devices[i - 1], &m->devices[i]))
			isc_diags_add(&m->diags, m->devices[i].address, 0, "listed twice");
	return 0;
}

/*
 * A pasted bridge may claim a bus that holds its own ancestor: cut such a
 * parent cycle where it closes, so that every walk up the tree ends.
 * Colours: 0 not seen, 1 on the current walk, 2 done.
 */
static int break_cycles(struct isc_model *m)
{
	unsigned char *colour = calloc(m->n_devices ? m->n_devices : 1, 1);

	if (!colour)
		return -ENOMEM;
	for (size_t i = 0; i < m->n_devices; i++) {
		struct isc_device *d = &m->devices[i];

		while (d && !colour[d - m->devices]) {
			colour[d - m->devices] = 1;
			if (d->parent && colour[d->parent - m->devices] == 1) {
				isc_diags_add(&m->diags, d->address, 0, "bridge %s is its own ancestor: "
									"link ignored", d->parent->address);
				d->parent = NULL;
			}
			d = d->parent;
		}
		for (d = &m->devices[i]; d && colour[d - m->devices] == 1; d = d->parent)
			colour[d - m->devices] = 2;
	}
	free(colour);
	return 0;
}

static int link_devices(struct isc_model_builder *b)
{
	struct isc_model *m = b->m;

	for (size_t i = 0; i < m->n_devices; i++) {
		struct isc_device *d = &m->devices[i];

		if (b->parents[i])
			d->parent = isc_model_lookup(m, b->parents[i]);
		if (b->physfns[i])
			d->physfn = isc_model_lookup(m, b->physfns[i]);
		if (d->parent == d)
			d->parent = NULL;
	}
	return break_cycles(m);
}

/* Group id, then address (the devices array is in address order). */
static int cmp_member(const void *a, const void *b)
{
	const struct isc_device *x = *(const struct isc_device *const *)a;
	const struct isc_device *y = *(const struct isc_device *const *)b;

	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	return (x > y) - (x < y);
}

/* The groups from the devices' group ids: one sort, so hostile ids cost n log n. */
static int build_groups(struct isc_model *m)
{
	struct isc_device **v = malloc((m->n_devices ? m->n_devices : 1) * sizeof(*v));
	size_t n = 0, ng = 0;

	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < m->n_devices; i++)
		if (m->devices[i].group >= 0)
			v[n++] = &m->devices[i];
	if (n)
		qsort(v, n, sizeof(*v), cmp_member);
	for (size_t i = 0; i < n; i++)
		ng += !i || v[i]->group != v[i - 1]->group;
	m->groups = calloc(ng ? ng : 1, sizeof(*m->groups));
	if (!m->groups) {
		free(v);
		return -ENOMEM;
	}
	for (size_t i = 0, k; i < n; i = k) {
		struct isc_group *g = &m->groups[m->n_groups];

		for (k = i; k < n && v[k]->group == v[i]->group; k++)
			;
		g->id = v[i]->group;
		g->n = k - i;
		g->devices = malloc(g->n * sizeof(*g->devices));
		if (!g->devices) {
			free(v);
			return -ENOMEM;
		}
		memcpy(g->devices, v + i, g->n * sizeof(*g->devices));
		m->n_groups++;
	}
	free(v);
	return 0;
}

/* ---- host facts ---------------------------------------------------------------------- */

static char *first_line(char *text)
{
	if (text)
		text[strcspn(text, "\n")] = '\0';
	return text;
}

/* The manifest's host facts (parsers/manifest.c) into the host. */
static void read_manifest(struct isc_model *m, struct isc_snapshot *s)
{
	const struct isc_facts *f = m->facts;

	isc_facts_read_manifest(m, s);
	if (f->m_format)
		m->host.snapshot_format = strdup(f->m_format);
	if (f->m_host)
		m->host.hostname = strdup(f->m_host);
	if (f->m_collected_at)
		m->host.collected_at = strdup(f->m_collected_at);
	if (f->m_kernel && !m->host.kernel)
		m->host.kernel = strdup(f->m_kernel);
}

static char *cpuinfo_field(struct isc_snapshot *s, const char *key)
{
	char *text = isc_read_text(s, "proc/cpuinfo"), *p, *out = NULL;

	for (p = text; p && *p;) {
		char *nl = strchr(p, '\n');

		if (nl)
			*nl = '\0';
		if (!strncmp(p, key, strlen(key))) {
			char *colon = strchr(p, ':');

			if (colon) {
				colon++;
				while (*colon == ' ' || *colon == '\t')
					colon++;
				out = strdup(colon);
			}
			break;
		}
		p = nl ? nl + 1 : NULL;
	}
	free(text);
	return out;
}

/*
 * Was the snapshot taken inside a virtual machine? The CPU's "hypervisor"
 * flag (set by every x86 hypervisor in CPUID leaf 1), or a hypervisor's DMI
 * vendor or product. QEMU's own PCI devices are checked once the devices
 * are read (finish_host).
 */
static void read_guest(struct isc_model *m, struct isc_snapshot *s)
{
	static const char *const dmi_words[] = {"QEMU", "KVM", "VMware", "Virtual Machine",
						"VirtualBox", "innotek", "Xen", "Bochs",
						"Standard PC (", "Parallels", "BHYVE", "Amazon EC2"};
	static const char *const dmi_files[] = {"sys/class/dmi/id/sys_vendor",
						"sys/class/dmi/id/product_name"};
	char *flags = cpuinfo_field(s, "flags");

	if (flags) {
		for (char *tok = strtok(flags, " \t"); tok && !m->host.guest_why;
		     tok = strtok(NULL, " \t"))
			if (!strcmp(tok, "hypervisor"))
				m->host.guest_why = strdup("the CPU's hypervisor flag");
		free(flags);
	}
	for (size_t i = 0; i < 2 && !m->host.guest_why; i++) {
		char *v = first_line(isc_read_text(s, dmi_files[i]));

		for (size_t k = 0; v && k < sizeof(dmi_words) / sizeof(dmi_words[0]); k++)
			if (strstr(v, dmi_words[k])) {
				m->host.guest_why = isc_strdupf("the DMI %s \"%.64s\"",
								i ? "product" : "vendor", v);
				break;
			}
		free(v);
	}
	m->host.is_guest = m->host.guest_why != NULL;
}

static void read_host(struct isc_model *m, struct isc_snapshot *s)
{
	static const struct {
		const char *path;
		size_t off;
	} dmi[] = {
		{"sys/class/dmi/id/board_vendor", offsetof(struct isc_host, board_vendor)},
		{"sys/class/dmi/id/board_name", offsetof(struct isc_host, board_name)},
		{"sys/class/dmi/id/bios_vendor", offsetof(struct isc_host, bios_vendor)},
		{"sys/class/dmi/id/bios_version", offsetof(struct isc_host, bios_version)},
		{"sys/class/dmi/id/bios_date", offsetof(struct isc_host, bios_date)},
	};
	char **units = NULL;
	size_t nu = 0;

	m->host.kernel = first_line(isc_read_text(s, "cmd/uname-r.txt"));
	if (!m->host.kernel) {
		char *v = isc_read_text(s, "proc/sys/kernel/osrelease");

		m->host.kernel = first_line(v);
	}
	read_manifest(m, s);
	if (!m->host.kernel) {
		/* "Linux version 6.8.12-4-pve (…)" */
		char *v = isc_read_text(s, "proc/version"), rel[128];

		if (v && sscanf(v, "Linux version %127s", rel) == 1)
			m->host.kernel = strdup(rel);
		free(v);
	}
	m->host.cmdline = first_line(isc_read_text(s, "proc/cmdline"));
	for (size_t i = 0; i < sizeof(dmi) / sizeof(dmi[0]); i++)
		*(char **)((char *)&m->host + dmi[i].off) = isc_read_text(s, dmi[i].path);
	m->host.cpu_vendor = cpuinfo_field(s, "vendor_id");
	read_guest(m, s);

	/* IOMMU vendor: the units sysfs lists, else the ACPI table names. */
	if (isc_snapshot_list(s, "sys/class/iommu", &units, &nu) == 0) {
		for (size_t i = 0; i < nu && !m->host.iommu_vendor; i++) {
			if (!strncmp(units[i], "dmar", 4))
				m->host.iommu_vendor = strdup("intel");
			else if (!strncmp(units[i], "ivhd", 4))
				m->host.iommu_vendor = strdup("amd");
		}
		isc_snapshot_names_free(units, nu);
	}
	if (!m->host.iommu_vendor) {
		char *t;

		if ((t = isc_read_text(s, "sys/firmware/acpi/tables/DMAR")) != NULL)
			m->host.iommu_vendor = strdup("intel");
		else if ((t = isc_read_text(s, "sys/firmware/acpi/tables/IVRS")) != NULL)
			m->host.iommu_vendor = strdup("amd");
		free(t);
	}
}

/* The IOMMU driver's own log lines, when sysfs and ACPI names did not tell. */
static void iommu_from_dmesg(struct isc_model *m)
{
	if (!m->host.iommu_vendor && m->facts->log_iommu_vendor)
		m->host.iommu_vendor = strdup(m->facts->log_iommu_vendor);
}

/* Names and host facts come from a stranger's files: no terminal escapes in them. */
static void clean_strings(struct isc_model *m)
{
	struct isc_host *h = &m->host;

	for (size_t i = 0; i < m->n_devices; i++) {
		struct isc_device *d = &m->devices[i];

		isc_text_clean(d->name);
		isc_text_clean(d->class_name);
		isc_text_clean(d->driver);
		isc_text_clean(d->driver_override);
		isc_text_clean(d->reset_methods);
		isc_text_clean(d->link_speed);
	}
	isc_text_clean(h->kernel);
	isc_text_clean(h->cmdline);
	isc_text_clean(h->iommu_vendor);
	isc_text_clean(h->cpu_vendor);
	isc_text_clean(h->guest_why);
	isc_text_clean(h->board_vendor);
	isc_text_clean(h->board_name);
	isc_text_clean(h->bios_vendor);
	isc_text_clean(h->bios_version);
	isc_text_clean(h->bios_date);
	isc_text_clean(h->hostname);
	isc_text_clean(h->collected_at);
	isc_text_clean(h->snapshot_format);
}

static int finish_host(struct isc_model *m)
{
	enum isc_cfg least = ISC_CFG_EXTENDED;

	clean_strings(m);
	if (m->host.cmdline) {
		int r = isc_cmdline_split(m->host.cmdline, &m->host.params, &m->host.n_params);

		if (r < 0)
			return r;
		if (r > 0)
			isc_diags_add(&m->diags, "proc/cmdline", 0,
				      "more than %d parameters (the limit): the rest are ignored",
				      ISC_CMDLINE_MAX_PARAMS);
	}

	/* Without a header type (no config space, a paste), the class says bridge. */
	for (size_t i = 0; i < m->n_devices; i++) {
		struct isc_device *d = &m->devices[i];
		int sub = d->class_code >= 0 ? d->class_code >> 8 : -1;

		if (d->header_type < 0 && (sub == 0x0604 || sub == 0x0609))
			d->is_bridge = 1;
	}

	m->host.iommu_on = m->n_groups ? ISC_YES : ISC_NO;
	if ((m->kind == ISC_SNAPSHOT_PASTE || m->facts->sosreport) && !m->n_groups)
		m->host.iommu_on = m->facts->log_iommu_on; /* a kernel log may tell; a listing not */
	/* No PCI tree captured: no groups says nothing; the kernel log may tell. */
	if (!m->n_devices && !m->n_groups)
		m->host.iommu_on = m->facts->log_iommu_on != ISC_UNKNOWN ? m->facts->log_iommu_on
				   : m->facts->log[ISC_EV_IR_ON].count ? ISC_YES
								       : ISC_UNKNOWN;
	/* QEMU's own PCI devices (vendor 1b36: root ports, bridges, xHCI) exist only in a guest. */
	for (size_t i = 0; i < m->n_devices && !m->host.is_guest; i++)
		if (m->devices[i].vendor == 0x1b36) {
			m->host.guest_why = isc_strdupf("QEMU's device 1b36:%04x at %s",
							(unsigned)m->devices[i].device & 0xffff,
							m->devices[i].address);
			m->host.is_guest = m->host.guest_why != NULL;
		}
	for (size_t i = 0; i < m->n_devices; i++)
		if (m->devices[i].cfg < least)
			least = m->devices[i].cfg;
	m->host.config_access = m->n_devices ? least : ISC_CFG_NONE;
	return 0;
}

int isc_model_set_cmdline(struct isc_model *m, const char *cmdline)
{
	struct isc_host *h = &m->host;
	char *copy = strdup(cmdline);
	int r;

	if (!copy)
		return -ENOMEM;
	for (size_t i = 0; i < h->n_params; i++)
		free(h->params[i]);
	free(h->params);
	free(h->cmdline);
	h->params = NULL;
	h->n_params = 0;
	h->cmdline = isc_text_clean(copy);
	r = isc_cmdline_split(h->cmdline, &h->params, &h->n_params);
	if (r > 0)
		isc_diags_add(&m->diags, m->source, 0,
			      "more than %d parameters (the limit): the rest are ignored",
			      ISC_CMDLINE_MAX_PARAMS);
	return r < 0 ? r : 0;
}

/*
 * A text file: a listing (paste.c), or another format whose facts go to the
 * model (text.c); a kernel log also brings its functions. *@found: it held
 * facts of its kind, so it is an input even without devices.
 */
static int read_text(struct isc_model_builder *b, struct isc_snapshot *s, unsigned listing,
		     int *found)
{
	struct isc_model *m = b->m;
	const struct isc_facts *f = m->facts;
	enum isc_text_kind k;
	char *text;
	size_t len;
	int r = isc_snapshot_read(s, "paste.txt", ISC_SNAPSHOT_MAX_ENTRY_BYTES, &text, &len);

	if (r < 0)
		return r;
	k = isc_text_classify(text, len);
	if (k == ISC_TEXT_LISTING) {
		free(text);
		r = isc_paste_parse(b, s, listing);
		if (r == 0 && m->host.cmdline && !(m->facts->cmdline_file = strdup(m->source)))
			r = -ENOMEM;
		if (r == 0 && !strcmp(m->host.groups_from, "paste") &&
		    !(m->facts->groups_file = strdup(m->source)))
			r = -ENOMEM;
		return r;
	}
	r = isc_text_facts(m, text, strnlen(text, len), k, m->source);
	free(text);
	if (r == 0 && k == ISC_TEXT_DMESG)
		r = isc_log_devices(b);
	if (r == 0 && (f->log_cmdline || f->text_cmdline) && !m->host.cmdline &&
	    (!(m->host.cmdline = strdup(f->log_cmdline ? f->log_cmdline : f->text_cmdline)) ||
	     !(m->facts->cmdline_file = strdup(m->source))))
		r = -ENOMEM;
	if (r == 0 && f->log_groups && !(m->facts->groups_file = strdup(m->source)))
		r = -ENOMEM;
	if (!m->host.groups_from)
		m->host.groups_from = "none";
	*found = (k == ISC_TEXT_DMESG &&
		  (f->log_groups || f->log_iommu_on != ISC_UNKNOWN || f->log_cmdline ||
		   f->log_kernel || f->default_domain || f->n_rmrr || f->log[ISC_EV_RMRR].count ||
		   f->log[ISC_EV_NOT_VIABLE].count || f->log[ISC_EV_IRQ_REFUSED].count)) ||
		 f->n_grub || f->n_opts || f->n_softdeps || f->n_blacklist || f->n_vmdevs;
	return r;
}

/* ---- the whole -------------------------------------------------------------------------- */

void isc_model_free(struct isc_model *m)
{
	struct isc_host *h;

	if (!m)
		return;
	for (size_t i = 0; i < m->n_devices; i++)
		isc_device_free(&m->devices[i]);
	free(m->devices);
	for (size_t i = 0; i < m->n_groups; i++)
		free(m->groups[i].devices);
	free(m->groups);
	h = &m->host;
	free(h->kernel);
	free(h->cmdline);
	for (size_t i = 0; i < h->n_params; i++)
		free(h->params[i]);
	free(h->params);
	free(h->iommu_vendor);
	free(h->cpu_vendor);
	free(h->board_vendor);
	free(h->board_name);
	free(h->bios_vendor);
	free(h->bios_version);
	free(h->bios_date);
	free(h->hostname);
	free(h->collected_at);
	free(h->snapshot_format);
	free(h->guest_why);
	free(m->source);
	isc_diags_free(&m->diags);
	isc_facts_unref(m->facts);
	free(m);
}

static void name_devices(struct isc_model *m, struct isc_snapshot *s, const char *pci_ids)
{
	static const char *const lspci_files[] = {"cmd/lspci-nnk.txt", "cmd/lspci-vvv-nn.txt",
						   "sos_commands/pci/lspci_-nnvv"};

	for (size_t i = 0; i < sizeof(lspci_files) / sizeof(lspci_files[0]); i++) {
		char *text;
		size_t len;

		if (isc_snapshot_read(s, lspci_files[i], 64u << 20, &text, &len) == 0) {
			isc_lspci_names(m->devices, m->n_devices, text, len);
			free(text);
		}
	}
	isc_pciids_names(m->devices, m->n_devices, pci_ids);
}

int isc_model_build(struct isc_snapshot *s, const struct isc_model_options *opts,
		    struct isc_model **ret, struct isc_error *err)
{
	struct isc_model_builder b = {0};
	const struct isc_diags *sd = isc_snapshot_diags(s);
	size_t seen = 0;
	int r, found = 0;

	b.m = calloc(1, sizeof(*b.m));
	if (!b.m || !(b.m->source = strdup(isc_snapshot_name(s))) ||
	    !(b.m->facts = isc_facts_new())) {
		if (b.m)
			free(b.m->source);
		free(b.m);
		isc_error_set(err, "%s: out of memory", isc_snapshot_name(s));
		return -ENOMEM;
	}
	b.m->kind = isc_snapshot_kind(s);
	for (; seen < sd->n; seen++)
		isc_diags_add(&b.m->diags, sd->v[seen].source, sd->v[seen].line, "%s",
			      sd->v[seen].message);

	if (b.m->kind == ISC_SNAPSHOT_PASTE) {
		r = read_text(&b, s, opts ? opts->listing : 0, &found);
	} else {
		read_host(b.m, s);
		r = read_devices(&b, s);
		/* no sysfs PCI tree: a sosreport's config space under proc/bus/pci */
		if (r == 0 && !b.m->n_devices)
			r = isc_proc_pci_devices(&b, s);
	}
	if (r == 0)
		r = sort_devices(&b);
	if (r == 0)
		r = link_devices(&b);
	if (r == 0) {
		if (b.m->kind != ISC_SNAPSHOT_PASTE)
			read_groups(&b, s);
		r = build_groups(b.m);
	}
	if (r == 0) {
		name_devices(b.m, s, opts ? opts->pci_ids : NULL);
		if (b.m->kind != ISC_SNAPSHOT_PASTE)
			isc_facts_read(b.m, s);
		iommu_from_dmesg(b.m);
		r = finish_host(b.m);
	}
	for (; seen < sd->n; seen++) /* a file over its reader's limit, say */
		isc_diags_add(&b.m->diags, sd->v[seen].source, sd->v[seen].line, "%s",
			      sd->v[seen].message);
	isc_model_builder_free(&b);
	if (r == 0 && opts && opts->listing > 1 && b.m->n_listings < opts->listing) {
		isc_error_set(err, "%s: holds %u group listing%s, not %u", isc_snapshot_name(s),
			      b.m->n_listings, b.m->n_listings == 1 ? "" : "s", opts->listing);
		r = -EINVAL;
	} else if (r == 0 && b.m->n_devices == 0 && !b.m->host.kernel && !b.m->host.cmdline &&
		   !found) {
		isc_error_set(err, "%s: no PCI devices, groups or host facts found: not a snapshot "
				   "iommuscope can read",
			      isc_snapshot_name(s));
		r = -EINVAL;
	}
	if (r < 0) {
		if (r == -ENOMEM)
			isc_error_set(err, "%s: out of memory", isc_snapshot_name(s));
		isc_model_free(b.m);
		return r;
	}
	*ret = b.m;
	return 0;
}

/* ---- derived models (whatif) ------------------------------------------------------------ */

static int dup_str(char **s)
{
	return !*s || (*s = strdup(*s)) != NULL ? 0 : -ENOMEM;
}

struct isc_model *isc_model_clone(const struct isc_model *m)
{
	struct isc_model *c = calloc(1, sizeof(*c));
	struct isc_host *h;
	int r = 0;

	if (!c)
		return NULL;
	c->kind = m->kind;
	c->facts = m->facts; /* shared, read-only */
	c->facts->refs++;
	c->host = m->host;
	h = &c->host;
	h->params = NULL;
	h->n_params = 0;
	c->source = m->source;
	c->listing = m->listing;
	c->n_listings = m->n_listings;
	c->listing_first_line = m->listing_first_line;
	c->listing_last_line = m->listing_last_line;
	c->devices = malloc((m->n_devices ? m->n_devices : 1) * sizeof(*c->devices));
	if (!c->devices) {
		memset(h, 0, sizeof(*h));
		c->source = NULL;
		isc_model_free(c);
		return NULL;
	}
	c->n_devices = m->n_devices;
	for (size_t i = 0; i < m->n_devices; i++) {
		struct isc_device *d = &c->devices[i];

		*d = m->devices[i];
		if (d->parent)
			d->parent = c->devices + (d->parent - m->devices);
		if (d->physfn)
			d->physfn = c->devices + (d->physfn - m->devices);
		r |= dup_str(&d->driver) | dup_str(&d->link_speed) | dup_str(&d->reset_methods) |
		     dup_str(&d->driver_override) | dup_str(&d->name) | dup_str(&d->class_name);
	}
	r |= dup_str(&h->kernel) | dup_str(&h->cmdline) | dup_str(&h->iommu_vendor) |
	     dup_str(&h->cpu_vendor) | dup_str(&h->board_vendor) | dup_str(&h->board_name) |
	     dup_str(&h->bios_vendor) | dup_str(&h->bios_version) | dup_str(&h->bios_date) |
	     dup_str(&h->hostname) | dup_str(&h->collected_at) | dup_str(&h->snapshot_format) |
	     dup_str(&h->guest_why) |
	     dup_str(&c->source);
	if (!r && h->cmdline)
		r = isc_cmdline_split(h->cmdline, &h->params, &h->n_params) < 0;
	if (r || build_groups(c) < 0) {
		isc_model_free(c);
		return NULL;
	}
	return c;
}

/* Address order; a paste's duplicate addresses keep their order. */
static int cmp_stable(const void *a, const void *b, void *ctx)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = cmp_index(a, b, ctx);

	return c ? c : (x > y) - (x < y);
}

int isc_model_reindex(struct isc_model *m, size_t *old_index)
{
	size_t n = m->n_devices, *order = malloc((n ? n : 1) * sizeof(*order));
	size_t *where = malloc((n ? n : 1) * sizeof(*where));
	struct isc_device *sorted = malloc((n ? n : 1) * sizeof(*sorted));

	if (!order || !where || !sorted) {
		free(order);
		free(where);
		free(sorted);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		struct isc_device *d = &m->devices[i];

		snprintf(d->address, sizeof(d->address), "%04x:%02x:%02x.%u", d->domain & 0xffff,
			 d->bus & 0xff, d->dev & 0x1f, d->fn & 7);
		order[i] = i;
	}
	qsort_r(order, n, sizeof(*order), cmp_stable, m->devices);
	for (size_t k = 0; k < n; k++) {
		where[order[k]] = k;
		if (old_index)
			old_index[k] = order[k];
	}
	for (size_t k = 0; k < n; k++) {
		struct isc_device *d = &sorted[k];

		*d = m->devices[order[k]];
		if (d->parent)
			d->parent = sorted + where[d->parent - m->devices];
		if (d->physfn)
			d->physfn = sorted + where[d->physfn - m->devices];
	}
	free(m->devices);
	m->devices = sorted;
	free(order);
	free(where);
	for (size_t i = 0; i < m->n_groups; i++)
		free(m->groups[i].devices);
	free(m->groups);
	m->groups = NULL;
	m->n_groups = 0;
	return build_groups(m);
}
