#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Rebuild samples/NAME.tar.gz from the host descriptions: build the tree
# (tests/tools/hosttree.py), record what the real lspci prints for it into
# cmd/ (so device names are frozen in the snapshot, whatever pci.ids the
# reader has), and collect it with a fixed time. Same inputs, same bytes.
#
# Usage: samples/make-samples.sh      (COLLECT=build/collector/iommuscope-collect)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
collect=${COLLECT:-$top/build/collector/iommuscope-collect}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v lspci >/dev/null || { echo "make-samples.sh: lspci (pciutils) is needed" >&2; exit 1; }

for desc in "$top"/samples/descs/*.desc "$top"/tests/descs/fuji.desc \
            "$top"/tests/descs/z690-sriov.desc; do
    name=$(basename "$desc" .desc)
    root="$work/$name"
    python3 "$top/tests/tools/hosttree.py" "$desc" "$root"
    mkdir -p "$root/cmd"
    sysfs=(-A linux-sysfs -O "sysfs.path=$root/sys/bus/pci")
    lspci "${sysfs[@]}" -nnk > "$root/cmd/lspci-nnk.txt" 2>/dev/null
    lspci "${sysfs[@]}" -vvv -nn > "$root/cmd/lspci-vvv-nn.txt" 2>/dev/null
    lspci "${sysfs[@]}" -tvnn > "$root/cmd/lspci-tvnn.txt" 2>/dev/null
    cp "$root/proc/sys/kernel/osrelease" "$root/cmd/uname-r.txt"
    SOURCE_DATE_EPOCH=1700000000 "$collect" --root "$root" -o "$top/samples/$name.tar.gz" -q
    echo "samples/$name.tar.gz"
done
