"""`x-schemalint-ignore` is honoured however the text spells the key and wherever the schema was read from.

A shortcut that skipped the look for suppressions when a document's text did not hold the key (tried for speed,
then taken out) missed the \\U and line-break spellings below, and PostHog's layout, whose input schemas come
from a second file: these cases keep any such shortcut honest."""
from __future__ import annotations

import pytest

from schemalint.api import lint_text
from schemalint.engine.run import Selection, lint
from schemalint.loaders import load_paths

RULE = "non-json-schema-type"
JSON = '{"name": "ratio", "description": "Compute a ratio.", "parameters": {"type": "object", "properties": ' \
       '{"a": {"type": "float", "%s": true}}}}'
YAML = "name: get_x\ndescription: Get the x value of one thing by its id.\nparameters:\n  type: object\n" \
       "  properties:\n    a:\n      type: str\n      %s: true\n"


@pytest.mark.parametrize("path, text, key", [
    ("tools.json", JSON, "x-schemalint-ignore"),
    # JSON escapes spell a letter of the key
    ("tools.json", JSON, "\\u0078-schemalint-ignore"),
    ("tools.jsonl", JSON + "\n", "x-schemalint-ignor\\u0065"),
    # YAML escapes in a double-quoted key: \x, and \U with its eight digits
    ("tools.yaml", YAML, '"\\x78-schemalint-ignore"'),
    ("tools.yaml", YAML, '"\\U00000078-schemalint-ignore"'),
    # an explicit key joined across lines by an escaped line break: LF, U+2028, and CR alone
    ("tools.yaml", YAML, '? "x-schemalint-\\\n        ignore"\n      '),
    ("tools.yaml", YAML, '? "x-schemalint-\\\u2028        ignore"\n      '),
    ("tools.yaml", YAML.replace("\n", "\r"), '? "x-schemalint-\\\r        ignore"\r      '),
])
def test_a_suppression_is_honoured_however_its_key_is_spelled(path, text, key):
    unsuppressed = {f.rule for f in lint_text(text % "x-other", path)}
    suppressed = {f.rule for f in lint_text(text % key, path)}
    # the text with the key still reads (no parse error comes instead), and the finding is gone
    assert RULE in unsuppressed and RULE not in suppressed and suppressed <= unsuppressed


def test_a_suppression_in_posthogs_inputs_file_is_honoured(tmp_path):
    # the tool is defined in one file and its input schema read from another beside it
    (tmp_path / "tool-definitions.json").write_text(
        '{"get-thing": {"description": "Get one thing by its id, with its owner and tags.", '
        '"annotations": {"readOnlyHint": true}}}')
    inputs = ('{"definitions": {"GetThingSchema": {"type": "object", %s"properties": {"id": {"type": "str"}}}}}')
    (tmp_path / "tool-inputs.json").write_text(inputs % "")
    assert RULE in {f.rule for f in lint(load_paths([str(tmp_path)]), Selection())}
    (tmp_path / "tool-inputs.json").write_text(inputs % '"x-schemalint-ignore": true, ')
    assert lint(load_paths([str(tmp_path)]), Selection()) == []
