"""Compare two schemas, BEFORE and AFTER, node by node: every difference as a `Change` from the catalog.

Read as "a caller that was right about BEFORE now meets AFTER": a bound that AFTER adds is `bound-tightened`
(breaking), a property only BEFORE has is `param-removed`. `diff` passes the old and the new version of a tool;
the `--contract` drift rules pass the tool as BEFORE and the contract as AFTER, so a breaking change there is a
value the model is told it may send and the backend rejects.

Both sides are `SchemaView`s (see `view.py`), so `$ref`s, `allOf`, and every spelling of nullable compare
alike. Properties are matched by name, union branches by what tells them apart (a `const` property, their type,
their required keys), array `items` with each other. An output schema (`mode="output"`) is read the other way
round: its consumers read values, so a property removed or made nullable breaks them and a new bound does not.

`mode="contract"` is the drift rules' reading (tool BEFORE, contract AFTER); it differs from "input" where a tool
may say less than its contract without being wrong: a union on one side only is compared alternative by
alternative (a tool value must fit one contract alternative; every tool alternative must fit the contract), an
object the tool leaves free or the contract leaves open has no property drift, read-only properties and names no
property declares are never required of the caller, text is not compared, and a property only the tool has
points at the contract object that lacks it (`after_path`), a required one only the contract has at the tool
object that lacks it (`before_path`).
"""
from __future__ import annotations

import difflib
from dataclasses import replace
from typing import Any

from .changes import Change
from .render import show_list, show_value, value_key
from .view import MISSING, NUMERIC_CONSTRAINTS, SchemaView, merge_into

MAX_DEPTH = 24
MAX_NODES = 50_000
TEXT_SIMILARITY = 0.6  # how alike two descriptions must be for a removed and an added parameter to be one rename


def compare_views(before: SchemaView, after: SchemaView, *, param: str | None = None, mode: str = "input",
                  renames: bool = True) -> list[Change]:
    """Every change from `before` to `after`; `param` is the dotted path of the node compared (None: the root)."""
    out: list[Change] = []
    _Comparer(out, mode, renames).value(before, after, param, 0)
    return out


def _label(param: str | None) -> str:
    return f"'{param}'" if param else "the input"


def _fragment(view: SchemaView) -> dict:
    """A small JSON-able picture of a node: what a report shows as `before` / `after`."""
    out: dict = {}
    if view.types is not None:
        types = sorted(view.types)
        out["type"] = types[0] if len(types) == 1 else types
    if view.format:
        out["format"] = view.format
    if view.enum is not None:
        out["const" if view.const else "enum"] = view.enum[0] if view.const else list(view.enum)
    if view.pattern:
        out["pattern"] = view.pattern
    out.update(view.constraints)
    if view.multiple_of is not None:
        out["multipleOf"] = view.multiple_of
    if view.default is not MISSING:
        out["default"] = view.default
    if view.required:
        out["required"] = sorted(view.required)
    if view.properties:
        out["properties"] = sorted(view.properties)
    if view.additional is False:
        out["additionalProperties"] = False
    if view.deprecated:
        out["deprecated"] = True
    return out


def _structure(view: SchemaView, depth: int = 0) -> tuple:
    """Everything about a node but its name and its text: two parameters with equal structures differ only in
    name and words, so a removed and an added one may be a rename."""
    if depth > 4:
        return ()
    return (
        view.types, view.format, view.enum, view.pattern, tuple(sorted(view.constraints.items())), view.multiple_of,
        _json_key(view.default), view.required, view.additional is False, view.deprecated,
        tuple((name, _structure(sub, depth + 1)) for name, sub in sorted(view.properties.items())),
        _structure(view.items, depth + 1) if view.items is not None else None,
        tuple(_structure(b, depth + 1) for b in view.branches),
    )


def _json_key(value: Any):
    return MISSING if value is MISSING else value_key(value)


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b or (_number(a) and _number(b) and a == b)


def _value_key(v: Any):
    """A hashable key under which two values are `_same`; None for lists and objects (compared pairwise)."""
    if _number(v):
        return ("number", v)  # 1 and 1.0 hash and compare equal
    if v is None or isinstance(v, (str, bool)):
        return (type(v).__name__, v)
    return None


def _missing_from(values, others) -> list:
    """The values no value of `others` is `_same` as: a set lookup for plain values (Stripe's enums run to
    hundreds of values), pairwise only for lists and objects."""
    keys = {k for k in map(_value_key, others) if k is not None}
    nested = [w for w in others if _value_key(w) is None]
    out = []
    for v in values:
        key = _value_key(v)
        if key is not None:
            if key not in keys:
                out.append(v)
        elif not any(_same(v, w) for w in nested):
            out.append(v)
    return out


def _number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _without_null(types: frozenset | None) -> frozenset | None:
    return None if types is None else types - {"null"}


def _enum_values(view: SchemaView) -> tuple | None:
    """The enum, less a null its types already accept: `type: [X, null], enum: [.., null]` (OpenAI strict) says
    what `anyOf: [{type: X, enum: [..]}, {type: null}]` says."""
    if view.enum is None or view.const or view.types is None or "null" not in view.types:
        return view.enum
    return tuple(v for v in view.enum if v is not None)


def _as_union(view: SchemaView, other: SchemaView) -> SchemaView:
    """A plain typed node compared with a union of typed alternatives, read as a union of one alternative (the
    node's text, default and null stay on the node): `string` -> `anyOf: [string, integer]` adds an
    alternative, it puts no new restriction on the value."""
    if view.branches or not other.branches or not _without_null(view.types) or not _union_types(other):
        return view
    core = replace(view, types=_without_null(view.types), default=MISSING, description=None, title=None,
                   examples=MISSING, deprecated=False, read_only=False, combinators=frozenset(), nullable_union=False)
    return SchemaView(loc=view.loc, types=view.types, default=view.default, description=view.description,
                      title=view.title, examples=view.examples, deprecated=view.deprecated, read_only=view.read_only,
                      combinators=view.combinators, branches=[core], nullable_union="null" in view.types)


def _union_types(view: SchemaView) -> bool:
    """Whether the node's types are only those of its anyOf/oneOf alternatives (what `_absorb_branches` gives)."""
    if not view.branches or view.types is None:
        return False
    types: frozenset = frozenset()
    for branch in view.branches:
        if branch.types is None:
            return False
        types |= branch.types
    return _without_null(view.types) == _without_null(types)


def _widened(types: frozenset) -> frozenset:
    return types | {"integer"} if "number" in types else types


def _types(types: frozenset) -> str:
    return " or ".join(sorted(types)) or "null"


class _Comparer:
    def __init__(self, out: list, mode: str, renames: bool):
        self.out = out
        self.output = mode == "output"
        self.contract = mode == "contract"
        self.renames = renames
        self.nodes = 0  # node pairs compared, against MAX_NODES

    def exhausted(self) -> bool:
        """Past MAX_NODES node pairs the comparison stops: a schema whose shared parts fan out can have
        exponentially many paths, each a parameter."""
        self.nodes += 1
        return self.nodes > MAX_NODES

    def add(self, change: str, param, message: str, before: SchemaView | None, after: SchemaView | None,
            **detail) -> None:
        shown = _fragment(after) if after is not None else None
        if self.contract and shown is not None and after.description:
            shown["description"] = after.description  # where a contract states in words what its keywords do not
        self.out.append(Change(
            change, param, message,
            before=_fragment(before) if before is not None else None,
            after=shown,
            before_path=before.loc if before is not None else None,
            after_path=after.loc if after is not None else None,
            detail=detail,
        ))

    # one node ---------------------------------------------------------------------------------------------

    def value(self, b: SchemaView, a: SchemaView, param, depth: int) -> None:
        if b.cyclic or a.cyclic or depth > MAX_DEPTH or self.exhausted():
            return
        if self.output:
            self.output_value(b, a, param, depth)
            return
        if self.contract and bool(b.branches) != bool(a.branches):
            self.lone_union(b, a, param, depth)
            return
        if not self.contract:
            b, a = _as_union(b, a), _as_union(a, b)
        if not self.types(b, a, param):
            return  # a different kind of value: what it may hold compares with nothing
        self.enum(b, a, param)
        self.bounds(b, a, param)
        self.pattern_and_format(b, a, param)
        self.default(b, a, param)
        self.structure(b, a, param)
        self.text(b, a, param)
        if b.properties or a.properties:
            self.objects(b, a, param, depth)
        if b.items is not None and a.items is not None:
            self.value(b.items, a.items, f"{param}[]" if param else "[]", depth + 1)
        elif b.items is None and a.items is not None and (b.types is None or "array" in b.types):
            self.add("items-added", param, f"items of {_label(param)} are constrained now: arrays whose items "
                     f"do not match {show_value(_fragment(a.items))} are rejected", b, a.items)
        elif b.items is not None and a.items is None and (a.types is None or "array" in a.types):
            self.add("items-removed", param, f"items of {_label(param)} are no longer constrained", b.items, a)
        self.branches(b, a, param, depth)

    def types(self, b: SchemaView, a: SchemaView, param) -> bool:
        """Report type and nullability changes; False when the types share nothing (stop comparing below)."""
        label = _label(param)
        # two unions whose types are just their alternatives': the alternatives say, one by one, what changed
        unions = _union_types(b) and _union_types(a)
        if b.types is not None and a.types is not None:
            bn, an = (b.nullable_union, a.nullable_union) if unions else ("null" in b.types, "null" in a.types)
            if bn and not an:
                self.add("nullable-removed", param, f"{label} no longer accepts null: calls that send null now "
                         f"fail", b, a)
            elif an and not bn:
                self.add("nullable-added", param, f"{label} accepts null now", b, a)
        bt, at = _without_null(b.types), _without_null(a.types)
        if bt == at or not bt and not at or unions:
            return True
        if at is None:
            self.add("type-widened", param, f"{label} accepts any type now (it took {_types(bt)})", b, a)
            return True
        if bt is None:
            if at and at != frozenset({"object"}) or not a.properties:
                self.add("type-narrowed", param, f"{label} accepts only {_types(at)} now: calls that send "
                         f"another type fail", b, a)
            return True
        lost = bt - _widened(at)
        gained = at - _widened(bt)
        if lost and (at & _widened(bt) or bt & _widened(at)):
            self.add("type-narrowed", param, f"{label} no longer accepts {_types(lost)} (it takes {_types(at)}): "
                     f"calls that send {_types(lost)} now fail", b, a, removed=sorted(lost))
            return True
        if lost:
            self.add("type-changed", param, f"{label} changed type from {_types(bt)} to {_types(at)}: calls that "
                     f"send {_types(bt)} now fail", b, a, removed=sorted(lost), added=sorted(gained))
            return False
        if gained:
            self.add("type-widened", param, f"{label} also accepts {_types(gained)} now", b, a,
                     added=sorted(gained))
        return True

    def enum(self, b: SchemaView, a: SchemaView, param) -> None:
        label = _label(param)
        be, ae = _enum_values(b), _enum_values(a)
        if be is None and ae is None:
            return
        if be is None:
            if a.const:
                self.add("const-added", param, f"{label} is fixed to {show_value(ae[0])} now: calls that send "
                         f"another value fail", b, a)
            else:
                self.add("enum-added", param, f"{label} accepts only {show_list(ae)} now: calls that send "
                         f"another value fail", b, a, added=list(ae))
            return
        if ae is None:
            kind = "const-removed" if b.const else "enum-removed"
            self.add(kind, param, f"{label} is no longer limited to {show_list(be)}", b, a)
            return
        if b.const and a.const:
            if not _same(be[0], ae[0]):
                self.add("const-changed", param, f"{label} must be {show_value(ae[0])} now, not "
                         f"{show_value(be[0])}: calls that send {show_value(be[0])} fail", b, a)
            return
        removed = _missing_from(be, ae)
        added = _missing_from(ae, be)
        recased = []
        for v in list(removed):
            if not isinstance(v, str):
                continue
            twins = [w for w in added if isinstance(w, str) and w.lower() == v.lower()]
            if len(twins) == 1:
                recased.append((v, twins[0]))
                removed.remove(v)
                added.remove(twins[0])
        if recased:
            pairs = ", ".join(f"{show_value(v)} → {show_value(w)}" for v, w in recased)
            olds = show_list([v for v, _ in recased])
            self.add("enum-value-case-changed", param, f"{label} changed the case of {pairs}: calls that send "
                     f"{olds} now fail", b, a, removed=[v for v, _ in recased], added=[w for _, w in recased])
        if removed:
            self.add("enum-value-removed", param, f"{label} no longer accepts {show_list(removed)}: calls that "
                     f"send {'it' if len(removed) == 1 else 'them'} now fail", b, a, removed=removed)
        if added:
            self.add("enum-value-added", param, f"{label} accepts {show_list(added)} now", b, a, added=added)

    def bounds(self, b: SchemaView, a: SchemaView, param) -> None:
        label = _label(param)
        for key, direction in NUMERIC_CONSTRAINTS.items():
            old, new = b.constraints.get(key), a.constraints.get(key)
            if old is None and new is None or old is not None and new is not None and old == new:
                continue
            if old is None:
                tighter = True
            elif new is None:
                tighter = False
            else:
                tighter = new > old if direction == "min" else new < old
            self.bound(param, label, key, old, new, tighter, b, a)
        if b.multiple_of != a.multiple_of:
            tighter = not (a.multiple_of is None or _is_multiple(b.multiple_of, a.multiple_of))
            self.bound(param, label, "multipleOf", b.multiple_of, a.multiple_of, tighter, b, a)
        if b.unique_items != a.unique_items:
            self.bound(param, label, "uniqueItems", b.unique_items, a.unique_items, a.unique_items, b, a)

    def bound(self, param, label, key, old, new, tighter, b, a) -> None:
        was = "none" if old is None else show_value(old)
        now = "none" if new is None else show_value(new)
        if tighter:
            self.add("bound-tightened", param, f"{label} {key} went from {was} to {now}: values the old bound "
                     f"accepted are rejected now", b, a, keyword=key, old=old, new=new)
        else:
            self.add("bound-loosened", param, f"{label} {key} went from {was} to {now}: more values are accepted",
                     b, a, keyword=key, old=old, new=new)

    def pattern_and_format(self, b: SchemaView, a: SchemaView, param) -> None:
        label = _label(param)
        for key, old, new in (("pattern", b.pattern, a.pattern), ("format", b.format, a.format)):
            if old == new:
                continue
            if old is None:
                self.add(f"{key}-added", param, f"{label} must match {key} {show_value(new)} now: values that do "
                         f"not are rejected", b, a, keyword=key, new=new)
            elif new is None:
                self.add(f"{key}-removed", param, f"{label} no longer has {key} {show_value(old)}", b, a,
                         keyword=key, old=old)
            else:
                self.add(f"{key}-changed", param, f"{label} {key} changed from {show_value(old)} to "
                         f"{show_value(new)}: values of the old {key} may be rejected", b, a, keyword=key, old=old,
                         new=new)

    def default(self, b: SchemaView, a: SchemaView, param) -> None:
        label = _label(param)
        old, new = b.default, a.default
        if old is MISSING and new is MISSING:
            return
        if old is MISSING:
            self.add("default-added", param, f"{label} defaults to {show_value(new)} now: calls that leave it out "
                     f"get {show_value(new)}", b, a, new=new)
        elif new is MISSING:
            self.add("default-removed", param, f"{label} no longer defaults to {show_value(old)}: calls that leave "
                     f"it out no longer get {show_value(old)}", b, a, old=old)
        elif not _same(old, new):
            self.add("default-changed", param, f"{label} default changed from {show_value(old)} to "
                     f"{show_value(new)}: calls that leave it out get {show_value(new)} now", b, a, old=old, new=new)

    def structure(self, b: SchemaView, a: SchemaView, param) -> None:
        label = _label(param)
        closed_before, closed_after = b.additional is False, a.additional is False
        if closed_after and not closed_before and (a.properties or b.properties or a.is_object):
            self.add("additional-properties-restricted", param, f"{label} rejects properties it does not name now "
                     f"(additionalProperties: false): calls that send others fail", b, a)
        elif closed_before and not closed_after:
            self.add("additional-properties-allowed", param, f"{label} accepts properties it does not name now",
                     b, a)
        # a union of branches is compared branch by branch, allOf parts as merged into the node; the other
        # combinators only by their presence
        for key in sorted((a.combinators - b.combinators) - {"anyOf", "oneOf", "allOf"}):
            self.add("combinator-added", param, f"{label} is restricted by {key} now: values it rejects fail", b, a,
                     keyword=key)
        for key in sorted((b.combinators - a.combinators) - {"anyOf", "oneOf", "allOf"}):
            self.add("combinator-removed", param, f"{label} is no longer restricted by {key}", b, a, keyword=key)
        if b.deprecated != a.deprecated and param:
            if a.deprecated:
                self.add("param-deprecated", param, f"{label} is marked deprecated now", b, a)
            else:
                self.add("param-undeprecated", param, f"{label} is no longer marked deprecated", b, a)

    def text(self, b: SchemaView, a: SchemaView, param) -> None:
        if not param or self.contract:
            return  # the root's text is the tool's: compared with the tool
        label = _label(param)
        if (b.description or "") != (a.description or ""):
            self.add("param-description-changed", param, f"the description of {label} changed", b, a,
                     old=b.description, new=a.description)
        if (b.title or "") != (a.title or ""):
            self.add("title-changed", param, f"the title of {label} changed", b, a, old=b.title, new=a.title)
        if _json_key(b.examples) != _json_key(a.examples):
            self.add("examples-changed", param, f"the examples of {label} changed", b, a)

    # children ---------------------------------------------------------------------------------------------

    def objects(self, b: SchemaView, a: SchemaView, param, depth: int) -> None:
        before, after = b.properties, a.properties
        if self.contract and param and not before and not b.required:
            return  # the tool leaves the object free: no property of it to compare
        open_after = self.contract and (a.additional is True or isinstance(a.additional, dict)
                                        or not after and a.additional is not False)
        removed = [n for n in before if n not in after]
        added = [n for n in after if n not in before]
        renamed = self.pair_renames(b, a, removed, added) if self.renames else {}
        for name, sub in before.items():
            child = f"{param}.{name}" if param else name
            if name in after:
                self.required(b, a, name, child)
                self.value(sub, after[name], child, depth + 1)
            elif name in renamed:
                new = renamed[name]
                self.add("param-renamed", child, f"parameter '{child}' was renamed to '{new}': calls that send "
                         f"'{name}' now fail", sub, after[new], renamed_to=new)
                self.required(b, a, name, child, new)
                self.value(sub, after[new], child, depth + 1)  # the words may have changed with the name
            elif not open_after:
                ignored = a.additional is not False and not self.output
                effect = "is ignored or rejected" if ignored else "now fails"
                self.add("param-removed", child, f"parameter '{child}' was removed: a call that sends it {effect}",
                         sub, a if self.contract else None)
        targets = set(renamed.values())
        for name in added:
            if name in targets:
                continue
            child = f"{param}.{name}" if param else name
            if name in a.required and not a.properties[name].read_only:
                self.add("required-param-added", child, f"new parameter '{child}' is required: calls without it "
                         f"now fail", b if self.contract else None, a.properties[name])
            else:
                self.add("param-added", child, f"new optional parameter '{child}'", None, a.properties[name])
        for name in sorted(a.required - b.required):
            # contract mode: a name neither side declares is a defect of the contract, not drift of the tool
            if name not in after and name not in before and not self.contract:
                child = f"{param}.{name}" if param else name
                self.add("param-now-required", child, f"'{child}' is required now, though no property declares "
                         f"it: calls without it fail", b, a)

    def required(self, b: SchemaView, a: SchemaView, name: str, child: str, new_name: str | None = None) -> None:
        was, now = name in b.required, (new_name or name) in a.required
        if now and self.contract and a.properties[new_name or name].read_only:
            return  # the backend fills it; the caller never sends it
        if now and not was:
            self.add("param-now-required", child, f"'{child}' is required now: calls that leave it out fail",
                     b.properties[name], a.properties[new_name or name])
        elif was and not now:
            self.add("param-now-optional", child, f"'{child}' is optional now", b.properties[name],
                     a.properties[new_name or name])

    def pair_renames(self, b: SchemaView, a: SchemaView, removed: list, added: list) -> dict:
        """Removed → added names that are one parameter renamed: the same in all but name and (mostly) words,
        and unambiguous both ways. Anything less certain stays a removal and an addition."""
        if not removed or not added:
            return {}
        order_b, order_a = list(b.properties), list(a.properties)
        candidates: dict = {}
        for old in removed:
            ov = b.properties[old]
            for new in added:
                nv = a.properties[new]
                if _structure(ov) != _structure(nv) or (old in b.required) != (new in a.required):
                    continue
                if ov.description or nv.description:
                    ratio = difflib.SequenceMatcher(None, ov.description or "", nv.description or "").ratio()
                    if ratio < TEXT_SIMILARITY:
                        continue
                elif order_b.index(old) != order_a.index(new):
                    continue
                candidates.setdefault(old, []).append(new)
        chosen = {old: news[0] for old, news in candidates.items() if len(news) == 1}
        taken = [new for new in chosen.values()]
        return {old: new for old, new in chosen.items() if taken.count(new) == 1}

    def branches(self, b: SchemaView, a: SchemaView, param, depth: int) -> None:
        if not b.branches and not a.branches:
            return
        label = _label(param)
        if not b.branches:
            if not self.output:
                self.add("combinator-added", param, f"{label} must match one of {len(a.branches)} alternatives "
                         f"now: values that match none fail", b, a, keyword="anyOf")
            return
        if not a.branches:
            if not self.output:
                self.add("combinator-removed", param, f"{label} is no longer a union of alternatives", b, a,
                         keyword="anyOf")
            return
        pairs, lost, gained = match_branches(b.branches, a.branches)
        for i, j in pairs:
            self.value(b.branches[i], a.branches[j], param, depth + 1)
        if self.contract:
            for i in lost:  # a tool alternative no contract alternative pairs with: the closest one judges it
                self.value(b.branches[i], self.best_fit(b.branches[i], a.branches, param, depth), param, depth + 1)
            return
        for i in lost:
            self.add("branch-removed", param, f"{label} lost the alternative {show_value(_fragment(b.branches[i]))}:"
                     f" calls that send such a value now fail", b.branches[i], a, branch=i)
        for j in gained:
            self.add("branch-added", param, f"{label} accepts a new alternative "
                     f"{show_value(_fragment(a.branches[j]))}", b, a.branches[j], branch=j)

    def lone_union(self, b: SchemaView, a: SchemaView, param, depth: int) -> None:
        """Contract mode, a union on one side only: a tool value of one shape must fit one contract alternative
        (the one it breaks least), and every alternative the tool offers must fit the contract. A tool object
        whose discriminator offers the values of several alternatives (`type: enum [paragraph, bullet]` against
        `oneOf` of a paragraph and a bullet shape) merges them, and is compared with their merge."""
        if a.branches and all(_only_required(branch) for branch in a.branches):
            # `anyOf: [{required: [a]}, {required: [b]}]`: "send one of these", which no plain object can say
            self.value(b, replace(a, branches=[]), param, depth + 1)
        elif a.branches:
            options = [_with_root(branch, a) for branch in a.branches]
            covered = _covered(b, options)
            chosen = _envelope(covered) if len(covered) > 1 else self.best_fit(b, options, param, depth)
            self.value(b, chosen, param, depth + 1)
        else:
            for branch in b.branches:
                self.value(_with_root(branch, b), a, param, depth + 1)

    def best_fit(self, b: SchemaView, options: list, param, depth: int) -> SchemaView:
        best, fewest = options[0], None
        for option in options if len(options) > 1 else ():
            trial: list = []
            _Comparer(trial, "contract", self.renames).value(b, option, param, depth + 1)
            # a value of another type fits worse than any number of missing bounds
            score = (sum(1 for c in trial if c.change == "type-changed" and c.param == param),
                     sum(1 for c in trial if c.level == "breaking"))
            if fewest is None or score < fewest:
                best, fewest = option, score
        return best

    # output schemas: the caller reads these values ------------------------------------------------------

    def output_value(self, b: SchemaView, a: SchemaView, param, depth: int) -> None:
        if self.exhausted():
            return
        label = _label(param)
        if b.types is not None and a.types is not None:
            if "null" in a.types and "null" not in b.types:
                self.add("output-nullable-added", param, f"output {label} can be null now: consumers that read it "
                         f"may fail", b, a)
            bt, at = _without_null(b.types), _without_null(a.types)
            if bt and at and not at <= _widened(bt):
                self.add("output-type-changed", param, f"output {label} changed type from {_types(bt)} to "
                         f"{_types(at)}", b, a)
                return
        for name, sub in b.properties.items():
            child = f"{param}.{name}" if param else name
            if name in a.properties:
                self.output_value(sub, a.properties[name], child, depth + 1)
            else:
                self.add("output-property-removed", child, f"output property '{child}' is gone: consumers that "
                         f"read it get nothing", sub, None)
        for name in a.properties:
            if name not in b.properties:
                child = f"{param}.{name}" if param else name
                self.add("output-property-added", child, f"new output property '{child}'", None, a.properties[name])
        if b.items is not None and a.items is not None and depth < MAX_DEPTH:
            self.output_value(b.items, a.items, f"{param}[]" if param else "[]", depth + 1)


def _with_root(branch: SchemaView, root: SchemaView) -> SchemaView:
    """A union alternative with what its union node says beside it (bounds, default, properties, null)."""
    merged = replace(branch, constraints=dict(branch.constraints), properties=dict(branch.properties),
                     branches=list(branch.branches))
    merge_into(merged, replace(root, branches=[], types=None))
    if root.types is not None and "null" in root.types and merged.types is not None:
        merged.types = merged.types | {"null"}
    return merged


def _covered(tool: SchemaView, options: list) -> list:
    """The object alternatives whose discriminator value (a one-value enum or const property) the tool's enum
    for that property offers."""
    for name, sub in tool.properties.items():
        if sub.enum is None:
            continue
        offered = {value_key(v) for v in sub.enum}
        keyed = [o for o in options if name in o.properties and o.properties[name].enum is not None
                 and len(o.properties[name].enum) == 1]
        hits = [o for o in keyed if value_key(o.properties[name].enum[0]) in offered]
        if len(keyed) == len(options) and len(hits) > 1:
            return hits
    return []


def _envelope(options: list) -> SchemaView:
    """One object that takes what any of the object alternatives takes: every property (several alternatives'
    versions of one property become a union, or one enum), required only what all of them require."""
    merged = SchemaView(loc=options[0].loc, types=frozenset({"object"}),
                        required=frozenset.intersection(*(o.required for o in options)),
                        additional=False if all(o.additional is False for o in options) else None)
    for option in options:
        for name, sub in option.properties.items():
            merged.properties.setdefault(name, []).append(sub)
    for name, versions in merged.properties.items():
        if len(versions) == 1:
            merged.properties[name] = versions[0]
        elif all(v.enum is not None and v.types == versions[0].types for v in versions):
            values = {value_key(x): x for v in versions for x in v.enum}
            merged.properties[name] = replace(versions[0], enum=tuple(values.values()), const=False)
        else:
            merged.properties[name] = SchemaView(loc=versions[0].loc, branches=list(versions))
    return merged


def _only_required(view: SchemaView) -> bool:
    return bool(view.required) and view.types is None and not view.properties and view.items is None \
        and view.enum is None and not view.constraints and not view.branches and view.additional is None


def _is_multiple(old, new) -> bool:
    """Whether `old` is a multiple of `new`: then every multiple of `old` is one of `new`, and `new` loosened."""
    if old is None:
        return False
    try:
        ratio = old / new
        return ratio == int(ratio)
    except (OverflowError, ZeroDivisionError, ValueError, TypeError):
        return False


def _discriminators(view: SchemaView) -> tuple:
    """What tells one union branch from its siblings: the `const` properties, the types, the required keys."""
    consts = tuple(sorted((name, show_value(sub.enum[0])) for name, sub in view.properties.items()
                          if sub.enum is not None and len(sub.enum) == 1))
    return consts, view.types, view.required


def match_branches(before: list, after: list) -> tuple[list, list, list]:
    """Pair union branches: by all discriminators, then by `const` properties alone, then by type alone; a pair
    is made only where the key is unique on both sides. What remains: removed, added (one each: a pair)."""
    pairs: list = []
    left, right = list(range(len(before))), list(range(len(after)))
    keys = (
        lambda v: _discriminators(v),
        lambda v: _discriminators(v)[0] or None,
        lambda v: (_discriminators(v)[1], len(v.properties) > 0) if v.types is not None else None,
        lambda v: _structure(v),
    )
    for key in keys:
        kb = {i: key(before[i]) for i in left}
        ka = {j: key(after[j]) for j in right}
        for i in list(left):
            k = kb[i]
            if k is None or list(kb.values()).count(k) != 1:
                continue
            matches = [j for j in right if ka[j] == k]
            if len(matches) == 1:
                pairs.append((i, matches[0]))
                left.remove(i)
                right.remove(matches[0])
    if len(left) == 1 and len(right) == 1:
        pairs.append((left.pop(), right.pop()))
    pairs.sort()
    return pairs, left, right
