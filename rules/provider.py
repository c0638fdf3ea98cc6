"""provider: what OpenAI, Anthropic, Gemini and MCP clients reject or silently change.

Which providers are checked: the ones given with `--provider` (or `provider = [...]` in the
configuration; `all` means every one). Without any, a tool is checked against the limits every
provider shares, and against the provider its own format is written for (an OpenAI-format tool
against OpenAI, in strict mode when it declares `"strict": true`). The limits and their sources
live in `schemalint/providers.py` (core code uses them too: the compatibility matrix).
"""
from __future__ import annotations

from dataclasses import replace

from schemalint.engine.location import at
from schemalint.engine.rule import Rule, bad
from schemalint.providers import (
    ALL, ANTHROPIC_MAX_OPTIONAL, ANTHROPIC_MAX_STRICT_TOOLS, ANTHROPIC_MAX_UNIONS, GEMINI_MAX_TOOLS,
    GEMINI_SCHEMA_SUBSET, ISSUE_KINDS, MCP_SCHEMA_DIALECT, OPENAI_MAX_TOOLS, OWN_PROVIDER, PROVIDER_DESCRIPTION_LENGTH,
    PROVIDER_INPUT_SCHEMA, PROVIDER_TOOL_NAME, PROVIDERS, SRC, STRICT_ADDITIONAL_PROPERTIES, STRICT_ALL_REQUIRED,
    STRICT_SIZE_LIMITS, STRICT_UNSUPPORTED_KEYWORD, UnknownProvider, anthropic_strict_load, declared_strict,
    expand_providers, issues_by_rule, param_of,
)

from ._exposure import SCOPES, catalog_views, deferred


def target_providers(ctx) -> list[str]:
    try:
        return expand_providers(ctx.settings.get("providers"))
    except UnknownProvider:
        return []  # the command line refuses unknown providers before linting starts


def _issues_by_rule(tool, ctx) -> dict:
    """The provider analysis of `tool` by rule id, made once per tool and shared by the provider rules. The rules
    of one tool run one after another: the last tool's answer is kept at hand, so most calls cost one comparison.
    Every tool's analysis is kept for the run (in `provider_issues`) only when a compatibility matrix is asked
    for (`--provider`), which reads it after the lint."""
    last = ctx.cache("provider.last-tool", _LastTool)
    if last.tool is not tool:
        kept = ctx.cache("provider.issues-by-tool", lambda: ctx.settings.get("provider_issues", {})
                         if ctx.settings.get("providers") else None)
        if kept is not None:
            last.by_rule = issues_by_rule(tool, kept)
        else:  # no --provider: only the tool's own provider's issues, and those of all six, are reported
            last.by_rule = issues_by_rule(tool, {}, OWN_PROVIDER.get(tool.format))
        last.tool = tool
    return last.by_rule


class _LastTool:
    __slots__ = ("tool", "by_rule")

    def __init__(self):
        self.tool = self.by_rule = None


def _severity(rule: Rule, ctx, outcome: str) -> str | None:
    """Rejections use the rule's severity; silent changes are warnings unless the user configured one."""
    configured = ctx.selection.severity
    if outcome == "rejected" or rule.id in configured or rule.category in configured:
        return None
    return "warning"


def _describe(group) -> str:
    by_does: dict[str, list[str]] = {}
    for issue in sorted(group, key=lambda i: PROVIDERS.index(i.provider)):
        by_does.setdefault(issue.does, []).append(issue.provider)
    if {i.provider for i in group} == ALL and (len(by_does) > 1 or len(group) > 2):
        return "every provider rejects it" if all(i.outcome == "rejected" for i in group) \
            else "every provider rejects or changes it"
    return "; ".join(f"{', '.join(providers)}: {does}" for does, providers in by_does.items())


# a finding says who (the tool, the parameter), what the analysis found, and what each provider does about it
_ISSUE_MESSAGE = "{subject}: {what}: {effect}"


def _issue_messages(rule_id: str) -> dict[str, str]:
    return {kind: _ISSUE_MESSAGE for kind in ISSUE_KINDS[rule_id]}


def _issue_identity(rule_id: str) -> dict[str, tuple]:
    """A finding is its kind, the keyword or value the author wrote (`key`) and the providers it concerns; the
    wording, and the counts in it, are not."""
    return {kind: ("key", "providers") for kind in ISSUE_KINDS[rule_id]}


class _ProviderRule(Rule):
    """Reports the issues the provider analysis (schemalint/providers.py) finds for this rule, one finding per
    place and problem, naming the providers concerned. Subclasses set `messages = _issue_messages(id)`."""

    category = "provider"
    severity = "error"

    def issues(self, tool, ctx) -> list:
        return _issues_by_rule(tool, ctx).get(self.id) or []

    def check_tool(self, tool, ctx):
        issues = self.issues(tool, ctx)
        if not issues:
            return
        targets = target_providers(ctx)
        own = OWN_PROVIDER.get(tool.format)
        groups: dict[tuple, list] = {}
        for issue in issues:
            groups.setdefault((issue.path, issue.field, issue.what), []).append(issue)
        name = tool.name if isinstance(tool.name, str) else "?"
        for (path, field_name, what), group in groups.items():
            if targets:
                group = [i for i in group if i.provider in targets]
            elif {i.provider for i in group} != ALL:
                group = [i for i in group if i.provider == own]
            if not group:
                continue
            param = param_of(path) if path else None
            where = f"parameter '{param}'" if param else ("input schema" if path == () else None)
            subject = f"tool '{name}'" + (f", {where}" if where else "")
            outcome = "rejected" if any(i.outcome == "rejected" for i in group) else "changed"
            fix = next((i.fix for i in group if i.fix is not None), None)
            first = group[0]
            providers = ", ".join(p for p in PROVIDERS if any(i.provider == p for i in group))
            ctx.report(at(tool, path=path, field=field_name, param=param), first.kind,
                       {"subject": subject, "what": what, "effect": _describe(group), "key": first.key,
                        "providers": providers},
                       severity=_severity(self, ctx, outcome), fix=fix)


def _openai(name, parameters, description="Look up a record by id.", **extra):
    return {"type": "function", "function": {"name": name, "description": description,
                                             "parameters": parameters, **extra}}


_OBJ = {"type": "object", "properties": {"record_id": {"type": "string", "description": "Record id."}},
        "required": ["record_id"]}
_CLOSED = {**_OBJ, "additionalProperties": False}


class ProviderToolName(_ProviderRule):
    """Finds tool names a provider refuses.

    Why: OpenAI accepts `^[a-zA-Z0-9_-]{1,64}$`, Anthropic `^[a-zA-Z0-9_-]{1,128}$`, Gemini a
    letter or underscore followed by letters, digits, `_ . : -` up to 64 characters, and MCP
    (1-128 characters) also allows dots. A name outside a provider's pattern fails the whole
    request, not just the tool: one bad name and the model sees no tools at all. The common clash
    is an MCP server's dotted name (`admin.tools.list`, valid MCP) reaching an OpenAI or Anthropic
    client: it is refused, or the client rewrites it and the model calls a name the server never
    declared.

    Example:
        {"name": "admin.tools.list", ...}   sent by an MCP client to OpenAI

    Use instead:
        {"name": "admin_tools_list", ...}   letters, digits, `_` and `-` only, at most 64 characters

    `schemalint fix --write --unsafe` renames the tool to such a name (unsafe: every caller of the old
    name, and the code that dispatches on it, must follow).
    """

    id = PROVIDER_TOOL_NAME
    summary = "A provider refuses the tool name"
    hint = "Use letters, digits, '_' and '-' only, start with a letter, at most 64 characters."
    sources = (SRC["openai-name"], SRC["anthropic-name"], SRC["gemini-name"], SRC["mcp-name"])
    messages = _issue_messages(PROVIDER_TOOL_NAME)
    identity_keys = _issue_identity(PROVIDER_TOOL_NAME)
    fixable = "always"  # every name a provider refuses has a safe_name
    valid = [_openai("get_weather", _CLOSED), {"name": "admin.tools.list", "description": "List admin tools.",
                                                "inputSchema": {"type": "object", "properties": {}}}]
    invalid = [bad(_openai("get weather", _CLOSED), "name-rejected", fixed=_openai("get_weather", _CLOSED),
                   unsafe=True),
               bad({"name": "admin tools/list", "description": "List admin tools.",
                    "inputSchema": {"type": "object", "properties": {}}}, "name-rejected")]


class ProviderDescriptionLength(_ProviderRule):
    """Finds tool descriptions longer than OpenAI's 1,024 characters.

    Why: OpenAI has answered such requests with 400 `string_above_max_length` ("Invalid
    'tools[N].function.description': string too long. Expected a string with maximum length
    1024"), failing every call that includes the tool. MCP servers written for Claude often carry
    multi-paragraph descriptions and break when an OpenAI client loads them. OpenAI does not
    document the limit and some reports say newer models accept longer text, hence a warning.

    Example:
        a 2,300-character description with usage notes and examples

    Use instead:
        a description under 1,024 characters; move long guidance to the system prompt or to
        parameter descriptions
    """

    id = PROVIDER_DESCRIPTION_LENGTH
    severity = "warning"
    summary = "The tool description exceeds OpenAI's 1,024 characters"
    hint = "Shorten the description below 1,024 characters; move usage notes to the system prompt."
    sources = (SRC["openai-description"],)
    messages = _issue_messages(PROVIDER_DESCRIPTION_LENGTH)
    identity_keys = _issue_identity(PROVIDER_DESCRIPTION_LENGTH)
    valid = [_openai("get_record", _CLOSED)]
    invalid = [bad(_openai("get_record", _CLOSED, description="Look up a record by id and return its fields. " * 30),
                   "too-long")]


class ProviderInputSchema(_ProviderRule):
    """Finds input schemas that are not a JSON Schema object with `"type": "object"`.

    Why: every provider needs the parameters as an object schema. OpenAI answers "schema must be a
    JSON Schema of 'type: \"object\"', got 'type: \"None\"'" when the type is missing; Anthropic's
    `input_schema` must have `type: "object"`; the MCP specification says `inputSchema` "MUST be a
    valid JSON Schema object (not null)" and clients built on the MCP SDKs fail to parse a
    `tools/list` whose schema has another type. Dataset types such as `"dict"` are refused by all
    (reported here when a `--provider` is given; otherwise `non-json-schema-type` reports them).

    Also what OpenAI and Anthropic refuse outside strict mode: `anyOf`/`oneOf`/`allOf`/`not`/`enum` at the
    root (OpenAI answers "schema must have type 'object' and not have 'oneOf'/'anyOf'/'allOf'/'enum'/'not'
    at the top level"; Anthropic "input_schema does not support oneOf, allOf, or anyOf at the top level"),
    and property keys outside `^[a-zA-Z0-9_.-]{1,64}$` (Anthropic: "Property keys should match pattern",
    e.g. `filter[id]`, `$top`, `Account Number`). Both are errors for those providers. Both are valid MCP
    (since 2026-07-28 a root combinator is), so an MCP catalog gets a warning naming the clients that
    forward the schema unchanged (Claude Code, Claude Desktop; hosts on OpenAI models): one such tool
    fails every request that carries it.

    Example:
        "parameters": {"type": "dict", "properties": {...}}
        "inputSchema": {"type": "object", "properties": {...}, "oneOf": [{"required": ["id"]}, ...]}

    Use instead:
        "parameters": {"type": "object", "properties": {...}}
        "inputSchema": {"type": "object", "properties": {...}}, with the either/or checked by the server
    """

    id = PROVIDER_INPUT_SCHEMA
    summary = "The input schema is missing or is not an object schema"
    hint = "Give the tool an input schema with \"type\": \"object\" at the root."
    sources = (SRC["openai-root"], SRC["anthropic-input-schema"], SRC["mcp-input-schema"],
               SRC["gemini-json-schema"], SRC["openai-root-combinator"], SRC["anthropic-root-combinator"],
               SRC["anthropic-property-keys"])
    messages = _issue_messages(PROVIDER_INPUT_SCHEMA)
    identity_keys = _issue_identity(PROVIDER_INPUT_SCHEMA)
    fixable = "sometimes"
    valid = [_openai("get_record", _OBJ),
             {"name": "ping", "description": "Check the server is up.", "inputSchema": {"type": "object"}}]
    invalid = [bad(_openai("get_record", {"properties": {"record_id": {"type": "string"}}}), "no-object-type",
                   fixed=_openai("get_record", {"type": "object", "properties": {"record_id": {"type": "string"}}})),
               bad({"name": "ping", "description": "Check the server is up.", "inputSchema": None}, "schema-missing"),
               bad(_openai("get_record", {**_OBJ, "anyOf": [{"required": ["id"]}, {"required": ["slug"]}]}),
                   "root-combinator"),
               bad({"name": "find", "description": "Find a record by id or by slug.", "inputSchema": {
                   "type": "object", "properties": {"id": {"type": "string"}, "slug": {"type": "string"}},
                   "oneOf": [{"required": ["id"]}, {"required": ["slug"]}]}}, "root-combinator"),
               bad({"name": "list_apps", "description": "List apps.", "input_schema": {
                   "type": "object", "properties": {"filter[name]": {"type": "string"}}}}, "property-key-rejected")]

    def check_tool(self, tool, ctx):
        schema = tool.input_schema
        if not target_providers(ctx) and schema is not None and \
                (not isinstance(schema, dict) or schema.get("type", "object") != "object"):
            return  # without --provider, a non-object root is left to the validity rules, which offer a fix
        super().check_tool(tool, ctx)


class StrictAdditionalProperties(_ProviderRule):
    """Finds objects that strict mode refuses because they are not closed.

    Why: OpenAI strict mode ("additionalProperties: false must always be set in objects") and
    Anthropic strict tool use ("must be set to false for objects") compile the schema into a
    grammar and reject the request (400) when any object, nested ones included, lacks
    `additionalProperties: false`, or is a free-form object without declared properties.

    Example:
        "strict": true, "parameters": {"type": "object", "properties": {"q": {...}}, "required": ["q"]}

    Use instead:
        the same with "additionalProperties": false on every object (`schemalint fix` adds it)
    """

    id = STRICT_ADDITIONAL_PROPERTIES
    summary = "Strict mode needs additionalProperties: false on every object"
    hint = "Set \"additionalProperties\": false on every object, or leave strict mode off."
    sources = (SRC["openai-structured"], SRC["openai-strict-errors"], SRC["anthropic-structured"],
               SRC["anthropic-strict"])
    messages = _issue_messages(STRICT_ADDITIONAL_PROPERTIES)
    identity_keys = _issue_identity(STRICT_ADDITIONAL_PROPERTIES)
    fixable = "sometimes"
    valid = [_openai("get_record", _CLOSED, strict=True), _openai("get_record", _OBJ)]
    invalid = [bad(_openai("get_record", _OBJ, strict=True), "not-closed",
                   fixed=_openai("get_record", _CLOSED, strict=True)),
               bad({"name": "get_record", "description": "Look up a record.", "strict": True, "input_schema": _OBJ},
                   "not-closed")]


class StrictAllRequired(_ProviderRule):
    """Finds optional parameters that OpenAI strict mode refuses or silently makes required.

    Why: OpenAI strict mode requires every property to be listed in `required` ("'required' is
    required to be supplied and to be an array including every key in properties. Missing
    'x'") and emulates optional ones "by using a union type with null". With `strict` omitted, the
    Responses API "will attempt to normalize your schema into strict mode when possible": the
    optional parameters silently become required, and the model must send a value (or null) for
    each one. Anthropic strict mode keeps optional parameters (up to 24 per request).

    Example:
        "strict": true, properties: query, limit   required: ["query"]

    Use instead:
        required: ["query", "limit"], "limit": {"type": ["integer", "null"]}   (`schemalint fix`
        applies exactly this conversion)
    """

    id = STRICT_ALL_REQUIRED
    summary = "OpenAI strict mode needs every property in required"
    hint = "List every property in required and give the optional ones a null union, or turn strict off."
    sources = (SRC["openai-structured"], SRC["openai-strict-errors"], SRC["openai-responses"])
    messages = _issue_messages(STRICT_ALL_REQUIRED)
    identity_keys = _issue_identity(STRICT_ALL_REQUIRED)
    fixable = "sometimes"
    _OPTIONAL = {"type": "object", "additionalProperties": False, "required": ["query"],
                 "properties": {"query": {"type": "string"}, "limit": {"type": "integer"}}}
    valid = [_openai("search", {**_OPTIONAL, "required": ["query", "limit"]}, strict=True),
             _openai("search", _OPTIONAL),
             {"type": "function", "name": "search", "description": "Search.", "parameters": _OPTIONAL,
              "strict": False}]
    invalid = [bad(_openai("search", _OPTIONAL, strict=True), "optional-not-required",
                   fixed=_openai("search", {**_OPTIONAL, "required": ["query", "limit"], "properties": {
                       "query": {"type": "string"}, "limit": {"type": ["integer", "null"]}}}, strict=True)),
               bad({"type": "function", "name": "search", "description": "Search.", "parameters": _OPTIONAL},
                   "optional-not-required")]


class StrictUnsupportedKeyword(_ProviderRule):
    """Finds schema keywords and formats that strict mode does not support.

    Why: strict mode supports a subset of JSON Schema and answers 400 for the rest. OpenAI:
    no `allOf`, `not`, `if`/`then`/`else`, `dependentRequired`, `dependentSchemas`, `oneOf`
    (nested), no `anyOf` at the root, and only the formats date-time, time, date, duration,
    email, hostname, ipv4, ipv6 and uuid ("'uri' is not a valid format"). Anthropic: no
    `minimum`/`maximum`/`multipleOf`, no `minLength`/`maxLength`, no array constraints beyond
    `minItems` 0 or 1, no recursive schemas, external `$ref`, `allOf` with `$ref`, objects in
    `enum`, or regex backreferences and lookaround. The SDK helpers that strip these move them
    into the description, so the model reads them but nothing enforces them.

    Example:
        "strict": true, "url": {"type": "string", "format": "uri"}

    Use instead:
        "url": {"type": "string", "description": "Absolute https URL."}, checked by your code
    """

    id = STRICT_UNSUPPORTED_KEYWORD
    summary = "Strict mode does not support a keyword or format in the schema"
    hint = "Drop the keyword (state the constraint in the description and check it in code), or turn strict off."
    sources = (SRC["openai-structured"], SRC["openai-strict-errors"], SRC["openai-oneof"],
               SRC["anthropic-structured"])
    messages = _issue_messages(STRICT_UNSUPPORTED_KEYWORD)
    identity_keys = _issue_identity(STRICT_UNSUPPORTED_KEYWORD)
    _URL = {"type": "object", "additionalProperties": False, "required": ["url"],
            "properties": {"url": {"type": "string", "format": "uri"}}}
    valid = [_openai("fetch", {**_URL, "properties": {"url": {"type": "string"}}}, strict=True),
             _openai("fetch", _URL)]
    invalid = [bad(_openai("fetch", _URL, strict=True), "unsupported-format"),
               bad({"name": "page", "description": "Fetch a page of results.", "strict": True,
                    "input_schema": {"type": "object", "additionalProperties": False, "required": ["size"],
                                     "properties": {"size": {"type": "integer", "minimum": 1, "maximum": 100}}}},
                   "unsupported-keyword", "unsupported-keyword")]


class StrictSizeLimits(_ProviderRule):
    """Finds schemas larger than strict mode compiles.

    Why: OpenAI strict mode allows "up to 5000 object properties total, with up to 10 levels of
    nesting", 1,000 enum values, 120,000 characters of names and enum values, and 15,000
    characters for one enum of more than 250 values. Anthropic strict mode allows 24 optional
    parameters and 16 union-typed parameters per request, across every strict tool, and answers
    "Schema is too complex for compilation" beyond its grammar limits.

    Example:
        "strict": true with 30 optional parameters (Anthropic)

    Use instead:
        make the parameters that always have a sensible value required, split the tool, or mark
        only the tools that need it strict
    """

    id = STRICT_SIZE_LIMITS
    summary = "The schema exceeds a strict-mode size limit"
    hint = "Reduce optional, union-typed or enum values, flatten nesting, or split the tool."
    sources = (SRC["openai-limits"], SRC["anthropic-limits"])
    messages = _issue_messages(STRICT_SIZE_LIMITS)
    identity_keys = _issue_identity(STRICT_SIZE_LIMITS)
    _MANY = {"type": "object", "additionalProperties": False,
             "properties": {f"filter_{i}": {"type": "string"} for i in range(ANTHROPIC_MAX_OPTIONAL + 1)}}
    valid = [{"name": "search", "description": "Search records.", "strict": True,
              "input_schema": {**_MANY, "required": list(_MANY["properties"])}}]
    invalid = [bad({"name": "search", "description": "Search records.", "strict": True, "input_schema": _MANY},
                   "too-many-optional")]


class GeminiSchemaSubset(_ProviderRule):
    """Finds schema keys Gemini's `parameters` field refuses.

    Why: Gemini's `parameters` is a protocol-buffer Schema (an OpenAPI 3.0 subset): type, format,
    title, description, nullable, enum (strings), properties, required, items, anyOf, the
    min/max bounds, pattern, example, default, propertyOrdering. Any other key, such as
    `additionalProperties`, `$ref`, `$defs`, `const`, `oneOf` or `$schema`, fails the request with
    "Invalid JSON payload received. Unknown name ... Cannot find field.", and a list-valued `type`
    with "Proto field is not repeating, cannot start list." The `parametersJsonSchema` field takes
    JSON Schema instead; there a `$ref` may only have `description` and `default` beside it. Tools
    in other formats are checked as most clients send them, in `parameters`.

    Parameter names: the Vertex AI reference documents top-level parameter names as "a letter or
    an underscore first, then a-z, A-Z, 0-9 or underscores, at most 64" (no `-`, `.` or `$`). No
    public 400 for such a name was found, so that one is a warning (`param-name`), not an error.

    Example:
        "parameters": {"type": "object", "properties": {...}, "additionalProperties": false}

    Use instead:
        the same schema under "parametersJsonSchema", or drop the key
    """

    id = GEMINI_SCHEMA_SUBSET
    summary = "Gemini refuses a key in the schema"
    hint = "Send the schema as parametersJsonSchema, or remove keys Gemini's Schema does not have."
    sources = (SRC["gemini-schema"], SRC["gemini-json-schema"], SRC["gemini-param-name"])
    messages = _issue_messages(GEMINI_SCHEMA_SUBSET)
    identity_keys = _issue_identity(GEMINI_SCHEMA_SUBSET)
    valid = [{"functionDeclarations": [{"name": "get_record", "description": "Look up a record.",
                                        "parameters": _OBJ}]},
             {"functionDeclarations": [{"name": "get_record", "description": "Look up a record.",
                                        "parametersJsonSchema": _CLOSED}]}]
    invalid = [bad({"functionDeclarations": [{"name": "get_record", "description": "Look up a record.",
                                              "parameters": _CLOSED}]}, "unknown-keys"),
               bad({"functionDeclarations": [{"name": "get_record", "description": "Look up a record.",
                                              "parametersJsonSchema": {
                                                  "type": "object", "$defs": {"Id": {"type": "string"}},
                                                  "properties": {"record_id": {"$ref": "#/$defs/Id",
                                                                               "minLength": 3}}}}]},
                   "ref-siblings"),
               bad({"functionDeclarations": [{"name": "get_record", "description": "Look up a record.",
                                              "parameters": {"type": "object", "properties": {
                                                  "record-id": {"type": "string"}}}}]}, "param-name")]


# draft-04/07 keywords that are invalid, not just ignored, under 2020-12: invalid-json-schema reports them
_INVALID_IN_2020 = ("exclusiveMinimum", "exclusiveMaximum", "items as a list")


class McpSchemaDialect(_ProviderRule):
    """Finds MCP input schemas written in draft-04/07 syntax that MCP reads as JSON Schema 2020-12.

    Why: an MCP `inputSchema` without `$schema` is JSON Schema 2020-12. There a boolean
    `exclusiveMinimum`, `items` as a list, `additionalItems` and `dependencies` are invalid or
    ignored: the bound the author wrote is not enforced, and validating clients may refuse the
    schema. The model reads constraints that nothing checks.

    Example:
        "inputSchema": {"type": "object", "properties": {"n": {"type": "number", "minimum": 0,
        "exclusiveMinimum": true}}}

    Use instead:
        "n": {"type": "number", "exclusiveMinimum": 0}, or declare "$schema" with the draft used

    One cause, one finding: a boolean `exclusiveMinimum`/`exclusiveMaximum` or a list `items` is invalid
    under 2020-12, and `invalid-json-schema` reports it (an error, with the fix); this rule then reports
    only the keywords 2020-12 ignores (`additionalItems`, `dependencies`), and all of them when
    `invalid-json-schema` is not enabled.
    """

    id = MCP_SCHEMA_DIALECT
    severity = "warning"
    summary = "Draft-04/07 syntax in an MCP schema that is read as 2020-12"
    hint = "Rewrite the keywords in 2020-12 form, or declare the draft with \"$schema\"."
    sources = (SRC["mcp-dialect"], SRC["json-schema-2020"])
    messages = _issue_messages(MCP_SCHEMA_DIALECT)
    identity_keys = _issue_identity(MCP_SCHEMA_DIALECT)
    valid = [{"name": "set_level", "description": "Set the level.",
              "inputSchema": {"type": "object", "properties": {"n": {"type": "number", "exclusiveMinimum": 0}}}}]
    invalid = [bad({"name": "set_pages", "description": "Set the pages.",
                    "inputSchema": {"type": "object", "properties": {
                        "pages": {"type": "array", "items": {"type": "integer"}, "additionalItems": False}}}},
                   "draft-syntax")]

    def issues(self, tool, ctx) -> list:
        issues = super().issues(tool, ctx)
        if not issues or not any(rule.id == "invalid-json-schema" for rule in ctx.rules):
            return issues
        kept = []
        for issue in issues:
            keys = [k for k in issue.key.split(", ") if k not in _INVALID_IN_2020]
            if keys == issue.key.split(", "):
                kept.append(issue)
            elif keys:
                kept.append(replace(issue, key=", ".join(keys),
                                    what=f"draft-04/07 syntax ({', '.join(keys)}) without a $schema"))
        return kept


class ProviderToolCount(Rule):
    """Finds tool lists longer than a provider accepts in one request.

    Why: OpenAI refuses more than 128 tools ("Invalid 'tools': array too long. Expected an array
    with maximum length 128"), Gemini more than 512 function declarations ("At most 512 function
    declarations can be specified."), and Anthropic allows at most 20 strict tools, 24 optional
    and 16 union-typed parameters across the strict tools of one request. Connecting several MCP
    servers reaches these limits quickly; the request then fails before the model sees anything.

    Tools count together when they sit in the same list of the same file (`scope = "file"` or `"run"`
    says that a whole file, or everything linted, is sent together). It is an error only for a list that
    is one request: silent on bundles of tool files, datasets (tools from several `x-source-file`s, one
    name defined several ways, a bare list longer than any provider accepts), lists that reach their
    tools through a search (`search_tools` with `execute_tool`) and, per toolset, on tools marked with
    toolsets. MCP Apps tools hidden from the model are not counted.

    Example:
        150 tools from five MCP servers sent to an OpenAI model

    Use instead:
        load only the tools the task needs (tool search, per-agent tool sets, fewer servers)
    """

    id = "provider-tool-count"
    category = "provider"
    severity = "error"
    summary = "More tools in one request than a provider accepts"
    hint = "Send fewer tools per request: split by agent or task, or load tools on demand."
    sources = (SRC["openai-tool-count"], SRC["gemini-tool-count"], SRC["anthropic-limits"])
    messages = {"list-too-long": "{count} tools in one list (first: '{name}'): {problems}"}
    # the list is the first tool's; the limits it breaks are the providers', whatever the counts
    identity_keys = {"list-too-long": ("providers",)}
    options = {"scope": "list"}
    option_choices = {"scope": SCOPES}
    option_help = {"scope": "what is sent in one request: one list of tools, a whole file, or every file linted (run)"}
    valid = [[_openai(f"tool_{i}", _CLOSED) for i in range(OPENAI_MAX_TOOLS)],
             # a dump of functions from several benchmark files is a dataset, not one request
             [{**_openai(f"tool_{i}", _CLOSED), "x-source-file": f"part_{i % 3}.json"}
              for i in range(OPENAI_MAX_TOOLS + 1)]]
    invalid = [bad([_openai(f"tool_{i}", _CLOSED) for i in range(OPENAI_MAX_TOOLS + 1)], "list-too-long")]

    def check_catalog(self, tools, ctx):
        targets = target_providers(ctx)
        scope = self.opts["scope"] if self.opts["scope"] in SCOPES else "list"
        for view in catalog_views(tools, scope, ctx):
            if not view.one_request:
                continue
            for offer in view.offers:
                self._check_request(offer.tools + [t for t in view.listed if deferred(t)], targets, ctx)

    def _check_request(self, group, targets, ctx):
        providers = targets or sorted({OWN_PROVIDER[t.format] for t in group if t.format in OWN_PROVIDER})
        problems = []  # (provider, what it rejects)
        count = len(group)
        if count > OPENAI_MAX_TOOLS and {"openai", "openai-strict"} & set(providers):
            problems.append(("openai", f"openai rejects more than {OPENAI_MAX_TOOLS} (\"Invalid 'tools': array too "
                                       "long\")"))
        if count > GEMINI_MAX_TOOLS and "gemini" in providers:
            problems.append(("gemini", f"gemini rejects more than {GEMINI_MAX_TOOLS} (\"At most {GEMINI_MAX_TOOLS} "
                                       "function declarations can be specified.\")"))
        for provider in ("anthropic", "anthropic-strict"):
            if provider not in providers:
                continue
            strict = group if provider == "anthropic-strict" else \
                [t for t in group if t.format == "anthropic" and declared_strict(t)]
            if len(strict) > ANTHROPIC_MAX_STRICT_TOOLS:
                problems.append((provider, f"{provider} rejects more than {ANTHROPIC_MAX_STRICT_TOOLS} strict "
                                           f"tools ({len(strict)} here)"))
            if len(strict) > 1:
                loads = [anthropic_strict_load(t) for t in strict]
                optional, unions = sum(o for o, _ in loads), sum(u for _, u in loads)
                if optional > ANTHROPIC_MAX_OPTIONAL and all(o <= ANTHROPIC_MAX_OPTIONAL for o, _ in loads):
                    problems.append((provider, f"{provider} rejects {optional} optional parameters across "
                                               f"strict tools (limit {ANTHROPIC_MAX_OPTIONAL})"))
                if unions > ANTHROPIC_MAX_UNIONS and all(u <= ANTHROPIC_MAX_UNIONS for _, u in loads):
                    problems.append((provider, f"{provider} rejects {unions} union-typed parameters across "
                                               f"strict tools (limit {ANTHROPIC_MAX_UNIONS})"))
        if problems:
            first = group[0]
            name = first.name if isinstance(first.name, str) else "?"
            ctx.report(first, "list-too-long", {
                "count": count, "name": name, "problems": "; ".join(text for _, text in problems),
                "providers": ", ".join(dict.fromkeys(provider for provider, _ in problems))})
