"""Tool and contract schemas as a JSON Schema validator reads them, and what a validation error says.

Validation is jsonschema-rs (a runtime dependency already). Tool schemas written in another dialect are read as
their authors meant them: Python/BFCL type names (`dict`, `float`) and Gemini's upper-case types are mapped to
JSON Schema types, and OpenAPI 3.0's `nullable: true` adds `null` to the type.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import jsonschema_rs

from ..rules._schema import JSON_TYPES, TYPE_ALIASES

MAX_DEPTH = 64
# keywords whose value maps names to schemas (a property named `type` is a schema, not a type)
_NAME_MAPS = ("properties", "patternProperties", "$defs", "definitions", "schemas", "dependentSchemas")
_KEYWORD_NAMES = {"oneOfNotValid": "oneOf", "oneOfMultipleValid": "oneOf", "falseSchema": "false",
                  "anyOf": "anyOf", "additionalProperties": "additionalProperties"}


def normalized(schema, depth: int = 0):
    """A copy of `schema` in plain JSON Schema (type aliases mapped, `nullable` folded into `type`)."""
    if depth > MAX_DEPTH:
        return {}
    if isinstance(schema, list):
        return [normalized(s, depth + 1) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {}
    for key, value in schema.items():
        if key in ("enum", "const", "default", "examples", "example"):
            out[key] = value
        elif key in _NAME_MAPS and isinstance(value, dict):
            out[key] = {k: normalized(v, depth + 1) for k, v in value.items()}
        elif key == "type":
            out[key] = _type(value)
            if out[key] is None:
                del out[key]
        else:
            out[key] = normalized(value, depth + 1)
    if out.get("nullable") is True and isinstance(out.get("type"), str):
        out["type"] = [out["type"], "null"]
    return out


_OPEN_KEYS = ("additionalProperties", "patternProperties", "unevaluatedProperties", "allOf", "anyOf", "oneOf", "not",
              "if", "$ref", "dependentSchemas")


def closed(schema, depth: int = 0):
    """The tool schema with every object that lists its properties and says nothing about others closed
    (`additionalProperties: false`), in place: a parameter the schema never mentions is one the model invented,
    though JSON Schema would let it through. Objects inside combinators or behind `$ref` stay as written (closing
    an `allOf` branch would reject its siblings' properties)."""
    if depth > MAX_DEPTH or not isinstance(schema, dict):
        return schema
    props = schema.get("properties")
    if isinstance(props, dict):
        if not any(k in schema for k in _OPEN_KEYS):
            schema["additionalProperties"] = False
        for value in props.values():
            closed(value, depth + 1)
    if isinstance(schema.get("items"), dict):
        closed(schema["items"], depth + 1)
    return schema


def _type(value):
    if isinstance(value, str):
        if value in JSON_TYPES:
            return value
        if value.lower() in JSON_TYPES:
            return value.lower()
        return TYPE_ALIASES.get(value, value)
    if isinstance(value, list):
        mapped = [_type(v) for v in value]
        return None if None in mapped else mapped
    return value


def validator(schema, draft4: bool = False):
    """A validator, or None when the schema cannot be compiled (then nothing is checked against it)."""
    if schema is None or schema is True or schema == {}:
        return None
    if not isinstance(schema, dict):
        return None
    try:
        if draft4:
            return jsonschema_rs.Draft4Validator(schema)
        return jsonschema_rs.validator_for(schema)
    except (jsonschema_rs.ValidationError, ValueError, TypeError, OverflowError):
        return None
    except Exception:  # noqa: BLE001 - a schema the validator cannot build is a schema not checked, never a crash
        return None


@dataclass
class Violation:
    """The first error of a validation: where (param), which keyword, and the schema's side of it."""

    param: str | None
    keyword: str
    detail: dict = field(default_factory=dict)  # limit, options, types, pattern, expected


def first_violation(check, instance) -> Violation | None:
    if check is None:
        return None
    try:
        if check.is_valid(instance):
            return None
        error = next(iter(check.iter_errors(instance)), None)
    except (ValueError, OverflowError, RecursionError):
        return Violation(None, "value", {})  # a value the validator cannot take (an integer over 64 bits)
    if error is None:
        return None
    kind = error.kind
    keyword = _KEYWORD_NAMES.get(kind.name, kind.name)
    path = list(error.instance_path)
    detail = {}
    for attr in ("limit", "options", "types", "pattern", "expected_value", "format"):
        value = getattr(kind, attr, None)
        if value is not None:
            detail[attr] = value
    if keyword == "required":
        path.append(kind.property)
    elif keyword == "additionalProperties":
        unexpected = getattr(kind, "unexpected", None) or []
        if unexpected:
            path.append(unexpected[0])
    elif keyword == "false" and path:
        keyword = "additionalProperties"  # a property the schema forbids (`"name": false`)
    return Violation(param_name(path), keyword, detail)


def param_name(path) -> str | None:
    """`labels[].confidence` for a path into the arguments; None for the arguments object itself."""
    parts: list[str] = []
    for token in path:
        if isinstance(token, int):
            if parts:
                parts[-1] += "[]"
            else:
                parts.append("[]")
        else:
            parts.append(str(token))
    return ".".join(parts) or None


def schema_path(schema, param: str | None) -> tuple:
    """The path inside `schema` of the node that describes `param` (the deepest that exists)."""
    if not param:
        return ()
    path: tuple = ()
    node = schema
    for part in _split_param(param):
        name, items = part
        props = node.get("properties") if isinstance(node, dict) else None
        if not isinstance(props, dict) or name not in props:
            return path
        path += ("properties", name)
        node = props[name]
        for _ in range(items):
            if not isinstance(node, dict) or not isinstance(node.get("items"), dict):
                return path
            path += ("items",)
            node = node["items"]
    return path


def node_at(schema, path: tuple):
    node = schema
    for token in path:
        if not isinstance(node, dict):
            return None
        node = node.get(token)
    return node if isinstance(node, dict) else None


def _split_param(param: str):
    for piece in param.split("."):
        items = 0
        while piece.endswith("[]"):
            piece, items = piece[:-2], items + 1
        yield piece, items
