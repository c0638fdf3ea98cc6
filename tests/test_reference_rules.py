"""references rules: tools named in prose that the catalog lacks, prerequisite loops, reads without a time.

Fixtures in tests/fixtures/new_rules/ are trimmed excerpts of real catalogs in ../shared/corpus (each test
names its source); the cycle cases are built by hand because the corpus has no loop of prerequisites.
"""
from __future__ import annotations

import os

import pytest

from schemalint.loaders import load_paths
from schemalint.engine.run import Selection, lint
from schemalint.rules.references import catalogs_of, nearest_name
from tests.helpers import CORPUS, lint_data

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "new_rules")
RULES = ["unknown-tool-reference", "tool-call-cycle", "read-without-freshness"]


def fixture_findings(name, rule):
    catalog = load_paths([os.path.join(FIXTURES, name)])
    return [f for f in lint(catalog, Selection(select=[rule])) if f.rule == rule]


def findings(data, rule, **kw):
    return [f for f in lint_data(data, select=[rule], **kw) if f.rule == rule]


def tool(name, description, **props):
    return {"name": name, "description": description,
            "input_schema": {"type": "object", "properties": {k: v for k, v in props.items()}}}


def text(description="An identifier."):
    return {"type": "string", "description": description}


# ---------------------------------------------------------------- unknown-tool-reference

def test_github_label_write_names_a_renamed_tool_and_the_nearest_is_the_labels_tool():
    """github/github-mcp-server tools_list.json (corpus mcp/github-mcp-server): label_write says "use the
    'update_issue' tool"; the catalog has update_issue_labels and update_issue_body. projects_write's prose names
    'update_project_item', a value of its own `method` enum: not a tool, not reported."""
    (found,) = fixture_findings("refs_github.json", "unknown-tool-reference")
    assert found.tool == "label_write" and found.message_id == "unknown-near"
    assert found.data["ref"] == "update_issue" and found.data["nearest"] == "update_issue_labels"
    assert found.pointer.endswith("/description") and found.severity == "warning"


def test_keboola_suggests_get_component_for_component_detail():
    """docker/mcp-registry keboola-mcp/tools.json (Docker `arguments` summary): "available via the
    component_detail tool"; the catalog has get_component and find_component_id."""
    (found,) = fixture_findings("refs_keboola.json", "unknown-tool-reference")
    assert (found.tool, found.data["ref"], found.data["nearest"]) == ("add_config_row", "component_detail",
                                                                        "get_component")


def test_desktop_commander_stale_name_is_not_called_a_tool():
    """LiveMCPBench capture of Desktop Commander: "Use this instead of 'execute_command'" (the tool is now
    start_process). The text neither calls it a tool nor names something the catalog's tools act on, so it is
    left alone (judged debatable: the sentence tells the model to use this tool)."""
    assert fixture_findings("refs_desktop_commander.json", "unknown-tool-reference") == []


def test_a_tool_with_no_similar_name_is_reported_without_a_suggestion():
    data = [tool("search_files", "Search files. Export results with the analytics_export tool.", q=text()),
            tool("read_file", "Read a file.", path=text())]
    (found,) = findings(data, "unknown-tool-reference")
    assert found.message_id == "unknown" and "nearest" not in found.data


def test_a_library_function_is_not_a_tool():
    data = [tool("load_table", "Load a table. The file is parsed using read_csv from pandas.", path=text()),
            tool("save_table", "Save a table.", path=text())]
    assert findings(data, "unknown-tool-reference") == []


def test_context7_prerequisite_on_an_existing_tool_is_silent():
    """LiveMCPBench Context7: get-library-docs says "call 'resolve-library-id' first"; the tool exists."""
    assert fixture_findings("values_livemcpbench.json", "unknown-tool-reference") == []


@pytest.mark.parametrize("description", [
    "List issues. For pagination, use the 'endCursor' from the previous response.",  # a camelCase field
    "Set the labels. Use type 'blocked_by' to record the relation.",  # a value, after "type"
    "Read a file. Always use absolute paths for reliability.",  # no identifier at all
    "Read a file. Prefer this over read_multiple_files for one file.",  # defined in the catalog
    "Search. Use the search_code method of the gateway.",  # called a method
    "Search. NEVER use the run_analysis tool for local files.",  # tool-shadowing's case
    "Search. When calling send_message, add the note.",  # tool-shadowing's case
    "Search with the read-only index (no changes).",  # English hyphenation in a snake_case catalog
])
def test_silent_for_names_that_are_not_tools_of_elsewhere(description):
    data = [tool("search_files", description, query=text()),
            tool("read_multiple_files", "Read several files.", paths=text())]
    assert findings(data, "unknown-tool-reference") == []


def test_a_parameter_description_is_read_too():
    data = [tool("get_invoice", "Get an invoice.",
                 customer_id=text("The customer id. Call list_customers first to get it.")),
            tool("search_customers", "Search customers.", query=text())]
    (found,) = findings(data, "unknown-tool-reference")
    assert found.param == "customer_id" and found.data["nearest"] == "search_customers"


def test_a_negation_elsewhere_in_the_sentence_does_not_hide_the_reference():
    data = [tool("get_invoice", "Get an invoice. If the customer is not known, call list_customers first.",
                 q=text()),
            tool("search_customers", "Search customers.", q=text())]
    assert [f.data["ref"] for f in findings(data, "unknown-tool-reference")] == ["list_customers"]


def test_one_tool_alone_and_datasets_are_not_catalogs():
    lone = tool("get_invoice", "Get an invoice. Call list_customers first.", customer_id=text())
    assert findings(lone, "unknown-tool-reference") == []
    # a list that repeats names with other definitions is a dataset of variants (BFCL's unique-function dump)
    variants = [tool("lookup", f"Variant {i}. Call list_customers first.", q=text()) for i in range(3)]
    variants += [tool("lookup", "Another lookup. Call list_customers first.", q=text(), extra=text())]
    assert findings(variants, "unknown-tool-reference") == []


def test_a_tool_defined_in_another_linted_file_counts_as_existing(tmp_path):
    (tmp_path / "a.json").write_text('{"tools": [{"name": "get_invoice", "description": "Get an invoice. Call '
                                     'list_customers first.", "inputSchema": {"type": "object"}}, {"name": '
                                     '"get_customer", "description": "Get a customer.", "inputSchema": {"type": '
                                     '"object"}}]}')
    (tmp_path / "b.json").write_text('{"tools": [{"name": "list_customers", "description": "List customers.", '
                                     '"inputSchema": {"type": "object"}}]}')
    catalog = load_paths([str(tmp_path)])
    assert [f for f in lint(catalog, Selection(select=["unknown-tool-reference"]))] == []
    only_a = load_paths([str(tmp_path / "a.json")])
    assert [f.data["ref"] for f in lint(only_a, Selection(select=["unknown-tool-reference"]))] == ["list_customers"]


def test_scope_all_and_max_catalog_size_are_options():
    data = {"tools": [tool("get_invoice", "Get an invoice. Call list_customers first.", q=text()),
                      tool("get_customer", "Get a customer.", q=text())]}
    assert len(findings(data, "unknown-tool-reference")) == 1
    assert findings(data, "unknown-tool-reference",
                    options={"unknown-tool-reference": {"max-catalog-size": 1}}) == []


def test_nearest_name_prefers_the_words_the_sentence_uses():
    names = ["update_issue_type", "update_issue_labels", "issue_write"]
    assert nearest_name("update_issue", names, "To set labels on issues, use the 'update_issue' tool.") == \
        "update_issue_labels"
    assert nearest_name("execute_command", ["start_process", "search_code"]) is None


# ---------------------------------------------------------------- tool-call-cycle

def test_two_tools_that_each_need_the_other_first_are_one_loop():
    data = [tool("get_order", "Get an order. Call get_customer first to get the customer id.", customer_id=text()),
            tool("get_customer", "Get a customer.", order_id=text("The order id returned by get_order.")),
            tool("search_orders", "Search orders by text.", q=text())]
    (found,) = findings(data, "tool-call-cycle")
    assert found.tool == "get_order" and found.data["cycle"] == "get_order -> get_customer -> get_order"
    assert found.data["tools"] == "get_customer, get_order"


def test_a_ring_of_three_is_reported_once():
    data = [tool("step_a", "A. Call step_b first.", x=text()), tool("step_b", "B. Call step_c first.", x=text()),
            tool("step_c", "C. Call step_a first.", x=text())]
    (found,) = findings(data, "tool-call-cycle")
    assert found.data["cycle"] == "step_a -> step_b -> step_c -> step_a"


@pytest.mark.parametrize("second", [
    "Get a customer by email. Use get_order instead for orders.",  # an alternative, not a prerequisite
    "Get a customer. After calling get_order, summarize it.",  # a next step
    "Get a customer. Use get_order to retrieve the order afterwards.",  # a next step in a tool description
])
def test_mentions_and_next_steps_are_not_prerequisites(second):
    data = [tool("get_order", "Get an order. Call get_customer first to get the customer id.", customer_id=text()),
            tool("get_customer", second, email=text())]
    assert findings(data, "tool-call-cycle") == []


def test_task_queue_from_the_corpus_has_no_loop():
    """LiveMCPBench task manager (request_planning / get_next_task / mark_task_done): "After adding tasks, you
    MUST use 'get_next_task' to retrieve the first task" is a next step; "After calling 'mark_task_done', do not
    call 'get_next_task'" is an order of work, not a prerequisite loop."""
    data = [tool("request_planning", "Register a request. After adding tasks, you MUST use 'get_next_task' to "
                                     "retrieve the first task.", tasks=text()),
            tool("get_next_task", "Get the next task. After calling 'mark_task_done', do not call "
                                  "'get_next_task' again until the user approves.", request_id=text()),
            tool("mark_task_done", "Mark a task done. Use get_next_task to retrieve the next task.",
                 task_id=text())]
    assert findings(data, "tool-call-cycle") == []


# ---------------------------------------------------------------- read-without-freshness

def test_bfcl_trading_bot_stock_info_has_no_time():
    """BFCL multi_turn_func_doc/trading_bot.json get_stock_info: response {price, percent_change, volume,
    MA(5), MA(20)}, nothing saying when."""
    (found,) = fixture_findings("freshness_bfcl.json", "read-without-freshness")
    assert found.tool == "get_stock_info" and found.severity == "info" and found.pointer.endswith("/response")


def test_fastmcp_wrappers_and_date_ranges_are_silent():
    """LiveMCPBench weather server get_weather (FastMCP `result` wrapper of a free-form dict) and
    kospi-kosdaq get_stock_ohlcv (a read between fromdate and todate)."""
    assert fixture_findings("freshness_livemcpbench.json", "read-without-freshness") == []


@pytest.mark.parametrize("name,annotations,output,expected", [
    ("get_account_balance", {}, {"balance": {"type": "number"}, "currency": {"type": "string"}}, 1),
    ("get_account_balance", {}, {"balance": {"type": "number"}, "as_of": {"type": "string"}}, 0),
    ("get_account_balance", {}, {"balance": {"type": "number"}, "updatedAt": {"type": "string"}}, 0),
    ("get_account_balance", {"readOnlyHint": False}, {"balance": {"type": "number"}, "c": {"type": "string"}}, 0),
    ("refresh_balance", {"readOnlyHint": True}, {"balance": {"type": "number"}, "c": {"type": "string"}}, 1),
    ("get_crime_rate", {}, {"rate": {"type": "number"}, "area": {"type": "string"}}, 0),
    ("get_exchange_rate", {}, {"rate": {"type": "number"}, "pair": {"type": "string"}}, 1),
    ("get_user_profile", {}, {"name": {"type": "string"}, "email": {"type": "string"}}, 0),
])
def test_freshness_cases(name, annotations, output, expected):
    data = {"tools": [{"name": name, "description": "Read it.", "inputSchema": {"type": "object"},
                       "annotations": annotations,
                       "outputSchema": {"type": "object", "properties": output}}]}
    assert len(findings(data, "read-without-freshness")) == expected


# ---------------------------------------------------------------- the corpus

@pytest.mark.skipif(not os.path.isdir(CORPUS), reason="shared corpus not available")
def test_corpus_mcp_reports_the_renamed_tools_and_nothing_else():
    catalog = load_paths([os.path.join(CORPUS, "mcp")])
    found = lint(catalog, Selection(select=RULES))
    refs = sorted({(f.tool, f.data["ref"], f.data.get("nearest")) for f in found
                   if f.rule == "unknown-tool-reference"})
    assert refs == [("add_config_row", "component_detail", "get_component"),
                    ("create_config", "component_detail", "get_component"),
                    ("label_write", "update_issue", "update_issue_labels"),
                    ("ref_read_url", "ref_search_web", "ref_search_documentation"),
                    ("update_config", "component_detail", "get_component"),
                    ("update_config_row", "component_detail", "get_component")]
    assert [f for f in found if f.rule != "unknown-tool-reference"] == []


@pytest.mark.skipif(not os.path.isdir(CORPUS), reason="shared corpus not available")
def test_corpus_datasets_are_not_catalogs():
    """Seal-Tools' 4,076 unrelated tools and BFCL's unique-function dump are datasets, not one request."""
    seal = load_paths([os.path.join(CORPUS, "seal-tools")]).tools
    assert catalogs_of(seal) == []
    unique = load_paths([os.path.join(CORPUS, "bfcl", "bfcl_unique_functions.json")]).tools
    assert catalogs_of(unique) == []
