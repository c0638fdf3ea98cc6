"""Analyses outside the rule classes name the rules they find issues for by constants, never by bare strings,
and every such constant is a registered rule id.

To cover another analysis, add its module to ANALYSES with the name of the tuple that lists its rule-id
constants (e.g. `"schemalint.contract.analysis": "RULE_IDS"`)."""
from __future__ import annotations

import ast
import importlib
import inspect

import pytest

from schemalint.engine.registry import all_rules

# module -> the module-level tuple of its rule-id constants
ANALYSES = {
    "schemalint.providers": "RULE_IDS",
    "schemalint.contract.drifts": "RULE_IDS",
}


def _constants(module_name: str) -> dict[str, str]:
    """The module's rule-id constants, by name: the module-level names whose value is in its tuple."""
    module = importlib.import_module(module_name)
    listed = getattr(module, ANALYSES[module_name])
    return {name: value for name, value in vars(module).items()
            if name.isupper() and isinstance(value, str) and value in listed}


CONSTANTS = [(module, name, value) for module in ANALYSES for name, value in _constants(module).items()]


def test_every_analysis_lists_its_rule_ids():
    for module_name, attribute in ANALYSES.items():
        listed = getattr(importlib.import_module(module_name), attribute)
        assert listed and len(set(listed)) == len(listed), module_name
        assert sorted(_constants(module_name).values()) == sorted(listed), \
            f"{module_name}.{attribute} lists a rule id that no constant names"


@pytest.mark.parametrize("module_name,name,value", CONSTANTS, ids=[f"{m}.{n}" for m, n, _ in CONSTANTS])
def test_each_constant_is_a_registered_rule(module_name, name, value):
    assert value in all_rules(), f"{module_name}.{name} = {value!r} names no registered rule"


@pytest.mark.parametrize("module_name", sorted(ANALYSES))
def test_no_rule_id_is_written_as_a_bare_string(module_name):
    """A registered rule id may appear as a string literal only where a module-level constant is defined."""
    rule_ids = set(all_rules())
    tree = ast.parse(inspect.getsource(importlib.import_module(module_name)))
    defining = {id(statement.value) for statement in tree.body
                if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Constant)}
    bare = [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and node.value in rule_ids and id(node) not in defining]
    assert not bare, f"{module_name}: rule ids written as strings (line, id): {bare}"
