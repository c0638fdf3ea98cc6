"""values rules: credentials asked of the model, destructive defaults, generator leftovers.

Fixtures in tests/fixtures/new_rules/ are trimmed excerpts of real catalogs in ../shared/corpus, except
values_zod.json, which copies the schemas quoted in colinhacks/zod issues #4779 and #6550 (the corpus has no
sentinel bound and no duplicated enum value); each test names its source.
"""
from __future__ import annotations

import json
import os

import pytest

from schemalint.engine.run import Selection, lint
from schemalint.loaders import load_paths
from schemalint.rules.values import credential_kind
from tests.helpers import CORPUS, lint_data

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "new_rules")


def fixture_findings(name, rule):
    catalog = load_paths([os.path.join(FIXTURES, name)])
    return [f for f in lint(catalog, Selection(select=[rule])) if f.rule == rule]


def findings(data, rule, **kw):
    return [f for f in lint_data(data, select=[rule], **kw) if f.rule == rule]


def tool(name, description="Do it.", annotations=None, **props):
    out = {"name": name, "description": description, "inputSchema": {"type": "object", "properties": props}}
    if annotations:
        out["annotations"] = annotations
    return out


# ---------------------------------------------------------------- credential-parameter

def test_livemcpbench_api_key_and_bearer_token_are_credentials():
    """LiveMCPBench: biomcp alphagenome_predictor `api_key` ("Check if user mentioned 'my AlphaGenome API key
    is...'"), playwright playwright_post `token` ("Bearer token for authorization"); word-document-server
    protect_document `password` is a secret the tool sets (info); web3-research `tokenName` and Context7
    `tokens` are not secrets."""
    found = {(f.tool, f.param): (f.message_id, f.severity) for f in
             fixture_findings("values_livemcpbench.json", "credential-parameter")}
    assert found == {("alphagenome_predictor", "api_key"): ("credential", "warning"),
                     ("playwright_post", "token"): ("credential", "warning"),
                     ("protect_document", "password"): ("stored-secret", "info")}


def test_sonarqube_webhook_secret_is_stored_and_okta_key_path_is_not_a_secret():
    """docker/mcp-registry sonarqube create_webhook `secret` (an HMAC key the webhook keeps: info); okta
    upsert_custom_domain_certificate takes `private_key_file_path` ("never exposed in the conversation"), the
    design the rule asks for."""
    (found,) = fixture_findings("values_sonarqube.json", "credential-parameter")
    assert (found.tool, found.param, found.severity) == ("create_webhook", "secret", "info")
    assert fixture_findings("values_okta.json", "credential-parameter") == []


@pytest.mark.parametrize("name,schema,expected", [
    ("api_key", {"type": "string"}, "an API key"),
    ("apiKey", {"type": "string"}, "an API key"),
    ("x_apikey", {"type": "string"}, "an API key"),
    ("X-RapidAPI-Key", {"type": "string"}, "an API key"),
    ("client_secret", {"type": "string"}, "a secret"),
    ("secret_key", {"type": "string"}, "a secret key"),
    ("access_token", {"type": "string"}, "a token"),
    ("token", {"type": "string", "description": "Bearer token."}, "a token"),
    ("token", {"type": "string", "description": "Token of the next page."}, None),
    ("page_token", {"type": "string"}, None),
    ("max_tokens", {"type": "integer"}, None),
    ("token_name", {"type": "string"}, None),
    ("secret_type", {"type": "string"}, None),
    ("password_policy", {"type": "string"}, None),
    ("cookies", {"type": "object"}, "cookies"),
    ("Authorization", {"type": "string"}, "an authorization header"),
    ("credential_value", {"type": "string"}, "credentials"),
    ("issue_key", {"type": "string"}, None),
])
def test_credential_names(name, schema, expected):
    assert credential_kind(name, schema) == expected


def test_flags_and_numbers_that_mention_a_secret_are_silent():
    data = tool("configure", use_password={"type": "boolean"}, password={"type": "integer"})
    assert findings(data, "credential-parameter") == []


def test_nested_header_is_reported_with_its_path():
    data = tool("http_get", headers={"type": "object", "properties": {"Authorization": {"type": "string"}}})
    (found,) = findings(data, "credential-parameter")
    assert found.param == "headers.Authorization" and found.severity == "warning"


# ---------------------------------------------------------------- destructive-default

def test_livemcpbench_write_image_metadata_overwrites_by_default():
    """LiveMCPBench MetaTagGenie writeImageMetadata: `"overwrite": {"type": "boolean", "default": true}`."""
    (found,) = fixture_findings("values_livemcpbench.json", "destructive-default")
    assert (found.tool, found.param) == ("writeImageMetadata", "overwrite")
    assert found.pointer.endswith("/overwrite/default") and "overwrites" in found.message


def test_bfcl_close_project_archives_but_cleaning_flags_are_silent():
    """BFCL live_irrelevance: close_project `archive` defaults to true (reported); clean's `remove_nulls` and
    `remove_duplicates` clean the returned data, rotateImageAction's `keep_original` is a safe flag (silent)."""
    found = fixture_findings("values_bfcl.json", "destructive-default")
    assert [(f.tool, f.param) for f in found] == [("close_project", "archive")]


@pytest.mark.parametrize("tool_name,param,default,annotations,expected", [
    ("sync_folder", "delete_missing", True, None, "deletes"),
    ("delete_branch", "force", True, None, "forces the operation"),
    ("update_dashboard", "archived", True, None, "archives"),
    ("delete_folder", "recursive", True, None, "deletes recursively"),
    ("copy_folder", "recursive", True, None, None),  # widening flag on a tool that does not delete
    ("manage_files", "recursive", True, {"destructiveHint": True}, "deletes recursively"),
    ("export_table", "if_exists", "replace", None, "replaces"),
    ("delete_repo", "skip_confirmation", True, None, "skips the confirmation"),
    ("delete_repo", "dry_run", False, None, None),
    ("delete_repo", "force", False, None, None),
    ("list_projects", "archived", True, None, None),  # a read: the flag filters
    ("get_document", "overwrite", True, {"readOnlyHint": True}, None),
    ("import_rows", "keep_existing", True, None, None),
])
def test_destructive_defaults(tool_name, param, default, annotations, expected):
    data = tool(tool_name, annotations=annotations, **{param: {"type": "boolean" if isinstance(default, bool)
                                                              else "string", "default": default}})
    found = findings(data, "destructive-default")
    assert [f.data["effect"] for f in found] == ([expected] if expected else [])


# ---------------------------------------------------------------- sentinel-bound

def test_zod_safe_integer_range_is_reported_and_a_negative_count_is_a_warning():
    """colinhacks/zod #4779 (`anotherProperty` with ±9007199254740991) and #6550 (`.int()` after
    `.min(0).max(23)` leaves the same range on an hour)."""
    found = {f.param: (f.message_id, f.severity) for f in fixture_findings("values_zod.json", "sentinel-bound")}
    assert found == {"ourProperty.anotherProperty": ("type-range", "info"),
                     "hour": ("negative-allowed", "warning"), "limit": ("negative-allowed", "warning")}


@pytest.mark.parametrize("schema,message", [
    ({"type": "integer", "minimum": 0, "maximum": 2147483647}, "type-range"),
    ({"type": "integer", "minimum": -2147483648, "maximum": 2147483647}, "type-range"),
    ({"type": "integer", "format": "int64", "maximum": 9223372036854775807}, "type-range"),
    ({"type": "number", "maximum": 1.7976931348623157e308}, "type-range"),
    ({"type": "string", "maxLength": 2147483647}, "type-range"),
    ({"type": "integer", "minimum": 0, "maximum": 1000}, None),
    ({"type": "integer", "minimum": -90, "maximum": 90}, None),
])
def test_sentinel_values(schema, message):
    found = findings(tool("set_value", value_x=schema), "sentinel-bound")
    assert [f.message_id for f in found] == ([message] if message else [])


def test_safe_integer_bounds_are_removed_by_fix():
    data = tool("set_offset", offset_c={"type": "number", "minimum": -9007199254740991})
    (found,) = findings(data, "sentinel-bound")
    assert found.fixable and found.message_id == "type-range"
    data = tool("set_offset", offset_c={"type": "number", "maximum": 2147483647})
    (found,) = findings(data, "sentinel-bound")
    assert not found.fixable  # an int32 limit may be the backend's: left to the author


# ---------------------------------------------------------------- duplicate-enum-value

def test_duplicate_enum_values_compare_as_json():
    data = tool("pick", state={"type": "string", "enum": ["open", "closed", "open"]},
                level={"enum": [1, 1.0, True, "1"]}, tags={"type": "array", "items": {"enum": ["a", "b", "a", "a"]}})
    found = sorted((f.param, f.data["value"], f.data["times"]) for f in findings(data, "duplicate-enum-value"))
    assert found == [("level", "1", 2), ("state", "'open'", 2), ("tags[]", "'a'", 3)]


def test_duplicate_enum_fix_keeps_the_first_of_each(tmp_path):
    path = tmp_path / "tools.json"
    path.write_text(json.dumps({"tools": [tool("pick", state={"type": "string",
                                                              "enum": ["open", "closed", "open"]})]}))
    from tests.helpers import run_cli
    result = run_cli("fix", str(path), "--select", "duplicate-enum-value", "--write")
    assert result.returncode in (0, 1), result.stderr
    state = json.loads(path.read_text())["tools"][0]["inputSchema"]["properties"]["state"]
    assert state["enum"] == ["open", "closed"]


# ---------------------------------------------------------------- the corpus

@pytest.mark.skipif(not os.path.isdir(CORPUS), reason="shared corpus not available")
def test_corpus_mcp_findings():
    catalog = load_paths([os.path.join(CORPUS, "mcp")])
    rules = ["credential-parameter", "destructive-default", "sentinel-bound", "duplicate-enum-value"]
    found = sorted((f.rule, f.tool, f.param, f.severity) for f in lint(catalog, Selection(select=rules)))
    assert found == [
        ("credential-parameter", "alphagenome_predictor", "api_key", "warning"),
        ("credential-parameter", "create_webhook", "secret", "info"),
        ("credential-parameter", "playwright_post", "token", "warning"),
        ("credential-parameter", "protect_document", "password", "info"),
        ("credential-parameter", "unprotect_document", "password", "warning"),
        ("destructive-default", "writeImageMetadata", "overwrite", "warning"),
    ] + [  # PostHog (read since issue 19): its property-filter `operator` enum lists four operators twice
        ("duplicate-enum-value", tool, param, "warning")
        for tool, param in (("create-feature-flag", "filters.groups[].properties[].operator"),
                            ("survey-create", "targeting_flag_filters.groups[].properties[].operator"),
                            ("survey-update", "targeting_flag_filters.groups[].properties[].operator"),
                            ("update-feature-flag", "data.filters.groups[].properties[].operator"))
        for _ in range(4)]
