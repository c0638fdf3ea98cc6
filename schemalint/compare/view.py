"""A flattened view of a JSON Schema / OpenAPI schema object: what both sides of a comparison are read as.

`$ref`s are followed (cycles stop the descent), `allOf` is merged, and every spelling of "may be null" reads
the same: OpenAPI 3.0 `nullable`, a 3.1 type list with "null", and a union with a `{type: null}` branch
(`anyOf: [X, {type: null}]` is X plus null). Other `anyOf`/`oneOf` alternatives stay as branches. Each view
remembers where it came from (`loc`), so a change can name the exact node on either side.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from ..vocabulary import COMBINATORS, UNIONS

MISSING = object()
MAX_DEPTH = 24
MAX_REF_EXPANSIONS = 5000  # per standalone schema (view_of)
CUT = object()  # what a `resolve` returns for a $ref it will not expand

# constraint -> "min" when a larger value is stricter, "max" when a smaller one is
NUMERIC_CONSTRAINTS = {
    "minimum": "min", "exclusiveMinimum": "min", "minLength": "min", "minItems": "min", "minProperties": "min",
    "maximum": "max", "exclusiveMaximum": "max", "maxLength": "max", "maxItems": "max", "maxProperties": "max",
}
_NUMERIC_KEYS = frozenset(NUMERIC_CONSTRAINTS)
_TYPE_ALIASES = {"file": "string", "int": "integer", "str": "string", "bool": "boolean", "float": "number",
                 "dict": "object", "list": "array"}


@dataclass(eq=False)
class SchemaView:
    loc: Any
    types: frozenset | None = None  # None: any type
    format: str | None = None
    enum: tuple | None = None
    const: bool = False  # enum came from `const`
    default: Any = MISSING
    constraints: dict = field(default_factory=dict)
    pattern: str | None = None
    multiple_of: Any = None
    properties: dict = field(default_factory=dict)  # name -> SchemaView
    required: frozenset = frozenset()
    items: "SchemaView | None" = None
    additional: Any = None  # additionalProperties as written (True/False/schema) or None
    branches: list = field(default_factory=list)  # anyOf / oneOf alternatives
    deprecated: bool = False
    read_only: bool = False
    cyclic: bool = False
    nullable_union: bool = False  # a union with a null branch, whose other branches stay branches
    unique_items: bool = False
    combinators: frozenset = frozenset()  # the COMBINATORS written on the node
    description: str | None = None
    title: str | None = None
    examples: Any = MISSING  # `examples`, or `example` as a one-item list

    @property
    def is_object(self) -> bool:
        return bool(self.properties) or (self.types is not None and "object" in self.types)


def _types_of(schema: dict) -> frozenset | None:
    raw = schema.get("type")
    if isinstance(raw, str):
        types = {_TYPE_ALIASES.get(raw, raw)}
    elif isinstance(raw, list) and raw and all(isinstance(t, str) for t in raw):
        types = {_TYPE_ALIASES.get(t, t) for t in raw}
    else:
        if "properties" in schema:
            types = {"object"}
        elif "items" in schema:
            types = {"array"}
        else:
            return None
    if schema.get("nullable") is True:
        types.add("null")
    return frozenset(types)


def flatten(schema: Any, loc: Any, resolve: Callable, child: Callable, depth: int = 0,
            seen: frozenset = frozenset()) -> SchemaView:
    """`resolve(ref, loc) -> (node, loc) | None | CUT` follows a $ref; `child(loc, *tokens) -> loc` walks down."""
    hops = 0
    while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
        hit = resolve(schema["$ref"], loc)
        if hit is CUT:
            return SchemaView(loc=loc, cyclic=True)  # left unexpanded: compared with nothing
        if hit is None:
            return SchemaView(loc=loc)
        key = _loc_key(hit[1])
        if key in seen or hops > 20:
            return SchemaView(loc=loc, cyclic=True)
        seen = seen | {key}
        # OpenAPI 3.1 lets siblings sit next to $ref; keep them over the target's values
        siblings = {k: v for k, v in schema.items() if k != "$ref"}
        schema, loc = hit
        if siblings and isinstance(schema, dict):
            schema = {**schema, **siblings}
        hops += 1
    view = SchemaView(loc=loc)
    if not isinstance(schema, dict):
        return view
    view.types = _types_of(schema)
    if isinstance(schema.get("format"), str):
        view.format = schema["format"]
    if isinstance(schema.get("enum"), list):
        view.enum = tuple(schema["enum"])
    elif "const" in schema:
        view.enum, view.const = (schema["const"],), True
    if isinstance(schema.get("description"), str):
        view.description = schema["description"]
    if isinstance(schema.get("title"), str):
        view.title = schema["title"]
    if "examples" in schema:
        view.examples = schema["examples"]
    elif "example" in schema:
        view.examples = [schema["example"]]
    view.unique_items = schema.get("uniqueItems") is True
    view.combinators = frozenset(k for k in COMBINATORS if k in schema)
    if "default" in schema:
        view.default = schema["default"]
    for key in NUMERIC_CONSTRAINTS if not _NUMERIC_KEYS.isdisjoint(schema) else ():
        value = schema.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            view.constraints[key] = value
        elif value is True and key in ("exclusiveMinimum", "exclusiveMaximum"):
            # OpenAPI 3.0 / draft 4: boolean exclusive bound applies to minimum/maximum
            bound = schema.get("minimum" if key == "exclusiveMinimum" else "maximum")
            if isinstance(bound, (int, float)) and not isinstance(bound, bool):
                view.constraints[key] = bound
    if isinstance(schema.get("pattern"), str):
        view.pattern = schema["pattern"]
    if isinstance(schema.get("multipleOf"), (int, float)):
        view.multiple_of = schema["multipleOf"]
    view.deprecated = schema.get("deprecated") is True
    view.read_only = schema.get("readOnly") is True
    if "additionalProperties" in schema:
        view.additional = schema["additionalProperties"]
    required = schema.get("required")
    if isinstance(required, list):
        view.required = frozenset(r for r in required if isinstance(r, str))
    if depth < MAX_DEPTH:
        props = schema.get("properties")
        if isinstance(props, dict):
            for name, sub in props.items():
                view.properties[name] = flatten(sub, child(loc, "properties", name), resolve, child, depth + 1, seen)
        items = schema.get("items")
        if isinstance(items, dict):
            view.items = flatten(items, child(loc, "items"), resolve, child, depth + 1, seen)
        for keyword in UNIONS:
            alternatives = schema.get(keyword)
            if isinstance(alternatives, list):
                view.branches.extend(flatten(sub, child(loc, keyword, i), resolve, child, depth + 1, seen)
                                     for i, sub in enumerate(alternatives))
        parts = schema.get("allOf")
        if isinstance(parts, list):
            for i, sub in enumerate(parts):
                merge_into(view, flatten(sub, child(loc, "allOf", i), resolve, child, depth + 1, seen))
    _fold_null_branches(view)
    _absorb_branches(view)
    return view


def _is_null_only(view: SchemaView) -> bool:
    return view.types == frozenset({"null"}) and not view.properties and view.items is None


def _fold_null_branches(view: SchemaView) -> None:
    """`anyOf: [X, {type: null}]` says what `type: [X, null]` says: fold the null branch into the types, and a
    lone remaining branch into the node itself."""
    if not any(_is_null_only(b) for b in view.branches):
        return
    view.branches = [b for b in view.branches if not _is_null_only(b)]
    if len(view.branches) == 1 and view.types is None and not view.properties and view.items is None:
        only = view.branches.pop()
        merge_into(view, only)
        view.const = view.const or only.const
        # the text beside a lone branch is the node's, as if written on it
        if view.description is None:
            view.description = only.description
        if view.title is None:
            view.title = only.title
        if view.examples is MISSING:
            view.examples = only.examples
        view.read_only = view.read_only or only.read_only
    if view.types is not None or not view.branches:
        view.types = (view.types or frozenset()) | {"null"}
    else:
        view.nullable_union = True
    remaining = {k for k in UNIONS if k in view.combinators}
    if not view.branches:
        view.combinators = view.combinators - remaining


def merge_into(view: SchemaView, part: SchemaView) -> None:
    """allOf: every part applies, so the merged view is the stricter of both."""
    if part.types is not None:
        view.types = part.types if view.types is None else (view.types & part.types or view.types)
    view.format = view.format or part.format
    if part.enum is not None:
        view.enum = part.enum if view.enum is None else tuple(v for v in view.enum if v in part.enum)
    if view.default is MISSING:
        view.default = part.default
    for key, value in part.constraints.items():
        mine = view.constraints.get(key)
        stricter = max if NUMERIC_CONSTRAINTS[key] == "min" else min
        view.constraints[key] = value if mine is None else stricter(mine, value)
    view.pattern = view.pattern or part.pattern
    view.multiple_of = view.multiple_of or part.multiple_of
    view.unique_items = view.unique_items or part.unique_items
    view.combinators = view.combinators | part.combinators
    for name, sub in part.properties.items():
        view.properties.setdefault(name, sub)
    view.required = view.required | part.required
    view.items = view.items or part.items
    if part.additional is not None and view.additional is None:
        view.additional = part.additional
    view.branches.extend(part.branches)
    view.deprecated = view.deprecated or part.deprecated
    view.cyclic = view.cyclic or part.cyclic


def _absorb_branches(view: SchemaView) -> None:
    """anyOf/oneOf: the view accepts what any branch accepts."""
    if not view.branches or view.types is not None:
        return
    types: set = set()
    for branch in view.branches:
        if branch.types is None:
            return
        types |= branch.types
    if view.nullable_union:
        types.add("null")
    view.types = frozenset(types)


def _loc_key(loc):
    if isinstance(loc, tuple) and len(loc) == 2 and not isinstance(loc[0], str):
        return (id(loc[0]), loc[1])
    return loc


def view_of(schema: Any, prefix: tuple = ()) -> SchemaView:
    """The view of a schema that stands alone (a tool's input or output schema): its `loc`s are JSON-token
    paths from the schema's root (after `prefix`), and `$ref`s resolve only to `#/...` inside it."""
    from ..sources import pointer as ptr

    hops = [0]

    def resolve(ref, loc):
        hops[0] += 1
        # a $ref is expanded at each place it is used: refs that each use others twice double at every level,
        # so past a budget they stay unexpanded (and uncompared) rather than take exponential time
        if hops[0] > MAX_REF_EXPANSIONS:
            return CUT
        if not ref.startswith("#"):
            return None
        try:
            return ptr.resolve(schema, ref[1:]), prefix + tuple(ptr.split(ref[1:]))
        except (KeyError, IndexError, ValueError, TypeError):
            return None

    return flatten(schema, prefix, resolve, lambda loc, *tokens: loc + tokens)
