"""ordering: required parameters buried behind optional ones."""
from __future__ import annotations

from schemalint.engine.rule import Rule
from schemalint.model import Edit, Fix

from ._text import name_tokens

SCOPING_WORDS = {"tenant", "org", "organization", "organisation", "account", "workspace", "project", "team",
                 "customer", "company", "namespace", "realm", "site", "owner", "repo", "repository"}


def is_scoping(name: str) -> bool:
    tokens = name_tokens(name)
    return bool(tokens) and tokens[0] in SCOPING_WORDS and (len(tokens) == 1 or tokens[-1] in ("id", "key", "slug", "name"))


class BuriedRequiredParam(Rule):
    """Finds required parameters placed after optional ones.

    Why: models fill arguments roughly in the order the schema lists them and
    attend less to late properties of long schemas. A required parameter that
    comes after a run of optional ones is the one an agent drops, and the call
    fails or, worse, runs against the wrong scope. Scoping identifiers (tenant,
    organization, account, workspace, project) hurt most: dropping them either
    fails or silently picks a default scope.

    The rule stays silent where property order carries no meaning: schemas
    whose property names are in alphabetical order (as generated snapshots,
    e.g. github-mcp-server's toolsnaps, often are) unless `check-sorted` is set.

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
        "schemalint corpus measurement (../shared/corpus): most required parameters sit before optional ones; "
        "the thresholds flag the tail",
    )
    hint = "Move required parameters before optional ones (schemalint fix reorders them)."
    fixable = True
    node_kinds = frozenset({"root", "items", "property", "branch", "definition", "additional"})
    options = {"min-optional-before": 2, "check-sorted": False}
    valid = [
        {"name": "search_users", "description": "Search users.",
         "input_schema": {"type": "object", "required": ["tenant_id", "query"],
                          "properties": {"tenant_id": {"type": "string"}, "query": {"type": "string"},
                                         "limit": {"type": "integer"}, "cursor": {"type": "string"}}}},
        # alphabetical order: key order carries no meaning
        {"name": "list_issues", "description": "List issues.",
         "input_schema": {"type": "object", "required": ["repo"],
                          "properties": {"after": {"type": "string"}, "labels": {"type": "array"},
                                         "perPage": {"type": "integer"}, "repo": {"type": "string"}}}},
    ]
    invalid = [
        {"name": "search_users", "description": "Search users.",
         "input_schema": {"type": "object", "required": ["query", "tenant_id"],
                          "properties": {"query": {"type": "string"}, "limit": {"type": "integer"},
                                         "cursor": {"type": "string"}, "sort": {"type": "string"},
                                         "tenant_id": {"type": "string"}}}},
    ]

    def check_node(self, node, ctx):
        schema = node.schema
        if not isinstance(schema, dict):
            return
        props = schema.get("properties")
        required = schema.get("required")
        if not isinstance(props, dict) or not isinstance(required, list) or len(props) < 2:
            return
        names = list(props)
        if not self.opts["check-sorted"] and len(names) >= 3 and names == sorted(names, key=str.lower):
            return
        required_set = {r for r in required if isinstance(r, str)}
        optional_seen = 0
        buried = []
        for index, name in enumerate(names):
            if name in required_set:
                if optional_seen >= self.opts["min-optional-before"]:
                    buried.append((index, name, optional_seen))
            else:
                optional_seen += 1
        if not buried:
            return
        new_order = [n for n in names if n in required_set] + [n for n in names if n not in required_set]
        fix = Fix([Edit("reorder", node.path + ("properties",), new_order)],
                  "move required parameters before optional ones")
        for index, name, optional_before in buried:
            scoping = is_scoping(name)
            kind = "scoping parameter" if scoping else "parameter"
            param = name if node.param is None else f"{node.param}.{name}"
            ctx.report(
                node.tool,
                f"required {kind} '{name}' is property {index + 1} of {len(names)}, after {optional_before} optional ones",
                path=node.path + ("properties", name), param=param,
                severity="warning" if scoping else None, fix=fix,
            )
