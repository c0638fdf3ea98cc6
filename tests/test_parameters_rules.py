"""parameters rules beyond their own examples: fixes, dialects, traps found on the corpus."""
from __future__ import annotations

import json
import os

import pytest

from tests.helpers import CORPUS, ROOT, lint_data, run_cli

FIXTURE = os.path.join(ROOT, "tests", "fixtures", "parameters", "design.json")


def _by_rule(data, rules):
    out = {}
    for f in lint_data(data, select=rules):
        out.setdefault(f.rule, set()).add(f.param)
    return out


def test_fixture_findings():
    with open(FIXTURE) as fh:
        data = json.load(fh)
    found = _by_rule(data, ["parameters"])
    assert found["count-typed-as-number"] == {"page"}  # not lower_limit
    assert found["id-without-source"] == {"issue_id"}
    assert found["quantity-without-unit"] == {"timeout"}
    assert found["datetime-without-format"] == {"since"}
    assert found["free-form-object"] == {"filters"}
    assert found["array-without-items"] == {"labels"}


@pytest.mark.parametrize("fmt_tool,expected", [
    ({"name": "f", "description": "d", "parameters": {"type": "dict", "properties": {
        "num_results": {"type": "float", "description": "How many."}}}}, "integer"),
    ({"api_name": "f", "api_description": "d", "parameters": {
        "page": {"type": "float", "description": "Page."}}}, "int"),
])
def test_count_fix_keeps_the_dialect(fmt_tool, expected):
    found = [f for f in lint_data(fmt_tool, select=["count-typed-as-number"])]
    assert found and found[0].fix.edits[0].value == expected


def test_unit_in_description_or_sibling_silences_quantity():
    data = {"name": "f", "description": "d", "input_schema": {"type": "object", "properties": {
        "charge": {"type": "number", "description": "Charge, in coulombs."},
        "width": {"type": "number", "description": "Width, e.g. 512px."},
        "distance": {"type": "number", "description": "Distance."},
        "unit": {"type": "string", "enum": ["km", "mi"], "description": "Unit."}}}}
    assert not _by_rule(data, ["quantity-without-unit"])


def test_deep_schema_reported_once():
    leaf = {"type": "string", "description": "x"}
    for name in "edcba":
        leaf = {"type": "object", "description": name, "properties": {name: leaf}}
    data = {"name": "f", "description": "d", "input_schema": {"type": "object", "properties": {"root": leaf}}}
    found = [f for f in lint_data(data, select=["schema-too-deep"])]
    # one finding for the tool: its deepest parameter, with how many parameters are past the limit
    assert len(found) == 1 and found[0].param == "root.a.b.c.d.e" and found[0].data["count"] == 3
    assert found[0].severity == "info"  # within OpenAI's documented 10 levels


@pytest.mark.skipif(not os.path.isdir(CORPUS), reason="corpus not available (../shared/corpus)")
def test_corpus_runs_clean():
    result = run_cli("check", CORPUS, "-q", "--select", "parameters", "--format", "json", "--fail-on", "never")
    assert result.returncode == 0, result.stderr
