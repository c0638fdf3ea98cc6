"""validity: the tool definition or its schema is malformed or not valid JSON Schema."""
from __future__ import annotations

from functools import lru_cache

from schemalint.engine.location import at, node_at
from schemalint.engine.rule import Rule, bad
from schemalint.model import Edit, Fix, Tool
from schemalint.sources import pointer as ptr

from ._schema import (
    GEMINI_TYPES, JSON_TYPES, alias_target, declared_types, describe_types, json_type, param_for_path, show,
    type_matches,
)

# tool-list containers a catalog puts its tools in; used to find tool-shaped entries the loader could not read
_TOOL_KEYS = ("inputSchema", "input_schema", "parameters", "parametersJsonSchema")
_CONTAINER_KEYS = ("tools", "functions", "functionDeclarations", "function_declarations")


_SCHEMA_KEYS = {"inputSchema", "input_schema", "parameters", "parametersJsonSchema", "arguments"}
# keys only an MCP tool has: an entry with one of them and no schema is an MCP tool missing its inputSchema
_MCP_ONLY_KEYS = {"annotations", "outputSchema", "title"}


def _mcp_tool_without_schema(item) -> bool:
    """An entry with a name and a key only MCP tools have (annotations, title, outputSchema), but no schema."""
    return isinstance(item, dict) and isinstance(item.get("name"), str) and not _SCHEMA_KEYS & item.keys() \
        and bool(_MCP_ONLY_KEYS & item.keys())


def _tool_shaped(item) -> bool:
    if not isinstance(item, dict):
        return False
    if item.get("type") == "function" and isinstance(item.get("function"), dict):
        return True
    return any(k in item for k in _TOOL_KEYS) and ("description" in item or "name" in item)


def _placeholder_tool(doc, item, pointer: str) -> Tool:
    """A Tool to hang a finding on for an entry the loader could not read as a tool."""
    raw = item if isinstance(item, dict) else {}
    name = raw.get("name")
    if raw.get("type") == "function" and isinstance(raw.get("function"), dict):
        name = raw["function"].get("name")
    return Tool(name=name if isinstance(name, str) else None, description=None, input_schema=None, format="unknown",
                document=doc, pointer=pointer, schema_pointer=None, raw=raw)


def _catalog_slot(tool: Tool):
    """(array pointer, index) of a tool inside the list that holds it, or None (single tool, embedded string)."""
    if tool.schema_pointer_fn is not None and tool.schema_pointer == tool.pointer:
        return None  # tools decoded from a JSON string share one pointer: no slot to name
    pointer = tool.pointer
    if pointer[:1] == "/" and "~" not in pointer:  # no escapes: the last segments are read off the text
        head, _, last = pointer.rpartition("/")
        if last == "function" and tool.format in ("openai", "openai-responses"):
            head, _, last = head.rpartition("/")
        return (head, int(last)) if last.isdigit() else None
    tokens = ptr.split(pointer)
    if tokens and tokens[-1] == "function" and tool.format in ("openai", "openai-responses"):
        tokens = tokens[:-1]
    if not tokens or not tokens[-1].isdigit():
        return None
    return ptr.join("", *tokens[:-1]), int(tokens[-1])


class MalformedTool(Rule):
    """Finds tool definitions a provider cannot accept: no name, a name that is not a
    string, or an input schema that is missing or is not an object schema.

    Why: a tool without a usable name cannot be called at all, and a provider
    rejects the whole request when one tool in the list is malformed (OpenAI and
    Anthropic answer 400; MCP clients drop the server's tool list). The model
    never sees any of the tools.

    The rule also looks at the entries next to the tools it recognized (and at
    `tools` / `functions` arrays of files where nothing was recognized), so an
    entry that lost its name is reported rather than silently skipped.

    Example:
        {"name": "get_weather", "inputSchema": "city: string"}

    Use instead:
        {"name": "get_weather", "inputSchema": {"type": "object",
         "properties": {"city": {"type": "string"}}, "required": ["city"]}}
    """

    id = "malformed-tool"
    category = "validity"
    severity = "error"
    summary = "A tool has no usable name, or its input schema is missing or not an object schema"
    hint = "Give every tool a string name and an input schema of type object."
    sources = (
        "Model Context Protocol specification 2025-06-18, Tools: a Tool has a required `name` and a required "
        "`inputSchema` (a JSON Schema object with type \"object\")",
        "Anthropic API reference, Messages `tools`: `name` and `input_schema` are required; input_schema is a "
        "JSON Schema object",
        "OpenAI API reference, function calling: `name` is required; `parameters` is a JSON Schema object "
        "(omitting it means an empty parameter list)",
    )
    messages = {
        "empty-name": "tool has an empty name ({name}): a tool cannot be called without one",
        "no-input-schema": "tool '{name}' has no input schema; {key} is required",
        "null-input-schema": "tool '{name}' has {key}: null; use an object schema "
                             "({{\"type\": \"object\", \"properties\": {{}}}})",
        "schema-not-object": "the input schema of tool '{name}' is {kind}, not a JSON Schema object",
        "root-not-object": "the input schema of tool '{name}' has type '{type}'; tool arguments are always an object "
                           "(type: object, with properties)",
        "entry-without-name": "tool entry has no name: a provider rejects the whole tool list",
        "name-not-string": "tool name is {kind} ({name}), not a string",
    }
    node_kinds = frozenset()
    valid = [
        {"name": "get_weather", "description": "Current weather for a city.",
         "inputSchema": {"type": "object", "properties": {"city": {"type": "string"}}}},
        # OpenAI: parameters may be omitted for a function without arguments
        {"type": "function", "function": {"name": "get_time", "description": "Current UTC time."}},
    ]
    invalid = [
        bad({"name": "get_weather", "description": "Current weather.", "inputSchema": "city: string"},
            "schema-not-object"),
        bad({"name": "get_weather", "description": "Current weather.", "input_schema": {"type": "string"}},
            "root-not-object"),
        bad({"tools": [{"name": "get_weather", "description": "Weather.", "inputSchema": {"type": "object"}},
                       {"description": "Forecast for a city.", "inputSchema": {"type": "object"}}]},
            "entry-without-name"),
        bad({"tools": [{"name": 42, "description": "Forecast.", "inputSchema": {"type": "object"}}]},
            "name-not-string"),
        bad({"name": "get_weather", "description": "Current weather.", "inputSchema": None}, "null-input-schema"),
        bad({"name": "  ", "description": "Current weather.", "inputSchema": {"type": "object"}}, "empty-name"),
        bad({"tools": [{"name": "get_weather", "description": "Current weather for a city.",
                        "annotations": {"readOnlyHint": True}}]}, "no-input-schema"),
    ]

    def check_tool(self, tool, ctx):
        if tool.format in ("seal-tools", "docker-mcp"):
            return  # the loader built these schemas; their shape problems show up as other findings
        if not isinstance(tool.name, str) or not tool.name.strip():
            ctx.report(at(tool, field="name"), "empty-name", {"name": show(tool.name)})
        schema = tool.input_schema
        key = _schema_key(tool)
        name = str(tool.name)
        if schema is None:
            if key is None and tool.format in ("mcp", "anthropic"):
                ctx.report(tool, "no-input-schema",
                           {"name": name, "key": "inputSchema" if tool.format == "mcp" else "input_schema"})
            elif key is not None:
                ctx.report(at(tool, path=()), "null-input-schema", {"name": name, "key": key})
            return
        if not isinstance(schema, dict):
            ctx.report(at(tool, path=()), "schema-not-object", {"name": name, "kind": _kind(schema)})
            return
        root_type = schema.get("type")
        if isinstance(root_type, str) and not _means_object(root_type, tool.format):
            ctx.report(at(tool, path=("type",)), "root-not-object", {"name": name, "type": root_type})

    def check_catalog(self, tools, ctx):
        seen_by_doc: dict[int, set] = {}
        arrays_by_doc: dict[int, dict] = {}
        docs = {}
        for tool in tools:
            doc = tool.document
            if doc.kind == "python":
                continue
            docs[id(doc)] = doc
            seen_by_doc.setdefault(id(doc), set()).add(tool.pointer)
            slot = _catalog_slot(tool)
            if slot is not None:
                arrays_by_doc.setdefault(id(doc), {}).setdefault(slot[0], set()).add(slot[1])
        for doc_id, arrays in arrays_by_doc.items():
            doc = docs[doc_id]
            for array_pointer, indexes in arrays.items():
                try:
                    array = ptr.resolve(doc.data, array_pointer)
                except (KeyError, IndexError, ValueError, TypeError):
                    continue
                if not isinstance(array, list) or len(indexes) == len(array):
                    continue
                for i, item in enumerate(array):
                    if i not in indexes:
                        self._check_entry(doc, item, ptr.join(array_pointer, i), seen_by_doc[doc_id], ctx)
        for doc in ctx.catalog.documents:
            if id(doc) in docs or doc.kind == "python":
                continue
            data = doc.data
            containers = []
            if isinstance(data, list):
                containers.append(("", data))
            elif isinstance(data, dict):
                containers.extend((ptr.join("", k), data[k]) for k in _CONTAINER_KEYS if isinstance(data.get(k), list))
            for pointer, array in containers:
                for i, item in enumerate(array):
                    self._check_entry(doc, item, ptr.join(pointer, i), set(), ctx)

    def _check_entry(self, doc, item, pointer: str, recognized: set, ctx):
        if pointer in recognized or ptr.join(pointer, "function") in recognized:
            return
        if _mcp_tool_without_schema(item):  # not a tool any client lists
            ctx.report(at(_placeholder_tool(doc, item, pointer), pointer=pointer), "no-input-schema",
                       {"name": item["name"], "key": "inputSchema"})
            return
        if not _tool_shaped(item):
            return
        body = item["function"] if item.get("type") == "function" and isinstance(item.get("function"), dict) else item
        body_pointer = ptr.join(pointer, "function") if body is not item else pointer
        tool = _placeholder_tool(doc, item, body_pointer)
        name = body.get("name")
        if name is None:
            ctx.report(at(tool, pointer=body_pointer), "entry-without-name")
        elif not isinstance(name, str):
            ctx.report(at(tool, pointer=ptr.join(body_pointer, "name")), "name-not-string",
                       {"kind": _kind(name), "name": show(name)})


def _means_object(type_name: str, fmt: str) -> bool:
    """`object`, or a name another rule maps to object (`dict`, Gemini's `OBJECT`)."""
    return type_name == "object" or GEMINI_TYPES.get(type_name) == "object" \
        or alias_target(type_name, fmt)[1] == "object"


def _schema_key(tool: Tool):
    for key in ("inputSchema", "input_schema", "parametersJsonSchema", "parameters"):
        if key in tool.raw:
            return key
    return None


def _kind(value) -> str:
    return {"null": "null", "string": "a string", "array": "an array", "object": "an object", "boolean": "a boolean",
            "integer": "a number", "number": "a number"}.get(json_type(value), type(value).__name__)


class DuplicateToolName(Rule):
    """Finds two tools with the same name in one catalog (the same list in the same file).

    Why: providers reject a request whose tool list repeats a name (OpenAI and
    Anthropic answer 400; MCP clients keep one of the two at random), and even
    where a client accepts it, the model cannot say which of the two it means.

    Lists longer than `max-catalog-size` (default 1000; providers accept at most
    128 tools per request) are treated as tool libraries or datasets, where
    variants of one tool may share a name, and are not checked.

    Example:
        tools: [{"name": "search", ...web search...}, {"name": "search", ...file search...}]

    Use instead:
        tools: [{"name": "search_web", ...}, {"name": "search_files", ...}]
    """

    id = "duplicate-tool-name"
    category = "validity"
    severity = "error"
    summary = "Two tools in one catalog share a name"
    hint = "Give each tool a unique name (e.g. add the object or source it acts on)."
    options = {"max-catalog-size": 1000}
    option_help = {"max-catalog-size": "lists of more tools than this are tool libraries or datasets and are not "
                                       "checked (tools)"}
    messages = {"duplicate-name": "tool name '{name}' is already used by another tool (line {line}) in the same "
                                  "catalog; providers reject duplicate names"}
    sources = (
        "OpenAI API reference, function calling: function names must be unique within the `tools` list "
        "(a repeated name is rejected with 400 invalid_request_error); at most 128 tools per request",
        "Model Context Protocol specification 2025-06-18, Tools: `name` is the unique identifier of the tool",
    )
    node_kinds = frozenset()
    valid = [
        {"tools": [{"name": "search_web", "description": "Search the web.", "inputSchema": {"type": "object"}},
                   {"name": "search_files", "description": "Search files.", "inputSchema": {"type": "object"}}]},
        # two separate catalogs (e.g. benchmark records) may reuse a name
        [{"tools": [{"name": "search", "description": "Search the web.", "inputSchema": {"type": "object"}}]},
         {"tools": [{"name": "search", "description": "Search files.", "inputSchema": {"type": "object"}}]}],
    ]
    invalid = [
        bad({"tools": [{"name": "search", "description": "Search the web.", "inputSchema": {"type": "object"}},
                       {"name": "search", "description": "Search files.", "inputSchema": {"type": "object"}}]},
            "duplicate-name"),
        bad({"tools": [{"type": "function", "function": {"name": "lookup", "parameters": {"type": "object"}}},
                       {"type": "function", "function": {"name": "lookup", "parameters": {"type": "object"}}}]},
            "duplicate-name"),
    ]

    def check_catalog(self, tools, ctx):
        group_size: dict[tuple, int] = {}
        slots = []
        for tool in tools:
            slot = _catalog_slot(tool)
            group = (id(tool.document), slot[0] if slot is not None else tool.pointer)
            group_size[group] = group_size.get(group, 0) + 1
            slots.append(group)
        first: dict[tuple, Tool] = {}
        for tool, group in zip(tools, slots):
            if group_size[group] > self.opts["max-catalog-size"]:
                continue
            if not isinstance(tool.name, str) or tool.document.kind == "python":
                continue
            key = (group, tool.name)
            earlier = first.get(key)
            if earlier is None:
                first[key] = tool
                continue
            line, _ = tool.document.locate(earlier.field_ptr("name"))
            ctx.report(at(tool, field="name"), "duplicate-name", {"name": tool.name, "line": line})


_META_URIS = {
    "draft4": "http://json-schema.org/draft-04/schema#",
    "draft6": "http://json-schema.org/draft-06/schema#",
    "draft7": "http://json-schema.org/draft-07/schema#",
    "2019-09": "https://json-schema.org/draft/2019-09/schema",
    "2020-12": "https://json-schema.org/draft/2020-12/schema",
}
_META_VALIDATORS: dict = {}


def draft_of(schema: dict, fmt: str) -> str:
    """The JSON Schema dialect of `schema` for a tool of format `fmt`: its `$schema`, else 2020-12 (draft 7 for
    Gemini's OpenAPI-style schemas)."""
    declared = schema.get("$schema")
    if isinstance(declared, str):
        for marker, draft in (("draft-04", "draft4"), ("draft-06", "draft6"), ("draft-07", "draft7"),
                              ("2019-09", "2019-09"), ("2020-12", "2020-12")):
            if marker in declared:
                return draft
    if fmt == "gemini":
        return "draft7"  # OpenAPI 3.0 schema objects are closest to drafts 5-7
    return "2020-12"


def meta_validator(draft: str):
    """The meta-schema validator of `draft` (jsonschema_rs), built once per run."""
    validator = _META_VALIDATORS.get(draft)
    if validator is None:
        import jsonschema_rs  # heavy-ish native module: loaded only when this rule runs

        uri = _META_URIS[draft]
        validator = jsonschema_rs.validator_for({"$schema": uri, "$ref": uri})
        _META_VALIDATORS[draft] = validator
    return validator


# --- a conservative pure-Python pass over the 2020-12 meta-schema ------------------------------------
# Most input schemas are plainly valid, or invalid only by type names that non-json-schema-type reports.
# Proving that in Python is cheaper than handing the schema to jsonschema_rs (and for a small catalog,
# than importing it). The pass may only answer True when the meta-schema check would report nothing;
# anything it does not know for certain answers False and the real validator decides.

def _schema_list(value, fmt, depth) -> bool:
    if not isinstance(value, list) or not value:
        return False
    for item in value:
        if not _surely_valid(item, fmt, depth):
            return False
    return True


def _schema_map(value, fmt, depth) -> bool:
    if not isinstance(value, dict):
        return False
    for item in value.values():
        if not _surely_valid(item, fmt, depth):
            return False
    return True


def _number(value) -> bool:
    if isinstance(value, float):
        return value - value == 0.0  # finite: the validator reads inf and nan as no number at all
    return isinstance(value, int) and not isinstance(value, bool)


def _count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _unique_strings(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value) and len(set(value)) == len(value)


def _type_value(value, fmt, depth) -> bool:
    if isinstance(value, str):
        # a programming-language type name is reported by non-json-schema-type, never here
        return value in JSON_TYPES or alias_target(value, fmt)[0]
    return (isinstance(value, list) and bool(value) and all(isinstance(v, str) and v in JSON_TYPES for v in value)
            and len(set(value)) == len(value))


_CHECKS = {
    "type": _type_value,
    "properties": _schema_map, "patternProperties": _schema_map, "$defs": _schema_map, "definitions": _schema_map,
    "dependentSchemas": _schema_map,
    "allOf": _schema_list, "anyOf": _schema_list, "oneOf": _schema_list, "prefixItems": _schema_list,
    "enum": lambda v, f, d: isinstance(v, list),
    "required": lambda v, f, d: _unique_strings(v),
    "dependentRequired": lambda v, f, d: isinstance(v, dict) and all(_unique_strings(x) for x in v.values()),
    "examples": lambda v, f, d: isinstance(v, list),
    "multipleOf": lambda v, f, d: _number(v) and v > 0,
    "uniqueItems": lambda v, f, d: isinstance(v, bool),
    "deprecated": lambda v, f, d: isinstance(v, bool),
    "readOnly": lambda v, f, d: isinstance(v, bool),
    "writeOnly": lambda v, f, d: isinstance(v, bool),
    "default": lambda v, f, d: True,
    "const": lambda v, f, d: True,
}
for _key in ("additionalProperties", "items", "contains", "propertyNames", "not", "if", "then", "else",
             "unevaluatedItems", "unevaluatedProperties", "contentSchema"):
    _CHECKS[_key] = lambda v, f, d: _surely_valid(v, f, d)
for _key in ("maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum"):
    _CHECKS[_key] = lambda v, f, d: _number(v)
for _key in ("maxLength", "minLength", "maxItems", "minItems", "maxContains", "minContains", "maxProperties",
             "minProperties"):
    _CHECKS[_key] = lambda v, f, d: _count(v)
_STRING_VALUED = frozenset({"title", "description", "$comment", "format", "contentEncoding", "contentMediaType",
                            "pattern", "$ref", "$dynamicRef"})
for _key in _STRING_VALUED:  # checked inline by _surely_valid; listed here with the other keywords it knows
    _CHECKS[_key] = lambda v, f, d: isinstance(v, str)
# 2020-12 keywords whose values are checked by pattern or nesting this pass does not repeat: left to the validator
_UNSURE = frozenset({"$schema", "$id", "$anchor", "$dynamicAnchor", "$vocabulary", "$recursiveRef", "$recursiveAnchor",
                     "dependencies"})


def _surely_valid(schema, fmt: str, depth: int = 0) -> bool:
    """True only when `schema` is valid against the 2020-12 meta-schema, type names aside."""
    if isinstance(schema, bool):
        return True
    if not isinstance(schema, dict) or depth > 48:
        return False
    depth += 1
    for key, value in schema.items():
        if key in _STRING_VALUED:  # the most common keys answered inline
            if not isinstance(value, str):
                return False
            continue
        if key == "type" and value.__class__ is str:  # what _type_value answers for a string
            if value in JSON_TYPES or alias_target(value, fmt)[0]:
                continue
            return False
        check = _CHECKS.get(key)
        if check is not None:
            if not check(value, fmt, depth):
                return False
        elif key in _UNSURE or not isinstance(key, str):
            return False
    return True


def _is_type_alias_error(schema, path: tuple, fmt: str) -> bool:
    """Errors non-json-schema-type already reports (or valid Gemini types): not repeated here."""
    if not path:
        return False
    if path[-1] == "type":
        container, value = parent_and_value(schema, path)
    elif len(path) >= 2 and path[-2] == "type" and isinstance(path[-1], int):
        container, value = parent_and_value(schema, path)
    else:
        return False
    if not isinstance(value, str):
        return False
    if fmt == "gemini" and value in GEMINI_TYPES:
        return True
    return alias_target(value, fmt)[0]


def parent_and_value(schema, path: tuple):
    """(container, value) at `path` inside `schema`, or (None, None) when the path leads nowhere."""
    node = schema
    parent = None
    for token in path:
        parent = node
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and isinstance(token, int) and token < len(node):
            node = node[token]
        else:
            return None, None
    return parent, node


class InvalidJsonSchema(Rule):
    """Finds input schemas that are not valid JSON Schema for their draft.

    The schema is checked against the meta-schema of the draft its `$schema`
    names (draft-04, -06, -07, 2019-09, 2020-12), 2020-12 when it names none
    (draft-07 for Gemini's OpenAPI-style `parameters`). Type names such as
    `dict` or `float` are left to `non-json-schema-type`, which says what to
    use instead.

    Why: providers validate tool schemas before the model sees them. OpenAI
    rejects a request with an invalid `parameters` schema; MCP clients that
    validate arguments cannot compile it. Where nobody checks, the model reads
    keywords with meanings no validator enforces.

    Example:
        {"type": "object", "properties": {"tags": {"type": "array", "minItems": "1"}},
         "required": "tags"}

    Use instead:
        {"type": "object", "properties": {"tags": {"type": "array", "minItems": 1}},
         "required": ["tags"]}
    """

    id = "invalid-json-schema"
    category = "validity"
    severity = "error"
    summary = "The input schema is not valid JSON Schema for its draft"
    hint = "Correct the keyword the meta-schema rejects (see the JSON Schema specification for its draft)."
    sources = (
        "JSON Schema 2020-12 Core and Validation (json-schema.org/draft/2020-12): a schema must be valid "
        "against its meta-schema",
        "OpenAI API reference, function calling: `parameters` is described as a JSON Schema object; "
        "invalid schemas are rejected",
        "Model Context Protocol specification 2025-06-18, Tools: `inputSchema` is a JSON Schema",
    )
    node_kinds = frozenset()
    options = {"max-per-tool": 10}
    option_help = {"max-per-tool": "report at most this many meta-schema errors per tool (findings)"}
    messages = {
        "not-a-type": "{where} has type {value}, which is not a JSON Schema type ({types})",
        "invalid-keyword": "'{keyword}' in {where} is invalid: {detail}{advice}",
        "invalid-at": "{where} is not valid JSON Schema at '{at}': {detail}",
    }
    # the validator's wording of the error (`detail`) may change with its version: the place identifies it
    identity_keys = {"not-a-type": ("where", "value"), "invalid-keyword": ("where", "keyword"),
                     "invalid-at": ("where", "at")}
    valid = [
        {"name": "tag_items", "description": "Tag items.",
         "inputSchema": {"type": "object", "properties": {"tags": {"type": "array", "minItems": 1,
                                                                    "items": {"type": "string"}}},
                         "required": ["tags"]}},
        {"name": "old_style", "description": "A draft-04 schema.",
         "input_schema": {"$schema": "http://json-schema.org/draft-04/schema#", "type": "object",
                          "properties": {"n": {"type": "number", "minimum": 0, "exclusiveMinimum": True}}}},
    ]
    invalid = [
        bad({"name": "tag_items", "description": "Tag items.",
             "inputSchema": {"type": "object", "properties": {"tags": {"type": "array", "minItems": "1"}},
                             "required": "tags"}}, "invalid-keyword", "invalid-keyword"),
        bad({"name": "find", "description": "Find.",
             "input_schema": {"type": "object", "properties": {"when": {"type": "date"}}}}, "not-a-type"),
        bad({"name": "pick", "description": "Pick one.",
             "inputSchema": {"type": "object", "properties": {"mode": {"type": "string", "enum": "fast"}}}},
            "invalid-keyword"),
    ]

    def check_tool(self, tool, ctx):
        schema = tool.input_schema
        if not isinstance(schema, dict):
            return  # malformed-tool
        draft = draft_of(schema, tool.format)
        if draft == "2020-12" and "$schema" not in schema and _surely_valid(schema, tool.format):
            return
        validator = meta_validator(draft)
        try:
            if validator.is_valid(schema):
                return
            errors = list(validator.iter_errors(schema))
        except (ValueError, TypeError, OverflowError):
            return  # data the native validator cannot convert (e.g. huge integers); nothing reliable to say
        seen = set()
        reported = 0
        for error in errors:
            path = tuple(error.instance_path)
            if path in seen or any(path[: len(p)] == p for p in seen if p):
                continue
            if _is_type_alias_error(schema, path, tool.format):
                continue
            seen.add(path)
            message, data = _meta_message(schema, path, error.message)
            ctx.report(at(tool, path=path, param=param_for_path(path)), message, data)
            reported += 1
            if reported >= self.opts["max-per-tool"]:
                break


def _meta_message(schema, path: tuple, detail: str) -> tuple[str, dict]:
    """(message id, data) of a meta-schema error at `path`, with the validator's own wording as `detail`."""
    param = param_for_path(path)
    where = f"parameter '{param}'" if param else "the input schema"
    _, value = parent_and_value(schema, path)
    if (path and path[-1] == "type") or (len(path) >= 2 and path[-2] == "type"):
        return "not-a-type", {"where": where, "value": show(value), "types": ", ".join(sorted(JSON_TYPES))}
    keyword = path[-1] if path and isinstance(path[-1], str) else None
    if keyword is not None and not (len(path) >= 2 and path[-2] in ("properties", "$defs", "definitions")):
        advice = ""
        if keyword in ("exclusiveMinimum", "exclusiveMaximum") and isinstance(value, bool):
            advice = ("; this is the draft-04 boolean form: since draft-06 the keyword holds the bound itself "
                      "(or declare \"$schema\": draft-04)")
        return "invalid-keyword", {"keyword": keyword, "where": where, "detail": detail, "advice": advice}
    return "invalid-at", {"where": where, "at": "/".join(str(t) for t in path) or "/", "detail": detail}


_TYPE_ADVICE = {None: "omit `type` (any JSON value) or list the accepted types"}


class NonJsonSchemaType(Rule):
    """Finds `type` values that are Python, Java or JavaScript type names rather
    than JSON Schema types: BFCL's `dict`, `float`, `any`, `tuple`, and `str`,
    `int`, `bool`, `String`, `HashMap`, `ArrayList`, `long`, `double`, ...

    Why: JSON Schema has seven types (string, number, integer, boolean, object,
    array, null). Providers reject anything else (OpenAI answers 400 "is not
    valid under any of the given schemas"), and where a schema reaches the model
    unchecked the model has to guess what `tuple` or `HashMap` means in JSON.
    Gemini `parameters` use the upper-case OpenAPI names (`STRING`, `OBJECT`):
    those are accepted for Gemini-format tools.

    Example:
        {"type": "dict", "properties": {"ratio": {"type": "float"}}}

    Use instead:
        {"type": "object", "properties": {"ratio": {"type": "number"}}}
    """

    id = "non-json-schema-type"
    category = "validity"
    severity = "error"
    summary = "A `type` is a programming-language type name, not a JSON Schema type"
    hint = "Use the JSON Schema type (object, number, integer, string, boolean, array); schemalint fix rewrites it."
    sources = (
        "JSON Schema 2020-12 Validation, section 6.1.1 `type`: the value is one of the seven primitive types "
        "null, boolean, object, array, number, string, integer",
        "Berkeley Function Calling Leaderboard (gorilla) data format: function docs use Python type names "
        "(dict, float, any, tuple) that are converted before being sent to OpenAI-compatible APIs",
        "Google Gemini API reference, Schema `type`: OpenAPI 3.0 upper-case types (STRING, OBJECT, ...)",
    )
    fixable = "always"
    messages = {
        "type-name": "{where} has type '{type}', which is not a JSON Schema type; {advice}",
        "type-names-in-list": "{where} lists {names} in its type, not JSON Schema types; use {use}",
    }
    # the advice follows from the type name: the node and the name identify the finding
    identity_keys = {"type-name": ("where", "type"), "type-names-in-list": ("where", "names")}
    node_kinds = frozenset({"root", "property", "items", "branch", "additional", "definition"})
    node_keys = frozenset({"type"})
    valid = [
        {"name": "ratio", "description": "Compute a ratio.",
         "input_schema": {"type": "object", "properties": {"a": {"type": "number"},
                                                           "b": {"type": ["integer", "null"]}}}},
        {"functionDeclarations": [{"name": "ratio", "description": "Compute a ratio.",
                                   "parameters": {"type": "OBJECT", "properties": {"a": {"type": "NUMBER"}}}}]},
    ]
    invalid = [
        bad({"name": "ratio", "description": "Compute a ratio.",
             "parameters": {"type": "dict", "properties": {"a": {"type": "float"}}}}, "type-name", "type-name",
            fixed={"name": "ratio", "description": "Compute a ratio.",
                   "parameters": {"type": "object", "properties": {"a": {"type": "number"}}}}),
        bad({"name": "lookup", "description": "Look up.",
             "parameters": {"type": "object", "properties": {
                 "keys": {"type": "ArrayList", "items": {"type": "String"}}, "value": {"type": "any"}}}},
            "type-name", "type-name", "type-name"),
        bad({"name": "shout", "description": "Shout.",
             "input_schema": {"type": "object", "properties": {"text": {"type": "STRING"}}}}, "type-name"),
        bad({"name": "span", "description": "A span.",
             "input_schema": {"type": "object", "properties": {"end": {"type": ["int", "None"]}}}},
            "type-names-in-list"),
    ]

    def check_node(self, node, ctx):
        schema = node.schema
        if not isinstance(schema, dict):
            return
        value = schema.get("type")
        if value is None or value.__class__ is str and value in JSON_TYPES:
            return  # the common case: a JSON Schema type, or none
        fmt = node.tool.format
        if isinstance(value, str):
            known, target = alias_target(value, fmt)
            if not known:
                return
            where = _where(node)
            if target is None:
                fix = Fix([Edit("remove", node.path + ("type",))], f"drop type '{value}' (any value)")
                advice = _TYPE_ADVICE[None]
            else:
                description, advice = _renaming(value, target)
                fix = Fix([Edit("set", node.path + ("type",), target)], description)
            ctx.report(node_at(node, suffix=("type",)), "type-name", {"where": where, "type": value, "advice": advice},
                       fix=fix)
        elif isinstance(value, list):
            mapped = []
            aliases = []
            for item in value:
                known, target = alias_target(item, fmt) if isinstance(item, str) else (False, None)
                if known:
                    aliases.append(item)
                    if target is None:
                        mapped = None
                        break
                    if target not in mapped:
                        mapped.append(target)
                elif item not in mapped:
                    mapped.append(item)
            if not aliases:
                return
            where = _where(node)
            fix = Fix([Edit("set", node.path + ("type",), mapped)], "map type names to JSON Schema types") \
                if mapped is not None else Fix([Edit("remove", node.path + ("type",))], "drop the type (any value)")
            names = ", ".join(f"'{b}'" for b in aliases)
            ctx.report(node_at(node, suffix=("type",)), "type-names-in-list",
                       {"where": where, "names": names,
                        "use": str(mapped) if mapped is not None else "no type (any value)"}, fix=fix)


@lru_cache(maxsize=256)
def _renaming(value: str, target: str) -> tuple[str, str]:
    """(the fix's description, the advice) for a type name and its JSON Schema type: a handful of texts that
    every such finding of a run shares (a BFCL-style catalog reports one per parameter)."""
    advice = f"use '{target}'"
    if value in ("tuple", "Tuple"):
        advice += " (with prefixItems for the positions)"
    return f"type '{value}' -> '{target}'", advice


def _where(node) -> str:
    if node.param:
        return _parameter_named(node.param)
    return "the input schema" if node.kind == "root" else f"schema at {'/'.join(map(str, node.path))}"


class RequiredNotInProperties(Rule):
    """Finds names in `required` that the schema does not define in `properties`.

    Why: the model learns what to send from `properties`. A required name with
    no property gives it nothing to fill in, so every call either omits it and
    fails validation, or invents a value. It is usually a rename that `required`
    did not follow (`userId` vs `user_id`). OpenAI strict mode rejects it.

    `required` inside `anyOf`/`oneOf`/`allOf` branches may name properties of
    the enclosing schema; those are not reported.

    Example:
        {"properties": {"user_id": {"type": "string"}}, "required": ["userId"]}

    Use instead:
        {"properties": {"user_id": {"type": "string"}}, "required": ["user_id"]}
    """

    id = "required-not-in-properties"
    category = "validity"
    severity = "error"
    summary = "`required` names a property that the schema does not define"
    hint = "Add the property, or correct or remove the name in `required`."
    sources = (
        "JSON Schema 2020-12 Validation, section 6.5.3 `required`: an instance is valid only if it has every "
        "listed property",
        "OpenAI Structured Outputs guide, supported schemas: every key in `required` must be defined in "
        "`properties` for strict mode",
    )
    fixable = "always"
    messages = {
        "did-you-mean": "required names '{name}', which is not a property; did you mean '{close}'?",
        "not-a-property": "required names '{name}', which is not among the {count} properties ({listed})",
        "no-properties": "required names '{name}', but the schema defines no properties",
    }
    # the properties listed change with unrelated edits: the required name identifies the finding
    identity_keys = {"not-a-property": ("name",)}
    node_kinds = frozenset({"root", "property", "items", "branch", "additional", "definition"})
    node_keys = frozenset({"required"})
    valid = [
        {"name": "get_user", "description": "Get a user.",
         "inputSchema": {"type": "object", "properties": {"user_id": {"type": "string"}}, "required": ["user_id"]}},
        # branches may require properties of the enclosing schema
        {"name": "find_user", "description": "Find a user by id or email.",
         "inputSchema": {"type": "object", "properties": {"id": {"type": "string"}, "email": {"type": "string"}},
                         "anyOf": [{"required": ["id"]}, {"required": ["email"]}]}},
    ]
    invalid = [
        bad({"name": "get_user", "description": "Get a user.",
             "inputSchema": {"type": "object", "properties": {"user_id": {"type": "string"}},
                             "required": ["userId"]}}, "did-you-mean",
            fixed={"name": "get_user", "description": "Get a user.",
                   "inputSchema": {"type": "object", "properties": {"user_id": {"type": "string"}},
                                   "required": ["user_id"]}}, unsafe=True),
        bad({"name": "update", "description": "Update a record.",
             "inputSchema": {"type": "object", "properties": {"record": {
                 "type": "object", "properties": {"name": {"type": "string"}}, "required": ["name", "version"]}}}},
            "not-a-property"),
        bad({"name": "ping", "description": "Ping a host.",
             "inputSchema": {"type": "object", "properties": {}, "required": ["host"]}}, "no-properties"),
    ]

    def check_node(self, node, ctx):
        schema = node.schema
        if not isinstance(schema, dict):
            return
        required = schema.get("required")
        if not isinstance(required, list) or not required:
            return
        props = schema.get("properties")
        if props.__class__ is dict and all(not isinstance(name, str) or name in props for name in required):
            return  # the common case: every required name is a property
        if schema.get("patternProperties") or (props is None and isinstance(schema.get("additionalProperties"), dict)):
            return
        allowed = set(props) if isinstance(props, dict) else set()
        parent = node
        while parent.kind == "branch" and parent.parent is not None:
            parent = parent.parent
            parent_props = parent.schema.get("properties") if isinstance(parent.schema, dict) else None
            if isinstance(parent_props, dict):
                allowed |= set(parent_props)
            if isinstance(parent.schema, dict) and (parent.schema.get("patternProperties")
                                                    or isinstance(parent.schema.get("additionalProperties"), dict)):
                return
        if node.kind == "branch" and not isinstance(props, dict) and not allowed:
            return
        normalized = None
        for index, name in enumerate(required):
            if not isinstance(name, str) or name in allowed:
                continue
            if normalized is None:
                normalized = {_norm(p): p for p in allowed}
            param = name if node.param is None else f"{node.param}.{name}"
            close = normalized.get(_norm(name))
            new_required = [close if r == name and close else r for r in required if r != name or close]
            if close:
                message, data = "did-you-mean", {"name": name, "close": close}
                fix = Fix([Edit("set", node.path + ("required",), new_required)], f"'{name}' -> '{close}'",
                          unsafe=True)
            elif allowed:
                listed = ", ".join(sorted(allowed)[:5]) + (", …" if len(allowed) > 5 else "")
                message, data = "not-a-property", {"name": name, "count": len(allowed), "listed": listed}
                fix = Fix([Edit("set", node.path + ("required",), new_required)],
                          f"drop '{name}' from required", unsafe=True)
            else:
                message, data = "no-properties", {"name": name}
                fix = Fix([Edit("set", node.path + ("required",), new_required)],
                          f"drop '{name}' from required", unsafe=True)
            ctx.report(node_at(node, suffix=("required", index), param=param), message, data, fix=fix)


def _norm(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


_TRUE_STRINGS = {"true": True, "false": False, "True": True, "False": False, "TRUE": True, "FALSE": False}
_NONE_STRINGS = {"None", "none", "null", "NULL", "nil", "undefined", ""}


def _convert(value, types: frozenset):
    """The value a string stands for under the declared type, or raise ValueError."""
    if not isinstance(value, str) or len(types - {"null"}) != 1:
        raise ValueError(value)
    (target,) = types - {"null"}
    text = value.strip()
    if target == "boolean" and text in _TRUE_STRINGS:
        return _TRUE_STRINGS[text]
    if target == "integer":
        return int(text)
    if target == "number":
        number = float(text)
        return int(number) if number.is_integer() and "." not in text and "e" not in text.lower() else number
    raise ValueError(value)


class ValueTypeMismatch(Rule):
    """Finds `default`, `enum` and `const` values that are not of the node's declared type.

    Why: the model reads `default` and `enum` as the values to send. An enum of
    strings on an integer parameter (`"enum": ["1", "2"]`) leaves no value that
    passes validation; a default of `"False"` on a boolean teaches the model to
    send a string. JSON Schema asks that a default be valid against its own
    schema, and OpenAI strict mode rejects enum members of the wrong type.

    `default: null` on a non-nullable type is the common way to say "no
    default" and is not reported unless `report-null-default` is set.

    Example:
        {"type": "boolean", "default": "False"}   {"type": "integer", "enum": ["1", "2", "3"]}

    Use instead:
        {"type": "boolean", "default": false}     {"type": "integer", "enum": [1, 2, 3]}
    """

    id = "value-type-mismatch"
    category = "validity"
    severity = "error"
    summary = "A default, enum or const value is not of the declared type"
    hint = "Write the value as the declared JSON type (schemalint fix converts strings like \"10\" or \"false\")."
    sources = (
        "JSON Schema 2020-12 Validation, section 9.2 `default`: the value SHOULD be valid against the "
        "associated schema; section 6.1.2 `enum`: an instance validates only if equal to one of the values",
        "OpenAI Structured Outputs guide: enum values must match the declared type in strict mode",
    )
    fixable = "sometimes"
    node_kinds = frozenset({"root", "property", "items", "branch", "additional", "definition"})
    node_keys = frozenset({"default", "enum", "const"})
    options = {"report-null-default": False}
    option_help = {"report-null-default": "also report `default: null` on a type that does not allow null "
                                          "(true or false)"}
    messages = {
        "default-wrong-type": "default {value} of {where} is {kind}, not {declared}",
        "enum-wrong-type": "{wrong} of {total} enum values of {where} are not {declared}: {shown}",
        "const-wrong-type": "const {value} of {where} is {kind}, not {declared}",
    }
    # which enum values are wrong changes as they are corrected one by one: the enum and its type identify it
    identity_keys = {"enum-wrong-type": ("where", "declared")}
    valid = [
        {"name": "list_items", "description": "List items.",
         "parameters": {"type": "object", "properties": {
             "limit": {"type": "integer", "default": 20}, "ratio": {"type": "number", "default": 1},
             "mode": {"type": "string", "enum": ["fast", "slow"], "default": "fast"},
             "cursor": {"type": "string", "default": None}}}},
        {"name": "tag", "description": "Tag.",
         "input_schema": {"type": "object", "properties": {"tag": {"type": ["string", "null"], "default": None},
                                                          "level": {"type": "float", "default": 0.5}}}},
    ]
    invalid = [
        bad({"name": "list_items", "description": "List items.",
             "parameters": {"type": "object", "properties": {"verbose": {"type": "boolean", "default": "False"}}}},
            "default-wrong-type", fixed={"name": "list_items", "description": "List items.", "parameters": {
                "type": "object", "properties": {"verbose": {"type": "boolean", "default": False}}}}),
        bad({"name": "set_level", "description": "Set level.",
             "parameters": {"type": "object", "properties": {"level": {"type": "integer", "enum": ["1", "2", "3"]}}}},
            "enum-wrong-type"),
        bad({"name": "set_mode", "description": "Set mode.",
             "parameters": {"type": "object", "properties": {"mode": {"type": "string", "const": 3}}}},
            "const-wrong-type"),
        bad({"name": "fetch", "description": "Fetch.",
             "parameters": {"type": "dict", "properties": {"dims": {"type": "tuple", "default": "None"}}}},
            "default-wrong-type"),
    ]

    def check_node(self, node, ctx):
        schema = node.schema
        if not isinstance(schema, dict):
            return
        if "default" not in schema and "enum" not in schema and "const" not in schema:
            return
        types = declared_types(schema, node.tool.format)
        if types is None:
            return
        if "default" in schema:
            value = schema["default"]
            if not type_matches(value, types) and (value is not None or self.opts["report-null-default"]):
                where, declared = _value_where(node), describe_types(types)
                fix = None
                try:
                    converted = _convert(value, types)
                    fix = Fix([Edit("set", node.path + ("default",), converted)],
                              f"default {show(value)} -> {show(converted)}")
                except (ValueError, OverflowError):
                    if isinstance(value, str) and value.strip() in _NONE_STRINGS:
                        fix = Fix([Edit("remove", node.path + ("default",))], f"drop the default {show(value)}")
                ctx.report(node_at(node, suffix=("default",)), "default-wrong-type",
                           {"value": show(value), "where": where, "kind": _kind(value), "declared": declared}, fix=fix)
        enum = schema.get("enum")
        if isinstance(enum, list):
            wrong = [(i, v) for i, v in enumerate(enum) if not type_matches(v, types)]
            if wrong:
                where, declared = _value_where(node), describe_types(types)
                try:
                    converted_enum = [_convert(v, types) if not type_matches(v, types) else v for v in enum]
                    fix = Fix([Edit("set", node.path + ("enum",), converted_enum)], "convert enum values")
                except (ValueError, OverflowError):
                    fix = None
                shown = ", ".join(show(v, 20) for _, v in wrong[:4]) + (", …" if len(wrong) > 4 else "")
                ctx.report(node_at(node, suffix=("enum", wrong[0][0])), "enum-wrong-type",
                           {"wrong": len(wrong), "total": len(enum), "where": where, "declared": declared,
                            "shown": shown}, fix=fix)
        if "const" in schema and not type_matches(schema["const"], types):
            value = schema["const"]
            where, declared = _value_where(node), describe_types(types)
            ctx.report(node_at(node, suffix=("const",)), "const-wrong-type",
                       {"value": show(value), "where": where, "kind": _kind(value), "declared": declared})


@lru_cache(maxsize=4096)
def _parameter_named(param: str) -> str:
    """One text per parameter name, shared by the findings it is in (catalogs repeat names)."""
    return f"parameter '{param}'"


def _value_where(node) -> str:
    return _parameter_named(node.param) if node.param else "the input schema"


# the names other modules and tests used before these helpers were public
_draft_of, _meta_validator, _parent_and_value = draft_of, meta_validator, parent_and_value
