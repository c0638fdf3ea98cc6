"""`schemalint fix`: diffs, atomic and idempotent writes, bytes outside edited nodes untouched."""
from __future__ import annotations

import json
import os

import pytest

from schemalint.commands import fix as fix_command
from schemalint.fix import json_text
from schemalint.fix.yaml_text import YamlEditor
from tests.helpers import run_cli

BURIED_JSON = """{
  "tools": [
    {
      "name": "search",
      "description": "Search users by name.",
      "x-owner": "team-growth",
      "inputSchema": {
        "type": "object",
        "properties": {
          "query": {"type": "string"},
          "limit": {"type": "integer", "minimum": 1},
          "cursor": {"type": "string"},
          "tenant_id": {"type": "string"}
        },
        "required": ["query", "tenant_id"]
      }
    }
  ]
}
"""

BURIED_YAML = """# tools served by the users service
tools:
  - name: search
    description: Search users by name.  # keep this comment
    inputSchema:
      type: object
      properties:
        query: {type: string}
        limit:
          type: integer   # page size
        cursor: {type: string}
        tenant_id: {type: string}
      required: [query, tenant_id]
"""


def _findings(cwd, name):
    out = run_cli("check", name, "--format", "json", "--select", "ordering", "--fail-on", "never", cwd=cwd)
    return json.loads(out.stdout)["findings"]


@pytest.mark.parametrize("name,text", [("tools.json", BURIED_JSON), ("tools.yaml", BURIED_YAML)])
def test_fix_write_is_idempotent_and_lowers_findings(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    before = _findings(tmp_path, name)
    assert before
    diff = run_cli("fix", name, "--select", "ordering", cwd=tmp_path)
    assert diff.returncode == 0 and diff.stdout.startswith(f"--- a/{name}")
    assert path.read_text() == text  # a diff alone writes nothing
    first = run_cli("fix", name, "--select", "ordering", "--write", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    fixed = path.read_text()
    assert fixed != text
    assert len(_findings(tmp_path, name)) < len(before)
    second = run_cli("fix", name, "--select", "ordering", "--write", cwd=tmp_path)
    assert second.returncode == 0 and path.read_text() == fixed
    assert "fixed 0 findings" in second.stderr


def test_json_fix_changes_only_the_edited_node(tmp_path):
    path = tmp_path / "tools.json"
    path.write_text(BURIED_JSON)
    run_cli("fix", "tools.json", "--select", "ordering", "--write", cwd=tmp_path)
    fixed = path.read_text()

    def split_block(text):
        start = text.index('"properties": {') + len('"properties": {')
        end = text.index("\n        },", start)
        return text[:start], text[start:end], text[end:]

    head, block, tail = split_block(fixed)
    old_head, old_block, old_tail = split_block(BURIED_JSON)
    assert head == old_head and tail == old_tail
    # each member kept its own text; only separators moved with the order
    assert sorted(line.rstrip(",") for line in block.splitlines()) == \
        sorted(line.rstrip(",") for line in old_block.splitlines())
    order = list(json.loads(fixed)["tools"][0]["inputSchema"]["properties"])
    assert order == ["query", "tenant_id", "limit", "cursor"]
    assert json.loads(fixed)["tools"][0]["x-owner"] == "team-growth"  # unknown keys kept


def test_yaml_fix_keeps_comments_and_flow_style(tmp_path):
    path = tmp_path / "tools.yaml"
    path.write_text(BURIED_YAML)
    run_cli("fix", "tools.yaml", "--select", "ordering", "--write", cwd=tmp_path)
    fixed = path.read_text()
    assert "# tools served by the users service" in fixed
    assert "# keep this comment" in fixed and "# page size" in fixed
    assert "required: [query, tenant_id]" in fixed
    assert fixed.index("tenant_id: {type: string}") < fixed.index("limit:")


def test_interrupted_write_leaves_the_original(tmp_path, monkeypatch):
    path = tmp_path / "tools.json"
    path.write_text(BURIED_JSON)

    def crash(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        fix_command.write_atomic(str(path), "{}")
    assert path.read_text() == BURIED_JSON
    assert os.listdir(tmp_path) == ["tools.json"]  # no temporary file left behind


def test_unparseable_file_is_never_written(tmp_path):
    path = tmp_path / "tools.json"
    path.write_text('{"tools": [}')
    result = run_cli("fix", "tools.json", "--write", cwd=tmp_path)
    assert result.returncode == 2 and "tools.json:1:" in result.stderr
    assert path.read_text() == '{"tools": [}'


def test_jsonl_fix_edits_one_line(tmp_path):
    line = json.loads(json.dumps({"function": [json.loads(BURIED_JSON)["tools"][0]]}))
    other = '{"id": 1, "note": "untouched"}'
    path = tmp_path / "cases.jsonl"
    path.write_text(other + "\n" + json.dumps(line) + "\n")
    run_cli("fix", "cases.jsonl", "--select", "ordering", "--write", cwd=tmp_path)
    lines = path.read_text().split("\n")
    assert lines[0] == other
    assert list(json.loads(lines[1])["function"][0]["inputSchema"]["properties"])[:2] == ["query", "tenant_id"]


@pytest.mark.parametrize("op,pointer,value,expected", [
    ("set", "/a/b", 2, '{"a": {"b": 2, "c": [1]}}'),
    ("set", "/a/d", "x", '{"a": {"b": 1, "c": [1], "d": "x"}}'),
    ("remove", "/a/b", None, '{"a": {"c": [1]}}'),
    ("remove", "/a/c", None, '{"a": {"b": 1}}'),
    ("reorder", "/a", ["c", "b"], '{"a": {"c": [1], "b": 1}}'),
])
def test_json_text_edits(op, pointer, value, expected):
    text = '{"a": {"b": 1, "c": [1]}}'
    if op == "set":
        assert json_text.set_value(text, pointer, value) == expected
    elif op == "remove":
        assert json_text.remove(text, pointer) == expected
    else:
        assert json_text.reorder(text, pointer, value) == expected


def test_yaml_editor_round_trips_unchanged_text():
    assert YamlEditor(BURIED_YAML).text() == BURIED_YAML


PYTHON_TOOL = '''from mcp.server.fastmcp import FastMCP

mcp = FastMCP("users")


@mcp.tool()
def search(query: str, limit: float = 20) -> list:
    """Search users by name.

    Args:
        query: Words to look for in user names.
        limit: Number of users to return.
    """
    return []
'''


PROSE_JSON = """{
  "tools": [
    {
      "name": "list_issues",
      "description": "List issues. Use this to browse one repository.",
      "inputSchema": {
        "type": "object",
        "properties": {
          "state": {
            "type": "string",
            "description": "Issue state, one of: open, closed, all. Default: open"
          }
        }
      }
    }
  ]
}
"""


@pytest.mark.parametrize("name,text,select", [
    ("tools.json", BURIED_JSON, "ordering"),
    ("tools.json", PROSE_JSON, "enum-only-in-prose,default-only-in-prose"),  # inserts new lines
    ("tools.yaml", BURIED_YAML, "ordering"),
    ("tools.py", PYTHON_TOOL, "count-typed-as-number"),
])
def test_fix_keeps_byte_order_mark_and_line_endings(tmp_path, name, text, select):
    path = tmp_path / name
    original = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    path.write_bytes(original)
    first = run_cli("fix", name, "--select", select, "--write", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    fixed = path.read_bytes()
    assert fixed != original, first.stderr
    assert fixed.startswith(b"\xef\xbb\xbf") and not fixed.startswith(b"\xef\xbb\xbf" * 2)
    assert fixed.count(b"\n") == fixed.count(b"\r\n")  # every line ending still CRLF
    second = run_cli("fix", name, "--select", select, "--write", cwd=tmp_path)
    assert second.returncode == 0 and path.read_bytes() == fixed


def test_yaml_with_duplicate_keys_is_left_as_written_and_the_skip_explained(tmp_path):
    text = ("tools:\n  - name: search\n    description: Search users by name.\n    inputSchema:\n"
            "      type: dict\n      properties: {q: {type: string}}\n      properties: {q: {type: string}}\n")
    path = tmp_path / "tools.yaml"
    path.write_text(text)
    result = run_cli("fix", "tools.yaml", "--select", "non-json-schema-type", "--write", cwd=tmp_path)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert path.read_text() == text
    assert "non-json-schema-type not applied: the YAML cannot be edited in place (found duplicate key" in result.stderr
