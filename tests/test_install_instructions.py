"""Issue 19: instructions a new user follows name only things that exist. schemalint is not on PyPI and has no
release tags: the CI templates install from the repository URL and commit set in one variable (and stop with a
message while it is unset), the Action installs from its own checkout, the README names no `OWNER/` and no tag,
the declared license ships as a file, and `explain` points at no file the package does not ship."""
from __future__ import annotations

import os
import re
import subprocess
import tomllib

import yaml

from tests.helpers import ROOT, run_cli

GITHUB = os.path.join(ROOT, "ci-templates", "github", "schemalint.yml")
GITLAB = os.path.join(ROOT, "ci-templates", "gitlab", "schemalint.gitlab-ci.yml")
TEXTS = [os.path.join(ROOT, name) for name in ("README.md", "action.yml", "SECURITY.md")] + [GITHUB, GITLAB]
# `pip install schemalint` (from an index it is not on), a default of that name, a placeholder owner, a tag
_NONEXISTENT = re.compile(r"pip install (?:-{1,2}[\w-]+ )*[\"']?schemalint[\"']?(?=\s|$)(?!\s+@)|:-schemalint|OWNER/|"
                          r"schemalint@v\d|rev: v\d|schemalint==")


def _read(path: str) -> str:
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def test_no_instruction_names_a_package_owner_or_tag_that_does_not_exist():
    for path in TEXTS:
        for n, line in enumerate(_read(path).splitlines(), 1):
            assert not _NONEXISTENT.search(line), f"{os.path.relpath(path, ROOT)}:{n}: {line}"


def _install_step(workflow: dict) -> dict:
    (step,) = [s for s in workflow["jobs"]["schemalint"]["steps"] if s.get("name") == "Install schemalint"]
    return step


def test_the_github_template_installs_from_one_variable_and_stops_while_it_is_unset(tmp_path):
    workflow = yaml.safe_load(_read(GITHUB))
    step = _install_step(workflow)
    assert workflow["jobs"]["schemalint"]["env"]["SCHEMALINT_FROM"] == ""  # the one variable to set
    assert '"schemalint @ $SCHEMALINT_FROM"' in step["run"]
    unset = subprocess.run(["bash", "-eo", "pipefail", "-c", step["run"]], env={"PATH": os.environ["PATH"]},
                           capture_output=True, text=True, cwd=tmp_path)
    assert unset.returncode == 1 and unset.stdout.startswith("::error::set SCHEMALINT_FROM to git+https://")


def test_the_gitlab_template_installs_from_one_variable_and_stops_while_it_is_unset(tmp_path):
    script = yaml.safe_load(_read(GITLAB))["schemalint"]["script"]
    assert any('"schemalint @ $SCHEMALINT_FROM"' in line for line in script)
    unset = subprocess.run(["bash", "-c", script[0]], env={"PATH": os.environ["PATH"]}, capture_output=True,
                           text=True, cwd=tmp_path)
    assert unset.returncode == 1 and "set SCHEMALINT_FROM to git+https://" in unset.stdout


def test_the_action_installs_from_its_own_checkout():
    action = yaml.safe_load(_read(os.path.join(ROOT, "action.yml")))
    (install,) = [s for s in action["runs"]["steps"] if s.get("id") == "install"]
    assert '-m pip install --quiet --disable-pip-version-check "$GITHUB_ACTION_PATH"' in install["run"]


def test_the_license_pyproject_declares_ships_as_a_file():
    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as fh:
        declared = tomllib.load(fh)["project"]["license"]["text"]
    assert declared == "MIT"
    assert _read(os.path.join(ROOT, "LICENSE")).startswith("MIT License\n")


def test_explain_points_at_no_file_the_package_does_not_ship():
    for topic in ("score", "buried-required-param", "parse-error"):
        out = run_cli("explain", topic, timeout=60).stdout
        assert not re.search(r"\b(SPEC|SEVERITY|ARCHITECTURE|README)\.md\b|docs/", out), (topic, out)
