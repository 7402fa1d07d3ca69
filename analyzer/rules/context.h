/* SPDX-License-Identifier: MIT */
/*
 * The host context the rules need beyond the model: configured kernel
 * command lines and the bootloader, module options, the vfio-pci ids, file
 * times that tell a stale initramfs, the kernel log's verdicts, the VMs'
 * passthrough entries and what the collector could not capture. Parsed
 * once from the snapshot (context.c); the rules only read it.
 */
#ifndef ISC_CONTEXT_H
#define ISC_CONTEXT_H

#include <stdint.h>

#include "iommuscope/model.h"

enum boot_kind { BOOT_UNKNOWN, BOOT_GRUB, BOOT_SYSTEMD_BOOT };

/* A parameter as configured, with where it was written. */
struct param {
	char *text;   /* "intel_iommu=on" */
	char *source; /* snapshot path */
	char *line;   /* the line it came from */
};

struct modopt {
	char *module; /* normalised: '-' becomes '_' */
	char *key, *value;
	char *source, *line;
};

/* Kernel log verdicts, from the pattern table in context.c. */
enum log_event {
	EV_IR_ON,
	EV_IR_OFF,
	EV_ACS_OVERRIDE,
	EV_UNKNOWN_OPTION,
	EV_RMRR,
	EV_IRQ_REFUSED,
	EV_NOT_VIABLE,
	EV_FIRMWARE_BUG,
	EV_PCH_ACS_FAILED,
	_EV_MAX,
};

struct log_fact {
	char *line;   /* the first line that matched */
	unsigned count;
};

struct vm_device {
	char *vm;         /* "100" (Proxmox VMID) or the libvirt domain's file name */
	char *entry;      /* "hostpci0", "hostdev" */
	char *address;    /* "dddd:bb:dd.f", or "dddd:bb:dd" for every function */
	int all_functions;
	char *mapping;    /* Proxmox resource mapping name, address unknown */
	char *source, *line;
};

struct context {
	struct param *grub;      /* GRUB_CMDLINE_LINUX[_DEFAULT], grub.d included */
	size_t n_grub;
	int has_grub_file;
	struct param *kcmd;      /* etc/kernel/cmdline (Proxmox systemd-boot) */
	size_t n_kcmd;
	int has_kcmd_file;
	enum boot_kind boot;
	char *boot_evidence;     /* how the bootloader was told */
	int redhat;              /* os-release ID/ID_LIKE: rhel, fedora, centos, rocky, … */

	struct modopt *opts;     /* "options" lines of modprobe.d, in order */
	size_t n_opts;
	char **softdeps;         /* modules with "softdep MOD pre: vfio-pci" */
	size_t n_softdeps;
	char **blacklist;        /* "blacklist MOD" */
	size_t n_blacklist;
	char **vfio_ids;         /* "vvvv:dddd", lower case: modprobe (last wins) + cmdline */
	size_t n_vfio_ids;
	char *vfio_ids_source, *vfio_ids_line;

	int64_t conf_mtime;      /* newest module configuration file, 0: none */
	char *conf_newest;
	int64_t initrd_mtime;    /* the running kernel's initramfs, 0: not captured */
	char *initrd;

	int have_log;            /* cmd/dmesg.txt captured */
	struct log_fact log[_EV_MAX];

	enum isc_tri unsafe_interrupts; /* vfio_iommu_type1.allow_unsafe_interrupts */
	char *unsafe_source;
	enum isc_tri intel_default_on;  /* CONFIG_INTEL_IOMMU_DEFAULT_ON of the running kernel */
	int have_acpi_tables;           /* table names were captured */
	int has_dmar, has_ivrs;

	struct direct_region {
		int group;
		char *path, *line;
	} *direct;               /* groups with a "direct" reserved region (T14) */
	size_t n_direct;

	struct vm_device *vmdevs;
	size_t n_vmdevs;

	char **not_collected;    /* "dmesg (denied)", … from the manifest */
	size_t n_not_collected;
	int has_manifest;
};

int context_read(struct context *c, struct isc_snapshot *s, const struct isc_model *m);
void context_free(struct context *c);

/* Does the running command line (model) or @c's list hold parameter @name? Returns it. */
const char *param_value(char **params, size_t n, const char *name);

#endif
