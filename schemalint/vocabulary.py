"""One vocabulary for schemas: which JSON Schema keywords hold subschemas, and how a path inside a tool's input
schema is named as a parameter. Every walker (the engine's walk, the comparison core, the provider analysis, fix
planning, the Python loader) reads these tables instead of keeping its own list."""
from __future__ import annotations

# keywords whose value is a mapping of name -> subschema
SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
# keywords whose value is a list of subschemas
SCHEMA_LISTS = ("anyOf", "oneOf", "allOf", "prefixItems")
# keywords whose value is one subschema (`items` may also be a list in older drafts)
SINGLE_SCHEMAS = ("items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames",
                  "unevaluatedProperties", "unevaluatedItems", "additionalItems")
SUBSCHEMA_KEYWORDS = SCHEMA_MAPS + SCHEMA_LISTS + SINGLE_SCHEMAS

BRANCHES = ("anyOf", "oneOf", "allOf")  # alternatives or conjuncts of one value
UNIONS = ("anyOf", "oneOf")  # alternatives: a value matches one of them
DEFINITIONS = ("$defs", "definitions")  # named subschemas reached through $ref
COMBINATORS = ("anyOf", "oneOf", "allOf", "not", "dependentSchemas")  # keywords that restrict a value by subschemas


def param_of(path: tuple, base: str | None = None, *, definitions: bool = False,
             stop_at_other: bool = False) -> str | None:
    """The dotted parameter a schema path is about, as findings name it:
    ("properties", "filters", "properties", "status") -> "filters.status"; ("properties", "tags", "items") ->
    "tags[]". `base` is the parameter the path starts from. With `definitions`, a `$defs`/`definitions` entry is
    named "#Name"; with `stop_at_other`, the name ends at the first keyword that is not properties, items or a
    branch (a path into a keyword's value, such as an example, names the parameter that holds it)."""
    param = base
    i = 0
    while i < len(path):
        token = path[i]
        if token == "properties" and i + 1 < len(path):
            name = str(path[i + 1])
            param = name if param is None else f"{param}.{name}"
            i += 2
            continue
        if token == "items" and param is not None:
            param = f"{param}[]"
        elif definitions and token in DEFINITIONS and i + 1 < len(path):
            name = f"#{path[i + 1]}"
            param = name if param is None else f"{param}.{name}"
            i += 2
            continue
        elif stop_at_other and token not in ("items",) + BRANCHES and not isinstance(token, int):
            break
        i += 1
    return param or None
