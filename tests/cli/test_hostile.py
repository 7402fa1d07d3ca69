# SPDX-License-Identifier: MIT
"""The hostile suite (tests/hostile/make.py): path traversal, absolute
paths, duplicate names, hard links, FIFOs, non-UTF-8 names, links that escape
or loop (in a tarball and in a directory tree), a 10 GB gzip bomb, a header
that claims 10 GB, a million entries, 100 nested bridges, a group of 100,000
functions, a 1 MB config, a 10 MB line, truncated gzip, a lying manifest, and
markup and terminal escapes in names; and every limit at its edge (the limit
is read, one more is refused with one message naming file, limit and value):
entries, path length, link hops, total bytes, config size, line length, kernel
parameters and PCI functions. Each gives a clear error or a correct,
escaped report, within 5 s and 256 MB (scaled under the sanitizers), and
writes nothing but its -o file."""

import csv
import io
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import unittest

from common import TreeCase

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "hostile"))
import make  # noqa: E402

ANALYZER = os.environ.get("ISC_ANALYZER", "iommuscope")
SCALE = float(os.environ.get("ISC_COST_SCALE", "1"))  # sanitizer builds are slower and bigger
SAMPLE = os.path.join(HERE, "..", "..", "samples", "fuji.tar.gz")


def run_measured(cmd, cwd):
    """Run @cmd in @cwd from a fresh forked process, so that its peak RSS is
    this run's alone. Returns (exit status, stderr, CPU seconds, peak MB):
    CPU time, not wall time, so a busy machine does not fail the test."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        p = subprocess.run(cmd, cwd=cwd, capture_output=True, timeout=120,
                           env=dict(os.environ, HOME=cwd))
        use = resource.getrusage(resource.RUSAGE_CHILDREN)
        report = {"code": p.returncode, "err": p.stderr.decode(errors="replace")[-4000:],
                  "s": use.ru_utime + use.ru_stime, "mb": use.ru_maxrss / 1024}
        os.write(w, json.dumps(report).encode())
        os._exit(0)
    os.close(w)
    data = b""
    while True:
        chunk = os.read(r, 65536)
        if not chunk:
            break
        data += chunk
    os.close(r)
    os.waitpid(pid, 0)
    rep = json.loads(data)
    return rep["code"], rep["err"], rep["s"], rep["mb"]


class Hostile(TreeCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="isc-hostile-")
        cls.secret = os.path.join(cls.dir, "outside-secret.txt")
        with open(cls.secret, "w") as f:
            f.write("01:00.0 VGA compatible controller [0300]: OUTSIDE-SECRET [10de:1b80]\n")
        make.make_all(cls.dir, SAMPLE, cls.secret)
        cls.before = sorted(os.listdir(cls.dir))

    @classmethod
    def tearDownClass(cls):
        subprocess.run(["rm", "-rf", cls.dir], check=False)

    def analyze(self, name, *args, fmt="md"):
        """Run report on hostile input @name in an empty directory; return
        (exit, stdout of -o file or None, stderr). Checks time, memory and
        that nothing but the -o file was written."""
        cwd = tempfile.mkdtemp(dir=self.tmp)
        cmd = [ANALYZER, "report", os.path.join(self.dir, name), "--format", fmt, "-o",
               "out"] + list(args)
        code, err, elapsed, rss_mb = run_measured(cmd, cwd)
        self.assertLess(elapsed, 5 * SCALE, "%s took %.1f s" % (name, elapsed))
        self.assertLess(rss_mb, 256 * SCALE, "%s: %.0f MB" % (name, rss_mb))
        self.assertNotIn("runtime error", err)
        written = os.listdir(cwd)
        self.assertEqual(written, ["out"] if code in (0, 1) else [], name)
        self.assertEqual(sorted(os.listdir(self.dir)), self.before, "input directory changed")
        text = None
        if written:
            with open(os.path.join(cwd, "out"), encoding="utf-8", errors="replace") as f:
                text = f.read()
        return code, text, err

    def error(self, name, words):
        code, text, err = self.analyze(name)
        self.assertEqual(code, 3, err)
        lines = err.strip().split("\n")
        self.assertEqual(len(lines), 1, err)
        self.assertIn(name, lines[0])
        self.assertIn(words, lines[0])

    def report(self, name, *args, fmt="md"):
        code, text, err = self.analyze(name, *args, fmt=fmt)
        self.assertIn(code, (0, 1), err)
        return text, err

    def test_traversal_duplicates_hard_links_fifos(self):
        text, err = self.report("traversal.tar.gz", "-v")
        for words in ("'../../../tmp/isc-escaped' skipped", "'/etc/isc-absolute' skipped",
                      "'etc/hard' skipped: hard link", "'etc/fifo' skipped: not a file"):
            self.assertIn(words, err)
        self.assertIn("01:00.0", text)
        self.assertFalse(os.path.exists("/tmp/isc-escaped"))

    def test_nul_in_a_name(self):
        # the name ends at the NUL: the file is read as etc/modprobe.d/nul.conf
        text, _ = self.report("nul-name.tar.gz", "-d", "01:00.0", fmt="json")
        f = [f for f in json.loads(text)["findings"] if f["id"] == "vfio.ids_not_applied"]
        self.assertEqual(len(f), 1, text)
        self.assertIn("etc/modprobe.d/nul.conf", json.dumps(f[0]))
        self.assertNotIn("isc-nul", text)
        self.assertFalse(os.path.exists("/tmp/isc-nul"))

    def test_links_that_escape_or_loop(self):
        for name in ("symlinks.tar.gz", "symlink-tree"):
            text, _ = self.report(name, fmt="json")
            self.assertNotIn("OUTSIDE-SECRET", text)
            self.assertNotIn("root:", text)  # /etc/shadow, /etc/passwd
            json.loads(text)

    def test_gzip_bomb_stops_at_the_total_limit(self):
        self.error("bomb-10g.tar.gz", "more than 1073741824 bytes uncompressed (the limit)")

    def test_entry_that_claims_10_gb(self):
        self.error("huge-entry.tar.gz", "is 10737418240 bytes, over the 67108864-byte limit")

    def test_a_million_entries(self):
        self.error("million.tar.gz", "no PCI devices")

    def test_entry_count_at_its_limit(self):
        # 1,048,576 entries are read (and hold nothing to analyse); one more stops
        self.error("entries-at-limit.tar.gz", "no PCI devices")
        self.error("entries-over-limit.tar.gz", "more than 1048576 archive entries (the limit)")

    def test_line_length_at_its_limit(self):
        text, _ = self.report("line-at-limit.txt", fmt="json")
        self.assertIn("0000:01:00.0", [d["address"] for d in json.loads(text)["devices"]])
        code, text, err = self.analyze("line-over-limit.txt", "-v", fmt="json")
        self.assertIn(code, (0, 1), err)
        self.assertIn("line-over-limit.txt:2: line of 65537 bytes skipped: longer than the "
                      "65536-byte limit", err)
        self.assertNotIn("0000:01:00.0", [d["address"] for d in json.loads(text)["devices"]])

    def test_100_nested_bridges(self):
        text, _ = self.report("deep-100.tar.gz", fmt="html")
        self.assertIn("64:00.0", text)  # the GPU below the hundredth bridge
        self.assertIn("<svg", text)

    def test_group_of_100000_functions(self):
        code, _, err = self.analyze("group-100k.txt", "-v")
        self.assertIn(code, (0, 1))
        self.assertIn("more than 65536 PCI functions", err)

    def test_1_mb_config(self):
        text, err = self.report("config-1m.tar.gz", "-v", fmt="json")
        self.assertIn("0000:01:00.0/config: config space ignored: 1048832 bytes, larger than "
                      "the 4096 bytes", err)
        gpu = [d for d in json.loads(text)["devices"] if d["address"] == "0000:01:00.0"][0]
        self.assertEqual(gpu["group"], 2)

    def limit_edge(self, at, over, words, fmt="json", args=()):
        """@at is read whole and quietly; @over gives one diagnostic naming
        the file, the limit and the value. Returns both reports."""
        text_at, err_at = self.report(at, "-v", *args, fmt=fmt)
        self.assertNotIn(words, err_at)
        text_over, err_over = self.report(over, "-v", *args, fmt=fmt)
        self.assertEqual(len([l for l in err_over.split("\n") if words in l]), 1, err_over)
        return text_at, text_over, err_over

    def test_path_length_at_its_limit(self):
        # a modprobe.d file whose path is 4,095 bytes is read (its vfio-pci ids count);
        # at 4,096 it is skipped, and the diagnostic says so with both numbers
        at, over, err = self.limit_edge("path-at-limit.tar.gz", "path-over-limit.tar.gz",
                                        "the 4095-byte limit", args=("-d", "01:00.0"))
        self.assertIn("its name is longer than the 4095-byte limit (4096 bytes)", err)
        self.assertIn("vfio.ids_not_applied", [f["id"] for f in json.loads(at)["findings"]])
        self.assertIn("vfio.not_bound", [f["id"] for f in json.loads(over)["findings"]])

    def test_link_hops_at_their_limit(self):
        # the GPU's device link reached through 40 links is followed; through 41 it is not
        at, over, err = self.limit_edge("hops-at-limit.tar.gz", "hops-over-limit.tar.gz",
                                        "more than 40 links to follow (the limit)")
        self.assertIn("sys/bus/pci/devices/0000:01:00.0: link cannot be resolved", err)
        self.assertIn("0000:01:00.0", [d["address"] for d in json.loads(at)["devices"]])
        self.assertNotIn("0000:01:00.0", [d["address"] for d in json.loads(over)["devices"]])

    def test_config_size_at_its_limit(self):
        at, over, err = self.limit_edge("config-at-limit.tar.gz", "config-over-limit.tar.gz",
                                        "config space ignored")
        self.assertIn("4097 bytes, larger than the 4096 bytes PCI Express defines", err)
        gpu = lambda t: [d for d in json.loads(t)["devices"] if d["address"] == "0000:01:00.0"][0]
        self.assertEqual((gpu(at)["class"], gpu(at)["config_space"]), ("030000", "extended"))
        self.assertEqual((gpu(over)["class"], gpu(over)["config_space"]), (None, "none"))

    def test_kernel_parameters_at_their_limit(self):
        # the 4,096th parameter (intel_iommu=on) is read; as the 4,097th it is dropped
        at, over, err = self.limit_edge("params-at-limit.tar.gz", "params-over-limit.tar.gz",
                                        "more than 4096 parameters (the limit)")
        self.assertIn("proc/cmdline", err)
        params = lambda t: json.loads(t)["snapshot"]["cmdline_params"]
        self.assertEqual((len(params(at)), params(at)[-1]), (4096, "intel_iommu=on"))
        self.assertEqual((len(params(over)), params(over)[-1]), (4096, "quiet"))

    def test_devices_at_their_limit(self):
        at, over, err = self.limit_edge("group-at-limit.txt", "group-over-limit.txt",
                                        "more than 65536 PCI functions")
        self.assertEqual(len(json.loads(at)["devices"]), 65536)
        self.assertEqual(len(json.loads(over)["devices"]), 65536)

    def test_total_bytes_at_their_limit(self):
        # exactly 1 GiB uncompressed is read; one byte more stops with the message
        text, _ = self.report("total-at-limit.tar.gz", fmt="json")
        self.assertEqual(len(json.loads(text)["devices"]), 2)
        self.error("total-over-limit.tar.gz",
                   "more than 1073741824 bytes uncompressed (the limit)")

    def test_10_mb_line(self):
        self.error("line-10m.txt", "no PCI devices")

    def test_truncated_gzip(self):
        self.error("truncated.tar.gz", "truncated gzip input")

    def test_lying_manifest(self):
        text, _ = self.report("lying-manifest.tar.gz", fmt="json")
        self.assertEqual(len(json.loads(text)["groups"]), 2)

    def memory_case(self, name, words):
        """@name is refused with @words, within 5 s and 256 MB (analyze());
        the peak goes to stderr for the record (docs/security.md)."""
        cwd = tempfile.mkdtemp(dir=self.tmp)
        code, err, cpu, rss_mb = run_measured(
            [ANALYZER, "report", os.path.join(self.dir, name), "-o", "out"], cwd)
        sys.stderr.write("\n  %s: peak RSS %.0f MB, %.2f s CPU\n" % (name, rss_mb, cpu))
        self.error(name, words)

    def test_link_targets_count(self):
        # 7,000 links with 500,000-byte targets (4 MB of gzip; 3.4 GB before)
        self.memory_case("link-targets.tar.gz", "links to a 500000-byte target, over the "
                         "4095-byte limit")

    def test_names_count(self):
        # 100,000 4,000-byte names out of order (1.9 MB of gzip; 431 MB before)
        self.memory_case("names-unsorted.tar.gz", "more than 100663296 bytes of data, names "
                         "and link targets to hold in memory (the limit)")

    def test_sparse_holes_count(self):
        # one sparse member of 1,000,000,000 bytes; 17 of 60 MiB with data at their
        # ends (457 bytes of gzip; 1 GB before)
        self.memory_case("sparse-1g.tar.gz", "entry 'etc/sparse' is 1000000000 bytes, over "
                         "the 67108864-byte limit")
        self.memory_case("sparse-17x60m.tar.gz", "more than 100663296 bytes of data, names "
                         "and link targets to hold in memory (the limit); stopped at entry "
                         "'etc/sparse/01'")

    def test_no_external_decompressor(self):
        # lzop, lrzip and grzip magic: libarchive's own filters only, no program run
        strace = shutil.which("strace")
        if not strace:
            self.skipTest("strace is not installed")
        analyzer = os.path.realpath(shutil.which(ANALYZER) or ANALYZER)
        # LeakSanitizer cannot run under ptrace: the sanitizer build keeps the
        # rest of its checks here
        env = dict(os.environ, ASAN_OPTIONS=os.environ.get("ASAN_OPTIONS", "") + ":detect_leaks=0")
        fleet_dir = tempfile.mkdtemp(dir=self.tmp)
        for name in ("lzop", "lrzip", "grzip"):
            path = os.path.join(self.dir, "magic-%s.tar" % name)
            shutil.copy(path, os.path.join(fleet_dir, "%s.tar.gz" % name))
            for cmd in ([analyzer, "report", path, "-o", "out"], [analyzer, "fleet", path]):
                log = os.path.join(self.tmp, "strace.log")
                p = subprocess.run([strace, "-f", "-qq", "-e", "trace=execve", "-o", log] + cmd,
                                   cwd=self.tmp, capture_output=True, timeout=60, env=env)
                self.assertEqual(p.returncode, 3 if cmd[1] == "report" else 1, p.stderr)
                with open(log) as f:
                    calls = [l for l in f if "execve(" in l]
                self.assertTrue(calls)
                for call in calls:
                    self.assertIn('execve("%s"' % analyzer, call, "%s: %s" % (name, call))
        p = subprocess.run([strace, "-f", "-qq", "-e", "trace=execve", "-o", log, analyzer,
                            "fleet", fleet_dir], cwd=self.tmp, capture_output=True, timeout=60,
                           env=env)
        with open(log) as f:
            self.assertEqual([l for l in f if "execve(" in l and analyzer not in l], [])
        self.assertEqual(p.stdout.count(b"Unrecognized archive format"), 3, p.stdout)

    def test_csv_cells_are_never_formulas(self):
        p = subprocess.run([ANALYZER, "fleet", os.path.join(self.dir, "csv-formulas"),
                            "--format", "csv"], capture_output=True, timeout=60)
        rows = list(csv.reader(io.StringIO(p.stdout.decode(), newline="")))
        self.assertEqual(len(rows), 7, p.stdout)
        cells = [c for row in rows[1:] for c in row]
        self.assertEqual([c for c in cells if c and c[0] in "=+-@\t\r"], [])
        for value in ('=HYPERLINK("http://evil.example/","x")', "+1+2", "-2+3", "@SUM(A1)"):
            self.assertIn("'" + value, cells)  # kept, as text

    def gfm(self, md):
        """@md as GitHub renders it: cmark-gfm with autolinks and tables, raw
        HTML let through (so that any that our escaping missed shows)."""
        cmark = shutil.which("cmark-gfm")
        if not cmark:
            self.skipTest("cmark-gfm is not installed")
        p = subprocess.run([cmark, "-e", "autolink", "-e", "table", "--unsafe"],
                           input=md.encode(), capture_output=True, timeout=60, check=True)
        return p.stdout.decode()

    def assert_no_markup(self, html, what):
        for bad in ("<a ", "<img", "<script", "<iframe"):
            self.assertNotIn(bad, html, what)
        self.assertNotRegex(html, r"<[a-z][^<>]*\s(href|src)=", what)

    def test_manifest_size_at_its_limit(self):
        at, over, err = self.limit_edge("manifest-at-limit.tar.gz", "manifest-over-limit.tar.gz",
                                        "over the 4194304-byte limit")
        self.assertIn("manifest.json: 4194305 bytes, over the 4194304-byte limit for this "
                      "file: ignored", err)
        self.assertEqual(json.loads(at)["snapshot"]["host"], "padded")
        self.assertIsNone(json.loads(over)["snapshot"]["host"])

    def test_attribute_size_at_its_limit(self):
        at, over, err = self.limit_edge("attribute-at-limit.tar.gz",
                                        "attribute-over-limit.tar.gz",
                                        "over the 65536-byte limit")
        self.assertIn("0000:01:00.0/reset_method: 65537 bytes, over the 65536-byte limit for "
                      "this file: ignored", err)
        gpu = lambda t: [d for d in json.loads(t)["devices"] if d["address"] == "0000:01:00.0"][0]
        self.assertTrue(gpu(at)["reset_methods"].startswith("flr flr"))
        self.assertIsNone(gpu(over)["reset_methods"])

    def test_c1_controls_and_bad_utf8(self):
        # C1 never reaches a terminal; only the bad bytes of bad UTF-8 are replaced
        cwd = tempfile.mkdtemp(dir=self.tmp)
        p = subprocess.run([ANALYZER, "report", os.path.join(self.dir, "bad-text.txt"),
                            "--format", "text"], cwd=cwd, capture_output=True, timeout=60)
        self.assertIn(b"Csi?31mRED raw?31mX", p.stdout)
        self.assertNotIn(b"\xc2\x9b", p.stdout)
        self.assertNotIn(b"\x9b", p.stdout.replace(b"\xc3\xa9", b""))
        text, _ = self.report("bad-text.txt", fmt="json")
        name = json.loads(text)["devices"][0]["name"]
        self.assertEqual(name, "Csi?31mRED raw?31mX sur\ufffd\ufffd?Y over\ufffd\ufffdZ caf\u00e9")

    def test_markup_in_findings(self):
        # a kernel log line, VM names, manifest items, a driver and a kernel parameter
        # full of links, images, HTML, autolinks and line breaks: text in every format
        name = "markup-in-findings.tar.gz"
        md, _ = self.report(name)
        self.assertIn("passthrough.device_in_two_vms", md)
        self.assertIn("vfio.group_not_viable_log", md)
        self.assertIn("snapshot.incomplete", md)
        self.assertIn("vfio.not_bound", md)
        html = self.gfm(md)
        self.assert_no_markup(html, "Markdown report")
        self.assertEqual(html.count("<h1>"), 1, html)
        self.assertNotIn("<h1>Injected", html)
        self.assertNotRegex(md, r"(?m)^#+ Injected")
        page, _ = self.report(name, fmt="html")
        self.assert_no_markup(page, "HTML report")
        self.assertIn('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'',
                      page)
        self.assertIn("javascript:alert(1)", page)  # shown as text, not dropped
        text, _ = self.report(name, fmt="json")
        for f in json.loads(text)["findings"]:
            for key in ("summary", "fix"):
                if f.get(key):
                    self.assert_no_markup(self.gfm(f[key]), "%s %s" % (f["id"], key))
            for e in f["evidence"]:
                self.assertNotIn("\n", e["path"] + (e["line"] or ""))

    def test_markup_and_escapes_in_names(self):
        md, _ = self.report("evil-names.tar.gz")
        for line in md.split("\n"):
            if line.startswith("| ") and "01:00.0" in line and "Evil" in line:
                self.assertEqual(line.count(" | ") + 2, line.count("|") - line.count("\\|"))
        self.assert_no_markup(self.gfm(md), "Markdown report")
        html, _ = self.report("evil-names.tar.gz", fmt="html")
        self.assert_no_markup(html, "HTML report")
        self.assertNotIn("javascript:", html.replace("javascript:alert(1))", ""))
        text, _ = self.report("evil-names.tar.gz", fmt="text")
        self.assertIn("Evil", text)
        self.assertNotIn("\x1b", text)
        self.assertNotIn("\x07", text)

    def test_fix_commands_hold_only_validated_tokens(self):
        # issue 20, item 2: a driver named like a shell command never reaches a
        # command line; the fix says why its softdep line is left out
        allowed = re.compile(r"^(apt install driverctl|driverctl set-override '[0-9a-f:.]+' vfio-pci|"
                             r"grep -qsxF '(options vfio-pci ids=[0-9a-f:,]+|softdep [A-Za-z0-9_-]+ "
                             r"pre: vfio-pci)' /etc/modprobe\.d/vfio\.conf \|\| echo '[^']*' >> "
                             r"/etc/modprobe\.d/vfio\.conf|sed -i -E '[^']*ids=[0-9a-f:,]*/' "
                             r"/etc/modprobe\.d/[A-Za-z0-9_.-]+|update-initramfs -u -k all|"
                             r"dracut -f --regenerate-all|proxmox-boot-tool refresh|reboot)$")
        for name in ("evil-driver.tar.gz", "evil-driver-ids.tar.gz"):
            with self.subTest(snapshot=name):
                text, _ = self.report(name, fmt="json")
                rep = json.loads(text)
                fixes = [f["fix"] for f in rep["findings"] if f["id"] in ("vfio.not_bound",
                                                                           "vfio.ids_not_applied")]
                self.assertEqual(len(fixes), 1)
                self.assertIn("driver name not shown: unusual characters", fixes[0])
                for f in rep["findings"]:
                    for block in re.findall(r"```sh\n(.*?)```", f["fix"] or "", re.S):
                        for line in block.splitlines():
                            self.assertRegex(line, allowed)
                            self.assertNotIn(make.EVIL_DRIVER, line)


if __name__ == "__main__":
    unittest.main()
