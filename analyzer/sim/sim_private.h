/* SPDX-License-Identifier: MIT */
/* The simulator's quirk tables (quirks.c), read by sim.c. */
#ifndef ISC_SIM_PRIVATE_H
#define ISC_SIM_PRIVATE_H

#include <stddef.h>

#include "iommuscope/sim.h"

/* What an ACS quirk callback does (reference §7.1). */
enum acs_quirk_kind {
	Q_AMD_SB,         /* isolated if multi-function, on a root bus and IVRS exists */
	Q_MF_ENDPOINT,    /* pci_quirk_mf_endpoint_acs: isolated */
	Q_ISOLATED,       /* SV RR CR UF asserted: isolated */
	Q_RCIEP,          /* isolated if an RC integrated endpoint */
	Q_INTEL_PCH,      /* Q-PCH: listed root ports, isolated only if the enable quirk ran */
	Q_INTEL_SPT,      /* Q-SPT: listed root ports with ACS: A3 on the dword at ACS+8 */
	Q_CAVIUM_RP,      /* listed root ports */
	Q_ROOT_PORT_ONLY, /* root ports only */
	Q_ZHAOXIN_PORTS,  /* root and downstream ports: listed isolate, others do not */
	Q_WANGXUN,        /* listed isolate, others do not */
	Q_OVERRIDE,       /* the pcie_acs_override patch (§8, O4) */
};

struct acs_quirk {
	unsigned short vendor, first, last; /* vendor 0 with first..last ANY: any vendor */
	enum acs_quirk_kind kind;
};

struct id_range {
	int first, last;
};

enum alias_kind {
	A_NONE,
	A_FUNC0,      /* every function but 0 aliases function 0 of its slot */
	A_FUNC1,      /* every function but 1 aliases function 1 */
	A_FIXED_01_0, /* aliases devfn 01.0 */
	A_MIC_X200,   /* aliases 10.0, 11.0, 12.3 */
	A_PEX_VCA,    /* aliases functions 0-4 of every slot */
	A_XLATE_ROOT, /* the alias walk stops at this bridge */
	A_NO_ALIAS,   /* this PCIe-to-PCI bridge does not alias */
};

struct alias_quirk {
	unsigned short vendor, device;
	long subsys; /* subsystem vendor << 16 | device, -1 any */
	enum alias_kind kind;
	const char *name;
};

extern const struct acs_quirk acs_quirks[];
extern const size_t n_acs_quirks;
extern const struct id_range pch_ids[], spt_ids[], cavium_rp_ids[], zhaoxin_port_ids[],
	wangxun_ids[];
extern const struct alias_quirk alias_quirks[];
extern const size_t n_alias_quirks;

int in_ranges(const struct id_range *r, int device);

#endif
