"""The real pre-commit runs this repository's hooks (.pre-commit-hooks.yaml) in a temporary git repository.

The test first commits a snapshot of this working tree, tracked and untracked files alike, to a temporary
repository, and a user's `.pre-commit-config.yaml` points at it by path and commit, so the hooks are tested exactly
as they are on disk. `pre-commit run` then installs the hook repository as it would for a user: into a virtual
environment (pip, from PyPI) in PRE_COMMIT_HOME, built once for this module and reused, as pre-commit reuses it
between a user's commits. (`pre-commit try-repo` would build a fresh one for every call.)
"""
from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys

import pytest
import yaml

from .helpers import ROOT

FIXTURES = os.path.join(ROOT, "tests", "fixtures", "ci")

pytestmark = pytest.mark.skipif(importlib.util.find_spec("pre_commit") is None,
                                reason="pre-commit is not installed (pip install pre-commit)")


def git(*args, cwd):
    return subprocess.run(["git", "-c", "user.email=ci@example.com", "-c", "user.name=CI", *args], cwd=cwd,
                          check=True, capture_output=True, text=True).stdout


def test_hook_manifest_declares_the_three_hooks():
    with open(os.path.join(ROOT, ".pre-commit-hooks.yaml"), encoding="utf-8") as fh:
        hooks = {h["id"]: h for h in yaml.safe_load(fh)}
    assert set(hooks) == {"schemalint", "schemalint-fix", "schemalint-lock"}
    assert hooks["schemalint"]["entry"] == "schemalint check --allow-empty"  # a commit may stage no tool file
    assert hooks["schemalint-fix"]["entry"] == "schemalint fix --write"
    assert hooks["schemalint-lock"]["entry"] == "schemalint lock --check"
    assert hooks["schemalint-lock"]["pass_filenames"] is False
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["require_serial"] is True
        assert set(hook["types_or"]) == {"json", "yaml", "python"}
    from pre_commit.clientlib import load_manifest

    load_manifest(os.path.join(ROOT, ".pre-commit-hooks.yaml"))  # pre-commit's own validation


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory):
    """This working tree (tracked and untracked, minus ignored files) committed to a temporary repository."""
    snapshot = tmp_path_factory.mktemp("hook-repo")
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            check=True, capture_output=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        source = os.path.join(ROOT, rel)
        target = snapshot / rel
        if os.path.islink(source):  # schemalint/rules -> ../rules
            target.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(os.readlink(source), target)
            continue
        if not os.path.isfile(source):
            continue  # deleted but not yet staged
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    git("init", "-q", cwd=snapshot)
    git("add", "-A", cwd=snapshot)
    git("commit", "-q", "-m", "snapshot", cwd=snapshot)
    return snapshot


@pytest.fixture(scope="module")
def precommit_home(tmp_path_factory):
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def project(tmp_path, hook_repo):
    """A user's repository: buried-required-param made an error so the hook fails on it with the default fail-on;
    its pre-commit configuration names the snapshot's three hooks at its commit."""
    git("init", "-q", cwd=tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.schemalint]\nselect = ["buried-required-param"]\n\n'
        '[tool.schemalint.severity]\n"buried-required-param" = "error"\n', encoding="utf-8")
    rev = git("rev-parse", "HEAD", cwd=hook_repo).strip()
    config = {"repos": [{"repo": str(hook_repo), "rev": rev,
                         "hooks": [{"id": "schemalint"}, {"id": "schemalint-fix"}, {"id": "schemalint-lock"}]}]}
    (tmp_path / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    git("add", ".pre-commit-config.yaml", cwd=tmp_path)
    return tmp_path


@pytest.fixture
def try_repo(precommit_home):
    def run(hook_repo, project, hook, *args):
        env = dict(os.environ, PRE_COMMIT_COLOR="never", PIP_DISABLE_PIP_VERSION_CHECK="1",
                   PRE_COMMIT_HOME=str(precommit_home))
        return subprocess.run([sys.executable, "-m", "pre_commit", "run", hook, *args], cwd=project,
                              capture_output=True, text=True, env=env, timeout=600)

    return run


def test_schemalint_hook_fails_on_a_bad_tool_file_and_passes_on_a_good_one(hook_repo, project, try_repo):
    shutil.copy(os.path.join(FIXTURES, "bad_tools.json"), project / "tools.json")
    shutil.copy(os.path.join(FIXTURES, "good_tools.json"), project / "good.json")
    git("add", "-A", cwd=project)
    bad = try_repo(hook_repo, project, "schemalint", "--files", "tools.json")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "schemalint" in bad.stdout and "Failed" in bad.stdout
    assert "tools.json" in bad.stdout and "buried-required-param" in bad.stdout and "tenant_id" in bad.stdout
    good = try_repo(hook_repo, project, "schemalint", "--files", "good.json")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout


def test_schemalint_fix_hook_rewrites_the_file_and_the_check_then_passes(hook_repo, project, try_repo):
    if not os.path.exists(os.path.join(ROOT, "schemalint", "commands", "fix.py")):
        pytest.skip("schemalint fix is not part of this tree yet")
    shutil.copy(os.path.join(FIXTURES, "bad_tools.json"), project / "tools.json")
    git("add", "-A", cwd=project)
    first = try_repo(hook_repo, project, "schemalint-fix", "--files", "tools.json")
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout
    text = (project / "tools.json").read_text(encoding="utf-8")
    assert text.index('"tenant_id"') < text.index('"query": {')
    git("add", "-A", cwd=project)
    for hook in ("schemalint-fix", "schemalint"):
        second = try_repo(hook_repo, project, hook, "--files", "tools.json")
        assert second.returncode == 0, second.stdout + second.stderr
        assert "Passed" in second.stdout


def test_schemalint_lock_hook_fails_until_the_lockfile_is_written_again(hook_repo, project, try_repo):
    tools = project / "tools.json"
    shutil.copy(os.path.join(FIXTURES, "good_tools.json"), tools)
    subprocess.run([sys.executable, "-m", "schemalint", "lock", "."], cwd=project, check=True, capture_output=True)
    git("add", "-A", cwd=project)
    passed = try_repo(hook_repo, project, "schemalint-lock", "--files", "tools.json")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    text = tools.read_text(encoding="utf-8")
    tools.write_text(text.replace('"required": [', '"required": ["__new_required__", ', 1), encoding="utf-8")
    git("add", "-A", cwd=project)
    failed = try_repo(hook_repo, project, "schemalint-lock", "--files", "tools.json")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "schemalint.lock is out of date" in failed.stdout
    subprocess.run([sys.executable, "-m", "schemalint", "lock", "."], cwd=project, check=True, capture_output=True)
    git("add", "-A", cwd=project)
    again = try_repo(hook_repo, project, "schemalint-lock", "--files", "tools.json")
    assert again.returncode == 0, again.stdout + again.stderr
