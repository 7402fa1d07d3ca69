#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The real kernel in the loop: boot Debian's kernel in QEMU with an emulated
Intel or AMD IOMMU and the PCI topologies of topologies.txt, collect each
guest with the static collector, and compare what the analyzer says with what
the kernel did.

Per boot: the snapshot opens; `iommuscope groups` equals the kernel's own
groups (a busybox `find` listing of /sys/kernel/iommu_groups made in the
guest); `whatif` with no change reproduces them; the report's findings fit
(interrupt remapping on, IOMMU off when off, vfio-pci bound, no warning on
the clean ones). Predictions: `whatif ARG` on one boot's snapshot equals the
groups of another boot (a card moved, pci=disable_acs_redir=, the IOMMU on).

Exit status: 0 all passed, 1 a check failed, 77 skipped (no QEMU, no static
busybox, no kernel package to be had), 2 usage.

The kernel (linux-image-6.1.0-*-amd64, the one linux-image-amd64 depends on)
is fetched with `apt-get download`, unpacked with `dpkg-deb -x`, and its
vmlinuz, uncompressed ELF vmlinux, config and the vfio modules are cached in
/var/tmp/iommuscope-qemu/PACKAGE_VERSION (ISC_QEMU_CACHE overrides).
Environment: ISC_QEMU_ACCEL=kvm|tcg skips the KVM probe; ISC_QEMU_ONLY=NAME,..
boots only those topologies (and what their predictions need).
"""
import argparse
import base64
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SKIP = 77
KINDS = {
    # kind: (QEMU IOMMU device, CPU model, kernel parameter prefix)
    "intel": ("intel-iommu,intremap=on", "Skylake-Client", "intel_iommu"),
    "amd": ("amd-iommu,intremap=on", "EPYC", "amd_iommu"),
}
MODULES = [  # what vfio-pci needs, in load order (guest-init.sh loads them)
    "virt/lib/irqbypass.ko", "drivers/vfio/vfio.ko", "drivers/vfio/vfio_virqfd.ko",
    "drivers/vfio/pci/vfio-pci-core.ko", "drivers/vfio/pci/vfio-pci.ko",
]
# Kernel parameters that only save boot time (no effect on PCI or the IOMMU).
# no_timer_check: under software emulation on a loaded machine the kernel's
# check of the timer through the interrupt-remapped IO-APIC can miss its
# ticks and panic; it proves nothing about the IOMMU's groups.
FAST = ("console=ttyS0 panic=-1 quiet loglevel=4 mitigations=off cryptomgr.notests "
        "no_timer_check")
# Known wrong answers, each (topology or '*', IOMMU kind or '*', words of the
# problem, why): reported as "known", not failed. An entry that matches no
# problem fails the suite, so a fix must remove its entry.
KNOWN = [
]
BOOT_TIMEOUT = 150


def known_entry(topo, kind, problem):
    """The index in KNOWN of the entry that explains @problem, or None."""
    for i, (kt, kk, words, _) in enumerate(KNOWN):
        if kt in ("*", topo) and kk in ("*", kind) and words in problem:
            return i
    return None  # seconds per boot, software emulation on a loaded machine
CONSOLE_TAIL = 25


def log(msg):
    sys.stdout.write(msg + "\n")
    sys.stdout.flush()


def skip(msg):
    log("SKIP: " + msg)
    sys.exit(SKIP)


# ---- the guest kernel --------------------------------------------------------------

def run(argv, **kw):
    return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, **kw)


def kernel_package():
    """(package, version) of the kernel linux-image-amd64 depends on, or None."""
    pkg = os.environ.get("ISC_QEMU_KERNEL_PKG")
    if not pkg:
        try:
            r = run(["apt-cache", "depends", "linux-image-amd64"])
        except OSError:
            return None
        m = re.search(r"Depends: (linux-image-6\.1\.0-\d+-amd64)\b", r.stdout)
        if not m:
            return None
        pkg = m.group(1)
    r = run(["apt-cache", "show", "--no-all-versions", pkg])
    m = re.search(r"^Version: (\S+)", r.stdout, re.M)
    return (pkg, m.group(1)) if m else None


def cached_kernels(cache):
    try:
        names = sorted(os.listdir(cache))
    except OSError:
        return []
    return [os.path.join(cache, n) for n in names
            if os.path.exists(os.path.join(cache, n, "vmlinuz"))]


def fetch_kernel(cache):
    """The directory holding vmlinuz, vmlinux (if extractable), config, modules/."""
    found = kernel_package()
    if not found:
        have = cached_kernels(cache)
        if have:
            return have[-1]
        skip("apt knows no linux-image-6.1.0-*-amd64 (apt-get update?) and %s holds none"
             % cache)
    pkg, version = found
    kdir = os.path.join(cache, "%s_%s" % (pkg, version.replace(":", "%3a")))
    if os.path.exists(os.path.join(kdir, "vmlinuz")):
        return kdir
    os.makedirs(cache, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        r = run(["apt-get", "download", "%s=%s" % (pkg, version)], cwd=tmp)
        debs = [f for f in os.listdir(tmp) if f.endswith(".deb")]
        if r.returncode != 0 or not debs:
            skip("apt-get download %s failed: %s" % (pkg, r.stderr.strip()[-300:]))
        root = os.path.join(tmp, "root")
        r = run(["dpkg-deb", "-x", os.path.join(tmp, debs[0]), root])
        if r.returncode != 0:
            skip("dpkg-deb -x %s failed: %s" % (debs[0], r.stderr.strip()))
        release = pkg[len("linux-image-"):]
        out = os.path.join(tmp, "kernel")
        os.makedirs(os.path.join(out, "modules"))
        shutil.copy(os.path.join(root, "boot", "vmlinuz-" + release), os.path.join(out, "vmlinuz"))
        shutil.copy(os.path.join(root, "boot", "config-" + release), os.path.join(out, "config"))
        for m in MODULES:
            shutil.copy(os.path.join(root, "lib", "modules", release, "kernel", m),
                        os.path.join(out, "modules"))
        with open(os.path.join(out, "release"), "w") as f:
            f.write(release + "\n")
        r = run([sys.executable, os.path.join(HERE, "extract-vmlinux.py"),
                 os.path.join(out, "vmlinuz"), os.path.join(out, "vmlinux")])
        if r.returncode != 0:
            log("note: no ELF kernel, booting vmlinuz: " + r.stderr.strip())
        os.rename(out, kdir)
    return kdir


# ---- the initramfs -----------------------------------------------------------------

def is_static_elf(path):
    """An ELF file without a program interpreter (PT_INTERP)."""
    import struct
    try:
        with open(path, "rb") as f:
            head = f.read(1 << 16)
    except OSError:
        return False
    if head[:4] != b"\x7fELF" or head[4] != 2:
        return False
    phoff, = struct.unpack_from("<Q", head, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", head, 0x36)
    for i in range(phnum):
        off = phoff + i * phentsize
        if off + 4 > len(head):
            return False
        if struct.unpack_from("<I", head, off)[0] == 3:
            return False
    return True


def build_static_collector(source, build):
    """Configure and build the static collector in its own build directory."""
    if not os.path.exists(os.path.join(build, "CMakeCache.txt")):
        r = run(["cmake", "-S", source, "-B", build, "-DISC_STATIC_COLLECTOR=ON",
                 "-DBUILD_TESTING=OFF", "-DCMAKE_BUILD_TYPE=Release"])
        if r.returncode != 0:
            log(r.stdout + r.stderr)
            sys.exit("the static collector's build could not be configured")
    r = run(["cmake", "--build", build, "-j2", "--target", "iommuscope-collect"])
    if r.returncode != 0:
        log(r.stdout[-3000:] + r.stderr[-3000:])
        sys.exit("the static collector did not build")
    path = os.path.join(build, "collector", "iommuscope-collect")
    if not is_static_elf(path):
        sys.exit("%s is not a static executable" % path)
    return path


def build_initramfs(work, kdir, busybox, collector):
    """An uncompressed newc cpio: busybox, the collector, /init, modules, config."""
    stage = os.path.join(work, "initramfs")
    release = open(os.path.join(kdir, "release")).read().strip()
    for d in ("bin", "sbin", "usr/bin", "usr/sbin", "proc", "sys", "dev", "tmp",
              "lib/modules", "boot"):
        os.makedirs(os.path.join(stage, d), exist_ok=True)
    shutil.copy(busybox, os.path.join(stage, "bin", "busybox"))
    shutil.copy(collector, os.path.join(stage, "bin", "iommuscope-collect"))
    shutil.copy(os.path.join(HERE, "guest-init.sh"), os.path.join(stage, "init"))
    os.chmod(os.path.join(stage, "init"), 0o755)
    # As installed on a Debian host: the collector reads the kernel's config.
    shutil.copy(os.path.join(kdir, "config"), os.path.join(stage, "boot", "config-" + release))
    for m in os.listdir(os.path.join(kdir, "modules")):
        shutil.copy(os.path.join(kdir, "modules", m), os.path.join(stage, "lib", "modules"))
    names = []
    for top, dirs, files in os.walk(stage):
        for n in sorted(dirs) + sorted(files):
            names.append(os.path.relpath(os.path.join(top, n), stage))
    out = os.path.join(work, "initramfs.cpio")
    with open(out, "wb") as f:
        r = subprocess.run([busybox, "cpio", "-o", "-H", "newc"], cwd=stage,
                           input="\n".join(names).encode() + b"\n", stdout=f,
                           stderr=subprocess.PIPE)
    if r.returncode != 0:
        sys.exit("busybox cpio failed: " + r.stderr.decode(errors="replace"))
    return out


# ---- the topologies ----------------------------------------------------------------

class Topology:
    def __init__(self, name, cmdline, devices, checks, line):
        self.name, self.cmdline, self.devices, self.checks = name, cmdline, devices, checks
        self.line = line

    def qemu_devices(self):
        out, chassis = [], 1
        for d in self.devices:
            m = re.match(r"\$RP\((\w+),([0-9a-f.]+)\)(.*)$", d)
            if m:
                d = "pcie-root-port,id=%s,chassis=%d,addr=%s%s" % (
                    m.group(1), chassis, m.group(2), m.group(3))
                chassis += 1
            out += ["-device", d]
        return out

    def kernel_args(self, kind):
        return self.cmdline.replace("$IOMMU", KINDS[kind][2])


def read_topologies(path):
    tops = {}
    with open(path) as f:
        for no, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            cols = [c.strip() for c in line.split("|")]
            if len(cols) != 4 or not re.match(r"^[a-z0-9-]+$", cols[0]) or cols[0] in tops:
                sys.exit("%s:%d: expected 'name | cmdline | devices | checks'" % (path, no))
            cmdline = "" if cols[1] == "-" else cols[1]
            tops[cols[0]] = Topology(cols[0], cmdline, cols[2].split(), cols[3].split(), no)
    return tops


# ---- booting -----------------------------------------------------------------------

class Boot:
    """One guest run: its files, the kernel's groups and the snapshot."""

    def __init__(self, topo, kind, outdir):
        self.topo, self.kind = topo, kind
        self.name = "%s/%s" % (topo.name, kind)
        self.dir = os.path.join(outdir, "%s-%s" % (topo.name, kind))
        self.console = os.path.join(self.dir, "console.log")
        self.data = os.path.join(self.dir, "data.txt")
        self.snapshot = os.path.join(self.dir, "snapshot.tar.gz")
        self.kernel_groups = None  # {group id: set of BDFs}
        self.error = None
        self.seconds = 0.0

    def console_tail(self):
        try:
            with open(self.console, errors="replace") as f:
                lines = f.read().splitlines()
        except OSError:
            return "(no console output)"
        return "\n".join("    | " + l for l in lines[-CONSOLE_TAIL:]) or "(console empty)"


def qemu_argv(qemu, kind, kernel, initrd, accel, append, devices, console, data):
    iommu, cpu, _ = KINDS[kind]
    return [qemu, "-accel", accel, "-M", "q35,kernel-irqchip=split", "-cpu", cpu,
            "-m", "256", "-smp", "1", "-nodefaults", "-display", "none", "-no-reboot",
            "-device", iommu, "-kernel", kernel, "-initrd", initrd, "-append", append,
            "-serial", "file:" + console, "-serial", "file:" + data] + devices


def boot(b, qemu, kernel, initrd, accel):
    os.makedirs(b.dir, exist_ok=True)
    append = (FAST + " " + b.topo.kernel_args(b.kind)).strip()
    argv = qemu_argv(qemu, b.kind, kernel, initrd, accel, append, b.topo.qemu_devices(),
                     b.console, b.data)
    with open(os.path.join(b.dir, "qemu-argv.txt"), "w") as f:
        f.write(" ".join(argv) + "\n")
    start = time.monotonic()
    try:
        r = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=BOOT_TIMEOUT)
        out = r.stdout.decode(errors="replace")
        status = r.returncode
    except subprocess.TimeoutExpired:
        out, status = "", "timeout after %d s" % BOOT_TIMEOUT
    b.seconds = time.monotonic() - start
    msgs = [l for l in out.splitlines() if "doesn't support requested feature" not in l]
    try:
        with open(b.data, errors="replace") as f:
            data = f.read()
    except OSError:
        data = ""
    if status != 0 or "ISC-GROUPS-END" not in data:
        b.error = "the guest did not finish (QEMU: %s)\n%s\n  last console lines:\n%s" % (
            status, "\n".join("    qemu: " + l for l in msgs[-10:]), b.console_tail())
        return
    m = re.search(r"ISC-COLLECT-STATUS (\d+)", data)
    if not m or m.group(1) != "0":
        b.error = "the collector exited %s\n%s" % (m.group(1) if m else "?", b.console_tail())
        return
    body = data.split("ISC-SNAPSHOT-BEGIN", 1)[1].split("ISC-SNAPSHOT-END", 1)[0]
    with open(b.snapshot, "wb") as f:
        f.write(base64.b64decode("".join(body.split())))
    listing = data.split("ISC-GROUPS-BEGIN", 1)[1].split("ISC-GROUPS-END", 1)[0]
    groups = {}
    for line in listing.split():
        m = re.match(r"^/sys/kernel/iommu_groups/(\d+)/devices/([0-9a-f]{4}:[0-9a-f]{2}:"
                     r"[0-9a-f]{2}\.[0-7])$", line)
        if not m:
            b.error = "unexpected line in the guest's group listing: %r" % line
            return
        groups.setdefault(int(m.group(1)), set()).add(m.group(2))
    b.kernel_groups = groups


def probe_kvm(qemu, kernel, initrd, work):
    """True when a guest reaches /init under KVM within a few seconds."""
    if not os.access("/dev/kvm", os.R_OK | os.W_OK):
        return False
    d = os.path.join(work, "kvm-probe")
    os.makedirs(d)
    console, data = os.path.join(d, "console.log"), os.path.join(d, "data.txt")
    argv = qemu_argv(qemu, "intel", kernel, initrd, "kvm", FAST.replace(" quiet", ""), [],
                     console, data)
    p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    ok, deadline = False, time.monotonic() + 10
    try:
        while time.monotonic() < deadline and p.poll() is None:
            time.sleep(0.2)
            try:
                with open(console, errors="replace") as f:
                    if "isc-guest: init started" in f.read():
                        ok = True
                        break
            except OSError:
                pass
    finally:
        if p.poll() is None:
            p.kill()
        p.wait()
    return ok


# ---- checks ------------------------------------------------------------------------

def partition(groups):
    return sorted(sorted(g) for g in groups)


def show(label, groups):
    lines = ["  %s:" % label]
    for g in partition(groups):
        lines.append("    { %s }" % " ".join(g))
    if not groups:
        lines.append("    (no groups)")
    return "\n".join(lines)


def analyzer(args, cmd, snapshot, *extra):
    r = run([args.analyzer, cmd, snapshot, "--format", "json"] + list(extra))
    if r.returncode not in (0, 1):
        raise RuntimeError("iommuscope %s %s exited %d: %s" % (
            cmd, " ".join(extra), r.returncode, r.stderr.strip()))
    return json.loads(r.stdout)


def check_boot(args, b):
    """Problems of one boot, as a list of strings (empty: passed)."""
    probs = []
    kernel = [set(g) for g in b.kernel_groups.values()]
    groups = analyzer(args, "groups", b.snapshot)
    seen = [set(g["devices"]) for g in groups["groups"]]
    if partition(seen) != partition(kernel):
        probs.append("`iommuscope groups` differs from the kernel's groups\n%s\n%s" % (
            show("kernel", kernel), show("iommuscope groups", seen)))
    w = None if "nogroups" in b.topo.checks else analyzer(args, "whatif", b.snapshot)
    if w and w["check"]["status"] != "match":
        predicted = [set(g["devices"]) for g in w["groups"]]
        probs.append("whatif with no change: check %s (%s), expected %s\n%s\n%s" % (
            w["check"]["status"], w["check"]["text"], "match", show("kernel", kernel),
            show("simulated", predicted)))
    rep = analyzer(args, "report", b.snapshot)
    findings = rep["findings"]
    ids = sorted(set(f["id"] for f in findings))
    loud = ["%s (%s): %s" % (f["id"], f["severity"], f["title"]) for f in findings
            if f["severity"] in ("error", "warning")]
    for f in findings:
        if f["id"] == "snapshot.incomplete" and "as root" in json.dumps(f):
            probs.append("report: snapshot.incomplete advises running as root, but the "
                         "collector ran as root (only lspci was absent)")
    if kernel:
        if "iommu.irq_remap_off" in ids:
            probs.append("report: interrupt remapping is on (intremap=on), yet "
                         "iommu.irq_remap_off")
    for c in b.topo.checks:
        if c == "clean":
            probs += ["report: finding on a clean topology: " + f for f in loud]
        elif c == "nogroups":
            if kernel:
                probs.append("the kernel formed groups with the IOMMU off")
            if "iommu.disabled" not in ids:
                probs.append("report: no iommu.disabled with the IOMMU off (findings: %s)"
                             % ", ".join(ids))
        elif c.startswith("vfio="):
            bdf = c[5:]
            drv = [d.get("driver") for d in rep["devices"] if d.get("address") == bdf]
            if drv != ["vfio-pci"]:
                probs.append("report: %s should be bound to vfio-pci, report says %s"
                             % (bdf, drv))
    return probs


def check_prediction(args, b, src, arg):
    kernel = [set(g) for g in b.kernel_groups.values()]
    w = analyzer(args, "whatif", src.snapshot, arg)
    predicted = [set(g["devices"]) for g in w["groups"]]
    probs = []
    if partition(predicted) != partition(kernel):
        probs.append("`whatif %s` on %s's snapshot differs from this boot\n%s\n%s" % (
            arg, src.topo.name, show("booted", kernel), show("predicted", predicted)))
    if arg == "--iommu=on":
        off = "%s=off" % KINDS[b.kind][2]
        gone = [c for c in w["changes"] if c["what"] == "cmdline.removed" and c["subject"] == off]
        if off in src.topo.kernel_args(b.kind).split() and not gone:
            probs.append("`whatif --iommu=on` on %s's snapshot does not remove %s from the "
                         "command line" % (src.topo.name, off))
    return probs


# ---- main --------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--analyzer", required=True, help="the iommuscope program to test")
    ap.add_argument("--source", default=os.path.dirname(os.path.dirname(HERE)))
    ap.add_argument("--static-build", required=True,
                    help="build directory of the static collector (made if absent)")
    ap.add_argument("--work", help="keep boots here (default: a temporary directory)")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    t0 = time.monotonic()

    qemu = shutil.which("qemu-system-x86_64")
    if not qemu:
        skip("qemu-system-x86_64 not found (apt-get install qemu-system-x86)")
    busybox = "/bin/busybox"
    if not is_static_elf(busybox):
        skip("no static %s (apt-get install busybox-static)" % busybox)
    for tool in ("apt-cache", "dpkg-deb"):
        if not shutil.which(tool):
            skip("%s not found: the kernel comes from Debian's package" % tool)
    cache = os.environ.get("ISC_QEMU_CACHE", "/var/tmp/iommuscope-qemu")
    kdir = fetch_kernel(cache)
    tops = read_topologies(os.path.join(HERE, "topologies.txt"))
    only = [n for n in os.environ.get("ISC_QEMU_ONLY", "").split(",") if n]
    if only:
        want = set(only)
        for n in only:
            for c in tops[n].checks:
                if c.startswith("predict="):
                    want.add(c[8:].split(":", 1)[0])
        tops = {n: t for n, t in tops.items() if n in want}

    collector = build_static_collector(args.source, args.static_build)
    log("static collector built (%.1f s)" % (time.monotonic() - t0))
    work = args.work or tempfile.mkdtemp(prefix="iommuscope-qemu-")
    os.makedirs(work, exist_ok=True)
    initrd = build_initramfs(work, kdir, busybox, collector)

    kernel = os.path.join(kdir, "vmlinux")
    pvh = os.path.exists(kernel) and run(
        [sys.executable, os.path.join(HERE, "extract-vmlinux.py"), "--check-pvh",
         kernel]).returncode == 0
    if not pvh:
        kernel = os.path.join(kdir, "vmlinuz")
    accel = os.environ.get("ISC_QEMU_ACCEL")
    if accel not in ("kvm", "tcg"):
        accel = "kvm" if probe_kvm(qemu, kernel, initrd, work) else "tcg"
    log("kernel %s (%s), %s, %d topologies x 2 IOMMUs, %d at a time, in %s" % (
        os.path.basename(kdir), "ELF vmlinux through PVH" if pvh else "vmlinuz",
        "KVM" if accel == "kvm" else "software emulation (TCG)", len(tops), args.jobs, work))

    boots = {(t, k): Boot(tops[t], k, work) for t in tops for k in KINDS}
    failed, used = [], set()
    lock = threading.Lock()

    def one(b):
        boot(b, qemu, kernel, initrd, accel)
        with lock:
            log("%-28s %5.1f s  %s" % (b.name, b.seconds, "booted" if not b.error else "FAILED"))

    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        list(pool.map(one, boots.values()))

    for (t, k), b in sorted(boots.items(), key=lambda i: (tops[i[0][0]].line, i[0][1])):
        if b.error:
            failed.append((b.name, [b.error]))
            continue
        try:
            probs = check_boot(args, b)
            for c in b.topo.checks:
                if c.startswith("predict="):
                    src_name, arg = c[8:].split(":", 1)
                    src = boots[(src_name, k)]
                    if src.error:
                        probs.append("prediction from %s not checked: that boot failed"
                                     % src.name)
                    else:
                        probs += check_prediction(args, b, src, arg)
        except (RuntimeError, ValueError, KeyError) as e:
            probs = ["analyzer: %s" % e]
        known = [(p, known_entry(t, k, p)) for p in probs]
        used.update(i for _, i in known if i is not None)
        probs = [p for p, i in known if i is None]
        groups = " ".join("{%s}" % ",".join(g) for g in partition(b.kernel_groups.values()))
        log("%-28s %s  %s" % (b.name, "ok  " if not probs else "FAIL", groups or "(no groups)"))
        for p, i in known:
            if i is not None:
                log("    known (%s): %s" % (KNOWN[i][3], p.splitlines()[0]))
        if probs:
            failed.append((b.name, probs + ["last console lines:\n" + b.console_tail()]))

    for i, entry in enumerate(KNOWN):
        if i not in used and not only:
            failed.append(("known", ["the known problem %r no longer happens: remove it "
                                     "from KNOWN" % (entry,)]))
    for name, probs in failed:
        if name == "known":
            log("\n== " + probs[0])
            continue
        log("\n== %s (files in %s)" % (name, boots[tuple(name.split("/"))].dir))
        for p in probs:
            log("  " + p)
    log("%d boots, %d failures, %.0f s" % (len(boots), len(failed), time.monotonic() - t0))
    if not failed and not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
