"""`schemalint diff` and `schemalint lock` from the command line, as a user runs them: real files, a real git
repository made in a temporary folder, every report format, exit codes and bad input."""
from __future__ import annotations

import copy
import json
import os
import subprocess

import jsonschema
import pytest

from .helpers import ROOT, run_cli

SARIF_SCHEMA = os.path.join(ROOT, "tests", "fixtures", "ci", "sarif-schema-2.1.0.json")

BASE = {"tools": [
    {"name": "search_users", "description": "Search the users of one tenant by name or email.",
     "inputSchema": {"type": "object", "required": ["tenant_id"], "properties": {
         "tenant_id": {"type": "string", "description": "The tenant to search in."},
         "query": {"type": "string", "description": "Part of a name or email."},
         "status": {"type": "string", "enum": ["active", "invited"], "default": "active"},
         "limit": {"type": "integer", "minimum": 1, "maximum": 100},
         "filters": {"type": "object", "properties": {
             "labels": {"type": "array", "items": {"type": "object", "properties": {
                 "confidence": {"type": "number", "minimum": 0}}}}}}}},
     "annotations": {"readOnlyHint": True}},
    {"name": "delete_user", "description": "Delete one user of a tenant for good.",
     "inputSchema": {"type": "object", "required": ["user_id"], "properties": {"user_id": {"type": "string"}}},
     "annotations": {"destructiveHint": True}},
    {"name": "get_user", "description": "Read one user by id.",
     "inputSchema": {"type": "object", "required": ["user_id"], "properties": {"user_id": {"type": "string"}}}},
]}


def head_version() -> dict:
    head = copy.deepcopy(BASE)
    search = head["tools"][0]["inputSchema"]
    search["required"].append("query")  # breaking: param-now-required
    search["properties"]["status"]["enum"] = ["active"]  # breaking: enum-value-removed
    search["properties"]["status"]["default"] = "invited"  # behavioural: default-changed
    search["properties"]["limit"]["maximum"] = 1000  # relaxation: bound-loosened
    search["properties"]["filters"]["properties"]["labels"]["items"]["properties"]["confidence"]["maximum"] = 1
    head["tools"][1]["annotations"]["destructiveHint"] = False  # behavioural: annotation-changed
    head["tools"][2]["description"] = "Read one user by id, with their roles."  # description
    head["tools"].append({"name": "list_roles", "description": "List the roles of a tenant.",
                          "inputSchema": {"type": "object", "properties": {}}})  # additive: tool-added
    return head


def write(path, data) -> str:
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2)
    return str(path)


def git(*args, cwd):
    return subprocess.run(["git", "-c", "user.email=ci@example.com", "-c", "user.name=CI", *args], cwd=cwd,
                          check=True, capture_output=True, text=True).stdout


@pytest.fixture
def sides(tmp_path):
    write(tmp_path / "old" / "tools.json", BASE)
    write(tmp_path / "new" / "tools.json", head_version())
    return "old/tools.json", "new/tools.json"  # relative to tmp_path, where the command runs


def changes_of(result) -> set:
    data = json.loads(result.stdout)
    return {(c["change"], c["level"], c["tool"], c["param"]) for c in data["changes"]}


def test_every_change_is_classified_and_placed(sides, tmp_path):
    result = run_cli("diff", *sides, "--format", "json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    assert data["version"] == "1" and data["base"] == sides[0] and data["head"] == sides[1]
    assert data["summary"] == {"tools_before": 3, "tools_after": 4, "breaking": 3, "behavioural": 2,
                               "relaxation": 1, "additive": 1, "description": 1}
    assert changes_of(result) == {
        ("param-now-required", "breaking", "search_users", "query"),
        ("enum-value-removed", "breaking", "search_users", "status"),
        ("bound-tightened", "breaking", "search_users", "filters.labels[].confidence"),
        ("default-changed", "behavioural", "search_users", "status"),
        ("annotation-changed", "behavioural", "delete_user", None),
        ("bound-loosened", "relaxation", "search_users", "limit"),
        ("tool-added", "additive", "list_roles", None),
        ("description-changed", "description", "get_user", None),
    }
    levels = [c["level"] for c in data["changes"]]
    assert levels == sorted(levels, key=["breaking", "behavioural", "relaxation", "additive",
                                         "description"].index), "breaking changes come first"
    with open(tmp_path / sides[1], encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    for change in data["changes"]:
        assert change["file"] == sides[1] and change["line"] >= 1 and change["column"] >= 1
        assert change["message"] and "remove it" not in change["message"]
    query = next(c for c in data["changes"] if c["change"] == "param-now-required")
    assert '"query"' in lines[query["line"] - 1]
    assert query["base_file"] == sides[0] and query["base_line"] >= 1
    text = next(c for c in data["changes"] if c["change"] == "description-changed")
    assert text["tokens"]["after"] > text["tokens"]["before"] and set(text["score"]) == {"before", "after"}


def test_the_same_catalog_reports_nothing_and_exits_0(sides, tmp_path):
    result = run_cli("diff", sides[0], sides[0], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("no changes")


def test_removals_point_into_base(tmp_path):
    write(tmp_path / "a.json", BASE)
    new_data = copy.deepcopy(BASE)
    del new_data["tools"][0]["inputSchema"]["properties"]["query"]
    write(tmp_path / "b.json", new_data)
    old = "a.json"
    data = json.loads(run_cli("diff", old, "b.json", "--format", "json", cwd=tmp_path).stdout)
    (removed,) = data["changes"]
    assert removed["change"] == "param-removed" and removed["level"] == "breaking"
    assert removed["file"] == old and removed["base_file"] == old
    with open(tmp_path / old, encoding="utf-8") as fh:
        assert '"query"' in fh.read().splitlines()[removed["line"] - 1]


@pytest.mark.parametrize("fail_on,code", [("breaking", 0), ("behavioural", 0), ("any", 1), ("never", 0)])
def test_fail_on_levels(tmp_path, fail_on, code):
    new_data = copy.deepcopy(BASE)
    new_data["tools"][2]["description"] = "Read one user by their id."
    old, new = write(tmp_path / "a.json", BASE), write(tmp_path / "b.json", new_data)
    assert run_cli("diff", old, new, "--fail-on", fail_on, cwd=tmp_path).returncode == code


def test_text_report_groups_by_level_with_file_line_column(sides, tmp_path):
    out = run_cli("diff", *sides, cwd=tmp_path).stdout.splitlines()
    assert out[0] == "breaking (3)"
    assert any(line.startswith(f"  {sides[1]}:") and "param-now-required: search_users.query:" in line
               for line in out)
    assert out[-1].startswith("3 tools in") and "3 breaking, 2 behavioural, 1 relaxation, 1 additive, " \
                                                 "1 description" in out[-1]


def test_markdown_is_a_pull_request_comment(sides, tmp_path):
    text = run_cli("diff", *sides, "--format", "markdown", cwd=tmp_path).stdout
    assert text.startswith("## schemalint diff")
    assert "| breaking | 3 |" in text and "### Breaking (3)" in text
    assert "<details><summary>Behavioural (2)</summary>" in text


def test_markdown_stays_under_the_comment_limit(tmp_path):
    many = {"tools": [{"name": f"tool_{i}", "description": "x" * 40, "inputSchema": {"type": "object"}}
                      for i in range(2000)]}
    old, new = write(tmp_path / "a.json", many), write(tmp_path / "b.json", {"tools": []})
    text = run_cli("diff", old, new, "--format", "markdown", cwd=tmp_path).stdout
    assert len(text.encode("utf-8")) < 64 * 1024
    assert "_Truncated:" in text and "more changes are not shown" in text


def test_sarif_is_valid_and_github_annotations_point_at_lines(sides, tmp_path):
    sarif = json.loads(run_cli("diff", *sides, "--format", "sarif", cwd=tmp_path).stdout)
    with open(SARIF_SCHEMA, encoding="utf-8") as fh:
        jsonschema.validate(sarif, json.load(fh))
    results = sarif["runs"][0]["results"]
    assert len(results) == 8
    assert {r["level"] for r in results} == {"error", "warning", "note"}
    assert all(r["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1 for r in results)
    github = run_cli("diff", *sides, "--format", "github", cwd=tmp_path).stdout.splitlines()
    assert sum(line.startswith("::error file=") for line in github) == 3
    assert sum(line.startswith("::warning file=") for line in github) == 2
    assert all(",line=" in line for line in github if line.startswith("::"))


def test_git_refs_bare_and_ref_path(tmp_path):
    repo = tmp_path / "repo"
    write(repo / "tools" / "users.json", BASE)
    git("init", "-q", cwd=repo)
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "one", cwd=repo)
    write(repo / "tools" / "users.json", head_version())
    bare = run_cli("diff", "HEAD", "--format", "json", cwd=repo)
    assert bare.returncode == 1, bare.stderr
    assert len(json.loads(bare.stdout)["changes"]) == 8
    assert {c["file"] for c in json.loads(bare.stdout)["changes"]} == {"tools/users.json"}
    ref_path = run_cli("diff", "HEAD:tools/users.json", "tools/users.json", "--format", "json", cwd=repo)
    assert changes_of(ref_path) == changes_of(bare)
    folder = run_cli("diff", "HEAD", "tools", "--format", "json", cwd=repo / "tools")
    assert folder.returncode == 2 or changes_of(folder) == changes_of(bare)
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "two", cwd=repo)
    both = run_cli("diff", "HEAD~1", "HEAD", "--format", "json", cwd=repo)
    assert changes_of(both) == changes_of(bare)
    assert run_cli("diff", "HEAD", "HEAD", cwd=repo).returncode == 0


@pytest.mark.parametrize("args,expected", [
    (["no-such-ref"], "'no-such-ref' is not a commit"),
    (["--output=x", "nothing-here"], "not a commit"),
    (["-x"], "unrecognized arguments"),
])
def test_bad_sides_are_one_line_errors(tmp_path, args, expected):
    repo = tmp_path / "repo"
    write(repo / "tools.json", BASE)
    git("init", "-q", cwd=repo)
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "one", cwd=repo)
    result = run_cli("diff", *args, cwd=repo)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and expected in result.stderr and "Traceback" not in result.stderr
    assert not (repo / "x").exists()


def test_outside_git_a_missing_side_says_so(tmp_path):
    result = run_cli("diff", "missing.json", "also-missing.json", cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.startswith("schemalint: error: ")
    assert result.stderr.count("\n") == 1


def test_an_openapi_document_against_a_catalog_points_at_contract(tmp_path):
    spec = os.path.join(ROOT, "examples", "users-openapi.yaml")
    catalog = write(tmp_path / "tools.json", BASE)
    result = run_cli("diff", spec, catalog, cwd=tmp_path)
    assert result.returncode == 2
    assert "--contract" in result.stderr and result.stderr.count("\n") == 1


def test_two_openapi_versions_are_compared_as_generated_tools(tmp_path):
    spec = os.path.join(ROOT, "examples", "users-openapi.yaml")
    with open(spec, encoding="utf-8") as fh:
        text = fh.read()
    same = run_cli("diff", spec, spec, cwd=tmp_path)
    assert same.returncode == 0 and same.stdout.startswith("no changes"), same.stdout + same.stderr
    assert "required: true" in text
    changed = tmp_path / "changed.yaml"
    changed.write_text(text.replace("required: true", "required: false", 1), encoding="utf-8")
    result = run_cli("diff", spec, "changed.yaml", "--format", "json", cwd=tmp_path)
    data = json.loads(result.stdout)
    # the generated descriptions name the required parameters, so text changes come with it
    assert [c["change"] for c in data["changes"] if c["level"] != "description"] == ["param-now-optional"], data
    assert data["changes"][0]["file"] == "changed.yaml"


def test_an_unreadable_file_is_left_out_and_exits_2(tmp_path):
    old = write(tmp_path / "old" / "tools.json", BASE)
    write(tmp_path / "old" / "other.json", BASE)
    write(tmp_path / "new" / "tools.json", BASE)
    (tmp_path / "new" / "other.json").write_text("{not json", encoding="utf-8")
    result = run_cli("diff", str(tmp_path / "old"), str(tmp_path / "new"), cwd=tmp_path)
    assert result.returncode == 2
    assert "other.json" in result.stderr and "Traceback" not in result.stderr
    assert os.path.exists(old)


def test_lock_round_trip_and_check_lock(tmp_path):
    tools = write(tmp_path / "tools.json", BASE)
    locked = run_cli("lock", cwd=tmp_path)
    assert locked.returncode == 0, locked.stderr
    lock_text = (tmp_path / "schemalint.lock").read_text(encoding="utf-8")
    data = json.loads(lock_text)
    assert data["schemalint-lock"] == 1
    assert [t["name"] for t in data["tools"]] == sorted(t["name"] for t in BASE["tools"])
    assert all(t["hash"].startswith("sha256:") and t["file"] == "tools.json" for t in data["tools"])
    assert run_cli("lock", cwd=tmp_path).returncode == 0
    assert (tmp_path / "schemalint.lock").read_text(encoding="utf-8") == lock_text, "a second lock is identical"
    assert run_cli("diff", "schemalint.lock", ".", cwd=tmp_path).returncode == 0
    assert run_cli("lock", "--check", cwd=tmp_path).returncode == 0
    assert run_cli("check", ".", "--lock", "schemalint.lock", "--select", "tool-changed-since-lock",
                   cwd=tmp_path).returncode == 0

    changed = copy.deepcopy(BASE)
    changed["tools"][2]["description"] = "Read one user by id, with their roles."
    write(tmp_path / "tools.json", changed)
    # any change fails against a lockfile, description changes included
    diff = run_cli("diff", "schemalint.lock", ".", cwd=tmp_path)
    assert diff.returncode == 1 and "description-changed: get_user" in diff.stdout
    check = run_cli("lock", "--check", cwd=tmp_path)
    assert check.returncode == 1 and "description-changed" in check.stdout
    assert "out of date" in check.stderr
    lint = run_cli("check", ".", "--lock", "schemalint.lock", "--format", "json", cwd=tmp_path)
    assert lint.returncode == 1
    (finding,) = [f for f in json.loads(lint.stdout)["findings"] if f["rule"] == "tool-changed-since-lock"]
    assert finding["tool"] == "get_user" and finding["file"] == "tools.json" and finding["severity"] == "error"
    assert os.path.exists(tools)


@pytest.mark.parametrize("content,expected", [
    ("{not json", "invalid JSON"),
    ('{"schemalint-lock": 7, "tools": []}', "not a schemalint lockfile of version 1"),
    ('{"schemalint-lock": 1, "tools": [{"name": "x", "hash": "sha256:0", "definition": {"name": "x"}}]}',
     "does not match its hash"),
    ('{"schemalint-lock": 1, "tools": [{"name": "x"}]}', "has no definition"),
])
def test_a_malformed_lockfile_is_one_line_exit_2(tmp_path, content, expected):
    write(tmp_path / "tools.json", BASE)
    (tmp_path / "schemalint.lock").write_text(content, encoding="utf-8")
    for args in (["diff", "schemalint.lock", "."], ["check", ".", "--lock", "schemalint.lock"]):
        result = run_cli(*args, cwd=tmp_path)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert expected in result.stderr and result.stderr.count("\n") == 1, result.stderr


def test_accept_file_silences_reviewed_changes_but_not_the_next_one(sides, tmp_path):
    accept = tmp_path / "accepted.json"
    wrote = run_cli("diff", *sides, "--write-accept", str(accept), cwd=tmp_path)
    assert wrote.returncode == 0, wrote.stderr
    data = json.loads(accept.read_text(encoding="utf-8"))
    assert len(data["accepted"]) == 8 and all(e["reason"] == "" for e in data["accepted"])
    data["accepted"][0]["reason"] = "reviewed in PR 12"
    accept.write_text(json.dumps(data), encoding="utf-8")
    green = run_cli("diff", *sides, "--accept", str(accept), "--format", "json", cwd=tmp_path)
    assert green.returncode == 0 and json.loads(green.stdout)["changes"] == []
    assert len(json.loads(green.stdout)["accepted"]) == 8
    # the same parameter changes again: a new change, reported
    later = head_version()
    later["tools"][0]["inputSchema"]["properties"]["status"]["default"] = "active-only"
    write(tmp_path / sides[1], later)
    red = run_cli("diff", *sides, "--accept", str(accept), "--format", "json", cwd=tmp_path)
    assert [c["change"] for c in json.loads(red.stdout)["changes"]] == ["default-changed"]
    run_cli("diff", *sides, "--write-accept", str(accept), cwd=tmp_path)
    kept = json.loads(accept.read_text(encoding="utf-8"))["accepted"]
    assert "reviewed in PR 12" in [e["reason"] for e in kept]


def test_configured_levels_override_the_defaults(sides, tmp_path):
    (tmp_path / "schemalint.toml").write_text('[diff]\nfail-on = "behavioural"\n[diff.levels]\n'
                                              '"enum-value-removed" = "description"\n'
                                              '"param-now-required" = "description"\n'
                                              '"bound-tightened" = "relaxation"\n', encoding="utf-8")
    result = run_cli("diff", *sides, "--format", "json", cwd=tmp_path)
    summary = json.loads(result.stdout)["summary"]
    assert summary["breaking"] == 0 and summary["description"] == 3
    assert result.returncode == 1  # behavioural changes remain, and fail-on is behavioural
    (tmp_path / "schemalint.toml").write_text('[diff.levels]\n"no-such-change" = "breaking"\n', encoding="utf-8")
    bad = run_cli("diff", *sides, cwd=tmp_path)
    assert bad.returncode == 2 and "unknown change id 'no-such-change'" in bad.stderr


def test_python_sources_are_a_side(tmp_path):
    old = tmp_path / "old" / "server.py"
    old.parent.mkdir()
    old.write_text('from mcp.server.fastmcp import FastMCP\nmcp = FastMCP("x")\n\n\n@mcp.tool()\n'
                   'def get_user(user_id: str) -> str:\n    """Read one user by id."""\n    return user_id\n',
                   encoding="utf-8")
    new = tmp_path / "new" / "server.py"
    new.parent.mkdir()
    new.write_text(old.read_text(encoding="utf-8").replace("user_id: str)", "user_id: str, tenant: str)"),
                   encoding="utf-8")
    result = run_cli("diff", str(old), str(new), "--format", "json", cwd=tmp_path)
    data = json.loads(result.stdout)
    assert [(c["change"], c["param"]) for c in data["changes"]] == [("required-param-added", "tenant")]
    assert data["changes"][0]["line"] == 6


def test_list_changes_names_every_id_with_its_level():
    out = run_cli("diff", "--list-changes").stdout
    from schemalint.compare.changes import CHANGES

    for kind in CHANGES.values():
        assert f"{kind.id} " in out
