"""Lint successive versions of the generated catalog, running the per-tool rules again only on tools that changed.

`lint.repair` lints the rendered output, repairs what the rules find, and lints again; between two passes most
tools are unchanged (on Stripe's spec: 464 tools, then 164 changed, then 5). The enabled rules are split in two:

- local rules look at one tool at a time (they have no `check_catalog`) and read nothing of the other tools:
  their findings on a tool depend only on the tool, so a tool whose JSON is unchanged keeps its findings of the
  previous pass, moved to where the tool now is in the text (pointer, line and column, and the pointers of a fix);
- the others run over the whole catalog every pass: cross-tool rules, and per-tool rules that read the catalog
  or keep state from one tool to the next (CATALOG_READERS; a test checks the list against the rules' code).

The findings are those one lint of the whole catalog gives, in the same order (a test compares them pass by pass).
A finding that cannot be moved (a position that is not its pointer's, related locations, a pointer outside its
tool) is not kept: its tool is linted again next pass.
"""
from __future__ import annotations

import copy
import dataclasses

import orjson

from ..engine.run import Selection, enabled_rules, lint
from ..loaders import Catalog
from ..loaders.formats import find_tools
from ..model import Fix
from ..sources import parse_text

# per-tool rules whose findings on a tool depend on other tools: confusable siblings (description-*), the tools a
# parameter's value may come from (id-without-source), folders of generated snapshots (buried-required-param)
CATALOG_READERS = frozenset({
    "buried-required-param", "description-restates-name", "description-too-short", "id-without-source",
})


def is_local(rule) -> bool:
    return not hasattr(type(rule), "check_catalog") and rule.id not in CATALOG_READERS


def finding_order(f) -> tuple:
    return (f.file, f.line, f.column, f.rule)  # the engine's order (engine.run._lint)


class Relinter:
    def __init__(self, selection: Selection, path: str = "generated.json"):
        rules = enabled_rules(selection)
        local = [r.id for r in rules if is_local(r)]
        whole = [r.id for r in rules if not is_local(r)]
        self.local = dataclasses.replace(selection, ignore=[*selection.ignore, *whole])
        self.whole = dataclasses.replace(selection, ignore=[*selection.ignore, *local])
        self.path = path
        self.known: dict = {}  # tool key -> (tool pointer, the local rules' findings on it)

    def lint(self, text: str):
        """(catalog, findings) of `text`, as `lint_text` gives them."""
        doc = parse_text(self.path, text)
        found = find_tools(doc)
        catalog = Catalog(tools=found.tools, documents=[doc], notes=found.notes)
        findings = lint(catalog, self.whole)
        keys = [_key(tool) for tool in catalog.tools]
        fresh = [tool for tool, key in zip(catalog.tools, keys) if key is None or key not in self.known]
        fresh_findings = lint(Catalog(tools=fresh, documents=[doc], notes=list(found.notes)), self.local) \
            if fresh else []
        owned, stray = _by_tool(fresh, fresh_findings)
        known: dict = {}
        for tool, key in zip(catalog.tools, keys):
            if key is not None and key in self.known:
                pointer, before = self.known[key]
                mine = [_moved(f, pointer, tool.pointer, doc) for f in before]
            else:
                mine = owned.get(tool.pointer, [])
                if key is None or not all(_movable(f, tool.pointer, doc) for f in mine):
                    findings.extend(mine)
                    continue
            findings.extend(mine)
            known[key] = (tool.pointer, mine)
        findings.extend(stray)
        findings.sort(key=finding_order)
        # a finding not traced to its tool could belong to any: lint every tool again next pass
        self.known = {} if stray else known
        return catalog, findings


def _key(tool) -> tuple | None:
    """What the local rules see of a tool; None when it cannot be serialized (its findings are not kept)."""
    try:
        return tool.format, tool.name, orjson.dumps(tool.raw)
    except (TypeError, orjson.JSONEncodeError):
        return None


def _by_tool(tools: list, findings: list) -> tuple[dict, list]:
    """({tool pointer: its findings, in order}, findings of no tool)."""
    by_name: dict = {}
    for tool in tools:
        by_name.setdefault(tool.name, []).append(tool.pointer)
    owned: dict = {}
    stray = []
    for f in findings:
        owner = next((p for p in by_name.get(f.tool, ()) if f.pointer is not None and _under(f.pointer, p)), None)
        if owner is None:
            stray.append(f)
        else:
            owned.setdefault(owner, []).append(f)
    return owned, stray


def _under(pointer: str, base: str) -> bool:
    return pointer == base or pointer.startswith(base + "/")


def _movable(f, base: str, doc) -> bool:
    if f.related or doc.locate(f.pointer) != (f.line, f.column):
        return False
    fix = f.fix
    return not isinstance(fix, Fix) or all(_under(edit[1], base) for edit in fix.document_edits)


def _moved(f, old: str, new: str, doc):
    """The finding on a tool that was at `old` in the previous text, for the tool at `new` in `doc` (the pointer
    may be the same and the line not: tools before it changed)."""
    pointer = new + f.pointer[len(old):]
    line, column = doc.locate(pointer)
    fix = f.fix
    if isinstance(fix, Fix) and old != new:
        fix = dataclasses.replace(fix, document_edits=tuple(
            (op, new + where[len(old):], value) for op, where, value in fix.document_edits))
    moved = copy.copy(f)  # dataclasses.replace runs __init__ again: a third of the cost of moving a finding
    moved.pointer, moved.line, moved.column, moved.fix = pointer, line, column, fix
    return moved
