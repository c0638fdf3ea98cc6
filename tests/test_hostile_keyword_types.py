"""Keywords of the wrong JSON type (a list `type`, an object `format`) are findings, never a crash, in every
default rule: a hashable-set lookup on an unhashable value raised TypeError (exit 3) in `check` and `diff`."""
from __future__ import annotations

import json

import pytest

from tests.helpers import lint_data, run_cli

ODD_VALUES = [["object", "null"], {"x": 1}, [], 3, None, True]


@pytest.mark.parametrize("keyword", ["type", "format", "pattern", "enum", "items", "additionalProperties",
                                     "required", "description", "default", "minimum", "anyOf", "properties"])
@pytest.mark.parametrize("value", ODD_VALUES, ids=repr)
def test_every_rule_survives_an_odd_keyword_value(keyword, value):
    prop = {"type": "object", "description": "Options for the run.", keyword: value}
    tool = {"name": "run_job", "description": "Run a job of the workspace by id.",
            "inputSchema": {"type": "object", "properties": {"options": prop, "url": {"format": value}},
                            "required": ["options"]}}
    lint_data([tool], select=["ALL"])  # no exception from any rule


def test_check_on_a_list_typed_map_is_not_an_internal_error(tmp_path):
    tool = {"name": "complete", "description": "Complete a prompt.",
            "inputSchema": {"type": "object", "properties": {
                "prompt": {"type": ["string", "array"], "description": "The prompt."},
                "meta": {"type": ["object", "null"], "additionalProperties": {"type": "string"}},
                "url": {"type": "string", "format": ["uri"]}}}}
    path = tmp_path / "tools.json"
    path.write_text(json.dumps([tool]))
    result = run_cli("check", str(path), timeout=60)
    assert result.returncode in (0, 1), result.stderr
