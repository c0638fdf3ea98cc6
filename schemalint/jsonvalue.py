"""Whether a value (a default, an example) fits its own schema's `enum` and `type`: the check before a value is
written into a tool or into prose, and before a contract's default is held against a tool."""
from __future__ import annotations

_JSON_TYPES = {"string": (str,), "integer": (int,), "number": (int, float), "boolean": (bool,), "array": (list,),
               "object": (dict,), "null": (type(None),)}


def fits(value, schema) -> bool:
    """False only when the schema's own enum or declared type rules the value out; a null fits (it means "unset"
    as often on a schema that does not declare null as on one that does)."""
    if not isinstance(schema, dict) or value is None:
        return True
    enum = schema.get("enum")
    if isinstance(enum, (list, tuple)) and not any(value == v and type(value) is type(v) for v in enum):
        return False
    kinds = schema.get("type")
    kinds = [kinds] if isinstance(kinds, str) else kinds if isinstance(kinds, (list, tuple, frozenset, set)) else None
    if not kinds:
        return True
    for kind in kinds:
        python = _JSON_TYPES.get(kind) if isinstance(kind, str) else None
        if python is None:
            return True  # a type this check does not know (`dict`, `file`): leave it to the rules
        if isinstance(value, bool) and bool not in python:
            continue
        if isinstance(value, python):
            if kind == "integer" and isinstance(value, float) and not value.is_integer():
                continue
            return True
        if kind == "integer" and isinstance(value, float) and value.is_integer():
            return True
    return False
