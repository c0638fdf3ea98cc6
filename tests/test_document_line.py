"""Document.line(pointer) is locate(pointer)'s line; in a JSON Lines file it is the row's, found without a look-up."""
import glob
import json
import os

import pytest

from schemalint.loaders.formats import find_tools
from schemalint.sources import parse_text
from schemalint.sources.document import read_document
from tests.helpers import CORPUS

TOOL = {"name": "get_weather", "description": "Weather.", "parameters": {"type": "object", "properties": {
    "city": {"type": "string"}}}}


def _pointers(doc):
    """Every tool's pointer, and pointers inside and beside the rows: nodes, missing keys, rows past the end."""
    tools = find_tools(doc).tools
    pointers = {"", "/", "/x", "/99999", "/0/missing/deeper"}
    for tool in tools:
        pointers.update({tool.pointer, tool.schema_ptr(("properties", "city")), tool.schema_ptr(("nowhere",))})
    return tools, pointers


def test_a_json_lines_row_is_one_line_whatever_the_blank_lines_and_line_ends():
    rows = [json.dumps({"id": 1, "tools": [TOOL]}), "", json.dumps({"id": 2, "tools": json.dumps([TOOL])}),
            "   ", json.dumps({"id": 3, "functions": [TOOL, TOOL]})]
    for newline in ("\n", "\r\n"):
        doc = parse_text("tools.jsonl", newline.join(rows) + newline)
        tools, pointers = _pointers(doc)
        assert doc.kind == "jsonl" and len(doc.row_lines) == 3
        assert len(tools) == 4
        assert [doc.line(t.pointer) for t in tools] == [1, 3, 5, 5]
        for pointer in pointers:
            assert doc.line(pointer) == doc.locate(pointer)[0], pointer


def test_a_json_file_gives_locates_line():
    doc = parse_text("tools.json", json.dumps({"tools": [TOOL, TOOL]}, indent=2))
    tools, pointers = _pointers(doc)
    assert doc.row_lines is None
    for pointer in pointers:
        assert doc.line(pointer) == doc.locate(pointer)[0], pointer


@pytest.mark.skipif(not os.path.isdir(CORPUS), reason="shared corpus not available")
def test_every_tool_of_the_corpus_json_lines_files():
    files = glob.glob(os.path.join(CORPUS, "**", "*.jsonl"), recursive=True)
    files += [f for f in glob.glob(os.path.join(CORPUS, "bfcl", "raw", "*.json")) if read_document(f).kind == "jsonl"]
    assert files
    for path in files:
        doc = read_document(path)
        tools, pointers = _pointers(doc)
        for pointer in pointers:
            assert doc.line(pointer) == doc.locate(pointer)[0], (path, pointer)
