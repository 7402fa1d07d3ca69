# SPDX-License-Identifier: MIT
"""Shared helpers for the command-line tests: build host trees from
descriptions, run the collector, and read snapshots back with Python's own
tarfile module (an implementation independent of the libarchive we write
with)."""

import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TOOLS = os.path.join(HERE, "..", "tools")
DESCS = os.path.join(HERE, "..", "descs")
sys.path.insert(0, TOOLS)

import hosttree  # noqa: E402

COLLECT = os.environ.get("ISC_COLLECT", "iommuscope-collect")
FIXED_TIME = "1700000000"  # SOURCE_DATE_EPOCH for reproducible archives


def desc_path(name):
    return os.path.join(DESCS, name)


def read_desc(name):
    with open(desc_path(name), encoding="utf-8") as f:
        return f.read()


class TreeCase(unittest.TestCase):
    """A test case with a scratch directory removed afterwards."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="isc-test-")
        os.chmod(self.tmp, 0o755)

    def tearDown(self):
        for dirpath, dirnames, filenames in os.walk(self.tmp):
            for n in dirnames + filenames:
                p = os.path.join(dirpath, n)
                if not os.path.islink(p):
                    os.chmod(p, 0o755)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def build(self, desc, name="root"):
        """Build the description (a file name in tests/descs or text) into a tree."""
        root = os.path.join(self.tmp, name)
        text = desc if "\n" in desc else read_desc(desc)
        host = hosttree.parse(text)
        hosttree.build(host, root)
        return root, host

    def collect(self, *args, env=None, check=True, timeout=120, prefix=()):
        e = dict(os.environ, SOURCE_DATE_EPOCH=FIXED_TIME)
        if env:
            e.update(env)
        p = subprocess.run(list(prefix) + [COLLECT] + list(args), env=e, capture_output=True,
                           timeout=timeout)
        if check and p.returncode != 0:
            self.fail("collector failed (%d): %s" % (p.returncode, p.stderr.decode()))
        return p


class Snapshot:
    """A collector tarball read with tarfile: members keyed by their path
    below the single top directory."""

    def __init__(self, path):
        self.members = {}
        self.data = {}
        tops = set()
        with tarfile.open(path, "r:gz") as tf:
            for m in tf.getmembers():
                top, _, rest = m.name.partition("/")
                tops.add(top)
                if not rest:
                    continue
                self.members[rest] = m
                if m.isfile():
                    self.data[rest] = tf.extractfile(m).read()
        if len(tops) != 1:
            raise AssertionError("snapshot has %d top directories: %s" % (len(tops), tops))
        self.top = tops.pop()
        self.manifest = json.loads(self.data["manifest.json"])

    def item(self, name):
        for it in self.manifest["items"]:
            if it["name"] == name:
                return it
        raise KeyError(name)

    def groups(self):
        """Group number -> sorted device addresses, from the links alone."""
        out = {}
        for path, m in self.members.items():
            parts = path.split("/")
            if (len(parts) == 6 and parts[:3] == ["sys", "kernel", "iommu_groups"]
                    and parts[4] == "devices" and m.issym()):
                out.setdefault(int(parts[3]), []).append(parts[5])
        return {g: sorted(v) for g, v in out.items()}


def expected_groups(host):
    out = {}
    for d in host.all:
        if d.opt("group") is not None:
            out.setdefault(int(d.opt("group")), []).append(d.bdf)
    return {g: sorted(v) for g, v in out.items()}
