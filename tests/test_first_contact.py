"""Issue 19, first contact: what a new user's first run meets. Folder walks honour .gitignore, a layout of two
files (PostHog) is read as tools, an MCP tool that lost its inputSchema is a finding, files schemalint does not
read are refused by name, and a contract that matches no tool says so."""
from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from tests.helpers import CORPUS, run_cli

TOOL = {"name": "search_users", "description": "Search the users of one tenant by name or e-mail address.",
        "inputSchema": {"type": "object", "properties": {}}}
POSTHOG = os.path.join(CORPUS, "mcp", "posthog-mcp")


def _report(*args, cwd) -> dict:
    result = run_cli("check", *args, "--format", "json", cwd=cwd, timeout=120)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    return json.loads(result.stdout)


def _files(report: dict) -> list[str]:
    return sorted({t["file"] for t in report["tools"]})


def _repository(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    for rel in ("a.json", "generated/b.json", "sub/c.json", "sub/deep/d.json", "e.json"):
        os.makedirs(tmp_path / os.path.dirname(rel), exist_ok=True)
        (tmp_path / rel).write_text(json.dumps({**TOOL, "name": rel.replace("/", "_").replace(".", "_")}))
    (tmp_path / ".gitignore").write_text("generated/\n/e.json\nsub/*.json\n")
    (tmp_path / "sub" / ".gitignore").write_text("!c.json\n")  # a deeper file overrides the root's
    (tmp_path / ".git" / "info" / "exclude").write_text("a.json\n")


def test_folder_walks_leave_out_what_git_ignores(tmp_path):
    _repository(tmp_path)
    assert _files(_report(".", cwd=tmp_path)) == ["sub/c.json", "sub/deep/d.json"]  # as `git status` lists them


def test_no_ignore_reads_every_file(tmp_path):
    _repository(tmp_path)
    assert _files(_report(".", "--no-ignore", cwd=tmp_path)) == \
        ["a.json", "e.json", "generated/b.json", "sub/c.json", "sub/deep/d.json"]


def test_an_ignored_folder_or_file_named_on_the_command_line_is_read(tmp_path):
    _repository(tmp_path)
    assert _files(_report("generated", "e.json", cwd=tmp_path)) == ["e.json", "generated/b.json"]


def test_gitignore_files_outside_a_repository_do_not_apply(tmp_path):
    (tmp_path / ".gitignore").write_text("*.json\n")
    (tmp_path / "a.json").write_text(json.dumps(TOOL))
    assert _files(_report(".", cwd=tmp_path)) == ["a.json"]


@pytest.mark.skipif(not os.path.isdir(POSTHOG), reason="the corpus (/work/shared/corpus) is not here")
def test_the_posthog_layout_is_read_as_tools_with_the_schemas_beside_them(tmp_path):
    for name in ("tool-definitions.json", "tool-inputs.json"):
        shutil.copy(os.path.join(POSTHOG, name), tmp_path / name)
    report = _report(".", cwd=tmp_path)
    assert report["summary"]["tools"] == 44
    from schemalint.loaders import load_paths

    tools = {t.name: t for t in load_paths([str(tmp_path)]).tools}
    dashboard = tools["add-insight-to-dashboard"].input_schema
    assert dashboard["properties"]["data"]["required"] == ["insightId", "dashboardId"]
    assert tools["dashboard-create"].annotations["destructiveHint"] is False
    unmatched = [n for n, t in tools.items() if not t.required_known]
    assert "docs-search" in unmatched and "experiment-update" in unmatched  # no name / two names fit
    assert len(unmatched) == 14
    assert any("14 of 44 tools have no input schema of the same name in tool-inputs.json" in n
               for n in report["notes"])
    # named alone, the definitions file still finds its inputs
    assert _report("tool-definitions.json", cwd=tmp_path)["summary"]["tools"] == 44


def test_an_mcp_tool_without_an_input_schema_is_malformed_not_nothing(tmp_path):
    tool = {k: v for k, v in TOOL.items() if k != "inputSchema"}
    (tmp_path / "tools.json").write_text(json.dumps({"tools": [{**tool, "annotations": {"readOnlyHint": True}}]}))
    result = run_cli("check", "tools.json", "--format", "json", cwd=tmp_path, timeout=60)
    assert result.returncode == 1, result.stderr
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["rule"] == "malformed-tool"
    assert finding["message"] == "tool 'search_users' has no input schema; inputSchema is required"


@pytest.mark.parametrize("name, text", [("pyproject.toml", '[project]\nname = "x"\n'), ("README.md", "# Tools\n")])
def test_files_schemalint_does_not_read_are_refused_by_their_kind(tmp_path, name, text):
    (tmp_path / name).write_text(text)
    result = run_cli("check", name, cwd=tmp_path, timeout=60)
    assert result.returncode == 2
    ext = os.path.splitext(name)[1]
    assert f"a {ext} file; schemalint reads JSON, JSONL, YAML and Python" in result.stderr


def test_a_contract_that_matches_no_tool_says_so_with_the_nearest_operation_ids(tmp_path):
    contract = {"openapi": "3.0.0", "info": {"title": "Users", "version": "1"}, "paths": {
        "/users": {"get": {"operationId": "searchUsers", "responses": {"200": {"description": "ok"}}}},
        "/orders": {"get": {"operationId": "listOrders", "responses": {"200": {"description": "ok"}}}}}}
    (tmp_path / "api.json").write_text(json.dumps(contract))
    (tmp_path / "tools.json").write_text(json.dumps({**TOOL, "name": "search_user"}))
    notes = _report("tools.json", "--contract", "api.json", cwd=tmp_path)["notes"]
    assert ("--contract api.json: no tool matches any of its 2 operations, so nothing was compared with it "
            "(nearest operationIds: 'search_user' ~ searchUsers; map tools in [tool.schemalint.mappings])") in notes
    (tmp_path / "tools.json").write_text(json.dumps({**TOOL, "name": "searchUsers"}))
    assert not any("no tool matches" in n for n in _report("tools.json", "--contract", "api.json",
                                                            cwd=tmp_path)["notes"])
