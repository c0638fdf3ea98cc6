"""The judged sample of real-corpus findings (issue 16) and the benchmark that scores schemalint against it.

The shape of benchmarks/precision/judged.jsonl is checked always; that every judged finding points at a tool
of its corpus file needs the shared corpus. No precision target is asserted here: the benchmark reports them.
"""
from __future__ import annotations

import collections
import importlib.util
import json
import os
import subprocess
import sys

import pytest

from schemalint.loaders.formats import find_tools
from schemalint.sources import parse_text
from tests.helpers import CORPUS, ROOT

SCRIPT = os.path.join(ROOT, "benchmarks", "precision.py")
JUDGED = os.path.join(ROOT, "benchmarks", "precision", "judged.jsonl")
FIELDS = {"rule", "severity", "file", "tool", "param", "message", "verdict", "reason", "tier"}
needs_corpus = pytest.mark.skipif(not os.path.isdir(CORPUS), reason=f"the shared corpus is not at {CORPUS}")


def load_benchmark():
    spec = importlib.util.spec_from_file_location("precision_benchmark", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


precision = load_benchmark()


def judged_lines() -> list[dict]:
    with open(JUDGED, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def test_every_line_is_a_judged_finding():
    lines = judged_lines()
    assert lines
    for number, item in enumerate(lines, 1):
        assert FIELDS <= set(item), f"line {number} lacks {FIELDS - set(item)}"
        assert item["verdict"] in precision.VERDICTS, f"line {number}: verdict {item['verdict']!r}"
        assert item["tier"] in precision.TIERS, f"line {number}: tier {item['tier']!r}"
        assert item["severity"] in ("error", "warning", "info")
        assert (item["tier"] == "info") == (item["severity"] == "info"), f"line {number}: tier and severity differ"
        assert isinstance(item["reason"], str) and item["reason"].strip(), f"line {number}: no reason"
        assert "\n" not in item["reason"], f"line {number}: the reason is one line"
        assert item["rule"] and item["tool"] and item["message"]
        assert not os.path.isabs(item["file"]) and ".." not in item["file"].split("/"), item["file"]


def test_sample_size_and_spread():
    lines = judged_lines()
    per_rule = collections.Counter((item["tier"], item["rule"]) for item in lines)
    crowded = {key: count for key, count in per_rule.items() if count > 10}
    assert not crowded, f"more than 10 judged findings per rule and tier: {crowded}"
    assert sum(item["tier"] == "warning-or-error" for item in lines) >= 200
    assert sum(item["tier"] == "info" for item in lines) <= 60
    synthetic = [item for item in lines if item["file"].split("/")[0] in precision.PARTIAL_FOLDERS]
    assert len(synthetic) <= 30, "bfcl and seal-tools are synthetic: the sample is meant to come from real catalogs"


def test_the_nth_judged_line_of_a_key_matches_the_nth_reported_finding():
    def finding(line, severity="warning"):
        return {"rule": "r", "file": "mcp/a.json", "tool": "t", "param": None, "line": line, "column": 1,
                "pointer": f"/{line}", "severity": severity}

    judged = [dict(finding(0), verdict="true"), dict(finding(0), verdict="false")]
    reported = [finding(20), finding(10)]
    matched = precision.match(judged, reported)
    assert [m["line"] for m in matched] == [10, 20]
    assert precision.match(judged, reported[:1]) == [reported[0], None]


def test_precision_counts_only_error_and_warning_and_leaves_debatable_out():
    judged = [
        {"rule": "a", "file": "f", "tool": "t", "param": "p1", "verdict": "true", "tier": "warning-or-error"},
        {"rule": "a", "file": "f", "tool": "t", "param": "p2", "verdict": "false", "tier": "warning-or-error"},
        {"rule": "a", "file": "f", "tool": "t", "param": "p3", "verdict": "debatable", "tier": "warning-or-error"},
        {"rule": "a", "file": "f", "tool": "t", "param": "p4", "verdict": "false", "tier": "warning-or-error"},
        {"rule": "a", "file": "f", "tool": "t", "param": "p5", "verdict": "true", "tier": "warning-or-error"},
    ]
    # p4 demoted to info (out of precision), p5 no longer reported (lost recall)
    matched = [{"severity": "warning"}, {"severity": "warning"}, {"severity": "warning"}, {"severity": "info"}, None]
    stats = precision.tally(judged, matched)
    assert precision.precision(stats[("any", "a")]) == 0.5
    assert precision.precision(stats[("any", None)]) == 0.5
    assert precision.recall(stats[("warning-or-error", "a")]) == 0.5
    assert stats[("warning-or-error", "a")]["ew_debatable"] == 1


def test_benchmark_skips_without_the_corpus(tmp_path):
    result = subprocess.run([sys.executable, SCRIPT, "--corpus", str(tmp_path / "absent")],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0
    assert result.stdout.startswith("skipped:")


def tools_in(path: str) -> list:
    with open(os.path.join(CORPUS, path), encoding="utf-8") as fh:
        text = fh.read()
    return find_tools(parse_text(os.path.join(CORPUS, path), text)).tools


@needs_corpus
def test_every_judged_finding_names_a_tool_of_its_corpus_file():
    by_file = collections.defaultdict(list)
    for item in judged_lines():
        by_file[item["file"]].append(item)
    missing = []
    for path, items in sorted(by_file.items()):
        assert os.path.isfile(os.path.join(CORPUS, path)), f"{path} is not in the corpus"
        tools = tools_in(path)
        for item in items:
            candidates = [tool for tool in tools if tool.name == item["tool"]]
            if not candidates:
                missing.append(f"{path}: no tool {item['tool']!r}")
                continue
            if item["param"] is None:
                continue
            # the top-level name is a property, or (required-not-in-properties) a name in required
            top = item["param"].split(".")[0].split("[")[0]
            schemas = [tool.input_schema for tool in candidates if isinstance(tool.input_schema, dict)]
            if not any(top in (schema.get("properties") or {}) or top in (schema.get("required") or [])
                       for schema in schemas):
                missing.append(f"{path}: tool {item['tool']!r} has no parameter {top!r}")
    assert not missing, "\n".join(missing)
