"""The drift rules on real pairs: a catalog made from an older public version of an OpenAPI document, checked
against the current version in the corpus. Each pair's real changes come back, and nothing else (the catalogs
and what changed are described in tests/fixtures/drift/real_pairs/README.md)."""
from __future__ import annotations

import json
import os

import pytest

from tests.helpers import CORPUS, ROOT, run_cli

PAIRS = os.path.join(ROOT, "tests", "fixtures", "drift", "real_pairs")
EXPECTED = {
    ("notion-0181647-tools.json", "notion-mcp-server/notion-openapi.json"): {
        ("operation-not-in-contract", "error", "query_database", None),
        ("operation-not-in-contract", "error", "create_database", None),
        ("operation-not-in-contract", "error", "update_database", None),
        ("constraint-looser-than-contract", "warning", "search_by_title", "filter.value"),
    },
    ("openai-5162af9-tools.json", "openai-openapi/openapi.yaml"): {
        ("param-not-in-contract", "error", "create_project", "geography"),
        ("param-not-in-contract", "error", "modify_project", "geography"),
        ("enum-drift", "info", "create_transcription", "model"),
        ("deprecated-in-contract", "warning", "getinputtokencounts", "truncation"),
        ("deprecated-in-contract", "warning", "list_videos", None),
        ("deprecated-in-contract", "warning", "create_video_remix", None),
    },
}


@pytest.mark.parametrize("catalog,spec", sorted(EXPECTED))
def test_a_real_pair_reports_its_real_changes_and_nothing_else(catalog, spec):
    contract = os.path.join(CORPUS, "openapi", spec)
    if not os.path.isfile(contract):
        pytest.skip(f"the corpus is not available ({contract} is missing)")
    done = run_cli("check", os.path.join(PAIRS, catalog), "--contract", contract, "--select", "drift",
                   "--ignore", "contract-invalid", "--format", "json", "--fail-on", "never")
    assert done.returncode == 0, done.stderr
    findings = json.loads(done.stdout)["findings"]
    assert {(f["rule"], f["severity"], f["tool"], f["param"]) for f in findings} == EXPECTED[(catalog, spec)]
    for f in findings:
        if f["tool"] == "create_project":
            assert "'residency'" in f["message"]  # the new name, found by its place and type
