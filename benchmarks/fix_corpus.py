"""Run `schemalint fix --write` over a copy of the corpus and check what it did.

Usage: python benchmarks/fix_corpus.py [CORPUS_DIR] [--unsafe] [--keep]

Copies the JSON, JSONL and YAML files of the corpus to a temporary folder, then:
check -> fix --write -> check -> fix --write, each in a fresh `schemalint` process, and prints
- per rule, how many findings the fixes removed (and any rule whose count grew);
- new validity findings (fingerprints, and per tool per rule counts that grew): must be none;
- that every changed file still parses (the project's parser, plus json / PyYAML independently);
- that the second `fix --write` changed no byte (idempotence);
- tools whose score dropped (must be none), and the catalog score before and after.
Exits 1 when one of these checks fails.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CORPUS = os.path.join(os.path.dirname(os.path.dirname(HERE)), "shared", "corpus")
EXTENSIONS = (".json", ".jsonl", ".yaml", ".yml")


def schemalint(args: list[str], cwd: str) -> tuple[subprocess.CompletedProcess, float]:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "schemalint", *args], cwd=cwd, capture_output=True, text=True)
    return proc, time.perf_counter() - start


def check(cwd: str) -> dict:
    proc, wall = schemalint(["check", ".", "--format", "json", "--fail-on", "never"], cwd)
    if proc.returncode != 0:
        raise SystemExit(f"check failed ({proc.returncode}): {proc.stderr.strip()[:500]}")
    report = json.loads(proc.stdout)
    report["wall"] = wall
    return report


def fix(cwd: str, unsafe: bool) -> tuple[str, float]:
    proc, wall = schemalint(["fix", ".", "--write", *(["--unsafe"] if unsafe else [])], cwd)
    if proc.returncode != 0:
        raise SystemExit(f"fix failed ({proc.returncode}): {proc.stderr.strip()[:500]}")
    return proc.stderr.strip(), wall


def copy_corpus(corpus: str, dest: str) -> int:
    count = 0
    for folder, _, files in os.walk(corpus):
        for name in files:
            if name.endswith(EXTENSIONS):
                rel = os.path.relpath(os.path.join(folder, name), corpus)
                os.makedirs(os.path.dirname(os.path.join(dest, rel)), exist_ok=True)
                shutil.copyfile(os.path.join(corpus, rel), os.path.join(dest, rel))
                count += 1
    return count


def snapshot(root: str) -> dict[str, bytes]:
    out = {}
    for folder, _, files in os.walk(root):
        for name in files:
            path = os.path.join(folder, name)
            with open(path, "rb") as fh:
                out[os.path.relpath(path, root)] = fh.read()
    return out


def parses(rel: str, data: bytes) -> str | None:
    """None when the file parses with the project's parser and independently; else the error."""
    from schemalint.sources import InputError, parse_text

    text = data.decode("utf-8")
    try:
        doc = parse_text(rel, text)
    except InputError as exc:
        return f"schemalint: {exc}"
    try:
        if doc.kind == "yaml":
            import yaml

            list(yaml.safe_load_all(text))
        elif doc.kind == "jsonl":
            for line in text.splitlines():
                if line.strip():
                    json.loads(line)
        else:
            json.loads(text)
    except Exception as exc:  # noqa: BLE001 - any parser error is the finding here
        return f"independent parser: {exc}"
    return None


def tools_by_file(report: dict) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = collections.defaultdict(list)
    for tool in report["tools"]:
        out[tool["file"]].append(tool)
    return out


def per_tool_rule_counts(report: dict, category: str, renames: dict | None = None) -> collections.Counter:
    """(file, tool, rule) -> count, for one category; `renames` maps (file, new name) to the old name."""
    renames = renames or {}
    return collections.Counter((f["file"], renames.get((f["file"], f["tool"]), f["tool"]), f["rule"])
                               for f in report["findings"] if f["category"] == category)


def finding_keys(report: dict, category: str, renames: dict | None = None) -> collections.Counter:
    """Findings as (file, tool, rule, param, message) with digits blanked and renamed tools under their old name."""
    renames = renames or {}
    out: collections.Counter = collections.Counter()
    for f in report["findings"]:
        if f["category"] != category:
            continue
        tool = renames.get((f["file"], f["tool"]), f["tool"])
        message = f["message"].replace(f"'{f['tool']}'", f"'{tool}'") if tool != f["tool"] else f["message"]
        out[(f["file"], tool, f["rule"], f["param"], re.sub(r"\d+", "#", message))] += 1
    return out


def tool_renames(before: dict, after: dict) -> dict:
    """(file, name after) -> name before, for tools a fix renamed (tools keep their order in a file)."""
    renames = {}
    old_by_file, new_by_file = tools_by_file(before), tools_by_file(after)
    for file, old_tools in old_by_file.items():
        for old, new in zip(old_tools, new_by_file.get(file, [])):
            if old["name"] != new["name"]:
                renames[(file, new["name"])] = old["name"]
    return renames


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?", default=DEFAULT_CORPUS)
    parser.add_argument("--unsafe", action="store_true", help="also apply unsafe fixes (rewritten descriptions)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary copy and print where it is")
    opts = parser.parse_args()
    if not os.path.isdir(opts.corpus):
        raise SystemExit(f"no corpus at {opts.corpus}")
    work = tempfile.mkdtemp(prefix="schemalint-fix-corpus-")
    failures: list[str] = []
    try:
        copied = copy_corpus(opts.corpus, work)
        original = snapshot(work)
        before = check(work)
        summary, fix_wall = fix(work, opts.unsafe)
        fixed = snapshot(work)
        after = check(work)
        second_summary, second_wall = fix(work, opts.unsafe)
        second = snapshot(work)

        changed = sorted(p for p in fixed if fixed[p] != original.get(p))
        print(f"corpus copy: {copied} files ({work if opts.keep else 'temporary'})")
        print(f"before: {before['summary']['tools']} tools, {len(before['findings'])} findings, "
              f"score {before['summary']['score']} ({before['summary']['grade']}); check {before['wall']:.1f} s")
        print(f"fix --write{' --unsafe' if opts.unsafe else ''}: {fix_wall:.1f} s; {summary}")
        print(f"after:  {after['summary']['tools']} tools, {len(after['findings'])} findings, "
              f"score {after['summary']['score']} ({after['summary']['grade']}); {len(changed)} files changed")

        rules_before = collections.Counter(f["rule"] for f in before["findings"])
        rules_after = collections.Counter(f["rule"] for f in after["findings"])
        print("\nper rule: findings before -> after (removed)")
        for rule in sorted(set(rules_before) | set(rules_after), key=lambda r: rules_after[r] - rules_before[r]):
            delta = rules_before[rule] - rules_after[rule]
            if delta:
                print(f"  {rule:38} {rules_before[rule]:6} -> {rules_after[rule]:6}  ({delta:+d} removed)"
                      if delta > 0 else f"  {rule:38} {rules_before[rule]:6} -> {rules_after[rule]:6}  "
                                        f"({-delta} MORE)")
        fixable_left = collections.Counter(f["rule"] for f in after["findings"] if f["fixable"])
        if fixable_left:
            print("fixable findings left after the run (fix could not apply, or unsafe without --unsafe): "
                  + ", ".join(f"{r}: {n}" for r, n in fixable_left.most_common()))

        # new validity errors: finding by finding, and per tool per rule (a renamed tool keeps its old name)
        renames = tool_renames(before, after)
        if renames:
            print(f"\n{len(renames)} tools were renamed (provider-tool-name); compared under their old names")
        new_keys = finding_keys(after, "validity", renames) - finding_keys(before, "validity")
        counts_before = per_tool_rule_counts(before, "validity")
        grown = {k: n for k, n in per_tool_rule_counts(after, "validity", renames).items() if n > counts_before[k]}
        print(f"\nnew validity findings: {sum(new_keys.values())} (by file, tool, rule, parameter and message), "
              f"{len(grown)} tool/rule counts grew")
        for file, tool, rule, _, message in list(new_keys)[:10]:
            print(f"  NEW {file} {tool} {rule}: {message[:140]}")
        if new_keys or grown:
            failures.append("new validity findings")

        broken = [(p, err) for p in changed if (err := parses(p, fixed[p]))]
        print(f"re-parse: {len(changed) - len(broken)} of {len(changed)} changed files parse")
        for path, err in broken[:10]:
            print(f"  BROKEN {path}: {err[:200]}")
        if broken:
            failures.append("files that no longer parse")

        moved = sorted(p for p in second if second[p] != fixed.get(p))
        print(f"second fix --write: {second_summary}; {len(moved)} files changed "
              f"({'byte-identical' if not moved else 'NOT idempotent'}); {second_wall:.1f} s")
        for path in moved[:10]:
            print(f"  CHANGED AGAIN {path}")
        if moved:
            failures.append("second run changed files")

        dropped = []
        tools_before, tools_after = tools_by_file(before), tools_by_file(after)
        for file, tools in tools_before.items():
            later = tools_after.get(file, [])
            if len(later) != len(tools):
                failures.append(f"{file}: {len(tools)} tools before, {len(later)} after")
                continue
            for old, new in zip(tools, later):
                if new["score"] < old["score"]:
                    dropped.append((file, old["name"], old["score"], new["score"]))
        print(f"tool scores: {len(dropped)} tools scored lower after fixing")
        for file, name, old, new in dropped[:10]:
            print(f"  LOWER {file} {name}: {old} -> {new}")
        if dropped:
            # which findings the lower-scored tools gained: tells a fix that adds a problem from a re-detection
            lowered = {(file, name) for file, name, _, _ in dropped}
            gained = collections.Counter(f["rule"] for f in after["findings"] if (f["file"], f["tool"]) in lowered) \
                - collections.Counter(f["rule"] for f in before["findings"] if (f["file"], f["tool"]) in lowered)
            print("  findings those tools gained: " + ", ".join(f"{r}: {n}" for r, n in gained.most_common()))
        if dropped:
            failures.append("tool scores dropped")
        raised = sum(1 for file, tools in tools_before.items() for old, new in zip(tools, tools_after.get(file, []))
                     if new["score"] > old["score"])
        print(f"catalog score: {before['summary']['score']} -> {after['summary']['score']} "
              f"({raised} tools scored higher)")
    finally:
        if not opts.keep:
            shutil.rmtree(work, ignore_errors=True)
    if failures:
        print("\nFAILED: " + "; ".join(failures))
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
