"""Catalog-wide, cost, provider, versioning and example rules on real excerpts (issue 16, patterns 8, 9, 11).

Every fixture is a small excerpt of a file in `../shared/corpus` (its SOURCES.md names the upstream commit) or
of a public project named in the test; each test shows the false finding gone and a true one nearby kept.
"""
from __future__ import annotations

import copy
import json
import os

from schemalint.engine.run import Selection, lint
from schemalint.loaders import load_paths
from tests.helpers import lint_data

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures", "precision")


def _load(name):
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as fh:
        return json.load(fh)


def _text(name):
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as fh:
        return fh.read()


def _rules(findings, rule):
    return [f for f in findings if f.rule == rule]


# --- pattern 8: what is sent together ----------------------------------------------------------------

FEW = {"too-many-tools": {"max-tools": 2, "warning-tools": 2}, "catalog-token-budget": {"max-tokens": 150}}


def test_a_bundle_of_tool_snapshots_is_not_one_request(tmp_path):
    """github/github-mcp-server: corpus mcp/github-mcp-server/tools_list.json bundles every toolsnap (get_me,
    get_label, list_branches here); the server exposes them by toolsets, so the bundle is not one request."""
    data = _load("catalog_github_bundle.json")
    (tmp_path / "toolsnaps").mkdir()
    for name, tool in data["toolsnaps"].items():
        (tmp_path / "toolsnaps" / f"{name}.json").write_text(json.dumps(tool))
    bundle = tmp_path / "tools_list.json"
    bundle.write_text(json.dumps(data["tools_list"]))
    selection = dict(select=["too-many-tools", "catalog-token-budget"], options=FEW)
    assert lint(load_paths([str(tmp_path)]), Selection(**selection)) == []
    # the same list linted without the snapshots it bundles is read as one request
    alone = lint(load_paths([str(bundle)]), Selection(**selection))
    assert {f.rule for f in alone} == {"too-many-tools", "catalog-token-budget"}
    assert all(f.severity == "warning" for f in alone)


def test_a_dump_of_several_benchmark_files_is_a_dataset():
    """BFCL (ShishirPatil/gorilla): corpus bfcl/bfcl_unique_functions.json, every function of BFCL v4 with the
    file it came from (`x-source-file`): a dataset, never one request (the judged provider-tool-count and
    too-many-tools findings on it were false)."""
    tools = _load("catalog_bfcl_sources.json")
    assert lint_data(tools, select=["too-many-tools"], options=FEW) == []
    unmarked = [{k: v for k, v in t.items() if k != "x-source-file"} for t in tools]
    assert _rules(lint_data(unmarked, select=["too-many-tools"], options=FEW), "too-many-tools")
    # 129 of them, as OpenAI would be sent them: an error only when the list is one request
    many = [{**copy.deepcopy(t), "name": f"{t['name']}_{i}"} for i in range(43) for t in tools]
    assert lint_data(many, select=["provider-tool-count"]) == []
    [error] = lint_data([{k: v for k, v in t.items() if k != "x-source-file"} for t in many],
                        select=["provider-tool-count"])
    assert error.severity == "error" and "openai rejects more than 128" in error.message


def test_tools_marked_with_toolsets_count_per_toolset():
    """PostHog/mcp: schema/tool-definitions.json marks each tool with the `feature` the client enables
    (dashboards, insights); schema/tool-inputs.json holds the input schemas. Four tools in two features."""
    data = _load("catalog_posthog_features.json")
    assert lint_data(data, select=["too-many-tools"], options=FEW) == []
    [per_set, other_set] = lint_data(data, select=["too-many-tools"], options={"too-many-tools": {"max-tools": 1}})
    assert "in toolset 'dashboards'" in per_set.message and "in toolset 'insights'" in other_set.message
    unmarked = {"tools": [{k: v for k, v in t.items() if k != "feature"} for t in data["tools"]]}
    [finding] = lint_data(unmarked, select=["too-many-tools"], options=FEW)
    assert finding.message.startswith("4 tools offered together")


def test_tools_reached_through_a_search_pair_are_not_all_sent():
    """khanglvm/tool-hub-mcp (README): `hub_search` "Semantic search for tools across servers" and `hub_execute`
    "Execute a tool from a server" (input schemas written from the README's signatures); listed here with the
    upstream tools they reach (okta-mcp-server excerpt, corpus mcp/docker-mcp-registry/okta-mcp-server)."""
    hub = _load("catalog_tool_hub_search.json")["tools"]
    upstream = _load("catalog_okta.json")
    assert lint_data(hub + upstream, select=["too-many-tools", "catalog-token-budget"], options=FEW) == []
    assert {f.rule for f in lint_data(upstream, select=["too-many-tools", "catalog-token-budget"], options=FEW)} \
        == {"too-many-tools", "catalog-token-budget"}


def test_deferred_tools_are_not_counted():
    """docker/mcp-registry okta-mcp-server/tools.json: the judged catalog-token-budget finding on its 108 tools is
    true, and stays; the same tools marked `defer_loading` (Anthropic's tool search) are loaded on demand."""
    tools = _load("catalog_okta.json")
    [kept] = lint_data(tools, select=["catalog-token-budget"], options=FEW)
    assert kept.severity == "warning" and kept.message.startswith("3 tools offered together")
    deferred = [{**t, "defer_loading": True} for t in tools]
    assert lint_data(deferred, select=["catalog-token-budget", "too-many-tools"], options=FEW) == []
    partly = [{**tools[0], "defer_loading": True}] + tools[1:]
    [finding] = lint_data(partly, select=["too-many-tools"], options={"too-many-tools": {"max-tools": 1}})
    assert "2 tools offered together (not counted: 1 deferred by defer_loading)" in finding.message


def test_an_app_only_tool_is_not_counted(tmp_path):
    """github-mcp-server's ui_get carries MCP Apps `_meta.ui.visibility: ["app"]`: the host keeps it from the
    model (corpus mcp/github-mcp-server/tools_list.json)."""
    tools = list(_load("catalog_github_bundle.json")["toolsnaps"].values())
    hidden = copy.deepcopy(tools)
    hidden[0]["_meta"] = {"ui": {"visibility": ["app"]}}
    options = {"too-many-tools": {"max-tools": 2}}
    assert lint_data({"tools": hidden}, select=["too-many-tools"], options=options) == []
    assert lint_data({"tools": tools}, select=["too-many-tools"], options=options)


def test_levels_follow_the_published_counts():
    """Info past `max-tools` (default 30), a warning past `warning-tools` (default 50): Anthropic's tool search
    documentation puts the decline in selection at 30-50 tools (okta excerpt as above)."""
    tools = _load("catalog_okta.json")
    [info] = lint_data(tools, select=["too-many-tools"], options={"too-many-tools": {"max-tools": 1}})
    assert info.severity == "info"
    [warning] = lint_data(tools, select=["too-many-tools"],
                          options={"too-many-tools": {"max-tools": 1, "warning-tools": 2}})
    assert warning.severity == "warning" and "more than 2" in warning.message


def test_a_configured_scope_says_what_is_exposed_together(tmp_path):
    """With `scope = "run"` the configuration says the linted files are offered together: bundle detection is
    off, and a tool defined in two files counts once (github-mcp-server excerpt as above)."""
    data = _load("catalog_github_bundle.json")
    for name, tool in data["toolsnaps"].items():
        (tmp_path / f"{name}.json").write_text(json.dumps(tool))
    (tmp_path / "tools_list.json").write_text(json.dumps(data["tools_list"]))
    [finding] = lint(load_paths([str(tmp_path)]), Selection(
        select=["too-many-tools"], options={"too-many-tools": {"max-tools": 2, "scope": "run"}}))
    assert finding.message.startswith("3 tools across the linted files")


# --- near-duplicates in datasets ---------------------------------------------------------------------

def test_near_duplicates_in_a_dataset_are_info_and_in_one_request_a_warning():
    """fairyshine/Seal-Tools: corpus seal-tools/tool.jsonl lists 4,076 generated tools one per line, never offered
    together (balanceEquation and balanceChemicalEquation are lines 521 and 1633; judged debatable). The pair in a
    list small enough to send stays a warning, as BFCL's vehicle_control class does (judged true)."""
    pair = _text("catalog_seal_near_duplicates.json")
    [small] = _rules(lint_data(None, select=["near-duplicate-tools"], path="tool.jsonl", text=pair),
                     "near-duplicate-tools")
    assert small.severity == "warning"
    filler = "".join(json.dumps({"api_name": f"measure{word}Level", "api_description": f"Measure the {word} level",
                                 "parameters": {f"{word}_sensor": {"type": "str", "description": "Sensor id"}},
                                 "required": [f"{word}_sensor"]}) + "\n"
                     for word in (f"x{i:03d}y" for i in range(520)))
    found = _rules(lint_data(None, select=["near-duplicate-tools"], path="tool.jsonl", text=pair + filler),
                   "near-duplicate-tools")
    assert [(f.tool, f.severity) for f in found] == [("balanceChemicalEquation", "info")]
    vehicle = _text("catalog_bfcl_vehicle_control.json")
    [kept] = lint_data(None, select=["near-duplicate-tools"], path="vehicle_control.json", text=vehicle)
    assert kept.severity == "warning" and kept.tool == "get_outside_temperature_from_weather_com"


# --- pattern 9: the per-tool budget ----------------------------------------------------------------------

def test_usage_guidance_under_the_budget_is_not_reported():
    """docker/mcp-registry keboola-mcp/tools.json create_sql_transformation: ~544 tokens, most of them usage
    guidance (CONSIDERATIONS) the model needs; judged false at the old 500 budget."""
    assert lint_data(_load("catalog_keboola_guidance.json"), select=["tool-token-budget"]) == []


def test_over_budget_is_info_and_names_what_weighs():
    """okta-mcp-server get_logs (~1,096 tokens): the description is most of it."""
    [finding] = lint_data(_load("catalog_okta.json"), select=["tool-token-budget"])
    assert finding.severity == "info" and finding.tool == "get_logs"
    assert "the largest part is the description" in finding.message


# --- pattern 11: one cause, one rule -----------------------------------------------------------------------

def test_a_draft_04_bound_is_reported_once():
    """icip-cas/LiveMCPBench read_pdf (corpus mcp/livemcpbench/LiveMCPTool_tools.json): `exclusiveMinimum: true`
    is invalid under 2020-12; invalid-json-schema reports it (judged true), mcp-schema-dialect no longer repeats it."""
    data = _load("catalog_livemcp_read_pdf.json")
    found = lint_data(data, select=["invalid-json-schema", "mcp-schema-dialect"])
    assert [f.rule for f in found] == ["invalid-json-schema"]
    # alone, the dialect rule still says it
    assert [f.rule for f in lint_data(data, select=["mcp-schema-dialect"])] == ["mcp-schema-dialect"]
    # a keyword 2020-12 ignores is the dialect rule's own
    tuple_items = copy.deepcopy(data)
    tuple_items["tools"][0]["inputSchema"]["properties"]["sources"]["additionalItems"] = False
    found = lint_data(tuple_items, select=["invalid-json-schema", "mcp-schema-dialect"])
    assert sorted(f.rule for f in found) == ["invalid-json-schema", "mcp-schema-dialect"]
    assert "additionalItems" in _rules(found, "mcp-schema-dialect")[0].message


# --- examples -------------------------------------------------------------------------------------------

def test_a_default_among_labelled_choices_is_not_a_copied_id():
    """LiveMCPBench get-juejin-article-rank: `category_id` defaults to one of its anyOf const categories (judged
    false); ToolBench carriers_detect_for_trackingmore_v2 (answer G2/102) shows a real tracking number (true)."""
    found = lint_data(_load("catalog_copyable_ids.json"), select=["copyable-identifier-example"])
    assert [(f.tool, f.param) for f in found] == [("carriers_detect_for_trackingmore_v2", "trackingnumber")]


def test_a_page_size_example_does_not_anchor():
    """OpenBMB/ToolBench newssearch_for_web_search (answer G3/3): `pagesize` example 10 under a maximum of 50
    (judged false: the model pages through whatever it sends). The same example on a result limit still anchors."""
    data = _load("catalog_toolbench_pagesize.json")
    assert lint_data(data, select=["anchoring-example"]) == []
    limited = copy.deepcopy(data)
    props = limited["functions"][0]["parameters"]["properties"]
    props["max_results"] = props.pop("pagesize")
    [finding] = lint_data(limited, select=["anchoring-example"])
    assert finding.param == "max_results" and finding.severity == "info"


def test_a_well_known_default_password_is_a_warning_and_a_live_key_an_error():
    """BFCL add_postgres_server (corpus bfcl/raw/BFCL_v4_live_multiple.json): password default "postgres", judged
    debatable as an error; a key with a credential's form stays an error."""
    data = _load("catalog_bfcl_postgres_password.json")
    [finding] = lint_data(data, select=["secret-in-example"])
    assert finding.param == "password" and finding.severity == "warning"
    keyed = copy.deepcopy(data)
    keyed["function"][0]["parameters"]["properties"]["password"]["default"] = \
        "sk-proj-4f9QxT7bLm2Rz8WcVn3KpYd6HsJ1aE0u"
    [error] = lint_data(keyed, select=["secret-in-example"])
    assert error.severity == "error"
