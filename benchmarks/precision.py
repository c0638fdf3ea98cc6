"""Precision of schemalint's findings against the judged sample of real-corpus findings (issue 16).

Usage: python benchmarks/precision.py [--corpus DIR] [--judged FILE] [--list true|false|debatable] [--real-only]

Re-runs schemalint on the corpus folders the sample was drawn from (one process per folder, in parallel),
matches every reported finding to the judged ones by (rule, file, tool, param) -- the n-th judged line
of a key matches the n-th reported finding of that key -- and prints, per rule and overall:
  - precision: true / (true + false) among judged findings still reported as error or warning
    (debatable ones are shown but left out of both sides);
  - recall: true judged findings still reported at any severity / all true judged findings.
Messages and severities are not matched on: rules may reword or re-tier a finding and keep it. A finding
drawn from the info tier counts toward precision only once a rule change reports it as error or warning.
Skips with a message when the corpus is absent. The synthetic bfcl/ and seal-tools/ files take most of the
run (about 25 s on 2 cores); --real-only leaves their judged findings out and runs in a few seconds.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
JUDGED = os.path.join(HERE, "precision", "judged.jsonl")
CORPUS_CANDIDATES = (os.path.join(os.path.dirname(ROOT), "shared", "corpus"), "/work/shared/corpus")
# synthetic benchmark data: only the judged files are linted, the folders are large and slow
PARTIAL_FOLDERS = ("bfcl", "seal-tools")
VERDICTS = ("true", "false", "debatable")
TIERS = ("warning-or-error", "info")
TARGET_PRECISION = 0.90
TARGET_RULE_PRECISION = 0.75
TARGET_RECALL = 0.90


def find_corpus(explicit: str | None = None) -> str | None:
    for path in ([explicit] if explicit else CORPUS_CANDIDATES):
        if path and os.path.isdir(path):
            return os.path.abspath(path)
    return None


def load_judged(path: str = JUDGED) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def finding_key(finding: dict) -> tuple:
    return (finding["rule"], finding["file"], finding["tool"], finding["param"])


def lint_targets(judged: list[dict]) -> dict[str, list[str]]:
    """Corpus-relative paths to lint, one list per top-level corpus folder."""
    targets: dict[str, set] = collections.defaultdict(set)
    for item in judged:
        folder = item["file"].split("/", 1)[0]
        targets[folder].add(item["file"] if folder in PARTIAL_FOLDERS else folder)
    return {folder: sorted(paths) for folder, paths in sorted(targets.items())}


def run_schemalint(corpus: str, targets: dict[str, list[str]]) -> list[dict]:
    """Every finding of one schemalint process per folder, files corpus-relative, in reported order."""
    findings = []
    with tempfile.TemporaryDirectory() as tmp:
        procs = []
        for folder, paths in targets.items():
            out = os.path.join(tmp, folder + ".json")
            # run from the corpus root so reported files are corpus-relative and no project config applies
            cmd = [sys.executable, "-m", "schemalint", "check", *paths, "--format", "json", "--output", out,
                   "--fail-on", "never", "--quiet"]
            procs.append((folder, out, subprocess.Popen(cmd, cwd=corpus, stdout=subprocess.DEVNULL,
                                                        stderr=subprocess.PIPE, text=True)))
        for folder, out, proc in procs:
            _, err = proc.communicate()
            if proc.returncode not in (0, 1):
                last = (err.strip().splitlines() or ["no message"])[-1]
                raise SystemExit(f"schemalint failed on {folder} (exit {proc.returncode}): {last}")
            with open(out, encoding="utf-8") as fh:
                findings.extend(json.load(fh)["findings"])
    return findings


def ordered(findings: list[dict]) -> list[dict]:
    return sorted(findings, key=lambda f: (f["file"], f.get("line") or 0, f.get("column") or 0,
                                           f.get("pointer") or "", f["rule"]))


def match(judged: list[dict], reported: list[dict]) -> list[dict | None]:
    """For each judged finding, the reported finding it corresponds to, or None when it is gone."""
    by_key: dict[tuple, list[dict]] = collections.defaultdict(list)
    for finding in ordered(reported):
        by_key[finding_key(finding)].append(finding)
    seen: collections.Counter = collections.Counter()
    matched = []
    for item in judged:
        key = finding_key(item)
        candidates = by_key.get(key, [])
        matched.append(candidates[seen[key]] if seen[key] < len(candidates) else None)
        seen[key] += 1
    return matched


def tally(judged: list[dict], matched: list[dict | None]) -> dict:
    """Counts per (tier, rule) and per rule across tiers; the rule None holds the totals.

    `ew_*` count judged findings reported as error or warning now, whichever tier they were drawn from:
    precision is over what is reported at those severities today.
    """
    stats: dict = collections.defaultdict(collections.Counter)
    for item, found in zip(judged, matched):
        verdict = item["verdict"]
        for rule in (item["rule"], None):
            row = stats[(item["tier"], rule)]
            row["judged"] += 1
            row["judged_" + verdict] += 1
            if found is None:
                continue
            row["reported"] += 1
            row["kept_" + verdict] += 1
            severe = found["severity"] in ("error", "warning")
            row["ew" if severe else "as_info"] += 1
            if severe:
                for counted in (row, stats[("any", rule)]):
                    counted["ew_" + verdict] += 1
    return stats


def precision(row) -> float | None:
    scored = row["ew_true"] + row["ew_false"]
    return row["ew_true"] / scored if scored else None


def worth_reading(row) -> float | None:
    """True share among the judged findings still reported at any severity."""
    scored = row["kept_true"] + row["kept_false"]
    return row["kept_true"] / scored if scored else None


def recall(row) -> float | None:
    return row["kept_true"] / row["judged_true"] if row["judged_true"] else None


def fmt(value: float | None) -> str:
    return "  n/a" if value is None else f"{value:5.2f}"


def rules_of(stats: dict, tier: str) -> list[str]:
    return sorted(rule for t, rule in stats if t == tier and rule is not None)


def print_tier(stats: dict, tier: str, title: str, out) -> None:
    header = (f"{'rule':36} {'judged':>6} {'t/f/d':>9} {'reported':>8} {'as-info':>7} {'E/W':>4} "
              f"{'true':>4} {'false':>5} {'deb':>4} {'prec':>5} {'read':>5} {'recall':>6}")
    print(f"\n{title}", file=out)
    print(header, file=out)
    print("-" * len(header), file=out)
    for rule in rules_of(stats, tier) + [None]:
        row = stats[(tier, rule)]
        if rule is None:
            print("-" * len(header), file=out)
        judged_split = f"{row['judged_true']}/{row['judged_false']}/{row['judged_debatable']}"
        print(f"{rule or 'overall':36} {row['judged']:6} {judged_split:>9} {row['reported']:8} {row['as_info']:7} "
              f"{row['ew']:4} {row['ew_true']:4} {row['ew_false']:5} {row['ew_debatable']:4} "
              f"{fmt(precision(row))} {fmt(worth_reading(row))} {fmt(recall(row)):>6}", file=out)


def report(stats: dict, out=sys.stdout) -> bool:
    """Print both tiers' tables and the issue's targets; True when every target passes."""
    print_tier(stats, "warning-or-error", "sample drawn from error/warning findings", out)
    print_tier(stats, "info", "sample drawn from info findings (not part of the targets)", out)
    print("\ncolumns: t/f/d = verdicts judged; reported = still reported at any severity; E/W = of those, reported as"
          " error or warning, split into true/false/debatable;\nprec = true/(true+false) among E/W; read ="
          " true/(true+false) among reported at any severity; recall = true findings still reported / true judged",
          file=out)
    # precision over everything reported as error/warning now, whichever tier a finding was drawn from
    rules = sorted({rule for t, rule in stats if t != "any" and rule is not None})
    overall = precision(stats[("any", None)])
    low = [(rule, precision(stats[("any", rule)])) for rule in rules
           if precision(stats[("any", rule)]) is not None and precision(stats[("any", rule)]) < TARGET_RULE_PRECISION]
    main_tier = stats[("warning-or-error", None)]
    kept = recall(main_tier)
    checks = [
        (f"overall precision (error+warning) >= {TARGET_PRECISION:.2f}: {fmt(overall).strip()}",
         overall is not None and overall >= TARGET_PRECISION),
        (f"no rule under {TARGET_RULE_PRECISION:.2f}: " + (", ".join(f"{r} {p:.2f}" for r, p in low) or "none under"),
         not low),
        (f"true error/warning findings still reported >= {TARGET_RECALL:.0%}: "
         f"{main_tier['kept_true']}/{main_tier['judged_true']}", kept is not None and kept >= TARGET_RECALL),
    ]
    print("\nissue 16 targets:", file=out)
    for text, ok in checks:
        print(f"  [{'pass' if ok else 'FAIL'}] {text}", file=out)
    return all(ok for _, ok in checks)


def list_reported(judged: list[dict], matched: list, verdict: str, out=sys.stdout) -> None:
    print(f"\njudged {verdict} and still reported:", file=out)
    for item, found in zip(judged, matched):
        if found is not None and item["verdict"] == verdict:
            print(f"  {found['severity']:7} {item['rule']}  {item['file']}  {item['tool']}  "
                  f"{item['param'] or '-'}\n          {item['reason']}", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", help="the shared corpus (default: ../shared/corpus, then /work/shared/corpus)")
    parser.add_argument("--judged", default=JUDGED, help="the judged sample (JSON lines)")
    parser.add_argument("--list", choices=VERDICTS, help="also list the judged findings of this verdict still reported")
    parser.add_argument("--real-only", action="store_true",
                        help="leave out the judged findings of the synthetic bfcl/ and seal-tools/ data")
    opts = parser.parse_args(argv)
    corpus = find_corpus(opts.corpus)
    if corpus is None:
        print("skipped: the shared corpus is not available (../shared/corpus or /work/shared/corpus)")
        return 0
    judged = load_judged(opts.judged)
    if opts.real_only:
        judged = [item for item in judged if item["file"].split("/", 1)[0] not in PARTIAL_FOLDERS]
    matched = match(judged, run_schemalint(corpus, lint_targets(judged)))
    report(tally(judged, matched))
    if opts.list:
        list_reported(judged, matched, opts.list)
    return 0


if __name__ == "__main__":
    sys.exit(main())
