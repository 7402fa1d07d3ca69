/* SPDX-License-Identifier: MIT */
/*
 * Host facts: what the host's text files say beyond the PCI tree. The
 * configured kernel command lines and the bootloader, module options, the
 * vfio-pci ids of the module configuration, file times that tell a stale
 * initramfs, the kernel log's verdicts, the VMs' passthrough entries, the
 * physical slots, and what the collector could not capture.
 *
 * Each text format has one parser in analyzer/parsers/ that adds to a
 * struct isc_facts; the model's host-facts stage (analyzer/model/facts.c)
 * feeds them the snapshot's files. Every fact keeps its provenance: the
 * source file (a snapshot path or input name) and, for line-based formats,
 * the line number (1-based, 0: not line-based) and the line itself, so a
 * finding can cite it as evidence. Rules read facts through the model
 * (struct isc_model.facts) and never see the snapshot.
 *
 * Ownership: a struct isc_facts owns every string and array it points to.
 * The model owns its facts; a clone of a model (isc_model_clone) shares them
 * (the reference count), and they are freed with the last model. Facts are
 * read-only once the model is built.
 *
 * What the facts say is what the files say: interpretation (the running
 * command line beats the module configuration, for example) is the rules'.
 */
#ifndef ISC_FACTS_H
#define ISC_FACTS_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

enum isc_tri { ISC_UNKNOWN = -1, ISC_NO = 0, ISC_YES = 1 };

enum isc_boot { ISC_BOOT_UNKNOWN, ISC_BOOT_GRUB, ISC_BOOT_SYSTEMD_BOOT };

/* Where a fact was read: file, line number (0: not line-based), the line. */
struct isc_fact_src {
	char *file;
	unsigned lineno;
	char *line; /* NULL when not line-based */
};

/* A parameter as configured, with where it was written. */
struct isc_param {
	char *text; /* "intel_iommu=on" */
	struct isc_fact_src src;
};

/* One "options MODULE KEY=VALUE" of modprobe.d. */
struct isc_modopt {
	char *module; /* normalised: '-' becomes '_' */
	char *key, *value;
	struct isc_fact_src src;
};

/* Kernel log verdicts, from the pattern table in parsers/dmesg.c. */
enum isc_log_event {
	ISC_EV_IR_ON,
	ISC_EV_IR_OFF,
	ISC_EV_ACS_OVERRIDE,
	ISC_EV_UNKNOWN_OPTION,
	ISC_EV_RMRR,
	ISC_EV_IRQ_REFUSED,
	ISC_EV_NOT_VIABLE,
	ISC_EV_FIRMWARE_BUG,
	ISC_EV_PCH_ACS_FAILED,
	ISC_EV_MAX,
};

struct isc_log_fact {
	unsigned count;
	struct isc_fact_src src; /* the first line that matched */
};

/* A device a VM configuration passes through. */
struct isc_vm_device {
	char *vm;      /* "100" (Proxmox VMID) or the libvirt domain's file name */
	char *entry;   /* "hostpci0", "hostdev" */
	char *address; /* "dddd:bb:dd.f", or "dddd:bb:dd" for every function; NULL: a mapping */
	int all_functions;
	char *mapping; /* Proxmox resource mapping name, address unknown */
	struct isc_fact_src src;
};

/* An IOMMU group with a reserved region of type "direct" (not "direct-relaxable"). */
struct isc_direct_region {
	int group;
	struct isc_fact_src src;
};

/*
 * One "map" line of a Proxmox VE PCI resource mapping (etc/pve/mapping/pci.cfg,
 * PVE 8+): the device a VM's "hostpciN: mapping=NAME" takes on one node.
 */
struct isc_pci_map {
	char *name;         /* the mapping's id: "gpu1" */
	char *node;         /* "pve1"; NULL: not given */
	char *path;         /* as written: "0000:01:00", "0000:01:00.0;0000:02:00.0" */
	char *id;           /* "10de:2204"; NULL: not given */
	char *subsystem_id; /* "1458:4043"; NULL: not given */
	long iommugroup;    /* -1: not given */
	struct isc_fact_src src;
};

/* A physical slot: sys/bus/pci/slots/NAME/address. */
struct isc_slot {
	char *name;    /* "3" or "SLOT3" */
	char *address; /* "dddd:bb:dd" as the file says it */
};

/* A PCI function as the kernel log names it (dmesg: "pci ADDR: …"). */
struct isc_log_device {
	char address[16];    /* "dddd:bb:dd.f" */
	int group;           /* "Adding to iommu group N", -1 */
	int vendor, device;  /* "[vvvv:dddd] type TT class 0xCCCCCC", -1 */
	int class_code;      /* -1 */
	int header_type;     /* TT, -1 */
	int secondary, subordinate; /* "PCI bridge to [bus SS-UU]", -1 */
	char *driver;        /* the last driver that spoke of it ("vfio-pci 0000:…: …"), NULL */
	unsigned lineno;     /* the first line that named it */
};

/*
 * What the host itself runs on, as a graph of named kernel devices: network
 * interfaces (a bridge, bond or VLAN over ports) or block devices (LVM, md,
 * partitions over disks). A node's PCI function comes from the link
 * sys/class/{net,block}/NAME; an edge runs from a device to one it sits on;
 * the seeds are what the host needs: the default routes' interfaces, the
 * block devices of /, /boot, /boot/efi and swap.
 */
struct isc_devnode {
	char *name;
	char *function; /* "dddd:bb:dd.f" it belongs to; NULL: virtual, or not known */
	int carries;    /* the index of the seed it carries, -1: none (isc_devgraph_finish) */
};

struct isc_devedge {
	char *upper, *lower; /* upper sits on lower */
};

struct isc_devseed {
	char *name;
	char *why; /* "the default route", "/", "/boot", "swap", "/ (ZFS pool rpool)" */
};

struct isc_devgraph {
	struct isc_devnode *nodes;
	size_t n_nodes;
	struct isc_devedge *edges;
	size_t n_edges;
	struct isc_devseed *seeds;
	size_t n_seeds;
	int have_links;  /* sys/class/{net,block} was read */
	int have_edges;  /* the relations were read (ip link, lsblk) */
	int have_seeds;  /* the seeds were read (ip route, lsblk): there may be none */
	int over;        /* a limit was reached: something may be missing */
	int finished;    /* what each node carries is worked out: */
	size_t *carrying; /* the nodes that carry a seed and have a function */
	size_t n_carrying;
	struct isc_fact_src seed_src; /* the file that names the first seed */
};

struct isc_facts {
	unsigned refs; /* models that share these facts (isc_model_clone) */

	struct isc_param *grub; /* GRUB_CMDLINE_LINUX[_DEFAULT], grub.d included */
	size_t n_grub;
	int has_grub_file;
	struct isc_param *kcmd; /* etc/kernel/cmdline (Proxmox systemd-boot) */
	size_t n_kcmd;
	int has_kcmd_file;
	enum isc_boot boot;
	char *boot_evidence;    /* how the bootloader was told (a file) */
	enum isc_boot boot_status; /* what proxmox-boot-tool status says */
	int redhat;             /* os-release ID/ID_LIKE: rhel, fedora, centos */

	struct isc_modopt *opts; /* "options" lines of modprobe.d, in order */
	size_t n_opts;
	char **softdeps;         /* modules with "softdep MOD pre: vfio-pci" */
	size_t n_softdeps;
	char **blacklist;        /* "blacklist MOD" */
	size_t n_blacklist;
	char **vfio_ids;         /* "vvvv:dddd", lower case: modprobe.d (the last line wins) */
	size_t n_vfio_ids;
	struct isc_fact_src vfio_ids_src;

	int64_t conf_mtime;      /* newest module configuration file, 0: none */
	char *conf_newest;
	int64_t initrd_mtime;    /* the running kernel's initramfs, 0: not captured */
	char *initrd;

	int have_log;            /* a kernel log was read */
	char *log_file;          /* the kernel log's source, NULL: none */
	int log_full;            /* it is a whole boot log ("Linux version" in it, or the
				  * collector's own capture from 0.000000); 0: an excerpt (a grep,
				  * a cut), where no line missing proves anything */
	int log_from_boot;       /* its first line is stamped [    0.000000] */
	char *log_kernel;        /* "Linux version RELEASE", NULL */
	char *log_cmdline;       /* "Command line: …" / "Kernel command line: …", NULL */
	struct isc_fact_src log_cmdline_src;
	char *default_domain;    /* "iommu: Default domain type: Translated" -> "Translated" */
	struct isc_fact_src default_domain_src;
	enum isc_tri log_iommu_on; /* "DMAR: IOMMU enabled", AMD-Vi initialised, groups added */
	unsigned n_rmrr;         /* "DMAR: RMRR base: …" regions */
	int rmrr_relaxed;        /* "assuming all RMRRs are relaxable" (relax_rmrr) */
	struct isc_log_device *log_devices; /* in the order the log names them */
	size_t n_log_devices;
	int log_groups;          /* some "Adding to iommu group" line was read */
	char *cmdline_file;      /* where the running command line was read, NULL: proc/cmdline */
	char *groups_file;       /* where the groups were read, NULL: sys/kernel/iommu_groups */
	char *text_cmdline;      /* a kernel command line given as a file of its own, NULL */
	struct isc_fact_src text_cmdline_src;
	struct isc_log_fact log[ISC_EV_MAX];
	char *log_iommu_vendor;  /* "intel" (DMAR) or "amd" (AMD-Vi) lines seen, NULL */

	/* vfio_iommu_type1.allow_unsafe_interrupts: the running module, else modprobe.d */
	enum isc_tri unsafe_interrupts;
	struct isc_fact_src unsafe_src;
	int unsafe_running;      /* read from the running module's parameter */
	enum isc_tri intel_default_on; /* CONFIG_INTEL_IOMMU_DEFAULT_ON of the running kernel */
	int have_acpi_tables;    /* table names were captured */
	int has_dmar, has_ivrs;

	struct isc_direct_region *direct; /* by group id, every group of the snapshot */
	size_t n_direct;

	struct isc_vm_device *vmdevs;
	size_t n_vmdevs;

	struct isc_slot *slots;
	size_t n_slots;

	int sosreport;           /* the functions came from a sosreport's proc/bus/pci */

	struct isc_devgraph net;   /* sys/class/net, cmd/ip-link.json, cmd/ip-route*.json */
	struct isc_devgraph block; /* sys/class/block, cmd/lsblk.json, proc/mounts */
	struct isc_zfs_mount {
		char *pool; /* "rpool", from proc/mounts */
		char *why;  /* "/ (ZFS pool rpool)" */
	} *zfs_mounts;             /* the ZFS pools the host runs from (/, /boot, …) */
	size_t n_zfs_mounts;

	struct isc_pci_map *pci_maps; /* etc/pve/mapping/pci.cfg, in file order */
	size_t n_pci_maps;
	int has_pci_mappings;         /* the file was read */

	/* The collector's manifest. */
	int has_manifest;
	char **not_collected;    /* "dmesg (denied)", … */
	size_t n_not_collected;
	char *m_format, *m_host, *m_collected_at, *m_kernel;
};

/* New empty facts (one reference), or NULL on allocation failure. */
struct isc_facts *isc_facts_new(void);
/* Drop one reference; the last frees everything. NULL is fine. */
void isc_facts_unref(struct isc_facts *f);

/*
 * Does @g tell the whole story: a function that none of g->carrying names
 * carries no seed? 0 when the snapshot lacks the links, the seeds or the
 * relations, or a limit was reached.
 */
int isc_devgraph_complete(const struct isc_devgraph *g);

/* The last parameter @name ("name" or "name=…") of @params, or NULL. */
const char *isc_param_value(char *const *params, size_t n, const char *name);

#endif
