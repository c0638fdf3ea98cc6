"""A position given with a finding is used as given; an empty one means "look it up", as it always did."""
import json

import pytest

from schemalint.engine import run
from schemalint.engine.location import at
from schemalint.engine.rule import Rule
from schemalint.loaders import Catalog
from schemalint.loaders.formats import find_tools
from schemalint.model import Edit, Fix
from schemalint.sources import parse_text

TEXT = json.dumps({"tools": [{"type": "function", "function": {
    "name": "a", "description": "d", "parameters": {"type": "object", "properties": {"1": {"type": "dict"}}}}}]},
    indent=2)


def _lint(monkeypatch, report) -> list:
    class Probe(Rule):
        id = "x-probe"
        category = "description"
        severity = "warning"
        fixable = "always"
        messages = {"m": "msg"}

        def check_tool(self, tool, ctx):
            report(tool, ctx)

    monkeypatch.setattr(run, "enabled_rules", lambda selection: [Probe(None)])
    doc = parse_text("t.json", TEXT)
    found = find_tools(doc)
    return run.lint(Catalog(tools=found.tools, documents=[doc], notes=found.notes), run.Selection())


@pytest.mark.parametrize("position, expected", [((3, 4), (3, 4)), ((), (7, 9)), ([], (7, 9)), (None, (7, 9))])
def test_an_explicit_position_or_a_lookup(monkeypatch, position, expected):
    found = _lint(monkeypatch, lambda tool, ctx: ctx.report(at(tool, field="description", position=position), "m"))
    assert [(f.line, f.column) for f in found] == [expected]


def test_an_edit_at_the_findings_node_writes_its_own_tokens(monkeypatch):
    # the finding's path holds 1, the edit's True: equal tuples, but they are different pointers
    def report(tool, ctx):
        ctx.report(at(tool, path=("properties", 1)), "m",
                   fix=Fix([Edit("set", ("properties", True), "x"), Edit("set", ("properties", 1), "y")], "fix"))

    (finding,) = _lint(monkeypatch, report)
    assert [pointer for _, pointer, _ in finding.fix.document_edits] == [
        "/tools/0/function/parameters/properties/True", "/tools/0/function/parameters/properties/1"]
