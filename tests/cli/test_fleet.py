# SPDX-License-Identifier: MIT
"""iommuscope fleet: every sample plus a broken snapshot, analysed in
parallel; the broken one's row says why and the others are complete; the
same table whatever -j; JSON Lines valid line by line with the full report;
CSV that a CSV reader reads back."""

import csv
import io
import json
import os
import shutil
import subprocess
import unittest

from common import TreeCase

ANALYZER = os.environ.get("ISC_ANALYZER", "iommuscope")
SAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "samples")


class Fleet(TreeCase):
    def setUp(self):
        super().setUp()
        self.dir = os.path.join(self.tmp, "tickets")
        os.makedirs(self.dir)
        self.samples = sorted(f for f in os.listdir(SAMPLES) if f.endswith(".tar.gz"))
        for f in self.samples:
            shutil.copy(os.path.join(SAMPLES, f), self.dir)
        with open(os.path.join(self.dir, "broken.tar.gz"), "wb") as f:
            f.write(b"\x1f\x8b\x08\x00 not really gzip")
        with open(os.path.join(self.dir, "notes.md"), "w") as f:
            f.write("not a snapshot: ignored by name\n")

    def fleet(self, *args, code=1):
        p = subprocess.run([ANALYZER, "fleet", self.dir] + list(args), capture_output=True,
                           text=True, timeout=300)
        self.assertEqual(p.returncode, code, p.stderr)
        return p.stdout

    def test_same_name_in_two_folders(self):
        """Two snapshots called alike in different folders are two rows that
        say which folder each came from."""
        for sub in ("rack1", "rack2"):
            os.mkdir(os.path.join(self.dir, sub))
            shutil.copy(os.path.join(SAMPLES, "fuji.tar.gz"),
                        os.path.join(self.dir, sub, "host.tar.gz"))
        p = subprocess.run([ANALYZER, "fleet", os.path.join(self.dir, "rack1"),
                            os.path.join(self.dir, "rack2")], capture_output=True, text=True,
                           cwd=self.dir, timeout=300)
        self.assertIn(p.returncode, (0, 1), p.stderr)
        rows = p.stdout.splitlines()[1:3]
        self.assertTrue(rows[0].startswith(os.path.join(self.dir, "rack1", "host.tar.gz")) or
                        "rack1/host.tar.gz" in rows[0], p.stdout)
        self.assertIn("rack2/host.tar.gz", rows[1])
        p = subprocess.run([ANALYZER, "fleet", "rack1", "rack2"], capture_output=True,
                           text=True, cwd=self.dir, timeout=300)
        self.assertEqual([r.split()[0] for r in p.stdout.splitlines()[1:3]],
                         ["rack1/host.tar.gz", "rack2/host.tar.gz"])

    def test_rows_and_summary(self):
        doc = json.loads(self.fleet("--format", "json"))
        self.assertEqual(doc["schema"], "iommuscope.fleet/1")
        files = [os.path.basename(h["file"]) for h in doc["hosts"]]
        self.assertEqual(files, sorted(self.samples + ["broken.tar.gz"]))
        broken = doc["hosts"][files.index("broken.tar.gz")]
        self.assertIn("broken.tar.gz", broken["error"])
        for h in doc["hosts"]:
            if h is broken:
                continue
            self.assertIsNone(h["error"])
            for key in ("iommu", "interrupt_remapping", "kernel", "groups", "largest_group",
                        "targets", "errors", "warnings", "findings", "ready", "layout"):
                self.assertIn(key, h)
        fuji = doc["hosts"][files.index("fuji.tar.gz")]
        self.assertEqual((fuji["host"], fuji["iommu"], fuji["groups"], fuji["largest_group"]),
                         ("fuji", "on", 15, 3))
        self.assertEqual(fuji["targets"], [{"address": "0000:00:17.0",
                                            "verdict": "can be passed through"}])
        self.assertEqual(fuji["bios"], "V5.0.0.12 (04/11/2019)")
        s = doc["summary"]
        self.assertEqual((s["hosts"], s["failed"]), (len(self.samples) + 1, 1))
        self.assertEqual(s["ready"], sum(h.get("ready") is True for h in doc["hosts"]))
        counts = [f["hosts"] for f in s["findings"]]
        self.assertEqual(counts, sorted(counts, reverse=True))
        off = sum(h.get("iommu") == "off" for h in doc["hosts"])
        self.assertIn({"id": "iommu.disabled", "hosts": off}, s["findings"])

    def test_same_table_whatever_the_jobs(self):
        self.assertEqual(self.fleet("-j", "1"), self.fleet("-j", "4"))
        text = self.fleet()
        self.assertIn("error: ", text)
        self.assertIn("Findings by hosts:", text)
        self.assertIn("FUJITSU D3521-B1, BIOS V5.0.0.12", text)

    def test_json_lines(self):
        lines = self.fleet("--format", "jsonl").strip().split("\n")
        self.assertEqual(len(lines), len(self.samples) + 1)
        for line in lines:
            row = json.loads(line)
            if row["error"] is None:
                self.assertEqual(row["report"]["schema"], "iommuscope.report/2")

    def test_csv(self):
        rows = list(csv.DictReader(io.StringIO(self.fleet("--format", "csv"), newline="")))
        self.assertEqual(len(rows), len(self.samples) + 1)
        fuji = [r for r in rows if r["file"].endswith("fuji.tar.gz")][0]
        self.assertEqual(json.loads(fuji["findings"]), ["group.shared", "reset.no_flr"])

    def test_markdown_and_html(self):
        md = self.fleet("--format", "md")
        self.assertIn("| Snapshot | Host |", md)
        html = self.fleet("--format", "html")
        self.assertIn("<table>", html)
        self.assertNotIn("<script", html)

    def test_usage(self):
        p = subprocess.run([ANALYZER, "fleet"], capture_output=True, text=True)
        self.assertEqual(p.returncode, 2)
        p = subprocess.run([ANALYZER, "fleet", self.dir, "-j", "0"], capture_output=True,
                           text=True)
        self.assertEqual(p.returncode, 2)


if __name__ == "__main__":
    unittest.main()
