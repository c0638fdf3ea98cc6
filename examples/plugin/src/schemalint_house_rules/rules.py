"""Two house rules. A plugin imports only `schemalint.api`."""
from __future__ import annotations

import re

from schemalint.api import Rule, at, bad


class MissingOwner(Rule):
    """Finds tools that do not name the team that owns them in `x-owner` (the key is an option).

    Why: when a tool misbehaves in production, the on-call engineer must know which team to page; a catalog of
    hundreds of tools from many teams loses that quickly. The key is a vendor extension, which providers ignore
    and the model never reads.

    Use instead: `"x-owner": "payments-team"` on the tool object.
    """

    id = "missing-owner"
    category = "versioning"
    severity = "warning"
    summary = "A tool does not name its owner team"
    hint = "Add the owning team's name under the owner key of the tool object, e.g. \"x-owner\": \"search-team\"."
    sources = ("House policy: every production tool has an owning team on call",)
    messages = {
        "missing": "Tool {tool!r} names no owner team in {key}",
        "empty": "Tool {tool!r} has an empty {key}",
    }
    options = {"key": "x-owner"}
    option_help = {"key": "the tool object's key that names the owner team"}
    valid = [{"name": "search", "description": "Search the wiki.", "x-owner": "knowledge-team",
              "inputSchema": {"type": "object", "properties": {}}}]
    invalid = [
        bad({"name": "search", "description": "Search the wiki.", "inputSchema": {"type": "object"}}, "missing"),
        bad({"name": "search", "description": "Search the wiki.", "x-owner": " ",
             "inputSchema": {"type": "object"}}, "empty"),
    ]

    def check_tool(self, tool, ctx):
        key = self.opts["key"]
        owner = tool.raw.get(key, (tool.annotations or {}).get(key))
        name = tool.name or "?"
        if owner is None:
            ctx.report(tool, "missing", {"tool": name, "key": key})
        elif not isinstance(owner, str) or not owner.strip():
            ctx.report(at(tool, field=key), "empty", {"tool": name, "key": key})


_SQL_NAME = re.compile(r"(^|_)(sql|raw_?query)($|_)", re.IGNORECASE)
_SQL_TEXT = re.compile(r"\b(SQL|SELECT \S+ FROM)\b")


class RawSqlParameter(Rule):
    """Finds string parameters that take raw SQL: a name such as `sql` or `raw_query`, or a description that
    asks for a SQL statement.

    Why: a model that writes SQL for a tool can be steered by text it reads (prompt injection) into a statement
    the application never meant to run; the tool should take the filters it needs as typed parameters and build
    the query itself.

    Use instead: typed parameters (`customer_id`, `status` with an `enum`, `created_after`).
    """

    id = "raw-sql-parameter"
    category = "security"
    severity = "warning"
    summary = "A parameter takes a raw SQL string"
    hint = "Take the query's filters as typed parameters and build the SQL in the tool's code."
    sources = ("OWASP Top 10 for LLM Applications 2025, LLM05 Improper Output Handling: model output passed to a "
               "SQL interpreter",)
    messages = {"raw-sql": "Parameter {param!r} takes a raw SQL string"}
    node_kinds = frozenset({"property"})
    valid = [{"name": "find_orders", "description": "Find orders of a customer.",
              "inputSchema": {"type": "object", "properties": {
                  "customer_id": {"type": "string", "description": "The customer's id."}}}}]
    invalid = [
        bad({"name": "run_query", "description": "Run a query.", "inputSchema": {"type": "object", "properties": {
            "sql": {"type": "string", "description": "The statement to run."}}}}, "raw-sql"),
        bad({"name": "report", "description": "Build a report.", "inputSchema": {"type": "object", "properties": {
            "q": {"type": "string", "description": "A SQL query over the orders table."}}}}, "raw-sql"),
    ]

    def check_node(self, node, ctx):
        if node.type != "string" or not node.name:
            return
        if _SQL_NAME.search(node.name) or _SQL_TEXT.search(node.description):
            ctx.report(node, "raw-sql", {"param": node.param or node.name})
