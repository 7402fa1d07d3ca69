/* SPDX-License-Identifier: MIT */
/*
 * VM configuration parsers: the first byte picks one (0 a libvirt domain's
 * XML, read with libxml2; 1 a Proxmox VM's qemu-server/VMID.conf; 2 the
 * Proxmox PCI resource mappings, etc/pve/mapping/pci.cfg), the rest is its
 * text. Every entry kept must be a whole address or a mapping name, every
 * map line bounded. Inputs are capped at 64 KiB, well above any of them.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "parsers/parsers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct isc_facts *f;
	const char *text = (const char *)data + 1;

	if (size < 1 || size > 65536 || !(f = isc_facts_new()))
		return 0;
	switch (data[0] % 3) {
	case 0:
		isc_libvirt_parse(f, text, size - 1, "etc/libvirt/qemu/vm.xml", "vm");
		break;
	case 1:
		isc_pve_vm_parse(f, text, strnlen(text, size - 1), "etc/pve/qemu-server/100.conf",
				 "100");
		break;
	default:
		isc_pve_mapping_parse(f, text, strnlen(text, size - 1), "etc/pve/mapping/pci.cfg");
		break;
	}
	for (size_t i = 0; i < f->n_vmdevs; i++)
		if (f->vmdevs[i].address ? strlen(f->vmdevs[i].address) != 12 &&
						   strlen(f->vmdevs[i].address) != 10
					 : !f->vmdevs[i].mapping)
			abort();
	for (size_t i = 0; i < f->n_pci_maps; i++)
		if (!f->pci_maps[i].name || strlen(f->pci_maps[i].name) > 63 ||
		    (f->pci_maps[i].path && strlen(f->pci_maps[i].path) > 256))
			abort();
	isc_facts_unref(f);
	return 0;
}
