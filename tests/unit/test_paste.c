/* SPDX-License-Identifier: MIT */
/* Pasted text in the formats real hosts print, with the noise tickets add. */
#include <stdlib.h>

#include "harness.h"
#include "iommuscope/model.h"

static struct isc_model *model_of(const char *text)
{
	struct isc_snapshot *s = NULL;
	struct isc_model *m = NULL;
	struct isc_error err = {{0}};

	if (isc_snapshot_open_memory(text, strlen(text), "paste", &s, &err) < 0 ||
	    isc_model_build(s, NULL, &m, &err) < 0) {
		fprintf(stderr, "  %s\n", err.text);
		CHECK(0);
	}
	isc_snapshot_free(s);
	return m;
}

static const struct isc_group *group(const struct isc_model *m, int id)
{
	for (size_t i = 0; i < m->n_groups; i++)
		if (m->groups[i].id == id)
			return &m->groups[i];
	return NULL;
}

static void check_members(const struct isc_model *m, int id, const char *const *want, size_t n)
{
	const struct isc_group *g = group(m, id);

	CHECK(g != NULL);
	if (!g)
		return;
	CHECK_INT(g->n, n);
	for (size_t i = 0; i < n && i < g->n; i++)
		CHECK_STR(g->devices[i]->address, want[i]);
}

static void test_seed_script_with_noise(void)
{
	/* CRLF, a Markdown fence, a shell prompt, bold markers around a device. */
	struct isc_model *m = model_of(
		"root@pve:~# for g in $(find /sys/kernel/iommu_groups/* -maxdepth 0 -type d); do "
		"echo \"IOMMU Group ${g##*/}:\"; done\r\n"
		"```\r\n"
		"IOMMU Group 1:\r\n"
		"\t00:01.0 PCI bridge [0604]: Intel Corporation 6th-10th Gen Core Processor PCIe "
		"Controller (x16) [8086:1901] (rev 07)\r\n"
		"\t**01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GM206 [GeForce GTX "
		"960] [10de:1401] (rev a1)**\r\n"
		"\t01:00.1 Audio device [0403]: NVIDIA Corporation Device [10de:0fba] (rev a1)\r\n"
		"IOMMU Group 10:\r\n"
		"\t00:1f.0 ISA bridge [0601]: Intel Corporation Z170 Chipset LPC/eSPI Controller "
		"[8086:a145] (rev 31)\r\n"
		"```\r\n");
	static const char *const g1[] = {"0000:00:01.0", "0000:01:00.0", "0000:01:00.1"};
	const struct isc_device *gpu;

	if (!m)
		return;
	CHECK_INT(m->n_groups, 2);
	check_members(m, 1, g1, 3);
	gpu = isc_model_find(m, "01:00.0");
	CHECK(gpu != NULL);
	if (gpu) {
		CHECK_INT(gpu->vendor, 0x10de);
		CHECK_INT(gpu->device, 0x1401);
		CHECK_INT(gpu->class_code, 0x030000);
		CHECK_STR(gpu->class_name, "VGA compatible controller");
		CHECK_STR(gpu->name, "NVIDIA Corporation GM206 [GeForce GTX 960]");
		CHECK_INT(gpu->revision, 0xa1);
		CHECK_INT(gpu->multifunction, ISC_YES); /* 01:00.1 exists */
	}
	CHECK_STR(m->host.groups_from, "paste");
	isc_model_free(m);
}

static void test_one_line_find_and_headers(void)
{
	struct isc_model *m = model_of(
		"BOOT_IMAGE=/boot/vmlinuz-6.5.11-8-pve root=/dev/mapper/pve-root ro quiet "
		"intel_iommu=on\n"
		"IOMMU group 13 05:00.0 Ethernet controller [0200]: Intel Corporation I350 Gigabit "
		"Network Connection [8086:1521] (rev 01)\n"
		"IOMMU group 13 05:00.1 Ethernet controller [0200]: Intel Corporation I350 Gigabit "
		"Network Connection [8086:1521] (rev 01)\n"
		"/sys/kernel/iommu_groups/7/devices/0000:00:1c.6\n"
		"### Group 25 ###\n"
		"    06:00.0 Non-Volatile memory controller: Samsung Electronics Co Ltd NVMe SSD "
		"Controller SM981/PM981/PM983\n"
		"### Group 7 ###\n");
	static const char *const g13[] = {"0000:05:00.0", "0000:05:00.1"};
	static const char *const g7[] = {"0000:00:1c.6"};
	static const char *const g25[] = {"0000:06:00.0"};
	const struct isc_device *nvme;

	if (!m)
		return;
	CHECK_INT(m->n_groups, 3);
	check_members(m, 13, g13, 2);
	check_members(m, 7, g7, 1);
	check_members(m, 25, g25, 1);
	nvme = isc_model_find(m, "0000:06:00.0");
	CHECK(nvme && nvme->vendor == -1); /* plain lspci: no ids */
	CHECK(nvme && nvme->name && !strcmp(nvme->name, "Samsung Electronics Co Ltd NVMe SSD "
							 "Controller SM981/PM981/PM983"));
	CHECK_STR(m->host.cmdline, "BOOT_IMAGE=/boot/vmlinuz-6.5.11-8-pve root=/dev/mapper/pve-root "
				   "ro quiet intel_iommu=on");
	isc_model_free(m);
}

static void test_lspci_vvv_and_k(void)
{
	struct isc_model *m = model_of(
		"00:01.1 PCI bridge [0604]: Advanced Micro Devices, Inc. [AMD] Starship/Matisse GPP "
		"Bridge [1022:1483] (prog-if 00 [Normal decode])\n"
		"\tControl: I/O+ Mem+ BusMaster+\n"
		"\tIOMMU group: 1\n"
		"\tBus: primary=00, secondary=01, subordinate=01, sec-latency=0\n"
		"\tCapabilities: [58] Express (v2) Root Port (Slot+), MSI 00\n"
		"\t\tDevCap:\tMaxPayload 512 bytes, PhantFunc 0\n"
		"\t\t\tExtTag+ RBE+\n"
		"\tCapabilities: [2a0 v1] Access Control Services\n"
		"\t\tACSCap:\tSrcValid+ TransBlk+ ReqRedir+ CmpltRedir+ UpstreamFwd+ EgressCtrl- "
		"DirectTrans+\n"
		"\t\tACSCtl:\tSrcValid+ TransBlk- ReqRedir+ CmpltRedir+ UpstreamFwd+ EgressCtrl- "
		"DirectTrans-\n"
		"\tKernel driver in use: pcieport\n"
		"\n"
		"01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA106 [GeForce RTX 3060 "
		"Lite Hash Rate] [10de:2504] (rev a1) (prog-if 00 [VGA controller])\n"
		"\tIOMMU group: 16\n"
		"\tCapabilities: [68] Express (v2) Legacy Endpoint, MSI 00\n"
		"\t\tDevCap:\tMaxPayload 256 bytes, PhantFunc 0, Latency L0s unlimited, L1 <64us\n"
		"\t\t\tExtTag+ AttnBtn- AttnInd- PwrInd- RBE+ FLReset+ SlotPowerLimit 75W\n"
		"\t\tDevCtl:\tCorrErr- NonFatalErr- FatalErr- UnsupReq-\n"
		"\t\t\tRlxdOrd+ ExtTag+ PhantFunc- AuxPwr- NoSnoop+ FLReset-\n"
		"\tKernel driver in use: vfio-pci\n"
		"\tKernel modules: nouveau\n");
	const struct isc_device *rp, *gpu;

	if (!m)
		return;
	rp = isc_model_find(m, "00:01.1");
	gpu = isc_model_find(m, "01:00.0");
	CHECK(rp && gpu);
	if (!rp || !gpu)
		goto out;
	CHECK_INT(rp->group, 1);
	CHECK_INT(rp->pcie_type, ISC_PCIE_ROOT_PORT);
	CHECK_INT(rp->acs, ISC_YES);
	CHECK_INT(rp->acs_cap, 0x5f);
	CHECK_INT(rp->acs_ctl, 0x1d);
	CHECK_INT(rp->is_bridge, 1);
	CHECK_STR(rp->driver, "pcieport");
	CHECK_INT(gpu->group, 16);
	CHECK_INT(gpu->pcie_type, ISC_PCIE_LEGACY_ENDPOINT);
	CHECK_INT(gpu->flr, ISC_YES); /* the DevCap line's, not DevCtl's */
	CHECK_INT(gpu->acs, ISC_NO);
	CHECK_STR(gpu->driver, "vfio-pci");
	CHECK(gpu->parent == rp); /* from secondary=01 */
out:
	isc_model_free(m);
}

static void test_vmm(void)
{
	struct isc_model *m = model_of("Slot:\t0000:2d:00.0\n"
				       "Class:\tVGA compatible controller [0300]\n"
				       "Vendor:\tAdvanced Micro Devices, Inc. [AMD/ATI] [1002]\n"
				       "Device:\tNavi 21 [Radeon RX 6800/6800 XT / 6900 XT] [73bf]\n"
				       "Rev:\tc1\n"
				       "Driver:\tvfio-pci\n"
				       "IOMMUGroup:\t28\n"
				       "\n"
				       "Slot:\t0000:2d:00.1\n"
				       "Class:\tAudio device [0403]\n"
				       "Vendor:\tAdvanced Micro Devices, Inc. [AMD/ATI] [1002]\n"
				       "Device:\tNavi 21/23 HDMI/DP Audio Controller [ab28]\n"
				       "IOMMUGroup:\t29\n");
	const struct isc_device *d;

	if (!m)
		return;
	CHECK_INT(m->n_groups, 2);
	d = isc_model_find(m, "2d:00.0");
	CHECK(d != NULL);
	if (d) {
		CHECK_INT(d->vendor, 0x1002);
		CHECK_INT(d->device, 0x73bf);
		CHECK_INT(d->class_code, 0x030000);
		CHECK_INT(d->revision, 0xc1);
		CHECK_STR(d->driver, "vfio-pci");
		CHECK_INT(d->group, 28);
	}
	isc_model_free(m);
}

static void test_ls_iommu(void)
{
	/* ls-iommu prints "IOMMU Group N: ADDR SUBCLASS: VENDOR PRODUCT [v:d] (rev r)";
	 * with -k, lspci -nnks lines follow. */
	struct isc_model *m = model_of(
		"IOMMU Group 16: 0000:08:00.0 VGA compatible controller: NVIDIA Corporation GA104 "
		"[GeForce RTX 3060] [10de:2487] (rev a1)\n"
		"IOMMU Group 16: 0000:08:00.1 Audio device: NVIDIA Corporation GA104 High "
		"Definition Audio Controller [10de:228b] (rev a1)\n"
		"IOMMU Group 17: 09:00.0 Non-Volatile memory controller [0108]: Sandisk Corp Device "
		"[15b7:5019] (rev 01)\n"
		"\tSubsystem: Sandisk Corp Device [15b7:5019]\n"
		"\tKernel driver in use: nvme\n");
	static const char *const g16[] = {"0000:08:00.0", "0000:08:00.1"};
	const struct isc_device *gpu, *nvme;

	if (!m)
		return;
	check_members(m, 16, g16, 2);
	gpu = isc_model_find(m, "08:00.0");
	nvme = isc_model_find(m, "09:00.0");
	CHECK(gpu && nvme);
	if (gpu && nvme) {
		CHECK_INT(gpu->vendor, 0x10de);
		CHECK_INT(gpu->device, 0x2487);
		CHECK_STR(gpu->class_name, "VGA compatible controller");
		CHECK_INT(gpu->class_code, -1); /* ls-iommu prints no class code */
		CHECK_STR(gpu->name, "NVIDIA Corporation GA104 [GeForce RTX 3060]");
		CHECK_INT(nvme->group, 17);
		CHECK_STR(nvme->driver, "nvme");
	}
	isc_model_free(m);
}

static void test_conflicts_are_diagnosed(void)
{
	struct isc_model *m = model_of("IOMMU group 3 00:14.0 USB controller [0c03]: X [8086:a12f]\n"
				       "IOMMU group 4 00:14.0 USB controller [0c03]: X [8086:a12f]\n");

	if (!m)
		return;
	CHECK_INT(isc_model_find(m, "00:14.0")->group, 3);
	CHECK_INT(m->diags.n, 1);
	isc_model_free(m);
}

static struct isc_model *model_of_listing(const char *text, size_t len, unsigned listing)
{
	struct isc_snapshot *s = NULL;
	struct isc_model *m = NULL;
	struct isc_error err = {{0}};
	struct isc_model_options o = {.listing = listing};

	if (isc_snapshot_open_memory(text, len, "paste", &s, &err) < 0 ||
	    isc_model_build(s, &o, &m, &err) < 0) {
		fprintf(stderr, "  %s\n", err.text);
		CHECK(0);
	}
	isc_snapshot_free(s);
	return m;
}

/*
 * The output shapes of scripts that people run to list their groups, each
 * written the way the script prints it (the repository is named; no code of
 * theirs is here).
 */
static void test_script_arch_wiki_one_line(void)
{
	/* pastleo/kvm-setups ls_iommu.sh: printf 'IOMMU Group %s ' then lspci -nns,
	 * in the glob's order (10 before 2) */
	struct isc_model *m = model_of(
		"IOMMU Group 0 00:00.0 Host bridge [0600]: Intel Corporation 8th Gen Core Processor "
		"Host Bridge/DRAM Registers [8086:3ec2] (rev 07)\n"
		"IOMMU Group 10 00:1f.0 ISA bridge [0601]: Intel Corporation Z370 Chipset LPC/eSPI "
		"Controller [8086:a2c9]\n"
		"IOMMU Group 10 00:1f.3 Audio device [0403]: Intel Corporation 200 Series PCH HD "
		"Audio [8086:a2f0]\n"
		"IOMMU Group 1 00:01.0 PCI bridge [0604]: Intel Corporation 6th-10th Gen Core "
		"Processor PCIe Controller (x16) [8086:1901] (rev 07)\n"
		"IOMMU Group 1 01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GP108 "
		"[GeForce GT 1030] [10de:1d01] (rev a1)\n"
		"IOMMU Group 2 00:02.0 VGA compatible controller [0300]: Intel Corporation "
		"CoffeeLake-S GT2 [UHD Graphics 630] [8086:3e92]\n");
	static const char *const g1[] = {"0000:00:01.0", "0000:01:00.0"};
	static const char *const g10[] = {"0000:00:1f.0", "0000:00:1f.3"};

	if (!m)
		return;
	CHECK_INT(m->n_groups, 4);
	CHECK_INT(m->n_listings, 1);
	check_members(m, 1, g1, 2);
	check_members(m, 10, g10, 2);
	isc_model_free(m);
}

static void test_script_header_colon_tab(void)
{
	/* AgenttiX/linux-scripts testing/list_iommus.sh: "IOMMU Group N:", then
	 * echo -e "\t$(lspci -nns …)" per device, groups in sort -V order */
	struct isc_model *m = model_of(
		"IOMMU Group 0:\n"
		"\t00:00.0 Host bridge [0600]: Advanced Micro Devices, Inc. [AMD] Starship/Matisse "
		"Root Complex [1022:1480]\n"
		"IOMMU Group 1:\n"
		"\t00:01.0 Host bridge [0600]: Advanced Micro Devices, Inc. [AMD] Starship/Matisse "
		"PCIe Dummy Host Bridge [1022:1482]\n"
		"IOMMU Group 2:\n"
		"\t00:01.1 PCI bridge [0604]: Advanced Micro Devices, Inc. [AMD] Starship/Matisse GPP "
		"Bridge [1022:1483]\n"
		"\t01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GK208B [GeForce GT "
		"710] [10de:128b] (rev a1)\n");
	static const char *const g2[] = {"0000:00:01.1", "0000:01:00.0"};

	if (!m)
		return;
	CHECK_INT(m->n_groups, 3);
	check_members(m, 2, g2, 2);
	CHECK_STR(isc_model_find(m, "01:00.0")->name, "NVIDIA Corporation GK208B [GeForce GT 710]");
	isc_model_free(m);
}

static void test_script_header_no_colon(void)
{
	/* roosta/scripts iommu-groups.sh: "IOMMU group N" (find's order), then a tab
	 * and lspci -nns per device */
	struct isc_model *m = model_of(
		"IOMMU group 17\n"
		"\t03:00.0 Ethernet controller [0200]: Intel Corporation I211 Gigabit Network "
		"Connection [8086:1539] (rev 03)\n"
		"IOMMU group 7\n"
		"\t00:1c.0 PCI bridge [0604]: Intel Corporation 200 Series PCH PCI Express Root Port "
		"#1 [8086:a290] (rev f0)\n"
		"IOMMU group 15\n"
		"\t01:00.0 VGA compatible controller [0300]: NVIDIA Corporation TU106 [GeForce RTX "
		"2060] [10de:1f08] (rev a1)\n"
		"\t01:00.1 Audio device [0403]: NVIDIA Corporation TU106 High Definition Audio "
		"Controller [10de:10f9] (rev a1)\n");
	static const char *const g15[] = {"0000:01:00.0", "0000:01:00.1"};

	if (!m)
		return;
	CHECK_INT(m->n_groups, 3);
	CHECK_INT(m->n_listings, 1);
	check_members(m, 15, g15, 2);
	isc_model_free(m);
}

static void test_script_ls_reset(void)
{
	/* Dudecake/specfiles ckoomen-utils/ls-reset.sh: "IOMMU group N", then per
	 * device "[RESET]" when it has a reset file, a tab, lspci -nns */
	struct isc_model *m = model_of(
		"IOMMU group 0\n"
		"\t00:00.0 Host bridge [0600]: Intel Corporation Xeon E3-1200 v5/E3-1500 v5/6th Gen "
		"Core Processor Host Bridge/DRAM Registers [8086:191f] (rev 07)\n"
		"IOMMU group 1\n"
		"\t00:01.0 PCI bridge [0604]: Intel Corporation Xeon E3-1200 v5/E3-1500 v5/6th Gen "
		"Core Processor PCIe Controller (x16) [8086:1901] (rev 07)\n"
		"[RESET]\t01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GM206 "
		"[GeForce GTX 960] [10de:1401] (rev a1)\n"
		"\t01:00.1 Audio device [0403]: NVIDIA Corporation Device [10de:0fba] (rev a1)\n");
	static const char *const g1[] = {"0000:00:01.0", "0000:01:00.0", "0000:01:00.1"};

	if (!m)
		return;
	CHECK_INT(m->n_groups, 2);
	check_members(m, 1, g1, 3);
	CHECK_INT(isc_model_find(m, "01:00.0")->device, 0x1401);
	isc_model_free(m);
}

static void test_script_unraid_getiommu(void)
{
	/* Skitals/unraid-vfio-pci getiommu.sh: "GROUP RESET ADDR VVVV:DDDD" and the
	 * plain lspci text after the address, the group padded to two digits */
	struct isc_model *m = model_of(
		"00 0 00:00.0 8086:3e30 Host bridge: Intel Corporation 8th Gen Core 8 Core Desktop "
		"Processor Host Bridge/DRAM Registers [Coffee Lake S] (rev 0d)\n"
		"01 0 00:01.0 8086:1901 PCI bridge: Intel Corporation Xeon E3-1200 v5/E3-1500 v5/6th "
		"Gen Core Processor PCIe Controller (x16) (rev 0d)\n"
		"01 1 01:00.0 10de:1b80 VGA compatible controller: NVIDIA Corporation GP104 [GeForce "
		"GTX 1080] (rev a1)\n"
		"01 0 01:00.1 10de:10f0 Audio device: NVIDIA Corporation GP104 High Definition Audio "
		"Controller (rev a1)\n"
		"12 0 04:00.0 8086:1539 Ethernet controller: Intel Corporation I211 Gigabit Network "
		"Connection (rev 03)\n");
	static const char *const g1[] = {"0000:00:01.0", "0000:01:00.0", "0000:01:00.1"};
	const struct isc_device *gpu;

	if (!m)
		return;
	CHECK_INT(m->n_groups, 3);
	check_members(m, 1, g1, 3);
	gpu = isc_model_find(m, "01:00.0");
	CHECK(gpu != NULL);
	if (gpu) {
		CHECK_INT(gpu->vendor, 0x10de);
		CHECK_INT(gpu->device, 0x1b80);
		CHECK_STR(gpu->class_name, "VGA compatible controller");
		CHECK_STR(gpu->name, "NVIDIA Corporation GP104 [GeForce GTX 1080]");
		CHECK_INT(gpu->revision, 0xa1);
	}
	CHECK_INT(isc_model_find(m, "04:00.0")->group, 12);
	isc_model_free(m);
}

static void test_script_iommu_tools_tree(void)
{
	/* EthanZHF/iommu_tools tree.sh: per IOMMU unit, its groups and their devices */
	struct isc_model *m = model_of(
		"IOMMU: dmar0\n"
		"  IOMMU Group: 50\n"
		"    Group Device: 0000:97:00.4 - Generic system peripheral [0807]: Intel Corporation "
		"Device [8086:0b23]\n"
		"\n"
		"IOMMU: dmar15\n"
		"  IOMMU Group: 15\n"
		"    Group Device: 0000:6a:00.4 - Generic system peripheral [0807]: Intel Corporation "
		"Device [8086:0b23]\n"
		"  IOMMU Group: 18\n"
		"    Group Device: 0000:6b:00.0 - Co-processor [0b40]: Intel Corporation Device "
		"[8086:4940]\n"
		"    Group Device: 0000:6b:00.1 - Co-processor [0b40]: Intel Corporation Device "
		"[8086:4941]\n");
	static const char *const g18[] = {"0000:6b:00.0", "0000:6b:00.1"};
	const struct isc_device *qat;

	if (!m)
		return;
	CHECK_INT(m->n_groups, 3);
	check_members(m, 18, g18, 2);
	qat = isc_model_find(m, "0000:6b:00.0");
	CHECK(qat && qat->class_code == 0x0b4000 && qat->device == 0x4940);
	CHECK_INT(isc_model_find(m, "0000:97:00.4")->group, 50);
	isc_model_free(m);
}

static void test_script_iommu_viewer(void)
{
	/* smallprogram/PCILeechFWGenerator scripts/iommu_viewer.py: "Group: N",
	 * two spaces, the address, the ids and "Driver: NAME"; with --lspci the
	 * first line of lspci -nnk instead; "(no devices)" for an empty group.
	 * The shell viewers it stands in for pad with more blanks. */
	struct isc_model *m = model_of(
		"Group: 0  0000:00:00.0 [1022:1480]\n"
		"Group: 1  0000:00:01.0 [1022:1482]\n"
		"Group: 2  0000:00:01.1 [1022:1483] Driver: pcieport\n"
		"Group: 2  0000:01:00.0 [10de:128b] Driver: vfio-pci\n"
		"Group: 3  (no devices)\n"
		"Group:  14   0000:2d:00.0 NVIDIA Corporation GK208B [GeForce GT 710] [10de:128b] "
		"Driver: nouveau\n"
		"Group: 15  2e:00.0 Non-Volatile memory controller [0108]: Samsung Electronics Co Ltd "
		"NVMe SSD Controller SM981/PM981/PM983 [144d:a808]\n");
	static const char *const g2[] = {"0000:00:01.1", "0000:01:00.0"};
	const struct isc_device *gpu, *gt, *nvme;

	if (!m)
		return;
	CHECK_INT(m->n_groups, 5); /* an empty group has no members to show */
	check_members(m, 2, g2, 2);
	gpu = isc_model_find(m, "01:00.0");
	gt = isc_model_find(m, "2d:00.0");
	nvme = isc_model_find(m, "2e:00.0");
	CHECK(gpu && gt && nvme);
	if (gpu && gt && nvme) {
		CHECK_STR(gpu->driver, "vfio-pci");
		CHECK_INT(gpu->vendor, 0x10de);
		CHECK_INT(gpu->device, 0x128b);
		CHECK_STR(gt->driver, "nouveau");
		CHECK_INT(gt->group, 14);
		CHECK_INT(nvme->class_code, 0x010800);
		CHECK(nvme->driver == NULL);
	}
	CHECK(isc_model_find(m, "00:00.0")->driver == NULL);
	isc_model_free(m);
}

static void test_script_ls_iommu_go(void)
{
	/* HikariKnight/ls-iommu, default format: "IOMMU Group" with the number
	 * padded to three, then SUBCLASS [cccc] VENDOR PRODUCT [v:d] (rev r): no
	 * colon after the class id; -k adds lspci-style detail lines */
	struct isc_model *m = model_of(
		"IOMMU Group   1: 0000:00:01.0 PCI bridge [0604] Intel Corporation 6th-10th Gen "
		"Core Processor PCIe Controller (x16) [8086:1901] (rev 07)\n"
		"IOMMU Group   1: 0000:01:00.0 VGA compatible controller [0300] NVIDIA Corporation "
		"GA104 [GeForce RTX 3060] [10de:2487] (rev a1)\n"
		"\tSubsystem: Gigabyte Technology Co., Ltd GA104 [GeForce RTX 3060] [1458:4096]\n"
		"\tKernel driver in use: vfio-pci\n"
		"IOMMU Group  12: 0000:03:00.0 Ethernet controller [0200] Intel Corporation I211 "
		"Gigabit Network Connection [8086:1539] (rev 03)\n");
	static const char *const g1[] = {"0000:00:01.0", "0000:01:00.0"};
	const struct isc_device *gpu;

	if (!m)
		return;
	CHECK_INT(m->n_groups, 2);
	check_members(m, 1, g1, 2);
	gpu = isc_model_find(m, "01:00.0");
	CHECK(gpu != NULL);
	if (gpu) {
		CHECK_INT(gpu->class_code, 0x030000);
		CHECK_STR(gpu->class_name, "VGA compatible controller");
		CHECK_STR(gpu->name, "NVIDIA Corporation GA104 [GeForce RTX 3060]");
		CHECK_INT(gpu->vendor, 0x10de);
		CHECK_STR(gpu->driver, "vfio-pci");
	}
	CHECK_INT(isc_model_find(m, "03:00.0")->group, 12);
	isc_model_free(m);
}

static void test_quoted_bom_and_utf16(void)
{
	static const char listing[] =
		"IOMMU Group 0:\n"
		"\t00:00.0 Host bridge [0600]: Intel Corporation Device [8086:4660] (rev 02)\n"
		"IOMMU Group 1:\n"
		"\t00:01.0 PCI bridge [0604]: Intel Corporation 12th Gen Core Processor PCI Express "
		"x16 Controller #1 [8086:460d] (rev 02)\n"
		"\t01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX "
		"3090] [10de:2204] (rev a1)\n";
	static const char *const g0[] = {"0000:00:00.0"};
	static const char *const g1[] = {"0000:00:01.0", "0000:01:00.0"};
	char quoted[1024], bom[1024], utf16[2048];
	size_t n = 0, u = 0;
	struct isc_model *m;

	/* a mail reply quotes each line with "> ", a reply to it with "> > " */
	for (const char *l = listing; *l; l = strchr(l, '\n') + 1) {
		n += (size_t)snprintf(quoted + n, sizeof(quoted) - n, "%s%.*s\n",
				      l == listing ? "> > " : "> ", (int)(strchr(l, '\n') - l), l);
	}
	m = model_of(quoted);
	if (m) {
		check_members(m, 0, g0, 1);
		check_members(m, 1, g1, 2);
		isc_model_free(m);
	}
	/* a UTF-8 byte order mark before the first group header */
	snprintf(bom, sizeof(bom), "\xef\xbb\xbf%s", listing);
	m = model_of(bom);
	if (m) {
		check_members(m, 0, g0, 1);
		isc_model_free(m);
	}
	/* UTF-16LE with its mark (Windows editors, PowerShell's > redirection) */
	utf16[u++] = '\xff';
	utf16[u++] = '\xfe';
	for (const char *c = listing; *c; c++) {
		utf16[u++] = *c;
		utf16[u++] = 0;
	}
	m = model_of_listing(utf16, u, 0);
	if (m) {
		check_members(m, 0, g0, 1);
		check_members(m, 1, g1, 2);
		CHECK_INT(isc_model_find(m, "01:00.0")->device, 0x2204);
		isc_model_free(m);
	}
}

static void test_two_listings_are_two_hosts(void)
{
	/* Two machines' groups in one Markdown file, each in the seed script's
	 * form: the second listing starts where group 0 comes again. */
	static const char text[] =
		"# Sample IOMMU groups\n\n## Intel board\n\n```\n"
		"IOMMU group 0\n"
		"  00:00.0 Host bridge [0600]: Intel Corporation Xeon E3-1200 v5/E3-1500 v5/6th Gen "
		"Core Processor Host Bridge/DRAM Registers [8086:191f] (rev 07)\n"
		"IOMMU group 1\n"
		"  00:01.0 PCI bridge [0604]: Intel Corporation Xeon E3-1200 v5/E3-1500 v5/6th Gen "
		"Core Processor PCIe Controller (x16) [8086:1901] (rev 07)\n"
		"  01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GM206 [GeForce GTX "
		"960] [10de:1401] (rev a1)\n"
		"```\n\n## AMD board\n\n```\n"
		"IOMMU group 0\n"
		"        00:01.0 Host bridge [0600]: Advanced Micro Devices, Inc. [AMD] Family 17h "
		"(Models 00h-0fh) PCIe Dummy Host Bridge [1022:1452]\n"
		"IOMMU group 1\n"
		"        00:01.1 PCI bridge [0604]: Advanced Micro Devices, Inc. [AMD] Device "
		"[1022:15d3]\n"
		"IOMMU group 8\n"
		"        26:00.0 VGA compatible controller [0300]: NVIDIA Corporation GP106 [GeForce "
		"GTX 1060 6GB] [10de:1c03] (rev a1)\n"
		"```\n";
	static const char *const intel1[] = {"0000:00:01.0", "0000:01:00.0"};
	static const char *const amd1[] = {"0000:00:01.1"};
	struct isc_model *m = model_of_listing(text, sizeof(text) - 1, 0), *m2;

	if (!m)
		return;
	CHECK_INT(m->n_listings, 2);
	CHECK_INT(m->listing, 1);
	CHECK_INT(m->listing_first_line, 1);
	CHECK_INT(m->listing_last_line, 15);
	CHECK_INT(m->n_devices, 3);
	check_members(m, 1, intel1, 2);
	CHECK_INT(m->diags.n, 0); /* no "listed in groups 0 and 1" */
	m2 = model_of_listing(text, sizeof(text) - 1, 2);
	if (m2) {
		CHECK_INT(m2->n_listings, 2);
		CHECK_INT(m2->listing, 2);
		CHECK_INT(m2->listing_first_line, 16);
		CHECK_INT(m2->listing_last_line, 22);
		CHECK_INT(m2->n_devices, 3);
		check_members(m2, 1, amd1, 1);
		CHECK_INT(isc_model_find(m2, "00:01.0")->vendor, 0x1022);
		CHECK_INT(isc_model_find(m2, "26:00.0")->group, 8);
		CHECK_INT(m2->diags.n, 0);
		isc_model_free(m2);
	}
	isc_model_free(m);
	/* The same host listed twice (the seed script, then another script's
	 * form of it) agrees with itself: one host. */
	{
		static const char again[] =
			"IOMMU Group 0:\n"
			"\t00:00.0 Host bridge [0600]: Intel Corporation Device [8086:4660] (rev 02)\n"
			"IOMMU Group 1:\n"
			"\t00:01.0 PCI bridge [0604]: Intel Corporation Device [8086:460d] (rev 02)\n"
			"### Group 1 ###\n"
			"    00:01.0 PCI bridge: Intel Corporation Device 460d (rev 02)\n"
			"### Group 0 ###\n"
			"    00:00.0 Host bridge: Intel Corporation Device 4660 (rev 02)\n";

		m = model_of_listing(again, sizeof(again) - 1, 0);
		if (m) {
			CHECK_INT(m->n_listings, 1);
			CHECK_INT(m->n_devices, 2);
			isc_model_free(m);
		}
	}
}

TEST_MAIN(test_seed_script_with_noise, test_one_line_find_and_headers, test_lspci_vvv_and_k,
	  test_vmm, test_ls_iommu, test_conflicts_are_diagnosed, test_script_arch_wiki_one_line,
	  test_script_header_colon_tab, test_script_header_no_colon, test_script_ls_reset,
	  test_script_unraid_getiommu, test_script_iommu_tools_tree, test_script_iommu_viewer,
	  test_script_ls_iommu_go, test_quoted_bom_and_utf16, test_two_listings_are_two_hosts)
