#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Regenerate the golden outputs: for every samples/NAME.tar.gz,
#   tests/golden/NAME/groups.txt   iommuscope groups samples/NAME.tar.gz --color never
#   tests/golden/NAME/report.json  iommuscope report samples/NAME.tar.gz --format json
# Run from anywhere; review the diff (git diff tests/golden) before committing.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${ISC_ANALYZER:-$top/build/analyzer/iommuscope}
cd "$top"
for snap in samples/*.tar.gz; do
    name=$(basename "$snap" .tar.gz)
    mkdir -p "tests/golden/$name"
    LC_ALL=C "$bin" groups "$snap" --color never > "tests/golden/$name/groups.txt"
    LC_ALL=C "$bin" report "$snap" --format json > "tests/golden/$name/report.json"
    echo "tests/golden/$name"
done
