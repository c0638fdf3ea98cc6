"""`--format markdown`: a summary for $GITHUB_STEP_SUMMARY, a pull request comment or a merge request note.

Catalog score, the worst tools, findings grouped by rule (each rule's findings folded in <details>),
and, when providers were checked, which tools each provider would reject or change. The output stays
under GitHub's 65,536-character comment limit by listing fewer findings per rule when it must.
"""
from __future__ import annotations

import html
from collections import Counter, defaultdict

from ..score import grade
from . import subject
from .report import Report

COMMENT_LIMIT = 60_000  # below GitHub's 65,536 for issue and pull request comments, with room for a header
WORST_TOOLS = 10
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
SEVERITY_LABEL = {"error": "🔴 error", "warning": "🟡 warning", "info": "🔵 info"}
PROVIDER_CELLS = {"ok": "✅", "rejected": "❌ rejected", "changed": "⚠️ changed"}
_MD_SPECIALS = str.maketrans({c: "\\" + c for c in "\\`*_[]|~#"})


def esc(text) -> str:
    """Plain text safe in a paragraph or a table cell."""
    return html.escape(str(text), quote=False).translate(_MD_SPECIALS).replace("\r", " ").replace("\n", " ")


def code(text) -> str:
    """Inline code, safe in a table cell."""
    return "`" + str(text).replace("`", "'").replace("|", "\\|").replace("\n", " ") + "`"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _header(report: Report) -> list[str]:
    e, w, i = report.count("error"), report.count("warning"), report.count("info")
    lines = ["## schemalint", ""]
    parts = []
    if report.catalog_score is not None:
        parts.append(f"**Prompt score {report.catalog_score} ({grade(report.catalog_score)})** over "
                     f"{_plural(len(report.scores), 'tool')} in {_plural(report.files, 'file')}")
    else:
        parts.append(f"No tools found in {_plural(report.files, 'file')}")
    counts = f"{_plural(e, 'error')}, {_plural(w, 'warning')}, {_plural(i, 'info')}"
    parts.append(f"**{counts}**" if e else counts)
    fixable = sum(1 for f in report.findings if f.fixable)
    if fixable:
        parts.append(f"{fixable} fixable with `schemalint fix`")
    lines.append(" · ".join(parts))
    baseline = report.extra.get("baseline")
    if isinstance(baseline, dict):
        text = (f"Baseline {code(baseline.get('file'))}: {_plural(baseline.get('new', 0), 'new finding')}, "
                f"{baseline.get('known', 0)} known")
        if baseline.get("gone"):
            text += f", {baseline['gone']} gone (refresh it with `--write-baseline`)"
        lines += ["", f"> {text}."]
    diff = report.extra.get("diff_base")
    if isinstance(diff, dict):
        lines += ["", f"> Only tools new or changed since {code(diff.get('ref'))}: "
                      f"{diff.get('changed_tools', 0)} of {diff.get('tools', 0)}."]
    return lines


def _worst_tools(report: Report) -> list[str]:
    ranked = sorted((s for s in report.scores if s.losses), key=lambda s: (s.score, s.file, s.line))
    if not ranked:
        return []
    lines = ["", "### Worst tools", "", "| score | tool | file | findings | costliest |", "|---:|---|---|---:|---|"]
    for s in ranked[:WORST_TOOLS]:
        name = s.tool.name if isinstance(s.tool.name, str) else "(unnamed)"
        points, top = s.losses[0]
        lines.append(f"| {s.score} {s.grade} | {code(name)} | {code(f'{s.file}:{s.line}')} | {len(s.losses)} | "
                     f"{code(top.rule)} (-{points:g}) |")
    if len(ranked) > WORST_TOOLS:
        lines.append(f"\n{len(ranked) - WORST_TOOLS} more tools lost points.")
    return lines


def _by_rule(report: Report, per_rule: int) -> list[str]:
    if not report.findings:
        return ["", "No findings. ✅"]
    groups: dict[str, list] = defaultdict(list)
    for f in report.findings:
        groups[f.rule].append(f)
    order = sorted(groups, key=lambda r: (min(SEVERITY_ORDER.get(f.severity, 3) for f in groups[r]),
                                          -len(groups[r]), r))
    lines = ["", "### Findings by rule", "", "| rule | severity | findings | tools |", "|---|---|---:|---:|"]
    for rule in order:
        items = groups[rule]
        severities = Counter(f.severity for f in items)
        sev = ", ".join(SEVERITY_LABEL.get(s, s) for s in sorted(severities, key=lambda s: SEVERITY_ORDER.get(s, 3)))
        tools = len({(f.file, f.tool) for f in items})
        lines.append(f"| {code(rule)} | {sev} | {len(items)} | {tools} |")
    if per_rule <= 0:
        lines.append("\nThe findings are too many to list here; see the SARIF or JSON report.")
        return lines
    for rule in order:
        items = groups[rule]
        cls = report.rules.get(rule)
        summary = f": {esc(cls.summary)}" if cls is not None and getattr(cls, "summary", "") else ""
        lines += ["", f"<details><summary><code>{html.escape(rule)}</code> ({len(items)}){summary}</summary>", ""]
        for f in items[:per_rule]:
            name = subject(f)
            lead = f" **{esc(name)}**:" if name else ""
            lines.append(f"- {code(f'{f.file}:{f.line}:{f.column}')}{lead} {esc(f.message)}")
        if len(items) > per_rule:
            lines.append(f"- … and {len(items) - per_rule} more")
        hint = getattr(cls, "hint", "") if cls is not None else ""
        if hint:
            lines += ["", f"Fix: {esc(hint)}"]
        lines += ["", "</details>"]
    return lines


def _provider_matrix(matrix) -> list[str]:
    if not isinstance(matrix, dict) or not matrix.get("providers"):
        return []
    providers = [str(p) for p in matrix["providers"]]
    tools = [t for t in matrix.get("tools") or [] if isinstance(t, dict)]
    problems = [t for t in tools if any((t.get("results") or {}).get(p, "ok") != "ok" for p in providers)]
    lines = ["", "### Provider compatibility", ""]
    totals = []
    for p in providers:
        results = Counter((t.get("results") or {}).get(p, "ok") for t in tools)
        totals.append(f"{code(p)}: {results.get('rejected', 0)} rejected, {results.get('changed', 0)} changed")
    lines.append(f"{_plural(len(tools), 'tool')} checked; " + "; ".join(totals) + ".")
    if not problems:
        lines += ["", "Every provider accepts every tool unchanged. ✅"]
        return lines
    lines += ["", "| tool | file | " + " | ".join(code(p) for p in providers) + " |",
              "|---|---|" + "|".join(":-:" for _ in providers) + "|"]
    limit = 50
    for t in problems[:limit]:
        cells = [PROVIDER_CELLS.get(str((t.get("results") or {}).get(p)), "–") for p in providers]
        where = f"{t.get('file')}:{t.get('line')}" if t.get("line") else str(t.get("file") or "")
        lines.append(f"| {code(t.get('name') or '?')} | {code(where)} | " + " | ".join(cells) + " |")
    if len(problems) > limit:
        lines.append(f"\n{len(problems) - limit} more tools are rejected or changed by some provider.")
    lines.append(f"\n{len(tools) - len(problems)} other tools are accepted unchanged by every provider.")
    return lines


def render(report: Report) -> str:
    head = _header(report) + _worst_tools(report)
    matrix = _provider_matrix(report.extra.get("provider_matrix"))
    notes = []
    if report.notes:
        notes = ["", f"<details><summary>Notes ({len(report.notes)})</summary>", ""]
        notes += [f"- {esc(n)}" for n in report.notes[:20]]
        if len(report.notes) > 20:
            notes.append(f"- … and {len(report.notes) - 20} more")
        notes += ["", "</details>"]
    text = ""
    for per_rule in (50, 20, 5, 0):
        text = "\n".join(head + _by_rule(report, per_rule) + matrix + notes) + "\n"
        if len(text) <= COMMENT_LIMIT:
            break
    return text
