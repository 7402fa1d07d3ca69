/* SPDX-License-Identifier: MIT */
/*
 * One PCI function as the model holds it: what sysfs, config space, a
 * listing or the kernel log tell of it. The parsers fill these in; the
 * model (model.h) holds them in an array sorted by address and links them
 * into a tree and groups.
 */
#ifndef ISC_DEVICE_H
#define ISC_DEVICE_H

#include <stddef.h>

#include "facts.h"

/* The most functions a model (or any parser's list of them) holds. */
#define ISC_MODEL_MAX_DEVICES 65536

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

/* Name of a PCIe type ("Root Port", …), for reports. */
const char *isc_pcie_type_name(int pcie_type);

#endif
