"""Work linear in the size of the input, and a clear refusal past the largest file schemalint reads.

No timings: each test counts the work a step does (comparisons, characters scanned) on an input large enough
that a quadratic step would show, or checks the refusal itself.
"""
from __future__ import annotations

import json

from schemalint import providers
from schemalint.sources import document
from schemalint.sources import json_locator
from schemalint.sources.json_locator import JsonLocator

from .helpers import catalog_from, run_cli


class CountedName(str):
    """A property name that counts how often it is compared for equality."""

    comparisons = 0

    def __eq__(self, other):
        CountedName.comparisons += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


def test_strict_mode_analysis_compares_each_property_name_a_bounded_number_of_times():
    count = 2000
    tool = catalog_from({"name": "wide", "description": "A tool with many parameters.", "parameters": {
        "type": "object", "properties": {f"p{i}": {"type": "string"} for i in range(count)},
        "required": [f"p{i}" for i in range(0, count, 2)]}}).tools[0]
    schema = tool.input_schema
    # distinct objects on both sides, so no comparison is skipped by identity
    schema["properties"] = {CountedName(k): v for k, v in schema["properties"].items()}
    schema["required"] = [CountedName(str(r)) for r in schema["required"]]
    CountedName.comparisons = 0
    issues = providers.analyze(tool)
    # a scan of the required list per property made count * count / 4 comparisons
    assert CountedName.comparisons < 20 * count
    missing = [i for i in issues if i.kind == "optional-not-required"]
    assert missing and "'p1'" in missing[0].what


class CountedText(str):
    """Document text that adds up the characters its rfind and count calls scan."""

    scanned = 0

    def rfind(self, sub, start=0, end=None):
        end = len(self) if end is None else end
        CountedText.scanned += end - start
        return str.rfind(self, sub, start, end)

    def count(self, sub, start=0, end=None):
        end = len(self) if end is None else end
        CountedText.scanned += end - start
        return str.count(self, sub, start, end)


def test_positions_in_a_minified_file_scan_it_a_bounded_number_of_times():
    tools = [{"name": f"tool_{i}", "description": "Does a thing.", "parameters": {"type": "object"}}
             for i in range(2000)]
    text = json.dumps(tools, separators=(",", ":"))
    locator = JsonLocator(CountedText(text))
    CountedText.scanned = 0
    for i in range(len(tools)):
        line, column = locator.position([str(i), "name"])
        assert line == 1 and text[column - 1:].startswith('"name"')
    # each look-up scanning back to the start of the one line scanned len(text) * len(tools) / 2 characters; the
    # line index scans the text once and then at most one block of it per look-up
    assert CountedText.scanned <= 2 * len(text) + 2 * len(tools) * (1 << json_locator.LINE_BLOCK_BITS)
    assert CountedText.scanned < len(text) * len(tools) / 20


def test_positions_match_a_count_of_newlines_in_any_order():
    tools = [{"name": f"tool_{i}", "parameters": {"type": "object", "properties": {"q": {"type": "string"}}}}
             for i in range(50)]
    text = json.dumps(tools, indent=1)
    locator = JsonLocator(text)
    for i in [49, 0, 25, 24, 26, 0, 49]:
        off = locator.offset([str(i), "parameters", "properties", "q"])
        expected = (text.count("\n", 0, off) + 1, off - text.rfind("\n", 0, off))
        assert locator.position([str(i), "parameters", "properties", "q"]) == expected


def test_a_file_over_the_size_limit_is_refused_without_reading_it_all(tmp_path, monkeypatch):
    path = tmp_path / "big.json"
    path.write_text(json.dumps([{"name": "x", "description": "a" * 5000, "parameters": {"type": "object"}}]))
    monkeypatch.setattr(document, "MAX_FILE_BYTES", 1024)
    try:
        document.read_document(str(path))
    except document.InputError as exc:
        assert "larger than" in str(exc) and str(path) in str(exc)
    else:
        raise AssertionError("a file over the limit was read")
    assert len(document.read_bytes(str(path), limit=10_000)) == path.stat().st_size


def test_the_command_line_names_the_limit_for_a_file_over_it(tmp_path):
    path = tmp_path / "huge.json"
    limit = document.MAX_FILE_BYTES
    with open(path, "wb") as fh:  # sparse: no disk is used for the zeros
        fh.write(b'[{"name": "x", "description": "')
        fh.truncate(limit + 1)
    result = run_cli("check", str(path), "--format", "json", timeout=120)
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr
    messages = [f["message"] for f in json.loads(result.stdout)["findings"]]
    assert any(f"larger than {limit // (1024 * 1024)} MiB" in m for m in messages), messages


def test_json_lines_positions_are_counted_in_the_whole_file():
    rows = [{"id": i, "function": [{"name": f"f{i}", "parameters": {"type": "dict", "properties": {}}}]}
            for i in range(30)]
    lines = [json.dumps(r) for r in rows]
    lines.insert(10, "")  # a blank line counts as a line
    text = "\r\n".join(lines[:5]) + "\r\n" + "\n".join(lines[5:]) + "\n"
    doc = document.parse_text("tools.jsonl", text)
    for row in (0, 4, 5, 9, 10, 29):
        line_no = row + 1 + (row >= 10)
        line = text.split("\n")[line_no - 1]
        assert doc.locate(f"/{row}/function/0/name") == (line_no, line.index('"name"') + 1)
    assert doc.locate("/30/function") == (1, 1)  # no such row: the document's start
