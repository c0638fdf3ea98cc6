"""`diff BASE HEAD --calls LOG`: how many recorded calls each breaking or behavioural change touches.

A call touches a change of its tool (by BASE name) when: the change is about the whole tool (removed, renamed);
a parameter became required and the call leaves it out; a parameter was removed or renamed and the call sends it;
otherwise the call sends the parameter with a value BASE's schema node accepts and HEAD's rejects (a bound tightened, a type narrowed,
an enum value removed). Each such entry gets `calls` (and the text report says how many), so a breaking change
nobody uses is told apart from one that breaks a third of the traffic.
"""
from __future__ import annotations

from collections import Counter

from .events import Call
from .formats import extract
from .pairing import Pairer
from .schema import first_violation, node_at, normalized, schema_path, validator
from .stream import ReadStats, read_records

MARKED_LEVELS = ("breaking", "behavioural")
_ABSENT_BREAKS = ("required-param-added", "param-now-required")
_PRESENT_BREAKS = ("param-removed", "param-renamed", "param-deprecated")
_MISSING = object()


def mark_calls(result, logs: list[str]) -> ReadStats:
    """Set `extra["calls"]` on every breaking and behavioural entry of a diff result; the read's statistics."""
    by_tool: dict[str, list] = {}
    for entry in result.entries:
        if entry.level in MARKED_LEVELS:
            by_tool.setdefault(entry.tool_change.tool, []).append(entry)
    checks = {id(e): _head_check(e) for entries in by_tool.values() for e in entries}
    touched: Counter = Counter()
    per_tool: Counter = Counter()
    stats = ReadStats()
    pairer = Pairer()

    def count(call: Call) -> None:
        per_tool[call.tool] += 1
        for entry in by_tool.get(call.tool, ()):
            if _touches(entry, call.arguments, checks[id(entry)]):
                touched[id(entry)] += 1

    for path in logs:
        for _, record in read_records(path, stats):
            for event in extract(record, "log"):
                for call in pairer.feed(event):
                    count(call)
    for call in pairer.finish():
        count(call)
    for entries in by_tool.values():
        for entry in entries:
            entry.extra["calls"] = touched[id(entry)]
            entry.extra["calls_to_tool"] = per_tool[entry.tool_change.tool]
    return stats


def _head_check(entry):
    """(BASE's validator, HEAD's validator) of the changed parameter's node, or None."""
    change = entry.change
    if change.param is None or entry.tool_change.head is None or change.change in _ABSENT_BREAKS + _PRESENT_BREAKS:
        return None
    after = _node_check(entry.tool_change.head, change.param)
    return (_node_check(entry.tool_change.base, change.param), after) if after else None


def _node_check(tool, param: str):
    schema = tool.input_schema if tool is not None and isinstance(tool.input_schema, dict) else None
    node = node_at(schema, schema_path(schema, param)) if schema else None
    return validator(normalized(node)) if node else None


def _touches(entry, arguments, check) -> bool:
    change = entry.change
    if change.param is None:
        return True
    values = list(_values(arguments, change.param))
    if change.change in _ABSENT_BREAKS:
        return not values
    if not values:
        return False
    if check is None:
        return True
    before, after = check
    return any(first_violation(after, v) is not None and first_violation(before, v) is None for v in values)


def _values(arguments, param: str):
    """The values the call sends for `param` (`labels[].name`: one per item)."""
    nodes = [arguments]
    for piece in param.split("."):
        items = 0
        while piece.endswith("[]"):
            piece, items = piece[:-2], items + 1
        found = []
        for node in nodes:
            if isinstance(node, dict) and piece in node:
                found.append(node[piece])
        for _ in range(items):
            found = [item for node in found if isinstance(node, list) for item in node]
        nodes = found
    return nodes
