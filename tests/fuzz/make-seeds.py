#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write the seed corpora of the fuzz harnesses (tests/fuzz/corpus/NAME/)
from the samples and the builder descriptions: config-space files of every
sample function, pasted listings as our own `groups` prints them, kernel
command lines, the text files of the hosts, and the small cases of the
hostile suite (tests/hostile/make.py). Deterministic; run it from
anywhere after changing the samples. Files the fuzzer found later (crash
reproducers, new coverage) live beside these and are kept."""

import hashlib
import os
import sys
import tarfile
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.join(HERE, "..", "..")
CORPUS = os.path.join(HERE, "corpus")
TEXTS = ("proc/cmdline", "etc/default/grub", "etc/kernel/cmdline", "etc/modprobe.d/vfio.conf",
         "cmd/dmesg.txt", "etc/pve/qemu-server/100.conf", "etc/libvirt/qemu/vm.xml",
         "cmd/lspci-nnk.txt", "etc/os-release", "cmd/proxmox-boot-tool-status.txt")


def put(name, data):
    d = os.path.join(CORPUS, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + hashlib.sha1(data).hexdigest()[:16]), "wb") as f:
        f.write(data)


def main():
    samples = sorted(f for f in os.listdir(os.path.join(TOP, "samples")) if f.endswith(".tar.gz"))
    for name in samples:
        with tarfile.open(os.path.join(TOP, "samples", name)) as t:
            members = {m.name: m for m in t.getmembers()}
            texts = []
            for path in TEXTS:
                m = members.get(path)
                texts.append(t.extractfile(m).read() if m and m.isfile() else b"")
            put("context", b"\0".join(texts))
            if texts[0]:
                put("cmdline", texts[0])
            configs = sorted(n for n in members if n.endswith("/config") and "/devices/" in n)
            for n in configs[:6]:
                put("cfgspace", t.extractfile(members[n]).read())
            lspci = members.get("cmd/lspci-vvv-nn.txt")
            if lspci:
                put("snapshot", t.extractfile(lspci).read())
    for line in (b"BOOT_IMAGE=/vmlinuz ro quiet intel_iommu=on,igfx_off iommu=pt "
                 b"pcie_acs_override=downstream,multifunction,id:8086:1234 "
                 b"pci=noats,disable_acs_redir=0000:00:1c.0;pci:10de:1b80,"
                 b"config_acs=1x0x1@00:1c.0/00.0",
                 b'quiet "vfio-pci.ids=10de:1b80,10de:10f0" amd_iommu=on',
                 b"downstream,multifunction,id:8086:1901",
                 b"0000:00:1c.0/00.0/00.0;pci:10b5:8747:0:0;01:00.0"):
        put("cmdline", line)
    paste = (b"IOMMU Group 1:\n\t00:01.0 PCI bridge [0604]: Intel Corporation Device [8086:1901]\n"
             b"\t01:00.0 VGA compatible controller [0300]: NVIDIA Corporation Device [10de:1b80]\n"
             b"\t01:00.1 Audio device [0403]: NVIDIA Corporation Device [10de:10f0]\n")
    put("snapshot", paste)
    put("diff", paste + b"\n=====\n" + paste.replace(b"Group 1:\n\t00:01.0", b"Group 2:\n\t00:01.0"))
    # the listing shapes of other scripts, quoted, UTF-16, and two hosts in one paste
    for shape in (b"IOMMU group 1\n[RESET]\t01:00.0 VGA compatible controller [0300]: N [10de:1b80]\n",
                  b"01 1 01:00.0 10de:1b80 VGA compatible controller: NVIDIA Corporation GP104\n",
                  b"IOMMU: dmar0\n  IOMMU Group: 5\n    Group Device: 0000:01:00.0 - Co-processor "
                  b"[0b40]: Intel Corporation Device [8086:4940]\n",
                  b"Group: 1  0000:01:00.0 [10de:1b80] Driver: vfio-pci\nGroup: 2  (no devices)\n",
                  b"IOMMU Group   1: 0000:01:00.0 VGA compatible controller [0300] NVIDIA [10de:1b80]\n",
                  b"> > IOMMU Group 1:\n> \t01:00.0 VGA [0300]: N [10de:1b80]\n",
                  "\ufeffIOMMU Group 1:\n\t01:00.0 VGA [0300]: N [10de:1b80]\n".encode("utf-16"),
                  paste + paste.replace(b"[8086:1901]", b"[1022:1483]") + paste):
        put("open", shape)
    sys.path.insert(0, os.path.join(TOP, "tests", "hostile"))
    import make  # noqa: E402
    with tempfile.TemporaryDirectory() as tmp:
        make.make_small(tmp, "/outside/secret.txt")
        for name in make.SMALL:
            with open(os.path.join(tmp, name), "rb") as f:
                put("snapshot", f.read())


if __name__ == "__main__":
    main()
