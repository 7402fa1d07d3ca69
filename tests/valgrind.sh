#!/bin/sh
# SPDX-License-Identifier: MIT
# memcheck over a full report (every format) and a whatif of each snapshot:
# no invalid access, no use of uninitialised memory, no definite leak.
# Usage: tests/valgrind.sh ANALYZER SNAPSHOT...
set -u
analyzer=$1
shift
status=0
for snap in "$@"; do
    for args in "report --format json" "report --format html" "report --format md" \
                "report --format text" "whatif --acs-override=downstream,multifunction --iommu=on --format html"; do
        # shellcheck disable=SC2086
        valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
            "$analyzer" $args "$snap" > /dev/null
        rc=$?
        if [ $rc -gt 1 ]; then
            echo "valgrind.sh: $args $snap: exit $rc" >&2
            status=1
        fi
    done
done
[ $status -eq 0 ] && echo "memcheck clean: $# snapshots"
exit $status
