"""Provider compatibility: which providers reject or change a tool, the matrix, and --provider."""
from __future__ import annotations

import copy
import json
import os

import pytest

from schemalint.engine.registry import all_rules
from schemalint.provider_matrix import build_matrix, expand_providers, verdicts
from schemalint.providers import PROVIDERS, UnknownProvider, analyze, safe_name
from tests.helpers import CORPUS, ROOT, catalog_from, lint_data, run_cli

FIXTURES = os.path.join(ROOT, "tests", "fixtures", "provider")
PROVIDER_RULES = {rid: cls for rid, cls in all_rules().items() if cls.category == "provider"}


def _tool(data, **kw):
    catalog = catalog_from(data, **kw)
    assert len(catalog.tools) == 1
    return catalog.tools[0]


def _chat(name="get_record", parameters=None, **extra):
    parameters = parameters if parameters is not None else {
        "type": "object", "properties": {"record_id": {"type": "string"}}, "required": ["record_id"]}
    return {"type": "function", "function": {"name": name, "description": "Look up a record.",
                                             "parameters": parameters, **extra}}


def _findings(data, providers=(), select=None):
    return lint_data(data, select=select or ["provider"], settings={"providers": list(providers)})


def _apply(data: dict, fix) -> dict:
    """Apply a Fix's `set` edits (the only kind these rules propose) to a copy of `data`."""
    data = copy.deepcopy(data)
    for edit in fix.edits:
        assert edit.op == "set"
        node = data
        for token in edit.path[:-1]:
            node = node[token]
        node[edit.path[-1]] = edit.value
    return data


# --- every rule cites a dated source -------------------------------------------------------

def test_there_are_provider_rules():
    assert {"provider-tool-name", "provider-description-length", "provider-tool-count", "provider-input-schema",
            "strict-additional-properties", "strict-all-required", "strict-unsupported-keyword",
            "strict-size-limits", "gemini-schema-subset", "mcp-schema-dialect"} <= set(PROVIDER_RULES)


@pytest.mark.parametrize("rule_id", sorted(PROVIDER_RULES))
def test_every_provider_rule_cites_a_dated_source(rule_id):
    sources = PROVIDER_RULES[rule_id].sources
    assert sources, f"{rule_id} cites no source"
    for source in sources:
        assert "read 2026-" in source, f"{rule_id}: source without the date it was read: {source[:80]}"
        assert any(mark in source for mark in ("/", ".com", ".io", "#")), f"{rule_id}: source names no page"


# --- provider selection ----------------------------------------------------------------------

def test_expand_all_and_unknown():
    assert expand_providers(["all"]) == list(PROVIDERS)
    assert expand_providers(["mcp,openai", "openai"]) == ["openai", "mcp"]
    with pytest.raises(UnknownProvider, match="openia"):
        expand_providers(["openia"])


def test_unknown_provider_is_a_usage_error(tmp_path):
    (tmp_path / "tools.json").write_text(json.dumps([_chat()]))
    result = run_cli("check", "tools.json", "--provider", "openia", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "unknown provider 'openia'" in result.stderr


def test_unknown_provider_in_config_is_a_usage_error(tmp_path):
    (tmp_path / "tools.json").write_text(json.dumps([_chat()]))
    (tmp_path / "schemalint.toml").write_text('provider = ["gemini", "claude"]\n')
    result = run_cli("check", "tools.json", cwd=tmp_path)
    assert result.returncode == 2 and "unknown provider 'claude'" in result.stderr


def test_provider_from_config_builds_the_matrix(tmp_path):
    (tmp_path / "tools.json").write_text(json.dumps([_chat("admin.tools.list")], indent=2))
    (tmp_path / "schemalint.toml").write_text('provider = ["openai", "gemini"]\n')
    result = run_cli("check", "tools.json", "--format", "json", "--select", "provider", cwd=tmp_path)
    report = json.loads(result.stdout)
    matrix = report["provider_matrix"]
    assert matrix["providers"] == ["openai", "gemini"]
    assert matrix["tools"] == [{"name": "admin.tools.list", "file": "tools.json", "line": 4,
                                "results": {"openai": "rejected", "gemini": "ok"}}]
    assert result.returncode == 1


def test_provider_all_on_the_command_line(tmp_path):
    (tmp_path / "tools.json").write_text(json.dumps([_chat()], indent=2))
    result = run_cli("check", "tools.json", "--format", "json", "--provider", "all", cwd=tmp_path)
    matrix = json.loads(result.stdout)["provider_matrix"]
    assert matrix["providers"] == list(PROVIDERS)
    row = matrix["tools"][0]
    assert row["results"]["openai"] == "ok" and row["results"]["gemini"] == "ok"
    # optional-free but not closed: strict modes refuse it
    assert row["results"]["openai-strict"] == "rejected" and row["results"]["anthropic-strict"] == "rejected"


def test_no_matrix_without_providers(tmp_path):
    (tmp_path / "tools.json").write_text(json.dumps([_chat()]))
    result = run_cli("check", "tools.json", "--format", "json", cwd=tmp_path)
    assert "provider_matrix" not in json.loads(result.stdout)


# --- without --provider: shared limits and the tool's own provider only -------------------------

def test_without_provider_only_shared_limits_and_own_format():
    mcp_dotted = {"name": "admin.tools.list", "description": "List admin tools.",
                  "inputSchema": {"type": "object", "properties": {}}}
    assert not _findings(mcp_dotted)  # valid MCP; only other providers object
    rules = {f.rule for f in _findings(mcp_dotted, ["openai"])}
    assert rules == {"provider-tool-name"}
    spaced = dict(mcp_dotted, name="list admin tools")
    names = [f for f in _findings(spaced) if f.rule == "provider-tool-name"]
    assert len(names) == 1 and "every provider rejects it" in names[0].message
    # a chat-format tool without strict is not held to strict mode by default
    assert not _findings(_chat())


def test_mcp_name_reaching_openai_says_so():
    tool = {"name": "admin.tools.list", "description": "List.", "inputSchema": {"type": "object"}}
    [finding] = _findings(tool, ["openai"])
    assert "MCP client forwards this valid MCP name" in finding.message
    assert finding.fixable and finding.fix.edits[0].value == "admin_tools_list"


def test_name_rules_per_provider():
    closed = {"type": "object", "additionalProperties": False, "properties": {"q": {"type": "string"}},
              "required": ["q"]}
    assert verdicts(_tool(_chat("a" * 100, closed)), PROVIDERS) == {
        "openai": "rejected", "openai-strict": "rejected", "anthropic": "ok", "anthropic-strict": "ok",
        "gemini": "rejected", "mcp": "ok"}
    assert verdicts(_tool(_chat("a" * 129, closed)), ["anthropic", "mcp"]) == {"anthropic": "rejected",
                                                                                "mcp": "rejected"}
    assert verdicts(_tool(_chat("9lives")), ["gemini", "openai"]) == {"gemini": "rejected", "openai": "ok"}
    assert verdicts(_tool(_chat("ns:tool")), ["gemini", "mcp"]) == {"gemini": "ok", "mcp": "rejected"}
    assert safe_name("admin.tools/list") == "admin_tools_list" and safe_name("9x") == "_9x"
    assert len(safe_name("b" * 200)) == 64


# --- strict mode -----------------------------------------------------------------------------

OPTIONAL = {"type": "object", "required": ["query"],
            "properties": {"query": {"type": "string"},
                           "limit": {"type": "integer"},
                           "sort": {"type": "string", "enum": ["asc", "desc"]},
                           "filters": {"type": "object", "properties": {"tag": {"type": "string"}}}}}


def test_declared_strict_is_checked_against_openai_itself():
    plain = _tool(_chat("search", OPTIONAL))
    strict = _tool(_chat("search", OPTIONAL, strict=True))
    assert verdicts(plain, ["openai"]) == {"openai": "ok"}
    assert verdicts(strict, ["openai"]) == {"openai": "rejected"}
    rules = {f.rule for f in _findings(_chat("search", OPTIONAL, strict=True))}
    assert rules == {"strict-additional-properties", "strict-all-required"}


def test_responses_without_strict_is_changed_not_rejected():
    responses = {"type": "function", "name": "search", "description": "Search.", "parameters": OPTIONAL}
    tool = _tool(responses)
    assert tool.format == "openai-responses"
    assert verdicts(tool, ["openai"]) == {"openai": "changed"}
    findings = _findings(responses, ["openai"])
    assert findings and all(f.severity == "warning" for f in findings)
    assert any("become required and nullable" in f.message for f in findings)
    # not normalizable (a keyword strict mode lacks): Responses falls back to non-strict, nothing changes
    with_oneof = copy.deepcopy(responses)
    with_oneof["parameters"]["properties"]["limit"] = {"oneOf": [{"type": "integer"}, {"type": "string"}]}
    assert verdicts(_tool(with_oneof), ["openai"]) == {"openai": "ok"}


def test_strict_fixes_make_the_schema_strict():
    data = _chat("search", OPTIONAL, strict=True)
    for _ in range(5):
        fixes = [f.fix for f in _findings(data, ["openai-strict"]) if f.fix]
        if not fixes:
            break
        fix = fixes[0]
        data["function"]["parameters"] = _apply(data["function"]["parameters"], fix)
    params = data["function"]["parameters"]
    assert verdicts(_tool(data), ["openai-strict", "openai"]) == {"openai-strict": "ok", "openai": "ok"}
    assert params["required"] == ["query", "limit", "sort", "filters"]
    assert params["properties"]["limit"]["type"] == ["integer", "null"]
    assert params["properties"]["sort"]["enum"] == ["asc", "desc", None]
    assert params["properties"]["filters"]["additionalProperties"] is False


def test_openai_strict_keywords_formats_and_root():
    params = {"type": "object", "additionalProperties": False, "required": ["url", "when"],
              "properties": {"url": {"type": "string", "format": "uri"},
                             "when": {"type": "string", "format": "date-time"}},
              "anyOf": [{"required": ["url"]}]}
    messages = [f.message for f in _findings(_chat("fetch", params), ["openai-strict"])
                if f.rule == "strict-unsupported-keyword"]
    assert any("'uri' is not a valid format" in m for m in messages)
    assert any("root schema uses anyOf" in m for m in messages)
    assert not any("date-time" in m for m in messages)


def test_anthropic_strict_subset_and_limits():
    params = {"type": "object", "additionalProperties": False, "required": ["n", "tags"],
              "properties": {"n": {"type": "integer", "minimum": 1},
                             "tags": {"type": "array", "items": {"type": "string"}, "minItems": 2},
                             "code": {"type": "string", "pattern": r"^(\w)\1$"},
                             "kind": {"enum": [{"a": 1}]}}}
    tool = {"name": "t", "description": "T.", "strict": True, "input_schema": params}
    whats = {f.message.split(": ")[1] for f in _findings(tool) if f.rule == "strict-unsupported-keyword"}
    assert whats == {'"minimum" is not supported in strict mode',
                     "minItems 2 (only 0 and 1 are supported in strict mode)",
                     "pattern uses a backreference, lookaround or \\b",
                     "enum holds objects or arrays (complex types within enums)"}
    recursive = {"type": "object", "additionalProperties": False, "required": ["node"],
                 "properties": {"node": {"$ref": "#/$defs/Node"}},
                 "$defs": {"Node": {"type": "object", "additionalProperties": False, "required": ["next"],
                                    "properties": {"next": {"anyOf": [{"$ref": "#/$defs/Node"}, {"type": "null"}]}}}}}
    assert any("recursive schema" in f.message for f in _findings(dict(tool, input_schema=recursive)))
    assert verdicts(_tool(dict(tool, input_schema=recursive)), ["openai-strict"]) == {"openai-strict": "ok"}


def test_anthropic_optional_budget_is_per_request():
    def strict_tool(name):
        return {"name": name, "description": "Search.", "strict": True, "input_schema": {
            "type": "object", "additionalProperties": False,
            "properties": {f"f{i}": {"type": "string"} for i in range(13)}}}
    findings = _findings([strict_tool("a"), strict_tool("b")], select=["provider-tool-count"])
    assert len(findings) == 1 and "26 optional parameters across strict tools" in findings[0].message
    assert not _findings([strict_tool("a")], select=["provider-tool-count"])


# --- Gemini, MCP, counts, descriptions --------------------------------------------------------

def test_gemini_parameters_versus_parameters_json_schema():
    schema = {"type": "object", "additionalProperties": False, "$defs": {"Id": {"type": "string"}},
              "properties": {"id": {"$ref": "#/$defs/Id"}, "note": {"type": ["string", "null"]}}}
    as_parameters = {"functionDeclarations": [{"name": "get", "description": "Get.", "parameters": schema}]}
    messages = [f.message for f in _findings(as_parameters)]
    assert any('Unknown name \\"$defs\\"' in m or "$defs" in m for m in messages)
    assert any("Proto field is not repeating" in m for m in messages)
    as_json_schema = {"functionDeclarations": [{"name": "get", "description": "Get.",
                                                "parametersJsonSchema": schema}]}
    assert not _findings(as_json_schema)
    with_sibling = copy.deepcopy(as_json_schema)
    with_sibling["functionDeclarations"][0]["parametersJsonSchema"]["properties"]["id"]["minLength"] = 2
    [finding] = _findings(with_sibling)
    assert "only description and default" in finding.message and finding.param == "id"


def test_mcp_input_schema_and_dialect():
    [missing] = _findings({"name": "ping", "description": "Ping.", "inputSchema": None})
    assert "not null" in missing.message
    declared = {"name": "n", "description": "N.", "inputSchema": {
        "$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
        "properties": {"n": {"type": "number", "minimum": 0, "exclusiveMinimum": True}}}}
    assert not _findings(declared, select=["mcp-schema-dialect"])


def test_tool_count_limits():
    tools = [_chat(f"tool_{i}") for i in range(129)]
    [finding] = _findings(tools, ["openai", "gemini"], select=["provider-tool-count"])
    assert "openai rejects more than 128" in finding.message and "gemini" not in finding.message
    assert not _findings(tools, ["gemini", "mcp"], select=["provider-tool-count"])


def test_description_limit_is_openai_only():
    data = _chat()
    data["function"]["description"] = "Look up a record by id. " * 50
    assert {f.rule for f in _findings(data, ["openai"])} == {"provider-description-length"}
    assert not _findings(data, ["anthropic", "gemini", "mcp"])


# --- real excerpts ------------------------------------------------------------------------

def _fixture_catalog(name):
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as fh:
        return catalog_from(None, path=name, text=fh.read())


def test_mcp_excerpt_verdicts():
    catalog = _fixture_catalog("mcp_tools_list.json")
    matrix = build_matrix(catalog.tools, PROVIDERS)
    rows = {row["name"]: row["results"] for row in matrix["tools"]}
    # github list_tags: fine for every non-strict provider; minimum/maximum break Anthropic strict
    assert rows["list_tags"]["openai"] == rows["list_tags"]["anthropic"] == rows["list_tags"]["mcp"] == "ok"
    assert rows["list_tags"]["anthropic-strict"] == "rejected"
    # LiveMCPBench read_pdf: Zod's draft-04 `exclusiveMinimum: true` without $schema
    assert rows["read_pdf"]["mcp"] == "changed"
    # npmSize / get-smzdm-rank: $schema, additionalProperties and const break Gemini's `parameters`
    assert rows["npmSize"]["gemini"] == rows["get-smzdm-rank"]["gemini"] == "rejected"
    assert rows["npmSize"]["openai-strict"] == "ok"
    assert matrix["tools"][0]["line"] > 1


def test_bfcl_excerpt_is_rejected_everywhere_but_only_reported_with_providers():
    catalog = _fixture_catalog("bfcl_simple_python_320.jsonl")
    [tool] = catalog.tools
    assert set(verdicts(tool, PROVIDERS).values()) == {"rejected"}
    whats = {i.what for i in analyze(tool)}
    assert any("type 'dict'" in w for w in whats) and any("contains '.'" in w for w in whats)


# --- the corpus ------------------------------------------------------------------------------

@pytest.mark.skipif(not os.path.isdir(CORPUS), reason="the shared corpus is not available")
def test_corpus_matrix_covers_every_tool(tmp_path):
    out = tmp_path / "report.json"
    result = run_cli("check", os.path.join(CORPUS, "mcp"), "--select", "provider", "--provider", "all",
                     "--format", "json", "--output", str(out))
    assert result.returncode == 1, result.stderr
    report = json.loads(out.read_text())
    matrix = report["provider_matrix"]
    assert len(matrix["tools"]) == report["summary"]["tools"]
    results = [row["results"] for row in matrix["tools"]]
    assert all(set(r) == set(PROVIDERS) for r in results)
    assert any(r["gemini"] == "rejected" for r in results) and any(r["mcp"] == "changed" for r in results)


def test_a_provider_finding_is_identified_by_its_kind_and_keyword_not_by_its_counts():
    def fingerprint(data, rule):
        [finding] = [f for f in _findings(data, ["openai"]) if f.rule == rule]
        return finding.fingerprint

    longer = fingerprint(_chat(description="Look up a record. " * 70), "provider-description-length")
    assert fingerprint(_chat(description="Look up a record. " * 90), "provider-description-length") == longer
    closed = {"type": "object", "additionalProperties": False, "required": ["url"],
              "properties": {"url": {"type": "string", "format": "uri"}}}
    uri = fingerprint(_chat(parameters=closed, strict=True), "strict-unsupported-keyword")
    other_format = copy.deepcopy(closed)
    other_format["properties"]["url"]["format"] = "iri"
    assert fingerprint(_chat(parameters=other_format, strict=True), "strict-unsupported-keyword") != uri


def test_a_name_that_ends_in_a_line_break_is_refused_like_any_other_character():
    """`$` in the providers' patterns also matches before a final newline: the whole name must match."""
    found = [f for f in _findings(_chat(name="get_record\n")) if f.rule == "provider-tool-name"]
    assert found and "contains '\\n'" in found[0].message
    assert not [f for f in _findings(_chat(name="get_record")) if f.rule == "provider-tool-name"]
