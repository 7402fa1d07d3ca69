/* SPDX-License-Identifier: MIT */
/*
 * The model: what a snapshot says about a host's PCI functions, their tree
 * and their IOMMU groups, normalised and cross-linked. Built once from a
 * snapshot by isc_model_build(); callers only read it. The model owns every
 * string and array it points to; isc_model_free() releases them all.
 *
 * Unknown is never absent: tri-state fields use ISC_UNKNOWN when the
 * snapshot could not tell (for example config space read without root).
 */
#ifndef ISC_MODEL_H
#define ISC_MODEL_H

#include <stddef.h>

#include "error.h"
#include "facts.h"
#include "snapshot.h"

/* How much config space the snapshot holds for a function. */
enum isc_cfg {
	ISC_CFG_NONE = 0,   /* not captured */
	ISC_CFG_HEADER,     /* 64 bytes: read without root, capabilities unknown */
	ISC_CFG_STANDARD,   /* 256 bytes: no extended capabilities */
	ISC_CFG_EXTENDED,   /* 4096 bytes */
};

/* PCI Express device/port type (PCIe flags bits 7:4), or one of these. */
#define ISC_PCIE_UNKNOWN (-1)
#define ISC_PCIE_NONE    (-2) /* conventional PCI: no PCI Express capability */
enum isc_pcie_type {
	ISC_PCIE_ENDPOINT = 0x0,
	ISC_PCIE_LEGACY_ENDPOINT = 0x1,
	ISC_PCIE_ROOT_PORT = 0x4,
	ISC_PCIE_UPSTREAM = 0x5,
	ISC_PCIE_DOWNSTREAM = 0x6,
	ISC_PCIE_PCIE_TO_PCI = 0x7,
	ISC_PCIE_PCI_TO_PCIE = 0x8,
	ISC_PCIE_RC_ENDPOINT = 0x9,
	ISC_PCIE_RC_EVENT_COLLECTOR = 0xa,
};

/* ACS capability and control bits (the same in both registers). */
#define ISC_ACS_SV 0x01
#define ISC_ACS_TB 0x02
#define ISC_ACS_RR 0x04
#define ISC_ACS_CR 0x08
#define ISC_ACS_UF 0x10
#define ISC_ACS_EC 0x20
#define ISC_ACS_DT 0x40

struct isc_device {
	char address[16]; /* "dddd:bb:dd.f" */
	unsigned domain, bus, dev, fn;
	int vendor, device;               /* -1: unknown */
	int subsys_vendor, subsys_device; /* -1: unknown */
	int class_code;                   /* 24 bits, -1: unknown */
	int revision;                     /* -1: unknown */
	char *driver;                     /* NULL: no driver bound (or unknown) */
	int group;                        /* -1: in no group */
	int numa_node;                    /* -1: unknown or none */
	enum isc_tri boot_vga;
	char *link_speed;                 /* "8.0 GT/s PCIe", NULL: unknown */
	int link_width;                   /* -1: unknown */
	char *reset_methods;              /* "flr bus", NULL: unknown */
	char *driver_override;            /* NULL: unset */
	char *name;                       /* "Vendor Device", NULL: unknown */
	char *class_name;                 /* "VGA compatible controller", NULL */

	/* Tree. */
	struct isc_device *parent;  /* bridge whose secondary bus holds us; NULL on a root bus */
	struct isc_device *physfn;  /* for an SR-IOV VF: its PF */
	int is_virtfn;
	int num_vfs;                /* -1 unknown */

	/* From config space (or lspci -vvv text). */
	enum isc_cfg cfg;
	int header_type;            /* low 7 bits of byte 0x0e, -1 unknown */
	enum isc_tri multifunction; /* reference M1 */
	int is_bridge;
	int pcie_type;              /* enum isc_pcie_type, ISC_PCIE_NONE or _UNKNOWN */
	enum isc_tri acs;           /* ACS extended capability present */
	int acs_cap, acs_ctl;       /* -1 unknown */
	int acs_ctl_dword;          /* the dword at ACS+8, where Intel SPT/UPT root ports
				     * keep their real control (reference Q-SPT); -1 unknown */
	enum isc_tri flr;           /* DevCap function level reset */
	enum isc_tri ari;           /* ARI extended capability */
	enum isc_tri sriov;         /* SR-IOV extended capability */
	int secondary_bus, subordinate_bus; /* bridges; -1 unknown */
};

struct isc_group {
	int id;
	size_t n;
	struct isc_device **devices; /* sorted by address; borrowed from the model */
};

struct isc_host {
	char *kernel;           /* "6.8.12-4-pve", NULL unknown */
	char *cmdline;          /* running kernel command line */
	char **params;          /* cmdline split as the kernel splits it */
	size_t n_params;
	char *iommu_vendor;     /* "intel", "amd" or NULL */
	enum isc_tri iommu_on;  /* groups exist (or an IOMMU driver said so) */
	const char *groups_from; /* "iommu_groups", "device links", "paste" or "none" */
	char *cpu_vendor;       /* "GenuineIntel", "AuthenticAMD" */
	char *board_vendor, *board_name, *bios_vendor, *bios_version, *bios_date;
	char *hostname;         /* from the manifest */
	char *collected_at;     /* from the manifest */
	char *snapshot_format;  /* "iommuscope-snapshot/1", NULL without a manifest */
	enum isc_cfg config_access; /* the least any function has */
	int predicted;          /* a whatif prediction, not what a kernel did */
	int is_guest;           /* taken inside a virtual machine */
	char *guest_why;        /* what says so: "the CPU's hypervisor flag", "DMI product \"…\"",
				 * "QEMU's 1b36:000c root ports"; NULL when not a guest */
};

struct isc_model {
	struct isc_device *devices; /* sorted by address */
	size_t n_devices;
	struct isc_group *groups;   /* sorted by id */
	size_t n_groups;
	struct isc_host host;
	char *source;               /* the snapshot's name */
	enum isc_snapshot_kind kind;
	struct isc_diags diags;     /* damage the parsers survived */
	struct isc_facts *facts;    /* host facts (facts.h); never NULL in a built model */
	/*
	 * A paste that holds several group listings (two machines in one post,
	 * a forum post's before and after) is several hosts: this model is
	 * listing @listing of @n_listings, lines @listing_first_line to
	 * @listing_last_line. All 0 for anything but a paste.
	 */
	unsigned listing, n_listings;
	unsigned listing_first_line, listing_last_line;
};

struct isc_model_options {
	const char *pci_ids; /* pci.ids file for names; NULL: the usual places */
	unsigned listing;    /* a paste's listing to build, from 1; 0: the first */
};

/* Limits for a model, enforced in model.c. */
#define ISC_MODEL_MAX_DEVICES 65536

/*
 * Build the model of snapshot @s. Returns 0 and *ret (free with
 * isc_model_free); -ENOMEM; or -EINVAL with @err when the snapshot holds
 * nothing a model can be made of.
 */
int isc_model_build(struct isc_snapshot *s, const struct isc_model_options *opts,
		    struct isc_model **ret, struct isc_error *err) ISC_NODISCARD;
void isc_model_free(struct isc_model *m);

/*
 * One host from many inputs (@n paths): snapshots (a tarball, a host tree),
 * text files recognised by their content (group listings and lspci output,
 * a kernel log, a kernel command line, GRUB defaults, modprobe.d, a Proxmox
 * VM configuration, a libvirt domain, os-release), and directories of such
 * files. The devices come from a snapshot, else the listings, else the
 * kernel log; the other files add their facts, each citing its file. One
 * path behaves as isc_model_build. Returns 0 and *ret (free with
 * isc_model_free); -EINVAL with @err naming both files when two disagree
 * (other groups, another command line) or when two are snapshots, or as
 * isc_snapshot_open and isc_model_build fail; -ENOMEM.
 */
int isc_model_build_inputs(const char *const *paths, size_t n, const struct isc_model_options *opts,
			   struct isc_model **ret, struct isc_error *err) ISC_NODISCARD;

/*
 * A deep copy of @m to change (whatif): same devices in the same order, its
 * own strings. NULL on allocation failure.
 */
struct isc_model *isc_model_clone(const struct isc_model *m);
/*
 * After changing devices' domain, bus, dev, fn, parent or group in a model
 * one owns: rewrite addresses, sort, and rebuild the groups. With
 * @old_index (n_devices entries), old_index[new] = old. 0 or -ENOMEM.
 */
int isc_model_reindex(struct isc_model *m, size_t *old_index) ISC_NODISCARD;

/* The device at "dddd:bb:dd.f" or "bb:dd.f" (borrowed), or NULL. */
const struct isc_device *isc_model_find(const struct isc_model *m, const char *address);

/*
 * Does @m tell which driver holds each function? A snapshot always does; a
 * paste only when it shows some (lspci -k, -vmm -k).
 */
int isc_model_knows_drivers(const struct isc_model *m);

/* Name of a PCIe type ("Root Port", …), for reports. */
const char *isc_pcie_type_name(int pcie_type);

#endif
