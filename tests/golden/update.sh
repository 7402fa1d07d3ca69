#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Regenerate the golden outputs: for every samples/NAME.tar.gz,
#   tests/golden/NAME/groups.txt   iommuscope groups samples/NAME.tar.gz --color never
#   tests/golden/NAME/report.json  iommuscope report samples/NAME.tar.gz --format json
#   tests/golden/NAME/report.txt   iommuscope report samples/NAME.tar.gz --format text --color never
#   tests/golden/NAME/report.md    iommuscope report samples/NAME.tar.gz --format md
#   tests/golden/NAME/report.html  iommuscope report samples/NAME.tar.gz --format html
# and the collector's member listings of two builder trees,
#   tests/cli/listings/{fuji,z690-sriov}.members
# Run from anywhere; review the diff (git diff tests/golden tests/cli/listings) before committing.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${ISC_ANALYZER:-$top/build/analyzer/iommuscope}
collect=${ISC_COLLECT:-$top/build/collector/iommuscope-collect}
cd "$top"
for snap in samples/*.tar.gz; do
    name=$(basename "$snap" .tar.gz)
    mkdir -p "tests/golden/$name"
    LC_ALL=C "$bin" groups "$snap" --color never > "tests/golden/$name/groups.txt"
    # report exits 1 when it finds warnings or errors: that is not a failure here
    LC_ALL=C "$bin" report "$snap" --format json > "tests/golden/$name/report.json" || [ $? -eq 1 ]
    LC_ALL=C "$bin" report "$snap" --format text --color never \
        > "tests/golden/$name/report.txt" || [ $? -eq 1 ]
    LC_ALL=C "$bin" report "$snap" --format md > "tests/golden/$name/report.md" || [ $? -eq 1 ]
    LC_ALL=C "$bin" report "$snap" --format html > "tests/golden/$name/report.html" || [ $? -eq 1 ]
    echo "tests/golden/$name"
done
(cd tests/cli && ISC_UPDATE_GOLDEN=1 ISC_COLLECT="$collect" python3 run_suite.py \
    test_collect.CaptureBuilderTrees.test_members_equal_the_committed_listing >/dev/null)
echo "tests/cli/listings"
