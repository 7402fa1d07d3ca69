# SPDX-License-Identifier: MIT
"""What a ticket carries besides a snapshot: a kernel log alone, kernel
command lines, and many loose files of one host (recognised by content,
never by name) read together, with conflicts refused by name. The small
inputs in tests/sources are written in the real formats; the real-data
suite (when ../shared is beside the clone) reads the published files."""

import json
import os
import shutil
import subprocess
import unittest

from common import TreeCase

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "..", ".."))
ANALYZER = os.environ.get("ISC_ANALYZER", "iommuscope")
SOURCES = os.path.join(TOP, "tests", "sources")
REALDATA = os.path.join(TOP, "..", "shared", "realdata")


def run(*args):
    return subprocess.run([ANALYZER] + list(args), capture_output=True, cwd=TOP,
                          env=dict(os.environ, LC_ALL="C"), timeout=120)


def report(*paths):
    p = run("report", "-f", "json", *paths)
    if p.returncode not in (0, 1):
        raise AssertionError("report %s: %d %s" % (paths, p.returncode, p.stderr.decode()))
    return json.loads(p.stdout)


def src(name):
    return os.path.join(SOURCES, name)


def ids(rep):
    return {f["id"] for f in rep["findings"]}


def by_address(rep):
    return {d["address"]: d for d in rep["devices"]}


class KernelLog(unittest.TestCase):
    """A kernel log given alone is a source: groups, ids, drivers, facts."""

    def test_boot_log_gives_groups_ids_and_drivers(self):
        rep = report(src("dmesg-amd-boot.txt"))
        self.assertEqual(rep["iommu"]["groups_from"], "kernel log")
        self.assertEqual(rep["iommu"]["vendor"], "amd")
        self.assertTrue(rep["iommu"]["enabled"])
        groups = {g["id"]: sorted(g["devices"]) for g in rep["groups"]}
        self.assertEqual(groups[3], ["0000:01:00.0"])
        self.assertEqual(len(groups), 6)
        devs = by_address(rep)
        self.assertEqual(devs["0000:01:00.0"]["vendor_id"], "10de")
        self.assertEqual(devs["0000:01:00.0"]["class"], "030000")
        self.assertEqual(devs["0000:01:00.0"]["driver"], "vfio-pci")
        self.assertEqual(devs["0000:01:00.1"]["driver"], "snd_hda_intel")
        self.assertTrue(devs["0000:00:01.1"]["is_bridge"])
        self.assertEqual(devs["0000:00:01.2"]["secondary_bus"], "02")
        self.assertIsNone(devs["0000:00:00.0"]["group"])  # the log never grouped it
        self.assertEqual(rep["snapshot"]["kernel"], "6.8.12-4-pve")
        self.assertIn("pcie_acs_override=downstream,multifunction", rep["snapshot"]["cmdline"])

    def test_boot_log_evidence_cites_the_log_and_its_line(self):
        rep = report(src("dmesg-amd-boot.txt"))
        acs = [f for f in rep["findings"] if f["id"] == "acs.override_active"]
        self.assertEqual(len(acs), 1)
        paths = [e["path"] for e in acs[0]["evidence"]]
        self.assertTrue(all(p.endswith("dmesg-amd-boot.txt") for p in paths), paths)
        self.assertIn("PCIe ACS overrides enabled", acs[0]["evidence"][-1]["line"])

    def test_grep_of_the_log_says_what_it_can(self):
        rep = report(src("dmesg-intel-grep.txt"))
        self.assertEqual(rep["iommu"]["vendor"], "intel")
        self.assertTrue(rep["iommu"]["enabled"])  # "DMAR: IOMMU enabled", though no group
        self.assertEqual(rep["groups"], [])
        self.assertIn("rmrr.ineligible", ids(rep))
        out = run("groups", src("dmesg-intel-grep.txt")).stdout.decode()
        self.assertIn("kernel log excerpt", out)
        self.assertNotIn("IOMMU is off", out)

    def test_unknown_text_is_still_refused(self):
        p = run("groups", os.path.join(TOP, "README.md"))
        self.assertEqual(p.returncode, 3)
        self.assertIn("no PCI devices, groups or host facts found", p.stderr.decode())


class CommandLines(unittest.TestCase):
    """systemd-boot's and GRUB's lines are kernel command lines too."""

    def test_systemd_boot_line(self):
        rep = report(src("cmdline-systemd-boot.txt"))
        self.assertIn("intel_iommu=on", rep["snapshot"]["cmdline_params"])
        self.assertTrue(rep["snapshot"]["cmdline"].startswith("initrd=\\EFI\\proxmox\\"))

    def test_grub_linux_line(self):
        rep = report(src("cmdline-grub-linux.txt"))
        params = rep["snapshot"]["cmdline_params"]
        self.assertEqual(params[0], "BOOT_IMAGE=/boot/vmlinuz-6.1.0-18-amd64")
        self.assertIn("intel_iommu=on", params)
        self.assertNotIn("$vt_handoff", params)  # a GRUB variable, never the kernel's


class ManyInputs(TreeCase):
    """Loose files of one host make one host, whatever their names and order."""

    HOST = os.path.join(SOURCES, "pve-host")

    def files(self):
        return sorted(os.path.join(self.HOST, f) for f in os.listdir(self.HOST))

    def test_loose_files_make_one_host(self):
        rep = report(*self.files())
        devs = by_address(rep)
        self.assertEqual(rep["iommu"]["groups_from"], "kernel log")
        self.assertEqual(devs["0000:01:00.0"]["group"], 3)
        self.assertEqual(devs["0000:01:00.0"]["driver"], "vfio-pci")  # from the log
        self.assertIn("GeForce GTX 1080", devs["0000:01:00.0"]["name"])  # from lspci
        found = ids(rep)
        self.assertIn("cmdline.unknown_param", found)  # amd_iommu=on, said by the log
        # a cut log proves no absence: whether the override applies is unknown (a note)
        self.assertIn("acs.override_unknown", found)
        self.assertIn("vfio.ids_not_applied", found)  # the ids of vfio.conf, the VM's card
        self.assertEqual(sorted(rep["targets"]), ["0000:01:00.0", "0000:01:00.1"])

    def test_names_and_order_do_not_matter(self):
        renamed = os.path.join(self.tmp, "host")
        os.mkdir(renamed)
        for i, f in enumerate(reversed(self.files())):
            shutil.copy(f, os.path.join(renamed, "file%d" % i))
        a, b = report(*self.files()), report(renamed)
        self.assertEqual(ids(a), ids(b))
        self.assertEqual(a["groups"], b["groups"])
        self.assertEqual(a["snapshot"]["cmdline"], b["snapshot"]["cmdline"])

    def test_a_directory_of_loose_files_is_the_host(self):
        self.assertEqual(ids(report(self.HOST)), ids(report(*self.files())))

    def test_conflicting_groups_name_both_files(self):
        other = os.path.join(self.tmp, "other-listing.txt")
        with open(other, "w") as f:
            f.write("IOMMU Group 7:\n\t01:00.0 VGA compatible controller [0300]: NVIDIA "
                    "Corporation GP104 [10de:1b80]\n\t01:00.1 Audio device [0403]: NVIDIA "
                    "Corporation GP104 [10de:10f0]\n")
        p = run("groups", os.path.join(self.HOST, "dmesg.txt"), other)
        self.assertEqual(p.returncode, 3)
        err = p.stderr.decode()
        self.assertIn("give different IOMMU groups", err)
        self.assertIn("dmesg.txt", err)
        self.assertIn("other-listing.txt", err)

    def test_conflicting_command_lines_name_both_files(self):
        p = run("report", os.path.join(self.HOST, "dmesg.txt"), src("cmdline-grub-linux.txt"))
        self.assertEqual(p.returncode, 3)
        err = p.stderr.decode()
        self.assertIn("different kernel command lines", err)
        self.assertIn("cmdline-grub-linux.txt", err)

    def test_two_snapshots_are_refused(self):
        fuji = os.path.join(TOP, "samples", "fuji.tar.gz")
        p = run("groups", fuji, os.path.join(TOP, "samples", "z690-sriov.tar.gz"))
        self.assertEqual(p.returncode, 3)
        self.assertIn("both snapshots", p.stderr.decode())

    def test_diff_before_and_after_take_many_files(self):
        before = [os.path.join(self.HOST, f) for f in ("lspci-nn.txt", "grub", "vfio.conf")]
        p = run("diff", "-f", "json", "--before", *before, "--after", *self.files())
        self.assertIn(p.returncode, (0, 1), p.stderr.decode())
        p = run("diff", "--before", self.files()[0])
        self.assertEqual(p.returncode, 2)

    def test_help_shows_the_multi_file_use(self):
        out = run("--help").stdout.decode()
        self.assertIn("FILE...", out)
        self.assertIn("--before", out)


@unittest.skipUnless(os.path.isdir(REALDATA),
                     "../shared/realdata is not beside this clone: real-data suite skipped")
class RealSources(unittest.TestCase):
    """The published files of real hosts."""

    PAIRS = os.path.join(REALDATA, "pairs")

    def test_clu6_dmesg_alone(self):
        rep = report(os.path.join(self.PAIRS, "clu6-supermicro-epyc", "dmesg.txt"))
        grouped = [d for d in rep["devices"] if d["group"] is not None]
        self.assertEqual(len(grouped), 133)
        self.assertEqual(rep["iommu"]["groups_from"], "kernel log")
        self.assertEqual(rep["snapshot"]["kernel"], "5.14.0-570.23.1.el9_6.x86_64")

    def test_dmesg_excerpts(self):
        d = os.path.join(REALDATA, "dmesg")
        fuji = report(os.path.join(d, "asokolsky-fuji-dmar-grep.txt"))
        self.assertEqual(fuji["iommu"]["vendor"], "intel")
        self.assertTrue(fuji["iommu"]["enabled"])
        for name in ("harvester-issue7340-hp-rmrr-ineligible.excerpt.txt",
                     "relax-intel-rmrr-readme.excerpt.txt"):
            self.assertIn("rmrr.ineligible", ids(report(os.path.join(d, name))))

    def test_gammaman88_combined(self):
        host = os.path.join(self.PAIRS, "gammaman88-proxmox-r5-5700u")
        rep = report(*sorted(os.path.join(host, f) for f in os.listdir(host)))
        found = ids(rep)
        self.assertIn("acs.override_unknown", found)  # the log starts after the boot
        self.assertNotIn("acs.override_ineffective", found)
        unknown = [f for f in rep["findings"] if f["id"] == "cmdline.unknown_param"]
        self.assertTrue(any("amd_iommu=on" in f["summary"] for f in unknown))
        igpu = by_address(rep)["0000:05:00.0"]
        self.assertEqual(igpu["driver"], "vfio-pci")
        self.assertIn("Lucienne", igpu["name"])
        self.assertEqual(ids(report(host)), found)

    def test_yyu_combined(self):
        host = os.path.join(self.PAIRS, "yyu-vm-x570-gt710")
        rep = report(host)
        self.assertEqual(rep["iommu"]["group_count"], 32)
        self.assertEqual(sorted(rep["targets"]), ["0000:24:00.0", "0000:24:00.1"])
        devs = by_address(rep)
        self.assertEqual(devs["0000:24:00.0"]["group"], 23)
        self.assertIn("vfio-pci.ids=10de:128b,10de:0e0f", rep["snapshot"]["cmdline_params"])


if __name__ == "__main__":
    unittest.main()


def config_space(vendor, device, cls, header=0, secondary=None, express=None):
    """256 bytes of config space: ids, class, header type, bridge buses, a PCI
    Express capability of type @express (4 root port, 0 endpoint) at 0x40."""
    c = bytearray(256)
    c[0:2], c[2:4] = vendor.to_bytes(2, "little"), device.to_bytes(2, "little")
    c[0x09:0x0c] = cls.to_bytes(3, "little")
    c[0x0e] = header
    if secondary is not None:
        c[0x18], c[0x19], c[0x1a] = 0, secondary, secondary
    if express is not None:
        c[0x06] = 0x10  # capabilities list
        c[0x34] = 0x40
        c[0x40], c[0x41] = 0x10, 0
        c[0x42] = (express << 4) | 2
    return bytes(c)


class Sosreports(TreeCase):
    """A sosreport: no groups in it, so they are predicted from its config space."""

    LSPCI = ("00:1c.0 PCI bridge [0604]: Intel Corporation Cannon Lake PCH PCI Express Root "
             "Port #5 [8086:a33c] (rev f0) (prog-if 00 [Normal decode])\n"
             "\tKernel driver in use: pcieport\n\n"
             "01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GP104 [GeForce GTX "
             "1080] [10de:1b80] (rev a1) (prog-if 00 [VGA controller])\n"
             "\tKernel driver in use: vfio-pci\n\n"
             "01:00.1 Audio device [0403]: NVIDIA Corporation GP104 High Definition Audio "
             "Controller [10de:10f0] (rev a1)\n\tKernel driver in use: vfio-pci\n")

    def build(self, name="sosreport-pve1-2026-12-06-abcdefg"):
        """A tree laid out as sos report writes it, packed as its .tar.xz."""
        import io
        import tarfile
        files = {
            "proc/bus/pci/00/1c.0": config_space(0x8086, 0xa33c, 0x060400, 1, 1, 4),
            "proc/bus/pci/01/00.0": config_space(0x10de, 0x1b80, 0x030000, 0x80, None, 0),
            "proc/bus/pci/01/00.1": config_space(0x10de, 0x10f0, 0x040300, 0x80, None, 0),
            "proc/bus/pci/devices": b"0008\t8086a33c\t0\n",
            "proc/cmdline": b"BOOT_IMAGE=/boot/vmlinuz-6.8.12-4-pve root=/dev/mapper/pve-root "
                            b"ro quiet intel_iommu=on\n",
            "sos_commands/pci/lspci_-nnvv": self.LSPCI.encode(),
            "sos_commands/pci/lspci_-tv": b"-[0000:00]-+-1c.0-[01]--+-00.0\n",
            "sos_commands/kernel/dmesg": b"[    0.106052] DMAR: IOMMU enabled\n"
                                         b"[    0.212940] DMAR-IR: Enabled IRQ remapping in "
                                         b"x2apic mode\n",
            "etc/modprobe.d/vfio.conf": b"options vfio-pci ids=10de:1b80,10de:10f0\n",
        }
        path = os.path.join(self.tmp, name + ".tar.xz")
        with tarfile.open(path, "w:xz") as t:
            for rel, data in sorted(files.items()):
                info = tarfile.TarInfo(name + "/" + rel)
                info.size, info.mtime = len(data), 1700000000
                t.addfile(info, io.BytesIO(data))
        return path

    def test_builder_sosreport(self):
        path = self.build()
        rep = report(path)
        self.assertEqual(rep["iommu"]["groups_from"], "simulation")
        self.assertGreater(rep["iommu"]["group_count"], 0)
        devs = by_address(rep)
        self.assertEqual(devs["0000:01:00.0"]["vendor_id"], "10de")
        self.assertEqual(devs["0000:01:00.0"]["parent"], "0000:00:1c.0")
        self.assertIn("GeForce GTX 1080", devs["0000:01:00.0"]["name"])
        self.assertIsNotNone(devs["0000:01:00.0"]["group"])
        self.assertEqual(devs["0000:01:00.0"]["driver"], "vfio-pci")  # lspci_-nnvv's -k lines
        self.assertIn("intel_iommu=on", rep["snapshot"]["cmdline_params"])
        for fmt in ("text", "md"):
            out = run("report", "-f", fmt, path).stdout.decode()
            self.assertIn("predicted by simulation", out, fmt)
        out = run("groups", path).stdout.decode()
        self.assertTrue(out.startswith("Groups predicted by simulation"), out[:200])

    @unittest.skipUnless(shutil.which("sos") and os.geteuid() == 0,
                         "sos (Debian package sosreport) and root are needed")
    def test_real_sos_report(self):
        p = subprocess.run(["sos", "report", "--batch", "--only-plugins",
                            "pci,kernel,boot,grub2,libvirt", "--tmp-dir", self.tmp],
                           capture_output=True, timeout=600)
        self.assertEqual(p.returncode, 0, p.stderr.decode()[-2000:])
        made = [f for f in os.listdir(self.tmp) if f.startswith("sosreport-")
                and f.endswith((".tar.xz", ".tar.gz"))]
        self.assertEqual(len(made), 1, os.listdir(self.tmp))
        path = os.path.join(self.tmp, made[0])
        rep = report(path)
        with open("/proc/cmdline") as f:
            self.assertEqual(rep["snapshot"]["cmdline"], f.read().strip())
        here = set(os.path.basename(d) for d in os.listdir("/sys/bus/pci/devices")) \
            if os.path.isdir("/sys/bus/pci/devices") else set()
        self.assertEqual({d["address"] for d in rep["devices"]}, here)
        if rep["devices"]:
            self.assertEqual(rep["iommu"]["groups_from"], "simulation")
