# SPDX-License-Identifier: MIT
"""iommuscope-collect over builder trees and over this machine's own '/'."""

import hashlib
import os
import random
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
import time
import unittest

from common import COLLECT, FIXED_TIME, Snapshot, TreeCase, expected_groups, read_desc

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "listings")
BENCH = os.path.join(HERE, "..", "..", "bench")


def member_listing(s):
    """One line per member, sorted by path: type, path, then the link target
    or the size and a hash of the contents, and the mtime."""
    lines = []
    for path in sorted(s.members):
        m = s.members[path]
        if m.issym():
            what = "l %s -> %s" % (path, m.linkname)
        elif m.isdir():
            what = "d %s" % path
        else:
            what = "f %s %d %s" % (path, m.size,
                                   hashlib.sha256(s.data[path]).hexdigest()[:16])
        lines.append("%s %d %o\n" % (what, m.mtime, m.mode))
    return "".join(lines)

ALLOWED_ATTRS = {
    "acpi_index", "ari_enabled", "boot_vga", "class", "config", "current_link_speed",
    "current_link_width", "d3cold_allowed", "device", "driver_override", "index", "label",
    "max_link_speed", "max_link_width", "numa_node", "power_state", "reset_method", "revision",
    "secondary_bus_number", "sriov_drivers_autoprobe", "sriov_numvfs", "sriov_offset",
    "sriov_stride", "sriov_totalvfs", "sriov_vf_device", "subordinate_bus_number",
    "subsystem_device", "subsystem_vendor", "vendor"}
DEVICE_LINKS = re.compile(r"^(driver|iommu|iommu_group|physfn|virtfn\d+)$")
NEVER = {"rom", "vpd", "resource", "resource0", "remove", "rescan", "reset", "irq", "enable"}


class CaptureBuilderTrees(TreeCase):
    def snap(self, desc, *extra):
        root, host = self.build(desc)
        out = os.path.join(self.tmp, "out.tar.gz")
        self.collect("--root", root, "-o", out, "--quiet", *extra)
        return root, host, Snapshot(out)

    def test_attributes_byte_exact_and_links_kept(self):
        root, host, s = self.snap("z690-sriov.desc")
        checked_files = checked_links = 0
        for d in host.all:
            for name in sorted(os.listdir(os.path.join(root, d.path))):
                full = os.path.join(root, d.path, name)
                rel = "%s/%s" % (d.path, name)
                if os.path.islink(full):
                    if DEVICE_LINKS.match(name):
                        self.assertTrue(s.members[rel].issym(), rel)
                        self.assertEqual(s.members[rel].linkname, os.readlink(full), rel)
                        checked_links += 1
                    else:
                        self.assertNotIn(rel, s.members)
                elif name in ALLOWED_ATTRS:
                    with open(full, "rb") as f:
                        self.assertEqual(s.data[rel], f.read(), rel)
                    checked_files += 1
                elif name in NEVER:
                    self.assertNotIn(rel, s.members, "side-effect file captured")
        self.assertGreater(checked_files, 20 * len(host.all) // 2)
        # driver + iommu_group + iommu for every grouped function, physfn/virtfn for SR-IOV
        self.assertGreaterEqual(checked_links, 3 * len(host.all))
        for d in host.all:
            link = "sys/bus/pci/devices/" + d.bdf
            self.assertEqual(s.members[link].linkname,
                             os.readlink(os.path.join(root, link)))
        self.assertEqual(s.data["%s/config" % host.all[0].path][:4], bytes.fromhex("86806046"))
        self.assertNotIn(b"DO-NOT-READ", b"".join(s.data.values()))

    def test_groups_recoverable_from_tarball_alone(self):
        for desc in ("fuji.desc", "z690-sriov.desc"):
            with self.subTest(desc=desc):
                root, host, s = self.snap(desc)
                self.assertEqual(s.groups(), expected_groups(host))
                self.assertEqual(s.manifest["summary"]["iommu_groups"],
                                 len(expected_groups(host)))
                self.assertEqual(s.manifest["summary"]["pci_functions"], len(host.all))
                shutil.rmtree(root)
                os.unlink(os.path.join(self.tmp, "out.tar.gz"))

    def test_sriov_relations(self):
        root, host, s = self.snap("z690-sriov.desc")
        pf = "sys/devices/pci0000:00/0000:00:1c.0/0000:06:00.0"
        self.assertEqual(s.members[pf + "/virtfn0"].linkname, "../0000:06:10.0")
        self.assertEqual(s.members[pf + "/virtfn1"].linkname, "../0000:06:10.2")
        vf = "sys/devices/pci0000:00/0000:00:1c.0/0000:06:10.2"
        self.assertEqual(s.members[vf + "/physfn"].linkname, "../0000:06:00.0")
        self.assertEqual(s.data[vf + "/config"][:4], b"\xff\xff\xff\xff")  # VF ids read 0xffff
        self.assertEqual(s.data[vf + "/device"], b"0x10ca\n")

    def test_manifest(self):
        root, host, s = self.snap("fuji.desc")
        m = s.manifest
        self.assertEqual(m["format"], "iommuscope-snapshot/1")
        self.assertEqual(m["host"], "fuji")
        self.assertEqual(m["kernel"], "6.5.11-8-pve")
        self.assertEqual(m["source"], "root-directory")
        self.assertEqual(m["collected_at"], "2023-11-14T22:13:20Z")
        self.assertEqual(s.top, "iommuscope-fuji-20231114T221320Z")
        self.assertEqual(m["summary"]["config_space"]["access"], "full")
        self.assertEqual(m["summary"]["config_space"]["bytes_4096"], 12)  # the PCIe functions
        self.assertEqual(m["summary"]["config_space"]["bytes_256"], 9)  # conventional PCI
        self.assertEqual(s.item("pci-devices")["status"], "ok")
        self.assertEqual(s.item("grub")["status"], "ok")
        self.assertEqual(s.item("libvirt-vm-configs")["status"], "missing")
        dmesg = s.item("dmesg")
        self.assertEqual((dmesg["status"], dmesg["source"], dmesg["argv"]),
                         ("ok", "recorded", ["dmesg"]))
        self.assertEqual(s.item("lspci-nnk")["status"], "missing")
        for it in m["items"]:
            self.assertIn(it["status"], ("ok", "missing", "denied", "timeout", "truncated",
                                         "error"))

    def test_privacy_filters(self):
        root, host, s = self.snap("fuji.desc")
        conf = s.data["etc/pve/qemu-server/100.conf"].decode()
        self.assertEqual(conf, "hostpci0: 0000:00:17.0\nmachine: q35\nvga: std\n"
                               "[before-upgrade]\nhostpci0: 0000:00:17.0\nmachine: pc-q35-8.0\n")
        everything = b"".join(s.data.values())
        self.assertNotIn(b"hunter2", everything)
        self.assertNotIn(b"BC:24:11", everything)
        self.assertNotIn(b"SERIAL-MUST-NOT-LEAK", everything)
        self.assertNotIn(b"TABLE BODY", everything)
        self.assertEqual(s.data["sys/firmware/acpi/tables/DMAR"], b"")
        dmesg = s.data["cmd/dmesg.txt"].decode()
        self.assertIn("DMAR-IR: Enabled IRQ remapping in x2apic mode", dmesg)
        self.assertIn("Adding to iommu group 0", dmesg)
        self.assertNotIn("Freeing SMP alternatives", dmesg)
        self.assertNotIn("usb 1-1", dmesg)
        # Host configuration keeps its mtime: evidence for "initramfs older than modprobe.d".
        self.assertEqual(s.members["etc/modprobe.d/vfio.conf"].mtime, 1700000100)
        self.assertEqual(s.members["boot/initrd.img-6.5.11-8-pve"].mtime, 1700000200)
        self.assertEqual(s.members["boot/initrd.img-6.5.11-8-pve"].size, 0)

    def test_libvirt_hostdev_only(self):
        desc = read_desc("nonroot.desc")
        desc += ("file etc/libvirt/qemu/win10.xml\n<domain type='kvm'>\n  <name>win10</name>\n"
                 "  <uuid>secret-uuid</uuid>\n  <devices>\n"
                 "    <hostdev mode='subsystem' type='pci' managed='yes'>\n"
                 "      <source>\n        <address domain='0x0000' bus='0x01' slot='0x00' "
                 "function='0x0'/>\n      </source>\n    </hostdev>\n"
                 "    <hostdevice-not-this/>\n  </devices>\n</domain>\nend\n")
        root, host, s = self.snap(desc)
        xml = s.data["etc/libvirt/qemu/win10.xml"].decode()
        self.assertTrue(xml.startswith("<hostdevs>\n  <hostdev mode='subsystem'"))
        self.assertIn("bus='0x01'", xml)
        self.assertNotIn("secret-uuid", xml)
        self.assertNotIn("hostdevice-not-this", xml)

    def test_libvirt_hostdev_in_comment_or_cdata_dropped(self):
        """Issue 20, item 9: <hostdev> text inside a comment or CDATA is not
        an element; its secret= stays out of the snapshot."""
        desc = read_desc("nonroot.desc")
        desc += ("file etc/libvirt/qemu/vm.xml\n<domain type='kvm'>\n  <devices>\n"
                 "    <!-- <hostdev mode='subsystem' type='scsi'><source protocol='iscsi'>"
                 "<auth username='u'><secret type='iscsi' usage='secret=hunter2'/></auth>"
                 "</source></hostdev> -->\n"
                 "    <description><![CDATA[<hostdev>secret=cdata</hostdev>]]></description>\n"
                 "    <hostdev mode='subsystem' type='pci' managed='yes'><source>"
                 "<address domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>"
                 "</source></hostdev>\n  </devices>\n</domain>\nend\n")
        root, host, s = self.snap(desc)
        xml = s.data["etc/libvirt/qemu/vm.xml"].decode()
        self.assertNotIn("secret", xml)
        self.assertIn("bus='0x02'", xml)
        self.assertEqual(xml.count("<hostdev "), 1)

    def test_non_root_config_is_recorded(self):
        root, host, s = self.snap("nonroot.desc")
        cs = s.manifest["summary"]["config_space"]
        self.assertEqual((cs["access"], cs["bytes_64"], cs["bytes_4096"]), ("header-only", 4, 0))
        for d in host.all:
            self.assertEqual(len(s.data[d.path + "/config"]), 64)

    def test_anonymize(self):
        desc = read_desc("fuji.desc")
        desc += "cmd uname-r\n6.5.11-8-pve\nend\n"
        desc = desc.replace("[    0.212911] DMAR: Host address width 39",
                            "[    0.212911] DMAR: Host address width 39 on fuji")
        root, host, s = self.snap(desc, "--anonymize")
        root2 = os.path.join(self.tmp, "again.tar.gz")
        self.collect("--root", root, "-o", root2, "--quiet", "--anonymize")
        alias = s.manifest["host"]
        self.assertRegex(alias, r"^host-[0-9a-f]{8}$")
        self.assertEqual(Snapshot(root2).manifest["host"], alias)  # stable
        self.assertTrue(s.top.startswith("iommuscope-%s-" % alias))
        self.assertTrue(s.manifest["anonymized"])
        for path, data in s.data.items():
            self.assertIsNone(re.search(rb"(?<![\w.-])fuji(?![\w.-])", data), path)
        self.assertIn(("DMAR: Host address width 39 on %s" % alias).encode(),
                      s.data["cmd/dmesg.txt"])
        self.assertEqual(s.data["cmd/uname-r.txt"], b"6.5.11-8-pve\n")  # "-pve" is not a word

    def test_links_never_leave_the_root(self):
        desc = read_desc("nonroot.desc")
        desc += ("link etc/modprobe.d/abs.conf /etc/passwd\n"
                 "link etc/modprobe.d/up.conf ../../../../../../../../etc/passwd\n"
                 "link etc/modprobe.d/loop.conf loop.conf\n"
                 "link etc/kernel /proc/self\n")
        root, host, s = self.snap(desc)
        everything = b"".join(s.data.values())
        self.assertNotIn(b"root:x:0:0", everything)
        problems = {p["path"]: p["status"] for p in s.item("modprobe.d").get("problems", [])}
        self.assertEqual(problems.get("etc/modprobe.d/abs.conf"), "missing")
        self.assertEqual(problems.get("etc/modprobe.d/up.conf"), "missing")
        self.assertEqual(problems.get("etc/modprobe.d/loop.conf"), "error")
        self.assertEqual(s.item("kernel-cmdline")["status"], "missing")

    def test_intermediate_links_never_leave_the_root(self):
        """Issue 20, item 4: DIR/sys/module, DIR/sys/kernel, DIR/etc and DIR/cmd
        are links out of DIR (absolute and climbing). Every path below them is
        resolved inside DIR, so nothing from outside reaches the snapshot:
        not the module parameters, the groups, the host name or uname -r."""
        root, host = self.build("fuji.desc")
        outside = os.path.join(self.tmp, "elsewhere")
        params = os.path.join(outside, "module", "vfio", "parameters")
        os.makedirs(params)
        with open(os.path.join(params, "enable_unsafe_noiommu_mode"), "w") as f:
            f.write("OUTSIDE-MODPARAM\n")
        grp = os.path.join(outside, "kernel", "iommu_groups", "77", "devices")
        os.makedirs(grp)
        os.symlink("../../../../devices/pci0000:00/0000:00:02.0", os.path.join(grp, "0000:00:02.0"))
        with open(os.path.join(outside, "kernel", "iommu_groups", "77", "type"), "w") as f:
            f.write("OUTSIDE-GROUP\n")
        os.makedirs(os.path.join(outside, "etc", "modprobe.d"))
        with open(os.path.join(outside, "etc", "hostname"), "w") as f:
            f.write("outsidehost\n")
        with open(os.path.join(outside, "etc", "modprobe.d", "x.conf"), "w") as f:
            f.write("options vfio OUTSIDE-CONF\n")
        os.makedirs(os.path.join(outside, "cmd"))
        with open(os.path.join(outside, "cmd", "uname-r.txt"), "w") as f:
            f.write("OUTSIDE-KERNEL\n")
        with open(os.path.join(outside, "cmd", "dmesg.txt"), "w") as f:
            f.write("[    0.1] DMAR: OUTSIDE-DMESG\n")
        for rel, target in (("sys/module", os.path.join(outside, "module")),
                            ("sys/kernel", "../../elsewhere/kernel"),
                            ("etc", os.path.join(outside, "etc")),
                            ("cmd", "../elsewhere/cmd")):
            path = os.path.join(root, rel)
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path)
            os.symlink(target, path)
        out = os.path.join(self.tmp, "out.tar.gz")
        self.collect("--root", root, "-o", out, "-q")
        s = Snapshot(out)
        everything = b"".join(s.data.values())
        self.assertFalse(b"OUTSIDE" in everything, "a file from outside the root")
        self.assertFalse(b"outsidehost" in everything, "the host name from outside the root")
        self.assertNotIn("outsidehost", s.top)
        self.assertEqual(s.manifest["host"], "unknown")
        self.assertEqual(s.manifest["kernel"], "6.5.11-8-pve")  # DIR/proc/sys/kernel/osrelease
        self.assertEqual(s.groups(), {})
        self.assertFalse([m for m in s.members if m.startswith(("sys/module/", "etc/"))])
        for name in ("module-parameters", "iommu-groups", "modprobe.d", "uname-r", "dmesg"):
            self.assertEqual(s.item(name)["status"], "missing", name)
        # The links themselves were never captured as files, and the PCI tree is intact.
        self.assertEqual(s.manifest["summary"]["pci_functions"], len(host.all))

    def test_credentials_redacted_from_command_lines(self):
        """Issue 20, item 9: known secret kernel parameters are redacted in
        every captured command line, and the manifest says how many."""
        desc = read_desc("fuji.desc").replace(
            "intel_iommu=on", "intel_iommu=on rd.iscsi.password=hunter3 "
            "netroot=iscsi:u:pw@192.0.2.1::3260::iqn.2004-01.x")
        desc = desc.replace("[    0.212911] DMAR: Host address width 39",
                            "[    0.000000] Command line: ro rd.iscsi.in.password=hunter4\n"
                            "[    0.212911] DMAR: Host address width 39")
        desc += ("file etc/kernel/cmdline\nroot=/dev/sda cifspass=hunter5\nend\n"
                 "file etc/default/grub.d/iscsi.cfg\n"
                 "GRUB_CMDLINE_LINUX=\"iscsi_password=hunter6 quiet\"\nend\n")
        root, host, s = self.snap(desc)
        everything = b"".join(s.data.values())
        for secret in (b"hunter3", b"hunter4", b"hunter5", b"hunter6", b"u:pw@"):
            self.assertFalse(secret in everything, secret)
        self.assertIn(b"rd.iscsi.password=REDACTED netroot=iscsi:REDACTED@192.0.2.1",
                      s.data["proc/cmdline"])
        self.assertIn(b"intel_iommu=on", s.data["proc/cmdline"])
        self.assertIn(b"rd.iscsi.in.password=REDACTED", s.data["cmd/dmesg.txt"])
        self.assertEqual(s.data["etc/kernel/cmdline"], b"root=/dev/sda cifspass=REDACTED\n")
        self.assertEqual(s.item("cmdline")["redacted"], 2)
        self.assertEqual(s.item("kernel-cmdline")["redacted"], 1)
        self.assertEqual(s.item("grub.d")["redacted"], 1)
        # dmesg repeats the command line: each value replaced is counted
        self.assertEqual(s.item("dmesg")["redacted"], s.data["cmd/dmesg.txt"].count(b"REDACTED"))
        self.assertGreaterEqual(s.item("dmesg")["redacted"], 2)
        self.assertEqual(s.item("grub")["redacted"], s.data["etc/default/grub"].count(b"REDACTED"))
        self.assertNotIn("redacted", s.item("modprobe.d"))

    def test_stdout_equals_file_and_output_is_deterministic(self):
        root, host = self.build("z690-sriov.desc")
        a, b = os.path.join(self.tmp, "a.tar.gz"), os.path.join(self.tmp, "b.tar.gz")
        self.collect("--root", root, "-o", a, "-q")
        self.collect("--root", root, "-o", b, "-q")
        p = self.collect("--root", root, "-o", "-", "-q")
        with open(a, "rb") as f:
            first = f.read()
        with open(b, "rb") as f:
            self.assertEqual(f.read(), first, "two runs differ")
        self.assertEqual(p.stdout, first, "-o - differs from -o FILE")
        # Written as read, in path order; the manifest, complete only at the
        # end, is the last entry.
        names = list(Snapshot(a).members)
        self.assertEqual(names[-1], "manifest.json")
        self.assertEqual(names[:-1], sorted(names[:-1]))

    def test_members_equal_the_committed_listing(self):
        """Issue 23: the streaming collector writes the same members with the
        same contents (type, path, link target, size, content hash, mtime) as
        the collector that held the snapshot in memory; the listings in
        tests/cli/listings/ were made by that one (update with
        ISC_UPDATE_GOLDEN=1)."""
        for desc in ("fuji.desc", "z690-sriov.desc"):
            with self.subTest(desc=desc):
                root, host, s = self.snap(desc)
                got = member_listing(s)
                golden = os.path.join(GOLDEN, desc.replace(".desc", ".members"))
                if os.environ.get("ISC_UPDATE_GOLDEN"):
                    os.makedirs(GOLDEN, exist_ok=True)
                    with open(golden, "w") as f:
                        f.write(got)
                with open(golden) as f:
                    want = f.read()
                if got != want:
                    import difflib
                    self.fail("members differ from %s:\n%s" % (golden, "".join(
                        list(difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                                  "expected", "collected"))[:40])))
                shutil.rmtree(root)

    def test_zstd_has_the_same_members(self):
        """Issue 23: --compress zstd writes the same tar through zstd, and
        the analyzer reads it by its content."""
        if not shutil.which("zstd"):
            self.skipTest("zstd is not installed")
        root, host = self.build("fuji.desc")
        gz, zst = os.path.join(self.tmp, "s.tar.gz"), os.path.join(self.tmp, "s.tar.zst")
        self.collect("--root", root, "-o", gz, "-q")
        self.collect("--root", root, "-o", zst, "-q", "--compress", "zstd")
        with open(zst, "rb") as f:
            self.assertEqual(f.read(4), b"\x28\xb5\x2f\xfd")  # zstd frame magic
        tar = subprocess.run(["zstd", "-dc", zst], capture_output=True, check=True).stdout
        plain = subprocess.run(["gzip", "-dc", gz], capture_output=True, check=True).stdout
        self.assertEqual(tar, plain)
        ana = os.environ.get("ISC_ANALYZER")
        if ana:
            a = subprocess.run([ana, "groups", gz, "--color", "never"], capture_output=True)
            b = subprocess.run([ana, "groups", zst, "--color", "never"], capture_output=True)
            self.assertEqual((b.returncode, b.stdout), (a.returncode, a.stdout))
            self.assertIn(b"IOMMU group", b.stdout)
        # the default name follows the codec
        d = os.path.join(self.tmp, "default")
        os.mkdir(d)
        subprocess.run([os.path.abspath(COLLECT) if os.sep in COLLECT else shutil.which(COLLECT),
                        "--root", root, "-q", "-z", "zstd"], cwd=d, check=True,
                       env=dict(os.environ, SOURCE_DATE_EPOCH=FIXED_TIME))
        self.assertEqual(os.listdir(d), ["iommuscope-fuji-20231114T221320Z.tar.zst"])

    @unittest.skipUnless(os.access("/usr/bin/time", os.X_OK), "GNU time is not installed")
    @unittest.skipIf(float(os.environ.get("ISC_COST_SCALE", "1")) != 1,
                     "sanitizer build: its quarantine keeps freed memory")
    def test_memory_does_not_grow_with_the_host(self):
        """Issue 23: entries are written as they are read. 512 functions
        take no more peak memory than 64 (within 2 MiB), and under 16 MiB."""
        peaks = []
        for n in (64, 512):
            desc = subprocess.run([sys.executable, os.path.join(BENCH, "gen_host.py"), str(n)],
                                  capture_output=True, check=True, text=True).stdout
            root, host = self.build(desc, name="h%d" % n)
            out = os.path.join(self.tmp, "h%d.tar.gz" % n)
            # GNU time forks the collector itself: a child of this Python
            # process would carry Python's pages in its peak RSS.
            rss_file = os.path.join(self.tmp, "rss")
            code = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss_file, COLLECT,
                                   "--root", root, "-o", out, "-q"]).returncode
            with open(rss_file) as f:
                rss = int(f.read().split()[-1])
            self.assertEqual(code, 0)
            self.assertEqual(Snapshot(out).manifest["summary"]["pci_functions"], n)
            peaks.append(rss / 1024)
        self.assertLess(peaks[1], peaks[0] + 2, "peak MiB %s" % peaks)
        self.assertLess(peaks[1], 16, "peak MiB %s" % peaks)


class DeniedFiles(TreeCase):
    """An unreadable file is 'denied' and everything else is still captured.
    Root reads anything, so as root the collector runs as 'nobody'."""

    def test_denied(self):
        desc = read_desc("fuji.desc")
        desc += ("deny sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0/config\n"
                 "deny etc/modprobe.d/vfio.conf\n")
        root, host = self.build(desc)
        out_dir = os.path.join(self.tmp, "out")
        os.mkdir(out_dir)
        os.chmod(out_dir, 0o777)
        out = os.path.join(out_dir, "s.tar.gz")
        prefix = ()
        if os.geteuid() == 0:
            prefix = ("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--")
        self.collect("--root", root, "-o", out, "-q", prefix=prefix)
        s = Snapshot(out)
        nvme = "sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0"
        problems = {p["path"]: p["status"] for p in s.item("pci-devices")["problems"]}
        self.assertEqual(problems, {nvme + "/config": "denied"})
        self.assertEqual(s.item("modprobe.d")["problems"][0]["status"], "denied")
        self.assertNotIn(nvme + "/config", s.members)
        self.assertEqual(s.data[nvme + "/vendor"], b"0x1987\n")
        self.assertEqual(len(s.data["sys/devices/pci0000:00/0000:00:01.0/config"]), 4096)
        self.assertEqual(s.groups(), expected_groups(host))
        self.assertFalse(s.manifest["root"] and os.geteuid() == 0)


SEARCH_PATH = ("/usr/sbin", "/usr/bin", "/sbin", "/bin")


def _namespaces_work():
    try:
        return subprocess.run(["unshare", "-m", "-u", "--propagation", "private", "true"],
                              capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


NAMESPACES = _namespaces_work()


def proc_cmdlines():
    """Every process's command line, by pid."""
    out = {}
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open("/proc/%s/cmdline" % pid, "rb") as f:
                    out[int(pid)] = f.read()
            except OSError:
                pass
    return out


@unittest.skipUnless(NAMESPACES, "needs root and mount/UTS namespaces (unshare -m -u)")
class LiveHost(TreeCase):
    """This machine's own '/': commands run. The collector looks for them only
    in /usr/sbin:/usr/bin:/sbin:/bin, never PATH, so a fake command is put
    there for it alone: in a private mount namespace, a directory of fakes is
    bound over /usr/sbin (searched first) and hidden commands have /dev/null
    bound over them (not a regular file: "missing")."""

    def fake_bin(self, name, script):
        d = os.path.join(self.tmp, "bin")
        os.makedirs(d, exist_ok=True)
        p = os.path.join(d, name)
        with open(p, "w") as f:
            f.write("#!/bin/sh\n" + script + "\n")
        os.chmod(p, 0o755)
        return d

    def wrapper(self, hide=(), hostname=None):
        """The command prefix that runs the collector with the fakes in place."""
        d = os.path.join(self.tmp, "bin")
        lines = ["set -e"]
        if os.path.isdir(d):
            lines.append('mount --bind "%s" /usr/sbin' % d)
        for name in hide:
            for sp in SEARCH_PATH[1:]:
                lines.append('if [ -f %s/%s ]; then mount --bind /dev/null %s/%s; fi'
                             % (sp, name, sp, name))
        if hostname is not None:
            # hostname(1) refuses "(none)"; the system call takes it
            lines.append("%s -c 'import socket, sys; socket.sethostname(sys.argv[1])' '%s'"
                         % (sys.executable, hostname))
        lines.append('exec "$@"')
        return ("unshare", "-m", "-u", "--propagation", "private", "sh", "-c",
                "\n".join(lines), "sh")

    def collect_live(self, *args, hide=(), hostname=None, env=None, check=True, timeout=120):
        return self.collect(*args, env=env, check=check, timeout=timeout,
                            prefix=self.wrapper(hide, hostname))

    def test_live_root_succeeds(self):
        out = os.path.join(self.tmp, "live.tar.gz")
        p = self.collect("-o", out)
        self.assertIn(b"wrote " + out.encode(), p.stderr)
        s = Snapshot(out)
        devices = sorted(os.listdir("/sys/bus/pci/devices"))
        self.assertEqual(s.manifest["source"], "live")
        self.assertEqual(s.manifest["summary"]["pci_functions"], len(devices))
        groups_dir = "/sys/kernel/iommu_groups"
        ngroups = len(os.listdir(groups_dir)) if os.path.isdir(groups_dir) else 0
        self.assertEqual(s.manifest["summary"]["iommu_groups"], ngroups)
        if ngroups == 0:  # this CI machine: PCI devices, no IOMMU
            self.assertIn(b"0 IOMMU groups (IOMMU off or not in use)", p.stderr)
            self.assertEqual(s.groups(), {})
        for bdf in devices:
            self.assertTrue(s.members["sys/bus/pci/devices/" + bdf].issym())
        with open("/proc/cmdline", "rb") as f:
            self.assertEqual(s.data["proc/cmdline"], f.read())
        self.assertEqual(s.manifest["kernel"], os.uname().release)
        self.assertEqual(s.data["cmd/uname-r.txt"].decode().strip(), os.uname().release)
        if shutil.which("lspci"):
            self.assertEqual(s.item("lspci-nnk")["status"], "ok")
            self.assertEqual(s.item("lspci-nnk")["exit"], 0)

    def test_command_timeout(self):
        fake = self.fake_bin("lspci", "exec sleep 30")
        out = os.path.join(self.tmp, "t.tar.gz")
        start = time.monotonic()
        self.collect_live("-o", out, "-q", "--timeout", "1")
        elapsed = time.monotonic() - start
        # three lspci runs, each killed at one second
        self.assertLess(elapsed, 3 * 1 + 5)
        s = Snapshot(out)
        for name in ("lspci-nnk", "lspci-vvv-nn", "lspci-tvnn"):
            it = s.item(name)
            self.assertEqual(it["status"], "timeout", name)
            self.assertGreaterEqual(it["duration_ms"], 1000)
            self.assertLess(it["duration_ms"], 2500)
        self.assertEqual(s.item("uname-r")["status"], "ok")
        self.assertTrue(fake)

    def test_timeout_by_the_clock_with_pipes_closed_and_setsid_child(self):
        """Issue 20, item 5: a command that closes its pipes and keeps running,
        after starting a grandchild in a session of its own, is killed at the
        deadline with everything it started; the item is 'timeout'."""
        # GNU sleep takes fractions: durations no other process has mark ours.
        n = random.randrange(10**6)
        mark = ("%d.%06d" % (61, n), "%d.%06d" % (31, n))
        self.fake_bin("lspci", "setsid sleep %s </dev/null >/dev/null 2>&1 &\n"
                               "exec >&- 2>&-\nsleep %s\n" % mark)
        out = os.path.join(self.tmp, "t.tar.gz")
        start = time.monotonic()
        self.collect_live("-o", out, "-q", "-t", "2", timeout=60)
        elapsed = time.monotonic() - start
        self.assertLess(elapsed, 10, "the collector took %.1f s" % elapsed)
        s = Snapshot(out)
        for name in ("lspci-nnk", "lspci-vvv-nn", "lspci-tvnn"):
            it = s.item(name)
            self.assertEqual(it["status"], "timeout", name)
            self.assertGreaterEqual(it["duration_ms"], 2000)
            self.assertLess(it["duration_ms"], 3500)
        left = [c for c in proc_cmdlines().values()
                if any(m.encode() in c for m in mark)]
        self.assertEqual(left, [], "processes left behind")
        print("timeout case: %.2f s wall" % elapsed, file=sys.stderr)

    def stop_while_running(self, script, marks):
        """A live collection whose lspci runs @script, stopped with SIGTERM
        once a process bearing each of @marks runs: the collector must die
        of the signal within 5 s. Returns the processes left that bear a
        mark (killed afterwards, not left to the next test) and the files
        left in the output directory."""
        self.fake_bin("lspci", script)
        out_dir = os.path.join(self.tmp, "out")
        os.mkdir(out_dir)
        p = subprocess.Popen(list(self.wrapper()) + [COLLECT, "-o",
                             os.path.join(out_dir, "s.tar.gz"), "-q", "-t", "30"],
                             env=dict(os.environ, SOURCE_DATE_EPOCH="1"),
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            running = proc_cmdlines().values()
            if all(any(m.encode() in c for c in running) for m in marks):
                break
            time.sleep(0.05)
        else:
            p.kill()
            self.fail("the fake lspci never started")
        start = time.monotonic()
        p.terminate()
        p.wait(timeout=10)
        self.assertLess(time.monotonic() - start, 5)
        self.assertEqual(p.returncode, -signal.SIGTERM)
        time.sleep(0.2)
        left = [c for c in proc_cmdlines().values() if any(m.encode() in c for m in marks)]
        for m in marks:
            subprocess.run(["pkill", "-f", m])
        return left, os.listdir(out_dir)

    def test_sigterm_reaches_the_command_and_removes_the_temporary_file(self):
        """Issue 20, item 5: SIGTERM to the collector is passed on to the
        running command's group, and the temporary output is removed."""
        mark = "45.%06d" % random.randrange(10**6)
        self.assertEqual(self.stop_while_running("sleep %s &\nwait\n" % mark, [mark]), ([], []))

    def test_sigterm_kills_what_the_command_started_in_its_own_session(self):
        """SIGTERM while a command runs: the collector dies of it only after
        killing the command and what it started with setsid (which the
        signal to the command's group does not reach)."""
        n = random.randrange(10**6)
        mark, escaped = "46.%06d" % n, "47.%06d" % n
        left, files = self.stop_while_running("setsid sleep %s </dev/null >/dev/null 2>&1 &\n"
                                              "sleep %s &\nwait\n" % (escaped, mark),
                                              [mark, escaped])
        self.assertEqual(left, [], "processes left behind")
        self.assertEqual(files, [])

    def test_missing_command(self):
        out = os.path.join(self.tmp, "m.tar.gz")
        self.collect_live("-o", out, "-q", hide=("lspci",))
        s = Snapshot(out)
        self.assertEqual(s.item("lspci-nnk")["status"], "missing")
        self.assertNotIn("duration_ms", s.item("lspci-nnk"))
        self.assertNotIn("cmd/lspci-nnk.txt", s.members)
        self.assertEqual(s.item("uname-r")["status"], "ok")

    def test_failing_command(self):
        self.fake_bin("dmesg", 'echo "dmesg: read kernel buffer failed: Operation not '
                               'permitted" >&2; exit 1')
        self.fake_bin("lspci", 'echo "pcilib: Cannot open /proc/bus/pci" >&2; exit 1')
        out = os.path.join(self.tmp, "f.tar.gz")
        self.collect_live("-o", out, "-q")
        s = Snapshot(out)
        it = s.item("dmesg")
        self.assertEqual((it["status"], it["exit"]), ("denied", 1))
        self.assertEqual(it["stderr"], "dmesg: read kernel buffer failed: Operation not permitted")
        self.assertEqual((s.item("lspci-nnk")["status"], s.item("lspci-nnk")["exit"]), ("error", 1))

    def test_no_environment_reaches_the_snapshot(self):
        self.fake_bin("lspci", 'echo "env: $ISC_SECRET $HOME $PATH"')
        out = os.path.join(self.tmp, "e.tar.gz")
        self.collect_live("-o", out, "-q", env={"ISC_SECRET": "s3cr3t-token"})
        s = Snapshot(out)
        self.assertEqual(s.data["cmd/lspci-nnk.txt"], b"env:   /usr/sbin:/usr/bin:/sbin:/bin\n")
        self.assertNotIn(b"s3cr3t-token", b"".join(s.data.values()))

    def test_commands_never_found_through_path(self):
        """Issue 20, item 9: PATH (a user's directory, an empty entry meaning
        the current directory) never chooses the program run as root."""
        d = os.path.join(self.tmp, "userbin")
        os.mkdir(d)
        for name in ("lspci", "dmesg", "uname"):
            with open(os.path.join(d, name), "w") as f:
                f.write("#!/bin/sh\necho PLANTED-%s\n" % name)
            os.chmod(os.path.join(d, name), 0o755)
        out = os.path.join(self.tmp, "p.tar.gz")
        for path in (d + ":/usr/bin:/bin", ":/usr/bin", "", "."):
            with self.subTest(PATH=path):
                e = dict(os.environ, SOURCE_DATE_EPOCH=FIXED_TIME, PATH=path)
                subprocess.run([os.path.abspath(COLLECT) if os.sep in COLLECT
                                else shutil.which(COLLECT), "-o", out, "-q"],
                               cwd=d, env=e, check=True, capture_output=True, timeout=120)
                s = Snapshot(out)
                self.assertFalse(b"PLANTED" in b"".join(s.data.values()), "a PATH command ran")
                self.assertEqual(s.data["cmd/uname-r.txt"].decode().strip(),
                                 os.uname().release)

    def test_host_without_a_name(self):
        """Issue 22: the kernel's '(none)' is no name: the snapshot says
        'unknown', in the manifest and in its top directory."""
        out = os.path.join(self.tmp, "n.tar.gz")
        self.collect_live("-o", out, "-q", hostname="(none)")
        s = Snapshot(out)
        self.assertEqual(s.manifest["host"], "unknown")
        self.assertEqual(s.top, "iommuscope-unknown-20231114T221320Z")
        out2 = os.path.join(self.tmp, "default")
        os.mkdir(out2)
        subprocess.run(list(self.wrapper(hostname="(none)")) + [
            os.path.abspath(COLLECT) if os.sep in COLLECT else shutil.which(COLLECT), "-q"],
            cwd=out2, env=dict(os.environ, SOURCE_DATE_EPOCH=FIXED_TIME), check=True,
            timeout=120)
        self.assertEqual(os.listdir(out2), ["iommuscope-unknown-20231114T221320Z.tar.gz"])


class OutputFailures(TreeCase):
    def test_unwritable_destination(self):
        root, host = self.build("nonroot.desc")
        target = os.path.join(self.tmp, "no", "such", "dir", "s.tar.gz")
        p = self.collect("--root", root, "-o", target, check=False)
        self.assertEqual(p.returncode, 1)
        err = p.stderr.decode().strip().split("\n")
        self.assertEqual(len(err), 1, err)
        self.assertIn(target, err[0])
        self.assertIn("No such file or directory", err[0])

    def test_disk_full_leaves_nothing_and_keeps_old_file(self):
        root, host = self.build("z690-sriov.desc")
        out_dir = os.path.join(self.tmp, "out")
        os.mkdir(out_dir)
        target = os.path.join(out_dir, "s.tar.gz")
        with open(target, "wb") as f:
            f.write(b"previous snapshot")

        def limit():
            resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))

        p = subprocess.run([COLLECT, "--root", root, "-o", target], preexec_fn=limit,
                           capture_output=True, env=dict(os.environ, SOURCE_DATE_EPOCH=FIXED_TIME))
        self.assertEqual(p.returncode, 1)
        # the compressing thread's write error, with its reason
        self.assertIn(b"cannot write " + target.encode() + b": Write error: File too large",
                      p.stderr)
        self.assertEqual(os.listdir(out_dir), ["s.tar.gz"])
        with open(target, "rb") as f:
            self.assertEqual(f.read(), b"previous snapshot")

    def test_reader_gone(self):
        """-o - into a pipe whose reader has left: an error naming the
        reason, exit 1, no hang (the compressing thread stops the writer)."""
        root, host = self.build("z690-sriov.desc")
        r, w = os.pipe()
        os.close(r)
        p = subprocess.run([COLLECT, "--root", root, "-o", "-", "-q"], stdout=w,
                           capture_output=False, stderr=subprocess.PIPE, timeout=60,
                           env=dict(os.environ, SOURCE_DATE_EPOCH=FIXED_TIME))
        os.close(w)
        self.assertEqual(p.returncode, 1)
        self.assertIn(b"cannot write standard output: Write error: Broken pipe", p.stderr)

    def test_special_files_refused_and_left_intact(self):
        """Issue 20, item 7: -o on a FIFO, a character device (/dev/null's
        numbers), a directory or a link is refused with a message, and the
        file is left as it was; no temporary file remains."""
        root, host = self.build("nonroot.desc")
        d = os.path.join(self.tmp, "out")
        os.mkdir(d)
        fifo, dev, sub = (os.path.join(d, n) for n in ("fifo", "null", "dir"))
        link = os.path.join(d, "link")
        os.mkfifo(fifo)
        os.mknod(dev, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        os.mkdir(sub)
        os.symlink(dev, link)
        for target, kind in ((fifo, "a FIFO"), (dev, "a character device"),
                             (sub, "a directory"), (sub + "/", "a directory"),
                             (link, "a symbolic link")):
            with self.subTest(target=target):
                p = self.collect("--root", root, "-o", target, check=False)
                self.assertEqual(p.returncode, 1)
                self.assertIn(("refusing to write to %s: it is %s" % (target, kind)).encode(),
                              p.stderr)
        self.assertTrue(stat.S_ISFIFO(os.lstat(fifo).st_mode))
        st = os.lstat(dev)
        self.assertTrue(stat.S_ISCHR(st.st_mode))
        self.assertEqual(st.st_rdev, os.makedev(1, 3))
        self.assertTrue(os.path.islink(link))
        self.assertEqual(sorted(os.listdir(d)), ["dir", "fifo", "link", "null"])
        self.assertEqual(os.listdir(sub), [])

    def test_snapshot_mode_0600_and_never_widened(self):
        """Issue 20, item 7: a new snapshot is 0600 whatever the umask allows;
        replacing a 0640 or 0400 file does not widen it."""
        root, host = self.build("nonroot.desc")
        new = os.path.join(self.tmp, "new.tar.gz")
        old = os.umask(0o022)
        try:
            self.collect("--root", root, "-o", new, "-q")
        finally:
            os.umask(old)
        self.assertEqual(stat.S_IMODE(os.stat(new).st_mode), 0o600)
        for before, after in ((0o640, 0o600), (0o644, 0o600), (0o400, 0o400)):
            with self.subTest(mode=oct(before)):
                existing = os.path.join(self.tmp, "existing-%o.tar.gz" % before)
                with open(existing, "wb") as f:
                    f.write(b"old")
                os.chmod(existing, before)
                self.collect("--root", root, "-o", existing, "-q")
                self.assertEqual(stat.S_IMODE(os.stat(existing).st_mode), after)
                Snapshot(existing)  # replaced by a snapshot

    def test_no_entropy_wait(self):
        """Issue 22: the collector never reads /dev/urandom (jansson's hash
        seed is fixed), so it does not stall in a guest without entropy."""
        if not shutil.which("strace"):
            self.skipTest("strace is not installed")
        root, host = self.build("nonroot.desc")
        log = os.path.join(self.tmp, "strace.log")
        out = os.path.join(self.tmp, "s.tar.gz")
        subprocess.run(["strace", "-qq", "-o", log, "-e", "trace=open,openat,getrandom",
                        COLLECT, "--root", root, "-o", out, "-q"], check=True,
                       env=dict(os.environ, ASAN_OPTIONS="detect_leaks=0"), timeout=120)
        with open(log) as f:
            calls = f.read()
        self.assertIn("openat(", calls)  # the trace works
        self.assertNotIn("/dev/urandom", calls)
        self.assertNotIn("/dev/random", calls)
        blocking = [ln for ln in calls.splitlines()
                    if "getrandom(" in ln and "GRND_NONBLOCK" not in ln
                    and "GRND_INSECURE" not in ln]
        self.assertEqual(blocking, [])

    def test_usage_errors(self):
        for args in (["--timeout", "abc"], ["--bogus"], ["extra"]):
            p = self.collect(*args, check=False)
            self.assertEqual(p.returncode, 2, args)
        p = self.collect("--help")
        self.assertIn(b"Usage: iommuscope-collect", p.stdout)


@unittest.skipUnless(shutil.which("strace"), "strace is not installed")
class ReadOnlyProof(TreeCase):
    """Under strace -f, the only file opened for writing (or created, renamed,
    removed) is the collector's own temporary output."""

    WRITE_FLAGS = re.compile(r"O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|O_APPEND")

    def traced(self, *args):
        out_dir = os.path.join(self.tmp, "out")
        os.makedirs(out_dir, exist_ok=True)
        target = os.path.join(out_dir, "snap.tar.gz")
        log = os.path.join(self.tmp, "strace.log")
        subprocess.run(["strace", "-f", "-qq", "-o", log, "-e",
                        "trace=%file,ftruncate,fchmod", COLLECT, "-o", target, "-q"] +
                       list(args), check=True,
                       # LeakSanitizer cannot work under ptrace (sanitizer builds)
                       env=dict(os.environ, SOURCE_DATE_EPOCH="1", ASAN_OPTIONS="detect_leaks=0"),
                       timeout=120)
        with open(log) as f:
            calls = f.read().splitlines()
        return target, calls

    def check(self, target, calls):
        tmp_re = re.compile(re.escape(os.path.dirname(target)) + r"/\.snap\.tar\.gz\.\w{6}")
        writes = []
        for line in calls:
            m = re.search(r"\b(open|openat|openat2|creat)\(.*?\"([^\"]*)\"(.*)", line)
            if m and (m.group(1) == "creat" or self.WRITE_FLAGS.search(m.group(3))):
                writes.append(m.group(2))
                continue
            m = re.search(r"\b(unlink|unlinkat|rename|renameat2?|mkdir|mkdirat|rmdir|symlink"
                          r"|symlinkat|link|linkat|truncate|chmod|fchmodat|chown|fchownat"
                          r"|mknod|mknodat|utimensat)\((.*)", line)
            if m:
                writes.append("%s(%s" % (m.group(1), m.group(2)))
        self.assertTrue(writes, "strace saw no write at all: the check is broken")
        for w in writes:
            if w.startswith("rename"):
                self.assertRegex(w, tmp_re.pattern + r"\".*\"" + re.escape(target) + "\"")
            else:
                self.assertRegex(w, tmp_re, "wrote outside its output: %s" % w)
        self.assertTrue(os.path.exists(target))

    def test_tree(self):
        root, host = self.build("fuji.desc")
        self.check(*self.traced("--root", root))

    def test_live(self):
        self.check(*self.traced())


if __name__ == "__main__":
    unittest.main()
