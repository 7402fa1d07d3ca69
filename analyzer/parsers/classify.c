/* SPDX-License-Identifier: MIT */
/*
 * What a text file is, by its content (never its name): the kernel log, a
 * kernel command line, GRUB defaults, modprobe.d, /etc/modules, a Proxmox
 * VM configuration, a libvirt domain, os-release, proxmox-boot-tool status,
 * or else a listing (group listings, lspci: the paste parser's).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "parsers.h"

#define SCAN_LINES 4096 /* enough lines to tell; the parsers read them all */

static const char *const kinds[] = {
	[ISC_TEXT_LISTING] = "group listing or lspci output",
	[ISC_TEXT_DMESG] = "kernel log",
	[ISC_TEXT_CMDLINE] = "kernel command line",
	[ISC_TEXT_GRUB] = "GRUB defaults",
	[ISC_TEXT_MODPROBE] = "modprobe.d configuration",
	[ISC_TEXT_MODULES] = "/etc/modules",
	[ISC_TEXT_PVE_VM] = "Proxmox VM configuration",
	[ISC_TEXT_LIBVIRT] = "libvirt domain XML",
	[ISC_TEXT_OS_RELEASE] = "os-release",
	[ISC_TEXT_BOOT_STATUS] = "proxmox-boot-tool status",
};

const char *isc_text_kind_name(enum isc_text_kind k)
{
	return k < sizeof(kinds) / sizeof(kinds[0]) && kinds[k] ? kinds[k] : "text";
}

/* Kernel log lines: "[    0.123456] …", "… kernel: …", or messages only the kernel prints. */
static int log_line(const char *s)
{
	static const char *const said[] = {
		"DMAR: ", "DMAR-IR: ", "AMD-Vi: ", "iommu: ", ": Adding to iommu group ",
		"Kernel command line: ", "vfio_pci: ", "VFIO - User Level", "PCIe ACS overrides",
		"ineligible for IOMMU domain attach",
	};
	const char *b = s;

	while (*b == ' ')
		b++;
	if (b[0] == '[' && strspn(b + 1, " 0123456789.") >= 8 && b[1 + strspn(b + 1, " 0123456789.")] == ']')
		return 1;
	if (strstr(s, " kernel: "))
		return 1;
	for (size_t i = 0; i < sizeof(said) / sizeof(said[0]); i++)
		if (strstr(s, said[i]))
			return 1;
	return 0;
}

/* Lines a listing or lspci prints: "IOMMU Group", ".../iommu_groups/", "00:01.0 Class [0604]: ". */
static int listing_line(const char *s)
{
	const char *p = s;

	if (strcasestr(s, "iommu group") || strstr(s, "iommu_groups/") || !strncmp(s, "Slot:", 5))
		return !log_line(s);
	while (*p == ' ' || *p == '\t')
		p++;
	/* lspci: "bb:dd.f " or "dddd:bb:dd.f " then a class name */
	if (strlen(p) > 8 && isxdigit((unsigned char)p[0]) && isxdigit((unsigned char)p[1]) &&
	    (p[2] == ':' || (p[4] == ':' && p[7] == ':')))
		return strstr(p, "]: ") != NULL || strstr(p, ": ") != NULL;
	return 0;
}

static int modprobe_word(const char *s)
{
	static const char *const words[] = {"options", "softdep", "blacklist", "install", "alias",
					    "remove"};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		size_t n = strlen(words[i]);

		if (!strncmp(s, words[i], n) && (s[n] == ' ' || s[n] == '\t'))
			return 1;
	}
	return 0;
}

/* "key: value" of a Proxmox VM configuration. */
static int pve_line(const char *s, int *known)
{
	static const char *const keys[] = {"hostpci", "boot", "cores", "memory", "ostype", "scsihw",
					   "smbios1", "vmgenid", "machine", "bios", "sockets",
					   "net0", "name", "cpu", "meta", "efidisk0", "numa"};
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_-");

	if (!n || s[n] != ':' || s[n + 1] != ' ')
		return 0;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strncmp(s, keys[i], strlen(keys[i])) &&
		    (n == strlen(keys[i]) || !strcmp(keys[i], "hostpci")))
			(*known)++;
	return 1;
}

/* A module name alone on a line (/etc/modules): "vfio_pci". */
static int module_line(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_-");

	return n && islower((unsigned char)s[0]) && !s[n + strspn(s + n, " \t")];
}

enum isc_text_kind isc_text_classify(const char *text, size_t len)
{
	size_t logs = 0, listings = 0, mods = 0, pves = 0, pve_known = 0, modules = 0;
	size_t lines = 0, grub = 0, os = 0, content = 0;
	char *copy = strndup(text, len), *line, *save = NULL, *first = NULL;
	enum isc_text_kind k = ISC_TEXT_LISTING;
	int known = 0;

	if (!copy)
		return ISC_TEXT_LISTING;
	if (strstr(copy, "<domain") && strstr(copy, "</domain>")) {
		free(copy);
		return ISC_TEXT_LIBVIRT;
	}
	for (line = strtok_r(copy, "\n", &save); line && lines < SCAN_LINES;
	     line = strtok_r(NULL, "\n", &save), lines++) {
		const char *s = line;

		line[strcspn(line, "\r")] = '\0';
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s || *s == '#')
			continue;
		content++;
		if (!first)
			first = line;
		logs += log_line(line);
		listings += listing_line(line);
		mods += modprobe_word(s);
		grub += !strncmp(s, "GRUB_", 5) || !strncmp(s, "export GRUB_", 12);
		os += !strncmp(s, "ID=", 3) || !strncmp(s, "PRETTY_NAME=", 12) ||
		      !strncmp(s, "VERSION_ID=", 11) || !strncmp(s, "ID_LIKE=", 8);
		pves += s == line && pve_line(s, &known);
		modules += module_line(s);
		if (strstr(s, "configured with: "))
			k = ISC_TEXT_BOOT_STATUS;
	}
	pve_known = (size_t)known;
	if (k == ISC_TEXT_BOOT_STATUS)
		;
	else if (!content)
		k = ISC_TEXT_LISTING;
	else if (logs && !listings)
		k = ISC_TEXT_DMESG;
	else if (grub)
		k = ISC_TEXT_GRUB;
	else if (mods == content)
		k = ISC_TEXT_MODPROBE;
	else if (pve_known >= 2 && pves * 2 >= content)
		k = ISC_TEXT_PVE_VM;
	else if (os >= 2)
		k = ISC_TEXT_OS_RELEASE;
	else if (!listings && content <= 2 && first && isc_cmdline_recognise(first, NULL))
		k = ISC_TEXT_CMDLINE;
	else if (modules == content && !listings)
		k = ISC_TEXT_MODULES;
	free(copy);
	return k;
}
