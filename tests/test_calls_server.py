"""`schemalint calls --server`: the catalog the calls are judged against is what a real MCP server lists (the
low-level SDK server over stdio, started and stopped by schemalint), as SPEC.md's `calls` synopsis allows."""
from __future__ import annotations

import json

import pytest

from tests.helpers import run_cli
from tests.live_servers.harness import LOWLEVEL, command, write_tools

pytest.importorskip("mcp")

TOOLS = [{"name": "get_record", "description": "Get one record by its id.",
          "inputSchema": {"type": "object", "properties": {"record_id": {"type": "string", "maxLength": 8}},
                          "required": ["record_id"]}}]
CALLS = [
    {"tool": "get_record", "arguments": {"record_id": "r1"}},
    {"tool": "get_record", "arguments": {"record_id": "much-too-long-an-id"}},
    {"tool": "get_records", "arguments": {}},
]


def test_calls_are_judged_against_what_the_server_lists(tmp_path):
    server = command(LOWLEVEL, write_tools(tmp_path / "tools.json", TOOLS))
    log = tmp_path / "calls.jsonl"
    log.write_text("".join(json.dumps(c) + "\n" for c in CALLS))
    result = run_cli("calls", str(log), "--server", server, "--format", "json", "--fail-on", "never", timeout=120)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["summary"]["calls"] == 3
    assert (report["summary"]["ok"], report["summary"]["model-error"], report["summary"]["unknown-tool"]) == (1, 1, 1)
    model_error = next(g for g in report["groups"] if g["class"] == "model-error")
    assert (model_error["tool"], model_error["param"], model_error["keyword"]) == ("get_record", "record_id",
                                                                                    "maxLength")
    assert model_error["file"] == f"mcp:{server}"


def test_a_server_that_fails_is_one_line_and_exit_2(tmp_path):
    log = tmp_path / "calls.jsonl"
    log.write_text(json.dumps(CALLS[0]) + "\n")
    result = run_cli("calls", str(log), "--server", "schemalint-no-such-server-cmd", timeout=120)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "schemalint-no-such-server-cmd" in result.stderr


def test_neither_tools_nor_server_is_a_usage_error(tmp_path):
    log = tmp_path / "calls.jsonl"
    log.write_text(json.dumps(CALLS[0]) + "\n")
    result = run_cli("calls", str(log))
    assert result.returncode == 2
    assert "--tools" in result.stderr and "--server" in result.stderr
