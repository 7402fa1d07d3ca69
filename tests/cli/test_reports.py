# SPDX-License-Identifier: MIT
"""The Markdown and HTML reports: hostile device names stay text, and the
HTML is one self-contained file that a real browser renders."""

import html.parser
import json
import os
import re
import shutil
import struct
import subprocess
import unittest
import zlib

from common import COLLECT, FIXED_TIME, TreeCase

ANALYZER = os.environ.get("ISC_ANALYZER", "iommuscope")
TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
EVIL = "Evil | *bold* `code` <script>alert(1)</script> [x](javascript:alert(1)) & _u_ ~~s~~"

DESC = """
hostname evil-host
kernel 6.8.12-4-pve
iommu intel

bus 0000:00
  00.0 8086:3e30 class=060000 group=0
  01.0 8086:1901 class=060400 pcie=rp acs=1f:1d drv=pcieport group=1
    00.0 10de:1b80 class=030000 drv=vfio-pci group=2 flr

cmd lspci-nnk
00:00.0 Host bridge [0600]: %s [8086:3e30]
00:01.0 PCI bridge [0604]: Intel Corporation 6th-10th Gen Core Processor PCIe Controller (x16) [8086:1901]
01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GP104 [GeForce GTX 1080] [10de:1b80] (rev a1)
end
""" % EVIL


class CellText(html.parser.HTMLParser):
    """The text of every table cell."""

    def __init__(self):
        super().__init__()
        self.cells, self.cur = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "td":
            self.cur = ""

    def handle_endtag(self, tag):
        if tag == "td" and self.cur is not None:
            self.cells.append(self.cur)
            self.cur = None

    def handle_data(self, data):
        if self.cur is not None:
            self.cur += data


class Escaping(TreeCase):
    def report(self, fmt):
        root, host = self.build(DESC)
        snap = os.path.join(self.tmp, "s.tar.gz")
        subprocess.run([COLLECT, "--root", root, "-o", snap, "-q"], check=True,
                       env=dict(os.environ, SOURCE_DATE_EPOCH=FIXED_TIME))
        p = subprocess.run([ANALYZER, "report", snap, "--format", fmt], capture_output=True,
                           text=True)
        self.assertIn(p.returncode, (0, 1), p.stderr)
        subprocess.run(["rm", "-rf", root, snap], check=True)
        return p.stdout

    def test_markdown_table_keeps_its_shape(self):
        md = self.report("md")
        rows = [line for line in md.split("\n") if line.startswith("| 0 |")]
        self.assertEqual(len(rows), 1)
        # 6 columns: 7 pipes that are not escaped
        self.assertEqual(len(re.findall(r"(?<!\\)\|", rows[0])), 7, rows[0])
        self.assertNotIn("<script>", md)

    def test_html_round_trips_the_name_as_text(self):
        page = self.report("html")
        self.assertNotIn("<script", page.lower())
        self.assertNotIn("javascript:alert", re.sub(r">[^<]*<", "><", page))  # not in markup
        cells = CellText()
        cells.feed(page)
        self.assertIn(EVIL, cells.cells)

    def test_html_is_self_contained(self):
        page = self.report("html")
        self.assertNotRegex(page, r"https?://")
        self.assertNotRegex(page.lower(), r"<(script|link|img|iframe)\b")
        self.assertIn("<style>", page)
        self.assertIn("<svg", page)
        self.assertIn("<table>", page)


def png_rows(path):
    """The rows of an 8-bit RGB(A) PNG as lists of (r, g, b) (no library needed)."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and ctype in (2, 6)
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, stride, prev, rows = zlib.decompress(idat), width * bpp, None, []
    for y in range(height):
        ftype, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) *
                                                           (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i] if prev else 0
            c = prev[i - bpp] if prev and i >= bpp else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 255
            elif ftype == 2:
                line[i] = (line[i] + b) & 255
            elif ftype == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[x:x + 3]) for x in range(0, stride, bpp)])
        prev = line
    return rows


def png_nonwhite(path):
    """Count non-white pixels of an 8-bit RGB(A) PNG, and all of them."""
    rows = png_rows(path)
    return (sum(1 for row in rows for px in row if px != (255, 255, 255)),
            len(rows) * len(rows[0]))


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@unittest.skipUnless(CHROMIUM, "chromium is not installed: browser rendering not checked")
class Browser(TreeCase):
    FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--enable-logging=stderr", "--v=0"]

    def chromium(self, *args):
        profile = os.path.join(self.tmp, "profile")
        return subprocess.run([CHROMIUM] + self.FLAGS + ["--user-data-dir=" + profile] +
                              list(args), capture_output=True, text=True, timeout=120)

    def test_sample_report_renders(self):
        page = os.path.join(self.tmp, "report.html")
        p = subprocess.run([ANALYZER, "report", "samples/z690-sriov.tar.gz", "--format", "html",
                            "-o", page], cwd=TOP)
        self.assertIn(p.returncode, (0, 1))
        dom = self.chromium("--dump-dom", "file://" + page)
        self.assertIn("<table>", dom.stdout)
        self.assertIn("<svg", dom.stdout)
        functions = subprocess.run([ANALYZER, "report", "samples/z690-sriov.tar.gz", "-f", "json"],
                                   cwd=TOP,
                                   capture_output=True, text=True).stdout.count('"address"')
        self.assertEqual(dom.stdout.count("<rect"), functions)  # one per PCI function
        self.assertNotIn("CONSOLE", dom.stderr)
        shot = os.path.join(self.tmp, "shot.png")
        s = self.chromium("--screenshot=" + shot, "--window-size=1200,1600", "file://" + page)
        self.assertTrue(os.path.exists(shot), s.stderr[-2000:])
        self.assertNotIn("CONSOLE", s.stderr)
        ink, total = png_nonwhite(shot)
        self.assertGreater(ink, total // 100, "the screenshot is blank")

    # the banner's background and border, from templates/report.css
    BANNER = {"PASS": ((0xe8, 0xf5, 0xe9), (0x2e, 0x7d, 0x32)),
              "WARN": ((0xff, 0xf8, 0xe1), (0xb2, 0x6a, 0x00)),
              "FAIL": ((0xfd, 0xec, 0xea), (0xc6, 0x28, 0x28))}

    def test_page_leads_with_the_verdict_at_1280(self):
        """At 1280 px, the first screen shows the verdict banner (its word and
        its colours), the notes are folded, and nothing overflows sideways."""
        cases = [("PASS", ["samples/gigabyte-b550m.tar.gz"]),
                 ("WARN", ["samples/z690-sriov.tar.gz", "-d", "01:00", "-d", "05:00"]),
                 ("FAIL", ["samples/xeon-5520-iommu-off.tar.gz"])]
        for word, args in cases:
            with self.subTest(word=word):
                page = os.path.join(self.tmp, "r.html")
                p = subprocess.run([ANALYZER, "report", *args, "-f", "html", "-o", page],
                                   cwd=TOP)
                self.assertIn(p.returncode, (0, 1))
                with open(page, encoding="utf-8") as f:
                    html = f.read()
                banner = html.index('<div class="verdict')
                self.assertLess(banner, html.index("<h2>"))  # before any section
                self.assertIn('<strong class="word">%s</strong>' % word, html)
                self.assertLess(html.index("<h2>Targets</h2>"), html.find("<details"))
                if "<h3>Notes</h3>" in html:  # notes only inside the fold
                    self.assertLess(html.index("<details"), html.index("<h3>Notes</h3>"))
                shot = os.path.join(self.tmp, "top.png")
                self.chromium("--screenshot=" + shot, "--window-size=1280,800",
                              "--hide-scrollbars", "file://" + page)
                rows = png_rows(shot)
                self.assertEqual(len(rows[0]), 1280)
                fill, border = self.BANNER[word]
                top = [px for row in rows[:400] for px in row]
                self.assertGreater(top.count(fill), 20000, "no %s banner on screen" % word)
                self.assertGreater(top.count(border), 500)
                # the same page with a script that says whether it is wider than the window
                probe = os.path.join(self.tmp, "probe.html")
                with open(probe, "w", encoding="utf-8") as f:
                    f.write(re.sub(r"<meta http-equiv=\"Content-Security-Policy\"[^>]*>", "",
                                   html).replace(
                        "</body>", "<script>document.body.setAttribute('data-overflow', "
                        "String(document.documentElement.scrollWidth - "
                        "document.documentElement.clientWidth))</script></body>"))
                dom = self.chromium("--dump-dom", "--window-size=1280,800", "file://" + probe)
                over = re.search(r'data-overflow="(-?\d+)"', dom.stdout)
                self.assertIsNotNone(over, dom.stderr[-2000:])
                self.assertLessEqual(int(over.group(1)), 0, "the page is wider than 1280 px")


if __name__ == "__main__":
    unittest.main()


class LargeReport(TreeCase):
    """A pasted listing of 2,100 functions: the HTML report is rendered in
    pieces (the groups table restarts every 1,000 rows); every function must
    still arrive as a table row, and no Markdown may leak through a cut."""

    def test_every_row_survives_the_cuts(self):
        paste = os.path.join(self.tmp, "big.txt")
        with open(paste, "w") as f:
            for i in range(2100):
                f.write("IOMMU Group %d:\n\t%04x:%02x:%02x.%d Ethernet controller [0200]: "
                        "Intel Corporation I210 %s `x` | *y* [8086:1533]\n"
                        % (i, i >> 11, (i >> 3) & 0xff, (i & 7) << 2, i & 7, "long " * 40))
        p = subprocess.run([ANALYZER, "report", paste, "--format", "html"], capture_output=True,
                           text=True, timeout=120)
        self.assertIn(p.returncode, (0, 1), p.stderr)
        page = p.stdout
        self.assertGreater(len(page), 2 * 256 * 1024)  # big enough to be cut twice
        self.assertNotIn("|---|", page)
        groups = page[page.index("IOMMU groups</h2>"):]
        rows = re.findall(r"<tr>\s*<td>(\d+)</td>", groups)
        self.assertEqual(rows, [str(i) for i in range(2100)])
        self.assertEqual(groups.count("<thead>"), 3)
        self.assertEqual(groups.count("<code>x</code> | <em>y</em>"), 0)  # escaped, not markup
