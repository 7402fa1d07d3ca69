# SPDX-License-Identifier: MIT
"""The grouping simulator against the kernel's rules: every expected-outcome
case T1-T20 of reference/kernel-groups.md §15 as a builder tree whose groups
are the kernel's answer; every sample; the real B550M lspci dump from its
text alone; Naunter's published ACS-override groups; and the whatif command
(override, disable_acs_redir, IOMMU on, moving a card, errors, formats)."""

import json
import os
import re
import subprocess
import unittest

from common import TreeCase

ANALYZER = os.environ.get("ISC_ANALYZER", "iommuscope")
TOP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
SAMPLES = os.path.join(TOP, "samples")
REALDATA = os.path.join(TOP, "..", "shared", "realdata")

HEAD = """hostname sim
kernel 6.8.12-4-pve
cmdline BOOT_IMAGE=/boot/vmlinuz-6.8.12-4-pve ro quiet intel_iommu=on {cmdline}
iommu {iommu}

bus 0000:00
"""


def desc(body, cmdline="", iommu="intel"):
    """A host with a host bridge at 00:00.0, in a group when the IOMMU is on."""
    hb = "  00.0 8086:3e30 class=060000%s\n" % ("" if iommu == "none" else " group=0")
    return HEAD.format(cmdline=cmdline, iommu=iommu) + hb + body


def groups_of(doc):
    return sorted(tuple(sorted(a[5:] for a in g["devices"])) for g in doc["groups"])


def expect(*groups):
    return sorted(tuple(sorted(g.split())) for g in groups)


class Sim(TreeCase):
    def whatif(self, target, *opts, code=(0, 1)):
        p = subprocess.run([ANALYZER, "whatif", target, "--format", "json"] + list(opts),
                           capture_output=True, text=True, timeout=60)
        self.assertIn(p.returncode, code, p.stderr)
        return json.loads(p.stdout) if p.stdout else p

    def predict(self, text, *opts, match=True):
        """The tree's simulated partition; with match, the kernel's own (the
        desc's groups) must be what the simulation gives without changes."""
        self.trees = getattr(self, "trees", 0) + 1
        root, _ = self.build(text, "tree%d" % self.trees)
        if match:
            base = self.whatif(root)
            self.assertEqual(base["check"]["status"], "match", base["check"]["text"])
        return self.whatif(root, *opts)


class KernelCases(Sim):
    """Reference §15: each tree's groups are the kernel's expected answer."""

    def test_t1_single_function_endpoint(self):
        w = self.predict(desc("""  01.0 8086:1901 class=060400 pcie=rp acs=1f:1d group=1
    00.0 144d:a808 class=010802 group=2
"""))
        self.assertEqual(groups_of(w), expect("00:00.0", "00:01.0", "01:00.0"))

    def test_t2_multifunction_gpu(self):
        w = self.predict(desc("""  01.0 8086:1901 class=060400 pcie=rp acs=1f:1d group=1
    00.0 10de:1b80 class=030000 group=2
    00.1 10de:10f0 class=040300 group=2
"""))
        self.assertEqual(groups_of(w), expect("00:00.0", "00:01.0", "01:00.0 01:00.1"))
        g = [g for g in w["groups"] if len(g["devices"]) == 2][0]
        self.assertIn("multi-function slot 01:00", g["reasons"][0])
        self.assertIn("no ACS capability", g["reasons"][0])

    def test_t3_non_acs_ports_in_one_slot(self):
        w = self.predict(desc("""  1c.0 8086:a338 class=060400 pcie=rp group=1
    00.0 8086:1533 class=020000 group=1
  1c.4 8086:a33c class=060400 pcie=rp group=1
    00.0 144d:a808 class=010802 group=1
"""))
        self.assertEqual(groups_of(w), expect("00:00.0", "00:1c.0 00:1c.4 01:00.0 02:00.0"))

    def test_t4_intel_pch_quirk(self):
        tree = """  1c.0 8086:8c10 class=060400 pcie=rp group={a}
    00.0 8086:1533 class=020000 group={b}
  1c.2 8086:8c14 class=060400 pcie=rp group={c}
    00.0 144d:a808 class=010802 group={d}
"""
        # A: the enable quirk ran (IOMMU on): every port and endpoint alone
        w = self.predict(desc(tree.format(a=1, b=2, c=3, d=4)))
        self.assertEqual(groups_of(w), expect("00:00.0", "00:1c.0", "00:1c.2", "01:00.0",
                                              "02:00.0"))
        # B: the quirk failed (its log line): as T3
        w = self.predict(desc(tree.format(a=1, b=1, c=1, d=1) + """
cmd dmesg
[    0.390000] pcieport 0000:00:1c.0: Failed to enable Intel PCH ACS quirk
end
"""))
        self.assertEqual(groups_of(w), expect("00:00.0", "00:1c.0 00:1c.2 01:00.0 02:00.0"))

    SWITCH = """  01.0 8086:1901 class=060400 pcie=rp acs=1f:1d group=1
    00.0 10b5:8747 class=060400 pcie=usp group=2
      00.0 10b5:8747 class=060400 pcie=dsp acs=1f:1d group=3
        00.0 10de:1b80 class=030000 group=4
      01.0 10b5:8747 class=060400 pcie=dsp {dsp2} group={g}
        00.0 144d:a808 class=010802 group={h}
"""

    def test_t5_switch_with_mixed_dsp_acs(self):
        w = self.predict(desc(self.SWITCH.format(dsp2="", g=5, h=5)))
        self.assertEqual(groups_of(w), expect("00:00.0", "00:01.0", "01:00.0", "02:00.0",
                                              "03:00.0", "02:01.0 04:00.0"))

    def test_t6_switch_without_dsp_acs(self):
        text = self.SWITCH.replace("pcie=dsp acs=1f:1d group=3\n        00.0 10de:1b80 "
                                   "class=030000 group=4",
                                   "pcie=dsp group=3\n        00.0 10de:1b80 class=030000 "
                                   "group=3")
        w = self.predict(desc(text.format(dsp2="", g=5, h=5)))
        # mainline does not merge below different DSPs (G8)
        self.assertEqual(groups_of(w), expect("00:00.0", "00:01.0", "01:00.0",
                                              "02:00.0 03:00.0", "02:01.0 04:00.0"))

    PCI_BRIDGE = """  01.0 8086:1901 class=060400 pcie=rp acs=1f:1d group=1
    00.0 104c:8240 class=060400 pcie=pcie2pci group=2
      00.0 1102:0002 class=040100 pcie=none group=2
      01.0 10ec:8139 class=020000 pcie=none group=2
"""

    def test_t7_pcie_to_pci_bridge(self):
        w = self.predict(desc(self.PCI_BRIDGE))
        self.assertEqual(groups_of(w), expect("00:00.0", "00:01.0", "01:00.0 02:00.0 02:01.0"))
        g = [g for g in w["groups"] if len(g["devices"]) == 3][0]
        self.assertIn("DMA with the bridge's requester ID", " ".join(g["reasons"]))
        # no override splits it: the bridge alias (O5)
        w = self.whatif(self.build(desc(self.PCI_BRIDGE), "o")[0],
                        "--acs-override=downstream,multifunction,id:104c:8240")
        self.assertEqual(groups_of(w), expect("00:00.0", "00:01.0", "01:00.0 02:00.0 02:01.0"))

    def test_t8_marvell_function1_alias(self):
        tree = """  01.0 8086:1901 class=060400 pcie=rp acs=1f:1d group=1
    00.0 1b4b:9230 class=010601 acs=00 group=2
"""
        w = self.predict(desc(tree + "    00.1 1b4b:9230 class=01018f acs=00 group=2\n"))
        self.assertEqual(groups_of(w), expect("00:00.0", "00:01.0", "01:00.0 01:00.1"))
        self.assertIn("quirk_dma_func1_alias", " ".join(w["groups"][2]["reasons"]))
        w = self.predict(desc(tree))  # function 1 absent: a ghost requester, no merge
        self.assertEqual(groups_of(w), expect("00:00.0", "00:01.0", "01:00.0"))

    def test_t9_amd_southbridge_quirk(self):
        w = self.predict(desc("""  14.0 1002:4385 class=0c0500 pcie=none group=1
  14.3 1002:439d class=060100 pcie=none group=2
  14.4 1002:4384 class=060400 pcie=none group=3
""", iommu="amd"))
        self.assertEqual(groups_of(w), expect("00:00.0", "00:14.0", "00:14.3", "00:14.4"))

    CHIPSET = """  1f.0 8086:a149 class=060100 group=1
  1f.3 8086:a170 class=040300 group=1
  1f.4 8086:a123 class=0c0500 group=1
"""

    def test_t10_conventional_chipset_functions(self):
        w = self.predict(desc(self.CHIPSET), "--acs-override=downstream,multifunction")
        self.assertEqual(groups_of(w), expect("00:00.0", "00:1f.0 00:1f.3 00:1f.4"))
        self.assertEqual(w["security"], [])

    def test_t11_override_versus_disable_acs_redir(self):
        # A: a root port without ACS: the override splits it
        w = self.predict(desc("""  01.0 8086:1901 class=060400 pcie=rp group=1
    00.0 144d:a808 class=010802 group=1
"""), "--acs-override=downstream")
        self.assertEqual(groups_of(w), expect("00:00.0", "00:01.0", "01:00.0"))
        self.assertEqual(len(w["security"]), 1)
        self.assertIn("peer-to-peer DMA", w["security"][0])
        # B: ACS present but redirect disabled on the command line: not rescued
        w = self.predict(desc("""  01.0 8086:1901 class=060400 pcie=rp acs=1f:11 group=1
    00.0 144d:a808 class=010802 group=1
""", cmdline="pci=disable_acs_redir=0000:00:01.0"), "--acs-override=downstream")
        self.assertEqual(groups_of(w), expect("00:00.0", "00:01.0 01:00.0"))
        # and dropping the parameter restores the redirect bits (C3): split
        w = self.whatif(self.build(desc("""  01.0 8086:1901 class=060400 pcie=rp acs=1f:11 group=1
    00.0 144d:a808 class=010802 group=1
""", cmdline="pci=disable_acs_redir=0000:00:01.0"), "b")[0], "--disable-acs-redir=")
        self.assertEqual(groups_of(w), expect("00:00.0", "00:01.0", "01:00.0"))

    def test_t12_sriov_vfs(self):
        w = self.predict(desc("""  01.0 8086:1901 class=060400 pcie=rp acs=1f:1d group=1
    00.0 8086:10fb class=020000 acs=1f:1d ari sriov=4:8086:10ed vf_offset=128 vf_group=10 group=2
"""))
        vfs = [g for g in groups_of(w) if g[0].startswith("01:1")]
        self.assertEqual(len(vfs), 4)
        self.assertTrue(all(len(g) == 1 for g in vfs))
        self.assertIn(("01:00.0",), groups_of(w))

    def test_t13_disable_acs_redir_on_a_dsp(self):
        root, _ = self.build(desc(self.SWITCH.format(dsp2="acs=1f:1d", g=5, h=6)))
        w = self.whatif(root, "--disable-acs-redir=0000:02:00.0")
        self.assertEqual(groups_of(w), expect("00:00.0", "00:01.0", "01:00.0",
                                              "02:00.0 03:00.0", "02:01.0", "04:00.0"))
        # the path form of a devspec names the same port (C4 grammar)
        w2 = self.whatif(root, "--disable-acs-redir=0000:00:01.0/00.0/00.0")
        self.assertEqual(groups_of(w2), groups_of(w))

    def test_t14_direct_mapping_changes_no_group(self):
        w = self.predict(desc("""  14.0 8086:a36d class=0c0330 group=1 rmrr
"""))
        self.assertEqual(groups_of(w), expect("00:00.0", "00:14.0"))

    def test_t15_ari_slots_of_eight(self):
        fns = "".join("    %02x.%d 15b3:1017 class=020000 group=%d\n" % (f >> 3, f & 7,
                                                                         2 + (f >> 3))
                      for f in range(16))
        w = self.predict(desc("  01.0 8086:1901 class=060400 pcie=rp acs=1f:1d group=1\n" + fns))
        self.assertEqual(groups_of(w), expect(
            "00:00.0", "00:01.0", " ".join("01:00.%d" % f for f in range(8)),
            " ".join("01:01.%d" % f for f in range(8))))

    def test_t16_unlisted_wangxun_is_not_isolated(self):
        w = self.predict(desc("""  01.0 8086:1901 class=060400 pcie=rp acs=1f:1d group=1
    00.0 8088:1234 class=020000 acs=1f:1d group=2
    00.1 8088:1234 class=020000 acs=1f:1d group=2
"""))
        self.assertEqual(groups_of(w), expect("00:00.0", "00:01.0", "01:00.0 01:00.1"))

    def test_t17_intel_spt_root_port(self):
        tree = """  1c.0 8086:a110 class=060400 pcie=rp acs=1f:00 spt_ctl={ctl} group=1
    00.0 8086:1533 class=020000 group={g}
"""
        w = self.predict(desc(tree.format(ctl="1d", g=2)))
        self.assertEqual(groups_of(w), expect("00:00.0", "00:1c.0", "01:00.0"))
        w = self.predict(desc(tree.format(ctl="00", g=1)))
        self.assertEqual(groups_of(w), expect("00:00.0", "00:1c.0 01:00.0"))

    def test_t18_igfx_off(self):
        body = """  02.0 8086:3e92 class=030000 pcie=rciep
  14.0 8086:a36d class=0c0330
"""
        root, _ = self.build(desc(body, cmdline="intel_iommu=igfx_off", iommu="none"))
        w = self.whatif(root, "--iommu=on")
        self.assertEqual(groups_of(w), expect("00:00.0", "00:14.0"))
        self.assertEqual(w["check"]["status"], "no-groups")
        self.assertIn("the IOMMU on (VT-d / AMD-Vi enabled)", w["asked"])

    def test_t19_passthrough_mode_same_partition(self):
        w = self.predict(desc(self.CHIPSET + "grouptype identity\n", cmdline="iommu=pt"))
        self.assertEqual(groups_of(w), expect("00:00.0", "00:1f.0 00:1f.3 00:1f.4"))

    def test_t20_ivrs_alias_is_reported_not_hidden(self):
        root, _ = self.build(desc("""  14.0 8086:a36d class=0c0330 pcie=rciep group=1
  14.2 8086:a36f class=050000 pcie=rciep group=1
"""))
        w = self.whatif(root)
        self.assertEqual(w["check"]["status"], "mismatch")
        self.assertEqual(w["check"]["mismatched"], 2)


class Whatif(Sim):
    """The whatif command beyond the kernel cases."""

    HOST = desc("""  01.0 8086:1901 class=060400 pcie=rp acs=1f:1d drv=pcieport group=1 slot=CPU_SLOT1
  02.0 8086:3e92 class=030000 pcie=rciep drv=i915 group=3 boot_vga
  1c.0 8086:a338 class=060400 pcie=rp drv=pcieport group=2 slot=PCH_SLOT4
    00.0 10de:1b80 class=030000 drv=vfio-pci group=2
    00.1 10de:10f0 class=040300 drv=vfio-pci group=2
  1c.4 8086:a33c class=060400 pcie=rp drv=pcieport group=2
    00.0 8086:1533 class=020000 drv=igb group=2

file etc/pve/qemu-server/100.conf
hostpci0: 0000:02:00,pcie=1
end
""")

    def test_move_a_card_into_the_cpu_slot(self):
        root, _ = self.build(self.HOST)
        before = self.whatif(root)
        self.assertIn("passthrough.group_not_viable", before["targets"][0]["before"])
        w = self.whatif(root, "--move", "02:00=CPU_SLOT1")
        self.assertIn("under Root Port 00:01.0 (slot CPU_SLOT1)", w["asked"][0])
        self.assertIn(("01:00.0", "01:00.1"), groups_of(w))
        self.assertIn(("00:1c.0", "00:1c.4", "03:00.0"), groups_of(w))
        t = {x["address"]: x for x in w["targets"]}
        self.assertEqual(t["0000:01:00.0"]["after"], "can be passed through")
        self.assertTrue(any(c["what"] == "device.moved" for c in w["changes"]))

    def test_move_takes_the_vfs_along(self):
        text = self.HOST.replace("    00.0 8086:1533 class=020000 drv=igb group=2",
                                 "    00.0 8086:10c9 class=020000 drv=igb group=2 sriov=2:8086:10ca "
                                 "vf_offset=128 vf_group=20")
        root, _ = self.build(text)
        before = [d for g in self.whatif(root)["groups"] for d in g["devices"]]
        self.assertIn("0000:03:10.0", before)
        w = self.whatif(root, "--move", "03:00=CPU_SLOT1")
        after = [d for g in w["groups"] for d in g["devices"]]
        self.assertIn("0000:01:00.0", after)
        self.assertIn("0000:01:10.0", after)
        self.assertIn("0000:01:10.1", after)
        self.assertFalse([d for d in after if d.startswith("0000:03:")], after)

    def test_move_errors(self):
        root, _ = self.build(self.HOST)
        for arg, words in (("02:00=00:1c.4", "already holds 0000:03:00.0"),
                           ("07:00=CPU_SLOT1", "has no device at 07:00"),
                           ("02:00=../../etc", "neither a bridge"),
                           ("02:00", "expected CARD=PORT")):
            p = self.whatif(root, "--move", arg, code=(2,))
            self.assertIn(words, p.stderr)
            self.assertEqual(p.stdout, "")

    def test_override_value_errors(self):
        root, _ = self.build(self.HOST)
        p = self.whatif(root, "--acs-override=downstrem", code=(2,))
        self.assertIn("'downstrem' is not downstream, multifunction or id:VVVV:DDDD", p.stderr)
        ids = ",".join("id:8086:%04x" % i for i in range(16))
        p = self.whatif(root, "--acs-override=" + ids, code=(2,))
        self.assertIn("more than 15 ids", p.stderr)

    def test_override_cost_and_verdicts(self):
        root, _ = self.build(self.HOST)
        w = self.whatif(root, "--acs-override=downstream,multifunction")
        self.assertIn(("02:00.0",), groups_of(w))
        self.assertIn(("02:00.1",), groups_of(w))
        self.assertTrue(any("02:00.0" in s and "03:00.0" in s for s in w["security"]))
        self.assertTrue(any(c["what"] == "finding.appeared" and c["subject"] ==
                            "acs.override_active" for c in w["changes"]), w["changes"])

    def test_iommu_off_needs_iommu_on(self):
        root, _ = self.build(desc(self.CHIP, iommu="none"))
        p = self.whatif(root, code=(2,))
        self.assertIn("add --iommu=on", p.stderr)

    CHIP = """  1f.0 8086:a149 class=060100
  1f.3 8086:a170 class=040300
"""

    def test_iommu_on_from_off_on_amd(self):
        # tests/qemu found both on Debian's kernel: the AMD IOMMU's own function
        # (class 0806) never gets a group, and the IOMMU comes on only once the
        # command line drops amd_iommu=off
        text = (HEAD.format(cmdline="", iommu="none")
                .replace(" intel_iommu=on", " amd_iommu=off")
                .replace("\nbus 0000:00", "file proc/cpuinfo\nvendor_id\t: AuthenticAMD\nend\n"
                         "\nbus 0000:00") +
                """  00.0 1022:1480 class=060000
  00.2 1022:1481 class=080600
  01.1 1022:1483 class=060400 pcie=rp acs=1f
    00.0 10de:1b80 class=030000
""")
        root, _ = self.build(text)
        w = self.whatif(root, "--iommu=on")
        self.assertEqual(groups_of(w), expect("00:00.0", "00:01.1", "01:00.0"))
        cmd = [(c["what"], c["subject"]) for c in w["changes"] if c["kind"] == "cmdline"]
        self.assertIn(("cmdline.removed", "amd_iommu=off"), cmd)
        self.assertNotIn(("cmdline.added", "intel_iommu=on"), cmd)

    def test_iommu_on_from_intel_iommu_off(self):
        root, _ = self.build(desc(self.CHIP, cmdline="intel_iommu=off", iommu="none")
                             .replace(" intel_iommu=on", ""))
        w = self.whatif(root, "--iommu=on")
        cmd = [(c["what"], c["subject"]) for c in w["changes"] if c["kind"] == "cmdline"]
        self.assertIn(("cmdline.removed", "intel_iommu=off"), cmd)

    def test_unknown_facts_give_a_range(self):
        # read without root: ACS unknown on the port and the card
        root, _ = self.build(desc("""config header
  01.0 8086:1901 class=060400 pcie=rp group=1
    00.0 10de:1b80 class=030000 group=1
    00.1 10de:10f0 class=040300 group=1
"""))
        w = self.whatif(root, "--acs-override=downstream")
        self.assertFalse(w["certain"])
        self.assertIn("0000:00:01.0", w["unknown"])
        best = {b["address"]: b["group"] for b in w["best_case"]}
        self.assertNotEqual(best["0000:00:01.0"], best["0000:01:00.0"])

    def check_never_merges(self, target, today):
        w = self.whatif(target, "--acs-override=downstream,multifunction")
        self.assertNotIn("groups.merged", {c["what"] for c in w["changes"]})
        for g in w["groups"]:
            self.assertEqual(len({today[d] for d in g["devices"]}), 1, g)
        return w

    # An AMD root complex as the seed script prints it: the kernel keeps each
    # function of slot 00:01 in its own group, which only ACS (unseen in a
    # paste) can explain; the override can only split.
    AMD_LISTING = """IOMMU Group 0:
\t00:01.0 Host bridge [0600]: Advanced Micro Devices, Inc. [AMD] Starship/Matisse PCIe Dummy Host Bridge [1022:1482]
IOMMU Group 1:
\t00:01.1 PCI bridge [0604]: Advanced Micro Devices, Inc. [AMD] Starship/Matisse GPP Bridge [1022:1483]
IOMMU Group 2:
\t00:01.2 PCI bridge [0604]: Advanced Micro Devices, Inc. [AMD] Starship/Matisse GPP Bridge [1022:1483]
IOMMU Group 3:
\t00:14.0 SMBus [0c05]: Advanced Micro Devices, Inc. [AMD] FCH SMBus Controller [1022:790b] (rev 61)
\t00:14.3 ISA bridge [0601]: Advanced Micro Devices, Inc. [AMD] FCH LPC Bridge [1022:790e] (rev 51)
IOMMU Group 4:
\t01:00.0 Non-Volatile memory controller [0108]: Samsung Electronics Co Ltd NVMe SSD Controller SM981/PM981/PM983 [144d:a808]
IOMMU Group 5:
\t02:00.0 PCI bridge [0604]: Advanced Micro Devices, Inc. [AMD] Matisse Switch Upstream [1022:57ad]
\t03:01.0 PCI bridge [0604]: Advanced Micro Devices, Inc. [AMD] Matisse PCIe GPP Bridge [1022:57a3]
\t03:02.0 PCI bridge [0604]: Advanced Micro Devices, Inc. [AMD] Matisse PCIe GPP Bridge [1022:57a3]
\t04:00.0 Ethernet controller [0200]: Intel Corporation I211 Gigabit Network Connection [8086:1539] (rev 03)
\t05:00.0 USB controller [0c03]: Advanced Micro Devices, Inc. [AMD] Matisse USB 3.0 Host Controller [1022:149c]
"""

    def test_an_override_on_a_paste_never_merges(self):
        path = os.path.join(self.tmp, "listing.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write(self.AMD_LISTING)
        today = {"0000:" + line.split()[0]: int(group)
                 for group, block in re.findall(r"IOMMU Group (\d+):\n((?:\t.*\n)+)",
                                                self.AMD_LISTING)
                 for line in block.strip("\n").split("\n")}
        w = self.check_never_merges(path, today)
        # the three root-complex functions stay apart, as the kernel keeps them
        self.assertEqual(len({w_g["id"] for w_g in w["groups"] for d in w_g["devices"]
                              if d in ("0000:00:01.0", "0000:00:01.1", "0000:00:01.2")}), 3)
        # a range when the facts are missing: the finest outcome is at least as fine
        if not w["certain"]:
            best = {b["address"]: b["group"] for b in w["best_case"]}
            self.assertGreaterEqual(len(set(best.values())), len(w["groups"]))
        text = subprocess.run([ANALYZER, "whatif", path, "--acs-override=downstream,"
                               "multifunction"], capture_output=True, text=True).stdout
        self.assertNotIn("merged", text)

    def test_formats(self):
        root, _ = self.build(self.HOST)
        for fmt, marker in (("text", "What if: pcie_acs_override=downstream"),
                            ("md", "# iommuscope whatif: "),
                            ("html", "<svg")):
            p = subprocess.run([ANALYZER, "whatif", root, "--acs-override=downstream",
                                "--format", fmt], capture_output=True, text=True, timeout=60)
            self.assertEqual(p.returncode, 1, p.stderr)
            self.assertIn(marker, p.stdout)
        try:
            import jsonschema
        except ImportError:
            self.skipTest("python3-jsonschema is not installed")
        with open(os.path.join(TOP, "docs", "whatif-schema.json"), encoding="utf-8") as f:
            jsonschema.validate(self.whatif(root, "--acs-override=downstream"), json.load(f))


class Samples(Sim):
    def test_every_sample_simulates_to_its_own_groups(self):
        seen = 0
        for name in sorted(os.listdir(SAMPLES)):
            if not name.endswith(".tar.gz"):
                continue
            p = subprocess.run([ANALYZER, "whatif", os.path.join(SAMPLES, name), "--format",
                                "json"], capture_output=True, text=True, timeout=60)
            if "IOMMU is off" in p.stderr:
                continue
            self.assertEqual(p.returncode, 0, name + p.stderr)
            w = json.loads(p.stdout)
            self.assertEqual(w["check"]["status"], "match", name)
            self.assertEqual(w["changes"], [], name)
            seen += 1
        self.assertGreaterEqual(seen, 4)


@unittest.skipUnless(os.path.isdir(REALDATA),
                     "../shared/realdata is not beside this clone: real dumps skipped")
class RealMachineSim(Sim):
    def test_b550m_lspci_dump_reproduces_its_groups(self):
        w = self.whatif(os.path.join(REALDATA, "pairs",
                                     "linuxhw-gigabyte-b550m-aorus-pro-p-DAB731FD45",
                                     "lspci-vvnn.txt"))
        self.assertEqual(w["check"]["status"], "match", w["check"]["text"])
        self.assertTrue(w["certain"])
        # the chipset group and the GPU alone behind the CPU's ACS port
        self.assertIn(("02:00.0", "02:00.1", "02:00.2", "03:00.0", "03:04.0", "03:08.0",
                       "03:09.0", "07:00.0"), groups_of(w))
        self.assertIn(("08:00.0", "08:00.1"), groups_of(w))

    def test_yyu_x570_override_never_merges(self):
        path = os.path.join(REALDATA, "pairs", "yyu-vm-x570-gt710", "iommu_groups")
        p = subprocess.run([ANALYZER, "groups", "--format", "json", path],
                           capture_output=True, text=True, timeout=60)
        today = {d: g["id"] for g in json.loads(p.stdout)["groups"] for d in g["devices"]}
        w = self.whatif(path, "--acs-override=downstream,multifunction")
        self.assertNotIn("groups.merged", {c["what"] for c in w["changes"]})
        for g in w["groups"]:
            self.assertEqual(len({today.get(d) for d in g["devices"]}), 1, g)
        # the chipset switch's downstream ports do split
        self.assertIn("groups.split", {c["what"] for c in w["changes"]})

    def test_naunter_b550_itx_override_groups(self):
        # The ASRock B550 Phantom Gaming-ITX/ax (Cezanne): topology and ids from
        # the published listing; ACS as on the B550M dump (chipset ports none,
        # CPU GPP bridges full, internal GPP bridges SV/TB only). The IOMMU is
        # off in the tree: the prediction alone must give the published groups.
        tree = """  01.0 1022:1632 class=060000 pcie=none
  02.0 1022:1632 class=060000 pcie=none
  02.1 1022:1634 class=060400 pcie=rp acs=5f:1d
    00.0 1022:43ee class=0c0330 pcie=legacy
    00.1 1022:43eb class=010601 pcie=legacy
    00.2 1022:43e9 class=060400 pcie=usp
      08.0 1022:43ea class=060400 pcie=dsp
        00.0 8086:15f3 class=020000
      09.0 1022:43ea class=060400 pcie=dsp
        00.0 8086:2723 class=028000
  08.0 1022:1632 class=060000 pcie=none
  08.1 1022:1635 class=060400 pcie=rp acs=03:01
    00.0 1002:1638 class=030000
    00.1 1002:1637 class=040300
    00.2 1022:15df class=108000
    00.3 1022:1639 class=0c0330
    00.4 1022:1639 class=0c0330
    00.6 1022:15e3 class=040300
  14.0 1022:790b class=0c0500 pcie=none
  14.3 1022:790e class=060100 pcie=none
""" + "".join("  18.%d 1022:%04x class=060000 pcie=none\n" % (f, 0x166a + f) for f in range(8))
        root, _ = self.build(HEAD.format(cmdline="", iommu="none").replace(
            "intel_iommu=on ", "") + tree)
        w = self.whatif(root, "--iommu=on", "--acs-override=downstream,multifunction")
        p = subprocess.run([ANALYZER, "groups", "--format", "json", os.path.join(
            REALDATA, "pairs", "naunter-asrock-b550-itx-acs-override-groups-only",
            "README.md")], capture_output=True, text=True, timeout=60)
        published = sorted(tuple(sorted(d[5:] for d in g["devices"]))
                           for g in json.loads(p.stdout)["groups"])
        self.assertEqual(groups_of(w), published)
