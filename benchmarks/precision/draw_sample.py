"""Draw the findings to judge for issue 16 (how judged.jsonl's lines were chosen).

Usage: python benchmarks/precision/draw_sample.py [--corpus DIR] > candidates.jsonl

Deterministic (fixed seed). From mcp/ and openai-format/: up to 10 error/warning findings and up to 5 info
findings per rule, taken round-robin over servers (a Docker registry server, a LiveMCPBench server, a file)
so no single server fills a rule's quota. Distinct findings come first; a definition copied into several
files or records (ToolBench answers, Glaive samples) is drawn again only to fill a quota, and never from a
DERIVED re-bundle (SOURCES.md) when an original file has the same finding.

bfcl/ and seal-tools/ are synthetic benchmark data, used sparingly (at most 30 findings): rules that fire
nowhere else (at most 3 per rule), then per-tool rules short of 10, one at a time, until the error/warning
sample reaches 200, then info rules short of their 5.

Only the first occurrence of a repeated key (rule, file, tool, param) is drawn, so the n-th judged line of a
key is the n-th reported finding of it. The output lines have no verdict yet.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import precision  # noqa: E402  (benchmarks/precision.py)

SEED = 16
REAL_FOLDERS = ("mcp", "openai-format")
SYNTHETIC_FOLDERS = ("bfcl", "seal-tools")
# mechanical re-bundles of other corpus files (SOURCES.md, DERIVED): a finding there is used only when no
# original file has the same one (catalog-wide findings, rules that fire nowhere else)
DERIVED = ("bfcl/bfcl_unique_functions.json", "mcp/github-mcp-server/tools_list.json",
           "openai-format/toolbench/toolbench_answer_function_arrays.json")
PER_RULE = {"warning-or-error": 10, "info": 5}
MIN_WARNING_OR_ERROR = 200
# the real folders give about 173 distinct error/warning findings under the per-rule cap, so reaching 200
# takes 27 from synthetic data (the brief asked for at most 20 in all)
SYNTHETIC_BUDGET = 30
SYNTHETIC_PER_RULE = 3
# catalog-wide findings on a benchmark file bundle unrelated tools: not topped up from synthetic data
CATALOG_RULES = ("too-many-tools", "catalog-token-budget", "provider-tool-count")


def tier_of(finding: dict) -> str:
    return "info" if finding["severity"] == "info" else "warning-or-error"


def server_of(finding: dict) -> str:
    """The unit findings are spread over: one MCP server, one benchmark record, or one file."""
    path = finding["file"]
    parts = path.split("/")
    tokens = (finding.get("pointer") or "").split("/")
    if path.startswith("mcp/github-mcp-server/"):
        return "mcp/github-mcp-server"  # toolsnaps/ and tools_list.json hold the same server's tools
    if path.startswith("mcp/docker-mcp-registry/"):
        return "/".join(parts[:3])
    if path.startswith("mcp/livemcpbench/"):
        return path + "#" + "/".join(tokens[:4])
    if path.startswith("openai-format/") and len(tokens) > 1 and tokens[1].isdigit():
        return path + "#" + tokens[1]
    return path


def draw(findings: list[dict], quota: int, rng: random.Random) -> list[dict]:
    """Up to `quota` findings, round-robin over shuffled servers, each server's findings shuffled."""
    occurrences: dict[tuple, list[dict]] = collections.defaultdict(list)
    by_server: dict[str, list[tuple]] = collections.defaultdict(list)
    for finding in findings:
        key = precision.finding_key(finding)
        if not occurrences[key]:
            by_server[server_of(finding)].append(key)
        occurrences[key].append(finding)
    servers = sorted(by_server)
    rng.shuffle(servers)
    for server in servers:
        rng.shuffle(by_server[server])
    picked: list[dict] = []
    # a definition copied into several files or records (ToolBench answers, Glaive samples) is taken again
    # only when the distinct ones cannot fill the quota
    seen_content: set = set()
    copies: dict[str, list[tuple]] = collections.defaultdict(list)
    for source, first_pass in ((by_server, True), (copies, False)):
        while len(picked) < quota and any(source[s] for s in servers):
            for server in servers:
                if len(picked) >= quota:
                    break
                while source[server]:
                    key = source[server].pop()
                    finding = occurrences[key][0]
                    content = (finding["rule"], finding["tool"], finding["param"], finding["message"])
                    if first_pass and content in seen_content:
                        copies[server].insert(0, key)
                        continue
                    seen_content.add(content)
                    picked.append(finding)
                    break
    return picked


def without_copies(pool: list[dict]) -> list[dict]:
    """The pool less the findings of derived files that an original file also has."""
    content = lambda f: (f["rule"], f["tool"], f["param"], f["message"])  # noqa: E731
    originals = {content(f) for f in pool if f["file"] not in DERIVED}
    return [f for f in pool if f["file"] not in DERIVED or content(f) not in originals]


def candidates(findings: list[dict]) -> list[dict]:
    pools: dict[tuple, list[dict]] = collections.defaultdict(list)
    for finding in precision.ordered(findings):
        folder = finding["file"].split("/", 1)[0]
        origin = "real" if folder in REAL_FOLDERS else "synthetic"
        pools[(origin, tier_of(finding), finding["rule"])].append(finding)

    def drawn(origin: str, tier: str, rule: str, quota: int) -> list[dict]:
        pool = without_copies(pools.get((origin, tier, rule), []))
        return draw(pool, quota, random.Random(f"{SEED}:{origin}:{tier}:{rule}"))

    sample = []
    for origin, tier, rule in sorted(pools):
        if origin == "real":
            sample += drawn(origin, tier, rule, PER_RULE[tier])
    counts = collections.Counter((tier_of(f), f["rule"]) for f in sample)
    synthetic = []
    # rules that fire only in synthetic data
    for origin, tier, rule in sorted(pools):
        if origin == "synthetic" and tier == "warning-or-error" and not counts[(tier, rule)]:
            synthetic += drawn(origin, tier, rule, SYNTHETIC_PER_RULE)
    # then per-tool rules short of their quota, one finding per rule in turn, up to the sample's minimum size
    short = {rule: drawn("synthetic", tier, rule, min(SYNTHETIC_PER_RULE, PER_RULE[tier] - counts[(tier, rule)]))
             for origin, tier, rule in sorted(pools)
             if origin == "synthetic" and tier == "warning-or-error" and 0 < counts[(tier, rule)] < PER_RULE[tier]
             and rule not in CATALOG_RULES}
    warning_or_error = lambda: sum(tier_of(f) == "warning-or-error" for f in sample + synthetic)  # noqa: E731
    while warning_or_error() < MIN_WARNING_OR_ERROR and any(short.values()):
        for rule in sorted(short):
            if short[rule] and warning_or_error() < MIN_WARNING_OR_ERROR:
                synthetic.append(short[rule].pop(0))
    # what is left of the budget goes to info rules short of their quota
    for origin, tier, rule in sorted(pools):
        room = min(PER_RULE[tier] - counts[(tier, rule)], SYNTHETIC_BUDGET - len(synthetic))
        if origin == "synthetic" and tier == "info" and room > 0:
            synthetic += drawn(origin, tier, rule, room)
    return sample + synthetic


def as_line(finding: dict) -> dict:
    return {"rule": finding["rule"], "severity": finding["severity"], "file": finding["file"],
            "tool": finding["tool"], "param": finding["param"], "line": finding.get("line"),
            "message": finding["message"], "verdict": None, "reason": None, "tier": tier_of(finding)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus")
    opts = parser.parse_args()
    corpus = precision.find_corpus(opts.corpus)
    if corpus is None:
        print("skipped: the shared corpus is not available", file=sys.stderr)
        return 0
    targets = {folder: [folder] for folder in REAL_FOLDERS + SYNTHETIC_FOLDERS
               if os.path.isdir(os.path.join(corpus, folder))}
    sample = candidates(precision.run_schemalint(corpus, targets))
    # keep each key's occurrences in reported order, the order the benchmark matches them in
    sample = precision.ordered(sample)
    sample.sort(key=lambda f: (tier_of(f) != "warning-or-error", f["rule"]))
    for finding in sample:
        print(json.dumps(as_line(finding), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
