/* SPDX-License-Identifier: MIT */
/* The kernel command line, split as the kernel splits it. */
#include <stdlib.h>

#include "harness.h"
#include "parsers/parsers.h"

static void check(const char *line, const char *const *want, size_t nwant)
{
	char **v = NULL;
	size_t n = 0;

	CHECK_INT(isc_cmdline_split(line, &v, &n), 0);
	CHECK_INT(n, nwant);
	for (size_t i = 0; i < n && i < nwant; i++)
		CHECK_STR(v[i], want[i]);
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void test_split(void)
{
	static const char *const real[] = {"BOOT_IMAGE=/boot/vmlinuz-6.5.13-1-pve",
					   "root=/dev/mapper/pve-root", "ro", "quiet",
					   "amd_iommu=on", "iommu=pt", "pcie_acs_override=downstream",
					   "initcall_blacklist=sysfb_init"};
	static const char *const quoted[] = {"dyndbg=file vfio_pci.c +p", "intel_iommu=on,sm_on",
					     "x"};
	static const char *const init_args[] = {"console=ttyS0", "quiet"};

	check("BOOT_IMAGE=/boot/vmlinuz-6.5.13-1-pve root=/dev/mapper/pve-root ro quiet "
	      "amd_iommu=on iommu=pt pcie_acs_override=downstream "
	      "initcall_blacklist=sysfb_init\n",
	      real, 8);
	check("  dyndbg=\"file vfio_pci.c +p\"\tintel_iommu=on,sm_on \"x\"", quoted, 3);
	check("console=ttyS0 quiet -- --firecracker-init --addr 0.0.0.0:2024", init_args, 2);
	check("", NULL, 0);
	check("   ", NULL, 0);
}

TEST_MAIN(test_split)
