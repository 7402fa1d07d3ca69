# SPDX-License-Identifier: MIT
"""iommuscope groups / report: golden outputs of the samples, agreement of
the tarball, directory and live sources, errors, and (when ../shared is
beside the clone) every group listing published from real machines."""

import difflib
import json
import os
import re
import stat
import subprocess
import tarfile
import unittest

from common import FIXED_TIME, TreeCase

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "..", ".."))
ANALYZER = os.environ.get("ISC_ANALYZER", "iommuscope")
COLLECT = os.environ.get("ISC_COLLECT", "iommuscope-collect")
REALDATA = os.path.join(TOP, "..", "shared", "realdata")
BDF = r"(?:[0-9a-f]{4}:)?[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]"


def run(*args, check=True, cwd=TOP):
    p = subprocess.run([ANALYZER] + list(args), capture_output=True, cwd=cwd,
                       env=dict(os.environ, LC_ALL="C"), timeout=120)
    ok = (0, 1) if args and args[0] == "report" else (0,)  # report: 1 means findings
    if check and p.returncode not in ok:
        raise AssertionError("iommuscope %s failed (%d): %s" % (
            " ".join(args), p.returncode, p.stderr.decode()))
    return p


def report(path, *extra):
    return json.loads(run("report", path, "-f", "json", *extra).stdout)


def groups_of(rep):
    return {g["id"]: sorted(g["devices"]) for g in rep["groups"]}


def full(addr):
    return addr if len(addr) == 12 else "0000:" + addr


class GoldenSamples(unittest.TestCase):
    """Every sample against its reviewed outputs (tests/golden/update.sh rewrites them)."""

    def samples(self):
        names = sorted(f[:-7] for f in os.listdir(os.path.join(TOP, "samples"))
                       if f.endswith(".tar.gz"))
        self.assertGreaterEqual(len(names), 7)
        return names

    def compare(self, name, args, golden):
        got = run(*args).stdout.decode()
        with open(os.path.join(TOP, "tests", "golden", name, golden), encoding="utf-8") as f:
            want = f.read()
        if got != want:
            diff = "".join(difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                                "expected", "got", n=2))
            self.fail("%s/%s differs (review, then tests/golden/update.sh):\n%s"
                      % (name, golden, diff[:4000]))

    def test_groups_text(self):
        for name in self.samples():
            with self.subTest(sample=name):
                self.compare(name, ["groups", "samples/%s.tar.gz" % name, "--color", "never"],
                             "groups.txt")

    def test_report_json(self):
        for name in self.samples():
            with self.subTest(sample=name):
                self.compare(name, ["report", "samples/%s.tar.gz" % name, "--format", "json"],
                             "report.json")

    def test_reports_match_the_schema(self):
        try:
            import jsonschema
        except ImportError:
            self.skipTest("python3-jsonschema is not installed")
        with open(os.path.join(TOP, "docs", "report-schema.json"), encoding="utf-8") as f:
            schema = json.load(f)
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema)
        for name in self.samples() + ["/"]:
            rep = report(name if name == "/" else "samples/%s.tar.gz" % name)
            errors = sorted(validator.iter_errors(rep), key=str)
            self.assertEqual(errors, [], name)
            # keys in the documented order
            self.assertEqual(list(rep), list(schema["properties"]))
            for d in rep["devices"]:
                self.assertEqual(list(d), list(schema["properties"]["devices"]["items"]
                                               ["properties"]))

    def test_report_text(self):
        for name in self.samples():
            with self.subTest(sample=name):
                self.compare(name, ["report", "samples/%s.tar.gz" % name, "--format", "text",
                                    "--color", "never"], "report.txt")

    def test_report_md_and_html(self):
        for name in self.samples():
            for fmt in ("md", "html"):
                with self.subTest(sample=name, format=fmt):
                    self.compare(name, ["report", "samples/%s.tar.gz" % name, "--format", fmt],
                                 "report." + fmt)

    def test_one_status_word_in_every_format(self):
        """The text, Markdown and HTML reports open on the same word, the
        one the findings' worst severity gives, and the exit status agrees."""
        words = {"error": "FAIL", "warning": "WARN", None: "PASS"}
        seen = set()
        for name in self.samples():
            with self.subTest(sample=name):
                snap = "samples/%s.tar.gz" % name
                p = run("report", snap, "-f", "json")
                sev = [f["severity"] for f in json.loads(p.stdout)["findings"]]
                want = words["error" if "error" in sev else "warning" if "warning" in sev
                             else None]
                seen.add(want)
                self.assertEqual(p.returncode, 0 if want == "PASS" else 1)
                text = run("report", snap, "-f", "text", "--color", "never").stdout.decode()
                md = run("report", snap, "-f", "md").stdout.decode()
                html = run("report", snap, "-f", "html").stdout.decode()
                self.assertTrue(text.startswith(want + ": "), text[:80])
                self.assertIn("\n**%s**: " % want, md)
                self.assertIn('<strong class="word">%s</strong> ' % want, html)
        self.assertEqual(seen, {"FAIL", "PASS"})  # the samples show both

    def test_every_golden_has_a_sample(self):
        self.assertEqual(sorted(os.listdir(os.path.join(TOP, "tests", "golden"))),
                         sorted(self.samples() + ["update.sh"]))

    def test_facts_of_the_samples(self):
        b550 = report("samples/gigabyte-b550m.tar.gz")
        # the classic B550 chipset group: USB, SATA, switch ports and the NIC
        self.assertEqual(len(groups_of(b550)[15]), 8)
        self.assertEqual(groups_of(b550)[16], ["0000:08:00.0", "0000:08:00.1"])
        laptop = report("samples/intel-i7-1270p.tar.gz")
        self.assertEqual(len(laptop["groups"]), 15)
        xeon = report("samples/xeon-5520-iommu-off.tar.gz")
        self.assertEqual((xeon["iommu"]["enabled"], len(xeon["groups"])), (False, 0))
        z690 = {d["address"]: d for d in report("samples/z690-sriov.tar.gz")["devices"]}
        vf = z690["0000:06:10.2"]
        self.assertEqual((vf["is_virtfn"], vf["physfn"], vf["vendor_id"], vf["device_id"]),
                         (True, "0000:06:00.0", "8086", "10ca"))
        self.assertEqual(z690["0000:03:00.0"]["parent"], "0000:02:00.0")
        self.assertEqual(z690["0000:02:00.0"]["pcie_type"], "Downstream Port")
        self.assertEqual(z690["0000:02:00.0"]["acs"], {"present": True, "cap": "1f", "ctl": "1d"})
        self.assertEqual(z690["0000:02:01.0"]["acs"]["present"], False)
        self.assertTrue(z690["0000:03:00.0"]["flr"])


class SourcesAgree(TreeCase):
    """The same tree as a directory, as a collected tarball and extracted
    from it: identical devices, groups and IOMMU facts."""

    def models(self, desc):
        root, host = self.build(desc)
        snap = os.path.join(self.tmp, "s.tar.gz")
        subprocess.run([COLLECT, "--root", root, "-o", snap, "-q"], check=True,
                       env=dict(os.environ, SOURCE_DATE_EPOCH=FIXED_TIME))
        extracted = os.path.join(self.tmp, "x")
        with tarfile.open(snap) as tf:
            tf.extractall(extracted)
        top = os.path.join(extracted, os.listdir(extracted)[0])
        return [report(p) for p in (root, snap, top)]

    def test_identical_models(self):
        for desc in ("fuji.desc", "z690-sriov.desc", "nonroot.desc"):
            with self.subTest(desc=desc):
                a, b, c = self.models(desc)
                for key in ("devices", "groups", "iommu"):
                    self.assertEqual(a[key], b[key], key)
                    self.assertEqual(b[key], c[key], key)
                self.assertGreater(len(a["devices"]), 3)
                self.assertEqual(b["snapshot"]["kind"], "archive")
                self.assertEqual(c["snapshot"]["kind"], "directory")
                for d in list(self.tmp and os.listdir(self.tmp)):
                    subprocess.run(["rm", "-rf", os.path.join(self.tmp, d)], check=True)

    def test_root_option(self):
        root, host = self.build("fuji.desc")
        self.assertEqual(report(root), json.loads(run("report", "--root", root, "-f", "json").stdout))
        self.assertEqual(run("report", "--root", os.path.join(root, "proc", "cmdline"),
                             check=False).returncode, 3)
        self.assertEqual(run("report", root, "--root", root, check=False).returncode, 2)

    def test_non_root_is_unknown_not_absent(self):
        a = self.models("nonroot.desc")[1]
        self.assertEqual(a["snapshot"]["config_space"], "header")
        for d in a["devices"]:
            self.assertIsNone(d["acs"]["present"], d["address"])
            self.assertIsNone(d["pcie_type"], d["address"])
            self.assertIsNone(d["flr"], d["address"])


class LiveHost(TreeCase):
    """This machine's '/' (in CI: PCI devices, no IOMMU)."""

    def test_live_report(self):
        live = report("/")
        devices = sorted(os.listdir("/sys/bus/pci/devices"))
        self.assertEqual([d["address"] for d in live["devices"]], devices)
        groups_dir = "/sys/kernel/iommu_groups"
        ngroups = len(os.listdir(groups_dir)) if os.path.isdir(groups_dir) else 0
        self.assertEqual(len(live["groups"]), ngroups)
        self.assertEqual(live["iommu"]["enabled"], ngroups > 0)
        self.assertEqual(live["snapshot"]["kernel"], os.uname().release)
        with open("/proc/cmdline") as f:
            self.assertEqual(live["snapshot"]["cmdline"], f.read().strip())
        # the live host and a snapshot of it: the same model
        snap = os.path.join(self.tmp, "live.tar.gz")
        subprocess.run([COLLECT, "-o", snap, "-q"], check=True)
        collected = report(snap)
        strip = ("name", "class_name")
        self.assertEqual([{k: v for k, v in d.items() if k not in strip} for d in live["devices"]],
                         [{k: v for k, v in d.items() if k not in strip}
                          for d in collected["devices"]])
        self.assertEqual(live["groups"], collected["groups"])

    def test_groups_says_iommu_off(self):
        if os.path.isdir("/sys/kernel/iommu_groups") and os.listdir("/sys/kernel/iommu_groups"):
            self.skipTest("this machine has an IOMMU")
        out = run("groups").stdout.decode().split("\n")
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            guest = any(l.startswith("flags") and " hypervisor" in l for l in f)
        # a virtual machine (CI runners often are) is told about its virtual IOMMU instead
        self.assertTrue(out[0].startswith("No IOMMU groups: this virtual machine has no virtual "
                                          "IOMMU" if guest else
                                          "No IOMMU groups: the IOMMU is off, so no device can "
                                          "be passed through"), out[0])
        self.assertEqual(out[1], "No IOMMU group (%d devices)" % len(os.listdir(
            "/sys/bus/pci/devices")))


class Errors(TreeCase):
    def expect(self, args, code, message):
        p = run(*args, check=False)
        self.assertEqual(p.returncode, code, p.stderr)
        lines = p.stderr.decode().strip().split("\n")
        self.assertEqual(len(lines), 1 if code == 3 else len(lines), lines)
        self.assertIn(message, lines[0])
        self.assertEqual(p.stdout, b"")

    def test_unreadable_and_foreign_files(self):
        empty = os.path.join(self.tmp, "empty.tar.gz")
        open(empty, "w").close()
        junk = os.path.join(self.tmp, "junk.bin")
        with open(junk, "wb") as f:
            f.write(bytes(range(256)) * 64)
        prose = os.path.join(self.tmp, "notes.txt")
        with open(prose, "w") as f:
            f.write("my GPU does not work, please help\n")
        cut = os.path.join(self.tmp, "cut.tar.gz")
        with open(os.path.join(TOP, "samples", "fuji.tar.gz"), "rb") as f:
            data = f.read()
        with open(cut, "wb") as f:
            f.write(data[:len(data) // 2])
        self.expect(["groups", os.path.join(self.tmp, "missing.tar.gz")], 3,
                    "missing.tar.gz: No such file or directory")
        self.expect(["groups", empty], 3, "empty.tar.gz: empty file")
        self.expect(["groups", junk], 3, "junk.bin: not an archive")
        self.expect(["groups", prose], 3, "notes.txt: no PCI devices, groups or host facts")
        self.expect(["report", cut], 3, "cut.tar.gz: ")

    def test_entry_size_limit_at_its_edge(self):
        # 64 MiB per archive entry: exactly that opens, one byte more does not
        import io
        limit = 64 << 20
        for size, ok in ((limit, True), (limit + 1, False)):
            path = os.path.join(self.tmp, "big-%d.tar.gz" % size)
            with tarfile.open(path, "w:gz", compresslevel=1) as tf:
                info = tarfile.TarInfo("sys/bus/pci/devices/0000:00:00.0/big")
                info.size = size
                tf.addfile(info, io.BytesIO(bytes(size)))
                cmd = tarfile.TarInfo("proc/cmdline")
                cmd.size = 3
                tf.addfile(cmd, io.BytesIO(b"ro\n"))
            p = run("groups", path, check=False)
            if ok:
                self.assertEqual(p.returncode, 0, p.stderr)
            else:
                self.assertEqual(p.returncode, 3)
                self.assertEqual(p.stderr.decode().strip(),
                                 "iommuscope: %s: entry 'sys/bus/pci/devices/0000:00:00.0/big' is "
                                 "%d bytes, over the %d-byte limit" % (path, size, limit))
                self.assertEqual(p.stdout, b"")
            os.unlink(path)

    def test_invalid_utf8_stays_in_the_report(self):
        # a Latin-1 byte in a pasted device name: the key must not vanish from the JSON
        path = os.path.join(self.tmp, "latin1.txt")
        with open(path, "wb") as f:
            f.write(b"IOMMU Group 1:\n\t01:00.0 VGA compatible controller [0300]: Caf\xe9 GPU "
                    b"[10de:1b80] (rev a1)\n")
        rep = report(path)
        dev = rep["devices"][0]
        self.assertEqual(dev["name"], "Caf\ufffd GPU")
        self.assertEqual(list(dev)[:8], ["address", "vendor_id", "device_id",
                                         "subsystem_vendor_id", "subsystem_device_id", "class",
                                         "class_name", "name"])

    def test_usage(self):
        self.assertEqual(run("frobnicate", check=False).returncode, 2)
        self.assertEqual(run("groups", "--format", "yaml", check=False).returncode, 2)
        self.assertEqual(run("report", "--format", "yaml", check=False).returncode, 2)
        self.assertEqual(run("groups", "--before", "a", check=False).returncode, 2)
        self.assertEqual(run("diff", "--before", "a", check=False).returncode, 2)
        self.assertIn(b"Usage: iommuscope", run("--help").stdout)

    def test_every_limit_says_so(self):
        # slots fuji has: a --device that names no device is a usage error of its own
        slots = ("00:00", "00:01", "00:14", "00:16", "00:17", "00:1c", "00:1d", "00:1f")
        many = [a for i in range(257) for a in ("-d", slots[i % len(slots)])]
        p = run("report", "samples/fuji.tar.gz", *many, check=False)
        self.assertEqual(p.returncode, 2)
        self.assertIn(b"--device: at most 256 devices", p.stderr)
        self.assertIn(run("report", "samples/fuji.tar.gz", *many[:512], check=False).returncode,
                      (0, 1))
        moves = [a for i in range(65) for a in ("--move", "%02x:00=00:1c.0" % i)]
        p = run("whatif", "samples/fuji.tar.gz", *moves, check=False)
        self.assertEqual(p.returncode, 2)
        self.assertIn(b"--move: at most 64 cards", p.stderr)

    def test_text_is_the_default_everywhere(self):
        snap = "samples/fuji.tar.gz"
        for cmd in (["groups", snap], ["report", snap], ["whatif", snap, "--iommu=on"],
                    ["diff", snap, snap], ["fleet", snap], ["rules"]):
            with self.subTest(cmd=cmd[0]):
                got = run(*cmd, check=False).stdout
                self.assertEqual(got, run(*cmd, "-f", "text", check=False).stdout)
                self.assertFalse(got.startswith(b"{"), got[:80])
        self.assertEqual(run("groups", snap, "-f", "csv", check=False).returncode, 2)
        self.assertEqual(run("rules", "-f", "json", check=False).returncode, 2)

    def test_text_report_is_plain_text(self):
        """No Markdown in the text report: no emphasis, code spans or fences;
        a fix's commands indented four columns under its prose; findings by
        severity, then numerically (group 9 before group 10 before 23)."""
        args = ["report", "samples/z690-sriov.tar.gz", "-d", "01:00", "--color", "never"]
        text = run(*args).stdout.decode()
        for mark in ("```", "**", "`"):
            self.assertNotIn(mark, text)
        fix = re.search(r"^        fix:\n {10}Bind it to vfio-pci at boot[^\n]*\n"
                        r"((?: {14}\S[^\n]*\n)+)", text, re.M)
        self.assertIsNotNone(fix, text[:3000])
        self.assertIn("ids=1002:1478", fix.group(1))
        self.assertTrue(fix.group(1).endswith("              reboot\n"))
        groups = [int(g) for g in re.findall(r"^        Group (\d+) holds", text, re.M)]
        self.assertEqual(groups, [9, 10, 23])
        sev = re.findall(r"^(error|warning|info)\s", text, re.M)
        self.assertEqual(sev, sorted(sev, key=["error", "warning", "info"].index))
        js = json.loads(run(*args, "-f", "json").stdout)
        self.assertEqual([f["subjects"][0] for f in js["findings"] if f["id"] == "group.shared"],
                         ["group 9", "group 10", "group 23"])

    def test_output_file_is_atomic(self):
        out = os.path.join(self.tmp, "r.json")
        run("report", "samples/fuji.tar.gz", "-o", out)
        with open(out, "rb") as f:
            self.assertEqual(f.read(), run("report", "samples/fuji.tar.gz").stdout)
        bad = os.path.join(self.tmp, "no", "dir", "r.json")
        p = run("report", "samples/fuji.tar.gz", "-o", bad, check=False)
        self.assertEqual(p.returncode, 4)
        self.assertIn(b"cannot write " + bad.encode(), p.stderr)
        self.assertEqual(os.listdir(self.tmp), ["r.json"])

    def test_output_refuses_what_is_not_a_file(self):
        """-o writes a regular file or a new name: a FIFO, a character device
        (made with mknod, as root), a directory and a symbolic link are
        refused with a message and left exactly as they were."""
        fifo = os.path.join(self.tmp, "fifo")
        os.mkfifo(fifo)
        cases = {fifo: "a FIFO"}
        if os.geteuid() == 0:  # the /dev/null of issue 20: mknod c 1 3
            null = os.path.join(self.tmp, "null")
            os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
            cases[null] = "a character device"
        sub = os.path.join(self.tmp, "dir")
        os.mkdir(sub)
        cases[sub] = "a directory"
        link = os.path.join(self.tmp, "link")
        os.symlink(fifo, link)
        cases[link] = "a symbolic link"
        for cmd in (["report", "samples/fuji.tar.gz"], ["groups", "samples/fuji.tar.gz"],
                    ["rules"]):
            for path, what in cases.items():
                with self.subTest(cmd=cmd[0], target=what):
                    before = os.lstat(path)
                    p = run(*cmd, "-o", path, check=False)
                    self.assertEqual(p.returncode, 4)
                    self.assertIn(("-o %s: %s, not a regular file" % (path, what)).encode(),
                                  p.stderr)
                    after = os.lstat(path)
                    self.assertEqual((stat.S_IFMT(after.st_mode), after.st_ino, after.st_rdev),
                                     (stat.S_IFMT(before.st_mode), before.st_ino,
                                      before.st_rdev))
        self.assertEqual(sorted(os.listdir(self.tmp)), sorted(os.path.basename(p)
                                                              for p in cases))
        # "-" is standard output
        self.assertEqual(run("rules", "-o", "-").stdout, run("rules").stdout)

    def test_output_keeps_an_existing_files_mode(self):
        out = os.path.join(self.tmp, "r.txt")
        with open(out, "w") as f:
            f.write("old")
        os.chmod(out, 0o640)
        run("report", "samples/fuji.tar.gz", "-o", out)
        self.assertEqual(stat.S_IMODE(os.stat(out).st_mode), 0o640)
        with open(out, "rb") as f:
            self.assertEqual(f.read(), run("report", "samples/fuji.tar.gz").stdout)
        if os.geteuid() == 0:  # root replacing another user's file: owner kept
            os.chown(out, 65534, 65534)
            run("groups", "samples/fuji.tar.gz", "-o", out)
            st = os.stat(out)
            self.assertEqual((st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)),
                             (65534, 65534, 0o640))
        fresh = os.path.join(self.tmp, "new.txt")
        old = os.umask(0o027)
        try:
            run("groups", "samples/fuji.tar.gz", "-o", fresh)
        finally:
            os.umask(old)
        self.assertEqual(stat.S_IMODE(os.stat(fresh).st_mode), 0o640)

    def test_colour_only_when_asked_or_on_a_terminal(self):
        plain = run("groups", "samples/fuji.tar.gz").stdout
        self.assertNotIn(b"\033[", plain)
        coloured = run("groups", "samples/fuji.tar.gz", "--color", "always").stdout
        self.assertIn(b"\033[1mIOMMU group 0\033[0m", coloured)
        self.assertIn(b"\033[32mdriver=vfio-pci\033[0m", coloured)


def reference_groups(text):
    """An independent reading of published group listings (regexes, not our C)."""
    groups, cur, block_dev = {}, None, None
    for raw in text.replace("\r", "").replace("**", "").split("\n"):
        m = re.search(r"iommu_groups/(\d+)/devices/(%s)\s*$" % BDF, raw)
        if m:
            groups.setdefault(int(m.group(1)), set()).add(full(m.group(2)))
            continue
        m = re.match(r"^IOMMU [Gg]roup (\d+) (%s) " % BDF, raw)
        if m:
            groups.setdefault(int(m.group(1)), set()).add(full(m.group(2)))
            cur = None
            continue
        m = re.match(r"^\s*(?:#+\s*)?(?:IOMMU )?[Gg]roup (\d+):?\s*#*\s*$", raw)
        if m:
            cur = int(m.group(1))
            groups.setdefault(cur, set())
            continue
        m = re.match(r"^\s+(%s) " % BDF, raw)
        if m and cur is not None:
            groups[cur].add(full(m.group(1)))
            continue
        m = re.match(r"^(%s) " % BDF, raw)
        if m:
            cur, block_dev = None, full(m.group(1))
            continue
        m = re.match(r"^\s+IOMMU group: (\d+)$", raw)
        if m and block_dev:
            groups.setdefault(int(m.group(1)), set()).add(block_dev)
    return {g: sorted(v) for g, v in groups.items() if v}


# A forum post's before and after, each printed by the seed script (the
# Proxmox and Arch wiki loop: "IOMMU Group N:", then a tab and lspci -nns).
BEFORE_AFTER = """Before, without the override:

```
IOMMU Group 0:
\t00:00.0 Host bridge [0600]: Advanced Micro Devices, Inc. [AMD] Renoir/Cezanne Root Complex [1022:1630]
IOMMU Group 1:
\t00:02.1 PCI bridge [0604]: Advanced Micro Devices, Inc. [AMD] Renoir/Cezanne PCIe GPP Bridge [1022:1634]
\t00:02.2 PCI bridge [0604]: Advanced Micro Devices, Inc. [AMD] Renoir/Cezanne PCIe GPP Bridge [1022:1634]
\t01:00.0 Non-Volatile memory controller [0108]: Samsung Electronics Co Ltd NVMe SSD Controller SM981/PM981/PM983 [144d:a808]
\t02:00.0 Ethernet controller [0200]: Realtek Semiconductor Co., Ltd. RTL8111/8168/8411 PCI Express Gigabit Ethernet Controller [10ec:8168] (rev 15)
```

After adding pcie_acs_override=downstream,multifunction:

```
IOMMU Group 0:
\t00:00.0 Host bridge [0600]: Advanced Micro Devices, Inc. [AMD] Renoir/Cezanne Root Complex [1022:1630]
IOMMU Group 1:
\t00:02.1 PCI bridge [0604]: Advanced Micro Devices, Inc. [AMD] Renoir/Cezanne PCIe GPP Bridge [1022:1634]
IOMMU Group 2:
\t00:02.2 PCI bridge [0604]: Advanced Micro Devices, Inc. [AMD] Renoir/Cezanne PCIe GPP Bridge [1022:1634]
IOMMU Group 3:
\t01:00.0 Non-Volatile memory controller [0108]: Samsung Electronics Co Ltd NVMe SSD Controller SM981/PM981/PM983 [144d:a808]
IOMMU Group 4:
\t02:00.0 Ethernet controller [0200]: Realtek Semiconductor Co., Ltd. RTL8111/8168/8411 PCI Express Gigabit Ethernet Controller [10ec:8168] (rev 15)
```
"""


class Pastes(TreeCase):
    """Pastes as tickets carry them: two listings in one post, quoted, UTF-16."""

    def write(self, name, data):
        path = os.path.join(self.tmp, name)
        with open(path, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode())
        return path

    def test_two_listings_are_two_hosts(self):
        path = self.write("post.md", BEFORE_AFTER)
        text = run("groups", path).stdout.decode()
        self.assertEqual(re.findall(r"^== Host (\d) of 2: lines (\d+) to (\d+)", text, re.M),
                         [("1", "1", "15"), ("2", "16", "26")])
        hosts = json.loads(run("groups", path, "--format", "json").stdout)
        self.assertEqual([len(h["groups"]) for h in hosts], [2, 5])
        self.assertEqual(groups_of(hosts[0])[1], ["0000:00:02.1", "0000:00:02.2",
                                                  "0000:01:00.0", "0000:02:00.0"])
        md = run("report", path, "--format", "md").stdout.decode()
        self.assertEqual(md.count("# Host "), 2)
        p = run("report", path, "--format", "html", check=False)
        self.assertEqual(p.returncode, 2)
        self.assertIn("holds 2 group listings", p.stderr.decode())

    def test_diff_of_one_file_with_before_and_after(self):
        path = self.write("post.md", BEFORE_AFTER)
        p = run("diff", path, "--format", "json", check=False)
        self.assertEqual(p.returncode, 1, p.stderr)
        whats = {c["what"] for c in json.loads(p.stdout)["changes"]}
        self.assertIn("groups.split", whats)
        self.assertIn("post.md lines 1 to 15 (time unknown), after: %s lines 16 to 26" % path,
                      run("diff", path, check=False).stdout.decode())
        self.assertNotIn("device.appeared", whats)
        one = self.write("one.md", BEFORE_AFTER.split("After")[0])
        p = run("diff", one, check=False)
        self.assertEqual(p.returncode, 2)
        self.assertIn("holds 1", p.stderr.decode())

    def test_quoted_and_utf16_pastes(self):
        listing = BEFORE_AFTER.split("```")[1]
        quoted = self.write("reply.txt", "".join("> " + l + "\n" for l in listing.split("\n")))
        utf16 = self.write("win.txt", listing.encode("utf-16"))
        bom = self.write("bom.txt", b"\xef\xbb\xbf" + listing.lstrip("\n").encode())
        for path in (quoted, utf16, bom):
            with self.subTest(path=os.path.basename(path)):
                got = groups_of(json.loads(run("groups", path, "--format", "json").stdout))
                self.assertEqual(sorted(got), [0, 1])
                self.assertEqual(len(got[1]), 4)


@unittest.skipUnless(os.path.isdir(REALDATA),
                     "../shared/realdata is not beside this clone: real-machine suite skipped")
class RealMachines(TreeCase):
    """Every group listing in ../shared/realdata parses to the published groups."""

    LISTINGS = [
        "pairs/ashtonian-asus-z690-alderlake/output.sh.txt",
        "pairs/asokolsky-duo-2024-03/iommu_groups.md",
        "pairs/asokolsky-duo-2024-11/iommu_groups.md",
        "pairs/asokolsky-fuji/iommu_groups.md",
        "pairs/yyu-vm-x570-gt710/iommu_groups",
        "pairs/naunter-asrock-b550-itx-acs-override-groups-only/README.md",
        "pairs/linuxhw-gigabyte-b550m-aorus-pro-p-DAB731FD45/lspci-vvnn.txt",
        "sysfs/asokolsky-fuji-find-iommu_groups.txt",
    ]

    def check_text(self, text, label):
        path = os.path.join(self.tmp, "paste.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        want = reference_groups(text)
        self.assertGreater(len(want), 5, label)
        got = groups_of(report(path))
        self.assertEqual(got, want, label)
        return got

    def test_group_listings(self):
        for rel in self.LISTINGS:
            with self.subTest(listing=rel):
                with open(os.path.join(REALDATA, rel), encoding="utf-8", errors="replace") as f:
                    self.check_text(f.read(), rel)

    def test_two_machines_in_one_file(self):
        # 9_SAMPLE_IOMMU_GROUPS.md holds a Z170 and a B450M listing (and a board
        # without one between them): one paste each
        with open(os.path.join(REALDATA, "pairs/64kramsystem-sample-groups-z170-b450m-groups-"
                                         "only/9_SAMPLE_IOMMU_GROUPS.md"), encoding="utf-8") as f:
            sections = re.split(r"\n## ", f.read())[1:]
        self.assertEqual(len(sections), 3)
        z170 = self.check_text(sections[0], "z170")
        self.assertEqual(z170[1], ["0000:00:01.0", "0000:01:00.0", "0000:01:00.1"])
        self.assertEqual(reference_groups(sections[1]), {})
        self.check_text(sections[2], "b450m")

    def test_two_machines_in_one_file_are_two_hosts(self):
        path = os.path.join(REALDATA, "pairs/64kramsystem-sample-groups-z170-b450m-groups-"
                                      "only/9_SAMPLE_IOMMU_GROUPS.md")
        with open(path, encoding="utf-8") as f:
            sections = re.split(r"\n## ", f.read())[1:]
        want = [reference_groups(sections[0]), reference_groups(sections[2])]
        hosts = json.loads(run("groups", path, "--format", "json").stdout)
        self.assertEqual([groups_of(h) for h in hosts], want)
        self.assertEqual([h["listing"]["index"] for h in hosts], [1, 2])
        reports = json.loads(run("report", path, "-f", "json").stdout)
        self.assertEqual([groups_of(r) for r in reports], want)
        self.assertEqual(reports[0]["snapshot"]["listing"]["of"], 2)
        text = run("groups", path).stdout.decode()
        self.assertEqual(re.findall(r"^== Host (\d) of 2", text, re.M), ["1", "2"])
        # the GTX 960 stays with the Intel root port, away from the AMD bridges
        host1 = text.split("== Host 2")[0]
        self.assertIn("GTX 960", host1)
        self.assertNotIn("[AMD]", host1)
        p = run("diff", path, "--format", "json", check=False)
        self.assertEqual(p.returncode, 1, p.stderr)
        changes = json.loads(p.stdout)["changes"]
        self.assertIn("GeForce GTX 960", "\n".join(c["text"] for c in changes
                                                   if c["what"] == "device.disappeared"))

    def test_lspci_names_and_drivers_of_a_real_host(self):
        rel = "pairs/linuxhw-gigabyte-b550m-aorus-pro-p-DAB731FD45/lspci-vvnn.txt"
        devs = {d["address"]: d for d in report(os.path.join(REALDATA, rel))["devices"]}
        self.assertEqual(len(devs), 40)
        gpu = devs["0000:08:00.0"]
        self.assertEqual((gpu["vendor_id"], gpu["device_id"], gpu["group"]), ("10de", "2487", 16))
        self.assertEqual(devs["0000:00:03.1"]["acs"], {"present": True, "cap": "5f", "ctl": "1d"})
        self.assertEqual(devs["0000:08:00.0"]["parent"], "0000:00:03.1")
        self.assertEqual(devs["0000:07:00.0"]["driver"], "r8169")

    def test_ghw_sysfs_tarballs_open_directly(self):
        path = os.path.join(REALDATA, "sysfs", "ghw-linux-amd64-415ee03b8c4d1c4f07ae2e9d8b3d3d6d"
                                               ".tar.gz")
        want = {}
        with tarfile.open(path) as tf:
            for m in tf.getmembers():
                parts = m.name.split("/")
                if m.issym() and parts[-1] == "iommu_group" and "devices" in parts:
                    want.setdefault(int(m.linkname.rsplit("/", 1)[1]), []).append(parts[-2])
        rep = report(path)
        self.assertEqual(rep["iommu"]["groups_from"], "device links")
        self.assertEqual(len(rep["groups"]), 15)
        self.assertEqual(groups_of(rep), {g: sorted(v) for g, v in want.items()})


if __name__ == "__main__":
    unittest.main()
