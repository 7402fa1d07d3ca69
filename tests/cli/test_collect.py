# SPDX-License-Identifier: MIT
"""iommuscope-collect over builder trees and over this machine's own '/'."""

import os
import re
import resource
import shutil
import subprocess
import time
import unittest

from common import COLLECT, FIXED_TIME, Snapshot, TreeCase, expected_groups, read_desc

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
        names = list(Snapshot(a).members)
        self.assertEqual(names, sorted(names))


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


class LiveHost(TreeCase):
    """This machine's own '/': commands run, with PATH controlled by the test."""

    def fake_bin(self, name, script):
        d = os.path.join(self.tmp, "bin")
        os.makedirs(d, exist_ok=True)
        p = os.path.join(d, name)
        with open(p, "w") as f:
            f.write("#!/bin/sh\n" + script + "\n")
        os.chmod(p, 0o755)
        return d

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
        self.collect("-o", out, "-q", "--timeout", "1",
                     env={"PATH": fake + ":/usr/sbin:/usr/bin:/sbin:/bin"})
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

    def test_missing_command(self):
        fake = self.fake_bin("uname", 'exec /bin/uname "$@"')
        out = os.path.join(self.tmp, "m.tar.gz")
        self.collect("-o", out, "-q", env={"PATH": fake})
        s = Snapshot(out)
        self.assertEqual(s.item("lspci-nnk")["status"], "missing")
        self.assertNotIn("duration_ms", s.item("lspci-nnk"))
        self.assertNotIn("cmd/lspci-nnk.txt", s.members)
        self.assertEqual(s.item("uname-r")["status"], "ok")

    def test_failing_command(self):
        fake = self.fake_bin("dmesg", 'echo "dmesg: read kernel buffer failed: Operation not '
                                      'permitted" >&2; exit 1')
        fake = self.fake_bin("lspci", 'echo "pcilib: Cannot open /proc/bus/pci" >&2; exit 1')
        out = os.path.join(self.tmp, "f.tar.gz")
        self.collect("-o", out, "-q", env={"PATH": fake + ":/usr/bin:/bin"})
        s = Snapshot(out)
        it = s.item("dmesg")
        self.assertEqual((it["status"], it["exit"]), ("denied", 1))
        self.assertEqual(it["stderr"], "dmesg: read kernel buffer failed: Operation not permitted")
        self.assertEqual((s.item("lspci-nnk")["status"], s.item("lspci-nnk")["exit"]), ("error", 1))

    def test_no_environment_reaches_the_snapshot(self):
        fake = self.fake_bin("lspci", 'echo "env: $ISC_SECRET $HOME"')
        out = os.path.join(self.tmp, "e.tar.gz")
        self.collect("-o", out, "-q", env={"PATH": fake + ":/usr/bin:/bin",
                                           "ISC_SECRET": "s3cr3t-token"})
        s = Snapshot(out)
        self.assertEqual(s.data["cmd/lspci-nnk.txt"], b"env:  \n")
        self.assertNotIn(b"s3cr3t-token", b"".join(s.data.values()))


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
        self.assertIn(b"cannot write " + target.encode(), p.stderr)
        self.assertEqual(os.listdir(out_dir), ["s.tar.gz"])
        with open(target, "rb") as f:
            self.assertEqual(f.read(), b"previous snapshot")

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
