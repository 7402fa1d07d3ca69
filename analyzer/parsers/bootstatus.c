/* SPDX-License-Identifier: MIT */
/*
 * `proxmox-boot-tool status`: "UUID is configured with: uefi (versions: …)"
 * means systemd-boot, "configured with: grub" means GRUB.
 */
#include <string.h>

#include "parsers.h"

void isc_bootstatus_parse(struct isc_facts *f, const char *text, size_t len, const char *source)
{
	(void)source;
	if (memmem(text, len, "configured with: uefi", 20))
		f->boot_status = ISC_BOOT_SYSTEMD_BOOT;
	else if (memmem(text, len, "configured with: grub", 21))
		f->boot_status = ISC_BOOT_GRUB;
}
