"""drift from a lockfile: `check --lock schemalint.lock` reports every tool whose definition changed since
`schemalint lock` pinned it. The comparison is `diff`'s (schemalint.compare), loaded only when a lock is given."""
from __future__ import annotations

from schemalint.engine.location import at
from schemalint.engine.rule import Rule, bad
from schemalint.model import Tool

INVARIANT = ("Invariant Labs, 'MCP Security Notification: Tool Poisoning Attacks' (2025): a server can change a "
             "tool's description or schema after the user approved it (a rug pull); pinning the whole definition "
             "and comparing it on every run is what catches that")

_PINNED = {"name": "search_users", "description": "Search the users of a tenant.",
           "inputSchema": {"type": "object", "properties": {"tenant_id": {"type": "string"}},
                           "required": ["tenant_id"]}}


def _lock_of(*definitions: dict) -> dict:
    from schemalint.diff.lock import LOCK_KEY, LOCK_VERSION, definition_hash

    return {LOCK_KEY: LOCK_VERSION, "tools": [{"name": d["name"], "file": "tools.json",
                                               "hash": definition_hash(d), "definition": d} for d in definitions]}


class ToolChangedSinceLock(Rule):
    """Finds tools whose definition (name, description, schemas, annotations) differs from the one pinned in
    the lockfile, and pinned tools that are gone.

    Why: a tool definition is part of the prompt. A generator upgrade, a dependency bump or a server that
    changes its tools after review changes what the model reads and sends without anyone seeing it; a lock
    turns every such change into a reviewed one. Each finding lists the changes by level, as `schemalint diff`
    classifies them.

    Example: `search_users` gained a required `region` parameter after `schemalint lock` pinned it.
    Use instead: review `schemalint diff schemalint.lock .`, then run `schemalint lock` and commit the lockfile.
    """

    id = "tool-changed-since-lock"
    category = "drift"
    severity = "error"
    summary = "A tool's definition differs from the one pinned in the lockfile"
    hint = "Review `schemalint diff LOCKFILE .`; if the change is intended, run `schemalint lock` and commit it."
    sources = (INVARIANT,)
    penalty = 0.0  # a changed definition is not a worse prompt: the score stays about what the model reads
    messages = {
        "changed": "tool '{name}' differs from its pinned definition: {changes}",
        "not-pinned": "tool '{name}' is not pinned in the lockfile",
        "gone": "tool '{name}' is pinned in the lockfile but no longer exists",
    }
    identity_keys = {"changed": ("name",)}  # the list of changes is detail: the finding is the tool
    example_settings = {"lock": _lock_of(_PINNED)}
    valid = [dict(_PINNED)]
    invalid = [
        bad({**_PINNED, "inputSchema": {"type": "object", "properties": {
            "tenant_id": {"type": "string"}, "region": {"type": "string"}}, "required": ["tenant_id", "region"]}},
            "changed"),
        bad([_PINNED, {"name": "list_roles", "description": "List the roles of a tenant.",
                       "inputSchema": {"type": "object"}}], "not-pinned"),
    ]

    def check_catalog(self, tools, ctx):
        lock = ctx.settings.get("lock")
        if not lock:
            return
        from schemalint.compare.tools import compare_catalogs

        locked = lock if isinstance(lock, list) else _read_example(lock)
        by_tool: dict[str, list] = {}
        for change in compare_catalogs(locked, list(tools)):
            by_tool.setdefault(change.tool, []).append(change)
        for name, changes in by_tool.items():
            first = changes[0]
            current = first.head
            if first.change.change == "tool-added":
                ctx.report(current, "not-pinned", {"name": name})
                continue
            if current is None:  # the pinned tool is gone: point at its entry in the lockfile
                ctx.report(first.base, "gone", {"name": name})
                continue
            ctx.report(at(current, pointer=first.head_pointer or current.pointer), "changed",
                       {"name": name, "changes": _summary(changes)})


def _read_example(lock: dict) -> list[Tool]:
    import orjson

    from schemalint.diff.lock import read_lock

    return read_lock("<lock>", orjson.dumps(lock))


def _summary(changes) -> str:
    from schemalint.compare.changes import LEVELS

    parts = []
    for level in LEVELS:
        mine = [c for c in changes if c.level == level]
        if mine:
            named = [c.change.change + (f" '{c.change.param}'" if c.change.param else "") for c in mine[:3]]
            more = f" and {len(mine) - 3} more" if len(mine) > 3 else ""
            parts.append(f"{len(mine)} {level} ({', '.join(named)}{more})")
    return "; ".join(parts)
