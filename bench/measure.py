#!/usr/bin/env python3
"""Runs a command several times as a whole process and prints its median wall time and peak RSS.

    measure.py RUNS LABEL [--fresh PATH]... -- COMMAND [ARG...]

One untimed warm-up run, then RUNS timed runs. `--fresh PATH` removes PATH (a file or a folder) before
every run, untimed, so that each run writes a new output file rather than replacing the one
the run before wrote (all converters then do the same work: cleancopy also flushes a
file it replaces to disk before renaming it over the old one, which the others do not). Each run is started directly (no shell) and
reaped with wait4(), which gives that process's own peak resident set size (ru_maxrss; for a
program that starts helper processes, such as Chromium, it is the largest of the process and
the children it waited for, not their sum). Prints one tab-separated line:

    LABEL  median_ms  min_ms  max_ms  peak_rss_mb  runs  median_cpu_ms

median_cpu_ms is the median of user plus system CPU time (of the process and the children it
waited for): on a machine shared with other work it varies much less than the wall time.

A command that fails prints `LABEL  failed  ...` and its exit status; its output is kept in
/tmp/measure-LABEL.log for a look.
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import time


def run_once(argv, log):
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    cpu = (usage.ru_utime + usage.ru_stime) * 1000.0
    return elapsed * 1000.0, usage.ru_maxrss / 1024.0, cpu, proc.returncode


def parse_args(args):
    """(runs, label, paths to remove before each run, command) from the command line."""
    if len(args) < 4:
        sys.exit(__doc__)
    runs, label, rest = int(args[0]), args[1], args[2:]
    fresh = []
    while rest and rest[0] == "--fresh" and len(rest) > 1:
        fresh.append(rest[1])
        rest = rest[2:]
    if len(rest) < 2 or rest[0] != "--":
        sys.exit(__doc__)
    return runs, label, fresh, rest[1:]


def remove(paths):
    for path in paths:
        if os.path.isdir(path):
            shutil.rmtree(path)
        elif os.path.lexists(path):
            os.remove(path)


def main():
    runs, label, fresh, argv = parse_args(sys.argv[1:])
    log_path = "/tmp/measure-" + re.sub(r"[^A-Za-z0-9_.-]", "_", label) + ".log"
    times, cpus, peak = [], [], 0.0
    with open(log_path, "wb") as log:
        for i in range(runs + 1):
            remove(fresh)
            ms, rss, cpu, code = run_once(argv, log)
            if code != 0:
                print(f"{label}\tfailed\texit {code}\tsee {log_path}", flush=True)
                return
            if i > 0:
                times.append(ms)
                cpus.append(cpu)
            peak = max(peak, rss)
    print(
        f"{label}\t{statistics.median(times):.1f}\t{min(times):.1f}\t{max(times):.1f}"
        f"\t{peak:.1f}\t{runs}\t{statistics.median(cpus):.1f}",
        flush=True,
    )


if __name__ == "__main__":
    main()
