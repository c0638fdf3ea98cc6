"""parameters: parameter design the model has to guess around.

Loose or wrong types, identifiers with no hint of where they come from,
numbers with no unit, dates with no format, free-form objects, cryptic names,
too many parameters, deep nesting and unions the model cannot tell apart.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache

from schemalint.engine.location import at
from schemalint.engine.rule import Rule, bad
from schemalint.engine.walk import walk_schema
from schemalint.model import Edit, Fix
from schemalint.providers import OWN_PROVIDER

from ._examples import integer, params, string, tool
from ._schema import declared_types, tool_text_about
from .provider import target_providers
from ._text import name_tokens as _name_tokens
from ._text import lazy_re

name_tokens = lru_cache(maxsize=4096)(_name_tokens)

OPENAI_FUNCTION_CALLING = (
    "OpenAI, 'Function calling' guide (platform.openai.com/docs/guides/function-calling), best practices for "
    "defining functions: explicitly describe each parameter and its format; use enums and object structure to "
    "make invalid states unrepresentable; pass the intern test (could someone use the function correctly with "
    "only the schema?)"
)
ANTHROPIC_DEFINE_TOOLS = (
    "Anthropic, 'Define tools' (docs.claude.com, Build with Claude > Tool use > Define tools, best practices): "
    "explain what each parameter means and how it affects the tool's behavior"
)
ANTHROPIC_WRITING_TOOLS = (
    "Anthropic Engineering, 'Writing effective tools for AI agents' (anthropic.com/engineering, 2025): "
    "unambiguous parameter names (user_id, not user); make implicit context explicit (formats, units, "
    "how resources relate); return and accept identifiers the agent can actually obtain"
)
OPENAI_STRUCTURED_OUTPUTS = (
    "OpenAI, 'Structured Outputs' guide, supported schemas: a schema may have limited object properties in total "
    "and limited levels of nesting (first published as 100 properties and 5 levels); the model must fill every "
    "level"
)
JSON_SCHEMA_VALIDATION = (
    "JSON Schema Validation 2020-12: `type` (6.1.1), `format` (7.3: date, date-time, time, duration, uuid), "
    "`items` (Core 10.3.1.2), `additionalProperties` (Core 10.3.2.3)"
)


def _label(tool) -> str:
    return f"'{tool.name}'" if isinstance(tool.name, str) and tool.name else "(unnamed)"


def _desc(schema) -> str:
    if isinstance(schema, dict) and isinstance(schema.get("description"), str):
        return schema["description"]
    return ""


def _types(node) -> frozenset:
    cached = node.__dict__.get("_declared_types")
    if cached is None:
        cached = node.__dict__["_declared_types"] = declared_types(node.schema, node.tool.format) or frozenset()
    return cached


_NULL = frozenset({"null"})
_OBJECT, _ARRAY, _BOOLEAN, _STRING = (frozenset({t}) for t in ("object", "array", "boolean", "string"))
_NUMERIC = frozenset({"number", "integer"})


def _value_types(node) -> frozenset:
    """The declared types other than null, computed once per node like _types."""
    cached = node.__dict__.get("_value_types")
    if cached is None:
        cached = node.__dict__["_value_types"] = _types(node) - _NULL
    return cached


def _has_any(schema: dict, keys) -> bool:
    if isinstance(schema, dict):
        return not schema.keys().isdisjoint(keys)
    return any(k in schema for k in keys)


_CONSTRAINED = ("enum", "const", "$ref", "anyOf", "oneOf", "allOf", "not", "if")


# ------------------------------------------------------------------------------------------------


_COUNT_LAST = frozenset({"count", "counts", "page", "pages", "limit", "offset", "retries", "attempts", "index",
                         "idx", "year", "skip", "take", "port", "pagenumber", "pagesize", "perpage"})
_COUNT_OBJECTS = frozenset({"results", "items", "records", "rows", "entries", "pages", "k", "n", "hits",
                            "matches", "documents", "docs", "messages", "posts", "comments", "tokens", "words",
                            "lines", "characters", "chars", "steps", "iterations", "epochs", "workers", "threads",
                            "replicas", "instances", "tickets", "people", "guests", "adults", "children", "rooms",
                            "nights", "players", "users", "questions", "samples", "suggestions", "recommendations"})
_NOT_COUNT = frozenset({"price", "amount", "cost", "rate", "ratio", "score", "weight", "distance", "size",
                        "hours", "minutes", "seconds", "days", "weeks", "months", "years", "kg", "km", "percent",
                        "percentage", "temperature", "probability", "fraction", "threshold", "confidence",
                        "limit_price", "credit", "budget", "quantity", "volume", "speed", "value", "factor",
                        "lower", "upper", "spending", "bound"})
_FRACTION_WORDS = lazy_re(r"\b(?:decimal|fraction|fractional|percent(?:age)?|ratio|float|floating|e\.g\.\s*\d+\.\d|"
                             r"\d+\.\d*[1-9])", re.I)
_TIME_UNIT = lazy_re(r"\b(?:seconds?|secs?|minutes?|hours?|ms|milliseconds?)\b", re.I)
_INT_NAMES = {"number": "integer", "float": "integer", "double": "integer", "Float": "integer", "Double": "integer",
              "decimal": "integer", "NUMBER": "INTEGER"}


def is_count_name(name: str) -> bool:
    tokens = name_tokens(name)
    if not tokens or any(t in _NOT_COUNT for t in tokens):
        return False
    last = tokens[-1]
    if last in _COUNT_LAST:
        return True
    if len(tokens) >= 2 and tokens[0] == "page" and last == "size":
        return True
    if len(tokens) >= 2 and tokens[0] in ("num", "n", "number", "max", "min", "top", "total") and \
            (last in _COUNT_OBJECTS or tokens[0] in ("num", "n")):
        return len(tokens) > 1 and (tokens[1] == "of" and len(tokens) > 2 and tokens[-1] not in _NOT_COUNT
                                    or tokens[1] != "of")
    return False


class CountTypedAsNumber(Rule):
    """Finds counts, pages, limits and offsets typed `number` instead of `integer`.

    Why: `number` admits 2.5. A model reading `"page": {"type": "number"}` may
    send `1.0` or `2.5`; backends reject or silently truncate it, and strict
    decoding cannot rule it out. A count is an integer: say so, and the type
    itself tells the model the value is whole.

    The rule looks at the name (page, per_page, limit, offset, *_count, num_*,
    max_results, top_k, ...) and stays silent when the description or the
    schema shows fractional values (a non-integer default or bound, "decimal",
    "percentage"), or when the parameter is a time ("offset ... in seconds",
    said in its description or the tool's).

    Example: "perPage": {"type": "number", "minimum": 1, "maximum": 100}

    Use instead: "perPage": {"type": "integer", "minimum": 1, "maximum": 100}
    """

    id = "count-typed-as-number"
    category = "parameters"
    severity = "warning"
    summary = "A count, page, limit or offset is typed `number` instead of `integer`"
    hint = "Use `integer` for counts, pages, limits and offsets (schemalint fix does)."
    fixable = "always"
    sources = (OPENAI_FUNCTION_CALLING, JSON_SCHEMA_VALIDATION)
    node_kinds = frozenset({"property"})
    node_keys = frozenset({"type"})
    messages = {"count-as-number": "parameter '{param}' of tool {tool} is a count but typed {type}; use integer"}
    valid = [tool("list_issues", "List issues.", params(
        page=integer("Page number."), max_price={"type": "number", "description": "Highest price in USD."},
        limit={"type": "number", "default": 0.5, "description": "Share of results, as a fraction."}))]
    invalid = [
        bad(tool("list_issues", "List issues.", params(page={"type": "number", "description": "Page number."},
                                                       perPage={"type": "number", "description": "Results per page."})),
            "count-as-number", "count-as-number",
            fixed=tool("list_issues", "List issues.", params(page=integer("Page number."),
                                                             perPage=integer("Results per page.")))),
        bad({"name": "search", "description": "Search.", "parameters": {"type": "dict", "properties": {
            "num_results": {"type": "float", "description": "How many results to return."}}}}, "count-as-number",
            fixed={"name": "search", "description": "Search.", "parameters": {"type": "dict", "properties": {
                "num_results": {"type": "integer", "description": "How many results to return."}}}}),
    ]

    def check_node(self, node, ctx):
        schema = node.schema
        if not isinstance(schema, dict) or not node.name:
            return
        types = _types(node)
        if "number" not in types or "integer" in types or not is_count_name(node.name):
            return
        for key in ("default", "minimum", "maximum", "multipleOf", "exclusiveMinimum", "exclusiveMaximum"):
            value = schema.get(key)
            if isinstance(value, float) and not value.is_integer():
                return
        examples = schema.get("examples")
        if isinstance(examples, list) and any(isinstance(v, float) and not v.is_integer() for v in examples):
            return
        if _FRACTION_WORDS.search(_desc(schema)) or _TIME_UNIT.search(
                f"{_desc(schema)}\n{tool_text_about(node.tool.description, node.name)}"):
            return  # a fraction, or a time offset ("Offset and duration are in seconds"), not a count
        raw = schema.get("type")
        if isinstance(raw, list):
            new_type = [_int_name(t, node.tool.format) for t in raw]
        else:
            new_type = _int_name(raw, node.tool.format)
        ctx.report(node, "count-as-number", {"param": node.param, "tool": _label(node.tool),
                                             "type": raw if isinstance(raw, str) else "number"},
                   fix=Fix([Edit("set", node.path + ("type",), new_type)], "type the count as an integer"))


def _int_name(type_name, fmt):
    if type_name in ("float", "double") and fmt == "seal-tools":
        return "int"
    return _INT_NAMES.get(type_name, type_name)


# ------------------------------------------------------------------------------------------------

_ID_LAST = frozenset({"id", "ids", "uuid", "uuids", "guid", "guids", "slug", "sha", "oid"})
_SOURCE_CUE = lazy_re(
    r"\b(?:from|returned|obtain(?:ed)?|retriev|found|look(?:ed)? ?up|lookup|listed|provided by|given by|"
    r"generated by|assigned|use|call|e\.g\.|eg|for example|such as|format(?:ted)?|uuid|guid|looks like|"
    r"like|starts? with|prefix(?:ed)?|digits?|characters|numeric|alphanumeric|hex|url|visible in|shown in|in the "
    r"(?:url|address bar)|output of|result of|response of|via|as in|e\.g)\b|`|'[A-Za-z0-9_-]*\d[A-Za-z0-9_-]*'",
    re.I)


class IdWithoutSource(Rule):
    """Finds identifier parameters with no format, pattern or word on where the value comes from.

    Why: a model asked for `customer_id` with only "The ID of the customer"
    invents a plausible one ("12345", "cust_001") or asks the user for
    something they do not know. Say where the value comes from ("the `id`
    field returned by search_customers"), what it looks like (a pattern, a
    format such as uuid, an example), or both. Anthropic's guidance is to
    accept identifiers the agent can actually obtain.

    Silent where the catalog or the tool already answers: another tool of the
    same server (its file or folder) is about the same thing (`brand_id` beside `list_brands`, a bare
    `id` of `package_show` beside `package_search`), or the tool's own
    description gives the id's format or origin (an `Args:` entry, a section
    of identifier formats with examples).

    Example: "customer_id": {"type": "string", "description": "The customer's ID."}

    Use instead: "customer_id": {"type": "string", "pattern": "^cus_[A-Za-z0-9]{14}$",
    "description": "Customer id (cus_...), from the `id` field of search_customers."}
    """

    id = "id-without-source"
    category = "parameters"
    severity = "info"
    summary = "An identifier parameter has no format, pattern or word on where its value comes from"
    hint = "Name the tool or field the id comes from, and give its format, pattern or an example."
    sources = (ANTHROPIC_WRITING_TOOLS, OPENAI_FUNCTION_CALLING)
    messages = {"no-source": "identifier '{param}' of tool {tool} has no format, pattern or word on where its value "
                             "comes from"}
    valid = [tool("get_customer", "Get a customer.", params(
        customer_id=string("Customer id, from the id field of search_customers."),
        order_id=string("Order id.", format="uuid")), required=["customer_id"])]
    invalid = [bad(tool("get_customer", "Get a customer.", params(customer_id=string("The ID of the customer.")),
                        required=["customer_id"]), "no-source")]

    node_keys = frozenset({"type"})

    def check_node(self, node, ctx):
        schema = node.schema
        if not isinstance(schema, dict) or not node.name:
            return
        tokens = name_tokens(node.name)
        if not tokens or tokens[-1] not in _ID_LAST:
            return
        types = _types(node)
        target = schema
        if types == frozenset({"array"}) and isinstance(schema.get("items"), dict):
            target = schema["items"]
            types = declared_types(target, node.tool.format) or frozenset()
        if not types or not (types - {"null"}) <= {"string"}:
            return
        if _has_any(target, ("format", "pattern", "enum", "const", "examples", "example", "default")) or \
                _has_any(schema, ("format", "pattern", "enum", "const", "examples", "example", "default")):
            return
        desc = _desc(schema)
        if _SOURCE_CUE.search(desc) or _mentions_tool(desc, ctx):
            return
        if _SOURCE_CUE.search(tool_text_about(node.tool.description, node.name)):
            return  # the tool's description says what the id looks like or where it comes from
        if _catalog_yields(node.tool, _entity(tokens, node), ctx):
            return
        ctx.report(node, "no-source", {"param": node.param, "tool": _label(node.tool)})


_ACTION_WORDS = frozenset({"get", "show", "fetch", "read", "view", "describe", "update", "edit", "patch", "set",
                           "delete", "remove", "archive", "close", "open", "add", "create", "list", "search", "find",
                           "query", "retrieve", "lookup", "by", "details", "info", "detail", "mcp", "api", "v1", "v2"})


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("ses") and len(word) > 4:
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _entity(tokens, node) -> tuple:
    """What an id identifies: `brand_id` -> ("brand",); a bare `id` names the object it sits in (`projects[].id`)
    or else the tool's subject (`package_show`)."""
    words = list(tokens[:-1])
    owner = node.parent
    while not words and owner is not None and owner.kind in ("items", "branch"):
        owner = owner.parent
    if not words and owner is not None and owner.name:
        words = name_tokens(owner.name)
    if not words and isinstance(node.tool.name, str):
        words = [t for t in name_tokens(node.tool.name) if t not in _ACTION_WORDS][-1:]
    return tuple(_singular(w) for w in words)


def _catalog_yields(tool, entity: tuple, ctx) -> bool:
    """Whether another tool of the same server (its file, or the folder of one-tool-per-file snapshots) is about the
    same entity (list_brands beside brand_id): the model gets the id from there, as the catalog intends."""
    if not entity:
        return False
    index = ctx.cache("parameters.tools-by-word", lambda: _ToolsByWord(ctx.catalog.tools))
    candidates = index.named(os.path.dirname(tool.file), entity[0])
    return any(other is not tool and all(w in words for w in entity[1:]) for other, words in candidates)


class _ToolsByWord:
    """The tools of a folder by the singular words of their names, listed per folder when one of its tools is
    first asked about: a process linting part of a catalog lists only the folders of its tools."""

    def __init__(self, tools):
        self._tools: dict = {}  # folder -> its named tools
        folders: dict = {}  # file -> folder: a catalog repeats files
        for t in tools:
            if isinstance(t.name, str):
                folder = folders.get(t.file)
                if folder is None:
                    folder = folders[t.file] = os.path.dirname(t.file)
                self._tools.setdefault(folder, []).append(t)
        self._listed: dict = {}  # (folder, word) -> [(tool, all its words)]
        self._singulars: dict = {}  # word -> singular: a catalog repeats words

    def named(self, folder: str, word: str) -> list:
        """[(tool, all its words)] for the tools of `folder` with `word` in their names."""
        tools = self._tools.pop(folder, None)
        if tools is not None:
            self._list(folder, tools)
        return self._listed.get((folder, word), ())

    def _list(self, folder: str, tools: list) -> None:
        singulars, listed = self._singulars, self._listed
        for t in tools:
            words = []
            for w in name_tokens(t.name):
                one = singulars.get(w)
                if one is None:
                    one = singulars[w] = _singular(w)
                words.append(one)
            words = tuple(dict.fromkeys(words))  # each word once; a name has a few: a tuple is a quarter of a set
            entry = (t, words)  # one tuple per tool, listed under each of its words
            for w in words:
                listed.setdefault((folder, w), []).append(entry)


_WORD = lazy_re(r"[A-Za-z_][\w.-]*")


def _mentions_tool(desc: str, ctx) -> bool:
    if not desc:
        return False
    names = ctx.cache("parameters.compound-tool-names", lambda: {
        t.name for t in ctx.catalog.tools if isinstance(t.name, str) and ("_" in t.name or "." in t.name)})
    return any(w in names for w in _WORD.findall(desc) if "_" in w or "." in w)


# ------------------------------------------------------------------------------------------------


# the keys of these objects are the caller's or a well-known convention's, not the tool's: HTTP headers, environment
# variables, labels, free metadata, pass-through bags keyed by something else (a workflow's inputs, the arguments
# of the tool a dispatcher calls, the query parameters of the URL being fetched), and the "any object" a generic
# utility works on (`dict`, `obj`)
_MAP_NAMES = frozenset({"headers", "cookies", "proxies", "env", "envs", "environ", "environment", "variables", "vars",
                        "metadata", "meta", "labels", "annotations", "tags", "inputs", "arguments", "args", "kwargs",
                        "params", "extra", "extras", "dict", "dictionary", "object", "obj", "json", "map"})
# a description that names the object's keys or shows one: they are documented, if only in prose
_KEYS_IN_PROSE = lazy_re(
    r"\bkeys?\b|key[- ]value|\bcontaining\s*:|\bincluding\b|\bwith (?:the )?(?:fields|properties|entries)\b|"
    r"\bfields?\s*:|\bproperties\s*:|\b(?:containing|with|including|of)\b[^.]{0,40}\bsuch as\b|"
    r"\{\s*[\"'`]?[A-Za-z_]\w*[\"'`]?\s*:|[\"'`][A-Za-z_]\w*[\"'`],? (?:and |or )?[\"'`][A-Za-z_]\w*[\"'`]|"
    r"\b[a-z_]\w* \((?:str|string|int|integer|bool|boolean|float|number|dict|object|list|array)\b|"
    r"\bmap(?:ping|s)? (?:of |from )?\w+(?: \w+)? to\b|\bdictionary of\b", re.I)
# a description that says where the keys are defined: another schema, the thing the call is about
_KEYS_ELSEWHERE = lazy_re(r"\bschema\b|\badher\w*|\bconform\w*|\bas defined\b|\bdefined (?:by|in)\b|"
                          r"\baccording to\b|\bspecific to\b|\bdepend(?:s|ing)? on\b|\bvar(?:y|ies) by\b|"
                          r"\bany (?:json|keys?|fields?)\b|\barbitrary\b|\bfree[- ]?form\b", re.I)
# type names that declare a map (Java's Map/HashMap in BFCL): keys are free by declaration
_MAP_TYPE_NAMES = frozenset({"map", "Map", "HashMap", "hashmap"})
_VALUE_TYPING = ("type", "enum", "const", "$ref", "anyOf", "oneOf", "allOf", "properties", "items")


def _object_name_and_text(node) -> tuple:
    """The property name an object is reached by (an array's name for its items) and everything written about
    it: its description, the array's, and what the tool's description says about that name."""
    name, texts = node.name, [_desc(node.schema)]
    if node.kind == "items" and node.parent is not None:
        name = node.parent.name
        texts.append(_desc(node.parent.schema))
    if name:
        texts.append(tool_text_about(node.tool.description, name))
    return name, "\n".join(t for t in texts if t)


def _typed(schema) -> bool:
    return isinstance(schema, dict) and _has_any(schema, _VALUE_TYPING)


def _nullable_object(schema: dict):
    """The object branch of a nullable object written as a union (`anyOf: [{"type": "object"}, {"type":
    "null"}]`, what Pydantic makes of `Optional[dict]` or `dict | None`), or None."""
    for key in ("anyOf", "oneOf"):
        branches = schema.get(key)
        if isinstance(branches, list) and len(branches) == 2 and all(isinstance(b, dict) for b in branches):
            rest = [b for b in branches if b.get("type") != "null"]
            if len(rest) == 1 and rest[0].get("type") == "object" and not _has_any(rest[0], _CONSTRAINED):
                return rest[0]
    return None


class FreeFormObject(Rule):
    """Finds object parameters that say nothing about their keys.

    Why: a bare `{"type": "object"}` (or a BFCL `dict` with no properties)
    tells the model nothing about which keys to send. It invents them, and the
    backend ignores or rejects them. That is a warning.

    Silent where the keys are not the model's to invent or are declared:
    a map (`additionalProperties: {schema}`, `propertyNames`,
    `patternProperties`) with typed values; objects whose name says whose keys
    they are (headers, cookies, env, variables, metadata, labels, tags, and
    pass-through bags: a workflow's `inputs`, a dispatcher's `arguments`, a
    request's `params`; the `dict` or `obj` a generic utility works on);
    objects whose description says the keys follow another schema or are
    arbitrary. Reported as info only: a map whose values have no type (a
    Java `Map`, `propertyNames` alone), keys named only in prose or in
    `required` (the description or the tool's `Args:` block names them:
    declare them as properties), and `additionalProperties: true` on an
    object that lists properties. An object repeated in every branch of a
    union is reported once.

    A nullable object written as a union (`anyOf: [{"type": "object"}, {"type":
    "null"}]`, what Pydantic and FastMCP make of a Python `Optional[dict]`,
    `dict | None` or `Optional[Dict[str, Any]]` argument) is read as the object.

    Example: "filters": {"type": "object", "description": "Filters to apply."}

    Use instead: "filters": {"type": "object", "properties": {"status": {"type":
    "string", "enum": ["open", "closed"]}, "label": {"type": "string"}},
    "additionalProperties": false}
    """

    id = "free-form-object"
    category = "parameters"
    severity = "warning"
    summary = "An object parameter says nothing about its keys"
    hint = "List the object's properties (and set additionalProperties: false), or type the map's values."
    sources = (OPENAI_FUNCTION_CALLING, JSON_SCHEMA_VALIDATION)
    node_kinds = frozenset({"property", "items"})
    node_keys = frozenset({"type", "anyOf", "oneOf"})
    messages = {
        "no-properties": "object parameter {where} of tool {tool} declares no properties: the model must invent "
                         "its keys",
        "open-to-extra-keys": "object parameter {where} of tool {tool} sets additionalProperties open: the model "
                              "may add keys the tool does not read",
        "keys-in-prose": "object parameter {where} of tool {tool} names its keys only in prose: declare them as "
                         "properties",
        "untyped-map-values": "map parameter {where} of tool {tool} does not say what type its values are",
    }
    valid = [tool("search", "Search.", params(
        filters={"type": "object", "description": "Filters.", "properties": {"status": string()},
                 "additionalProperties": False},
        labels={"type": "object", "description": "Label to weight.", "additionalProperties": {"type": "number"}},
        # the keys are HTTP header names, or the triggered workflow's inputs: not the tool's to declare
        headers={"type": "object", "description": "Optional headers to include in the request"},
        inputs={"type": "object", "description": "Inputs the workflow accepts.", "properties": {}},
        parameters={"type": "object", "description": "Row parameters, adhering to the component's row schema."},
        weights={"type": "object", "propertyNames": {"pattern": "^[a-z]+$"},
                 "additionalProperties": {"type": "number"}}))]
    invalid = [
        bad(tool("search", "Search.", params(filters={"type": "object", "description": "Filters to apply."})),
            "no-properties"),
        bad(tool("search", "Search.", params(filters={"anyOf": [{"type": "object", "additionalProperties": True},
                                                                {"type": "null"}],
                                                      "default": None, "description": "Filters to apply."})),
            "no-properties"),
        bad(tool("search", "Search.", params(filters={"type": "object", "description": "Filters.",
                                                      "properties": {"status": string()},
                                                      "additionalProperties": True})),
            "open-to-extra-keys"),
        bad(tool("create_policy", "Create a policy.", params(policy_data={
            "type": "object", "description": "The policy: - name (str, required): Policy name - status (str)"})),
            "keys-in-prose"),
        bad(tool("tag", "Tag.", params(scores={"type": "object", "propertyNames": {"pattern": "^[a-z]+$"},
                                               "description": "Score per label."})),
            "untyped-map-values"),
    ]

    def check_node(self, node, ctx):
        schema = node.schema
        if not isinstance(schema, dict):
            return
        branch = _nullable_object(schema)
        if branch is not None:
            schema = branch  # `Optional[dict]`: anyOf [{"type": "object"}, {"type": "null"}]
        elif _has_any(schema, _CONSTRAINED) or _value_types(node) != _OBJECT:
            return
        props = schema.get("properties")
        extra = schema.get("additionalProperties")
        where = f"'{node.param}'" if node.param else "an array item"
        data = {"where": where, "tool": _label(node.tool)}
        if isinstance(props, dict) and props:
            if extra is True or extra == {}:
                ctx.report(node, "open-to-extra-keys", data, severity="info")
            return
        if extra is False:
            return  # an empty object by design
        pattern_values = schema.get("patternProperties")
        if (isinstance(extra, dict) and extra) or "propertyNames" in schema or isinstance(pattern_values, dict) \
                or (isinstance(schema.get("type"), str) and schema["type"] in _MAP_TYPE_NAMES):
            values = [extra] if isinstance(extra, dict) and extra else []
            if isinstance(pattern_values, dict):
                values.extend(pattern_values.values())
            if not values or not all(_typed(v) for v in values):
                ctx.report(node, "untyped-map-values", data, severity="info")
            return  # a declared map
        name, text = _object_name_and_text(node)
        tokens = name_tokens(name) if name else ()
        if tokens and tokens[-1] in _MAP_NAMES or _KEYS_ELSEWHERE.search(text):
            return
        if _KEYS_IN_PROSE.search(text) or schema.get("required"):
            message = "keys-in-prose"
        else:
            message = "no-properties"
        # one finding per parameter: the same object repeated in every branch of a union is one cause
        reported = ctx.cache("parameters.free-form-reported", set)
        key = (id(node.tool), node.param, message)
        if key not in reported:
            reported.add(key)
            ctx.report(node, message, data, severity="info" if message == "keys-in-prose" else None)


_ANY_VALUE = lazy_re(r"\bany (?:valid |json |python |javascript |java |kind of |type of )*(?:value|type|data ?type|"
                     r"object)s?\b|\bof any (?:json )?type\b|\barbitrary (?:json )?(?:value|data)\b|"
                     r"\b(?:type|kind) (?:depends|varies|depending)\b", re.I)
# `value` beside one of these is a key/value pair: its type is the one the key names
_KEY_SIBLING_LAST = frozenset({"key", "field", "name", "setting", "property", "attribute", "variable", "option",
                               "path", "param", "parameter"})


def _keyed_value(node) -> bool:
    tokens = name_tokens(node.name) if node.name else ()
    if not tokens or tokens[-1] not in ("value", "values"):
        return False
    parent = node.parent.schema if node.parent is not None else None
    siblings = parent.get("properties") if isinstance(parent, dict) else None
    if not isinstance(siblings, dict):
        return False
    return any(n != node.name and name_tokens(n)[-1:] and name_tokens(n)[-1] in _KEY_SIBLING_LAST
               for n in siblings if isinstance(n, str))


# keywords that say what a value is without a `type`
_TYPED_BY_KEYWORD = frozenset(_CONSTRAINED + ("properties", "items", "additionalProperties", "format", "pattern",
                                              "minimum", "maximum", "minLength", "maxLength", "prefixItems"))


class UntypedParameter(Rule):
    """Finds parameters with no type at all (`{}`, only a description, BFCL `any`).

    Why: with no `type`, `enum`, `$ref` or union, any JSON value validates. The
    model picks one from the name: a string where a list was meant, an object
    where a number was. Give the type, or the union of types the tool accepts.

    Silent where "any value" is the design and the schema or its text says
    so: a description that says any JSON value (or any type) is accepted, and
    the `value` of a key/value pair (a sibling `key`, `field`, `name`,
    `setting`...: the key decides the type). Silent on Docker registry
    `arguments` summaries, which record a name and a description and drop
    the rest of the server's schema: a missing type there is unknown, not
    absent.

    Example: "value": {"description": "The value to set."}

    Use instead: "value": {"type": "string", "description": "The value to set."}
    """

    id = "untyped-parameter"
    category = "parameters"
    severity = "warning"
    summary = "A parameter has no type: any JSON value is accepted"
    hint = "Give the parameter a `type` (or an enum, $ref or anyOf of the types it accepts)."
    sources = (OPENAI_FUNCTION_CALLING, JSON_SCHEMA_VALIDATION)
    messages = {"no-type": "parameter '{param}' of tool {tool} has no type: any JSON value is accepted"}
    valid = [tool("set_value", "Set a value.", params(value=string("The value."),
                                                      mode={"enum": ["a", "b"], "description": "Mode."})),
             tool("update_field", "Set a project field.", params(
                 field=string("The field name."),
                 value={"description": "The value to apply. Any JSON value is accepted; null clears the field."})),
             tool("set_config_value", "Set a configuration value by key.", params(key=string(), value={}))]
    invalid = [bad(tool("set_value", "Set a value.", params(value={"description": "The value to set."})), "no-type"),
               bad(tool("write_note", "Write a note.", params(title=string("Title."), tags={"title": "Tags"})),
                   "no-type")]

    def check_node(self, node, ctx):
        schema = node.schema
        if schema is True:
            schema = {}
        if not isinstance(schema, dict) or node.tool.format == "docker-mcp":
            return
        type_value = schema.get("type")
        if type_value is not None and type_value not in ("any", "Any"):
            return
        if _has_any(schema, _TYPED_BY_KEYWORD):
            return
        if _ANY_VALUE.search(_desc(schema)) or _keyed_value(node):
            return
        ctx.report(node, "no-type", {"param": node.param, "tool": _label(node.tool)})


def _docker_files_with_items(tools) -> set:
    """Docker summary files that record `items` for at least one argument (most never do)."""
    return {t.file for t in tools if t.format == "docker-mcp" and isinstance(t.input_schema, dict)
            and isinstance(t.input_schema.get("properties"), dict)
            and any(isinstance(p, dict) and "items" in p for p in t.input_schema["properties"].values())}


class ArrayWithoutItems(Rule):
    """Finds array parameters without `items`.

    Why: an array with no item schema says nothing about what goes in it:
    strings, numbers, objects with which keys? The model guesses per call.
    Gemini rejects such schemas outright, and OpenAI strict mode requires items.

    Example: "tags": {"type": "array", "description": "Tags."}

    Use instead: "tags": {"type": "array", "items": {"type": "string"}, "description": "Tags."}

    Silent on a Docker registry `arguments` summary from a file that never
    records `items` for any argument: there the item schema was dropped by
    the summary, and whether the server declares one is unknown.

    Also read in an MCP `outputSchema`, as info: there the array is a result the
    model reads, not an argument it must build.

    An error for an OpenAI-format tool (or with `--provider openai`): the API
    refuses the whole request, outside strict mode too, with "Invalid schema
    for function 'x': In context=('properties', 'tags'), array schema missing
    items." (streamnative/streamnative-mcp-server#26,
    digitalocean-labs/mcp-digitalocean#265, sigoden/aichat#1049).
    """

    id = "array-without-items"
    category = "parameters"
    severity = "warning"
    summary = "An array parameter does not say what its items are"
    hint = "Add `items` with the item schema."
    sources = (OPENAI_FUNCTION_CALLING, JSON_SCHEMA_VALIDATION,
               "Google, Gemini API 'Function calling' (ai.google.dev): parameters use the OpenAPI Schema subset, "
               "where ARRAY requires items",
               "OpenAI API: 400 invalid_function_parameters \"In context=('properties', 'x'), array schema missing "
               "items.\" (streamnative/streamnative-mcp-server#26, digitalocean-labs/mcp-digitalocean#265)")
    node_kinds = frozenset({"property", "items"})
    node_keys = frozenset({"type"})
    output_kinds = node_kinds
    messages = {"no-items": "array parameter {where} of tool {tool} does not say what its items are"}
    valid = [tool("tag", "Tag.", params(tags={"type": "array", "items": string(), "description": "Tags."}))]
    invalid = [bad(tool("tag", "Tag.", params(tags={"type": "array", "description": "Tags."})), "no-items")]

    def check_node(self, node, ctx):
        schema = node.schema
        if not isinstance(schema, dict) or _has_any(schema, ("items", "prefixItems", "$ref", "anyOf", "oneOf",
                                                             "allOf", "enum", "const", "contains")):
            return
        if _value_types(node) != _ARRAY:
            return
        if node.tool.format == "docker-mcp" and node.tool.file not in ctx.cache(
                "parameters.docker-files-with-items", lambda: _docker_files_with_items(ctx.catalog.tools)):
            return
        where = f"'{node.param}'" if node.param else "a nested array"
        if node.tool.output_of is not None:
            severity = "info"  # a result the model reads, not arguments it writes
        else:
            severity = "error" if _sent_to_openai(node.tool, ctx) else None
        ctx.report(node, "no-items", {"where": where, "tool": _label(node.tool)}, severity=severity)


def _sent_to_openai(tool, ctx) -> bool:
    """The tool goes to OpenAI: its own format is OpenAI's, or the run targets OpenAI."""
    targets = target_providers(ctx)
    if targets:
        return bool({"openai", "openai-strict"} & set(targets))
    return OWN_PROVIDER.get(tool.format) == "openai"


# ------------------------------------------------------------------------------------------------

# abbreviations a reader has to decode or could read two ways (`dt`: date, datetime or delta? `pwd`: password or
# working directory?). Conventional ones are not here: qty, idx, src/dst, tgt, addr, msg, ctx, obj, cfg, env, num,
# args, db, dir, lang, img, doc, ref, ts read at a glance.
_CRYPTIC = frozenset({
    "usr", "dt", "tm", "amt", "cnt", "tmp", "pwd", "req", "resp", "lst", "dct", "prm", "nm", "nbr", "fname", "lname",
    "qs", "pth", "fn", "cb", "kw", "proc", "svc", "mgr", "grp", "tbl", "acct",
})
_MATH_SINGLE = frozenset({"a", "b", "c", "n", "k", "m", "r", "t", "p", "q", "s", "h", "v", "w", "d", "e", "f", "g",
                          "l", "i", "j", "u", "o"})
_MATH_TOOL = lazy_re(r"\b(?:add|sub|subtract|multiply|divide|sum|rgb|hex|color|colour|point|coordinate|calculat|comput|math|solve|equation|formula|integral|derivative|function|"
                        r"polynomial|quadratic|triangle|circle|gcd|lcm|factorial|prime|fibonacci|matrix|vector|"
                        r"probability|distribution|physics|velocity|force|series)", re.I)
# one letter by convention: q a search query, k and n counts (top-k, n results), x/y/z coordinates
_CONVENTIONAL_LETTERS = {"q": None, "x": None, "y": None, "z": None, "k": "integer", "n": "integer"}
# objects whose keys another API names (`params` of an HTTP request, its `headers`): their names cannot change
_FORWARDED = frozenset({"params", "query", "headers", "cookies", "body", "form", "data", "payload"})


def _forwarded_name(node) -> bool:
    parent = node.parent
    while parent is not None and parent.kind in ("branch", "items"):
        parent = parent.parent
    tokens = name_tokens(parent.name) if parent is not None and parent.name else ()
    return bool(tokens) and tokens[-1] in _FORWARDED


class CrypticParamName(Rule):
    """Finds parameter names too short or abbreviated to read (`usr`, `dt`, `v`).

    Why: the name is the first thing the model matches a value against.
    `usr`, `dt` or `v` make it lean on the description, and where that is thin
    it guesses: is `dt` a date, a datetime or a delta? Anthropic's guidance is
    to use unambiguous names (`user_id`, not `user`).

    Silent on conventional names: `q` for a query, `k`/`n` for integer
    counts, x/y/z, abbreviations read at a glance (qty, idx, src/dst, addr,
    msg, ctx, cfg...), single letters of a mathematical tool (`a`, `b` of a gcd)
    that have a description, and names inside a request's `params`,
    `headers` or `body`, which the called API chose.

    Example: "usr": {"type": "string"}, "start_dt": {"type": "string"}

    Use instead: "username": {"type": "string"}, "start_date": {"type": "string"}
    """

    id = "cryptic-param-name"
    category = "parameters"
    severity = "info"
    summary = "A parameter name is too short or abbreviated to read"
    hint = "Use a full, unambiguous name (query, user_id, start_date)."
    sources = (ANTHROPIC_WRITING_TOOLS, OPENAI_FUNCTION_CALLING)
    messages = {
        "one-letter": "parameter '{param}' of tool {tool} has a one-letter name",
        "abbreviated": "parameter '{param}' of tool {tool} has an abbreviated name ('{abbreviation}')",
    }
    valid = [tool("search", "Search documents.", params(query=string("Search text."),
                                                        x={"type": "number", "description": "X coordinate."})),
             tool("calculate_gcd", "Calculate the greatest common divisor.", params(a=integer("First number."))),
             tool("list_portfolios", "List portfolios.", params(q=string("Search query."), k=integer("Top k."),
                                                                slide_idx=integer("Slide."),
                                                                dstSheetName=string("Target sheet."),
                                                                remote_ip_addr=string("Remote IP."))),
             tool("http_get", "Send a GET request.", params(params={"type": "object", "properties": {
                 "i": string("An IMDb id."), "t": string("A movie title.")}}))]
    invalid = [bad(tool("search", "Search documents.", params(v=string("Version."), usr=string("User."),
                                                              start_dt=string("Start."))),
                   "one-letter", "abbreviated", "abbreviated")]

    def check_node(self, node, ctx):
        name = node.name
        if not name:
            return
        tokens = name_tokens(name)
        if not tokens:
            return
        if len(tokens) == 1 and len(tokens[0]) == 1:
            if _forwarded_name(node):
                return
            letter = tokens[0]
            if letter in _CONVENTIONAL_LETTERS and (_CONVENTIONAL_LETTERS[letter] is None
                                                   or _CONVENTIONAL_LETTERS[letter] in _types(node)):
                return
            if letter in _MATH_SINGLE and _desc(node.schema) and \
                    _MATH_TOOL.search(f"{node.tool.name} {node.tool.description or ''}"):
                return
            ctx.report(node, "one-letter", {"param": node.param, "tool": _label(node.tool)})
            return
        cryptic = [t for t in tokens if t in _CRYPTIC]
        if cryptic and not _forwarded_name(node):
            ctx.report(node, "abbreviated", {"param": node.param, "tool": _label(node.tool),
                                             "abbreviation": cryptic[0]})


_VAGUE_BOOL = frozenset({"flag", "mode", "option", "options", "status", "state", "value", "toggle", "switch",
                         "type", "sort", "order", "direction", "format", "filter", "check", "bool", "boolean",
                         "setting", "config"})
_BOOL_EXPLAINED = lazy_re(r"\b(?:true|false|whether|if set|when set|if enabled|when enabled|yes|no|on|off|"
                             r"indicat\w* (?:if|whether)|enables?|disables?|flag to \w+)\b", re.I)


class AmbiguousBoolean(Rule):
    """Finds boolean parameters whose name does not say what `true` means.

    Why: `sort: true`, `mode: false`, `flag: true`: ascending or descending?
    which mode? The model picks a value at random unless the description says
    what each value does. A predicate name (`include_archived`, `is_public`,
    `dry_run`) or a description that says what true does ("If true, ...",
    "Whether to ...") settles it.

    Example: "order": {"type": "boolean"}

    Use instead: "ascending": {"type": "boolean", "description": "If true, oldest first; default newest first."}
    """

    id = "ambiguous-boolean"
    category = "parameters"
    severity = "info"
    summary = "A boolean's name does not say what true means"
    hint = "Name the boolean as a predicate (include_archived, is_public) or say what true and false do."
    sources = (ANTHROPIC_WRITING_TOOLS, OPENAI_FUNCTION_CALLING)
    messages = {"unclear-true": "boolean '{param}' of tool {tool} does not say what true means"}
    valid = [tool("list_items", "List items.", params(
        include_archived={"type": "boolean", "description": "Include archived items."},
        order={"type": "boolean", "description": "If true, oldest first."}))]
    invalid = [bad(tool("list_items", "List items.", params(order={"type": "boolean", "description": "Sort order."})),
                   "unclear-true")]

    node_keys = frozenset({"type"})

    def check_node(self, node, ctx):
        if not node.name or _value_types(node) != _BOOLEAN:
            return
        tokens = name_tokens(node.name)
        if not tokens or not all(t in _VAGUE_BOOL for t in tokens):
            return
        if _BOOL_EXPLAINED.search(_desc(node.schema)):
            return
        ctx.report(node, "unclear-true", {"param": node.param, "tool": _label(node.tool)})


# ------------------------------------------------------------------------------------------------

_DURATION = frozenset({"timeout", "duration", "delay", "interval", "ttl", "wait", "expiry", "expiration",
                       "expires", "elapsed", "latency", "lifetime", "retention", "cooldown", "backoff", "sleep",
                       "period", "time", "timespan", "lookback"})
_SIZE = frozenset({"size", "filesize", "bytes", "memory", "storage", "bandwidth"})
_MONEY = frozenset({"amount", "price", "cost", "budget", "salary", "fee", "fees", "balance", "payment", "income",
                    "revenue", "fare", "deposit", "principal", "charge", "spend", "wage", "rent"})
_PHYSICAL = frozenset({"distance", "radius", "height", "width", "weight", "altitude", "elevation", "speed",
                       "temperature", "temp", "mass"})
_UNIT_TOKENS = frozenset({
    "ms", "millis", "milliseconds", "sec", "secs", "seconds", "s", "min", "mins", "minutes", "hours", "hrs", "h",
    "days", "weeks", "months", "years", "ns", "us", "micros", "b", "bytes", "kb", "mb", "gb", "tb", "kib", "mib",
    "gib", "px", "pixels", "pt", "km", "m", "meters", "metres", "miles", "mi", "ft", "feet", "cm", "mm", "kg",
    "lbs", "lb", "g", "grams", "usd", "eur", "gbp", "jpy", "inr", "cny", "cents", "dollars", "euros", "pct",
    "percent", "celsius", "fahrenheit", "kelvin", "c", "f", "kmh", "mph", "knots", "inches", "in", "degrees",
})
_UNIT_TEXT = lazy_re(
    r"(?<![A-Za-z])(?:ms|millis(?:econds?)?|microseconds?|nanoseconds?|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|"
    r"weeks?|months?|years?|bytes?|kb|mb|gb|tb|kib|mib|gib|kilobytes?|megabytes?|gigabytes?|pixels?|px|points?|"
    r"km|kilomet(?:er|re)s?|met(?:er|re)s?|miles?|feet|foot|ft|inch(?:es)?|cm|mm|centimet(?:er|re)s?|kg|"
    r"kilograms?|grams?|lbs?|pounds?|ounces?|oz|tons?|usd|eur|gbp|jpy|inr|cny|aud|cad|chf|dollars?|euros?|cents?|"
    r"currency|percent(?:age)?|celsius|fahrenheit|kelvin|degrees?|°[cf]?|mph|km/h|kmh|knots?|m/s|iso 8601|"
    r"bp|kbp|mbp|base[- ]pairs?|"
    r"duration|unix|epoch)\b|[$€£¥%°]|\b(?:in|as) (?:[a-z]+s|[a-z]+/[a-z]+)\b|\bnumber of\b", re.I)
_UNIT_WORDS = frozenset({"unit", "units", "currency", "currencies", "scale", "measure", "measurement", "metric",
                         "system"})
# the quote currency of a trading pair prices its amounts
_PAIR_WORDS = frozenset({"symbol", "pair", "ticker", "instrument", "market", "tradingsymbol"})
# width/height of a browser viewport, a screen, a display or a canvas are pixels by convention
_PIXEL_CONTEXT = lazy_re(r"viewport|screen|window|browser|puppeteer|playwright|selenium|display|canvas", re.I)
# a default this large is pixels whatever the tool draws: no one means a chart 600 inches wide
PIXEL_SCALE_DEFAULT = 50
_GENERIC_TOKENS = frozenset({"max", "min", "maximum", "minimum", "total", "default", "target", "new", "initial"})


# a unit written as a symbol after a number: "298.15 K", "20 C" (case matters: 5k is five thousand)
_UNIT_SYMBOL = lazy_re(r"\d\s?[KCF]\b")
_ZERO_TO_ONE = lazy_re(r"\bbetween 0(?:\.0)? and 1(?:\.0)?\b|\[\s*0(?:\.0)?\s*,\s*1(?:\.0)?\s*\]|\b0(?:\.0)? to 1(?:\.0)?\b")


def _pixel_default(schema) -> bool:
    default = schema.get("default") if isinstance(schema, dict) else None
    return isinstance(default, (int, float)) and not isinstance(default, bool) and default >= PIXEL_SCALE_DEFAULT


def _fraction_of_one(schema) -> bool:
    maximum = schema.get("maximum") if isinstance(schema, dict) else None
    if isinstance(maximum, (int, float)) and not isinstance(maximum, bool) and 0 < maximum <= 1:
        return True
    return bool(_ZERO_TO_ONE.search(_desc(schema)))


def _enclosing_properties(node):
    """The property maps of the objects around a parameter, nearest first: its siblings, then its parent's (a
    `currency` at the top level prices the `amount` of every line item)."""
    parent = node.parent
    while parent is not None:
        props = parent.schema.get("properties") if isinstance(parent.schema, dict) else None
        if isinstance(props, dict):
            yield props
        parent = parent.parent


def _unit_sibling(tokens, kind: str, siblings) -> bool:
    """Whether a sibling parameter carries this quantity's unit: a bare `unit`/`currency`/`unit_system`, one that
    shares a word with the name (`duration` and `duration_unit`, `max_price` and `priceCurrency`), a currency
    beside an amount, or the trading pair an amount or price is quoted in."""
    own = set(tokens) - _GENERIC_TOKENS
    for name in siblings:
        sib = name_tokens(name) if isinstance(name, str) else ()
        if not sib or sib == tokens:
            continue
        if kind == "amount" and ("currency" in sib or sib[-1] in _PAIR_WORDS):
            return True
        if sib[-1] not in _UNIT_WORDS:
            continue
        prefix = set(sib[:-1]) - _GENERIC_TOKENS
        if not prefix or prefix <= _UNIT_WORDS or prefix & own:
            return True
    return False


_CALCULATOR = frozenset({"calculate", "calc", "calculator", "compute", "geometry", "math", "formula", "solve",
                         "estimate", "convert", "converter", "conversion"})


_SAMPLING = lazy_re(r"\b(?:sampling|randomness|random|deterministic|creativ\w*|diversity)\b", re.I)


# `amount` is money unless a word beside it says what is counted: `healing_amount` is hit points, not dollars
_NOT_MONEY = frozenset({"healing", "heal", "damage", "hp", "health", "mana", "xp", "experience", "points", "score",
                        "stamina", "armor", "armour", "ammo", "lives"})
# proportions and type sizes: `aspect_ratio_width`, `font_size` (points by convention)
_UNITLESS = frozenset({"ratio", "aspect", "proportion", "font", "fontsize", "scale", "factor", "percent",
                       "percentage"})


def _quantity_kind(tokens) -> str | None:
    if any(t in _UNITLESS for t in tokens):
        return None
    for t in tokens:
        if t in _DURATION:
            return "duration"
    for t in tokens:
        if t in _MONEY:
            if t == "amount" and any(o in _NOT_MONEY for o in tokens):
                return None
            return "amount"
        if t in _PHYSICAL:
            return "measurement"
        if t in _SIZE:
            return "size"
    return None


class QuantityWithoutUnit(Rule):
    """Finds numeric durations, sizes, amounts and measurements with no unit.

    Why: `timeout: 30` is 30 seconds to one backend and 30 milliseconds to
    another; `amount: 10` is dollars or cents; `distance: 5` is km or miles.
    The model picks one and the call does something else than asked, silently.
    A unit in the name (`timeout_ms`, `amount_cents`) or the description
    ("in seconds", "USD") settles it.

    Silent where the schema or the tool already gives the unit: a sibling
    that carries it (a bare `unit`/`currency`/`unit_system`, or one sharing a
    word with the name: `duration` beside `duration_unit`, `max_price` beside
    `priceCurrency`), an amount or price beside the trading pair it is quoted
    in (`symbol`, `pair`), a `format` (unix-time), a value between 0 and 1
    (a proportion), width/height of a viewport, screen, display or canvas,
    or with a default of 50 or more (pixels, by convention or by scale), and
    a unit stated in the tool's own description (an `Args:` entry, "Offset
    and duration are in seconds"). A `currency` of an enclosing object
    counts.

    Example: "timeout": {"type": "integer", "description": "Request timeout."}

    Use instead: "timeout_seconds": {"type": "integer", "description": "Request timeout in seconds."}
    """

    id = "quantity-without-unit"
    category = "parameters"
    severity = "warning"
    summary = "A numeric duration, size, amount or measurement has no unit"
    hint = "Put the unit in the name (timeout_ms, amount_cents) or the description (\"in seconds\", \"USD\")."
    sources = (ANTHROPIC_WRITING_TOOLS, OPENAI_FUNCTION_CALLING)
    messages = {"no-unit": "numeric {kind} '{param}' of tool {tool} has no unit in its name or description"}
    valid = [tool("fetch", "Fetch a page.", params(
        timeout_ms=integer("Timeout."), amount={"type": "number", "description": "Amount in USD."},
        distance={"type": "number", "description": "Distance."},
        unit=string("Unit of distance.", enum=["km", "mi"])))]
    invalid = [bad(tool("fetch", "Fetch a page.", params(timeout=integer("Request timeout."),
                                                         max_size=integer("Largest file to download."))),
                   "no-unit", "no-unit")]

    node_keys = frozenset({"type"})

    def check_node(self, node, ctx):
        if not node.name or not _value_types(node) or not _value_types(node) <= _NUMERIC:
            return
        tokens = name_tokens(node.name)
        kind = _quantity_kind(tokens)
        if kind is None or any(t in _UNIT_TOKENS for t in tokens):
            return
        if kind == "size" and (tokens[0] in ("page", "batch", "chunk", "sample", "group", "font", "step",
                                             "window", "pool", "team", "population", "population", "grid", "board",
                                             "portion", "serving", "lot", "shoe", "ring", "party", "deck", "queue",
                                             "cache", "buffer", "family", "household", "class", "crowd")):
            return
        if kind == "duration" and tokens[-1] in ("count", "number", "limit", "index", "zone", "slot", "period") \
                and tokens[-1] != tokens[0]:
            return
        if kind in ("measurement", "amount") and set(name_tokens(node.tool.name)) & _CALCULATOR:
            return  # a calculator works in whatever unit it is given
        schema = node.schema
        if isinstance(schema, dict) and _has_any(schema, ("enum", "const", "format")):
            return  # a format (unix-time, duration) names the unit
        if _UNIT_TEXT.search(_desc(schema)) or ("temp" in tokens[-1] and _SAMPLING.search(_desc(schema))) \
                or _UNIT_SYMBOL.search(_desc(schema)) or (kind == "size" and "font" in _desc(schema).lower()):
            return
        if any(_unit_sibling(tokens, kind, siblings) for siblings in _enclosing_properties(node)):
            return
        if _fraction_of_one(schema):
            return  # a value between 0 and 1 is a proportion: it has no unit
        if "border" in tokens or "corner" in tokens:
            return  # a CSS border radius is in pixels by convention
        if tokens[-1] in ("width", "height") and (_pixel_default(schema) or _PIXEL_CONTEXT.search(
                f"{node.name} {node.tool.name} {node.tool.description or ''} {_desc(schema)}")):
            return
        if _UNIT_TEXT.search(tool_text_about(node.tool.description, node.name)):
            return  # the tool's Args block or a sentence of its description gives the unit
        ctx.report(node, "no-unit", {"kind": kind, "param": node.param, "tool": _label(node.tool)})


_DATE_TOKENS = frozenset({"date", "datetime", "timestamp", "time", "dob", "birthday", "birthdate", "deadline",
                          "since", "until", "when", "day", "expiry", "expiration", "expires", "start", "end",
                          "from", "to", "before", "after", "checkin", "checkout"})
_STRONG_DATE = frozenset({"date", "datetime", "timestamp", "time", "dob", "birthday", "birthdate", "deadline",
                          "since", "until", "checkin", "checkout", "expiry", "expiration", "expires"})
_NOT_DATE = frozenset({"zone", "timezone", "tz", "format", "range", "period", "unit", "units", "frame", "type",
                       "filter", "field", "column", "key", "preference", "slot", "slots", "window", "span",
                       "interval", "limit", "string", "pattern", "template", "style", "of", "mode", "series",
                       "stamp", "sort", "order", "granularity", "resolution", "bucket", "offset", "step", "steps",
                       "zones", "control", "taken", "spent", "out", "complexity", "signature", "signatures",
                       "estimate", "remaining", "travel", "cooking", "prep", "wait", "line", "lines", "range"})
_FORMAT_HINT = lazy_re(
    r"yyyy|yy-|mm/dd|dd/mm|dd-mm|mm-dd|hh:mm|hh:mm|iso[- _]?8601|iso[- ]format|iso date|iso\b|rfc[- ]?3339|"
    r"rfc[- ]?2822|unix|epoch|\d{4}-\d{2}(?:-\d{2})?|\d{1,2}:\d{2}|\d{1,2}/\d{1,2}/\d{2,4}|\bformat|formatted|"
    r"e\.g\.|for example|such as|like '|natural language|relative|today|tomorrow|yesterday|\bago\b|"
    r"\bnow\b|\bmonth name|\bweekday|\d{8}|\bjan(?:uary)?\b|\bdec(?:ember)?\b",
    re.I)


def _is_datetime_name(tokens) -> bool:
    if any(t in _NOT_DATE for t in tokens):
        return False
    if tokens[-1] == "at" and len(tokens) >= 2:  # created_at, updated_at
        return True
    return any(t in _STRONG_DATE for t in tokens)


class DatetimeWithoutFormat(Rule):
    """Finds date and time strings with no stated format.

    Why: "2024-03-05", "03/05/2024", "5 March", "next Tuesday" and 1709596800
    are all "a date". The model picks one, and the backend parses it as
    another day or fails. JSON Schema's `format` (date, date-time, time) or a
    pattern, or a description naming the format (ISO 8601, YYYY-MM-DD, an
    example), removes the guess.

    Silent where the format is given elsewhere: an example, a default, the
    tool's own description (an `Args:` entry such as "depart_at: time,
    format HH:MM"); and on the `time` of a chart's data points, which is an
    axis label (a year, a month), not a timestamp the backend parses.

    Example: "start_date": {"type": "string", "description": "Start of the range."}

    Use instead: "start_date": {"type": "string", "format": "date",
    "description": "First day of the range, YYYY-MM-DD."}
    """

    id = "datetime-without-format"
    category = "parameters"
    severity = "warning"
    summary = "A date or time string has no format"
    hint = "Add `format` (date, date-time, time), a pattern, or the format in the description (YYYY-MM-DD)."
    sources = (JSON_SCHEMA_VALIDATION, OPENAI_FUNCTION_CALLING,
               "RFC 3339, 'Date and Time on the Internet: Timestamps' (the date-time format JSON Schema refers to)")
    messages = {"no-format": "date/time parameter '{param}' of tool {tool} has no format"}
    valid = [tool("book", "Book a room.", params(check_in=string("Arrival day.", format="date"),
                                                 start_time=string("Start time, HH:MM in 24-hour time."),
                                                 timezone=string("IANA time zone.")))]
    invalid = [bad(tool("book", "Book a room.", params(start_date=string("Start of the stay."),
                                                       created_at=string("When the booking was made."))),
                   "no-format", "no-format")]

    node_keys = frozenset({"type"})

    def check_node(self, node, ctx):
        if not node.name or _value_types(node) != _STRING:
            return
        tokens = name_tokens(node.name)
        if not tokens or not _is_datetime_name(tokens):
            return
        schema = node.schema
        if _has_any(schema, ("format", "pattern", "enum", "const", "examples", "example", "$ref", "anyOf", "oneOf")):
            return
        default = schema.get("default")
        if isinstance(default, str) and default:
            return
        if _FORMAT_HINT.search(_desc(schema)) or _FORMAT_HINT.search(tool_text_about(node.tool.description, node.name)):
            return
        if _chart_label(node, tokens):
            return
        ctx.report(node, "no-format", {"param": node.param, "tool": _label(node.tool)})


_CHART = lazy_re(r"\b(?:chart|graph|plot|visuali[sz]\w*|diagram|histogram|heatmap)", re.I)


def _chart_label(node, tokens) -> bool:
    """A `time` field of a chart's data points is an axis label (a year, a month name, any category), not a
    timestamp a backend parses; so is one the enclosing array's description shows by example."""
    parent = node.parent
    if parent is None or parent.kind != "items" or tokens[-1] not in ("time", "date", "period", "day"):
        return False
    array = parent.parent.schema if parent.parent is not None else None
    example = re.search(r"[{,]\s*[\"']?" + re.escape(node.name) + r"[\"']?\s*:", _desc(array))
    return bool(example) or bool(_CHART.search(f"{node.tool.name} {node.tool.description or ''}"))


# ------------------------------------------------------------------------------------------------


_SELECTOR_NAMES = frozenset({"operation", "action", "method", "command", "op", "cmd", "verb"})


def _selector(tool) -> str | None:
    """A top-level string parameter that picks what the call does (`operation`, `method`, `action`)."""
    for name, schema in tool.properties.items():
        tokens = name_tokens(name) if isinstance(name, str) else ()
        if tokens and tokens[-1] in _SELECTOR_NAMES and isinstance(schema, dict) and \
                (declared_types(schema, tool.format) or frozenset({"string"})) - {"null"} <= {"string"}:
            return name
    return None


class TooManyParameters(Rule):
    """Finds tools with more top-level parameters than a model fills reliably.

    Why: every parameter is another decision per call and more schema the
    model reads each turn; past a dozen or so, optional parameters get
    filled with guesses or skipped when they matter. Split the tool by task,
    group related options into an object, or drop parameters the backend can
    infer. The default threshold (15) is above the 99th percentile of the
    corpus of 19,000 real tools (11) and flags its top 0.4%.

    A count alone is a style call: a long list of typed, described filters
    misleads nobody, so it is info. It is a warning when the parameters are
    multiplexed by a selector (`operation`, `method`, `action`, `command`):
    then most parameters apply to only some values of the selector, and the
    model must work out which go together (the issue's 23-parameter
    `manage_text` with an undocumented `operation`).

    Example: a search tool with 22 top-level filters (info); a `manage_text`
    tool whose `operation` decides which of its 23 parameters apply (warning).

    Use instead: a required `query`, a `filters` object for the rest, and
    separate tools for distinct tasks.
    """

    id = "too-many-parameters"
    category = "parameters"
    severity = "info"
    summary = "The tool has more top-level parameters than a model fills reliably"
    hint = "Split the tool by task, group related options into an object, or drop parameters the backend can infer."
    sources = (OPENAI_FUNCTION_CALLING,
               "schemalint corpus measurement (real third-party catalogs: BFCL, MCP servers, ToolBench, Glaive, Seal-Tools; 19,024 tools): 95% have at most 6 top-level "
               "parameters, 99% at most 11, 99.9% at most 20; 83 tools have more than 15")
    options = {"max-params": 15}
    option_help = {"max-params": "most top-level parameters a tool may have (a count)"}
    messages = {"too-many": "tool {tool} has {count} top-level parameters (limit {limit})",
                "too-many-multiplexed": "tool {tool} has {count} top-level parameters (limit {limit}) selected by "
                                        "'{selector}': the model must work out which apply to which {selector}"}
    valid = [tool("search", "Search.", {f"p{i}": string("x") for i in range(10)})]
    invalid = [bad(tool("search", "Search.", {f"p{i}": string("x") for i in range(16)}), "too-many"),
               bad(tool("manage_text", "Manage text.",
                        {"operation": string(), **{f"p{i}": string() for i in range(16)}}),
                   "too-many-multiplexed")]

    def check_tool(self, tool, ctx):
        count = len(tool.properties)
        limit = self.opts["max-params"]
        if count <= limit:
            return
        data = {"tool": _label(tool), "count": count, "limit": limit}
        selector = _selector(tool)
        if selector is None:
            ctx.report(at(tool, path=()), "too-many", data)
        else:
            ctx.report(at(tool, path=()), "too-many-multiplexed", {**data, "selector": selector}, severity="warning")


# OpenAI Structured Outputs: "up to 10 levels of nesting" (the root object is level 1)
PROVIDER_MAX_NESTING = 10


class SchemaTooDeep(Rule):
    """Finds input schemas whose objects nest deeper than a model fills reliably.

    Why: each level of nesting is a structure the model must open, fill and
    close correctly; errors grow with depth (values land at the wrong level,
    required keys of inner objects go missing). No tool in the corpus of
    hand-written tools nests objects deeper than 3 levels below the root and
    99.9% stay within 2; the default reports depth 4 and more. Array items do
    not add a level; objects inside them do.

    One finding per tool: the deepest parameter, with how many parameters sit
    past the limit (a deep message type repeats its nesting under every
    leaf; it is one cause). Depth within what providers document is a style
    call, reported as info; past OpenAI's 10 levels of nesting, where strict
    mode rejects the schema, it is a warning (`--provider openai-strict`
    reports that limit as an error).

    Example: options.filters.date.range.start (depth 5).

    Use instead: flatten to filters.start_date / filters.end_date.
    """

    id = "schema-too-deep"
    category = "parameters"
    severity = "info"
    summary = "The input schema nests objects deeper than a model fills reliably"
    hint = "Flatten nested objects: lift inner fields up a level or split the tool."
    sources = (OPENAI_STRUCTURED_OUTPUTS,
               "OpenAI, Structured Outputs guide, 'Supported schemas': \"up to 5000 object properties total, with up "
               "to 10 levels of nesting\"",
               "schemalint corpus measurement (real third-party catalogs: BFCL, MCP servers, ToolBench, Glaive, Seal-Tools; 19,024 tools): maximum object depth 3, "
               "99.9% of tools at most 2")
    options = {"max-depth": 3}
    option_help = {"max-depth": "deepest object nesting below the root that is not reported (levels of objects)"}
    node_kinds = frozenset({"property"})
    messages = {"too-deep": "parameter '{param}' of tool {tool} is nested {depth} objects deep (limit {limit}); "
                            "{count} {parameters} past the limit"}
    identity_keys = {"too-deep": ("param", "tool")}  # not the counts, which change with unrelated edits
    valid = [{"name": "search", "description": "Search.", "input_schema": {"type": "object", "properties": {
        "filters": {"type": "object", "description": "f", "properties": {"date": {"type": "object", "description": "d",
                    "properties": {"start": {"type": "string", "description": "s"}}}}}}}}]
    invalid = [bad({"name": "search", "description": "Search.", "input_schema": {"type": "object", "properties": {
        "a": {"type": "object", "description": "a", "properties": {"b": {"type": "object", "description": "b",
              "properties": {"c": {"type": "object", "description": "c", "properties": {
                  "d": {"type": "string", "description": "d"}, "e": {"type": "string", "description": "e"}}}}}}}}}},
        "too-deep")]

    def check_node(self, node, ctx):
        limit = self.opts["max-depth"]
        if node.depth != limit + 1:
            return
        # the first parameter past the limit: measure the whole tool once and report its deepest parameter
        seen = ctx.cache("parameters.too-deep-tools", set)
        if id(node.tool) in seen:
            return
        seen.add(id(node.tool))
        past: list = []
        walk_schema(node.tool, lambda n: past.append(n) if n.kind == "property" and n.depth > limit and not (
            n.ignored & {self.id, self.category, "*"}) else None)
        if not past:
            return
        deepest = max(past, key=lambda n: n.depth)
        ctx.report(deepest, "too-deep", {"param": deepest.param, "tool": _label(node.tool), "depth": deepest.depth,
                                         "limit": limit, "count": len(past),
                                         "parameters": "parameter" if len(past) == 1 else "parameters"},
                   severity="warning" if deepest.depth > PROVIDER_MAX_NESTING else None)


def _branch_kind(branch: dict, fmt) -> str:
    types = declared_types(branch, fmt)
    if types is None:
        if "properties" in branch:
            return "object"
        return "untyped"
    types = set(types) - {"null"}
    return "/".join(sorted(types)) if types else "null"


# keywords that describe a value without restricting it: two branches that differ only in these accept the same values
_ANNOTATIONS = frozenset({"description", "title", "default", "examples", "example", "$comment", "deprecated",
                          "readOnly", "writeOnly", "$id", "$schema", "markdownDescription"})
_NAME_MAPS = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"})


def _signature(value, depth: int = 0, names: bool = False):
    """A branch with its annotations left out, as a hashable value: equal signatures accept the same values.
    Everything that restricts a value counts (type, const/enum, pattern, format, required keys, items, bounds)."""
    if depth > 12:
        return "..."
    if isinstance(value, dict):
        if names:  # a map of property names: every name counts, whatever it is called
            return tuple(sorted((str(k), _signature(v, depth + 1)) for k, v in value.items()))
        return tuple(sorted((k, _signature(v, depth + 1, k in _NAME_MAPS)) for k, v in value.items()
                            if k not in _ANNOTATIONS and not (isinstance(k, str) and k.startswith("x-"))))
    if isinstance(value, list):
        return tuple(_signature(v, depth + 1) for v in value)
    return (type(value).__name__, value)


def _open_object(branch: dict, fmt) -> bool:
    """An object branch any object matches: nothing required, no tagged property, extra keys allowed."""
    if _branch_kind(branch, fmt) != "object" or branch.get("required") or branch.get("additionalProperties") is False:
        return False
    props = branch.get("properties") if isinstance(branch.get("properties"), dict) else {}
    return not any(isinstance(v, dict) and _has_any(v, ("const", "enum")) for v in props.values()) and \
        not _has_any(branch, ("minProperties", "propertyNames", "patternProperties", "not", "if"))


def _indistinct_groups(keyword: str, branches: list, fmt) -> list:
    """Groups of two or more branches the model has nothing to choose between: identical once annotations are
    left out, or (in a oneOf) open objects that every object matches."""
    groups: dict = {}
    for b in branches:
        if _branch_kind(b, fmt) == "null":
            continue
        groups.setdefault(_signature(b), []).append(b)
    found = [g for g in groups.values() if len(g) >= 2]
    if keyword == "oneOf":
        open_objects = [b for b in branches if _open_object(b, fmt)]
        if len(open_objects) >= 2 and not any(all(any(b is o for o in g) for b in open_objects) for g in found):
            found.append(open_objects)
    return [g for g in found if not all(_desc(b) or b.get("title") for b in g)]


class AmbiguousUnion(Rule):
    """Finds anyOf/oneOf unions whose branches the model cannot tell apart.

    Why: a union asks the model to choose a shape. When two branches accept
    the same values (they differ in nothing but annotations) and carry no
    description or title, the model has nothing to choose by; with `oneOf`,
    a value that fits both branches is even invalid, and open object
    branches with nothing required or tagged all match every object.

    Branches are compared whole, not by `type` alone: a `const` or `enum`,
    a `pattern`, a `format`, required keys, item types and bounds all tell
    branches apart, so `{"const": "latest"}` beside `{"type": "string",
    "pattern": "^v[0-9]+$"}`, a free string beside an enum of known values,
    or an array of strings beside an array of integers are not reported.
    Nullable unions (`X` or `null`) are fine and not reported.

    Example: "target": {"oneOf": [{"type": "object", "properties": {"id": {"type": "string"}}},
    {"type": "object", "properties": {"name": {"type": "string"}}}]}

    Use instead: tag each branch ({"kind": {"const": "by_id"}}) and describe it, or split the parameter.
    """

    id = "ambiguous-union"
    category = "parameters"
    severity = "warning"
    summary = "A union's branches cannot be told apart"
    hint = "Describe each branch and tag object branches with a const discriminator, or split the parameter."
    sources = (OPENAI_FUNCTION_CALLING,
               "JSON Schema 2020-12 Core, 10.2.1.3 (oneOf): an instance valid against more than one branch is "
               "invalid")
    node_kinds = frozenset({"property", "items", "root"})
    node_keys = frozenset({"anyOf", "oneOf"})
    messages = {"indistinct-branches": "{keyword} of {where} in tool {tool} has {count} {kind} branches with "
                                       "nothing to tell them apart"}
    valid = [{"name": "find", "description": "Find.", "input_schema": {"type": "object", "properties": {
        "tag": {"description": "Tag.", "anyOf": [{"type": "string"}, {"type": "null"}]},
        "target": {"description": "Target.", "oneOf": [
            {"type": "object", "required": ["kind", "id"], "properties": {"kind": {"const": "id"}, "id": {"type": "string"}}},
            {"type": "object", "required": ["kind", "name"], "properties": {"kind": {"const": "name"},
                                                                            "name": {"type": "string"}}}]},
        "version": {"description": "Version.", "anyOf": [{"const": "latest"},
                                                         {"type": "string", "pattern": "^v[0-9]+$"}]},
        "model": {"description": "Model id.", "anyOf": [{"type": "string"},
                                                        {"type": "string", "enum": ["tts-1", "tts-1-hd"]}]},
        "when": {"description": "When.", "anyOf": [{"type": "string", "format": "date"},
                                                   {"type": "string", "format": "date-time"}]},
        "prompt": {"description": "Prompt.", "oneOf": [{"type": "array", "items": {"type": "string"}},
                                                       {"type": "array", "items": {"type": "integer"}}]}}}}]
    invalid = [bad({"name": "find", "description": "Find.", "input_schema": {"type": "object", "properties": {
        "target": {"description": "Target.", "oneOf": [
            {"type": "object", "properties": {"id": {"type": "string"}}},
            {"type": "object", "properties": {"name": {"type": "string"}}}]},
        "value": {"description": "Value.", "anyOf": [{"type": "string"}, {"type": "string", "title": "Text"}]}}}},
        "indistinct-branches", "indistinct-branches")]

    def check_node(self, node, ctx):
        schema = node.schema
        if not isinstance(schema, dict):
            return
        for key in ("oneOf", "anyOf"):
            branches = schema.get(key)
            if not isinstance(branches, list) or len(branches) < 2:
                continue
            branches = [b for b in branches if isinstance(b, dict)]
            groups = _indistinct_groups(key, branches, node.tool.format)
            if not groups:
                continue
            group = max(groups, key=len)
            where = f"'{node.param}'" if node.param else "the input"
            ctx.report(node, "indistinct-branches", {"keyword": key, "where": where, "tool": _label(node.tool),
                                                     "count": len(group),
                                                     "kind": _branch_kind(group[0], node.tool.format)})
