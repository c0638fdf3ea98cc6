"""Run the enabled rules over a catalog and collect findings."""
from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from functools import lru_cache

from ..loaders import Catalog
from ..model import Finding, Fix, Tool
from ..sources import pointer as ptr
from ..sources.collector import paused_gc
from .fingerprint import portable_fingerprint, portable_path
from .registry import all_rules
from .rule import Rule
from .walk import ignores_along, walk_schema

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


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
    rules = []
    for rule_id, cls in all_rules().items():
        keys = (rule_id, cls.category)
        if selection.select and not any(k in selection.select for k in keys) and "ALL" not in selection.select:
            continue
        if not selection.select and getattr(cls, "opt_in", False) and rule_id not in selection.enable:
            continue
        if any(k in selection.ignore for k in keys):
            continue
        if selection.severity.get(rule_id, selection.severity.get(cls.category)) == "off":
            continue
        rules.append(cls(selection.options.get(rule_id)))
    return rules


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

    def report(self, tool: Tool, message: str, *, node=None, path: tuple | None = None, field_name: str | None = None,
               param: str | None = None, pointer: str | None = None, hint: str | None = None,
               severity: str | None = None, rule: Rule | None = None, fix=None, related=None,
               position: tuple | None = None) -> None:
        rule = rule or self.current_rule
        if node is not None:
            path = node.path
            param = param if param is not None else node.param
        ignored = self._ignores_along(tool, path or ())
        if ignored and (rule.id in ignored or rule.category in ignored or "*" in ignored):
            return
        file_info = self._files.get(tool.file)
        if file_info is None:
            file_info = self._file_info(tool.file)
        file, portable, file_ignored = file_info
        if file_ignored and (rule.id in file_ignored or rule.category in file_ignored):
            return
        if pointer is None:
            if path is not None:
                pointer = tool.schema_ptr(path)
            elif field_name is not None:
                pointer = tool.field_ptr(field_name)
            else:
                pointer = tool.pointer
        line, column = position or tool.document.locate(pointer)
        if self.catalog.line_ignores:
            line_ignored = self.catalog.line_ignores.get((tool.file, line))
            if line_ignored is not None and (not line_ignored or rule.id in line_ignored
                                             or rule.category in line_ignored):
                return
        # the user's configured severity wins over the one a rule picks for this finding
        configured = self.selection.severity
        sev = (configured and (configured.get(rule.id) or configured.get(rule.category))) or severity or rule.severity
        if isinstance(fix, Fix):
            fix.path, fix.editable = tool.file, tool.editable
            fix.document_edits = [(e.op, tool.schema_ptr(tuple(e.path)) if e.target == "schema"
                                   else ptr.join(tool.field_ptr(e.path[0]), *e.path[1:]), e.value)
                                  for e in fix.edits]
        self.findings.append(Finding(
            rule=rule.id, category=rule.category, severity=sev, message=message, file=file, line=line,
            column=column, tool=tool.name if isinstance(tool.name, str) else None, param=param,
            pointer=None if tool.document.kind == "python" else pointer, fixable=rule.fixable and fix is not False and tool.editable,
            hint=hint or rule.hint, fingerprint=portable_fingerprint(rule.id, portable, tool.name, param, message),
            penalty=rule.points(sev), related=related or [], fix=fix,
        ))

    def _ignores_along(self, tool: Tool, path: tuple) -> frozenset:
        tool_ignored = self._tool_ignores.get(tool)
        if tool_ignored is None:  # the tool's own suppressions, once per tool
            tool_ignored = self._tool_ignores[tool] = tool.ignored()
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


def display_path(path: str) -> str:
    """Paths as the user would type them: relative to the current folder when inside it."""
    if path == "-":
        return path
    return _display_path(os.getcwd(), path)


@lru_cache(maxsize=4096)
def _display_path(cwd: str, path: str) -> str:
    rel = os.path.relpath(path, cwd)
    return os.path.normpath(path) if rel.startswith("..") else rel


def lint(catalog: Catalog, selection: Selection) -> list[Finding]:
    with paused_gc():
        return _lint(catalog, selection)


def _lint(catalog: Catalog, selection: Selection) -> list[Finding]:
    rules = enabled_rules(selection)
    ctx = Context(catalog, selection, rules)
    tool_rules = [r for r in rules if _overrides(r, "check_tool")]
    node_rules = [r for r in rules if _overrides(r, "check_node")]
    by_kind: dict[str, list[tuple]] = {}
    for r in node_rules:
        for kind in r.node_kinds:
            by_kind.setdefault(kind, []).append((r, r.check_node))

    def on_node(node):
        for r, check_node in by_kind.get(node.kind, ()):
            ctx.current_rule = r
            check_node(node, ctx)

    def per_tool(tools):
        for tool in tools:
            for r in tool_rules:
                ctx.current_rule = r
                r.check_tool(tool, ctx)
            if by_kind:
                walk_schema(tool, on_node)

    run_split(catalog.tools, per_tool, ctx)
    for r in rules:
        if _overrides(r, "check_catalog"):
            ctx.current_rule = r
            r.check_catalog(catalog.tools, ctx)
    ctx.findings.sort(key=lambda f: (f.file, f.line, f.column, f.rule))
    return ctx.findings


def _overrides(rule: Rule, hook: str) -> bool:
    return hasattr(type(rule), hook)


# below this many tools a second process costs more than it saves
PARALLEL_MIN_TOOLS = 1500


def run_split(tools: list, per_tool, ctx: Context) -> None:
    """Run the per-tool rules, on large catalogs in two processes: a forked child takes the second half
    and sends its findings back; they are appended in the same order a single process would produce.

    Per-tool checks keep no state across tools (cross-tool rules run in check_catalog, in this
    process), so splitting changes nothing but the wall time.
    """
    if len(tools) < PARALLEL_MIN_TOOLS or not hasattr(os, "fork") or (os.cpu_count() or 1) < 2 \
            or os.environ.get("SCHEMALINT_WORKERS") == "1":
        per_tool(tools)
        return
    import pickle

    half = len(tools) // 2
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: lint the second half, send the findings, leave without cleanup
        os.close(read_end)
        status = 0
        try:
            ctx.findings = []
            per_tool(tools[half:])
            payload = pickle.dumps(ctx.findings, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:  # noqa: BLE001 - the parent redoes this half itself
            payload, status = b"", 1
        with os.fdopen(write_end, "wb") as out:
            out.write(payload)
        os._exit(status)
    os.close(write_end)
    per_tool(tools[:half])
    with os.fdopen(read_end, "rb") as inp:
        payload = inp.read()
    _, status = os.waitpid(pid, 0)
    if status == 0 and payload:
        ctx.findings.extend(pickle.loads(payload))
    else:
        per_tool(tools[half:])
