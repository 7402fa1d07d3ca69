/* SPDX-License-Identifier: MIT */
/*
 * Loose text files of a ticket: the input, cut at NUL bytes into up to four
 * files, goes through the content classifier, the kernel command-line
 * recogniser, the kernel log, GRUB, modprobe.d, Proxmox and libvirt parsers
 * straight into host facts; then each file alone becomes a host (whatever
 * it was recognised as: a kernel log brings its functions) through the
 * whole pipeline.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "parsers/parsers.h"

#define FILES_MAX 4

static void facts_of(const char *text, size_t len)
{
	struct isc_facts *f = isc_facts_new();
	struct isc_grub g = {0};
	char *line = NULL;

	if (!f)
		return;
	(void)isc_text_kind_name(isc_text_classify(text, len));
	if (isc_cmdline_recognise(text, &line) > 0)
		free(line);
	isc_dmesg_parse(f, text, len, "dmesg");
	isc_grub_parse(&g, text, len, "grub");
	(void)isc_grub_finish(&g, f);
	isc_modprobe_parse(f, text, len, "vfio.conf");
	isc_modprobe_finish(f);
	isc_pve_vm_parse(f, text, len, "100.conf", "100");
	isc_libvirt_parse(f, text, len, "vm.xml", "vm");
	isc_facts_unref(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;

	if (size > 1u << 18)
		return 0;
	for (int i = 0; i < FILES_MAX && p <= end; i++) {
		const char *nul = memchr(p, '\0', (size_t)(end - p));
		size_t len = nul ? (size_t)(nul - p) : (size_t)(end - p);
		char *text = strndup(p, len);
		struct isc_snapshot *s = NULL;
		struct isc_error err = {{0}};

		if (!text)
			return 0;
		facts_of(text, len);
		if (len && isc_snapshot_open_memory(text, len, "paste", &s, &err) == 0)
			fuzz_pipeline(s);
		isc_snapshot_free(s);
		free(text);
		if (!nul)
			break;
		p = nul + 1;
	}
	return 0;
}
