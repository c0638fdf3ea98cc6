"""examples rules: edge cases, fixes, and positions in JSON, JSONL and YAML input."""
from __future__ import annotations

import json
import os

import pytest

from schemalint.rules.examples import concrete_identifier, is_placeholder, is_tuning_name, pii_kind, secret_kind
from tests.helpers import CORPUS, lint_data

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures", "examples")


def read_fixture(name: str) -> str:
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as handle:
        return handle.read()


def findings(data=None, rules=("examples",), path="tools.json", text=None, **selection):
    return lint_data(data, select=list(rules), path=path, text=text, **selection)


def text_at(text: str, line: int, column: int) -> str:
    return text.splitlines()[line - 1][column - 1:]


def tool(props, required=(), **extra):
    schema = {"type": "object", "properties": props}
    if required:
        schema["required"] = list(required)
    return {"name": "tool_a", "description": "Does a thing.", "input_schema": schema, **extra}


def rules_of(found):
    return sorted(f.rule for f in found)


# --- example-violates-schema -------------------------------------------------------------------------

@pytest.mark.parametrize("prop,needle", [
    ({"type": "string", "enum": ["a", "b"], "example": "c"}, "enum"),
    ({"type": "string", "pattern": "^[0-9]{5}$", "examples": ["1234"]}, "pattern"),
    ({"type": "integer", "exclusiveMinimum": 0, "example": 0}, "exclusive minimum"),
    ({"type": "string", "maxLength": 3, "example": "abcd"}, "maxLength"),
    ({"type": "string", "format": "date-time", "example": "2024-13-01T00:00:00Z"}, "date-time"),
    ({"type": "string", "format": "email", "example": "not-an-email"}, "email"),
    ({"type": "array", "items": {"type": "integer"}, "example": [1, "2"]}, "[1]"),
    ({"type": "array", "maxItems": 1, "example": [1, 2]}, "maxItems"),
    ({"type": "number", "multipleOf": 0.5, "example": 0.3}, "multiple"),
])
def test_example_violations(prop, needle):
    [f] = findings(tool({"p": prop}), ["example-violates-schema"])
    assert needle in f.message and f.param == "p"


def test_valid_examples_with_refs_and_branches():
    schema = {"type": "object", "$defs": {"code": {"type": "string", "pattern": "^[A-Z]{3}$"}},
              "properties": {"currency": {"$ref": "#/$defs/code", "example": "EUR"},
                             "amount": {"anyOf": [{"type": "number"}, {"type": "string", "pattern": "^\\d+$"}],
                                        "examples": [10.5, "10"]}}}
    assert not findings({"name": "pay", "description": "Pay.", "input_schema": schema}, ["example-violates-schema"])
    schema["properties"]["currency"]["example"] = "euro"
    [f] = findings({"name": "pay", "description": "Pay.", "input_schema": schema}, ["example-violates-schema"])
    assert f.param == "currency" and "pattern" in f.message


def test_default_type_is_left_to_value_type_mismatch():
    data = tool({"n": {"type": "integer", "minimum": 1, "default": "ten"}})
    assert rules_of(findings(data, ["example-violates-schema", "value-type-mismatch"])) == ["value-type-mismatch"]
    bounded = tool({"n": {"type": "integer", "minimum": 1, "default": 0}})
    [f] = findings(bounded, ["example-violates-schema"])
    assert "minimum" in f.message


def test_nested_nulls_in_defaults_are_not_violations():
    data = tool({"params": {"type": "object", "properties": {"end": {"type": "string"}}, "default": {"end": None}}})
    assert not findings(data, ["example-violates-schema"])


def test_input_examples_are_validated_against_the_whole_schema_with_positions():
    data = tool({"city": {"type": "string"}, "days": {"type": "integer", "maximum": 14}}, required=["city"],
                input_examples=[{"city": "Paris", "days": 3}, {"days": 30}])
    text = json.dumps(data, indent=2)
    found = findings(None, ["example-violates-schema"], text=text)
    assert sorted(f.pointer for f in found) == ["/input_examples/1", "/input_examples/1/days"]
    days = next(f for f in found if f.param == "days")
    assert "maximum" in days.message and text_at(text, days.line, days.column).startswith('"days": 30')


def test_toolbench_example_values_in_json():
    text = read_fixture("toolbench_excerpt.json")
    found = [f for f in findings(None, ["example-violates-schema"], text=text)]
    page = next(f for f in found if f.tool == "getnews_for_diablo4_smartable")
    assert page.param == "page" and "not an integer" in page.message
    assert text_at(text, page.line, page.column).startswith('"example_value": "1"')


def test_seal_tools_examples_in_jsonl():
    text = read_fixture("seal_tools_excerpt.jsonl")
    found = findings(None, ["example-violates-schema"], path="seal.jsonl", text=text)
    lines = text.splitlines()
    assert {f.line for f in found} == {1, 2, 3}
    for f in found:
        assert json.loads(lines[f.line - 1])["api_name"] == f.tool
        assert text_at(text, f.line, f.column).startswith('"example"')


# --- default-not-in-enum -----------------------------------------------------------------------------

def test_default_outside_enum_and_case_fix():
    found = findings(tool({"a": {"type": "string", "enum": ["x", "y"], "default": "z"},
                           "b": {"type": "string", "enum": ["Fast", "Slow"], "default": "fast"},
                           "c": {"type": "string", "enum": ["x"], "default": None}}), ["default-not-in-enum"])
    by_param = {f.param: f for f in found}
    assert set(by_param) == {"a", "b"}
    assert not by_param["a"].fixable
    assert by_param["b"].fix.edits[0].value == "Fast"


def test_broken_enum_is_left_to_value_type_mismatch():
    data = tool({"n": {"type": "integer", "enum": ["1", "2"], "default": 3}})
    assert rules_of(findings(data, ["default-not-in-enum", "value-type-mismatch"])) == ["value-type-mismatch"]


def test_default_not_in_enum_yaml_position():
    text = (
        "- name: find_movies\n"
        "  description: Find movies.\n"
        "  input_schema:\n"
        "    type: object\n"
        "    properties:\n"
        "      show_type:\n"
        "        type: string\n"
        "        enum: [regular, 3d, imax]\n"
        "        default: dontcare\n"
    )
    [f] = findings(None, ["default-not-in-enum"], path="movies.yaml", text=text)
    assert (f.line, f.column) == (9, 9) and f.param == "show_type"


# --- required-param-has-default ----------------------------------------------------------------------

def test_required_default_fix_makes_it_optional_and_strict_tools_are_skipped():
    data = tool({"city": {"type": "string"}, "units": {"type": "string", "default": "metric"}},
                required=["city", "units"])
    [f] = findings(data, ["required-param-has-default"])
    assert f.param == "units" and f.fix.unsafe
    assert f.fix.edits[0].path == ("required",) and f.fix.edits[0].value == ["city"]
    strict = {"type": "function", "function": {"name": "t", "strict": True, "parameters": data["input_schema"]}}
    assert not findings(strict, ["required-param-has-default"])


def test_nested_required_default_points_at_the_nested_default():
    data = tool({"filter": {"type": "object", "required": ["status"],
                            "properties": {"status": {"type": "string", "default": "open"}}}})
    [f] = findings(data, ["required-param-has-default"])
    assert f.param == "filter.status" and f.pointer == "/input_schema/properties/filter/properties/status/default"
    assert f.fix.edits[0].path == ("properties", "filter", "required")


# --- anchoring-example -------------------------------------------------------------------------------

@pytest.mark.parametrize("name,expected", [
    ("limit", True), ("page_size", True), ("perPage", True), ("max_results", True), ("top_k", True),
    ("timeout_ms", True), ("numResults", True), ("similarity_threshold", True), ("count", True),
    ("page", False), ("credit_limit", False), ("user_id", False), ("passenger_count", False), ("query", False),
])
def test_tuning_names(name, expected):
    assert is_tuning_name(name) is expected


def test_anchoring_examples_but_not_defaults():
    found = findings(tool({"limit": {"type": "integer", "default": 20},
                           "top_k": {"type": "integer", "examples": [5]}}), ["anchoring-example"])
    [f] = found
    assert f.param == "top_k" and f.fix.unsafe and f.fix.edits[0].op == "remove"


def test_anchoring_in_input_examples_needs_one_repeated_value():
    props = {"q": {"type": "string"}, "limit": {"type": "integer"}}
    varied = tool(props, input_examples=[{"q": "a", "limit": 5}, {"q": "b", "limit": 50}])
    assert not findings(varied, ["anchoring-example"])
    same = tool(props, input_examples=[{"q": "a", "limit": 5}, {"q": "b", "limit": 5}, {"q": "c"}])
    text = json.dumps(same, indent=2)
    [f] = findings(None, ["anchoring-example"], text=text)
    assert f.pointer == "/input_examples/0/limit" and text_at(text, f.line, f.column).startswith('"limit": 5')


# --- copyable-identifier-example ---------------------------------------------------------------------

@pytest.mark.parametrize("value,expected", [
    ("12345", True), ("tt1877830", True), (1001, True), ("me", False), ("primary", False), ("<user-id>", False),
    ("New York", False), (True, False), (0, False),
])
def test_concrete_identifiers(value, expected):
    assert concrete_identifier(value) is expected


def test_identifier_defaults_need_digits_and_enum_members_are_fine():
    found = findings(tool({"username": {"type": "string", "default": "postgres"},
                           "region_id": {"type": "string", "enum": ["eu1", "us1"], "example": "eu1"},
                           "order_id": {"type": "string", "default": "ord_19283"},
                           "tags": {"type": "array", "items": {"type": "string"}},
                           "user_ids": {"type": "array", "items": {"type": "string"}, "example": ["u1", "u2"]}}),
                     ["copyable-identifier-example"])
    assert sorted(f.param for f in found) == ["order_id", "user_ids"]


def test_toolbench_identifiers():
    text = read_fixture("toolbench_excerpt.json")
    found = findings(None, ["copyable-identifier-example"], text=text)
    assert {f.param for f in found} == {"trackingnumber", "imdb_id"}
    for f in found:
        assert text_at(text, f.line, f.column).startswith('"example_value"')


# --- placeholder-example -----------------------------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("string", True), ("foo", True), ("XXXX-XXXX", True), ("<your-api-key>", True), ("YOUR_API_KEY", True),
    ("ReferenceNumberHere", True), ("{city}", True), ("lorem ipsum dolor", True), ("0000-0000-0000", True),
    ("https://api.example.com/v6/{YOUR-API-KEY}/latest", True),
    ("where", False), ("sphere", False), ("Paris", False), ("text", False), ("red shoes", False), ("none", False),
])
def test_placeholders(text, expected):
    assert is_placeholder(text) is expected


def test_placeholder_fix_removes_one_examples_element():
    [f] = findings(tool({"q": {"type": "string", "examples": ["red shoes", "foo"]}}), ["placeholder-example"])
    assert f.fix.edits[0].op == "set" and f.fix.edits[0].value == ["red shoes"]
    assert f.pointer == "/input_schema/properties/q/examples/1"


def test_none_string_on_non_string_type_is_value_type_mismatch_only():
    data = tool({"dims": {"type": "array", "default": "None"}, "label": {"type": "string", "default": "None"}})
    found = findings(data, ["placeholder-example", "value-type-mismatch"])
    assert sorted((f.rule, f.param) for f in found) == [("placeholder-example", "label"),
                                                         ("value-type-mismatch", "dims")]


# --- secret-in-example / pii-in-example --------------------------------------------------------------

@pytest.mark.parametrize("text,name,kind", [
    ("sk-proj-4f9QxT7bLm2Rz8WcVn3KpYd6HsJ1aE0u", None, "OpenAI"),
    ("ghp_8fK2mQ9vT4wLp7ZxR3nB6yC1dE5gH0jA2sUq", None, "GitHub"),
    ("AKIAQ3EGRT7KX2MZ4WPN", None, "AWS"),
    ("Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", None,
     "JSON Web Token"),
    ("q8Zr2Lk9Wd4Tx7Mv1Pb6Ns3Hc5Fy0Ga", "access_token", "credential"),
    ("hunter2!", "password", "password"),
])
def test_secret_kinds(text, name, kind):
    assert kind in (secret_kind(text, name) or "")


@pytest.mark.parametrize("text,name", [
    ("sk-xxxxxxxxxxxxxxxxxxxxxxxx", None), ("sk-your-api-key-here-please-1", None), ("gpt-4o-mini", "model"),
    ("sk-100-blue", "sku"), ("a very long description sentence of text", "token"),
])
def test_not_secrets(text, name):
    assert secret_kind(text, name) is None


@pytest.mark.parametrize("text,name,expected", [
    ("maria@gmail.com", None, "an email address"), ("ops@example.com", None, None), ("a@b.test", None, None),
    ("+44 7911 123456", None, "a phone number"), ("5559876543", "phone", "a phone number"),
    ("+1-202-555-0143", "phone", None), ("2024-03-15", None, None), ("75094080", "tracking", None),
    ("1234567890123", "order_id", None),
])
def test_pii_kinds(text, name, expected):
    found = pii_kind(text, name)
    assert (found[0] if found else None) == expected


def test_secret_in_yaml_default_is_located_and_fixable():
    text = (
        "tools:\n"
        "  - name: post_message\n"
        "    description: Post to Slack.\n"
        "    inputSchema:\n"
        "      type: object\n"
        "      properties:\n"
        "        token:\n"
        "          type: string\n"
        "          default: xoxb-2048573921-8839201934-Zk2mQ8vT4wLp\n"
    )
    [f] = findings(None, ["secret-in-example"], path="slack.yaml", text=text)
    assert (f.line, f.column) == (9, 11) and f.severity == "error"
    assert "xoxb-2048573921-8839201934" not in f.message  # never echo the credential
    assert f.fix.edits[0].op == "remove"


def test_pii_in_input_examples_jsonl():
    lines = [json.dumps(tool({"to": {"type": "string"}}, input_examples=[{"to": "team@example.org"}])),
             json.dumps(tool({"to": {"type": "string"}}, input_examples=[{"to": "maria.lopez@outlook.com"}]))]
    text = "\n".join(lines) + "\n"
    [f] = findings(None, ["pii-in-example"], path="x.jsonl", text=text)
    assert f.line == 2 and f.pointer == "/1/input_examples/0/to" and f.param == "to"
    assert text_at(text, f.line, f.column).startswith('"to": "maria')


# --- the corpus --------------------------------------------------------------------------------------

@pytest.mark.skipif(not os.path.isdir(CORPUS), reason="shared corpus not available")
def test_corpus_examples_families_run_clean_on_mcp_snapshots():
    folder = os.path.join(CORPUS, "mcp", "github-mcp-server", "toolsnaps")
    names = sorted(os.listdir(folder))[:40]
    for name in names:
        path = os.path.join(folder, name)
        with open(path, encoding="utf-8") as handle:
            found = findings(None, ["examples"], path=path, text=handle.read())
        assert not [f for f in found if f.rule in ("secret-in-example", "pii-in-example", "placeholder-example")], name
