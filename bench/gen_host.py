#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Print a host description (docs/host-description.md) for a synthetic large
server with exactly N PCI functions: several root complexes, each with root
ports holding GPUs with audio functions, NVMe drives, PCIe switches (one
downstream port without ACS) and SR-IOV NICs with many VFs, plus chipset
functions on the first root bus. Groups are given per device in the plausible
kernel shape (ACS root ports isolate, multifunction GPUs share).

Usage: gen_host.py N
"""

import sys

ACS_OK = "acs=5f:1d"


class Gen:
    def __init__(self, n):
        self.n = n
        self.count = 0
        self.group = 0
        self.lines = []

    def left(self):
        return self.n - self.count

    def dev(self, indent, slot, ids, extra, group=None, share=False):
        if group is None:
            if not share:
                self.group += 1
            group = self.group
        self.lines.append("%s%s %s %s group=%d" % ("  " * indent, slot, ids, extra, group))
        self.count += 1
        return group

    def root_port(self, indent, slot):
        return self.dev(indent, slot, "1022:1483", "class=060400 pcie=rp %s drv=pcieport "
                        "link=4x16" % ACS_OK)

    def unit(self, slot, kind):
        """One root port and what hangs below it; returns False when it does not fit."""
        need = {"gpu": 3, "nvme": 2, "switch": 10, "nic": 4}[kind]
        if self.left() < need:
            return False
        self.root_port(1, slot)
        if kind == "gpu":
            g = self.dev(2, "00.0", "10de:2204", "class=030000 pcie=ep drv=vfio-pci flr "
                         "link=4x16")
            self.dev(2, "00.1", "10de:1aef", "class=040300 pcie=ep drv=vfio-pci link=4x16",
                     group=g)
        elif kind == "nvme":
            self.dev(2, "00.0", "144d:a808", "class=010802 pcie=ep drv=nvme flr link=3x4")
        elif kind == "switch":
            self.dev(2, "00.0", "10b5:8747", "class=060400 pcie=usp drv=pcieport link=3x16")
            for k in range(4):
                acs = ACS_OK if k < 3 else ""
                g = self.dev(3, "%02x.0" % (k + 8), "10b5:8747",
                             "class=060400 pcie=dsp %s drv=pcieport link=3x16" % acs)
                self.dev(4, "00.0", "144d:a808", "class=010802 pcie=ep drv=nvme flr link=3x4",
                         group=None if acs else g)
        else:
            vfs = min(240, self.left() - 2)
            first_vf_group = self.group + 2
            self.dev(2, "00.0", "15b3:101d", "class=020000 pcie=ep drv=mlx5_core flr ari "
                     "%s sriov=%d:15b3:101e vf_offset=8 vf_stride=1 vf_drv=mlx5_core "
                     "vf_group=%d sriov_total=240 link=4x16" % (ACS_OK, vfs, first_vf_group))
            self.count += vfs
            self.group += vfs
        return True

    def build(self):
        self.lines += ["hostname bench-%d" % self.n, "kernel 6.8.12-4-pve",
                       "cmdline BOOT_IMAGE=/boot/vmlinuz-6.8.12-4-pve ro quiet iommu=pt",
                       "iommu amd", "grouptype identity", ""]
        kinds = ["nic", "gpu", "nvme", "switch", "nvme", "gpu"]
        k = 0
        domain = 0
        while self.left() > 0:
            for root in range(0, 256, 32):
                if self.left() <= 0:
                    break
                self.lines.append("bus %04x:%02x" % (domain, root))
                self.dev(1, "00.0", "1022:14a4", "class=060000")
                if root == 0 and domain == 0:
                    # the IOMMU function itself: no group, as on real AMD hosts
                    self.lines.append("  00.2 1022:149e class=080600")
                    self.count += 1
                    chip = self.group + 1
                    for slot, ids, cls in (("14.0", "1022:790b", "0c0500"),
                                           ("14.3", "1022:790e", "060100")):
                        if self.left() > 0:
                            self.dev(1, slot, ids, "class=%s" % cls, group=chip)
                    self.group = chip
                buses = 1
                dev = 1
                while self.left() > 0 and dev < 32:
                    kind = kinds[k % len(kinds)]
                    cost = 6 if kind == "switch" else 1
                    if buses + cost > 30:
                        break
                    if not self.unit("%02x.1" % dev, kind):
                        # fill what is left with single-function NVMe drives
                        if self.left() >= 2:
                            self.unit("%02x.1" % dev, "nvme")
                        elif self.left() == 1:
                            self.dev(1, "%02x.0" % dev, "1022:1482", "class=060000")
                        dev += 1
                        continue
                    buses += cost
                    dev += 1
                    k += 1
            domain += 1
        return "\n".join(self.lines) + "\n"


def main():
    if len(sys.argv) != 2 or not sys.argv[1].isdigit() or int(sys.argv[1]) < 8:
        sys.stderr.write("usage: gen_host.py N   (N >= 8 functions)\n")
        return 2
    sys.stdout.write(Gen(int(sys.argv[1])).build())
    return 0


if __name__ == "__main__":
    sys.exit(main())
