/* SPDX-License-Identifier: MIT */
/*
 * libvirt domains read with libxml2 (parsers/libvirt.c): only the host-side
 * source address of <hostdev mode='subsystem' type='pci'>, never a USB
 * hostdev, the guest-side <address>, or text in comments and CDATA. And
 * Proxmox PCI resource mappings (parsers/pvemapping.c), in the format of
 * reference proxmox-mappings.md.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "parsers/parsers.h"

static struct isc_facts *parse(const char *xml)
{
	struct isc_facts *f = isc_facts_new();

	if (f)
		isc_libvirt_parse(f, xml, strlen(xml), "etc/libvirt/qemu/vm.xml", "vm");
	return f;
}

/* The old reader took a USB hostdev before a PCI one as PCI 01:00.0 (the boot disk). */
static void test_usb_before_pci(void)
{
	static const char xml[] =
		"<domain type='kvm'>\n"
		"  <devices>\n"
		"    <hostdev mode='subsystem' type='usb' managed='yes'>\n"
		"      <source>\n"
		"        <vendor id='0x046d'/>\n"
		"        <product id='0xc52b'/>\n"
		"      </source>\n"
		"      <address type='usb' bus='0' port='1'/>\n"
		"    </hostdev>\n"
		"    <hostdev mode='subsystem' type='pci' managed='yes'>\n"
		"      <source>\n"
		"        <address domain='0x0000' bus='0x08' slot='0x00' function='0x1'/>\n"
		"      </source>\n"
		"      <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n"
		"    </hostdev>\n"
		"  </devices>\n"
		"</domain>\n";
	struct isc_facts *f = parse(xml);

	CHECK_INT(f->n_vmdevs, 1);
	if (f->n_vmdevs == 1) {
		CHECK_STR(f->vmdevs[0].address, "0000:08:00.1");
		CHECK_STR(f->vmdevs[0].entry, "hostdev");
		CHECK_INT(f->vmdevs[0].src.lineno, 12);
		CHECK_STR(f->vmdevs[0].src.line,
			  "        <address domain='0x0000' bus='0x08' slot='0x00' function='0x1'/>");
	}
	isc_facts_unref(f);
}

static void test_comments_cdata_and_forms(void)
{
	static const char xml[] =
		"<?xml version='1.0'?>\n"
		"<!-- <hostdev mode='subsystem' type='pci'><source><address bus='0x05'/></source>"
		"</hostdev> -->\n"
		"<domain type='kvm'>\n"
		"  <metadata><hostdev mode='subsystem' type='pci'><source><address bus='0x06'/>"
		"</source></hostdev></metadata>\n"
		"  <devices>\n"
		"    <!-- <hostdev mode='subsystem' type='pci'><source><address bus='0x07'/>"
		"</source></hostdev> -->\n"
		"    <description><![CDATA[<hostdev mode='subsystem' type='pci'><source>"
		"<address bus='0x09'/></source></hostdev>]]></description>\n"
		"    <hostdev type=\"pci\" managed=\"yes\"><source><address bus=\"3\" slot=\"0\"/>"
		"</source></hostdev>\n"
		"    <hostdev mode='capabilities' type='pci'><source><address bus='0x0a'/></source>"
		"</hostdev>\n"
		"    <hostdev mode='subsystem' type='pci'><source><address bus='0x100' slot='0'/>"
		"</source></hostdev>\n"
		"    <hostdev mode='subsystem' type='pci'><source><address bus='0x0b' slot='0x20'/>"
		"</source></hostdev>\n"
		"    <interface type='hostdev' managed='yes'><source><address type='pci' "
		"domain='0x0000' bus='0x0c' slot='0x10' function='0x2'/></source></interface>\n"
		"  </devices>\n"
		"</domain>\n";
	struct isc_facts *f = parse(xml);

	/* bus 3 in decimal with the mode left out (libvirt's default), and the VF interface;
	 * not the comments, the CDATA, <metadata>, mode='capabilities' or out-of-range values */
	CHECK_INT(f->n_vmdevs, 2);
	if (f->n_vmdevs == 2) {
		CHECK_STR(f->vmdevs[0].address, "0000:03:00.0");
		CHECK_STR(f->vmdevs[1].address, "0000:0c:10.2");
		CHECK_STR(f->vmdevs[1].entry, "interface");
	}
	isc_facts_unref(f);
}

/* The collector keeps only <hostdev> elements under a <hostdevs> root. */
static void test_collected_excerpt_and_damage(void)
{
	static const char excerpt[] =
		"<hostdevs>\n"
		"  <hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0000' "
		"bus='0x01' slot='0x00' function='0x0'/></source></hostdev>\n"
		"</hostdevs>\n";
	static const char *const broken[] = {
		"", "<domain>", "<domain><devices><hostdev type='pci'><source><address bus='0x01'",
		"<!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">"
		"<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\">]><domain><devices><hostdev type='pci'>"
		"<source><address bus='&c;'/></source></hostdev></devices></domain>",
		"<!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><domain><devices>"
		"<hostdev type='pci'><source><address bus='&x;'/></source></hostdev></devices>"
		"</domain>",
	};
	struct isc_facts *f = parse(excerpt);

	CHECK_INT(f->n_vmdevs, 1);
	if (f->n_vmdevs == 1)
		CHECK_STR(f->vmdevs[0].address, "0000:01:00.0");
	isc_facts_unref(f);
	for (size_t i = 0; i < sizeof(broken) / sizeof(broken[0]); i++) {
		f = parse(broken[i]);
		CHECK_INT(f->n_vmdevs, 0);
		isc_facts_unref(f);
	}
}

static void test_pve_mappings(void)
{
	static const char cfg[] =
		"gpu1\n"
		"\tdescription RTX 3090 for VM 100, path=0000:99:00.0\n"
		"\tmap id=10de:2204,iommugroup=16,node=pve1,path=0000:01:00,subsystem-id=1458:4043\n"
		"\tmap id=10de:2204,iommugroup=21,node=pve2,path=0000:41:00.0;0000:42:00.0\n"
		"\n"
		"\tmap id=1234:5678,node=pve1,path=0000:07:00.0\n" /* outside a section */
		"nic-1\n"
		"\tmap node=pve1,path=0000:03:00.0,iommugroup=x,id=8086:1533\n"
		"bad name!\n"
		"\tmap id=1111:2222,path=0000:05:00.0\n";
	struct isc_facts *f = isc_facts_new();

	isc_pve_mapping_parse(f, cfg, strlen(cfg), "etc/pve/mapping/pci.cfg");
	CHECK(f->has_pci_mappings);
	CHECK_INT(f->n_pci_maps, 3);
	if (f->n_pci_maps == 3) {
		CHECK_STR(f->pci_maps[0].name, "gpu1");
		CHECK_STR(f->pci_maps[0].node, "pve1");
		CHECK_STR(f->pci_maps[0].path, "0000:01:00");
		CHECK_STR(f->pci_maps[0].id, "10de:2204");
		CHECK_STR(f->pci_maps[0].subsystem_id, "1458:4043");
		CHECK_INT(f->pci_maps[0].iommugroup, 16);
		CHECK_INT(f->pci_maps[0].src.lineno, 3);
		CHECK_STR(f->pci_maps[1].path, "0000:41:00.0;0000:42:00.0");
		CHECK(f->pci_maps[1].subsystem_id == NULL);
		CHECK_STR(f->pci_maps[2].name, "nic-1");
		CHECK_STR(f->pci_maps[2].id, "8086:1533");
		CHECK_INT(f->pci_maps[2].iommugroup, -1);
	}
	isc_facts_unref(f);
}

TEST_MAIN(test_usb_before_pci, test_comments_cdata_and_forms, test_collected_excerpt_and_damage,
	  test_pve_mappings)
