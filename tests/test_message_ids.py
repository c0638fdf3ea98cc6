"""Findings have an identity apart from their wording: message ids with data, fingerprints from the id and the
identifying data, version-1 baselines still honoured, fixes only from rules that declare them."""
from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from schemalint.engine.location import at
from schemalint.engine.registry import all_rules
from schemalint.engine.rule import Rule, RuleError
from schemalint.engine.run import Context, Selection
from schemalint.loaders import Catalog
from schemalint.model import Edit, Fix

from .helpers import ROOT, catalog_from, run_cli

V1 = os.path.join(ROOT, "tests", "fixtures", "baseline_v1")


class _Named(Rule):
    """A rule for these tests only."""

    id = "test-named-message"
    category = "description"
    summary = "x"
    hint = "x"
    messages = {"short": "tool '{name}' has a description of {words} words"}


def _context(tool_data):
    catalog = catalog_from(tool_data, "tools.json", None)
    ctx = Context(catalog, Selection(), [])
    return catalog.tools[0], ctx


def test_message_ids_render_and_fingerprint_from_identity(monkeypatch):
    tool, ctx = _context({"name": "get_user", "description": "Get.", "inputSchema": {"type": "object"}})
    rule = _Named()
    ctx.report(tool, "short", {"name": "get_user", "words": 1}, rule=rule)
    first = ctx.findings[-1]
    assert first.message == "tool 'get_user' has a description of 1 words" and first.message_id == "short"
    ctx.report(tool, "short", {"name": "get_user", "words": 7}, rule=rule)
    assert ctx.findings[-1].fingerprint == first.fingerprint, "counts do not identify a finding"
    monkeypatch.setitem(_Named.messages, "short", "the description of '{name}' is only {words} words long")
    ctx.report(tool, "short", {"name": "get_user", "words": 1}, rule=rule)
    reworded = ctx.findings[-1]
    assert reworded.message.startswith("the description of 'get_user'")
    assert reworded.fingerprint == first.fingerprint, "rewording a message keeps its fingerprint"
    ctx.report(tool, "short", {"name": "other", "words": 1}, rule=rule)
    assert ctx.findings[-1].fingerprint != first.fingerprint


def test_a_fix_from_a_rule_that_cannot_fix_is_refused():
    tool, ctx = _context({"name": "get_user", "description": "Get.", "inputSchema": {"type": "object"}})
    with pytest.raises(RuleError):
        ctx.report(at(tool, field="description"), "short", {"name": "x", "words": 1}, rule=_Named(),
                   fix=Fix([Edit("set", ("description",), "Get one user.", target="tool")], "say more"))


def test_a_placed_fix_is_a_new_object():
    class Fixing(_Named):
        fixable = "sometimes"

    tool, ctx = _context({"name": "get_user", "description": "Get.", "inputSchema": {"type": "object"}})
    fix = Fix([Edit("set", ("description",), "Get one user.", target="tool")], "say more")
    ctx.report(at(tool, field="description"), "short", {"name": "x", "words": 1}, rule=Fixing(), fix=fix)
    placed = ctx.findings[-1].fix
    assert placed is not fix and fix.document_edits == () and placed.document_edits
    assert ctx.findings[-1].fixable is True


def test_rules_declare_fixability_in_words():
    for rule_id, cls in all_rules().items():
        assert cls.fixability() in ("never", "sometimes", "always"), rule_id


def test_the_per_run_cache_builds_once():
    _, ctx = _context({"name": "a", "description": "x", "inputSchema": {"type": "object"}})
    calls = []
    assert ctx.cache("index", lambda: calls.append(1) or {"a": 1}) == {"a": 1}
    assert ctx.cache("index", lambda: calls.append(1) or {"b": 2}) == {"a": 1}
    assert calls == [1]


def _v1_project(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(V1, project)
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    return project


def test_a_version_1_baseline_from_the_landed_main_still_suppresses_its_findings(tmp_path):
    project = _v1_project(tmp_path)
    with open(project / "v1-baseline.json", encoding="utf-8") as fh:
        entries = json.load(fh)["findings"]
    recorded = sum(e["count"] for e in entries)
    # rules added since the baseline was written find new things in the fixture: only the recorded rules run
    rules = ",".join(sorted({e["rule"] for e in entries}))
    result = run_cli("check", ".", "--baseline", "v1-baseline.json", "--format", "json", "--fail-on", "info",
                     "--select", rules, cwd=project)
    report = json.loads(result.stdout)
    assert report["findings"] == [], [f["message"] for f in report["findings"]]
    assert report["summary"]["errors"] == 0 and result.returncode == 0
    assert recorded > 20


def test_write_baseline_migrates_version_1_to_2_and_keeps_suppressing(tmp_path):
    project = _v1_project(tmp_path)
    run_cli("check", ".", "--baseline", "v1-baseline.json", "--write-baseline", "v1-baseline.json", cwd=project)
    with open(project / "v1-baseline.json", encoding="utf-8") as fh:
        assert json.load(fh)["version"] == 2
    again = run_cli("check", ".", "--baseline", "v1-baseline.json", "--format", "json", "--fail-on", "info",
                    cwd=project)
    assert json.loads(again.stdout)["findings"] == [] and again.returncode == 0
