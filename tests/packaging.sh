#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Packaging checks, run by the README's test command as root on a fresh
# machine (they install and remove a package):
#  1. the static collector: ldd says static, it runs with an empty environment
#     and no LD_LIBRARY_PATH, its snapshot opens in the analyzer;
#  2. cpack builds a .deb that lintian passes without errors, dpkg -i installs,
#     both installed programs run, the man pages and bash completion are in
#     place, dpkg -r removes it.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "packaging.sh: $*" >&2; exit 1; }

echo "== static collector"
cmake -S "$top" -B "$work/static" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
    -DISC_STATIC_COLLECTOR=ON > /dev/null
cmake --build "$work/static" --target iommuscope-collect -j"$(nproc)" > /dev/null
bin="$work/static/collector/iommuscope-collect"
out=$(ldd "$bin" 2>&1 || true)
grep -q "not a dynamic executable" <<< "$out" || fail "ldd: $out"
file "$bin" | grep -q "statically linked" || fail "file: $(file "$bin")"
env -i LD_LIBRARY_PATH= "$bin" -o "$work/static.tar.gz" -q || fail "static collector failed"
"$work/static/analyzer/iommuscope" groups "$work/static.tar.gz" > /dev/null 2>&1 ||
    cmake --build "$work/static" --target iommuscope-cli > /dev/null
"$work/static/analyzer/iommuscope" groups "$work/static.tar.gz" > /dev/null ||
    fail "the static collector's snapshot does not open"
echo "static collector: $(stat -c %s "$bin") bytes, statically linked, runs with env -i"

echo "== Debian package"
cmake -S "$top" -B "$work/pkg" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF > /dev/null
cmake --build "$work/pkg" -j"$(nproc)" > /dev/null
(cd "$work/pkg" && cpack > /dev/null)
deb=$(ls "$work"/pkg/iommuscope_*.deb)
lint=$(lintian "$deb" 2>&1 | grep -v "running with root privileges" || true)
echo "${lint:-lintian: clean}"
! grep -q "^E:" <<< "$lint" || fail "lintian reports errors"
if [ "$(id -u)" -ne 0 ] || [ -n "${ISC_NO_INSTALL-}" ]; then
    echo "not root (or ISC_NO_INSTALL): dpkg -i skipped"
    exit 0
fi
dpkg -i "$deb" > /dev/null
trap 'dpkg -r iommuscope > /dev/null 2>&1; rm -rf "$work"' EXIT
/usr/bin/iommuscope-collect -o "$work/installed.tar.gz" -q || fail "installed collector failed"
rc=0
/usr/bin/iommuscope report "$work/installed.tar.gz" --format text > /dev/null || rc=$?
[ $rc -le 1 ] || fail "installed analyzer exited $rc"
/usr/bin/iommuscope report "$top/samples/fuji.tar.gz" --format html -o "$work/r.html" || [ $? -eq 1 ]
grep -q "<svg" "$work/r.html" || fail "installed analyzer wrote no HTML report"
for f in /usr/share/man/man1/iommuscope.1.gz /usr/share/man/man1/iommuscope-collect.1.gz \
         /usr/share/doc/iommuscope/copyright /usr/share/bash-completion/completions/iommuscope; do
    [ -f "$f" ] || fail "$f not installed"
done
man -l /usr/share/man/man1/iommuscope.1.gz 2>/dev/null | grep -q whatif || fail "man page"
bash -c 'source /usr/share/bash-completion/bash_completion 2>/dev/null || true
         source /usr/share/bash-completion/completions/iommuscope
         complete -p iommuscope && complete -p iommuscope-collect' > /dev/null ||
    fail "bash completion does not register"
dpkg -r iommuscope > /dev/null
[ ! -e /usr/bin/iommuscope ] || fail "dpkg -r left /usr/bin/iommuscope"
echo "package: $(basename "$deb"), lintian without errors, installs, runs, removes"
