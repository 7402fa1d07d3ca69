# SPDX-License-Identifier: MIT
"""Every rule fires on a host built to show its problem and stays silent on a
clean host: builder tree, then the collector, then `iommuscope report`."""

import json
import os
import subprocess
import unittest

from common import COLLECT, FIXED_TIME, TreeCase

ANALYZER = os.environ.get("ISC_ANALYZER", "iommuscope")

# A healthy Proxmox host: VT-d and interrupt remapping on, a GTX 1080 (VGA and
# audio) alone behind an ACS root port, both functions on vfio-pci and passed
# to VM 100, the initramfs built after the module configuration.
CLEAN = """
hostname pve
kernel 6.8.12-4-pve
cmdline BOOT_IMAGE=/boot/vmlinuz-6.8.12-4-pve root=/dev/mapper/pve-root ro quiet intel_iommu=on iommu=pt
iommu intel
modparam vfio_iommu_type1 allow_unsafe_interrupts N

bus 0000:00
  00.0 8086:3e30 class=060000 group=0
  01.0 8086:1901 class=060400 pcie=rp acs=1f:1d drv=pcieport group=1
    00.0 10de:1b80 class=030000 rev=a1 drv=vfio-pci group=2 flr
    00.1 10de:10f0 class=040300 rev=a1 drv=vfio-pci group=2
  02.0 8086:3e92 class=030000 pcie=rciep drv=i915 group=3 boot_vga
  17.0 8086:a352 class=010601 drv=ahci group=4
  1c.0 8086:a338 class=060400 pcie=rp acs=1f:1d drv=pcieport group=5
    00.0 8086:1533 class=020000 drv=igb group=6 flr

file etc/default/grub
GRUB_DEFAULT=0
GRUB_CMDLINE_LINUX_DEFAULT="quiet intel_iommu=on iommu=pt"
GRUB_CMDLINE_LINUX=""
end
mtime etc/default/grub 1700000000

file etc/modprobe.d/vfio.conf
options vfio-pci ids=10de:1b80,10de:10f0
softdep nouveau pre: vfio-pci
end
mtime etc/modprobe.d/vfio.conf 1700000100

file etc/modules
vfio
end
mtime etc/modules 1700000100

file boot/initrd.img-6.8.12-4-pve
end
mtime boot/initrd.img-6.8.12-4-pve 1700000500

file etc/pve/qemu-server/100.conf
hostpci0: 0000:01:00,pcie=1,x-vga=1
machine: q35
end

cmd dmesg
[    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz-6.8.12-4-pve root=/dev/mapper/pve-root ro quiet intel_iommu=on iommu=pt
[    0.106052] DMAR: IOMMU enabled
[    0.212940] DMAR-IR: Enabled IRQ remapping in x2apic mode
end

cmd proxmox-boot-tool-status
Re-executing '/usr/sbin/proxmox-boot-tool' in new private mount namespace..
System currently booted with legacy bios
WARN: /dev/disk/by-uuid/3A5B-0C2E does not exist - clean '/etc/kernel/proxmox-boot-uuids'! - skipping
end
"""


# A four-port I350 (one multi-function card, no ACS between its ports) in one
# group: VM 100 passes port 0, the host keeps ports 1-3 on igb.
QUAD = CLEAN.replace("""  1c.0 8086:a338 class=060400 pcie=rp acs=1f:1d drv=pcieport group=5
    00.0 8086:1533 class=020000 drv=igb group=6 flr""", """  1c.0 8086:a338 class=060400 pcie=rp acs=1f:1d drv=pcieport group=5
    00.0 8086:1521 class=020000 drv=igb group=6 flr
    00.1 8086:1521 class=020000 drv=igb group=6 flr
    00.2 8086:1521 class=020000 drv=igb group=6 flr
    00.3 8086:1521 class=020000 drv=igb group=6 flr""").replace(
    "hostpci0: 0000:01:00,pcie=1,x-vga=1", "hostpci0: 0000:02:00.0")

# Two I210 NICs with the same id behind their own ACS root ports (the Fujitsu
# board of tests/descs/fuji.desc): VM 100 passes the first, the host keeps the second.
TWINS = CLEAN.replace("""  1c.0 8086:a338 class=060400 pcie=rp acs=1f:1d drv=pcieport group=5
    00.0 8086:1533 class=020000 drv=igb group=6 flr""", """  1c.0 8086:a338 class=060400 pcie=rp acs=1f:1d drv=pcieport group=5
    00.0 8086:1533 class=020000 drv=igb group=6 flr
  1c.1 8086:a339 class=060400 pcie=rp acs=1f:1d drv=pcieport group=7
    00.0 8086:1533 class=020000 drv=igb group=8 flr""").replace(
    "hostpci0: 0000:01:00,pcie=1,x-vga=1", "hostpci0: 0000:02:00.0")


def without_groups(desc):
    return "\n".join(" ".join(w for w in line.split(" ") if not w.startswith("group="))
                     for line in desc.split("\n"))


class Rules(TreeCase):
    def findings(self, desc, *args):
        root, host = self.build(desc)
        snap = os.path.join(self.tmp, "s.tar.gz")
        subprocess.run([COLLECT, "--root", root, "-o", snap, "-q"], check=True,
                       env=dict(os.environ, SOURCE_DATE_EPOCH=FIXED_TIME))
        p = subprocess.run([ANALYZER, "report", snap, "-f", "json"] + list(args),
                           capture_output=True)
        self.assertIn(p.returncode, (0, 1), p.stderr)
        rep = json.loads(p.stdout)
        worst = {f["severity"] for f in rep["findings"]} & {"warning", "error"}
        self.assertEqual(p.returncode, 1 if worst else 0)  # exit status follows findings
        subprocess.run(["rm", "-rf", root, snap], check=True)
        return rep

    def fires(self, desc, rule, *args, text=None):
        rep = self.findings(desc, *args)
        hits = [f for f in rep["findings"] if f["id"] == rule]
        self.assertTrue(hits, "%s did not fire; got %s" % (rule, [f["id"] for f in
                                                                 rep["findings"]]))
        if text:
            found = ["\n".join([f["summary"], f["fix"] or ""] + [e["line"] or "" for e in
                                                                 f["evidence"]])
                     for f in hits]
            self.assertTrue(any(text in t for t in found), "%r not in %s" % (text, found))
        return hits[0]

    def test_clean_host_has_no_warnings(self):
        rep = self.findings(CLEAN)
        self.assertEqual(rep["targets"], ["0000:01:00.0", "0000:01:00.1"])
        self.assertEqual([f for f in rep["findings"] if f["severity"] != "info"], [])
        # facts worth knowing: the GPU's two functions share their group, the audio
        # function has no FLR, and --root collection ran no lspci
        self.assertEqual(sorted(f["id"] for f in rep["findings"]),
                         ["group.shared", "reset.no_flr", "snapshot.incomplete"])
        shared = [f for f in rep["findings"] if f["id"] == "group.shared"][0]
        self.assertIn("the 2 functions of device 01:00", shared["summary"])

    def test_silent_on_a_minimal_clean_host(self):
        # every rule silent, notes included: one single-function NIC passed
        # through, FLR, its own group, every command recorded
        desc = CLEAN.replace("    00.1 10de:10f0 class=040300 rev=a1 drv=vfio-pci group=2\n", "")
        desc = desc.replace("hostpci0: 0000:01:00,pcie=1,x-vga=1", "hostpci0: 0000:01:00.0")
        desc = desc.replace("options vfio-pci ids=10de:1b80,10de:10f0",
                            "options vfio-pci ids=10de:1b80")
        for name in ("lspci-nnk", "lspci-vvv-nn", "lspci-tvnn", "uname-r"):
            desc += "cmd %s\nrecorded\nend\n" % name
        rep = self.findings(desc)
        self.assertEqual(rep["targets"], ["0000:01:00.0"])
        self.assertEqual([f["id"] for f in rep["findings"]], [])

    def test_vfio_ids_not_applied_with_softdep_in_place(self):
        desc = CLEAN.replace("class=030000 rev=a1 drv=vfio-pci", "class=030000 rev=a1 drv=nouveau")
        f = self.fires(desc, "vfio.ids_not_applied")
        self.assertIn("are configured", f["fix"])
        self.assertNotIn("echo 'softdep", f["fix"])
        # the evidence names the file, the line's number and the line
        desc = desc.replace("options vfio-pci ids=", "# GPU for VM 100\n\noptions vfio-pci ids=")
        f = self.fires(desc, "vfio.ids_not_applied")
        self.assertEqual(f["evidence"], [{"path": "etc/modprobe.d/vfio.conf",
                                          "line": "options vfio-pci ids=10de:1b80,10de:10f0",
                                          "line_number": 3}])

    def test_vfio_ids_qualified_by_subsystem_are_never_rewritten(self):
        # an ids entry qualified by subsystem (vendor:device:subvendor:subdevice)
        # names one card among identical ones: rewriting the line from
        # vendor:device would bind every such card, so the fix binds by address
        desc = CLEAN.replace("class=030000 rev=a1 drv=vfio-pci", "class=030000 rev=a1 drv=nouveau")
        desc = desc.replace("options vfio-pci ids=10de:1b80,10de:10f0",
                            "options vfio-pci ids=10de:1b80:1458:3702,10de:10f0")
        f = self.fires(desc, "vfio.ids_not_applied")
        self.assertIn("driverctl set-override '0000:01:00.0' vfio-pci", f["fix"])
        self.assertNotIn("sed -i", f["fix"])
        self.assertNotIn("echo 'options vfio-pci", f["fix"])
        self.assertNotRegex(f["fix"], r"ids=10de:1b80(?!:1458)")

    def test_passthrough_host_critical_only_display(self):
        desc = CLEAN.replace("  02.0 8086:3e92 class=030000 pcie=rciep drv=i915 group=3 boot_vga\n",
                             "")
        self.fires(desc, "passthrough.host_critical", text="only display")

    def test_fixes_follow_the_distribution(self):
        # a Red Hat family host: grubby and dracut, not update-grub and update-initramfs
        desc = CLEAN.replace("mtime boot/initrd.img-6.8.12-4-pve 1700000500", "")
        desc = desc.replace("file boot/initrd.img-6.8.12-4-pve\nend\n",
                            "file boot/initramfs-6.8.12-4-pve.img\nend\n"
                            "mtime boot/initramfs-6.8.12-4-pve.img 1600000000\n")
        desc = desc.replace("iommu=pt\n", "iommu=pt amd_iommu=on\n", 1)
        desc += 'file etc/os-release\nNAME="Rocky Linux"\nID="rocky"\nID_LIKE="rhel centos fedora"\nend\n'
        stale = self.fires(desc, "vfio.initramfs_stale", text="dracut -f --regenerate-all")
        self.assertNotIn("update-initramfs", stale["fix"])
        self.fires(desc, "cmdline.unknown_param", text="grubby --update-kernel=ALL")

    def test_empty_or_bare_parameters(self):
        # "allow_unsafe_interrupts=" is not true; a bare "vfio-pci.ids" names no device
        desc = CLEAN.replace("modparam vfio_iommu_type1 allow_unsafe_interrupts N\n", "")
        desc = desc.replace("options vfio-pci ids=10de:1b80,10de:10f0",
                            "options vfio-pci ids=10de:1b80,10de:10f0\n"
                            "options vfio_iommu_type1 allow_unsafe_interrupts=")
        desc = desc.replace("iommu=pt\n", "iommu=pt vfio-pci.ids\n", 1)
        rep = self.findings(desc)
        self.assertNotIn("iommu.unsafe_interrupts", [f["id"] for f in rep["findings"]])
        bare = desc.replace("iommu=pt vfio-pci.ids\n",
                            "iommu=pt vfio_iommu_type1.allow_unsafe_interrupts\n", 1)
        self.fires(bare, "iommu.unsafe_interrupts")

    def test_every_rule_has_a_test(self):
        p = subprocess.run([ANALYZER, "rules"], capture_output=True, text=True, check=True)
        ids = [line.split()[0] for line in p.stdout.splitlines() if line.strip()]
        self.assertEqual(len(ids), 31)
        tested = {name[5:].replace("__", ".") for name in dir(self) if name.startswith("test_")}
        for rule in ids:
            self.assertIn(rule.replace(".", "_"), {t.replace(".", "_") for t in tested}, rule)

    def test_findings_doc_is_generated(self):
        p = subprocess.run([ANALYZER, "rules", "--format", "md"], capture_output=True, text=True,
                           check=True)
        with open(os.path.join(os.path.dirname(__file__), "..", "..", "docs", "findings.md"),
                  encoding="utf-8") as f:
            self.assertEqual(f.read(), p.stdout, "run: iommuscope rules --format md > "
                                                 "docs/findings.md")

    # --- one test per rule, named after its id ---------------------------------------------

    def test_iommu_disabled(self):
        desc = without_groups(CLEAN).replace("iommu intel", "iommu none")
        f = self.fires(desc, "iommu.disabled", text="disabled in the BIOS")
        self.assertEqual(f["severity"], "error")

    def test_iommu_param_missing(self):
        desc = without_groups(CLEAN).replace(" intel_iommu=on", "")
        desc += "file boot/config-6.8.12-4-pve\n# CONFIG_INTEL_IOMMU_DEFAULT_ON is not set\nend\n"
        self.fires(desc, "iommu.param_missing", text="`intel_iommu=on`")

    def test_iommu_param_missing_not_when_vtd_is_on(self):
        # tests/qemu: Debian 12's kernel enables VT-d by default except for the
        # integrated GPU, and a kernel that formed groups has VT-d on whatever
        # its config says; neither needs intel_iommu=on
        debian = ("# CONFIG_INTEL_IOMMU_DEFAULT_ON is not set\n"
                  "CONFIG_INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF=y\n"
                  "# CONFIG_INTEL_IOMMU_DEFAULT_OFF is not set\n")
        off = "# CONFIG_INTEL_IOMMU_DEFAULT_ON is not set\n"
        for name, desc in (("debian", without_groups(CLEAN).replace(" intel_iommu=on", "")
                            + "file boot/config-6.8.12-4-pve\n%send\n" % debian),
                           ("groups", CLEAN.replace(" intel_iommu=on", "")
                            + "file boot/config-6.8.12-4-pve\n%send\n" % off)):
            with self.subTest(name):
                ids = [f["id"] for f in self.findings(desc)["findings"]]
                self.assertNotIn("iommu.param_missing", ids)

    def test_iommu_irq_remap_off(self):
        desc = CLEAN.replace("DMAR-IR: Enabled IRQ remapping in x2apic mode",
                             "DMAR-IR: Not enabling interrupt remapping")
        self.fires(desc, "iommu.irq_remap_off", text="Not enabling")

    def test_iommu_irq_remap_unknown(self):
        # no kernel log: unknown is a note, not a warning, and the evidence names
        # only files the snapshot has
        i = CLEAN.index("cmd dmesg")
        desc = CLEAN[:i] + CLEAN[CLEAN.index("end\n", i) + 4:]
        rep = self.findings(desc)
        f = [f for f in rep["findings"] if f["id"].startswith("iommu.irq_remap")]
        self.assertEqual([(x["id"], x["severity"]) for x in f],
                         [("iommu.irq_remap_unknown", "info")])
        self.assertEqual([e["path"] for e in f[0]["evidence"]], ["manifest.json"])
        self.assertNotIn("warning", {x["severity"] for x in rep["findings"]})
        # a log that begins after the boot: unknown too, citing the log it has
        desc = CLEAN.replace("[    0.212940] DMAR-IR: Enabled IRQ remapping in x2apic mode\n", "")
        desc = desc.replace("[    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz-6.8.12-4-pve "
                            "root=/dev/mapper/pve-root ro quiet intel_iommu=on iommu=pt\n",
                            "[ 5001.000000] vfio-pci 0000:01:00.0: enabling device\n")
        rep = self.findings(desc)
        f = [f for f in rep["findings"] if f["id"].startswith("iommu.irq_remap")]
        self.assertEqual([(x["id"], x["severity"]) for x in f],
                         [("iommu.irq_remap_unknown", "info")])
        self.assertEqual([e["path"] for e in f[0]["evidence"]], ["cmd/dmesg.txt"])

    def test_iommu_unsafe_interrupts(self):
        desc = CLEAN.replace("allow_unsafe_interrupts N", "allow_unsafe_interrupts Y")
        self.fires(desc, "iommu.unsafe_interrupts", text="remove")

    def test_acs_override_active(self):
        desc = CLEAN.replace("iommu=pt\n", "iommu=pt pcie_acs_override=downstream\n", 1)
        desc = desc.replace("[    0.106052] DMAR: IOMMU enabled", "[    0.106052] DMAR: IOMMU "
                            "enabled\n[    0.110000] Warning: PCIe ACS overrides enabled; This "
                            "may allow non-IOMMU protected peer-to-peer DMA")
        self.fires(desc, "acs.override_active", text="peer-to-peer DMA")

    def test_acs_override_ineffective(self):
        # the log starts at the boot ("Command line:" at 0.000000) and has no warning
        desc = CLEAN.replace("iommu=pt\n", "iommu=pt pcie_acs_override=downstream\n", 1)
        self.fires(desc, "acs.override_ineffective", text="lacks the override patch")

    def test_acs_override_unknown(self):
        # a log that starts after the boot's first lines (the ring buffer wrapped, or
        # an excerpt) cannot show the warning: unknown, a note, not an error
        desc = CLEAN.replace("iommu=pt\n", "iommu=pt pcie_acs_override=downstream\n", 1)
        desc = desc.replace("[    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz-6.8.12-4-pve "
                            "root=/dev/mapper/pve-root ro quiet intel_iommu=on iommu=pt\n", "")
        rep = self.findings(desc)
        ids = {f["id"]: f["severity"] for f in rep["findings"]}
        self.assertEqual(ids.get("acs.override_unknown"), "info")
        self.assertNotIn("acs.override_ineffective", ids)
        self.assertNotIn("acs.override_active", ids)

    def test_cmdline_unknown_param(self):
        desc = CLEAN.replace("iommu=pt\n", "iommu=pt amd_iommu=on\n", 1)
        self.fires(desc, "cmdline.unknown_param", text="not an option")

    def test_cmdline_pending(self):
        desc = CLEAN.replace('"quiet intel_iommu=on iommu=pt"',
                             '"quiet intel_iommu=on iommu=pt vfio-pci.ids=10de:1b80"')
        self.fires(desc, "cmdline.pending", text="update-grub")

    def test_boot_wrong_file(self):
        desc = CLEAN.replace("System currently booted with legacy bios",
                             "System currently booted with uefi\n3A5B-0C2E is configured with: "
                             "uefi (versions: 6.8.12-4-pve)")
        desc = desc.replace('"quiet intel_iommu=on iommu=pt"',
                            '"quiet intel_iommu=on iommu=pt pcie_acs_override=downstream"')
        desc += ("file etc/kernel/cmdline\nroot=ZFS=rpool/ROOT/pve-1 boot=zfs intel_iommu=on "
                 "iommu=pt\nend\n")
        self.fires(desc, "boot.wrong_file", text="proxmox-boot-tool refresh")

    def test_group_shared(self):
        # a switch below a root port without ACS: a NIC and an NVMe drive share a group
        desc = CLEAN.replace("""  1c.0 8086:a338 class=060400 pcie=rp acs=1f:1d drv=pcieport group=5
    00.0 8086:1533 class=020000 drv=igb group=6 flr""", """  1c.0 8086:a338 class=060400 pcie=rp drv=pcieport group=6
    00.0 10b5:8747 class=060400 pcie=usp drv=pcieport group=6
      00.0 10b5:8747 class=060400 pcie=dsp drv=pcieport group=6
        00.0 8086:1533 class=020000 drv=igb group=6 flr
      01.0 10b5:8747 class=060400 pcie=dsp drv=pcieport group=6
        00.0 144d:a808 class=010802 drv=nvme group=6 flr""")
        self.fires(desc, "group.shared", text="Root Port 0000:00:1c.0 has no ACS capability")

    def test_group_shared_only_where_it_matters(self):
        # the GPU's two functions: "pass them together", never an ACS-override
        # hint; a group of a host bridge and an SMBus controller: not a word
        desc = CLEAN.replace("  17.0 8086:a352", "  1f.0 8086:a305 class=060100 group=9\n"
                             "  1f.4 8086:a323 class=0c0500 drv=i801_smbus group=9\n  17.0 8086:a352")
        rep = self.findings(desc)
        shared = [f for f in rep["findings"] if f["id"] == "group.shared"]
        self.assertEqual([f["subjects"][0] for f in shared], ["group 2"])
        self.assertEqual(shared[0]["summary"], "Group 2 holds the 2 functions of device 01:00 "
                                               "(one card or chip): they can only go to a VM "
                                               "together.")
        self.assertNotIn("acs_override", shared[0]["fix"])
        self.assertIn("`hostpciN: 01:00` without a function passes every function",
                      shared[0]["fix"])

    def test_sim_mismatch(self):
        # T20: two isolated functions (Intel RCiEPs) that the kernel put in one
        # group: an alias the config space does not show, e.g. from IVRS
        desc = CLEAN.replace("  17.0 8086:a352", "  14.0 8086:a36d class=0c0330 pcie=rciep group=7\n"
                             "  14.2 8086:a36f class=050000 pcie=rciep group=7\n  17.0 8086:a352")
        f = self.fires(desc, "sim.mismatch", text="IVRS alias")
        self.assertEqual(f["subjects"], ["0000:00:14.0", "0000:00:14.2"])

    def test_vfio_not_bound(self):
        desc = CLEAN.replace("options vfio-pci ids=10de:1b80,10de:10f0", "")
        desc = desc.replace("class=030000 rev=a1 drv=vfio-pci", "class=030000 rev=a1 drv=nouveau")
        self.fires(desc, "vfio.not_bound", text="options vfio-pci ids=10de:1b80")

    def test_vfio_ids_not_applied(self):
        desc = CLEAN.replace("class=030000 rev=a1 drv=vfio-pci", "class=030000 rev=a1 drv=nouveau")
        desc = desc.replace("softdep nouveau pre: vfio-pci\n", "")
        self.fires(desc, "vfio.ids_not_applied", text="softdep nouveau pre: vfio-pci")

    def test_vfio_initramfs_stale(self):
        desc = CLEAN.replace("mtime boot/initrd.img-6.8.12-4-pve 1700000500",
                             "mtime boot/initrd.img-6.8.12-4-pve 1600000000")
        self.fires(desc, "vfio.initramfs_stale", text="update-initramfs -u -k all")

    def test_passthrough_group_not_viable(self):
        # a four-port I350 without ACS between its functions: one port is passed
        # through, the host keeps the other three on igb; every one of them is named
        rep = self.findings(QUAD)
        f = [f for f in rep["findings"] if f["id"] == "passthrough.group_not_viable"]
        self.assertEqual(len(f), 1)
        self.assertEqual(f[0]["subjects"], ["0000:02:00.0", "0000:02:00.1", "0000:02:00.2",
                                            "0000:02:00.3"])
        self.assertIn("holds 3 devices bound to host drivers: 0000:02:00.1 (`igb`: network), "
                      "0000:02:00.2 (`igb`: network), 0000:02:00.3 (`igb`: network)",
                      f[0]["summary"])
        v = rep["verdicts"]
        self.assertEqual([x["target"] for x in v], ["0000:02:00.0"])
        self.assertEqual(v[0]["viable"], "no")
        self.assertEqual(v[0]["group"], 6)
        self.assertEqual(v[0]["goes_with"], [])
        self.assertEqual(v[0]["blockers"], [
            {"address": "0000:02:00.%d" % i, "driver": "igb", "host_critical": "network"}
            for i in (1, 2, 3)])
        self.assertEqual(v[0]["errors"], ["passthrough.group_not_viable",
                                          "passthrough.host_critical"])

    def test_card_functions_go_with_the_target(self):
        # --device VVVV:DDDD names the GPU; its audio function, on the host's
        # sound driver in the same group, goes with it: no group_not_viable
        desc = CLEAN.replace("class=030000 rev=a1 drv=vfio-pci", "class=030000 rev=a1 drv=nouveau")
        desc = desc.replace("class=040300 rev=a1 drv=vfio-pci", "class=040300 rev=a1 drv=snd_hda_intel")
        desc = desc.replace("options vfio-pci ids=10de:1b80,10de:10f0\n", "")
        desc = desc.replace("hostpci0: 0000:01:00,pcie=1,x-vga=1\n", "")
        rep = self.findings(desc, "--device", "10de:1b80")
        ids = [f["id"] for f in rep["findings"]]
        self.assertNotIn("passthrough.group_not_viable", ids)
        self.assertEqual(rep["targets"], ["0000:01:00.0"])
        v = rep["verdicts"][0]
        self.assertEqual((v["viable"], v["group"], v["blockers"]), ("yes", 2, []))
        self.assertEqual(v["goes_with"], [{"address": "0000:01:00.1", "relation": "function",
                                           "driver": "snd_hda_intel"}])
        audio = [f for f in rep["findings"] if f["id"] == "vfio.not_bound"
                 and f["subjects"][0] == "0000:01:00.1"][0]
        self.assertIn("pass it with 0000:01:00.0", audio["summary"])
        # one ids line for both functions, added once however often it is pasted
        for f in rep["findings"]:
            if f["id"] == "vfio.not_bound":
                self.assertIn("grep -qsxF 'options vfio-pci ids=10de:1b80,10de:10f0' "
                              "/etc/modprobe.d/vfio.conf || echo 'options vfio-pci "
                              "ids=10de:1b80,10de:10f0' >> /etc/modprobe.d/vfio.conf\n",
                              f["fix"])

    def test_fix_binds_by_address_when_another_function_shares_the_id(self):
        # two I210 NICs with one id; the VM takes one, the host keeps the other
        rep = self.findings(TWINS)
        f = [f for f in rep["findings"] if f["id"] == "vfio.not_bound"]
        self.assertEqual([x["subjects"] for x in f], [["0000:02:00.0"]])
        self.assertEqual(f[0]["fix"],
                         "First make sure the host does not reach its network by this NIC "
                         "(`ip route show default`, and the bridge's ports): the snapshot does "
                         "not say.\n"
                         "Bind it by address, not by id: binding the id `8086:1533` would also "
                         "hand vfio-pci 0000:03:00.0, which shares the id and is not a target. "
                         "`driverctl` (Debian package `driverctl`) keeps an override by address "
                         "across boots.\n\n```sh\napt install driverctl\n"
                         "driverctl set-override '0000:02:00.0' vfio-pci\n```\n")
        self.assertNotIn("ids=", f[0]["fix"])
        # never yes on a missing fact: whether the host's network leaves by it
        self.assertEqual(rep["verdicts"][0]["viable"], "unknown")
        self.assertEqual(rep["verdicts"][0]["reason"],
                         "the snapshot does not say whether the host reaches its network "
                         "through it (`ip route show default`)")

    # The TWINS NICs as a Proxmox VE host names them (sys/class/net links),
    # `ip -d -j link show` and `ip -j route show default` as the collector
    # keeps them: the default route leaves by vmbr0, whose port is PORT.
    @staticmethod
    def routed(desc, port_bdf, via="vmbr0"):
        nics = {"0000:02:00.0": ("enp2s0", "0000:00:1c.0"),
                "0000:03:00.0": ("enp3s0", "0000:00:1c.1")}
        links = "".join("link sys/class/net/%s ../../devices/pci0000:00/%s/%s/net/%s\n"
                        % (name, rp, bdf, name) for bdf, (name, rp) in sorted(nics.items()))
        links += "link sys/class/net/vmbr0 ../../devices/virtual/net/vmbr0\n"
        links += "link sys/class/net/lo ../../devices/virtual/net/lo\n"
        port = nics[port_bdf][0]
        iplink = [{"ifname": "lo"}, {"ifname": "enp2s0"}, {"ifname": "enp3s0"},
                  {"ifname": "vmbr0"}, {"ifname": "vmbr0.20", "link": "vmbr0"}]
        for d in iplink:
            if d["ifname"] == port:
                d["master"] = "vmbr0"
        return (desc + links + "file cmd/ip-link.json\n%s\nend\n" % json.dumps(iplink) +
                "file cmd/ip-route.json\n%s\nend\n" % json.dumps(
                    [{"dst": "default", "dev": via}]) +
                "file cmd/ip-route6.json\n[]\nend\n")

    def test_target_that_carries_the_default_route_is_never_bound(self):
        """First, do no harm: the VM's NIC is the port of the bridge the host's
        default route leaves by. The verdict is no, the error says why, and
        no fix anywhere binds it to vfio-pci."""
        rep = self.findings(self.routed(TWINS, "0000:02:00.0"))
        v = rep["verdicts"][0]
        self.assertEqual((v["target"], v["viable"]), ("0000:02:00.0", "no"))
        self.assertIn("default route (vmbr0)", v["reason"])
        crit = [f for f in rep["findings"] if f["id"] == "passthrough.host_critical"]
        self.assertEqual(len(crit), 1, [f["id"] for f in rep["findings"]])
        self.assertIn("its interface `enp2s0` is under `vmbr0`, which the route leaves by",
                      crit[0]["summary"])
        self.assertEqual(crit[0]["evidence"][0]["path"], "cmd/ip-route.json")
        for f in rep["findings"]:
            self.assertNotIn("driverctl", f["fix"] or "", f["id"])
            self.assertNotIn("ids=8086:1533", f["fix"] or "", f["id"])
        nb = [f for f in rep["findings"] if f["id"] == "vfio.not_bound"]
        self.assertIn("Do not bind it", nb[0]["fix"])
        # a VLAN over the bridge carries it just the same; so does the NIC itself
        rep = self.findings(self.routed(TWINS, "0000:02:00.0", via="vmbr0.20"))
        self.assertEqual(rep["verdicts"][0]["viable"], "no")
        direct = self.routed(TWINS, "0000:03:00.0", via="enp2s0")
        crit = self.fires(direct, "passthrough.host_critical", text="leaves by its interface "
                                                                   "`enp2s0`")
        self.assertEqual(crit["subjects"], ["0000:02:00.0"])

    def test_open_vswitch_bridge_carries_the_route(self):
        # Proxmox VE with Open vSwitch: vmbr0 is an internal port of the
        # ovs-system datapath, like the NIC it bridges; the route leaves by vmbr0
        desc = self.routed(TWINS, "0000:03:00.0")
        iplink = [{"ifname": "enp2s0", "master": "ovs-system"}, {"ifname": "enp3s0"},
                  {"ifname": "ovs-system"}, {"ifname": "vmbr0", "master": "ovs-system"}]
        desc = desc.replace(desc[desc.index("file cmd/ip-link.json"):
                                 desc.index("file cmd/ip-route.json")],
                            "file cmd/ip-link.json\n%s\nend\n" % json.dumps(iplink))
        rep = self.findings(desc)
        self.assertEqual(rep["verdicts"][0]["viable"], "no")
        self.assertIn("default route (vmbr0)", rep["verdicts"][0]["reason"])

    def test_route_by_another_nic_leaves_the_target_alone(self):
        # the route leaves by the host's other NIC: the VM's is passed as before
        rep = self.findings(self.routed(TWINS, "0000:03:00.0"))
        self.assertEqual(rep["verdicts"][0]["viable"], "yes")
        self.assertNotIn("passthrough.host_critical", [f["id"] for f in rep["findings"]])
        f = [f for f in rep["findings"] if f["id"] == "vfio.not_bound"]
        self.assertIn("driverctl set-override '0000:02:00.0' vfio-pci\n", f[0]["fix"])

    def test_group_member_that_carries_the_default_route(self):
        # QUAD: the host keeps ports 1-3; its route leaves by port 1 directly
        desc = QUAD + ("link sys/class/net/enp2s0f1 ../../devices/pci0000:00/0000:00:1c.0/"
                       "0000:02:00.1/net/enp2s0f1\n"
                       "file cmd/ip-link.json\n[{\"ifname\": \"enp2s0f1\"}]\nend\n"
                       "file cmd/ip-route.json\n[{\"dst\": \"default\", \"dev\": "
                       "\"enp2s0f1\"}]\nend\n")
        rep = self.findings(desc)
        w = {x["address"]: x["host_critical"] for x in rep["verdicts"][0]["blockers"]}
        self.assertEqual(w, {"0000:02:00.1": "network: its default route",
                             "0000:02:00.2": "network", "0000:02:00.3": "network"})
        # passing the whole group is no way out when the host's route is in it
        nv = [f for f in rep["findings"] if f["id"] == "passthrough.group_not_viable"][0]
        self.assertNotIn("Pass every device", nv["fix"])
        self.assertIn("the group holds devices the host needs", nv["fix"])
        without = self.findings(QUAD)  # ports that may be idle: passing them all is an option
        nv = [f for f in without["findings"] if f["id"] == "passthrough.group_not_viable"][0]
        self.assertIn("Pass every device of the group", nv["fix"])
        try:
            import jsonschema
        except ImportError:
            return
        with open(os.path.join(os.path.dirname(__file__), "..", "..", "docs",
                               "report-schema.json"), encoding="utf-8") as f:
            jsonschema.validate(rep, json.load(f))

    # The SATA controller of CLEAN (00:17.0, ahci, group 4) as the VM's target,
    # with sda below it in sys/class/block, and what lsblk and proc/mounts say.
    @staticmethod
    def disks(rows, mounts="/dev/mapper/pve-root / ext4 rw,relatime 0 0\n"):
        desc = CLEAN.replace("hostpci0: 0000:01:00,pcie=1,x-vga=1", "hostpci0: 0000:00:17.0")
        for name in ("sda", "sda3", "dm-1"):
            target = ("virtual/block/dm-1" if name == "dm-1" else
                      "pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0/block/sda" +
                      ("/sda3" if name == "sda3" else ""))
            desc += "link sys/class/block/%s ../../devices/%s\n" % (name, target)
        return (desc + "file cmd/lsblk.json\n%s\nend\n" % json.dumps({"blockdevices": rows}) +
                "file proc/mounts\n%send\n" % mounts)

    def test_target_that_holds_the_root_filesystem_is_never_bound(self):
        """First, do no harm: the VM's controller holds the disk under the
        host's LVM root. The verdict is no, and no fix binds it."""
        rep = self.findings(self.disks([
            {"kname": "sda", "fstype": None}, {"kname": "sda3", "pkname": "sda"},
            {"kname": "dm-1", "pkname": "sda3", "mountpoint": "/"}]))
        v = rep["verdicts"][0]
        self.assertEqual((v["target"], v["viable"]), ("0000:00:17.0", "no"))
        self.assertEqual(v["reason"], "it holds the host's /, on dm-1: the host would lose it")
        crit = [f for f in rep["findings"] if f["id"] == "passthrough.host_critical"]
        self.assertEqual(crit[0]["summary"], "0000:00:17.0 holds the host's `/`: its disk `sda` "
                                             "is under `dm-1`. Bound to vfio-pci, it takes that "
                                             "away from the running host.")
        self.assertEqual(crit[0]["evidence"][0]["path"], "cmd/lsblk.json")
        for f in rep["findings"]:
            self.assertNotIn("driverctl", f["fix"] or "", f["id"])
            self.assertNotIn("ids=8086:a352", f["fix"] or "", f["id"])

    def test_host_nic_never_joins_an_ids_line(self):
        """Both I210s are targets (one id), the host's route leaves by the
        second: its id must not go into vfio-pci ids= (that binds it at the
        next boot); the first is bound by address."""
        rep = self.findings(self.routed(TWINS, "0000:03:00.0"), "--device", "8086:1533")
        self.assertEqual({v["target"]: v["viable"] for v in rep["verdicts"]},
                         {"0000:02:00.0": "yes", "0000:03:00.0": "no"})
        for f in rep["findings"]:
            self.assertNotIn("8086:1533'", f["fix"] or "", f["id"])
            self.assertNotIn("ids=8086:1533", f["fix"] or "", f["id"])
            self.assertNotIn(",8086:1533", f["fix"] or "", f["id"])
            self.assertNotIn("driverctl set-override '0000:03:00.0'", f["fix"] or "")
        nb = [f for f in rep["findings"] if f["id"] == "vfio.not_bound" and
              f["subjects"] == ["0000:02:00.0"]]
        self.assertIn("driverctl set-override '0000:02:00.0' vfio-pci\n", nb[0]["fix"])

    def test_multipath_default_route(self):
        # ECMP: the route's next hops leave by both NICs
        desc = self.routed(TWINS, "0000:03:00.0")
        route = json.dumps([{"dst": "default", "nexthops": [{"dev": "enp2s0"}, {"dev": "enp3s0"}]}])
        desc = desc.replace('[{"dst": "default", "dev": "vmbr0"}]', route)
        rep = self.findings(desc)
        self.assertEqual(rep["verdicts"][0]["viable"], "no")

    def test_route_on_a_vf_holds_its_pf(self):
        # the route leaves by a VF of the I350's first port: unbinding the PF removes the VF
        desc = open(os.path.join(os.path.dirname(__file__), "..", "descs", "z690-sriov.desc")).read()
        desc += ("link sys/class/net/enp6s16 ../../devices/pci0000:00/0000:00:1c.0/0000:06:10.0/"
                 "net/enp6s16\nfile cmd/ip-link.json\n[{\"ifname\": \"enp6s16\"}]\nend\n"
                 "file cmd/ip-route.json\n[{\"dst\": \"default\", \"dev\": \"enp6s16\"}]\nend\n")
        rep = self.findings(desc, "--device", "0000:06:00.0")
        self.assertEqual(rep["verdicts"][0]["viable"], "no")
        self.assertIn("default route (enp6s16)", rep["verdicts"][0]["reason"])

    def test_nvme_multipath_root_holds_both_controllers(self):
        desc = self.disks([{"kname": "nvme0n1"},
                           {"kname": "nvme0n1p2", "pkname": "nvme0n1", "mountpoint": "/"}])
        desc = desc.replace("hostpci0: 0000:00:17.0", "hostpci0: 0000:02:00.0")
        for c, bdf in (("nvme0c0n1", "0000:00:1c.0/0000:02:00.0"),):
            desc += "link sys/class/block/%s ../../devices/pci0000:00/%s/nvme/nvme0/%s\n" % (
                c, bdf, c)
        desc += "link sys/class/block/nvme0n1 ../../devices/virtual/nvme-subsystem/nvme-subsys0/nvme0n1\n"
        rep = self.findings(desc)
        self.assertEqual(rep["verdicts"][0]["viable"], "no")
        self.assertIn("the host's /, on nvme0n1p2", rep["verdicts"][0]["reason"])

    def test_zfs_root_pool_on_the_target(self):
        # Proxmox VE on ZFS: / is a dataset of rpool, whose member sda3 lsblk labels
        rep = self.findings(self.disks(
            [{"kname": "sda"}, {"kname": "sda3", "pkname": "sda", "fstype": "zfs_member",
                                "label": "rpool"}],
            mounts="rpool/ROOT/pve-1 / zfs rw,relatime,xattr,noacl 0 0\n"))
        self.assertEqual(rep["verdicts"][0]["viable"], "no")
        self.assertIn("the host's / (ZFS pool rpool), on sda3", rep["verdicts"][0]["reason"])

    def test_storage_target_the_host_does_not_run_on(self):
        # root on another disk: the controller is passed as before; without
        # lsblk the bind fix first asks to check
        rep = self.findings(self.disks([{"kname": "sda"}, {"kname": "nvme0n1"},
                                        {"kname": "nvme0n1p2", "pkname": "nvme0n1",
                                         "mountpoint": "/"}]))
        self.assertEqual(rep["verdicts"][0]["viable"], "yes")
        f = [f for f in rep["findings"] if f["id"] == "vfio.not_bound"]
        self.assertIn("vfio-pci", f[0]["fix"])
        self.assertNotIn("First make sure", f[0]["fix"])
        desc = CLEAN.replace("hostpci0: 0000:01:00,pcie=1,x-vga=1", "hostpci0: 0000:00:17.0")
        f = self.fires(desc, "vfio.not_bound", text="neither boots from nor mounts a disk")

    def test_fix_takes_a_shared_id_out_of_the_ids_line(self):
        # the id is configured, so vfio-pci would take both NICs once it loads
        # first: the fix takes it out of the one line and binds by address
        desc = TWINS.replace("options vfio-pci ids=10de:1b80,10de:10f0",
                             "options vfio-pci ids=10de:1b80,8086:1533")
        f = self.fires(desc, "vfio.ids_not_applied")
        self.assertIn("driverctl set-override '0000:02:00.0' vfio-pci\n", f["fix"])
        self.assertIn("It becomes `options vfio-pci ids=10de:1b80`.", f["fix"])
        self.assertIn("\nsed -i -E 's/^([[:space:]]*options[[:space:]]+vfio[-_]pci[[:space:]]"
                      "(.*[[:space:]])?)ids=[^[:space:]]*/\\1ids=10de:1b80/' "
                      "/etc/modprobe.d/vfio.conf\n", f["fix"])
        self.assertNotIn("softdep", f["fix"])

    def test_fix_rewrites_the_one_ids_line(self):
        # an ids line exists for the audio function: rewritten with both ids,
        # never a second line appended
        desc = CLEAN.replace("class=030000 rev=a1 drv=vfio-pci", "class=030000 rev=a1 drv=nouveau")
        desc = desc.replace("options vfio-pci ids=10de:1b80,10de:10f0",
                            "options vfio-pci ids=10de:10f0")
        f = self.fires(desc, "vfio.not_bound")
        self.assertEqual(f["fix"],
                         "Bind it to vfio-pci at boot by id (every function with `10de:1b80` on "
                         "this host is a target or already on vfio-pci). Rewrite the one `options vfio-pci ids=` line in "
                         "`/etc/modprobe.d/vfio.conf`, never add a second (for a module parameter "
                         "the last one wins). It becomes `options vfio-pci "
                         "ids=10de:10f0,10de:1b80`.\n\n```sh\n"
                         "sed -i -E 's/^([[:space:]]*options[[:space:]]+vfio[-_]pci[[:space:]]"
                         "(.*[[:space:]])?)ids=[^[:space:]]*/\\1ids=10de:10f0,10de:1b80/' "
                         "/etc/modprobe.d/vfio.conf\nupdate-initramfs -u -k all\nreboot\n```\n")
        self.assertNotIn("echo 'options", f["fix"])

    def test_passthrough_several_match(self):
        rep = self.findings(TWINS.replace("hostpci0: 0000:02:00.0\n", ""), "--device", "8086:1533")
        self.assertEqual(rep["targets"], ["0000:02:00.0", "0000:03:00.0"])
        f = [f for f in rep["findings"] if f["id"] == "passthrough.several_match"][0]
        self.assertEqual(f["summary"], "`--device 8086:1533` names 2 functions: 0000:02:00.0, "
                                       "0000:03:00.0. All of them are targets.")
        # both are targets now: the id is safe to bind
        bound = [f for f in rep["findings"] if f["id"] == "vfio.not_bound"]
        self.assertEqual(len(bound), 2)
        self.assertIn("ids=10de:1b80,10de:10f0,8086:1533", bound[0]["fix"])
        self.assertNotIn("driverctl", bound[0]["fix"])

    def test_device_usage_errors(self):
        root, host = self.build(CLEAN)
        snap = os.path.join(self.tmp, "s.tar.gz")
        subprocess.run([COLLECT, "--root", root, "-o", snap, "-q"], check=True,
                       env=dict(os.environ, SOURCE_DATE_EPOCH=FIXED_TIME))
        for dev, words in (("garbage", "--device 'garbage': not a device"),
                           ("06:00", "--device 06:00: no such device on this host"),
                           ("1:0", "--device '1:0': not a device"),
                           ("01:00.8", "--device '01:00.8': not a device"),
                           ("8086:10fb", "--device 8086:10fb: no such vendor:device id")):
            for cmd in ("report", "whatif"):
                with self.subTest(device=dev, command=cmd):
                    p = subprocess.run([ANALYZER, cmd, snap, "--device", dev], capture_output=True,
                                       text=True)
                    self.assertEqual(p.returncode, 2, p.stderr)
                    self.assertIn(words, p.stderr)
                    self.assertEqual(p.stdout, "")
        p = subprocess.run([ANALYZER, "report", snap, "--device", "01:00", "--device",
                            "0000:1:00.0", "--device", "10DE:10F0"], capture_output=True, text=True)
        self.assertEqual(p.returncode, 2, p.stderr)  # "0000:1:00.0": two-digit bus
        p = subprocess.run([ANALYZER, "report", snap, "-f", "json", "--device", "01:00", "--device",
                            "0000:02:00.0", "--device", "10DE:10F0"], capture_output=True, text=True)
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertEqual(json.loads(p.stdout)["targets"], ["0000:01:00.0", "0000:01:00.1",
                                                           "0000:02:00.0"])

    def test_passthrough_host_critical(self):
        desc = CLEAN.replace("pcie=rp acs=1f:1d drv=pcieport group=1",
                             "pcie=rp drv=pcieport group=1")
        desc = desc.replace("  02.0 8086:3e92", "    01:00.2 144d:a808 class=010802 drv=nvme "
                                                "group=2\n  02.0 8086:3e92")
        desc = desc.replace("hostpci0: 0000:01:00,pcie=1,x-vga=1",
                            "hostpci0: 0000:01:00.0,pcie=1,x-vga=1\nhostpci1: 0000:01:00.1")
        self.fires(desc, "passthrough.host_critical", text="disks")

    def test_passthrough_missing_device(self):
        # a VM names an address the host does not have (bus renumbering after a
        # BIOS update): an error, not "PASS: 0 errors"; the slot form too
        desc = CLEAN + ("file etc/pve/qemu-server/101.conf\nhostpci0: 0000:09:00.0,pcie=1\n"
                        "hostpci1: 0a:00\nend\n")
        rep = self.findings(desc)
        f = [f for f in rep["findings"] if f["id"] == "passthrough.missing_device"]
        self.assertEqual([(x["severity"], x["subjects"]) for x in f],
                         [("error", ["0000:09:00.0"]), ("error", ["0000:0a:00"])])
        self.assertEqual(f[0]["summary"], "VM 101 passes 0000:09:00.0 (hostpci0), but this host has "
                                          "no device there: the VM will not start. Bus numbers "
                                          "change after a firmware update or when a card is added, "
                                          "removed or moved.")
        self.assertEqual(f[0]["evidence"], [{"path": "etc/pve/qemu-server/101.conf",
                                             "line": "hostpci0: 0000:09:00.0,pcie=1",
                                             "line_number": 1}])
        self.assertIn("correct `hostpci0` in `/etc/pve/qemu-server/101.conf`", f[0]["fix"])
        self.assertEqual(rep["targets"], ["0000:01:00.0", "0000:01:00.1"])

    def test_host_is_guest(self):
        # a QEMU q35 guest without a virtual IOMMU: never "enable VT-d in the firmware"
        desc = without_groups(CLEAN).replace(
            "iommu intel", 'iommu none\ndmi sys_vendor=QEMU product_name="Standard PC (Q35 + '
            'ICH9, 2009)"')
        rep = self.findings(desc)
        guest = [f for f in rep["findings"] if f["id"] == "host.is_guest"]
        self.assertEqual(len(guest), 1)
        self.assertIn('the DMI vendor "QEMU"', guest[0]["summary"])
        self.assertIn("-device intel-iommu,intremap=on", guest[0]["fix"])
        self.assertIn("kernel-irqchip=split", guest[0]["fix"])
        off = [f for f in rep["findings"] if f["id"] == "iommu.disabled"][0]
        self.assertIn("virtual IOMMU", off["summary"])
        for f in rep["findings"]:
            for words in ("firmware setup", "BIOS", "VT-d"):
                self.assertNotIn(words, (f["fix"] or "") + f["summary"], f["id"])

    def mapped(self, cfg):
        desc = CLEAN.replace("hostpci0: 0000:01:00,pcie=1,x-vga=1",
                             "hostpci0: mapping=gpu1,pcie=1,x-vga=1")
        return self.findings(desc + "file etc/pve/mapping/pci.cfg\n%send\n" % cfg)

    def test_mapping_stale(self):
        # the mapping recorded group 5; after an update the GPU is in group 2
        rep = self.mapped("gpu1\n\tdescription GTX 1080\n"
                          "\tmap id=10de:1b80,iommugroup=5,node=pve,path=0000:01:00\n"
                          "\tmap id=10de:1b80,iommugroup=9,node=pve2,path=0000:41:00\n")
        self.assertEqual(rep["targets"], ["0000:01:00.0", "0000:01:00.1"])
        f = [f for f in rep["findings"] if f["id"] == "mapping.stale"]
        self.assertEqual(len(f), 1)
        self.assertEqual(f[0]["severity"], "error")
        self.assertEqual(f[0]["summary"], "Mapping `gpu1` (VM 100's hostpci0) is stale: 0000:01:00.0 "
                                          "is in IOMMU group 2, not the mapped `iommugroup=5`. "
                                          "Proxmox refuses to start the VM.")
        self.assertEqual(f[0]["evidence"][0], {
            "path": "etc/pve/mapping/pci.cfg",
            "line": "\tmap id=10de:1b80,iommugroup=5,node=pve,path=0000:01:00", "line_number": 3})
        self.assertIn("```\n\tmap id=10de:1b80,iommugroup=2,node=pve,path=0000:01:00\n```",
                      f[0]["fix"])

    def test_mapping_path_moved(self):
        # the path names no device any more; the one function with the mapped id
        # is elsewhere: say where, and give the corrected line
        rep = self.mapped("gpu1\n\tmap id=10de:1b80,node=pve,path=0000:05:00\n")
        f = [f for f in rep["findings"] if f["id"] == "passthrough.missing_device"]
        self.assertEqual(len(f), 1)
        self.assertIn("whose path `0000:05:00` names no device on this host: the device with "
                      "its id is now at 0000:01:00.0", f[0]["summary"])
        self.assertIn("\tmap id=10de:1b80,iommugroup=2,node=pve,path=0000:01:00\n",
                      f[0]["fix"])
        # and a mapping that pci.cfg does not define
        rep = self.mapped("gpu2\n\tmap id=10de:1b80,node=pve,path=0000:01:00\n")
        f = [f for f in rep["findings"] if f["id"] == "passthrough.missing_device"]
        self.assertIn("uses mapping `gpu1`, but `/etc/pve/mapping/pci.cfg` has no such mapping",
                      f[0]["summary"])

    def test_mapping_current_is_silent(self):
        rep = self.mapped("gpu1\n\tmap id=10de:1b80,iommugroup=2,node=pve,path=0000:01:00\n")
        ids = {f["id"] for f in rep["findings"]}
        self.assertFalse(ids & {"mapping.stale", "passthrough.missing_device"}, ids)
        self.assertEqual([v["viable"] for v in rep["verdicts"]], ["yes", "yes"])

    def test_passthrough_partial_multifunction(self):
        desc = CLEAN.replace("hostpci0: 0000:01:00,pcie=1", "hostpci0: 0000:01:00.0,pcie=1")
        f = self.fires(desc, "passthrough.partial_multifunction")
        self.assertEqual(f["summary"], "VM 100 passes 0000:01:00.0 but not 0000:01:00.1 of the "
                                       "same device.")
        # the entry without its function (the old fix kept it: "hostpci0: 01:00.0")
        self.assertEqual(f["fix"], "Pass the whole device: in the VM's configuration "
                                   "(`/etc/pve/qemu-server/100.conf`), give the address without "
                                   "its function and keep the options after it:\n\n```\n"
                                   "hostpci0: 0000:01:00\n```\n\nProxmox then passes every "
                                   "function of `01:00`.\n")

    def test_libvirt_usb_hostdev_is_not_pci(self):
        # a USB hostdev before the PCI one was read as PCI 01:00.0 (here the
        # GPU; on the reporting host the boot disk, told to softdep nvme)
        desc = CLEAN.replace("hostpci0: 0000:01:00,pcie=1,x-vga=1\n", "")
        desc += ("file etc/libvirt/qemu/router.xml\n<domain type='kvm'>\n  <devices>\n"
                 "    <hostdev mode='subsystem' type='usb' managed='yes'>\n      <source>\n"
                 "        <vendor id='0x046d'/>\n        <product id='0xc52b'/>\n"
                 "      </source>\n    </hostdev>\n"
                 "    <hostdev mode='subsystem' type='pci' managed='yes'>\n      <source>\n"
                 "        <address domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>\n"
                 "      </source>\n      <address type='pci' domain='0x0000' bus='0x01' "
                 "slot='0x00' function='0x0'/>\n    </hostdev>\n  </devices>\n</domain>\nend\n")
        rep = self.findings(desc)
        self.assertEqual(rep["targets"], ["0000:02:00.0"])
        self.assertEqual([v["target"] for v in rep["verdicts"]], ["0000:02:00.0"])
        for f in rep["findings"]:
            if f["id"].split(".")[0] in ("vfio", "passthrough", "reset"):
                self.assertNotIn("0000:01:00.0", f["subjects"], f["id"])

    def test_partial_multifunction_fix_for_libvirt(self):
        # a libvirt domain gets <hostdev> lines, not Proxmox syntax
        desc = CLEAN.replace("hostpci0: 0000:01:00,pcie=1,x-vga=1\n", "")
        desc += ("file etc/libvirt/qemu/win10.xml\n<domain type='kvm'>\n  <name>win10</name>\n"
                 "  <devices>\n    <hostdev mode='subsystem' type='pci' managed='yes'>\n"
                 "      <source>\n        <address domain='0x0000' bus='0x01' slot='0x00' "
                 "function='0x0'/>\n      </source>\n    </hostdev>\n  </devices>\n"
                 "</domain>\nend\n")
        f = self.fires(desc, "passthrough.partial_multifunction")
        self.assertEqual(f["fix"], "Add the other function to the domain (`virsh edit win10`), "
                                   "one `<hostdev>` each, beside the one for 0000:01:00.0:\n\n"
                                   "```xml\n<hostdev mode='subsystem' type='pci' managed='yes'>\n"
                                   "  <source>\n    <address domain='0x0000' bus='0x01' "
                                   "slot='0x00' function='0x1'/>\n  </source>\n</hostdev>\n"
                                   "```\n")
        self.assertNotIn("hostpci", f["fix"])

    def test_passthrough_boot_vga(self):
        desc = CLEAN.replace("drv=vfio-pci group=2 flr", "drv=vfio-pci group=2 flr boot_vga")
        desc = desc.replace("group=3 boot_vga", "group=3")
        self.fires(desc, "passthrough.boot_vga", text="romfile=")

    def test_passthrough_device_in_two_vms(self):
        desc = CLEAN + "file etc/pve/qemu-server/101.conf\nhostpci0: 01:00.0\nend\n"
        self.fires(desc, "passthrough.device_in_two_vms", text="VM 100 and VM 101")

    def test_reset_no_flr(self):
        desc = CLEAN.replace("drv=vfio-pci group=2 flr", "drv=vfio-pci group=2")
        self.fires(desc, "reset.no_flr", text="0000:01:00.0")

    def test_reset_known_bug(self):
        desc = CLEAN.replace("10de:1b80", "1002:67df").replace("10de:10f0", "1002:aaf0")
        self.fires(desc, "reset.known_bug", text="vendor-reset")

    def test_rmrr_ineligible(self):
        desc = CLEAN.replace("drv=vfio-pci group=2 flr", "drv=vfio-pci group=2 flr rmrr")
        self.fires(desc, "rmrr.ineligible", text="1:1 mapping")

    def test_vfio_group_not_viable_log(self):
        desc = CLEAN.replace("[    0.212940] DMAR-IR:", "[   92.000000] vfio-pci 0000:01:00.0: "
                             "group 2 is not viable\n[    0.212940] DMAR-IR:")
        self.fires(desc, "vfio.group_not_viable_log", text="not viable")

    def test_firmware_update_suggested(self):
        desc = CLEAN.replace("[    0.212940] DMAR-IR:", "[    0.100000] DMAR: [Firmware Bug]: No "
                             "firmware reserved region can cover this RMRR\n[    0.212940] "
                             "DMAR-IR:")
        self.fires(desc, "firmware.update_suggested", text="BIOS update")

    def test_snapshot_incomplete(self):
        desc = CLEAN.replace("iommu intel", "iommu intel\nconfig header")
        self.fires(desc, "snapshot.incomplete", text="without root")

    def test_snapshot_incomplete_without_pciutils(self):
        # tests/qemu: a root capture on a host without pciutils lacks only lspci;
        # running as root would change nothing
        f = self.fires(CLEAN + "cmd uname-r\n6.8.12-4-pve\nend\n", "snapshot.incomplete",
                       text="pciutils")
        self.assertNotIn("as root", f["fix"])


if __name__ == "__main__":
    unittest.main()


REALDATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared",
                        "realdata")


@unittest.skipUnless(os.path.isdir(REALDATA),
                     "../shared/realdata is not beside this clone: real-machine rules skipped")
class RealMachineRules(TreeCase):
    """Real configuration files and kernel logs, placed where a host keeps them,
    collected and reported: the findings a VFIO expert would name."""

    def host(self, files):
        root = os.path.join(self.tmp, "root")
        for dest, text in files.items():
            path = os.path.join(root, dest)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        snap = os.path.join(self.tmp, "s.tar.gz")
        subprocess.run([COLLECT, "--root", root, "-o", snap, "-q"], check=True,
                       env=dict(os.environ, SOURCE_DATE_EPOCH=FIXED_TIME))
        p = subprocess.run([ANALYZER, "report", snap, "-f", "json"], capture_output=True,
                           text=True)
        return json.loads(p.stdout)

    def read(self, rel):
        with open(os.path.join(REALDATA, rel), encoding="utf-8", errors="replace") as f:
            return f.read()

    def ids(self, rep):
        return {f["id"] for f in rep["findings"]}

    def test_gammaman88_proxmox_r5_5700u(self):
        pair = "pairs/gammaman88-proxmox-r5-5700u/"
        dmesg = self.read(pair + "dmesg.txt")
        cmdline = [line.split("Kernel command line: ", 1)[1] for line in dmesg.splitlines()
                   if "Kernel command line: " in line][0]
        files = {"proc/cmdline": cmdline + "\n", "cmd/dmesg.txt": dmesg,
                 "etc/default/grub": self.read(pair + "etc+default+grub.txt"),
                 "etc/modules": self.read(pair + "etc+modules.txt"),
                 "etc/pve/qemu-server/103.conf": self.read(pair + "etc+pve+qemu-server+103.pass.conf")}
        for name in ("blacklist", "iommu_unsafe_interrupts", "kvm", "pve-blacklist", "vfio"):
            files["etc/modprobe.d/%s.conf" % name] = self.read(pair + "etc+modprobe.d+%s.conf" % name)
        rep = self.host(files)
        ids = self.ids(rep)
        # amd_iommu=on is not an option; the kernel said so
        unknown = [f for f in rep["findings"] if f["id"] == "cmdline.unknown_param"][0]
        self.assertIn("amd_iommu=on", unknown["summary"])
        self.assertTrue(any("AMD-Vi: Unknown option - 'on'" in (e["line"] or "")
                            for e in unknown["evidence"]), unknown["evidence"])
        # allow_unsafe_interrupts=1 although interrupt remapping is on: not needed
        unsafe = [f for f in rep["findings"] if f["id"] == "iommu.unsafe_interrupts"][0]
        self.assertIn("Interrupt remapping enabled", unsafe["fix"])
        # pcie_acs_override=downstream and no override warning, but this log starts at
        # 0.005 s, after the early parameters print it: unknown, not an error
        self.assertNotIn("acs.override_ineffective", ids)
        self.assertIn("acs.override_unknown", ids)
        # no PCI tree in these files: nothing is claimed about groups or the IOMMU
        self.assertNotIn("iommu.disabled", ids)
        self.assertNotIn("iommu.irq_remap_off", ids)
        self.assertEqual(rep["snapshot"]["cmdline"], cmdline)

    def test_yyu_x570_gt710(self):
        pair = "pairs/yyu-vm-x570-gt710/"
        line = self.read(pair + "kernel_cmdline").split(None, 1)[1].replace("$vt_handoff ", "")
        rep = self.host({"proc/cmdline": line,
                         "cmd/dmesg.txt": self.read(pair + "dmesg_iommu") +
                         self.read(pair + "dmesg_vfio"),
                         "etc/libvirt/qemu/win10-gamer.xml": self.read(pair + "win10-gamer.xml")})
        unknown = [f for f in rep["findings"] if f["id"] == "cmdline.unknown_param"]
        self.assertEqual([f["subjects"] for f in unknown], [["amd_iommu=on"]])
        self.assertNotIn("iommu.disabled", self.ids(rep))

    def test_jeff141_drifted_configs(self):
        # the configs point at 03:00.0 (the AQC113 before the drift) and 06:00.0
        # (the JMB58x); on the second listing the JMB58x is at 05:00.0 and there
        # is no 06:00.0. Built from that listing's addresses and classes.
        lspci = self.read("lspci/jeff141-pve-pci-fixer-lspci2.txt")
        classes = (("Ethernet", "020000"), ("Non-Volatile", "010802"), ("SATA", "010601"),
                   ("VGA", "030000"), ("Audio", "040300"), ("USB", "0c0330"),
                   ("PCI bridge", "060400"), ("Host bridge", "060000"), ("ISA", "060100"),
                   ("SMBus", "0c0500"))
        root, below, g = [], {}, 0
        for line in lspci.splitlines():
            addr, rest = line.split(" ", 1)
            cls = next((c for k, c in classes if rest.startswith(k)), "088000")
            g += 1
            (root if addr.startswith("00:") else below.setdefault(addr[:2], [])).append(
                "%s 1022:ffff class=%s group=%d%s" % (addr if not addr.startswith("00:")
                                                      else addr[3:], cls, g,
                                                      " pcie=rp" if cls == "060400" else ""))
        desc = "hostname pve\ncmdline ro quiet\niommu amd\nbus 0000:00\n"
        desc += "".join("  %s\n" % d for d in root if "pcie=rp" not in d)
        for i, (bus, devs) in enumerate(sorted(below.items())):
            g += 1
            desc += "  %02x.0 1022:14ef class=060400 pcie=rp group=%d\n" % (0x0a + i, g)
            desc += "".join("    %s\n" % d for d in devs)
        for vm in ("100", "101", "102"):
            desc += "file etc/pve/qemu-server/%s.conf\n%send\n" % (
                vm, self.read("configs/jeff141-pve-pci-fixer-vm%s.conf" % vm))
        root_dir, host = self.build(desc)
        snap = os.path.join(self.tmp, "s.tar.gz")
        subprocess.run([COLLECT, "--root", root_dir, "-o", snap, "-q"], check=True,
                       env=dict(os.environ, SOURCE_DATE_EPOCH=FIXED_TIME))
        p = subprocess.run([ANALYZER, "report", snap, "-f", "json"], capture_output=True,
                           text=True)
        self.assertEqual(p.returncode, 1, p.stderr)
        rep = json.loads(p.stdout)
        missing = [f for f in rep["findings"] if f["id"] == "passthrough.missing_device"]
        self.assertEqual([f["subjects"] for f in missing], [["0000:06:00.0"]])
        self.assertIn("VM 101 passes 0000:06:00.0", missing[0]["summary"])
        self.assertEqual(rep["targets"], ["0000:03:00.0"])

    def test_fuji_twin_i210(self):
        # the published lspci -nnk and group listing of the Fujitsu board: two
        # I210 NICs with one id, 03:00.0 on igb (the host's), 04:00.0 on vfio-pci
        pair = "pairs/asokolsky-fuji/"
        groups = [l for l in self.read(pair + "iommu_groups.md").splitlines()
                  if l.startswith("IOMMU group ")]
        text = self.read(pair + "lspci-nnkq.md").split("```\n")[1]
        lines = [l for l in text.splitlines() if not l.startswith("root@")]
        paste = os.path.join(self.tmp, "fuji.txt")
        with open(paste, "w", encoding="utf-8") as f:
            f.write("\n".join(groups + lines) + "\n")
        p = subprocess.run([ANALYZER, "report", paste, "-f", "json", "--device", "04:00.0"],
                           capture_output=True, text=True)
        rep = json.loads(p.stdout)
        self.assertEqual(rep["verdicts"][0]["target"], "0000:04:00.0")
        self.assertEqual((rep["verdicts"][0]["viable"], rep["verdicts"][0]["group"]), ("yes", 12))
        for f in rep["findings"]:
            self.assertNotIn("ids=8086:1533", f["fix"] or "", f["id"])
        # by id: both are targets, and then binding the id is safe
        p = subprocess.run([ANALYZER, "report", paste, "-f", "json", "--device", "8086:1533"],
                           capture_output=True, text=True)
        rep = json.loads(p.stdout)
        self.assertEqual(rep["targets"], ["0000:03:00.0", "0000:04:00.0"])
        self.assertIn("passthrough.several_match", {f["id"] for f in rep["findings"]})

    def test_ghw_qemu_guest(self):
        # ghw's sysfs tarball of a QEMU q35 guest (hypervisor flag, 1b36 root ports)
        path = os.path.join(REALDATA, "sysfs", "ghw-linux-amd64-accel-nvidia.tar.gz")
        p = subprocess.run([ANALYZER, "report", path, "-f", "json"], capture_output=True,
                           text=True)
        rep = json.loads(p.stdout)
        guest = [f for f in rep["findings"] if f["id"] == "host.is_guest"]
        self.assertEqual(len(guest), 1)
        self.assertIn("the CPU's hypervisor flag", guest[0]["summary"])
        for f in rep["findings"]:
            text = (f["fix"] or "") + f["summary"]
            for words in ("firmware setup", "BIOS", "VT-d", "GRUB_CMDLINE"):
                self.assertNotIn(words, text, f["id"])
        g = subprocess.run([ANALYZER, "groups", path], capture_output=True, text=True)
        self.assertIn("this virtual machine has no virtual IOMMU", g.stdout)
        self.assertNotIn("firmware", g.stdout.split("\n")[0])

    def test_rmrr_excerpts(self):
        for rel in ("dmesg/harvester-issue7340-hp-rmrr-ineligible.excerpt.txt",
                    "dmesg/relax-intel-rmrr-readme.excerpt.txt"):
            with self.subTest(excerpt=rel):
                rep = self.host({"proc/cmdline": "ro quiet intel_iommu=on\n",
                                 "cmd/dmesg.txt": self.read(rel)})
                rmrr = [f for f in rep["findings"] if f["id"] == "rmrr.ineligible"]
                self.assertEqual(len(rmrr), 1, self.ids(rep))
                self.assertIn("RMRR", rmrr[0]["evidence"][0]["line"])
                subprocess.run(["rm", "-rf", os.path.join(self.tmp, "root")], check=True)
