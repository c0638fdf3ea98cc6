"""Issue 17: provider holes (root combinators, Anthropic property keys, arrays without items for OpenAI,
client tool limits), required fields the description and the schema disagree on, parameter descriptions that
restate the name, and Python `Optional[dict]` arguments reported like their JSON counterpart."""
from __future__ import annotations

import pytest

from schemalint.providers import analyze
from tests.helpers import catalog_from, lint_data


def _openai(name, parameters, **extra):
    return {"type": "function", "function": {"name": name, "description": "Look up a record.",
                                             "parameters": parameters, **extra}}


def _mcp(name, schema):
    return {"name": name, "description": "Look up a record.", "inputSchema": schema}


_EITHER = {"type": "object", "properties": {"id": {"type": "string"}, "slug": {"type": "string"}}}


def _by(findings, rule):
    return [f for f in findings if f.rule == rule]


@pytest.mark.parametrize("keyword", ["anyOf", "oneOf", "allOf"])
def test_root_combinator_is_an_error_for_openai_and_anthropic_outside_strict_mode(keyword):
    schema = {**_EITHER, keyword: [{"required": ["id"]}, {"required": ["slug"]}]}
    [finding] = _by(lint_data(_openai("find", schema), select=["provider-input-schema"]), "provider-input-schema")
    assert finding.severity == "error" and finding.message_id == "root-combinator"
    assert "top level" in finding.message
    anthropic = {"name": "find", "description": "Find.", "input_schema": schema}
    [finding] = lint_data(anthropic, select=["provider-input-schema"])
    assert finding.severity == "error" and "input_schema does not support" in finding.message


@pytest.mark.parametrize("keyword, value", [("not", {"required": ["id", "slug"]}), ("enum", [{"id": "a"}])])
def test_root_not_and_enum_are_refused_by_openai_only(keyword, value):
    schema = {**_EITHER, keyword: value}
    assert [f.message_id for f in lint_data(_openai("find", schema), select=["provider-input-schema"])] == \
        ["root-combinator"]
    [tool] = catalog_from(_openai("find", schema)).tools
    providers = {i.provider for i in analyze(tool) if i.kind == "root-combinator"}
    assert "openai" in providers and "anthropic" not in providers


def test_mcp_root_combinator_is_a_warning_naming_the_forwarding_clients():
    """Valid MCP since 2026-07-28, but Claude Code and other clients forward the schema unchanged (reported in
    mobile-next/mobile-mcp#344, zereight/gitlab-mcp#551)."""
    schema = {**_EITHER, "oneOf": [{"required": ["id"]}, {"required": ["slug"]}]}
    [finding] = lint_data(_mcp("find", schema), select=["provider-input-schema"])
    assert finding.severity == "warning"
    assert "Claude Code" in finding.message and "OpenAI" in finding.message
    [with_provider] = lint_data(_mcp("find", schema), select=["provider-input-schema"],
                                settings={"providers": ["anthropic"]})
    assert with_provider.severity == "error"


def test_an_object_root_without_combinators_is_quiet():
    assert lint_data(_mcp("find", _EITHER), select=["provider-input-schema"]) == []


@pytest.mark.parametrize("key", ["filter[name]", "Account Number", "$top", "@odata.type", "x" * 65])
def test_anthropic_property_keys(key):
    data = {"name": "list_apps", "description": "List apps.",
            "input_schema": {"type": "object", "properties": {key: {"type": "string"}}}}
    [finding] = lint_data(data, select=["provider-input-schema"])
    assert finding.severity == "error" and finding.message_id == "property-key-rejected"
    [mcp] = lint_data(_mcp("list_apps", {"type": "object", "properties": {key: {"type": "string"}}}),
                      select=["provider-input-schema"])
    assert mcp.severity == "warning"


@pytest.mark.parametrize("key", ["filter.name", "page-size", "snake_case_64", "A1"])
def test_allowed_property_keys_are_quiet(key):
    data = {"name": "list_apps", "description": "List apps.",
            "input_schema": {"type": "object", "properties": {key: {"type": "string"}}}}
    assert lint_data(data, select=["provider-input-schema"]) == []


def test_array_without_items_is_an_error_for_openai_and_a_warning_elsewhere():
    schema = {"type": "object", "properties": {"tags": {"type": "array", "description": "Tags."}}}
    [openai] = lint_data(_openai("tag", schema), select=["array-without-items"])
    assert openai.severity == "error"
    [mcp] = lint_data(_mcp("tag", schema), select=["array-without-items"])
    assert mcp.severity == "warning"
    [targeted] = lint_data(_mcp("tag", schema), select=["array-without-items"], settings={"providers": ["openai"]})
    assert targeted.severity == "error"


def _tools(count):
    return [_mcp(f"tool_{i}", {"type": "object"}) for i in range(count)]


def test_too_many_tools_names_the_client_limits_passed():
    [finding] = lint_data(_tools(41), select=["too-many-tools"])
    assert "Cursor's limit of 40" in finding.message and "VS Code" not in finding.message
    [finding] = lint_data(_tools(129), select=["too-many-tools"])
    assert "VS Code Copilot's limit of 128" in finding.message and finding.severity == "warning"


def test_client_limits_are_configurable_and_reported_below_max_tools():
    options = {"too-many-tools": {"max-tools": 100, "client-limits": "Zed=20"}}
    [finding] = lint_data(_tools(25), select=["too-many-tools"], options=options)
    assert "Zed's limit of 20" in finding.message and "more than 20" in finding.message
    assert lint_data(_tools(25), select=["too-many-tools"],
                     options={"too-many-tools": {"max-tools": 100, "client-limits": ""}}) == []


def _anthropic(description, properties, required):
    return {"name": "create_issue", "description": description,
            "input_schema": {"type": "object", "properties": properties, "required": required}}


_ISSUE_PROPS = {name: {"type": "string", "description": f"The issue's {name}."} for name in
                ("owner", "repo", "title", "body")}


@pytest.mark.parametrize("description, required, expected", [
    ("Create an issue.\n\nRequired: owner, repo, title", ["owner", "repo"], [("says-required", "title")]),
    ("Create an issue.\n\nArgs:\n  owner (str, required): Owner.\n  body (optional): Body text.",
     ["body"], [("says-required", "owner"), ("says-optional", "body")]),
    ("Create an issue.\n\nRequired parameters: `owner`, `repo`\nOptional parameters: `body`",
     ["owner", "repo", "body"], [("says-optional", "body")]),
    ("Create an issue.\n\nArgs:\n  body: Required. The text.", [], [("says-required", "body")]),
])
def test_required_contradicts_description(description, required, expected):
    findings = lint_data(_anthropic(description, _ISSUE_PROPS, required),
                         select=["required-contradicts-description"])
    assert sorted((f.message_id, f.param) for f in findings) == sorted(expected)
    assert all(f.severity == "warning" for f in findings)


@pytest.mark.parametrize("description, required", [
    ("Create an issue.\n\nRequired: owner, repo", ["owner", "repo"]),
    ("Create an issue.\n\nArgs:\n  body (str, required if no template): Body.", []),
    ("Create an issue.\n\nArgs:\n  body: Required when the repo has no template.", []),
    ("Create an issue.\n\nRequired: project_id", []),  # not a parameter of this tool
])
def test_required_statements_that_agree_or_are_conditional_are_quiet(description, required):
    assert lint_data(_anthropic(description, _ISSUE_PROPS, required),
                     select=["required-contradicts-description"]) == []


@pytest.mark.parametrize("name, description, reported", [
    ("mode", "The mode.", True),
    ("bucket", "Bucket name.", True),
    ("user_id", "The ID of the user.", True),
    ("mode", "fast skips the dependency scan; thorough runs it.", False),
    ("bucket", "S3 bucket holding the export.", False),
])
def test_param_description_restates_name(name, description, reported):
    data = _anthropic("Scan.", {name: {"type": "string", "description": description}}, [])
    findings = lint_data(data, select=["param-description-restates-name"])
    assert bool(findings) is reported
    assert all(f.severity == "info" for f in findings)


def test_param_restating_name_beside_an_enum_is_quiet():
    data = _anthropic("Scan.", {"mode": {"type": "string", "enum": ["fast", "full"], "description": "The mode."}}, [])
    assert lint_data(data, select=["param-description-restates-name"]) == []


def test_python_optional_dict_is_reported_like_its_json_counterpart(tmp_path):
    """FastMCP turns `Optional[Dict[str, Any]]` and `dict | None` into anyOf [object, null]; a bare `dict`
    into an object: all three say nothing about their keys (read with ast, never run)."""
    source = tmp_path / "server.py"
    source.write_text(
        "from typing import Any, Dict, Optional\n"
        "from mcp.server.fastmcp import FastMCP\n"
        "mcp = FastMCP('x')\n\n"
        "@mcp.tool()\n"
        "def update(record_id: str, filters: dict, changes: Optional[Dict[str, Any]] = None,\n"
        "           where: dict[str, Any] | None = None) -> str:\n"
        "    \"\"\"Update records.\n\n    Args:\n        record_id: Record to update.\n"
        "        filters: Filters to apply.\n        changes: Fields to set.\n        where: Conditions.\n    \"\"\"\n"
        "    return ''\n", encoding="utf-8")
    from schemalint.engine.run import Selection, lint
    from schemalint.loaders import load_paths

    findings = lint(load_paths([str(source)]), Selection(select=["free-form-object"]))
    assert sorted(f.param for f in findings) == ["changes", "filters", "where"]
    assert {f.severity for f in findings} == {"warning"}
    json_twin = _anthropic("Update.", {"changes": {"anyOf": [{"type": "object"}, {"type": "null"}],
                                                   "description": "Fields to set."}}, [])
    [finding] = lint_data(json_twin, select=["free-form-object"])
    assert finding.message_id == "no-properties"


def _with_output(output, properties=None):
    return {"name": "get_forecast", "description": "Get the forecast for a city.",
            "inputSchema": {"type": "object", "properties": properties or {"city": {"type": "string",
                                                                                     "description": "City."}}},
            "outputSchema": output}


def test_output_schema_nodes_are_walked_like_the_input_schema():
    output = {"type": "object", "properties": {
        "days": {"type": "array", "description": "Forecast days."},
        "unit": {"type": "string", "enum": ["C", "F", "C"]}}}
    findings = lint_data(_with_output(output), select=["array-without-items", "duplicate-enum-value"])
    got = {(f.rule, f.param, f.severity) for f in findings}
    assert got == {("array-without-items", "outputSchema.days", "info"),
                   ("duplicate-enum-value", "outputSchema.unit", "warning")}
    # the finding points into outputSchema, not at the input parameter of the same place
    [days] = [f for f in findings if f.rule == "array-without-items"]
    assert days.pointer == "/outputSchema/properties/days"


def test_rules_that_did_not_opt_in_stay_out_of_output_schemas():
    output = {"type": "object", "properties": {"days": {"type": "array", "items": {"type": "object"}}}}
    assert lint_data(_with_output(output), select=["param-description-missing", "free-form-object"]) == []


def test_output_schema_findings_do_not_share_fingerprints_with_input_ones():
    same = {"tags": {"type": "array", "description": "Tags."}}
    findings = lint_data(_with_output({"type": "object", "properties": same}, same), select=["array-without-items"])
    assert len(findings) == 2 and len({f.fingerprint for f in findings}) == 2


@pytest.mark.parametrize("description, expected", [
    ("Search.\n\nArgs:\n- owner: The owner. Required.\n- body: Text (optional)", {("says-required", "owner")}),
    ("Create an issue. The `title` field is required.", {("says-required", "title")}),
])
def test_required_marks_at_the_end_of_an_entry_or_in_a_sentence(description, expected):
    findings = lint_data(_anthropic(description, _ISSUE_PROPS, []), select=["required-contradicts-description"])
    assert {(f.message_id, f.param) for f in findings} == expected


def test_a_choice_between_parameters_is_not_a_requirement():
    """github/github-mcp-server add_issue_comment (corpus mcp/github-mcp-server): "At least one of body or
    reaction is required." names a choice; neither parameter is required on its own."""
    description = ("Add a comment and/or reaction to a specific issue. At least one of body or reaction is "
                   "required.")
    props = {"body": {"type": "string"}, "reaction": {"type": "string"}, "owner": {"type": "string"}}
    assert lint_data(_anthropic(description, props, ["owner"]), select=["required-contradicts-description"]) == []
