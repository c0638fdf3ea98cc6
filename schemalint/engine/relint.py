"""Lint successive versions of one catalog text, running the per-tool rules again only on tools that changed.

Between two versions most tools are unchanged: `generate` lints its rendered output, repairs what the rules find,
and lints again (on Stripe's spec: 464 tools, then 164 changed, then 5); the language server lints a buffer at
every pause in typing, where one tool changed. The enabled rules are split in two:

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
import json.decoder
import json.scanner
import os
import re
import threading
from array import array
from collections import Counter

import orjson

from .fork import NO_RESULT, start_in_child
from .run import Selection, enabled_rules, lint, sort_findings
from ..loaders import Catalog
from ..loaders.formats import find_tools
from ..model import Fix
from ..sources import parse_text

_scan = json.scanner.make_scanner(json.decoder.JSONDecoder())  # (value, end) of the JSON value at an offset

# per-tool rules whose findings on a tool depend on other tools: confusable siblings (description-*), the tools a
# parameter's value may come from (id-without-source), folders of generated snapshots (buried-required-param),
# whether a Docker catalog file records array items at all (array-without-items)
CATALOG_READERS = frozenset({
    "array-without-items", "buried-required-param", "description-restates-name", "description-too-short",
    "id-without-source",
})


# fewer fresh tools than this are linted in this process: a fork costs more than they take
FORK_MIN_TOOLS = 40


def is_local(rule) -> bool:
    return not hasattr(type(rule), "check_catalog") and rule.id not in CATALOG_READERS


class Relinter:
    def __init__(self, selection: Selection, path: str = "generated.json"):
        rules = enabled_rules(selection)
        local = [r.id for r in rules if is_local(r)]
        whole = [r.id for r in rules if not is_local(r)]
        self.local = dataclasses.replace(selection, ignore=[*selection.ignore, *whole])
        self.whole = dataclasses.replace(selection, ignore=[*selection.ignore, *local])
        self.path = path
        self.last: tuple | None = None  # (text, its (catalog, findings)) of the last lint
        # tool key -> (tool pointer, the local rules' findings on it, _Spans.start, its text)
        self.known: dict = {}

    def lint(self, text: str, catalog: Catalog | None = None):
        """(catalog, findings) of `text`, as `lint_text` gives them; `catalog` is the text's, when the caller has
        read it already (one JSON or YAML document)."""
        if self.last is not None and self.last[0] == text:  # a pass that changed nothing: the same findings
            return self.last[1]
        if catalog is None:
            doc = parse_text(self.path, text)
            found = find_tools(doc)
            catalog = Catalog(tools=found.tools, documents=[doc], notes=found.notes)
        doc = catalog.documents[0]
        pointers = Counter(tool.pointer for tool in catalog.tools)
        # tools sharing one pointer (a catalog inside a JSON string) cannot be told apart by their findings
        keys = [None if pointers[tool.pointer] > 1 else _key(tool) for tool in catalog.tools]
        fresh = [tool for tool, key in zip(catalog.tools, keys) if key is None or key not in self.known]
        local = Catalog(tools=fresh, documents=[doc], notes=list(catalog.notes))
        # the two halves on both cores when each is worth a process; the whole-catalog half stays here, where the
        # work shared across passes (contract.load.shared_work) is kept
        local_findings = _in_child(lambda: lint(local, self.local), fork=len(fresh) >= FORK_MIN_TOOLS)
        try:
            findings = lint(catalog, self.whole)
        finally:
            mine_fresh = local_findings()  # the child is waited for whatever happened here
        owned, stray = _by_tool(fresh, mine_fresh)
        spans = _Spans(doc)
        known: dict = {}
        for tool, key in zip(catalog.tools, keys):
            start = spans.start(tool.pointer)
            if key is not None and key in self.known:
                pointer, before, was, source = self.known[key]
                if source is not None and start is not None and start[1] == was[1] \
                        and text.startswith(source, start[2]):
                    # the same text at the same indentation: every finding is as many lines down as the tool
                    mine = [_moved(f, pointer, tool.pointer, line=f.line + start[0] - was[0]) for f in before]
                else:
                    mine = [_moved(f, pointer, tool.pointer, doc=doc) for f in before]
                    source = spans.source(start)
            else:
                mine = owned.pop(tool.pointer, [])  # once, for tools sharing a pointer
                if key is None or not all(_movable(f, tool.pointer, doc) for f in mine):
                    findings.extend(mine)
                    continue
                source = spans.source(start)
            findings.extend(mine)
            known[key] = (tool.pointer, mine, start, source)
        findings.extend(stray)
        sort_findings(findings)
        # a finding not traced to its tool could belong to any: lint every tool again next pass
        self.known = {} if stray else known
        self.last = (text, (catalog, findings))
        return catalog, findings


class _Spans:
    """Where tools are in a document's text: their first line, column and offset, and their text."""

    def __init__(self, doc):
        self.doc = doc
        self.text = doc.text or ""
        self._line_starts: array | None = None

    def start(self, pointer: str) -> tuple | None:
        """(line, column, offset) of the object at `pointer`, None when it is not an object written there."""
        line, column = self.doc.locate(pointer)
        if self._line_starts is None:
            self._line_starts = array("q", [0])
            self._line_starts.extend(m.end() for m in re.finditer("\n", self.text))
        if line > len(self._line_starts):
            return None
        offset = self._line_starts[line - 1] + column - 1
        return (line, column, offset) if self.text[offset:offset + 1] == "{" else None

    def source(self, start: tuple | None) -> str | None:
        """The text of the JSON object at `start`."""
        if start is None:
            return None
        try:
            _, end = _scan(self.text, start[2])
        except (StopIteration, ValueError):
            return None
        return self.text[start[2]:end]


def _in_child(work, fork: bool = True):
    """Start `work()` in a forked process: a function that returns its result once done (computed here instead
    when `fork` is false, there is no fork or no second CPU, or the child fails)."""
    # a fork copies only the calling thread: with others running (a library caller's, the language server's), a
    # lock one of them holds would never be released in the child
    if not fork or not hasattr(os, "fork") or (os.cpu_count() or 1) < 2 or threading.active_count() > 1:
        done = work()
        return lambda: done
    child = start_in_child(work, deadline=False)  # no other thread: nothing can leave it stuck

    def result():
        value = child()
        return work() if value is NO_RESULT else value

    return result


def _key(tool) -> tuple | None:
    """What the local rules see of a tool; None when it cannot be serialized (its findings are not kept), or when
    its schema is not its own text: a Docker catalog's loader decides each tool's `required` from the whole list."""
    if tool.format == "docker-mcp":
        return None
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


def _moved(f, old: str, new: str, doc=None, line: int | None = None):
    """The finding on a tool that was at `old` in the previous text, for the tool at `new`: on `line`, or where
    `doc` places its pointer (the pointer may be the same and the line not: tools before it changed)."""
    pointer = new + f.pointer[len(old):]
    column = f.column
    if line is None:
        line, column = doc.locate(pointer)
    fix = f.fix
    if isinstance(fix, Fix) and old != new:
        fix = dataclasses.replace(fix, document_edits=tuple(
            (op, new + where[len(old):], value) for op, where, value in fix.document_edits))
    moved = copy.copy(f)  # dataclasses.replace runs __init__ again: a third of the cost of moving a finding
    moved.pointer, moved.line, moved.column, moved.fix = pointer, line, column, fix
    return moved
