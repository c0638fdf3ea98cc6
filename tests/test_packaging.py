"""The built distribution: `schemalint` is its only import name, and the rule catalog ships inside it."""
from __future__ import annotations

import glob
import subprocess
import sys
import zipfile

from tests.helpers import ROOT


def test_wheel_has_one_import_name_and_ships_rules_and_schemas(tmp_path):
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path), ROOT],
                           capture_output=True, text=True)
    assert build.returncode == 0, build.stderr[-2000:]
    (wheel,) = glob.glob(str(tmp_path / "schemalint-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[0] for n in names} == {"schemalint", next(n.split("/")[0] for n in names
                                                                     if n.endswith(".dist-info/METADATA"))}
    assert "schemalint/rules/ordering.py" in names and "schemalint/rules/__init__.py" in names
    assert "schemalint/schemas/report.schema.json" in names
    for package in ("contract", "generate", "fix", "loaders/python", "reporters", "commands", "engine", "sources"):
        assert f"schemalint/{package}/__init__.py" in names, package
