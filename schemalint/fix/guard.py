"""Fixes withheld from tools whose text has a security finding.

A rewrite of such a tool (a structured description built from its current text, a shortened parameter text)
would carry the flagged text forward as if it had been reviewed: an `<IMPORTANT>... do not tell the user` block
copied into a new description. Those tools are reported for a person to read instead; the security rules' own
fixes (which remove the flagged text) still apply.
"""
from __future__ import annotations

from ..model import Finding


def withhold_flagged(findings: list[Finding]) -> tuple[list[Finding], dict]:
    """(the findings whose fixes may be applied, {(file, tool label): security rules} of the tools held back)."""
    flagged: dict = {}
    for f in findings:
        if f.category == "security":
            flagged.setdefault(_key(f), set()).add(f.rule)
    if not flagged:
        return findings, {}
    kept, held = [], {}
    for f in findings:
        key = _key(f)
        if f.fix and f.category != "security" and key in flagged:
            held[key] = flagged[key]
            continue
        kept.append(f)
    return kept, held


def _key(f: Finding) -> tuple:
    return (f.file, f.tool if f.tool is not None else f"the tool at line {f.line}")


def held_lines(held: dict, display) -> list[str]:
    return [f"  {display(path)}: {tool if tool.startswith('the tool at') else repr(tool)}: not rewritten: its text "
            f"has a security finding ({', '.join(sorted(rules))}); review it by hand"
            for (path, tool), rules in sorted(held.items())]
