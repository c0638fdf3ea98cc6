"""Each group's message, suggestion and place in the tool schema, from the evidence the tally kept."""
from __future__ import annotations

import re

from ..engine.run import display_path
from .groups import Group, Tally
from .schema import schema_path

_VERSION_SUFFIX = re.compile(r"[_.-]?[vV]\d+$")
_WORDS = {
    "required": "is required and was left out",
    "additionalProperties": "is not a parameter of {side}",
    "type": "has the wrong type ({side} says {types})",
    "enum": "is not one of {options}",
    "const": "is not {expected_value}",
    "maximum": "is above the maximum {limit}",
    "exclusiveMaximum": "is not below {limit}",
    "minimum": "is below the minimum {limit}",
    "exclusiveMinimum": "is not above {limit}",
    "maxLength": "is longer than {limit} characters",
    "minLength": "is shorter than {limit} characters",
    "maxItems": "has more than {limit} items",
    "minItems": "has fewer than {limit} items",
    "pattern": "does not match the pattern {pattern}",
    "format": "is not a valid {format}",
    "anyOf": "matches none of the alternatives",
    "oneOf": "does not match exactly one alternative",
    "json": "",
}


def describe(tally: Tally, description_hints=None) -> list[Group]:
    """The groups in report order (class, then most calls first), each with its message, suggestion and place."""
    order = {"unknown-tool": 0, "drift": 1, "failed": 2, "model-error": 3, "ok": 4}
    groups = sorted(tally.groups.values(), key=lambda g: (order[g.cls], -g.count, str(g.tool), str(g.param),
                                                            str(g.keyword)))
    known: dict = {}
    for name in tally.classifier.tools:  # names by their first letters: the candidates of a rename
        known.setdefault(name[:3].lower(), []).append(name)
    for group in groups:
        entry = tally.classifier.entry(group.tool)
        total = tally.per_tool[group.tool]
        group.message = _message(group, total)
        if entry is not None:
            _place(group, entry)
        group.suggestion = _suggestion(group, tally, known, description_hints)
    return groups


def _subject(group: Group) -> str:
    return f"'{group.param}'" if group.param else "the arguments"


def _what(group: Group, side: str) -> str:
    if group.keyword == "json":
        return "the arguments are not valid JSON"
    words = _WORDS.get(group.keyword)
    detail = {k: _shown(v) for k, v in group.detail.items() if k in ("limit", "options", "types", "pattern",
                                                                    "expected_value", "format")}
    if words is None:
        return f"{_subject(group)} fails '{group.keyword}' in {side}"
    try:
        text = words.format(side=side, **detail)
    except (KeyError, IndexError):
        text = words.split(" (")[0].split(" {")[0]
    return f"{_subject(group)} {text}"


def _shown(value) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value[:8]) + (", ..." if len(value) > 8 else "")
    return str(value)


def _message(group: Group, total: int) -> str:
    calls = "call" if total == 1 else "calls"
    share = f"{group.count} of {total} {calls} to {group.tool!r}" if group.tool is not None else \
        f"{group.count} {'call' if group.count == 1 else 'calls'} without a tool name"
    if group.cls == "ok":
        return f"{share}: valid and did not fail"
    if group.cls == "unknown-tool":
        return f"{share}: no tool of that name in the catalog (hallucinated, renamed or removed)"
    if group.cls == "model-error":
        return f"{share}: {_what(group, 'the tool schema')}"
    evidence = f" (error: {group.texts[0]!r})" if group.texts else ""
    if group.cls == "drift" and "contract" in group.detail:
        return f"{share}: the tool schema accepts them but the contract rejects them: " \
               f"{_what(group, 'the contract')}"
    if group.cls == "drift":
        return f"{share}: the backend rejected {_subject(group)}, which the tool schema allows{evidence}"
    return f"{share}: both schemas accept them and the call failed{evidence}"


def _place(group: Group, entry) -> None:
    tool = entry.tool
    raw = tool.input_schema if isinstance(tool.input_schema, dict) else {}
    path = schema_path(raw, group.param)
    pointer = tool.schema_ptr(path)
    group.file = display_path(tool.file)
    group.line, group.column = tool.document.locate(pointer)


def _number(value) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _suggestion(group: Group, tally: Tally, known: dict, description_hints) -> str | None:
    if group.cls == "unknown-tool":
        import difflib

        name = (group.tool or "").lower()
        unversioned = _VERSION_SUFFIX.sub("", group.tool or "")
        if unversioned != group.tool and unversioned in tally.classifier.tools:
            return f"did the tool get renamed to {unversioned!r}? Otherwise the model invents it: say in the " \
                   f"prompt which tools exist"
        # difflib over thousands of names per unknown tool is slow: compare with names that start alike and are
        # about as long
        near = [k for k in known.get(name[:3], []) if abs(len(k) - len(name)) <= 4][:40]
        close = difflib.get_close_matches(group.tool, near, n=1, cutoff=0.6) if near else []
        return f"did the tool get renamed to {close[0]!r}? Otherwise the model invents it: say in the " \
               f"prompt which tools exist" if close else None
    if group.cls == "model-error":
        hint = description_hints(group.tool, group.param) if description_hints and group.param else None
        return hint
    if group.cls == "ok":
        return None
    target = f"'{group.param}'" if group.param else "the tool"
    where = group.detail.get("contract")
    if group.cls == "drift" and where:
        value = group.detail
        kw = group.keyword
        if kw == "required":
            return f"add '{group.param}' to required in the tool schema, as the contract does ({where})"
        if kw == "additionalProperties":
            return f"remove {target} from the tool schema: the contract has no such input ({where})"
        if kw == "enum" and "options" in value:
            return f"set the enum of {target} to the contract's values {_shown(value['options'])} ({where})"
        if kw == "type" and "types" in value:
            return f"set the type of {target} to {_shown(value['types'])}, as the contract does ({where})"
        if "limit" in value:
            return f"set {kw}: {value['limit']} on {target}, the contract's bound ({where})"
        if "pattern" in value:
            return f"set pattern {value['pattern']!r} on {target}, as the contract does ({where})"
        return f"make {target} state the contract's '{kw}' ({where})"
    number = group.numbers.most_common(1)[0][0] if group.numbers else None
    if group.keyword == "enum" and group.param:
        accepted = tally.accepted.get((group.tool, group.param), {})
        rejected = [v for v, _ in group.values.most_common()]
        if accepted or rejected:
            ok = ", ".join(map(str, sorted(accepted, key=str))) or "none"
            bad = ", ".join(map(str, rejected)) or "?"
            return f"the backend accepted {ok} and rejected {bad}: remove the rejected values from the enum " \
                   f"of {target}"
    if group.keyword in ("maxLength", "minLength", "maxItems", "minItems", "maximum", "minimum") and number is not None:
        verb = "change" if group.cls == "drift" else "add"
        return f"{verb} {group.keyword}: {_number(number)} on {target} (the bound the error text names)"
    if group.keyword == "required" and group.param:
        return f"add '{group.param}' to required: the backend needs it"
    if group.keyword in ("pattern", "format", "type") and group.param:
        return f"state the {group.keyword} the backend expects for {target} (the error text says which)"
    if group.cls == "drift":
        return f"the backend rejects values the tool schema allows for {target}: state its real constraint"
    return f"a constraint no schema states for {target}: state it in the schema or the description " \
           f"(the error texts are the evidence)"
