"""Baselines and --diff-base in a real temporary git repository, across commits that move lines and change
other tools."""
from __future__ import annotations

import json
import os
import subprocess

import pytest

from .helpers import run_cli

RULE = "buried-required-param"
SELECT = ("--select", RULE)


def buried(name: str, scoping: str = "tenant_id", extra: int = 3) -> dict:
    """A tool whose required `scoping` parameter comes after `extra` optional ones (one finding)."""
    props = {"query": {"type": "string", "description": "Text to look for."}}
    for i in range(extra):
        props[f"opt_{i}"] = {"type": "string", "description": f"Optional filter {i}."}
    props[scoping] = {"type": "string", "description": "The scope to search in."}
    return {"name": name, "description": f"Search {name} records in one scope by text.",
            "inputSchema": {"type": "object", "required": ["query", scoping], "properties": props}}


def clean(name: str) -> dict:
    return {"name": name, "description": f"Get one {name} record by id.",
            "inputSchema": {"type": "object", "required": ["id"],
                            "properties": {"id": {"type": "string", "description": "The record id."}}}}


class Repo:
    def __init__(self, path):
        self.path = path
        self.git("init", "-q")
        self.git("config", "user.email", "ci@example.com")
        self.git("config", "user.name", "CI")

    def git(self, *args) -> str:
        return subprocess.run(["git", *args], cwd=self.path, check=True, capture_output=True, text=True).stdout

    def write(self, name: str, tools: list, indent: int = 2, padding: int = 0) -> None:
        target = self.path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("\n" * padding + json.dumps({"tools": tools}, indent=indent) + "\n", encoding="utf-8")

    def commit(self, message: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "HEAD").strip()

    def check(self, *args, cwd=None):
        return run_cli("check", *args, *SELECT, cwd=cwd or self.path)

    def findings(self, *args, cwd=None) -> dict:
        proc = self.check(*args, "--format", "json", cwd=cwd)
        assert proc.returncode in (0, 1), proc.stderr
        return json.loads(proc.stdout)


@pytest.fixture
def repo(tmp_path):
    return Repo(tmp_path)


def test_write_baseline_then_only_new_findings_fail_across_moved_lines_and_other_tools(repo):
    repo.write("tools/users.json", [buried("search_users"), clean("get_user")])
    repo.write("tools/orders.json", [buried("search_orders", "account_id")])
    repo.commit("first catalog")

    proc = repo.check("tools", "--write-baseline", "baseline.json", "--fail-on", "info")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "wrote 2 findings to the baseline baseline.json" in proc.stdout
    baseline = json.loads((repo.path / "baseline.json").read_text())
    assert [(e["file"], e["tool"], e["count"]) for e in baseline["findings"]] == [
        ("tools/orders.json", "search_orders", 1), ("tools/users.json", "search_users", 1)]
    first_bytes = (repo.path / "baseline.json").read_bytes()
    repo.commit("baseline")

    # unrelated edits: other tools are added above, the file is re-indented and padded, lines all move
    repo.write("tools/users.json", [clean("list_roles"), clean("get_team"), buried("search_users"), clean("get_user")],
               indent=4, padding=3)
    repo.commit("move lines, add clean tools")
    assert repo.check("tools", "--baseline", "baseline.json", "--fail-on", "info").returncode == 0
    report = repo.findings("tools", "--baseline", "baseline.json")
    assert report["findings"] == [] and report["baseline"] == {"file": "baseline.json", "new": 0, "known": 2,
                                                                  "gone": 0}
    # rewriting the baseline after edits that moved lines gives the same bytes: it diffs cleanly
    assert repo.check("tools", "--write-baseline", "baseline.json").returncode == 0
    assert (repo.path / "baseline.json").read_bytes() == first_bytes

    # a change to another tool introduces one new finding: only that one is reported and fails
    repo.write("tools/orders.json", [buried("search_orders", "account_id"), buried("search_invoices", "org_id")])
    repo.commit("new tool with a buried parameter")
    proc = repo.check("tools", "--baseline", "baseline.json", "--fail-on", "warning")
    assert proc.returncode == 1
    report = repo.findings("tools", "--baseline", "baseline.json")
    assert [(f["tool"], f["param"]) for f in report["findings"]] == [("search_invoices", "org_id")]
    assert report["baseline"]["new"] == 1 and report["baseline"]["known"] == 2

    # fixing a baselined finding: reported as gone, nothing fails
    repo.write("tools/users.json", [clean("search_users"), clean("get_user")])
    repo.write("tools/orders.json", [buried("search_orders", "account_id")])
    repo.commit("fix search_users")
    proc = repo.check("tools", "--baseline", "baseline.json", "--fail-on", "info")
    assert proc.returncode == 0
    assert "0 new findings, 1 known, 1 gone (run --write-baseline to drop them)" in proc.stdout


def test_baseline_counts_identical_fingerprints(repo):
    repo.write("tools.json", [buried("same"), buried("same")])
    assert repo.check("tools.json", "--write-baseline", "b.json").returncode == 0
    (entry,) = json.loads((repo.path / "b.json").read_text())["findings"]
    assert entry["count"] == 2
    repo.write("tools.json", [buried("same"), buried("same"), buried("same")])
    report = repo.findings("tools.json", "--baseline", "b.json")
    assert report["baseline"] == {"file": "b.json", "new": 1, "known": 2, "gone": 0}
    assert len(report["findings"]) == 1
    repo.write("tools.json", [buried("same")])
    assert repo.findings("tools.json", "--baseline", "b.json")["baseline"]["gone"] == 1


def test_baseline_only_counts_gone_findings_of_the_files_linted(repo):
    repo.write("tools/a.json", [buried("a")])
    repo.write("tools/b.json", [buried("b")])
    assert repo.check("tools", "--write-baseline", "b.json").returncode == 0
    assert repo.findings("tools/a.json", "--baseline", "b.json")["baseline"]["gone"] == 0
    (repo.path / "tools" / "b.json").unlink()  # a deleted file under a linted folder: its findings are gone
    assert repo.findings("tools", "--baseline", "b.json")["baseline"]["gone"] == 1


def test_baseline_is_the_same_from_a_subfolder(repo):
    repo.write("svc/tools/users.json", [buried("search_users")])
    assert repo.check("svc", "--write-baseline", "b.json").returncode == 0
    # from inside svc/, with the baseline path relative to there
    report = repo.findings("tools", "--baseline", "../b.json", cwd=repo.path / "svc")
    assert report["baseline"]["known"] == 1 and report["findings"] == []


def test_drift_findings_keep_their_fingerprints_from_a_subfolder(repo):
    """Drift messages name the contract file relative to the current folder; fingerprints must not."""
    import shutil

    from .helpers import ROOT

    (repo.path / "svc").mkdir()
    for name in ("users_api.json", "users-openapi.yaml"):
        shutil.copy(os.path.join(ROOT, "examples", name), repo.path / "svc" / name)
    drift = ("--select", "drift", "--fail-on", "never")
    assert run_cli("check", "svc", *drift, "--write-baseline", "b.json", cwd=repo.path).returncode == 0
    proc = run_cli("check", ".", *drift, "--baseline", "../b.json", "--format", "json", cwd=repo.path / "svc")
    report = json.loads(proc.stdout)
    assert report["baseline"]["known"] >= 5 and report["findings"] == [], proc.stderr
    shown = [f["message"] for f in json.loads(run_cli("check", ".", *drift, "--format", "json",
                                                       cwd=repo.path / "svc").stdout)["findings"]]
    assert any("of users-openapi.yaml" in m for m in shown)  # the message still reads from where the user is


def test_baseline_from_configuration(repo):
    repo.write("tools.json", [buried("x")])
    assert repo.check("tools.json", "--write-baseline", "ci/baseline.json").returncode == 2  # folder missing
    (repo.path / "ci").mkdir()
    assert repo.check("tools.json", "--write-baseline", "ci/baseline.json").returncode == 0
    (repo.path / "schemalint.toml").write_text('baseline = "ci/baseline.json"\nfail-on = "info"\n')
    assert repo.check("tools.json").returncode == 0
    repo.write("tools.json", [buried("x"), buried("y")])
    assert repo.check("tools.json").returncode == 1


@pytest.mark.parametrize("content, expected", [
    (None, "cannot read baseline"),
    ("{not json", "invalid JSON in baseline"),
    ('{"findings": {}}', "not a schemalint baseline"),
    ('{"version": 99, "findings": []}', "unsupported baseline version"),
    ('{"version": 1, "findings": [{"count": 1}]}', "needs a 'fingerprint' string"),
])
def test_bad_baseline_files_are_one_line_errors(repo, content, expected):
    repo.write("tools.json", [buried("x")])
    if content is not None:
        (repo.path / "b.json").write_text(content)
    proc = repo.check("tools.json", "--baseline", "b.json")
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and expected in proc.stderr and "b.json" in proc.stderr
    assert "Traceback" not in proc.stderr


# ---------------------------------------------------------------- --diff-base


def test_diff_base_reports_only_new_and_changed_tools(repo):
    repo.write("tools/users.json", [buried("search_users"), buried("search_groups", "org_id")])
    repo.write("tools/orders.json", [buried("search_orders", "account_id")])
    base = repo.commit("base")

    # unchanged tools move (new tool inserted above, re-indented); one tool changes; one file is new
    changed = buried("search_groups", "org_id", extra=4)
    repo.write("tools/users.json", [buried("list_users"), buried("search_users"), changed], indent=4, padding=2)
    repo.write("tools/new.json", [buried("search_new", "project_id")])
    repo.commit("head")

    report = repo.findings("tools", "--diff-base", base)
    assert sorted(f["tool"] for f in report["findings"]) == ["list_users", "search_groups", "search_new"]
    assert report["diff_base"] == {"ref": base, "changed_tools": 3, "tools": 5}
    assert sorted(t["name"] for t in report["tools"]) == ["list_users", "search_groups", "search_new"]
    assert report["summary"]["tools"] == 3

    # against HEAD nothing changed: nothing reported, nothing fails
    proc = repo.check("tools", "--diff-base", "HEAD", "--fail-on", "info")
    assert proc.returncode == 0 and "0 of 5 tools are new or changed" in proc.stdout
    # an uncommitted edit counts against HEAD
    repo.write("tools/orders.json", [buried("search_orders", "account_id", extra=2)])
    report = repo.findings("tools", "--diff-base", "HEAD")
    assert [f["tool"] for f in report["findings"]] == ["search_orders"]


def test_diff_base_with_a_baseline_counts_gone_only_among_changed_tools(repo):
    repo.write("tools.json", [buried("a"), buried("b")])
    base = repo.commit("base")
    assert repo.check("tools.json", "--write-baseline", "b.json").returncode == 0
    repo.write("tools.json", [buried("a", extra=5), clean("b")])  # a changed (still buried), b fixed
    repo.commit("change")
    report = repo.findings("tools.json", "--diff-base", base, "--baseline", "b.json")
    # a's finding has the same fingerprint (numbers in messages are ignored): known; b is changed and fixed: gone
    assert report["findings"] == []
    assert report["baseline"] == {"file": "b.json", "new": 0, "known": 1, "gone": 1}


def test_diff_base_errors(repo, tmp_path_factory):
    repo.write("tools.json", [buried("a")])
    repo.commit("base")
    proc = repo.check("tools.json", "--diff-base", "no-such-ref")
    assert proc.returncode == 2 and "'no-such-ref' is not a commit" in proc.stderr
    outside = tmp_path_factory.mktemp("nogit")
    (outside / "tools.json").write_text(json.dumps({"tools": [buried("a")]}))
    proc = run_cli("check", "tools.json", "--diff-base", "HEAD", cwd=outside)
    assert proc.returncode == 2 and "inside a git repository" in proc.stderr
    assert "Traceback" not in proc.stderr
