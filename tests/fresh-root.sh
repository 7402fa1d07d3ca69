#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The README's two shell blocks, run as root on a freshly bootstrapped
# Debian 12 (bookworm, minbase) root that holds nothing but a clean clone of
# this checkout: the proof that a new user's first two commands work.
#
#   bash tests/fresh-root.sh            (as root; needs debootstrap)
#
# The minbase root is bootstrapped once and cached under
# $ISC_FRESH_CACHE (default /var/tmp/iommuscope-fresh-root), with the .deb
# files apt downloads, so a later run only copies it. Each run works on a
# fresh copy: the packages are installed from scratch every time. The
# mirror is the one this machine's apt uses. ../shared is not copied: the
# real-data suites skip inside, as they do on a user's machine.
#
# Exit status: 0 when both blocks exit 0; otherwise the first failing
# block's status (77: not root or no debootstrap, so nothing was proved).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cache=${ISC_FRESH_CACHE:-/var/tmp/iommuscope-fresh-root}
suite=bookworm
say() { printf 'fresh-root: %s\n' "$*" >&2; }

[ "$(id -u)" -eq 0 ] || { say "needs root (chroot, mounts): skipped"; exit 77; }
command -v debootstrap > /dev/null || { say "debootstrap is not installed: skipped"; exit 77; }

# The first Debian mirror in this machine's apt sources that serves $suite.
mirror() {
    local f
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        awk -v suite="$suite" '
            function flush() {
                if (uris != "" && (" " suites " ") ~ (" " suite " ") && types ~ /(^| )deb( |$)/) {
                    split(uris, u, " "); print u[1]; found = 1; exit
                }
                uris = suites = types = ""
            }
            /^[ \t]*$/ { flush(); next }
            /^URIs:/ { sub(/^URIs:[ \t]*/, ""); uris = $0 }
            /^Suites:/ { sub(/^Suites:[ \t]*/, ""); suites = $0 }
            /^Types:/ { sub(/^Types:[ \t]*/, ""); types = $0 }
            END { if (!found) flush() }' "$f"
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] || continue
        awk -v suite="$suite" '{ sub(/\[[^]]*\]/, ""); split($0, w, " ") }
            w[1] == "deb" && w[3] == suite { print w[2]; exit }' "$f"
    done
}
url=$(mirror | head -n 1)
[ -n "$url" ] || { say "no $suite mirror in this machine's apt sources"; exit 1; }

# The README's shell blocks, taken the way .ci/run takes them.
block() {
    awk -v want="$1" '/^```sh$/ { n++; inblock = (n == want); next } /^```/ { inblock = 0 } inblock' \
        "$top/README.md"
}
block1=$(block 1)
block2=$(block 2)
if [ -z "$block1" ] || [ -z "$block2" ]; then say "README.md lacks its two sh blocks"; exit 1; fi

# 1. The cached minbase root, bootstrapped once (into a temporary name, so
#    an interrupted bootstrap is never taken for a finished one).
base="$cache/$suite-minbase"
mkdir -p "$cache/apt-archives/partial"
if [ ! -x "$base/bin/bash" ]; then
    say "bootstrapping $suite (minbase) from $url into $base"
    rm -rf --one-file-system "$base.tmp"
    debootstrap --variant=minbase "$suite" "$base.tmp" "$url" > "$cache/debootstrap.log" 2>&1 ||
        { tail -n 20 "$cache/debootstrap.log" >&2; say "debootstrap failed"; exit 1; }
    # Start every run with apt's cache empty, as a new machine has it.
    find "$base.tmp/var/cache/apt/archives" -name '*.deb' -delete
    mv "$base.tmp" "$base"
fi

# 2. Each block in its own fresh copy of it (so the second block proves it
#    installs everything it needs, not what the first left behind), torn
#    down whatever happens.
work=$(mktemp -d /var/tmp/iommuscope-fresh-root.XXXXXX)
mounted() { awk -v r="$work/" 'index($2, r) == 1' /proc/self/mounts; }
cleanup() {
    local m
    # Deepest first; a lazy unmount for whatever a stray process still holds.
    for m in $(mounted | awk '{ print $2 }' | sort -r); do
        umount "$m" 2> /dev/null || umount -l "$m" 2> /dev/null || true
    done
    if [ -n "$(mounted)" ]; then
        say "still mounted under $work, not removing it:"
        mounted >&2
        return
    fi
    local t=$SECONDS
    rm -rf --one-file-system "$work"
    say "work root removed in $((SECONDS - t)) s"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
git -C "$top" rev-parse --is-inside-work-tree > /dev/null 2>&1 ||
    { say "$top is not a git checkout"; exit 1; }
head=$(git -C "$top" rev-parse HEAD)

# A new root: the cached minbase copy, a clone of HEAD in /root/iommuscope,
# /proc, /sys and /dev from the host, apt's download cache shared.
new_root() {
    local root=$1
    cp -a "$base" "$root"
    git clone --quiet --no-hardlinks --no-checkout "$top" "$root/root/iommuscope"
    git -C "$root/root/iommuscope" checkout --quiet --detach "$head"
    cp /etc/resolv.conf "$root/etc/resolv.conf" 2> /dev/null || true
    # A throwaway root needs no fsync after every unpacked file (as Debian's
    # container images do); what gets installed is the same.
    echo force-unsafe-io > "$root/etc/dpkg/dpkg.cfg.d/iommuscope-fresh-root"
    mount -t proc proc "$root/proc"
    mount --rbind /sys "$root/sys"
    mount --make-rslave "$root/sys"
    mount --rbind /dev "$root/dev"
    mount --make-rslave "$root/dev"
    mount --bind "$cache/apt-archives" "$root/var/cache/apt/archives"
}

# 3. The block as root with a clean environment, from the clone.
run_block() {
    local n=$1 cmd=$2 root=$work/root$1 start rc
    start=$(date +%s)
    new_root "$root"
    say "block $n on a new root (made in $(($(date +%s) - start)) s)," \
        "$(git -C "$top" log -1 --format='%h %s' "$head"): $cmd"
    start=$(date +%s)
    set +e
    chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        DEBIAN_FRONTEND=noninteractive \
        /bin/bash -euo pipefail -c "cd /root/iommuscope && $cmd"
    rc=$?
    set -e
    say "block $n: exit $rc after $(($(date +%s) - start)) s"
    return "$rc"
}
status=0
run_block 1 "$block1" || status=$?
if [ "$status" -eq 0 ]; then
    for f in build/analyzer/iommuscope build/collector/iommuscope-collect b550m-report.html; do
        [ -s "$work/root1/root/iommuscope/$f" ] || { say "block 1 left no $f"; status=1; }
    done
fi
rc=0
run_block 2 "$block2" || rc=$?
[ "$status" -ne 0 ] || status=$rc
say "result: exit $status"
exit "$status"
