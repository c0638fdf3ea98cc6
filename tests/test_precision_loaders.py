"""Required-ness a loader cannot know is not invented (issue 16, pattern 1).

Excerpts from the Docker MCP registry (`../shared/corpus/mcp/docker-mcp-registry`, see its SOURCES.md):
gmail-mcp/tools.json never writes `optional`, so nothing in it says which arguments are required;
buildkite/tools.json writes `optional: true` on the optional ones, so the rest are required.
"""
from __future__ import annotations

import json
import os

from tests.helpers import catalog_from, lint_data

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures", "precision")


def _gmail():
    with open(os.path.join(FIXTURES, "docker_gmail_sendMessage.json"), encoding="utf-8") as f:
        return json.load(f)


def test_summary_without_optional_flags_has_unknown_required_ness():
    tool = catalog_from(_gmail()).tools[0]
    assert tool.required_known is False
    assert "required" not in tool.input_schema


def test_optional_in_the_description_is_not_a_contradiction_when_required_ness_is_unknown():
    findings = lint_data(_gmail(), select=["description-contradicts-schema"])
    assert findings == []


def test_summary_that_marks_optional_arguments_keeps_the_rest_required():
    data = _gmail()
    for arg in data[0]["arguments"]:
        if arg["name"] in ("cc", "bcc"):
            arg["optional"] = True
    tool = catalog_from(data).tools[0]
    assert tool.required_known is True
    assert tool.input_schema["required"] == ["to", "subject", "body"]
    assert lint_data(data, select=["description-contradicts-schema"]) == []
    # and the rule still sees a contradiction the file itself states
    data[0]["arguments"][0]["desc"] = "Recipient email address (optional)"
    findings = lint_data(data, select=["description-contradicts-schema"])
    assert [f.param for f in findings] == ["to"]


def test_explain_states_what_the_rules_level_claims():
    from schemalint.commands.rules import SEVERITY_MEANING, explain_text
    from schemalint.engine.registry import all_rules

    for cls in all_rules().values():
        text = explain_text(cls)
        assert f"Severity {cls.severity}: {SEVERITY_MEANING[cls.severity]}" in text
        if cls.severity == "warning":
            assert "Why:" in cls.doc(), f"{cls.id} is a warning but its docstring states no evidence under Why:"
