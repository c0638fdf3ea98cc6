"""Paths named on the command line that hold no tool are an error, not a silent pass (issue 19, first contact 4).

Before: `check openapi.yaml` or a folder of unsupported files printed "0 tools" and exited 0, so a CI job that
pointed at the wrong folder passed forever."""
from __future__ import annotations

import json
import os

from tests.helpers import ROOT, run_cli

OPENAPI = os.path.join(ROOT, "examples", "users-openapi.yaml")


def test_an_openapi_file_named_alone_is_an_error_that_says_what_to_do():
    result = run_cli("check", OPENAPI, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip() == (f"schemalint: error: no tool definition found in {OPENAPI}: an OpenAPI "
                                     "document, not a tool catalog (pass it with --contract) (add --allow-empty "
                                     "to accept an empty run)")


def test_a_folder_of_files_that_are_not_catalogs_says_how_many_were_skipped(tmp_path):
    for name in ("package.json", "tsconfig.json"):
        (tmp_path / name).write_text(json.dumps({"name": "web", "version": "1.0.0"}))
    result = run_cli("score", str(tmp_path), timeout=60)
    assert result.returncode == 2
    assert "2 files skipped, the first as not a tool catalog" in result.stderr


def test_allow_empty_accepts_it_and_an_implicit_folder_is_not_an_error(tmp_path):
    (tmp_path / "package.json").write_text(json.dumps({"name": "web"}))
    assert run_cli("check", "package.json", "--allow-empty", cwd=tmp_path, timeout=60).returncode == 0
    assert run_cli("check", cwd=tmp_path, timeout=60).returncode == 0  # `check` alone lints "." as found


def test_the_pre_commit_hook_accepts_a_commit_without_tool_files():
    with open(os.path.join(ROOT, ".pre-commit-hooks.yaml"), encoding="utf-8") as fh:
        hooks = fh.read()
    assert "entry: schemalint check --allow-empty" in hooks
