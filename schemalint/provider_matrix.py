"""The provider compatibility matrix: per tool, whether each provider takes it as is.

`ok` means the provider accepts the definition unchanged; `rejected` that the request fails
(or, for MCP, that the definition breaks the specification clients are built on); `changed`
that it is accepted but silently rewritten (OpenAI's Responses API normalizing a schema into
strict mode, MCP reading draft-07 syntax as JSON Schema 2020-12). The verdicts come from the
same analysis the `provider` rules report (`schemalint/providers.py`); request-level
limits such as tool counts are findings, not per-tool verdicts.
"""
from __future__ import annotations

from .engine.run import display_path
from .providers import PROVIDERS, UnknownProvider, analyze, expand_providers, issues_by_rule

__all__ = ["PROVIDERS", "UnknownProvider", "build_matrix", "expand_providers", "verdicts"]

_RANK = {"ok": 0, "changed": 1, "rejected": 2}


def verdicts(tool, providers, memo: dict | None = None) -> dict[str, str]:
    """The worst outcome per provider; `memo` is the run's analysis per tool (the provider rules fill it), so a
    tool the rules analysed is not analysed again."""
    results = {p: "ok" for p in providers}
    issues = analyze(tool) if memo is None else [i for group in issues_by_rule(tool, memo).values() for i in group]
    for issue in issues:
        current = results.get(issue.provider)
        if current is not None and _RANK[issue.outcome] > _RANK[current]:
            results[issue.provider] = issue.outcome
    return results


def build_matrix(tools, providers, memo: dict | None = None) -> dict:
    rows = []
    for tool in tools:
        line = tool.document.line(tool.pointer)
        rows.append({
            "name": tool.name if isinstance(tool.name, str) else None,
            "file": display_path(tool.file),
            "line": line,
            "results": verdicts(tool, providers, memo),
        })
    return {"providers": list(providers), "tools": rows}
