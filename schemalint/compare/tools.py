"""Compare two tool catalogs: match the tools, then compare each matched pair field by field.

Tools are matched by name. A removed and an added tool whose input schemas are the same and whose
descriptions mostly agree are one rename (unambiguous both ways, or not at all). For each matched pair the
input schema is compared with `schemas.compare_views`, the output schema the consumer's way round, and the
tool's own fields (description, title, deprecation, MCP behaviour annotations) here. Every change carries the
document pointers of the node it is about on each side, so a report can give file, line and column.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass

import orjson

from ..model import Tool
from ..sources import pointer as ptr
from .changes import Change
from .render import show_value, value_key
from .schemas import TEXT_SIMILARITY, _structure, compare_views
from .view import view_of

BEHAVIOUR_HINTS = ("readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint")
_OUTPUT_KEYS = ("outputSchema", "output_schema", "response")
_OUTPUT = "@output"  # first token of a path into the output schema


@dataclass
class ToolChange:
    change: Change
    tool: str  # the tool's name in BASE; in HEAD for an addition
    base: Tool | None
    head: Tool | None
    base_pointer: str | None  # the node in BASE's document, None when BASE has no such node
    head_pointer: str | None

    @property
    def level(self) -> str:
        return self.change.level


def _name(tool: Tool) -> str:
    return tool.name if isinstance(tool.name, str) else f"<unnamed tool at {tool.file}#{tool.pointer}>"


def _key(tools: list[Tool]) -> dict:
    """Tools by name; a name listed twice keeps its occurrences apart (`name`, `name#2`, ...)."""
    out: dict = {}
    for tool in tools:
        name = _name(tool)
        key, n = name, 1
        while key in out:
            n += 1
            key = f"{name}#{n}"
        out[key] = tool
    return out


def _align_repeats(before: list[Tool], after: list[Tool]) -> list[Tool]:
    """`after`, where a name is listed more than once, reordered so that a tool equal to one of BASE's takes
    that one's occurrence number (`name#2`): the same tools listed in another order are no change."""
    slots: dict = {}
    for i, tool in enumerate(after):
        slots.setdefault(_name(tool), []).append(i)
    olds: dict = {}
    for tool in before:
        if len(slots.get(_name(tool), ())) > 1:
            olds.setdefault(_name(tool), []).append(definition(tool))
    out = list(after)
    for name, places in slots.items():
        if name not in olds:
            continue
        free = [after[i] for i in places]
        chosen: list = [None] * len(places)
        for k, old in enumerate(olds[name][:len(places)]):
            same = next((t for t in free if definition(t) == old), None)
            if same is not None:
                chosen[k] = same
                free.remove(same)
        for k, place in enumerate(places):
            out[place] = chosen[k] if chosen[k] is not None else free.pop(0)
    return out


def definition(tool: Tool, with_name: bool = True):
    """The parts of a tool that `diff` compares, as one canonical value: equal values, no change."""
    parts = [tool.name, tool.description, tool.input_schema, tool.output_schema, tool.annotations, tool.deprecated,
             tool_title(tool), tool.examples][0 if with_name else 1:]
    try:
        return orjson.dumps(parts, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS, default=repr)
    except TypeError:  # nested deeper than orjson writes (255 levels): equal to nothing, compared field by field
        return object()


def tool_title(tool: Tool):
    title = tool.raw.get("title")
    if title is None and isinstance(tool.annotations, dict):
        title = tool.annotations.get("title")
    return title if isinstance(title, str) else None


def _output_key(tool: Tool) -> str:
    return next((k for k in _OUTPUT_KEYS if k in tool.raw), "outputSchema")


def _pointer(tool: Tool | None, path) -> str | None:
    if tool is None or path is None:
        return None
    if path and path[0] == "@tool":
        return _field_pointer(tool, path[1:])
    if path and path[0] == _OUTPUT:
        if _output_key(tool) not in tool.raw or not tool.editable:
            return tool.pointer
        return ptr.join(tool.field_ptr(_output_key(tool)), *path[1:])
    return tool.schema_ptr(tuple(path))


def _field_pointer(tool: Tool, tokens: tuple) -> str:
    """The tool's own field at `tokens` (("annotations", "title")), or the tool itself where this side has no
    such field: a title added in HEAD has no place in BASE."""
    node = tool.raw
    for token in tokens:
        if not isinstance(node, dict) or token not in node:
            return tool.pointer
        node = node[token]
    if not tokens:
        return tool.pointer
    if not tool.editable:  # a tool inside a JSON string: every pointer is the string's
        return tool.field_ptr(tokens[0])
    return ptr.join(tool.field_ptr(tokens[0]), *tokens[1:])


def _title_path(tool: Tool) -> tuple:
    if isinstance(tool.raw.get("title"), str) or not isinstance(tool.annotations, dict):
        return ("@tool", "title")
    return ("@tool", "annotations", "title")


def _wrap(change: Change, name: str, base: Tool | None, head: Tool | None) -> ToolChange:
    return ToolChange(change, name, base, head, _pointer(base, change.before_path), _pointer(head, change.after_path))


def compare_catalogs(before: list[Tool], after: list[Tool]) -> list[ToolChange]:
    """Every change from the catalog `before` to the catalog `after`, tool by tool in BASE order, then the
    tools only HEAD has."""
    old, new = _key(before), _key(_align_repeats(before, after))
    removed = [k for k in old if k not in new]
    added = [k for k in new if k not in old]
    renamed = _pair_renamed_tools(old, new, removed, added)
    out: list[ToolChange] = []
    for key, tool in old.items():
        if key in new:
            out.extend(compare_tools(tool, new[key], key))
        elif key in renamed:
            target = new[renamed[key]]
            change = Change("tool-renamed", None, f"tool '{key}' was renamed to '{renamed[key]}': calls to "
                            f"'{key}' now fail", before_path=("@tool", "name"), after_path=("@tool", "name"),
                            detail={"renamed_to": renamed[key]})
            out.append(_wrap(change, key, tool, target))
            out.extend(compare_tools(tool, target, key, renamed=True))
        else:
            change = Change("tool-removed", None, f"tool '{key}' was removed: calls to it now fail",
                            before_path=("@tool",))
            out.append(_wrap(change, key, tool, None))
    targets = set(renamed.values())
    for key in added:
        if key not in targets:
            change = Change("tool-added", None, f"new tool '{key}'", after_path=("@tool",))
            out.append(_wrap(change, key, None, new[key]))
    return out


def _pair_renamed_tools(old: dict, new: dict, removed: list, added: list) -> dict:
    if not removed or not added:
        return {}
    shapes = {k: _structure(view_of(new[k].input_schema)) for k in added}
    candidates: dict = {}
    for key in removed:
        tool = old[key]
        shape = _structure(view_of(tool.input_schema))
        for other in added:
            if shapes[other] != shape:
                continue
            ratio = difflib.SequenceMatcher(None, tool.description or "", new[other].description or "").ratio()
            if ratio >= TEXT_SIMILARITY:
                candidates.setdefault(key, []).append(other)
    chosen = {k: v[0] for k, v in candidates.items() if len(v) == 1}
    taken = list(chosen.values())
    return {k: v for k, v in chosen.items() if taken.count(v) == 1}


def compare_tools(before: Tool, after: Tool, name: str | None = None, renamed: bool = False) -> list[ToolChange]:
    """The changes between two versions of one tool (`renamed`: the name change is reported already)."""
    name = name or _name(before)
    if definition(before) == definition(after) or renamed and _same_but_name(before, after):
        return []
    changes: list[Change] = []
    changes.extend(_tool_fields(before, after, name))
    changes.extend(compare_views(view_of(before.input_schema), view_of(after.input_schema)))
    changes.extend(_output(before, after))
    return [_wrap(c, name, before, after) for c in changes]


def _same_but_name(before: Tool, after: Tool) -> bool:
    return definition(before, with_name=False) == definition(after, with_name=False)


def _tool_fields(before: Tool, after: Tool, name: str) -> list[Change]:
    out = []
    at = ("@tool", "description")
    if (before.description or "") != (after.description or ""):
        out.append(Change("description-changed", None, f"the description of tool '{name}' changed",
                          before.description, after.description, at, at))
    if (tool_title(before) or "") != (tool_title(after) or ""):
        out.append(Change("title-changed", None, f"the title of tool '{name}' changed", tool_title(before),
                          tool_title(after), _title_path(before), _title_path(after)))
    if value_key(before.examples) != value_key(after.examples):
        where = ("@tool", "input_examples")
        out.append(Change("examples-changed", None, f"the input examples of tool '{name}' changed",
                          before.examples, after.examples, where, where))
    if before.deprecated != after.deprecated:
        kind = "tool-deprecated" if after.deprecated else "tool-undeprecated"
        verb = "is marked deprecated now" if after.deprecated else "is no longer marked deprecated"
        out.append(Change(kind, None, f"tool '{name}' {verb}", before_path=("@tool",), after_path=("@tool",)))
    old_notes = before.annotations if isinstance(before.annotations, dict) else {}
    new_notes = after.annotations if isinstance(after.annotations, dict) else {}
    for hint in BEHAVIOUR_HINTS:
        was, now = old_notes.get(hint), new_notes.get(hint)
        if was == now:
            continue
        where = ("@tool", "annotations")
        out.append(Change("annotation-changed", None, f"tool '{name}' {hint} went from {_hint(was)} to "
                          f"{_hint(now)}: {_hint_effect(hint, now)}", {hint: was}, {hint: now}, where, where,
                          {"hint": hint, "old": was, "new": now}))
    return out


def _hint(value) -> str:
    return "unset" if value is None else show_value(value)


def _hint_effect(hint: str, value) -> str:
    if hint == "destructiveHint":
        return "clients may now skip the confirmation they asked before" if value is False else \
            "clients may now ask for confirmation before each call"
    if hint == "readOnlyHint":
        return "clients may now run it without confirmation" if value is True else \
            "clients may now ask for confirmation before each call"
    if hint == "idempotentHint":
        return "clients may now retry it" if value is True else "clients may no longer retry it safely"
    return "clients may treat its reach differently"


def _output(before: Tool, after: Tool) -> list[Change]:
    old, new = before.output_schema, after.output_schema
    if old is None and new is None:
        return []
    where = (_OUTPUT,)
    if old is None:
        return [Change("output-schema-added", None, "the tool declares its structured output now",
                       after_path=where)]
    if new is None:
        return [Change("output-schema-removed", None, "the tool no longer declares its structured output: "
                       "consumers that read it get unstructured content", before_path=where)]
    return compare_views(view_of(old, where), view_of(new, where), mode="output")
