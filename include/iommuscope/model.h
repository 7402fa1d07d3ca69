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

#include "device.h"
#include "error.h"
#include "facts.h"
#include "snapshot.h"

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

#endif
