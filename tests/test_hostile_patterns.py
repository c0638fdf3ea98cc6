"""A schema's `pattern` is untrusted input: matching it never hangs the run (issue 19, ReDoS).

Before: `^(a+)+$` with a default of forty `a`s and a `!` hung check, score and fix in Python's backtracking `re`
(time x4 per two characters)."""
from __future__ import annotations

import json

import pytest

from schemalint import patterns
from tests.helpers import lint_data, run_cli

EVIL = "a" * 40 + "!"


def _catalog(pattern: str, default: str) -> list:
    return [{"name": "tag_item", "description": "Tag an item of the store with a label.",
             "parameters": {"type": "object", "properties": {
                 "label": {"type": "string", "description": "The label.", "pattern": pattern, "default": default}}}}]


@pytest.mark.parametrize("pattern", [r"^(a+)+$", r"^(a|aa)+$", r"^(a{1,1000}){1,1000}$", r"^(?=a)(a+)+$",
                                     r"^(a+)+(?<!x)$"])
@pytest.mark.parametrize("command", ["check", "score", "fix"])
def test_catastrophic_patterns_finish(tmp_path, pattern, command):
    path = tmp_path / "tools.json"
    path.write_text(json.dumps(_catalog(pattern, EVIL)))
    proc = run_cli(command, str(path), timeout=60)
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr


def test_linear_engine_still_reports_a_value_that_does_not_match():
    findings = lint_data(_catalog(r"^(a+)+$", EVIL), select=["example-violates-schema"])
    assert [f.param for f in findings] == ["label"]
    assert "does not match the pattern" in findings[0].message
    assert lint_data(_catalog(r"^(a+)+$", "aaaa"), select=["example-violates-schema"]) == []


def test_lookaround_that_re2_lacks_is_still_checked_within_the_time_bound():
    assert patterns.search(r"^(?!tmp_)[a-z_]+$", "tmp_file") is False
    assert patterns.search(r"^(?!tmp_)[a-z_]+$", "file") is True
    findings = lint_data(_catalog(r"^(?!tmp_)[a-z_]+$", "tmp_x"), select=["example-violates-schema"])
    assert [f.param for f in findings] == ["label"]


def test_a_pattern_that_cannot_be_matched_in_time_is_named_in_the_notes(tmp_path):
    # a lookahead keeps it out of RE2; the repeated `.*` makes the backtracking engine run out of time
    pattern = r"(.*a){25}(?=x)"
    path = tmp_path / "tools.json"
    path.write_text(json.dumps(_catalog(pattern, "a" * 200)))
    proc = run_cli("check", str(path), "--format", "json", timeout=60)
    report = json.loads(proc.stdout)
    assert "example-violates-schema" not in {f["rule"] for f in report["findings"]}
    assert any("not checked against examples and defaults" in n for n in report["notes"]), report["notes"]


def test_re2_does_not_print_its_parse_errors(tmp_path):
    path = tmp_path / "tools.json"
    path.write_text(json.dumps(_catalog(r"^(?=x)\d+$", "12")))
    proc = run_cli("check", str(path), timeout=60)
    assert "re2.cc" not in proc.stderr and "absl" not in proc.stderr, proc.stderr
