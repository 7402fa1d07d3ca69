# SPDX-License-Identifier: MIT
"""The real lspci is an independent judge of the host-tree builder: it must
decode every tree as it would a real host (port types, ACS, FLR, SR-IOV,
bus numbers, groups, drivers)."""

import re
import shutil
import subprocess
import unittest

from common import TreeCase

PORT_NAMES = {"ep": "Endpoint", "legacy": "Legacy Endpoint", "rp": "Root Port",
              "usp": "Upstream Port", "dsp": "Downstream Port",
              "rciep": "Root Complex Integrated Endpoint"}
ACS_BITS = ["SrcValid", "TransBlk", "ReqRedir", "CmpltRedir", "UpstreamFwd", "EgressCtrl",
            "DirectTrans"]


def lspci_blocks(root):
    p = subprocess.run(["lspci", "-A", "linux-sysfs", "-O", "sysfs.path=%s/sys/bus/pci" % root,
                        "-D", "-vvv", "-nn"], capture_output=True, text=True, check=True)
    blocks = {}
    for block in p.stdout.strip().split("\n\n"):
        bdf = block.split(" ", 1)[0]
        blocks[bdf] = block
    return blocks


def acs_line(bits):
    return " ".join("%s%s" % (name, "+" if bits >> i & 1 else "-")
                    for i, name in enumerate(ACS_BITS))


@unittest.skipUnless(shutil.which("lspci"), "lspci (pciutils) is not installed")
class BuilderDecodedByLspci(TreeCase):
    def check_tree(self, desc):
        root, host = self.build(desc)
        blocks = lspci_blocks(root)
        self.assertEqual(sorted(blocks), sorted(d.bdf for d in host.all))
        full = host.settings["config"] == "full"
        for d in host.all:
            b = blocks[d.bdf]
            self.assertIn("[%04x:%04x]" % (d.vendor, d.device), b.split("\n")[0], d.bdf)
            if d.opt("group") is not None:
                self.assertIn("IOMMU group: %s\n" % d.opt("group"), b, d.bdf)
            else:
                self.assertNotIn("IOMMU group", b, d.bdf)
            if d.opt("drv"):
                self.assertIn("Kernel driver in use: %s" % d.opt("drv"), b, d.bdf)
            else:
                self.assertNotIn("Kernel driver in use", b, d.bdf)
            if not full:
                self.assertIn("Capabilities: <access denied>", b, d.bdf)
                continue
            if d.pcie in PORT_NAMES:
                m = re.search(r"Express \(v2\) ([A-Za-z ]+?)(?: \(Slot[+-]\))?, MSI", b)
                self.assertIsNotNone(m, d.bdf)
                self.assertEqual(m.group(1), PORT_NAMES[d.pcie], d.bdf)
            elif d.pcie == "none":
                self.assertNotIn("Express", b, d.bdf)
            if d.pcie in ("ep", "legacy"):
                flr = "FLReset+" if d.opt("flr") == "1" else "FLReset-"
                devcap = b.split("DevCap:")[1].split("DevCtl:")[0]
                self.assertIn(flr, devcap, d.bdf)
            acs = d.opt("acs")
            if acs and acs != "none" and d.pcie != "none":
                cap, _, ctl = acs.partition(":")
                self.assertIn("ACSCap:\t" + acs_line(int(cap, 16)), b, d.bdf)
                self.assertIn("ACSCtl:\t" + acs_line(int(ctl or cap, 16)), b, d.bdf)
            else:
                self.assertNotIn("Access Control Services", b, d.bdf)
            if d.is_bridge:
                self.assertIn("Bus: primary=%02x, secondary=%02x, subordinate=%02x"
                              % (d.bus, d.secondary, d.subordinate), b, d.bdf)
            if d.vfs:
                self.assertIn("Single Root I/O Virtualization (SR-IOV)", b)
                self.assertIn("Number of VFs: %d" % len(d.vfs), b)
                self.assertIn("VF offset: %s, stride: %s, Device ID: %04x"
                              % (d.opt("vf_offset"), d.opt("vf_stride"), d.vfs[0].device), b)
        return host

    def test_fuji(self):
        host = self.check_tree("fuji.desc")
        self.assertEqual(len(host.all), 21)

    def test_switch_and_sriov(self):
        host = self.check_tree("z690-sriov.desc")
        vfs = [d.bdf for d in host.all if d.physfn is not None]
        # 82576: VF offset 128, stride 2 from 06:00.0 and 06:00.1
        self.assertEqual(sorted(vfs), ["0000:06:10.0", "0000:06:10.1", "0000:06:10.2",
                                       "0000:06:10.3"])

    def test_non_root_shape(self):
        self.check_tree("nonroot.desc")


if __name__ == "__main__":
    unittest.main()
