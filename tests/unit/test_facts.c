/* SPDX-License-Identifier: MIT */
/*
 * The host-facts parsers over text in the real formats, each fact with its
 * provenance (file, line number, line); and the rules running from the
 * model alone, after the snapshot is gone.
 */
#include <stdlib.h>

#include "harness.h"
#include "iommuscope/findings.h"
#include "iommuscope/model.h"
#include "parsers/parsers.h"

#define PARSE(fn, f, text, src) fn(f, text, strlen(text), src)

static void test_grub(void)
{
	static const char grub[] = "# If you change this file, run 'update-grub'\n"
				   "GRUB_DEFAULT=0\n"
				   "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\n"
				   "GRUB_CMDLINE_LINUX=\"\"\n";
	static const char dropin[] = "GRUB_CMDLINE_LINUX_DEFAULT=\"$GRUB_CMDLINE_LINUX_DEFAULT\"\n"
				     "GRUB_CMDLINE_LINUX_DEFAULT='quiet intel_iommu=on iommu=pt' # pt\n";
	struct isc_facts *f = isc_facts_new();
	struct isc_grub g = {0};

	isc_grub_parse(&g, grub, strlen(grub), "etc/default/grub");
	isc_grub_parse(&g, dropin, strlen(dropin), "etc/default/grub.d/iommu.cfg");
	CHECK_INT(isc_grub_finish(&g, f), 0);
	CHECK_INT(f->n_grub, 3);
	if (f->n_grub == 3) {
		CHECK_STR(f->grub[1].text, "intel_iommu=on");
		CHECK_STR(f->grub[1].src.file, "etc/default/grub.d/iommu.cfg");
		CHECK_INT(f->grub[1].src.lineno, 2);
		CHECK_STR(f->grub[1].src.line,
			  "GRUB_CMDLINE_LINUX_DEFAULT='quiet intel_iommu=on iommu=pt' # pt");
	}
	isc_facts_unref(f);
}

static void test_modprobe(void)
{
	static const char conf[] = "# vfio\n"
				   "softdep nouveau pre: vfio-pci\n"
				   "options vfio-pci ids=10DE:1B80,10de:10f0:1458:3717 disable_vga=1\n"
				   "blacklist snd-hda-intel\n"
				   "options vfio_iommu_type1 allow_unsafe_interrupts=1\n";
	struct isc_facts *f = isc_facts_new();

	PARSE(isc_modprobe_parse, f, conf, "etc/modprobe.d/vfio.conf");
	isc_modprobe_finish(f);
	CHECK_INT(f->n_opts, 3);
	CHECK_INT(f->n_vfio_ids, 2);
	if (f->n_vfio_ids == 2) {
		CHECK_STR(f->vfio_ids[0], "10de:1b80");
		CHECK_STR(f->vfio_ids[1], "10de:10f0:1458:3717"); /* kept whole */
	}
	CHECK_STR(f->vfio_ids_src.file, "etc/modprobe.d/vfio.conf");
	CHECK_INT(f->vfio_ids_src.lineno, 3);
	CHECK_INT(f->n_softdeps, 1);
	CHECK_INT(f->n_blacklist, 1);
	if (f->n_blacklist)
		CHECK_STR(f->blacklist[0], "snd_hda_intel");
	CHECK_INT(f->unsafe_interrupts, ISC_YES);
	CHECK_INT(f->unsafe_src.lineno, 5);
	isc_facts_unref(f);
}

static void test_dmesg(void)
{
	static const char log[] =
	    "[    0.000000] Linux version 6.8.12-4-pve (build@proxmox) (gcc (Debian 12.2.0-14))\n"
	    "[    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz-6.8.12-4-pve root=/dev/mapper/"
	    "pve-root ro quiet pcie_acs_override=downstream,multifunction\n"
	    "[    0.000000] Warning: PCIe ACS overrides enabled; This may allow non-IOMMU protected "
	    "peer-to-peer DMA\n"
	    "[    0.512345] AMD-Vi: Interrupt remapping enabled\n"
	    "[    9.123456] vfio-pci 0000:0b:00.0: Firmware has requested this device have a 1:1 "
	    "IOMMU mapping, rejecting configuring the device without a 1:1 mapping. Contact "
	    "your platform vendor.\n";
	struct isc_facts *f = isc_facts_new();

	PARSE(isc_dmesg_parse, f, log, "dmesg.txt");
	CHECK(f->have_log);
	CHECK_STR(f->log_file, "dmesg.txt");
	CHECK_STR(f->log_iommu_vendor, "amd");
	CHECK_INT(f->log[ISC_EV_ACS_OVERRIDE].count, 1);
	CHECK_INT(f->log[ISC_EV_ACS_OVERRIDE].src.lineno, 3);
	CHECK_INT(f->log[ISC_EV_IR_ON].src.lineno, 4);
	CHECK_INT(f->log[ISC_EV_RMRR].count, 1);
	CHECK_INT(f->log[ISC_EV_RMRR].src.lineno, 5);
	CHECK_INT(f->log[ISC_EV_IR_OFF].count, 0);
	CHECK(f->log_full);
	CHECK_STR(f->log_kernel, "6.8.12-4-pve");
	CHECK_STR(f->log_cmdline, "BOOT_IMAGE=/boot/vmlinuz-6.8.12-4-pve root=/dev/mapper/"
				  "pve-root ro quiet pcie_acs_override=downstream,multifunction");
	CHECK_INT(f->log_cmdline_src.lineno, 2);
	CHECK_INT(f->n_log_devices, 1);
	if (f->n_log_devices)
		CHECK_STR(f->log_devices[0].driver, "vfio-pci");
	isc_facts_unref(f);
}

/* What the log says of each function, the old "iommu: Adding device" form, a journal prefix. */
static void test_dmesg_devices(void)
{
	static const char log[] =
	    "Jan 09 10:03:12 pve kernel: pci 0000:00:1c.0: [8086:a110] type 01 class 0x060400\n"
	    "Jan 09 10:03:12 pve kernel: pci 0000:00:1c.0: PCI bridge to [bus 02-03]\n"
	    "Jan 09 10:03:12 pve kernel: pci 0000:02:00.0: [10de:1b80] type 00 class 0x030000\n"
	    "Jan 09 10:03:13 pve kernel: iommu: Adding device 0000:02:00.0 to group 7\n"
	    "Jan 09 10:03:13 pve kernel: pci 0000:00:1c.0: Adding to iommu group 6\n"
	    "Jan 09 10:03:14 pve kernel: nouveau 0000:02:00.0: NVIDIA GP104 (134000a1)\n"
	    "Jan 09 10:03:15 pve kernel: DMAR: RMRR base: 0x00000087813000 end: 0x00000087832fff\n";
	struct isc_facts *f = isc_facts_new();

	PARSE(isc_dmesg_parse, f, log, "journal.txt");
	CHECK(!f->log_full); /* no "Linux version": an excerpt */
	CHECK(f->log_groups);
	CHECK_INT(f->n_rmrr, 1);
	CHECK_INT(f->n_log_devices, 2);
	if (f->n_log_devices == 2) {
		const struct isc_log_device *b = &f->log_devices[0], *g = &f->log_devices[1];

		CHECK_STR(b->address, "0000:00:1c.0");
		CHECK_INT(b->vendor, 0x8086);
		CHECK_INT(b->header_type, 1);
		CHECK_INT(b->secondary, 2);
		CHECK_INT(b->subordinate, 3);
		CHECK_INT(b->group, 6);
		CHECK_INT(g->class_code, 0x030000);
		CHECK_INT(g->group, 7);
		CHECK_STR(g->driver, "nouveau");
		CHECK_INT(g->lineno, 3);
	}
	isc_facts_unref(f);
}

static void test_cmdline_recognise(void)
{
	char *c = NULL;

	CHECK_INT(isc_cmdline_recognise("initrd=\\EFI\\proxmox\\6.8.12-4-pve\\initrd.img-6.8.12-4-pve "
					"root=ZFS=rpool/ROOT/pve-1 boot=zfs", NULL), 1);
	CHECK_INT(isc_cmdline_recognise("\tlinux\t/boot/vmlinuz-6.1.0-18-amd64 root=UUID=x ro "
					"quiet $vt_handoff intel_iommu=on", &c), 1);
	CHECK_STR(c, "BOOT_IMAGE=/boot/vmlinuz-6.1.0-18-amd64 root=UUID=x ro quiet intel_iommu=on");
	free(c);
	CHECK_INT(isc_cmdline_recognise("root=ZFS=rpool/ROOT/pve-1 boot=zfs quiet", NULL), 1);
	CHECK_INT(isc_cmdline_recognise("quiet splash", NULL), 0); /* no root=: not told */
	CHECK_INT(isc_cmdline_recognise("IOMMU Group 1: 00:01.0 root=x", NULL), 0);
	CHECK_INT(isc_text_classify("options vfio-pci ids=10de:1b80\n", 31), ISC_TEXT_MODPROBE);
	CHECK_INT(isc_text_classify("GRUB_CMDLINE_LINUX=\"\"\n", 22), ISC_TEXT_GRUB);
	CHECK_INT(isc_text_classify("[    0.1] DMAR: IOMMU enabled\n", 30), ISC_TEXT_DMESG);
	CHECK_INT(isc_text_classify("IOMMU Group 1:\n\t00:01.0 PCI bridge [0604]: x [8086:1901]\n",
				    56), ISC_TEXT_LISTING);
}

static void test_vms(void)
{
	static const char pve[] = "boot: order=scsi0\n"
				  "hostpci0: 0000:0b:00,pcie=1,x-vga=1\n"
				  "hostpci1: mapping=gpu1,pcie=1\n"
				  "hostpci2: host=0c:00.3;0c:00.4\n"
				  "[snap1]\n"
				  "hostpci0: 0000:0d:00.0\n";
	static const char xml[] = "<domain type='kvm'>\n"
				  "  <name>win10</name>\n"
				  "  <devices>\n"
				  "    <hostdev mode='subsystem' type='pci' managed='yes'>\n"
				  "      <source>\n"
				  "        <address domain='0x0000' bus='0x01' slot='0x00' "
				  "function='0x1'/>\n"
				  "      </source>\n"
				  "    </hostdev>\n"
				  "  </devices>\n"
				  "</domain>\n";
	struct isc_facts *f = isc_facts_new();

	isc_pve_vm_parse(f, pve, strlen(pve), "etc/pve/qemu-server/100.conf", "100");
	CHECK_INT(f->n_vmdevs, 4);
	if (f->n_vmdevs == 4) {
		CHECK_STR(f->vmdevs[0].address, "0000:0b:00");
		CHECK(f->vmdevs[0].all_functions);
		CHECK_INT(f->vmdevs[0].src.lineno, 2);
		CHECK_STR(f->vmdevs[1].mapping, "gpu1");
		CHECK_STR(f->vmdevs[3].address, "0000:0c:00.4");
		CHECK_INT(f->vmdevs[3].src.lineno, 4);
	}
	isc_libvirt_parse(f, xml, strlen(xml), "etc/libvirt/qemu/win10.xml", "win10");
	CHECK_INT(f->n_vmdevs, 5);
	if (f->n_vmdevs == 5) {
		CHECK_STR(f->vmdevs[4].address, "0000:01:00.1");
		CHECK_STR(f->vmdevs[4].vm, "win10");
		CHECK_INT(f->vmdevs[4].src.lineno, 6);
	}
	isc_facts_unref(f);
}

static struct isc_model *model_of(const char *sample)
{
	struct isc_snapshot *s = NULL;
	struct isc_model *m = NULL;
	struct isc_error err = {{0}};

	if (isc_snapshot_open(sample, &s, &err) < 0 || isc_model_build(s, NULL, &m, &err) < 0) {
		fprintf(stderr, "  %s\n", err.text);
		CHECK(0);
	}
	isc_snapshot_free(s);
	return m;
}

static int has_finding(const struct isc_report *r, const char *id)
{
	for (size_t i = 0; r && i < r->n_findings; i++)
		if (!strcmp(r->findings[i].id, id))
			return 1;
	return 0;
}

/* The rules need the model only: the snapshot is freed before they run. */
static void test_rules_without_snapshot(void)
{
	struct isc_model *m = model_of(ISC_SAMPLES_DIR "/fuji.tar.gz"), *c;
	struct isc_report *r = NULL;

	if (!m)
		return;
	CHECK(m->facts->has_manifest);
	CHECK(m->facts->have_log);
	CHECK_STR(m->facts->log_file, "cmd/dmesg.txt");
	CHECK(m->facts->log[ISC_EV_IR_ON].count > 0);
	c = isc_model_clone(m);
	CHECK(c && c->facts == m->facts && m->facts->refs == 2);
	isc_model_free(m);
	if (!c)
		return;
	CHECK_INT(c->facts->refs, 1);
	CHECK_INT(isc_report_build(c, NULL, &r), 0);
	CHECK(r && !has_finding(r, "iommu.irq_remap_off")); /* the log says it is on */
	CHECK(r && r->irq_remapping == ISC_YES);
	isc_report_free(r);
	isc_model_free(c);

	/* no kernel log in this one: interrupt remapping is unknown */
	m = model_of(ISC_SAMPLES_DIR "/gigabyte-b550m.tar.gz");
	if (!m)
		return;
	CHECK(!m->facts->have_log);
	CHECK_INT(isc_report_build(m, NULL, &r), 0);
	CHECK(has_finding(r, "iommu.irq_remap_unknown") && !has_finding(r, "iommu.irq_remap_off"));
	isc_report_free(r);
	isc_model_free(m);
}

TEST_MAIN(test_grub, test_modprobe, test_dmesg, test_dmesg_devices, test_cmdline_recognise,
	  test_vms, test_rules_without_snapshot)
