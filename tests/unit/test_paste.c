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

TEST_MAIN(test_seed_script_with_noise, test_one_line_find_and_headers, test_lspci_vvv_and_k,
	  test_vmm, test_ls_iommu, test_conflicts_are_diagnosed)
