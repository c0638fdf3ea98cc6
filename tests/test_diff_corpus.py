"""`diff X X` reports nothing on the real corpus, through the command line: every OpenAPI document (compared as
the tools generate drafts from it) and every source folder of tool catalogs. The per-tool invariant over every
catalog file is in test_diff_mutations_core.py."""
from __future__ import annotations

import json
import os

import pytest

from .helpers import CORPUS, run_cli

pytestmark = pytest.mark.skipif(not os.path.isdir(CORPUS), reason=f"the corpus is not at {CORPUS}")

OPENAPI = [os.path.join(CORPUS, "openapi", *parts) for parts in (
    ("stripe-openapi", "spec3.yaml"), ("openai-openapi", "openapi.yaml"),
    ("notion-mcp-server", "notion-openapi.json"), ("chatgpt-retrieval-plugin", "openapi.yaml"))]
FOLDERS = [os.path.join(CORPUS, name) for name in ("mcp", "openai-format")]


@pytest.mark.parametrize("spec", OPENAPI, ids=lambda p: os.path.basename(os.path.dirname(p)))
def test_an_openapi_document_against_itself_reports_nothing(spec, tmp_path):
    if not os.path.exists(spec):
        pytest.skip(f"{spec} is not in this corpus")
    result = run_cli("diff", spec, spec, "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["changes"] == [] and report["summary"]["tools_before"] > 0


@pytest.mark.parametrize("folder", FOLDERS, ids=os.path.basename)
def test_a_catalog_folder_against_itself_reports_nothing(folder, tmp_path):
    result = run_cli("diff", folder, folder, "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["changes"] == [] and report["summary"]["tools_before"] > 100
