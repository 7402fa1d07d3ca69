/* SPDX-License-Identifier: MIT */
/*
 * Parsers: bytes (or a snapshot) in, parts of the model out. None of them
 * prints or fails the run on bad input; damage becomes a diagnostic.
 */
#ifndef ISC_PARSERS_H
#define ISC_PARSERS_H

#include <stddef.h>
#include <stdint.h>

#include "iommuscope/device.h"
#include "iommuscope/error.h"
#include "iommuscope/facts.h"

/* PCI config space registers (reference §14 X1–X5). */
#define CFG_SPACE_MAX   4096 /* PCI Express extended config space (S5) */
#define CFG_VENDOR      0x00
#define CFG_DEVICE      0x02
#define CFG_STATUS      0x06
#define  CFG_STATUS_CAP 0x10
#define CFG_REVISION    0x08
#define CFG_CLASS       0x09 /* prog-if, subclass, class: 3 bytes */
#define CFG_HEADER_TYPE 0x0e
#define CFG_SECONDARY   0x19
#define CFG_SUBORDINATE 0x1a
#define CFG_SUBSYS_VENDOR 0x2c
#define CFG_SUBSYS_ID   0x2e
#define CFG_CAP_PTR     0x34
#define CAP_ID_EXP      0x10
#define  EXP_FLAGS      0x02 /* bits 7:4: device/port type */
#define  EXP_DEVCAP     0x04
#define   EXP_DEVCAP_FLR 0x10000000u
#define ECAP_START      0x100
#define ECAP_ID_ACS     0x000d
#define  ACS_CAP        0x04
#define  ACS_CTL        0x06
#define  ACS_CTL_SPT    0x08 /* Q-SPT: the control dword of Intel SPT/UPT ports */
#define ECAP_ID_ARI     0x000e
#define ECAP_ID_SRIOV   0x0010

/*
 * Decode @len bytes of config space into @d: header type, multi-function
 * bit, bridge bus numbers, PCI Express type, DevCap FLR, ACS, ARI, SR-IOV.
 * 64 bytes leave the capability fields ISC_UNKNOWN; 256 bytes mean no
 * extended capabilities. Broken or looping chains stop with a diagnostic.
 */
void isc_cfg_decode(const uint8_t *cfg, size_t len, struct isc_device *d, struct isc_diags *diags,
		    const char *source);

#define ISC_CMDLINE_MAX_PARAMS 4096

/*
 * Split a kernel command line into parameters as the kernel does. Returns 0
 * with *ret_params (returns new: free each and the array) and *ret_n; 1 when
 * it stopped after ISC_CMDLINE_MAX_PARAMS parameters; or -ENOMEM.
 */
int isc_cmdline_split(const char *s, char ***ret_params, size_t *ret_n);

/*
 * Is @line a kernel command line? /proc/cmdline under GRUB ("BOOT_IMAGE=…")
 * or systemd-boot ("initrd=\EFI\…"), GRUB's "linux /boot/vmlinuz-… root=…"
 * line, or etc/kernel/cmdline (parameters, one of them root=). Returns 1
 * and, with @ret, the command line (returns new: GRUB's "linux PATH" becomes
 * "BOOT_IMAGE=PATH", GRUB variables such as $vt_handoff are dropped); 0 when
 * it is not one; -1 out of memory.
 */
int isc_cmdline_recognise(const char *line, char **ret);

/* What a text file holds, told by its content (classify.c). */
enum isc_text_kind {
	ISC_TEXT_LISTING,     /* group listings, lspci: the paste parser's (the default) */
	ISC_TEXT_DMESG,       /* the kernel log, whole or a grep */
	ISC_TEXT_CMDLINE,     /* a kernel command line */
	ISC_TEXT_GRUB,        /* /etc/default/grub */
	ISC_TEXT_MODPROBE,    /* a modprobe.d file */
	ISC_TEXT_MODULES,     /* /etc/modules */
	ISC_TEXT_PVE_VM,      /* a Proxmox qemu-server VM configuration */
	ISC_TEXT_LIBVIRT,     /* a libvirt domain */
	ISC_TEXT_OS_RELEASE,  /* /etc/os-release */
	ISC_TEXT_BOOT_STATUS, /* proxmox-boot-tool status */
};
enum isc_text_kind isc_text_classify(const char *text, size_t len);
/* "kernel log", "GRUB defaults", … (static). */
const char *isc_text_kind_name(enum isc_text_kind k);

/* Parse "dddd:bb:dd.f" or "bb:dd.f" (domain 0). Returns 0 or -EINVAL. */
int isc_parse_bdf(const char *s, unsigned *domain, unsigned *bus, unsigned *dev, unsigned *fn);
/* qsort/bsearch order of devices: domain, bus, device, function. */
int isc_device_cmp(const void *a, const void *b);
/* The device at @address in @v (@n, sorted by isc_device_cmp), or NULL. */
const struct isc_device *isc_devices_find(const struct isc_device *v, size_t n, const char *address);

/*
 * Names from `lspci -nn` style text (any of -nn, -nnk, -vvv -nn): for each
 * of the @n devices @v (sorted) with a matching address line, set
 * class_name and name.
 */
void isc_lspci_names(struct isc_device *v, size_t n, const char *text, size_t len);

/* Names of what is still unnamed, from a pci.ids file (NULL: the usual places). */
void isc_pciids_names(struct isc_device *v, size_t n, const char *pci_ids);

/* ---- host facts (include/iommuscope/facts.h) -------------------------------------------
 *
 * Each parser takes one file's bytes (@text, @len; NUL bytes end the text)
 * and @source, the name facts cite, and adds to @f. None fails on bad input:
 * what it does not understand it skips. Allocation failures lose the fact.
 */

/* Set @s (freeing what it held): 0 or -ENOMEM. @line may be NULL. */
int isc_fact_src_set(struct isc_fact_src *s, const char *file, unsigned lineno, const char *line);
void isc_fact_src_free(struct isc_fact_src *s);
int isc_facts_push_param(struct isc_param **v, size_t *n, const char *text, const char *file,
			 unsigned lineno, const char *line);
int isc_facts_push_str(char ***v, size_t *n, const char *s);

/*
 * What the host runs on (facts.h, struct isc_devgraph; parsers/devgraph.c):
 * a device named @name (1 to 31 printable bytes, no '/' or space; NULL when
 * not, over the limit or out of memory), an edge (@upper sits on @lower), a
 * seed the host needs, and the target of the link sys/class/{net,block}/
 * @name, whose last PCI address is the device's function.
 */
int isc_devname_ok(const char *name);
struct isc_devnode *isc_devgraph_node(struct isc_devgraph *g, const char *name);
void isc_devgraph_edge(struct isc_devgraph *g, const char *upper, const char *lower);
void isc_devgraph_seed(struct isc_devgraph *g, const char *name, const char *why,
		       const char *source);
void isc_devgraph_link(struct isc_devgraph *g, const char *name, const char *target);
/*
 * Once everything is read: what each node carries, and g->carrying;
 * with @climb, a seed that is a port makes what it is a port of a seed too
 * (Open vSwitch: the bridge's internal port under ovs-system).
 */
void isc_devgraph_finish(struct isc_devgraph *g, int climb);
/* The JSON of `ip -d -j link show` and of `ip -j route show default` (or -6), net.c. */
void isc_iplink_parse(struct isc_facts *f, const char *text, size_t len, const char *source);
void isc_iproute_parse(struct isc_facts *f, const char *text, size_t len, const char *source);
/*
 * proc/mounts (the pool of a ZFS root), then the JSON of `lsblk -J -l -o
 * KNAME,PKNAME,FSTYPE,LABEL,MOUNTPOINT` (block.c).
 */
void isc_mounts_parse(struct isc_facts *f, const char *text, size_t len, const char *source);
void isc_lsblk_parse(struct isc_facts *f, const char *text, size_t len, const char *source);
/* Each NVMe multipath path (nvme0c1n1) under its head (nvme0n1), once the links are read. */
void isc_nvme_paths(struct isc_devgraph *g);
/* Call @fn for each line of @text (a writable copy, no line end) with its 1-based number. */
void isc_each_line(const char *text, size_t len, void (*fn)(void *ctx, unsigned lineno, char *line),
		   void *ctx);
/* A module parameter's boolean as the kernel parses it: 1, y or Y (empty is not true). */
enum isc_tri isc_kparam_bool(const char *v);

/* GRUB defaults: parse every file in order, then finish into @f->grub. */
struct isc_grub {
	char *value[2]; /* GRUB_CMDLINE_LINUX, GRUB_CMDLINE_LINUX_DEFAULT */
	struct isc_fact_src where[2];
};
void isc_grub_parse(struct isc_grub *g, const char *text, size_t len, const char *source);
int isc_grub_finish(struct isc_grub *g, struct isc_facts *f);
/* etc/kernel/cmdline (systemd-boot on Proxmox): @f->kcmd. */
void isc_kcmdline_parse(struct isc_facts *f, const char *text, size_t len, const char *source);
void isc_osrelease_parse(struct isc_facts *f, const char *text, size_t len, const char *source);
/* `proxmox-boot-tool status`: @f->boot_status. */
void isc_bootstatus_parse(struct isc_facts *f, const char *text, size_t len, const char *source);
/* modprobe.d: options, softdeps, blacklist; then finish: vfio-pci ids, unsafe interrupts. */
void isc_modprobe_parse(struct isc_facts *f, const char *text, size_t len, const char *source);
void isc_modprobe_finish(struct isc_facts *f);
/* "vvvv:dddd[:ssss:ssss],…" -> lower-case "vvvv:dddd" strings (returns new): 0 or -1. */
int isc_vfio_ids_split(const char *list, char ***ret, size_t *ret_n);
/* The kernel log: @f->log, have_log, log_iommu_vendor. */
void isc_dmesg_parse(struct isc_facts *f, const char *text, size_t len, const char *source);
void isc_kconfig_parse(struct isc_facts *f, const char *text, size_t len, const char *source);
/*
 * A Proxmox VM configuration / a libvirt domain (libxml2: only the
 * <hostdev mode='subsystem' type='pci'> source addresses): @f->vmdevs of VM @vm.
 */
void isc_pve_vm_parse(struct isc_facts *f, const char *text, size_t len, const char *source,
		      const char *vm);
void isc_libvirt_parse(struct isc_facts *f, const char *text, size_t len, const char *source,
		       const char *vm);
/* Proxmox VE PCI resource mappings (etc/pve/mapping/pci.cfg): @f->pci_maps, one per map line. */
void isc_pve_mapping_parse(struct isc_facts *f, const char *text, size_t len, const char *source);
/* Add VM @vm's entry @entry for device @spec ("dddd:bb:dd.f", "bb:dd", "mapping=NAME"; others
 * are skipped): 0 or -ENOMEM. */
int isc_vm_push(struct isc_facts *f, const char *vm, const char *entry, const char *spec,
		const char *source, unsigned lineno, const char *line);
/* One group's reserved_regions: @f->direct. */
void isc_reserved_parse(struct isc_facts *f, const char *text, size_t len, const char *source,
			int group);
/* manifest.json; damage goes to @diags. */
void isc_manifest_parse(struct isc_facts *f, const char *text, size_t len, const char *source,
			struct isc_diags *diags);

#endif
