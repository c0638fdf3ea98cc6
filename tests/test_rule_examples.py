"""Every rule's own bad and good examples, run through the real loader and engine (ESLint RuleTester style)."""
from __future__ import annotations

import pytest

from schemalint.engine.registry import all_rules
from tests.helpers import lint_data

RULES = all_rules()
CASES = [(rid, "invalid", i) for rid, cls in RULES.items() for i in range(len(cls.invalid))] + \
        [(rid, "valid", i) for rid, cls in RULES.items() for i in range(len(cls.valid))]


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_is_well_defined(rule_id):
    assert RULES[rule_id].validate_definition() == []


@pytest.mark.parametrize("rule_id,kind,index", CASES)
def test_rule_example(rule_id, kind, index):
    cls = RULES[rule_id]
    example = getattr(cls, kind)[index]
    settings = dict(cls.example_settings)
    findings = [f for f in lint_data(example, select=[rule_id], **({"settings": settings} if settings else {}))
                if f.rule == rule_id]
    if kind == "invalid":
        assert findings, f"{rule_id}: bad example {index} produced no finding"
        for f in findings:
            assert f.line >= 1 and f.column >= 1
            assert f.message and f.hint
    else:
        assert not findings, f"{rule_id}: good example {index} produced {[f.message for f in findings]}"
