#!/bin/bash
# SPDX-License-Identifier: MIT
#
# One fuzzing campaign: run a harness for a while on its full corpus (kept
# in the build directory, never committed), then merge into the committed
# corpus tests/fuzz/corpus only what adds edge coverage.
#
#   tests/fuzz/campaign.sh NAME SECONDS [BUILD]       fuzz, then merge
#   tests/fuzz/campaign.sh --merge NAME DIR [BUILD]   merge DIR only
#
# NAME is snapshot, open, diff, cfgspace, cmdline, context, vmconf or sources; BUILD a build
# directory configured with CC=clang -DISC_FUZZ=ON (default build-fuzz).
# The full corpus is BUILD/corpus/NAME (FULL_CORPUS overrides), started
# from the committed one and grown by every run. Prints the executions and
# writes any crash to tests/fuzz/crashes/ (add it to the corpus as
# crash-<what> once fixed). Inputs over MAX_KEEP bytes (default 4096) are
# not merged, to keep the repository small.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
merge_only=0
if [ "${1:-}" = --merge ]; then
	merge_only=1
	shift
fi
if [ $# -lt 2 ]; then
	sed -n '4,17p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
fi
name=$1 arg=$2 build=${3:-$top/build-fuzz}
full=${FULL_CORPUS:-$build/corpus/$name}
bin=$build/tests/fuzz_$name
corpus=$here/corpus/$name
# open reads what snapshot reads: it starts from snapshot's corpus too, and
# keeps only what neither corpus holds
corpora=("$corpus")
[ "$name" = open ] && corpora+=("$here/corpus/snapshot")
copy_corpora() { for c in "${corpora[@]}"; do cp -r "$c"/. "$1"/; done; }
[ -x "$bin" ] || { echo "campaign: $bin: not built (CC=clang cmake -DISC_FUZZ=ON)" >&2; exit 2; }
[ -d "$corpus" ] || { echo "campaign: $corpus: no such corpus" >&2; exit 2; }

case $name in
snapshot | open | diff) max_len=1048576 ;;
context | vmconf | sources) max_len=65536 ;;
cfgspace) max_len=8192 ;;
cmdline) max_len=4096 ;;
*) echo "campaign: unknown harness '$name'" >&2; exit 2 ;;
esac
export ASAN_OPTIONS=${ASAN_OPTIONS:-malloc_context_size=0}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ $merge_only = 1 ]; then
	found=$arg
else
	found=$full
	mkdir -p "$found" "$here/crashes"
	copy_corpora "$found"
	case $name in snapshot | open) cp "$top"/samples/*.tar.gz "$found"/ ;; esac
	# Energy scaled by execution time: the samples cost a hundred times a
	# small input, and without it they take most of the time (measured:
	# open 1,042 -> 7,531 and snapshot 494 -> 956 executions a second).
	"$bin" "$found" -max_total_time="$arg" -max_len=$max_len -rss_limit_mb=2048 -timeout=20 \
		-entropic_scale_per_exec_time=1 -print_final_stats=1 \
		-artifact_prefix="$here/crashes/$name-" >"$work/log" 2>&1 || {
		tail -40 "$work/log" >&2
		echo "campaign: $name stopped: see tests/fuzz/crashes/" >&2
		exit 1
	}
	grep -E 'number_of_executed_units|average_exec_per_sec' "$work/log" | sed "s/^/$name: /"
fi

# What adds coverage to the committed corpus, small enough to keep: libFuzzer
# adds to the first directory only the inputs that bring features it lacks,
# here edges alone (-use_counters=0), so the corpus stays a few hundred files.
mkdir -p "$work/new"
copy_corpora "$work/new"
"$bin" -merge=1 "$work/new" "$found" -max_len=$max_len -use_counters=0 -rss_limit_mb=2048 \
	>"$work/merge.log" 2>&1 || {
	tail -20 "$work/merge.log" >&2
	exit 1
}
kept=0
for f in "$work"/new/*; do
	[ -e "$f" ] || continue
	b=$(basename "$f")
	[ "$(stat -c %s "$f")" -le "${MAX_KEEP:-4096}" ] || continue
	for c in "${corpora[@]}"; do [ -e "$c/$b" ] && continue 2; done
	cp "$f" "$corpus/$b"
	kept=$((kept + 1))
done
echo "$name: $kept new inputs merged into tests/fuzz/corpus/$name"
