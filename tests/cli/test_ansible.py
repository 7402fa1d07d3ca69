# SPDX-License-Identifier: MIT
"""contrib/ansible: the playbook collects from every host of an inventory
(here two hosts reached by local connection), the snapshots arrive on the
control node as HOST.tar.gz and open in the analyzer, --anonymize reaches
the collector, and the temporary directory on each host is gone."""

import json
import os
import shutil
import subprocess
import tarfile
import unittest

from common import COLLECT, TreeCase

ANALYZER = os.environ.get("ISC_ANALYZER", "iommuscope")
PLAYBOOK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "contrib",
                        "ansible", "collect.yml")


@unittest.skipUnless(shutil.which("ansible-playbook"),
                     "ansible-playbook is not installed (apt-get install ansible-core)")
class Ansible(TreeCase):
    def test_collect_from_an_inventory(self):
        inv = os.path.join(self.tmp, "inventory")
        hosttmp = os.path.join(self.tmp, "hosttmp")
        dest = os.path.join(self.tmp, "snapshots")
        os.makedirs(hosttmp)
        with open(inv, "w") as f:
            f.write("[pve]\n")
            for h in ("pve1", "pve2"):
                f.write("%s ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n"
                        % h)
        collector = shutil.which(COLLECT) or COLLECT
        p = subprocess.run(["ansible-playbook", "-i", inv, PLAYBOOK, "-e",
                            "iommuscope_dest=" + dest, "-e",
                            "iommuscope_collect_binary=" + collector, "-e",
                            "iommuscope_anonymize=true", "-e", "iommuscope_tmp_parent=" + hosttmp,
                            "-e", "iommuscope_become=false"],
                           capture_output=True, text=True, timeout=300,
                           env=dict(os.environ, ANSIBLE_NOCOLOR="1",
                                    ANSIBLE_LOCAL_TEMP=os.path.join(self.tmp, "ansible-local"),
                                    ANSIBLE_HOME=os.path.join(self.tmp, "ansible-home")))
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertEqual(sorted(os.listdir(dest)), ["pve1.tar.gz", "pve2.tar.gz"])
        for h in ("pve1", "pve2"):
            snap = os.path.join(dest, h + ".tar.gz")
            with tarfile.open(snap) as t:
                manifest = [m for m in t.getmembers() if m.name.endswith("/manifest.json")][0]
                doc = json.load(t.extractfile(manifest))
            self.assertTrue(doc["host"].startswith("host-"), doc["host"])  # anonymized
            g = subprocess.run([ANALYZER, "groups", snap], capture_output=True, timeout=60)
            self.assertEqual(g.returncode, 0, g.stderr)
        self.assertEqual(os.listdir(hosttmp), [])  # cleaned up on every host


if __name__ == "__main__":
    unittest.main()
