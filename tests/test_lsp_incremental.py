"""The language server re-lints only the tools an edit changed (engine/relint.py); what it reports after every
edit must be exactly what a fresh lint of the same text reports."""
from __future__ import annotations

import argparse
import json
import os

import pytest
import yaml

from schemalint.commands.check import build_selection
from schemalint.config import Config
from schemalint.engine.run import lint
from schemalint.loaders import load_paths
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
    """The buffer's findings are those of one lint of the same text from disk, as `check` reads it."""
    incremental = buffer.lint_buffer(path, text, {}).findings
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    args = argparse.Namespace(select=[], ignore=[], provider=[], contract=[], lock=None)
    fresh = lint(load_paths([path]), build_selection(args, Config()))
    assert incremental, "the catalog should have findings"
    assert sorted((f.line, f.column, f.rule, f.message, f.pointer) for f in incremental) == \
        sorted((f.line, f.column, f.rule, f.message, f.pointer) for f in fresh)


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


def _docker(b_description: str, a_optional: bool = False) -> str:
    tags = {"name": "tags", "type": "array", "desc": "The tags to set on the record.", "items": {"type": "string"}}
    if a_optional:
        tags["optional"] = True
    return json.dumps({"tools": [
        {"name": "set_tags", "description": "Set the tags of one record in the workspace by its id.",
         "arguments": [tags]},
        {"name": "add_labels", "description": b_description,
         "arguments": [{"name": "labels", "type": "array", "desc": "The labels to add to the record."},
                       {"name": "record", "type": "string", "desc": "The record id to label."}]},
    ]}, indent=2)


def test_a_docker_catalog_whose_tools_depend_on_their_siblings_matches_a_fresh_lint(tmp_path):
    """In a Docker catalog one tool's findings follow from the others: whether the file records array items at all,
    and whether it records `optional` (the loader's `required`)."""
    path = str(tmp_path / "tools.json")
    project = Project(str(tmp_path))
    _same(project, path, _docker("Add labels to one record in the workspace by its id."))
    _same(project, path, _docker("Add some labels to one record in the workspace, found by its id."))
    _same(project, path, _docker("Add some labels to one record in the workspace, found by its id.", a_optional=True))


def test_tools_inside_a_json_string_are_reported_once(tmp_path):
    tools = [{"name": "get_x", "description": "Get.", "parameters": {"type": "object",
                                                                    "properties": {"id": {"type": "string"}}}},
             {"name": "list_y", "description": "List.", "parameters": {"type": "object",
                                                                      "properties": {"n": {"type": "integer"}}}}]
    path = str(tmp_path / "tools.json")
    text = json.dumps({"tools": json.dumps(tools)}, indent=2)  # both tools share the pointer /tools
    project = Project(str(tmp_path))
    _same(project, path, text)
    _same(project, path, text + "\n")
