# SPDX-License-Identifier: MIT
"""iommuscope diff: one builder pair per kind of change, symmetry, stability,
and real before/after data."""

import json
import os
import subprocess
import unittest

from common import COLLECT, FIXED_TIME, TreeCase
from test_rules import CLEAN

ANALYZER = os.environ.get("ISC_ANALYZER", "iommuscope")
REALDATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared",
                        "realdata")
OPPOSITE = {"device.appeared": "device.disappeared", "device.disappeared": "device.appeared",
            "groups.split": "groups.merged", "groups.merged": "groups.split",
            "cmdline.added": "cmdline.removed", "cmdline.removed": "cmdline.added",
            "finding.appeared": "finding.disappeared",
            "finding.disappeared": "finding.appeared"}

# Two PCH root ports without ACS in one multi-function slot (T3): one group.
CHIPSET = """
hostname pve
kernel 6.8.12-4-pve
cmdline BOOT_IMAGE=/boot/vmlinuz-6.8.12-4-pve ro quiet intel_iommu=on
iommu intel

bus 0000:00
  00.0 8086:3e30 class=060000 group=0
  1c.0 8086:a338 class=060400 pcie=rp drv=pcieport group=1
    00.0 8086:1533 class=020000 drv=igb group=1 flr
  1c.4 8086:a33c class=060400 pcie=rp drv=pcieport group=1
    00.0 10ec:8125 class=020000 drv=r8169 group=1 flr

cmd dmesg
[    0.212940] DMAR-IR: Enabled IRQ remapping in x2apic mode
end
"""


class Diff(TreeCase):
    def snap(self, desc, name):
        root, host = self.build(desc, name)
        out = os.path.join(self.tmp, name + ".tar.gz")
        subprocess.run([COLLECT, "--root", root, "-o", out, "-q"], check=True,
                       env=dict(os.environ, SOURCE_DATE_EPOCH=FIXED_TIME))
        return out

    def diff(self, before, after, fmt="json"):
        p = subprocess.run([ANALYZER, "diff", before, after, "--format", fmt],
                           capture_output=True, text=True)
        self.assertIn(p.returncode, (0, 1), p.stderr)
        if fmt != "json":
            return p
        d = json.loads(p.stdout)
        self.assertEqual(p.returncode, 1 if d["changed"] else 0)
        return d

    def pair(self, before, after):
        return self.snap(before, "before"), self.snap(after, "after")

    def whats(self, d):
        return {(c["what"], c["subject"]) for c in d["changes"]}

    def check_symmetric(self, a, b):
        ab, ba = self.diff(a, b), self.diff(b, a)
        forward = sorted((OPPOSITE.get(c["what"], c["what"]), c["before"], c["after"])
                         for c in ab["changes"] if not c["what"].startswith("device.moved"))
        backward = sorted((c["what"], c["after"], c["before"]) for c in ba["changes"]
                          if not c["what"].startswith("device.moved"))
        self.assertEqual(forward, backward)

    def test_identical_snapshots(self):
        a = self.snap(CLEAN, "same")
        d = self.diff(a, a)
        self.assertEqual((d["changed"], d["headline"], d["changes"]), (False, "No change.", []))

    def test_acs_override_splits_the_chipset_group(self):
        after = CHIPSET.replace("intel_iommu=on", "intel_iommu=on pcie_acs_override=downstream")
        after = after.replace("drv=pcieport group=1\n    00.0 8086:1533 class=020000 drv=igb group=1",
                              "drv=pcieport group=1\n    00.0 8086:1533 class=020000 drv=igb group=2")
        after = after.replace("drv=pcieport group=1\n    00.0 10ec:8125 class=020000 drv=r8169 group=1",
                              "drv=pcieport group=3\n    00.0 10ec:8125 class=020000 drv=r8169 group=4")
        after = after.replace("[    0.212940]", "[    0.100000] Warning: PCIe ACS overrides "
                              "enabled; This may allow non-IOMMU protected peer-to-peer DMA\n"
                              "[    0.212940]")
        a, b = self.pair(CHIPSET, after)
        d = self.diff(a, b)
        self.assertIn(("groups.split", "0000:00:1c.0"), self.whats(d))
        self.assertIn(("cmdline.added", "pcie_acs_override=downstream"), self.whats(d))
        self.assertTrue(d["headline"].startswith("Group 1 (4 devices) split into 4"),
                        d["headline"])
        self.assertIn("finding.appeared", {c["what"] for c in d["changes"]})
        self.check_symmetric(a, b)

    def test_iommu_off_to_on(self):
        before = "\n".join(" ".join(w for w in line.split(" ") if not w.startswith("group="))
                           for line in CHIPSET.split("\n")).replace("iommu intel", "iommu none")
        a, b = self.pair(before, CHIPSET)
        d = self.diff(a, b)
        self.assertEqual(d["headline"], "IOMMU: off → on.")
        self.assertIn(("finding.disappeared", "iommu.disabled"), self.whats(d))

    def test_vfio_binding_took_effect(self):
        before = CLEAN.replace("class=030000 rev=a1 drv=vfio-pci", "class=030000 rev=a1 drv=nouveau")
        a, b = self.pair(before, CLEAN)
        d = self.diff(a, b)
        drv = [c for c in d["changes"] if c["what"] == "device.driver"]
        self.assertEqual([(c["subject"], c["before"], c["after"]) for c in drv],
                         [("0000:01:00.0", "nouveau", "vfio-pci")])
        verdict = [c for c in d["changes"] if c["what"] == "target.verdict"]
        self.assertEqual(verdict[0]["after"], "can be passed through")
        self.assertIn("vfio.ids_not_applied", verdict[0]["before"])

    def test_bios_update(self):
        before = CLEAN + "dmi bios_vendor=AMI bios_version=F10 bios_date=03/01/2023\n"
        after = CLEAN + "dmi bios_vendor=AMI bios_version=F12 bios_date=09/14/2024\n"
        d = self.diff(*self.pair(before, after))
        self.assertIn("BIOS version: F10 → F12.", [c["text"] for c in d["changes"]])

    def test_card_moved_and_vm_config_drift(self):
        # a NIC added in a slot probed first renumbers the GPU's bus: 01 -> 02
        after = CLEAN.replace("  01.0 8086:1901", "  00.5 8086:1902 class=060400 pcie=rp "
                              "acs=1f:1d drv=pcieport group=7\n    00.0 8086:15f3 class=020000 "
                              "drv=igc group=8 flr\n  01.0 8086:1901")
        a, b = self.pair(CLEAN, after)
        d = self.diff(a, b)
        moved = {(c["before"], c["after"]) for c in d["changes"] if c["what"] == "device.moved"}
        self.assertIn(("0000:01:00.0", "0000:02:00.0"), moved)
        drift = [c for c in d["changes"] if c["what"] == "vm.drift"]
        self.assertEqual(len(drift), 1)
        self.assertEqual(drift[0]["subject"], "VM 100 hostpci0")
        self.assertIn("[8086:15f3]", drift[0]["after"])
        self.check_symmetric(a, b)

    def test_vf_count_changed(self):
        desc = CHIPSET.replace("00.0 8086:1533 class=020000 drv=igb group=1 flr",
                               "00.0 8086:10c9 class=020000 drv=igb group=1 flr ari "
                               "sriov=%d:8086:10ca vf_offset=128 vf_stride=2 vf_group=30")
        d = self.diff(*self.pair(desc % 2, desc % 4))
        vfs = [c for c in d["changes"] if c["what"] == "device.vfs"]
        self.assertEqual([(c["before"], c["after"]) for c in vfs], [("2", "4")])

    def test_cmdline_edited_not_active(self):
        after = CLEAN.replace('"quiet intel_iommu=on iommu=pt"',
                              '"quiet intel_iommu=on iommu=pt pcie_acs_override=downstream"')
        d = self.diff(*self.pair(CLEAN, after))
        self.assertEqual([c["what"] for c in d["changes"] if c["kind"] == "cmdline"], [])
        self.assertIn(("finding.appeared", "cmdline.pending"), self.whats(d))

    def test_a_paste_without_drivers_against_a_snapshot(self):
        # What a ticket holds before the snapshot arrives: the seed script's
        # listing (no drivers, no command line, no subsystem ids). Only what
        # both sides have is compared.
        snap = self.snap(CHIPSET, "host")
        rep = json.loads(subprocess.run([ANALYZER, "report", snap, "-f", "json"],
                                        capture_output=True, text=True).stdout)
        lines = []
        for g in rep["groups"]:
            lines.append("IOMMU Group %d:" % g["id"])
            for addr in g["devices"]:
                dev = next(d for d in rep["devices"] if d["address"] == addr)
                lines.append("\t%s %s [%s]: Device [%s:%s]" % (
                    addr[5:], "Ethernet controller" if dev["class"].startswith("02")
                    else "PCI bridge", dev["class"][:4], dev["vendor_id"], dev["device_id"]))
        paste = os.path.join(self.tmp, "listing.txt")
        with open(paste, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        for before, after in ((paste, snap), (snap, paste)):
            d = self.diff(before, after)
            whats = {c["what"] for c in d["changes"]}
            self.assertFalse(whats & {"device.appeared", "device.disappeared", "device.driver",
                                      "cmdline.added", "cmdline.removed", "host.changed"},
                             d["changes"])
            side = "before" if before == paste else "after"
            self.assertIn("Drivers: not known %s." % side, d["not_compared"])
            self.assertIn("Kernel command line: not known %s." % side, d["not_compared"])
            self.assertEqual(d["changed"], False, d["changes"])
        # a real change still shows: the chipset group split in the listing
        split = os.path.join(self.tmp, "split.txt")
        with open(split, "w", encoding="utf-8") as f:
            n = iter(range(100, 200))
            f.write("".join("IOMMU Group %d:\n%s\n" % (next(n), l) for l in lines
                            if not l.startswith("IOMMU")))
        self.assertIn("groups.split", {c["what"] for c in self.diff(paste, split)["changes"]}
                      | {c["what"] for c in self.diff(split, paste)["changes"]})

    def test_json_matches_the_schema(self):
        try:
            import jsonschema
        except ImportError:
            self.skipTest("python3-jsonschema is not installed")
        with open(os.path.join(os.path.dirname(__file__), "..", "..", "docs",
                               "diff-schema.json"), encoding="utf-8") as f:
            schema = json.load(f)
        after = CLEAN.replace("class=030000 rev=a1 drv=vfio-pci", "class=030000 rev=a1 drv=nouveau")
        a, b = self.pair(CLEAN, after)
        for d in (self.diff(a, b), self.diff(b, a), self.diff(a, a)):
            self.assertEqual(sorted(jsonschema.Draft202012Validator(schema).iter_errors(d),
                                    key=str), [])

    def test_stable_and_every_format(self):
        a, b = self.pair(CHIPSET, CHIPSET.replace("drv=r8169", "drv=vfio-pci"))
        first = self.diff(a, b, "json")
        self.assertEqual(first, self.diff(a, b, "json"))
        for fmt in ("text", "md", "html"):
            p = self.diff(a, b, fmt)
            self.assertEqual(p.returncode, 1)
            self.assertEqual(p.stdout, self.diff(a, b, fmt).stdout)
            self.assertIn("r8169", p.stdout)
        html = self.diff(a, b, "html").stdout
        self.assertEqual(html.count("<svg"), 2)
        self.assertNotIn("<script", html)


@unittest.skipUnless(os.path.isdir(REALDATA),
                     "../shared/realdata is not beside this clone: real before/after skipped")
class RealDiff(TreeCase):
    def paste(self, name, *rels):
        path = os.path.join(self.tmp, name)
        with open(path, "w", encoding="utf-8") as out:
            for rel in rels:
                with open(os.path.join(REALDATA, rel), encoding="utf-8") as f:
                    out.write(f.read())
        return path

    def diff(self, a, b):
        p = subprocess.run([ANALYZER, "diff", a, b, "--format", "json"], capture_output=True,
                           text=True)
        self.assertEqual(p.returncode, 1, p.stderr)
        return json.loads(p.stdout)

    def test_same_board_eight_months_apart(self):
        before = self.paste("duo-2024-03.txt", "pairs/asokolsky-duo-2024-03/iommu_groups.md",
                            "pairs/asokolsky-duo-2024-03/lspci-nnkq.md")
        after = self.paste("duo-2024-11.txt", "pairs/asokolsky-duo-2024-11/iommu_groups.md",
                           "pairs/asokolsky-duo-2024-11/lspci-nnkq.md")
        d = self.diff(before, after)
        texts = "\n".join(c["text"] for c in d["changes"])
        self.assertIn("GT 1030", texts)                       # the GPU that was added
        self.assertIn(("device.moved", "0000:02:00.0"),       # the I211, renumbered
                      {(c["what"], c["subject"]) for c in d["changes"]})
        self.assertIn("Kernel parameter amd_iommu=on removed.", texts)
        self.assertIn(("finding.disappeared", "cmdline.unknown_param amd_iommu=on"),
                      {(c["what"], c["subject"]) for c in d["changes"]})

    def test_listing_against_the_snapshot_of_the_same_host(self):
        # fuji's published listing (cmdline and groups, no drivers, no subsystem
        # ids, classes without programming interface) against its snapshot
        p = subprocess.run([ANALYZER, "diff", os.path.join(REALDATA, "pairs/asokolsky-fuji/"
                                                           "iommu_groups.md"),
                            os.path.join(os.path.dirname(__file__), "..", "..", "samples",
                                         "fuji.tar.gz"), "--format", "json"],
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stdout)
        d = json.loads(p.stdout)
        self.assertEqual(d["changes"], [])
        self.assertIn("Drivers: not known before.", d["not_compared"])
        self.assertIn("Kernel: not known before (after: 6.5.11-8-pve).", d["not_compared"])

    def test_listing_without_drivers_against_lspci_with_them(self):
        # the March listing (no drivers) against November's lspci -nnk (drivers,
        # no groups, no command line): neither side's missing facts are changes
        d = self.diff(os.path.join(REALDATA, "pairs/asokolsky-duo-2024-03/iommu_groups.md"),
                      os.path.join(REALDATA, "pairs/asokolsky-duo-2024-11/lspci-nnkq.md"))
        whats = {c["what"] for c in d["changes"]}
        self.assertFalse(whats & {"device.driver", "cmdline.added", "cmdline.removed",
                                  "groups.split", "groups.merged"}, d["changes"])
        self.assertFalse([c for c in d["changes"] if c["what"].startswith("finding.")],
                         d["changes"])
        self.assertIn("Drivers: not known before.", d["not_compared"])
        self.assertIn("Kernel command line: not known after.", d["not_compared"])
        # what did change still does: the GT 1030 added, the I211 renumbered
        self.assertIn(("device.moved", "0000:02:00.0"),
                      {(c["what"], c["subject"]) for c in d["changes"]})

    def test_bus_numbers_drift_when_a_card_is_removed(self):
        d = self.diff(os.path.join(REALDATA, "lspci/jeff141-pve-pci-fixer-lspci.txt"),
                      os.path.join(REALDATA, "lspci/jeff141-pve-pci-fixer-lspci2.txt"))
        moved = {(c["before"], c["after"]) for c in d["changes"] if c["what"] == "device.moved"}
        # AQC113, RTL8126 and JMB58x each one bus lower once the V100 was gone
        for pair in (("0000:03:00.0", "0000:02:00.0"), ("0000:04:00.0", "0000:03:00.0"),
                     ("0000:06:00.0", "0000:05:00.0")):
            self.assertIn(pair, moved)
        self.assertIn("Tesla V100", "\n".join(c["text"] for c in d["changes"]
                                              if c["what"] == "device.disappeared"))


if __name__ == "__main__":
    unittest.main()
