"""Lint the whole shared corpus (and two reference inputs) and print speed and memory.

Usage: python benchmarks/corpus.py [CORPUS_DIR] [--runs N] [--jobs]
Each measurement runs the installed `schemalint` in a fresh process, as a user or CI would. `--jobs` only
compares `--jobs 1` with `--jobs 2` on the large catalogs, in interleaved pairs (the default of `check --jobs` is
chosen from it).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CORPUS = os.path.join(os.path.dirname(os.path.dirname(HERE)), "shared", "corpus")


def run(args: list[str]) -> tuple[float, float, dict | None]:
    """Wall seconds, peak RSS in MiB, and the JSON report of one `schemalint` run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "schemalint", *args], capture_output=True, text=True)
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode not in (0, 1):
        raise SystemExit(f"schemalint failed ({proc.returncode}): {proc.stderr.strip()}")
    report = json.loads(proc.stdout) if "--format" in args and proc.stdout.strip() else None
    return wall, max(peak, before) / 1024, report


def best_of(args, runs):
    walls = []
    for _ in range(runs):
        wall, peak, report = run(args)
        walls.append(wall)
    return min(walls), statistics.median(walls), peak, report


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?", default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", action="store_true", help="only compare --jobs 1 and --jobs 2, in pairs")
    opts = parser.parse_args()
    if not os.path.isdir(opts.corpus):
        raise SystemExit(f"no corpus at {opts.corpus}")
    if opts.jobs:
        compare_jobs(opts.corpus, opts.runs)
        return

    best, median, peak, report = best_of(["check", opts.corpus, "--format", "json", "--fail-on", "never"], opts.runs)
    tools = report["summary"]["tools"]
    print(f"corpus: {tools} tools, {report['summary']['files']} files, {len(report['findings'])} findings")
    print(f"  wall best {best:.2f} s, median {median:.2f} s; {tools / best:,.0f} tools/s; peak RSS {peak:.0f} MiB")

    bfcl = os.path.join(opts.corpus, "bfcl", "bfcl_unique_functions.json")
    if os.path.exists(bfcl):
        best, median, _, report = best_of(["check", bfcl, "--format", "json", "--fail-on", "never"], opts.runs * 2)
        print(f"bfcl_unique_functions.json: {report['summary']['tools']} tools, wall best {best * 1000:.0f} ms, "
              f"median {median * 1000:.0f} ms")

    with tempfile.TemporaryDirectory() as tmp:
        small = os.path.join(tmp, "tool.json")
        with open(small, "w") as fh:
            json.dump({"name": "get_weather", "description": "Current weather for a city.",
                       "input_schema": {"type": "object", "properties": {"city": {"type": "string"}},
                                        "required": ["city"]}}, fh)
        best, median, _, _ = best_of(["check", small, "-q"], opts.runs * 3)
        print(f"single small file: wall best {best * 1000:.0f} ms, median {median * 1000:.0f} ms")
        if os.path.exists(bfcl):
            print("cost of the rule families (median wall, ratio to the core rules):")
            for target, label in ((bfcl, "bfcl_unique_functions.json"), (small, "single small file")):
                core = None
                for name, args in RULE_SETS:
                    _, median, _, _ = best_of(["check", target, "--fail-on", "never", *args], opts.runs * 3)
                    core = core or median
                    print(f"  {label}, {name}: {median * 1000:.0f} ms ({median / core:.2f}x)")


def compare_jobs(corpus: str, runs: int) -> None:
    """Paired runs, one and two processes alternating, so a busy machine slows both alike."""
    targets = [os.path.join(corpus, "bfcl", "bfcl_unique_functions.json"), os.path.join(corpus, "seal-tools")]
    big = os.path.join(tempfile.mkdtemp(), "six_thousand.json")
    with open(targets[0], encoding="utf-8") as fh:
        tools = json.load(fh)
    with open(big, "w", encoding="utf-8") as fh:
        json.dump(tools + [dict(t, name=f"{t.get('name')}_copy") for t in tools[:2500]], fh)
    targets.append(big)
    for target in targets:
        if not os.path.exists(target):
            continue
        walls: dict[int, list[float]] = {1: [], 2: []}
        for i in range(runs * 2):
            for jobs in ((1, 2) if i % 2 == 0 else (2, 1)):
                wall, _, _ = run(["check", target, "--fail-on", "never", "-q", "--jobs", str(jobs)])
                walls[jobs].append(wall)
        one, two = statistics.median(walls[1]), statistics.median(walls[2])
        wins = sum(b < a for a, b in zip(walls[1], walls[2]))
        print(f"{os.path.basename(target)}: --jobs 1 median {one * 1000:.0f} ms, --jobs 2 median {two * 1000:.0f} ms "
              f"({two / one:.2f}x); --jobs 2 faster in {wins} of {len(walls[1])} pairs")


# what each issue added: the core rules, then the prompt rules, then the rest (provider limits; contract drift
# only acts when a contract is given)
RULE_SETS = (
    ("core rules (validity, ordering, examples, versioning)", ["--select", "validity,ordering,examples,versioning"]),
    ("core + prompt rules (description, parameters, security, cost)", ["--ignore", "provider,drift"]),
    ("every default rule", []),
)


if __name__ == "__main__":
    main()
