"""Run a diff: read both sides, compare them with the one comparison core, place and classify each change.

Below the command line: `run_diff` takes what the user named and the settings, and returns a `DiffResult`
that every reporter reads. Nothing here prints.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field

import orjson

from ..errors import SchemalintError
from ..compare.changes import CHANGES, LEVELS
from ..compare.tools import ToolChange, compare_catalogs
from ..engine.run import display_path
from .sides import Side, SideError, read_side

FAIL_ON = ("breaking", "behavioural", "any", "never")
_RANK = {level: i for i, level in enumerate(LEVELS)}


class DiffError(SchemalintError):
    """A diff that cannot be run (a side unreadable, sides of different kinds); str() is the one-line cause."""


@dataclass
class Place:
    file: str
    line: int
    column: int


@dataclass
class Entry:
    """One reported change, placed: `head` in HEAD (None for removals), `base` in BASE (None for additions)."""

    tool_change: ToolChange
    level: str
    fingerprint: str
    head: Place | None
    base: Place | None
    extra: dict = field(default_factory=dict)  # token and score deltas of description changes

    @property
    def change(self):
        return self.tool_change.change

    @property
    def place(self) -> Place | None:
        """Where a report points: HEAD's line, or BASE's for what HEAD no longer has."""
        return self.head or self.base


@dataclass
class DiffResult:
    base: Side
    head: Side
    entries: list[Entry]
    accepted: list[Entry] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def count(self, level: str) -> int:
        return sum(1 for e in self.entries if e.level == level)

    def summary(self) -> dict:
        out = {"tools_before": len(self.base.tools), "tools_after": len(self.head.tools)}
        out.update({level: self.count(level) for level in LEVELS})
        return out


@dataclass
class DiffSettings:
    levels: dict = field(default_factory=dict)  # change id -> level, from the configuration
    accepted: dict = field(default_factory=dict)  # fingerprint -> accept record
    input_format: str | None = None
    score_descriptions: bool = True


def fails(result: DiffResult, fail_on: str) -> bool:
    if fail_on == "never":
        return False
    if fail_on == "any":
        return bool(result.entries)
    limit = _RANK[fail_on]
    return any(_RANK[e.level] <= limit for e in result.entries)


def resolve_sides(base: str, head: str | None) -> tuple[str, str]:
    """`diff REF` alone compares the current folder at REF with the working tree."""
    return base, head if head is not None else "."


def run_diff(base_spec: str, head_spec: str, settings: DiffSettings) -> DiffResult:
    from ..sources.collector import paused_gc

    with paused_gc():  # two documents parsed and drafted, many objects, no cycles: see sources.collector
        head_side = _read(head_spec, [base_spec], settings)
        base_side = _read(base_spec, _paths_of(head_spec), settings, head_side)
        return diff_sides(base_side, head_side, settings)


def diff_sides(base_side: Side, head_side: Side, settings: DiffSettings) -> DiffResult:
    _check_kinds(base_side, head_side)
    base_tools, head_tools, notes = _drop_unreadable(base_side, head_side)
    result = DiffResult(base_side, head_side, [], notes=notes + base_side.notes + head_side.notes,
                        problems=base_side.problems + head_side.problems)
    for tool_change in compare_catalogs(base_tools, head_tools):
        kind = tool_change.change.change
        level = settings.levels.get(kind) or CHANGES[kind].level
        entry = Entry(tool_change, level, change_fingerprint(tool_change), _place(tool_change.head,
                      tool_change.head_pointer), _place(tool_change.base, tool_change.base_pointer))
        (result.accepted if entry.fingerprint in settings.accepted else result.entries).append(entry)
    if settings.score_descriptions:
        _describe_text_changes(result.entries)
    return result


def _read(spec: str, other: list[str], settings: DiffSettings, read: Side | None = None) -> Side:
    try:
        return read_side(spec, _paths_of_other(other), settings.input_format, read)
    except SideError as exc:
        raise DiffError(str(exc)) from None


def _paths_of(spec: str) -> list[str]:
    """The paths a bare git ref on the other side is read at: this side's path, or the current folder."""
    if spec == "-" or os.path.exists(spec):
        return [spec] if spec != "-" else ["."]
    ref, sep, path = spec.partition(":")
    return [path] if sep and ref and path else ["."]


def _paths_of_other(specs: list[str]) -> list[str]:
    out = []
    for spec in specs:
        out.extend(_paths_of(spec))
    return out or ["."]


def _check_kinds(base: Side, head: Side) -> None:
    kinds = {base.kind, head.kind}
    if "openapi" in kinds and len(kinds) > 1:
        openapi, other = (base, head) if base.kind == "openapi" else (head, base)
        raise DiffError(f"{openapi.label} is an OpenAPI document and {other.label} is a tool catalog: diff compares "
                        f"two versions of the same kind; to check a catalog against its backend contract run "
                        f"`schemalint check {other.label} --contract {openapi.label}`")


def _drop_unreadable(base: Side, head: Side) -> tuple[list, list, list[str]]:
    """Leave out, on both sides, the files that one side could not read: their tools would look removed or
    added when they only failed to parse."""
    bad = {p.split(":", 1)[0] for p in base.problems + head.problems}
    if not bad:
        return base.tools, head.tools, []
    keep_base = [t for t in base.tools if display_path(t.file) not in bad]
    keep_head = [t for t in head.tools if display_path(t.file) not in bad]
    return keep_base, keep_head, [f"not compared: {path} (it cannot be read on one side)" for path in sorted(bad)]


def _place(tool, pointer) -> Place | None:
    if tool is None or pointer is None:
        return None
    line, column = tool.document.locate(pointer)
    return Place(display_path(tool.file), line, column)


def change_fingerprint(tool_change: ToolChange) -> str:
    """What identifies a change across runs: its id, the tool, the parameter and what changed there (the
    change's own data: the values removed, the old and new default; its message where it has none), never the
    file or the line. Accepting a change records this; a different change on the same parameter later (another
    default, another removed value) has another fingerprint and is reported."""
    change = tool_change.change
    what = change.detail or change.message
    key = orjson.dumps([change.change, tool_change.tool, change.param, what],
                       option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS, default=repr)
    return hashlib.sha256(key).hexdigest()[:16]


def _describe_text_changes(entries: list[Entry]) -> None:
    """A description change says what it costs: the tool's tokens and prompt score before and after."""
    text = [e for e in entries if e.level == "description" and e.tool_change.base and e.tool_change.head]
    if not text:
        return
    from ..tokens import tool_tokens

    pairs = {id(e.tool_change.base): (e.tool_change.base, e.tool_change.head) for e in text}
    scores = _scores([b for b, _ in pairs.values()]), _scores([h for _, h in pairs.values()])
    for entry in text:
        base, head = entry.tool_change.base, entry.tool_change.head
        entry.extra["tokens"] = {"before": tool_tokens(base), "after": tool_tokens(head)}
        before, after = scores[0].get(id(base)), scores[1].get(id(head))
        if before is not None and after is not None:
            entry.extra["score"] = {"before": before, "after": after}


def _scores(tools: list) -> dict:
    """Prompt scores of `tools`, linted together with the default rules, by tool identity."""
    from ..engine.run import Selection, lint
    from ..loaders import Catalog
    from ..score import score_tools

    catalog = Catalog()
    catalog.tools = list(tools)
    selection = Selection(settings={"providers": [], "contracts": [], "contract_auth": {}, "mappings": {},
                                    "config_dir": os.getcwd(), "config_path": None})
    scores = score_tools(catalog.tools, lint(catalog, selection), display_path)
    return {id(tool): score.score for tool, score in zip(catalog.tools, scores)}
