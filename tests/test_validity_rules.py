"""validity rules: edge cases, fixes, and positions in JSON, JSONL and YAML input."""
from __future__ import annotations

import json
import os

import pytest

from tests.helpers import CORPUS, lint_data

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures", "validity")
VALIDITY = ["validity"]


def read_fixture(name: str) -> str:
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as handle:
        return handle.read()


def findings(data=None, rules=VALIDITY, path="tools.json", text=None, **selection):
    return lint_data(data, select=rules, path=path, text=text, **selection)


def by_rule(found, rule):
    return [f for f in found if f.rule == rule]


def text_at(text: str, line: int, column: int) -> str:
    return text.splitlines()[line - 1][column - 1:]


def mcp(schema, name="tool_a", **extra):
    return {"name": name, "description": "Does a thing.", "inputSchema": schema, **extra}


# --- non-json-schema-type ----------------------------------------------------------------------------

def test_bfcl_types_reported_with_json_type_fix_and_json_positions():
    text = read_fixture("bfcl_excerpt.json")
    found = by_rule(findings(None, ["non-json-schema-type"], text=text), "non-json-schema-type")
    roots = [f for f in found if f.param is None]
    assert len(roots) == 6  # every BFCL tool in the excerpt has a root "type": "dict"
    for f in roots:
        assert "'dict'" in f.message and "'object'" in f.message
        assert text_at(text, f.line, f.column).startswith('"type": "dict"')
        assert f.fix.edits[0].op == "set" and f.fix.edits[0].path == ("type",) and f.fix.edits[0].value == "object"
    floats = [f for f in found if "'float'" in f.message]
    assert floats and all(f.fix.edits[0].value == "number" for f in floats)
    for f in floats:
        assert text_at(text, f.line, f.column).startswith('"type": "float"')


def test_java_types_in_jsonl_point_at_their_line():
    text = read_fixture("bfcl_java_excerpt.jsonl")
    found = by_rule(findings(None, ["non-json-schema-type"], path="java.jsonl", text=text), "non-json-schema-type")
    lines = text.splitlines()
    assert {f.line for f in found} == {1, 2, 3}
    for f in found:
        record = json.loads(lines[f.line - 1])
        assert record["function"][0]["name"] == f.tool
        assert text_at(text, f.line, f.column).startswith('"type"')
    anys = [f for f in found if "'any'" in f.message]
    assert anys and all(f.fix.edits[0].op == "remove" for f in anys)


def test_yaml_position_of_a_python_type():
    text = (
        "tools:\n"
        "  - name: scale\n"
        "    description: Scale a value.\n"
        "    inputSchema:\n"
        "      type: object\n"
        "      properties:\n"
        "        factor:\n"
        "          type: float\n"
    )
    [f] = by_rule(findings(None, ["non-json-schema-type"], path="x.yaml", text=text), "non-json-schema-type")
    assert (f.line, f.column) == (8, 11)
    assert f.param == "factor" and f.pointer == "/tools/0/inputSchema/properties/factor/type"


def test_gemini_upper_case_types_are_valid_only_for_gemini_tools():
    gemini = {"functionDeclarations": [{"name": "shout", "description": "Shout.",
                                        "parameters": {"type": "OBJECT", "properties": {"text": {"type": "STRING"}}}}]}
    assert not findings(gemini)
    other = mcp({"type": "object", "properties": {"text": {"type": "STRING"}}})
    [f] = by_rule(findings(other), "non-json-schema-type")
    assert f.fix.edits[0].value == "string"


def test_type_list_with_aliases_is_mapped_as_a_list():
    tool = mcp({"type": "object", "properties": {"n": {"type": ["int", "null"]}}})
    [f] = by_rule(findings(tool), "non-json-schema-type")
    assert f.fix.edits[0].value == ["integer", "null"]


def test_unknown_type_names_are_left_to_invalid_json_schema():
    tool = mcp({"type": "object", "properties": {"when": {"type": "date"}}})
    found = findings(tool)
    assert not by_rule(found, "non-json-schema-type")
    [f] = by_rule(found, "invalid-json-schema")
    assert f.param == "when" and '"date"' in f.message


# --- invalid-json-schema -----------------------------------------------------------------------------

def test_bfcl_type_names_are_not_double_reported_as_invalid_schema():
    text = read_fixture("bfcl_excerpt.json")
    found = findings(None, ["invalid-json-schema"], text=text)
    assert not [f for f in found if f.pointer.endswith("/type")]


def test_invalid_keywords_are_located_in_json():
    tool = mcp({"type": "object", "properties": {"tags": {"type": "array", "minItems": "1"}}, "required": "tags"})
    text = json.dumps(tool, indent=2)
    found = by_rule(findings(None, ["invalid-json-schema"], text=text), "invalid-json-schema")
    pointers = {f.pointer for f in found}
    assert pointers == {"/inputSchema/required", "/inputSchema/properties/tags/minItems"}
    for f in found:
        key = f.pointer.rsplit("/", 1)[1]
        assert text_at(text, f.line, f.column).startswith(f'"{key}"')
    [tags] = [f for f in found if f.param == "tags"]
    assert "minItems" in tags.message


def test_draft_is_taken_from_dollar_schema():
    schema = {"type": "object", "properties": {"n": {"type": "number", "minimum": 0, "exclusiveMinimum": True}}}
    draft4 = dict(schema, **{"$schema": "http://json-schema.org/draft-04/schema#"})
    assert not findings(mcp(draft4), ["invalid-json-schema"])
    [f] = findings(mcp(schema), ["invalid-json-schema"])  # 2020-12 by default: exclusiveMinimum is a number
    assert f.param == "n" and "exclusiveMinimum" in f.pointer


def test_invalid_schema_report_is_capped_per_tool():
    props = {f"p{i}": {"type": "string", "minLength": "x"} for i in range(15)}
    found = findings(mcp({"type": "object", "properties": props}), ["invalid-json-schema"],
                     options={"invalid-json-schema": {"max-per-tool": 3}})
    assert len(found) == 3


# --- required-not-in-properties ----------------------------------------------------------------------

def test_required_typo_suggests_the_property_and_yaml_position():
    text = (
        "name: get_user\n"
        "description: Get a user.\n"
        "inputSchema:\n"
        "  type: object\n"
        "  properties:\n"
        "    user_id: {type: string}\n"
        "  required: [userId]\n"
    )
    [f] = findings(None, ["required-not-in-properties"], path="tool.yaml", text=text)
    assert "did you mean 'user_id'" in f.message
    assert (f.line, f.column) == (7, 14)
    assert f.fix.edits[0].value == ["user_id"] and f.fix.unsafe


def test_required_in_branches_may_name_parent_properties():
    tool = mcp({"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}},
                "oneOf": [{"required": ["a"]}, {"required": ["b"]}, {"required": ["c"]}]})
    [f] = findings(tool, ["required-not-in-properties"])
    assert f.param == "c" and f.pointer == "/inputSchema/oneOf/2/required/0"


def test_required_without_properties_and_maps_are_handled():
    no_props = mcp({"type": "object", "properties": {"population": {"type": "object", "required": ["adults"]}}})
    [f] = findings(no_props, ["required-not-in-properties"])
    assert f.param == "population.adults" and "defines no properties" in f.message
    as_map = mcp({"type": "object", "additionalProperties": {"type": "string"}, "required": ["x"]})
    assert not findings(as_map, ["required-not-in-properties"])


# --- value-type-mismatch -----------------------------------------------------------------------------

def test_string_values_are_converted_by_the_fix():
    tool = mcp({"type": "object", "properties": {
        "verbose": {"type": "boolean", "default": "False"},
        "level": {"type": "integer", "enum": ["1", "2", "3"]},
        "ratio": {"type": "number", "default": "0.5"}}})
    found = {f.param: f for f in findings(tool, ["value-type-mismatch"])}
    assert found["verbose"].fix.edits[0].value is False
    assert found["level"].fix.edits[0].value == [1, 2, 3]
    assert found["ratio"].fix.edits[0].value == 0.5
    assert all(f.fixable for f in found.values())


def test_unconvertible_values_are_reported_without_a_fix():
    tool = mcp({"type": "object", "properties": {"n": {"type": "integer", "default": "dontcare"},
                                                 "m": {"type": "string", "const": 3}}})
    found = findings(tool, ["value-type-mismatch"])
    assert len(found) == 2 and not any(f.fixable for f in found)


def test_null_default_is_reported_only_on_request():
    tool = mcp({"type": "object", "properties": {"cursor": {"type": "string", "default": None},
                                                 "page": {"type": "integer", "nullable": True, "default": None}}})
    assert not findings(tool, ["value-type-mismatch"])
    found = findings(tool, ["value-type-mismatch"], options={"value-type-mismatch": {"report-null-default": True}})
    assert [f.param for f in found] == ["cursor"]


def test_bfcl_excerpt_value_mismatches():
    text = read_fixture("bfcl_excerpt.json")
    found = findings(None, ["value-type-mismatch"], text=text)
    enum = [f for f in found
            if f.tool == "Hotels_2_SearchHouse" and f.param == "number_of_adults" and "enum" in f.message]
    assert enum and text_at(text, enum[0].line, enum[0].column).startswith('"1"')


# --- malformed-tool / duplicate-tool-name ------------------------------------------------------------

def test_nameless_sibling_is_reported_at_its_position():
    data = {"tools": [mcp({"type": "object"}), {"description": "No name.", "inputSchema": {"type": "object"}}]}
    text = json.dumps(data, indent=2)
    [f] = findings(None, ["malformed-tool"], text=text)
    assert f.pointer == "/tools/1" and f.tool is None
    assert text_at(text, f.line, f.column).startswith("{")


def test_file_whose_only_tool_has_no_usable_name():
    data = {"tools": [{"type": "function", "function": {"name": None, "parameters": {"type": "object"}}}]}
    [f] = findings(data, ["malformed-tool"])
    assert f.pointer == "/tools/0/function"


def test_openai_tool_without_parameters_is_fine_but_mcp_needs_input_schema():
    assert not findings({"type": "function", "function": {"name": "now", "description": "Time."}}, ["malformed-tool"])
    [f] = findings({"name": "now", "description": "Time.", "inputSchema": None}, ["malformed-tool"])
    assert "null" in f.message


def test_duplicates_only_within_one_list():
    lines = [json.dumps({"function": [{"name": "search", "parameters": {"type": "object"}}]}) for _ in range(2)]
    assert not findings(None, ["duplicate-tool-name"], path="x.jsonl", text="\n".join(lines))
    same = json.dumps({"function": [{"name": "search", "parameters": {"type": "object"}}] * 2})
    [f] = findings(None, ["duplicate-tool-name"], path="x.jsonl", text=same)
    assert f.line == 1 and f.pointer == "/0/function/1/name"


def test_very_large_lists_are_treated_as_datasets():
    tools = [mcp({"type": "object"}, name="t") for _ in range(3)]
    assert len(findings({"tools": tools}, ["duplicate-tool-name"])) == 2
    assert not findings({"tools": tools}, ["duplicate-tool-name"],
                        options={"duplicate-tool-name": {"max-catalog-size": 2}})


# --- the corpus --------------------------------------------------------------------------------------

@pytest.mark.skipif(not os.path.isdir(CORPUS), reason="shared corpus not available")
def test_corpus_files_known_problems():
    path = os.path.join(CORPUS, "openai-format", "functionary-tests", "test_case_v1.json")
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    found = findings(None, VALIDITY, path=path, text=text)
    assert [(f.rule, f.tool) for f in found] == [("required-not-in-properties", "get_car_price")]
    github = os.path.join(CORPUS, "mcp", "github-mcp-server", "tools_list.json")
    if os.path.exists(github):
        with open(github, encoding="utf-8") as handle:
            assert not findings(None, VALIDITY, path=github, text=handle.read())
