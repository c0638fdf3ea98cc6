"""The language server re-lints only the tools an edit changed (engine/relint.py); what it reports after every
edit must be exactly what a fresh lint of the same text reports."""
from __future__ import annotations

import json
import os

import pytest
import yaml

from schemalint.lsp.analysis import Project
from tests.helpers import CORPUS


def _tools(count: int) -> list[dict]:
    tools = []
    for i in range(count):
        tools.append({"name": f"get_item_{i}" if i % 7 else f"getItemV{i % 3}",
                      "description": "Get an item." if i % 3 else f"Returns the item {i}. Max 100 results, default 20.",
                      "parameters": {"type": "dict" if i % 5 == 0 else "object", "required": ["item_id"],
                                     "properties": {"limit": {"type": "number", "description": f"Max {i % 90 + 10}."},
                                                    "cursor": {"type": "string"},
                                                    "item_id": {"type": "string", "example": "12345"}}}})
    return tools


def _edits(tools: list[dict]):
    """Successive versions of the catalog, as a user types them."""
    tools = [dict(t) for t in tools]
    tools[10] = {**tools[10], "description": tools[10]["description"] + " Use it to read one item."}
    yield tools
    tools = tools[:20] + [{"name": "get_item_1", "description": "A second tool of the same name."}] + tools[20:]
    yield tools  # a tool inserted: every later one moves down, and a name is now used twice
    tools = tools[:5] + tools[6:]
    yield tools  # one removed
    tools = [{**t, "description": t["description"].upper()} if i == 30 else t for i, t in enumerate(tools)]
    yield tools
    yield tools[:-1]


def _same(buffer: Project, path: str, text: str) -> None:
    incremental = buffer.lint_buffer(path, text, {}).findings
    fresh = Project(os.path.dirname(path)).lint_buffer(path, text, {}).findings
    assert incremental, "the catalog should have findings"
    assert [(f.rule, f.line, f.column, f.message, f.pointer, f.fingerprint) for f in incremental] == \
        [(f.rule, f.line, f.column, f.message, f.pointer, f.fingerprint) for f in fresh]


@pytest.mark.parametrize("kind", ["json", "yaml"])
def test_every_version_of_an_edited_buffer_has_the_findings_of_a_fresh_lint(tmp_path, kind):
    path = str(tmp_path / f"tools.{kind}")
    dump = (lambda t: json.dumps(t, indent=2)) if kind == "json" else (lambda t: yaml.safe_dump(t, sort_keys=False))
    tools = _tools(60)
    project = Project(str(tmp_path))
    _same(project, path, dump(tools))
    for version in _edits(tools):
        _same(project, path, dump(version))
    _same(project, path, "\n\n" + dump(version))  # every tool moves down two lines, unchanged


@pytest.mark.skipif(not os.path.isdir(CORPUS), reason="needs the shared corpus (../shared/corpus)")
def test_edits_to_a_real_catalog_match_a_fresh_lint(tmp_path):
    with open(os.path.join(CORPUS, "bfcl", "bfcl_unique_functions.json"), encoding="utf-8") as fh:
        tools = json.load(fh)[:300]
    path = str(tmp_path / "bfcl.json")
    project = Project(str(tmp_path))
    _same(project, path, json.dumps(tools, indent=2))
    for version in _edits(tools):
        _same(project, path, json.dumps(version, indent=2))
