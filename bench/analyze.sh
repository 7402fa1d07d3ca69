#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Analyzer benchmark: synthetic snapshots of N PCI functions (default 4096
# and 16384; bench/gen_host.py, the host-tree builder and the collector),
# then the median wall time and peak RSS of `iommuscope report --format
# json` (which simulates the kernel's grouping to check it) and of
# `iommuscope whatif --acs-override=downstream,multifunction` beside
# `tar -xzOf SNAPSHOT > /dev/null` on the same file, in alternating runs.
# Targets: report <= 2x the tar time, <= 64 MB RSS at 16k functions, whatif
# within 2x the report, time per function flat from 4k to 16k.
#
# Usage: bench/analyze.sh [N...]   (RUNS=5; COLLECT, ANALYZER default to build/)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
collect=${COLLECT:-$top/build/collector/iommuscope-collect}
analyzer=${ANALYZER:-$top/build/analyzer/iommuscope}
runs=${RUNS:-5}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(4096 16384)
for b in "$collect" "$analyzer"; do
    [ -x "$b" ] || { echo "analyze.sh: build first ($b not found)" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

printf '%-9s %9s %8s %7s %9s %8s %8s %9s %8s %11s\n' functions report_s tar_s ratio \
    whatif_s w/report rss_MiB w_rss_MiB snap_MB us/function
for n in "${sizes[@]}"; do
    python3 "$here/gen_host.py" "$n" > "$work/host.desc"
    rm -rf "$work/root"
    python3 "$top/tests/tools/hosttree.py" "$work/host.desc" "$work/root"
    snap="$work/snap.tar.gz"
    SOURCE_DATE_EPOCH=1700000000 "$collect" --root "$work/root" -o "$snap" -q
    # warm the cache; report exits 1 when it finds warnings, which is not a failure
    "$analyzer" report "$snap" > /dev/null || [ $? -eq 1 ]
    { read -r a_s a_rss _; read -r w_s w_rss _; read -r t_s t_rss _; } < <(MEASURE_OK_CODES=0,1 \
        python3 "$here/measure.py" "$runs" "$analyzer" report "$snap" --format json -- \
        "$analyzer" whatif "$snap" --acs-override=downstream,multifunction --format json -- \
        tar -xzOf "$snap")
    python3 - "$n" "$a_s" "$t_s" "$a_rss" "$snap" "$w_s" "$w_rss" <<'PY'
import os, sys
n, a, t, rss = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
w, wrss = float(sys.argv[6]), int(sys.argv[7])
print("%-9d %9.3f %8.3f %6.2fx %9.3f %7.2fx %8.1f %9.1f %8.2f %11.1f" % (
    n, a, t, a / t, w, w / a, rss / 1024, wrss / 1024, os.path.getsize(sys.argv[5]) / 1e6,
    a / n * 1e6))
PY
done
