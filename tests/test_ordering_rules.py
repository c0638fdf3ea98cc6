"""buried-required-param: thresholds, scoping severity, nested objects, sorted snapshots, options."""
from __future__ import annotations

import json
import os

import pytest

from schemalint.engine.run import Selection, lint
from schemalint.loaders import load_paths
from schemalint.rules.ordering import is_scoping
from tests.helpers import CORPUS, lint_data

RULE = "buried-required-param"


def tool(props, required, name="t"):
    properties = {p: {"type": "string"} for p in props}
    return {"name": name, "description": "Do it.",
            "input_schema": {"type": "object", "required": required, "properties": properties}}


def found(data, **kw):
    return [f for f in lint_data(data, select=[RULE], **kw) if f.rule == RULE]


# the position of a parameter that is not a scope is checked in objects of 7 or more properties by default;
# tests about something else than that threshold check objects of any length
ANY_LENGTH = {RULE: {"min-properties": 0}}


def test_short_object_is_read_whole():
    """LiveMCPBench getBaziDetail and BFCL get_synthetic_locations: 3 of 4, after 2 optional ones, is not buried."""
    data = tool(["solarDatetime", "lunarDatetime", "gender", "sect"], ["gender"])
    assert not found(data)
    long_data = tool(["origin", "sort", "limit", "page", "currency", "adults", "destination"], ["origin", "destination"])
    assert [f.param for f in found(long_data)] == ["destination"]


def test_scoping_parameter_is_reported_in_a_short_object():
    result = found(tool(["query", "limit", "cursor", "tenant_id"], ["query", "tenant_id"]))
    assert [f.param for f in result] == ["tenant_id"]


def test_two_optional_before_is_reported_with_position():
    result = found(tool(["query", "limit", "cursor", "name"], ["query", "name"]), options=ANY_LENGTH)
    assert len(result) == 1
    f = result[0]
    assert f.param == "name" and f.severity == "info"
    assert f.message == "required parameter 'name' is property 4 of 4, after 2 optional ones"
    assert f.pointer.endswith("/properties/name") and f.line >= 1 and f.fixable


def test_one_optional_before_is_natural_grouping():
    assert not found(tool(["location", "format", "num_days"], ["location", "num_days"]))


def test_late_position_with_one_optional_before():
    """Off by default: BFCL create_website_alert_config, 'threshold' 9 of 11 after 1 optional one, is not buried."""
    props = ["a", "b", "c", "d", "e", "opt", "g"]
    assert not found(tool(props, ["a", "b", "c", "d", "e", "g"]))
    result = found(tool(props, ["a", "b", "c", "d", "e", "g"]), options={RULE: {"late-position": 6}})
    assert [f.param for f in result] == ["g"]
    assert "after 1 optional one" in result[0].message


def test_late_required_after_only_required_is_not_buried():
    props = [f"p{i}" for i in range(10)]
    assert not found(tool(props, props))


def test_scoping_parameter_is_a_warning():
    result = found(tool(["query", "limit", "cursor", "tenant_id"], ["query", "tenant_id"]))
    assert len(result) == 1 and result[0].severity == "warning"
    assert "required scoping parameter 'tenant_id'" in result[0].message


@pytest.mark.parametrize("name,expected", [
    ("tenant_id", True), ("orgId", True), ("organization", True), ("workspace_slug", True), ("project_key", True),
    ("account", True), ("team_id", True), ("repo", True), ("project_name", True),
    ("owner_name", False), ("company", False), ("team_name", False), ("query", False), ("user_id", False),
])
def test_is_scoping(name, expected):
    assert is_scoping(name) is expected


def test_nested_object_is_checked_with_dotted_param():
    schema = {"type": "object", "required": ["filters"], "properties": {
        "filters": {"type": "object", "required": ["status"], "properties": {
            "sort": {"type": "string"}, "page": {"type": "integer"}, "status": {"type": "string"}}}}}
    result = found({"name": "t", "description": "Do it.", "input_schema": schema}, options=ANY_LENGTH)
    assert [f.param for f in result] == ["filters.status"]
    assert result[0].fix.edits[0].path == ("properties", "filters", "properties")
    assert result[0].fix.edits[0].value == ["status", "sort", "page"]


def test_array_items_objects_are_checked():
    schema = {"type": "object", "properties": {"rows": {"type": "array", "items": {
        "type": "object", "required": ["id"], "properties": {"a": {}, "b": {}, "id": {}}}}}}
    result = found({"name": "t", "description": "Do it.", "input_schema": schema}, options=ANY_LENGTH)
    assert [f.param for f in result] == ["rows[].id"]


def test_sorted_by_design_is_silent_unless_check_sorted():
    props = ["after", "labels", "perPage", "repo", "state"]  # five sorted names: 1 in 120 by chance
    data = tool(props, ["repo"])
    assert not found(data)
    assert found(data, options={RULE: {"check-sorted": True}})


def test_short_sorted_object_alone_is_not_taken_as_a_snapshot():
    # three names in order happen by chance one time in six: still reported
    assert found(tool(["a_opt", "b_opt", "c_req"], ["c_req"]), options=ANY_LENGTH)


def test_folder_of_sorted_snapshots_is_silent(tmp_path):
    for i in range(6):
        props = {f"{chr(97 + j)}_{i}": {"type": "string"} for j in range(4)}
        names = list(props)
        (tmp_path / f"tool{i}.json").write_text(json.dumps(
            {"name": f"t{i}", "description": "Do it.", "inputSchema": {
                "type": "object", "properties": props, "required": [names[-1]]}}))
    catalog = load_paths([str(tmp_path)])
    assert not lint(catalog, Selection(select=[RULE], options=ANY_LENGTH))
    assert lint(catalog, Selection(select=[RULE], options={RULE: {"check-sorted": True, "min-properties": 0}}))


def test_min_optional_before_option():
    data = tool(["location", "format", "num_days"], ["location", "num_days"])
    assert [f.param for f in found(data, options={RULE: {"min-optional-before": 1, "min-properties": 0}})] == \
        ["num_days"]
    data = tool(["query", "limit", "cursor", "name"], ["query", "name"])
    assert not found(data, options={RULE: {"min-optional-before": 3, "min-properties": 0}})


def test_suppression_on_the_object():
    data = tool(["query", "limit", "cursor", "tenant_id"], ["query", "tenant_id"])
    assert found(data)
    data["input_schema"]["x-schemalint-ignore"] = [RULE]
    assert not found(data)


@pytest.mark.skipif(not os.path.isdir(CORPUS), reason="shared corpus not available")
def test_corpus_snapshot_folder_is_silent():
    catalog = load_paths([os.path.join(CORPUS, "mcp", "github-mcp-server")])
    assert not lint(catalog, Selection(select=[RULE]))
