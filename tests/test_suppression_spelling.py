"""`x-schemalint-ignore` is honoured however the text spells the key, while a catalog whose text cannot hold it
skips the look along each finding's path (engine.walk.may_hold_ignores)."""
from __future__ import annotations

import pytest

from schemalint.api import lint_text
from schemalint.engine.walk import may_hold_ignores
from schemalint.sources import parse_text

RULE = "non-json-schema-type"
PLAIN_JSON = '{"name": "ratio", "description": "Compute a ratio.", "parameters": {"type": "object", "properties": ' \
             '{"a": {"type": "float"%s}}}}'


@pytest.mark.parametrize("path, text", [
    ("tools.json", PLAIN_JSON % ', "x-schemalint-ignore": ["%s"]' % RULE),
    # a JSON escape spells the key's first letter
    ("tools.json", PLAIN_JSON % ', "\\u0078-schemalint-ignore": ["%s"]' % RULE),
    ("tools.jsonl", PLAIN_JSON % ', "x-schemalint-ignor\\u0065": true' + "\n"),
    # YAML: an escape in a double-quoted key, and a key joined across lines by an escaped line break
    ("tools.yaml", 'name: ratio\ndescription: Compute a ratio.\nparameters:\n  type: object\n  properties:\n'
                   '    a:\n      type: float\n      "\\x78-schemalint-ignore": [%s]\n' % RULE),
    ("tools.yaml", 'name: ratio\ndescription: Compute a ratio.\nparameters:\n  type: object\n  properties:\n'
                   '    a:\n      type: float\n      ? "x-schemalint-\\\n        ignore"\n      : [%s]\n' % RULE),
])
def test_a_suppression_is_honoured_however_its_key_is_spelled(path, text):
    assert may_hold_ignores(parse_text(path, text))
    assert RULE not in {f.rule for f in lint_text(text, path)}


@pytest.mark.parametrize("path, text", [
    ("tools.json", PLAIN_JSON % ""),
    # escapes that spell no printable ASCII character (é, a line break inside a string) cannot spell the key
    ("tools.json", PLAIN_JSON.replace("Compute a ratio.", "Calcule un rapport \\u00e9l\\u00e9mentaire.\\n") % ""),
    ("tools.yaml", 'name: ratio\ndescription: "Compute a ratio.\\t"\nparameters:\n  type: object\n  properties:\n'
                   '    a:\n      type: float\n'),
])
def test_a_text_that_cannot_spell_the_key_is_not_searched_and_its_findings_stay(path, text):
    assert not may_hold_ignores(parse_text(path, text))
    assert RULE in {f.rule for f in lint_text(text, path)}


def test_a_document_without_text_or_from_python_source_is_always_searched():
    doc = parse_text("tools.json", PLAIN_JSON % "")
    doc.text = ""
    assert may_hold_ignores(doc)
    doc.text, doc.kind = PLAIN_JSON % "", "python"
    assert may_hold_ignores(doc)
