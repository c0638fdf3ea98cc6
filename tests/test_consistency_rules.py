"""inconsistent-param-type: one parameter name typed two ways across the tools of a catalog.

Fixtures in tests/fixtures/new_rules/ are trimmed excerpts of real catalogs in ../shared/corpus; each test
names its source.
"""
from __future__ import annotations

import os

import pytest

from schemalint.engine.run import Selection, lint
from schemalint.loaders import load_paths
from tests.helpers import CORPUS, lint_data

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "new_rules")
RULE = "inconsistent-param-type"


def fixture_findings(name):
    catalog = load_paths([os.path.join(FIXTURES, name)])
    return [f for f in lint(catalog, Selection(select=[RULE])) if f.rule == RULE]


def findings(data, **kw):
    return [f for f in lint_data(data, select=[RULE], **kw) if f.rule == RULE]


def tool(name, **props):
    return {"name": name, "description": f"{name.replace('_', ' ').capitalize()}.",
            "input_schema": {"type": "object", "properties": props}}


def test_posthog_dashboard_id_nested_integer_against_top_level_number():
    """PostHog/mcp tool-inputs.json: DashboardAddInsightSchema types data.dashboardId integer, dashboard-get and
    dashboard-delete type dashboardId number (the issue's own example)."""
    found = fixture_findings("consistency_posthog.json")
    assert sorted(f.tool for f in found) == ["dashboard-delete", "dashboard-get"]
    assert {f.message_id for f in found} == {"number-for-integer"}
    assert all(f.param == "dashboardId" and "'add-insight-to-dashboard'" in f.message for f in found)


def test_github_comment_id_and_field_ids_of_another_record():
    """github-mcp-server tools_list.json: comment_id is integer in add_issue_comment and number in
    add_issue_comment_reaction (reported); set_issue_fields' fields[].field_id (a string GraphQL node id of an
    issue field) and projects_get's field_id (a project field's number) belong to different records (silent)."""
    (found,) = fixture_findings("consistency_github.json")
    assert (found.tool, found.param, found.message_id) == ("add_issue_comment_reaction", "comment_id",
                                                            "number-for-integer")
    assert found.pointer.endswith("/properties/comment_id")


def test_sonarqube_page_string_against_number():
    """docker/mcp-registry sonarqube/tools.json (Docker `arguments` summary, types as recorded): `page` is a
    string in search_my_sonarqube_projects and a number in two other tools."""
    (found,) = fixture_findings("consistency_sonarqube.json")
    assert (found.tool, found.message_id) == ("search_my_sonarqube_projects", "mixed-types")
    assert "a string here but a number" in found.message


def test_hackernews_ids_and_random_bounds_mean_different_things():
    """LiveMCPBench hackernews (`id` of a story is a number, of a user a string) and random-number (`low` of
    random_int is an integer, of random_float a number): both silent."""
    assert fixture_findings("consistency_livemcpbench.json") == []


@pytest.mark.parametrize("first,second", [
    ({"type": "integer"}, {"type": "integer"}),
    ({"type": "string"}, {"type": "array", "items": {"type": "string"}}),  # one value against a list
    ({"type": "boolean"}, {"type": "string"}),  # a flag against a text
    ({"type": "integer", "description": "Quality from 1 to 100."},
     {"type": "string", "enum": ["low", "medium", "high"]}),  # a scale against levels
    ({"type": "integer"}, {"anyOf": [{"type": "integer"}, {"type": "null"}]}),  # nullable is the same type
])
def test_silent_when_the_types_agree_or_mean_different_things(first, second):
    data = [tool("get_report", report_quality=first), tool("make_report", report_quality=second)]
    assert findings(data) == []


def test_number_against_integer_only_for_whole_number_names_without_fractions():
    # a measurement may be fractional in one tool (BFCL kinematics: initial_speed integer in one, number in other)
    speed = [tool("displacement", initial_speed={"type": "integer"}), tool("final_speed",
                                                                        initial_speed={"type": "number"})]
    assert findings(speed) == []
    # counts and limits are count-typed-as-number's
    limit = [tool("get_news", limit={"type": "integer"}), tool("get_trending", limit={"type": "number"})]
    assert findings(limit) == []
    # a fraction shown on the number side
    ids = [tool("get_issue", issue_number={"type": "integer"}),
           tool("get_version", issue_number={"type": "number", "default": 1.5})]
    assert findings(ids) == []
    ids[1]["input_schema"]["properties"]["issue_number"] = {"type": "number"}
    (found,) = findings(ids)
    assert found.tool == "get_version" and found.message_id == "number-for-integer"


def test_the_minority_is_reported_and_a_tie_reports_the_later_type():
    data = [tool("get_user", user_id={"type": "integer"}), tool("set_photo", user_id={"type": "string"}),
            tool("publish", user_id={"type": "string"})]
    (found,) = findings(data)
    assert found.tool == "get_user" and "'set_photo', 'publish'" in found.message
    tie = [tool("get_user", user_id={"type": "integer"}), tool("set_photo", user_id={"type": "string"})]
    (found,) = findings(tie)
    assert found.tool == "set_photo"


def test_separate_catalogs_are_not_compared():
    data = [{"tools": [tool("get_user", user_id={"type": "integer"})]},
            {"tools": [tool("set_photo", user_id={"type": "string"})]}]
    assert findings(data) == []


@pytest.mark.skipif(not os.path.isdir(CORPUS), reason="shared corpus not available")
def test_corpus_mcp_findings():
    catalog = load_paths([os.path.join(CORPUS, "mcp")])
    found = sorted({(f.tool, f.param, f.message_id) for f in lint(catalog, Selection(select=[RULE]))})
    assert found == [("add_issue_comment_reaction", "comment_id", "number-for-integer"),
                     ("add_pull_request_review_comment_reaction", "comment_id", "number-for-integer"),
                     ("issue_write", "milestone", "number-for-integer"),
                     ("search_my_sonarqube_projects", "page", "mixed-types")]


@pytest.mark.skipif(not os.path.isdir(CORPUS), reason="shared corpus not available")
def test_corpus_seal_tools_is_a_dataset():
    catalog = load_paths([os.path.join(CORPUS, "seal-tools")])
    assert lint(catalog, Selection(select=[RULE])) == []
