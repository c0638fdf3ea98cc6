"""Compare one tool's input schema with the operation it calls.

The operation's inputs are its path, query, header, cookie and formData
parameters plus the top-level properties of its request body (a tool may also
wrap the body in one `body`-like property). Every disagreement becomes a
`Drift` naming the tool parameter, the contract node and which side to change.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from ..compare.render import show_list, show_value, value_key
from ..model import Tool
from ..sources import pointer as ptr
from .load import Operation
from .mapping import normalize
from ..compare.view import MISSING, NUMERIC_CONSTRAINTS, SchemaView, branch_for, flatten

# headers the HTTP client sets; OpenAPI says parameters with these names are ignored
IGNORED_HEADERS = {"authorization", "content-type", "accept"}
BODY_WRAPPERS = ("body", "requestBody", "request_body", "payload", "json", "data")
# formats a model can get wrong; numeric storage formats (int32, double) tell it nothing
MEANINGFUL_FORMATS = {"date-time", "date", "time", "email", "uri", "url", "uuid", "hostname", "ipv4", "ipv6",
                      "uri-reference", "duration", "idn-email", "iri", "byte", "binary", "password", "regex"}
_EQUIVALENT_FORMATS = [{"date-time", "datetime"}, {"uri", "url"}]
MAX_NESTING = 4


@dataclass
class Drift:
    rule: str
    tool: Tool
    message: str
    path: tuple | None  # node in the tool's input schema; None: the tool itself
    param: str | None
    contract_loc: tuple  # (Document, pointer)
    contract_note: str
    severity: str | None = None


@dataclass
class _Input:
    """One input of the operation as the tool should mirror it."""

    name: str
    location: str
    required: bool
    view: SchemaView
    loc: tuple  # where to point in the contract
    deprecated: bool = False


@dataclass
class Options:
    ignore_max_length_over: int = 1000
    extra: dict = field(default_factory=dict)


def tool_view(tool: Tool) -> SchemaView:
    root = tool.input_schema

    def resolve(ref, loc):
        if not ref.startswith("#"):
            return None
        try:
            return ptr.resolve(root, ref[1:]), tuple(ptr.split(ref[1:]))
        except (KeyError, IndexError, ValueError, TypeError):
            return None

    return flatten(root, (), resolve, lambda loc, *tokens: loc + tokens)


def operation_inputs(op: Operation) -> tuple[list[_Input], SchemaView | None]:
    resolver = op.contract.resolver

    def child(loc, *tokens):
        return (loc[0], ptr.join(loc[1], *tokens))

    inputs = []
    for p in op.parameters:
        if p.location == "header" and p.name.lower() in IGNORED_HEADERS:
            continue
        view = flatten(p.schema, p.loc, resolver.resolve, child)
        inputs.append(_Input(p.name, p.location, p.required, view, p.param_loc, p.deprecated or view.deprecated))
    body_view = None
    if op.body_schema is not None:
        body_view = flatten(op.body_schema, op.body_loc, resolver.resolve, child)
        for name, prop in body_view.properties.items():
            if prop.read_only:
                continue
            inputs.append(_Input(name, "body", name in body_view.required, prop, prop.loc, prop.deprecated))
    return inputs, body_view


def compare(tool: Tool, op: Operation, options: Options) -> list[Drift]:
    out: list[Drift] = []
    contract = op.contract
    label = op.label
    tview = tool_view(tool)
    inputs, body_view = operation_inputs(op)
    by_name = {}
    for i in inputs:
        # a body property named like a path/query parameter must not hide that parameter
        if i.name not in by_name or by_name[i.name].location == "body":
            by_name[i.name] = i
    tool_props = tview.properties
    tool_required = tview.required

    def note(loc) -> str:
        return f"{label} at {contract.where(loc)}"

    wrapper = None
    if body_view is not None and body_view.properties:
        for key in BODY_WRAPPERS:
            if key in tool_props and key not in by_name and tool_props[key].is_object:
                wrapper = key
                break
    if wrapper is not None:
        for name in list(by_name):
            if by_name[name].location == "body":
                del by_name[name]
    elif body_view is not None and not body_view.properties and body_view.types and "object" not in body_view.types:
        # a non-object body (an array, a string) travels as one tool parameter
        for key in BODY_WRAPPERS:
            if key in tool_props:
                wrapper = key
                _compare_value(out, tool, tool_props[key], body_view, key, note, options, contract)
                break

    for name, prop in tool_props.items():
        if name == wrapper:
            if body_view is not None and body_view.properties:
                _compare_object(out, tool, prop, body_view, name, note, options, contract, depth=1)
                if op.body_required and name not in tool_required:
                    out.append(Drift("required-param-missing", tool,
                                     f"'{name}' carries the request body, which {note(op.body_loc)} requires, "
                                     f"but the tool makes it optional; change the tool: list '{name}' in required",
                                     prop.loc, name, op.body_loc, note(op.body_loc)))
            continue
        match = by_name.get(name)
        if match is None:
            unknown = [n for n in tool_props if n not in by_name and n != wrapper]
            out.append(_unknown(tool, name, prop, by_name, tool_props, op, note, len(unknown) == 1))
            continue
        if match.deprecated:
            out.append(Drift("deprecated-in-contract", tool,
                             f"parameter '{name}' is deprecated in the contract ({note(match.loc)}); change the "
                             f"tool: stop offering it to the model, or use its replacement",
                             prop.loc, name, match.loc, note(match.loc)))
        _compare_value(out, tool, prop, match.view, name, note, options, contract, match.loc)

    for name, wanted in by_name.items():
        if not wanted.required:
            continue
        present = name in tool_props
        if present and name in tool_required:
            continue
        header = wanted.location in ("header", "cookie")
        where = f"{wanted.location} parameter" if wanted.location != "body" else "request body property"
        if present:
            message = (f"required {where} '{name}' is optional in the tool but required by {note(wanted.loc)}; "
                       f"change the tool: list '{name}' in required")
            path = tool_props[name].loc
        else:
            message = (f"the tool has no '{name}', a required {where} of {note(wanted.loc)}; change the tool: "
                       f"add '{name}' and list it in required")
            if header:
                message += " (unless the client sets this header itself)"
            path = ()
        out.append(Drift("required-param-missing", tool, message, path, name if present else None,
                         wanted.loc, note(wanted.loc), severity="info" if header and not present else None))
    return out


def _unknown(tool, name, prop, by_name, tool_props, op, note, only_unknown: bool) -> Drift:
    missing = [n for n in by_name if n not in tool_props]
    close = [n for n in missing if normalize(n) == normalize(name)] or \
        difflib.get_close_matches(name, missing, n=1, cutoff=0.6)
    if not close and only_unknown:
        # one tool parameter the backend lacks, one backend input of the same type the tool lacks: a rename
        same_type = [n for n in missing if _compatible(prop, by_name[n].view)]
        if len(same_type) > 1:
            # a rename keeps whether the parameter is required; a new required input is not a rename
            tool_required = name in tool.required
            same_type = [n for n in same_type if by_name[n].required == tool_required]
        if len(same_type) == 1:
            close = same_type
    loc = op.loc
    if close:
        loc = by_name[close[0]].loc
        advice = f"the contract calls it '{close[0]}'; change the tool: rename '{name}' to '{close[0]}'"
    else:
        advice = "change the tool: remove it (or, if the backend does accept it, add it to the contract)"
    return Drift("param-not-in-contract", tool,
                 f"parameter '{name}' is not an input of {note(loc)}; {advice}", prop.loc, name, loc, note(loc))


def _compatible(tview: SchemaView, cview: SchemaView) -> bool:
    if tview.types is None or cview.types is None:
        return True
    accepted = cview.types | ({"integer"} if "number" in cview.types else set())
    return bool((tview.types - {"null"}) & accepted)


def _compare_object(out, tool, tview: SchemaView, cview: SchemaView, param, note, options, contract, depth):
    if depth > MAX_NESTING or cview.cyclic or tview.cyclic:
        return
    declared = cview.properties
    for name, sub in tview.properties.items():
        child_param = f"{param}.{name}"
        match = declared.get(name)
        if match is None:
            if declared and cview.additional is not True and not isinstance(cview.additional, dict):
                missing = [n for n in declared if n not in tview.properties]
                close = [n for n in missing if normalize(n) == normalize(name)] or \
                    difflib.get_close_matches(name, missing, n=1, cutoff=0.6)
                loc = declared[close[0]].loc if close else cview.loc
                advice = (f"the contract calls it '{close[0]}'; change the tool: rename it" if close else
                          "change the tool: remove it (or add it to the contract if the backend accepts it)")
                out.append(Drift("param-not-in-contract", tool,
                                 f"property '{child_param}' is not in {note(loc)}; {advice}",
                                 sub.loc, child_param, loc, note(loc)))
            continue
        if match.deprecated:
            out.append(Drift("deprecated-in-contract", tool,
                             f"property '{child_param}' is deprecated in the contract ({note(match.loc)}); "
                             f"change the tool: stop offering it to the model",
                             sub.loc, child_param, match.loc, note(match.loc)))
        _compare_value(out, tool, sub, match, child_param, note, options, contract, match.loc, depth + 1)
    if tview.properties or tview.required:
        for name in sorted(cview.required):
            if name in cview.properties and cview.properties[name].read_only:
                continue
            if name in tview.required:
                continue
            child_param = f"{param}.{name}"
            loc = cview.properties[name].loc if name in cview.properties else cview.loc
            if name in tview.properties:
                message = (f"property '{child_param}' is optional in the tool but required by {note(loc)}; "
                           f"change the tool: list it in required")
                path = tview.properties[name].loc
            else:
                message = (f"the tool's '{param}' has no '{name}', which {note(loc)} requires; change the tool: "
                           f"add it and list it in required")
                path = tview.loc
            out.append(Drift("required-param-missing", tool, message, path, child_param, loc, note(loc)))


def _compare_value(out, tool, tview: SchemaView, cview: SchemaView, param, note, options, contract,
                   loc=None, depth=1):
    if tview.cyclic or cview.cyclic:
        return
    loc = cview.loc
    ttypes = tview.types - {"null"} if tview.types is not None else None
    if ttypes is not None and cview.types is not None and ttypes:
        accepted = cview.types | ({"integer"} if "number" in cview.types else set())
        extra = ttypes - accepted
        if extra:
            out.append(Drift("param-type-drift", tool,
                             f"'{param}' is {_types(tview.types)} in the tool but {_types(cview.types)} in "
                             f"{note(loc)}; change the tool's type to {_types(cview.types)} (or fix the contract "
                             f"if the backend takes {_types(tview.types)})",
                             tview.loc, param, loc, note(loc)))
            return
    cview = branch_for(cview, ttypes or None)
    loc = cview.loc
    if tview.types is None and cview.types is not None and cview.types != frozenset({"object"}):
        out.append(Drift("constraint-looser-than-contract", tool,
                         f"'{param}' has no type in the tool; {note(loc)} takes {_types(cview.types)}; change the "
                         f"tool: declare type {_types(cview.types)}", tview.loc, param, loc, note(loc)))
    _compare_format(out, tool, tview, cview, param, note, loc)
    _compare_enum(out, tool, tview, cview, param, note, loc)
    _compare_constraints(out, tool, tview, cview, param, note, options, loc)
    if tview.default is not MISSING and cview.default is not MISSING and not _same(tview.default, cview.default):
        out.append(Drift("default-drift", tool,
                         f"'{param}' defaults to {_show(tview.default)} in the tool but to {_show(cview.default)} in "
                         f"{note(loc)}; change the tool: make its default {_show(cview.default)} (the backend "
                         f"applies its own when the argument is left out)",
                         tview.loc, param, loc, note(loc)))
    if depth > MAX_NESTING:
        return
    if cview.properties and tview.properties:
        _compare_object(out, tool, tview, cview, param, note, options, contract, depth)
    if tview.items is not None and cview.items is not None:
        _compare_value(out, tool, tview.items, cview.items, f"{param}[]", note, options, contract, None, depth + 1)


def _compare_format(out, tool, tview, cview, param, note, loc):
    cformat, tformat = cview.format, tview.format
    if not cformat or cformat == tformat:
        return
    if tformat and any({cformat, tformat} <= group for group in _EQUIVALENT_FORMATS):
        return
    if tformat:
        if cformat in MEANINGFUL_FORMATS or tformat in MEANINGFUL_FORMATS:
            out.append(Drift("param-type-drift", tool,
                             f"'{param}' has format '{tformat}' in the tool but '{cformat}' in {note(loc)}; change "
                             f"the tool's format to '{cformat}'", tview.loc, param, loc, note(loc),
                             severity="warning"))
    elif cformat in MEANINGFUL_FORMATS:
        out.append(Drift("constraint-looser-than-contract", tool,
                         f"'{param}' has no format in the tool; {note(loc)} requires format '{cformat}'; change the "
                         f"tool: add format '{cformat}' so the model sends that shape", tview.loc, param, loc,
                         note(loc)))


def _compare_enum(out, tool, tview, cview, param, note, loc):
    if cview.enum is None:
        return
    allowed = _keyed(cview.enum)
    if tview.enum is None:
        if tview.types is not None and tview.types <= {"boolean", "null"}:
            return
        if len(allowed) == 1 and _show(next(iter(allowed.values()))) == '""':
            return
        out.append(Drift("constraint-looser-than-contract", tool,
                         f"'{param}' takes any value in the tool but {note(loc)} accepts only "
                         f"{_list(cview.enum)}; change the tool: add the enum", tview.loc, param, loc, note(loc)))
        return
    offered = _keyed(tview.enum)
    rejected = [v for k, v in offered.items() if k not in allowed]
    new = [v for k, v in allowed.items() if k not in offered]
    if rejected:
        out.append(Drift("enum-drift", tool,
                         f"'{param}' offers {_list(rejected)}, which {note(loc)} no longer accepts; change the tool: "
                         f"remove {'it' if len(rejected) == 1 else 'them'} from the enum",
                         tview.loc, param, loc, note(loc)))
    if new and not (len(new) == 1 and new[0] == ""):
        out.append(Drift("enum-drift", tool,
                         f"'{param}' does not offer {_list(new)}, which {note(loc)} accepts; change the tool: add "
                         f"{'it' if len(new) == 1 else 'them'} to the enum if the model should use "
                         f"{'it' if len(new) == 1 else 'them'}", tview.loc, param, loc, note(loc), severity="info"))


def _compare_constraints(out, tool, tview, cview, param, note, options, loc):
    for key, wanted in cview.constraints.items():
        if key == "maxLength" and wanted >= options.ignore_max_length_over:
            continue
        have = tview.constraints.get(key)
        if have is None and key in ("minimum", "exclusiveMinimum"):
            other = "exclusiveMinimum" if key == "minimum" else "minimum"
            have = tview.constraints.get(other)
        if have is None and key in ("maximum", "exclusiveMaximum"):
            other = "exclusiveMaximum" if key == "maximum" else "maximum"
            have = tview.constraints.get(other)
        if have is None:
            if key in ("minLength", "minItems", "minProperties") and wanted == 0:
                continue
            problem = f"has no {key} in the tool; {note(loc)} sets {key} {_show(wanted)}"
        elif (NUMERIC_CONSTRAINTS[key] == "min" and have < wanted) or (NUMERIC_CONSTRAINTS[key] == "max"
                                                                      and have > wanted):
            problem = f"has {key} {_show(have)} in the tool but {_show(wanted)} in {note(loc)}"
        else:
            continue
        out.append(Drift("constraint-looser-than-contract", tool,
                         f"'{param}' {problem}; change the tool: use {key} {_show(wanted)} so the model does not "
                         f"send values the backend rejects", tview.loc, param, loc, note(loc)))
    if cview.pattern and tview.pattern != cview.pattern:
        problem = "has no pattern in the tool" if not tview.pattern else f"has pattern {tview.pattern!r} in the tool"
        out.append(Drift("constraint-looser-than-contract", tool,
                         f"'{param}' {problem}; {note(loc)} requires pattern {cview.pattern!r}; change the tool: use "
                         f"the contract's pattern", tview.loc, param, loc, note(loc)))


def _keyed(values) -> dict:
    out = {}
    for v in values:
        out.setdefault(value_key(v), v)
    return out


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return a == b


def _types(types) -> str:
    shown = sorted(t for t in types if t != "null") or ["null"]
    return " or ".join(shown)


def _show(value) -> str:
    return show_value(value)


def _list(values) -> str:
    return show_list(values)
