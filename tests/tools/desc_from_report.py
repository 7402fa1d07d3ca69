#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Turn `iommuscope report --format json` of a real host's dump (an lspci
-vvv -nn paste with bus numbers, or a sysfs tarball) into a host description
for tests/tools/hosttree.py, so samples carry the facts of real machines.

What the source does not say is chosen and marked in a comment: a bridge
whose PCIe type is unknown becomes a root port on a root bus and a
downstream port elsewhere; unknown ACS stays absent.

Usage: desc_from_report.py REPORT.json [--hostname NAME] [--header "comment"]... > NAME.desc
"""

import json
import sys

PCIE = {"Endpoint": "ep", "Legacy Endpoint": "legacy", "Root Port": "rp",
        "Upstream Port": "usp", "Downstream Port": "dsp", "PCIe to PCI Bridge": "pcie2pci",
        "PCI to PCIe Bridge": "pci2pcie", "Root Complex Integrated Endpoint": "rciep",
        "Root Complex Event Collector": "rcec", "PCI": "none"}


def main(argv):
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        report = json.load(f)
    headers = [argv[i + 1] for i in range(2, len(argv) - 1) if argv[i] == "--header"]
    hostname = [argv[i + 1] for i in range(2, len(argv) - 1) if argv[i] == "--hostname"]
    devs = {d["address"]: d for d in report["devices"]}
    children = {}
    for d in report["devices"]:
        if d["is_virtfn"]:
            continue
        children.setdefault(d["parent"], []).append(d)
    vfs = {}
    for d in report["devices"]:
        if d["is_virtfn"] and d["physfn"]:
            vfs.setdefault(d["physfn"], []).append(d)

    out = ["# " + h for h in headers] + ["hostname %s" % h for h in hostname]
    snap = report["snapshot"]
    if snap.get("kernel"):
        out.append("kernel %s" % snap["kernel"])
    if snap.get("cmdline"):
        out.append("cmdline %s" % snap["cmdline"])
    iommu = report["iommu"]
    vendor = iommu["vendor"]
    if not vendor and iommu["enabled"]:
        # not in the source: the host bridge's maker tells Intel from AMD
        host_bridge = devs.get("0000:00:00.0", {}).get("vendor_id")
        vendor = {"1022": "amd", "8086": "intel"}.get(host_bridge, "intel")
    out.append("iommu %s" % (vendor or "none"))
    guessed = []

    def rid(a):
        dom, bus, rest = a.split(":")
        dev, fn = rest.split(".")
        return int(bus, 16) << 8 | int(dev, 16) << 3 | int(fn)

    def line(d, depth, pin_bus):
        a = d["address"]
        slot = a[5:] if pin_bus else a[8:]
        parts = ["  " * depth + slot, "%s:%s" % (d["vendor_id"], d["device_id"])]
        if d["class"]:
            parts.append("class=" + d["class"])
        if d["revision"]:
            parts.append("rev=" + d["revision"])
        if d["subsystem_vendor_id"] and d["subsystem_device_id"]:
            parts.append("sub=%s:%s" % (d["subsystem_vendor_id"], d["subsystem_device_id"]))
        pcie = PCIE.get(d["pcie_type"])
        if d["is_bridge"] and pcie in (None, "ep"):
            # subtractive decode (0x060401): a conventional PCI bridge
            pcie = ("none" if d["class"] == "060401" else
                    "rp" if d["parent"] is None else "dsp")
            guessed.append(a)
        if pcie is None:
            pcie = "none" if d["parent"] is None else "ep"
        parts.append("pcie=" + pcie)
        acs = d["acs"]
        if acs["present"] and acs["cap"] is not None:
            parts.append("acs=%s:%s" % (acs["cap"], acs["ctl"] or "00"))
        if d["flr"]:
            parts.append("flr")
        if d["driver"]:
            parts.append("drv=" + d["driver"])
        if d["group"] is not None:
            parts.append("group=%d" % d["group"])
        if d["boot_vga"]:
            parts.append("boot_vga")
        if d["is_bridge"] and d["secondary_bus"]:
            parts.append("sec=" + d["secondary_bus"])
        if d["link"]["speed"] and d["link"]["width"]:
            gen = {"2.5": 1, "5.0": 2, "8.0": 3, "16.0": 4, "32.0": 5}.get(
                d["link"]["speed"].split()[0])
            if gen:
                parts.append("link=%dx%d" % (gen, d["link"]["width"]))
        mine = sorted(vfs.get(a, []), key=lambda v: rid(v["address"]))
        if mine:
            first = mine[0]
            stride = rid(mine[1]["address"]) - rid(first["address"]) if len(mine) > 1 else 1
            parts.append("sriov=%d:%s:%s vf_offset=%d vf_stride=%d" % (
                len(mine), first["vendor_id"], first["device_id"],
                rid(first["address"]) - rid(a), stride))
            if first["driver"]:
                parts.append("vf_drv=" + first["driver"])
            if first["group"] is not None:
                parts.append("vf_group=%d" % first["group"])
        return " ".join(parts)

    def walk(parent, depth):
        for d in sorted(children.get(parent, []), key=lambda x: x["address"]):
            out.append(line(d, depth, parent is not None))
            walk(d["address"], depth + 1)

    roots = sorted({(d["address"][:7]) for d in children.get(None, [])})
    for r in roots:
        out.append("")
        out.append("bus %s" % r)
        for d in sorted(children[None], key=lambda x: x["address"]):
            if d["address"].startswith(r + ":"):
                out.append(line(d, 1, False))
                walk(d["address"], 2)
    if guessed:
        out.insert(len(headers), "# PCIe port type not in the source, chosen by position: " +
                   " ".join(guessed))
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
