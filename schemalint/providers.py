"""What each provider does with a tool definition: the documented limits, with their sources.

One analysis per tool (`analyze`) finds every place where OpenAI, Anthropic, Gemini or an MCP
client would reject the definition or silently change it. The `provider` rules report the
issues for the providers a run targets; `schemalint.provider_matrix` turns the same issues into
the per-tool compatibility matrix. Every limit below names the page it comes from and the day it
was read, so a limit that providers change can be found and updated in one place.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .model import Edit, Fix
from .vocabulary import SCHEMA_LISTS
from .vocabulary import param_of as _param_of

PROVIDERS = ("openai", "openai-strict", "anthropic", "anthropic-strict", "gemini", "mcp")
ALL = frozenset(PROVIDERS)
READ = "read 2026-11-28"

# the rules (rules/provider.py) whose issues the analysis finds
PROVIDER_TOOL_NAME = "provider-tool-name"
PROVIDER_DESCRIPTION_LENGTH = "provider-description-length"
PROVIDER_INPUT_SCHEMA = "provider-input-schema"
STRICT_ADDITIONAL_PROPERTIES = "strict-additional-properties"
STRICT_ALL_REQUIRED = "strict-all-required"
STRICT_UNSUPPORTED_KEYWORD = "strict-unsupported-keyword"
STRICT_SIZE_LIMITS = "strict-size-limits"
GEMINI_SCHEMA_SUBSET = "gemini-schema-subset"
MCP_SCHEMA_DIALECT = "mcp-schema-dialect"
RULE_IDS = (PROVIDER_TOOL_NAME, PROVIDER_DESCRIPTION_LENGTH, PROVIDER_INPUT_SCHEMA, STRICT_ADDITIONAL_PROPERTIES,
            STRICT_ALL_REQUIRED, STRICT_UNSUPPORTED_KEYWORD, STRICT_SIZE_LIMITS, GEMINI_SCHEMA_SUBSET,
            MCP_SCHEMA_DIALECT)

# the kinds of issue each rule reports: the rule's message ids (an issue's `kind`)
ISSUE_KINDS = {
    PROVIDER_TOOL_NAME: ("name-rejected",),
    PROVIDER_DESCRIPTION_LENGTH: ("too-long",),
    PROVIDER_INPUT_SCHEMA: ("schema-missing", "schema-not-object", "no-object-type", "wrong-root-type",
                            "root-combinator", "property-key-rejected"),
    STRICT_ADDITIONAL_PROPERTIES: ("free-form", "extra-keys-allowed", "not-closed"),
    STRICT_ALL_REQUIRED: ("optional-not-required",),
    STRICT_UNSUPPORTED_KEYWORD: ("root-any-of", "unsupported-keyword", "unsupported-format", "min-items",
                                 "complex-enum", "external-ref", "all-of-ref", "regex-feature", "recursive-schema"),
    STRICT_SIZE_LIMITS: ("large-enum", "too-many-properties", "too-many-enum-values", "too-many-characters",
                         "too-deep", "too-many-optional", "too-many-unions"),
    GEMINI_SCHEMA_SUBSET: ("ref-siblings", "unknown-keys", "type-list", "items-list", "enum-not-strings",
                           "param-name"),
    MCP_SCHEMA_DIALECT: ("draft-syntax",),
}

_KINDS = {rule: frozenset(kinds) for rule, kinds in ISSUE_KINDS.items()}

# ---------------------------------------------------------------------------------------------
# Sources. Quoted text is the provider's own wording; error messages are quoted as the API
# returns them (from the provider's docs or, where the docs give none, from public bug reports).
# ---------------------------------------------------------------------------------------------
SRC = {
    "openai-name": "OpenAI API reference, Chat Completions FunctionObject.name (openai/openai-openapi): \"Must be "
                   "a-z, A-Z, 0-9, or contain underscores and dashes, with a maximum length of 64.\" (" + READ + ")",
    "openai-description": "OpenAI API: 400 string_above_max_length \"Invalid 'tools[N].function.description': string "
                          "too long. Expected a string with maximum length 1024\" (reported in getsentry/sentry-mcp"
                          "#106, OpenHands#7167, aaif-goose/goose#739, 2024-2025; the limit is not in openai/"
                          "openai-openapi and run-llama/llama_index#18784 reports it lifted for some models) "
                          "(" + READ + ")",
    "openai-tool-count": "OpenAI API: 400 array_above_max_length \"Invalid 'tools': array too long. Expected an array "
                         "with maximum length 128\" (zed-industries/zed#42393, anomalyco/opencode#4909, 2025); the "
                         "deprecated `functions` array has maxItems 128 in openai/openai-openapi (" + READ + ")",
    "openai-root": "OpenAI API: 400 invalid_function_parameters \"Invalid schema for function 'json': schema must be "
                   "a JSON Schema of 'type: \\\"object\\\"', got 'type: \\\"None\\\"'\" (browserbase/stagehand#1159, "
                   "2025) (" + READ + ")",
    "openai-structured": "OpenAI, Structured Outputs guide, 'Supported schemas' "
                         "(developers.openai.com/api/docs/guides/structured-outputs#supported-schemas): formats "
                         "date-time, time, date, duration, email, hostname, ipv4, ipv6, uuid; \"Root objects must not "
                         "be anyOf and must be an object\"; \"additionalProperties: false must always be set in "
                         "objects\"; all fields must be required, optional ones emulated \"by using a union type with "
                         "null\"; unsupported: allOf, not, dependentRequired, dependentSchemas, if, then, else; \"If "
                         "you turn on Structured Outputs by supplying strict: true and call the API with an "
                         "unsupported JSON Schema, you will receive an error.\" (" + READ + ")",
    "openai-limits": "OpenAI, Structured Outputs guide, 'Supported schemas' "
                     "(developers.openai.com/api/docs/guides/structured-outputs#supported-schemas): \"up to 5000 "
                     "object properties total, with up to 10 levels of nesting\"; \"total string length of all "
                     "property names, definition names, enum values, and const values cannot exceed 120,000 "
                     "characters\"; \"up to 1000 enum "
                     "values across all enum properties\"; a single string enum with more than 250 values is limited "
                     "to 15,000 characters (" + READ + ")",
    "openai-strict-errors": "OpenAI API strict-mode errors: \"'required' is required to be supplied and to be an array "
                            "including every key in properties. Missing 'params'\" (kevinwatt/mysql-mcp#5); \"In "
                            "context=('properties', 'url'), 'uri' is not a valid format\" (can1357/oh-my-pi#206); "
                            "\"additionalProperties is required to be supplied and to be false\" (trycompai/comp#2792) "
                            "(" + READ + ")",
    "openai-oneof": "openai/openai-agents-python src/agents/strict_schema.py: \"oneOf is not supported by OpenAI's "
                    "structured outputs in nested contexts\" (the SDK rewrites it to anyOf) (" + READ + ")",
    "openai-responses": "OpenAI API reference, Responses FunctionToolParam.strict (openai/openai-openapi): \"If "
                        "omitted, Responses attempts to use strict validation when the schema is compatible, and falls "
                        "back to non-strict validation otherwise\"; function-calling guide: Responses \"will "
                        "attempt to normalize your schema into strict mode when possible\" while \"Chat Completions "
                        "requests "
                        "remain non-strict by default\" (" + READ + ")",
    "anthropic-name": "Anthropic, 'Define tools' (platform.claude.com/docs/en/agents-and-tools/tool-use/define-tools): "
                      "name \"Must match the regex ^[a-zA-Z0-9_-]{1,128}$\" (earlier revisions said {1,64}); the API "
                      "answers \"tools.N.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'\" "
                      "(github/copilot-cli#1879) (" + READ + ")",
    "anthropic-input-schema": "Anthropic, 'Define tools' "
                              "(platform.claude.com/docs/en/agents-and-tools/tool-use/define-tools): input_schema "
                              "is \"A JSON Schema object defining the expected "
                              "parameters for the tool\"; the Messages API InputSchema has `type: \"object\"` "
                              "(" + READ + ")",
    "anthropic-structured": "Anthropic, 'Structured outputs' > 'JSON Schema limitations' "
                            "(platform.claude.com/docs/en/build-with-claude/structured-outputs), shared by strict tool "
                            "use: additionalProperties \"must be set to false for objects\"; formats date-time, time, "
                            "date, duration, email, hostname, uri, ipv4, ipv6, uuid; not supported: recursive schemas, "
                            "complex types within enums, external $ref, numerical constraints (minimum, maximum, "
                            "multipleOf), string constraints (minLength, maxLength), array constraints beyond minItems "
                            "of 0 or 1, allOf with $ref, regex backreferences, lookaround and \\b; \"If you use an "
                            "unsupported feature, you'll receive a 400 error with details.\" (" + READ + ")",
    "anthropic-limits": "Anthropic, 'Structured outputs' > 'Schema complexity limits' "
                        "(platform.claude.com/docs/en/build-with-claude/structured-outputs): per request at most 20 "
                        "strict tools, 24 optional parameters and 16 parameters with union types (anyOf or type "
                        "arrays) "
                        "across all strict schemas; beyond them a 400 \"Schema is too complex for compilation.\" "
                        "(" + READ + ")",
    "anthropic-strict": "Anthropic, 'Strict tool use' (platform.claude.com/docs/en/agents-and-tools/tool-use/"
                        "strict-tool-use): `strict: true` constrains sampling to the input_schema, with the JSON "
                        "Schema "
                        "limitations of structured outputs (" + READ + ")",
    "gemini-name": "Google Gen AI SDK, FunctionDeclaration.name (googleapis.github.io/java-genai): \"Must start with a "
                   "letter or an underscore. Must be a-z, A-Z, 0-9, or contain underscores, dots, colons and dashes, "
                   "with a maximum length of 64.\" (" + READ + ")",
    "gemini-param-name": "Vertex AI API reference, FunctionDeclaration.parameters (cloud.google.com/vertex-ai/"
                         "generative-ai/docs/reference/java/latest/com.google.cloud.vertexai.api."
                         "FunctionDeclarationOrBuilder): \"Parameter names must start with a letter or an underscore "
                         "and must only contain chars a-z, A-Z, 0-9, or underscores with a maximum length of 64.\" (read 2026-12-06)",
    "gemini-schema": "Gemini API reference, Schema (ai.google.dev/api/caching#Schema, generativelanguage v1beta): "
                     "the fields are type, format, title, "
                     "description, nullable, enum (strings), maxItems, minItems, properties, required, minProperties, "
                     "maxProperties, minLength, maxLength, pattern, example, anyOf, propertyOrdering, default, items, "
                     "minimum, maximum; any other key is refused: \"Invalid JSON payload received. Unknown name "
                     "\\\"additionalProperties\\\" at 'tools[0].function_declarations[8].parameters...': Cannot find "
                     "field.\" and a list-valued type: \"Proto field is not repeating, cannot start list.\" "
                     "(nanbingxyz/5ire#42, zed-industries/zed#53919) (" + READ + ")",
    "gemini-json-schema": "Gemini API reference, FunctionDeclaration.parametersJsonSchema "
                          "(ai.google.dev/api/caching#FunctionDeclaration): \"Describes the parameters "
                          "to the function in JSON Schema format. The schema must describe an object ... This field is "
                          "mutually exclusive with parameters.\"; a $ref with siblings: \"If a schema node has $ref "
                          "set, then only description and default can be set alongside it\" (anomalyco/opencode#12295, "
                          "2026) (" + READ + ")",
    "gemini-tool-count": "Gemini API: 400 INVALID_ARGUMENT \"tools[0].function_declarations: [FIELD_INVALID] At most "
                         "512 function declarations can be specified.\" (google-gemini/gemini-cli#19083, 2026) "
                         "(" + READ + ")",
    "openai-root-combinator": "OpenAI API: 400 invalid_function_parameters \"schema must have type 'object' and not "
                              "have 'oneOf'/'anyOf'/'allOf'/'enum'/'not' at the top level\" (chatanywhere/"
                              "GPT_API_free#403, 2025), outside strict mode too (" + READ + ")",
    "anthropic-root-combinator": "Anthropic API: 400 invalid_request_error \"tools.N.custom.input_schema: "
                                 "input_schema does not support oneOf, allOf, or anyOf at the top level\" "
                                 "(anthropics/claude-code#5319, #5973; mobile-next/mobile-mcp#344, zereight/gitlab-mcp"
                                 "#551: MCP servers forwarded by Claude Code, Claude Desktop, Kiro) (" + READ + ")",
    "anthropic-property-keys": "Anthropic API: 400 invalid_request_error \"tools.N.custom.input_schema.properties: "
                               "Property keys should match pattern '^[a-zA-Z0-9_.-]{1,64}$'\" (anthropics/claude-code"
                               "#79418 and #4668, n8n-io/n8n#30590; keys such as filter[id], $top, "
                               "@microsoft.graph.conflictBehavior in beautyfree/appstore-connect-mcp#2, "
                               "ComposioHQ/composio#3500, over 64 characters in ComposioHQ/composio#2330) "
                               "(" + READ + ")",
    "mcp-name": "MCP specification, Server > Tools > Tool names "
                "(modelcontextprotocol.io/specification/2025-11-25/server/tools#tool-names, unchanged in "
                "2026-07-28): \"Tool names "
                "SHOULD be between 1 and 128 characters in length (inclusive)\"; allowed characters \"uppercase and "
                "lowercase ASCII letters (A-Z, a-z), digits (0-9), underscore (_), hyphen (-), and dot (.)\" "
                "(" + READ + ")",
    "mcp-input-schema": "MCP specification, Server > Tools > Tool "
                        "(modelcontextprotocol.io/specification/2025-11-25/server/tools#tool): inputSchema \"MUST "
                        "be a valid JSON Schema object "
                        "(not null)\"; schema.ts declares `inputSchema: { type: \"object\", ... }`; \"Defaults to "
                        "2020-12 if no $schema field is present\" (" + READ + ")",
    "mcp-dialect": "MCP specification, Basic > JSON Schema Usage "
                   "(modelcontextprotocol.io/specification/2025-11-25/basic#json-schema-usage): schemas without "
                   "$schema are JSON "
                   "Schema 2020-12; implementations MUST validate schemas according to their declared or default "
                   "dialect (" + READ + ")",
    "json-schema-2020": "JSON Schema 2020-12 Validation (json-schema.org/draft/2020-12/json-schema-validation): "
                        "exclusiveMinimum/exclusiveMaximum \"MUST be a number\"; "
                        "`items` takes one schema (tuples moved to prefixItems); `dependencies` split into "
                        "dependentRequired/dependentSchemas; `additionalItems` removed (" + READ + ")",
}

NAME_RULES = {
    # provider: (pattern, what it allows, source key)
    "openai": (re.compile(r"^[a-zA-Z0-9_-]{1,64}$"), "^[a-zA-Z0-9_-]{1,64}$", "openai-name"),
    "openai-strict": (re.compile(r"^[a-zA-Z0-9_-]{1,64}$"), "^[a-zA-Z0-9_-]{1,64}$", "openai-name"),
    "anthropic": (re.compile(r"^[a-zA-Z0-9_-]{1,128}$"), "^[a-zA-Z0-9_-]{1,128}$", "anthropic-name"),
    "anthropic-strict": (re.compile(r"^[a-zA-Z0-9_-]{1,128}$"), "^[a-zA-Z0-9_-]{1,128}$", "anthropic-name"),
    "gemini": (re.compile(r"^[a-zA-Z_][a-zA-Z0-9_.:-]{0,63}$"),
               "a letter or underscore first, then a-z, A-Z, 0-9, _ . : -, at most 64", "gemini-name"),
    "mcp": (re.compile(r"^[A-Za-z0-9_.-]{1,128}$"), "^[A-Za-z0-9_.-]{1,128}$ (SHOULD)", "mcp-name"),
}
# a name inside every pattern above (the intersection of their languages): one match clears most names
_NAME_EVERY_PROVIDER_TAKES = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_-]{0,63}$")
_SAFE_NAME_CHAR = re.compile(r"[^a-zA-Z0-9_-]")
ANTHROPIC_PROPERTY_KEY = re.compile(r"^[a-zA-Z0-9_.-]{1,64}$")
# root keywords a provider refuses in an input schema, outside strict mode too
OPENAI_ROOT_REFUSED = ("anyOf", "oneOf", "allOf", "enum", "not")
ANTHROPIC_ROOT_REFUSED = ("anyOf", "oneOf", "allOf")
# MCP clients that forward a server's inputSchema unchanged to a provider's API
FORWARDING_CLIENTS = {"anthropic": "Claude Code, Claude Desktop and other clients on Anthropic models",
                      "openai": "clients on OpenAI models (OpenAI Agents SDK, Codex, LiteLLM-based hosts)"}

OPENAI_DESCRIPTION_MAX = 1024
OPENAI_MAX_TOOLS = 128
GEMINI_MAX_TOOLS = 512
ANTHROPIC_MAX_STRICT_TOOLS = 20
ANTHROPIC_MAX_OPTIONAL = 24
ANTHROPIC_MAX_UNIONS = 16
OPENAI_MAX_PROPERTIES = 5000
OPENAI_MAX_NESTING = 10
OPENAI_MAX_ENUM_VALUES = 1000
OPENAI_MAX_STRING_CHARS = 120_000
OPENAI_LARGE_ENUM = 250
OPENAI_LARGE_ENUM_CHARS = 15_000

OPENAI_FORMATS = frozenset({"date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"})
ANTHROPIC_FORMATS = OPENAI_FORMATS | {"uri"}
OPENAI_UNSUPPORTED = ("allOf", "not", "dependentRequired", "dependentSchemas", "if", "then", "else", "oneOf")
ANTHROPIC_UNSUPPORTED = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
                         "minLength", "maxLength", "maxItems", "uniqueItems", "contains", "minContains", "maxContains")
# every keyword the per-node strict checks read after the object checks: a node with none of them is skipped
_OPENAI_NODE_KEYS = frozenset(OPENAI_UNSUPPORTED + ("format", "enum", "const"))
_ANTHROPIC_NODE_KEYS = frozenset(ANTHROPIC_UNSUPPORTED + ("minItems", "format", "enum", "$ref", "allOf", "pattern"))
GEMINI_FIELDS = frozenset({"type", "format", "title", "description", "nullable", "enum", "maxItems", "minItems",
                           "properties", "required", "minProperties", "maxProperties", "minLength", "maxLength",
                           "pattern", "example", "anyOf", "propertyOrdering", "default", "items", "minimum",
                           "maximum"})
_UNSUPPORTED_REGEX = re.compile(r"\\[1-9]|\(\?<?[=!]|\\[bB]")
_DRAFT4_ONLY = ("additionalItems", "dependencies")

# what a provider does, as it appears in finding messages
OUTCOME_WORD = {"rejected": "rejects it", "changed": "changes it"}


@dataclass(slots=True)
class Issue:
    """One provider's reaction to one part of a tool definition."""

    rule: str
    provider: str
    outcome: str  # "rejected" | "changed"
    what: str  # what is wrong, the same for every provider (findings group on it)
    does: str  # what this provider does about it
    kind: str  # which of the rule's ISSUE_KINDS: the message id the rule reports it under
    path: tuple | None = None  # inside the input schema
    field: str | None = None  # a field of the tool itself ("name", "description")
    fix: Fix | None = None
    source: str = ""
    # what identifies the issue besides its rule, kind and place: the keyword, format or keys the author wrote,
    # never a count (counts change with unrelated edits)
    key: str = ""

    def __post_init__(self):
        if self.kind not in _KINDS[self.rule]:  # the rule would have no message for it
            raise ValueError(f"{self.rule}: issue kind {self.kind!r} is not in ISSUE_KINDS")


@dataclass(slots=True)
class _Node:
    schema: dict
    path: tuple
    level: int  # object nesting level (the root object is 1)
    is_param: bool  # a value of some `properties`
    in_defs: bool
    object_issues: tuple | None = None  # _strict_object_issues, computed once
    assume_closed: bool = False  # a loader-built schema: a missing additionalProperties is not the author's


def analyze(tool) -> list[Issue]:
    """Every issue of `tool` for every provider."""
    return _analyze(tool)


# `only` of issues_by_rule and _analyze, for every provider's issues
EVERY_PROVIDER = "every"


def issues_by_rule(tool, memo: dict, only=EVERY_PROVIDER) -> dict[str, list[Issue]]:
    """The issues of `tool` by rule id, analysed once per `memo` (the rules share one per run). With `only` (a
    provider, or None for none), the name check builds that provider's issue alone: what a run without
    --provider reports (see `_analyze`). A memo holds one kind of answer: pass a fresh one."""
    by_rule = memo.get(tool)
    if by_rule is None:
        by_rule = memo[tool] = {}
        for issue in _analyze(tool, only):
            by_rule.setdefault(issue.rule, []).append(issue)
    return by_rule


def declared_strict(tool) -> bool:
    return tool.raw.get("strict") is True


# the provider a tool's own format is written for: checked even when no --provider is given
OWN_PROVIDER = {"openai": "openai", "openai-responses": "openai", "anthropic": "anthropic", "gemini": "gemini",
                "mcp": "mcp", "docker-mcp": "mcp",
                # BFCL function docs are OpenAI function definitions with Python type names
                "bfcl": "openai"}


class UnknownProvider(ValueError):
    pass


def expand_providers(values) -> list[str]:
    """`["openai", "all"]` -> the known providers in catalog order; raises UnknownProvider for a typo."""
    return list(_expand(tuple(values or ())))


@functools.lru_cache(maxsize=64)
def _expand(values: tuple) -> tuple:
    wanted = set()
    for value in values:
        for part in str(value).split(","):
            part = part.strip()
            if not part:
                continue
            if part == "all":
                wanted |= ALL
            elif part in ALL:
                wanted.add(part)
            else:
                raise UnknownProvider(f"unknown provider '{part}' (choose from {', '.join(PROVIDERS)}, or all)")
    return tuple(p for p in PROVIDERS if p in wanted)


def safe_name(name: str) -> str:
    """A name every provider accepts: [A-Za-z0-9_-], a letter or _ first, at most 64 characters."""
    cleaned = _SAFE_NAME_CHAR.sub("_", name) or "tool"
    if not (cleaned[0].isalpha() or cleaned[0] == "_"):
        cleaned = "_" + cleaned
    return cleaned[:64]


# ---------------------------------------------------------------------------------------------


def _analyze(tool, only=EVERY_PROVIDER) -> list[Issue]:
    """Every issue of `tool` for every provider; with `only` (a provider, or None) the name check builds the
    issues of that provider alone unless every provider refuses the name. The schema checks always run whole:
    the provider rules group issues by place and kind in the order they come, and a group that holds all six
    providers is reported for all six, so leaving out one provider's check could reorder or narrow what the
    rules report for another."""
    issues: list[Issue] = []
    _check_name(tool, issues, only)
    _check_description(tool, issues)
    schema = tool.input_schema
    if not _check_root(tool, schema, issues):
        return issues
    nodes = _collect(schema)
    _check_portable_shape(tool, schema, nodes, issues)
    if tool.schema_pointer is None:
        # the loader built this schema from another shape (Seal-Tools, Docker catalog, Python source):
        # keys it cannot carry, such as additionalProperties, say nothing about the real definition
        for node in nodes:
            node.assume_closed = True
    strict_openai = ["openai-strict"]
    if declared_strict(tool) and tool.format in ("openai", "openai-responses"):
        strict_openai.append("openai")
    _check_openai_strict(schema, nodes, strict_openai, issues)
    if "openai" not in strict_openai and tool.format == "openai-responses" and tool.raw.get("strict") is None:
        _check_responses_normalization(schema, nodes, issues)
    strict_anthropic = ["anthropic-strict"]
    if declared_strict(tool) and tool.format == "anthropic":
        strict_anthropic.append("anthropic")
    _check_anthropic_strict(schema, nodes, strict_anthropic, issues)
    _check_gemini(tool, schema, issues)
    _check_mcp_dialect(schema, nodes, issues)
    return issues


def _add(issues, providers, **kw):
    for provider in providers:
        issues.append(Issue(provider=provider, **kw))


def _check_name(tool, issues: list[Issue], only=EVERY_PROVIDER) -> None:
    name = tool.name
    if not isinstance(name, str) or _NAME_EVERY_PROVIDER_TAKES.fullmatch(name):
        return
    from_mcp = tool.format in ("mcp", "docker-mcp")
    refusing = [p for p, (pattern, _, _) in NAME_RULES.items() if not pattern.fullmatch(name)]
    if only != EVERY_PROVIDER and len(refusing) < len(NAME_RULES):
        refusing = [p for p in refusing if p == only]  # not all six: only `only`'s issue can be shown
    fix = what = None
    for provider in refusing:
        pattern, allowed, src = NAME_RULES[provider]
        if fix is None:
            # a rename breaks whatever dispatches on the old name: applied only with --unsafe
            fix = Fix([Edit("set", ("name",), safe_name(name), target="tool")],
                      "rename the tool to a name every provider accepts", unsafe=True)
            what = _name_problem(name)
        does = f"rejects the tool ({allowed})"
        if provider == "mcp":
            does = f"is outside the MCP tool-name rules ({allowed}): SDKs warn and clients that forward it reject it"
        elif from_mcp and NAME_RULES["mcp"][0].fullmatch(name):
            does = (f"rejects it when an MCP client forwards this valid MCP name unchanged ({allowed}); "
                    "clients that sanitize it show the model a different name")
        issues.append(Issue(rule=PROVIDER_TOOL_NAME, provider=provider, outcome="rejected", what=what, does=does,
                            kind="name-rejected", field="name", fix=fix, source=SRC[src]))


def _name_problem(name: str) -> str:
    bad = sorted(set(_SAFE_NAME_CHAR.findall(name)))
    parts = []
    if bad:
        parts.append("contains " + ", ".join(repr(c) for c in bad[:5]))
    if len(name) > 64:
        parts.append(f"is {len(name)} characters long")
    if not name:
        parts.append("is empty")
    elif not (name[0].isalpha() or name[0] == "_"):
        parts.append(f"starts with {name[0]!r}")
    return f"tool name '{name}' " + (" and ".join(parts) or "breaks a provider's naming rule")


def _check_description(tool, issues: list[Issue]) -> None:
    text = tool.description
    if isinstance(text, str) and len(text) > OPENAI_DESCRIPTION_MAX:
        _add(issues, ("openai", "openai-strict"), rule=PROVIDER_DESCRIPTION_LENGTH, kind="too-long",
             outcome="rejected",
             what=f"description is {len(text)} characters (OpenAI's limit is {OPENAI_DESCRIPTION_MAX})",
             does="has answered 400 string_above_max_length \"string too long. Expected a string with maximum "
                  "length 1024\" (reported 2024-2025; OpenAI does not document the limit)",
             field="description", source=SRC["openai-description"])


def _check_root(tool, schema, issues: list[Issue]) -> bool:
    """Findings about the input schema as a whole; True when it is worth walking."""
    rule = PROVIDER_INPUT_SCHEMA
    if schema is None:
        if tool.format == "mcp":
            _add(issues, ["mcp"], rule=rule, kind="schema-missing", outcome="rejected",
                 what="inputSchema is missing or null",
                 does="violates \"inputSchema MUST be a valid JSON Schema object (not null)\"; clients built on the "
                      "MCP SDKs fail to parse tools/list", path=(), source=SRC["mcp-input-schema"])
        elif tool.format == "anthropic":
            _add(issues, ["anthropic", "anthropic-strict"], rule=rule, kind="schema-missing", outcome="rejected",
                 what="input_schema is missing or null", does="rejects the tool: input_schema is required",
                 path=(), source=SRC["anthropic-input-schema"])
        return False
    if not isinstance(schema, dict):
        _add(issues, PROVIDERS, rule=rule, kind="schema-not-object", outcome="rejected",
             what=f"the input schema is a {type(schema).__name__}, not a JSON Schema object",
             does="rejects the tool", path=(), source=SRC["mcp-input-schema"], key=type(schema).__name__)
        return False
    typ = schema.get("type")
    if typ == "object":
        return True
    if typ is None:
        fix = Fix([Edit("set", ("type",), "object")], "declare the parameters object") \
            if isinstance(schema.get("properties"), dict) else None
        does = {
            "openai": ("rejected", "answers \"schema must be a JSON Schema of 'type: \\\"object\\\"', got 'type: "
                                   "\\\"None\\\"'\"", SRC["openai-root"]),
            "anthropic": ("rejected", "rejects it: input_schema.type must be \"object\"",
                          SRC["anthropic-input-schema"]),
            "mcp": ("rejected", "violates schema.ts (`type: \"object\"` is required); SDK-based clients fail to parse "
                                "tools/list", SRC["mcp-input-schema"]),
        }
        for provider, (outcome, text, src) in does.items():
            targets = [provider, f"{provider}-strict"] if provider != "mcp" else [provider]
            _add(issues, targets, rule=rule, kind="no-object-type", outcome=outcome,
                 what="the input schema has no \"type\": \"object\"",
                 does=text, path=(), fix=fix, source=src)
        return True
    issues.extend(_wrong_root_type(typ) if isinstance(typ, str) else _wrong_root_issues(typ))
    return False


@functools.lru_cache(maxsize=64)
def _wrong_root_type(typ: str) -> tuple[Issue, ...]:
    """The issues of a root `type` other than object, made once per type name: a dataset's thousands of `dict`
    roots share them (issues are never changed once analysed)."""
    return tuple(_wrong_root_issues(typ))


def _wrong_root_issues(typ) -> list[Issue]:
    issues: list[Issue] = []
    _add(issues, PROVIDERS, rule=PROVIDER_INPUT_SCHEMA, kind="wrong-root-type", outcome="rejected",
         what=f"the input schema has type {typ!r}; every provider needs \"type\": \"object\" at the root",
         does="rejects the tool", path=(), source=SRC["mcp-input-schema"] + "; " + SRC["openai-root"],
         key=typ if isinstance(typ, str) else repr(typ))
    return issues


def _check_portable_shape(tool, root: dict, nodes: list, issues: list[Issue]) -> None:
    """What OpenAI and Anthropic refuse in every mode: combinators at the root, and (Anthropic) property keys
    outside ^[a-zA-Z0-9_.-]{1,64}$. Valid MCP; clients that forward the schema unchanged fail every request that
    carries the tool, so MCP catalogs get a warning naming them."""
    rule = PROVIDER_INPUT_SCHEMA
    refused = [k for k in OPENAI_ROOT_REFUSED if k in root]
    if refused:
        key = ", ".join(refused)
        what = f"the input schema has {key} at the root"
        # a tool that declares strict: true gets these from strict-unsupported-keyword already (one finding per
        # cause); enum at the root is reported here only
        if not declared_strict(tool) or "enum" in refused:
            _add(issues, ["openai"], rule=rule, kind="root-combinator", outcome="rejected", what=what, key=key,
                 does="answers 400 \"schema must have type 'object' and not have 'oneOf'/'anyOf'/'allOf'/'enum'/"
                      "'not' at the top level\"", path=(), source=SRC["openai-root-combinator"])
        if "enum" in refused:  # the others are strict-unsupported-keyword findings for openai-strict
            _add(issues, ["openai-strict"], rule=rule, kind="root-combinator", outcome="rejected", what=what,
                 key=key, does="answers 400 (enum at the top level)", path=(), source=SRC["openai-root-combinator"])
        for_anthropic = [k for k in refused if k in ANTHROPIC_ROOT_REFUSED]
        if for_anthropic:
            _add(issues, ["anthropic", "anthropic-strict"], rule=rule, kind="root-combinator", outcome="rejected",
                 what=what, key=key, path=(), source=SRC["anthropic-root-combinator"],
                 does="answers 400 \"input_schema does not support oneOf, allOf, or anyOf at the top level\"")
        clients = FORWARDING_CLIENTS["openai"] if not for_anthropic else \
            f"{FORWARDING_CLIENTS['anthropic']}, and {FORWARDING_CLIENTS['openai']}"
        _add(issues, ["mcp"], rule=rule, kind="root-combinator", outcome="changed", what=what, key=key, path=(),
             source=SRC["openai-root-combinator"] + "; " + SRC["anthropic-root-combinator"],
             does=f"is valid MCP, but {clients} forward it unchanged and every request that carries the tool "
                  "fails with a 400: express the alternatives inside the object (properties and required), and "
                  "check the combination in the server")
    for node in nodes:
        props = node.schema.get("properties")
        if not isinstance(props, dict):
            continue
        for name in props:
            if isinstance(name, str) and not ANTHROPIC_PROPERTY_KEY.match(name):
                path = node.path + ("properties", name)
                what = f"property key '{name[:70]}' is outside ^[a-zA-Z0-9_.-]{{1,64}}$"
                _add(issues, ["anthropic", "anthropic-strict"], rule=rule, kind="property-key-rejected",
                     outcome="rejected", what=what, key=name, path=path, source=SRC["anthropic-property-keys"],
                     does="answers 400 \"Property keys should match pattern '^[a-zA-Z0-9_.-]{1,64}$'\" for the "
                          "whole request")
                _add(issues, ["mcp"], rule=rule, kind="property-key-rejected", outcome="changed", what=what,
                     key=name, path=path, source=SRC["anthropic-property-keys"],
                     does=f"is valid MCP, but {FORWARDING_CLIENTS['anthropic']} forward it unchanged and Anthropic "
                          "answers 400 for every request that carries the tool")


def _is_object(schema: dict) -> bool:
    typ = schema.get("type")
    return typ == "object" or (isinstance(typ, list) and "object" in typ) or \
        (typ is None and isinstance(schema.get("properties"), dict))


_LIST_KEYS = SCHEMA_LISTS
_ONE_KEYS = ("not", "if", "then", "else", "contains", "additionalItems")
_MAP_KEYS = ("patternProperties", "dependentSchemas")
_CHILD_KEYS = frozenset(("properties", "items", "additionalProperties") + _LIST_KEYS + _ONE_KEYS + _MAP_KEYS)


def _collect(root: dict) -> list[_Node]:
    """Every subschema, parents first, with its path and object nesting level."""
    out: list[_Node] = []
    stack = [(root, (), 1, False, False)]
    while stack:
        schema, path, level, is_param, in_defs = stack.pop()
        out.append(_Node(schema, path, level, is_param, in_defs))
        if path and _CHILD_KEYS.isdisjoint(schema):
            continue  # a leaf, as most subschemas are
        deeper = level + 1 if _is_object(schema) else level
        props = schema.get("properties")
        if isinstance(props, dict):
            for name, sub in props.items():
                if isinstance(sub, dict):
                    stack.append((sub, path + ("properties", name), deeper, True, in_defs))
        items = schema.get("items")
        if isinstance(items, dict):
            stack.append((items, path + ("items",), level, False, in_defs))
        elif isinstance(items, list):
            for i, sub in enumerate(items):
                if isinstance(sub, dict):
                    stack.append((sub, path + ("items", i), level, False, in_defs))
        for key in _LIST_KEYS:
            subs = schema.get(key)
            if isinstance(subs, list):
                for i, sub in enumerate(subs):
                    if isinstance(sub, dict):
                        stack.append((sub, path + (key, i), level, False, in_defs))
        for key in _ONE_KEYS:
            sub = schema.get(key)
            if isinstance(sub, dict):
                stack.append((sub, path + (key,), level, False, in_defs))
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            stack.append((extra, path + ("additionalProperties",), deeper, False, in_defs))
        for key in _MAP_KEYS:
            subs = schema.get(key)
            if isinstance(subs, dict):
                for name, sub in subs.items():
                    if isinstance(sub, dict):
                        stack.append((sub, path + (key, name), deeper, False, in_defs))
        if not path:
            for key in ("$defs", "definitions"):
                defs = schema.get(key)
                if isinstance(defs, dict):
                    for name, sub in defs.items():
                        if isinstance(sub, dict):
                            stack.append((sub, (key, name), 1, False, True))
    return out


def _nullable_edits(path: tuple, prop: dict) -> list[Edit] | None:
    """Edits that make an optional property `prop` at `path` accept null, or None if not mechanical."""
    typ = prop.get("type")
    edits = []
    if isinstance(typ, str):
        if typ != "null":
            edits.append(Edit("set", path + ("type",), [typ, "null"]))
    elif isinstance(typ, list):
        if "null" not in typ:
            edits.append(Edit("set", path + ("type",), [*typ, "null"]))
    elif isinstance(prop.get("anyOf"), list):
        if not any(isinstance(b, dict) and b.get("type") == "null" for b in prop["anyOf"]):
            edits.append(Edit("set", path + ("anyOf",), [*prop["anyOf"], {"type": "null"}]))
    else:
        return None
    enum = prop.get("enum")
    if isinstance(enum, list) and None not in enum:
        edits.append(Edit("set", path + ("enum",), [*enum, None]))
    return edits


# why strict mode refuses an object that is not closed, by issue kind
_OPEN_OBJECT = {
    "free-form": "free-form object (no properties): strict mode needs every key declared",
    "extra-keys-allowed": "object allows extra keys (additionalProperties is not false)",
    "not-closed": "object has no \"additionalProperties\": false",
}


def _strict_object_issues(node: _Node):
    """(additionalProperties problem: a kind of _OPEN_OBJECT, fix, missing required names, fix) of an object
    node."""
    if node.object_issues is None:
        node.object_issues = _object_issues(node)
    return node.object_issues


def _object_issues(node: _Node):
    schema = node.schema
    props = schema.get("properties")
    ap = schema.get("additionalProperties", False if node.assume_closed else _MISSING)
    ap_problem = ap_fix = None
    if ap is not False:
        if not isinstance(props, dict):
            ap_problem = "free-form"
        elif isinstance(ap, dict) or ap is True:
            ap_problem = "extra-keys-allowed"
        else:
            ap_problem = "not-closed"
            ap_fix = Fix([Edit("set", node.path + ("additionalProperties",), False)],
                         "close the object: strict mode requires additionalProperties false")
    missing: list[str] = []
    req_fix = None
    if isinstance(props, dict) and props:
        required = schema.get("required")
        # a set: a tool may have tens of thousands of properties
        required = {r for r in required if isinstance(r, str)} if isinstance(required, list) else set()
        missing = [name for name in props if name not in required]
        if missing:
            edits = [Edit("set", node.path + ("required",), list(props))]
            for name in missing:
                sub = props[name]
                more = _nullable_edits(node.path + ("properties", name), sub) if isinstance(sub, dict) else None
                if more is None:
                    edits = None
                    break
                edits.extend(more)
            if edits is not None:
                req_fix = Fix(edits, "strict mode: list every property in required and make the optional ones "
                                     "nullable")
    return ap_problem, ap_fix, missing, req_fix


_MISSING = object()


def _check_openai_strict(root: dict, nodes: list[_Node], providers: list[str], issues: list[Issue]) -> None:
    src = SRC["openai-structured"]
    does_strict = "rejects the request (400 invalid_function_parameters) when strict is on"
    if root.get("anyOf") is not None:
        _add(issues, providers, rule=STRICT_UNSUPPORTED_KEYWORD, kind="root-any-of", outcome="rejected",
             what="the root schema uses anyOf (\"Root objects must not be anyOf\")", does=does_strict, path=(),
             source=src)
    total_props = 0
    enum_values = 0
    string_chars = 0
    deepest = None
    for node in nodes:
        schema = node.schema
        if _is_object(schema):
            ap_problem, ap_fix, missing, req_fix = _strict_object_issues(node)
            if ap_problem:
                _add(issues, providers, rule=STRICT_ADDITIONAL_PROPERTIES, kind=ap_problem, outcome="rejected",
                     what=_OPEN_OBJECT[ap_problem],
                     does=does_strict + ": \"additionalProperties is required to be supplied and to be false\"",
                     path=node.path, fix=ap_fix, source=src + "; " + SRC["openai-strict-errors"])
            if missing:
                names = ", ".join(f"'{n}'" for n in missing[:6]) + (" ..." if len(missing) > 6 else "")
                _add(issues, providers, rule=STRICT_ALL_REQUIRED, kind="optional-not-required", outcome="rejected",
                     what=f"optional parameter{'s' if len(missing) > 1 else ''} {names} not in required",
                     does=does_strict + f": \"'required' is required to be supplied and to be an array including "
                                        f"every key in properties. Missing '{missing[0]}'\"",
                     path=node.path, fix=req_fix, source=src + "; " + SRC["openai-strict-errors"])
            props = schema.get("properties")
            if isinstance(props, dict):
                total_props += len(props)
                string_chars += sum(len(k) for k in props)
            if deepest is None or node.level > deepest.level:
                deepest = node
        if _OPENAI_NODE_KEYS.isdisjoint(schema):
            continue  # none of the keywords below: most nodes
        for key in OPENAI_UNSUPPORTED:
            if key in schema:
                _add(issues, providers, rule=STRICT_UNSUPPORTED_KEYWORD, kind="unsupported-keyword",
                     outcome="rejected", what=f"\"{key}\" is not supported in strict mode", does=does_strict,
                     path=node.path, source=src + ("; " + SRC["openai-oneof"] if key == "oneOf" else ""), key=key)
        fmt = schema.get("format")
        if isinstance(fmt, str) and fmt not in OPENAI_FORMATS:
            _add(issues, providers, rule=STRICT_UNSUPPORTED_KEYWORD, kind="unsupported-format", outcome="rejected",
                 what=f"format '{fmt}' is not one strict mode supports",
                 does=does_strict + f": \"'{fmt}' is not a valid format\"", path=node.path,
                 source=src + "; " + SRC["openai-strict-errors"], key=fmt)
        enum = schema.get("enum")
        if isinstance(enum, list):
            enum_values += len(enum)
            strings = [v for v in enum if isinstance(v, str)]
            chars = sum(len(v) for v in strings)
            string_chars += chars
            if len(enum) > OPENAI_LARGE_ENUM and chars > OPENAI_LARGE_ENUM_CHARS:
                _add(issues, providers, rule=STRICT_SIZE_LIMITS, kind="large-enum", outcome="rejected",
                     what=f"enum of {len(enum)} values totals {chars} characters (limit {OPENAI_LARGE_ENUM_CHARS} "
                          f"above {OPENAI_LARGE_ENUM} values)", does=does_strict, path=node.path,
                     source=SRC["openai-limits"])
        const = schema.get("const")
        if isinstance(const, str):
            string_chars += len(const)
    for key in ("$defs", "definitions"):
        if isinstance(root.get(key), dict):
            string_chars += sum(len(k) for k in root[key])
    limits = [
        (total_props > OPENAI_MAX_PROPERTIES, "too-many-properties",
         f"{total_props} object properties (limit {OPENAI_MAX_PROPERTIES})", ()),
        (enum_values > OPENAI_MAX_ENUM_VALUES, "too-many-enum-values",
         f"{enum_values} enum values (limit {OPENAI_MAX_ENUM_VALUES})", ()),
        (string_chars > OPENAI_MAX_STRING_CHARS, "too-many-characters",
         f"{string_chars} characters of names and enum values (limit {OPENAI_MAX_STRING_CHARS})", ()),
        (deepest is not None and deepest.level > OPENAI_MAX_NESTING, "too-deep",
         f"objects nested {deepest.level if deepest else 0} levels deep (limit {OPENAI_MAX_NESTING})",
         deepest.path if deepest else ()),
    ]
    for hit, kind, what, path in limits:
        if hit:
            _add(issues, providers, rule=STRICT_SIZE_LIMITS, kind=kind, outcome="rejected", what=what,
                 does=does_strict, path=path, source=SRC["openai-limits"])


def _check_responses_normalization(root: dict, nodes: list[_Node], issues: list[Issue]) -> None:
    """Responses API, strict omitted: a schema that can be made strict is silently made strict."""
    probe: list[Issue] = []
    _check_openai_strict(root, nodes, ["openai"], probe)
    if any(i.rule in (STRICT_UNSUPPORTED_KEYWORD, STRICT_SIZE_LIMITS) or
           (i.rule == STRICT_ADDITIONAL_PROPERTIES and i.fix is None) for i in probe):
        return  # not normalizable: Responses falls back to non-strict, nothing changes
    for issue in probe:
        issue.outcome = "changed"
        if issue.rule == STRICT_ALL_REQUIRED:
            issue.does = ("(Responses API, strict omitted) normalizes the schema into strict mode: these parameters "
                          "become required and nullable, so the model must send them")
        else:
            issue.does = "(Responses API, strict omitted) normalizes the schema into strict mode and closes the object"
        issue.source = SRC["openai-responses"]
        issues.append(issue)


def _refs_in(schema) -> list[str]:
    found = []
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                found.append(ref)
            stack.extend(v for v in node.values() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend(v for v in node if isinstance(v, (dict, list)))
    return found


def _recursive_defs(root: dict, nodes: list[_Node]) -> set[str]:
    """Names of definitions that reach themselves through $ref (plus "#" for a ref to the root)."""
    if not any("$ref" in n.schema for n in nodes):
        return set()
    graph: dict[str, set[str]] = {}
    for key in ("$defs", "definitions"):
        defs = root.get(key)
        if isinstance(defs, dict):
            for name, sub in defs.items():
                graph[f"#/{key}/{name}"] = set(_refs_in(sub))
    if not graph and "#" not in _refs_in(root):
        return set()
    looping = set()
    if "#" in _refs_in({k: v for k, v in root.items() if k not in ("$defs", "definitions")}):
        looping.add("#")
    for start in graph:
        seen, stack = set(), list(graph[start])
        while stack:
            ref = stack.pop()
            if ref == start or ref == "#":
                looping.add(start)
                break
            if ref in seen or ref not in graph:
                continue
            seen.add(ref)
            stack.extend(graph[ref])
    return looping


def _check_anthropic_strict(root: dict, nodes: list[_Node], providers: list[str], issues: list[Issue]) -> None:
    src = SRC["anthropic-structured"]
    does = "answers 400 (unsupported schema feature) when strict is on"
    optional = 0
    unions = 0
    for node in nodes:
        schema = node.schema
        if _is_object(schema):
            ap_problem, ap_fix, missing, _ = _strict_object_issues(node)
            if ap_problem:
                _add(issues, providers, rule=STRICT_ADDITIONAL_PROPERTIES, kind=ap_problem, outcome="rejected",
                     what=_OPEN_OBJECT[ap_problem], does=does + ": additionalProperties must be false",
                     path=node.path, fix=ap_fix, source=src)
            if not node.in_defs:
                optional += len(missing)
        if node.is_param and not node.in_defs and (isinstance(schema.get("anyOf"), list) or
                                                   isinstance(schema.get("type"), list)):
            unions += 1
        if _ANTHROPIC_NODE_KEYS.isdisjoint(schema):
            continue  # none of the keywords below: most nodes
        for key in ANTHROPIC_UNSUPPORTED:
            if key in schema:
                _add(issues, providers, rule=STRICT_UNSUPPORTED_KEYWORD, kind="unsupported-keyword",
                     outcome="rejected", what=f"\"{key}\" is not supported in strict mode", does=does,
                     path=node.path, source=src, key=key)
        min_items = schema.get("minItems")
        if isinstance(min_items, int) and min_items > 1:
            _add(issues, providers, rule=STRICT_UNSUPPORTED_KEYWORD, kind="min-items", outcome="rejected",
                 what=f"minItems {min_items} (only 0 and 1 are supported in strict mode)", does=does,
                 path=node.path, source=src)
        fmt = schema.get("format")
        if isinstance(fmt, str) and fmt not in ANTHROPIC_FORMATS:
            _add(issues, providers, rule=STRICT_UNSUPPORTED_KEYWORD, kind="unsupported-format", outcome="rejected",
                 what=f"format '{fmt}' is not one strict mode supports", does=does, path=node.path, source=src,
                 key=fmt)
        enum = schema.get("enum")
        if isinstance(enum, list) and any(isinstance(v, (dict, list)) for v in enum):
            _add(issues, providers, rule=STRICT_UNSUPPORTED_KEYWORD, kind="complex-enum", outcome="rejected",
                 what="enum holds objects or arrays (complex types within enums)", does=does, path=node.path,
                 source=src)
        ref = schema.get("$ref")
        if isinstance(ref, str) and not ref.startswith("#"):
            _add(issues, providers, rule=STRICT_UNSUPPORTED_KEYWORD, kind="external-ref", outcome="rejected",
                 what=f"external $ref '{ref}'", does=does, path=node.path, source=src, key=ref)
        all_of = schema.get("allOf")
        if isinstance(all_of, list) and any(isinstance(b, dict) and "$ref" in b for b in all_of):
            _add(issues, providers, rule=STRICT_UNSUPPORTED_KEYWORD, kind="all-of-ref", outcome="rejected",
                 what="allOf with $ref", does=does, path=node.path, source=src)
        pattern = schema.get("pattern")
        if isinstance(pattern, str) and _UNSUPPORTED_REGEX.search(pattern):
            _add(issues, providers, rule=STRICT_UNSUPPORTED_KEYWORD, kind="regex-feature", outcome="rejected",
                 what="pattern uses a backreference, lookaround or \\b", does=does, path=node.path, source=src)
    for ref in sorted(_recursive_defs(root, nodes)):
        path = () if ref == "#" else tuple(ref[2:].split("/"))
        _add(issues, providers, rule=STRICT_UNSUPPORTED_KEYWORD, kind="recursive-schema", outcome="rejected",
             what="recursive schema (a definition refers back to itself)", does=does, path=path, source=src)
    limits = SRC["anthropic-limits"]
    if optional > ANTHROPIC_MAX_OPTIONAL:
        _add(issues, providers, rule=STRICT_SIZE_LIMITS, kind="too-many-optional", outcome="rejected",
             what=f"{optional} optional parameters (limit {ANTHROPIC_MAX_OPTIONAL} per request)",
             does=does.replace("(unsupported schema feature)", "(strict complexity limit)"), path=(), source=limits)
    if unions > ANTHROPIC_MAX_UNIONS:
        _add(issues, providers, rule=STRICT_SIZE_LIMITS, kind="too-many-unions", outcome="rejected",
             what=f"{unions} parameters with union types (limit {ANTHROPIC_MAX_UNIONS} per request)",
             does=does.replace("(unsupported schema feature)", "(strict complexity limit)"), path=(), source=limits)


def anthropic_strict_load(tool) -> tuple[int, int]:
    """(optional parameters, union-typed parameters) a tool adds to a request's strict budget."""
    schema = tool.input_schema
    if not isinstance(schema, dict) or schema.get("type") not in ("object", None):
        return 0, 0
    optional = unions = 0
    for node in _collect(schema):
        if node.in_defs:
            continue
        if _is_object(node.schema):
            optional += len(_strict_object_issues(node)[2])
        if node.is_param and (isinstance(node.schema.get("anyOf"), list) or isinstance(node.schema.get("type"), list)):
            unions += 1
    return optional, unions


GEMINI_PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")


def _check_gemini(tool, root: dict, issues: list[Issue]) -> None:
    json_schema_field = tool.format == "gemini" and "parametersJsonSchema" in tool.raw
    props = root.get("properties")
    if isinstance(props, dict):
        # documented for the top-level parameters only; no 400 seen in public reports, hence "changed" (a warning)
        for name in props:
            if isinstance(name, str) and not GEMINI_PARAM_NAME.match(name):
                _add(issues, ["gemini"], rule=GEMINI_SCHEMA_SUBSET, kind="param-name", outcome="changed",
                     what=f"parameter name '{name[:70]}' is outside Gemini's documented names (a letter or _ "
                          "first, then a-z, A-Z, 0-9 or _, at most 64)", key=name, path=("properties", name),
                     does="documents such names as invalid: a request may be refused, or a client may rename the "
                          "parameter before the model sees it", source=SRC["gemini-param-name"])
    if json_schema_field:
        for node in _collect(root):
            schema = node.schema
            if "$ref" in schema:
                extra = sorted(k for k in schema if k not in ("$ref", "description", "default")
                               and not k.startswith("x-schemalint"))
                if extra:
                    _add(issues, ["gemini"], rule=GEMINI_SCHEMA_SUBSET, kind="ref-siblings", outcome="rejected",
                         what=f"$ref has sibling keys {', '.join(extra)}", key=", ".join(extra),
                         does="answers 400 \"If a schema node has $ref set, then only description and default can "
                              "be set alongside it\"", path=node.path, source=SRC["gemini-json-schema"])
        return
    how = "`parameters`" if tool.format == "gemini" else "`parameters` (as most clients send it)"
    stack = [(root, ())]
    while stack:
        schema, path = stack.pop()
        unknown = [k for k in schema if k not in GEMINI_FIELDS and not k.startswith("x-schemalint")] \
            if not GEMINI_FIELDS.issuperset(schema) else None
        if unknown:
            shown = ", ".join(sorted(unknown)[:6])
            _add(issues, ["gemini"], rule=GEMINI_SCHEMA_SUBSET, kind="unknown-keys", outcome="rejected",
                 what=f"{'keys' if len(unknown) > 1 else 'key'} {shown} outside Gemini's Schema",
                 key=", ".join(sorted(unknown)),
                 does=f"sent as {how}, answers 400 \"Invalid JSON payload received. Unknown name \\\"{unknown[0]}\\\" "
                      f"... Cannot find field.\" (parametersJsonSchema accepts it)",
                 path=path, source=SRC["gemini-schema"])
        typ = schema.get("type")
        if isinstance(typ, list):
            _add(issues, ["gemini"], rule=GEMINI_SCHEMA_SUBSET, kind="type-list", outcome="rejected",
                 what=f"type is a list {typ}", path=path, source=SRC["gemini-schema"],
                 key=", ".join(map(str, typ)),
                 does=f"sent as {how}, answers 400 \"Proto field is not repeating, cannot start list.\" (use "
                      "nullable: true, or parametersJsonSchema)")
        items = schema.get("items")
        if isinstance(items, list):
            _add(issues, ["gemini"], rule=GEMINI_SCHEMA_SUBSET, kind="items-list", outcome="rejected",
                 what="items is a list (tuple)",
                 does=f"sent as {how}, answers 400 \"Proto field is not repeating, cannot start list.\"",
                 path=path, source=SRC["gemini-schema"])
        enum = schema.get("enum")
        if isinstance(enum, list) and any(not isinstance(v, str) for v in enum):
            _add(issues, ["gemini"], rule=GEMINI_SCHEMA_SUBSET, kind="enum-not-strings", outcome="rejected",
                 what="enum has non-string values", does=f"sent as {how}, rejects it: Schema.enum is a list of strings",
                 path=path, source=SRC["gemini-schema"])
        props = schema.get("properties")
        if isinstance(props, dict):
            for name, sub in props.items():
                if isinstance(sub, dict):
                    stack.append((sub, path + ("properties", name)))
        if isinstance(items, dict):
            stack.append((items, path + ("items",)))
        any_of = schema.get("anyOf")
        if isinstance(any_of, list):
            for i, sub in enumerate(any_of):
                if isinstance(sub, dict):
                    stack.append((sub, path + ("anyOf", i)))


def _check_mcp_dialect(root: dict, nodes: list[_Node], issues: list[Issue]) -> None:
    if "$schema" in root:
        return
    for node in nodes:
        schema = node.schema
        found = [k for k in _DRAFT4_ONLY if k in schema]
        found += [k for k in ("exclusiveMinimum", "exclusiveMaximum") if isinstance(schema.get(k), bool)]
        if isinstance(schema.get("items"), list):
            found.append("items as a list")
        if found:
            _add(issues, ["mcp"], rule=MCP_SCHEMA_DIALECT, kind="draft-syntax", outcome="changed",
                 what=f"draft-04/07 syntax ({', '.join(found)}) without a $schema", key=", ".join(found),
                 does="reads the schema as JSON Schema 2020-12, where these keywords are ignored or invalid: "
                      "clients validate arguments differently than written, strict validators refuse the schema",
                 path=node.path, source=SRC["mcp-dialect"] + "; " + SRC["json-schema-2020"])


def param_of(path: tuple) -> str | None:
    """The parameter a provider issue is about; `$defs` entries are named "#Name"."""
    return _param_of(path, definitions=True)
