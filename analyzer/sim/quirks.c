/* SPDX-License-Identifier: MIT */
/*
 * The kernel's device quirks that change grouping, as data
 * (reference kernel-groups.md §7, drivers/pci/quirks.c of a late-2025 tree):
 * the ACS quirks of pci_dev_acs_enabled[] in table order (Q-ORDER), and the
 * DMA-alias header fixups. Ids are the reference's; older kernels lack the
 * later entries, which a sim.mismatch finding then shows.
 */
#include "sim_private.h"

#define ANY 0x0000, 0xffff
#define ONE(v, d, k) {v, d, d, k}

/* pci_dev_acs_enabled[], in order. The override patch (O4) is appended last. */
const struct acs_quirk acs_quirks[] = {
	/* ATI SB7x0–SB9x0 and AMD FCH functions: pci_quirk_amd_sb_acs */
	ONE(0x1002, 0x4385, Q_AMD_SB), ONE(0x1002, 0x439c, Q_AMD_SB),
	ONE(0x1002, 0x4383, Q_AMD_SB), ONE(0x1002, 0x439d, Q_AMD_SB),
	ONE(0x1002, 0x4384, Q_AMD_SB), ONE(0x1002, 0x4399, Q_AMD_SB),
	ONE(0x1022, 0x780f, Q_AMD_SB), ONE(0x1022, 0x7809, Q_AMD_SB),
	/* Solarflare */
	ONE(0x1924, 0x0903, Q_MF_ENDPOINT), ONE(0x1924, 0x0923, Q_MF_ENDPOINT),
	ONE(0x1924, 0x0a03, Q_MF_ENDPOINT),
	/* Intel 82598/82599/X540/X550 */
	ONE(0x8086, 0x10c6, Q_MF_ENDPOINT), ONE(0x8086, 0x10db, Q_MF_ENDPOINT),
	ONE(0x8086, 0x10dd, Q_MF_ENDPOINT), ONE(0x8086, 0x10e1, Q_MF_ENDPOINT),
	ONE(0x8086, 0x10f1, Q_MF_ENDPOINT), ONE(0x8086, 0x10f7, Q_MF_ENDPOINT),
	ONE(0x8086, 0x10f8, Q_MF_ENDPOINT), ONE(0x8086, 0x10f9, Q_MF_ENDPOINT),
	ONE(0x8086, 0x10fa, Q_MF_ENDPOINT), ONE(0x8086, 0x10fb, Q_MF_ENDPOINT),
	ONE(0x8086, 0x10fc, Q_MF_ENDPOINT), ONE(0x8086, 0x1507, Q_MF_ENDPOINT),
	ONE(0x8086, 0x1514, Q_MF_ENDPOINT), ONE(0x8086, 0x151c, Q_MF_ENDPOINT),
	ONE(0x8086, 0x1529, Q_MF_ENDPOINT), ONE(0x8086, 0x152a, Q_MF_ENDPOINT),
	ONE(0x8086, 0x154d, Q_MF_ENDPOINT), ONE(0x8086, 0x154f, Q_MF_ENDPOINT),
	ONE(0x8086, 0x1551, Q_MF_ENDPOINT), ONE(0x8086, 0x1558, Q_MF_ENDPOINT),
	/* 82580 */
	ONE(0x8086, 0x1509, Q_MF_ENDPOINT), {0x8086, 0x150e, 0x1511, Q_MF_ENDPOINT},
	ONE(0x8086, 0x1516, Q_MF_ENDPOINT), ONE(0x8086, 0x1527, Q_MF_ENDPOINT),
	/* 82576 */
	ONE(0x8086, 0x10c9, Q_MF_ENDPOINT), {0x8086, 0x10e6, 0x10e8, Q_MF_ENDPOINT},
	ONE(0x8086, 0x150a, Q_MF_ENDPOINT), ONE(0x8086, 0x150d, Q_MF_ENDPOINT),
	ONE(0x8086, 0x1518, Q_MF_ENDPOINT), ONE(0x8086, 0x1526, Q_MF_ENDPOINT),
	/* 82575 */
	ONE(0x8086, 0x10a7, Q_MF_ENDPOINT), ONE(0x8086, 0x10a9, Q_MF_ENDPOINT),
	ONE(0x8086, 0x10d6, Q_MF_ENDPOINT),
	/* I350 */
	{0x8086, 0x1521, 0x1524, Q_MF_ENDPOINT},
	/* 82571 (not the quad ports: their internal switch has no ACS) */
	{0x8086, 0x105e, 0x1060, Q_MF_ENDPOINT}, ONE(0x8086, 0x10d9, Q_MF_ENDPOINT),
	/* I219 */
	ONE(0x8086, 0x15b7, Q_MF_ENDPOINT), ONE(0x8086, 0x15b8, Q_MF_ENDPOINT),
	/* Intel RCiEPs: VT-d translates their peer-to-peer */
	{0x8086, ANY, Q_RCIEP},
	/* Qualcomm, HXT */
	{0x17cb, 0x0400, 0x0401, Q_ISOLATED}, ONE(0x17cb, 0x0115, Q_ISOLATED),
	ONE(0x17cb, 0x0111, Q_ISOLATED), ONE(0x17cb, 0x0120, Q_ISOLATED),
	ONE(0x1dbf, 0x0401, Q_ISOLATED),
	/* Intel PCH root ports (Q-PCH), then Sunrise/Union Point (Q-SPT) */
	{0x8086, ANY, Q_INTEL_PCH},
	{0x8086, ANY, Q_INTEL_SPT},
	/* Emulex BE3-R, Skyhawk-R */
	ONE(0x19a2, 0x0710, Q_MF_ENDPOINT), ONE(0x10df, 0x0720, Q_MF_ENDPOINT),
	/* Cavium */
	{0x177d, ANY, Q_CAVIUM_RP},
	ONE(0x177d, 0xa026, Q_MF_ENDPOINT), ONE(0x177d, 0xa059, Q_MF_ENDPOINT),
	ONE(0x177d, 0xa060, Q_MF_ENDPOINT),
	/* X-Gene, Ampere */
	ONE(0x10e8, 0xe004, Q_ISOLATED), {0x1def, 0xe005, 0xe00c, Q_ISOLATED},
	/* Broadcom */
	ONE(0x14e4, 0x16d7, Q_MF_ENDPOINT), {0x14e4, 0x1750, 0x1752, Q_MF_ENDPOINT},
	{0x14e4, 0x1760, 0x1763, Q_MF_ENDPOINT}, ONE(0x14e4, 0xd714, Q_ISOLATED),
	/* Loongson */
	ONE(0x0014, 0x3c09, Q_ISOLATED), ONE(0x0014, 0x3c19, Q_ISOLATED),
	ONE(0x0014, 0x3c29, Q_ISOLATED), ONE(0x0014, 0x7a09, Q_ISOLATED),
	ONE(0x0014, 0x7a19, Q_ISOLATED), ONE(0x0014, 0x7a29, Q_ISOLATED),
	ONE(0x0014, 0x7a39, Q_ISOLATED), ONE(0x0014, 0x7a49, Q_ISOLATED),
	ONE(0x0014, 0x7a59, Q_ISOLATED), ONE(0x0014, 0x7a69, Q_ISOLATED),
	/* Amazon Annapurna Labs root ports */
	ONE(0x1c36, 0x0031, Q_ROOT_PORT_ONLY),
	/* Zhaoxin multi-function endpoints */
	ONE(0x1d17, 0x3038, Q_MF_ENDPOINT), ONE(0x1d17, 0x3104, Q_MF_ENDPOINT),
	ONE(0x1d17, 0x9083, Q_MF_ENDPOINT),
	/* NXP LX2xx0/LX2xx2 root ports */
	{0x1957, 0x8d80, 0x8d83, Q_ISOLATED}, {0x1957, 0x8d88, 0x8d8b, Q_ISOLATED},
	{0x1957, 0x8d90, 0x8d93, Q_ISOLATED}, {0x1957, 0x8d98, 0x8d9b, Q_ISOLATED},
	{0x1957, 0x8da0, 0x8da1, Q_ISOLATED}, {0x1957, 0x8da8, 0x8da9, Q_ISOLATED},
	{0x1957, 0x8db0, 0x8db1, Q_ISOLATED}, {0x1957, 0x8db8, 0x8db9, Q_ISOLATED},
	/* Zhaoxin ports, Wangxun NICs: listed ids isolate, any other is held not isolated */
	{0x1d17, ANY, Q_ZHAOXIN_PORTS},
	{0x8088, ANY, Q_WANGXUN},
	/* O4: the override patch's { ANY, ANY } entry; only consulted when enabled */
	{0x0000, ANY, Q_OVERRIDE},
};
const size_t n_acs_quirks = sizeof(acs_quirks) / sizeof(acs_quirks[0]);

/* Device ids a callback checks itself, [first, last]. */
const struct id_range pch_ids[] = {
	{0x3b42, 0x3b51}, {0x1c10, 0x1c1f}, {0x1e10, 0x1e1f}, {0x8c10, 0x8c1f},
	{0x9c10, 0x9c1b}, {0x9c90, 0x9c9b}, {0x1d10, 0x1d10}, {0x1d12, 0x1d12},
	{0x1d14, 0x1d14}, {0x1d16, 0x1d16}, {0x1d18, 0x1d18}, {0x1d1a, 0x1d1a},
	{0x1d1c, 0x1d1c}, {0x1d1e, 0x1d1e}, {0x8d10, 0x8d1e}, {0x8c90, 0x8c90},
	{0x8c92, 0x8c92}, {0x8c94, 0x8c94}, {0x8c96, 0x8c96}, {0x8c98, 0x8c98},
	{0x8c9a, 0x8c9a}, {0x8c9c, 0x8c9c}, {0x8c9e, 0x8c9e}, {0, 0},
};
const struct id_range spt_ids[] = {
	{0xa110, 0xa11f}, {0xa167, 0xa16a}, {0xa290, 0xa29f}, {0xa2e7, 0xa2ee},
	{0x9d10, 0x9d1b}, {0, 0},
};
const struct id_range cavium_rp_ids[] = {{0xa000, 0xa7ff}, {0xaf84, 0xaf84},
					 {0xb884, 0xb884}, {0, 0}};
const struct id_range zhaoxin_port_ids[] = {{0x0710, 0x071e}, {0x0721, 0x0721},
					    {0x0723, 0x0752}, {0, 0}};
const struct id_range wangxun_ids[] = {
	{0x0100, 0x010f}, {0x1001, 0x1001}, {0x2001, 0x2001}, {0x5010, 0x5010},
	{0x5025, 0x5025}, {0x5040, 0x5040}, {0x5110, 0x5110}, {0x5125, 0x5125},
	{0x5140, 0x5140}, {0, 0},
};

int in_ranges(const struct id_range *r, int device)
{
	for (; r->first || r->last; r++)
		if (device >= r->first && device <= r->last)
			return 1;
	return 0;
}

/* §7.3: DMA-alias header fixups. subsys -1: any. */
const struct alias_quirk alias_quirks[] = {
	{0x1180, 0xe832, -1, A_FUNC0, "quirk_dma_func0_alias"},
	{0x1180, 0xe476, -1, A_FUNC0, "quirk_dma_func0_alias"},
	{0x6766, 0x3d40, -1, A_FUNC0, "quirk_dma_func0_alias"},
	{0x6766, 0x3d41, -1, A_FUNC0, "quirk_dma_func0_alias"},
	{0x1b4b, 0x9120, -1, A_FUNC1, "quirk_dma_func1_alias"},
	{0x1b4b, 0x9123, -1, A_FUNC1, "quirk_dma_func1_alias"},
	{0x1b4b, 0x9125, -1, A_FUNC1, "quirk_dma_func1_alias"},
	{0x1b4b, 0x9128, -1, A_FUNC1, "quirk_dma_func1_alias"},
	{0x1b4b, 0x9130, -1, A_FUNC1, "quirk_dma_func1_alias"},
	{0x1b4b, 0x9170, -1, A_FUNC1, "quirk_dma_func1_alias"},
	{0x1b4b, 0x9172, -1, A_FUNC1, "quirk_dma_func1_alias"},
	{0x1b4b, 0x917a, -1, A_FUNC1, "quirk_dma_func1_alias"},
	{0x1b4b, 0x9182, -1, A_FUNC1, "quirk_dma_func1_alias"},
	{0x1b4b, 0x9183, -1, A_FUNC1, "quirk_dma_func1_alias"},
	{0x1b4b, 0x91a0, -1, A_FUNC1, "quirk_dma_func1_alias"},
	{0x1b4b, 0x9215, -1, A_FUNC1, "quirk_dma_func1_alias"},
	{0x1b4b, 0x9220, -1, A_FUNC1, "quirk_dma_func1_alias"},
	{0x1b4b, 0x9230, -1, A_FUNC1, "quirk_dma_func1_alias"},
	{0x1b4b, 0x9235, -1, A_FUNC1, "quirk_dma_func1_alias"},
	{0x1103, 0x0642, -1, A_FUNC1, "quirk_dma_func1_alias"},
	{0x1103, 0x0645, -1, A_FUNC1, "quirk_dma_func1_alias"},
	{0x197b, 0x2393, -1, A_FUNC1, "quirk_dma_func1_alias"}, /* JMB388_ESD */
	{0x1c28, 0x0122, -1, A_FUNC1, "quirk_dma_func1_alias"},
	{0x9005, 0x0285, 0x900502bb, A_FIXED_01_0, "quirk_fixed_dma_alias"},
	{0x9005, 0x0285, 0x900502bc, A_FIXED_01_0, "quirk_fixed_dma_alias"},
	{0x8086, 0x2260, -1, A_MIC_X200, "quirk_mic_x200_dma_alias"},
	{0x8086, 0x2264, -1, A_MIC_X200, "quirk_mic_x200_dma_alias"},
	{0x8086, 0x2954, -1, A_PEX_VCA, "quirk_pex_vca_alias"},
	{0x8086, 0x2955, -1, A_PEX_VCA, "quirk_pex_vca_alias"},
	{0x8086, 0x2956, -1, A_PEX_VCA, "quirk_pex_vca_alias"},
	{0x8086, 0x2958, -1, A_PEX_VCA, "quirk_pex_vca_alias"},
	{0x8086, 0x2959, -1, A_PEX_VCA, "quirk_pex_vca_alias"},
	{0x8086, 0x295a, -1, A_PEX_VCA, "quirk_pex_vca_alias"},
	{0x14e4, 0x9000, -1, A_XLATE_ROOT, "quirk_bridge_cavm_thrx2_pcie_root"},
	{0x14e4, 0x9084, -1, A_XLATE_ROOT, "quirk_bridge_cavm_thrx2_pcie_root"},
	{0x1a03, 0x1150, -1, A_NO_ALIAS, "quirk_aspeed_pci_bridge_no_alias"},
	/*
	 * quirk_use_pcie_bridge_dma_alias (ASMedia 1b21:1080, Tundra, ITE, Intel
	 * 244e) changes which requester ID a conventional bridge yields, not which
	 * device: grouping is the same either way, so it is not listed.
	 * Switchtec and PLX NTB proxy aliases name partitions a snapshot does not
	 * hold; a group they merge shows as sim.mismatch.
	 */
};
const size_t n_alias_quirks = sizeof(alias_quirks) / sizeof(alias_quirks[0]);
