"""consistency: one name, one meaning across the tools of a catalog.

The model carries values from one call to the next: the `dashboard_id` one tool returned goes into the
next tool's `dashboard_id`. When the catalog types that name differently in two tools, the value arrives
in the wrong type at one of them. What counts as one catalog is decided as in `rules/references.py`
(one container; datasets and libraries of unrelated tools are left out).
"""
from __future__ import annotations

import re

from schemalint.engine.location import at
from schemalint.engine.rule import Rule, bad

from ._schema import declared_types, param_for_path
from ._text import lazy_re, name_tokens
from .parameters import is_count_name
from .references import SCOPE_HELP, SCOPE_OPTIONS, _scope_options, catalogs_of
from .versioning import SCOPES

OPENAI_FUNCTION_CALLING = (
    "OpenAI, 'Function calling' guide (platform.openai.com/docs/guides/function-calling), best practices: "
    "use enums and object structure to make invalid states unrepresentable; the model fills arguments from the "
    "schema it is shown, and outside strict mode arguments are not guaranteed to match it"
)
ANTHROPIC_WRITING_TOOLS = (
    "Anthropic Engineering, 'Writing effective tools for AI agents' (anthropic.com/engineering, 2025): "
    "namespacing and consistent, unambiguous parameter names across related tools; identifiers an agent "
    "obtains from one tool and passes to another"
)
CORPUS_EXAMPLES = (
    "schemalint corpus reading (../shared/corpus/mcp): github-mcp-server types `comment_id` integer in "
    "add_issue_comment and number in the reaction tools, `milestone` number in issue_write and integer in "
    "update_issue_milestone; SonarQube types `page` string in one tool and number in two; PostHog's "
    "`dashboardId` is integer in add-insight-to-dashboard and number in dashboard-get/-update/-delete"
)

SCALARS = frozenset({"string", "integer", "number", "boolean"})

# one-word names that mean a different thing in every tool (`id` of a story vs of a user, `value`, `data`)
GENERIC = frozenset((
    "id ids name names type types value values data key keys query text input output content body format mode "
    "kind code status state filter filters options option params parameters args arguments config settings "
    "metadata source target result path url uri title description message label tag level size index number "
    "amount x y z a b c n low high min max start end from to time date duration "
    "item items entry field fields scope version timeout").split())

# names whose value is a whole number wherever they appear: ids and ordinals, not measurements
_WHOLE_LAST = frozenset("id ids number num no nr idx index milestone port pid year month week day rank ordinal "
                        "priority quantity qty line column row floor seat step stage".split())
_FRACTION = lazy_re(r"\b(?:decimal|fraction|fractional|float|floating|percent(?:age)?|ratio)\b|\d\.\d*[1-9]", re.I)


def _types(schema, fmt: str) -> frozenset | None:
    """The non-null JSON types of a property, reading a nullable `anyOf`/`oneOf` wrapper too."""
    types = declared_types(schema, fmt)
    if types is None and isinstance(schema, dict):
        for key in ("anyOf", "oneOf"):
            branches = schema.get(key)
            if isinstance(branches, list):
                found = set()
                for branch in branches:
                    branch_types = declared_types(branch, fmt)
                    if branch_types is None:
                        return None
                    found |= branch_types
                types = frozenset(found)
                break
    if not types:
        return None
    return frozenset(types - {"null"}) or None


def _properties(schema, path: tuple, out: dict, depth: int) -> None:
    """name -> [(path, schema)] for every property at any depth (through items and branches)."""
    if depth > 16 or not isinstance(schema, dict):
        return
    props = schema.get("properties")
    if isinstance(props, dict):
        for name, sub in props.items():
            if isinstance(name, str):
                out.setdefault(name, []).append((path + ("properties", name), sub))
                _properties(sub, path + ("properties", name), out, depth + 1)
    if isinstance(schema.get("items"), dict):
        _properties(schema["items"], path + ("items",), out, depth + 1)
    for key in ("anyOf", "oneOf", "allOf"):
        branches = schema.get(key)
        if isinstance(branches, list):
            for i, branch in enumerate(branches):
                _properties(branch, path + (key, i), out, depth + 1)


def _named_places(tool) -> dict:
    """(name, in a list element) -> [(path, schema)] for every property of the tool. A field of a list's
    elements (`fields[].field_id`) describes another record than the tool's own arguments, so it is compared
    only with fields of list elements."""
    found: dict = {}
    _properties(tool.input_schema, (), found, 0)
    grouped: dict = {}
    for name, places in found.items():
        for path, schema in places:
            grouped.setdefault((name, "items" in path), []).append((path, schema))
    return grouped


def _scalar_type(places: list, fmt: str):
    """(type, path, schema) when the tool types a name one way, a scalar type; else None."""
    kinds = {_types(schema, fmt) for _, schema in places}
    if len(kinds) != 1:
        return None  # typed two ways inside one tool: not this rule's question
    (kind,) = kinds
    if kind is None or len(kind) != 1 or not kind <= SCALARS:
        return None
    path, schema = places[0]
    return next(iter(kind)), path, schema


def _shows_fractions(schema) -> bool:
    if not isinstance(schema, dict):
        return False
    for key in ("default", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"):
        value = schema.get(key)
        if isinstance(value, float) and not value.is_integer():
            return True
    for value in schema.get("examples") or ():
        if isinstance(value, float) and not value.is_integer():
            return True
    description = schema.get("description")
    return isinstance(description, str) and bool(_FRACTION.search(description))


def _word_enum(schema) -> bool:
    """A string enum of words with no number among them (`["info", "warning", "critical"]`)."""
    values = schema.get("enum") if isinstance(schema, dict) else None
    if not isinstance(values, list) or not values:
        return False
    return not any(isinstance(v, str) and v.strip().lstrip("-").replace(".", "", 1).isdigit() for v in values)


def _whole_number_name(name: str) -> bool:
    words = name_tokens(name)
    return bool(words) and words[-1] in _WHOLE_LAST and not is_count_name(name)


def _specific(name: str) -> bool:
    words = name_tokens(name)
    return len(words) > 1 or (len(words) == 1 and words[0] not in GENERIC)


def _list(names: list) -> str:
    shown = ", ".join(f"'{n}'" for n in names[:3])
    return shown + (f" and {len(names) - 3} more" if len(names) > 3 else "")


_ARTICLE = {"string": "a string", "integer": "an integer", "number": "a number", "boolean": "a boolean"}


class InconsistentParamType(Rule):
    """Finds a parameter name typed differently in two tools of one catalog: `dashboard_id` an integer in one
    tool and a string in another, or `number` in one where a sibling says `integer`.

    Why: the model passes values between tools by name: the id one tool returned goes into the next tool's
    parameter of the same name. When the types differ, one of the two calls gets the wrong type (`"42"`
    where 42 is required, `42.0` for an id), and a server that validates arguments rejects it; where it
    does not, the backend does. The corpus has this in real servers (see sources).

    Reported on the tools in the minority (the later type on a tie), once per tool and name, with the
    tools that type it otherwise. `number` against `integer` is reported only for names that are whole
    numbers wherever they appear (ids, numbers, indexes, ordinals, ports, years, quantities, priorities:
    `comment_id`, `milestone`, `line`) and when
    the `number` side shows no fractions; counts and limits are left to `count-typed-as-number`, and
    measurements (`speed`, `radius`, `low`/`high` of a random float) may well be fractional.

    Names are compared at any depth (PostHog's `data.dashboardId` against a top-level `dashboardId`), but a
    field of list elements (`fields[].field_id`) only with fields of list elements: it belongs to another
    record. Silent for one-word generic names (`id`, `value`, `data`, `query`: their meaning changes from
    tool to tool), for arrays and objects (a plural list and a single value often share a name on purpose),
    and for datasets and libraries of unrelated tools (see `rules/references.py`).

    Example:
        add_insight_to_dashboard: {"dashboardId": {"type": "integer"}}
        dashboard_get:            {"dashboardId": {"type": "string"}}

    Use instead:
        {"dashboardId": {"type": "integer"}} in both.
    """

    id = "inconsistent-param-type"
    category = "parameters"
    severity = "warning"
    summary = "One parameter name has different types in two tools of a catalog"
    hint = "Give the name one type across the catalog (the one the backend uses for that value)."
    sources = (OPENAI_FUNCTION_CALLING, ANTHROPIC_WRITING_TOOLS, CORPUS_EXAMPLES)
    messages = {
        "mixed-types": "'{param}' is {type} here but {other_type} in {others}: a value passed from one tool to "
                       "the other arrives in the wrong type",
        "number-for-integer": "'{param}' is typed `number` here but `integer` in {others}: it is a whole number "
                              "(an id or ordinal), and `number` lets the model send 42.0 or 4.5",
    }
    identity_keys = {"mixed-types": ("param", "type", "other_type"), "number-for-integer": ("param",)}
    options = dict(SCOPE_OPTIONS)
    option_choices = {"scope": SCOPES}
    option_help = dict(SCOPE_HELP)
    node_kinds = frozenset()
    valid = [
        [{"name": "get_dashboard", "description": "Get a dashboard.",
          "input_schema": {"type": "object", "properties": {"dashboard_id": {"type": "integer"}}}},
         {"name": "delete_dashboard", "description": "Delete a dashboard.",
          "input_schema": {"type": "object", "properties": {"dashboard_id": {"type": "integer"}}}}],
        # `id` names a story in one tool and a user in the other
        [{"name": "get_story", "description": "Get a story.",
          "input_schema": {"type": "object", "properties": {"id": {"type": "number"}}}},
         {"name": "get_user", "description": "Get a user by name.",
          "input_schema": {"type": "object", "properties": {"id": {"type": "string"}}}}],
        # a random float's bounds are fractional
        [{"name": "random_int", "description": "A random integer.",
          "input_schema": {"type": "object", "properties": {"low": {"type": "integer"}}}},
         {"name": "random_float", "description": "A random float.",
          "input_schema": {"type": "object", "properties": {"low": {"type": "number"}}}}],
    ]
    invalid = [
        bad([{"name": "add_insight_to_dashboard", "description": "Add an insight to a dashboard.",
              "input_schema": {"type": "object", "properties": {"dashboard_id": {"type": "integer"}}}},
             {"name": "update_dashboard", "description": "Update a dashboard.",
              "input_schema": {"type": "object", "properties": {"dashboard_id": {"type": "integer"}}}},
             {"name": "get_dashboard", "description": "Get a dashboard.",
              "input_schema": {"type": "object", "properties": {"dashboard_id": {"type": "string"}}}}],
            "mixed-types"),
        bad([{"name": "add_issue_comment", "description": "Comment on an issue.",
              "input_schema": {"type": "object", "properties": {"comment_id": {"type": "integer"}}}},
             {"name": "add_comment_reaction", "description": "React to a comment.",
              "input_schema": {"type": "object", "properties": {"comment_id": {"type": "number"}}}}],
            "number-for-integer"),
    ]

    def check_catalog(self, tools, ctx):
        scope, max_size = _scope_options(self)
        for catalog in catalogs_of(tools, scope, max_size, ctx):
            places = [_named_places(tool) for tool in catalog]
            tools_with: dict = {}
            for named in places:
                for key in named:
                    tools_with[key] = tools_with.get(key, 0) + 1
            by_name: dict = {}
            for tool, named in zip(catalog, places):
                for key, spots in named.items():
                    # a name in one tool, or a generic one, is never reported: its types are not read
                    if tools_with[key] < 2 or not _specific(key[0]):
                        continue
                    typed = _scalar_type(spots, tool.format)
                    if typed is not None:
                        by_name.setdefault(key, []).append((tool, *typed))
            for (name, _), uses in by_name.items():
                kinds = {kind for _, kind, _, _ in uses}
                if len(kinds) > 1:
                    self._report(name, uses, kinds, ctx)

    def _report(self, name: str, uses: list, kinds: set, ctx) -> None:
        if kinds == {"integer", "number"}:
            if not _whole_number_name(name) or any(_shows_fractions(s) for _, k, _, s in uses if k == "number"):
                return
            others = [t.name for t, k, _, _ in uses if k == "integer"]
            for tool, kind, path, _ in uses:
                if kind == "number":
                    ctx.report(at(tool, path=path, param=param_for_path(path)), "number-for-integer",
                               {"param": name, "others": _list(others)})
            return
        if "boolean" in kinds or any(k == "string" and _word_enum(s) for _, k, _, s in uses):
            return  # a flag against a text, or levels ("low", "high") against a scale: two meanings, not one
        tally: dict = {}
        for _, kind, _, _ in uses:
            tally[kind] = tally.get(kind, 0) + 1
        order = {kind: i for i, (_, kind, _, _) in reversed(list(enumerate(uses)))}
        majority = max(tally, key=lambda k: (tally[k], -order[k]))
        others = [t.name for t, k, _, _ in uses if k == majority]
        for tool, kind, path, _ in uses:
            if kind == majority or {kind, majority} == {"integer", "number"}:
                continue
            ctx.report(at(tool, path=path, param=param_for_path(path)), "mixed-types",
                       {"param": name, "type": _ARTICLE[kind], "other_type": _ARTICLE[majority],
                        "others": _list(others)})
