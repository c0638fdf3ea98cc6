"""OpenAPI schema objects to self-contained JSON Schema for a tool's input.

`$ref`s are resolved in place (a cycle is cut where it closes), `allOf` is
merged, OpenAPI 3.0 `nullable` and boolean exclusive bounds become JSON Schema,
and everything the model does not need is dropped: examples (they anchor the
model to one value), titles, `x-` extensions, XML and discriminator details,
read-only properties, storage formats (int32, double) and the 5,000-character
length caps many specs put on every string. What constrains a value stays:
type, format, enum, const, default, bounds, pattern, items, required.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..compare.render import plain_json
from ..jsonvalue import fits
from ..sources import pointer as ptr
from .text import full_text, shorten

KEEP = ("type", "format", "enum", "const", "default", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
        "minLength", "maxLength", "pattern", "minItems", "maxItems", "uniqueItems", "multipleOf", "minProperties",
        "maxProperties")
STORAGE_FORMATS = {"int32", "int64", "float", "double", "decimal"}
MAX_HOPS = 20


class Cut(Exception):
    """The schema refers back to itself here."""


@dataclass
class Converter:
    """Converts schemas of one contract; `resolve(ref, loc)` is the contract's resolver."""

    resolve: object
    max_depth: int = 3  # object levels below the root the tool may have
    include_deprecated: bool = False
    dropped: list = field(default_factory=list)  # (path, why) of optional properties left out
    full_text: dict = field(default_factory=dict)  # path -> the whole description, where `shorten` cut it
    keep_full_text: bool = True  # False: leave `full_text` empty (only the repair after linting reads it)
    keep: frozenset = frozenset()  # property paths never cut for depth (and the paths on the way to them)

    def convert(self, schema, loc, depth: int = 1, path: str = "", stack: frozenset = frozenset()):
        """JSON Schema for `schema`; raises Cut when it is a reference cycle."""
        if not isinstance(schema, dict) or "$ref" in schema:
            schema, loc, stack = self._follow(schema, loc, stack)
        if schema is True or schema is None:
            return {}
        if not isinstance(schema, dict):
            return {}
        prop_locs: dict = {}
        if "allOf" in schema:
            schema = self._merge_all_of(schema, loc, stack, prop_locs)
        out: dict = {}
        desc = shorten(schema.get("description"))
        if desc:
            out["description"] = desc
            if self.keep_full_text and path:
                whole = full_text(schema.get("description"))
                if whole != desc:
                    self.full_text.setdefault(path, whole)
        for key in KEEP:
            if key in schema:
                value = _int64_bound(key, schema[key])
                if plain_json(value):
                    out[key] = value
                else:
                    self.dropped.append((f"{path}.{key}" if path else key,
                                         "it holds an integer beyond 64 bits, which JSON tools cannot carry"))
        self._fix_keywords(schema, out)
        for keyword in ("anyOf", "oneOf"):
            if isinstance(schema.get(keyword), list):
                branches = self._branches(schema[keyword], loc, keyword, depth, path, stack)
                if len(branches) == 1:
                    only = branches[0]
                    for key, value in only.items():
                        if key == "description" and "description" in out:
                            continue
                        out.setdefault(key, value)
                elif branches:
                    out[keyword] = branches
        props = schema.get("properties")
        if isinstance(props, dict):
            required = [r for r in schema.get("required", []) if isinstance(r, str)] \
                if isinstance(schema.get("required"), list) else []
            converted, kept_required = self.properties(props, required, loc, depth, path, stack, prop_locs)
            out["properties"] = converted
            if kept_required:
                out["required"] = kept_required
            if "type" not in out:
                out["type"] = "object"
        items = schema.get("items")
        if isinstance(items, dict):
            # a cycle through the items cuts the array itself: `items: {}` would accept anything
            out["items"] = self.convert(items, _child(loc, "items"), depth, path + "[]", stack)
        extra = schema.get("additionalProperties")
        if extra is False and out.get("type") == "object":
            out["additionalProperties"] = False  # the backend rejects names it does not declare: say so
        elif isinstance(extra, dict) and extra and not out.get("properties"):
            try:
                converted_extra = self.convert(extra, _child(loc, "additionalProperties"), depth + 1, path + ".*",
                                               stack)
            except Cut:
                converted_extra = {}
            if converted_extra:
                out["additionalProperties"] = converted_extra
        if schema.get("deprecated") is True and path:
            out = marked_deprecated(out)
        return out

    def properties(self, props: dict, required: list, loc, depth: int, path: str, stack: frozenset,
                   prop_locs: dict | None = None):
        """Converted properties (read-only, deprecated and too-deep optional ones left out) and kept required."""
        out: dict = {}
        for name, sub in props.items():
            if not isinstance(name, str):
                continue
            sub_loc = (prop_locs or {}).get(name) or _child(loc, "properties", name)
            target = self._follow(sub, sub_loc, stack, quiet=True)[0] if isinstance(sub, dict) and "$ref" in sub \
                else sub
            is_required = name in required
            where = f"{path}.{name}" if path else name
            if isinstance(target, dict):
                if target.get("readOnly") is True and not is_required:
                    continue
                if _deprecated(target) and not is_required and not self.include_deprecated:
                    self.dropped.append((where, "deprecated"))
                    continue
            if depth > self.max_depth and not is_required and not self._kept(where):
                self.dropped.append((where, f"nested deeper than {self.max_depth} objects"))
                continue
            try:
                converted = self.convert(sub, sub_loc, depth + 1, where, stack)
            except Cut:
                if is_required:
                    converted = {"type": "object", "description": shorten(target.get("description")) or
                                 "A nested object of the same kind."} if isinstance(target, dict) else {}
                else:
                    self.dropped.append((where, "refers back to itself"))
                    continue
            if isinstance(target, dict) and _deprecated(target):
                converted = marked_deprecated(converted)
            if is_required and "default" in converted and \
                    (converted.get("enum") == [converted["default"]] or converted.get("const") == converted["default"]):
                converted = {k: v for k, v in converted.items() if k != "default"}  # the one value says it already
            out[name] = converted
        kept = [r for r in required if r in out]
        # required properties first: a model fills objects in order
        ordered = {name: out[name] for name in kept}
        ordered.update((name, value) for name, value in out.items() if name not in ordered)
        return ordered, kept

    def _kept(self, where: str) -> bool:
        return any(k == where or k.startswith(where + ".") or k.startswith(where + "[]") for k in self.keep)

    def _follow(self, schema, loc, stack: frozenset, quiet: bool = False):
        hops = 0
        while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            loc = _placed(loc)
            hit = self.resolve(schema["$ref"], loc)
            if hit is None:
                return {}, loc, stack
            key = _loc_key(hit[1])
            if key in stack or hops > MAX_HOPS:
                if quiet:
                    return {}, loc, stack
                raise Cut()
            stack = stack | {key}
            siblings = {k: v for k, v in schema.items() if k != "$ref"}
            schema, loc = hit
            if siblings and isinstance(schema, dict):
                schema = {**schema, **siblings}  # OpenAPI 3.1: keywords beside $ref apply too
            hops += 1
        return schema, loc, stack

    def _merge_all_of(self, schema: dict, loc, stack: frozenset, prop_locs: dict) -> dict:
        """allOf merged into one schema; `prop_locs` gets where each merged-in property sits."""
        parts = schema.get("allOf")
        if not isinstance(parts, list):
            return schema
        merged = {k: v for k, v in schema.items() if k != "allOf"}
        props = dict(merged.get("properties") or {})
        required = list(merged.get("required") or [])
        for i, part in enumerate(parts):
            part_loc = _child(loc, "allOf", i)
            try:
                part, part_loc, part_stack = self._follow(part, part_loc, stack)
            except Cut:
                continue
            if not isinstance(part, dict):
                continue
            inner_locs: dict = {}
            part = self._merge_all_of(part, part_loc, part_stack, inner_locs)
            for name, sub in (part.get("properties") or {}).items():
                if name not in props:
                    props[name] = sub
                    # its own location, so its $refs resolve against the document it came from
                    prop_locs[name] = inner_locs.get(name) or _child(part_loc, "properties", name)
            required.extend(r for r in part.get("required") or [] if r not in required)
            for key, value in part.items():
                if key not in ("properties", "required"):
                    merged.setdefault(key, value)
        if props:
            merged["properties"] = props
        if required:
            merged["required"] = required
        return merged

    def _branches(self, raw: list, loc, keyword: str, depth: int, path: str, stack: frozenset) -> list:
        out = []
        for i, branch in enumerate(raw):
            if _is_unset_sentinel(branch):
                continue  # `enum: [""]`: "send an empty string to clear", noise for a model
            try:
                converted = self.convert(branch, _child(loc, keyword, i), depth, path, stack)
            except Cut:
                continue
            if converted and converted not in out:
                out.append(converted)
        return out

    @staticmethod
    def _fix_keywords(schema: dict, out: dict) -> None:
        if out.get("format") in STORAGE_FORMATS:
            del out["format"]
        if out.get("minLength") == 0:
            del out["minLength"]
        for key, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
            if out.get(key) is True and bound in out:
                out[key] = out.pop(bound)
            elif isinstance(out.get(key), bool):
                del out[key]
        enum = out.get("enum")
        if isinstance(enum, list) and "" in enum and len(enum) > 1:
            out["enum"] = [v for v in enum if v != ""]  # the "send empty to clear" sentinel again
        if "default" in out and not fits(out["default"], out):
            del out["default"]  # the contract's own default breaks its schema (`default: []` on a string)
        kind = out.get("type")
        if kind == "file":
            out["type"] = "string"
            out.setdefault("format", "binary")
        if schema.get("nullable") is True and isinstance(out.get("type"), str):
            out["type"] = [out["type"], "null"]


def _int64_bound(key: str, value):
    """A lower bound written as a rounded -2**63 (`minimum: -9223372036854776000`, one past what 64 bits hold) as
    -2**63 itself: the same bound, in a number every JSON reader takes."""
    if key in ("minimum", "exclusiveMinimum") and isinstance(value, int) and not isinstance(value, bool) \
            and -2**63 - 10**4 < value < -2**63:
        return -2**63
    return value


def marked_deprecated(schema: dict) -> dict:
    """The schema with a description that says it is deprecated (kept with --include-deprecated, or required)."""
    from ..contract.drifts import says_deprecated

    text = schema.get("description")
    if says_deprecated(text):
        return schema
    return {**schema, "description": f"Deprecated. {text}" if text else "Deprecated."}


def _deprecated(schema: dict) -> bool:
    """Deprecated itself, or in every branch but `null` (`anyOf: [{$ref: X, deprecated: true}, {type: null}]`)."""
    if schema.get("deprecated") is True:
        return True
    for keyword in ("anyOf", "oneOf"):
        branches = [b for b in schema.get(keyword) or () if isinstance(b, dict) and b.get("type") != "null"]
        if branches and all(b.get("deprecated") is True for b in branches):
            return True
    return False


def _is_unset_sentinel(branch) -> bool:
    return isinstance(branch, dict) and branch.get("enum") == [""] and set(branch) <= {"enum", "type", "description"}


def _child(loc, *tokens):
    """Where a child node sits: (document, pointer, tokens below it), joined into a pointer only when a
    $ref there is resolved (most nodes have none)."""
    if len(loc) == 3:
        return (loc[0], loc[1], loc[2] + tokens)
    return (loc[0], loc[1], tokens)


def _placed(loc):
    """A location as the resolver takes it: (document, pointer)."""
    return (loc[0], ptr.join(loc[1], *loc[2])) if len(loc) == 3 else loc


def _loc_key(loc):
    return (id(loc[0]), loc[1])
