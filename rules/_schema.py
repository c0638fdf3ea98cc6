"""Schema helpers shared by the validity, examples and parameters rules.

`value_problems` is a small, conservative JSON Schema checker for the values a
schema shows the model (defaults, examples, enum members). It only reports
what it is sure of: keywords it does not know are ignored, never guessed.
It is cheaper than building a validator per node and its messages name the
keyword that fails.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

from schemalint.compare.render import convertible, int_text, show_value
from schemalint.patterns import search as pattern_search
from schemalint.vocabulary import UNIONS, param_of

from ._text import lazy_re, name_tokens

JSON_TYPES = frozenset({"string", "number", "integer", "boolean", "object", "array", "null"})

# Python / Java / JavaScript / BFCL / Seal-Tools type names found where JSON Schema types go, with the type to use.
# None means "any JSON value": the JSON Schema way to say it is to omit `type`.
TYPE_ALIASES = {
    "dict": "object", "Dict": "object", "map": "object", "Map": "object", "HashMap": "object",
    "hashmap": "object", "Object": "object", "JSONObject": "object", "json": "object", "struct": "object",
    "float": "number", "Float": "number", "double": "number", "Double": "number", "decimal": "number",
    "Decimal": "number", "Number": "number", "BigDecimal": "number",
    "int": "integer", "Int": "integer", "Integer": "integer", "long": "integer", "Long": "integer",
    "short": "integer", "Short": "integer", "byte": "integer", "Byte": "integer", "bigint": "integer",
    "BigInteger": "integer", "int32": "integer", "int64": "integer", "uint": "integer",
    "str": "string", "String": "string", "char": "string", "Char": "string", "Character": "string",
    "text": "string", "CharSequence": "string",
    "bool": "boolean", "Bool": "boolean", "Boolean": "boolean",
    "list": "array", "List": "array", "ArrayList": "array", "Array": "array", "tuple": "array",
    "Tuple": "array", "set": "array", "Set": "array", "HashSet": "array", "Iterable": "array",
    "None": "null", "NoneType": "null",
    "any": None, "Any": None,
}

# Gemini `parameters` use the OpenAPI subset with upper-case type names
GEMINI_TYPES = {"STRING": "string", "NUMBER": "number", "INTEGER": "integer", "BOOLEAN": "boolean",
                "OBJECT": "object", "ARRAY": "array", "NULL": "null", "TYPE_UNSPECIFIED": None}

_A = {"string": "a string", "number": "a number", "integer": "an integer", "boolean": "a boolean",
      "object": "an object", "array": "an array", "null": "null"}


def alias_target(type_name, fmt: str | None):
    """(is_alias, json_type) for a `type` value that is not a JSON Schema type; json_type None means any."""
    if not isinstance(type_name, str) or type_name in JSON_TYPES:
        return False, None
    if fmt == "gemini" and type_name in GEMINI_TYPES:
        return False, None
    if type_name in TYPE_ALIASES:
        return True, TYPE_ALIASES[type_name]
    lowered = type_name.lower()
    if lowered in JSON_TYPES:
        return True, lowered
    return False, None


_SINGLE_TYPES = {name: frozenset({name}) for name in JSON_TYPES}
_NULLABLE_TYPES = {name: frozenset({name, "null"}) for name in JSON_TYPES}


def declared_types(schema, fmt: str | None = None):
    """The JSON types a schema node allows (aliases mapped), or None when it does not constrain the type."""
    if not isinstance(schema, dict):
        return None
    value = schema.get("type")
    if value.__class__ is str and value in JSON_TYPES:  # the common case, answered without building a set
        return _NULLABLE_TYPES[value] if schema.get("nullable") is True else _SINGLE_TYPES[value]
    names = value if isinstance(value, list) else [value] if value is not None else None
    if not names:
        return None
    out = set()
    for name in names:
        if not isinstance(name, str):
            return None
        if name in JSON_TYPES:
            out.add(name)
            continue
        if name in GEMINI_TYPES:
            mapped = GEMINI_TYPES[name]
        else:
            known, mapped = alias_target(name, fmt)
            if not known:
                return None  # an unknown type name: invalid-json-schema reports it
        if mapped is None:
            return None
        out.add(mapped)
    if schema.get("nullable") is True:
        out.add("null")
    return frozenset(out)


def json_type(value) -> str:
    if isinstance(value, str):  # the most common value first
        return "string"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "unknown"


def type_matches(value, types) -> bool:
    kind = json_type(value)
    return kind in types or (kind == "integer" and "number" in types)


def describe_types(types) -> str:
    names = sorted(types)
    return " or ".join(_A.get(t, t) for t in names)


def json_equal(a, b) -> bool:
    """JSON equality: 1 == 1.0, but true != 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def in_enum(value, enum: list) -> bool:
    return any(json_equal(value, member) for member in enum)


def show(value, limit: int = 40) -> str:
    """A short JSON-ish rendering of a value for messages."""
    if isinstance(value, str):
        text = value if len(value) <= limit else value[: limit - 1] + "…"
        return '"' + text.replace("\n", "\\n") + '"'
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and not convertible(value):
        return int_text(value)
    text = repr(value) if not isinstance(value, (list, dict)) else _compact(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _compact(value) -> str:
    import json

    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError, RecursionError):  # dates, integers past the int-to-str limit, deep nesting
        return show_value(value, 200)


def param_for_path(path: tuple, base: str | None = None) -> str | None:
    """Schema path -> dotted parameter path as the walk names it (`filters.status`, `tags[]`)."""
    return param_of(path, base)


# --- value checking -------------------------------------------------------------------------------

_DATE = lazy_re(r"^\d{4}-\d{2}-\d{2}$")
_DATE_TIME = lazy_re(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
_TIME = lazy_re(r"^\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?$")
_EMAIL = lazy_re(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URI = lazy_re(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$")
_UUID = lazy_re(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def _valid_date(text: str) -> bool:
    if not _DATE.match(text):
        return False
    from datetime import date  # imported when a format is first checked

    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _valid_date_time(text: str) -> bool:
    if not _DATE_TIME.match(text):
        return False
    from datetime import datetime

    try:
        datetime.fromisoformat(text[:19].replace("t", "T").replace(" ", "T"))
    except ValueError:
        return False
    return True


def _valid_time(text: str) -> bool:
    if not _TIME.match(text):
        return False
    from datetime import time

    try:
        time.fromisoformat(text[:8])
    except ValueError:
        return False
    return True


def _valid_ip(text: str, version: int) -> bool:
    import ipaddress

    try:
        return ipaddress.ip_address(text).version == version
    except ValueError:
        return False


FORMAT_CHECKS = {
    "date": _valid_date,
    "date-time": _valid_date_time,
    "time": _valid_time,
    "email": lambda s: bool(_EMAIL.match(s)),
    "uri": lambda s: bool(_URI.match(s)),
    "url": lambda s: bool(_URI.match(s)),
    "uuid": lambda s: bool(_UUID.match(s)),
    "ipv4": lambda s: _valid_ip(s, 4),
    "ipv6": lambda s: _valid_ip(s, 6),
}


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _resolve_ref(ref, root):
    if not isinstance(ref, str) or not ref.startswith("#") or not isinstance(root, dict):
        return None
    node = root
    for token in ref[1:].split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and token in node:
            node = node[token]
        else:
            return None
    return node if isinstance(node, dict) else None


def value_problems(value, schema, *, root=None, fmt: str | None = None, skip: frozenset = frozenset(),
                   path: tuple = (), depth: int = 0, null_ok: bool = False) -> list[tuple[tuple, str]]:
    """Why `value` does not validate against `schema`: a list of (path inside the value, reason).

    `skip` names keywords not to check at the top level (another rule reports them); `null_ok` lets
    null pass anywhere (inside defaults, null is the usual way to say "unset").
    """
    if not isinstance(schema, dict) or depth > 12 or (null_ok and value is None):
        return []
    problems: list[tuple[tuple, str]] = []
    if "$ref" in schema:
        target = _resolve_ref(schema["$ref"], root)
        if target is not None and target is not schema:
            problems.extend(value_problems(value, target, root=root, fmt=fmt, skip=skip, path=path, depth=depth + 1,
                                           null_ok=null_ok))
    types = declared_types(schema, fmt)
    if types is not None and "type" not in skip and not type_matches(value, types):
        problems.append((path, f"is {_A.get(json_type(value), json_type(value))}, not {describe_types(types)}"))
        return problems  # further keywords would only repeat the type problem
    enum = schema.get("enum")
    if isinstance(enum, list) and enum and "enum" not in skip and not in_enum(value, enum):
        choices = ", ".join(show(m, 20) for m in enum[:6]) + (", …" if len(enum) > 6 else "")
        problems.append((path, f"is not one of the enum values ({choices})"))
    if "const" in schema and "const" not in skip and not json_equal(value, schema["const"]):
        problems.append((path, f"is not the const value {show(schema['const'])}"))
    if isinstance(value, str):
        problems.extend(_string_problems(value, schema, path))
    elif _number(value):
        problems.extend(_number_problems(value, schema, path))
    elif isinstance(value, list):
        problems.extend(_array_problems(value, schema, root, fmt, path, depth, null_ok))
    elif isinstance(value, dict):
        problems.extend(_object_problems(value, schema, root, fmt, path, depth, null_ok))
    for key in UNIONS:
        branches = schema.get(key)
        if isinstance(branches, list) and branches and all(isinstance(b, dict) for b in branches):
            if all(value_problems(value, b, root=root, fmt=fmt, path=path, depth=depth + 1, null_ok=null_ok)
                   for b in branches):
                problems.append((path, f"matches none of the {key} alternatives"))
    branches = schema.get("allOf")
    if isinstance(branches, list):
        for b in branches:
            problems.extend(value_problems(value, b, root=root, fmt=fmt, path=path, depth=depth + 1, null_ok=null_ok))
    return problems


def _string_problems(value: str, schema: dict, path: tuple):
    out = []
    pattern = schema.get("pattern")
    if isinstance(pattern, str) and pattern_search(pattern, value) is False:  # None: could not tell in time
        out.append((path, f"does not match the pattern {show(pattern, 60)}"))
    min_len, max_len = schema.get("minLength"), schema.get("maxLength")
    if isinstance(min_len, int) and not isinstance(min_len, bool) and len(value) < min_len:
        out.append((path, f"is shorter than minLength {min_len}"))
    if isinstance(max_len, int) and not isinstance(max_len, bool) and len(value) > max_len:
        out.append((path, f"is longer than maxLength {max_len}"))
    fmt_name = schema.get("format")
    check = FORMAT_CHECKS.get(fmt_name) if isinstance(fmt_name, str) else None
    if check is not None and not check(value):
        out.append((path, f"is not a valid '{fmt_name}'"))
    return out


def _number_problems(value, schema: dict, path: tuple):
    out = []
    minimum, maximum = schema.get("minimum"), schema.get("maximum")
    ex_min, ex_max = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
    if _number(minimum):
        if ex_min is True and value <= minimum:
            out.append((path, f"is not greater than the exclusive minimum {minimum}"))
        elif value < minimum:
            out.append((path, f"is below the minimum {minimum}"))
    if _number(maximum):
        if ex_max is True and value >= maximum:
            out.append((path, f"is not less than the exclusive maximum {maximum}"))
        elif value > maximum:
            out.append((path, f"is above the maximum {maximum}"))
    if _number(ex_min) and value <= ex_min:
        out.append((path, f"is not greater than the exclusive minimum {ex_min}"))
    if _number(ex_max) and value >= ex_max:
        out.append((path, f"is not less than the exclusive maximum {ex_max}"))
    multiple = schema.get("multipleOf")
    if _number(multiple) and multiple > 0:
        if not _is_multiple(value, multiple):
            out.append((path, f"is not a multiple of {multiple}"))
    return out


def _is_multiple(value, multiple) -> bool:
    """Whether `value` is a multiple of `multiple`, as the decimals written in the schema mean it. A quotient
    too large for a float (1e300 over 1e-10) is decided in decimal arithmetic, or not judged when even that
    would take thousands of digits."""
    try:
        quotient = value / multiple
    except OverflowError:  # an integer too large for a float
        quotient = math.inf
    if math.isfinite(quotient) and abs(quotient) < 2 ** 53:
        return math.isclose(quotient, round(quotient), rel_tol=0, abs_tol=1e-9)
    from decimal import Decimal, DivisionImpossible, InvalidOperation, localcontext

    exact_value = Decimal(value) if isinstance(value, int) else Decimal(repr(value))
    exact_multiple = Decimal(multiple) if isinstance(multiple, int) else Decimal(repr(multiple))
    digits = exact_value.adjusted() - exact_multiple.as_tuple().exponent + 2
    if digits > 2_000:
        return True
    with localcontext() as context:
        context.prec = max(28, digits)
        try:
            return exact_value % exact_multiple == 0
        except (DivisionImpossible, InvalidOperation):
            return True


def _child(value, schema, root, fmt, path: tuple, depth: int, null_ok: bool):
    return value_problems(value, schema, root=root, fmt=fmt, path=path, depth=depth + 1, null_ok=null_ok)


def _array_problems(value: list, schema: dict, root, fmt, path: tuple, depth: int, null_ok: bool):
    out = []
    min_items, max_items = schema.get("minItems"), schema.get("maxItems")
    if isinstance(min_items, int) and not isinstance(min_items, bool) and len(value) < min_items:
        out.append((path, f"has fewer than minItems {min_items} items"))
    if isinstance(max_items, int) and not isinstance(max_items, bool) and len(value) > max_items:
        out.append((path, f"has more than maxItems {max_items} items"))
    if schema.get("uniqueItems") is True:
        for i, item in enumerate(value):
            if any(json_equal(item, other) for other in value[:i]):
                out.append((path, "has duplicate items but uniqueItems is true"))
                break
    items = schema.get("items")
    prefix = schema.get("prefixItems")
    start = 0
    if isinstance(prefix, list):
        for i, (item, sub) in enumerate(zip(value, prefix)):
            out.extend(_child(item, sub, root, fmt, path + (i,), depth, null_ok))
        start = len(prefix)
    if isinstance(items, dict):
        for i in range(start, len(value)):
            out.extend(_child(value[i], items, root, fmt, path + (i,), depth, null_ok))
    return out


def _object_problems(value: dict, schema: dict, root, fmt, path: tuple, depth: int, null_ok: bool):
    out = []
    props = schema.get("properties") if isinstance(schema.get("properties"), dict) else {}
    required = schema.get("required")
    if isinstance(required, list):
        for name in required:
            if isinstance(name, str) and name not in value:
                out.append((path, f"lacks the required property '{name}'"))
    extra = schema.get("additionalProperties")
    for key, item in value.items():
        if key in props:
            out.extend(_child(item, props[key], root, fmt, path + (key,), depth, null_ok))
        elif extra is False and not schema.get("patternProperties"):
            out.append((path + (key,), f"has the property '{key}' that the schema does not define "
                                       "(additionalProperties is false)"))
        elif isinstance(extra, dict):
            out.extend(_child(item, extra, root, fmt, path + (key,), depth, null_ok))
    return out


def value_path_text(base: str, path: tuple) -> str:
    """`example` + (0, "city") -> `example[0].city`."""
    text = base
    for token in path:
        text += f"[{token}]" if isinstance(token, int) else f".{token}"
    return text


# --- what a tool's own description says about one parameter ------------------------------------

# an entry of an Args/Parameters block: "name: text", "- name (str): text", "`name` - text", ":param name: text"
_ARG_ENTRY = lazy_re(r"^(?P<indent>[ \t]*)(?:[-*•]\s*)?(?::param\s+|@param\s+(?:\{[^}]*\}\s*)?)?[`'\"]?"
                     r"(?P<name>[A-Za-z_$][\w.$\[\]-]*)[`'\"]?\s*(?:\([^)\n]{0,60}\))?\s*(?::|\s[-–—]\s)\s*"
                     r"(?P<text>.*)$")
_SENTENCE_END = lazy_re(r"(?<=[.!?])\s+(?=[A-Z(\"'`])|\n")


def tool_text_about(tool_description, name) -> str:
    """What a tool's description says about parameter `name`: its entry in an `Args:`-style block (with the
    lines indented under it) and every sentence that names it. Empty when the description never mentions it.

    Docstring-generated MCP servers (FastMCP, for one) put each parameter's documentation in the tool's
    description and leave the schema bare; rules that ask for a unit or a format read it here."""
    if not isinstance(tool_description, str) or not isinstance(name, str) or not name:
        return ""
    low = tool_description.lower()
    spaced = " ".join(_name_words(name))
    if name.lower() not in low and (not spaced or spaced not in low):
        return ""
    return _tool_text_about(tool_description, name)


def _name_words(name: str) -> tuple:
    return tuple(name_tokens(name))


@lru_cache(maxsize=4096)
def _tool_text_about(description: str, name: str) -> str:
    found: list[str] = []
    lines = description.splitlines()
    for i, line in enumerate(lines):
        entry = _ARG_ENTRY.match(line)
        if entry is None or entry.group("name").lower() != name.lower():
            continue
        found.append(entry.group("text"))
        indent = len(entry.group("indent").expandtabs())
        for more in lines[i + 1:]:
            if not more.strip() or len(more) - len(more.lstrip()) <= indent:
                break
            found.append(more.strip())
    names = [re.escape(name)]
    spaced = " ".join(_name_words(name))
    if spaced and spaced != name.lower():
        names.append(re.escape(spaced))
    mention = re.compile(r"(?<![\w-])(?:" + "|".join(names) + r")(?![\w-])", re.I)
    found.extend(s.strip() for s in _SENTENCE_END.split(description) if mention.search(s) and s.strip() not in found)
    return "\n".join(found)
