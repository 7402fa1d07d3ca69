#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Collector benchmark: build a synthetic host of N PCI functions (default
# 4096) with the host-tree builder, then print the collector's median wall
# time and peak RSS beside `tar -czf` of exactly the files it captured, and
# the snapshot's size. Targets: time <= 1.5x tar, snapshot <= 2 MB at 4096.
#
# Usage: bench/collect.sh [N...]   (RUNS=5, COLLECT=build/collector/iommuscope-collect)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
collect=${COLLECT:-$top/build/collector/iommuscope-collect}
runs=${RUNS:-5}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(4096)
[ -x "$collect" ] || { echo "collect.sh: build first ($collect not found)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

printf '%-9s %12s %10s %12s %9s %8s %11s %11s\n' functions collect_s tar_s ratio \
    rss_MiB snap_MB tar_MB us/function
for n in "${sizes[@]}"; do
    python3 "$here/gen_host.py" "$n" > "$work/host.desc"
    rm -rf "$work/root"
    python3 "$top/tests/tools/hosttree.py" "$work/host.desc" "$work/root"
    snap="$work/snap.tar.gz"
    # warm the page cache, and list the same files, links and directories the
    # collector takes, for a plain tar to take
    "$collect" --root "$work/root" -o "$snap" -q
    tar -tzf "$snap" | sed -e 's|^[^/]*/||' -e '/^$/d' -e '/^manifest.json$/d' \
        -e 's|/$||' > "$work/list"
    { read -r c_s c_rss _; read -r t_s t_rss _; } < <(python3 "$here/measure.py" "$runs" \
        "$collect" --root "$work/root" -o "$snap" -q -- \
        tar -czf "$work/ref.tar.gz" -C "$work/root" --no-recursion -T "$work/list")
    python3 - "$n" "$c_s" "$t_s" "$c_rss" "$snap" "$work/ref.tar.gz" <<'PY'
import os, sys
n, c, t, rss = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
print("%-9d %12.3f %10.3f %11.2fx %9.1f %8.2f %11.2f %11.1f" % (
    n, c, t, c / t, rss / 1024, os.path.getsize(sys.argv[5]) / 1e6,
    os.path.getsize(sys.argv[6]) / 1e6, c / n * 1e6))
PY
done
