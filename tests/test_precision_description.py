"""The description rules on real catalogs (issue 16, patterns 2, 4, 7 and 12): each test lints a small excerpt of
a real tool, asserts the false finding is gone and that a true one nearby still fires.

Excerpts (tests/fixtures/precision/desc_*.json), all from `../shared/corpus` (SOURCES.md names the upstream
commits):
- desc_livemcp_*.json: LiveMCPBench captures (icip-cas/LiveMCPBench, mcp/livemcpbench/LiveMCPTool_tools.json):
  get-nytimes-news and get-bbc-news (const-labelled anyOf), get_character_profile, convert_markdown_to_mindmap,
  unprotect_document, manage_fonts, get-logs, generate_scatter_chart, getBaziDetail, git_branch, format_text, and
  the Hugeicons server (list_icons, search_icons, get_platform_usage);
- desc_posthog_survey_create.json: PostHog/mcp, the survey-create description from tool-definitions.json over
  SurveyCreateSchema from tool-inputs.json (two question shapes kept);
- desc_toolbench_functions.json: OpenBMB/ToolBench answer files (crawl_for_seo_api, Finish,
  get_basic_free_for_streaming_availability, search_for_currents_news);
- desc_glaive_samples.json: Glaive samples 15, 77 and 246 of LLaMA-Factory's glaive_toolcall_en_demo.json;
- desc_docker_*.json: docker/mcp-registry tools.json of okta-mcp-server, arm-mcp, sonarqube, kubectl-mcp-server;
- desc_bfcl_role_count.json: BFCL v4 (ShishirPatil/gorilla) SysRoleController.queryPageRoleCount.
"""
from __future__ import annotations

import copy
import json
import os

import pytest

from schemalint.fix.apply import apply_to_text, select_fixes
from tests.helpers import CORPUS, lint_data

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures", "precision")


def _load(name):
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as f:
        return json.load(f)


def _found(data, rule):
    return [f for f in lint_data(data, select=[rule]) if f.rule == rule]


def _by_param(findings):
    return {f.param: f.severity for f in findings}


def _tool(data, name):
    return next(t for t in data["tools"] if t["name"] == name)


# ------------------------------------------------------------------------------------------------
# description-only-in-branch (patterns 4 and 2)

def test_const_labelled_alternatives_keep_their_labels():
    data = _load("desc_livemcp_const_labels.json")
    assert _found(data, "description-only-in-branch") == []
    # the labels describe the parameter's values: not a parameter without words
    assert not [f for f in _found(data, "param-description-missing") if f.param in ("region", "category")]
    # nearby: the same parameter as a nullable wrapper with its text on the string branch is misplaced
    news = _tool(data, "get-nytimes-news")
    news["inputSchema"]["properties"]["region"] = {
        "anyOf": [{"type": "string", "description": "Edition to read: cn or global"}, {"type": "null"}]}
    found = _found(data, "description-only-in-branch")
    assert [(f.tool, f.param) for f in found] == [("get-nytimes-news", "region")]


def test_a_generator_pattern_is_one_finding_per_tool_with_one_fix():
    data = _load("desc_livemcp_const_labels.json")
    news = _tool(data, "get-nytimes-news")
    wrapped = {name: {"anyOf": [{"type": "string", "description": f"The {name} to read"}, {"type": "null"}]}
               for name in ("region", "section", "author")}
    news["inputSchema"]["properties"] = wrapped
    text = json.dumps(data, indent=2)
    found = [f for f in lint_data(data, select=["description-only-in-branch"], text=text)]
    assert len(found) == 1
    assert "2 more parameters" in found[0].message and "'section'" in found[0].message
    by_file, _ = select_fixes(found, False)
    fixed = json.loads(apply_to_text("tools.json", "json", text, by_file["tools.json"]).text)
    props = _tool(fixed, "get-nytimes-news")["inputSchema"]["properties"]
    assert {n: p["description"] for n, p in props.items()} == {n: f"The {n} to read" for n in wrapped}
    assert all("description" not in b for p in props.values() for b in p["anyOf"])


def test_identical_text_in_every_branch_is_misplaced_and_different_texts_are_not():
    data = _load("desc_livemcp_const_labels.json")
    bbc = _tool(data, "get-bbc-news")
    bbc["inputSchema"]["properties"]["limit"] = {
        "oneOf": [{"type": "integer", "description": "How many stories"},
                  {"type": "string", "description": "How many stories"}]}
    assert [f.param for f in _found(data, "description-only-in-branch")] == ["limit"]
    bbc["inputSchema"]["properties"]["limit"]["oneOf"][1]["description"] = "A count written out, e.g. 'ten'"
    assert _found(data, "description-only-in-branch") == []


# ------------------------------------------------------------------------------------------------
# param-description-missing (pattern 7)

def test_args_blocks_document_parameters_and_generic_names_are_the_warning():
    data = _load("desc_livemcp_params.json")
    found = _by_param(_found(data, "param-description-missing"))
    # documented in the tool description: Google-style Args (Chinese text), or an example in the parent
    for param in ("character_name", "markdown_content", "data[].x", "data[].y"):
        assert param not in found
    # a required `operation` with no enum and no word about it anywhere: the model invents the values
    assert found["operation"] == "warning"
    # names that say what the value is: worth a look, not a warning
    assert found["filename"] == found["password"] == found["container_name"] == "info"


def test_const_discriminators_and_described_urls_need_no_words():
    data = _load("desc_posthog_survey_create.json")
    found = _by_param(_found(data, "param-description-missing"))
    assert "questions[].type" not in found  # `const: "open"` / `const: "link"` say it
    assert found["questions[].link"] == "info"  # format: uri, but no sibling is described here
    assert found["questions[].question"] == "info"
    link_shape = data["tools"][0]["inputSchema"]["properties"]["questions"]["items"]["anyOf"][1]
    link_shape["properties"]["question"]["description"] = "The question shown above the link button."
    found = _by_param(_found(data, "param-description-missing"))
    assert "questions[].link" not in found


def test_numpy_blocks_and_named_parameters_are_documented():
    data = _load("desc_toolbench_functions.json")
    found = _by_param(_found(data, "param-description-missing"))
    assert "query" not in found  # "query : the string query to perform search" (numpy style)
    assert "tmdb_id" not in found  # "via IMDb or TMDb id"
    # an enum of two values that a sibling's description refers to: info at most
    assert found["return_type"] == "info"
    assert found["country"] == "info"


# ------------------------------------------------------------------------------------------------
# style heuristics: restates-name, too-short (info, narrowed)

def test_restated_names_are_reported_only_where_nothing_else_speaks():
    glaive = _load("desc_glaive_samples.json")
    assert _found(glaive, "description-restates-name") == []  # create_note: title and content described
    kubectl = _load("desc_docker_kubectl.json")
    found = _found(kubectl, "description-restates-name")
    assert {f.tool for f in found} >= {"create_deployment", "install_helm_chart"}
    assert {f.severity for f in found} == {"info"}


def test_too_short_counts_chinese_and_leaves_described_parameters_alone():
    data = _load("desc_livemcp_short.json")
    found = _found(data, "description-too-short")
    # getBaziDetail: a full Chinese sentence (not "1 word"); git_branch: four described parameters
    assert [(f.tool, f.severity) for f in found] == [("format_text", "info")]


# ------------------------------------------------------------------------------------------------
# info wallpaper (pattern 12)

def test_usage_guidance_only_between_tools_a_model_could_confuse():
    icons = _load("desc_livemcp_icons.json")
    found = _found(icons, "description-missing-usage-guidance")
    assert sorted(f.tool for f in found) == ["list_icons", "search_icons"]
    assert "get_platform_usage" not in {f.tool for f in found}
    # generate_random_number and generate_random_name sit in different samples: never offered together
    assert _found(_load("desc_glaive_samples.json"), "description-missing-usage-guidance") == []


def test_outcomes_instructions_and_endpoint_are_not_jargon():
    okta = _load("desc_docker_okta.json")
    assert _found(okta, "description-api-jargon") == []  # "Returns 404 if ...", "returns 409 ..."
    assert _found(_load("desc_docker_arm_apx_recipe_run.json"), "description-api-jargon") == []  # use 172.17.0.1
    assert _found(_load("desc_toolbench_functions.json"), "description-api-jargon") == []  # "This endpoint ..."
    preview = next(t for t in okta if t["name"] == "get_preview_error_page")
    preview["description"] += " Returns 200 OK on success."
    assert [f.tool for f in _found(okta, "description-api-jargon")] == ["get_preview_error_page"]


def test_long_usage_rules_are_not_too_long_but_a_pasted_readme_is():
    okta = _load("desc_docker_okta.json")
    assert _found(okta, "description-too-long") == []
    policies = next(t for t in okta if t["name"] == "list_device_assurance_policies")
    policies["description"] += "\n\n## Installation\n\nRun `npm install okta-mcp-server` and set OKTA_API_TOKEN."
    found = _found(okta, "description-too-long")
    assert [f.tool for f in found] == ["list_device_assurance_policies"]
    assert "README" in found[0].message


# ------------------------------------------------------------------------------------------------
# the warnings kept: enum-only-in-prose, description-contradicts-schema

def test_a_comma_separated_list_of_values_is_not_an_enum():
    data = _load("desc_docker_sonarqube.json")
    found = _found(data, "enum-only-in-prose")
    assert [(f.tool, f.param) for f in found] == [("get_system_logs", "name")]


def test_required_parameter_called_optional_is_still_a_contradiction():
    data = _load("desc_bfcl_role_count.json")
    found = _found(data, "description-contradicts-schema")
    assert sorted(f.param for f in found) == ["pageNo", "pageSize"]
    assert {f.severity for f in found} == {"warning"}
    relaxed = copy.deepcopy(data)
    relaxed[0]["parameters"]["required"] = []
    assert _found(relaxed, "description-contradicts-schema") == []


@pytest.mark.skipif(not os.path.isdir(CORPUS), reason="corpus not available (../shared/corpus)")
def test_usage_guidance_is_no_longer_wallpaper_on_real_servers():
    from schemalint.engine.run import Selection, lint
    from schemalint.loaders import load_paths

    catalog = load_paths([os.path.join(CORPUS, "mcp")])
    found = [f for f in lint(catalog, Selection(select=["description-missing-usage-guidance"]))]
    # it fired on about 72% of real tools; now only beside a sibling a model could take for it
    assert len(catalog.tools) > 500
    assert 0 < len(found) < 0.05 * len(catalog.tools)


@pytest.mark.parametrize("a,b,expected", [
    ("list_issues", "search_issues", True),  # two ways to find issues
    ("get_maintenance_configs", "get_maintenance_configs_v2", True),
    ("get_adriel_projects", "get_detail_adriel_projects", True),
    ("get_ac_state", "set_ac_state", False),  # opposite actions
    ("get_user", "list_users", False),  # one by key, or many: the convention tells them apart
    ("git_branch", "git_create_branch", False),  # one adds an action
    ("liter_to_gallon", "gallon_to_liter", False),  # the same words in another order
    ("create_invoice", "create_invoice_item", False),  # another object
    ("Hotels_4_ReserveHotel", "Hotels_4_SearchHotel", False),
])
def test_which_names_a_model_could_confuse(a, b, expected):
    from rules._describe import confusable

    assert confusable(a, b) is expected
