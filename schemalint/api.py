"""The public API for rule plugins: the only module a plugin imports.

A plugin is a Python distribution that declares an entry point in the group `schemalint.rules`:

    [project.entry-points."schemalint.rules"]
    house = "acme_schemalint_rules.rules"      # a module: every Rule subclass with an `id` in it
    # or one class: "acme_schemalint_rules.rules:OwnerTeam"

A plugin rule is a `Rule` subclass held to the bar of the built-in catalog (`Rule.validate_definition`): a
kebab-case `id` no other rule has, one of `CATEGORIES`, a severity, `summary`, `hint`, `sources`, a docstring (what
`schemalint explain` prints), declared `messages`, `options` with `option_help`, and bad (`invalid`, as `bad(...)`
Cases naming their message ids) and good (`valid`) examples. `check_examples(RuleClass)` runs those examples
through the real loaders and engine, as the built-in catalog's own test does; call it from the plugin's tests.

Hooks (define only those the rule needs): `check_tool(tool, ctx)` once per tool, `check_node(node, ctx)` for each
schema node whose kind is in `node_kinds` (see `walk_schema`; with `node_keys`, only on nodes whose schema has one
of those keys), `check_catalog(tools, ctx)` once per run.
`ctx.report(where, message_id, data, fix=...)` records a finding; `where` is a `Tool`, a `Node` or a `Location`
(`at(...)`, `node_at(...)`). A rule's options, with the configuration's values, are `self.opts`.

Stability: every name in `__all__` keeps its meaning and signature within a major version of schemalint (0.x:
within a minor version); a change is announced one release ahead. Anything imported from elsewhere in
`schemalint` is internal and may change in any release.
"""
from __future__ import annotations

import json
from typing import Any

from .engine.location import Location, at, node_at
from .engine.node import Node
from .engine.rule import Case, Rule, bad, bad_text, example_data
from .engine.walk import walk_schema
from .model import CATEGORIES, SEVERITIES, Edit, Finding, Fix, Tool

__all__ = [
    "CATEGORIES", "SEVERITIES", "Case", "Edit", "Finding", "Fix", "Location", "Node", "Rule", "Tool", "at", "bad",
    "bad_text", "check_examples", "lint_text", "node_at", "walk_schema",
]


def lint_text(text: str, path: str = "tools.json", select: list[str] | None = None, options: dict | None = None,
              settings: dict | None = None) -> list[Finding]:
    """The findings on one file's text (JSON, JSONL or YAML by `path`'s extension), through the real loader and
    engine: every default rule, or the rule ids and categories in `select`; `options` is {rule id: {option:
    value}} as in the configuration."""
    from .engine.run import Selection, lint
    from .loaders import Catalog
    from .loaders.formats import find_tools
    from .sources import InputError, parse_text

    try:
        doc = parse_text(path, text)
    except InputError as exc:
        catalog = Catalog(unreadable=[exc])
    else:
        found = find_tools(doc)
        catalog = Catalog(tools=found.tools, documents=[doc], notes=found.notes)
    selection = Selection(select=list(select or []), options=dict(options or {}))
    if settings:
        selection.settings = settings
    return lint(catalog, selection)


def check_examples(rule: type[Rule]) -> list[str]:
    """What is wrong with a rule's definition and its examples (empty when nothing is): every bad example must
    give exactly the message ids it states, in order (and the catalog it states after the rule's fixes), and no
    good example may give a finding of the rule."""
    from .engine.registry import all_rules

    if all_rules().get(rule.id) is not rule:
        return [f"{rule.id}: not registered: install the plugin that declares it (pip install -e .)"]
    problems = list(rule.validate_definition())
    for kind, examples in (("bad", rule.invalid), ("good", rule.valid)):
        for index, example in enumerate(examples):
            problems.extend(_example_problems(rule, kind, index, example))
    return problems


def _example_problems(rule: type[Rule], kind: str, index: int, example: Any) -> list[str]:
    data = example_data(example)
    text = data if isinstance(example, Case) and example.text is not None else json.dumps(data, indent=2)
    settings = (example.settings if isinstance(example, Case) else {}) or dict(rule.example_settings)
    found = [f for f in lint_text(text, select=[rule.id], settings=settings) if f.rule == rule.id]
    name = f"{rule.id}: {kind} example {index}"
    if kind == "good":
        return [f"{name} gave {[f.message for f in found]}"] if found else []
    if not found:
        return [f"{name} gave no finding"]
    expected = list(example.messages) if isinstance(example, Case) else None
    got = [f.message_id for f in found]
    if expected is not None and got != expected:
        return [f"{name} gave the messages {got}, not {expected}"]
    if isinstance(example, Case) and example.fixed is not None:
        return _fix_problems(name, text, found, example)
    return []


def _fix_problems(name: str, text: str, found: list[Finding], example: Case) -> list[str]:
    """A bad example that states its fixed catalog must become exactly that catalog through `fix --write`'s code
    (with `--unsafe` when the example says so)."""
    from .fix.apply import apply_to_text, select_fixes

    by_file, _ = select_fixes(found, example.unsafe)
    if "tools.json" not in by_file:
        return [f"{name} states a fixed catalog, but no finding carries a fix"]
    fixed = json.loads(apply_to_text("tools.json", "json", text, by_file["tools.json"]).text)
    return [] if fixed == example.fixed else [f"{name} is fixed into {fixed}, not {example.fixed}"]
