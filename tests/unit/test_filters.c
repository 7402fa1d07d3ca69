/* SPDX-License-Identifier: MIT */
/* The collector's text filters, on lines in the formats real hosts print. */
#include <stdlib.h>

#include "buf.h"
#include "filters.h"
#include "harness.h"

typedef int (*filter_fn)(const char *, size_t, struct isc_buf *);

static char *run(filter_fn f, const char *in)
{
	struct isc_buf b;

	isc_buf_init(&b, 0);
	if (f(in, strlen(in), &b) < 0) {
		isc_buf_free(&b);
		return NULL;
	}
	return isc_buf_steal(&b, NULL);
}

static void test_dmesg(void)
{
	char *out = run(filter_dmesg,
			"[    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz ro amd_iommu=on\n"
			"[    0.123000] Memory: 32G available\n"
			"[    0.512345] AMD-Vi: Unknown option - 'on'\n"
			"[    0.600000] pci 0000:00:00.2: AMD-Vi: Found IOMMU cap 0x40\n"
			"[    0.700000] usb 1-1: new device accessed\n"
			"[    0.800000] Warning: PCIe ACS overrides enabled; This may allow non-IOMMU "
			"protected peer-to-peer DMA\n"
			"[    0.900000] vfio-pci 0000:05:00.0: vgaarb: deactivate vga console\n"
			"[    1.000000] DMAR-IR: Enabled IRQ remapping in x2apic mode");

	CHECK_STR(out, "[    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz ro amd_iommu=on\n"
		       "[    0.512345] AMD-Vi: Unknown option - 'on'\n"
		       "[    0.600000] pci 0000:00:00.2: AMD-Vi: Found IOMMU cap 0x40\n"
		       "[    0.800000] Warning: PCIe ACS overrides enabled; This may allow non-IOMMU "
		       "protected peer-to-peer DMA\n"
		       "[    0.900000] vfio-pci 0000:05:00.0: vgaarb: deactivate vga console\n"
		       "[    1.000000] DMAR-IR: Enabled IRQ remapping in x2apic mode\n");
	free(out);
}

static void test_dmesg_cap(void)
{
	struct isc_buf in, out;

	isc_buf_init(&in, 0);
	isc_buf_init(&out, 0);
	for (int i = 0; i < DMESG_MAX_LINES + 5; i++)
		isc_buf_appendf(&in, "pci 0000:00:%02x.0: line %d\n", i % 32, i);
	CHECK_INT(filter_dmesg(in.data, in.len, &out), 1); /* truncated */
	CHECK(out.len > 0 && out.data[out.len - 1] == '\n');
	isc_buf_free(&in);
	isc_buf_free(&out);
}

static void test_pve(void)
{
	char *out = run(filter_pve_conf, "#macOS VM: root password hunter2\r\n"
					 "agent: 1\n"
					 "hostpci0: 2d:00,pcie=1,x-vga=1\n"
					 "hostpci12: mapping=gpu,pcie=1\n"
					 "hostpcix: bogus\n"
					 "args: -device isa-applesmc,osk=secret\n"
					 "machine: pc-q35-8.1\n"
					 "bios: ovmf\n"
					 "vga: none\n"
					 "[snap1]\n"
					 "hostpci0: 0000:01:00.0");
	CHECK_STR(out, "hostpci0: 2d:00,pcie=1,x-vga=1\n"
		       "hostpci12: mapping=gpu,pcie=1\n"
		       "machine: pc-q35-8.1\n"
		       "bios: ovmf\n"
		       "vga: none\n"
		       "[snap1]\n"
		       "hostpci0: 0000:01:00.0\n");
	free(out);
}

static void test_interrupts(void)
{
	char *out = run(filter_interrupts,
			"           CPU0       CPU1       \n"
			"  0:         44          0   IO-APIC   2-edge      timer\n"
			" 24:          0        120  IR-PCI-MSI-0000:01:00.0 0-edge  nvme0q0\n"
			"NMI:          0          0   Non-maskable interrupts\n"
			"ERR:          0\n");
	CHECK_STR(out, "0: IO-APIC\n24: IR-PCI-MSI-0000:01:00.0\n");
	free(out);
}

static void test_cpuinfo(void)
{
	char *out = run(filter_cpuinfo, "processor\t: 0\nvendor_id\t: AuthenticAMD\n\n"
					"processor\t: 1\nvendor_id\t: AuthenticAMD\n");
	CHECK_STR(out, "processor\t: 0\nvendor_id\t: AuthenticAMD\n");
	free(out);
}

static void test_libvirt(void)
{
	char *out = run(filter_libvirt_xml,
			"<domain><name>x</name><hostdev mode='subsystem' type='pci'>"
			"<source><address bus='0x0a'/></source></hostdev>"
			"<hostdevfoo/><hostdev managed='yes'>unterminated");
	CHECK_STR(out, "<hostdevs>\n  <hostdev mode='subsystem' type='pci'><source><address "
		       "bus='0x0a'/></source></hostdev>\n</hostdevs>\n");
	free(out);
}

static void test_libvirt_comments_and_cdata(void)
{
	/* A commented-out device with an iSCSI secret, one in CDATA, one in a
	 * processing instruction: none is an element. A comment inside a kept
	 * element is dropped from it. */
	char *out = run(filter_libvirt_xml,
			"<domain>\n<!-- old: <hostdev mode='subsystem' type='scsi'><source "
			"protocol='iscsi'><auth username='u'><secret type='iscsi' "
			"usage='secret=hunter2'/></auth></source></hostdev> -->\n"
			"<description><![CDATA[<hostdev>secret=cdata-pass</hostdev>]]></description>\n"
			"<?note <hostdev>secret=pi-pass</hostdev>?>\n"
			"<hostdev mode='subsystem' type='pci'><!-- secret=inner --><source>"
			"<address bus='0x0b'/></source></hostdev>\n"
			"<!-- unterminated <hostdev>secret=tail</hostdev>");

	CHECK_STR(out, "<hostdevs>\n  <hostdev mode='subsystem' type='pci'><source><address "
		       "bus='0x0b'/></source></hostdev>\n</hostdevs>\n");
	free(out);
}

static void check_redact(const char *in, const char *want, size_t want_count)
{
	struct isc_buf b;
	size_t count = 0;

	isc_buf_init(&b, 0);
	CHECK_INT(filter_redact_secrets(in, strlen(in), &b, &count), 0);
	CHECK_STR(b.data ? b.data : "", want);
	CHECK_INT(count, want_count);
	isc_buf_free(&b);
}

static void test_redact(void)
{
	/* dracut's iSCSI root (dracut.cmdline(7)) */
	check_redact("BOOT_IMAGE=/vmlinuz root=/dev/sda1 rd.iscsi.password=s3cret "
		     "rd.iscsi.in.password=in-s3cret rd.iscsi.username=u intel_iommu=on\n",
		     "BOOT_IMAGE=/vmlinuz root=/dev/sda1 rd.iscsi.password=REDACTED "
		     "rd.iscsi.in.password=REDACTED rd.iscsi.username=u intel_iommu=on\n", 2);
	check_redact("netroot=iscsi:user:pass:inuser:inpass@192.0.2.1::3260::iqn.x ro",
		     "netroot=iscsi:REDACTED@192.0.2.1::3260::iqn.x ro", 1);
	check_redact("root=cifs://user:pw@server/share cifspass=pw2 inst.ks=http://a:b@h/ks",
		     "root=cifs://user:REDACTED@server/share cifspass=REDACTED "
		     "inst.ks=http://a:REDACTED@h/ks", 3);
	/* Debian's open-iscsi initramfs, inside grub's quotes */
	check_redact("GRUB_CMDLINE_LINUX=\"iscsi_password=x iscsi_in_password=y quiet\"\n",
		     "GRUB_CMDLINE_LINUX=\"iscsi_password=REDACTED iscsi_in_password=REDACTED "
		     "quiet\"\n", 2);
	/* not secrets: a name that only starts like one, an empty value, a URL without one */
	check_redact("rd.iscsi.passwordx=1 cifspass= url=http://host/x vfio-pci.ids=10de:1b80",
		     "rd.iscsi.passwordx=1 cifspass= url=http://host/x vfio-pci.ids=10de:1b80", 0);
	check_redact("[    0.000000] Command line: ro rd.iscsi.password=abc\n",
		     "[    0.000000] Command line: ro rd.iscsi.password=REDACTED\n", 1);
}

static void test_replace_word(void)
{
	struct isc_buf b;
	const char *in = "root@pve:~# pveversion: pve-manager/8.1 kernel 6.5.11-4-pve on pve.";

	isc_buf_init(&b, 0);
	CHECK_INT(filter_replace_word(in, strlen(in), "pve", "host-1", &b), 0);
	CHECK_STR(b.data, "root@host-1:~# pveversion: pve-manager/8.1 kernel 6.5.11-4-pve on pve.");
	isc_buf_free(&b);
}

static void test_pseudonym(void)
{
	char a[32], b[32], c[32];

	host_pseudonym("pve", a, sizeof(a));
	host_pseudonym("pve", b, sizeof(b));
	host_pseudonym("pve2", c, sizeof(c));
	CHECK_STR(a, b);
	CHECK(strcmp(a, c) != 0);
	CHECK_INT(strlen(a), 13);
	CHECK(!strncmp(a, "host-", 5));
}

static void test_ip_json(void)
{
	/* `ip -d -j link show` (iproute2 6.1) on a Proxmox VE host: a port of
	 * vmbr0 and a VLAN over it; MACs, addresses and counters must go. */
	char *out = run(filter_ip_link,
			"[{\"ifindex\":2,\"ifname\":\"enp3s0\",\"flags\":[\"BROADCAST\","
			"\"MULTICAST\",\"UP\",\"LOWER_UP\"],\"mtu\":1500,\"qdisc\":\"mq\","
			"\"master\":\"vmbr0\",\"operstate\":\"UP\",\"link_type\":\"ether\","
			"\"address\":\"a8:a1:59:12:34:56\",\"broadcast\":\"ff:ff:ff:ff:ff:ff\","
			"\"linkinfo\":{\"info_slave_kind\":\"bridge\",\"info_slave_data\":"
			"{\"state\":\"forwarding\",\"priority\":32}},\"num_tx_queues\":4,"
			"\"parentbus\":\"pci\",\"parentdev\":\"0000:03:00.0\","
			"\"altnames\":[\"enx a8a159123456\"]},"
			"{\"ifindex\":5,\"link\":\"vmbr0\",\"ifname\":\"vmbr0.20\","
			"\"address\":\"a8:a1:59:12:34:56\",\"linkinfo\":{\"info_kind\":\"vlan\","
			"\"info_data\":{\"protocol\":\"802.1Q\",\"id\":20}}}]\n");

	CHECK_STR(out, "[{\"ifname\":\"enp3s0\",\"master\":\"vmbr0\"},"
		       "{\"link\":\"vmbr0\",\"ifname\":\"vmbr0.20\"}]\n");
	free(out);
	out = run(filter_ip_route, "[{\"dst\":\"default\",\"gateway\":\"192.168.1.1\","
				   "\"dev\":\"vmbr0\",\"protocol\":\"kernel\",\"flags\":[\"onlink\"]}]\n");
	CHECK_STR(out, "[{\"dst\":\"default\",\"dev\":\"vmbr0\"}]\n");
	free(out);
	/* a multipath (ECMP) default route: each next hop's interface, no gateway */
	out = run(filter_ip_route, "[{\"dst\":\"default\",\"protocol\":\"static\",\"flags\":[],"
				   "\"nexthops\":[{\"gateway\":\"10.0.0.1\",\"dev\":\"enp2s0\","
				   "\"weight\":1,\"flags\":[]},{\"gateway\":\"10.0.1.1\","
				   "\"dev\":\"enp3s0\",\"weight\":1,\"flags\":[]}]}]\n");
	CHECK_STR(out, "[{\"dst\":\"default\",\"nexthops\":[{\"dev\":\"enp2s0\"},"
		       "{\"dev\":\"enp3s0\"}]}]\n");
	free(out);
	/* old iproute2 without -j: text, or an error, is no JSON: nothing kept */
	out = run(filter_ip_route, "default via 192.168.1.1 dev vmbr0 proto kernel onlink\n");
	CHECK_STR(out, "[]\n");
	free(out);
}

static void test_lsblk_and_mounts(void)
{
	/* `lsblk -J -l -o KNAME,PKNAME,FSTYPE,LABEL,MOUNTPOINT` (util-linux 2.38) on a
	 * Proxmox VE host: LVM root on the NVMe drive, a ZFS pool on two SATA disks,
	 * a data disk mounted where the snapshot need not know. */
	char *out = run(filter_lsblk,
			"{\n   \"blockdevices\": [\n"
			"      {\"kname\":\"sda\", \"pkname\":null, \"fstype\":null, \"label\":null, "
			"\"mountpoint\":null},\n"
			"      {\"kname\":\"sda1\", \"pkname\":\"sda\", \"fstype\":\"zfs_member\", "
			"\"label\":\"tank\", \"mountpoint\":null},\n"
			"      {\"kname\":\"sdb1\", \"pkname\":\"sdb\", \"fstype\":\"ext4\", "
			"\"label\":\"family-photos\", \"mountpoint\":\"/srv/photos\"},\n"
			"      {\"kname\":\"nvme0n1p3\", \"pkname\":\"nvme0n1\", "
			"\"fstype\":\"LVM2_member\", \"label\":null, \"mountpoint\":null},\n"
			"      {\"kname\":\"dm-1\", \"pkname\":\"nvme0n1p3\", \"fstype\":\"ext4\", "
			"\"label\":null, \"mountpoint\":\"/\"},\n"
			"      {\"kname\":\"dm-0\", \"pkname\":\"nvme0n1p3\", \"fstype\":\"swap\", "
			"\"label\":null, \"mountpoint\":\"[SWAP]\"}\n   ]\n}\n");

	CHECK_STR(out, "{\"blockdevices\":[{\"kname\":\"sda\"},"
		       "{\"kname\":\"sda1\",\"pkname\":\"sda\",\"fstype\":\"zfs_member\","
		       "\"label\":\"tank\"},"
		       "{\"kname\":\"sdb1\",\"pkname\":\"sdb\",\"fstype\":\"ext4\"},"
		       "{\"kname\":\"nvme0n1p3\",\"pkname\":\"nvme0n1\",\"fstype\":\"LVM2_member\"},"
		       "{\"kname\":\"dm-1\",\"pkname\":\"nvme0n1p3\",\"fstype\":\"ext4\","
		       "\"mountpoint\":\"/\"},"
		       "{\"kname\":\"dm-0\",\"pkname\":\"nvme0n1p3\",\"fstype\":\"swap\","
		       "\"mountpoint\":\"[SWAP]\"}]}\n");
	free(out);
	out = run(filter_mounts, "sysfs /sys sysfs rw,nosuid 0 0\n"
				 "rpool/ROOT/pve-1 / zfs rw,relatime,xattr,noacl 0 0\n"
				 "rpool/data /rpool/data zfs rw 0 0\n"
				 "bpool/BOOT/debian /boot zfs rw 0 0\n"
				 "/dev/sda2 /boot/efi vfat rw 0 0\n"
				 "//nas/share /mnt/nas cifs rw,username=admin 0 0\n");
	CHECK_STR(out, "rpool/ROOT/pve-1 / zfs rw,relatime,xattr,noacl 0 0\n"
		       "bpool/BOOT/debian /boot zfs rw 0 0\n/dev/sda2 /boot/efi vfat rw 0 0\n");
	free(out);
}

TEST_MAIN(test_dmesg, test_dmesg_cap, test_pve, test_interrupts, test_cpuinfo, test_libvirt,
	  test_libvirt_comments_and_cdata, test_redact, test_replace_word, test_pseudonym, test_ip_json,
	  test_lsblk_and_mounts)
