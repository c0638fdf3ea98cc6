"""docs/ARCHITECTURE.md's "add a rule" walk-through, followed step by step with the code exactly as the page
shows it: the class is defined, registered beside the shipped rules, its examples pass the shared test's checks,
`explain` documents it, and the command line finds it in a catalog."""
from __future__ import annotations

import json
import os
import re

import pytest

from schemalint.commands.rules import explain_text
from schemalint.engine import registry
from schemalint.engine.rule import Case

from .helpers import ROOT, catalog_from

DOC = os.path.join(ROOT, "docs", "ARCHITECTURE.md")


def _rule_from_doc():
    with open(DOC, encoding="utf-8") as fh:
        text = fh.read()
    (code,) = [block for block in re.findall(r"```python\n(.*?)```", text, re.S) if "class " in block]
    namespace: dict = {"__name__": "schemalint.rules.parameters"}
    exec(compile(code, DOC, "exec"), namespace)  # the page's own code, as a user would paste it
    return namespace["DuplicateEnumValue"]


@pytest.fixture
def rule(monkeypatch):
    cls = _rule_from_doc()
    shipped = registry.all_rules()
    monkeypatch.setattr(registry, "all_rules", lambda: {**shipped, cls.id: cls})
    monkeypatch.setattr(registry, "current_index", lambda: None)  # runs look rules up in all_rules()
    return cls


def test_step_1_the_class_is_a_well_defined_rule(rule):
    assert rule.validate_definition() == []
    assert rule.id in registry.all_rules() and rule.can_fix()


def test_step_2_its_examples_pass_the_shared_checks(rule):
    from tests.test_rule_examples import _findings

    (good,) = rule.valid
    assert _findings(rule, good)[1] == []
    (case,) = rule.invalid
    assert isinstance(case, Case)
    text, findings = _findings(rule, case)
    assert [f.message_id for f in findings] == list(case.messages)
    assert findings[0].message == "enum of 'state' lists 'open' 2 times" and findings[0].fixable
    from schemalint.fix.apply import apply_to_text, select_fixes

    by_file, _ = select_fixes(findings, unsafe=False)
    assert json.loads(apply_to_text("tools.json", "json", text, by_file["tools.json"]).text) == case.fixed


def test_step_3_explain_documents_it(rule):
    text = explain_text(rule)
    assert text.startswith("duplicate-enum-value (parameters, warning, fixable)")
    assert "Why: a model reads the list as a menu" in text and '"open",' in text


def test_step_4_a_catalog_run_reports_it_with_a_stable_fingerprint(rule):
    from schemalint.engine.run import Selection, lint

    data = {"tools": [{"name": "list_issues", "description": "List the issues of a repository.",
                       "inputSchema": {"type": "object", "properties": {
                           "state": {"type": "string", "enum": ["open", "open", "closed"]}}}}]}
    (finding,) = [f for f in lint(catalog_from(data), Selection(select=[rule.id])) if f.rule == rule.id]
    assert (finding.tool, finding.param, finding.line) == ("list_issues", "state", 11)  # the "enum" line
    rule.messages = {"repeated": "'{param}' repeats {value} in its enum ({times} times)"}
    (again,) = [f for f in lint(catalog_from(data), Selection(select=[rule.id])) if f.rule == rule.id]
    assert again.message != finding.message and again.fingerprint == finding.fingerprint
