/* SPDX-License-Identifier: MIT */
/*
 * A libvirt domain (or the collector's <hostdevs> excerpt of one), read
 * with libxml2 by parsers/libvirt.c: every entry it keeps must be a
 * well-formed address. Inputs are capped at 64 KiB, well above a domain.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "parsers/parsers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct isc_facts *f;

	if (size > 65536 || !(f = isc_facts_new()))
		return 0;
	isc_libvirt_parse(f, (const char *)data, size, "etc/libvirt/qemu/vm.xml", "vm");
	for (size_t i = 0; i < f->n_vmdevs; i++)
		if (!f->vmdevs[i].address || strlen(f->vmdevs[i].address) != 12)
			abort();
	isc_facts_unref(f);
	return 0;
}
