"""`schemalint calls`: every class in every log format, with exact counts, from fixtures built by
tests/fixtures/calls/record.py (a real FastMCP server's trace, the OpenAI and Anthropic SDKs' own types)."""
from __future__ import annotations

import gzip
import io
import json
import os
import sys

import pytest

from schemalint.cli import main

HERE = os.path.join(os.path.dirname(__file__), "fixtures", "calls")
CATALOG = os.path.join(HERE, "catalog.json")
CONTRACT = os.path.join(HERE, "contract.yaml")
EXAMPLE = os.path.join(os.path.dirname(os.path.dirname(__file__)), "examples", "calls")

BASE_GROUPS = {
    ("unknown-tool", "get_invoice", None, None): 1,
    ("drift", "create_issue", "priority", "enum"): 1,
    ("drift", "list_orders", "limit", "maximum"): 1,
    ("failed", "create_issue", "title", "maxLength"): 1,
    ("failed", "list_orders", None, None): 1,
    ("model-error", "create_issue", "priority", "enum"): 1,
    ("model-error", "create_issue", "title", "required"): 1,
    ("model-error", "list_orders", "customer_id", "pattern"): 1,
    ("ok", "create_issue", None, None): 1,
    ("ok", "list_orders", None, None): 1,
}
# formats whose arguments travel as a JSON string also carry one string that does not parse
STRING_ARGUMENTS = {("model-error", "create_issue", None, "json"): 1}
FORMATS = {
    "mcp_trace.jsonl": BASE_GROUPS,
    "openai_chat.jsonl": {**BASE_GROUPS, **STRING_ARGUMENTS},
    "openai_responses.jsonl": {**BASE_GROUPS, **STRING_ARGUMENTS},
    "anthropic.jsonl": BASE_GROUPS,
    "otel_spans.json": {**BASE_GROUPS, **STRING_ARGUMENTS},
    "plain.jsonl": BASE_GROUPS,
}


def run(capsys, *argv):
    code = main(["calls", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def report(capsys, *argv):
    code, out, err = run(capsys, *argv, "--format", "json")
    return code, json.loads(out), err


def group_counts(data) -> dict:
    return {(g["class"], g["tool"], g["param"], g["keyword"]): g["count"] for g in data["groups"]}


@pytest.mark.parametrize("log", sorted(FORMATS))
def test_every_class_in_every_format(capsys, log):
    code, data, _ = report(capsys, os.path.join(HERE, log), "--tools", CATALOG, "--contract", CONTRACT)
    expected = FORMATS[log]
    assert group_counts(data) == expected
    summary = data["summary"]
    assert summary["calls"] == sum(expected.values())
    for cls in ("ok", "model-error", "drift", "unknown-tool", "failed"):
        assert summary[cls] == sum(n for key, n in expected.items() if key[0] == cls)
    assert code == 1  # drift and unknown-tool fail by default
    assert set(data) == {"version", "summary", "groups"}
    assert set(data["groups"][0]) == {"class", "tool", "param", "keyword", "count", "share", "message", "file",
                                      "line", "column", "suggestion", "examples"}


def test_drift_and_failed_point_into_the_tool_schema_with_a_suggestion(capsys):
    _, data, _ = report(capsys, os.path.join(HERE, "plain.jsonl"), "--tools", CATALOG, "--contract", CONTRACT)
    groups = {(g["class"], g["param"]): g for g in data["groups"]}
    drift = groups[("drift", "limit")]
    text = open(CATALOG).read().splitlines()
    assert drift["file"].endswith("catalog.json")
    assert '"limit"' in text[drift["line"] - 1]
    assert "maximum: 50" in drift["suggestion"] and "contract.yaml" in drift["suggestion"]
    assert drift["share"] == 0.25  # 1 of the 4 calls to list_orders
    enum = groups[("drift", "priority")]
    assert "low, medium, high" in enum["suggestion"]
    failed = groups[("failed", "title")]
    assert "maxLength: 80" in failed["suggestion"]
    assert '"title"' in text[failed["line"] - 1]


def test_values_are_redacted_unless_asked(capsys):
    log = os.path.join(HERE, "plain.jsonl")
    _, data, _ = report(capsys, log, "--tools", CATALOG)
    dumped = json.dumps(data)
    for secret in ("cus_004211", "Login page broken", "4211", "in_1001"):
        assert secret not in dumped
    assert "cus_[0-9]{6}" in dumped
    _, shown, _ = report(capsys, log, "--tools", CATALOG, "--show-values")
    assert "cus_004211" in json.dumps(shown)


def test_without_a_contract_a_rejected_value_the_schema_allows_is_drift(tmp_path, capsys):
    log = tmp_path / "log.jsonl"
    records = [
        {"tool": "create_issue", "arguments": {"title": "a", "priority": "urgent"},
         "error": "invalid value for priority"},
        {"tool": "create_issue", "arguments": {"title": "b", "priority": "high"}},
        {"tool": "create_issue", "arguments": {"title": "c"}, "error": "rate limited, retry later"},
        {"tool": "list_orders", "arguments": {"customer_id": "cus_000001"},
         "error": {"code": -32602, "message": "Invalid params"}},
    ]
    log.write_text("".join(json.dumps(r) + "\n" for r in records))
    _, data, _ = report(capsys, str(log), "--tools", CATALOG)
    assert group_counts(data) == {
        ("drift", "create_issue", "priority", "enum"): 1,
        ("ok", "create_issue", None, None): 1,
        ("failed", "create_issue", None, None): 1,
        ("drift", "list_orders", None, None): 1,
    }
    enum = next(g for g in data["groups"] if g["keyword"] == "enum")
    assert "accepted high" in enum["suggestion"] and "rejected urgent" in enum["suggestion"]


def test_bad_lines_are_reported_and_skipped(tmp_path, capsys):
    log = tmp_path / "log.jsonl"
    log.write_text('{"tool": "list_orders", "arguments": {"customer_id": "cus_000001"}}\n{oops\n\n'
                   '{"tool": "get_invoice"}\n')
    code, data, err = report(capsys, str(log), "--tools", CATALOG)
    assert f"{log}:2: not JSON" in err
    assert data["summary"]["calls"] == 2 and data["summary"]["unknown-tool"] == 1
    assert code == 1


def test_no_readable_record_is_an_input_error(tmp_path, capsys):
    log = tmp_path / "log.jsonl"
    log.write_text("not json\nnor this\n")
    code, out, err = run(capsys, str(log), "--tools", CATALOG)
    assert code == 2 and out == ""
    assert ":1: not JSON" in err and ":2: not JSON" in err and "no record could be read" in err


def test_gzip_and_stdin(tmp_path, capsys, monkeypatch):
    raw = open(os.path.join(HERE, "anthropic.jsonl"), "rb").read()
    packed = tmp_path / "log.jsonl.gz"
    packed.write_bytes(gzip.compress(raw))
    _, data, _ = report(capsys, str(packed), "--tools", CATALOG, "--contract", CONTRACT)
    assert group_counts(data) == BASE_GROUPS

    class Stdin:
        buffer = io.BufferedReader(io.BytesIO(gzip.compress(raw)))

    monkeypatch.setattr(sys, "stdin", Stdin)
    _, data, _ = report(capsys, "-", "--tools", CATALOG, "--contract", CONTRACT)
    assert group_counts(data) == BASE_GROUPS


def test_pairing_edge_cases(tmp_path, capsys):
    """A result with no call, a call with no result, a reused JSON-RPC id in a new session, a JSON-RPC error."""
    messages = [
        {"jsonrpc": "2.0", "id": 1, "result": {"content": [], "isError": True}},  # no call: a note
        {"jsonrpc": "2.0", "id": 2, "method": "tools/call",
         "params": {"name": "list_orders", "arguments": {"customer_id": "cus_000001"}}},  # never answered: ok
        {"session_id": "b", "message": {"jsonrpc": "2.0", "id": 2, "method": "tools/call",
                                        "params": {"name": "list_orders",
                                                   "arguments": {"customer_id": "cus_000002"}}}},
        {"session_id": "b", "message": {"jsonrpc": "2.0", "id": 2,
                                        "error": {"code": -32000, "message": "upstream timeout"}}},
        {"jsonrpc": "2.0", "id": 3, "method": "tools/list"},
        {"jsonrpc": "2.0", "id": 3, "result": {"tools": []}},  # answer to another method: ignored
    ]
    log = tmp_path / "trace.jsonl"
    log.write_text("".join(json.dumps(m) + "\n" for m in messages))
    code, out, err = run(capsys, str(log), "--tools", CATALOG)
    assert "1 result with no matching call" in out
    _, data, err = report(capsys, str(log), "--tools", CATALOG)
    assert group_counts(data) == {("ok", "list_orders", None, None): 1, ("failed", "list_orders", None, None): 1}
    assert "schemalint: note: 1 result with no matching call" in err  # JSON has no place for notes


def test_missing_and_non_object_arguments(tmp_path, capsys):
    records = [{"tool": "list_orders"}, {"tool": "list_orders", "arguments": "[1, 2]"},
               {"tool": "create_issue", "arguments": None}]
    log = tmp_path / "log.jsonl"
    log.write_text("".join(json.dumps(r) + "\n" for r in records))
    _, data, _ = report(capsys, str(log), "--tools", CATALOG)
    assert group_counts(data) == {("model-error", "list_orders", "customer_id", "required"): 1,
                                  ("model-error", "list_orders", None, "type"): 1,
                                  ("model-error", "create_issue", "title", "required"): 1}


@pytest.mark.parametrize("fail_on,expected", [("never", 0), ("unknown-tool", 1), ("model-error", 1)])
def test_fail_on(capsys, fail_on, expected):
    code, _, _ = run(capsys, os.path.join(HERE, "plain.jsonl"), "--tools", CATALOG, "--fail-on", fail_on)
    assert code == expected


def test_ok_calls_exit_zero(tmp_path, capsys):
    log = tmp_path / "log.jsonl"
    log.write_text(json.dumps({"tool": "list_orders", "arguments": {"customer_id": "cus_000001"}}) + "\n")
    code, out, _ = run(capsys, str(log), "--tools", CATALOG)
    assert code == 0 and "1 calls: 1 ok" in out


@pytest.mark.parametrize("fmt", ["text", "markdown", "sarif", "github"])
def test_formats_put_drift_and_failed_on_the_schema_line(capsys, fmt):
    code, out, _ = run(capsys, os.path.join(EXAMPLE, "calls.log"), "--tools", os.path.join(EXAMPLE, "tools.json"),
                       "--contract", os.path.join(EXAMPLE, "openapi.yaml"), "--format", fmt)
    assert code == 1
    if fmt == "sarif":
        from .test_reporters import assert_valid_sarif

        assert_valid_sarif(json.loads(out))
        results = json.loads(out)["runs"][0]["results"]
        assert sorted(r["ruleId"] for r in results) == ["calls-drift", "calls-drift", "calls-failed", "calls-failed"]
        assert all(r["locations"][0]["physicalLocation"]["region"]["startLine"] > 1 for r in results)
    elif fmt == "github":
        assert out.count("::error file=") == 2 and out.count("::warning file=") == 2
    else:
        assert "list_orders" in out and "drift" in out


def test_missing_log_is_a_one_line_error(capsys):
    code, out, err = run(capsys, "/nonexistent/log.jsonl", "--tools", CATALOG)
    assert code == 2 and err.count("\n") == 1 and "cannot read the log" in err


def test_diff_marks_how_many_recorded_calls_a_breaking_change_touches(tmp_path, capsys):
    head = json.load(open(os.path.join(EXAMPLE, "tools.json")))
    head["tools"][0]["function"]["parameters"]["properties"]["priority"]["enum"] = ["low", "medium", "high"]
    head["tools"][1]["function"]["parameters"]["properties"]["limit"]["maximum"] = 50
    head["tools"][1]["function"]["parameters"]["required"].append("limit")
    head_path = tmp_path / "head.json"
    head_path.write_text(json.dumps(head, indent=2))
    code = main(["diff", os.path.join(EXAMPLE, "tools.json"), str(head_path), "--calls",
                 os.path.join(EXAMPLE, "calls.log"), "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 1 and "calls.log:11: not JSON" in err
    touched = {c["change"]: (c["calls"], c["calls_to_tool"]) for c in json.loads(out)["changes"]}
    # "urgent" was sent once ("critical" was never valid); two calls left limit out; one sent 100 > 50
    assert touched == {"enum-value-removed": (1, 5), "param-now-required": (2, 4), "bound-tightened": (1, 4)}
    main(["diff", os.path.join(EXAMPLE, "tools.json"), str(head_path), "--calls", os.path.join(EXAMPLE, "calls.log")])
    assert "(1 of 5 recorded calls)" in capsys.readouterr().out


def _write(tmp_path, name, records) -> str:
    path = tmp_path / name
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return str(path)


def test_a_parameter_the_schema_never_mentions_is_a_model_error(tmp_path, capsys):
    """JSON Schema lets unknown properties through unless told otherwise; a model that sends one invented it."""
    catalog = _write(tmp_path, "tools.jsonl", [{"name": "search", "description": "Search the docs.",
                                                "input_schema": {"type": "object",
                                                                 "properties": {"query": {"type": "string"}}}}])
    log = _write(tmp_path, "log.jsonl", [{"tool": "search", "arguments": {"query": "x", "max_results": 5}},
                                         {"tool": "search", "arguments": {"query": "y"}}])
    _, data, _ = report(capsys, log, "--tools", catalog)
    assert group_counts(data) == {("model-error", "search", "max_results", "additionalProperties"): 1,
                                  ("ok", "search", None, None): 1}


def test_console_exporter_spans_and_openinference_tool_spans(tmp_path, capsys):
    spans = [
        {"name": "execute_tool list_orders", "context": {"trace_id": "0x1", "span_id": "0x2"},
         "attributes": {"gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "list_orders",
                        "gen_ai.tool.call.arguments": "{\"customer_id\": \"cus_000001\"}"},
         "status": {"status_code": "ERROR", "description": "customer has been deleted"}},
        {"name": "list_orders", "context": {"trace_id": "0x1", "span_id": "0x3"},
         "attributes": {"openinference.span.kind": "TOOL", "tool.name": "list_orders",
                        "tool.parameters": "{\"customer_id\": \"42\"}"}, "status": {"status_code": "OK"}},
        {"name": "execute_tool create_issue", "context": {"trace_id": "0x1", "span_id": "0x4"},
         "attributes": {"gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "create_issue"},
         "status": {"status_code": "UNSET"}},  # arguments not recorded (opt-in): judged on its outcome only
        {"name": "chat gpt-4o", "context": {"trace_id": "0x1", "span_id": "0x5"},
         "attributes": {"gen_ai.operation.name": "chat"}},
    ]
    _, data, _ = report(capsys, _write(tmp_path, "spans.jsonl", spans), "--tools", CATALOG)
    assert group_counts(data) == {("failed", "list_orders", None, None): 1,
                                  ("model-error", "list_orders", "customer_id", "pattern"): 1,
                                  ("ok", "create_issue", None, None): 1}


def test_json_rpc_answers_logged_without_the_jsonrpc_member(tmp_path, capsys):
    records = [{"type": "request", "id": 7, "method": "tools/call",
                "params": {"name": "list_orders", "arguments": {"customer_id": "cus_000001"}}},
               {"id": 7, "result": {"content": [{"type": "text", "text": "upstream down"}], "isError": True}}]
    _, data, _ = report(capsys, _write(tmp_path, "trace.jsonl", records), "--tools", CATALOG)
    assert group_counts(data) == {("failed", "list_orders", None, None): 1}


_KEYS = ["tool", "name", "arguments", "input", "error", "id", "jsonrpc", "method", "params", "result", "isError",
         "role", "tool_calls", "function", "content", "type", "tool_use_id", "is_error", "call_id", "output",
         "choices", "message", "messages", "attributes", "status", "resourceSpans", "scopeSpans", "spans", "context"]


def test_hostile_records_never_crash(tmp_path_factory):
    """Any JSON shape built from the keys the readers look for: a report or a one-line error, never a traceback."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    leaves = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70), st.floats(allow_nan=False, allow_infinity=False),
                       st.sampled_from(["tools/call", "create_issue", "list_orders", "tool_use", "tool_result",
                                        "function_call", "function_call_output", "assistant", "tool", "{", "{}",
                                        "execute_tool", "Error: x"]))
    values = st.recursive(leaves, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                          st.dictionaries(st.sampled_from(_KEYS), inner,
                                                                          max_size=6)), max_leaves=25)

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(values, min_size=1, max_size=6))
    def check(records):
        folder = tmp_path_factory.mktemp("hostile")
        log = folder / "log.jsonl"
        log.write_text("".join(json.dumps(r) + "\n" for r in records))
        code = main(["calls", str(log), "--tools", CATALOG, "--format", "json", "-o", str(folder / "out.json")])
        assert code in (0, 1)

    check()


def test_a_name_listed_twice_accepts_what_either_definition_accepts(tmp_path, capsys):
    def tool(props):
        return {"name": "search", "description": "Search.", "input_schema": {"type": "object", "properties": props}}

    catalog = _write(tmp_path, "tools.jsonl", [tool({"query": {"type": "string"}}),
                                               tool({"q": {"type": "string"}, "page": {"type": "integer"}})])
    log = _write(tmp_path, "log.jsonl", [{"tool": "search", "arguments": {"query": "a"}},
                                         {"tool": "search", "arguments": {"q": "a", "page": 2}},
                                         {"tool": "search", "arguments": {"q": "a", "page": "2"}}])
    _, data, _ = report(capsys, log, "--tools", catalog)
    assert group_counts(data) == {("ok", "search", None, None): 2,
                                  ("model-error", "search", "page", "type"): 1}  # the closer definition


def test_model_errors_on_one_parameter_name_the_rule_that_would_help(tmp_path, capsys):
    catalog = _write(tmp_path, "tools.jsonl", [{"name": "get_weather", "description": "Weather for a city.",
                                                "input_schema": {"type": "object", "required": ["city"],
                                                                 "properties": {"city": {"type": "string"}}}}])
    log = _write(tmp_path, "log.jsonl", [{"tool": "get_weather", "arguments": {}},
                                         {"tool": "get_weather", "arguments": {"city": "Oslo"}}])
    _, data, _ = report(capsys, log, "--tools", catalog)
    (group,) = [g for g in data["groups"] if g["class"] == "model-error"]
    assert group["suggestion"].startswith("param-description-missing: ")


def test_progress_line_only_when_asked(monkeypatch):
    from schemalint.calls import run as calls_run
    from schemalint.calls.classify import Classifier
    from schemalint.config import load_config

    catalog, _ = calls_run.load_catalog([CATALOG], [], load_config(None))
    monkeypatch.setattr(calls_run, "PROGRESS_EVERY", 0.0)
    stream = io.StringIO()
    log = os.path.join(HERE, "plain.jsonl")
    reading = calls_run.read_calls([log] * 120, Classifier(catalog.tools), progress=stream)
    assert sum(reading.tally.summary.values()) == 1200
    assert "\rcalls: " in stream.getvalue() and stream.getvalue().endswith("\r\033[K")
    assert calls_run.progress_stream() is None  # pytest's stderr is not a terminal


@pytest.mark.parametrize("error,expected", [
    ("Invalid customer_id", ("drift", "customer_id", "pattern")),  # the pattern the tool states is wrong
    ("invalid value for customer_id", ("drift", "customer_id", "pattern")),
    ("customer_id not found", ("failed", "customer_id", None)),
    ("limit: Input should be less than or equal to 50", ("drift", "limit", "maximum")),
    ("String should have at most 10 characters: customer_id", ("failed", "customer_id", "maxLength")),
    ("Internal Server Error", ("failed", None, None)),
    ("400 Bad Request", ("drift", None, None)),
])
def test_error_texts_without_a_contract(tmp_path, capsys, error, expected):
    log = _write(tmp_path, "log.jsonl", [{"tool": "list_orders", "arguments": {"customer_id": "cus_000001",
                                                                               "limit": 20}, "error": error}])
    _, data, _ = report(capsys, log, "--tools", CATALOG)
    assert group_counts(data) == {(expected[0], "list_orders", expected[1], expected[2]): 1}


def test_stream_deltas_are_not_calls_and_anthropic_mcp_blocks_are(tmp_path, capsys):
    records = [
        {"object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {"tool_calls": [
            {"index": 0, "id": "call_x", "type": "function", "function": {"name": "list_orders",
                                                                        "arguments": "{\"custo"}}]}}]},
        {"type": "message", "role": "assistant", "content": [
            {"type": "mcp_tool_use", "id": "mcptoolu_1", "name": "list_orders", "server_name": "shop",
             "input": {"customer_id": "cus_000001"}}]},
        {"role": "user", "content": [{"type": "mcp_tool_result", "tool_use_id": "mcptoolu_1", "is_error": True,
                                      "content": [{"type": "text", "text": "upstream timeout"}]}]},
    ]
    _, data, _ = report(capsys, _write(tmp_path, "log.jsonl", records), "--tools", CATALOG)
    assert group_counts(data) == {("failed", "list_orders", None, None): 1}


def test_error_texts_are_redacted_of_the_values_sent(tmp_path, capsys):
    log = _write(tmp_path, "log.jsonl", [{"tool": "list_orders", "arguments": {"customer_id": "cus_004211"},
                                          "error": "customer cus_004211 (account 99887766) was closed"}])
    _, data, _ = report(capsys, log, "--tools", CATALOG)
    dumped = json.dumps(data)
    assert "cus_004211" not in dumped and "99887766" not in dumped
    assert "customer cus_[0-9]{6} (account [0-9]{8}) was closed" in dumped


def test_real_contract_pair_notion(tmp_path, capsys):
    """The Notion catalog generated from its May 2025 OpenAPI, against today's contract: the search filter value
    `database` became `data_source`, so a call the tool schema allows is drift; `page` is fine."""
    from .helpers import CORPUS

    contract = os.path.join(CORPUS, "openapi", "notion-mcp-server", "notion-openapi.json")
    if not os.path.exists(contract):
        pytest.skip(f"corpus not found: {contract}")
    catalog = os.path.join(os.path.dirname(__file__), "fixtures", "drift", "real_pairs", "notion-0181647-tools.json")
    log = _write(tmp_path, "log.jsonl", [
        {"tool": "search_by_title", "arguments": {"query": "roadmap",
                                                  "filter": {"property": "object", "value": "database"}}},
        {"tool": "search_by_title", "arguments": {"query": "roadmap", "filter": {"property": "object",
                                                                                "value": "page"}}}])
    _, data, _ = report(capsys, log, "--tools", catalog, "--contract", contract)
    assert group_counts(data) == {("drift", "search_by_title", "filter.value", "enum"): 1,
                                  ("ok", "search_by_title", None, None): 1}
    (drift,) = [g for g in data["groups"] if g["class"] == "drift"]
    assert "page, data_source" in drift["suggestion"]


def test_pretty_printed_values_one_after_another(tmp_path, capsys):
    """`jq .` output: JSON values, each over several lines, back to back; a broken one ends the read there."""
    records = [{"tool": "list_orders", "arguments": {"customer_id": "cus_000001"}}, {"tool": "get_invoice"}]
    text = "".join(json.dumps(r, indent=2) + "\n" for r in records) + '{\n  "tool": "list_'
    log = tmp_path / "log.json"
    log.write_text(text)
    _, data, err = report(capsys, str(log), "--tools", CATALOG)
    assert data["summary"]["calls"] == 2 and data["summary"]["unknown-tool"] == 1
    assert f"{log}:11: not JSON" in err


def test_a_schema_the_validator_cannot_build_is_named(tmp_path, capsys):
    catalog = _write(tmp_path, "tools.jsonl", [{"name": "t", "description": "x", "input_schema": {
        "type": "object", "properties": {"a": {"type": "strin"}}}}])
    log = _write(tmp_path, "log.jsonl", [{"tool": "t", "arguments": {"a": 1}}])
    code, out, _ = run(capsys, log, "--tools", catalog)
    assert code == 0 and "1 tool schema is not valid JSON Schema" in out and "'t'" in out


def test_a_log_that_is_one_json_array_is_read_item_by_item(tmp_path, capsys):
    """An exported list of calls (pretty-printed, one array): every item a record; a break ends the read there and
    keeps the items before it."""
    records = [{"tool": "list_orders", "arguments": {"customer_id": "cus_000001"}}, {"tool": "get_invoice"},
               {"tool": "no_such_tool", "arguments": {}}]
    log = tmp_path / "log.json"
    log.write_text(json.dumps(records, indent=2)[:-2] + ',\n  {"tool": "list_')
    _, data, err = report(capsys, str(log), "--tools", CATALOG)
    assert data["summary"]["calls"] == 3 and data["summary"]["unknown-tool"] == 2
    assert f"{log}#3: not JSON" in err


class _CountingStream(io.RawIOBase):
    """A JSON array of `count` records, produced as it is read, counting the bytes handed out."""

    def __init__(self, count: int):
        self.chunks = iter([b"[\n"] + [json.dumps({"tool": "t", "arguments": {"i": i}}).encode() + b",\n"
                                       for i in range(count - 1)] + [b'{"tool": "t"}\n]\n'])
        self.given = 0
        self.pending = b""

    def readable(self):
        return True

    def readinto(self, buffer):
        while not self.pending:
            self.pending = next(self.chunks, b"")
            if not self.pending:
                return 0
        n = min(len(buffer), len(self.pending))
        buffer[:n], self.pending = self.pending[:n], self.pending[n:]
        self.given += n
        return n


def test_an_array_log_is_not_read_whole_before_its_first_record():
    from schemalint.calls import stream

    source = _CountingStream(200_000)  # about 7 MB
    records = stream._records(io.BufferedReader(source), "log.json", stream.ReadStats())
    where, first = next(records)
    assert (where, first) == ("log.json#0", {"tool": "t", "arguments": {"i": 0}})
    assert source.given < 1_000_000, "the first record came only after most of the log was read"
    assert sum(1 for _ in records) == 199_999
