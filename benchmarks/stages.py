"""Where one `check` run's time and memory go, stage by stage: wall time, RSS after the stage and peak RSS so far.

Usage: python benchmarks/stages.py PATH [--jobs N] [--format F] [--tree TREE]
  PATH     a catalog file or folder (the whole corpus: ../shared/corpus; synthetic catalogs: benchmarks/speed.py)
  --tree   another source tree of schemalint to measure (`git archive <commit> | tar -x -C TREE`), for a before/after

Stages: load (read and parse the files), lint (every enabled rule), assign_occurrences, score_tools, _render and
write_report (the report is rendered as it is written: _render only prepares it; trees before streamed reports
rendered it whole in _render). One run, in this process, as the command line runs it
(`schemalint check PATH --format F --fail-on never -o <temp file>`); run it a few times on a busy machine.
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time


def rss_mib() -> int:
    with open("/proc/self/statm") as fh:
        return round(int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2 ** 20)


def peak_mib() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--jobs", default="1")
    parser.add_argument("--format", default="json")
    parser.add_argument("--tree")
    opts = parser.parse_args()
    if opts.tree:
        sys.path.insert(0, os.path.abspath(opts.tree))
    started = time.perf_counter()
    from schemalint import cli
    from schemalint.commands import check

    stages = []

    def timed(name, function):
        def run(*args, **kwargs):
            begin = time.perf_counter()
            result = function(*args, **kwargs)
            stages.append((name, (time.perf_counter() - begin) * 1000, rss_mib(), peak_mib()))
            return result
        return run

    for name in ("lint", "assign_occurrences", "score_tools", "_render", "write_report"):
        setattr(check, name, timed(name, getattr(check, name)))  # _render: whole reports, before they streamed
    check.Prepared.load = timed("load", check.Prepared.load)
    with tempfile.TemporaryDirectory() as tmp:
        sys.argv = ["schemalint", "check", opts.path, "--format", opts.format, "--jobs", opts.jobs,
                    "--fail-on", "never", "-o", os.path.join(tmp, "report")]
        try:
            cli.main()
        except SystemExit:
            pass
    total = (time.perf_counter() - started) * 1000
    print(f"{'stage':20} {'wall ms':>9} {'RSS MiB':>8} {'peak MiB':>9}")
    for name, wall, rss, peak in stages:
        print(f"{name:20} {wall:9.0f} {rss:8} {peak:9}")
    print(f"{'total (with imports)':20} {total:9.0f} {'':8} {peak_mib():9}")


if __name__ == "__main__":
    main()
