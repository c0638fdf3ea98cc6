"""Minimal reproducers of the failures a fuzzing run found (2,800 mutated catalogs): each must end in findings
or a one-line input error, never a traceback, a hang or a half-written file. The large ones (deep nesting of
YAML blocks and Python expressions) are built here rather than stored."""
from __future__ import annotations

import os
import shutil

import pytest

from tests.helpers import ROOT, run_cli

FUZZ = os.path.join(ROOT, "tests", "fixtures", "fuzz")
STORED = sorted(os.listdir(FUZZ))
BUILT = {
    "deep_yaml_block.yaml": "".join(" " * i + "- \n" for i in range(0, 1000, 2)),
    "deep_python_binop.py": "from langchain_core.tools import tool\n\nX = 1" + "+1" * 50_000 + "\n",
}


def _assert_clean(result):
    assert result.returncode in (0, 1, 2) and "Traceback" not in result.stderr, result.stderr[-1500:]
    if result.returncode == 2:
        assert result.stderr.startswith("schemalint: error: ") and result.stderr.strip().count("\n") == 0


@pytest.mark.parametrize("name", STORED + sorted(BUILT))
def test_reproducer_gives_findings_or_a_one_line_error(tmp_path, name):
    target = tmp_path / name
    if name in BUILT:
        target.write_text(BUILT[name])
    else:
        shutil.copy(os.path.join(FUZZ, name), target)
    before = target.read_bytes()
    for command in (("check",), ("check", "--format", "json"), ("score",)):
        _assert_clean(run_cli(*command, name, cwd=tmp_path, timeout=60))
    fix = run_cli("fix", name, "--write", cwd=tmp_path, timeout=60)
    _assert_clean(fix)
    if fix.returncode == 2:
        assert target.read_bytes() == before  # nothing written on an input error
