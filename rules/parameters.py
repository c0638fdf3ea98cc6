"""parameters: parameter design the model has to guess around.

Loose or wrong types, identifiers with no hint of where they come from,
numbers with no unit, dates with no format, free-form objects, cryptic names,
too many parameters, deep nesting and unions the model cannot tell apart.
"""
from __future__ import annotations

import re
from functools import lru_cache

from schemalint.engine.location import at
from schemalint.engine.rule import Rule, bad
from schemalint.model import Edit, Fix

from ._examples import integer, params, string, tool
from ._schema import declared_types
from ._text import name_tokens as _name_tokens
from ._text import lazy_re

name_tokens = lru_cache(maxsize=65536)(_name_tokens)

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
    "percentage").

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
        if _FRACTION_WORDS.search(_desc(schema)):
            return
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
        ctx.report(node, "no-source", {"param": node.param, "tool": _label(node.tool)})


_WORD = lazy_re(r"[A-Za-z_][\w.-]*")


def _mentions_tool(desc: str, ctx) -> bool:
    if not desc:
        return False
    names = ctx.cache("parameters.compound-tool-names", lambda: {
        t.name for t in ctx.catalog.tools if isinstance(t.name, str) and ("_" in t.name or "." in t.name)})
    return any(w in names for w in _WORD.findall(desc) if "_" in w or "." in w)


# ------------------------------------------------------------------------------------------------


class FreeFormObject(Rule):
    """Finds object parameters with no properties, open to any keys.

    Why: `{"type": "object"}` with no `properties` (or a BFCL `dict` with none)
    tells the model nothing about which keys to send. It invents them, and
    the backend ignores or rejects them. `additionalProperties: true` on an
    object that lists properties invites extra keys the tool does not read.
    A map with a typed `additionalProperties` schema (string to number, say) is
    fine and not reported.

    Example: "filters": {"type": "object", "description": "Filters to apply."}

    Use instead: "filters": {"type": "object", "properties": {"status": {"type":
    "string", "enum": ["open", "closed"]}, "label": {"type": "string"}},
    "additionalProperties": false}
    """

    id = "free-form-object"
    category = "parameters"
    severity = "warning"
    summary = "An object parameter declares no properties, or is explicitly open to extra keys"
    hint = "List the object's properties (and set additionalProperties: false), or type the map's values."
    sources = (OPENAI_FUNCTION_CALLING, JSON_SCHEMA_VALIDATION)
    node_kinds = frozenset({"property", "items"})
    messages = {
        "no-properties": "object parameter {where} of tool {tool} declares no properties: the model must invent "
                         "its keys",
        "open-to-extra-keys": "object parameter {where} of tool {tool} sets additionalProperties open: the model "
                              "may add keys the tool does not read",
    }
    valid = [tool("search", "Search.", params(
        filters={"type": "object", "description": "Filters.", "properties": {"status": string()},
                 "additionalProperties": False},
        labels={"type": "object", "description": "Label to weight.", "additionalProperties": {"type": "number"}}))]
    invalid = [
        bad(tool("search", "Search.", params(filters={"type": "object", "description": "Filters to apply."})),
            "no-properties"),
        bad(tool("search", "Search.", params(filters={"type": "object", "description": "Filters.",
                                                      "properties": {"status": string()},
                                                      "additionalProperties": True})),
            "open-to-extra-keys"),
    ]

    def check_node(self, node, ctx):
        schema = node.schema
        if not isinstance(schema, dict) or _has_any(schema, _CONSTRAINED) or "patternProperties" in schema:
            return
        types = _types(node)
        if types - {"null"} != {"object"}:
            return
        props = schema.get("properties")
        extra = schema.get("additionalProperties")
        where = f"'{node.param}'" if node.param else "an array item"
        if not isinstance(props, dict) or not props:
            if isinstance(extra, dict) and extra:
                return  # a typed map
            if extra is False:
                return  # an empty object by design
            ctx.report(node, "no-properties", {"where": where, "tool": _label(node.tool)})
        elif extra is True or extra == {}:
            ctx.report(node, "open-to-extra-keys", {"where": where, "tool": _label(node.tool)}, severity="info")


class UntypedParameter(Rule):
    """Finds parameters with no type at all (`{}`, only a description, BFCL `any`).

    Why: with no `type`, `enum`, `$ref` or union, any JSON value validates. The
    model picks one from the name: a string where a list was meant, an object
    where a number was. Give the type, or the union of types the tool accepts.

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
                                                      mode={"enum": ["a", "b"], "description": "Mode."}))]
    invalid = [bad(tool("set_value", "Set a value.", params(value={"description": "The value to set."})), "no-type")]

    def check_node(self, node, ctx):
        schema = node.schema
        if schema is True:
            schema = {}
        if not isinstance(schema, dict):
            return
        type_value = schema.get("type")
        if type_value is not None and type_value not in ("any", "Any"):
            return
        if _has_any(schema, _CONSTRAINED + ("properties", "items", "additionalProperties", "format", "pattern",
                                            "minimum", "maximum", "minLength", "maxLength", "prefixItems")):
            return
        ctx.report(node, "no-type", {"param": node.param, "tool": _label(node.tool)})


class ArrayWithoutItems(Rule):
    """Finds array parameters without `items`.

    Why: an array with no item schema says nothing about what goes in it:
    strings, numbers, objects with which keys? The model guesses per call.
    Gemini rejects such schemas outright, and OpenAI strict mode requires items.

    Example: "tags": {"type": "array", "description": "Tags."}

    Use instead: "tags": {"type": "array", "items": {"type": "string"}, "description": "Tags."}
    """

    id = "array-without-items"
    category = "parameters"
    severity = "warning"
    summary = "An array parameter does not say what its items are"
    hint = "Add `items` with the item schema."
    sources = (OPENAI_FUNCTION_CALLING, JSON_SCHEMA_VALIDATION,
               "Google, Gemini API 'Function calling' (ai.google.dev): parameters use the OpenAPI Schema subset, "
               "where ARRAY requires items")
    node_kinds = frozenset({"property", "items"})
    messages = {"no-items": "array parameter {where} of tool {tool} does not say what its items are"}
    valid = [tool("tag", "Tag.", params(tags={"type": "array", "items": string(), "description": "Tags."}))]
    invalid = [bad(tool("tag", "Tag.", params(tags={"type": "array", "description": "Tags."})), "no-items")]

    def check_node(self, node, ctx):
        schema = node.schema
        if not isinstance(schema, dict) or _has_any(schema, ("items", "prefixItems", "$ref", "anyOf", "oneOf",
                                                             "allOf", "enum", "const", "contains")):
            return
        if _types(node) - {"null"} != {"array"}:
            return
        where = f"'{node.param}'" if node.param else "a nested array"
        ctx.report(node, "no-items", {"where": where, "tool": _label(node.tool)})


# ------------------------------------------------------------------------------------------------

_CRYPTIC = frozenset({
    "usr", "dt", "ts", "tm", "qty", "amt", "cnt", "msg", "addr", "tmp", "val", "cfg", "idx", "pwd", "req",
    "resp", "ctx", "lst", "dct", "prm", "nm", "nbr", "fname", "lname", "dob", "qs", "fmt", "pth", "ref",
    "obj", "arr", "fn", "cb", "str", "num", "desc", "opt", "opts", "args", "kw", "kwargs", "dst", "tgt", "proc",
    "svc", "env", "ver", "dir", "loc", "lang", "cat", "acct", "pos", "mgr", "grp", "doc", "img", "col",
    "tbl", "db", "src",
})
# abbreviations read unambiguously enough on their own, and conventional names in their domain
_CLEAR_ENOUGH = frozenset({"id", "ip", "url", "uri", "os", "to", "cc", "bcc", "db", "env", "dir", "lang", "src",
                           "doc", "img", "ver", "loc", "pos", "col", "args", "kwargs", "cat", "num", "desc", "ref",
                           "x", "y", "z", "lat", "lon", "lng"})
_MATH_SINGLE = frozenset({"a", "b", "c", "n", "k", "m", "r", "t", "p", "q", "s", "h", "v", "w", "d", "e", "f", "g",
                          "l", "i", "j", "u", "o"})
_MATH_TOOL = lazy_re(r"\b(?:add|sub|subtract|multiply|divide|sum|rgb|hex|color|colour|point|coordinate|calculat|comput|math|solve|equation|formula|integral|derivative|function|"
                        r"polynomial|quadratic|triangle|circle|gcd|lcm|factorial|prime|fibonacci|matrix|vector|"
                        r"probability|distribution|physics|velocity|force|series)", re.I)


class CrypticParamName(Rule):
    """Finds parameter names too short or abbreviated to read (`q`, `usr`, `dt`).

    Why: the name is the first thing the model matches a value against. `q`,
    `usr` or `dt` make it lean on the description, and where that is thin it
    guesses: is `dt` a date, a datetime or a delta? Anthropic's guidance is to
    use unambiguous names (`user_id`, not `user`). Single letters that are the
    convention of a mathematical tool (`a`, `b`, `n` of a gcd or an equation
    solver) are not reported when they have a description, nor x/y/z.

    Example: "q": {"type": "string"}, "usr": {"type": "string"}

    Use instead: "query": {"type": "string"}, "username": {"type": "string"}
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
             tool("calculate_gcd", "Calculate the greatest common divisor.", params(a=integer("First number.")))]
    invalid = [bad(tool("search", "Search documents.", params(q=string("Search text."), usr=string("User."),
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
            letter = tokens[0]
            if letter in ("x", "y", "z"):
                return
            if letter in _MATH_SINGLE and _desc(node.schema) and \
                    _MATH_TOOL.search(f"{node.tool.name} {node.tool.description or ''}"):
                return
            ctx.report(node, "one-letter", {"param": node.param, "tool": _label(node.tool)})
            return
        cryptic = [t for t in tokens if t in _CRYPTIC and t not in _CLEAR_ENOUGH]
        if cryptic:
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

    def check_node(self, node, ctx):
        if not node.name or _types(node) - {"null"} != {"boolean"}:
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
    r"duration|unix|epoch)\b|[$€£¥%°]|\b(?:in|as) (?:[a-z]+s|[a-z]+/[a-z]+)\b|\bnumber of\b", re.I)
_UNIT_SIBLING = lazy_re(r"(?:^|_)(?:unit|units|currency|scale|measure|measurement|metric|system)s?$", re.I)


_CALCULATOR = frozenset({"calculate", "calc", "calculator", "compute", "geometry", "math", "formula", "solve",
                         "estimate", "convert", "converter", "conversion"})


_SAMPLING = lazy_re(r"\b(?:sampling|randomness|random|deterministic|creativ\w*|diversity)\b", re.I)


def _quantity_kind(tokens) -> str | None:
    for t in tokens:
        if t in _DURATION:
            return "duration"
    for t in tokens:
        if t in _MONEY:
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
    ("in seconds", "USD") settles it; so does a sibling `unit`/`currency`
    parameter.

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

    def check_node(self, node, ctx):
        if not node.name or not (_types(node) - {"null"}) or not (_types(node) - {"null"}) <= {"number", "integer"}:
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
        if isinstance(schema, dict) and _has_any(schema, ("enum", "const")):
            return
        if _UNIT_TEXT.search(_desc(schema)) or ("temp" in tokens[-1] and _SAMPLING.search(_desc(schema))):
            return
        parent = node.parent.schema if node.parent is not None else None
        siblings = parent.get("properties") if isinstance(parent, dict) else None
        if isinstance(siblings, dict) and any(_UNIT_SIBLING.search(n) for n in siblings if isinstance(n, str)):
            return
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

    def check_node(self, node, ctx):
        if not node.name or _types(node) - {"null"} != {"string"}:
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
        if _FORMAT_HINT.search(_desc(schema)):
            return
        ctx.report(node, "no-format", {"param": node.param, "tool": _label(node.tool)})


# ------------------------------------------------------------------------------------------------


class TooManyParameters(Rule):
    """Finds tools with more top-level parameters than a model fills reliably.

    Why: every parameter is another decision per call and more schema the
    model reads each turn; past a dozen or so, optional parameters get
    filled with guesses or skipped when they matter. Split the tool by task,
    group related options into an object, or drop parameters the backend can
    infer. The default threshold (15) is above the 99th percentile of the
    corpus of 19,000 real tools (11) and flags its top 0.4%.

    Example: a search tool with 22 top-level filters.

    Use instead: a required `query`, a `filters` object for the rest, and
    separate tools for distinct tasks.
    """

    id = "too-many-parameters"
    category = "parameters"
    severity = "warning"
    summary = "The tool has more top-level parameters than a model fills reliably"
    hint = "Split the tool by task, group related options into an object, or drop parameters the backend can infer."
    sources = (OPENAI_FUNCTION_CALLING,
               "schemalint corpus measurement (real third-party catalogs: BFCL, MCP servers, ToolBench, Glaive, Seal-Tools; 19,024 tools): 95% have at most 6 top-level "
               "parameters, 99% at most 11, 99.9% at most 20; 83 tools have more than 15")
    options = {"max-params": 15}
    option_help = {"max-params": "most top-level parameters a tool may have (a count)"}
    messages = {"too-many": "tool {tool} has {count} top-level parameters (limit {limit})"}
    valid = [tool("search", "Search.", {f"p{i}": string("x") for i in range(10)})]
    invalid = [bad(tool("search", "Search.", {f"p{i}": string("x") for i in range(16)}), "too-many")]

    def check_tool(self, tool, ctx):
        count = len(tool.properties)
        limit = self.opts["max-params"]
        if count > limit:
            ctx.report(at(tool, path=()), "too-many", {"tool": _label(tool), "count": count, "limit": limit})


class SchemaTooDeep(Rule):
    """Finds input schemas whose objects nest deeper than a model fills reliably.

    Why: each level of nesting is a structure the model must open, fill and
    close correctly; errors grow with depth (values land at the wrong level,
    required keys of inner objects go missing), and OpenAI strict mode caps
    nesting outright. No tool in the corpus nests objects deeper than 3
    levels below the root and 99.9% stay within 2; the default reports depth 4
    and more. Array items do not add a level; objects inside them do.

    Example: options.filters.date.range.start (depth 5).

    Use instead: flatten to filters.start_date / filters.end_date.
    """

    id = "schema-too-deep"
    category = "parameters"
    severity = "warning"
    summary = "The input schema nests objects deeper than a model fills reliably"
    hint = "Flatten nested objects: lift inner fields up a level or split the tool."
    sources = (OPENAI_STRUCTURED_OUTPUTS,
               "schemalint corpus measurement (real third-party catalogs: BFCL, MCP servers, ToolBench, Glaive, Seal-Tools; 19,024 tools): maximum object depth 3, "
               "99.9% of tools at most 2")
    options = {"max-depth": 3}
    option_help = {"max-depth": "deepest object nesting below the root that is not reported (levels of objects)"}
    node_kinds = frozenset({"property"})
    messages = {"too-deep": "parameter '{param}' of tool {tool} is nested {depth} objects deep (limit {limit})"}
    valid = [{"name": "search", "description": "Search.", "input_schema": {"type": "object", "properties": {
        "filters": {"type": "object", "description": "f", "properties": {"date": {"type": "object", "description": "d",
                    "properties": {"start": {"type": "string", "description": "s"}}}}}}}}]
    invalid = [bad({"name": "search", "description": "Search.", "input_schema": {"type": "object", "properties": {
        "a": {"type": "object", "description": "a", "properties": {"b": {"type": "object", "description": "b",
              "properties": {"c": {"type": "object", "description": "c", "properties": {
                  "d": {"type": "string", "description": "d"}}}}}}}}}}, "too-deep")]

    def check_node(self, node, ctx):
        limit = self.opts["max-depth"]
        if node.depth != limit + 1:
            return  # report the first level past the limit once, not every node below it
        ctx.report(node, "too-deep", {"param": node.param, "tool": _label(node.tool), "depth": node.depth,
                                      "limit": limit})


def _branch_kind(branch: dict, fmt) -> str | None:
    types = declared_types(branch, fmt)
    if types is None:
        if "properties" in branch:
            return "object"
        if "$ref" in branch:
            return "$ref:" + str(branch["$ref"])
        return None
    types = set(types) - {"null"}
    return "/".join(sorted(types)) if types else "null"


def _discriminated(branches) -> bool:
    """Object branches that differ in a const/enum of a shared property, or in their required keys."""
    const_keys = None
    for b in branches:
        props = b.get("properties") if isinstance(b.get("properties"), dict) else {}
        keys = {k for k, v in props.items() if isinstance(v, dict) and ("const" in v or (
            isinstance(v.get("enum"), list) and len(v["enum"]) == 1))}
        const_keys = keys if const_keys is None else const_keys & keys
    if const_keys:
        return True
    required = [frozenset(r for r in b.get("required", []) if isinstance(r, str)) if isinstance(b.get("required"), list)
                else frozenset() for b in branches]
    # every branch requires a key no other branch has
    for i, req in enumerate(required):
        others = frozenset().union(*(r for j, r in enumerate(required) if j != i))
        if not req - others:
            return False
    return True


class AmbiguousUnion(Rule):
    """Finds anyOf/oneOf unions whose branches the model cannot tell apart.

    Why: a union asks the model to choose a shape. When two branches have the
    same type and neither has a description, title or distinguishing
    constraint (a `const` tag, different required keys), the model has
    nothing to choose by; with `oneOf`, a value that fits both branches is
    even invalid. Nullable unions (`X` or `null`) are fine and not reported.

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
    messages = {"indistinct-branches": "{keyword} of {where} in tool {tool} has {count} {kind} branches with "
                                       "nothing to tell them apart"}
    valid = [{"name": "find", "description": "Find.", "input_schema": {"type": "object", "properties": {
        "tag": {"description": "Tag.", "anyOf": [{"type": "string"}, {"type": "null"}]},
        "target": {"description": "Target.", "oneOf": [
            {"type": "object", "required": ["kind", "id"], "properties": {"kind": {"const": "id"}, "id": {"type": "string"}}},
            {"type": "object", "required": ["kind", "name"], "properties": {"kind": {"const": "name"},
                                                                            "name": {"type": "string"}}}]}}}}]
    invalid = [bad({"name": "find", "description": "Find.", "input_schema": {"type": "object", "properties": {
        "target": {"description": "Target.", "oneOf": [
            {"type": "object", "properties": {"id": {"type": "string"}}},
            {"type": "object", "properties": {"name": {"type": "string"}}}]},
        "when": {"description": "When.", "anyOf": [{"type": "string", "format": "date"},
                                                   {"type": "string", "format": "date-time"}]}}}},
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
            by_kind: dict = {}
            for b in branches:
                kind = _branch_kind(b, node.tool.format)
                if kind is None or kind == "null" or kind.startswith("$ref:"):
                    continue
                by_kind.setdefault(kind, []).append(b)
            for kind, group in by_kind.items():
                if len(group) < 2:
                    continue
                if all(_desc(b) or b.get("title") for b in group):
                    continue
                if kind == "object" and _discriminated(group):
                    continue
                if kind != "object" and len({repr(sorted((k, repr(v)) for k, v in b.items())) for b in group}) \
                        == len(group) and all(_has_any(b, ("enum", "const")) for b in group):
                    continue  # distinct literal sets
                where = f"'{node.param}'" if node.param else "the input"
                ctx.report(node, "indistinct-branches", {"keyword": key, "where": where, "tool": _label(node.tool),
                                                         "count": len(group), "kind": kind})
                break
