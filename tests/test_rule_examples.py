"""Every rule's own bad and good examples, run through the real loader and engine (ESLint RuleTester style):
a bad example must give exactly the message ids it states, and a fixable one the catalog it states after the
rule's fixes; a good example gives no finding of the rule."""
from __future__ import annotations

import json

import pytest

from schemalint.engine.registry import all_rules
from schemalint.engine.rule import Case, example_data
from schemalint.engine.run import Selection, lint
from schemalint.fix.apply import apply_to_text, select_fixes
from tests.helpers import catalog_from

RULES = all_rules()
CASES = [(rid, "invalid", i) for rid, cls in RULES.items() for i in range(len(cls.invalid))] + \
        [(rid, "valid", i) for rid, cls in RULES.items() for i in range(len(cls.valid))]


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_is_well_defined(rule_id):
    assert RULES[rule_id].validate_definition() == []


def _findings(cls, example):
    data = example_data(example)
    settings = (example.settings if isinstance(example, Case) else {}) or dict(cls.example_settings)
    text = example.text if isinstance(example, Case) and example.text is not None else json.dumps(data, indent=2)
    catalog = catalog_from(data, "tools.json", text)
    selection = Selection(select=[cls.id], **({"settings": settings} if settings else {}))
    return text, [f for f in lint(catalog, selection) if f.rule == cls.id]


@pytest.mark.parametrize("rule_id,kind,index", CASES)
def test_rule_example(rule_id, kind, index):
    cls = RULES[rule_id]
    example = getattr(cls, kind)[index]
    text, findings = _findings(cls, example)
    if kind == "valid":
        assert not findings, f"{rule_id}: good example {index} produced {[f.message for f in findings]}"
        return
    assert findings, f"{rule_id}: bad example {index} produced no finding"
    for f in findings:
        assert f.line >= 1 and f.column >= 1
        assert f.message and f.hint
    if not isinstance(example, Case):
        return
    assert [f.message_id for f in findings] == list(example.messages), \
        f"{rule_id}: bad example {index} gave {[(f.message_id, f.message) for f in findings]}"
    if example.fixed is not None:
        assert cls.can_fix(), f"{rule_id} states a fixed output but declares fixable = never"
        by_file, _ = select_fixes(findings, example.unsafe)
        assert by_file, f"{rule_id}: bad example {index} states a fixed output but no finding carries a fix"
        applied = apply_to_text("tools.json", "json", text, by_file["tools.json"])
        assert json.loads(applied.text) == example.fixed
