"""The provider analysis for one provider (`only`, what a run without --provider reports) keeps every issue that
run can show, in the analysis's order: the issues of that provider and those every provider shares."""
from __future__ import annotations

import os

import pytest

from schemalint.loaders import load_paths
from schemalint.providers import ALL, OWN_PROVIDER, PROVIDERS, _analyze
from tests.helpers import CORPUS, catalog_from

OPTIONAL = {"type": "object", "required": ["query"],
            "properties": {"query": {"type": "string", "format": "hostname", "minLength": 2},
                           "limit": {"type": "integer", "maximum": 50},
                           "filter[name]": {"type": "string"},
                           "kinds": {"type": ["string", "null"], "enum": [1, "a"]},
                           "pages": {"type": "array", "items": [{"type": "integer"}], "additionalItems": False},
                           "filters": {"type": "object", "properties": {"tag": {"anyOf": [{"type": "string"},
                                                                                          {"type": "null"}]}}}}}


def _chat(name, **extra):
    return {"type": "function", "function": {"name": name, "description": "Look up a record.",
                                             "parameters": OPTIONAL, **extra}}


SHAPES = [
    _chat("search"), _chat("search", strict=True), _chat("uber.ride"), _chat("list admin tools", strict=True),
    {"type": "function", "name": "search", "description": "Search.", "parameters": OPTIONAL},
    {"type": "function", "name": "search", "description": "Search.", "parameters": OPTIONAL, "strict": False},
    {"name": "search", "description": "Search.", "input_schema": OPTIONAL, "strict": True},
    {"name": "search", "description": "Search.", "input_schema": dict(OPTIONAL, anyOf=[{"required": ["q"]}])},
    {"name": "admin.tools.list", "description": "List.", "inputSchema": OPTIONAL},
    {"name": "x", "description": "No type.", "inputSchema": {"properties": {"a": {"type": "string"}}}},
    {"functionDeclarations": [{"name": "search", "description": "Search.", "parameters": OPTIONAL}]},
]


def _shown_without_provider(every: list, only) -> list:
    """The issues of a full analysis that a run without --provider can report for a tool whose own provider is
    `only`: that provider's, and those of a group (rule and place) that names all six."""
    groups: dict = {}
    for issue in every:
        groups.setdefault((issue.rule, issue.path, issue.field, issue.what), set()).add(issue.provider)
    return [i for i in every if i.provider == only or groups[(i.rule, i.path, i.field, i.what)] == ALL]


def _assert_kept(tool, only):
    every = _analyze(tool)
    some = _analyze(tool, only)
    it = iter(every)
    assert all(any(issue == other for other in it) for issue in some), "not a subsequence of the full analysis"
    missing = [i for i in _shown_without_provider(every, only) if i not in some]
    assert not missing


@pytest.mark.parametrize("data", SHAPES)
@pytest.mark.parametrize("only", list(PROVIDERS) + [None])
def test_one_provider_keeps_what_a_run_without_provider_shows(data, only):
    [tool] = catalog_from(data).tools
    _assert_kept(tool, only)


def test_one_provider_builds_only_its_own_name_issue():
    from schemalint.providers import PROVIDER_TOOL_NAME

    [tool] = catalog_from(_chat("uber.ride")).tools
    every = [i.provider for i in _analyze(tool) if i.rule == PROVIDER_TOOL_NAME]
    assert "openai" in every and len(every) < len(PROVIDERS)  # some providers take the name: not all six
    assert [i.provider for i in _analyze(tool, "openai") if i.rule == PROVIDER_TOOL_NAME] == ["openai"]
    assert [i for i in _analyze(tool, "openai") if i.rule != PROVIDER_TOOL_NAME] == \
        [i for i in _analyze(tool) if i.rule != PROVIDER_TOOL_NAME]  # the schema checks run whole


@pytest.mark.skipif(not os.path.isdir(CORPUS), reason="the shared corpus is not on this machine")
def test_own_provider_keeps_what_is_shown_on_the_corpus():
    for tool in load_paths([CORPUS]).tools:
        _assert_kept(tool, OWN_PROVIDER.get(tool.format))


def test_findings_on_one_node_keep_the_order_of_the_whole_analysis(tmp_path):
    """The OpenAI strict check opens the (place, kind) groups the Anthropic one shares: skipping it for an
    Anthropic tool reordered two findings on one node (a review found it; the schema checks now always run)."""
    import json

    from tests.helpers import run_cli

    (tmp_path / "a.json").write_text(json.dumps({"tools": [{
        "name": "get_record", "description": "Look up a record by its id and return its fields.", "strict": True,
        "input_schema": {"type": "object", "additionalProperties": False, "required": ["code"],
                         "properties": {"code": {"type": "string", "description": "The record code.",
                                                 "format": "foo", "maxLength": 5}}}}]}))
    out = run_cli("check", "a.json", "--format", "json", "--select", "provider", "--fail-on", "never", cwd=tmp_path)
    messages = [f["message"] for f in json.loads(out.stdout)["findings"] if f["param"] == "code"]
    assert [("format 'foo'" in m, "maxLength" in m) for m in messages][:2] == [(True, False), (False, True)], messages
