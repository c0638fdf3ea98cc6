"""What loading a catalog holds and parses: a sorted OpenAPI spec is not parsed, the duplicate-key pass keeps no
second copy of the data, a text that is not ASCII carries no UTF-8 copy, a tool records no field pointers it can
compute. Each with what it must not change."""
from __future__ import annotations

import json
import sys
import tracemalloc

import pytest

from schemalint.loaders import load_paths
from schemalint.sources import parse_text, read_document
from schemalint.sources.duplicates import json_duplicates
from schemalint.sources.json_locator import JsonLocator

OPENAPI_NOTE = "an OpenAPI document, not a tool catalog (pass it with --contract)"
# more than the 4,096 bytes the first look reads
SCHEMAS = "components:\n  schemas:\n" + "".join(f"    thing{i}:\n      type: object\n      description: "
                                                 f"A thing of the API, number {i}.\n" for i in range(80))


def _load(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path), load_paths([str(path)])


def test_an_openapi_spec_whose_keys_are_sorted_is_skipped_without_being_parsed(tmp_path):
    assert len(SCHEMAS) > 4096
    # Stripe's spec3.yaml: `openapi` after `components`; the key written twice would be reported had it been parsed
    text = SCHEMAS + "info:\n  title: x\n  title: y\nopenapi: 3.0.0\npaths:\n  /things:\n    get: {}\n"
    path, catalog = _load(tmp_path, "spec3.yaml", text)
    assert catalog.notes == [f"skipped {path}: {OPENAPI_NOTE}"]
    assert catalog.documents == [] and catalog.tools == [] and catalog.unreadable == []


def test_quoted_top_level_keys_are_recognized_too(tmp_path):
    path, catalog = _load(tmp_path, "spec.yaml", SCHEMAS + "'paths' :\n  /a: {}\n\"swagger\": '2.0'\r\n")
    assert catalog.notes == [f"skipped {path}: {OPENAPI_NOTE}"] and catalog.documents == []


@pytest.mark.parametrize("tail", [
    # `openapi` as a property of a schema (indented), with a top-level `paths`
    "paths:\n  - a\ntools:\n  - name: get_spec\n    parameters:\n      type: object\n      properties:\n"
    "        openapi:\n          type: string\n",
    # a top-level `openapi` key without `paths`: find_tools reads the tools beside it
    "openapi: 3.1.0\ntools:\n  - name: get_spec\n    parameters: {type: object}\n",
    # lines of a multi-line quoted string, and of a flow mapping, that start with the two keys: not a spec's keys
    "name: get_spec\ndescription: \"Gets the spec.\nopenapi: not really\npaths: none\"\nparameters:\n"
    "  type: object\n",
    "tools: [{name: get_spec, description: \"Get it\", parameters: {type: object},\nopenapi: 1,\npaths: 2}]\n",
    # `openapi:x` is a plain scalar, not a key
    "tools:\n  - name: get_spec\n    parameters: {type: object}\n    description: >-\n      see\n"
    "openapi:x\npaths: 1\n",
])
def test_a_yaml_catalog_that_only_mentions_openapi_is_still_read(tmp_path, tail):
    _, catalog = _load(tmp_path, "tools.yaml", SCHEMAS + tail)
    if "openapi:x" in tail:  # not a mapping at all: parsed, and the parser says why
        assert len(catalog.unreadable) == 1 and catalog.documents == []
        return
    assert [t.name for t in catalog.tools] == ["get_spec"] and len(catalog.documents) == 1


def test_the_duplicate_key_pass_keeps_no_second_copy_of_the_data():
    data = [{"name": f"tool_{i}", "description": "Search the documents of one workspace by title.",
             "parameters": {"type": "object", "properties": {"q": {"type": "string", "enum": ["a", "b"]}}}}
            for i in range(3000)]
    text = json.dumps(data, indent=1)
    locator = JsonLocator(text)
    tracemalloc.start()
    try:
        json_duplicates(text, locator)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # a parsed copy of these tools takes several times the text; the pass holds one object's keys at a time
    assert peak < len(text) // 4


def test_duplicate_keys_are_still_found_deep_and_after_a_clean_object():
    text = '[{"name": "a", "inputSchema": {}},\n {"name": "b", "inputSchema": {"type": "object", "type": "string"}}]'
    doc = parse_text("tools.json", text)
    assert [(d.key, d.line, d.first_line) for d in doc.duplicate_keys] == [("type", 2, 2)]


NON_ASCII = {"tools": [{"name": "météo", "description": "Météo d'une ville — 天气",
                        "inputSchema": {"type": "object", "properties": {"ville": {"type": "string"}}}}]}


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_a_text_that_is_not_ascii_is_parsed_from_its_bytes_and_carries_no_utf8_copy(tmp_path, bom):
    path = tmp_path / "tools.json"
    path.write_bytes(bom + json.dumps(NON_ASCII, ensure_ascii=False, indent=2).encode())
    for doc in (read_document(str(path)), parse_text(str(path), path.read_bytes())):
        assert doc.data == NON_ASCII and doc.bom == bool(bom)
        fresh = "".join(list(doc.text))  # an equal text no parser has read
        assert sys.getsizeof(doc.text) == sys.getsizeof(fresh)
        assert doc.locate("/tools/0/description") == (5, 7)


@pytest.mark.parametrize("text", ['{"nom": "é", x}', '{\n  "天气": 1,\n  "b": "ééé" x\n}', '\ufeff["é",]'])
def test_an_error_in_a_text_that_is_not_ascii_is_placed_as_from_the_text(text):
    from schemalint.sources import InputError

    with pytest.raises(InputError) as from_text:
        parse_text("t.json", text.lstrip("\ufeff"))
    with pytest.raises(InputError) as from_bytes:
        parse_text("t.json", text.encode())
    assert str(from_bytes.value) == str(from_text.value)


def test_field_pointers_are_computed_for_plain_tools_and_kept_for_tools_in_a_json_string():
    text = json.dumps({"tools": [{"type": "function", "function": {"name": "a~b", "description": "d",
                                                                   "parameters": {"type": "object"}}}],
                       "messages": [{"tools": json.dumps([{"name": "inner", "parameters": {}}])}]})
    from schemalint.loaders.formats import find_tools

    plain, inner = find_tools(parse_text("t.json", text)).tools
    assert plain.field_pointers == {}
    assert plain.field_ptr("name") == "/tools/0/function/name"
    assert plain.field_ptr("description") == "/tools/0/function/description"
    assert inner.field_ptr("name") == inner.field_ptr("parameters") == "/messages/0/tools"


def test_a_plain_tool_reads_its_fields_from_the_document_and_a_wrapped_one_merges_its_wrapper():
    text = json.dumps({"tools": [{"type": "function", "strict": True, "function": {"name": "a", "parameters": {}}},
                                 {"name": "b", "inputSchema": {"type": "object"}, "annotations": {"title": "B"}}]})
    from schemalint.loaders.formats import find_tools

    doc = parse_text("t.json", text)
    wrapped, plain = find_tools(doc).tools
    assert plain.raw is doc.data["tools"][1]  # no copy of each tool's object
    assert wrapped.raw == {"name": "a", "parameters": {}, "strict": True}
    assert doc.data["tools"][0]["function"] == {"name": "a", "parameters": {}}  # the document is left as written
    with pytest.raises(TypeError):
        plain.field_pointers["name"] = "/x"  # shared by every plain tool: read-only


def test_no_collection_walks_the_documents_while_a_catalog_loads(tmp_path):
    import gc

    tools = [{"name": f"tool_{i}", "description": "Search the documents.", "parameters": {"type": "object"}}
             for i in range(5000)]  # thousands of objects made after the parse: past a collection's threshold
    (tmp_path / "a.json").write_text(json.dumps(tools))
    (tmp_path / "b.json").write_text(json.dumps(tools))
    runs = []

    def note(phase, info):
        if phase == "start":
            runs.append(info["generation"])

    was_enabled = gc.isenabled()
    gc.enable()
    gc.collect()
    gc.callbacks.append(note)
    try:
        catalog = load_paths([str(tmp_path)])
        enabled_after = gc.isenabled()
    finally:
        gc.callbacks.remove(note)
        if not was_enabled:
            gc.disable()
    assert len(catalog.tools) == 10000
    # one collection at most, once the collector is back (tens of them, each over every loaded document, before)
    assert len(runs) <= 1, runs
    assert enabled_after  # paused for the load, not for the caller's rest
