"""MCP tool fields beyond the input schema (rules/mcp.py): annotations, x-mcp-header, icons, outputSchema.

Fixtures are trimmed excerpts of real tool definitions (each test names its source); the mutations turn a real,
correctly annotated tool into the mistake the rule is for, so the true finding and the silence around it are both
checked on real text."""
from __future__ import annotations

import copy
import glob
import json
import os

import pytest

from schemalint.engine.run import Selection, lint
from schemalint.loaders import load_paths
from tests.helpers import CORPUS, ROOT, lint_data, run_cli

FIXTURES = os.path.join(ROOT, "tests", "fixtures", "mcp_rules")
MCP_RULES = ["mcp-annotation-type", "mcp-annotation-conflict", "mcp-header-invalid", "mcp-header-sensitive",
             "mcp-icon-invalid", "mcp-icon-format", "invalid-output-schema", "output-schema-not-object"]


def _load(name):
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as fh:
        return json.load(fh)


def _by_tool(findings):
    return sorted((f.tool, f.rule, f.message_id) for f in findings)


def _tool(catalog, name):
    return next(t for t in catalog["tools"] if t["name"] == name)


# --- annotations ------------------------------------------------------------------------------------------

def test_real_github_toolsnaps_are_clean():
    """github/github-mcp-server toolsnaps (corpus mcp/github-mcp-server/toolsnaps: list_tags, delete_file,
    star_repository, add_issue_comment; PNG data trimmed): a read-only tool that also writes
    `idempotentHint: false` (the Go SDK serializes every field) and data: URI icons give no finding."""
    assert lint_data(_load("github_toolsnaps.json"), select=MCP_RULES) == []


def test_read_only_hint_on_real_write_tools():
    """The same excerpt with readOnlyHint flipped to true on every tool: the deleting and the commenting tool are
    reported (by name, and by the description's "Add a comment ... to a specific issue"), list_tags and
    star_repository-as-read are not confused: star_repository leads with "star", a write."""
    catalog = _load("github_toolsnaps.json")
    for tool in catalog["tools"]:
        tool["annotations"]["readOnlyHint"] = True
        tool["annotations"].pop("destructiveHint", None)
    found = {(f.tool, f.data["verb"], f.data["where"]) for f in lint_data(catalog, select=["mcp-annotation-conflict"])}
    assert found == {("delete_file", "delete", "name"), ("add_issue_comment", "add", "description"),
                     ("star_repository", "star", "name")}


def test_read_only_and_destructive_together():
    catalog = _load("github_toolsnaps.json")
    _tool(catalog, "list_tags")["annotations"]["destructiveHint"] = True
    assert _by_tool(lint_data(catalog, select=["mcp-annotation-conflict"])) == [
        ("list_tags", "mcp-annotation-conflict", "read-only-and-destructive")]


def test_destructive_false_on_a_permanent_delete_but_not_on_a_move_to_trash():
    """docker/mcp-registry (corpus mcp/docker-mcp-registry): okta-mcp-server's delete_custom_domain ("Permanently
    removes the custom domain") and alfresco's delete_node ("Delete a node from the repository (moves to trash)"),
    both given destructiveHint: false: only the permanent deletion is reported."""
    tools = _load("registry_deletes.json")
    for tool in tools:
        tool["annotations"] = {"readOnlyHint": False, "destructiveHint": False}
    assert _by_tool(lint_data(tools, select=["mcp-annotation-conflict"])) == [
        ("delete_custom_domain", "mcp-annotation-conflict", "not-destructive-but-deletes")]


def test_null_fields_of_a_python_dump_are_not_set():
    """icip-cas/LiveMCPBench (corpus mcp/livemcpbench/LiveMCPTool_tools.json): a capture made from Python SDK
    objects writes `annotations: null`, `destructiveHint: null` and a FastMCP outputSchema; none is reported."""
    assert lint_data(_load("livemcpbench_dump.json"), select=MCP_RULES) == []


def test_string_hint_is_an_error_with_a_fix_and_a_misspelled_hint_a_warning():
    catalog = _load("github_toolsnaps.json")
    _tool(catalog, "list_tags")["annotations"] = {"readOnlyHint": "true", "destructive": False, "title": 3}
    findings = lint_data(catalog, select=["mcp-annotation-type"])
    by_id = {f.message_id: f for f in findings}
    assert set(by_id) == {"hint-not-boolean", "misspelled-hint", "title-not-string"}
    assert by_id["hint-not-boolean"].severity == "error" and by_id["hint-not-boolean"].fix is not None
    assert by_id["misspelled-hint"].severity == "warning"
    assert "destructiveHint" in by_id["misspelled-hint"].message


def test_annotation_rules_ignore_non_mcp_formats():
    """Notion's OpenAPI carries rich-text `annotations` ({"bold": false, ...}); an OpenAI function with such a
    field is no MCP tool and is not checked."""
    tool = {"type": "function", "function": {"name": "delete_page", "description": "Delete a page.",
                                             "parameters": {"type": "object", "properties": {}}},
            "annotations": {"readOnlyHint": "yes"}}
    assert lint_data([tool], select=MCP_RULES) == []


# --- x-mcp-header -----------------------------------------------------------------------------------------

def test_x_mcp_header_definitions_from_real_code():
    """Definitions as written in public MCP code that uses x-mcp-header (MCP 2026-07-28): a Kubernetes logs tool
    (Namespace), nscr_houdini_mcp's shared SESSION schema, SDK tests with nested integers and a nullable boolean,
    an array item and an empty name that clients must reject, and the CRM demo of the Aegis MCP-proxy spike that
    mirrors a customer's e-mail address. Only the three problems are reported."""
    findings = lint_data(_load("x_mcp_header_definitions.json"), select=MCP_RULES)
    assert _by_tool(findings) == [
        ("bad", "mcp-header-invalid", "not-reachable"),
        ("bad_empty", "mcp-header-invalid", "not-a-token"),
        ("create_ticket", "mcp-header-sensitive", "sensitive-header"),
    ]


def test_header_in_a_python_fastmcp_server():
    """The Aegis CRM demo as a FastMCP server (json_schema_extra puts x-mcp-header in the generated schema)."""
    catalog = load_paths([os.path.join(FIXTURES, "crm_server.py")])
    findings = lint(catalog, Selection(select=["mcp-header-sensitive"]))
    assert [(f.tool, f.param, f.line) for f in findings] == [("create_ticket", "customer_email", 11)]


def test_header_duplicates_ignore_case_and_number_is_refused():
    catalog = _load("x_mcp_header_definitions.json")
    props = _tool(catalog, "list_invoices")["inputSchema"]["properties"]
    props["invoice_id"]["x-mcp-header"] = "region"
    props["amount"] = {"type": "number", "x-mcp-header": "Amount"}
    found = _by_tool(lint_data(catalog, select=["mcp-header-invalid"]))
    assert ("list_invoices", "mcp-header-invalid", "duplicate-header") in found
    assert ("list_invoices", "mcp-header-invalid", "not-primitive") in found


def test_unsafe_integer_bound_is_a_warning():
    catalog = {"name": "shard_query", "description": "Query one shard.", "inputSchema": {
        "type": "object", "properties": {"shard": {"type": "integer", "minimum": 0, "maximum": 2 ** 63 - 1,
                                                   "x-mcp-header": "Shard"}}}}
    findings = lint_data(catalog, select=["mcp-header-invalid"])
    assert [(f.message_id, f.severity, f.data["keyword"]) for f in findings] == [
        ("unsafe-integer", "warning", "maximum")]


def test_pagination_token_is_not_a_secret_but_an_api_key_is():
    catalog = {"name": "list_things", "description": "List things.", "inputSchema": {"type": "object", "properties": {
        "next_page_token": {"type": "string", "x-mcp-header": "Page-Token"},
        "apiKey": {"type": "string", "x-mcp-header": "Api-Key"}}}}
    assert [f.param for f in lint_data(catalog, select=["mcp-header-sensitive"])] == ["apiKey"]


# --- icons ------------------------------------------------------------------------------------------------

def test_icon_shapes_and_forms_on_a_real_tool():
    """star_repository's light/dark PNG icons (github-mcp-server) are clean; renamed to `url`, given an SVG-only
    relative path and an HTML-style sizes string, they are reported by both icon rules."""
    catalog = _load("github_toolsnaps.json")
    star = _tool(catalog, "star_repository")
    star["icons"] = [{"url": star["icons"][0]["src"], "sizes": "24x24"},
                     {"src": "icons/star.svg", "mimeType": "image/svg+xml", "sizes": ["24x24 48x48"]}]
    found = _by_tool(lint_data(catalog, select=["mcp-icon-invalid", "mcp-icon-format"]))
    assert found == [
        ("star_repository", "mcp-icon-format", "sizes-form"),
        ("star_repository", "mcp-icon-format", "src-scheme"),
        ("star_repository", "mcp-icon-invalid", "bad-field"),
        ("star_repository", "mcp-icon-invalid", "no-src"),
    ]


# --- outputSchema -----------------------------------------------------------------------------------------

def test_output_schema_root_and_validity_on_a_real_fastmcp_schema():
    """LiveMCPBench's find_position_in_pgn carries the outputSchema FastMCP generates ({"type": "object",
    "properties": {"result": ...}}): clean as captured; an array root is a warning (valid only for 2026-07-28
    clients), a Python type name an error."""
    catalog = _load("livemcpbench_dump.json")
    tool = _tool(catalog, "find_position_in_pgn")
    good = copy.deepcopy(tool["outputSchema"])
    tool["outputSchema"] = {"type": "array", "items": good}
    assert [(f.message_id, f.severity) for f in lint_data(catalog, select=MCP_RULES)] == [("root-type", "warning")]
    tool["outputSchema"] = copy.deepcopy(good)
    first = next(iter(tool["outputSchema"]["properties"]))
    tool["outputSchema"]["properties"][first]["type"] = "str"
    findings = lint_data(catalog, select=MCP_RULES)
    assert [(f.rule, f.severity) for f in findings] == [("invalid-output-schema", "error")]
    assert "not a JSON Schema type" in findings[0].message and findings[0].line > 1


def test_output_schema_without_type_gets_a_fix():
    tool = {"name": "list_tags", "description": "List tags.", "inputSchema": {"type": "object", "properties": {}},
            "outputSchema": {"properties": {"tags": {"type": "array", "items": {"type": "string"}}}}}
    findings = lint_data(tool, select=["output-schema-not-object"])
    assert [f.message_id for f in findings] == ["no-root-type"] and findings[0].fix is not None


def test_bfcl_response_is_not_an_output_schema():
    tool = {"name": "ls", "description": "List files.", "parameters": {"type": "dict", "properties": {}},
            "response": {"type": "dict", "properties": {"files": {"type": "array"}}}}
    assert lint_data([tool], select=MCP_RULES) == []


# --- what other rules already cover -----------------------------------------------------------------------

def test_sep_986_names_are_left_to_provider_tool_name():
    tool = {"name": "admin tools/list", "description": "List admin tools.",
            "inputSchema": {"type": "object", "properties": {}}}
    rules = {f.rule for f in lint_data(tool, select=MCP_RULES + ["provider-tool-name"])}
    assert rules == {"provider-tool-name"}


def test_explain_prints_the_source():
    result = run_cli("explain", "mcp-header-invalid")
    assert result.returncode == 0 and "Why:" in result.stdout and "2026-07-28" in result.stdout


# --- the real corpus ----------------------------------------------------------------------------------------

needs_corpus = pytest.mark.skipif(not os.path.isdir(os.path.join(CORPUS, "mcp")),
                                  reason="the shared corpus (../shared/corpus/mcp) is not present")


@needs_corpus
def test_no_finding_on_the_real_mcp_corpus():
    """302 annotated MCP tools (180 read-only, 70 destructiveHint: false), 104 output schemas, 12 icon sets."""
    catalog = load_paths([os.path.join(CORPUS, "mcp")])
    assert [f.message for f in lint(catalog, Selection(select=MCP_RULES))] == []


@needs_corpus
def test_flipping_read_only_on_every_real_github_tool():
    """Every github-mcp-server toolsnap marked readOnlyHint: true: the 58 read tools stay silent, and most of the
    59 write tools are reported (the rest lead with verbs the rule leaves alone: manage, mark, request, resolve)."""
    paths = sorted(glob.glob(os.path.join(CORPUS, "mcp", "github-mcp-server", "toolsnaps", "*.json")))
    tools = []
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            tools.append(json.load(fh))
    writes = [t for t in tools if t.get("annotations", {}).get("readOnlyHint") is False]
    reads = [t for t in tools if t.get("annotations", {}).get("readOnlyHint") is True]
    assert len(writes) > 40 and len(reads) > 40
    assert lint_data({"tools": reads}, select=["mcp-annotation-conflict"]) == []
    flipped = copy.deepcopy(writes)
    for tool in flipped:
        tool["annotations"]["readOnlyHint"] = True
        tool["annotations"].pop("destructiveHint", None)
    reported = {f.tool for f in lint_data({"tools": flipped}, select=["mcp-annotation-conflict"])}
    assert len(reported) >= 0.8 * len(flipped)
