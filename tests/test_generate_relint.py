"""generate lints each repair pass again, running the per-tool rules only on the tools that changed
(schemalint.engine.relint): the findings must be those of one lint of the whole output, pass by pass."""
from __future__ import annotations

import ast
import inspect
import os
import sys

import pytest

from schemalint.contract import load, load_contract
from schemalint.contract.load import shared_work
from schemalint.engine.registry import all_rules
from schemalint.engine.run import Selection
from schemalint.generate import Budgets, Options, _tag_descriptions, generate
from schemalint.generate.lint import lint_text, repair
from schemalint.engine.relint import CATALOG_READERS, Relinter

from .helpers import CORPUS, ROOT

FIXTURES = os.path.join(ROOT, "tests", "fixtures", "generate")
SPECS = {
    "shop": os.path.join(FIXTURES, "shop-3.0.yaml"),
    "stripe-excerpt": os.path.join(FIXTURES, "stripe-excerpt-3.0.json"),
    "slack-excerpt": os.path.join(FIXTURES, "slack-excerpt-swagger-2.0.json"),
    "notion": os.path.join(CORPUS, "openapi", "notion-mcp-server", "notion-openapi.json"),
    "stripe": os.path.join(CORPUS, "openapi", "stripe-openapi", "spec3.yaml"),
    "openai": os.path.join(CORPUS, "openapi", "openai-openapi", "openapi.yaml"),
}


class CheckedRelinter(Relinter):
    """A Relinter that also lints the whole text each pass, the way every pass was linted before, and compares."""

    passes: list = []

    def lint(self, text: str):
        catalog, findings = super().lint(text)
        _, expected = _unshared(lambda: lint_text(text, self.full))
        assert findings == expected, _first_difference(findings, expected)
        reused = sum(len(entry[1]) for entry in self.known.values())
        CheckedRelinter.passes.append((len(catalog.tools), len(findings), reused))
        return catalog, findings

    def __init__(self, selection):
        super().__init__(selection)
        self.full = selection


def _unshared(work):
    """`work()` as outside `shared_work`: the contract parsed and the tools compared with it afresh."""
    token = load._shared.set(None)
    try:
        return work()
    finally:
        load._shared.reset(token)


def _first_difference(got: list, expected: list) -> str:
    for i, (a, b) in enumerate(zip(got, expected)):
        if a != b:
            return f"finding {i}: {a} != {b}"
    return f"{len(got)} findings, expected {len(expected)}"


def _repair_checked(spec: str, **options):
    contract = load_contract(spec, ["."])
    opts = Options(verify=False, **options)
    selection = Selection()
    result = generate(contract, opts, selection)
    budgets = Budgets.from_selection(selection)
    CheckedRelinter.passes = []
    with shared_work(contract):
        repair(result, contract, opts, selection, budgets, budgets.max_tools, _tag_descriptions(contract),
               relinter=CheckedRelinter)
    return CheckedRelinter.passes


@pytest.mark.parametrize("name, options", [
    ("shop", {}), ("stripe-excerpt", {"format": "openai"}), ("slack-excerpt", {"trim": True}),
    ("notion", {"format": "anthropic"}), ("stripe", {}), ("openai", {}),
])
def test_each_pass_finds_what_a_lint_of_the_whole_output_finds(name, options):
    if not os.path.isfile(SPECS[name]):
        pytest.skip(f"corpus absent: {SPECS[name]}")
    passes = _repair_checked(SPECS[name], **options)
    assert passes and passes[0][1] > 0
    if name == "stripe":  # tools moved between toolsets and unchanged ones kept their findings
        assert len(passes) >= 2 and passes[-1][2] > 1000, passes
    if name == "openai":  # its last pass lints a text the pass before it already linted
        assert len(passes) >= 3 and passes[-1] == passes[-2], passes


def test_a_tool_changed_in_place_is_linted_again(tmp_path):
    """Two versions of one catalog: the tool whose description changed gets the findings of its new text, the
    other keeps its own, moved below the longer text."""
    import json

    def catalog(first: str) -> str:
        return json.dumps({"tools": [
            {"name": "get_invoice", "description": first,
             "inputSchema": {"type": "object", "properties": {"id": {"type": "string"}}}},
            {"name": "list_invoices", "description": "List invoices.",
             "inputSchema": {"type": "object", "properties": {"limit": {"type": "integer"}}}}]}, indent=2)

    relinter = CheckedRelinter(Selection(settings={"providers": []}))
    before = relinter.lint(catalog("Get."))[1]
    after = relinter.lint(catalog("Get an invoice by its id.\nThe invoice's lines, totals and status.\n"))[1]
    assert {f.rule for f in before if f.tool == "get_invoice"} != {f.rule for f in after if f.tool == "get_invoice"}
    moved = [f for f in after if f.tool == "list_invoices"]
    assert moved and all(f.pointer.startswith("/tools/1") for f in moved)
    assert CheckedRelinter.passes[-1][2] >= len(moved)  # kept from the first pass, not linted again


# per-tool caches that hold one tool's (or one document's) own result, or the run's configuration: reading them
# does not make a tool's findings depend on another tool
PER_TOOL_CACHES = ("provider.issues-by-tool", "provider.last-tool", "cost.token-counter", "parameters.free-form-reported",
                   "parameters.too-deep-tools", "description.http-level-tools", "mcp.header-documents")


def _catalog_reads(definition) -> list[str]:
    """`ctx.catalog` and `ctx.cache(NAME, ...)` (NAME not in PER_TOOL_CACHES) in one function or class."""
    hits = []

    def visit(node):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "cache":
            name = node.args[0].value if node.args and isinstance(node.args[0], ast.Constant) else None
            if name not in PER_TOOL_CACHES:
                hits.append(f"cache {name!r}")  # and what builds it is read too: it may read the catalog
        if isinstance(node, ast.Attribute) and node.attr in ("catalog", "_cache"):
            hits.append(f".{node.attr}")
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(definition)
    return hits


def _reads_the_catalog(cls) -> list[str]:
    """What a rule's code (its class, bases and the schemalint functions it calls, followed across modules) reads
    of the catalog or of run-wide caches other than PER_TOOL_CACHES."""
    trees: dict = {}

    def definitions(module):
        if module.__name__ not in trees:
            tree = ast.parse(inspect.getsource(module))
            trees[module.__name__] = {n.name: n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
        return trees[module.__name__]

    todo = [(sys.modules[b.__module__], b.__name__) for b in cls.__mro__ if b.__module__.startswith("schemalint")]
    seen, hits = set(), []
    while todo:
        module, name = todo.pop()
        if (module.__name__, name) in seen:
            continue
        seen.add((module.__name__, name))
        definition = definitions(module).get(name)
        if definition is None:
            continue
        hits.extend(f"{module.__name__}.{name}: {hit}" for hit in _catalog_reads(definition))
        for node in ast.walk(definition):
            called = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None
            target = getattr(module, called, None) if called else None
            if (inspect.isfunction(target) or inspect.isclass(target)) \
                    and getattr(target, "__module__", "").startswith("schemalint"):
                todo.append((sys.modules[target.__module__], target.__name__))
    return hits


def test_every_per_tool_rule_that_reads_other_tools_runs_over_the_whole_catalog():
    readers = {rule_id: lines for rule_id, cls in all_rules().items()
               if not hasattr(cls, "check_catalog") and (lines := _reads_the_catalog(cls))}
    missing = {rule_id: lines for rule_id, lines in readers.items() if rule_id not in CATALOG_READERS}
    assert not missing, f"per-tool rules reading the catalog, to add to relint.CATALOG_READERS: {missing}"
    assert set(readers) == set(CATALOG_READERS), set(CATALOG_READERS) - set(readers)


@pytest.mark.skipif(not hasattr(os, "fork") or (os.cpu_count() or 1) < 2, reason="no fork or a single core")
def test_the_per_tool_half_runs_in_a_child_and_is_redone_here_when_the_child_fails():
    from schemalint.engine.relint import _in_child

    parent = os.getpid()
    assert _in_child(os.getpid)() != parent

    def fails_in_a_child():
        if os.getpid() != parent:
            raise RuntimeError("child")
        return "here"

    assert _in_child(fails_in_a_child)() == "here"
