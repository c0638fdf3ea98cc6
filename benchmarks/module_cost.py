"""CPU per rule and per rule module on one catalog, this tree next to a baseline tree, in interleaved runs.

Usage: python benchmarks/module_cost.py CATALOG [--baseline TREE] [--runs N] [--modules a,b,...] [--top N]
  CATALOG     a file or folder (the whole corpus: ../shared/corpus)
  --baseline  another source tree of schemalint (`git archive <commit> | tar -x -C TREE`), run in the same rounds
  --modules   rule modules to show (default: all); --top: rules shown, costliest first (default 25)

Every run is a fresh process that lints the catalog with every default rule, timing each rule's hooks with the
thread's CPU clock (its findings' reporting included). The clock costs about half a microsecond per call, so a
rule called on every schema node shows some 60 ms on the corpus even when it does nothing: compare trees, not
rules with zero. Medians over --runs rounds (default 3), each round running every tree once.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TREE = os.path.dirname(HERE)

ONE_RUN = r"""
import collections, json, sys, time
sys.setrecursionlimit(20000)
from schemalint.engine import run as engine
from schemalint.engine.registry import all_rules
from schemalint.loaders import load_paths

catalog = load_paths([sys.argv[1]])
cost = collections.Counter()
enabled = engine.enabled_rules

def timed(selection):
    rules = enabled(selection)
    for rule in rules:
        for hook in ("check_tool", "check_node", "check_catalog"):
            if hasattr(type(rule), hook):
                def call(*args, _f=getattr(rule, hook), _id=rule.id):
                    start = time.thread_time()
                    try:
                        return _f(*args)
                    finally:
                        cost[_id] += time.thread_time() - start
                setattr(rule, hook, call)
    return rules

engine.enabled_rules = timed
start = time.thread_time()
engine.lint(catalog, engine.Selection())
lint = time.thread_time() - start
modules = {rule_id: cls.__module__.rsplit(".", 1)[-1] for rule_id, cls in all_rules().items()}
print(json.dumps({"lint": lint, "rules": {r: [modules[r], t] for r, t in cost.items()}}))
"""


def one_run(tree: str, catalog: str) -> dict:
    env = dict(os.environ, PYTHONPATH=tree)
    out = subprocess.run([sys.executable, "-c", ONE_RUN, catalog], cwd=tree, env=env, capture_output=True,
                         text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("catalog")
    parser.add_argument("--baseline")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--modules", default="")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    trees = {"before": os.path.abspath(args.baseline)} if args.baseline else {}
    trees["after" if args.baseline else "this"] = TREE
    lint = collections.defaultdict(list)
    rule_cost = collections.defaultdict(list)  # (tree, rule) -> [ms]
    module_of = {}
    for _ in range(args.runs):
        for name, tree in trees.items():
            result = one_run(tree, os.path.abspath(args.catalog))
            lint[name].append(result["lint"])
            per_module = collections.Counter()
            for rule_id, (module, seconds) in result["rules"].items():
                module_of[rule_id] = module
                rule_cost[(name, rule_id)].append(seconds * 1000)
                per_module[module] += seconds * 1000
            for module, ms in per_module.items():
                rule_cost[(name, "module:" + module)].append(ms)
    wanted = set(filter(None, args.modules.split(",")))
    modules = sorted({m for m in module_of.values() if not wanted or m in wanted})
    names = list(trees)

    def med(key) -> float:
        values = rule_cost.get(key)
        return statistics.median(values) if values else 0.0

    def row(label: str, key_of) -> str:
        values = [med(key_of(name)) for name in names]
        change = f" ({100 * (values[-1] - values[0]) / values[0]:+.0f}%)" if len(values) > 1 and values[0] else ""
        return f"{label:48s} " + " -> ".join(f"{v:7.1f}" for v in values) + f" ms{change}"

    print("lint, every default rule: " + " -> ".join(f"{statistics.median(lint[n]):.2f} s" for n in names)
          + f"   ({', '.join(names)}; median of {args.runs})")
    totals = {n: sum(med((n, "module:" + m)) for m in modules) for n in names}
    for module in sorted(modules, key=lambda m: -med((names[0], "module:" + m))):
        print(row(module, lambda n, m=module: (n, "module:" + m)))
    print(f"{'modules shown, together':48s} " + " -> ".join(f"{totals[n]:7.1f}" for n in names) + " ms")
    rules = [r for r, m in module_of.items() if m in modules]
    for rule_id in sorted(rules, key=lambda r: -med((names[0], r)))[:args.top]:
        print(row(f"  {rule_id} [{module_of[rule_id]}]", lambda n, r=rule_id: (n, r)))


if __name__ == "__main__":
    main()
