"""Recall and precision of the prose-constraint readers on real phrasings (issue 17, item 3).

Usage: python benchmarks/prose_constraints.py [--fixture FILE] [--json] [--misses]

Each line of tests/fixtures/prose_constraints.jsonl is one parameter description copied from the corpus
(`source` names the file), with the value a careful reader takes from it: `expected` is the enum list,
the default, or the bounds as schema keywords ({"maximum": 100}), or null when the text states no closed
constraint (open lists such as "e.g. 'a', 'b'"). The parameter is linted alone (with its sibling names,
which a default or enum may not name) by enum-only-in-prose, default-only-in-prose and range-only-in-prose,
and what their fixes would write is compared with `expected`:
  - recall: rows with an expected value whose fix writes exactly it / rows with an expected value;
  - precision: fixes that write the expected value / all fixes written (a fix on a null row, or a wrong
    value, counts against it).
"""
from __future__ import annotations

import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)
FIXTURE = os.path.join(ROOT, "tests", "fixtures", "prose_constraints.jsonl")
RULES = {"enum": "enum-only-in-prose", "default": "default-only-in-prose", "range": "range-only-in-prose"}
_TYPES = {"float": "number", "double": "number", "int": "integer", "str": "string", "bool": "boolean",
          "list": "array", "dict": "object"}


def read_rows(path: str = FIXTURE) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _tool(row: dict) -> dict:
    typ = _TYPES.get(row["type"], row["type"])
    schema = {"type": typ, "description": row["description"]}
    if typ == "array":
        schema["items"] = {"type": "string"}
    props = {name: {"type": "string", "description": "Another parameter."} for name in row.get("siblings", ())
             if name != row["param"]}
    props[row["param"]] = schema
    return {"name": "probe", "description": "Probe one parameter description.",
            "inputSchema": {"type": "object", "properties": props}}


def extracted(row: dict):
    """What the rule for the row's kind would write for the parameter (None when it reports nothing)."""
    from schemalint.engine.run import Selection, lint
    from schemalint.loaders.formats import find_tools
    from schemalint.loaders import Catalog
    from schemalint.sources import parse_text

    doc = parse_text("probe.json", json.dumps(_tool(row)))
    catalog = Catalog(tools=find_tools(doc).tools, documents=[doc])
    findings = [f for f in lint(catalog, Selection(select=[RULES[row["kind"]]])) if f.param == row["param"]]
    if not findings:
        return None
    edits = {}
    for finding in findings:
        if finding.fix is not None:
            for op, pointer, value in finding.fix.document_edits:
                edits[pointer.rsplit("/", 1)[-1]] = value
    if row["kind"] == "enum":
        return edits.get("enum", "reported without a fix")
    if row["kind"] == "default":
        return edits.get("default", "reported without a fix")
    return edits or "reported without a fix"


def measure(rows: list[dict]) -> dict:
    by_kind: dict = {}
    misses = []
    for row in rows:
        got = extracted(row)
        stats = by_kind.setdefault(row["kind"], {"rows": 0, "expected": 0, "found": 0, "written": 0, "right": 0})
        stats["rows"] += 1
        expected = row["expected"]
        if expected is not None:
            stats["expected"] += 1
            if got == expected:
                stats["found"] += 1
        if got is not None:
            stats["written"] += 1
            if got == expected:
                stats["right"] += 1
        if got != expected:
            misses.append({"kind": row["kind"], "description": row["description"][:160], "expected": expected,
                           "got": got})
    total = {k: sum(s[k] for s in by_kind.values()) for k in ("rows", "expected", "found", "written", "right")}
    for stats in [*by_kind.values(), total]:
        stats["recall"] = round(stats["found"] / stats["expected"], 3) if stats["expected"] else 1.0
        stats["precision"] = round(stats["right"] / stats["written"], 3) if stats["written"] else 1.0
    return {"kinds": by_kind, "total": total, "misses": misses}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixture", default=FIXTURE)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--misses", action="store_true", help="list the rows read wrongly")
    args = parser.parse_args(argv)
    result = measure(read_rows(args.fixture))
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    for kind, stats in [*sorted(result["kinds"].items()), ("all", result["total"])]:
        print(f"{kind:8} rows {stats['rows']:3}  recall {stats['recall']:.3f} ({stats['found']}/{stats['expected']})"
              f"  precision {stats['precision']:.3f} ({stats['right']}/{stats['written']})")
    if args.misses:
        for miss in result["misses"]:
            print(f"  {miss['kind']}: expected {miss['expected']!r}, got {miss['got']!r}: {miss['description']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
