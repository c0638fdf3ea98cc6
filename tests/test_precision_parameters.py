"""Parameter and ordering rules on real excerpts (issue 16): each judged-false pattern is gone, a true finding in
the same excerpt still fires.

The fixtures in tests/fixtures/precision/param_*.json are trimmed copies of tools in ../shared/corpus (see its
SOURCES.md): LiveMCPBench's captured MCP servers (mcp/livemcpbench/LiveMCPTool_tools.json), github-mcp-server's
toolsnaps, the Docker MCP registry's alfresco and okta-mcp-server tools.json, BFCL's bfcl_unique_functions.json,
and the OpenAI catalog `schemalint generate --from openapi/openai-openapi/openapi.yaml` makes of OpenAI's spec.
"""
from __future__ import annotations

import copy
import json
import os

from tests.helpers import lint_data

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures", "precision")


def _load(name: str):
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as fh:
        return json.load(fh)


def _found(data, rule: str, **selection) -> dict:
    """(tool, param) -> (severity, message id) of the rule's findings."""
    return {(f.tool, f.param): (f.severity, f.message_id) for f in lint_data(data, select=[rule], **selection)
            if f.rule == rule}


# --- free-form-object (pattern 6) ---------------------------------------------------------------------------


def test_free_form_objects_whose_keys_are_not_the_models_to_invent():
    """github-mcp-server actions_run_trigger `inputs` (keyed per workflow) and LiveMCPBench fetch_txt `headers`
    (HTTP header names) are silent; LiveMCPBench puppeteer_navigate `launchOptions` (an example object in the
    description) and okta create_policy `policy_data` (keys listed as "- type (str, required)") are info; the
    bare objects of LiveMCPBench canvas `nodes[]` and alfresco update_node `properties` stay warnings."""
    found = _found(_load("param_free_form.json"), "free-form-object")
    assert ("actions_run_trigger", "inputs") not in found
    assert ("fetch_txt", "headers") not in found
    assert found[("puppeteer_navigate", "launchOptions")] == ("info", "keys-in-prose")
    assert found[("create_policy", "policy_data")] == ("info", "keys-in-prose")
    assert found[("canvas", "nodes[]")] == ("warning", "no-properties")
    assert found[("update_node", "properties")] == ("warning", "no-properties")


def test_a_declared_map_is_not_a_free_form_object():
    """The same alfresco `properties`, declared as a map: typed values are silent, untyped ones are info."""
    data = _load("param_free_form.json")
    node = next(t for t in data["tools"] if t["name"] == "update_node")["inputSchema"]["properties"]["properties"]
    node["additionalProperties"] = {"type": "string"}
    assert ("update_node", "properties") not in _found(data, "free-form-object")
    del node["additionalProperties"]
    node["propertyNames"] = {"pattern": "^[a-z]+:[A-Za-z]+$"}
    assert _found(data, "free-form-object")[("update_node", "properties")] == ("info", "untyped-map-values")


# --- untyped-parameter ----------------------------------------------------------------------------------------


def test_deliberately_untyped_values_are_silent():
    """github-mcp-server projects_write `updated_field.value` ("Any JSON value is accepted") and LiveMCPBench
    set_config_value `value` (a key/value pair: the key decides the type) are silent; LiveMCPBench write_note
    `tags`, untyped with no word on it, still fires."""
    found = _found(_load("param_untyped.json"), "untyped-parameter")
    assert not [p for (t, p) in found if t in ("projects_write", "set_config_value")]
    assert found[("write_note", "tags")] == ("warning", "no-type")


# --- quantity-without-unit (pattern 5) ------------------------------------------------------------------------


def test_units_the_tool_already_gives():
    """LiveMCPBench: find_parking_facilities `radius` ("radius: Search radius in meters" in its Args block), load
    `duration` ("Offset and duration are optional, in seconds"), alphagenome_predictor `interval_size` ("in bp"),
    generate_pie_chart `width` (default 600: pixels) and `innerRadius` ("between 0 and 1") are silent;
    add_picture `width` (a Word document image, no unit anywhere) still fires."""
    found = _found(_load("param_quantity.json"), "quantity-without-unit")
    assert list(found) == [("add_picture", "width")]


def test_a_sibling_that_shares_the_name_carries_the_unit():
    """load `duration` with its unit sentence removed: a `duration_unit` sibling gives the unit; a sibling unit
    for another quantity does not."""
    data = _load("param_quantity.json")
    tool = next(t for t in data["tools"] if t["name"] == "load")
    tool["description"] = "Loads an audio file and returns the path to the audio time series."
    assert ("load", "duration") in _found(data, "quantity-without-unit")
    tool["inputSchema"]["properties"]["weight_unit"] = {"type": "string", "enum": ["kg", "lb"]}
    assert ("load", "duration") in _found(data, "quantity-without-unit")
    tool["inputSchema"]["properties"]["durationUnit"] = {"type": "string", "enum": ["s", "ms"]}
    assert ("load", "duration") not in _found(data, "quantity-without-unit")


# --- datetime-without-format ----------------------------------------------------------------------------------


def test_formats_the_tool_already_gives():
    """LiveMCPBench analyze_commute `depart_at` (its Args block says format "HH:MM") and generate_area_chart
    `data[].time` (an axis label, shown as `{ time: '2018', value: 99.9 }`) are silent; search_papers
    `date_from`/`date_to`, plain strings with nothing on their format, still fire."""
    found = _found(_load("param_datetime.json"), "datetime-without-format")
    assert sorted(found) == [("search_papers", "date_from"), ("search_papers", "date_to")]


# --- count-typed-as-number -----------------------------------------------------------------------------------


def test_a_time_offset_is_not_a_count():
    """LiveMCPBench load `offset` is in seconds (said in the tool's description); read_file `offset` is a line
    offset typed number and still fires."""
    found = _found(_load("param_count_offsets.json"), "count-typed-as-number")
    assert list(found) == [("read_file", "offset")]


# --- ambiguous-union (pattern 3) -----------------------------------------------------------------------------


def test_union_branches_are_compared_whole():
    """OpenAI's spec through `schemalint generate`: create_transcription `model` (a free string or one of the
    known models) and create_completion `prompt` (string, array of strings, of integers, of integer arrays) have
    branches that differ in enum and item types: silent. The same `model` with its enum dropped has two
    identical branches and fires."""
    data = _load("param_openai_unions.json")
    assert _found(data, "ambiguous-union") == {}
    model = data["tools"][0]["inputSchema"]["properties"]["model"]
    del model["anyOf"][1]["enum"]
    assert _found(data, "ambiguous-union") == {("create_transcription", "model"): ("warning", "indistinct-branches")}


# --- schema-too-deep (pattern 2) -----------------------------------------------------------------------------


def test_deep_schema_is_one_finding_per_tool_and_info_within_provider_limits():
    """OpenAI create_chat_completion (user-message branch): three leaves sit past depth 3; one info finding names
    the deepest and counts them. Past OpenAI's documented 10 levels of nesting it is a warning."""
    data = _load("param_openai_chat_completion.json")
    findings = [f for f in lint_data(data, select=["schema-too-deep"])]
    assert len(findings) == 1
    assert findings[0].severity == "info" and findings[0].data["count"] == 3
    assert findings[0].param == "messages[].content[].image_url.url"
    deep = copy.deepcopy(data)
    leaf = {"type": "string", "description": "x"}
    for name in "abcdefghij":
        leaf = {"type": "object", "description": name, "properties": {name: leaf}}
    deep["tools"][0]["inputSchema"]["properties"]["extra"] = leaf
    [finding] = [f for f in lint_data(deep, select=["schema-too-deep"])]
    assert finding.severity == "warning" and finding.data["depth"] == 11


# --- too-many-parameters -------------------------------------------------------------------------------------


def test_many_parameters_is_info_unless_a_selector_multiplexes_them():
    """LiveMCPBench trial_searcher: 16 typed, described filters, info. manage_text: 23 parameters under an
    undocumented `operation`, a warning."""
    found = _found(_load("param_too_many.json"), "too-many-parameters")
    assert found[("trial_searcher", None)] == ("info", "too-many")
    assert found[("manage_text", None)] == ("warning", "too-many-multiplexed")


# --- info tier (pattern 12) ----------------------------------------------------------------------------------


def test_conventional_names_are_not_cryptic():
    """LiveMCPBench `slide_idx`, `dstSheetName`, `q`, `k` (an integer sample size) and the `i`/`t` query
    parameters of a BFCL requests.get (the called API's names) are silent; BFCL Intro.step's `w` and `h`
    still fire."""
    assert _found(_load("param_livemcp_info.json"), "cryptic-param-name") == {}
    found = _found(_load("param_bfcl_info.json"), "cryptic-param-name")
    assert sorted(found) == [("Intro.step", "h"), ("Intro.step", "w")]


def test_position_does_not_matter_in_a_short_schema():
    """LiveMCPBench getBaziDetail: `gender` third of four after two optional ones is silent; BFCL
    get_sensor_readings_history: `timespan` 7th of 9 after 6 optional ones is still reported."""
    assert _found(_load("param_livemcp_info.json"), "buried-required-param") == {}
    found = _found(_load("param_bfcl_info.json"), "buried-required-param")
    assert ("get_sensor_readings_history", "timespan") in found


def test_ids_the_catalog_or_the_tool_explains():
    """okta get_email_customization `brand_id` beside list_brands, LiveMCPBench package_show `id` beside
    package_search, and biomcp fetch `id` (its description lists every identifier format) are silent;
    okta `customization_id` (no list tool in the excerpt) and airbnb_listing_details `id` still fire."""
    okta = _found(_load("param_okta_brands.json"), "id-without-source")
    assert ("get_email_customization", "brand_id") not in okta
    assert ("get_email_customization", "customization_id") in okta
    live = _found(_load("param_livemcp_info.json"), "id-without-source")
    assert list(live) == [("airbnb_listing_details", "id")]
