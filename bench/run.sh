#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The whole product at scale, in one table. For each size (default 1024,
# 4096, 16384 PCI functions; bench/gen_host.py, whose groups the simulator
# confirms follow the kernel's rules), medians of RUNS alternating runs of
# each command beside its baseline on the same files (wall time, peak RSS,
# and CPU time, user + system, of the command and its children):
#
#   collect      iommuscope-collect           vs  tar -czf of the same files
#                (the note gives tar's peak RSS beside ours)
#   collect zst  iommuscope-collect -z zstd   vs  tar --zstd -cf of the same files
#   report json  iommuscope report -f json    vs  tar -xzOf SNAPSHOT
#   report html  iommuscope report -f html    vs  tar -xzOf SNAPSHOT
#   report gz    iommuscope report -f json    vs  gzip -dc SNAPSHOT.tar.gz
#   report zst   iommuscope report -f json    vs  zstd -dc SNAPSHOT.tar.zst
#   groups       iommuscope groups (live)     vs  the seed guide's bash loop
#                                                 (find + lspci -nns per device)
#   whatif       whatif --acs-override=downstream,multifunction  vs  report json
#   diff         diff of two large snapshots  vs  report json
#
# The groups row runs both in a private mount namespace (unshare -m) with the
# synthetic tree bind-mounted over /sys, so the loop and lspci read it as they
# would a real host. The loop starts one lspci per device, so it is measured
# once (not RUNS times) and only up to SEED_MAX functions (default 4096). Then 1,000 small snapshots are analysed
# one after another, with xargs -P (the machine's cores), and by
# `iommuscope fleet -j` (the machine's cores) into one table.
#
# Targets: report <= 2x tar -xzOf and <= 64 MB at 16k; collect <= 1.5x
# tar -czf, snapshot <= 2 MB at 4k, collector peak RSS <= 2x tar's at 16k and
# under 16 MiB at 1k; groups >= 50x faster than the loop at
# 4k; whatif and diff <= 2x the report; us/function flat across sizes.
#
# Usage: bench/run.sh [N...]   (RUNS=3, SEED_MAX=4096, BATCH=1000)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
collect=${COLLECT:-$top/build/collector/iommuscope-collect}
analyzer=${ANALYZER:-$top/build/analyzer/iommuscope}
runs=${RUNS:-3}
seed_max=${SEED_MAX:-4096}
batch=${BATCH:-1000}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1024 4096 16384)
for b in "$collect" "$analyzer"; do
    [ -x "$b" ] || { echo "run.sh: build first ($b not found)" >&2; exit 1; }
done
command -v lspci >/dev/null || { echo "run.sh: lspci (pciutils) is needed" >&2; exit 1; }
command -v zstd >/dev/null || { echo "run.sh: zstd is needed" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
measure() { MEASURE_OK_CODES=0,1 python3 "$here/measure.py" "$@"; }

# The seed guide's loop, as users run it.
cat > "$work/seed.sh" <<'EOF'
shopt -s nullglob
for g in $(find /sys/kernel/iommu_groups/* -maxdepth 0 -type d | sort -V); do
    echo "IOMMU Group ${g##*/}:"
    for d in "$g"/devices/*; do
        echo -e "\t$(lspci -nns "${d##*/}")"
    done
done
EOF
can_unshare=0
if unshare -m true 2>/dev/null; then can_unshare=1; fi

row() { # size what ours_s base_s rss_kib ours_cpu_s base_cpu_s note
    python3 - "$@" <<'PY'
import sys
n, what, a, b, rss, ac, bc, note = sys.argv[1:9]
a, b, ac, bc = float(a), float(b), float(ac), float(bc)
ratio = ("%.2fx" % (a / b)) if b > 0 else "-"
per = "%.1f" % (a / int(n) * 1e6) if n.isdigit() else "-"
print("%-6s %-13s %9.3f %9.3f %8s %8.1f %8.3f %8.3f %9s  %s" % (
    n, what, a, b, ratio, int(rss) / 1024, ac, bc, per, note))
PY
}

printf '%-6s %-13s %9s %9s %8s %8s %8s %8s %9s  %s\n' size what ours_s base_s ratio rss_MiB \
    cpu_s base_cpu us/func baseline
for n in "${sizes[@]}"; do
    python3 "$here/gen_host.py" "$n" > "$work/host.desc"
    rm -rf "$work/root" "$work/root2"
    python3 "$top/tests/tools/hosttree.py" "$work/host.desc" "$work/root"
    # the same host after a reboot that moved every NVMe drive to vfio-pci
    sed 's/drv=nvme/drv=vfio-pci/' "$work/host.desc" > "$work/host2.desc"
    python3 "$top/tests/tools/hosttree.py" "$work/host2.desc" "$work/root2"
    snap="$work/snap.tar.gz" snap2="$work/snap2.tar.gz" zsnap="$work/snap.tar.zst"
    SOURCE_DATE_EPOCH=1700000000 "$collect" --root "$work/root" -o "$snap" -q
    SOURCE_DATE_EPOCH=1700000000 "$collect" --root "$work/root2" -o "$snap2" -q
    tar -tzf "$snap" | sed -e 's|^[^/]*/||' -e '/^$/d' -e '/^manifest.json$/d' \
        -e 's|/$||' > "$work/list"

    { read -r c_s c_rss c_cpu; read -r t_s t_rss t_cpu; read -r cz_s cz_rss cz_cpu; read -r tz_s tz_rss tz_cpu; } \
        < <(measure "$runs" \
        "$collect" --root "$work/root" -o "$snap" -q -- \
        tar -czf "$work/ref.tar.gz" -C "$work/root" --no-recursion -T "$work/list" -- \
        "$collect" --root "$work/root" -o "$zsnap" -q --compress zstd -- \
        tar --zstd -cf "$work/ref.tar.zst" -C "$work/root" --no-recursion -T "$work/list")
    row "$n" collect "$c_s" "$t_s" "$c_rss" "$c_cpu" "$t_cpu" \
        "tar -czf (RSS $(python3 -c "print('%.1f MiB, ours %.2fx' % ($t_rss / 1024, \
        $c_rss / $t_rss))")); snapshot $(stat -c %s "$snap") B"
    row "$n" "collect zst" "$cz_s" "$tz_s" "$cz_rss" "$cz_cpu" "$tz_cpu" \
        "tar --zstd -cf (RSS $(python3 -c "print('%.1f MiB' % ($tz_rss / 1024))")); \
snapshot $(stat -c %s "$zsnap") B"
    { read -r g_s g_rss g_cpu; read -r gd_s _ gd_cpu; read -r z_s z_rss z_cpu; read -r zd_s _ zd_cpu; } \
        < <(measure "$runs" \
        "$analyzer" report "$snap" --format json -- gzip -dc "$snap" -- \
        "$analyzer" report "$zsnap" --format json -- zstd -dc "$zsnap")
    row "$n" "report gz" "$g_s" "$gd_s" "$g_rss" "$g_cpu" "$gd_cpu" "gzip -dc"
    row "$n" "report zst" "$z_s" "$zd_s" "$z_rss" "$z_cpu" "$zd_cpu" "zstd -dc"
    { read -r j_s j_rss j_cpu; read -r h_s h_rss h_cpu; read -r w_s w_rss w_cpu; read -r d_s d_rss d_cpu; \
      read -r x_s _ x_cpu; } < <(measure "$runs" \
        "$analyzer" report "$snap" --format json -- \
        "$analyzer" report "$snap" --format html -- \
        "$analyzer" whatif "$snap" --acs-override=downstream,multifunction --format json -- \
        "$analyzer" diff "$snap" "$snap2" --format json -- \
        tar -xzOf "$snap")
    row "$n" "report json" "$j_s" "$x_s" "$j_rss" "$j_cpu" "$x_cpu" "tar -xzOf"
    row "$n" "report html" "$h_s" "$x_s" "$h_rss" "$h_cpu" "$x_cpu" "tar -xzOf"
    row "$n" whatif "$w_s" "$j_s" "$w_rss" "$w_cpu" "$j_cpu" "report json"
    row "$n" diff "$d_s" "$j_s" "$d_rss" "$d_cpu" "$j_cpu" "report json"

    if [ "$n" -le "$seed_max" ] && [ $can_unshare -eq 1 ]; then
        { read -r g_s g_rss g_cpu; } < <(measure "$runs" unshare -m sh -c \
            'mount --bind "$0/sys" /sys && exec "$1" groups --color never' "$work/root" \
            "$analyzer")
        { read -r l_s _ l_cpu; } < <(measure 1 unshare -m sh -c \
            'mount --bind "$0/sys" /sys && exec bash "$1"' "$work/root" "$work/seed.sh")
        row "$n" groups "$g_s" "$l_s" "$g_rss" "$g_cpu" "$l_cpu" "seed loop, /sys bound: $(python3 -c \
            "print('%.0fx faster' % ($l_s / $g_s))")"
    elif [ "$n" -le "$seed_max" ]; then
        # without mount namespaces: lspci reads the tree through -A linux-sysfs
        sed -e "s|/sys/kernel|$work/root/sys/kernel|" \
            -e "s|lspci -nns|lspci -A linux-sysfs -O sysfs.path=$work/root/sys/bus/pci -nns|" \
            "$work/seed.sh" > "$work/seed-root.sh"
        { read -r g_s g_rss g_cpu; } < <(measure "$runs" "$analyzer" groups "$work/root" --color never)
        { read -r l_s _ l_cpu; } < <(measure 1 bash "$work/seed-root.sh")
        row "$n" groups "$g_s" "$l_s" "$g_rss" "$g_cpu" "$l_cpu" "seed loop via lspci -A linux-sysfs (no \
unshare): $(python3 -c "print('%.0fx faster' % ($l_s / $g_s))")"
    else
        echo "$(printf '%-6s %-13s' "$n" groups)  (seed loop not run above SEED_MAX=$seed_max: one lspci process per device)"
    fi
done

# Batch: many small snapshots, as a support desk gets them.
mkdir -p "$work/batch"
samples=("$top"/samples/*.tar.gz)
for i in $(seq 1 "$batch"); do
    ln "${samples[$((i % ${#samples[@]}))]}" "$work/batch/$i.tar.gz" 2>/dev/null ||
        cp "${samples[$((i % ${#samples[@]}))]}" "$work/batch/$i.tar.gz"
done
python3 - "$analyzer" "$work/batch" "$(nproc)" <<'PY'
import os, subprocess, sys, time
analyzer, d, cores = sys.argv[1], sys.argv[2], int(sys.argv[3])
files = sorted(os.path.join(d, f) for f in os.listdir(d))
one = 'for f; do "$0" report "$f" --format json > /dev/null; [ $? -le 1 ] || exit 255; done'
start = time.monotonic()
for f in files:
    if subprocess.run([analyzer, "report", f, "--format", "json"],
                      stdout=subprocess.DEVNULL).returncode > 1:
        sys.exit("run.sh: report failed on " + f)
serial = time.monotonic() - start
start = time.monotonic()
subprocess.run(["xargs", "-0", "-n", "8", "-P", str(cores), "sh", "-c", one, analyzer],
               input="\0".join(files).encode(), check=True)
parallel = time.monotonic() - start
start = time.monotonic()
subprocess.run([analyzer, "fleet", d, "--format", "csv", "-j", str(cores)],
               stdout=subprocess.DEVNULL)
fleet = time.monotonic() - start
n = len(files)
print("batch  %d sample snapshots: serial %.2f s (%.1f ms each); xargs -P %d %.2f s "
      "(%.1f ms each, %.2fx); fleet -j %d %.2f s (%.1f ms each)" % (
          n, serial, serial / n * 1e3, cores, parallel, parallel / n * 1e3,
          serial / parallel, cores, fleet, fleet / n * 1e3))
PY
