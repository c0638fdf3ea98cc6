"""The plugin's rules through schemalint's public test harness and its engine."""
from __future__ import annotations

import json

import pytest

from schemalint.api import check_examples, lint_text
from schemalint_house_rules.rules import MissingOwner, RawSqlParameter


@pytest.mark.parametrize("rule", [MissingOwner, RawSqlParameter])
def test_examples(rule):
    assert check_examples(rule) == []


def _rules(tool, **options):
    findings = lint_text(json.dumps([tool], indent=2), select=["missing-owner", "raw-sql-parameter"],
                         options=options)
    return [(f.rule, f.message_id, f.line) for f in findings if f.rule in ("missing-owner", "raw-sql-parameter")]


TOOL = {"name": "find_orders", "description": "Find orders.", "x-owner": "orders-team",
        "inputSchema": {"type": "object", "properties": {"customer_id": {"type": "string"}}}}


def test_a_clean_tool_has_no_finding():
    assert _rules(TOOL) == []


def test_owner_key_is_an_option():
    assert _rules(TOOL, **{"missing-owner": {"key": "x-team"}}) == [("missing-owner", "missing", 2)]
    assert _rules({**TOOL, "x-team": "t"}, **{"missing-owner": {"key": "x-team"}}) == []


def test_a_nested_sql_parameter_is_found_at_its_position():
    tool = {**TOOL, "inputSchema": {"type": "object", "properties": {"filter": {"type": "object", "properties": {
        "raw_sql": {"type": "string"}}}}}}
    found = _rules(tool)
    assert [(r, m) for r, m, _ in found] == [("raw-sql-parameter", "raw-sql")]
    line = found[0][2]
    assert '"raw_sql"' in json.dumps([tool], indent=2).splitlines()[line - 1]


def test_a_non_string_sql_count_is_not_raw_sql():
    tool = {**TOOL, "inputSchema": {"type": "object", "properties": {"sql_count": {"type": "integer"}}}}
    assert _rules(tool) == []
