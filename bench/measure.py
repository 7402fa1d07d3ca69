#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Time commands against each other on a noisy machine: run them in turn,
RUNS rounds (A B A B ...), and print for each the median wall time (s) and the
median peak RSS (KiB) of the command and its children, one line per command.

Usage: measure.py RUNS CMD1 [ARG...] [-- CMD2 [ARG...]]...
MEASURE_OK_CODES=0,1 accepts exit statuses other than 0 (iommuscope report
exits 1 when it finds warnings)."""

import os
import resource
import statistics
import subprocess
import sys
import time


def one(cmd):
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # a fresh child per run, so RUSAGE_CHILDREN is this run's alone
        os.close(r)
        start = time.monotonic()
        p = subprocess.run(cmd, stdout=subprocess.DEVNULL)
        wall = time.monotonic() - start
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        os.write(w, ("%d %f %d" % (p.returncode, wall, rss)).encode())
        os._exit(0)
    os.close(w)
    data = os.read(r, 100).decode().split()
    os.waitpid(pid, 0)
    ok = [int(c) for c in os.environ.get("MEASURE_OK_CODES", "0").split(",")]
    if int(data[0]) not in ok:
        sys.exit("measure.py: %s exited with %s" % (cmd[0], data[0]))
    return float(data[1]), int(data[2])


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
        print("%.3f %d" % (statistics.median(r[0] for r in res),
                           statistics.median(r[1] for r in res)))


if __name__ == "__main__":
    main()
