"""Rules that declare `node_keys` are called only on nodes that have one of those keys: the walk's dispatch
(engine/run.py `_node_dispatch`) and, for every such rule, the proof that skipping the other nodes changes no
finding (the same lint with the filter turned off, on the rule's own examples, on committed real excerpts and
on the corpus)."""
from __future__ import annotations

import json
import os

import pytest

from schemalint.engine import run
from schemalint.engine.registry import all_rules
from schemalint.engine.rule import Case, Rule, bad, example_data
from schemalint.engine.run import Context, Selection, _node_dispatch, lint
from schemalint.engine.walk import output_view, walk_schema
from schemalint.loaders import load_paths
from tests.helpers import CORPUS, ROOT, catalog_from

KEYED = sorted(rid for rid, cls in all_rules().items() if cls.node_keys is not None)
EXCERPTS = [os.path.join(ROOT, "tests", "fixtures", folder) for folder in ("precision", "examples", "parameters")]


def _unfiltered(monkeypatch):
    """Make every rule the engine builds forget its node_keys: the lint before the filter existed."""
    real = run.enabled_rules

    def rules_without_keys(selection):
        rules = real(selection)
        for r in rules:
            r.node_keys = None
        return rules

    monkeypatch.setattr(run, "enabled_rules", rules_without_keys)


def _both_ways(catalog_of, selection: Selection) -> tuple[list, list]:
    """The findings of `selection` with the filter and without it (on a fresh catalog each time)."""
    with_filter = lint(catalog_of(), selection)
    with pytest.MonkeyPatch.context() as mp:
        _unfiltered(mp)
        without = lint(catalog_of(), selection)
    return with_filter, without


def _shown(findings) -> list:
    return [(f.rule, f.file, f.line, f.column, f.message_id, f.message, f.severity, f.fingerprint, f.fix)
            for f in findings]


def test_the_catalog_declares_node_keys():
    # the declarations the speed-up rests on; a rule dropped from this list would slow every run again
    assert {"example-violates-schema", "default-not-in-enum", "placeholder-example", "secret-in-example",
            "value-type-mismatch", "required-not-in-properties", "sentinel-bound"} <= set(KEYED)
    for rid in ("param-description-missing", "untyped-parameter", "schema-too-deep", "credential-parameter"):
        assert all_rules()[rid].node_keys is None, f"{rid} reports on nodes that lack the keys it reads"


@pytest.mark.parametrize("rule_id", KEYED)
def test_node_keys_change_no_finding_on_the_rules_own_examples(rule_id):
    cls = all_rules()[rule_id]
    reported = 0
    for example in list(cls.valid) + list(cls.invalid):
        data = example_data(example)
        text = example.text if isinstance(example, Case) and example.text is not None else json.dumps(data, indent=2)
        settings = (example.settings if isinstance(example, Case) else {}) or dict(cls.example_settings)
        with_filter, without = _both_ways(lambda: catalog_from(data, "tools.json", text),
                                          Selection(select=[rule_id], settings=settings))
        assert _shown(with_filter) == _shown(without)
        reported += sum(f.rule == rule_id for f in with_filter)
    assert reported >= len(cls.invalid)  # the bad examples did reach the rule through the filter


def test_node_keys_change_no_finding_on_committed_excerpts():
    with_filter, without = _both_ways(lambda: load_paths(EXCERPTS), Selection(select=KEYED))
    assert len(with_filter) > 50  # the excerpts do give these rules something to say
    assert _shown(with_filter) == _shown(without)


@pytest.mark.skipif(not os.path.isdir(CORPUS), reason="the corpus (../shared/corpus) is not on this machine")
def test_node_keys_change_no_finding_on_the_corpus():
    with_filter, without = _both_ways(lambda: load_paths([CORPUS]), Selection(select=KEYED))
    assert {f.rule for f in with_filter} >= {"example-violates-schema", "value-type-mismatch"}
    assert _shown(with_filter) == _shown(without)


# --- a rule whose declared keys are wrong is caught by the comparison above --------------------------------


class ReadsTheType(Rule):
    """Reports every string node (test rule)."""

    id = "test-reads-the-type"
    category = "parameters"
    summary = hint = "test"
    sources = ("test",)
    messages = {"string": "a string"}
    node_keys = frozenset({"default"})  # wrong: it reports on nodes with no default
    valid = [{"name": "t", "description": "T.", "input_schema": {"type": "object"}}]
    invalid = [bad({"name": "t", "description": "T.", "input_schema": {
        "type": "object", "properties": {"a": {"type": "string"}}}}, "string")]

    def check_node(self, node, ctx):
        if isinstance(node.schema, dict) and node.schema.get("type") == "string":
            ctx.report(node, "string")


def test_a_wrong_declaration_shows_as_a_difference(monkeypatch):
    rules = {**all_rules(), ReadsTheType.id: ReadsTheType}
    monkeypatch.setattr(run, "rules_for", lambda selection: {rid: rules[rid] for rid in selection.select})
    data = {"name": "t", "description": "T.", "input_schema": {"type": "object", "properties": {
        "a": {"type": "string"}, "b": {"type": "string", "default": "x"}}}}
    with_filter, without = _both_ways(lambda: catalog_from(data), Selection(select=[ReadsTheType.id]))
    assert [f.param for f in with_filter] == ["b"]
    assert [f.param for f in without] == ["a", "b"]


# --- the dispatch itself -------------------------------------------------------------------------------------


class _Recorder(Rule):
    """Records the nodes it is called on (test rule)."""

    category = "parameters"
    node_kinds = frozenset({"root", "property", "items"})
    output_kinds = frozenset({"property"})

    def __init__(self, rule_id, keys, calls):
        super().__init__()
        self.id, self.node_keys, self.calls = rule_id, keys, calls

    def check_node(self, node, ctx):
        self.calls.append((self.id, node.kind, node.param))


TOOL = {"name": "t", "description": "T.", "inputSchema": {
    "type": "object", "properties": {
        "plain": {"type": "string"},
        "with_default": {"type": "string", "default": "x"},
        "with_example": {"type": "integer", "examples": [1]},
        "list": {"type": "array", "items": {"type": "string", "enum": ["a"]}},
        "anything": True,
    }},
    "outputSchema": {"type": "object", "properties": {"out": {"type": "string", "default": "y"}, "bare": {}}}}


def _dispatched(rules) -> None:
    catalog = catalog_from(TOOL, "tools.json")
    ctx = Context(catalog, Selection(), rules)
    tool = catalog.tools[0]
    _, on_node = _node_dispatch(rules, "node_kinds", ctx)
    _, on_output_node = _node_dispatch(rules, "output_kinds", ctx)
    walk_schema(tool, on_node)
    walk_schema(output_view(tool), on_output_node, "outputSchema")


def test_dispatch_calls_a_keyed_rule_only_on_nodes_with_one_of_its_keys():
    calls: list = []
    rules = [_Recorder("every", None, calls), _Recorder("values", frozenset({"default", "examples"}), calls),
             _Recorder("enum", ("enum",), calls)]
    _dispatched(rules)
    assert calls == [
        ("every", "root", None),
        ("every", "property", "plain"),
        ("every", "property", "with_default"), ("values", "property", "with_default"),
        ("every", "property", "with_example"), ("values", "property", "with_example"),
        ("every", "property", "list"),
        ("every", "items", "list[]"), ("enum", "items", "list[]"),
        # a schema that is not a dict has no keys to test: every rule gets it, as before node_keys
        ("every", "property", "anything"), ("values", "property", "anything"), ("enum", "property", "anything"),
        # the output schema's nodes go through the same filter
        ("every", "property", "outputSchema.out"), ("values", "property", "outputSchema.out"),
        ("every", "property", "outputSchema.bare"),
    ]


def test_dispatch_keeps_the_order_the_rules_were_given_in():
    calls: list = []
    rules = [_Recorder("b-keyed", frozenset({"default"}), calls), _Recorder("a-every", None, calls),
             _Recorder("c-keyed", frozenset({"default", "type"}), calls)]
    _dispatched(rules)
    on_default = [rid for rid, kind, param in calls if param == "with_default"]
    assert on_default == ["b-keyed", "a-every", "c-keyed"]
    on_plain = [rid for rid, kind, param in calls if param == "plain"]
    assert on_plain == ["a-every", "c-keyed"]


def test_dispatch_with_no_keyed_rule_calls_every_rule_on_every_node():
    calls: list = []
    _dispatched([_Recorder("every", None, calls)])
    assert len(calls) == 9  # root, five properties, the items, two output properties


@pytest.mark.parametrize("keys", [frozenset(), "default", frozenset({1})])
def test_a_malformed_node_keys_declaration_is_a_definition_problem(keys):
    bad_rule = type("BadKeys", (ReadsTheType,), {"id": "test-bad-keys", "node_keys": keys})
    assert any("node_keys" in p for p in bad_rule.validate_definition())
    assert not any("node_keys" in p for p in ReadsTheType.validate_definition())
