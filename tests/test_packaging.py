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
    # the rule index an installed run trusts describes the catalog files the wheel holds, byte for byte in size
    from schemalint.engine.rule_index import SOURCES

    archive = zipfile.ZipFile(wheel)
    shipped = {n.rsplit("/", 1)[1]: archive.getinfo(n).file_size for n in names
               if n.startswith("schemalint/rules/") and n.endswith(".py") and not n.endswith("/__init__.py")}
    assert shipped == SOURCES


def test_a_clone_runs_without_an_install(tmp_path):
    """`python -m schemalint` from a checkout: schemalint/rules links to the top-level rules/ folder."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", ROOT, str(clone)], check=True, capture_output=True)
    probe = subprocess.run([sys.executable, "-c", "import schemalint, schemalint.rules.ordering as m; "
                            "print(schemalint.__file__); print(m.__file__)"], cwd=clone, capture_output=True,
                           text=True, check=True).stdout.split()
    assert all(path.startswith(str(clone)) for path in probe), probe
    run = subprocess.run([sys.executable, "-m", "schemalint", "check", "examples/good_tools.yaml"], cwd=clone,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
