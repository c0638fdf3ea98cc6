"""examples: examples and defaults that mislead the model.

The values looked at: a schema node's `example`, `examples`, `default` and
ToolBench's `example_value`, and the tool-level `input_examples` (Anthropic).
"""
from __future__ import annotations

import re

from schemalint.engine.location import at, node_at
from schemalint.engine.rule import Rule, bad
from schemalint.model import Edit, Fix
from schemalint.sources import pointer as ptr

from ._schema import declared_types, in_enum, json_equal, show, type_matches, value_path_text, value_problems
from ._examples import integer, params, string, tool
from ._text import has_digit, lazy_re, name_tokens

ALL_KINDS = frozenset({"root", "property", "items", "branch", "additional", "definition"})
VALUE_KINDS = frozenset({"property", "items", "branch", "additional", "definition"})


# --- where example values live ----------------------------------------------------------------------

def node_examples(schema: dict):
    """(keyword, schema path suffix, value) for the example values on a node; `default` not included."""
    if "example" in schema:
        yield "example", ("example",), schema["example"]
    examples = schema.get("examples")
    if isinstance(examples, list):
        for i, value in enumerate(examples):
            yield "examples", ("examples", i), value
    if "example_value" in schema:
        yield "example_value", ("example_value",), schema["example_value"]


# the keys node_values reads: a node without any of them has no value to check
VALUE_KEYS = frozenset({"default", "example", "examples", "example_value"})


def has_values(schema: dict, with_default: bool = True) -> bool:
    """Whether node_values(schema) yields anything: a cheap test before the per-value work."""
    return "example" in schema or "examples" in schema or "example_value" in schema or \
        (with_default and "default" in schema)


def node_values(schema: dict, with_default: bool = True):
    """Example values plus the default, when there is one."""
    yield from node_examples(schema)
    if with_default and "default" in schema:
        yield "default", ("default",), schema["default"]


def iter_leaves(value, key=None, path: tuple = (), depth: int = 0):
    """(path inside the value, nearest property name, scalar) for every scalar in a value."""
    if depth > 8:
        return
    if isinstance(value, dict):
        for k, v in value.items():
            yield from iter_leaves(v, k, path + (k,), depth + 1)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from iter_leaves(v, key, path + (i,), depth + 1)
    else:
        yield path, key, value


def property_name(node):
    """The parameter name a node's values belong to (an `items` node takes its array's name)."""
    while node is not None:
        if node.name is not None:
            return node.name
        node = node.parent
    return None


def input_example_pointer(tool, index: int, path: tuple = ()) -> str:
    base = tool.field_ptr("input_examples")
    if tool.schema_pointer_fn is not None and tool.schema_pointer == tool.pointer:
        return base  # decoded from a JSON string: everything sits at that string
    return ptr.join(base, index, *path)


def input_example_leaves(tool):
    """(example index, path, property name, value) for every scalar in the tool's input_examples."""
    for index, example in enumerate(tool.examples or []):
        if isinstance(example, dict):
            for path, key, value in iter_leaves(example):
                yield index, path, key, value


def where(node) -> str:
    return f"parameter '{node.param}'" if node.param else "the input schema"


def _enum_of(node):
    enum = node.schema.get("enum") if isinstance(node.schema, dict) else None
    return enum if isinstance(enum, list) else None


def _listed_values(node):
    """The values the schema lists as choices: its enum and const, and those of its anyOf/oneOf branches
    (`anyOf: [{"const": "6809637769959178254", "description": "Backend"}, ...]` is a labelled closed set)."""
    schema = node.schema
    if not isinstance(schema, dict):
        return None
    listed = []
    for holder in [schema] + [b for k in ("anyOf", "oneOf") if isinstance(schema.get(k), list)
                              for b in schema[k] if isinstance(b, dict)]:
        if isinstance(holder.get("enum"), list):
            listed.extend(holder["enum"])
        if "const" in holder:
            listed.append(holder["const"])
    return listed or None


def _remove_value_fix(node, keyword: str, suffix: tuple, what: str):
    """Removing one example value: the `examples` element, or the whole keyword for single values."""
    schema = node.schema
    if keyword == "examples" and isinstance(schema.get("examples"), list) and len(schema["examples"]) > 1:
        rest = [v for i, v in enumerate(schema["examples"]) if i != suffix[1]]
        return Fix([Edit("set", node.path + ("examples",), rest)], f"drop the {what}", unsafe=True)
    return Fix([Edit("remove", node.path + (keyword,))], f"drop the {what}", unsafe=True)


def _drop_input_example(tool, index: int):
    """Removing a whole input example (one that carries a credential): nothing else in it can be trusted."""
    if tool.schema_pointer_fn is not None and tool.schema_pointer == tool.pointer:
        return None  # decoded from a JSON string: no node of its own to remove
    return Fix([Edit("remove", ("input_examples", index), target="tool")], f"drop input example {index}",
               unsafe=True)


# --- examples that violate the schema ------------------------------------------------------------------

_SCALARS = (str, int, float, bool)
# the keywords value_problems reads for a scalar besides `type` and `enum` (tested against it)
_SCALAR_CHECKS = frozenset({"$ref", "const", "pattern", "minLength", "maxLength", "format", "minimum", "maximum",
                            "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "anyOf", "oneOf", "allOf"})


class ExampleViolatesSchema(Rule):
    """Finds example values that the parameter's own schema rejects: wrong type,
    not in the enum, not matching the pattern, outside the bounds or lengths, or
    not of the declared format. Looks at `example`, `examples`, ToolBench's
    `example_value`, Anthropic's tool-level `input_examples`, and at `default`
    for the constraints other rules do not already cover (a default of the wrong
    type is `value-type-mismatch`; outside the enum, `default-not-in-enum`).

    Why: models imitate examples more closely than they follow constraints. An
    example that breaks the schema teaches the model to send a value the tool
    rejects: `"example": "10"` on an integer gets strings back, a date example
    in the wrong format gets that format back.

    Example:
        {"type": "integer", "minimum": 1, "maximum": 100, "example": 500}
        {"type": "string", "format": "date", "example": "03/15/2024"}

    Use instead:
        {"type": "integer", "minimum": 1, "maximum": 100, "example": 25}
        {"type": "string", "format": "date", "example": "2024-03-15"}
    """

    id = "example-violates-schema"
    category = "examples"
    severity = "warning"
    summary = "An example or default value does not validate against its own schema"
    hint = "Make every example valid against the parameter's schema (type, enum, pattern, bounds, format)."
    sources = (
        "JSON Schema 2020-12 Validation, section 9.5 `examples`: values are expected to be valid against the "
        "associated schema; section 9.2 `default` likewise",
        "Anthropic docs, 'Tool use examples' (docs.anthropic.com/en/docs/agents-and-tools/tool-use/"
        "tool-use-examples, beta advanced-tool-use-2025-11-20): each input example must be valid against the "
        "tool's input_schema",
        "OpenAPI 3.1 Schema Object: `example` SHOULD match the schema",
    )
    node_kinds = ALL_KINDS
    node_keys = VALUE_KEYS
    options = {"max-per-value": 2}
    option_help = {"max-per-value": "problems reported per value (three times as many per input example)"}
    messages = {
        "invalid-value": "{keyword} {value} of {where} {reason}",
        "invalid-part": "{keyword} of {where}: {part} ({value}) {reason}",
        "input-example-not-object": "input_examples[{index}] is {value}, not an object of arguments",
        "invalid-input-example": "input_examples[{index}] {reason}",
        "invalid-input-argument": "input_examples[{index}]{part} ({value}) {reason}",
    }
    valid = [
        {"name": "list_orders", "description": "List orders.",
         "input_schema": {"type": "object", "properties": {
             "limit": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
             "since": {"type": "string", "format": "date", "examples": ["2024-03-15"]},
             "status": {"type": "string", "enum": ["open", "closed"], "example": "open"}}}},
        {"name": "get_weather", "description": "Weather for a city.",
         "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
         "input_examples": [{"city": "Paris"}]},
    ]
    invalid = [
        bad(tool("list_orders", "List orders.", params(limit=integer(minimum=1, maximum=100, example=500))),
            "invalid-value"),
        bad(tool("list_orders", "List orders.", params(since=string(format="date", example="03/15/2024"))),
            "invalid-value"),
        bad(tool("get_weather", "Weather for a city.", params(city=string(), days=integer()), required=["city"],
                 input_examples=[{"city": "Paris", "days": "3"}]), "invalid-input-argument"),
        bad(tool("get_weather", "Weather for a city.", params(city=string()), input_examples=["Paris"]),
            "input-example-not-object"),
        bad(tool("list_orders", "List orders.",
                 params(ids={"type": "array", "items": integer(), "examples": [[1, "2"]]})), "invalid-part"),
        bad(tool("tag", "Tag an item.", params(code=string(pattern="^[A-Z]{3}$", default="abc"))), "invalid-value"),
        bad({"name": "search", "description": "Search.",
             "parameters": {"type": "object", "properties": {"n": {"type": "number", "example_value": "five"}}}},
            "invalid-value"),
    ]

    def check_node(self, node, ctx):
        schema = node.schema
        # has_values, inline: most nodes have no value, and this runs on every node
        if not isinstance(schema, dict) or ("default" not in schema and "example" not in schema
                                            and "examples" not in schema and "example_value" not in schema):
            return
        tool = node.tool
        root = tool.input_schema
        for keyword, suffix, value in node_values(schema):
            if keyword == "default":
                if value is None or (isinstance(value, _SCALARS) and schema.keys().isdisjoint(_SCALAR_CHECKS)):
                    continue  # the usual default: nothing but its type and enum, which other rules check
                problems = value_problems(value, schema, root=root, fmt=tool.format, skip=frozenset({"type", "enum"}),
                                          null_ok=True)
            else:
                problems = value_problems(value, schema, root=root, fmt=tool.format)
            for sub_path, reason in problems[: self.opts["max-per-value"]]:
                data = {"keyword": keyword, "where": where(node), "reason": reason}
                if sub_path:
                    data.update(part=value_path_text("", sub_path).lstrip("."), value=show(_at(value, sub_path)))
                    ctx.report(node_at(node, suffix=suffix), "invalid-part", data)
                else:
                    ctx.report(node_at(node, suffix=suffix), "invalid-value", {**data, "value": show(value)})

    def check_tool(self, tool, ctx):
        schema = tool.input_schema
        if not tool.examples or not isinstance(schema, dict):
            return
        for index, example in enumerate(tool.examples):
            if not isinstance(example, dict):
                ctx.report(at(tool, pointer=input_example_pointer(tool, index)), "input-example-not-object",
                           {"index": index, "value": show(example)})
                continue
            problems = value_problems(example, schema, root=schema, fmt=tool.format)
            for sub_path, reason in problems[: self.opts["max-per-value"] * 3]:
                param = ".".join(str(t) for t in sub_path if isinstance(t, str)) or None
                where_found = at(tool, pointer=input_example_pointer(tool, index, sub_path), param=param)
                if sub_path:
                    ctx.report(where_found, "invalid-input-argument",
                               {"index": index, "part": value_path_text("", sub_path),
                                "value": show(_at(example, sub_path)), "reason": reason})
                else:
                    ctx.report(where_found, "invalid-input-example", {"index": index, "reason": reason})


def _at(value, path: tuple):
    for token in path:
        try:
            value = value[token]
        except (KeyError, IndexError, TypeError):
            return None
    return value


# --- default outside the enum ----------------------------------------------------------------------

class DefaultNotInEnum(Rule):
    """Finds a `default` that is not one of the parameter's `enum` values.

    Why: the enum tells the model the only values that work; the default tells
    it what happens when it sends nothing, and models often send the default
    explicitly. A default outside the enum is either a value the tool rejects or
    a hidden extra choice the model cannot learn from the enum.

    Example:
        {"type": "string", "enum": ["regular", "3d", "imax"], "default": "dontcare"}

    Use instead:
        {"type": "string", "enum": ["regular", "3d", "imax", "dontcare"], "default": "dontcare"}
        (or a default that is in the enum, or no default)
    """

    id = "default-not-in-enum"
    category = "examples"
    severity = "warning"
    summary = "The default is not one of the enum values"
    hint = "Use one of the enum values as the default, add the default to the enum, or drop the default."
    sources = (
        "JSON Schema 2020-12 Validation, section 9.2 `default`: the value SHOULD be valid against the "
        "associated schema (which includes its `enum`)",
        "OpenAI function-calling guide, best practices: use enums to constrain values the model may send",
    )
    fixable = "sometimes"
    node_kinds = ALL_KINDS
    node_keys = frozenset({"default"})
    options = {"report-null-default": False}
    option_help = {"report-null-default": "also report a null default outside the enum (true or false)"}
    messages = {
        "spelled-differently": "default {value} of {where} is not in its enum; the enum spells it {match}",
        "not-in-enum": "default {value} of {where} is not one of its enum values ({choices})",
    }
    identity_keys = {"not-in-enum": ("value", "where")}  # the enum listed is detail: the finding is the default
    valid = [
        {"name": "find_movies", "description": "Find movies.",
         "parameters": {"type": "object", "properties": {
             "show_type": {"type": "string", "enum": ["regular", "3d", "imax"], "default": "regular"},
             "genre": {"type": "string", "enum": ["drama", "comedy"], "default": None}}}},
    ]
    invalid = [
        bad(tool("find_movies", "Find movies.",
                 params(show_type=string(enum=["regular", "3d", "imax"], default="dontcare"))), "not-in-enum"),
        bad(tool("find_movies", "Find movies.",
                 params(show_type=string(enum=["regular", "3d", "imax"], default="IMAX"))), "spelled-differently",
            fixed=tool("find_movies", "Find movies.",
                       params(show_type=string(enum=["regular", "3d", "imax"], default="imax")))),
    ]

    def check_node(self, node, ctx):
        schema = node.schema
        if not isinstance(schema, dict) or "default" not in schema:
            return
        enum = _enum_of(node)
        if not enum:
            return
        value = schema["default"]
        if value is None and not self.opts["report-null-default"]:
            return
        types = declared_types(schema, node.tool.format)
        if types is not None and (not type_matches(value, types) or not all(type_matches(m, types) for m in enum)):
            return  # value-type-mismatch reports it
        if in_enum(value, enum):
            return
        match = _loose_match(value, enum)
        data = {"value": show(value), "where": where(node)}
        if match is not None:
            fix = Fix([Edit("set", node.path + ("default",), match)], f"default {show(value)} -> {show(match)}")
            ctx.report(node_at(node, suffix=("default",)), "spelled-differently", {**data, "match": show(match)},
                       fix=fix)
        else:
            choices = ", ".join(show(m, 20) for m in enum[:6]) + (", …" if len(enum) > 6 else "")
            ctx.report(node_at(node, suffix=("default",)), "not-in-enum", {**data, "choices": choices})


def _loose_match(value, enum: list):
    """The enum member a default means when it differs only in case or spacing."""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        return None
    key = str(value).strip().lower()
    matches = [m for m in enum if isinstance(m, (str, int, float)) and not isinstance(m, bool)
               and str(m).strip().lower() == key]
    return matches[0] if len(matches) == 1 else None


# --- required parameters with a default ------------------------------------------------------------

class RequiredParamHasDefault(Rule):
    """Finds required parameters that also declare a `default`.

    Why: the two contradict each other. `required` tells the model it must
    always send the parameter, so the default never applies, and the model
    often copies the default instead of deriving a value from the request. If
    the tool really has a fallback, the parameter is optional.

    Tools in OpenAI strict mode are not checked: strict mode makes every
    parameter required by design.

    Example:
        {"properties": {"units": {"type": "string", "default": "metric"}}, "required": ["units"]}

    Use instead:
        {"properties": {"units": {"type": "string", "default": "metric"}}, "required": []}
    """

    id = "required-param-has-default"
    category = "examples"
    severity = "warning"
    summary = "A required parameter has a default"
    hint = "Make the parameter optional (its default then applies), or drop the default."
    sources = (
        "JSON Schema 2020-12 Validation, section 9.2: `default` supplies a value when the instance has none, "
        "which a required property never lacks",
        "OpenAPI 3.1 Parameter Object / Schema Object: a default value is meaningful only for optional parameters "
        "(OpenAPI 3.0: 'default ... Unlike JSON Schema, the value MUST conform to the defined type'; "
        "Swagger 2.0: 'default has no meaning for required parameters')",
    )
    fixable = "sometimes"
    node_kinds = frozenset({"property"})
    node_keys = frozenset({"default"})
    messages = {"required-with-default": "{where} is required but has the default {default}: the model must always "
                                         "send it, so the default never applies"}
    valid = [
        {"name": "get_forecast", "description": "Forecast.",
         "input_schema": {"type": "object", "properties": {"city": {"type": "string"},
                                                           "units": {"type": "string", "default": "metric"}},
                          "required": ["city"]}},
        {"type": "function", "function": {
            "name": "get_forecast", "description": "Forecast.", "strict": True,
            "parameters": {"type": "object", "additionalProperties": False,
                           "properties": {"units": {"type": ["string", "null"], "default": "metric"}},
                           "required": ["units"]}}},
    ]
    invalid = [
        bad(tool("get_forecast", "Forecast.", params(units=string(default="metric")), required=["units"]),
            "required-with-default",
            fixed={"name": "get_forecast", "description": "Forecast.", "input_schema": {
                "type": "object", "properties": {"units": string(default="metric")}, "required": []}},
            unsafe=True),
    ]

    def check_node(self, node, ctx):
        schema = node.schema
        if not node.required or not isinstance(schema, dict) or "default" not in schema or schema["default"] is None:
            return
        tool = node.tool
        if tool.raw.get("strict") is True:
            return
        parent = node.parent
        required = parent.schema.get("required") if parent is not None and isinstance(parent.schema, dict) else None
        fix = None
        if isinstance(required, list):
            fix = Fix([Edit("set", parent.path + ("required",), [r for r in required if r != node.name])],
                      f"make '{node.name}' optional", unsafe=True)
        ctx.report(node_at(node, suffix=("default",)), "required-with-default",
                   {"where": where(node), "default": show(schema["default"])}, fix=fix)


# --- anchoring examples on tuning parameters -------------------------------------------------------

_TUNING_NAMES = {
    "limit", "count", "timeout", "temperature", "threshold", "offset", "k", "n", "topk", "topn", "topp",
    "pagesize", "perpage", "pagelimit", "batchsize", "maxretries", "retries", "numbeams", "size", "rows",
    "maxwait", "resultsperpage", "itemsperpage", "numresults", "nresults", "maxresults", "maxcount",
}
_TUNING_PATTERN = lazy_re(
    r"^(?:(?:max|min|num|n|numberof|total)(?:results|items|records|rows|hits|entries|matches|tokens|documents|docs"
    r"|pages|chunks|candidates|samples|neighbors|neighbours)"
    r"|(?:result|results|search|query|response|page|fetch|request|read|connect)(?:limit|size|count|timeout)"
    r"|timeout(?:ms|s|sec|secs|seconds|millis|milliseconds)?|(?:similarity|score|confidence)threshold)$"
)


def is_tuning_name(name) -> bool:
    if not isinstance(name, str):
        return False
    key = "".join(name_tokens(name))
    return key in _TUNING_NAMES or bool(_TUNING_PATTERN.match(key))


# page sizes split the results into calls without choosing which come back: any value in range works
_PAGE_SIZES = {"pagesize", "perpage", "pagelimit", "batchsize", "resultsperpage", "itemsperpage", "pagelen",
               "pagelength"}


def anchors(name) -> bool:
    """A tuning parameter whose value should follow from the request (a limit, a count, a timeout), not a
    page size."""
    return is_tuning_name(name) and "".join(name_tokens(name)) not in _PAGE_SIZES


def _numeric(value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    if isinstance(value, str):
        try:
            float(value.strip())
        except ValueError:
            return False
        return bool(value.strip())
    return False


class AnchoringExample(Rule):
    """Finds examples on tuning parameters (limit, page size, count, timeout,
    top_k, max_results, temperature, threshold...).

    Why: these values should follow from the request ("the last three orders",
    "everything from today"), but a model shown `"example": 10` sends 10 on
    nearly every call: the example anchors it. Anthropic's input_examples that
    always set the same value teach the same habit. The default is not
    reported: it says what happens when the model sends nothing.

    Example:
        "limit": {"type": "integer", "description": "Max results.", "example": 10}

    Use instead:
        "limit": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20,
                  "description": "How many results to return; pick from the request."}

    Page sizes (`page_size`, `per_page`, `batch_size`) are left out: they split results into calls
    without choosing which come back, so a model anchored to one still gets what was asked for.
    """

    id = "anchoring-example"
    category = "examples"
    severity = "info"
    summary = "An example on a tuning parameter (limit, count, timeout...) anchors the model to that value"
    hint = "Remove the example; give the range and the default instead, so the model picks a value per request."
    sources = (
        "Tversky & Kahneman, 'Judgment under Uncertainty: Heuristics and Biases' (Science, 1974): anchoring; "
        "Lou & Sun, 'Anchoring Bias in Large Language Models: An Experimental Study' (arXiv:2412.06593, 2024): "
        "LLM estimates shift toward numbers shown in the prompt",
        "Anthropic engineering, 'Introducing advanced tool use on the Claude Developer Platform' (2025), "
        "tool use examples: use realistic data and show variety (minimal, partial and full calls)",
    )
    fixable = "sometimes"
    node_kinds = frozenset({"property"})
    node_keys = frozenset({"example", "examples", "example_value"})
    messages = {
        "anchoring": "{keyword} {value} on tuning {where} anchors the model: it tends to send {value} on every call "
                     "instead of sizing it to the request",
        "same-in-input-examples": "tuning parameter '{name}' is {value} in {times}; the model will copy that value "
                                  "instead of sizing it to the request",
    }
    # `times` counts the input examples: detail that changes when one is added
    identity_keys = {"same-in-input-examples": ("name", "value")}
    valid = [
        {"name": "list_orders", "description": "List orders.",
         "input_schema": {"type": "object", "properties": {
             "limit": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
             "status": {"type": "string", "example": "open"}}}},
        # a page size (ToolBench newssearch_for_web_search): the model pages through whatever it sends
        {"name": "news_search", "description": "Get news articles for a query.", "parameters": {
            "type": "object", "properties": {"q": {"type": "string"}, "pagesize": {
                "type": "integer", "description": "The number of items per page. The maximum value is 50.",
                "example_value": "10"}}}},
        {"name": "search", "description": "Search.",
         "input_schema": {"type": "object", "properties": {"query": {"type": "string"}, "limit": {"type": "integer"}}},
         "input_examples": [{"query": "red shoes", "limit": 5}, {"query": "all invoices from May", "limit": 50}]},
    ]
    invalid = [
        bad(tool("list_orders", "List orders.", params(limit=integer(example=10))), "anchoring",
            fixed=tool("list_orders", "List orders.", params(limit=integer())), unsafe=True),
        bad(tool("search", "Search.", params(query=string(), top_k=integer()),
                 input_examples=[{"query": "red shoes", "top_k": 5}, {"query": "invoices", "top_k": 5}]),
            "same-in-input-examples"),
        bad({"name": "fetch", "description": "Fetch a page.", "parameters": {
            "type": "object", "properties": {"timeout_ms": {"type": "string", "example_value": "3000"}}}},
            "anchoring"),
    ]

    def check_node(self, node, ctx):
        schema = node.schema
        if not isinstance(schema, dict) or node.kind != "property" or not has_values(schema, with_default=False) \
                or not anchors(node.name):
            return
        for keyword, suffix, value in node_examples(schema):
            if _numeric(value):
                ctx.report(node_at(node, suffix=suffix), "anchoring",
                           {"keyword": keyword, "value": show(value), "where": where(node)},
                           fix=_remove_value_fix(node, keyword, suffix, "anchoring example"))

    def check_tool(self, tool, ctx):
        if not tool.examples:
            return
        values: dict[str, list] = {}
        first_index: dict[str, int] = {}
        for index, example in enumerate(tool.examples):
            if not isinstance(example, dict):
                continue
            for key, value in example.items():
                if anchors(key) and _numeric(value):
                    values.setdefault(key, []).append(value)
                    first_index.setdefault(key, index)
        for key, seen in values.items():
            if all(json_equal(v, seen[0]) for v in seen):
                times = "the only input example" if len(seen) == 1 else f"all {len(seen)} input examples"
                # no fix: varied values would have to be invented
                ctx.report(at(tool, pointer=input_example_pointer(tool, first_index[key], (key,)), param=key),
                           "same-in-input-examples", {"name": key, "value": show(seen[0]), "times": times})


# --- concrete identifiers ---------------------------------------------------------------------------

_ID_TAILS = {"id", "ids", "uuid", "guid", "uid", "sku", "isbn", "asin", "username", "handle"}
_ID_QUALIFIERS = ("order", "tracking", "account", "invoice", "confirmation", "booking", "reservation", "policy",
                  "serial", "customer", "ticket", "case", "transaction", "shipment", "member", "reference", "record",
                  "parcel", "package", "waybill", "pnr")
_ID_NOUNS = ("user", "order", "account", "customer", "item", "product", "device", "session", "project", "org",
             "team", "channel", "message", "file", "doc", "document", "page", "post", "comment", "group", "tenant",
             "workspace", "repo", "issue", "ticket", "invoice", "transaction", "event", "playlist", "track", "video",
             "movie", "store", "company", "employee", "patient", "student", "vehicle", "robot", "sensor", "asset")
_ID_COMPOUNDS = {q + tail for q in _ID_QUALIFIERS for tail in ("number", "no", "num", "code", "ref")} | \
                {noun + "id" for noun in _ID_NOUNS} | {"screenname", "username"}
_ID_KEYWORDS = {"me", "@me", "self", "current", "default", "primary", "all", "any", "latest", "none", "null", "auto",
                "new", "root", "main", "master", "home", "inbox", "public", "private", "global", "mine", "dontcare",
                "*", "0", "-1", "true", "false", "anonymous", "guest", "unknown", "everyone"}


def is_identifier_name(name) -> bool:
    tokens = name_tokens(name) if isinstance(name, str) else []
    if not tokens:
        return False
    if tokens[-1] in _ID_TAILS or "".join(tokens) in _ID_COMPOUNDS:
        return True
    return len(tokens) >= 2 and tokens[-2] in _ID_QUALIFIERS and tokens[-1] in ("number", "no", "num", "code", "ref")


def concrete_identifier(value, opaque_only: bool = False) -> bool:
    """A value that names one real record. `opaque_only`: only ids with digits (defaults such as
    "postgres" or "anonymous" are conventional values, not copied records)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return value > 0
    if not isinstance(value, str):
        return False
    text = value.strip()
    lowered = text.lower()
    if not text or len(text) > 100 or any(ch.isspace() for ch in text) or lowered in _ID_KEYWORDS \
            or "default" in lowered or is_placeholder(text):
        return False
    return not opaque_only or any(ch.isdigit() for ch in text)


class CopyableIdentifierExample(Rule):
    """Finds concrete identifiers in examples and defaults of identifier
    parameters (`user_id: "12345"`, `order_number: "RB413450335SG"`,
    `username: "john_doe"`).

    Why: when the user has not given an identifier, a model fills the gap with
    the one in front of it. A concrete example id becomes a real call against
    someone else's record, or a not-found error the model then misreports. A
    default id is worse: the model may omit the parameter and the call runs
    against that record silently.

    Example:
        "user_id": {"type": "string", "example": "12345"}

    Use instead:
        "user_id": {"type": "string", "description": "The user's id (from find_user), e.g. usr_…"}
        (describe the format and where the id comes from; do not give a real one)

    Silent when the value is one the schema lists as a choice (an enum, a const, or the consts of anyOf /
    oneOf branches): a closed set of labelled ids is a menu, not a record to copy.
    """

    id = "copyable-identifier-example"
    category = "examples"
    severity = "warning"
    summary = "An identifier parameter shows a concrete id the model may copy verbatim"
    hint = "Describe the id's format and where to get it instead of giving a concrete one; drop id defaults."
    sources = (
        "OpenAI function-calling guide, best practices: don't make the model fill arguments you already know "
        "(e.g. an order_id): pass them in code",
        "Anthropic engineering, 'Writing effective tools for agents' (2025): opaque alphanumeric identifiers "
        "invite hallucinated arguments; resolve them to meaningful values",
    )
    fixable = "sometimes"
    node_kinds = VALUE_KINDS
    node_keys = VALUE_KEYS
    messages = {
        "concrete-id": "{keyword} of identifier {where} is the concrete id {value}; a model without the real id "
                       "will copy it",
        "concrete-id-in-input-example": "input_examples[{index}] gives '{name}' the concrete id {value}; a model "
                                        "without the real id will copy it",
    }
    valid = [
        {"name": "get_user", "description": "Get a user.",
         "input_schema": {"type": "object", "properties": {
             "user_id": {"type": "string", "description": "Id from find_user (usr_ followed by 8 letters)."},
             "calendar_id": {"type": "string", "default": "primary"}}}},
        # the default is one of the labelled choices (LiveMCPBench, get-juejin-article-rank)
        {"name": "get_article_rank", "description": "Get the article ranking of a category.",
         "inputSchema": {"type": "object", "properties": {"category_id": {
             "anyOf": [{"type": "string", "const": "6809637769959178254", "description": "Backend"},
                       {"type": "string", "const": "6809637767543259144", "description": "Frontend"}],
             "default": "6809637769959178254"}}}},
    ]
    invalid = [
        bad(tool("get_user", "Get a user.", params(user_id=string(example="12345"))), "concrete-id",
            fixed=tool("get_user", "Get a user.", params(user_id=string())), unsafe=True),
        bad({"name": "track", "description": "Track a parcel.", "parameters": {
            "type": "object", "properties": {"trackingNumber": {"type": "string", "example_value": "RB413450335SG"}}}},
            "concrete-id"),
        bad(tool("get_order", "Get an order.", params(order_id=integer(default=1001))), "concrete-id"),
        bad(tool("get_user", "Get a user.", params(user_id=string()), input_examples=[{"user_id": "u_839201"}]),
            "concrete-id-in-input-example"),
    ]

    def check_node(self, node, ctx):
        schema = node.schema
        # has_values, inline: most nodes have no value, and this runs on every node
        if not isinstance(schema, dict) or ("default" not in schema and "example" not in schema
                                            and "examples" not in schema and "example_value" not in schema):
            return
        name = property_name(node)
        if not is_identifier_name(name):
            return
        enum = _listed_values(node)
        for keyword, suffix, value in node_values(schema):
            for sub_path, key, leaf in iter_leaves(value):
                if (key is None or key == name) and concrete_identifier(leaf, opaque_only=keyword == "default") \
                        and not (enum and in_enum(leaf, enum)):
                    ctx.report(node_at(node, suffix=suffix), "concrete-id",
                               {"keyword": keyword, "where": where(node), "value": show(leaf)},
                               fix=None if sub_path else _remove_value_fix(node, keyword, suffix, "concrete id"))
                    break

    def check_tool(self, tool, ctx):
        for index, path, key, value in input_example_leaves(tool):
            if is_identifier_name(key) and concrete_identifier(value):
                ctx.report(at(tool, pointer=input_example_pointer(tool, index, path), param=key),
                           "concrete-id-in-input-example", {"index": index, "name": key, "value": show(value)})


# --- placeholders -----------------------------------------------------------------------------------

_PLACEHOLDER_WORDS = {
    "string", "str", "foo", "bar", "baz", "qux", "quux", "foobar", "foo bar", "example",
    "placeholder", "todo", "tbd", "fixme", "some value", "your value", "dummy", "lorem ipsum", "asdf",
    "...", "…", "changeme", "change me", "change_me", "replace_me", "replaceme", "insert here", "n/a",
    "<value>", "string value", "example value", "sample value", "sample text", "example text", "some text",
    "your text here", "text here", "enter text",
}
_NULL_STRINGS = {"None", "null", "NULL", "undefined", "nil"}
_PLACEHOLDER_PATTERNS = lazy_re(
    r"^(?:[xX]{3,}|[xX*#]{2,}(?:[-_ ./][xX*#]{2,})+"  # xxx, XXXX-XXXX
    r"|<[^<>]{1,60}>|\{\{?[A-Za-z_ -]{1,60}\}\}?|\$\{[^}]{1,60}\}|\[[A-Za-z _-]{2,60}\]"  # <your-key>, {name}
    r"|0{2,}(?:[-_ .:]0{2,})+|0{6,}"  # 0000-0000-0000
    r"|lorem ipsum.*)$", re.IGNORECASE | re.DOTALL)
_YOUR = lazy_re(r"(?i)^(?:your|my)[ _-]?[a-z_ -]{0,40}(?:key|token|secret|password|id|name|email|here|value|url)$")
_EMBEDDED_MARKERS = lazy_re(r"(?i)x{4,}|your[_-]?(?:api[_-]?)?(?:key|token|secret)|<your|\{your|_here\b|"
                               r"\binsert[_ -]|\bplaceholder\b")
_HERE_TAIL = {"here"}
_PREFIX_WORDS = {"enter", "insert", "replace", "put"}


def is_placeholder(text: str) -> bool:
    stripped = text.strip()
    if not stripped:
        return False
    if stripped.lower() in _PLACEHOLDER_WORDS or _PLACEHOLDER_PATTERNS.match(stripped) or _YOUR.match(stripped):
        return True
    if not any(ch.isspace() for ch in stripped):
        tokens = name_tokens(stripped)
        if len(tokens) >= 2 and (tokens[-1] in _HERE_TAIL or tokens[0] in _PREFIX_WORDS):
            return True
    return bool(_EMBEDDED_MARKERS.search(stripped)) and len(stripped) < 80


_UNLISTED = object()


class PlaceholderExample(Rule):
    """Finds placeholder values used as examples or defaults: `"string"`,
    `"foo"`, `"example"`, `"xxx"`, `"<your-api-key>"`, `"ReferenceNumberHere"`,
    or the string `"None"` / `"null"` standing in for no value.

    Why: a placeholder carries no information about the parameter and the model
    may send it literally: searches for "string", a key of "<your-api-key>", a
    field set to the text "None". Values listed in the parameter's enum are
    not reported.

    Example:
        "query": {"type": "string", "example": "string"}
        "api_key": {"type": "string", "default": "<your-api-key>"}

    Use instead:
        "query": {"type": "string", "example": "noise-cancelling headphones under $200"}
        (and keep credentials out of tool parameters: pass them in code)
    """

    id = "placeholder-example"
    category = "examples"
    severity = "warning"
    summary = "An example or default is a placeholder (\"string\", \"foo\", \"xxx\", \"<your-key>\")"
    hint = "Replace the placeholder with a realistic value for this parameter, or remove it."
    sources = (
        "Anthropic engineering, 'Introducing advanced tool use on the Claude Developer Platform' (2025), "
        "tool use examples: use realistic data, not placeholder values like \"string\" or \"value\"",
        "RFC 2606 / RFC 6761: reserved names (example.com, .test) exist so that examples need no placeholders",
    )
    fixable = "sometimes"
    node_kinds = VALUE_KINDS
    node_keys = VALUE_KEYS
    messages = {
        "placeholder": "{keyword} of {where} is the placeholder {value}",
        "null-string": "{keyword} of {where} is the string {value}, a stand-in for no value that the model may send "
                       "as text",
        "placeholder-in-input-example": "input_examples[{index}] gives '{name}' the placeholder {value}",
    }
    valid = [
        {"name": "search", "description": "Search products.",
         "input_schema": {"type": "object", "properties": {
             "query": {"type": "string", "example": "noise-cancelling headphones"},
             "format": {"type": "string", "enum": ["text", "json"], "default": "text"},
             "compression": {"type": "string", "default": "none"}}}},
    ]
    invalid = [
        bad(tool("search", "Search products.", params(query=string(example="string"))), "placeholder",
            fixed=tool("search", "Search products.", params(query=string())), unsafe=True),
        bad(tool("call_api", "Call the API.", params(api_key=string(default="<your-api-key>"))), "placeholder"),
        bad({"name": "track", "description": "Track a parcel.", "parameters": {
            "type": "object", "properties": {"reference": {"type": "string", "example_value": "ReferenceNumberHere"}}}},
            "placeholder"),
        bad({"name": "fetch", "description": "Fetch.",
             "parameters": {"type": "object", "properties": {"auth": {"type": "string", "default": "None"}}}},
            "null-string"),
        bad(tool("search", "Search.", params(q=string()), input_examples=[{"q": "foo"}]),
            "placeholder-in-input-example"),
    ]

    def check_node(self, node, ctx):
        schema = node.schema
        # has_values, inline: most nodes have no value, and this runs on every node
        if not isinstance(schema, dict) or ("default" not in schema and "example" not in schema
                                            and "examples" not in schema and "example_value" not in schema):
            return
        enum = _UNLISTED
        for keyword, suffix, value in node_values(schema):
            if isinstance(value, str):
                leaves: tuple | object = (((), None, value),)  # what iter_leaves yields for a scalar
            elif isinstance(value, (dict, list)):
                leaves = iter_leaves(value)
            else:
                continue  # a number, a boolean or null
            for sub_path, _, leaf in leaves:
                if not isinstance(leaf, str):
                    continue
                if leaf in _NULL_STRINGS:
                    types = declared_types(schema, node.tool.format)
                    if types is not None and "string" not in types:
                        continue  # a non-string type: value-type-mismatch reports it
                    message = "null-string"
                elif is_placeholder(leaf):
                    message = "placeholder"
                else:
                    continue
                if enum is _UNLISTED:
                    enum = _listed_values(node)
                if enum and in_enum(leaf, enum):
                    continue
                fix = None if sub_path else _remove_value_fix(node, keyword, suffix, "placeholder")
                ctx.report(node_at(node, suffix=suffix), message,
                           {"keyword": keyword, "where": where(node), "value": show(leaf)}, fix=fix)
                break

    def check_tool(self, tool, ctx):
        for index, path, key, value in input_example_leaves(tool):
            if isinstance(value, str) and is_placeholder(value):
                ctx.report(at(tool, pointer=input_example_pointer(tool, index, path),
                              param=key if isinstance(key, str) else None),
                           "placeholder-in-input-example", {"index": index, "name": key, "value": show(value)})


# --- secrets and personal data ----------------------------------------------------------------------

_SECRET_PATTERNS = [
    ("an OpenAI API key", lazy_re(r"\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}")),
    ("an Anthropic API key", lazy_re(r"\bsk-ant-[A-Za-z0-9_-]{20,}")),
    ("a Stripe secret key", lazy_re(r"\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}")),
    ("a GitHub token", lazy_re(r"\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})")),
    ("a Slack token", lazy_re(r"\bxox[abposr]-[A-Za-z0-9-]{10,}")),
    ("an AWS access key id", lazy_re(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("a Google API key", lazy_re(r"\bAIza[0-9A-Za-z_-]{35}")),
    ("a GitLab token", lazy_re(r"\bglpat-[A-Za-z0-9_-]{20,}")),
    ("a Hugging Face token", lazy_re(r"\bhf_[A-Za-z0-9]{30,}")),
    ("a JSON Web Token", lazy_re(r"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}")),
    ("a private key", lazy_re(r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----")),
    ("a Slack webhook URL", lazy_re(r"hooks\.slack\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]+")),
]
PASSWORD_KIND = "a hard-coded password"
_SECRET_NAME_TAILS = {"key", "token", "secret", "password", "passwd", "pwd", "apikey", "credential", "credentials"}
_PASSWORD_TAILS = {"password", "passwd", "pwd", "passphrase", "passcode"}
_HIGH_ENTROPY = lazy_re(r"^[A-Za-z0-9_\-+/=.]{20,}$")
# a quick screen: every secret pattern contains one of these
_SECRET_SCREEN = lazy_re(
    r"sk-|[rs]k_|gh[pousr]_|github_pat|xox|AKIA|ASIA|AIza|glpat|hf_|eyJ|PRIVATE KEY|hooks\.slack")


def secret_kind(text: str, name=None):
    """What kind of credential a string looks like, or None."""
    if len(text) < 6:
        return None
    kind = _credential_kind(text, name)
    return None if kind is None or is_placeholder(text) else kind  # the placeholder test only when needed


def _credential_kind(text: str, name):
    if len(text) >= 16 and _SECRET_SCREEN.search(text):
        for kind, pattern in _SECRET_PATTERNS:
            match = pattern.search(text)
            if match and not _looks_fake(match.group(0)):
                return kind
    tokens = name_tokens(name) if isinstance(name, str) else []
    if tokens and tokens[-1] in _PASSWORD_TAILS and not any(ch.isspace() for ch in text):
        return f"{PASSWORD_KIND} (parameter '{name}')"
    if tokens and (tokens[-1] in _SECRET_NAME_TAILS or "".join(tokens[-2:]) in ("apikey", "accesstoken")) \
            and _HIGH_ENTROPY.match(text) and _mixed(text) and not _looks_fake(text):
        return f"a credential (parameter '{name}')"
    return None


def _mixed(text: str) -> bool:
    return any(c.isdigit() for c in text) and any(c.isalpha() for c in text) and len(set(text)) >= 10


_KEY_PREFIX = lazy_re(r"^[A-Za-z]+[-_]")
_FAKE_MARKERS = lazy_re(r"(?i)x{4,}|0{8,}|1234567890|abcdef(?:ghij)?$|example|your")
_NON_DIGITS = lazy_re(r"\D")
_US_PHONE = lazy_re(r"\d{3}[-. ]\d{3}[-. ]\d{4}")


def _looks_fake(text: str) -> bool:
    body = _KEY_PREFIX.sub("", text)
    return len(set(body.lower())) <= 3 or bool(_FAKE_MARKERS.search(text))


_EMAIL = lazy_re(r"[A-Za-z0-9._%+-]+@((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})")
_RESERVED_DOMAINS = ("example.com", "example.net", "example.org", "example.edu")
_RESERVED_TLDS = ("example", "test", "invalid", "localhost", "local", "internal")
_PHONE = lazy_re(r"(?<![\w.+-])(?:\+|\(\d)?[\d().\s-]{8,22}\d(?![\w.])")
_DATE_LIKE = lazy_re(r"\d{4}-\d{2}-\d{2}")
_PHONE_NAMES = {"phone", "mobile", "tel", "telephone", "msisdn", "whatsapp", "cell", "fax", "sms"}


def _reserved_domain(domain: str) -> bool:
    domain = domain.lower()
    return any(domain == d or domain.endswith("." + d) for d in _RESERVED_DOMAINS) or \
        domain.rsplit(".", 1)[-1] in _RESERVED_TLDS


def pii_kind(text: str, name=None):
    """('an email address' | 'a phone number', matched text) for personal data that looks real, or None."""
    if "@" in text:
        for match in _EMAIL.finditer(text):
            if not _reserved_domain(match.group(1)) and not is_placeholder(match.group(0)):
                return "an email address", match.group(0)
    if not has_digit(text):
        return None  # no phone number either
    phone_named = None
    for match in _PHONE.finditer(text):
        candidate = match.group(0)
        digits = _NON_DIGITS.sub("", candidate)
        if not 10 <= len(digits) <= 15 or len(set(digits)) <= 2:
            continue
        if phone_named is None:
            tokens = set(name_tokens(name)) if isinstance(name, str) else set()
            phone_named = bool(tokens & _PHONE_NAMES) or any(t.endswith("phone") for t in tokens)
        candidate = candidate.strip()
        formatted = candidate.startswith("+") or candidate.startswith("(") or bool(
            _US_PHONE.fullmatch(candidate))
        if not (phone_named or formatted) or _fictional_phone(digits) or _DATE_LIKE.match(candidate):
            continue
        return "a phone number", candidate
    return None


def _fictional_phone(digits: str) -> bool:
    """North American 555-0100 to 555-0199 are reserved for fiction; 1234567890-like runs are not real."""
    local = digits[-10:]
    return (local[3:6] == "555" and local[6:8] == "01") or local in ("1234567890", "0123456789", "9876543210")


def redact(text: str) -> str:
    return text[:6] + "…" if len(text) > 8 else text[:2] + "…"


_UNNAMED = object()


def _scan_strings(node, ctx, finder, message: str, data_of, fixable: bool, severity_of=lambda found: None):
    """Report the first string in each example value or default that `finder` flags, as `message` with the data
    `data_of(found)` adds to the keyword and place, at `severity_of(found)` (None: the rule's)."""
    schema = node.schema
    if not isinstance(schema, dict) or not has_values(schema):
        return
    name = _UNNAMED
    for keyword, suffix, value in node_values(schema):
        if isinstance(value, str):
            leaves: tuple | object = (((), None, value),)  # what iter_leaves yields for a scalar
        elif isinstance(value, (dict, list)):
            leaves = iter_leaves(value)
        else:
            continue  # a number, a boolean or null: no string to scan
        for sub_path, key, leaf in leaves:
            if isinstance(leaf, str):
                if key is None and name is _UNNAMED:
                    name = property_name(node)
                found = finder(leaf, key if key is not None else name)
                if found:
                    fix = _remove_value_fix(node, keyword, suffix, "value") if fixable and not sub_path else None
                    ctx.report(node_at(node, suffix=suffix), message,
                               {"keyword": keyword, "where": where(node), **data_of(found)}, fix=fix,
                               severity=severity_of(found))
                    break


class SecretInExample(Rule):
    """Finds real-looking credentials in examples and defaults: API keys and
    tokens by their known prefixes (`sk-`, `sk_live_`, `ghp_`, `github_pat_`,
    `xoxb-`, `AKIA`, `AIza`, `glpat-`, `hf_`), JSON Web Tokens, private keys,
    Slack webhooks, and long random strings on key/token/secret/password
    parameters.

    Why: a tool schema is sent with every request and copied into logs, traces
    and prompt caches; a live key in it is leaked. The model may also send it
    as the credential for the user's request. Obviously fake values
    (`sk-xxxx…`, `your-api-key`) are placeholders, reported by
    `placeholder-example` instead. A value on a password parameter that has no
    credential's form ("postgres", "defaultP@ssw0rd") is a warning, not an
    error: it reads as a demo or well-known default, yet the model will send
    it for every account it touches.

    Example:
        "api_key": {"type": "string", "example": "sk-proj-4f9Qx…"}

    Use instead:
        Keep credentials out of tool parameters (inject them in code); if a parameter must exist, describe it
        without a value.
    """

    id = "secret-in-example"
    fixable = "sometimes"
    messages = {
        "secret": "{keyword} of {where} contains what looks like {kind}; a schema is sent with every request and "
                  "leaks it",
        "secret-in-input-example": "input_examples[{index}] gives '{name}' what looks like {kind} ({redacted})",
    }
    category = "examples"
    severity = "error"
    summary = "An example or default contains a real-looking API key, token or private key"
    hint = "Remove the credential (and rotate it if it was real); pass credentials in code, not through the model."
    sources = (
        "OWASP Top 10 for LLM Applications 2025, LLM02: Sensitive Information Disclosure, and LLM07: System "
        "Prompt Leakage (credentials in prompts)",
        "GitHub secret scanning, supported secret patterns (docs.github.com): token prefixes ghp_, github_pat_, "
        "xoxb-, AKIA, sk_live_, AIza, glpat-",
    )
    node_kinds = VALUE_KINDS
    node_keys = VALUE_KEYS
    valid = [
        {"name": "call_api", "description": "Call the API.",
         "input_schema": {"type": "object", "properties": {
             "model": {"type": "string", "example": "gpt-4o-mini"},
             "sku": {"type": "string", "example": "sk-100-blue"}}}},
    ]
    invalid = [
        bad(tool("call_api", "Call the API.",
                 params(api_key=string(example="sk-proj-4f9QxT7bLm2Rz8WcVn3KpYd6HsJ1aE0u"))), "secret",
            fixed=tool("call_api", "Call the API.", params(api_key=string())), unsafe=True),
        bad({"name": "post_message", "description": "Post to Slack.", "parameters": {"type": "object", "properties": {
            "token": {"type": "string", "default": "xoxb-2048573921-8839201934-Zk2mQ8vT4wLp"}}}}, "secret"),
        bad(tool("s3_upload", "Upload.", params(key_id=string()), input_examples=[{"key_id": "AKIAQ3EGRT7KX2MZ4WPN"}]),
            "secret-in-input-example",
            fixed=tool("s3_upload", "Upload.", params(key_id=string()), input_examples=[]), unsafe=True),
        bad({"name": "create_user", "description": "Create a user.", "parameters": {"type": "object", "properties": {
            "password": {"type": "string", "default": "defaultP@ssw0rd"}}}}, "secret"),
    ]

    def check_node(self, node, ctx):
        schema = node.schema
        if not isinstance(schema, dict) or ("default" not in schema and "example" not in schema
                                            and "examples" not in schema and "example_value" not in schema):
            return  # has_values, inline: this runs on every node
        _scan_strings(node, ctx, secret_kind, "secret", lambda kind: {"kind": kind}, fixable=True,
                      severity_of=_secret_severity)

    def check_tool(self, tool, ctx):
        for index, path, key, value in input_example_leaves(tool):
            if isinstance(value, str):
                kind = secret_kind(value, key)
                if kind:
                    ctx.report(at(tool, pointer=input_example_pointer(tool, index, path),
                                  param=key if isinstance(key, str) else None),
                               "secret-in-input-example",
                               {"index": index, "name": key, "kind": kind, "redacted": redact(value)},
                               fix=_drop_input_example(tool, index), severity=_secret_severity(kind))


def _secret_severity(kind: str) -> str | None:
    """A password known only by its parameter's name ("postgres", "defaultP@ssw0rd") is a demo or well-known
    default rather than a recognisable live credential: a warning (the model will send it), not an error."""
    return "warning" if kind.startswith(PASSWORD_KIND) else None


class PiiInExample(Rule):
    """Finds real-looking personal data in examples and defaults: email
    addresses outside the reserved example domains (example.com, .example,
    .test, .invalid) and phone numbers.

    Why: the model copies example contacts into real actions (an email sent to
    the example address, an SMS to the example number), and personal data in a
    schema is disclosed to every model call and log. RFC 2606 reserves domains
    for documentation precisely so examples cannot reach a real person;
    555-0100 to 555-0199 are reserved for fictional North American numbers.

    Example:
        "to": {"type": "string", "format": "email", "example": "maria.lopez@gmail.com"}

    Use instead:
        "to": {"type": "string", "format": "email", "example": "maria.lopez@example.com"}
    """

    id = "pii-in-example"
    category = "examples"
    severity = "warning"
    summary = "An example or default contains a real-looking email address or phone number"
    hint = "Use reserved example data: name@example.com, +1-202-555-0143."
    sources = (
        "RFC 2606, Reserved Top Level DNS Names: example.com/.net/.org and the .example, .test, .invalid TLDs are "
        "for documentation",
        "OWASP Top 10 for LLM Applications 2025, LLM02: Sensitive Information Disclosure",
        "NANPA: 555-0100 through 555-0199 are reserved for fictional use",
    )
    node_kinds = VALUE_KINDS
    node_keys = VALUE_KEYS
    messages = {
        "personal-data": "{keyword} of {where} contains what looks like {kind} ({text}); use reserved example data",
        "personal-data-in-input-example": "input_examples[{index}] gives '{name}' what looks like {kind} ({text})",
    }
    valid = [
        {"name": "send_email", "description": "Send an email.",
         "input_schema": {"type": "object", "properties": {
             "to": {"type": "string", "format": "email", "example": "maria.lopez@example.com"},
             "phone": {"type": "string", "example": "+1-202-555-0143"},
             "order_date": {"type": "string", "example": "2024-03-15"}}}},
    ]
    invalid = [
        bad(tool("send_email", "Send an email.", params(to=string(format="email", example="maria.lopez@gmail.com"))),
            "personal-data"),
        bad({"name": "send_sms", "description": "Send an SMS.", "parameters": {"type": "object", "properties": {
            "phone_number": {"type": "string", "default": "+44 7911 123456"}}}}, "personal-data"),
        bad(tool("send_email", "Send an email.", params(to=string()), input_examples=[{"to": "j.smith@acme-corp.com"}]),
            "personal-data-in-input-example"),
    ]

    def check_node(self, node, ctx):
        schema = node.schema
        if not isinstance(schema, dict) or ("default" not in schema and "example" not in schema
                                            and "examples" not in schema and "example_value" not in schema):
            return  # has_values, inline: this runs on every node
        _scan_strings(node, ctx, pii_kind, "personal-data", lambda found: {"kind": found[0], "text": found[1]},
                      fixable=False)

    def check_tool(self, tool, ctx):
        for index, path, key, value in input_example_leaves(tool):
            if isinstance(value, str):
                found = pii_kind(value, key)
                if found:
                    ctx.report(at(tool, pointer=input_example_pointer(tool, index, path),
                                  param=key if isinstance(key, str) else None),
                               "personal-data-in-input-example",
                               {"index": index, "name": key, "kind": found[0], "text": found[1]})
