/* SPDX-License-Identifier: MIT */
/*
 * What the collector captures, as one table (captures[] below), and the
 * walkers behind its kinds. Every item produces one manifest record with a
 * status, counts and a bounded list of the paths that could not be read.
 *
 * Sysfs links are stored as links with their original targets; host
 * configuration files are stored as regular files under the path asked for
 * (their links resolved inside the root). Attributes are read only when
 * their name is on an allow-list: nothing with side effects (rom, vpd,
 * resource*, reset, remove, rescan) is ever opened.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "collector.h"
#include "filters.h"
#include "pathres.h"
#include "run_cmd.h"

#define MAX_DIR_ENTRIES 65536        /* names read from one directory */
#define MAX_PROBLEMS    64           /* problem paths listed per item */
#define ATTR_CAP        (64 * 1024)  /* one sysfs attribute */
#define CONFIG_CAP      4096         /* PCI config space */
#define FILE_CAP        (1024 * 1024) /* one host configuration file */
#define CMD_CAP         (64u * 1024 * 1024)

typedef int (*filter_fn)(const char *in, size_t len, struct isc_buf *out);

enum cap_kind {
	CAP_FILE,      /* one file */
	CAP_DIR_FILES, /* the regular files of one directory, by suffix */
	CAP_FILES_IN,  /* a fixed list of names in one directory */
	CAP_NAMES,     /* names (and mtimes) only, no contents */
	CAP_EXISTS,    /* whether a directory exists */
	CAP_PCI,       /* sys/bus/pci/devices and the device directories */
	CAP_GROUPS,    /* sys/kernel/iommu_groups */
	CAP_UNITS,     /* sys/class/iommu */
	CAP_SLOTS,     /* sys/bus/pci/slots */
	CAP_MODPARAMS, /* sys/module/<m>/parameters */
	CAP_KCONFIG,   /* boot/config-<release>, IOMMU/VFIO lines only */
	CAP_LINKS,     /* the symbolic links of one directory, as links */
	CAP_COMMAND,
};

struct capture {
	const char *name;
	enum cap_kind kind;
	const char *path;          /* host path, or the snapshot path of a command */
	const char *suffix;        /* CAP_DIR_FILES */
	const char *const *list;   /* CAP_FILES_IN names, CAP_NAMES prefixes, modules */
	filter_fn filter;
	unsigned keep_mtime : 1;   /* host configuration: the mtime is evidence */
	unsigned redact : 1;       /* holds kernel command lines: credentials redacted */
	const char *const argv[7]; /* CAP_COMMAND; a NULL after the last */
};

static const char *const dmi_names[] = {"bios_date",    "bios_vendor",  "bios_version",
					"board_name",   "board_vendor", "product_name",
					"sys_vendor",   NULL}; /* sorted */
static const char *const boot_prefixes[] = {"initrd.img-", "initramfs-", "vmlinuz-", NULL};
/* Sorted: the snapshot is written in path order. */
static const char *const vfio_modules[] = {"iommufd", "kvm", "kvm_amd", "kvm_intel", "vfio",
					   "vfio_iommu_type1", "vfio_pci", "vfio_pci_core", NULL};
static const char *const all_names[] = {"", NULL};

static int filter_kconfig(const char *in, size_t len, struct isc_buf *out);

static const struct capture captures[] = {
	{.name = "pci-devices", .kind = CAP_PCI, .path = "sys/bus/pci/devices"},
	{.name = "iommu-groups", .kind = CAP_GROUPS, .path = "sys/kernel/iommu_groups"},
	{.name = "iommu-units", .kind = CAP_UNITS, .path = "sys/class/iommu"},
	{.name = "pci-slots", .kind = CAP_SLOTS, .path = "sys/bus/pci/slots"},
	{.name = "module-parameters", .kind = CAP_MODPARAMS, .path = "sys/module", .list = vfio_modules},
	{.name = "acpi-tables", .kind = CAP_NAMES, .path = "sys/firmware/acpi/tables", .list = all_names},
	{.name = "efi", .kind = CAP_EXISTS, .path = "sys/firmware/efi"},
	{.name = "dmi", .kind = CAP_FILES_IN, .path = "sys/class/dmi/id", .list = dmi_names},
	{.name = "cmdline", .kind = CAP_FILE, .path = "proc/cmdline", .redact = 1},
	{.name = "version", .kind = CAP_FILE, .path = "proc/version"},
	{.name = "interrupts", .kind = CAP_FILE, .path = "proc/interrupts", .filter = filter_interrupts},
	{.name = "cpuinfo", .kind = CAP_FILE, .path = "proc/cpuinfo", .filter = filter_cpuinfo},
	{.name = "os-release", .kind = CAP_FILE, .path = "etc/os-release"},
	{.name = "grub", .kind = CAP_FILE, .path = "etc/default/grub", .keep_mtime = 1, .redact = 1},
	{.name = "grub.d", .kind = CAP_DIR_FILES, .path = "etc/default/grub.d", .suffix = ".cfg", .keep_mtime = 1,
	 .redact = 1},
	{.name = "kernel-cmdline", .kind = CAP_FILE, .path = "etc/kernel/cmdline", .keep_mtime = 1, .redact = 1},
	{.name = "modules", .kind = CAP_FILE, .path = "etc/modules", .keep_mtime = 1},
	{.name = "modules-load.d", .kind = CAP_DIR_FILES, .path = "etc/modules-load.d", .suffix = ".conf", .keep_mtime = 1},
	{.name = "modprobe.d", .kind = CAP_DIR_FILES, .path = "etc/modprobe.d", .suffix = ".conf", .keep_mtime = 1},
	{.name = "pve-vm-configs", .kind = CAP_DIR_FILES, .path = "etc/pve/qemu-server", .suffix = ".conf",
	 .filter = filter_pve_conf},
	{.name = "pve-pci-mappings", .kind = CAP_FILE, .path = "etc/pve/mapping/pci.cfg"},
	{.name = "libvirt-vm-configs", .kind = CAP_DIR_FILES, .path = "etc/libvirt/qemu", .suffix = ".xml",
	 .filter = filter_libvirt_xml},
	{.name = "boot-images", .kind = CAP_NAMES, .path = "boot", .list = boot_prefixes, .keep_mtime = 1},
	{.name = "kernel-config", .kind = CAP_KCONFIG, .path = "boot", .filter = filter_kconfig},
	{.name = "lspci-nnk", .kind = CAP_COMMAND, .path = "cmd/lspci-nnk.txt", .argv = {"lspci", "-nnk"}},
	{.name = "lspci-vvv-nn", .kind = CAP_COMMAND, .path = "cmd/lspci-vvv-nn.txt", .argv = {"lspci", "-vvv", "-nn"}},
	{.name = "lspci-tvnn", .kind = CAP_COMMAND, .path = "cmd/lspci-tvnn.txt", .argv = {"lspci", "-tvnn"}},
	{.name = "dmesg", .kind = CAP_COMMAND, .path = "cmd/dmesg.txt", .filter = filter_dmesg, .redact = 1,
	 .argv = {"dmesg"}},
	{.name = "uname-r", .kind = CAP_COMMAND, .path = "cmd/uname-r.txt", .argv = {"uname", "-r"}},
	{.name = "ip-link", .kind = CAP_COMMAND, .path = "cmd/ip-link.json",
	 .argv = {"ip", "-d", "-j", "link", "show"}, .filter = filter_ip_link},
	{.name = "ip-route", .kind = CAP_COMMAND, .path = "cmd/ip-route.json",
	 .argv = {"ip", "-j", "route", "show", "default"}, .filter = filter_ip_route},
	{.name = "ip-route6", .kind = CAP_COMMAND, .path = "cmd/ip-route6.json",
	 .argv = {"ip", "-j", "-6", "route", "show", "default"}, .filter = filter_ip_route},
	{.name = "lsblk", .kind = CAP_COMMAND, .path = "cmd/lsblk.json",
	 .argv = {"lsblk", "-J", "-l", "-o", "KNAME,PKNAME,FSTYPE,LABEL,MOUNTPOINT"},
	 .filter = filter_lsblk},
	{.name = "mounts", .kind = CAP_FILE, .path = "proc/mounts", .filter = filter_mounts},
	{.name = "net-devices", .kind = CAP_LINKS, .path = "sys/class/net"},
	{.name = "block-devices", .kind = CAP_LINKS, .path = "sys/class/block"},
	{.name = "pveversion-v", .kind = CAP_COMMAND, .path = "cmd/pveversion-v.txt", .argv = {"pveversion", "-v"}},
	{.name = "proxmox-boot-tool-status", .kind = CAP_COMMAND, .path = "cmd/proxmox-boot-tool-status.txt",
	 .argv = {"proxmox-boot-tool", "status"}},
};

/* Per-function sysfs attributes read as files. Sorted: searched with bsearch. */
static const char *const pci_attrs[] = {
	"acpi_index",      "ari_enabled",          "boot_vga",
	"class",           "config",               "current_link_speed",
	"current_link_width", "d3cold_allowed",    "device",
	"driver_override", "index",                "label",
	"max_link_speed",  "max_link_width",       "numa_node",
	"power_state",     "reset_method",         "revision",
	"secondary_bus_number", "sriov_drivers_autoprobe", "sriov_numvfs",
	"sriov_offset",    "sriov_stride",         "sriov_totalvfs",
	"sriov_vf_device", "subordinate_bus_number", "subsystem_device",
	"subsystem_vendor", "vendor",
};
/* Per-function links kept as links (plus virtfnN). */
static const char *const pci_links[] = {"driver", "iommu", "iommu_group", "physfn"};
static const char *const group_attrs[] = {"name", "reserved_regions", "type", NULL};
/* A unit's attributes, in path order around its devices/ links. */
static const char *const unit_attrs_before[] = {"amd-iommu/cap", "amd-iommu/features", NULL};
static const char *const unit_attrs_after[] = {"intel-iommu/address", "intel-iommu/cap",
					       "intel-iommu/ecap", "intel-iommu/version", NULL};
static const char *const slot_attrs[] = {"address", NULL};

/* ---- manifest records ---------------------------------------------------------------- */

struct item {
	json_t *obj;
	json_t *problems;
	size_t files, links, bytes, nproblems;
	int redact;      /* the capture's .redact */
	size_t redacted; /* credential values replaced */
	const char *status; /* set by the capture when its result says more than r */
	int r;              /* the capture's result */
};

static const char *errno_status(int err)
{
	switch (err) {
	case -ENOENT:
	case -ENOTDIR:
		return "missing";
	case -EACCES:
	case -EPERM:
		return "denied";
	case -EFBIG:
		return "truncated";
	default:
		return "error";
	}
}

/* An error that ends the collection: out of memory, or the snapshot could
 * not be written (the disk is full). Anything else is one item's problem. */
static int fatal(const struct collector *c, int r)
{
	return r == -ENOMEM || (r < 0 && c->snap.err);
}

static void item_begin(struct item *it, const struct capture *cap)
{
	static const char *const kinds[] = {
		[CAP_FILE] = "file",   [CAP_DIR_FILES] = "dir", [CAP_FILES_IN] = "dir",
		[CAP_NAMES] = "names", [CAP_EXISTS] = "dir",    [CAP_PCI] = "tree",
		[CAP_GROUPS] = "tree", [CAP_UNITS] = "tree",    [CAP_SLOTS] = "tree",
		[CAP_MODPARAMS] = "tree", [CAP_KCONFIG] = "file", [CAP_LINKS] = "links",
		[CAP_COMMAND] = "command",
	};

	memset(it, 0, sizeof(*it));
	it->redact = cap->redact;
	it->obj = json_object();
	it->problems = json_array();
	json_object_set_new(it->obj, "name", json_string(cap->name));
	json_object_set_new(it->obj, "kind", json_string(kinds[cap->kind]));
	json_object_set_new(it->obj, "path", json_string(cap->path));
}

static void item_problem(struct item *it, const char *path, const char *status, int err)
{
	json_t *p;

	if (++it->nproblems > MAX_PROBLEMS)
		return;
	p = json_object();
	json_object_set_new(p, "path", json_string(path));
	json_object_set_new(p, "status", json_string(status));
	if (err < 0 && strcmp(status, "missing") != 0)
		json_object_set_new(p, "error", json_string(strerror(-err)));
	json_array_append_new(it->problems, p);
}

static void item_end(struct collector *c, struct item *it, const char *status)
{
	json_object_set_new(it->obj, "status", json_string(status));
	if (json_object_get(it->obj, "argv") == NULL) {
		json_object_set_new(it->obj, "files", json_integer((json_int_t)it->files));
		json_object_set_new(it->obj, "links", json_integer((json_int_t)it->links));
	}
	json_object_set_new(it->obj, "bytes", json_integer((json_int_t)it->bytes));
	if (it->redacted)
		json_object_set_new(it->obj, "redacted", json_integer((json_int_t)it->redacted));
	/* A missing item needs no list of the files that are missing with it. */
	if (it->nproblems && strcmp(status, "missing") != 0) {
		json_object_set(it->obj, "problems", it->problems);
		if (it->nproblems > MAX_PROBLEMS)
			json_object_set_new(it->obj, "problems_not_listed",
					    json_integer((json_int_t)(it->nproblems - MAX_PROBLEMS)));
	}
	json_decref(it->problems);
	json_array_append_new(c->items, it->obj);
}

/* ---- storing ------------------------------------------------------------------------- */

/* Write a file's contents (taken, and freed) into the snapshot and count it. */
static int store(struct collector *c, struct item *it, const char *path, char *data, size_t len,
		 int64_t mtime)
{
	int r = snapshot_add_file(&c->snap, path, data, len, mtime);

	free(data);
	if (r < 0)
		return r;
	it->files++;
	it->bytes += len;
	c->last_len = len;
	return 0;
}

/* Store text: credentials redacted where the item holds command lines, and
 * the host name replaced under --anonymize. */
static int store_text(struct collector *c, struct item *it, const char *path, char *data,
		      size_t len, int64_t mtime)
{
	if (it->redact) {
		struct isc_buf b;
		int r;

		isc_buf_init(&b, 0);
		r = filter_redact_secrets(data, len, &b, &it->redacted);
		free(data);
		if (r < 0) {
			isc_buf_free(&b);
			return r;
		}
		data = isc_buf_steal(&b, &len);
		if (!data)
			return -ENOMEM;
	}
	if (c->alias) {
		struct isc_buf b;
		int r;

		isc_buf_init(&b, 0);
		r = filter_replace_word(data, len, c->host, c->alias, &b);
		free(data);
		if (r < 0) {
			isc_buf_free(&b);
			return r;
		}
		data = isc_buf_steal(&b, &len);
		if (!data)
			return -ENOMEM;
	}
	return store(c, it, path, data, len, mtime);
}

/*
 * Read @rpath (resolved) and store it at @path, filtered. Returns 0 when
 * stored, a negative errno (recorded as a problem) when it could not be
 * read, or -ENOMEM.
 */
static int grab(struct collector *c, struct item *it, const char *path, const char *rpath,
		size_t cap, filter_fn filter, int keep_mtime, int text, int known_regular)
{
	struct isc_buf raw;
	int64_t mtime = -1;
	size_t len;
	char *data;
	int r;

	isc_buf_init(&raw, 0);
	r = hostfs_read(&c->fs, rpath, cap, known_regular, &raw);
	if (r < 0) {
		isc_buf_free(&raw);
		item_problem(it, path, errno_status(r), r);
		return r == -ENOMEM ? r : -ENOENT;
	}
	if (r == 1)
		item_problem(it, path, "truncated", 0);
	if (filter) {
		struct isc_buf f;

		isc_buf_init(&f, 0);
		r = filter(raw.data ? raw.data : "", raw.len, &f);
		isc_buf_free(&raw);
		if (r < 0) {
			isc_buf_free(&f);
			return r;
		}
		if (r == 1)
			item_problem(it, path, "truncated", 0);
		raw = f;
	}
	if (keep_mtime)
		hostfs_type_of(&c->fs, rpath, &mtime);
	data = isc_buf_steal(&raw, &len);
	if (!data)
		return -ENOMEM;
	return text ? store_text(c, it, path, data, len, mtime) : store(c, it, path, data, len, mtime);
}

/* Resolve @path inside the root, then grab it. */
static int grab_path(struct collector *c, struct item *it, const char *path, size_t cap,
		     filter_fn filter, int keep_mtime)
{
	char rpath[ISC_PATH_MAX];
	int r = hostfs_resolve(&c->fs, path, rpath, sizeof(rpath));

	if (r < 0) {
		item_problem(it, path, errno_status(r), r);
		return 0;
	}
	r = grab(c, it, path, rpath, cap, filter, keep_mtime, 1, 0);
	return fatal(c, r) ? r : 0;
}

/* Store the link @path (its parent already resolved) as a link. */
static int grab_link(struct collector *c, struct item *it, const char *path)
{
	char target[ISC_PATH_MAX];
	int r = hostfs_readlink(&c->fs, path, target, sizeof(target));

	if (r < 0) {
		item_problem(it, path, errno_status(r), r);
		return 0;
	}
	r = snapshot_add_link(&c->snap, path, target);
	if (r == 0)
		it->links++;
	return r;
}

/* List a directory, recording a problem when it cannot be read. */
static int list_dir(struct collector *c, struct item *it, const char *path, struct hostfs_dir *d)
{
	int r = hostfs_list(&c->fs, path, MAX_DIR_ENTRIES, d);

	if (r == -E2BIG)
		item_problem(it, path, "truncated", r);
	else if (r < 0 && r != -ENOENT)
		item_problem(it, path, errno_status(r), r);
	return r;
}

static int join(char *out, size_t outsz, const char *a, const char *b)
{
	int n = snprintf(out, outsz, "%s/%s", a, b);

	return n < 0 || (size_t)n >= outsz ? -ENAMETOOLONG : 0;
}

/* Resolve the directory a link points to and require it under @prefix. */
static int link_dir(struct collector *c, struct item *it, const char *link, const char *prefix,
		    char *out, size_t outsz)
{
	int r = hostfs_resolve(&c->fs, link, out, outsz);

	if (r < 0) {
		item_problem(it, link, errno_status(r), r);
		return r;
	}
	if (strncmp(out, prefix, strlen(prefix)) != 0) {
		item_problem(it, link, "error", -EXDEV);
		return -EXDEV;
	}
	return 0;
}

/* ---- PCI functions ------------------------------------------------------------------- */

static int is_bdf(const char *s)
{
	/* DDDD:BB:DD.F, hex, domain of 4 or more digits */
	size_t n = strlen(s), i;

	if (n < 12 || n > 16)
		return 0;
	for (i = 0; i < n - 8; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	s += n - 8; /* ":BB:DD.F" */
	return s[0] == ':' && isxdigit((unsigned char)s[1]) && isxdigit((unsigned char)s[2]) &&
	       s[3] == ':' && isxdigit((unsigned char)s[4]) && isxdigit((unsigned char)s[5]) &&
	       s[6] == '.' && s[7] >= '0' && s[7] <= '7';
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int is_pci_link(const char *name)
{
	if (!strncmp(name, "virtfn", 6) && name[6]) {
		for (const char *p = name + 6; *p; p++)
			if (!isdigit((unsigned char)*p))
				return 0;
		return 1;
	}
	for (size_t i = 0; i < sizeof(pci_links) / sizeof(pci_links[0]); i++)
		if (!strcmp(name, pci_links[i]))
			return 1;
	return 0;
}

static void count_config(struct collector *c, size_t len)
{
	c->config_sizes[len == 4096 ? 0 : len == 256 ? 1 : len == 64 ? 2 : 3]++;
}

/*
 * The directories under sys/devices that are captured: the PCI functions
 * (reached from sys/bus/pci/devices) and the IOMMU units (from
 * sys/class/iommu). They nest (a function below its bridge, an AMD unit
 * below its PCI function), so they are written in one walk in path order:
 * a directory's entries in name order, each nested one at the place of the
 * name that leads to it. Only their paths are kept, never their contents.
 */
struct dev_dir {
	char *path;
	struct item *it; /* the item its entries count for */
	int unit;        /* an IOMMU unit, not a PCI function */
};

struct capture_dirs {
	struct dev_dir *v;
	size_t n, cap;
};

static int dirs_push(struct collector *c, const char *path, struct item *it, int unit)
{
	struct capture_dirs *d = c->dirs;

	if (d->n == d->cap) {
		size_t ncap = d->cap ? d->cap * 2 : 256;
		struct dev_dir *v = realloc(d->v, ncap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		d->v = v;
		d->cap = ncap;
	}
	d->v[d->n].path = strdup(path);
	if (!d->v[d->n].path)
		return -ENOMEM;
	d->v[d->n].it = it;
	d->v[d->n].unit = unit;
	d->n++;
	return 0;
}

static void dirs_free(struct capture_dirs *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->v[i].path);
	free(d->v);
	memset(d, 0, sizeof(*d));
}

/* Path order of directory trees: component by component, each by bytes. */
static int cmp_tree(const void *a, const void *b)
{
	const char *x = ((const struct dev_dir *)a)->path, *y = ((const struct dev_dir *)b)->path;

	for (;;) {
		size_t n = strcspn(x, "/"), m = strcspn(y, "/");
		int c = memcmp(x, y, n < m ? n : m);

		if (c || n != m)
			return c ? c : (n > m) - (n < m);
		if (!x[n] || !y[m])
			return (x[n] != 0) - (y[m] != 0);
		x += n + 1;
		y += m + 1;
	}
}

/* Is @path @dir itself or below it? */
static int is_under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return !strncmp(path, dir, n) && (path[n] == '/' || path[n] == '\0');
}

static int emit_dir(struct collector *c, size_t *next);

/* Write the captured directories at or below @dir (the next ones in order). */
static int emit_below(struct collector *c, const char *dir, size_t *next)
{
	int r = 0;

	while (r == 0 && *next < c->dirs->n && is_under(c->dirs->v[*next].path, dir))
		r = emit_dir(c, next);
	return r;
}

static int capture_function(struct collector *c, struct item *it, const char *dev, size_t *next)
{
	char path[ISC_PATH_MAX];
	struct hostfs_dir d;
	int r = 0;

	if (list_dir(c, it, dev, &d) < 0)
		return 0;
	for (size_t i = 0; i < d.n && r == 0; i++) {
		const char *n = d.names[i];

		if (join(path, sizeof(path), dev, n) < 0)
			continue;
		if (d.types[i] == HOSTFS_LINK && is_pci_link(n)) {
			r = grab_link(c, it, path);
		} else if (d.types[i] == HOSTFS_FILE &&
			   bsearch(&n, pci_attrs, sizeof(pci_attrs) / sizeof(pci_attrs[0]),
				   sizeof(pci_attrs[0]), cmp_str)) {
			int cfg = !strcmp(n, "config");
			size_t before = it->files;

			r = grab(c, it, path, path, cfg ? CONFIG_CAP : ATTR_CAP, NULL, 0, 0, 1);
			if (fatal(c, r))
				break;
			r = 0;
			if (cfg && it->files > before)
				count_config(c, c->last_len);
		} else if (d.types[i] == HOSTFS_DIR && !strcmp(n, "pci_bus")) {
			/* A bridge: its secondary bus, as an (empty) directory. */
			struct hostfs_dir buses;

			if (list_dir(c, it, path, &buses) < 0)
				continue;
			for (size_t b = 0; b < buses.n && r == 0; b++) {
				char bp[ISC_PATH_MAX];

				if (join(bp, sizeof(bp), path, buses.names[b]) == 0)
					r = snapshot_add_dir(&c->snap, bp);
			}
			hostfs_dir_free(&buses);
		}
		/* A function behind this bridge, or a unit: at its name's place. */
		if (r == 0 && next && d.types[i] == HOSTFS_DIR)
			r = emit_below(c, path, next);
	}
	hostfs_dir_free(&d);
	return r;
}

/* The links sys/bus/pci/devices/<address>; their directories are written later. */
static int capture_pci(struct collector *c, struct item *it, const struct capture *cap)
{
	char link[ISC_PATH_MAX], dev[ISC_PATH_MAX];
	struct hostfs_dir d;
	int r = list_dir(c, it, cap->path, &d);

	if (r < 0)
		return r;
	for (size_t i = 0; i < d.n && r == 0; i++) {
		if (!is_bdf(d.names[i])) {
			item_problem(it, d.names[i], "error", -EINVAL);
			continue;
		}
		if (join(link, sizeof(link), cap->path, d.names[i]) < 0)
			continue;
		if (d.types[i] == HOSTFS_LINK) {
			r = grab_link(c, it, link);
			if (r < 0 || link_dir(c, it, link, "sys/devices/", dev, sizeof(dev)) < 0)
				continue;
			c->pci_functions++;
			r = dirs_push(c, dev, it, 0);
		} else {
			/* Some dumps hold plain directories here: written in place. */
			c->pci_functions++;
			r = capture_function(c, it, link, NULL);
		}
	}
	hostfs_dir_free(&d);
	return r < 0 ? r : 0;
}

/* ---- IOMMU groups, units, slots, module parameters ----------------------------------- */

/* Store the named attributes of directory @dir that exist. */
static int grab_attrs(struct collector *c, struct item *it, const char *dir,
		      const char *const *attrs, size_t cap)
{
	char path[ISC_PATH_MAX];

	for (const char *const *a = attrs; *a; a++) {
		int r;

		if (join(path, sizeof(path), dir, *a) < 0 ||
		    hostfs_type_of(&c->fs, path, NULL) == HOSTFS_MISSING)
			continue;
		r = grab(c, it, path, path, cap, NULL, 0, 0, 0);
		if (fatal(c, r))
			return r;
	}
	return 0;
}

/* Store every entry of @dir that is a link, as a link. */
static int grab_links_in(struct collector *c, struct item *it, const char *dir)
{
	char path[ISC_PATH_MAX];
	struct hostfs_dir d;
	int r = 0;

	if (list_dir(c, it, dir, &d) < 0)
		return 0;
	for (size_t i = 0; i < d.n && r == 0; i++)
		if (d.types[i] == HOSTFS_LINK && join(path, sizeof(path), dir, d.names[i]) == 0)
			r = grab_link(c, it, path);
	hostfs_dir_free(&d);
	return r;
}

static int capture_groups(struct collector *c, struct item *it, const struct capture *cap)
{
	char dir[ISC_PATH_MAX], devs[ISC_PATH_MAX];
	struct hostfs_dir d;
	int r = list_dir(c, it, cap->path, &d);

	if (r < 0)
		return r;
	for (size_t i = 0; i < d.n && r == 0; i++) {
		const char *n = d.names[i];

		if (n[strspn(n, "0123456789")] || d.types[i] != HOSTFS_DIR)
			continue;
		if (join(dir, sizeof(dir), cap->path, n) < 0 ||
		    join(devs, sizeof(devs), dir, "devices") < 0)
			continue;
		c->iommu_groups++;
		r = snapshot_add_dir(&c->snap, dir);
		if (r == 0) /* "devices" sorts before "name", "reserved_regions", "type" */
			r = grab_links_in(c, it, devs);
		if (r == 0)
			r = grab_attrs(c, it, dir, group_attrs, ATTR_CAP);
	}
	hostfs_dir_free(&d);
	return r < 0 ? r : 0;
}

/* The links sys/class/iommu/<unit>; their directories are written later. */
static int capture_units(struct collector *c, struct item *it, const struct capture *cap)
{
	char link[ISC_PATH_MAX], unit[ISC_PATH_MAX];
	struct hostfs_dir d;
	int r = list_dir(c, it, cap->path, &d);

	if (r < 0)
		return r;
	for (size_t i = 0; i < d.n && r == 0; i++) {
		if (d.types[i] != HOSTFS_LINK || join(link, sizeof(link), cap->path, d.names[i]) < 0)
			continue;
		r = grab_link(c, it, link);
		if (r < 0 || link_dir(c, it, link, "sys/devices/", unit, sizeof(unit)) < 0)
			continue;
		r = dirs_push(c, unit, it, 1);
	}
	hostfs_dir_free(&d);
	return r < 0 ? r : 0;
}

static int capture_unit(struct collector *c, struct item *it, const char *unit)
{
	char devs[ISC_PATH_MAX];
	int r = grab_attrs(c, it, unit, unit_attrs_before, ATTR_CAP);

	if (r == 0 && join(devs, sizeof(devs), unit, "devices") == 0)
		r = grab_links_in(c, it, devs);
	if (r == 0)
		r = grab_attrs(c, it, unit, unit_attrs_after, ATTR_CAP);
	return r;
}

/* Write the captured directory *next, then any below it, advancing *next. */
static int emit_dir(struct collector *c, size_t *next)
{
	const struct dev_dir *d = &c->dirs->v[(*next)++];
	int r = d->unit ? capture_unit(c, d->it, d->path)
			: capture_function(c, d->it, d->path, next);

	/* Any left below it (not reached through its listing) */
	return r < 0 ? r : emit_below(c, d->path, next);
}

/* Every captured directory under sys/devices, in path order, each once. */
static int capture_devices(struct collector *c)
{
	struct capture_dirs *d = c->dirs;
	size_t w = 0, next = 0;
	int r = 0;

	if (d->n)
		qsort(d->v, d->n, sizeof(*d->v), cmp_tree);
	/* Two links to one directory: its entries are written once. */
	for (size_t i = 0; i < d->n; i++) {
		if (w && !strcmp(d->v[w - 1].path, d->v[i].path)) {
			free(d->v[i].path);
			continue;
		}
		d->v[w++] = d->v[i];
	}
	d->n = w;
	while (r == 0 && next < d->n)
		r = emit_dir(c, &next);
	return r;
}

static int capture_slots(struct collector *c, struct item *it, const struct capture *cap)
{
	char dir[ISC_PATH_MAX];
	struct hostfs_dir d;
	int r = list_dir(c, it, cap->path, &d);

	if (r < 0)
		return r;
	for (size_t i = 0; i < d.n && r == 0; i++)
		if (join(dir, sizeof(dir), cap->path, d.names[i]) == 0)
			r = grab_attrs(c, it, dir, slot_attrs, ATTR_CAP);
	hostfs_dir_free(&d);
	return r < 0 ? r : 0;
}

static int capture_modparams(struct collector *c, struct item *it, const struct capture *cap)
{
	char dir[ISC_PATH_MAX], path[ISC_PATH_MAX];
	int r = 0, found = 0;

	for (const char *const *m = cap->list; *m && r == 0; m++) {
		struct hostfs_dir d;
		int n = snprintf(dir, sizeof(dir), "%s/%s/parameters", cap->path, *m);

		if (n < 0 || (size_t)n >= sizeof(dir) || list_dir(c, it, dir, &d) < 0)
			continue; /* absent: the module is not loaded */
		found = 1;
		for (size_t i = 0; i < d.n && r == 0; i++)
			if (d.types[i] == HOSTFS_FILE && join(path, sizeof(path), dir, d.names[i]) == 0) {
				r = grab(c, it, path, path, ATTR_CAP, NULL, 0, 0, 1);
				r = fatal(c, r) ? r : 0;
			}
		hostfs_dir_free(&d);
	}
	return r < 0 ? r : found ? 0 : -ENOENT;
}

/* ---- host files ---------------------------------------------------------------------- */

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && !strcmp(s + n - m, suffix);
}

static int has_prefix_in(const char *s, const char *const *prefixes)
{
	for (const char *const *p = prefixes; *p; p++)
		if (!strncmp(s, *p, strlen(*p)))
			return 1;
	return 0;
}

/*
 * The entries of directory cap->path (links inside it resolved in the root)
 * that pass @want; each is handed to @take with its snapshot path and its
 * resolved path.
 */
static int for_each_in(struct collector *c, struct item *it, const struct capture *cap,
		       int (*want)(const struct capture *cap, const char *name),
		       int (*take)(struct collector *c, struct item *it,
				   const struct capture *cap, const char *path,
				   const char *rpath))
{
	char rdir[ISC_PATH_MAX], rpath[ISC_PATH_MAX], path[ISC_PATH_MAX];
	struct hostfs_dir d;
	int r = hostfs_resolve(&c->fs, cap->path, rdir, sizeof(rdir));

	if (r < 0 || (r = list_dir(c, it, rdir, &d)) < 0)
		return r;
	for (size_t i = 0; i < d.n && r == 0; i++)
		if (want(cap, d.names[i]) && join(path, sizeof(path), cap->path, d.names[i]) == 0 &&
		    join(rpath, sizeof(rpath), rdir, d.names[i]) == 0)
			r = take(c, it, cap, path, rpath);
	hostfs_dir_free(&d);
	return r;
}

static int want_suffix(const struct capture *cap, const char *name)
{
	return name[0] != '.' && has_suffix(name, cap->suffix);
}

static int take_file(struct collector *c, struct item *it, const struct capture *cap,
		     const char *path, const char *rpath)
{
	(void)rpath; /* resolved again: the entry itself may be a link */
	return grab_path(c, it, path, FILE_CAP, cap->filter, cap->keep_mtime);
}

static int want_prefix(const struct capture *cap, const char *name)
{
	return has_prefix_in(name, cap->list);
}

static int take_name(struct collector *c, struct item *it, const struct capture *cap,
		     const char *path, const char *rpath)
{
	int64_t mtime = -1;
	int r;

	if (hostfs_type_of(&c->fs, rpath, &mtime) != HOSTFS_FILE)
		return 0;
	/* Names only: an empty entry, with the file's mtime where it is evidence. */
	r = snapshot_add_file(&c->snap, path, "", 0, cap->keep_mtime ? mtime : -1);
	if (r == 0)
		it->files++;
	return r;
}

/* The links of one directory (sys/class/net: each interface's device path), never followed. */
static int capture_links(struct collector *c, struct item *it, const struct capture *cap)
{
	char rdir[ISC_PATH_MAX], path[ISC_PATH_MAX];
	struct hostfs_dir d;
	int r = hostfs_resolve(&c->fs, cap->path, rdir, sizeof(rdir));

	if (r < 0 || (r = list_dir(c, it, rdir, &d)) < 0)
		return r;
	r = snapshot_add_dir(&c->snap, cap->path);
	for (size_t i = 0; i < d.n && r == 0; i++)
		if (d.types[i] == HOSTFS_LINK && join(path, sizeof(path), rdir, d.names[i]) == 0)
			r = grab_link(c, it, path);
	hostfs_dir_free(&d);
	return r;
}

static int capture_files_in(struct collector *c, struct item *it, const struct capture *cap)
{
	char path[ISC_PATH_MAX];
	int r = 0, found = 0;

	for (const char *const *n = cap->list; *n && r == 0; n++) {
		size_t before = it->files;

		if (join(path, sizeof(path), cap->path, *n) < 0)
			continue;
		r = grab_path(c, it, path, ATTR_CAP, NULL, 0);
		found |= it->files > before;
	}
	return r < 0 ? r : found ? 0 : -ENOENT;
}

static int filter_kconfig(const char *in, size_t len, struct isc_buf *out)
{
	static const char *const keys[] = {"CONFIG_IOMMU", "CONFIG_INTEL_IOMMU", "CONFIG_AMD_IOMMU",
					   "CONFIG_IRQ_REMAP", "CONFIG_VFIO", "CONFIG_PCI_QUIRKS",
					   "CONFIG_PCI_IOV", NULL};
	size_t pos = 0;

	while (pos < len) {
		const char *line = in + pos, *nl = memchr(line, '\n', len - pos);
		size_t llen = nl ? (size_t)(nl - line) : len - pos;
		int r;

		pos += llen + 1;
		if (!has_prefix_in(line, keys) && !(llen > 2 && line[0] == '#' &&
						   has_prefix_in(line + 2, keys)))
			continue;
		r = isc_buf_append(out, line, llen);
		if (r == 0)
			r = isc_buf_append(out, "\n", 1);
		if (r < 0)
			return r;
	}
	return 0;
}

static int capture_kconfig(struct collector *c, struct item *it, const struct capture *cap)
{
	char path[ISC_PATH_MAX];
	size_t before = it->files;
	int n;

	if (!c->kernel[0])
		return -ENOENT;
	n = snprintf(path, sizeof(path), "%s/config-%s", cap->path, c->kernel);
	if (n < 0 || (size_t)n >= sizeof(path) || strchr(c->kernel, '/'))
		return -EINVAL;
	json_object_set_new(it->obj, "path", json_string(path));
	if (grab_path(c, it, path, 16 * FILE_CAP, cap->filter, 0) < 0)
		return -ENOMEM;
	return it->files > before ? 0 : -ENOENT;
}

/* ---- commands ------------------------------------------------------------------------ */

static const char *const cmd_status_names[] = {
	[CMD_OK] = "ok",           [CMD_MISSING] = "missing", [CMD_TIMEOUT] = "timeout",
	[CMD_TRUNCATED] = "truncated", [CMD_ERROR] = "error",
};

/* Keep the first line of stderr as a hint, not the whole stream. */
static void set_stderr_hint(struct collector *c, json_t *obj, const struct isc_buf *err)
{
	char line[256];
	size_t n = 0;

	if (!err->len)
		return;
	while (n < err->len && n < sizeof(line) - 1 && err->data[n] != '\n')
		n++;
	memcpy(line, err->data, n);
	line[n] = '\0';
	if (c->alias) {
		struct isc_buf b;

		isc_buf_init(&b, 0);
		if (filter_replace_word(line, n, c->host, c->alias, &b) == 0)
			json_object_set_new(obj, "stderr", json_stringn(b.data, b.len));
		isc_buf_free(&b);
		return;
	}
	json_object_set_new(obj, "stderr", json_stringn(line, n));
}

static int capture_command(struct collector *c, struct item *it, const struct capture *cap,
			   const char **ret_status)
{
	struct cmd_result res;
	json_t *argv = json_array();
	char *data;
	size_t len;
	int r;

	for (const char *const *a = cap->argv; *a; a++)
		json_array_append_new(argv, json_string(*a));
	json_object_set_new(it->obj, "argv", argv);

	if (!c->live) {
		/* --root: a recorded output in the tree stands in for the command. */
		json_object_set_new(it->obj, "source", json_string("recorded"));
		r = grab_path(c, it, cap->path, CMD_CAP, cap->filter, 0);
		*ret_status = it->files ? (it->nproblems ? "truncated" : "ok") : "missing";
		it->nproblems = 0;
		return r;
	}

	json_object_set_new(it->obj, "source", json_string("run"));
	r = run_cmd(cap->argv, c->timeout_ms, CMD_CAP, &res);
	*ret_status = cmd_status_names[res.status];
	if (r < 0 && r != -ENOMEM)
		json_object_set_new(it->obj, "error", json_string(strerror(-r)));
	if (res.status != CMD_MISSING) {
		json_object_set_new(it->obj, "duration_ms", json_integer(res.duration_ms));
		if (res.status == CMD_OK)
			json_object_set_new(it->obj, "exit", json_integer(res.exit_status));
		if (res.term_signal)
			json_object_set_new(it->obj, "signal", json_integer(res.term_signal));
		set_stderr_hint(c, it->obj, &res.err);
	}
	/* Ran, but failed: say so, and "denied" when the kernel refused it
	 * (dmesg with kernel.dmesg_restrict as a user). */
	if (res.status == CMD_OK && res.exit_status != 0) {
		const char *e = res.err.data ? res.err.data : "";

		*ret_status = strstr(e, "Operation not permitted") || strstr(e, "Permission denied")
				      ? "denied"
				      : "error";
	}
	isc_buf_free(&res.err);
	if (res.status == CMD_MISSING || (res.status == CMD_ERROR && r < 0)) {
		isc_buf_free(&res.out);
		return fatal(c, r) ? r : 0;
	}
	if (cap->filter) {
		struct isc_buf f;

		isc_buf_init(&f, 0);
		r = cap->filter(res.out.data ? res.out.data : "", res.out.len, &f);
		isc_buf_free(&res.out);
		if (r < 0) {
			isc_buf_free(&f);
			return r;
		}
		if (r == 1 && res.status == CMD_OK)
			*ret_status = "truncated";
		res.out = f;
	}
	data = isc_buf_steal(&res.out, &len);
	if (!data)
		return -ENOMEM;
	return store_text(c, it, cap->path, data, len, -1);
}

/* ---- the driver ---------------------------------------------------------------------- */

static void detect_kernel(struct collector *c)
{
	struct isc_buf b;
	struct utsname u;

	c->kernel[0] = '\0';
	if (c->live) {
		if (uname(&u) == 0)
			snprintf(c->kernel, sizeof(c->kernel), "%s", u.release);
		return;
	}
	isc_buf_init(&b, 0);
	if (hostfs_read(&c->fs, "cmd/uname-r.txt", 255, 0, &b) >= 0 ||
	    (isc_buf_free(&b), hostfs_read(&c->fs, "proc/sys/kernel/osrelease", 255, 0, &b) >= 0)) {
		size_t n = strcspn(b.data ? b.data : "", "\n");

		snprintf(c->kernel, sizeof(c->kernel), "%.*s", (int)n, b.data ? b.data : "");
	}
	isc_buf_free(&b);
}

#define NCAPTURES (sizeof(captures) / sizeof(captures[0]))

/*
 * The order the captures run in: the order of their paths in the snapshot,
 * since each entry is written as it is read and the analyzer's index is
 * built fastest from sorted entries (boot/, cmd/, etc/, proc/, then sys/).
 * "sys/devices" is the walk of the directories that pci-devices and
 * iommu-units found. The manifest, written last, is the one entry out of
 * order. tests/cli/test_collect.py checks the order of a whole snapshot.
 */
static const char *const schedule[] = {
	"kernel-config", "boot-images",
	"dmesg", "ip-link", "ip-route", "ip-route6", "lsblk", "lspci-nnk", "lspci-tvnn",
	"lspci-vvv-nn",
	"proxmox-boot-tool-status",
	"pveversion-v", "uname-r",
	"grub", "grub.d", "kernel-cmdline", "libvirt-vm-configs", "modprobe.d", "modules",
	"modules-load.d", "os-release", "pve-pci-mappings", "pve-vm-configs",
	"cmdline", "cpuinfo", "interrupts", "mounts", "version",
	"pci-devices", "pci-slots", "block-devices", "dmi", "iommu-units", "net-devices",
	"sys/devices", "acpi-tables", "efi",
	"iommu-groups", "module-parameters",
};

/* The kinds whose capture is one function of the item alone. */
static int (*const by_kind[])(struct collector *c, struct item *it, const struct capture *cap) = {
	[CAP_FILES_IN] = capture_files_in, [CAP_PCI] = capture_pci,
	[CAP_GROUPS] = capture_groups,	   [CAP_UNITS] = capture_units,
	[CAP_SLOTS] = capture_slots,	   [CAP_MODPARAMS] = capture_modparams,
	[CAP_KCONFIG] = capture_kconfig,   [CAP_LINKS] = capture_links,
};

static int run_capture(struct collector *c, struct item *it, const struct capture *cap)
{
	const char *status = NULL;
	int r = 0;

	switch (cap->kind) {
	case CAP_FILE:
		r = grab_path(c, it, cap->path, FILE_CAP, cap->filter, cap->keep_mtime);
		if (r == 0 && !it->files) {
			/* The single file is the item: its problem is its status. */
			json_t *p = json_array_get(it->problems, 0);

			status = p ? json_string_value(json_object_get(p, "status")) : "missing";
			status = status ? status : "error";
			if (!strcmp(status, "missing"))
				it->nproblems = 0;
		}
		break;
	case CAP_DIR_FILES:
		r = for_each_in(c, it, cap, want_suffix, take_file);
		break;
	case CAP_NAMES:
		r = for_each_in(c, it, cap, want_prefix, take_name);
		break;
	case CAP_EXISTS:
		if (hostfs_type_of(&c->fs, cap->path, NULL) == HOSTFS_DIR)
			r = snapshot_add_dir(&c->snap, cap->path);
		else
			r = -ENOENT;
		break;
	case CAP_COMMAND:
		r = capture_command(c, it, cap, &status);
		break;
	default:
		r = by_kind[cap->kind](c, it, cap);
		break;
	}
	it->status = status;
	it->r = r;
	return fatal(c, r) ? r : 0;
}

int collect_all(struct collector *c)
{
	struct item items[NCAPTURES];
	struct capture_dirs dirs = {0};
	unsigned char done[NCAPTURES] = {0};
	size_t i;
	int r = 0;

	detect_kernel(c);
	c->dirs = &dirs;
	for (i = 0; i < NCAPTURES; i++)
		item_begin(&items[i], &captures[i]);
	for (size_t k = 0; k < sizeof(schedule) / sizeof(schedule[0]) && r == 0; k++) {
		if (!strcmp(schedule[k], "sys/devices")) {
			r = capture_devices(c);
			r = fatal(c, r) ? r : 0;
			continue;
		}
		for (i = 0; i < NCAPTURES && strcmp(captures[i].name, schedule[k]); i++)
			;
		if (i < NCAPTURES && !done[i]) {
			done[i] = 1;
			r = run_capture(c, &items[i], &captures[i]);
		}
	}
	/* A capture missing from the schedule still runs (out of path order,
	 * which the sorted-snapshot test reports). */
	for (i = 0; i < NCAPTURES && r == 0; i++)
		if (!done[i] && captures[i].kind != CAP_PCI && captures[i].kind != CAP_UNITS)
			r = run_capture(c, &items[i], &captures[i]);
	dirs_free(&dirs);
	c->dirs = NULL;
	for (i = 0; i < NCAPTURES; i++) {
		if (r < 0) {
			json_decref(items[i].obj);
			json_decref(items[i].problems);
			continue;
		}
		if (!items[i].status)
			items[i].status = items[i].r < 0 ? errno_status(items[i].r) : "ok";
		item_end(c, &items[i], items[i].status);
	}
	return r;
}

json_t *collector_manifest(const struct collector *c, const char *collected_at)
{
	json_t *m = json_object(), *sum = json_object(), *cfg = json_object();
	const char *access;
	size_t full = c->config_sizes[0] + c->config_sizes[1];
	size_t part = c->config_sizes[2] + c->config_sizes[3];

	if (!full && !part)
		access = "none";
	else if (!part)
		access = "full";
	else if (!full)
		access = "header-only";
	else
		access = "mixed";
	json_object_set_new(cfg, "access", json_string(access));
	json_object_set_new(cfg, "bytes_4096", json_integer((json_int_t)c->config_sizes[0]));
	json_object_set_new(cfg, "bytes_256", json_integer((json_int_t)c->config_sizes[1]));
	json_object_set_new(cfg, "bytes_64", json_integer((json_int_t)c->config_sizes[2]));
	json_object_set_new(cfg, "bytes_other", json_integer((json_int_t)c->config_sizes[3]));

	json_object_set_new(sum, "pci_functions", json_integer((json_int_t)c->pci_functions));
	json_object_set_new(sum, "iommu_groups", json_integer((json_int_t)c->iommu_groups));
	json_object_set_new(sum, "config_space", cfg);

	json_object_set_new(m, "format", json_string("iommuscope-snapshot/1"));
	json_object_set_new(m, "collector", json_pack("{s:s, s:s}", "name", "iommuscope-collect",
						      "version", ISC_VERSION));
	json_object_set_new(m, "collected_at", json_string(collected_at));
	json_object_set_new(m, "host", json_string(c->alias ? c->alias : c->host));
	json_object_set_new(m, "anonymized", json_boolean(c->alias != NULL));
	json_object_set_new(m, "source", json_string(c->live ? "live" : "root-directory"));
	json_object_set_new(m, "uid", json_integer((json_int_t)getuid()));
	json_object_set_new(m, "root", json_boolean(geteuid() == 0));
	json_object_set_new(m, "kernel", json_string(c->kernel));
	json_object_set_new(m, "timeout_ms", json_integer(c->timeout_ms));
	json_object_set_new(m, "summary", sum);
	json_object_set(m, "items", c->items);
	return m;
}
