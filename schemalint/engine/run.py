"""Run the enabled rules over a catalog and collect findings."""
from __future__ import annotations

import fnmatch
import os
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter

from ..loaders import Catalog
from ..model import Finding, Fix, Tool
from ..sources import pointer as ptr
from ..sources.collector import paused_gc
from .fingerprint import message_fingerprint, portable_path
from .fork import start_streaming_child
from .location import FileLocation, Location
from .registry import rules_for
from .rule import Rule, RuleError
from .walk import ignores_along, output_view, walk_schema

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
_NO_IGNORES: frozenset = frozenset()


@dataclass
class Selection:
    select: list = field(default_factory=list)  # ids or categories; empty means the defaults
    ignore: list = field(default_factory=list)
    severity: dict = field(default_factory=dict)  # rule id or category -> severity or "off"
    per_file_ignores: dict = field(default_factory=dict)  # glob -> [ids or categories]
    options: dict = field(default_factory=dict)  # rule id -> {option: value}
    settings: dict = field(default_factory=dict)  # other run settings rules may read (providers, contracts)
    enable: list = field(default_factory=list)  # opt-in rule ids a command turns on besides the defaults


def enabled_rules(selection: Selection) -> list[Rule]:
    """The rules `selection` turns on, with their options: the registry imports only their modules."""
    return [cls(selection.options.get(rule_id)) for rule_id, cls in rules_for(selection).items()]


class Context:
    """What a rule sees besides the tool: its options, the catalog, and `report`."""

    def __init__(self, catalog: Catalog, selection: Selection, rules: list[Rule]):
        self.catalog = catalog
        self.selection = selection
        self.settings = selection.settings
        self.findings: list[Finding] = []
        self.rules = rules
        self._per_file = list(selection.per_file_ignores.items())
        self._file_ignores: dict[str, set] = {}
        self._files: dict[str, tuple] = {}
        self._tool_ignores: dict[Tool, frozenset] = {}
        self.current_rule: Rule | None = None
        self._cache: dict = {}
        self._unplaced: list[tuple] = []  # (finding, document, pointer) of findings without a position yet

    def cache(self, name: str, build):
        """A value computed once per run and shared by the rules that ask for it by `name` (an analysis, an
        index of tool names): `build()` runs the first time."""
        try:
            return self._cache[name]
        except KeyError:
            value = self._cache[name] = build()
            return value

    def report(self, where, message: str, data: dict | None = None, *, fix=None, severity: str | None = None,
               hint: str | None = None, related=None, rule: Rule | None = None) -> None:
        """Record a finding of the current rule at `where` (a Location, a schema Node, or a Tool for the tool
        itself): `message` is one of the rule's message ids, filled with `data`. `fix` is a Fix, allowed only
        when the rule declares it can fix."""
        rule = rule or self.current_rule
        path = field_name = pointer = position = param = None
        if isinstance(where, FileLocation):
            self._report_in_file(where, rule, message, data or {}, severity, hint)
            return
        if isinstance(where, Location):
            tool, path, field_name, pointer, position = where.tool, where.path, where.field, where.pointer, \
                where.position
            param = where.param
        elif isinstance(where, Tool):
            tool = where
        else:  # a schema node
            tool, path, param = where.tool, where.path, where.param
        template = rule.messages.get(message)
        if template is None:
            raise RuleError(f"rule {rule.id} reported the message id {message!r}, which it does not declare")
        message_id, data = message, data or {}
        message = template.format_map(data)
        ignored = self._ignores_along(tool, path or ())
        if ignored and (rule.id in ignored or rule.category in ignored or "*" in ignored):
            return
        file_info = self._files.get(tool.file)
        if file_info is None:
            file_info = self._file_info(tool.file)
        file, portable, file_ignored = file_info
        if file_ignored and (rule.id in file_ignored or rule.category in file_ignored):
            return
        path_pointer = None  # the pointer of `path` in the input schema, when it is the finding's
        if pointer is None:
            if path is not None:
                pointer = path_pointer = tool.schema_ptr(path)
            elif field_name is not None:
                pointer = tool.field_ptr(field_name)
            else:
                pointer = tool.pointer
        unplaced = False
        if position:
            line, column = position
        elif self.catalog.line_ignores:  # a line's suppression comment is read against the finding's line now
            line, column = tool.document.locate(pointer)
        else:
            line = column = None  # placed by `place_findings`, with the other findings of its file
            unplaced = True
        if self.catalog.line_ignores:
            line_ignored = self.catalog.line_ignores.get((tool.file, line))
            if line_ignored is not None and (not line_ignored or rule.id in line_ignored
                                             or rule.category in line_ignored):
                return
        # the user's configured severity wins over the one a rule picks for this finding
        configured = self.selection.severity
        sev = (configured and (configured.get(rule.id) or configured.get(rule.category))) or severity or rule.severity
        if isinstance(fix, Fix):
            if rule.fixability() == "never":
                raise RuleError(f"rule {rule.id} reported a fix but declares fixable = \"never\"")
            edits = fix.edits
            if edits.__class__ is list and len(edits) == 1:  # most fixes: no generator
                edit = edits[0]
                placed = ((edit.op, _edit_pointer(tool, edit, path, path_pointer), edit.value),)
            else:
                placed = tuple((e.op, _edit_pointer(tool, e, path, path_pointer), e.value) for e in edits)
            fix = Fix(edits, fix.description, fix.unsafe, placed, tool.file, tool.editable)
        tool_name = tool.name if isinstance(tool.name, str) else None
        fingerprint = message_fingerprint(rule.id, portable, tool_name, param, message_id,
                                          rule.identity(message_id, data))
        fixable = isinstance(fix, Fix) and tool.editable
        finding = Finding(  # by position, in the order of the fields: a finding per node on large catalogs
            rule.id, rule.category, sev, message, file, line, column, tool_name, param,
            None if tool.document.kind == "python" else pointer, fixable, hint or rule.hint, fingerprint,
            rule.points(sev), related or (), fix, fingerprint, message_id, data or {})
        self.findings.append(finding)
        if unplaced:
            self._unplaced.append((finding, tool.document, pointer))

    def place_findings(self) -> None:
        """Give the findings reported since the last call their line and column. Positions are looked up
        together, after the rules that reported them ran: the look-ups then find the text and the locator's
        listings in the processor's caches (about half the cost of looking each up as it is reported, between
        rules). Called once a file's tools are done, and before findings leave the process."""
        unplaced = self._unplaced
        if unplaced:
            self._unplaced = []
            documents = {}
            for finding, document, pointer in unplaced:
                finding.line, finding.column = document.locate(pointer)
                documents[id(document)] = document
            for document in documents.values():  # these nodes are not asked for again: one large file would keep
                document.forget_located()        # a position per finding until its last tool is linted

    def _report_in_file(self, where: FileLocation, rule: Rule, message_id: str, data: dict, severity, hint) -> None:
        """A finding about a file rather than a tool in it (a file that could not be parsed)."""
        template = rule.messages.get(message_id)
        if template is None:
            raise RuleError(f"rule {rule.id} reported the message id {message_id!r}, which it does not declare")
        message = template.format_map(data)
        file_info = self._files.get(where.path) or self._file_info(where.path)
        file, portable, file_ignored = file_info
        if file_ignored and (rule.id in file_ignored or rule.category in file_ignored):
            return
        configured = self.selection.severity
        sev = (configured and (configured.get(rule.id) or configured.get(rule.category))) or severity or rule.severity
        fingerprint = message_fingerprint(rule.id, portable, None, None, message_id, rule.identity(message_id, data))
        self.findings.append(Finding(
            rule=rule.id, category=rule.category, severity=sev, message=message, file=file, line=where.line,
            column=where.column, tool=None, param=None, pointer=None, fixable=False, hint=hint or rule.hint,
            fingerprint=fingerprint, base_fingerprint=fingerprint, penalty=rule.points(sev), related=(), fix=None,
            message_id=message_id, data=data))

    def _ignores_along(self, tool: Tool, path: tuple) -> frozenset:
        tool_ignored = self._tool_ignores.get(tool)
        if tool_ignored is None:  # the tool's own suppressions, once per tool (most have none: one shared set)
            tool_ignored = self._tool_ignores[tool] = tool.ignored() or _NO_IGNORES
        return ignores_along(tool, path, tool_ignored)

    def _file_info(self, path: str) -> tuple:
        """(display path, repository-relative path, per-file ignores) of a file, once per run."""
        display = display_path(path)
        info = (display, portable_path(display), self._ignored_for_file(path))
        self._files[path] = info
        return info

    def _ignored_for_file(self, path: str) -> set:
        cached = self._file_ignores.get(path)
        if cached is None:
            cached = set()
            norm = display_path(path)
            for pattern, ids in self._per_file:
                if fnmatch.fnmatch(norm, pattern) or fnmatch.fnmatch(os.path.basename(norm), pattern):
                    cached.update(ids)
            self._file_ignores[path] = cached
        return cached


def _edit_pointer(tool: Tool, edit, path: tuple | None, path_pointer: str | None) -> str:
    """The document pointer an edit of a fix changes: `path_pointer`, the finding's own pointer string, when the
    edit is at the finding's schema path `path` (most fixes change the node they are about): one string for both."""
    if edit.target == "schema":
        edit_path = tuple(edit.path)
        if path_pointer is not None and edit_path == path and all(map(_same_type, edit_path, path)):
            return path_pointer  # (1 == True: a token's type is part of the pointer it writes)
        return tool.schema_ptr(edit_path)
    return ptr.join(tool.field_ptr(edit.path[0]), *edit.path[1:])


def _same_type(a, b) -> bool:
    return a.__class__ is b.__class__


def display_path(path: str) -> str:
    """Paths as the user would type them: relative to the current folder when inside it. A live server's
    document (`mcp:<name>`) is no path."""
    if path == "-" or path.startswith("mcp:"):
        return path
    return _display_path(os.getcwd(), path)


@lru_cache(maxsize=4096)
def _display_path(cwd: str, path: str) -> str:
    rel = os.path.relpath(path, cwd)
    return os.path.normpath(path) if rel.startswith("..") else rel


def lint(catalog: Catalog, selection: Selection, jobs: int = 1) -> list[Finding]:
    """The findings of the enabled rules over `catalog`. One process unless `jobs` >= 2 and the catalog is large
    (PARALLEL_MIN_TOOLS): as a library call (fix and generate lint again and again) it never forks."""
    with paused_gc():
        return _lint(catalog, selection, jobs)


def _lint(catalog: Catalog, selection: Selection, jobs: int = 1) -> list[Finding]:
    rules = enabled_rules(selection)
    ctx = Context(catalog, selection, rules)
    tool_rules = [r for r in rules if _overrides(r, "check_tool")]
    node_rules = [r for r in rules if _overrides(r, "check_node")]
    by_kind, on_node = _node_dispatch(node_rules, "node_kinds", ctx)
    output_by_kind, on_output_node = _node_dispatch(node_rules, "output_kinds", ctx)

    def per_tool(tools):
        done_with = None  # the file of the tools before: its positions are forgotten once its tools are linted
        for tool in tools:
            if tool.document is not done_with:
                if done_with is not None:
                    ctx.place_findings()
                    done_with.forget_positions()
                done_with = tool.document
            for r in tool_rules:
                ctx.current_rule = r
                r.check_tool(tool, ctx)
            if by_kind:
                walk_schema(tool, on_node)
            if output_by_kind:
                view = output_view(tool)
                if view is not None:
                    walk_schema(view, on_output_node, "outputSchema")
        ctx.place_findings()
        return [tool.tokens for tool in tools]  # counted by the cost rules with the configured tokenizer

    catalog_rules = [r for r in rules if _overrides(r, "check_catalog")]

    def per_catalog():
        for r in catalog_rules:
            ctx.current_rule = r
            r.check_catalog(catalog.tools, ctx)
        ctx.place_findings()

    run_split(catalog.tools, per_tool, per_catalog, ctx, jobs, adopt=_adopt_tokens)
    sort_findings(ctx.findings)
    return ctx.findings


def _adopt_tokens(tools: list, counts: list) -> None:
    """The token counts a child made for `tools`: counted again here, they would be the estimate's rather than
    the configured tokenizer's (scoring counts the tools no rule counted)."""
    for tool, count in zip(tools, counts):
        if tool.tokens is None:
            tool.tokens = count


_ORDER_KEYS = tuple(attrgetter(name) for name in ("rule", "column", "line", "file"))


def sort_findings(findings: list[Finding]) -> None:
    """Sort in place by (file, line, column, rule), keeping the order of findings equal in all four: one
    stable sort per field, the last field first. The same order as one sort by the tuple, without a key tuple per
    finding (about 25 MiB at 300,000 findings, at the run's peak) and in about a third of the time."""
    for key in _ORDER_KEYS:
        findings.sort(key=key)


def _node_dispatch(node_rules: list[Rule], kinds: str, ctx: Context):
    """The node rules by the node kinds they ask for (their `kinds` attribute: node_kinds or output_kinds), and
    the walk's callback that runs them on a node.

    A rule with `node_keys` runs only on the nodes whose schema, a dict, has one of those keys; a node whose schema
    is not a dict (`true`, a string) goes to every rule of its kind, as it did before node_keys. Which rules a
    dict node gets depends only on which of the kind's wanted keys it has: that list is worked out once per
    combination of them (a handful per run), so a node pays one small set intersection, not a test per rule.
    The rules run in the order they were given, so findings come out in the same order."""
    by_kind: dict[str, list[tuple]] = {}
    for r in node_rules:
        keys = getattr(r, "node_keys", None)
        keys = None if keys is None else frozenset(keys)
        for kind in getattr(r, kinds):
            by_kind.setdefault(kind, []).append((r, r.check_node, keys))
    plans = {}
    for kind, entries in by_kind.items():
        every = tuple((r, check) for r, check, _ in entries)
        wanted = frozenset().union(*(keys for _, _, keys in entries if keys is not None))
        # wanted keys the node has -> the rules to call
        plans[kind] = (every, wanted, {}, entries)

    def on_node(node):
        plan = plans.get(node.kind)
        if plan is None:
            return
        calls, wanted, by_present, entries = plan
        schema = node.schema
        if wanted and isinstance(schema, dict):
            present = wanted.intersection(schema)
            calls = by_present.get(present)
            if calls is None:
                calls = by_present[present] = tuple(
                    (r, check) for r, check, keys in entries if keys is None or not keys.isdisjoint(present))
        for r, check_node in calls:
            ctx.current_rule = r
            check_node(node, ctx)

    return by_kind, on_node


def _overrides(rule: Rule, hook: str) -> bool:
    return hasattr(type(rule), hook)


# below this many tools a second process costs more than it saves
PARALLEL_MIN_TOOLS = 1500


def default_jobs() -> int:
    """Processes a command-line run uses when `--jobs` is not given: two when this process may run on two CPUs and
    one of them is left idle by the processes running now (this one included), else one. (The count is the
    host's: a container's CPU quota is not read.) A second process only pays on an idle core:
    on a busy machine it waits for one and slows the run. The report is the same either way."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cpus = os.cpu_count() or 1
    if cpus < 2 or not hasattr(os, "fork"):
        return 1
    return 2 if others_running() < cpus - 1 else 1


def others_running() -> float:
    """How many other processes are running or waiting for a CPU now (Linux's /proc/loadavg counts this one too);
    elsewhere the one-minute load average, which lags."""
    try:
        with open("/proc/loadavg", "rb") as fh:
            return int(fh.read().split()[3].split(b"/")[0]) - 1
    except (OSError, IndexError, ValueError):
        try:
            return os.getloadavg()[0]
        except OSError:
            return float("inf")
# tools are handed out in chunks; at most this many, so the queue of chunk numbers fits in a pipe's buffer
MAX_CHUNKS = 4096
MIN_CHUNK = 32


def run_split(tools: list, per_tool, per_catalog, ctx: Context, jobs: int = 2, adopt=None) -> None:
    """Run the per-tool rules over `tools`, then the cross-tool rules (`per_catalog`), leaving the findings in
    `ctx.findings` in that order. What `per_tool(chunk)` returns is what it learned about the chunk's tools
    besides findings: for a chunk the child linted, it is handed to `adopt(chunk, value)` here.

    On large catalogs a forked child shares the work: the tools are cut into chunks whose numbers wait in a
    pipe; the child takes chunks from the start while this process runs the cross-tool rules and then takes
    chunks too, so neither waits for the other whatever the mix of rules. The child hands over each chunk's
    findings as soon as it is done (only what a child that fails did not finish is done again here). Findings
    are put back together in chunk order, the order a single process produces. Per-tool checks keep no state across tools, so
    splitting changes nothing but the wall time.
    """
    threading = sys.modules.get("threading")  # not imported: no other thread runs
    if jobs < 2 or len(tools) < PARALLEL_MIN_TOOLS or not hasattr(os, "fork") \
            or (threading is not None and threading.active_count() > 1):  # a lock another thread holds would
        per_tool(tools)                                                     # never be released in the child
        per_catalog()
        return
    size = max(MIN_CHUNK, -(-len(tools) // MAX_CHUNKS))
    chunks = [tools[i:i + size] for i in range(0, len(tools), size)]
    queue_read, queue_write = os.pipe()
    os.write(queue_write, b"".join(i.to_bytes(2, "little") for i in range(len(chunks))))
    os.close(queue_write)
    before = ctx.findings
    child = start_streaming_child(lambda send: _take_chunks(queue_read, chunks, per_tool, ctx, send))
    ctx.findings = []
    done: dict = {}

    def from_child(sent: list) -> None:
        for index, findings, learned in sent:
            done[index] = findings
            if adopt is not None:
                adopt(chunks[index], learned)

    def keep(done_here: tuple) -> None:  # a chunk linted here; and the child's come so far
        index, findings, _ = done_here  # what linting it taught is on this process's tools already
        done[index] = findings
        from_child(child.take())

    try:
        per_catalog()
        catalog_findings = ctx.findings
        _take_chunks(queue_read, chunks, per_tool, ctx, keep)
    finally:
        os.close(queue_read)
        from_child(child.finish())  # waited for, even when a rule failed here
    for index, chunk in enumerate(chunks):  # chunks a failed child took and did not finish
        if index not in done:
            ctx.findings = []
            per_tool(chunk)
            done[index] = ctx.findings
    ctx.findings = before
    for index in range(len(chunks)):
        ctx.findings.extend(done[index])
    ctx.findings.extend(catalog_findings)


def _take_chunks(queue: int, chunks: list, per_tool, ctx: Context, keep) -> None:
    """Lint chunks whose numbers this process reads from the shared queue until it is empty, passing each chunk's
    `(number, findings, what per_tool returned)` to `keep`. Reads of two bytes from a pipe are atomic, so each
    chunk goes to exactly one process."""
    while True:
        record = os.read(queue, 2)
        if not record:
            return
        index = int.from_bytes(record, "little")
        ctx.findings = []
        learned = per_tool(chunks[index])
        keep((index, ctx.findings, learned))
