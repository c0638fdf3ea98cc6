"""ordering: required parameters buried behind optional ones or late in the property order."""
from __future__ import annotations

import math
import os

from schemalint.engine.location import node_at
from schemalint.engine.rule import Rule, bad
from schemalint.model import Edit, Fix
from schemalint.vocabulary import BRANCHES

from ._examples import integer, params, string, tool
from ._text import name_tokens

# words that name the scope a call runs in; a dropped scope fails the call or silently picks a default one
SCOPE_WORDS = frozenset({"tenant", "org", "organization", "organisation", "account", "workspace", "project",
                         "namespace", "realm", "subscription"})
# words that scope a call only when they are identifiers (`team_id`, not a team's display name)
SCOPE_WORDS_AS_ID = frozenset({"team", "customer", "company", "site", "store", "shop", "repo", "repository",
                               "space", "environment", "owner", "cluster", "region"})
ID_SUFFIXES = frozenset({"id", "ids", "key", "slug", "ref", "uuid"})
# a run of sorted names this long is alphabetical by design, not by chance (1 in 5! = 120)
SORTED_BY_DESIGN_LENGTH = 5
# a folder counts as an alphabetical snapshot when its sorted objects would sort by chance less than 1 in 10^4
SNAPSHOT_EVIDENCE = math.log(1e4)


def is_scoping(name: str) -> bool:
    tokens = name_tokens(name)
    if not tokens:
        return False
    if len(tokens) == 1:
        return tokens[0] in SCOPE_WORDS or tokens[0] in ("repo", "repository")
    if tokens[-1] in ID_SUFFIXES or tokens[-1] == "name":
        head = tokens[-2]
        if head in SCOPE_WORDS:
            return True
        return head in SCOPE_WORDS_AS_ID and tokens[-1] != "name"
    return False


def _is_sorted(names: list) -> bool:
    return names == sorted(names, key=str.lower) or names == sorted(names)


def _object_key_lists(schema, out: list, depth: int = 0) -> None:
    """Property name lists of every object with two or more properties inside `schema`."""
    if not isinstance(schema, dict) or depth > 12:
        return
    props = schema.get("properties")
    if isinstance(props, dict):
        if len(props) >= 2:
            out.append(list(props))
        for sub in props.values():
            _object_key_lists(sub, out, depth + 1)
    for key in ("items", "additionalProperties"):
        _object_key_lists(schema.get(key), out, depth + 1)
    for key in BRANCHES:
        branches = schema.get(key)
        if isinstance(branches, list):
            for sub in branches:
                _object_key_lists(sub, out, depth + 1)
    for key in ("$defs", "definitions"):
        defs = schema.get(key)
        if isinstance(defs, dict):
            for sub in defs.values():
                _object_key_lists(sub, out, depth + 1)


class SortedSnapshots:
    """Which folders are sorted snapshots, judged for a folder when first asked (most runs ask about none).

    A folder qualifies when at least 90% of its objects with two or more properties are sorted and the
    sorted ones together would come out sorted by chance less than once in 10,000 (sum of ln n!).
    """

    def __init__(self, tools):
        self.tools: dict[str, list] = {}
        folder_of: dict = {}  # a document's folder, once per document
        for tool in tools:
            path = tool.file
            folder = folder_of.get(path)
            if folder is None:
                folder = folder_of[path] = os.path.dirname(path)
            self.tools.setdefault(folder, []).append(tool)
        self._answers: dict[str, bool] = {}

    def __contains__(self, folder: str) -> bool:
        answer = self._answers.get(folder)
        if answer is None:
            answer = self._answers[folder] = _sorted_throughout(self.tools.get(folder, ()))
        return answer


def _sorted_throughout(tools) -> bool:
    total = sorted_count = 0
    evidence = 0.0
    for tool in tools:
        lists: list = []
        _object_key_lists(tool.input_schema, lists)
        for names in lists:
            total += 1
            if _is_sorted(names):
                sorted_count += 1
                evidence += math.lgamma(len(names) + 1)
    return bool(total) and sorted_count >= 0.9 * total and evidence >= SNAPSHOT_EVIDENCE


class BuriedRequiredParam(Rule):
    """Finds required parameters placed after a run of optional ones in a long property list.

    Why: models fill arguments roughly in the order the schema lists them and
    attend less to late properties of long schemas. A required parameter that
    comes after a run of optional ones is the one an agent drops, and the call
    fails or, worse, runs against the wrong scope. Scoping identifiers (tenant,
    organization, account, workspace, project ids) hurt most: dropping them
    either fails or silently picks a default scope, so they are reported as
    warnings, at any length; other parameters as info.

    Thresholds (from the corpus of 19,000 real tools: 96% of required
    parameters have no optional one before them, 2.3% have exactly one, which
    reads as natural grouping such as `location, format, num_days`, and 1.3%
    have two or more): a required parameter is reported when
    `min-optional-before` (2) optional ones precede it. A parameter that is
    not a scope is reported only in the back half of an object of
    `min-properties` (7) or more: 95% of real tools have at most 6
    parameters, and a schema that short is read whole, so the position of
    one of them changes nothing; nor is the third of eleven buried.
    `late-position` (off by default) also reports a required parameter past
    that position with a single optional one before it.

    The rule stays silent where property order carries no meaning: objects
    whose property names are in alphabetical order by design, that is five or
    more sorted names, or sorted objects in a folder whose schemas are sorted
    throughout (generated snapshots such as github-mcp-server's toolsnaps).
    Set `check-sorted` to report them anyway.

    Example:
        properties: query, limit, cursor, sort, tenant_id   (required: query, tenant_id)

    Use instead:
        properties: tenant_id, query, limit, cursor, sort
    """

    id = "buried-required-param"
    category = "ordering"
    severity = "info"
    summary = "A required parameter comes after optional ones"
    sources = (
        "Anthropic, 'Define tools' (docs.anthropic.com, tool use): put the most important information first; "
        "required inputs must be unambiguous",
        "Liu et al., 'Lost in the Middle: How Language Models Use Long Contexts' (TACL 2024): "
        "information placed late in the context is used less reliably",
        "schemalint corpus measurement (real third-party catalogs: BFCL, MCP servers, ToolBench, Glaive, Seal-Tools; 11,182 required parameters in 5,583 distinct objects): "
        "96.4% have no optional parameter before them, 2.3% one, 1.3% two or more; the defaults flag that tail",
    )
    hint = "Move required parameters before optional ones (schemalint fix reorders them)."
    fixable = "always"
    node_kinds = frozenset({"root", "items", "property", "branch", "definition", "additional"})
    node_keys = frozenset({"required"})  # it reads "properties" and "required" together
    options = {"min-optional-before": 2, "min-properties": 7, "late-position": 0, "check-sorted": False}
    option_help = {
        "min-optional-before": "optional parameters before a required one that make it buried (a count)",
        "min-properties": "properties an object needs before the position of a required parameter that is not a "
                          "scope is reported (a count)",
        "late-position": "a required parameter after this many properties is buried when any optional one "
                         "precedes it (a count; 0, the default, turns the check off)",
        "check-sorted": "also check objects whose property names are in alphabetical order (true or false)",
    }
    messages = {"buried": "required {kind} '{name}' is property {position} of {count}, after {optional} optional "
                          "{ones}"}
    identity_keys = {"buried": ("name",)}  # positions and counts change with unrelated edits: the finding is the name
    valid = [
        {"name": "search_users", "description": "Search users.",
         "input_schema": {"type": "object", "required": ["tenant_id", "query"],
                          "properties": {"tenant_id": {"type": "string"}, "query": {"type": "string"},
                                         "limit": {"type": "integer"}, "cursor": {"type": "string"}}}},
        # alphabetical order: key order carries no meaning
        {"name": "list_issues", "description": "List issues.",
         "input_schema": {"type": "object", "required": ["repo"],
                          "properties": {"after": {"type": "string"}, "labels": {"type": "array"},
                                         "perPage": {"type": "integer"}, "repo": {"type": "string"},
                                         "state": {"type": "string"}}}},
        # one optional parameter before a required one is natural grouping, not burying
        {"name": "get_forecast", "description": "Get the weather forecast.",
         "input_schema": {"type": "object", "required": ["location", "num_days"],
                          "properties": {"location": {"type": "string"}, "format": {"type": "string"},
                                         "num_days": {"type": "integer"}}}},
        # a short schema is read whole: `gender` third of four is not buried (LiveMCPBench getBaziDetail)
        tool("getBaziDetail", "Get a Bazi reading.", params(solarDatetime=string(), lunarDatetime=string(),
                                                             gender=integer(), eightCharProviderSect=integer()),
             required=["gender"]),
    ]
    invalid = [
        bad(tool("search_users", "Search users.", params(query=string(), limit=integer(), cursor=string(),
                                                         sort=string(), tenant_id=string()),
                 required=["query", "tenant_id"]),
            "buried",
            fixed=tool("search_users", "Search users.", params(query=string(), tenant_id=string(), limit=integer(),
                                                               cursor=string(), sort=string()),
                       required=["query", "tenant_id"])),
        bad(tool("find_trips", "Find trips.", params(origin=string(), sort=string(), limit=integer(), page=integer(),
                                                     currency=string(), adults=integer(), destination=string()),
                 required=["origin", "destination"]),
            "buried",
            fixed=tool("find_trips", "Find trips.", params(origin=string(), destination=string(), sort=string(),
                                                           limit=integer(), page=integer(), currency=string(),
                                                           adults=integer()),
                       required=["origin", "destination"])),
    ]

    def _in_sorted_snapshot(self, tool, ctx) -> bool:
        folders = ctx.cache("sorted-snapshot-folders", lambda: SortedSnapshots(ctx.catalog.tools))
        return os.path.dirname(tool.file) in folders

    def check_node(self, node, ctx):
        schema = node.schema
        if not isinstance(schema, dict):
            return
        props = schema.get("properties")
        required = schema.get("required")
        if not isinstance(props, dict) or not isinstance(required, list) or len(props) < 2:
            return
        names = list(props)
        min_optional = self.opts["min-optional-before"]
        late_position = self.opts["late-position"]
        long_enough = len(names) >= self.opts["min-properties"]
        required_set = {r for r in required if isinstance(r, str)}
        optional_seen = 0
        buried = []
        for index, name in enumerate(names):
            if name in required_set:
                if optional_seen and (optional_seen >= min_optional or (late_position and index >= late_position)) \
                        and (is_scoping(name) or long_enough and index >= len(names) / 2):
                    buried.append((index, name, optional_seen))
            else:
                optional_seen += 1
        if not buried:
            return
        if not self.opts["check-sorted"] and _is_sorted(names) and (
                len(names) >= SORTED_BY_DESIGN_LENGTH or self._in_sorted_snapshot(node.tool, ctx)):
            return
        new_order = [n for n in names if n in required_set] + [n for n in names if n not in required_set]
        fix = Fix([Edit("reorder", node.path + ("properties",), new_order)],
                  "move required parameters before optional ones")
        for index, name, optional_before in buried:
            scoping = is_scoping(name)
            param = name if node.param is None else f"{node.param}.{name}"
            ctx.report(node_at(node, suffix=("properties", name), param=param), "buried",
                       {"kind": "scoping parameter" if scoping else "parameter", "name": name, "position": index + 1,
                        "count": len(names), "optional": optional_before,
                        "ones": "one" if optional_before == 1 else "ones"},
                       severity="warning" if scoping else None, fix=fix)
