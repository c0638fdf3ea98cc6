"""description rules beyond their own examples: precision traps from the corpus, fixes, and a corpus smoke run."""
from __future__ import annotations

import os

import pytest

from rules import description as D
from tests.helpers import CORPUS, ROOT, lint_data, run_cli

FIXTURES = os.path.join(ROOT, "tests", "fixtures", "description")


def _tool(props, required=(), description="List items. Use it to browse."):
    return {"name": "list_items", "description": description,
            "input_schema": {"type": "object", "required": list(required), "properties": props}}


def _findings(data, rule):
    return [f for f in lint_data(data, select=[rule]) if f.rule == rule]


def test_contradiction_ignores_number_spelling_units_and_percent():
    import json
    with open(os.path.join(FIXTURES, "contradictions.json")) as fh:
        data = json.load(fh)
    found = _findings(data, "description-contradicts-schema")
    params = sorted(f.param for f in found)
    # calendar_id (required, called optional) and page_size (20 vs 50) only; not 10 vs 10.0,
    # 600000 ms vs "10 minutes", 0.1 vs "10%"
    assert params == ["calendar_id", "page_size"], [f.message for f in found]


@pytest.mark.parametrize("text,default", [("Defaults to 30 seconds.", 30), ("default: 30s", "30s"),
                                           ("Default is 1.0", 1), ("Defaults to 'Nominal'.", "nominal")])
def test_same_default_is_not_a_contradiction(text, default):
    parsed = D.parse_prose_default(text)
    assert parsed is None or D._same_default(parsed[0], parsed[1], default) is not False


def test_range_fix_sets_keywords_and_skips_other_units_and_sentinels():
    data = _tool({"limit": {"type": "integer", "description": "Results per page (min 1, max 100)."},
                  "minutes": {"type": "integer", "description": "Between 1 and 3600 minutes (up to 60 hours)."},
                  "rating": {"type": "number", "default": 0, "description": "Rating from 1.0 to 5.0; use 0 to "
                                                                          "indicate no preference."}})
    found = {f.param: f for f in _findings(data, "range-only-in-prose")}
    assert set(found) == {"limit", "minutes"}
    edits = {e.path[-1]: e.value for e in found["limit"].fix.edits}
    assert edits == {"minimum": 1, "maximum": 100}
    assert {e.path[-1]: e.value for e in found["minutes"].fix.edits} == {"minimum": 1, "maximum": 3600}


def test_enum_and_default_fixes_carry_the_values():
    data = _tool({"state": {"type": "string", "description": "Issue state, one of 'open', 'closed' or 'all'."},
                  "size": {"type": "integer", "description": "Items per page. Defaults to 30."}})
    enum = _findings(data, "enum-only-in-prose")
    assert enum[0].fix.edits[0].value == ["open", "closed", "all"]
    default = _findings(data, "default-only-in-prose")
    assert default[0].fix.edits[0].value == 30


def test_open_lists_are_not_enums():
    data = _tool({"label": {"type": "string", "description": "Label such as 'bug', 'docs' or 'feature'."}})
    assert not _findings(data, "enum-only-in-prose")


def test_required_parameter_weighs_more():
    data = _tool({"a": {"type": "string"}, "b": {"type": "string"}}, required=["a"])
    sev = {f.param: f.severity for f in _findings(data, "param-description-missing")}
    assert sev == {"a": "warning", "b": "info"}


def test_http_client_tools_may_talk_http():
    data = {"name": "http_request", "description": "Send an HTTP request with a JSON payload to the endpoint.",
            "input_schema": {"type": "object", "properties": {"url": {"type": "string", "description": "URL."}}}}
    assert not _findings(data, "description-api-jargon")


def test_usage_guidance_names_a_similar_sibling():
    data = [{"name": "list_icons", "description": "Get a list of all available icons.",
             "input_schema": {"type": "object", "properties": {}}},
            {"name": "search_icons", "description": "Search for icons by name or tags.",
             "input_schema": {"type": "object", "properties": {}}}]
    messages = [f.message for f in _findings(data, "description-missing-usage-guidance")]
    assert any("instead of 'search_icons'" in m for m in messages)
    assert any("instead of 'list_icons'" in m for m in messages)


def test_usage_guidance_is_silent_for_opposite_actions():
    data = [{"name": "get_ac_state", "description": "Fetch the air conditioner state.",
             "input_schema": {"type": "object", "properties": {}}},
            {"name": "set_ac_state", "description": "Change the air conditioner state.",
             "input_schema": {"type": "object", "properties": {}}}]
    assert not _findings(data, "description-missing-usage-guidance")


@pytest.mark.skipif(not os.path.isdir(CORPUS), reason="corpus not available (../shared/corpus)")
def test_corpus_runs_clean():
    result = run_cli("check", CORPUS, "-q", "--select", "description", "--format", "json", "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    assert '"description-contradicts-schema"' in result.stdout
