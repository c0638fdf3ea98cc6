"""Every supported format is recognized, with positions for its nodes."""
from __future__ import annotations

import json

import pytest

from schemalint.sources import InputError, parse_text
from tests.helpers import catalog_from

SCHEMA = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}

CASES = {
    "openai": {"tools": [{"type": "function", "function": {"name": "get_weather", "parameters": SCHEMA}}]},
    "openai-legacy": {"functions": [{"name": "get_weather", "parameters": SCHEMA}]},
    "openai-responses": [{"type": "function", "name": "get_weather", "parameters": SCHEMA, "strict": True}],
    "anthropic": [{"name": "get_weather", "input_schema": SCHEMA}],
    "mcp": {"tools": [{"name": "get_weather", "inputSchema": SCHEMA}]},
    "mcp-single": {"name": "get_weather", "inputSchema": SCHEMA},
    "gemini": {"tools": [{"functionDeclarations": [{"name": "get_weather", "parameters": SCHEMA}]}]},
    "gemini-json-schema": {"function_declarations": [{"name": "get_weather", "parametersJsonSchema": SCHEMA}]},
    "bfcl": [{"name": "get_weather", "parameters": {"type": "dict", "properties": {"city": {"type": "string"}}}}],
}
EXPECTED_FORMAT = {
    "openai": "openai", "openai-legacy": "openai", "openai-responses": "openai-responses", "anthropic": "anthropic",
    "mcp": "mcp", "mcp-single": "mcp", "gemini": "gemini", "gemini-json-schema": "gemini", "bfcl": "bfcl",
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_format_detected(case):
    catalog = catalog_from(CASES[case])
    assert [t.name for t in catalog.tools] == ["get_weather"]
    tool = catalog.tools[0]
    assert tool.format == EXPECTED_FORMAT[case]
    assert "city" in tool.properties


def test_forced_format_overrides_detection():
    catalog = catalog_from(CASES["openai-legacy"], input_format="bfcl")
    assert catalog.tools[0].format == "bfcl"


def test_jsonl_lines_each_hold_tools_and_positions_use_file_lines():
    lines = [json.dumps({"id": i, "function": [{"name": f"t{i}", "parameters": SCHEMA}]}) for i in range(3)]
    catalog = catalog_from(None, path="cases.jsonl", text="\n".join(lines) + "\n")
    assert [t.name for t in catalog.tools] == ["t0", "t1", "t2"]
    line, col = catalog.tools[2].document.locate(catalog.tools[2].schema_ptr(("properties", "city")))
    assert line == 3
    assert lines[2][col - 1:].startswith('"city"')


def test_jsonl_under_json_name_is_accepted():
    text = "\n".join(json.dumps({"name": f"t{i}", "input_schema": SCHEMA}) for i in range(2))
    catalog = catalog_from(None, path="bfcl.json", text=text)
    assert len(catalog.tools) == 2


def test_json_string_holding_tools_is_read():
    glaive = [{"conversations": [], "tools": json.dumps([{"name": "t", "description": "d", "parameters": SCHEMA}])}]
    catalog = catalog_from(glaive)
    assert [t.name for t in catalog.tools] == ["t"]
    # nodes inside the string point at the string itself
    line, _ = catalog.tools[0].document.locate(catalog.tools[0].schema_ptr(("properties",)))
    assert line == 4


def test_builtin_tools_are_skipped_with_a_note():
    catalog = catalog_from({"tools": [{"type": "code_interpreter"}, CASES["openai"]["tools"][0]]})
    assert len(catalog.tools) == 1
    assert any("code_interpreter" in n for n in catalog.notes)


def test_yaml_positions():
    text = "tools:\n  - name: a\n    inputSchema:\n      type: object\n      properties:\n        city:\n          type: string\n"
    catalog = catalog_from(None, path="t.yaml", text=text)
    tool = catalog.tools[0]
    assert tool.document.locate(tool.schema_ptr(("properties", "city"))) == (6, 9)
    assert tool.document.locate(tool.schema_ptr(("properties", "city", "type"))) == (7, 11)


@pytest.mark.parametrize("path,text,where", [
    ("bad.json", '{"tools": [\n  {"name": "a",,}\n]}', "bad.json:2:"),
    ("bad.yaml", "tools:\n  - name: a\n   bad: [\n", "bad.yaml:"),
    ("bad.jsonl", '{"a": 1}\n{"b": \n', "bad.jsonl:2:"),
])
def test_unparseable_input_names_file_line_and_column(path, text, where):
    with pytest.raises(InputError) as info:
        parse_text(path, text)
    message = str(info.value)
    assert message.startswith(where)
    assert "\n" not in message


def _laughs(levels: int) -> str:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\ntools: []\n"


def test_yaml_billion_laughs_is_an_input_error_not_a_hang():
    import time

    start = time.perf_counter()
    with pytest.raises(InputError) as exc:
        parse_text("bomb.yaml", _laughs(9))  # 9^9 strings once expanded
    assert time.perf_counter() - start < 2
    assert "billion laughs" in str(exc.value) and exc.value.line is not None


def test_yaml_alias_inside_itself_is_an_input_error():
    with pytest.raises(InputError) as exc:
        parse_text("rec.yaml", "tools: &t\n  - name: a\n    inputSchema: {type: object, properties: {x: *t}}\n")
    assert "refers to a node that contains it" in str(exc.value) and (exc.value.line, exc.value.column) == (1, 8)


def test_yaml_aliases_that_share_a_schema_are_expanded():
    text = "base: &s {type: object, properties: {q: {type: string}}}\ntools:\n" + "".join(
        f"  - {{name: t{i}, description: Tool {i}., inputSchema: *s}}\n" for i in range(3))
    doc = parse_text("ok.yaml", text)
    assert [t["inputSchema"]["properties"]["q"] for t in doc.data["tools"]] == [{"type": "string"}] * 3
    assert _laughs(4).count("*") == 27 and parse_text("few.yaml", _laughs(4)).data["l3"][0][0][0][0] == "lol"


@pytest.mark.parametrize("value,says", [
    ("!!python/object:os.system ls", "could not determine a constructor"),
    ("!!int notanint", "cannot read 'notanint' as int"),
    ("!!float abc", "cannot read 'abc' as float"),
    ("!!bool maybe", "cannot read 'maybe' as bool"),
    ("!!timestamp yesterday", "cannot read 'yesterday' as timestamp"),
    ("1" * 5000, "cannot read"),  # more digits than Python turns into an int
])
def test_yaml_values_the_safe_loader_cannot_read_are_one_line_input_errors(value, says):
    with pytest.raises(InputError) as exc:
        parse_text("t.yaml", f"tools:\n  - name: a\n    inputSchema: {{type: object, default: {value}}}\n")
    assert says in str(exc.value) and "\n" not in str(exc.value)
    assert (exc.value.line, exc.value.column) == (3, 42)


def test_yaml_bad_merge_key_and_control_character_are_one_line_input_errors():
    with pytest.raises(InputError) as exc:
        parse_text("t.yaml", "tools:\n  - <<: [1, 2]\n    name: a\n")
    assert "\n" not in str(exc.value) and exc.value.line == 2
    with pytest.raises(InputError) as exc:
        parse_text("t.yaml", "tools:\n  - name: a\x00b\n")
    assert "\n" not in str(exc.value) and (exc.value.line, exc.value.column) == (2, 12)


def test_integers_beyond_64_bits_are_counted_not_crashed_on():
    from schemalint.tokens import model_view
    from tests.helpers import catalog_from

    catalog = catalog_from({"name": "a", "input_schema": {"type": "integer", "maximum": 10 ** 30}}, "t.yaml")
    assert b"1000000000000000000000000000000" in model_view(catalog.tools[0])
