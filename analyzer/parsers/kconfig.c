/* SPDX-License-Identifier: MIT */
/* /boot/config-RELEASE: the kernel configuration options the rules need. */
#include <string.h>

#include "parsers.h"

/*
 * Whether VT-d is on without intel_iommu=on. Upstream has one option; Debian's
 * kernels choose among three: DEFAULT_ON, DEFAULT_ON_INTGPU_OFF (on, except
 * for the integrated GPU: Debian 12's choice) and DEFAULT_OFF. A set option
 * wins over "is not set", in whichever order the lines come.
 */
static void kconfig_line(void *ctx, unsigned lineno, char *line)
{
	struct isc_facts *f = ctx;

	(void)lineno;
	if (!strcmp(line, "CONFIG_INTEL_IOMMU_DEFAULT_ON=y") ||
	    !strcmp(line, "CONFIG_INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF=y"))
		f->intel_default_on = ISC_YES;
	else if (!strcmp(line, "CONFIG_INTEL_IOMMU_DEFAULT_OFF=y"))
		f->intel_default_on = ISC_NO;
	else if (!strcmp(line, "# CONFIG_INTEL_IOMMU_DEFAULT_ON is not set") &&
		 f->intel_default_on == ISC_UNKNOWN)
		f->intel_default_on = ISC_NO;
}

void isc_kconfig_parse(struct isc_facts *f, const char *text, size_t len, const char *source)
{
	(void)source;
	isc_each_line(text, len, kconfig_line, f);
}
