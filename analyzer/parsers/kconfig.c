/* SPDX-License-Identifier: MIT */
/* /boot/config-RELEASE: the kernel configuration options the rules need. */
#include <string.h>

#include "parsers.h"

static void kconfig_line(void *ctx, unsigned lineno, char *line)
{
	struct isc_facts *f = ctx;

	(void)lineno;
	if (!strcmp(line, "CONFIG_INTEL_IOMMU_DEFAULT_ON=y"))
		f->intel_default_on = ISC_YES;
	else if (!strcmp(line, "# CONFIG_INTEL_IOMMU_DEFAULT_ON is not set"))
		f->intel_default_on = ISC_NO;
}

void isc_kconfig_parse(struct isc_facts *f, const char *text, size_t len, const char *source)
{
	(void)source;
	isc_each_line(text, len, kconfig_line, f);
}
