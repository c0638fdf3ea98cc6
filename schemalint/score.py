"""The prompt score: 0-100 per tool, every point lost traced to a finding.

A tool starts at 100 and each finding on it takes off its rule's penalty (by
default error 20, warning 8, info 2). Subscores apply the same sum within one
category. Removing a finding can only raise a score, never lower it.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .model import CATEGORIES, Finding, Tool

GRADES = ((90, "A"), (80, "B"), (70, "C"), (60, "D"))


def grade(score: float) -> str:
    for floor, letter in GRADES:
        if score >= floor:
            return letter
    return "F"


@dataclass
class ToolScore:
    tool: Tool
    file: str
    line: int
    score: int
    subscores: dict
    losses: list = field(default_factory=list)  # (points, finding), largest first

    @property
    def grade(self) -> str:
        return grade(self.score)


def tool_key(file: str, name) -> tuple:
    return (file, name if isinstance(name, str) else None)


def score_tools(tools: list[Tool], findings: list[Finding], display) -> list[ToolScore]:
    by_tool: dict[tuple, list[Finding]] = defaultdict(list)
    for f in findings:
        by_tool[(f.file, f.tool)].append(f)
    out = []
    for tool in tools:
        file = display(tool.file)
        mine = by_tool.get(tool_key(file, tool.name), [])
        # a name shared by several tools in one file splits nothing: each carries the findings
        lost = defaultdict(float)
        for f in mine:
            lost[f.category] += f.penalty
        total = sum(lost.values())
        subscores = {c: max(0, round(100 - lost.get(c, 0.0))) for c in CATEGORIES}
        line, _ = tool.document.locate(tool.pointer)
        losses = sorted(((f.penalty, f) for f in mine), key=lambda pf: (-pf[0], pf[1].rule))
        out.append(ToolScore(tool, file, line, max(0, round(100 - total)), subscores, losses))
    return out


def catalog_score(scores: list[ToolScore]) -> float | None:
    if not scores:
        return None
    return round(sum(s.score for s in scores) / len(scores), 1)
