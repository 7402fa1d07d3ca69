#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Build a host root directory, laid out as Linux lays out /sys, from a compact
topology description (format: docs/host-description.md).

The tree holds nested sys/devices/pciDDDD:BB/... function directories with
binary config space (real capability chains: PM, MSI, PCI Express, AF,
SSVID; extended AER, ACS, ARI, SR-IOV), the sys/bus/pci/devices,
sys/kernel/iommu_groups and driver links, IOMMU units, slots, /proc files,
configuration files and recorded command outputs. `lspci -A linux-sysfs
-O sysfs.path=ROOT/sys/bus/pci` decodes it as it would a real host.

Usage: hosttree.py DESCRIPTION ROOTDIR   (ROOTDIR must not exist)
"""

import os
import shlex
import struct
import sys

# PCI Express device/port types (PCIe flags bits 7:4), reference §2 A2.
PCIE_TYPES = {
    "ep": 0x0, "legacy": 0x1, "rp": 0x4, "usp": 0x5, "dsp": 0x6,
    "pcie2pci": 0x7, "pci2pcie": 0x8, "rciep": 0x9, "rcec": 0xA,
}
BRIDGE_TYPES = {"rp", "usp", "dsp", "pcie2pci", "pci2pcie"}
SPEEDS = {1: "2.5 GT/s PCIe", 2: "5.0 GT/s PCIe", 3: "8.0 GT/s PCIe",
          4: "16.0 GT/s PCIe", 5: "32.0 GT/s PCIe", 6: "64.0 GT/s PCIe"}
MSI_REGION = "0x00000000fee00000 0x00000000feefffff msi\n"


class DescError(Exception):
    pass


class Dev:
    """One PCI function of the description."""

    def __init__(self, line_no, slot, ids, opts):
        self.line_no = line_no
        self.slot = slot              # "DD.F" or "BB:DD.F" as written
        self.vendor, self.device = (int(x, 16) for x in ids.split(":"))
        self.opts = opts
        self.children = []
        self.parent = None            # bridge Dev, or None on a root bus
        self.domain = 0
        self.bus = None
        self.secondary = None
        self.subordinate = None
        self.vfs = []
        self.physfn = None
        self.path = None              # root-relative device directory

    @property
    def bdf(self):
        return "%04x:%02x:%02x.%d" % (self.domain, self.bus, self.dev, self.fn)

    @property
    def dev(self):
        return int(self.slot.split(":")[-1].split(".")[0], 16)

    @property
    def fn(self):
        return int(self.slot.split(".")[-1])

    def opt(self, key, default=None):
        return self.opts.get(key, default)

    @property
    def cls(self):
        c = self.opt("class", "0000")
        return int(c, 16) << 8 if len(c) == 4 else int(c, 16)

    @property
    def is_bridge(self):
        return (self.cls >> 8) == 0x0604 or self.pcie in BRIDGE_TYPES

    @property
    def pcie(self):
        default = "none" if self.parent is None else "ep"
        if self.physfn is not None:
            default = "ep"
        if (self.cls >> 8) == 0x0604 and "pcie" not in self.opts:
            raise DescError("line %d: a bridge needs pcie=rp|usp|dsp|pcie2pci|pci2pcie|none"
                            % self.line_no)
        return self.opt("pcie", default)


class Host:
    def __init__(self):
        self.settings = {"hostname": "testhost", "kernel": "6.8.12-4-pve",
                         "iommu": "none", "config": "full", "grouptype": "DMA"}
        self.cmdline = "BOOT_IMAGE=/boot/vmlinuz ro quiet"
        self.dmi = {}
        self.roots = []               # (domain, bus, [Dev])
        self.files = {}               # path -> text
        self.mtimes = {}              # path -> epoch
        self.links = {}               # path -> target (host config links)
        self.deny = []
        self.modparams = {}           # (module, name) -> value
        self.all = []


def parse_opts(words, line_no):
    opts = {}
    for w in words:
        k, sep, v = w.partition("=")
        if not k:
            raise DescError("line %d: bad option %r" % (line_no, w))
        opts[k] = v if sep else "1"
    return opts


def parse(text):
    host = Host()
    lines = text.split("\n")
    stack = []                        # (indent, Dev or root marker)
    i = 0
    while i < len(lines):
        raw = lines[i]
        i += 1
        line_no = i
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        words = shlex.split(stripped, comments=False)
        kw = words[0]
        if kw in ("file", "cmd"):
            if len(words) != 2:
                raise DescError("line %d: %s takes one path" % (line_no, kw))
            body = []
            while i < len(lines) and lines[i] != "end":
                body.append(lines[i])
                i += 1
            if i == len(lines):
                raise DescError("line %d: %s without 'end'" % (line_no, kw))
            i += 1
            path = words[1] if kw == "file" else "cmd/%s.txt" % words[1]
            host.files[path] = "\n".join(body) + ("\n" if body else "")
            continue
        if kw in ("hostname", "kernel", "iommu", "config", "grouptype"):
            host.settings[kw] = words[1]
        elif kw == "cmdline":
            host.cmdline = stripped[len("cmdline"):].strip()
        elif kw == "dmi":
            host.dmi.update(parse_opts(words[1:], line_no))
        elif kw == "mtime":
            host.mtimes[words[1]] = int(words[2])
        elif kw == "link":
            host.links[words[1]] = words[2]
        elif kw == "modparam":
            host.modparams[(words[1], words[2])] = words[3]
        elif kw == "deny":
            host.deny.append(words[1])
        elif kw == "bus":
            dom, bus = words[1].split(":")
            host.roots.append((int(dom, 16), int(bus, 16), []))
            stack = [(indent, None)]
        else:
            if not host.roots:
                raise DescError("line %d: device before any 'bus' line" % line_no)
            if len(words) < 2 or ":" not in words[1]:
                raise DescError("line %d: expected 'DD.F VVVV:DDDD [key=value...]'" % line_no)
            d = Dev(line_no, kw, words[1], parse_opts(words[2:], line_no))
            while stack and stack[-1][0] >= indent:
                stack.pop()
            if not stack:
                raise DescError("line %d: device outside a bus" % line_no)
            parent = stack[-1][1]
            if parent is None:
                host.roots[-1][2].append(d)
            else:
                if not parent.is_bridge:
                    raise DescError("line %d: parent on line %d is not a bridge"
                                    % (line_no, parent.line_no))
                parent.children.append(d)
                d.parent = parent
            stack.append((indent, d))
            host.all.append(d)
    return host


def assign_buses(host):
    used = set()
    for dom, bus, devs in host.roots:
        used.add((dom, bus))
    # Buses the description pins (BB:DD.F slots, sec=) are never handed out
    # automatically, wherever in the tree they appear.
    pinned = set()
    for dom, bus, devs in host.roots:
        stack = list(devs)
        while stack:
            d = stack.pop()
            if ":" in d.slot:
                pinned.add((dom, int(d.slot.split(":")[0], 16)))
            if d.opt("sec"):
                pinned.add((dom, int(d.opt("sec"), 16)))
            stack.extend(d.children)

    def walk(devs, dom, bus, next_bus):
        for d in devs:
            d.domain, d.bus = dom, bus
            if ":" in d.slot and int(d.slot.split(":")[0], 16) != bus:
                raise DescError("line %d: %s is not on bus %02x" % (d.line_no, d.slot, bus))
        for d in devs:
            if not d.is_bridge:
                continue
            if d.opt("sec"):
                sec = int(d.opt("sec"), 16)
            elif any(":" in c.slot for c in d.children):
                sec = int(next(c for c in d.children if ":" in c.slot).slot.split(":")[0], 16)
            else:
                sec = next_bus
                while (dom, sec) in used or (dom, sec) in pinned:
                    sec += 1
            if (dom, sec) in used:
                raise DescError("line %d: bus %02x used twice" % (d.line_no, sec))
            pinned.discard((dom, sec))
            used.add((dom, sec))
            d.secondary = sec
            next_bus = max(next_bus, sec + 1)
            next_bus = walk(d.children, dom, sec, next_bus)
            d.subordinate = max([sec] + [c.subordinate or c.bus for c in d.children
                                         if c.is_bridge] + [next_bus - 1])
        return next_bus

    for dom, bus, devs in host.roots:
        walk(devs, dom, bus, bus + 1)


def make_vfs(host):
    for pf in list(host.all):
        if not pf.opt("sriov"):
            continue
        n, ids = pf.opt("sriov").split(":", 1)
        n = int(n)
        offset = int(pf.opt("vf_offset", "128" if pf.bus is not None else "128"))
        stride = int(pf.opt("vf_stride", "1"))
        vgroup = pf.opt("vf_group")
        for k in range(n):
            rid = (pf.bus << 8 | pf.dev << 3 | pf.fn) + offset + k * stride
            opts = {"class": pf.opt("vf_class", pf.opt("class", "020000")),
                    "pcie": "ep", "flr": "1"}
            if pf.opt("vf_drv"):
                opts["drv"] = pf.opt("vf_drv")
            if vgroup is not None:
                opts["group"] = str(int(vgroup) + k)
            vf = Dev(pf.line_no, "%02x.%d" % ((rid & 0xff) >> 3, rid & 7), ids, opts)
            vf.domain, vf.bus = pf.domain, rid >> 8
            vf.parent, vf.physfn = pf.parent, pf
            pf.vfs.append(vf)
            host.all.append(vf)


# ---- config space -------------------------------------------------------------------

def link_of(d):
    spec = d.opt("link", "3x1" if d.pcie not in ("none",) else None)
    if not spec:
        return None
    gen, width = spec.split("x")
    return int(gen), int(width)


def config_space(host, d):
    pcie = d.pcie
    size = 4096 if pcie != "none" else 256
    c = bytearray(size)
    is_vf = d.physfn is not None
    struct.pack_into("<HH", c, 0, 0xffff if is_vf else d.vendor, 0xffff if is_vf else d.device)
    struct.pack_into("<H", c, 4, 0x0406)
    cls = d.cls
    struct.pack_into("<I", c, 8, (cls << 8) | int(d.opt("rev", "0"), 16))
    header = 1 if d.is_bridge else 0
    if d.opt("mf") == "1" or (d.physfn is None and d.multifunction):
        header |= 0x80
    c[0x0E] = header
    if header & 0x7f == 0:
        sv, sd = (int(x, 16) for x in d.opt("sub", "0000:0000").split(":"))
        struct.pack_into("<HH", c, 0x2C, sv, sd)
    else:
        c[0x18], c[0x19], c[0x1A] = d.bus, d.secondary, d.subordinate
    c[0x3D] = 1

    # Standard capabilities, chained in this order.
    caps = []
    pm = bytearray(8)
    pm[0] = 0x01
    struct.pack_into("<H", pm, 2, 0x0003)
    struct.pack_into("<H", pm, 4, 0x0000 if d.opt("pm_reset") else 0x0008)  # NoSoftRst
    caps.append((0x40, pm))
    msi = bytearray(0x18)
    msi[0] = 0x05
    struct.pack_into("<H", msi, 2, 0x0080)
    caps.append((0x50, msi))
    if pcie != "none":
        ex = bytearray(0x3c)
        ex[0] = 0x10
        slot_impl = 0x100 if pcie in ("rp", "dsp") else 0
        struct.pack_into("<H", ex, 2, 0x0002 | PCIE_TYPES[pcie] << 4 | slot_impl)
        devcap = 0x8001  # 256-byte payload, role-based error reporting
        if d.opt("flr") == "1" and pcie in ("ep", "legacy", "rciep"):
            devcap |= 0x10000000
        struct.pack_into("<I", ex, 4, devcap)
        lk = link_of(d)
        if lk:
            gen, width = lk
            struct.pack_into("<I", ex, 0x0C, gen | width << 4)
            struct.pack_into("<H", ex, 0x12, gen | width << 4)
            struct.pack_into("<I", ex, 0x2C, ((1 << gen) - 1) << 1)
        if slot_impl:
            struct.pack_into("<I", ex, 0x14, int(d.opt("slotnum", "0")) << 19)
        if pcie in ("rp", "dsp"):
            struct.pack_into("<I", ex, 0x24, 0x20)  # ARI forwarding supported
        caps.append((0x70, ex))
    if d.opt("af") == "1":
        af = bytearray(6)
        af[0], af[2], af[3] = 0x13, 0x06, 0x03  # TP and FLR
        caps.append((0xC0, af))
    if header & 0x7f == 1 and d.opt("sub"):
        ss = bytearray(8)
        ss[0] = 0x0D
        struct.pack_into("<HH", ss, 4, *(int(x, 16) for x in d.opt("sub").split(":")))
        caps.append((0xC8, ss))
    c[0x34] = caps[0][0]
    struct.pack_into("<H", c, 6, 0x0010)  # capability list present
    for k, (off, body) in enumerate(caps):
        body[1] = caps[k + 1][0] if k + 1 < len(caps) else 0
        c[off:off + len(body)] = body
    if d.opt("capptr_loop"):                # hostile: the last capability points back
        c[caps[-1][0] + 1] = caps[0][0]

    # Extended capabilities.
    if size == 4096:
        ext = [(0x0001, 2, bytearray(0x48))]  # AER
        acs = d.opt("acs")
        if acs and acs != "none":
            cap, _, ctl = acs.partition(":")
            spt = d.opt("spt_ctl")  # Intel SPT/UPT ports: the real control dword at +8
            body = bytearray(12 if spt else 8)
            struct.pack_into("<HH", body, 4, int(cap, 16), int(ctl or cap, 16))
            if spt:
                struct.pack_into("<I", body, 8, int(spt, 16))
            ext.append((0x000D, 1, body))
        if d.opt("ari") == "1":
            body = bytearray(8)
            ext.append((0x000E, 1, body))
        if d.vfs or d.opt("sriov"):
            body = bytearray(0x40)
            n = len(d.vfs)
            total = int(d.opt("sriov_total", str(n)))
            first = d.vfs[0] if d.vfs else None
            offset = int(d.opt("vf_offset", "128"))
            stride = int(d.opt("vf_stride", "1"))
            struct.pack_into("<H", body, 0x08, 0x0019 if n else 0)  # VF enable, MSE, ARI
            struct.pack_into("<HHH", body, 0x0C, total, total, n)
            struct.pack_into("<HH", body, 0x14, offset, stride)
            struct.pack_into("<H", body, 0x1A, first.device if first else d.device)
            struct.pack_into("<I", body, 0x1C, 0x553)
            struct.pack_into("<I", body, 0x20, 1)
            ext.append((0x0010, 1, body))
        off = 0x100
        offs = []
        for cid, ver, body in ext:
            offs.append(off)
            off = (off + len(body) + 3) & ~3
        for k, (cid, ver, body) in enumerate(ext):
            nxt = offs[k + 1] if k + 1 < len(ext) else 0
            struct.pack_into("<I", body, 0, cid | ver << 16 | nxt << 20)
            c[offs[k]:offs[k] + len(body)] = body
    if host.settings["config"] == "header":
        return bytes(c[:64])
    return bytes(c)


# ---- writing the tree ---------------------------------------------------------------

def write(root, path, data, mode=0o644):
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f:
        f.write(data.encode() if isinstance(data, str) else data)
    os.chmod(full, mode)


def symlink(root, path, target_path, absolute=False):
    """Create root/path -> target_path (root-relative), relative unless absolute."""
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    if absolute:
        os.symlink("/" + target_path, full)
    else:
        os.symlink(os.path.relpath(target_path, os.path.dirname(path)), full)


def reset_methods(d):
    if d.opt("reset") is not None:
        return d.opt("reset").replace(",", " ")
    m = []
    if d.opt("flr") == "1" and d.pcie in ("ep", "legacy", "rciep"):
        m.append("flr")
    if d.opt("pm_reset"):
        m.append("pm")
    siblings = d.parent.children if d.parent else []
    if d.parent is not None and not d.is_bridge and len(siblings) == 1:
        m.append("bus")
    return " ".join(m)


def write_function(host, root, d):
    p = d.path
    attrs = {
        "vendor": "0x%04x\n" % d.vendor, "device": "0x%04x\n" % d.device,
        "class": "0x%06x\n" % d.cls, "revision": "0x%02x\n" % int(d.opt("rev", "0"), 16),
        "irq": "0\n", "enable": "1\n", "numa_node": "%s\n" % d.opt("numa", "-1"),
        "driver_override": "%s\n" % d.opt("driver_override", "(null)"),
        "power_state": "D0\n", "d3cold_allowed": "1\n", "ari_enabled": "0\n",
        "local_cpulist": "0-3\n", "broken_parity_status": "0\n",
        "modalias": "pci:v%08Xd%08Xsv*sd*bc%02Xsc%02Xi%02X\n" % (
            d.vendor, d.device, d.cls >> 16, (d.cls >> 8) & 0xff, d.cls & 0xff),
        "resource": "0x0000000000000000 0x0000000000000000 0x0000000000000000\n" * 13,
    }
    sv, sd = d.opt("sub", "0000:0000").split(":")
    attrs["subsystem_vendor"] = "0x%s\n" % sv.lower()
    attrs["subsystem_device"] = "0x%s\n" % sd.lower()
    rm = reset_methods(d)
    if rm:
        attrs["reset_method"] = rm + "\n"
    if (d.cls >> 8) == 0x0300:
        attrs["boot_vga"] = "%s\n" % ("1" if d.opt("boot_vga") else "0")
    lk = link_of(d)
    if lk:
        attrs["current_link_speed"] = SPEEDS[lk[0]] + "\n"
        attrs["max_link_speed"] = SPEEDS[lk[0]] + "\n"
        attrs["current_link_width"] = "%d\n" % lk[1]
        attrs["max_link_width"] = "%d\n" % lk[1]
    if d.is_bridge:
        attrs["secondary_bus_number"] = "%d\n" % d.secondary
        attrs["subordinate_bus_number"] = "%d\n" % d.subordinate
    if d.vfs or d.opt("sriov"):
        n = len(d.vfs)
        attrs.update({"sriov_totalvfs": "%s\n" % d.opt("sriov_total", str(n)),
                      "sriov_numvfs": "%d\n" % n,
                      "sriov_offset": "%s\n" % d.opt("vf_offset", "128"),
                      "sriov_stride": "%s\n" % d.opt("vf_stride", "1"),
                      "sriov_vf_device": "%04x\n" % (d.vfs[0].device if d.vfs else 0),
                      "sriov_drivers_autoprobe": "1\n"})
    for name, text in attrs.items():
        write(root, "%s/%s" % (p, name), text)
    write(root, p + "/config", config_space(host, d))
    # Decoys: files a collector must never open (side effects or hangs).
    for name in ("rom", "vpd", "resource0", "remove", "rescan", "reset"):
        write(root, "%s/%s" % (p, name), "DO-NOT-READ %s\n" % name)
    if d.is_bridge:
        os.makedirs(os.path.join(root, p, "pci_bus", "%04x:%02x" % (d.domain, d.secondary)))
    drv = d.opt("drv")
    if drv:
        drvdir = "sys/bus/pci/drivers/" + drv
        symlink(root, p + "/driver", drvdir)
        symlink(root, "%s/%s" % (drvdir, d.bdf), p)
    symlink(root, "sys/bus/pci/devices/" + d.bdf, p)


def build(host, root):
    assign_buses(host)
    make_vfs(host)
    for d in host.all:
        if d.physfn is None:
            siblings = (d.parent.children if d.parent else
                        next(r[2] for r in host.roots if d in r[2]))
            d.multifunction = sum(1 for s in siblings
                                  if s.bus == d.bus and s.dev == d.dev) > 1
        else:
            d.multifunction = False

    def place(devs, base):
        for d in devs:
            d.path = "%s/%s" % (base, d.bdf)
            place(d.children, d.path)
            for vf in d.vfs:
                vf.path = "%s/%s" % (base, vf.bdf)

    for dom, bus, devs in host.roots:
        base = "sys/devices/pci%04x:%02x" % (dom, bus)
        os.makedirs(os.path.join(root, base))
        place(devs, base)

    seen = set()
    for d in host.all:
        if d.bdf in seen:
            raise DescError("line %d: %s defined twice" % (d.line_no, d.bdf))
        seen.add(d.bdf)
        write_function(host, root, d)
    for d in host.all:
        for k, vf in enumerate(d.vfs):
            symlink(root, "%s/virtfn%d" % (d.path, k), vf.path)
            symlink(root, vf.path + "/physfn", d.path)

    # IOMMU: units, groups, firmware tables.
    iommu = host.settings["iommu"]
    tables = ["APIC", "FACP", "DSDT", "MCFG"]
    unit = None
    if iommu == "intel":
        unit = "sys/devices/virtual/iommu/dmar0"
        tables.append("DMAR")
        for name, text in (("address", "fed90000\n"), ("cap", "d2008c40660462\n"),
                           ("ecap", "f050da\n"), ("version", "1:0\n")):
            write(root, "%s/intel-iommu/%s" % (unit, name), text)
    elif iommu == "amd":
        amd_fn = next((d for d in host.all if d.bus == 0 and d.dev == 0 and d.fn == 2), None)
        unit = (amd_fn.path if amd_fn else "sys/devices/pci0000:00") + "/iommu/ivhd0"
        tables.append("IVRS")
        write(root, unit + "/amd-iommu/cap", "0x00190440\n")
        write(root, unit + "/amd-iommu/features", "0x206d73ef22294ade\n")
    for t in tables:
        write(root, "sys/firmware/acpi/tables/" + t, "TABLE BODY MUST NOT BE READ\n", 0o400)
    if unit:
        symlink(root, "sys/class/iommu/" + os.path.basename(unit), unit)
    os.makedirs(os.path.join(root, "sys/kernel/iommu_groups"), exist_ok=True)
    groups = {}
    for d in host.all:
        if d.opt("group") is not None:
            groups.setdefault(int(d.opt("group")), []).append(d)
    for g, members in sorted(groups.items()):
        gdir = "sys/kernel/iommu_groups/%d" % g
        regions = "".join("0x%016x 0x%016x direct\n" % (0x7c000000 + g * 0x100000,
                                                         0x7c0fffff + g * 0x100000)
                          for d in members if d.opt("rmrr")) + MSI_REGION
        write(root, gdir + "/reserved_regions", regions)
        write(root, gdir + "/type", host.settings["grouptype"] + "\n")
        for d in members:
            symlink(root, "%s/devices/%s" % (gdir, d.bdf), d.path)
            symlink(root, d.path + "/iommu_group", gdir)
            if unit and not unit.startswith(d.path + "/"):  # not the IOMMU itself
                symlink(root, d.path + "/iommu", unit)
                symlink(root, "%s/devices/%s" % (unit, d.bdf), d.path)

    for d in host.all:
        if d.opt("slot"):
            write(root, "sys/bus/pci/slots/%s/address" % d.opt("slot"),
                  "%04x:%02x:00\n" % (d.domain, d.secondary if d.is_bridge else d.bus))

    # Module parameters, DMI, /proc, /etc.
    for (mod, name), val in sorted(host.modparams.items()):
        write(root, "sys/module/%s/parameters/%s" % (mod, name), val + "\n")
    for key, val in sorted(host.dmi.items()):
        write(root, "sys/class/dmi/id/" + key, val + "\n")
    if host.dmi:
        write(root, "sys/class/dmi/id/product_serial", "SERIAL-MUST-NOT-LEAK\n", 0o400)
    kernel = host.settings["kernel"]
    write(root, "proc/cmdline", host.cmdline + "\n")
    write(root, "proc/version", "Linux version %s (build@iommuscope) (gcc 12.2.0) #1 SMP\n"
          % kernel)
    write(root, "proc/sys/kernel/osrelease", kernel + "\n")
    write(root, "etc/hostname", host.settings["hostname"] + "\n")
    for path, text in sorted(host.files.items()):
        write(root, path, text)
    for path, target in sorted(host.links.items()):
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        os.symlink(target, full)
    for path, when in sorted(host.mtimes.items()):
        os.utime(os.path.join(root, path), (when, when), follow_symlinks=False)
    for path in host.deny:
        os.chmod(os.path.join(root, path), 0)


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__.split("\n\n")[-1] + "\n")
        return 2
    desc, root = argv[1], argv[2]
    try:
        with open(desc, encoding="utf-8") as f:
            host = parse(f.read())
        if os.path.exists(root):
            raise DescError("%s already exists" % root)
        build(host, root)
    except (DescError, ValueError, KeyError, OSError) as e:
        sys.stderr.write("hosttree: %s: %s\n" % (desc, e))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
