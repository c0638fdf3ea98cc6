"""Changes between a tool and its operation, read as drift findings.

The comparison core reports changes from the tool (BEFORE) to the contract (AFTER). Each change id that is drift
maps to one public drift rule (`RULE_OF`); the others are the tool saying less than, or the same as, the contract
in words the backend does not check (text, a stricter bound, an optional input the tool leaves out). A drift is
a message id of its rule and the data to fill it with; the rules in `rules/drift.py` hold the wording, which
says which side differs and both ways to settle it: change the tool, or change the contract when the backend
really behaves as the tool says. Every drift names the contract side as `operation` (its label) and `where`
(file:line:column and JSON pointer, the file as the user named it: left out of a finding's identity).
"""
from __future__ import annotations

import difflib
import re

from ..jsonvalue import fits
from ..compare.render import show_list, show_value
from .compare import Comparison, Drift, Input, Options
from .mapping import normalize
from ..sources import pointer as ptr

# the rules this analysis reports drift for (their classes are in rules/drift.py)
TOOL_NOT_IN_CONTRACT = "tool-not-in-contract"
AMBIGUOUS_OPERATION = "ambiguous-operation"
OPERATION_NOT_IN_CONTRACT = "operation-not-in-contract"
OLDER_OPERATION_VERSION = "older-operation-version"
DEPRECATED_IN_CONTRACT = "deprecated-in-contract"
PARAM_NOT_IN_CONTRACT = "param-not-in-contract"
REQUIRED_PARAM_MISSING = "required-param-missing"
PARAM_TYPE_DRIFT = "param-type-drift"
ENUM_DRIFT = "enum-drift"
CONSTRAINT_LOOSER_THAN_CONTRACT = "constraint-looser-than-contract"
DEFAULT_DRIFT = "default-drift"
RULE_IDS = (TOOL_NOT_IN_CONTRACT, AMBIGUOUS_OPERATION, OPERATION_NOT_IN_CONTRACT, OLDER_OPERATION_VERSION,
            DEPRECATED_IN_CONTRACT, PARAM_NOT_IN_CONTRACT, REQUIRED_PARAM_MISSING, PARAM_TYPE_DRIFT, ENUM_DRIFT,
            CONSTRAINT_LOOSER_THAN_CONTRACT, DEFAULT_DRIFT)

RULE_OF = {
    "param-removed": PARAM_NOT_IN_CONTRACT,
    "required-param-added": REQUIRED_PARAM_MISSING,
    "param-now-required": REQUIRED_PARAM_MISSING,
    "type-narrowed": PARAM_TYPE_DRIFT,
    "type-changed": PARAM_TYPE_DRIFT,
    "format-changed": PARAM_TYPE_DRIFT,
    "branch-removed": PARAM_TYPE_DRIFT,
    "enum-value-removed": ENUM_DRIFT,
    "enum-value-case-changed": ENUM_DRIFT,
    "enum-value-added": ENUM_DRIFT,
    "const-changed": ENUM_DRIFT,
    "enum-added": CONSTRAINT_LOOSER_THAN_CONTRACT,
    "const-added": CONSTRAINT_LOOSER_THAN_CONTRACT,
    "bound-tightened": CONSTRAINT_LOOSER_THAN_CONTRACT,
    "pattern-added": CONSTRAINT_LOOSER_THAN_CONTRACT,
    "pattern-changed": CONSTRAINT_LOOSER_THAN_CONTRACT,
    "format-added": CONSTRAINT_LOOSER_THAN_CONTRACT,
    "additional-properties-restricted": CONSTRAINT_LOOSER_THAN_CONTRACT,
    "combinator-added": CONSTRAINT_LOOSER_THAN_CONTRACT,
    "items-added": CONSTRAINT_LOOSER_THAN_CONTRACT,
    "default-added": DEFAULT_DRIFT,
    "default-removed": DEFAULT_DRIFT,
    "default-changed": DEFAULT_DRIFT,
    "param-deprecated": DEPRECATED_IN_CONTRACT,
}
# formats a model can get wrong; numeric storage formats (int32, double) tell it nothing, and neither do
# `binary` (how a multipart upload travels: the model writes no bytes) and `password` (a UI hint)
MEANINGFUL_FORMATS = {"date-time", "date", "time", "email", "uri", "url", "uuid", "hostname", "ipv4", "ipv6",
                      "uri-reference", "duration", "idn-email", "iri", "byte", "regex"}
_EQUIVALENT_FORMATS = [{"date-time", "datetime"}, {"uri", "url"}]
_ZERO_MINIMUMS = ("minLength", "minItems", "minProperties")
_OTHER_BOUND = {"minimum": "exclusiveMinimum", "exclusiveMinimum": "minimum",
                "maximum": "exclusiveMaximum", "exclusiveMaximum": "maximum"}
_KIND = {"path": "path parameter", "query": "query parameter", "header": "header", "cookie": "cookie",
         "formData": "form parameter", "body": "request body property", "wrapper": "request body"}


def drifts_of(found: Comparison, options: Options) -> list[Drift]:
    reader = _Reader(found, options)
    out, seen, typed = [], set(), set()
    for change in found.changes:
        rule = RULE_OF.get(change.change)
        drift = getattr(reader, _handler(change.change))(change, rule) if rule else None
        if drift is None:
            continue
        key = drift.key
        if key in seen or drift.rule == PARAM_TYPE_DRIFT and (drift.param, drift.severity) in typed:
            continue  # a union compared at its root and again per alternative says it once
        seen.add(key)
        if drift.rule == PARAM_TYPE_DRIFT:
            typed.add((drift.param, drift.severity))
        out.append(drift)
    return _one_per_rename(out)


def _one_per_rename(drifts: list) -> list:
    """A rename is one cause: the tool's old name (param-not-in-contract, "renamed", naming the new one) and the
    contract's new name missing from the tool (required-param-missing) are one finding, the rename."""
    renamed = {(_leaf(d.param)[0], d.data["close"]) for d in drifts
               if d.rule == PARAM_NOT_IN_CONTRACT and d.message_id == "renamed" and d.param}
    if not renamed:
        return drifts

    def covered(d) -> bool:
        if d.rule != REQUIRED_PARAM_MISSING:
            return False
        if d.message_id in ("missing", "missing-header"):
            return (None, d.data.get("name")) in renamed
        if d.message_id == "missing-nested":
            return (d.data.get("parent"), d.data.get("name")) in renamed
        return False

    return [d for d in drifts if not covered(d)]


def _handler(change_id: str) -> str:
    return "on_" + change_id.replace("-", "_")


def _leaf(param: str) -> tuple[str | None, str]:
    """'a.b.c' -> ('a.b', 'c'); the parent of an array item keeps its '[]'."""
    cut = param.rfind(".")
    return (param[:cut], param[cut + 1:]) if cut > 0 else (None, param)


def _type_words(fragment) -> str:
    declared = (fragment or {}).get("type")
    types = [declared] if isinstance(declared, str) else list(declared or [])
    shown = sorted(t for t in types if t != "null")
    return " or ".join(shown) if shown else ("null" if types else "any type")


def _them(values) -> str:
    return "it" if len(values) == 1 else "them"


class _Reader:
    def __init__(self, found: Comparison, options: Options):
        self.found = found
        self.options = options
        self.tool = found.tool
        self.op = found.op
        self.inputs: dict[str, Input] = found.inputs
        self.tool_props = found.tool_view.properties
        self._wheres: dict = {}

    def where(self, loc) -> str:
        key = (id(loc[0]), loc[1]) if loc else None
        if key not in self._wheres:
            self._wheres[key] = self.op.contract.where(loc)
        return self._wheres[key]

    def drift(self, rule, change, message_id, data, loc, severity=None, on_tool=False) -> Drift:
        """A drift on the tool node of the change, or on the tool itself (`on_tool`: no parameter to point at);
        `data` gains the contract side, `operation` at `where`."""
        where = self.where(loc)
        data = {**data, "operation": self.op.label, "where": where}
        note = f"{self.op.label} at {where}"
        if on_tool:
            return Drift(rule, self.tool, message_id, data, (), None, loc, note, severity)
        return Drift(rule, self.tool, message_id, data, change.before_path, change.param, loc, note, severity)

    def root_input(self, change) -> Input | None:
        """The operation input a change at the tool's root is about (None: the change is deeper)."""
        i = self.inputs.get(change.param)
        return i if i is not None and change.after_path == i.view.loc else None

    def stated_in_words(self, change, value) -> bool:
        """Whether the contract's description of the node names `value` as its default ("the default is 10")."""
        i = self.root_input(change)
        texts = [i.view.description, _description_at(i.loc)] if i is not None else []
        texts += [(change.after or {}).get("description"), _description_at(change.after_path)]
        shown = show_value(value).strip('"')
        word = re.compile(rf"(?<![\w.-]){re.escape(shown)}(?![\w-])", re.I)
        return any(isinstance(t, str) and "default" in t.lower() and word.search(t) for t in texts)

    # parameters -----------------------------------------------------------------------------------------

    def on_param_removed(self, change, rule):
        parent, name = _leaf(change.param)
        if change.after_path == self.op.loc or parent is None:  # a root parameter of the tool
            name = change.param
            missing = {n: self.inputs[n].loc for n in self.inputs if n not in self.tool_props}
            close = self._close(name, missing, change)
            loc = missing[close] if close else change.after_path or self.op.loc
        else:
            missing = {c.param[len(parent) + 1:]: c.after_path for c in self.found.changes
                       if c.change in ("param-added", "required-param-added") and _leaf(c.param)[0] == parent}
            close = self._close(name, missing, change)
            loc = missing[close] if close else change.after_path
        if close:
            # `include` against `include[]`: one array parameter in two spellings of the form encoding; whether
            # the backend reads both is unknown, so it is said, not asserted
            spelling = name.removesuffix("[]") == close.removesuffix("[]")
            return self.drift(rule, change, "renamed", {"param": change.param, "close": close, "name": name}, loc,
                              severity="info" if spelling else None)
        return self.drift(rule, change, "unknown", {"param": change.param, "name": name}, loc)

    def _close(self, name: str, missing: dict, change) -> str | None:
        names = list(missing)
        close = [n for n in names if normalize(n) == normalize(name)] or \
            difflib.get_close_matches(name, names, n=1, cutoff=0.6)
        if close:
            return close[0]
        if change.after_path != self.op.loc:
            return None
        unknown = [c for c in self.found.changes if c.change == "param-removed" and c.after_path == self.op.loc]
        if len(unknown) != 1:
            return None
        # one tool parameter the backend lacks, one backend input of the same type the tool lacks: a rename
        prop = self.tool_props.get(name)
        same_type = [n for n in names if prop is not None and _compatible(prop, self.inputs[n].view)]
        if len(same_type) > 1:
            # a rename keeps whether the parameter is required; a new required input is not a rename
            required = name in self.found.tool_view.required
            same_type = [n for n in same_type if self.inputs[n].required == required]
        return same_type[0] if len(same_type) == 1 else None

    def on_required_param_added(self, change, rule):
        i = self.root_input(change)
        if i is not None:
            header = i.location in ("header", "cookie")
            data = {"name": i.name, "kind": _KIND.get(i.location, "input")}
            return self.drift(rule, change, "missing-header" if header else "missing", data, i.loc,
                              severity="info" if header else None, on_tool=True)
        parent, name = _leaf(change.param)
        return self.drift(rule, change, "missing-nested", {"parent": parent, "name": name}, change.after_path)

    def on_param_now_required(self, change, rule):
        i = self.root_input(change)
        name = i.name if i is not None else _leaf(change.param)[1]
        if i is not None and i.location == "wrapper":
            return self.drift(rule, change, "body-optional", {"name": name}, i.loc)
        if i is not None:
            return self.drift(rule, change, "optional", {"name": name, "kind": _KIND.get(i.location, "input")}, i.loc)
        return self.drift(rule, change, "optional-nested", {"param": change.param}, change.after_path)

    def on_param_deprecated(self, change, rule):
        if says_deprecated(_tool_node(self.tool.input_schema, change.before_path).get("description")):
            return None  # the tool tells the model in words, which every provider passes on
        i = self.root_input(change)
        loc = i.loc if i is not None else change.after_path
        return self.drift(rule, change, "param-deprecated", {"param": change.param}, loc)

    # types and formats ----------------------------------------------------------------------------------

    def on_type_narrowed(self, change, rule):
        loc, wanted = change.after_path, _type_words(change.after)
        if "type" not in (change.before or {}):
            if wanted == "object":
                return None
            if _values_typed(_tool_node(self.tool.input_schema, change.before_path), change.after):
                return None  # an enum or const of the contract's type says the type already
            return self.drift(CONSTRAINT_LOOSER_THAN_CONTRACT, change, "no-type",
                              {"param": change.param or "the input", "wanted": wanted}, loc)
        data = {"param": change.param, "have": _type_words(change.before), "wanted": wanted}
        return self.drift(rule, change, "type", data, loc)

    on_type_changed = on_type_narrowed

    def on_branch_removed(self, change, rule):
        data = {"param": change.param, "alternative": show_value(change.before)}
        return self.drift(rule, change, "alternative", data, change.after_path)

    def on_format_changed(self, change, rule):
        have, wanted = change.detail.get("old"), change.detail.get("new")
        if any({have, wanted} <= group for group in _EQUIVALENT_FORMATS):
            return None
        if wanted not in MEANINGFUL_FORMATS:
            return None  # the backend's format tells the model nothing (int64, binary): the tool may say more
        data = {"param": change.param, "have": have, "wanted": wanted}
        return self.drift(rule, change, "format", data, change.after_path, severity="warning")

    def on_format_added(self, change, rule):
        wanted = change.detail.get("new")
        if wanted not in MEANINGFUL_FORMATS:
            return None
        return self.drift(rule, change, "no-format", {"param": change.param, "wanted": wanted}, change.after_path)

    # allowed values -------------------------------------------------------------------------------------

    def on_enum_value_removed(self, change, rule):
        rejected = [v for v in change.detail.get("removed", []) if v is not None]
        if not rejected:
            return None  # null: nullability is not drift (clients drop nulls)
        if _open_sibling(change.after_path, rejected, self.op.contract.resolver):
            return None  # `anyOf: [{type: string}, {enum: [...]}]`: the contract still takes any string
        data = {"param": change.param, "values": show_list(rejected), "them": _them(rejected)}
        return self.drift(rule, change, "rejected-values", data, change.after_path)

    def on_enum_value_case_changed(self, change, rule):
        olds, news = change.detail.get("removed", []), change.detail.get("added", [])
        data = {"param": change.param, "values": show_list(olds), "spelled": show_list(news)}
        return self.drift(rule, change, "case-differs", data, change.after_path)

    def on_enum_value_added(self, change, rule):
        new = change.detail.get("added", [])
        if not new or new == [""]:
            return None
        data = {"param": change.param, "values": show_list(new), "them": _them(new)}
        return self.drift(rule, change, "unoffered-values", data, change.after_path, severity="info")

    def on_const_changed(self, change, rule):
        have, wanted = (change.before or {}).get("const"), (change.after or {}).get("const")
        data = {"param": change.param, "have": show_value(have), "wanted": show_value(wanted)}
        return self.drift(rule, change, "const-differs", data, change.after_path)

    def on_enum_added(self, change, rule):
        after = change.after or {}
        values = [after["const"]] if "const" in after else list(after.get("enum") or [])
        tool_type = _type_words(change.before)
        if values == [""] or tool_type == "boolean":
            return None
        return self.drift(rule, change, "no-enum", {"param": change.param, "values": show_list(values)},
                          change.after_path)

    on_const_added = on_enum_added

    # bounds, patterns, structure ------------------------------------------------------------------------

    def on_bound_tightened(self, change, rule):
        key, have, wanted = change.detail.get("keyword"), change.detail.get("old"), change.detail.get("new")
        limit = self.options.ignore_max_length_over
        if key == "maxLength" and limit and wanted >= limit:
            return None
        if have is None and key in _ZERO_MINIMUMS and wanted == 0:
            return None
        if have is None and key in _OTHER_BOUND:
            other = (change.before or {}).get(_OTHER_BOUND[key])
            if other is not None:  # the tool states the bound the other way (exclusive or not)
                looser = other < wanted if key in ("minimum", "exclusiveMinimum") else other > wanted
                if not looser:
                    return None
                have = other
                key_shown = _OTHER_BOUND[key]
            else:
                key_shown = key
        else:
            key_shown = key
        data = {"param": change.param or "the input"}
        if key == "uniqueItems":
            return self.drift(rule, change, "unique-items", data, change.after_path)
        data.update(keyword=key, wanted=show_value(wanted))
        if have is None:
            return self.drift(rule, change, "no-bound", data, change.after_path)
        data.update(tool_keyword=key_shown, have=show_value(have))
        return self.drift(rule, change, "looser-bound", data, change.after_path)

    def on_pattern_added(self, change, rule):
        have, wanted = change.detail.get("old"), change.detail.get("new")
        data = {"param": change.param, "wanted": wanted}
        if have is None:
            return self.drift(rule, change, "no-pattern", data, change.after_path)
        return self.drift(rule, change, "other-pattern", {**data, "have": have}, change.after_path)

    on_pattern_changed = on_pattern_added

    def on_additional_properties_restricted(self, change, rule):
        if not change.param:
            return None  # the operation's inputs as a whole: unknown ones are param-not-in-contract
        if "properties" not in (change.before or {}):
            return None  # the tool leaves the object free: no property of it is compared either
        return self.drift(rule, change, "open-object", {"param": change.param}, change.after_path)

    def on_combinator_added(self, change, rule):
        keyword = change.detail.get("keyword")
        if keyword in ("allOf", "anyOf", "oneOf"):
            return None  # allOf is merged and unions are compared alternative by alternative
        written = _node_at(change.after_path)
        if keyword == "not" and isinstance(written, dict) and isinstance(written.get("not"), dict) and \
                set(written["not"]) <= {"required", "description"}:
            return None  # `not: {required: [a, b]}`: "not both", which no plain object can say
        data = {"param": change.param or "the input", "keyword": keyword}
        return self.drift(rule, change, "no-combinator", data, change.after_path)

    def on_items_added(self, change, rule):
        data = {"param": change.param, "items": show_value(change.after)}
        return self.drift(rule, change, "no-items", data, change.after_path)

    # defaults -------------------------------------------------------------------------------------------

    def on_default_changed(self, change, rule):
        have, wanted = change.detail.get("old"), change.detail.get("new")
        data = {"param": change.param, "have": show_value(have), "wanted": show_value(wanted)}
        return self.drift(rule, change, "default-differs", data, change.after_path)

    def on_default_removed(self, change, rule):
        have = change.detail.get("old")
        if self.stated_in_words(change, have):
            return None
        data = {"param": change.param, "have": show_value(have)}
        return self.drift(rule, change, "tool-only-default", data, change.after_path, severity="info")

    def on_default_added(self, change, rule):
        wanted = change.detail.get("new")
        tool = change.before or {}
        if "const" in tool and tool["const"] == wanted or tool.get("enum") == [wanted]:
            return None  # the tool offers that one value only: what the default would fill in
        if not fits(wanted, change.after):
            return None  # the contract's own schema rules its default out (`default: []` on a string enum)
        data = {"param": change.param, "wanted": show_value(wanted)}
        return self.drift(rule, change, "contract-only-default", data, change.after_path, severity="info")


def _node_at(loc):
    """The contract node as written at a (Document, pointer) location; None when there is none."""
    if not loc or loc[0] is None:
        return None
    try:
        return ptr.resolve(loc[0].data, loc[1])
    except (KeyError, IndexError, ValueError, TypeError):
        return None


def _open_sibling(loc, values: list, resolver) -> bool:
    """Whether the union branch at `loc` has a sibling branch that takes every one of `values` without an enum,
    const or pattern (a list of known values offered next to a plain string)."""
    if not loc or loc[0] is None:
        return False
    tokens = ptr.split(loc[1])
    if len(tokens) < 2 or tokens[-2] not in ("anyOf", "oneOf"):
        return False
    doc, union_pointer = loc[0], ptr.join("", *tokens[:-2])
    branches = (_node_at((doc, union_pointer)) or {}).get(tokens[-2])
    if not isinstance(branches, list):
        return False
    kinds = {_json_type(v) for v in values}
    for i, branch in enumerate(branches):
        if str(i) == tokens[-1]:
            continue
        branch, _ = resolver.follow(branch, (doc, ptr.join(union_pointer, tokens[-2], i)))
        if not isinstance(branch, dict) or any(k in branch for k in ("enum", "const", "pattern", "not")):
            continue
        declared = branch.get("type")
        types = {declared} if isinstance(declared, str) else set(declared or ())
        if types and kinds <= types | ({"integer"} if "number" in types else set()):
            return True
    return False


def _description_at(loc):
    node = _node_at(loc)
    return node.get("description") if isinstance(node, dict) else None


# "Deprecated. Use ...", "(deprecated)", "this parameter is deprecated": not "replaces the deprecated v1 call"
_DEPRECATED_WORD = re.compile(r"^\W*deprecated\b|[(\[]deprecated[)\]]|\bdeprecated[.:;]|\b(?:is|are|now) deprecated\b",
                              re.IGNORECASE)


def says_deprecated(text) -> bool:
    """Whether a description tells the model the tool or parameter is deprecated ("Deprecated. Use ...")."""
    return isinstance(text, str) and bool(_DEPRECATED_WORD.search(text))


def _tool_node(schema, path) -> dict:
    node = schema
    for token in path or ():
        if isinstance(node, dict):
            node = node.get(token)
        elif isinstance(node, list) and isinstance(token, int) and 0 <= token < len(node):
            node = node[token]
        else:
            return {}
    return node if isinstance(node, dict) else {}


def _json_type(value) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    return {float: "number", str: "string", list: "array", dict: "object"}.get(type(value), "null")


def _values_typed(node: dict, contract_fragment) -> bool:
    """Whether the tool node's enum or const holds only values of the contract's type."""
    values = node.get("enum") if isinstance(node.get("enum"), list) else [node["const"]] if "const" in node else None
    declared = (contract_fragment or {}).get("type")
    types = {declared} if isinstance(declared, str) else set(declared or ())
    if not values or not types:
        return False
    accepted = types | ({"integer"} if "number" in types else set())
    return all(_json_type(v) in accepted for v in values)


def _compatible(tview, cview) -> bool:
    if tview.types is None or cview.types is None:
        return True
    accepted = cview.types | ({"integer"} if "number" in cview.types else set())
    return bool((tview.types - {"null"}) & accepted)


# --- tools and operations --------------------------------------------------------------------------------

def mapping_drifts(mappings: list, operations: list, versions, options: Options) -> list[Drift]:
    """The drift of each tool of a group that shares its contracts: how it maps to an operation, then, for a
    mapped tool, how its schema differs from the operation's."""
    mapped_files = {m.tool.file for m in mappings if m.status == "mapped"}
    taken = {id(m.operation) for m in mappings if m.status == "mapped"}
    free = [op for op in operations if id(op) not in taken]
    out: list[Drift] = []
    for mapping in mappings:
        out.extend(_mapping_drifts(mapping, operations, versions, mapping.tool.file in mapped_files, free))
        if mapping.status == "mapped":
            mapping.comparison = _compared(mapping.tool, mapping.operation)
            out.extend(drifts_of(mapping.comparison, options))
    return out


def _compared(tool, op):
    """compare_tool, done once per tool text and operation while `load.shared_work` is in effect (generate lints
    its output again after each repair pass, most tools unchanged): the comparison read from a tool with the same
    JSON and the same operation of the same parsed contract, given this tool and operation."""
    from dataclasses import replace

    import orjson

    from .compare import compare_tool
    from .load import is_sharing, shared

    if not is_sharing():
        return compare_tool(tool, op)
    try:
        text = orjson.dumps(tool.raw)
    except (TypeError, orjson.JSONEncodeError):
        return compare_tool(tool, op)
    key = ("comparison", tool.format, text, op.contract.document, op.method, op.path)  # the key keeps it alive
    return replace(shared(key, lambda: compare_tool(tool, op)), tool=tool, op=op)


def _contracts(operations: list) -> str:
    return ", ".join(sorted({op.contract.display for op in operations})) or "the contract"


def _mapping_drifts(mapping, operations: list, versions, siblings_mapped: bool, free: list) -> list[Drift]:
    tool = mapping.tool
    name = tool.name if isinstance(tool.name, str) else "?"

    def drift(rule, message_id, data, loc, severity=None):
        return Drift(rule, tool, message_id, {"name": name, **data}, None, None, loc, "", severity)

    if mapping.status == "unmapped":
        loc = (operations[0].contract.document, "") if operations else None
        if not siblings_mapped:
            return [drift(TOOL_NOT_IN_CONTRACT, "no-match", {"contracts": _contracts(operations)}, loc)]
        # the other tools of its file call this contract: the operation this one called is likely gone
        guess = _likely_operation(name, free)
        data = {"contracts": _contracts(operations), "perhaps": f" (perhaps {guess.label}?)" if guess else ""}
        return [drift(TOOL_NOT_IN_CONTRACT, "operation-gone", data, guess.loc if guess else loc, "warning")]
    if mapping.status == "ambiguous":
        shown = ", ".join(f"{op.label} at {op.contract.where(op.loc)}" for op in mapping.candidates[:4])
        data = {"count": len(mapping.candidates), "candidates": shown}
        return [drift(AMBIGUOUS_OPERATION, "ambiguous", data, mapping.candidates[0].loc)]
    if mapping.status == "missing":
        suggestion = f" (did you mean {', '.join(repr(s) for s in mapping.candidates)}?)" if mapping.candidates else ""
        first = operations[0].contract if operations else None
        data = {"target": mapping.target, "contracts": _contracts(operations), "suggestion": suggestion}
        return [drift(OPERATION_NOT_IN_CONTRACT, "mapping-target-missing" if mapping.via == "config"
                      else "operation-id-missing", data, (first.document, "/paths") if first else None)]
    op = mapping.operation
    drifts = []
    if op.deprecated and not tool.deprecated and not says_deprecated(tool.description):
        drifts.append(drift(DEPRECATED_IN_CONTRACT, "operation-deprecated",
                            {"operation": op.label, "where": op.contract.where(op.loc)}, op.loc))
    newer = versions.newer(op)
    if newer:
        data = {"operation": op.label, "newer": newer[0].label, "where": newer[0].contract.where(newer[0].loc)}
        drifts.append(drift(OLDER_OPERATION_VERSION, "newer-version", data, newer[0].loc))
    return drifts


def _likely_operation(name: str, free: list):
    """The operation no tool maps to whose operationId or route reads most like the tool's name."""
    from .mapping import route_name

    keys = {}
    for op in free:
        for key in (normalize(op.operation_id) if op.operation_id else None, route_name(op.method, op.path)):
            if key:
                keys.setdefault(key, op)
    hit = difflib.get_close_matches(normalize(name), list(keys), n=1, cutoff=0.8)
    return keys[hit[0]] if hit else None
