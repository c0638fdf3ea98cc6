"""versioning rules: version markers in names, deprecated tools, near-duplicate tools."""
from __future__ import annotations

import json
import os
import random
import time

import pytest

from schemalint.loaders import load_paths
from schemalint.rules.versioning import (NearDuplicateTools, catalogs, is_deprecated, names_replacement,
                                         split_version)
from tests.helpers import CORPUS, catalog_from, lint_data

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "versioning")
VERSIONING = ["multiple-tool-versions", "deprecated-tool-without-replacement", "near-duplicate-tools"]


def tool(name, description="Do the thing.", props=("query",), **extra):
    return {"name": name, "description": description,
            "input_schema": {"type": "object", "properties": {p: {"type": "string"} for p in props}}, **extra}


def findings(data, rule, **kw):
    return [f for f in lint_data(data, select=[rule], **kw) if f.rule == rule]


# ---------------------------------------------------------------- version markers

@pytest.mark.parametrize("name,base,numbers,label", [
    ("searchUsersV2", ("search", "users"), (2,), None),
    ("search_users_v1", ("search", "users"), (1,), None),
    ("search_users_v1_2", ("search", "users"), (1, 2), None),
    ("v3.search_users", ("search", "users"), (3,), None),
    ("create_invoice_2024_06_20", ("create", "invoice"), (2024, 6, 20), None),
    ("create_invoice_20240620", ("create", "invoice"), (2024, 6, 20), None),
    ("search-beta", ("search",), (), "beta"),
    ("search_users_2", ("search", "users"), (2,), None),
    ("lookup_ipv4", ("lookup", "ipv4"), (), None),
    ("Services_1_BookAppointment", ("services", "1", "book", "appointment"), (), None),
    ("get_email_preview", ("get", "email", "preview"), (), None),
])
def test_split_version(name, base, numbers, label):
    got_base, version = split_version(name)
    assert got_base == base
    assert version.numbers == numbers
    assert version.label == label


def test_names_the_newest_and_reports_the_older():
    data = [tool("searchUsersV3"), tool("searchUsersV2"), tool("searchGroups")]
    found = findings(data, "multiple-tool-versions")
    assert len(found) == 1
    assert found[0].tool == "searchUsersV2"
    assert "'searchUsersV3' looks newest" in found[0].message
    assert found[0].line >= 1 and found[0].pointer.endswith("/name")


def test_unmarked_next_to_v2_is_older_but_next_to_v1_is_undecided():
    newest = findings([tool("search_users"), tool("search_users_v2")], "multiple-tool-versions")
    assert [f.tool for f in newest] == ["search_users"] and "'search_users_v2' looks newest" in newest[0].message
    undecided = findings([tool("search_users"), tool("search_users_v1")], "multiple-tool-versions")
    assert len(undecided) == 1 and "do not say which" in undecided[0].message


def test_dates_compare_as_dates():
    found = findings([tool("charge_2024_06_20"), tool("charge_2023_10_16")], "multiple-tool-versions")
    assert [f.tool for f in found] == ["charge_2023_10_16"]
    assert "'charge_2024_06_20' looks newest" in found[0].message


def test_semantic_words_and_service_indices_are_not_versions():
    quiet = [
        [tool("get_email_customization"), tool("get_email_customization_preview")],
        [tool("npmDeprecated"), tool("npmLatest")],
        [tool("Services_1_BookAppointment"), tool("Services_4_BookAppointment")],
        [tool("get_block"), tool("get_latest_block")],
        [tool("hash_sha1"), tool("hash_sha256")],
    ]
    for data in quiet:
        assert not findings(data, "multiple-tool-versions"), data


def test_scope_container_keeps_bfcl_lines_apart():
    def bfcl(name):
        return {"name": name, "description": "Search.", "parameters": {"type": "dict", "properties": {}}}

    lines = [{"id": "a", "function": [bfcl("search_v1")]}, {"id": "b", "function": [bfcl("search_v2")]}]
    text = "\n".join(json.dumps(line) for line in lines)
    assert not [f for f in lint_data(None, select=["multiple-tool-versions"], path="t.jsonl", text=text)]
    wide = lint_data(None, select=["multiple-tool-versions"], path="t.jsonl", text=text,
                     options={"multiple-tool-versions": {"scope": "file"}})
    assert [f.tool for f in wide] == ["search_v1"]


def test_openai_wrapped_tools_share_one_catalog():
    data = {"tools": [{"type": "function", "function": {"name": n, "description": "Search.",
                                                        "parameters": {"type": "object", "properties": {}}}}
                      for n in ("searchV1", "searchV2")]}
    groups = catalogs(catalog_from(data).tools)
    assert len(groups) == 1 and len(groups[0]) == 2
    assert [f.tool for f in findings(data, "multiple-tool-versions")] == ["searchV1"]


def test_variant_dataset_is_not_a_catalog():
    # a dump listing the same names with different definitions (BFCL's unique functions) is no prompt catalog
    data = [tool("search", "A."), tool("search", "B."), tool("lookup", "C."), tool("lookup", "D."),
            tool("search_v2")]
    assert not findings(data, "multiple-tool-versions")


def test_bfcl_line_fixture():
    catalog = load_paths([os.path.join(FIXTURES, "bfcl_live_multiple_line.json")])
    from schemalint.engine.run import Selection, lint

    found = [f for f in lint(catalog, Selection(select=["multiple-tool-versions"]))]
    assert [f.tool for f in found] == ["get_maintenance_configs"]
    assert "'get_maintenance_configs_v2' looks newest" in found[0].message


# ---------------------------------------------------------------- deprecated tools

@pytest.mark.parametrize("description,expected", [
    ("DEPRECATED: search users.", True),
    ("[Deprecated] Search users.", True),
    ("Search users. .. deprecated:: 2.0", True),
    ("Search users. This endpoint is deprecated.", True),
    ("This tool has been deprecated and will be removed.", True),
    ("Search users. Use the new search endpoint instead.", True),
    ("Check whether an npm package is deprecated.", False),
    ("Monitor initial project setup and legacy migration.", False),
    ("Returns an empty string instead when nothing is found.", False),
])
def test_is_deprecated(description, expected):
    assert is_deprecated(catalog_from(tool("t", description)).tools[0]) is expected


def test_names_replacement():
    names = {"search_v2", "search", "delete_application"}
    assert names_replacement("Deprecated: use `search_v2` instead.", "search", names)
    assert names_replacement("Deprecated. Replaced by searchUsersV3.", "search", names)
    assert names_replacement("Deprecated. New clients should rely on ``delete_application`` instead.", "x", names)
    assert not names_replacement("Deprecated. Use the new endpoint instead.", "search", names)
    assert not names_replacement("Deprecated.", "search", names)


def test_deprecated_fix_names_the_versioned_sibling():
    data = [tool("searchUsersV2", "DEPRECATED. Search users."), tool("searchUsersV3", "Search users by name.")]
    found = findings(data, "deprecated-tool-without-replacement")
    assert len(found) == 1 and found[0].fixable
    edit = found[0].fix.edits[0]
    assert edit.target == "tool" and edit.path == ("description",) and edit.op == "set"
    assert edit.value.startswith("Deprecated: use `searchUsersV3` instead.")
    # after the fix the finding is gone
    data[0]["description"] = edit.value
    assert not findings(data, "deprecated-tool-without-replacement")


def test_deprecated_without_evident_replacement_is_not_fixable():
    found = findings(tool("export", "Export. This endpoint is deprecated."), "deprecated-tool-without-replacement")
    assert len(found) == 1 and not found[0].fixable


def test_deprecated_flag_on_tool_and_annotations():
    assert findings(tool("a", "Do a.", deprecated=True), "deprecated-tool-without-replacement")
    mcp = {"name": "a", "description": "Do a.", "annotations": {"deprecated": True},
           "inputSchema": {"type": "object", "properties": {}}}
    assert findings(mcp, "deprecated-tool-without-replacement")


def test_okta_fixture_names_its_replacement():
    catalog = load_paths([os.path.join(FIXTURES, "okta_tools_excerpt.json")])
    assert is_deprecated([t for t in catalog.tools if t.name == "confirm_delete_application"][0])
    from schemalint.engine.run import Selection, lint

    assert not lint(catalog, Selection(select=["deprecated-tool-without-replacement"]))


# ---------------------------------------------------------------- near-duplicates

def test_near_duplicates_reported_once_per_pair_naming_both():
    data = [tool("get_user_profile", "Get the profile of a user by their user id.", ("user_id",)),
            tool("list_users", "List the users of the workspace.", ("workspace_id",)),
            tool("fetch_user_profile", "Fetch the profile of a user by user id.", ("user_id",))]
    found = findings(data, "near-duplicate-tools")
    assert len(found) == 1
    assert found[0].tool == "fetch_user_profile" and "'get_user_profile'" in found[0].message


def test_each_copy_of_a_tool_is_reported_once_at_its_closest_earlier_twin():
    data = [tool("get_user_profile", "Get the profile of a user by their user id.", ("user_id",)),
            tool("fetch_user_profile", "Fetch the profile of a user by user id.", ("user_id",)),
            tool("read_user_profile", "Read the profile of a user by user id.", ("user_id",))]
    found = findings(data, "near-duplicate-tools")
    assert [f.tool for f in found] == ["fetch_user_profile", "read_user_profile"]  # two findings, not three pairs
    assert "'get_user_profile' (and 1 other tool):" in found[1].message  # as alike as both: the earlier one
    assert "(and" not in found[0].message
    alone = findings([data[0], data[2]], "near-duplicate-tools")  # the identity does not count the other twins
    assert alone[0].fingerprint == found[1].fingerprint


def test_distinct_entities_in_a_crud_family_are_told_apart():
    catalog = load_paths([os.path.join(FIXTURES, "zscaler_tools_excerpt.json")])
    assert len(catalog.tools) == 5
    assert not NearDuplicateTools().find_pairs(catalog.tools)


def test_seal_tools_fixture_finds_the_real_pair():
    catalog = load_paths([os.path.join(FIXTURES, "seal_tools_excerpt.jsonl")])
    pairs = {frozenset((a.name, b.name)) for a, b, _ in NearDuplicateTools().find_pairs(catalog.tools)}
    assert pairs == {frozenset(("wordCount", "countWords"))}


def test_exact_repeats_and_version_siblings_are_not_near_duplicates():
    same = tool("search_users", "Search users by name.")
    assert not findings([same, dict(same)], "near-duplicate-tools")
    versions = [tool("search_users_v1", "Search users by name."), tool("search_users_v2", "Search users by name.")]
    assert not findings(versions, "near-duplicate-tools")
    assert findings(versions, "multiple-tool-versions")


def test_word_order_matters():
    data = [{"name": "zid_get_user_groups", "description": "Get groups for a ZIdentity user (read-only)"},
            {"name": "zid_get_group_users", "description": "Get users in a ZIdentity group (read-only)"}]
    assert not findings(data, "near-duplicate-tools")


def test_thresholds_are_options():
    data = [tool("get_user_profile", "Get the profile of a user by user id, with avatar.", ("user_id",)),
            tool("fetch_user_profile", "Fetch the profile of a user by user id.", ("user_id",))]
    assert findings(data, "near-duplicate-tools")
    strict = {"near-duplicate-tools": {"description-similarity": 0.99}}
    assert not findings(data, "near-duplicate-tools", options=strict)


def test_near_linear_on_ten_thousand_tools():
    import sys

    sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "benchmarks"))
    from near_duplicates import synthetic_catalog

    data, planted = synthetic_catalog(10_000, seed=11)
    tools = catalog_from({"tools": data}).tools
    start = time.process_time()
    pairs = NearDuplicateTools().find_pairs(tools)
    elapsed = time.process_time() - start
    found = {frozenset((a.name, b.name)) for a, b, _ in pairs}
    assert len(found & planted) >= 0.95 * len(planted)
    assert len(found - planted) <= 0.05 * len(planted)
    assert elapsed < 20  # generous: CPU seconds on a shared machine; about 1.5 s measured


def test_results_do_not_depend_on_hash_seed():
    data = [tool(f"tool_{i}_{random.Random(i).choice(['get', 'list'])}", f"Describe thing {i % 7}.", ("id",))
            for i in range(60)]
    first = [(f.tool, f.message) for f in findings(data, "near-duplicate-tools")]
    second = [(f.tool, f.message) for f in findings(list(data), "near-duplicate-tools")]
    assert first == second


@pytest.mark.skipif(not os.path.isdir(CORPUS), reason="shared corpus not available")
def test_corpus_versioning_findings_stay_few_and_located():
    catalog = load_paths([CORPUS])
    from schemalint.engine.run import Selection, lint

    found = lint(catalog, Selection(select=VERSIONING))
    assert len(found) < 50
    assert all(f.line >= 1 and f.column >= 1 for f in found)
    pairs = {f.tool for f in found if f.rule == "near-duplicate-tools"}
    assert "wordCount" in pairs or "countWords" in pairs
