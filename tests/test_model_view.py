"""model_view writes the bytes it always wrote, whichever of orjson's paths it takes."""
import datetime

import orjson

from schemalint.model import Tool
from schemalint.sources import Document
from schemalint.tokens import _jsonable, model_view


def _tool(schema, examples=None):
    doc = Document(path="t.json", text="{}", data={}, kind="json")
    return Tool(name="t", description="d", input_schema=schema, format="openai", document=doc, pointer="",
                schema_pointer=None, examples=examples or [])


def _reference(tool):
    data = {"name": tool.name, "description": tool.description or "", "parameters": tool.input_schema}
    if tool.examples:
        data["input_examples"] = tool.examples
    try:
        return orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS)
    except TypeError:
        return orjson.dumps(_jsonable(data), option=orjson.OPT_NON_STR_KEYS)


def test_string_keys_non_string_keys_dates_and_huge_numbers_give_the_old_bytes():
    deep: dict = {}
    node = deep
    for _ in range(300):
        node["a"] = {}
        node = node["a"]
    schemas = [
        {"type": "object", "properties": {"q": {"type": "string", "description": "Ünïcode \u2028 text"}}},
        {"type": "object", "properties": {"n": {"type": "integer", "enum": {1: "one", 2: "two"}}}},  # YAML int keys
        {"type": "string", "default": datetime.date(2024, 3, 15)},
        {"type": "integer", "maximum": 2 ** 80},
        deep,
    ]
    for schema in schemas:
        tool = _tool(schema, examples=[{"q": "x"}])
        assert model_view(tool) == _reference(tool)
    assert b'"1":"one"' in model_view(_tool(schemas[1]))
