"""What one finding costs the engine, without the rules around it: µs per `Context.report` call and per position
placed (`Context.place_findings`).

Usage: python benchmarks/finding_cost.py [PATH] [--tree TREE] [--repeat N]
  PATH     a catalog file or folder (default: the shared corpus)
  --tree   another source tree of schemalint to measure (`git archive <commit> | tar -x -C TREE`)

One lint of PATH in this process records every `report` call (where, message id, data, keywords, rule); the calls
are then replayed into a fresh Context N times (default 7), and the median of each part is printed. A replay is
steadier than timing whole lints, which move by about 5% between runs on a shared machine: run it for the tree
before a change and after, one after the other.
"""
from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time

DEFAULT = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "shared",
                       "corpus")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path", nargs="?", default=DEFAULT)
    parser.add_argument("--tree")
    parser.add_argument("--repeat", type=int, default=7)
    opts = parser.parse_args()
    if opts.tree:
        sys.path.insert(0, os.path.abspath(opts.tree))
    from schemalint.engine import run as engine
    from schemalint.loaders import load_paths

    gc.disable()  # as the command line runs
    catalog = load_paths([opts.path])
    calls = []
    report = engine.Context.report

    def recording(self, where, message, data=None, **keywords):
        calls.append((where, message, data, keywords, keywords.get("rule") or self.current_rule))
        return report(self, where, message, data, **keywords)

    engine.Context.report = recording
    try:
        engine.lint(catalog, engine.Selection(), 1)
    finally:
        engine.Context.report = report
    if not calls:
        raise SystemExit(f"no findings in {opts.path}")
    selection = engine.Selection()
    rules = engine.enabled_rules(selection)
    reporting, placing = [], []
    for _ in range(opts.repeat):
        ctx = engine.Context(catalog, selection, rules)
        start = time.perf_counter()
        for where, message, data, keywords, rule in calls:
            ctx.current_rule = rule
            ctx.report(where, message, data, **keywords)
        reported = time.perf_counter()
        ctx.place_findings()
        reporting.append(reported - start)
        placing.append(time.perf_counter() - reported)
        for document in catalog.documents:
            document.forget_positions()
    per_call = 1e6 / len(calls)
    print(f"{engine.__file__}: {len(calls):,} findings; median of {opts.repeat} replays")
    print(f"  report  {statistics.median(reporting) * per_call:6.2f} µs a finding")
    print(f"  place   {statistics.median(placing) * per_call:6.2f} µs a finding")


if __name__ == "__main__":
    main()
