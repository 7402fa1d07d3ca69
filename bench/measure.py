#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Time commands against each other on a noisy machine: run them in turn,
RUNS rounds (A B A B ...), and print for each the median wall time (s), the
median peak RSS (KiB) and the median CPU time (user + system, s) of the
command and its children, one line per command.
Peak RSS comes from GNU time (/usr/bin/time, Debian package "time") when it is
installed: without it, every figure is at least Python's own ~10 MiB.

Usage: measure.py RUNS CMD1 [ARG...] [-- CMD2 [ARG...]]...
MEASURE_OK_CODES=0,1 accepts exit statuses other than 0 (iommuscope report
exits 1 when it finds warnings)."""

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time


# A child forked from Python starts with Python's pages, and ru_maxrss keeps
# them across exec: every command would read at least ~10 MiB. GNU time, a
# small program, forks the command itself, so its figure is the command's own.
GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def one(cmd):
    if GNU_TIME:
        fd, path = tempfile.mkstemp(prefix="measure-")
        os.close(fd)
        start = time.monotonic()
        p = subprocess.run([GNU_TIME, "-f", "%M %U %S", "-o", path] + cmd,
                           stdout=subprocess.DEVNULL)
        wall = time.monotonic() - start
        with open(path) as f:
            lines = f.read().split()
        os.unlink(path)
        rss, user, system = lines[-3:] if len(lines) >= 3 else ("0", "0", "0")
        ok = [int(c) for c in os.environ.get("MEASURE_OK_CODES", "0").split(",")]
        if p.returncode not in ok:
            sys.exit("measure.py: %s exited with %s" % (cmd[0], p.returncode))
        return wall, int(rss), float(user) + float(system)
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # a fresh child per run, so RUSAGE_CHILDREN is this run's alone
        os.close(r)
        start = time.monotonic()
        p = subprocess.run(cmd, stdout=subprocess.DEVNULL)
        wall = time.monotonic() - start
        ru = resource.getrusage(resource.RUSAGE_CHILDREN)
        os.write(w, ("%d %f %d %f" % (p.returncode, wall, ru.ru_maxrss,
                                      ru.ru_utime + ru.ru_stime)).encode())
        os._exit(0)
    os.close(w)
    data = os.read(r, 100).decode().split()
    os.waitpid(pid, 0)
    ok = [int(c) for c in os.environ.get("MEASURE_OK_CODES", "0").split(",")]
    if int(data[0]) not in ok:
        sys.exit("measure.py: %s exited with %s" % (cmd[0], data[0]))
    return float(data[1]), int(data[2]), float(data[3])


def main():
    runs = int(sys.argv[1])
    cmds, cur = [], []
    for a in sys.argv[2:]:
        if a == "--":
            cmds.append(cur)
            cur = []
        else:
            cur.append(a)
    cmds.append(cur)
    results = [[] for _ in cmds]
    for _ in range(runs):
        for k, cmd in enumerate(cmds):
            results[k].append(one(cmd))
    for res in results:
        print("%.3f %d %.3f" % (statistics.median(r[0] for r in res),
                                statistics.median(r[1] for r in res),
                                statistics.median(r[2] for r in res)))


if __name__ == "__main__":
    main()
