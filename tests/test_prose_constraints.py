"""Constraints stated only in prose (issue 17, item 3): enum-only-in-prose, default-only-in-prose and
range-only-in-prose read the phrasings real catalogs use, measured on tests/fixtures/prose_constraints.jsonl
(real descriptions from the shared corpus, each with the value a careful reader takes from it) by
benchmarks/prose_constraints.py."""
from __future__ import annotations

import importlib.util
import json
import os

import pytest

from tests.helpers import CORPUS, ROOT, lint_data

SCRIPT = os.path.join(ROOT, "benchmarks", "prose_constraints.py")
_spec = importlib.util.spec_from_file_location("prose_constraints_benchmark", SCRIPT)
benchmark = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(benchmark)

RULES = ["enum-only-in-prose", "default-only-in-prose", "range-only-in-prose"]


def _mcp(properties: dict, name: str = "probe") -> dict:
    return {"name": name, "description": "Probe the readers of prose constraints.",
            "inputSchema": {"type": "object", "properties": properties}}


def _writes(data, param: str, rule: str | None = None) -> dict:
    """keyword -> value the fixes of `rule` (or of the three rules) would set on `param`."""
    out = {}
    for finding in lint_data(data, select=[rule] if rule else RULES):
        if finding.param == param and finding.fix is not None:
            for _, pointer, value in finding.fix.document_edits:
                out[pointer.rsplit("/", 1)[-1]] = value
    return out


def test_fixture_holds_at_least_60_real_phrasings():
    rows = benchmark.read_rows()
    assert len(rows) >= 60
    assert {row["kind"] for row in rows} == {"enum", "default", "range"}
    assert sum(row["expected"] is not None for row in rows) >= 60
    for row in rows:
        assert row["source"].startswith("corpus/") and row["description"] and row["param"]


@pytest.mark.skipif(not os.path.isdir(CORPUS), reason=f"the shared corpus is not at {CORPUS}")
def test_fixture_phrasings_are_copied_from_the_corpus():
    for row in benchmark.read_rows()[::15]:
        path = os.path.join(CORPUS, row["source"][len("corpus/"):])
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        assert json.dumps(row["description"])[1:-1][:60] in text or row["description"][:60] in text, row["source"]


def test_readers_recall_and_precision_on_real_phrasings():
    result = benchmark.measure(benchmark.read_rows())
    assert result["total"]["recall"] >= 0.9, result["misses"]
    assert result["total"]["precision"] >= 0.95, result["misses"]
    for kind, stats in result["kinds"].items():
        assert stats["recall"] >= 0.85, (kind, stats)


@pytest.mark.parametrize("description, values", [
    ("send | receive | self_transfer.", ["send", "receive", "self_transfer"]),
    ("Direction: in|out", ["in", "out"]),
    ("Unit for calculation, either metric or imperial. Default is metric", ["metric", "imperial"]),
    ("Level of detail. Can be 'summary' or 'detailed'.", ["summary", "detailed"]),
    ("Must be \"asc\" or \"desc\".", ["asc", "desc"]),
    ("One of json, txt, csv, html. Defaults to json", ["json", "txt", "csv", "html"]),
    ("The possible values are male or female.", ["male", "female"]),
    ("Valid values: ``enforced``, ``report_only``, ``disabled``.", ["enforced", "report_only", "disabled"]),
    ("The mode. [Enum]: [\"on\", \"off\", \"auto\"]", ["on", "off", "auto"]),
    ("Who receives it. Valid values:\n- ``\"ALL_USERS\"`` — everyone.\n- ``\"ADMINS_ONLY\"`` — admins.",
     ["ALL_USERS", "ADMINS_ONLY"]),
    ("Which data to read.\nOptions are:\n1. get - Get details.\n2. get_diff - Get the diff.", ["get", "get_diff"]),
    ("Split criterion, either 'gini' for the Gini impurity or 'entropy' for information gain.", ["gini", "entropy"]),
    ("The gender. Possible options [male, female, other].", ["male", "female", "other"]),
    ("Distance unit. Options: 'miles', 'kilometers'.", ["miles", "kilometers"]),
])
def test_enum_phrasing_variants(description, values):
    assert _writes(_mcp({"choice": {"type": "string", "description": description}}), "choice",
                   "enum-only-in-prose") == {"enum": values}


@pytest.mark.parametrize("description", [
    "A label, e.g. 'bug' or 'docs'.",
    "The city, such as 'Noida', 'Amritsar', or 'Indore'.",
    "The path, either absolute or relative.",
    "A regex alternation like foo|bar|baz.",
    "Options include 'easy', 'medium', 'hard', etc.",
    "An optional list of severities, separated by a comma. Possible values: INFO, LOW, HIGH",
])
def test_open_lists_are_not_enums(description):
    assert _writes(_mcp({"choice": {"type": "string", "description": description}}), "choice") == {}


def test_numeric_value_list_becomes_an_integer_enum():
    data = _mcp({"ttl": {"type": "integer", "description": "Cache lifetime (s). Allowed values: 60, 300, 600"}})
    assert _writes(data, "ttl") == {"enum": [60, 300, 600]}


@pytest.mark.parametrize("description, value", [
    ("Output format (default: json)", "json"),
    ("Format of the answer. Defaults to markdown.", "markdown"),
    ("Unit. Default is metric if not specified", "metric"),
    ("Sort field, default = \"startTime\".", "startTime"),
    ("Type of gas, with 'air' as default.", "air"),
])
def test_string_default_variants(description, value):
    assert _writes(_mcp({"fmt": {"type": "string", "description": description}}), "fmt") == {"default": value}


@pytest.mark.parametrize("description", [
    "Defaults to now.", "Default is all if not specified.", "The default database to connect to.",
    "Defaults to the current user's language.", "Default to use all teams if not specified.",
])
def test_words_that_are_not_string_defaults(description):
    assert _writes(_mcp({"fmt": {"type": "string", "description": description}}), "fmt") == {}


def test_a_default_naming_another_parameter_is_never_written():
    """github/github-mcp-server, issue_dependency_write (corpus mcp/github-mcp-server): "Defaults to 'owner' when
    omitted" refers to the `owner` parameter; `fix` used to write "default": "owner"."""
    data = _mcp({
        "owner": {"type": "string", "description": "Repository owner"},
        "related_owner": {"type": "string",
                          "description": "The owner of the related issue's repository. Defaults to 'owner' when "
                                         "omitted."},
        "per_page": {"type": "integer", "description": "Results per page. Defaults to 30."},
    }, name="issue_dependency_write")
    assert _writes(data, "related_owner") == {}
    assert _writes(data, "per_page") == {"default": 30}  # a literal default beside it is still read


@pytest.mark.parametrize("kind, description, keywords", [
    ("integer", "The number of records to return per page. Maximum of 100.", {"maximum": 100}),
    ("integer", "The value must be between 1 and 100.", {"minimum": 1, "maximum": 100}),
    ("integer", "Maximum number of users to return (1-1000, default: 1000)", {"minimum": 1, "maximum": 1000}),
    ("integer", "Volume from 0 (mute) to 100 (maximum volume).", {"minimum": 0, "maximum": 100}),
    ("integer", "Page number, starting from 1.", {"minimum": 1}),
    ("integer", "Valid values are integers from `1` to `3`.", {"minimum": 1, "maximum": 3}),
    ("integer", "Results to return, at most 500.", {"maximum": 500}),
    ("integer", "Results to return, up to 100", {"maximum": 100}),
    ("string", "Commit title, max 72 characters.", {"maxLength": 72}),
    ("array", "Labels to add (at most 10).", {"maxItems": 10}),
])
def test_bound_variants_on_every_kind(kind, description, keywords):
    schema = {"type": kind, "description": description}
    if kind == "array":
        schema["items"] = {"type": "string"}
    assert _writes(_mcp({"value": schema}), "value", "range-only-in-prose") == keywords


def test_hedged_ranges_are_not_limits():
    data = _mcp({"severity": {"type": "integer",
                              "description": "Severity; values typically range from 1 (lowest) to 10 (highest)."}})
    assert _writes(data, "severity") == {}


def test_python_field_descriptions_are_read(tmp_path):
    """A Pydantic `Field(description=...)` in a FastMCP server reaches the same readers (read with ast, never
    run)."""
    source = tmp_path / "server.py"
    source.write_text(
        "from typing import Annotated\n"
        "from pydantic import Field\n"
        "from mcp.server.fastmcp import FastMCP\n"
        "mcp = FastMCP('x')\n\n"
        "@mcp.tool()\n"
        "def search(\n"
        "    query: Annotated[str, Field(description='Search text.')],\n"
        "    limit: Annotated[int, Field(description='Results to return, max 50.')] = 10,\n"
        "    fmt: Annotated[str, Field(description='Output format, one of json, csv. Defaults to json')] = None,\n"
        ") -> str:\n"
        "    \"\"\"Search the index.\"\"\"\n"
        "    return ''\n", encoding="utf-8")
    from schemalint.engine.run import Selection, lint
    from schemalint.loaders import load_paths

    findings = lint(load_paths([str(source)]), Selection(select=RULES))
    got = {(f.rule, f.param) for f in findings}
    assert ("range-only-in-prose", "limit") in got
    assert ("enum-only-in-prose", "fmt") in got
