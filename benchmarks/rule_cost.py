"""Where the prompt rules' time goes on one catalog: CPU seconds of lint + score + text report, single process.

Usage: python benchmarks/rule_cost.py [CATALOG]   (default: bfcl_unique_functions.json of the shared corpus)

Runs each mode in a fresh process (first-use costs included, as a user pays them):
  core        the core rules (validity, ordering, examples, versioning)
  prompt      core + the prompt rules (description, parameters, security, cost)
  no-findings prompt, with the prompt rules' findings dropped as they are reported: what the rules'
              own logic costs, without locating, fingerprinting, scoring and printing their findings
  no-op       core + the prompt rules replaced by rules that do nothing: the cost of calling them
"""
from __future__ import annotations

import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT = os.path.join(os.path.dirname(os.path.dirname(HERE)), "shared", "corpus", "bfcl", "bfcl_unique_functions.json")
CORE = ("validity", "ordering", "examples", "versioning")
MODES = ("core", "prompt", "no-findings", "no-op")


def measure(path: str, mode: str) -> tuple[float, int]:
    from schemalint import __version__
    from schemalint.engine import run as engine
    from schemalint.engine.fingerprint import assign_occurrences
    from schemalint.engine.registry import all_rules
    from schemalint.loaders import load_paths
    from schemalint.reporters.report import Report
    from schemalint.reporters.text import render
    from schemalint.score import catalog_score, score_tools

    selection = engine.Selection(select=list(CORE)) if mode == "core" else engine.Selection(ignore=["provider", "drift"])
    if mode == "no-findings":
        report = engine.Context.report

        def core_only(self, where, message, *args, **kw):
            if (kw.get("rule") or self.current_rule).category in CORE:
                report(self, where, message, *args, **kw)
        engine.Context.report = core_only
    if mode == "no-op":
        enabled = engine.enabled_rules

        def silenced(sel):
            rules = enabled(sel)
            for rule in rules:
                if rule.category not in CORE:
                    for hook in ("check_tool", "check_node", "check_catalog"):
                        if hasattr(type(rule), hook):
                            setattr(rule, hook, lambda *args: None)
            return rules
        engine.enabled_rules = silenced
    start = time.process_time()
    catalog = load_paths([path])
    findings = engine.lint(catalog, selection)
    assign_occurrences(findings)
    scores = score_tools(catalog.tools, findings, engine.display_path)
    render(Report(findings=findings, scores=scores, files=1, notes=catalog.notes, catalog_score=catalog_score(scores),
                  version=__version__, rules=all_rules()), color=False, quiet=False)
    return time.process_time() - start, len(findings)


def main() -> None:
    if len(sys.argv) >= 3 and sys.argv[2] in MODES:  # a child run
        seconds, count = measure(sys.argv[1], sys.argv[2])
        print(f"{seconds:.3f} {count}")
        return
    path = sys.argv[1] if len(sys.argv) > 1 else DEFAULT
    if not os.path.exists(path):
        raise SystemExit(f"no catalog at {path}")
    results = {}
    for mode in MODES:
        runs = [subprocess.run([sys.executable, __file__, path, mode], capture_output=True, text=True, check=True)
                .stdout.split() for _ in range(3)]
        best = min(runs, key=lambda r: float(r[0]))
        results[mode] = float(best[0])
        print(f"{mode:12} {float(best[0]):.3f} s CPU, {best[1]} findings")
    core = results["core"]
    print(f"prompt rules add {results['prompt'] - core:.3f} s ({results['prompt'] / core:.2f}x the core rules); "
          f"25% of the core is {0.25 * core:.3f} s")
    print(f"  their findings cost {results['prompt'] - results['no-findings']:.3f} s; "
          f"calling them as no-ops {results['no-op'] - core:.3f} s")


if __name__ == "__main__":
    main()
